"""The grading contract for the 観光振興 and 地場産業の活性化 case sets: a cohort on the theme schedules them, `course build`
makes each student version and `course validate` proves it (the source passes all its tests, the student version none)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from curriculum.course.build import build_course, validate_course
from curriculum.course.cohort import create_cohort

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("theme, folder", [("観光振興", "tourism"), ("地場産業の活性化", "local_industry"),
                                           ("外国人材", "foreign_workers"), ("こどもの貧困", "child_poverty")])
def test_theme_keeps_the_grading_contract(theme, folder, real_data, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    root = tmp_path / "src"  # this theme's notebooks and one basic one (a cohort needs one); the rest has its own test
    shutil.copytree(REPO / "follow_up" / folder, root / "follow_up" / folder, ignore=shutil.ignore_patterns("output"))
    shutil.copytree(REPO / "basic" / "b00_orientation", root / "basic" / "b00_orientation")
    roster = tmp_path / "roster.csv"
    roster.write_text("職員番号,氏名,所属,メール\nT0001,練習 太郎,商工観光課,t0001@example.jp\n", encoding="utf-8-sig")
    paths = create_cohort(tmp_path / "course", year=2026, theme=theme, start=dt.date(2026, 5, 11), roster=roster,
                          source_root=root)
    plan = paths["plan_md"].read_text(encoding="utf-8")
    assert f"| フォローアップ編 | {folder} |" in plan and "まだありません" not in plan
    built = build_course(paths["course_dir"], source_root=root, echo=lambda *a: None)
    assert [r.line() for r in built if not r.ok] == []
    results = validate_course(paths["course_dir"], echo=lambda *a: None)
    assert [r.line() for r in results if not r.ok] == []
    notebooks = {p.stem for p in (REPO / "follow_up" / folder).glob("*.ipynb")}
    assert {(r.assignment_id, r.notebook) for r in results} == {(folder, stem) for stem in notebooks} | {
        ("b00_orientation", "b00_orientation")}
    assert {r.check for r in results} == {"解答版のテスト", "受講者版のテスト"}
