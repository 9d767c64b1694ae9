"""受講者用ノートブックの作成と検証: ``curriculum course build`` and ``curriculum course validate``.

Build = copy ``basic/<id>`` and ``follow_up/<id>`` to the course's ``source/`` and run nbgrader's
generate_assignment (solutions and hidden tests removed, cells locked, checksums) into ``release/``.
Validate = the grading contract: every *source* notebook passes all its tests, every *student*
notebook passes none of its autograded tests (nbgrader ``validate`` and ``validate --invert``), and no
hidden test's message gives its expected answer away (feedback shows those messages to trainees).
Each notebook folder's ``instructor_notes.md`` (講師用メモ) is copied to ``source/`` (the instructor's copy) and
never to ``release/`` (what trainees get).
Both use nbgrader's Python API, which saves the ≈3 s start-up of each CLI call.
"""

from __future__ import annotations

import ast
import json
import math
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from curriculum.course import config as cfg
from curriculum.course.assignments import AssignmentSource, discover_assignments
from curriculum.errors import CurriculumError

INSTRUCTOR_ONLY = ("instructor_notes.md",)  # 講師用メモ: kept in source/, never released to trainees


@dataclass
class CheckResult:
    """検証結果: one line of the build/validate report."""

    assignment_id: str
    notebook: str
    check: str  # "生成", "解答版のテスト", "受講者版のテスト"
    ok: bool
    detail: str = ""

    def line(self) -> str:
        mark = "OK  " if self.ok else "NG  "
        detail = f" — {self.detail}" if self.detail else ""
        return f"{mark}{self.assignment_id}/{self.notebook}: {self.check}{detail}"


def init_course(course_dir: Path, course_id: str = "curriculum") -> Path:
    """講座フォルダを用意する: create the folder and its nbgrader config if missing; return the folder."""
    course_dir = Path(course_dir).resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    if not (course_dir / cfg.CONFIG_NAME).is_file():
        cfg.write_config(course_dir, course_id)
    return course_dir


