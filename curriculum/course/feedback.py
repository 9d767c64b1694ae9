"""フィードバック（非公開テストを除く）: Japanese per-trainee feedback HTML without hidden tests.

nbgrader restores hidden tests at autograde and then shows them in feedback, in the cell source and
again in traceback context (nbgrader issue #917, still in 0.9.6). :class:`StripHiddenTests` runs in
the feedback pipeline (configured in the course's ``nbgrader_config.py``) and removes them: the
hidden block from the source, every output line that quotes a hidden line, and the message of an
error raised *by* a hidden line. It is enabled explicitly: nbconvert's preprocessors default to
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


def scrub_output(output: dict, hidden: list[str]) -> dict:
    """出力から非公開テストを消す: drop output lines quoting a hidden line; hide a hidden test's message.

    >>> out = {"output_type": "error", "ename": "AssertionError", "evalue": "ヒント",
    ...        "traceback": ["Cell In[3], line 4", "----> 4 assert x == 3, 'ヒント'", "AssertionError: ヒント"]}
    >>> scrub_output(out, ["assert x == 3, 'ヒント'"])["traceback"]
    ['AssertionError: 非公開のテストに合格しませんでした。問題文と公開テストをもう一度確認してください。']
    """
    kind = output.get("output_type")
    if kind == "error":
        lines = [ln for chunk in output.get("traceback", []) for ln in chunk.split("\n")]
        arrows = [_ARROW.match(_ANSI.sub("", ln)) for ln in lines]
        raised_by_hidden = any(m and m.group(1).strip() and _quotes_hidden(m.group(1), hidden) for m in arrows)
        if raised_by_hidden:
            output["evalue"] = HIDDEN_FAILED
            output["traceback"] = [f"{output.get('ename', 'Error')}: {HIDDEN_FAILED}"]
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


def write_feedback_template(templates_dir: Path) -> Path:
    """日本語フィードバックのテンプレートを書く: write the ``feedback`` nbconvert template into the course and return its folder."""
    folder = Path(templates_dir) / "feedback"  # shadows nbgrader's English template of the same name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.json").write_text('{"base_template": "classic", "mimetypes": {"text/html": true}}\n', encoding="utf-8")
    (folder / "index.html.j2").write_text(TEMPLATE, encoding="utf-8")
    return folder


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


TEMPLATE = r"""{%- extends 'classic/index.html.j2' -%}
{%- block header -%}
<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8" />
<title>フィードバック: {{ resources.nbgrader.notebook }}</title>
{{ resources.include_css('bootstrap.min.css') }}
{% for css in resources.inlining.css -%}<style type="text/css">{{ css }}</style>{% endfor %}
{{ mathjax() }}
<style>
body { overflow: visible; font-size: 15px; padding-top: 1em;
       font-family: "Hiragino Sans", "Yu Gothic", "Meiryo", "IPAexGothic", sans-serif; }
div#notebook { overflow: visible; border-top: none; } div#notebook-container { width: 100%; }
div.prompt { min-width: 12ex; } div.nbgrader_cell { width: 100%; }
div.nbgrader_cell .panel-heading { padding: 0.4em 0.6em; }
li.late-penalty { color: #d2413a; } .pull-right { float: right; }
@media print { div.cell, div.output_wrapper { page-break-inside: avoid; } }
</style>
</head>
{%- endblock header -%}

{% macro score(cell) -%}
<span class="pull-right">得点: {{ cell.metadata.nbgrader.score | float | round(2) }} / {{ cell.metadata.nbgrader.points | float | round(2) }} <a href="#top">（先頭へ）</a></span>
{%- endmacro %}

{% macro heading(cell) -%}
<a name="{{ cell.metadata.nbgrader.grade_id }}"></a>
<div class="panel-heading">
{%- if cell.metadata.nbgrader.solution -%}<span>あなたの回答</span>
{%- elif cell.metadata.nbgrader.task -%}<span>課題</span>
{%- else -%}<span>採点テスト（{{ cell.metadata.nbgrader.grade_id }}）</span>{%- endif -%}
{%- if cell.metadata.nbgrader.grade or cell.metadata.nbgrader.task -%}{{ score(cell) }}{%- endif -%}
</div>
{%- endmacro %}

{% macro footer(cell) -%}
{%- if cell.metadata.nbgrader.comment -%}
<div class="panel-footer"><b>講師からのコメント:</b> {{ cell.metadata.nbgrader.comment | markdown2html | strip_files_prefix }}</div>
{%- endif -%}
{%- endmacro %}

{% block body %}
<body>
<a name="top"></a>
<div class="container">
 <div class="panel panel-default">
  <div class="panel-heading">
   <h4>{{ resources.nbgrader.notebook }}（得点: {{ resources.nbgrader.score | float | round(2) }} / {{ resources.nbgrader.max_score | float | round(2) }}）</h4>
   <p>非公開のテストの内容は表示していません。記述式の回答は講師が採点します。</p>
   <ol>
   {% for cell in nb.cells %}{% if cell.metadata.nbgrader and (cell.metadata.nbgrader.grade or cell.metadata.nbgrader.task) %}
    <li><a href="#{{ cell.metadata.nbgrader.grade_id }}">
    {%- if cell.metadata.nbgrader.task -%}課題{%- elif cell.metadata.nbgrader.solution and cell.cell_type == "markdown" -%}記述回答{%- elif cell.metadata.nbgrader.solution -%}コードの回答{%- else -%}採点テスト{%- endif -%}
    </a>（得点: {{ cell.metadata.nbgrader.score | float | round(2) }} / {{ cell.metadata.nbgrader.points | float | round(2) }}）</li>
   {% endif %}{% endfor %}
   {% if resources.nbgrader.late_penalty > 0 %}<li class="late-penalty">提出遅れの減点: -{{ resources.nbgrader.late_penalty | float | round(2) }}</li>{% endif %}
   </ol>
  </div>
  <div class="panel-body"><div id="notebook" class="border-box-sizing"><div class="container" id="notebook-container">
  {{ super() }}
  </div></div></div>
 </div>
</div>
</body>
{%- endblock body %}

{% block footer %}
</html>
{% endblock footer %}

{% block markdowncell scoped %}
<div class="cell border-box-sizing text_cell rendered">
{%- if cell.metadata.nbgrader and (cell.metadata.nbgrader.solution or cell.metadata.nbgrader.grade or cell.metadata.nbgrader.task) -%}
 <div class="panel panel-primary nbgrader_cell">{{ heading(cell) }}
  <div class="panel-body"><div class="text_cell_render border-box-sizing rendered_html">{{ cell.source | markdown2html | strip_files_prefix }}</div></div>
  {{ footer(cell) }}</div>
{%- else -%}
 <div class="inner_cell"><div class="text_cell_render border-box-sizing rendered_html">{{ cell.source | markdown2html | strip_files_prefix }}</div></div>
{%- endif -%}
</div>
{% endblock markdowncell %}

{% block input %}
{%- if cell.metadata.nbgrader and (cell.metadata.nbgrader.solution or cell.metadata.nbgrader.grade) -%}
 <div class="panel panel-primary nbgrader_cell">{{ heading(cell) }}
  <div class="panel-body"><div class="input_area">{{ cell.source | highlight_code(metadata=cell.metadata) }}</div></div>
  {{ footer(cell) }}</div>
{%- else -%}
 <div class="inner_cell"><div class="input_area">{{ cell.source | highlight_code(metadata=cell.metadata) }}</div></div>
{%- endif -%}
{% endblock input %}
"""
