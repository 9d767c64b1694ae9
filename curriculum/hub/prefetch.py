"""データの先取り（LGWAN 用）: read which catalogue files the cohort's notebooks use, and fetch them all.

City networks (LGWAN, 三層分離) often give the hub no internet. On a connected machine the instructor runs
``curriculum hub prefetch``, copies the folder to the hub's read-only data cache, and every trainee's
``CURRICULUM_DATA_DIR`` points at it. The notebooks are read, not run: each ``fetch_or_practice("id", …)`` /
``fetch("id", …)`` call with its keyword values, where a value may be a literal, a name assigned a literal in the
notebook (its parameters cell, for example) or the loop variable of a comprehension over such a list.
The running-example city is the cohort's (:mod:`curriculum.city`): the names the notebooks give it
(``TARGET``, ``CITY_CODE``, ``CITY``; ``PREF`` for its prefecture) stand for that city's code.
"""

from __future__ import annotations

import ast
import itertools
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.config import DATA_DIR_ENV
from curriculum.errors import CurriculumError

FETCH_CALLS = {"fetch", "fetch_or_practice"}
NOT_DATA = {"echo", "progress", "quiet"}  # keyword arguments that are not dataset parameters
CITY_NAMES = ("TARGET", "CITY_CODE", "CITY")  # how the notebooks name the cohort's city
PREF_NAMES = ("PREF", "PREF_CODE")


def city_values(city_code: str) -> dict:
    """The notebook names that stand for the cohort's city and its prefecture."""
    return {**{name: city_code for name in CITY_NAMES}, **{name: city_code[:2] for name in PREF_NAMES}}


@dataclass(frozen=True)
class Need:
    """One catalogue file a notebook needs: dataset id and parameters (as strings)."""

    dataset_id: str
    params: tuple[tuple[str, str], ...] = ()

    def label(self) -> str:
        return self.dataset_id + "".join(f" {k}={v}" for k, v in self.params)


@dataclass
class PrefetchReport:
    """先取りの結果: files fetched, and the ones that failed or could not be read from the notebooks."""

    fetched: list[tuple[Need, Path]] = field(default_factory=list)
    failed: list[tuple[Need, str]] = field(default_factory=list)
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (notebook, call text)

    def text(self) -> str:
        lines = [f"取得: {len(self.fetched)} ファイル"]
        lines += [f"  {n.label()} → {p.name}" for n, p in self.fetched]
        lines += [f"  失敗: {n.label()} — {why}" for n, why in self.failed]
        lines += [f"  読めなかった呼び出し（手で取得してください）: {nb}: {call}" for nb, call in self.unresolved]
        return "\n".join(lines)


def _literals(tree: ast.AST) -> dict:
    """Names assigned a literal anywhere in the notebook (``CITY = "15213"``, ``CODES = ["15213", …]``)."""
    values = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                pass
    return values


def _loop_values(tree: ast.AST, known: dict) -> dict:
    """Loop variables of comprehensions / for loops over known lists: ``name -> list of values``."""
    loops: dict[str, list] = {}
    for node in ast.walk(tree):
        generators = node.generators if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)) else []
        pairs = [(g.target, g.iter) for g in generators]
        if isinstance(node, ast.For):
            pairs.append((node.target, node.iter))
        for target, source in pairs:
            enumerated = isinstance(source, ast.Call) and getattr(source.func, "id", "") == "enumerate" and source.args
            inner = source.args[0] if enumerated else source
            if not isinstance(inner, ast.Name) or not isinstance(known.get(inner.id), (list, tuple)):
                continue
            items = list(known[inner.id])
            if enumerated and isinstance(target, ast.Tuple) and len(target.elts) == 2 and isinstance(target.elts[1], ast.Name):
                loops[target.elts[1].id] = items
            elif isinstance(target, ast.Name):
                loops[target.id] = items
    return loops


