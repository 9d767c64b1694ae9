"""Fixtures for the course tests: ``graded_course``, a cohort graded by real nbgrader (see coursefixture.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from coursefixture import AID, FU, answer_variants, due_of, release_of, write_submission
from helpers import FIXTURES, write_roster


@pytest.fixture(scope="session")
def graded_course(tmp_path_factory) -> Path:
    from curriculum.course.autograde import autograde_cohort
    from curriculum.course.build import build_course
    from curriculum.course.cohort import create_cohort

    tmp = tmp_path_factory.mktemp("graded_course")
    paths = create_cohort(tmp / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11),
                          roster=write_roster(tmp / "roster.csv"), source_root=FIXTURES)
    course = paths["course_dir"]
    build_course(course, source_root=FIXTURES, echo=lambda *a: None)
    t01_nbs, fu_nbs = answer_variants(release_of(course, AID), release_of(course, FU))
    on_time = due_of(course, AID) - dt.timedelta(days=1)
    for sid, nb in t01_nbs.items():  # t0005 two days late
        write_submission(course, sid, AID, nb, on_time + (dt.timedelta(days=3) if sid == "t0005" else dt.timedelta(0)))
    for sid, nb in fu_nbs.items():
        write_submission(course, sid, FU, nb, due_of(course, FU) - dt.timedelta(days=1))
    for assignment in (AID, FU):
        outcomes = autograde_cohort(course, assignment, workers=2, progress=False)
        assert all(o.ok for o in outcomes), [o.problem for o in outcomes]
    return course
