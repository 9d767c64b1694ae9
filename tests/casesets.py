"""Shared checks for a フォローアップ編 case set: complete (skeleton, grading cells, stripped outputs) and runnable
for any city by changing CITY_CODE only, or on practice data."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from curriculum.course.themes import get_theme

REPO = Path(__file__).resolve().parents[1]
# The parameters cell: the setting (None, the contract of curriculum.city) or, in older sets, 燕市's code.
_PARAMETER = re.compile(r'^CITY_CODE = (None|"15213")', re.MULTILINE)
METHOD = ("問い", "課題定義", "比較", "分解", "仮説", "提言", "効果・指標")


def notebooks(theme_id: str) -> list[Path]:
    return sorted((REPO / "follow_up" / theme_id).glob("*.ipynb"))


def check_case_set(theme_name: str, theme_id: str, words: tuple[str, ...]) -> None:
    """Three or more notebooks with one parameters cell, hidden tests, written answers, 出典 and the whole method."""
    paths = notebooks(theme_id)
    assert get_theme(theme_name).assignment_id == theme_id
    assert len(paths) >= 3
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and _PARAMETER.search(params[0].source), path.name
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code"), \
            f"{path.name}: outputs not stripped"
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        autograded = [c for c in graded if c.cell_type == "code"]
        manual = [c for c in graded if c.cell_type == "markdown"]
        assert len(autograded) >= 3 and len(manual) >= 1, path.name
        assert all("### BEGIN HIDDEN TESTS" in c.source for c in autograded), path.name
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "データの出典" in text and "練習用・架空" in text
    whole = "\n".join(c.source for p in paths for c in nbformat.read(p, as_version=4).cells)
    for word in (*METHOD, *words):
        assert word in whole, word


def run_notebook(path: Path, tmp_path, monkeypatch, city_code: str | None = None) -> str:
    """Execute a notebook (CITY_CODE replaced when given) and return the text of all its outputs."""
    from nbclient import NotebookClient

    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    if city_code:
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        cell.source = _PARAMETER.sub(f'CITY_CODE = "{city_code}"', cell.source, count=1)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
