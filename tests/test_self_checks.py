"""Visible self-checks must catch typical wrong answers (a mutation test of every autograded question).

For every notebook of the basic course and the follow-up sets, every autograded question is an answer cell
(``### BEGIN SOLUTION`` … ``### END SOLUTION``) followed by a ``grade: true`` check cell. The notebook runs
once in a real kernel, on real data, up to its last check cell. After each question's own cells have run,
every answer the check cell reads (a variable, a column such as ``pref["elderly_share"]`` or a function)
is replaced in turn by the wrong answers trainees typically give:

- ``stub``: the untouched stub (``None``, ``...``; a function that returns ``None``);
- ``empty``: an empty list / dict / string / Series / DataFrame of the same kind;
- ``zero``: 0 (numbers; the numeric values of a list, Series or DataFrame);
- ``x100`` / ``div100``: the value ×100 and ÷100 (a per cent forgotten or doubled);
- ``negated``: the sign flipped (``not`` for a bool);
- ``national``: the national figure instead of the prefectural one, where :data:`NATIONAL` names it.

The visible part of the check cell (hidden tests removed) must raise on each. A mutant that does not apply to
the value (×100 of a string) or that equals the right answer (0 when the answer is 0) is skipped, not counted.

Checks known to be too weak in notebooks owned by others are listed in :data:`KNOWN_WEAK` with the mutants they
pass: such a question is an expected failure (xfail) while exactly those survive; when its check is fixed (or
another mutant starts to survive) the test fails and says how to update the entry.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from realdata import REAL_DATA, REPO

# (notebook, check cell grade_id) -> "passes <answer>:<mutant>, …": the wrong answers its visible check is known to
# let through. The owner of the notebook fixes the check and removes the entry (the test says when).
KNOWN_WEAK: dict[tuple[str, str], str] = {
}

# Questions whose answer is a file the trainee writes (no variable to replace): their check reads the file back.
FILE_ANSWERS: dict[tuple[str, str], str] = {
    ("basic/b11_excel/b11_excel.ipynb", "b11-q5-test"): "the answer is the workbook; the check opens it and reads it back",
}

# (notebook, answer) -> an expression, evaluated in the notebook after its answer cell, giving the national
# figure a trainee might use instead of the prefectural one.
NATIONAL: dict[tuple[str, str], str] = {
    ("basic/b06_relate/b06_relate.ipynb", "r_size"): 'float(df["A1101"].corr(df["C2108"]))',
    ("basic/b06_relate/b06_relate.ipynb", "r_rates"):
        'float((df["A4101"] / df["A1101"]).corr(df["A4200"] / df["A1101"]))',
    ("basic/b01_question/b01_question.ipynb", "pref_aging_rate"): 'df["A1303"].sum() / df["A1101"].sum() * 100',
    ("follow_up/local_industry/01_question_and_structure.ipynb", "lq_pref"): "lq_national",
    ("follow_up/logic_model/01_logic_tree_and_indicators.ipynb", "pref_lfpr"):
        'float((df["F110202"] + df["F110702"]).sum() / (df["F110202"] + df["F110702"] + df["F110802"]).sum())',
}

NOTEBOOKS = sorted(p.relative_to(REPO).as_posix() for p in [*REPO.glob("basic/*/*.ipynb"), *REPO.glob("follow_up/*/*.ipynb")])
HIDDEN = re.compile(r"^([ \t]*)### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[^\n]*", re.S | re.M)


@dataclass(frozen=True)
class Question:
    notebook: str
    grade_id: str
    answer_index: int  # the answer cell
    check_index: int  # the grade: true cell that follows it
    targets: tuple[str, ...]  # what the answer cell assigns and the check reads, as assignable source text
    visible_check: str


def visible_part(check_source: str) -> str:
    """The check cell as the trainee runs it before submitting: the hidden-test block removed."""
    return HIDDEN.sub(lambda m: f"{m.group(1)}pass", check_source)


def answer_targets(answer_source: str, check_source: str) -> tuple[str, ...]:
    """Names (and columns like ``pref["x"]``) assigned between the SOLUTION markers that the check cell reads."""
    lines = answer_source.splitlines()
    begin = next(i for i, line in enumerate(lines, 1) if "### BEGIN SOLUTION" in line)
    end = next(i for i, line in enumerate(lines, 1) if "### END SOLUTION" in line)
    tree = ast.parse(answer_source)
    check_tree = ast.parse(check_source)
    read = {n.id for n in ast.walk(check_tree) if isinstance(n, ast.Name)}
    read_text = {ast.unparse(n) for n in ast.walk(check_tree) if isinstance(n, ast.Subscript)}
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno < begin < node.end_lineno:
            found.append(node.name)  # the answer is the body of this function
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and begin < node.lineno < end:
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                for t in (target.elts if isinstance(target, ast.Tuple) else [target]):
                    text = ast.unparse(t)
                    if (isinstance(t, ast.Name) and t.id in read) or (isinstance(t, ast.Subscript) and text in read_text):
                        found.append(text)
    return tuple(dict.fromkeys(found))


def questions(notebook: str) -> list[Question]:
    nb = nbformat.read(REPO / notebook, as_version=4)
    found, answer = [], None
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        if meta.get("solution") and "### BEGIN SOLUTION" in cell.source:
            answer = index
        elif meta.get("grade") and answer is not None:
            source = nb.cells[answer].source
            found.append(Question(notebook, meta["grade_id"], answer, index, answer_targets(source, cell.source),
                                  visible_part(cell.source)))
            answer = None
    return found


ALL_QUESTIONS = [q for nb in NOTEBOOKS for q in questions(nb)]
QUESTIONS = [q for q in ALL_QUESTIONS if (q.notebook, q.grade_id) not in FILE_ANSWERS]

# Runs in the notebook's kernel: the wrong answers for a value, and the check run on each of them.
KERNEL_HELPERS = r'''
def _selfcheck_mutants(value):
    import numbers
    import numpy as _np
    import pandas as _pd

    def numeric(v):
        return isinstance(v, numbers.Number) and not isinstance(v, bool)

    def frame_map(frame, op):
        cols = frame.select_dtypes(include="number").columns
        if len(cols) == 0:
            raise TypeError("no numeric columns")
        out = frame.copy()
        for c in cols:
            out[c] = op(out[c])
        return out

    def apply(op):
        if numeric(value):
            return op(value)
        if isinstance(value, _pd.DataFrame):
            return frame_map(value, op)
        if isinstance(value, _pd.Series):
            if not (_pd.api.types.is_numeric_dtype(value) or all(numeric(v) for v in value)):
                raise TypeError("not numeric")
            return op(value.astype(float)) if value.dtype == object else op(value)
        if isinstance(value, (list, tuple)) and value and all(numeric(v) for v in value):
            return type(value)(op(v) for v in value)
        if isinstance(value, dict) and value and all(numeric(v) for v in value.values()):
            return {k: op(v) for k, v in value.items()}
        raise TypeError("mutant does not apply")

    out = []
    if callable(value) and not isinstance(value, type) and not hasattr(value, "shape"):
        return [("stub", lambda *args, **kwargs: None)]
    out += [("stub", None), ("stub-ellipsis", ...)]
    if isinstance(value, (_pd.DataFrame, _pd.Series)):
        out.append(("empty", value.iloc[0:0]))
    elif isinstance(value, (list, tuple, dict, str, set)):
        out.append(("empty", type(value)()))
    if isinstance(value, bool):
        out.append(("negated", not value))
        return out
    is_int = isinstance(value, numbers.Integral)
    for label, op in [("zero", lambda v: v * 0), ("x100", lambda v: v * 100), ("div100", lambda v: v / 100),
                      ("negated", lambda v: -v)]:
        if label == "div100" and is_int:
            continue  # a count is not a per cent
        try:
            out.append((label, apply(op)))
        except Exception:
            pass
    return out


def _selfcheck_same(a, b):
    try:
        if hasattr(a, "equals") and type(a) is type(b):
            return bool(a.equals(b))
        result = a == b
        return bool(result) if isinstance(result, bool) else False
    except Exception:
        return False


def _selfcheck_run(targets, check, extra):
    import json as _json
    _g = globals()
    report = {}
    for target in targets:
        saved = eval(target, _g)
        mutants = _selfcheck_mutants(saved)
        if target in extra:
            mutants.append(("national", eval(extra[target], _g)))
        for label, mutant in mutants:
            if _selfcheck_same(mutant, saved):
                report[f"{target}:{label}"] = "skipped"
                continue
            _g["_selfcheck_value"] = mutant
            try:
                exec(f"{target} = _selfcheck_value", _g)
            except Exception:
                report[f"{target}:{label}"] = "skipped"
                continue
            try:
                exec(check, _g)
                report[f"{target}:{label}"] = "survived"
            except Exception:
                report[f"{target}:{label}"] = "caught"
            finally:
                _g["_selfcheck_value"] = saved
                exec(f"{target} = _selfcheck_value", _g)
    print("SELFCHECK" + _json.dumps(report, ensure_ascii=False))
'''

_RESULTS: dict[str, dict[str, dict[str, str]]] = {}


def run_mutants(notebook: str, tmp_root: Path) -> dict[str, dict[str, str]]:
    """Run ``notebook`` once (in a copy of its folder) and mutate each of its questions: grade_id -> results."""
    if notebook in _RESULTS:
        return _RESULTS[notebook]
    from nbclient import NotebookClient

    folder = tmp_root / notebook.replace("/", "_")
    shutil.copytree((REPO / notebook).parent, folder)
    nb = nbformat.read(folder / Path(notebook).name, as_version=4)
    todo = {q.check_index: q for q in QUESTIONS if q.notebook == notebook}
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    results: dict[str, dict[str, str]] = {}
    with client.setup_kernel():
        client.execute_cell(nbformat.v4.new_code_cell(KERNEL_HELPERS), 0)
        for index, cell in enumerate(nb.cells[:max(todo) + 1]):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            if index in todo:
                q = todo[index]
                extra = {t: NATIONAL[(notebook, t)] for t in q.targets if (notebook, t) in NATIONAL}
                probe = nbformat.v4.new_code_cell(
                    f"_selfcheck_run({list(q.targets)!r}, {q.visible_check!r}, {extra!r})")
                client.execute_cell(probe, index)
                text = "".join(o.get("text", "") for o in probe.outputs)
                results[q.grade_id] = json.loads(text[text.index("SELFCHECK") + len("SELFCHECK"):].splitlines()[0])
    _RESULTS[notebook] = results
    return results


def survivors(result: dict[str, str]) -> list[str]:
    return sorted(k for k, v in result.items() if v == "survived")


def _param(q: Question):
    return pytest.param(q, id=f"{Path(q.notebook).stem}:{q.grade_id}")


def known_survivors(q: Question) -> list[str]:
    """The mutants :data:`KNOWN_WEAK` says the check passes (``"passes a:x100, b:zero"``)."""
    reason = KNOWN_WEAK.get((q.notebook, q.grade_id), "")
    return sorted(m.strip() for m in reason.removeprefix("passes ").split(",") if m.strip())


def test_every_question_has_an_answer_the_check_reads():
    """The parser finds what each check reads; a check that reads no answer cannot catch a wrong one."""
    assert len(QUESTIONS) >= 80
    assert [q.grade_id for q in QUESTIONS if not q.targets] == []


def test_known_weak_entries_name_real_questions():
    assert set(FILE_ANSWERS) <= {(q.notebook, q.grade_id) for q in ALL_QUESTIONS}
    known = {(q.notebook, q.grade_id) for q in QUESTIONS}
    assert set(KNOWN_WEAK) <= known and {nb for nb, _ in NATIONAL} <= set(NOTEBOOKS)


def kernel_environment(tmp_path_factory):
    """The real-data folder and a private practice folder for the kernels (they inherit the environment)."""
    if not REAL_DATA.is_dir():
        message = f"the self-check mutation test runs the notebooks on real data: {REAL_DATA} is missing"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    root = tmp_path_factory.mktemp("selfcheck")
    with pytest.MonkeyPatch.context() as patch:  # the kernels inherit these
        patch.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
        patch.setenv("CURRICULUM_PRACTICE_DIR", str(root / "practice"))
        patch.setenv("MPLBACKEND", "Agg")
        yield root


def check_question(question: Question, root: Path) -> None:
    """The visible check of ``question`` raises on every typical wrong answer (or exactly as KNOWN_WEAK says)."""
    result = run_mutants(question.notebook, root)[question.grade_id]
    assert any(v == "caught" for v in result.values()), f"no mutant applied: {result}"
    known = known_survivors(question)
    if known:  # expected to fail, exactly as listed: a fixed check or a new survivor updates the list
        assert survivors(result) == known, (
            f"KNOWN_WEAK is out of date for {question.notebook} {question.grade_id}: the check now passes "
            f"{survivors(result) or 'no wrong answer (remove the entry)'}")
        pytest.xfail(f"known weak (KNOWN_WEAK): {KNOWN_WEAK[(question.notebook, question.grade_id)]}")
    assert survivors(result) == [], (
        f"{question.notebook} {question.grade_id}: the visible check passes these wrong answers: "
        f"{', '.join(survivors(result))}")


@pytest.fixture(scope="module")
def mutant_root(tmp_path_factory):
    yield from kernel_environment(tmp_path_factory)


# The basic course here; the follow-up sets in test_self_checks_follow_up.py, so that pytest-xdist (--dist
# loadfile) runs the two halves on two workers.
@pytest.mark.parametrize("question", [_param(q) for q in QUESTIONS if q.notebook.startswith("basic/")])
def test_visible_check_catches_typical_wrong_answers(question: Question, mutant_root):
    check_question(question, mutant_root)


if __name__ == "__main__":  # a report: python tests/test_self_checks.py [notebook …] (needs CURRICULUM_DATA_DIR)
    import sys
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="selfcheck-"))
    for name in sys.argv[1:] or NOTEBOOKS:
        for grade_id, result in run_mutants(name, root).items():
            print(f"{name} {grade_id}: caught {sum(v == 'caught' for v in result.values())}, "
                  f"survived {', '.join(survivors(result)) or '-'}")
