"""The 地場産業の活性化 case set: three nbgrader notebooks that run for another prefecture's city by changing
CITY_CODE only (関市 21205, 岐阜県 — a cutlery town like 燕市), and on practice data. nbval runs them on the real data."""

from __future__ import annotations

import pytest

from casesets import check_case_set, notebooks, run_notebook

NOTEBOOKS = notebooks("local_industry")


def test_case_set_is_complete():
    check_case_set("地場産業の活性化", "local_industry", ("経済センサス", "特化係数", "指数"))


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
