"""別データ採点: hard-coded answers don't pass (issue 18).

After nbgrader has graded a submission, autograde runs it a second time with another city's data
(``CURRICULUM_CITY_CODE`` set to :func:`variant_city`). A question whose visible self-check passed with the
trainee's city but fails with the other city's data — the answer did not follow the data — scores zero, with
:data:`COMMENT` for the trainee.

Only questions where this is a fair test are checked. Once per assignment and city, the instructor's
source notebook is run with both cities (:func:`reference`): a question is checked when the model answer
*changes* with the city (the values its answer cell assigns differ) and the model answer passes the
self-check with both. So ``n_municipalities = 1741`` (the same for every city) is never penalised, and a
self-check that only works for one city never costs an honest trainee a point. Hidden tests are left out of
the second run (they may name the course city's own figures); the visible self-checks recompute their
expected value from the data.

The variant city is picked from data: the municipality of the same prefecture whose 総人口 (SSDSE-A) is
closest to the trainee's city but different; when the real SSDSE-A file is not there (practice data), no
variant run happens. The setting is ``variant_grading`` in ``course.json``: ``true`` / ``false`` for every
assignment, or ``{"basic": true, "follow_up": false}`` per part; absent, it is on for the basic course.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.config import CITY_CODE_ENV

COMMENT = "別の市のデータでも同じ値になりました。数値を直接書かずに、データから計算してください。"
SETTING = "variant_grading"
_CAPTURE = "# curriculum: 別データ採点の記録"
_MARK = "CURRICULUM-VARIANT "


def enabled(meta: dict, assignment_id: str) -> bool:
    """The course setting for one assignment (on by default for the basic course).

    >>> enabled({"assignments": [{"id": "b00", "part": "basic"}]}, "b00")
    True
    >>> enabled({"variant_grading": {"basic": False}, "assignments": [{"id": "b00", "part": "basic"}]}, "b00")
    False
    >>> enabled({"assignments": [{"id": "tourism", "part": "follow_up"}]}, "tourism")
    False
    """
    part = next((a.get("part") for a in meta.get("assignments", []) if a.get("id") == assignment_id), None)
    setting = meta.get(SETTING)
    if isinstance(setting, bool):
        return setting
    if isinstance(setting, dict) and part in setting:
        return bool(setting[part])
    return part == "basic"


def variant_city(code: str) -> str | None:
    """別の市: the municipality of the same prefecture (else of the country) whose 総人口 is closest to ``code``'s
    and differs from it; None when the real SSDSE-A is not available or ``code`` is not in it."""
    from curriculum.data.ssdse import read_ssdse
    from curriculum.errors import DataNotFoundError
    from curriculum.layers.policy import real_path

    try:
        frame = read_ssdse(real_path("ssdse-a-2026", data_source="cache"))
    except DataNotFoundError:
        return None
    if code not in frame.index:
        return None
    population = frame["A1101"].astype(float)
    others = population[(population.index != code) & (population != population[code])]
    same_pref = others[others.index.str[:2] == code[:2]]
    pool = same_pref if len(same_pref) else others
    distance = (pool - population[code]).abs()
    return str(min(distance.index, key=lambda c: (distance[c], c)))


def _cells(nb: dict):
    for cell in nb.get("cells", []):
        yield cell, cell.get("metadata", {}).get("nbgrader", {})


def _source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def answer_tests(nb: dict) -> dict[str, str]:
    """Each autograded code answer cell → the graded self-check cell that follows it."""
    following, last = {}, None
    for cell, meta in _cells(nb):
        if cell.get("cell_type") != "code":
            continue
        if meta.get("solution") and not meta.get("grade"):
            last = meta.get("grade_id")
        elif meta.get("grade") and not meta.get("solution") and last:
            following[last] = meta.get("grade_id")
            last = None
    return following


def assigned_names(source: str) -> list[str]:
    """Top-level names a cell assigns (what a question's answer is).

    >>> assigned_names("x = 1\\ny, z = 2, 3\\nrate += 1\\nprint(x)")
    ['x', 'y', 'z', 'rate']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in tree.body:
        targets = (node.targets if isinstance(node, ast.Assign) else
                   [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name) and sub.id not in names:
                    names.append(sub.id)
    return names


def strip_hidden(nb: dict) -> dict:
    """A copy without outputs and without hidden tests (the self-checks a trainee sees)."""
    from curriculum.course.feedback import split_hidden

    copy = json.loads(json.dumps(nb))
    for cell, meta in _cells(copy):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
            if meta.get("grade"):
                cell["source"] = split_hidden(_source(cell))[0]
    return copy


_FINGERPRINT = '''def _curriculum_fingerprint(names):
    import hashlib, json
    found = {}
    for name in names:
        value = globals().get(name, "<undefined>")
        try:
            import pandas
            if isinstance(value, (pandas.DataFrame, pandas.Series, pandas.Index)):
                text = value.to_json(date_format="iso", default_handler=str)
            else:
                text = repr(value)
        except Exception as err:
            text = "<" + type(err).__name__ + ">"
        found[name] = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
    return found'''


def with_capture(nb: dict) -> dict:
    """The source notebook with a cell after each answer cell printing a fingerprint of what it assigned."""
    copy = strip_hidden(nb)
    cells = [{"cell_type": "code", "id": "curriculum-variant", "metadata": {}, "outputs": [], "execution_count": None,
              "source": _FINGERPRINT + f"\n{_CAPTURE}"}]
    for cell, meta in _cells(copy):
        cells.append(cell)
        if cell.get("cell_type") == "code" and meta.get("solution") and not meta.get("grade"):
            names = assigned_names(_source(cell))
            cells.append({"cell_type": "code", "id": f"curriculum-variant-{len(cells)}", "metadata": {}, "outputs": [],
                          "execution_count": None,
                          "source": f"{_CAPTURE}\nimport json as _j\nprint({_MARK!r} + _j.dumps("
                                    f"[{meta['grade_id']!r}, _curriculum_fingerprint({names!r})]))"})
    copy["cells"] = cells
    return copy


def run_notebook(nb: dict, folder: Path, city: str, *, kernel_name: str, sockets: Path, timeout: int) -> dict:
    """Execute ``nb`` in ``folder`` with ``city`` as the running city (errors recorded, not raised)."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbformat import reads

    saved = os.environ.get(CITY_CODE_ENV)
    os.environ[CITY_CODE_ENV] = city
    try:
        notebook = reads(json.dumps(nb), as_version=4)  # sources as strings, as nbclient expects
        km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=str(sockets / "variant"))
        client = NotebookClient(notebook, km=km, timeout=timeout, allow_errors=True, kernel_name=kernel_name,
                                resources={"metadata": {"path": str(folder)}})
        try:
            client.execute(cwd=str(folder))
        except Exception:  # noqa: BLE001 - a dead kernel leaves the remaining cells unexecuted: judged below
            pass
        finally:
            if km.has_kernel:  # nbclient leaves a kernel it was given running
                km.shutdown_kernel(now=True)
        return json.loads(json.dumps(notebook))
    finally:
        if saved is None:
            os.environ.pop(CITY_CODE_ENV, None)
        else:
            os.environ[CITY_CODE_ENV] = saved


def failed_checks(nb: dict) -> dict[str, bool]:
    """{grade id: raised} for every graded self-check cell that ran."""
    return {meta["grade_id"]: any(o.get("output_type") == "error" for o in cell.get("outputs", []))
            for cell, meta in _cells(nb)
            if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution")
            and cell.get("execution_count") is not None}


def _fingerprints(nb: dict) -> dict[str, dict]:
    found = {}
    for cell in nb.get("cells", []):
        if _CAPTURE not in _source(cell):
            continue
        for output in cell.get("outputs", []):
            text = output.get("text", "")
            for line in ("".join(text) if isinstance(text, list) else text).splitlines():
                if line.startswith(_MARK):
                    gid, prints = json.loads(line[len(_MARK):])
                    found[gid] = prints
    return found


@dataclass
class Reference:
    """What the model answers do with the trainee's city and with the variant city, for one notebook."""

    city: str
    variant: str
    checked: dict[str, str] = field(default_factory=dict)  # self-check grade id -> its answer cell's grade id


def reference(source_nb: Path, files: Path, city: str, variant: str, *, kernel_name: str, sockets: Path,
              timeout: int) -> Reference:
    """Run the instructor's notebook with both cities: which self-checks are a fair test of hard-coding."""
    nb = json.loads(Path(source_nb).read_text(encoding="utf-8"))
    pairs = answer_tests(nb)
    result = Reference(city, variant)
    if not pairs or "curriculum" not in "".join(_source(c) for c, _ in _cells(nb)):
        return result  # the city reaches a notebook only through the course package
    runs = {}
    for which, code in (("own", city), ("variant", variant)):
        work = Path(tempfile.mkdtemp(prefix="variant-ref-", dir=sockets))
        work.chmod(0o711)
        shutil.copytree(files, work / "nb", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.ipynb"))
        runs[which] = run_notebook(with_capture(nb), work / "nb", code, kernel_name=kernel_name,
                                   sockets=sockets, timeout=timeout)
    prints = {k: _fingerprints(v) for k, v in runs.items()}
    failed = {k: failed_checks(v) for k, v in runs.items()}
    for answer_id, test_id in pairs.items():
        own, other = prints["own"].get(answer_id), prints["variant"].get(answer_id)
        if (own is not None and other is not None and own != other
                and failed["own"].get(test_id) is False and failed["variant"].get(test_id) is False):
            result.checked[test_id] = answer_id
    return result


def mark_hard_coded(autograded_nb: dict, test_ids: set[str]) -> dict:
    """The autograded notebook with :data:`COMMENT` as the failed output of each hard-coded question's check."""
    for cell, meta in _cells(autograded_nb):
        if meta.get("grade_id") in test_ids and cell.get("cell_type") == "code":
            cell.setdefault("outputs", []).append({"output_type": "error", "ename": "AssertionError",
                                                   "evalue": COMMENT, "traceback": [f"AssertionError: {COMMENT}"]})
    return autograded_nb
