"""講師用メモ: a basic assignment's instructor_notes.md stays in the instructor's copy (source/) and never reaches
the trainees' release/."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from helpers import write_roster

from curriculum.course.build import build_course
from curriculum.course.cohort import create_cohort

REPO = Path(__file__).resolve().parents[2]


def test_instructor_notes_stay_out_of_the_release(tmp_path):
    name = "b14_regression"
    shutil.copytree(REPO / "basic" / name, tmp_path / "root" / "basic" / name)
    assert (tmp_path / "root" / "basic" / name / "instructor_notes.md").is_file()
    paths = create_cohort(tmp_path / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11),
                          roster=write_roster(tmp_path / "roster.csv"), source_root=tmp_path / "root")
    built = build_course(paths["course_dir"], source_root=tmp_path / "root", echo=lambda *a: None)
    assert [r.line() for r in built if not r.ok] == []
    course = paths["course_dir"]
    notes = (course / "source" / name / "instructor_notes.md").read_text(encoding="utf-8")
    assert "講師用メモ" in notes
    assert (course / "release" / name / f"{name}.ipynb").is_file()
    assert not list((course / "release").rglob("instructor_notes.md"))
