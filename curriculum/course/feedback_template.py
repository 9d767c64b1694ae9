"""日本語フィードバックのテンプレート: the nbconvert template and the exporter used only for feedback.

The template lives in the course (``templates/feedback_ja``) and is used by :class:`FeedbackExporter`,
the exporter of nbgrader's feedback step only (``GenerateFeedback.exporter_class`` in the course
config). Setting ``HTMLExporter.template_name`` instead would apply to every HTML exporter in the
process, Formgrader's included, and Formgrader then fails with ``TemplateNotFound`` (issue 18).
"""

from __future__ import annotations

from pathlib import Path

from nbconvert.exporters import HTMLExporter

TEMPLATE_NAME = "feedback_ja"


class FeedbackExporter(HTMLExporter):
    """フィードバック用の HTML 出力: nbconvert's HTML exporter under its own config section name.

    The course config sets ``FeedbackExporter.template_name`` and ``.extra_template_basedirs``; a
    section of its own wins over the ``HTMLExporter.template_name = "feedback"`` that nbgrader's API
    forces, and leaves every other HTML exporter (Formgrader's) untouched.
    """


def write_feedback_template(templates_dir: Path) -> Path:
    """日本語フィードバックのテンプレートを書く: write the ``feedback`` nbconvert template into the course and return its folder."""
    folder = Path(templates_dir) / TEMPLATE_NAME
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.json").write_text('{"base_template": "classic", "mimetypes": {"text/html": true}}\n', encoding="utf-8")
    (folder / "index.html.j2").write_text(TEMPLATE, encoding="utf-8")
    return folder


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
