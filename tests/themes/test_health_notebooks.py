"""The 市民の健康促進 case set: three nbgrader notebooks that run for 燕市 (the course setting), for another
prefecture's city (松本市 20202, 長野県) from the setting or by changing CITY_CODE only, and on practice data. nbval runs them too."""

from __future__ import annotations

import pytest

from casesets import check_case_set, notebooks, run_notebook

NOTEBOOKS = notebooks("health_promotion")


def test_case_set_is_complete():
    check_case_set("市民の健康促進", "health_promotion", ("粗死亡率", "残差", "年齢調整", "受診率", "平成27年モデル人口"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_for_tsubame_from_the_setting(path, real_data, tmp_path, monkeypatch):
    monkeypatch.delenv("CURRICULUM_CITY_CODE", raising=False)
    text = run_notebook(path, tmp_path, monkeypatch)
    assert "分析の対象: 燕市（15213）、新潟県" in text


def test_parameter_cell_overrides_the_setting(real_data, tmp_path, monkeypatch):
    """Changing only CITY_CODE in the parameters cell runs the set for that city, whatever the course setting says."""
    import nbformat

    monkeypatch.setenv("CURRICULUM_CITY_CODE", "15213")
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert "CITY_CODE = None" in cell.source
    cell.source = cell.source.replace("CITY_CODE = None", 'CITY_CODE = "20202"', 1)
    copy = tmp_path / "notebook" / NOTEBOOKS[0].name
    copy.parent.mkdir()
    nbformat.write(nb, copy)
    text = run_notebook(copy, tmp_path, monkeypatch)
    assert "分析の対象: 松本市（20202）、長野県" in text and "燕市" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_for_matsumoto_in_nagano(path, real_data, tmp_path, monkeypatch):
    text = run_notebook(path, tmp_path, monkeypatch, city_code="20202")
    assert "分析の対象: 松本市（20202）、長野県" in text
    assert "燕市" not in text and "新潟県" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_practice_data(path, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    text = run_notebook(path, tmp_path, monkeypatch)
    assert "分析の対象: 練習市（99201）、練習県" in text
    assert "練習用・架空" in text


def test_keeps_the_grading_contract(real_data, tmp_path, monkeypatch):
    """cohort create schedules the set; course build makes the student versions and course validate proves them."""
    from test_theme_grading import test_theme_keeps_the_grading_contract as grading_contract

    grading_contract("市民の健康促進", "health_promotion", real_data, tmp_path, monkeypatch)
