"""The 外国人材 case set: three nbgrader notebooks that run for another prefecture's city by changing CITY_CODE only
(関市 21205, 岐阜県 — a manufacturing town with many 技能実習生), and on practice data; cohort create on the theme
schedules them and course build + validate keep the grading contract. nbval runs them on the real data."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from casesets import REPO, check_case_set, notebooks, run_notebook

NOTEBOOKS = notebooks("foreign_workers")


def test_case_set_is_complete():
    check_case_set("外国人材", "foreign_workers", ("在留資格", "技能実習", "特化係数", "寄与率", "交絡", "住んでいる場所"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_for_seki_in_gifu(path, real_data, tmp_path, monkeypatch):
    text = run_notebook(path, tmp_path, monkeypatch, city_code="21205")
    assert "分析の対象: 関市（21205）、岐阜県" in text
    assert "燕市" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_practice_data(path, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    text = run_notebook(path, tmp_path, monkeypatch)
    assert "分析の対象: 練習市（99201）、練習県" in text
    assert "練習用・架空" in text


def test_cohort_on_the_theme_gets_graded_assignments(real_data, tmp_path, monkeypatch):
    from curriculum.course.build import build_course, validate_course
    from curriculum.course.cohort import create_cohort

    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    root = tmp_path / "src"
    shutil.copytree(REPO / "follow_up" / "foreign_workers", root / "follow_up" / "foreign_workers",
                    ignore=shutil.ignore_patterns("output"))
    shutil.copytree(REPO / "basic" / "b00_orientation", root / "basic" / "b00_orientation")
    roster = tmp_path / "roster.csv"
    roster.write_text("職員番号,氏名,所属,メール\nT0001,練習 太郎,市民協働課,t0001@example.jp\n", encoding="utf-8-sig")
    paths = create_cohort(tmp_path / "course", year=2026, theme="外国人材", start=dt.date(2026, 5, 11), roster=roster,
                          source_root=root)
    plan = paths["plan_md"].read_text(encoding="utf-8")
    assert "| フォローアップ編 | foreign_workers |" in plan and "まだありません" not in plan
    built = build_course(paths["course_dir"], source_root=root, echo=lambda *a: None)
    assert [r.line() for r in built if not r.ok] == []
    results = validate_course(paths["course_dir"], echo=lambda *a: None)
    assert [r.line() for r in results if not r.ok] == []
    assert {(r.assignment_id, r.notebook) for r in results} >= {("foreign_workers", p.stem) for p in NOTEBOOKS}