def assemble_sources(course_dir: Path, sources: list[AssignmentSource]) -> list[str]:
    """ソースを講座に集める: copy each assignment folder to ``source/<id>`` (replacing an older copy)."""
    ids = []
    for src in sources:
        dest = Path(course_dir) / "source" / src.assignment_id
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(src.path, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        ids.append(src.assignment_id)
    return ids


def select_sources(course_dir: Path, source_root: Path) -> list[AssignmentSource]:
    """この講座の課題: the assignments a cohort registered (``course.json``), else every one found."""
    found = discover_assignments(source_root)
    wanted = cfg.read_meta(course_dir).get("assignments")
    if wanted is None:
        return found
    by_id = {a.assignment_id: a for a in found}
    return [by_id[a["id"]] for a in wanted if a["id"] in by_id]


def build_course(course_dir: Path, *, source_root: Path, echo=print) -> list[CheckResult]:
    """受講者版を作る: assemble ``source/`` and run generate_assignment for every assignment.

    Parameters
    ----------
    course_dir : Path
        The course folder (created with its config if missing).
    source_root : Path
        The folder holding ``basic/`` and ``follow_up/``.

    Returns
    -------
    list of CheckResult
        One line per assignment; ``ok`` is False with nbgrader's message when generation failed.

    Examples
    --------
    >>> build_course(Path("course"), source_root=Path("."))  # doctest: +SKIP
    """
    course_dir = init_course(course_dir)
    sources = select_sources(course_dir, source_root)
    if not sources:
        raise CurriculumError("課題が見つかりません（basic/ と follow_up/ に .ipynb がありません）",
                              "no assignments found under basic/ or follow_up/", path=source_root,
                              fix="--source-root で basic/ と follow_up/ があるフォルダを指定してください")
    assemble_sources(course_dir, sources)
    api = cfg.make_api(course_dir)
    api.coursedir.ignore = [*api.coursedir.ignore, *INSTRUCTOR_ONLY]  # generate_assignment copies the rest
    results = []
    for src in sources:
        outcome = api.generate_assignment(src.assignment_id, force=True, create=True)
        _remove_instructor_files(course_dir / "release" / src.assignment_id)
        ok = bool(outcome.get("success"))
        detail = "release/ に作成" if ok else _last_error(outcome)
        result = CheckResult(src.assignment_id, ",".join(src.notebooks), "受講者版の生成", ok, detail)
        echo(result.line())
        results.append(result)
    return results


def _remove_instructor_files(release: Path) -> None:
    """Belt and braces: no instructor-only file stays in a trainee's release, whatever copied it there."""
    for name in INSTRUCTOR_ONLY:
        for path in release.rglob(name):
            path.unlink()


def _last_error(outcome: dict) -> str:
    """The first nbgrader ERROR line of a failed API call (the traceback's last line as a fallback)."""
    log_lines = (outcome.get("log") or "").splitlines()
    errors = [ln.replace("[ERROR]", "").strip() for ln in log_lines if ln.startswith("[ERROR]")]
    text = errors or (outcome.get("error") or "").strip().splitlines()
    return text[0] if errors else (text[-1] if text else "原因不明のエラー")


def _describe(cells: list[dict], limit: int = 2) -> str:
    heads = [c.get("source", "").strip().splitlines()[0][:60] if c.get("source", "").strip() else "(空のセル)" for c in cells]
    return " / ".join(heads[:limit]) + (" …" if len(heads) > limit else "")


def validate_notebook(path: Path, *, invert: bool, config) -> tuple[bool, str]:
    """1 冊を検証する: run nbgrader's Validator on one notebook; return (ok, Japanese detail)."""
    from nbgrader.validator import Validator

    validator = Validator(config=config)
    validator.invert = invert
    results = validator.validate(str(path))
    if "type_changed" in results:
        return False, "セルの種類（コード/Markdown）が変えられています"
    if "changed" in results:
        return False, f"ロックされたセルが変更されています: {_describe(results['changed'])}"
    if invert and results.get("passed"):
        return False, f"解答なしで合格するテストがあります（採点になりません）: {_describe(results['passed'])}"
    if not invert and results.get("failed"):
        return False, f"解答でも不合格のテストがあります: {_describe(results['failed'])}"
    return True, "すべてのテストに合格" if not invert else "解答なしではどのテストにも合格しない"


_NUMBER = re.compile(r"[0-9][0-9,_]*(?:\.[0-9]+)?")
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def _hidden_lines(source: str) -> set[int]:
    """Line numbers (1-based) between nbgrader's hidden-test markers."""
    lines, inside = set(), False
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip() == HIDDEN_BEGIN:
            inside = True
        elif line.strip() == HIDDEN_END:
            inside = False
        elif inside:
            lines.add(number)
    return lines


def _constant_value(node: ast.AST):
    """The value of a literal or of arithmetic on literals (``24060 / 77201 * 100``), else None."""
    try:
        value = eval(compile(ast.Expression(node), "<hidden test>", "eval"), {"__builtins__": {}}, {})  # noqa: S307
    except Exception:  # noqa: BLE001 - anything that is not pure literal arithmetic is not an expected value
        return None
    return value if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None


def _expected_values(test: ast.AST) -> list[float]:
    """Numbers an assert compares with: literal operands of ``==`` / ``!=`` / ``in``, and the literal side of
    ``abs(x - <literal arithmetic>) < tolerance``."""
    found = []
    for node in ast.walk(test):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq, ast.In)) for op in node.ops):
            found += [_constant_value(v) for v in [node.left, *node.comparators]]
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "abs" and len(node.args) == 1
              and isinstance(node.args[0], ast.BinOp) and isinstance(node.args[0].op, ast.Sub)):
            found += [_constant_value(node.args[0].left), _constant_value(node.args[0].right)]
    return [v for v in found if isinstance(v, (int, float))]


def _numbers_in(text: str) -> list[str]:
    return [m.replace(",", "").replace("_", "") for m in _NUMBER.findall(unicodedata.normalize("NFKC", text))]


def _reveals(number: str, value) -> bool:
    """Does a number written in a message give away ``value`` (exactly, or rounded to the digits shown)?"""
    shown = float(number)
    decimals = len(number.partition(".")[2])
    if math.isclose(shown, float(value), rel_tol=0, abs_tol=1e-12):
        return True
    return decimals > 0 and math.isclose(round(float(value), decimals), shown, abs_tol=10 ** -(decimals + 3))


