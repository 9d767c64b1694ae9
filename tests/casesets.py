"""Shared checks for a フォローアップ編 case set: complete (skeleton, grading cells, stripped outputs) and runnable
for any city by changing CITY_CODE only, or on practice data."""

from __future__ import annotations

from pathlib import Path

import nbformat

from curriculum.course.themes import get_theme

REPO = Path(__file__).resolve().parents[1]
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
        assert len(params) == 1 and "CITY_CODE = None" in params[0].source, path.name  # the city comes from the setting
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
    """Execute a notebook (for ``city_code`` when given, set as the course setting) and return its output text."""
    from nbclient import NotebookClient

    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    if city_code:  # the running-example city, as a cohort setting or an instructor's preview gives it
        monkeypatch.setenv("CURRICULUM_CITY_CODE", city_code)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
