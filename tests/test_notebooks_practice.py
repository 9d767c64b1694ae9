"""Every ベーシック編 notebook also runs top to bottom on the practice data (the path a trainee
takes when real data is missing); nbval runs them on the real data."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(REPO.glob("basic/*/*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_runs_on_practice_data(notebook, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()
    text = "\n".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", []))
    # the notebook says it runs on practice data, or (b09: e-Stat responses) that that part has none
    assert "練習用・架空データ" in text or "練習用データはありません" in text


def test_every_basic_notebook_is_covered():
    assert len(NOTEBOOKS) >= 14  # b00–b09 and the skills notebooks b10–b15
