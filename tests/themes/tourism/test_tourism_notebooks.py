"""The 観光振興 case set: three nbgrader notebooks that run for another prefecture's city by changing
CITY_CODE only (別府市 44202, 大分県 — a hot-spring city), and on practice data. nbval runs them on the real data."""

from __future__ import annotations

import pytest

from casesets import check_case_set, notebooks, run_notebook

NOTEBOOKS = notebooks("tourism")


def test_case_set_is_complete():
    check_case_set("観光振興", "tourism", ("観光入込客", "季節指数", "特化係数"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_for_beppu_in_oita(path, real_data, tmp_path, monkeypatch):
    text = run_notebook(path, tmp_path, monkeypatch, city_code="44202")
    assert "分析の対象: 別府市（44202）、大分県" in text
    assert "燕市" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_practice_data(path, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    text = run_notebook(path, tmp_path, monkeypatch)
    assert "分析の対象: 練習市（99201）、練習県" in text
    assert "練習用・架空" in text
