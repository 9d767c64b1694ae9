"""The こどもの貧困 case set: three nbgrader notebooks that run for another prefecture's city by changing CITY_CODE only
(関市 21205, 岐阜県), and on practice data; cohort create on the theme schedules them and course build + validate keep
the grading contract. nbval runs them on the real data."""

from __future__ import annotations


import pytest

from casesets import check_case_set, notebooks, run_notebook

NOTEBOOKS = notebooks("child_poverty")


def test_case_set_is_complete():
    check_case_set("こどもの貧困", "child_poverty", ("分母", "代理指標", "ウィルソン", "秘匿", "就学援助", "母子世帯"))


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


def test_city_held_data_never_shows_a_small_count(tmp_path, monkeypatch):
    """The published table the lesson writes has no figure of 1–9 persons (it goes to output/, not the system temp)."""
    import pandas as pd

    path = next(p for p in NOTEBOOKS if p.stem.startswith("03"))
    run_notebook(path, tmp_path, monkeypatch)
    written = sorted((path.parent / "output").glob("school_aid_published_*.csv"))
    assert written
    table = pd.read_csv(written[-1], index_col=0, encoding="utf-8-sig")
    counts = table[["要保護", "準要保護", "計"]].apply(pd.to_numeric, errors="coerce")
    assert not ((counts > 0) & (counts < 10)).any().any()
    assert (table[["要保護", "準要保護", "計"]] == "秘匿").any().any()