def find_answer_leaks(source: str) -> list[str]:
    r"""非公開テストの答え漏れ: asserts in the hidden block whose message gives the expected answer away.

    Feedback shows a failed hidden test's message to the trainee, so the message must say what to check,
    never the value: a number in it equal to the value compared with (also when rounded to the digits
    shown), or an f-string showing a value the test cell computed (``{_expected}``).

    >>> find_answer_leaks('### BEGIN HIDDEN TESTS\nassert total == 77_201, "総人口は 77,201 人のはずです"\n### END HIDDEN TESTS')
    ['2 行目: メッセージに期待値 77201 が書かれています']
    >>> find_answer_leaks('### BEGIN HIDDEN TESTS\nassert abs(rate - 24060 / 77201 * 100) < 1e-9, "31.17% になるはず"\n### END HIDDEN TESTS')
    ['2 行目: メッセージに期待値 31.1654 が書かれています']
    >>> find_answer_leaks('_e = f(df)\n### BEGIN HIDDEN TESTS\nassert top == _e, f"正しくは {_e} です"\n### END HIDDEN TESTS')
    ['3 行目: メッセージにテストが計算した値 {_e} を埋め込んでいます']
    >>> find_answer_leaks('### BEGIN HIDDEN TESTS\nassert int(pop) == 77_201, "燕市の総人口（2020年国勢調査）と一致しません。"\n### END HIDDEN TESTS')
    []
    """
    hidden = _hidden_lines(source)
    if not hidden:
        return []
    cleaned = "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines())
    try:
        tree = ast.parse(cleaned)
    except SyntaxError:
        return []  # the validator runs the cell and reports the syntax error itself
    local = {t.id for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
             for target in (node.targets if isinstance(node, ast.Assign) else [node.target]) for t in ast.walk(target)
             if isinstance(t, ast.Name)}
    leaks = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert) or node.msg is None or node.lineno not in hidden:
            continue
        expected = _expected_values(node.test)
        parts = node.msg.values if isinstance(node.msg, ast.JoinedStr) else [node.msg]
        text = "".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))
        shown = [ast.unparse(p.value) for p in parts if isinstance(p, ast.FormattedValue)
                 and ({n.id for n in ast.walk(p.value) if isinstance(n, ast.Name)} & local or _constant_value(p.value) is not None)]
        revealed = [v for v in expected for n in _numbers_in(text) if _reveals(n, v)]
        if revealed:
            leaks.append(f"{node.lineno} 行目: メッセージに期待値 {revealed[0]:g} が書かれています")
        elif shown:
            leaks.append(f"{node.lineno} 行目: メッセージにテストが計算した値 {{{shown[0]}}} を埋め込んでいます")
    return leaks


def notebook_answer_leaks(path: Path) -> list[str]:
    """答え漏れのある非公開テスト: ``grade_id``-prefixed findings of :func:`find_answer_leaks` for one notebook."""
    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    found = []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("grade"):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            found += [f"{meta.get('grade_id')} {leak}" for leak in find_answer_leaks(source)]
    return found


def validate_course(course_dir: Path, *, echo=print) -> list[CheckResult]:
    """採点の約束を確かめる: source passes all tests, release passes none, per notebook.

    Run :func:`build_course` first. Returns one :class:`CheckResult` per notebook and check.
    """
    course_dir = Path(course_dir).resolve()
    config = cfg.load_config(course_dir)
    source = course_dir / "source"
    assignments = sorted(p for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    if not assignments:
        raise CurriculumError("検証する課題がありません（source/ が空です）", "nothing to validate: source/ is empty",
                              path=course_dir, fix="先に `curriculum course build` を実行してください")
    results = []
    for folder in assignments:
        for nb in sorted(folder.glob("*.ipynb")):
            released = course_dir / "release" / folder.name / nb.name
            checks = [(nb, False, "解答版のテスト"), (released, True, "受講者版のテスト")]
            for path, invert, label in checks:
                if not path.is_file():
                    ok, detail = False, "受講者版がありません（`curriculum course build` を実行してください）"
                else:
                    ok, detail = validate_notebook(path, invert=invert, config=config)
                if ok and not invert:
                    leaks = notebook_answer_leaks(path)
                    if leaks:
                        ok, detail = False, ("非公開テストのメッセージに答えが書かれています（フィードバックで受講者に見えます）: "
                                             + " / ".join(leaks))
                result = CheckResult(folder.name, nb.stem, label, ok, detail)
                echo(result.line())
                results.append(result)
    return results


def summarize(results: list[CheckResult]) -> str:
    """結果のまとめ: one Japanese summary line.

    >>> summarize([CheckResult("b01", "b01", "生成", True), CheckResult("b02", "b02", "生成", False, "x")])
    '2 件中 1 件 OK、1 件 NG（NG の行を見て直してください）'
    """
    bad = sum(not r.ok for r in results)
    text = f"{len(results)} 件中 {len(results) - bad} 件 OK、{bad} 件 NG"
    return text + ("（NG の行を見て直してください）" if bad else "")
