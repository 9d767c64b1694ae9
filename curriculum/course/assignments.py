"""課題の一覧: find the nbgrader source assignments in ``basic/`` (ベーシック編) and ``follow_up/`` (フォローアップ編).

One folder per assignment, ASCII ids (``b01_question``, ``elderly_transit``), Japanese titles inside.
Whatever folders exist are used; nothing is hard-coded, so notebooks can be added at any time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from curriculum.config import course_sources_dir
from curriculum.errors import CurriculumError

PARTS = {"basic": "ベーシック編", "follow_up": "フォローアップ編"}
_ID = re.compile(r"^[A-Za-z0-9_\-]+$")


@dataclass(frozen=True)
class AssignmentSource:
    """ソース課題: one assignment folder with its notebooks."""

    assignment_id: str
    part: str  # "basic" or "follow_up"
    path: Path
    notebooks: tuple[str, ...]  # notebook ids (file names without .ipynb)
    title: str

    @property
    def part_ja(self) -> str:
        return PARTS[self.part]


def notebook_title(path: Path) -> str:
    """ノートブックの題名: the first Markdown heading of a notebook, else its file name.

    >>> import tempfile, nbformat
    >>> from nbformat.v4 import new_notebook, new_markdown_cell
    >>> p = Path(tempfile.mkdtemp()) / "x.ipynb"
    >>> nbformat.write(new_notebook(cells=[new_markdown_cell("# 第1回 問いを立てる\\n本文")]), p)
    >>> notebook_title(p)
    '第1回 問いを立てる'
    """
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise CurriculumError("ノートブックを読めません（JSON が壊れています）", f"cannot read notebook: {err}",
                              path=path, fix="Jupyter で開いて保存し直してください") from err
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text = "".join(cell.get("source", ""))
            for line in text.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return Path(path).stem


def discover_assignments(root: Path) -> list[AssignmentSource]:
    """課題を探す: every assignment under ``root/basic`` and ``root/follow_up``, basic first, by id.

    Folders without notebooks (e.g. only a README) are skipped; an id that nbgrader cannot use
    (non-ASCII, spaces) is an error naming the folder.
    """
    found = []
    for part in PARTS:
        base = Path(root) / part
        if not base.is_dir():
            continue
        for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            notebooks = tuple(sorted(nb.stem for nb in folder.glob("*.ipynb") if not nb.name.startswith(".")))
            if not notebooks:
                continue
            if not _ID.match(folder.name):
                raise CurriculumError(
                    "課題フォルダの名前に使えない文字があります（半角英数字・_・- だけにしてください）",
                    "assignment folder names must be ASCII letters, digits, _ or -",
                    path=folder, fix="フォルダ名を例えば b01_question のように変えてください（題名はノートブックの中に日本語で書きます）")
            found.append(AssignmentSource(folder.name, part, folder, notebooks, notebook_title(folder / f"{notebooks[0]}.ipynb")))
    ids = [a.assignment_id for a in found]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CurriculumError(f"同じ課題 ID が basic/ と follow_up/ の両方にあります: {', '.join(dupes)}",
                              f"duplicate assignment ids: {dupes}", path=root, fix="どちらかのフォルダ名を変えてください")
    return found


def source_root_default() -> Path:
    """教材の場所の既定値: the folder that holds the shipped ``basic/`` and ``follow_up/`` (checkout or installed wheel)."""
    return course_sources_dir()
