"""The follow-up notebooks: the course's city by default (燕市 on real layers: buses as 再構成データ, rail, hospitals
after the 2023 merger), another city by changing CITY_CODE only (三条市 15204), and forced practice data."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[3] / "follow_up" / "elderly_transit").glob("*.ipynb"))
DEFAULT = "CITY_CODE = None"


def _run(path: Path, tmp_path, monkeypatch, city_code: str | None = None) -> str:
    from nbclient import NotebookClient

    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("CURRICULUM_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    if city_code:
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        cell.source = cell.source.replace(DEFAULT, f'CITY_CODE = "{city_code}"')
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                   for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_notebooks_exist_with_parameters_cell_and_skeleton():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04"]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and DEFAULT in params[0].source, path.name  # the city comes from the setting
        setup = nb.cells[nb.cells.index(params[0]) + 1]
        assert "CITY_CODE = CITY_CODE or city_code()" in setup.source and setup.metadata["nbgrader"]["locked"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code"), \
            f"{path.name}: outputs not stripped"
        text = "\n".join(c.source for c in nb.cells)
        assert "この回のねらい" in text and "所要時間" in text and "データの出典" in text
        assert "公開されていない" not in text and "tempfile" not in text
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        autograded = [c for c in graded if c.cell_type == "code"]
        assert len(autograded) >= 3 and any(c.cell_type == "markdown" for c in graded), path.name
        for cell in autograded:  # a visible check that compares with a recomputed value, not a range
            visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
            assert "==" in visible or "abs(" in visible, (path.name, cell.metadata["nbgrader"]["grade_id"])
            assert not re.search(r"-?[01]\s*<=?\s*\w+\s*<=?\s*1\b", visible), (path.name, cell.metadata["nbgrader"]["grade_id"])
    assert (NOTEBOOKS[0].parent / "instructor_notes.md").is_file()


def test_written_questions_on_practice_layers_ask_for_design():
    whole = "\n".join(c.source for p in NOTEBOOKS for c in nbformat.read(p, as_version=4).cells)
    assert "結果そのものに意味がない" not in whole
    proposal = next(c for c in nbformat.read(NOTEBOOKS[2], as_version=4).cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") == "q6_proposal")
    assert proposal.cell_type == "markdown"
    question = nbformat.read(NOTEBOOKS[2], as_version=4).cells
    prompt = question[question.index(proposal) - 1].source
    assert "「使える」" in prompt and "結論ではなく" in prompt


def test_buffer_and_spatial_join_come_before_the_coverage_helper():
    cells = [c.source for c in nbformat.read(NOTEBOOKS[1], as_version=4).cells if c.cell_type == "code"]
    first_sjoin = next(i for i, s in enumerate(cells) if "gpd.sjoin(" in s and "### BEGIN SOLUTION" in s)
    first_helper = next(i for i, s in enumerate(cells) if "compute_coverage(" in s and "import" not in s.splitlines()[0])
    assert first_sjoin < first_helper


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_for_the_course_city_on_real_layers(path, real_data, tmp_path, monkeypatch):
    monkeypatch.delenv("CURRICULUM_CITY_CODE", raising=False)
    monkeypatch.delenv("CURRICULUM_FORCE_PRACTICE", raising=False)
    monkeypatch.chdir(tmp_path)
    text = _run(path, tmp_path, monkeypatch)
    assert "公開されていない" not in text
    if path.stem.startswith("04"):
        assert "燕市の 65 歳以上" in text and "練習用・架空" in text
        return
    assert "燕市（15213）" in text
    assert "再構成データ" in text and "実データ" in text
    assert "オフラインのため" in text  # the census mesh offline, said as such
    assert "2023-03 まで反映" in text
    assert list((tmp_path / "out").iterdir()), "nothing written to the output folder"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_for_sanjo(path, real_data, tmp_path, monkeypatch):
    monkeypatch.delenv("CURRICULUM_FORCE_PRACTICE", raising=False)
    text = _run(path, tmp_path, monkeypatch, city_code="15204")
    assert "三条市" in text and "練習用・架空" in text
    if not path.stem.startswith("04"):
        assert "三条市（15204）" in text
        assert "再構成データ" not in text  # 三条市 has no catalogued feed: its buses are practice data


def test_the_course_setting_chooses_the_city(real_data, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_CITY_CODE", "15204")
    text = _run(NOTEBOOKS[0], tmp_path, monkeypatch)
    assert "三条市（15204）" in text


def test_runs_on_forced_practice_data(real_data, tmp_path, monkeypatch):
    """CURRICULUM_FORCE_PRACTICE=1: every layer that practice data can stand in for uses it, said as asked for."""
    monkeypatch.delenv("CURRICULUM_CITY_CODE", raising=False)
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    path = next(p for p in NOTEBOOKS if p.stem.startswith("02"))
    text = _run(path, tmp_path, monkeypatch)
    assert "燕市（15213）" in text and "練習用・架空" in text
    assert "オフラインのため" not in text  # asked for, not a fallback
    assert (tmp_path / "practice" / "15213" / "census_mesh").is_dir()  # a sub-folder per city, not the temp folder