def notebook_needs(path: Path, *, city_code: str | None = None) -> tuple[list[Need], list[str]]:
    """ノートブックが使うデータ: the catalogue files one notebook fetches, and the calls that could not be read.

    >>> needs, _ = notebook_needs(Path("basic/b00_orientation/b00_orientation.ipynb"))
    >>> [n.label() for n in needs]
    ['ssdse-a-2026']
    """
    from nbformat import read

    nb = read(str(path), as_version=4)
    sources = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        # IPython magics and shell lines are not Python: blank them so the rest still parses
        sources.append("\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in cell.source.splitlines()))
    try:
        tree = ast.parse("\n".join(sources))
    except SyntaxError as err:
        raise CurriculumError(f"ノートブックのコードを読めません（{err.lineno} 行目）", "notebook code does not parse", path=path,
                              fix="ノートブックを開いて構文エラーを直してください") from err
    known = _literals(tree)
    if city_code is not None:
        known.update(city_values(city_code))
    loops = _loop_values(tree, known)
    needs, unresolved = [], []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in FETCH_CALLS or not node.args or not isinstance(node.args[0], ast.Constant):
            continue
        choices: dict[str, list] = {}
        for kw in node.keywords:
            if kw.arg is None or kw.arg in NOT_DATA:
                continue
            if isinstance(kw.value, ast.Constant):
                choices[kw.arg] = [kw.value.value]
            elif isinstance(kw.value, ast.Name) and kw.value.id in loops:
                choices[kw.arg] = loops[kw.value.id]
            elif isinstance(kw.value, ast.Name) and kw.value.id in known:
                choices[kw.arg] = [known[kw.value.id]]
            else:
                choices = None
                break
        if choices is None:
            unresolved.append(ast.unparse(node))
            continue
        keys = sorted(choices)
        for combo in itertools.product(*(choices[k] for k in keys)):
            needs.append(Need(node.args[0].value, tuple((k, str(v)) for k, v in zip(keys, combo))))
    return list(dict.fromkeys(needs)), unresolved


def _from_cache(need: Need) -> Path:
    """The file in the current cache, checked against the catalogue's sha256; never downloads."""
    from curriculum.data.catalogue import get_entry
    from curriculum.data.fetching import find_cached, verify_file
    from curriculum.errors import DataNotFoundError

    entry = get_entry(need.dataset_id)
    target = entry.resolve(**dict(need.params))
    path = find_cached(target)
    if path is None:
        raise DataNotFoundError(f"写し元のデータ置き場に {target.filename} がありません", f"{target.filename} is not in the cache",
                                fix="--from を外してダウンロードするか、写し元に取得してください")
    verify_file(path, entry)
    return path


def prefetch(notebooks: list[Path], out: Path, *, source: Path | None = None,
             city_code: str | None = None) -> PrefetchReport:
    """先取り: fetch every file the notebooks need into ``out`` (verified against the catalogue's sha256).

    Parameters
    ----------
    notebooks : list of Path
        Notebooks or folders of notebooks (searched recursively).
    out : Path
        The folder to fill; copy it to the hub's ``--data-dir``.
    source : Path, optional
        An existing data cache to copy from instead of downloading (the instructor's own cache); with it
        nothing is downloaded, and a missing file is reported as failed.
    city_code : str, optional
        The cohort's city (default: the setting of :func:`curriculum.city.city_code`).
    """
    from curriculum.data.fetching import fetch

    files = []
    for item in map(Path, notebooks):
        files += sorted(p for p in item.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts) if item.is_dir() else [item]
    if not files:
        raise CurriculumError("ノートブックが見つかりません", "no notebooks found", path=", ".join(map(str, notebooks)),
                              fix="--notebooks に講座の basic/ や follow_up/ のフォルダを指定してください")
    if city_code is None:
        from curriculum.city import city_code as setting

        city_code = setting()
    report, needs = PrefetchReport(), []
    for nb in files:
        found, unresolved = notebook_needs(nb, city_code=city_code)
        needs += found
        report.unresolved += [(str(nb), call) for call in unresolved]
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    before = os.environ.get(DATA_DIR_ENV)
    try:
        for need in dict.fromkeys(needs):
            os.environ[DATA_DIR_ENV] = str(source or out)
            try:
                path = fetch(need.dataset_id, quiet=True, progress=False, **dict(need.params)) if source is None \
                    else _from_cache(need)
            except CurriculumError as err:
                report.failed.append((need, err.ja.splitlines()[0]))
                continue
            if source is not None:
                dest = out / Path(path).resolve().relative_to(Path(source).resolve())
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)
                path = dest
            report.fetched.append((need, Path(path)))
    finally:
        if before is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = before
    (out / "prefetch.json").write_text(json.dumps([{"dataset_id": n.dataset_id, "params": dict(n.params), "file": p.name}
                                                   for n, p in report.fetched], ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    return report
