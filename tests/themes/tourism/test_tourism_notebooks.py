"""The 観光振興 case set: three nbgrader notebooks that run for another prefecture's city by changing
CITY_CODE only (別府市 44202, 大分県 — a hot-spring city), and on practice data. nbval runs them on the real data."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from curriculum.course.themes import get_theme

FOLDER = Path(__file__).resolve().parents[3] / "follow_up" / "tourism"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))


def _grading_cells(nb):
    cells = [c for c in nb.cells if "nbgrader" in c.metadata]
    autograded = [c for c in cells if c.metadata["nbgrader"].get("grade") and c.cell_type == "code"]
    manual = [c for c in cells if c.metadata["nbgrader"].get("grade") and c.cell_type == "markdown"]
    return autograded, manual


def test_case_set_is_complete():
    assert get_theme("観光振興").assignment_id == FOLDER.name
    assert len(NOTEBOOKS) >= 3
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and 'CITY_CODE = "15213"' in params[0].source, path.name
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code"), \
            f"{path.name}: outputs not stripped"
        autograded, manual = _grading_cells(nb)
        assert len(autograded) >= 3 and len(manual) >= 1, path.name
        assert all("### BEGIN HIDDEN TESTS" in c.source for c in autograded), path.name
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "データの出典" in text and "練習用・架空" in text
    sets = "\n".join(c.source for p in NOTEBOOKS for c in nbformat.read(p, as_version=4).cells)
    for step in ("問い", "課題定義", "比較", "分解", "仮説", "提言", "効果・指標"):
        assert step in sets, step
    assert "観光入込客" in sets and "季節指数" in sets and "特化係数" in sets


def _run(path, tmp_path, monkeypatch, city_code=None):
    from nbclient import NotebookClient

    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    if city_code:
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        cell.source = cell.source.replace('CITY_CODE = "15213"', f'CITY_CODE = "{city_code}"')
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_for_beppu_in_oita(path, real_data, tmp_path, monkeypatch):
    text = _run(path, tmp_path, monkeypatch, city_code="44202")
    assert "分析の対象: 別府市（44202）、大分県" in text
    assert "燕市" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_practice_data(path, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    text = _run(path, tmp_path, monkeypatch)
    assert "分析の対象: 練習市（99201）、練習県" in text
    assert "練習用・架空" in text
