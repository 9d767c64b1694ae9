"""フィードバック（非公開テストを除く）: Japanese per-trainee feedback HTML without hidden tests.

nbgrader restores hidden tests at autograde and then shows them in feedback, in the cell source and
again in traceback context (nbgrader issue #917, still in 0.9.6). :class:`StripHiddenTests` runs in
the feedback pipeline (configured in the course's ``nbgrader_config.py``) and removes them: the
hidden block from the source and every output line that quotes a hidden line. When a hidden
``assert`` fails, the trainee sees its Japanese message (the hint its author wrote), never its code or
the expected value; any other error raised by a hidden line shows only a generic sentence. It is enabled explicitly: nbconvert's preprocessors default to
``enabled = False`` and a disabled one silently does nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from nbgrader.preprocessors.base import NbGraderPreprocessor
from traitlets import Bool, Unicode

BEGIN = "### BEGIN HIDDEN TESTS"
END = "### END HIDDEN TESTS"
PLACEHOLDER = "# （非公開のテストはここでは表示しません）"
HIDDEN_FAILED = "非公開のテストに合格しませんでした。問題文と公開テストをもう一度確認してください。"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_ARROW = re.compile(r"^\s*-+>\s*\d+\s?(.*)$")


def split_hidden(source: str, *, begin: str = BEGIN, end: str = END) -> tuple[str, list[str]]:
    """非公開テストを分ける: return (visible source with a placeholder, hidden lines stripped).

    >>> visible, hidden = split_hidden("assert a\\n### BEGIN HIDDEN TESTS\\nassert a == 3\\n### END HIDDEN TESTS")
    >>> print(visible)
    assert a
    # （非公開のテストはここでは表示しません）
    >>> hidden
    ['assert a == 3']
    """
    kept, hidden, inside = [], [], False
    for line in source.splitlines():
        if line.strip() == begin:
            inside = True
            kept.append(PLACEHOLDER)
        elif line.strip() == end:
            inside = False
        elif inside:
            if line.strip():
                hidden.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept), hidden


def _quotes_hidden(line: str, hidden: list[str]) -> bool:
    plain = _ANSI.sub("", line)
    return any(h in plain for h in hidden) or BEGIN in plain or END in plain


def hidden_message(output: dict, raising_line: str) -> str:
    """受講者に見せるメッセージ: the Japanese message of a failed hidden ``assert``, else the generic sentence.

    >>> hidden_message({"ename": "AssertionError", "evalue": "割合は 65歳以上 ÷ 人口 です"}, "assert r == 0.4, '割合は…'")
    '割合は 65歳以上 ÷ 人口 です'
    >>> hidden_message({"ename": "AssertionError", "evalue": "0.4 != 0.35"}, "np.testing.assert_allclose(r, 0.4)")
    '非公開のテストに合格しませんでした。問題文と公開テストをもう一度確認してください。'
    """
    message = str(output.get("evalue") or "").strip()
    if (output.get("ename") == "AssertionError" and raising_line.lstrip().startswith("assert ")
            and _JAPANESE.search(message)):
        return message
    return HIDDEN_FAILED


def scrub_output(output: dict, hidden: list[str]) -> dict:
    """出力から非公開テストを消す: drop output lines quoting a hidden line; show only a hidden test's Japanese message.

    >>> out = {"output_type": "error", "ename": "AssertionError", "evalue": "ヒント",
    ...        "traceback": ["Cell In[3], line 4", "----> 4 assert x == 3, 'ヒント'", "AssertionError: ヒント"]}
    >>> scrub_output(out, ["assert x == 3, 'ヒント'"])["traceback"]
    ['AssertionError: ヒント']
    >>> out = {"output_type": "error", "ename": "KeyError", "evalue": "'燕市'",
    ...        "traceback": ["----> 4 assert table.loc['燕市'] == 3, 'ヒント'", "KeyError: '燕市'"]}
    >>> scrub_output(out, ["assert table.loc['燕市'] == 3, 'ヒント'"])["traceback"]
    ['KeyError: 非公開のテストに合格しませんでした。問題文と公開テストをもう一度確認してください。']
    """
    kind = output.get("output_type")
    if kind == "error":
        lines = [ln for chunk in output.get("traceback", []) for ln in chunk.split("\n")]
        arrows = [_ARROW.match(_ANSI.sub("", ln)) for ln in lines]
        raising = [m.group(1) for m in arrows if m and m.group(1).strip() and _quotes_hidden(m.group(1), hidden)]
        if raising:
            message = hidden_message(output, raising[-1])
            output["evalue"] = message
            output["traceback"] = [f"{output.get('ename', 'Error')}: {message}"]
        else:
            output["traceback"] = [ln for ln in lines if not _quotes_hidden(ln, hidden)]
    elif kind == "stream":
        output["text"] = "\n".join(ln for ln in output.get("text", "").split("\n") if not _quotes_hidden(ln, hidden))
    elif kind in ("execute_result", "display_data"):
        for mime, value in list(output.get("data", {}).items()):
            if isinstance(value, str) and any(h in value for h in hidden):
                output["data"][mime] = "\n".join(ln for ln in value.split("\n") if not _quotes_hidden(ln, hidden))
    return output


class StripHiddenTests(NbGraderPreprocessor):
    """非公開テストの除去（フィードバック用）: remove hidden tests from autograded cells before rendering."""

    enabled = Bool(True, help="Must stay True: a disabled preprocessor silently does nothing").tag(config=True)
    begin_test_delimeter = Unicode(BEGIN).tag(config=True)
    end_test_delimeter = Unicode(END).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or self.begin_test_delimeter not in cell.source:
            return cell, resources
        cell.source, hidden = split_hidden(cell.source, begin=self.begin_test_delimeter, end=self.end_test_delimeter)
        for output in cell.get("outputs", []):
            scrub_output(output, hidden)
        return cell, resources


def generate_feedback(course_dir: Path, assignment_id: str, *, student_id: str | None = None) -> list[Path]:
    """フィードバックを作る: feedback HTML for every autograded submission (or one trainee).

    Returns the written files (``feedback/<職員番号>/<assignment>/<notebook>.html``).
    """
    from curriculum.course.config import make_api
    from curriculum.errors import CurriculumError

    api = make_api(course_dir)
    if not any((Path(course_dir) / "autograded").glob(f"{student_id or '*'}/{assignment_id}")):
        raise CurriculumError(f"課題 {assignment_id} の採点済みの提出がありません", f"no autograded submissions for {assignment_id}",
                              path=Path(course_dir) / "autograded", fix="課題 ID を確かめ、先に `curriculum grade autograde` で採点してください")
    outcome = api.generate_feedback(assignment_id, student_id, force=True)
    if not outcome.get("success"):
        raise CurriculumError("フィードバックを作れませんでした", f"generate_feedback failed: {outcome.get('error', '')[-400:]}",
                              path=course_dir, fix="先に `curriculum grade autograde` で採点してください")
    pattern = f"{student_id or '*'}/{assignment_id}/*.html"
    return sorted((Path(course_dir) / "feedback").glob(pattern))
