"""The grading contract over every real notebook: `course build` makes each student version and
`course validate` proves it (the source passes all its tests, the student version passes none)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import write_roster

from curriculum.course.build import build_course, validate_course
from curriculum.course.cohort import create_cohort

REPO = Path(__file__).resolve().parents[2]


def test_every_notebook_keeps_the_grading_contract(real_data, tmp_path):
    # the cohort's theme is 高齢者の公共交通: its course holds the basic notebooks and that theme's follow-up only
    # (the other themes' case sets keep the contract in tests/themes/test_theme_grading.py)
    notebooks = sorted(p.relative_to(REPO) for p in [*REPO.glob("basic/*/*.ipynb"), *REPO.glob("follow_up/elderly_transit/*.ipynb")])
    assert len(notebooks) >= 13
    paths = create_cohort(tmp_path / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11),
                          roster=write_roster(tmp_path / "roster.csv"), source_root=REPO)
    built = build_course(paths["course_dir"], source_root=REPO, echo=lambda *a: None)
    assert [r.line() for r in built if not r.ok] == []
    results = validate_course(paths["course_dir"], echo=lambda *a: None)
    assert [r.line() for r in results if not r.ok] == []
    checked = {(r.assignment_id, r.notebook) for r in results}
    assert checked == {(nb.parent.name, nb.stem) for nb in notebooks}
    assert {r.check for r in results} == {"解答版のテスト", "受講者版のテスト"}
