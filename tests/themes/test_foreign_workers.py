"""The 外国人材 case set: three nbgrader notebooks that run for another prefecture's city by changing CITY_CODE only
(関市 21205, 岐阜県 — a manufacturing town with many 技能実習生), and on practice data; cohort create on the theme
schedules them and course build + validate keep the grading contract. nbval runs them on the real data."""

from __future__ import annotations


import pytest

from casesets import check_case_set, notebooks, run_notebook

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
