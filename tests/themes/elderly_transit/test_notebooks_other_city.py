"""The follow-up notebooks run for another city by changing CITY_CODE only (三条市 15204)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[3] / "follow_up" / "elderly_transit").glob("*.ipynb"))


def test_notebooks_exist_with_parameters_cell():
    assert len(NOTEBOOKS) == 3
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and 'CITY_CODE = "15213"' in params[0].source, path.name
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{path.name}: outputs not stripped"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_for_sanjo(path, real_data, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("CURRICULUM_OUTPUT_DIR", str(tmp_path / "out"))
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = cell.source.replace('CITY_CODE = "15213"', 'CITY_CODE = "15204"')
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "三条市（15204）" in text
    assert "練習用・架空" in text


def test_runs_on_forced_practice_data(real_data, tmp_path, monkeypatch):
    """CURRICULUM_FORCE_PRACTICE=1: every layer that practice data can stand in for uses it, said as asked for."""
    from nbclient import NotebookClient

    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("CURRICULUM_OUTPUT_DIR", str(tmp_path / "out"))
    path = next(p for p in NOTEBOOKS if p.stem.startswith("02"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "燕市（15213）" in text and "練習用・架空" in text
    assert "オフラインのため" not in text  # asked for, not a fallback
    assert (tmp_path / "practice" / "15213" / "census_mesh").is_dir()  # a sub-folder per city, not the temp folder
