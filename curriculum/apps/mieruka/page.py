"""見える化のページ: a static HTML file a city can publish, and an interactive page in JupyterLab (ipywidgets).

The static page carries only the published store (秘匿 cells are ``null`` in its data: their counts are not
in the file at all) and filters in the browser by 年月, 地域の単位, 地域, 性別 and 年齢の範囲, offline.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from curriculum.analysis.suppression import SUPPRESSED_LABEL
from curriculum.apps.mieruka.cube import BANDS, CLASSES, DECADES, LEVELS
from curriculum.apps.mieruka.store import months, read_month, read_store
from curriculum.apps.mieruka.views import PROJECTION_SOURCE, projection_view, areas_of, flow_view, fmt, population_view

__all__ = ["page_data", "export_html", "show_page"]


def page_data(store: str | Path) -> dict:
    """Everything the static page needs: months, levels, areas and every published cell (``None`` = 秘匿)."""
    state = read_store(store)
    cells, areas = {}, {}
    for month in months(store):
        values = read_month(store, month)
        cells[month] = {"|".join(k): (None if pd.isna(v) else int(v)) for k, v in values.items()}
        for level in LEVELS:
            areas.setdefault(level, areas_of(values, level))
    return {"city_code": state["city_code"], "threshold": state["threshold"], "months": months(store),
            "levels": LEVELS, "areas": areas, "classes": CLASSES, "bands": BANDS, "decades": DECADES,
            "suppressed": SUPPRESSED_LABEL, "cells": cells}


def export_html(store: str | Path, out: str | Path, *, title: str = "人口の見える化", source: str = "",
                projection: pd.DataFrame | None = None) -> Path:
    """静的 HTML を書き出す: one self-contained file (no network), ready to publish.

    ``source`` is the 出典 line under every section; ``projection`` (optional) a table of 将来推計人口
    (rows = dates, columns e.g. 総人口 / 65歳以上) shown as it is.
    """
    data = page_data(store)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    projection_html = ""
    if projection is not None:
        shown = projection.copy()
        for column in shown.columns:
            percent = column.endswith("（%）")
            shown[column] = shown[column].map(lambda v, p=percent: f"{v:.1f}" if p else f"{v:,.0f}")
        projection_html = ("<section id='projection'><h2>将来推計人口（市全域）</h2>"
                           + shown.to_html(classes="table")
                           + f"<p class='source'>{html.escape(PROJECTION_SOURCE)}</p></section>")
    page = _TEMPLATE.replace("__TITLE__", html.escape(title)).replace("__SOURCE__", html.escape(source))
    page = page.replace("__PROJECTION__", projection_html).replace(
        "__THRESHOLD_NOTE__", f"{data['threshold']} 人未満の数は「{SUPPRESSED_LABEL}」と表示し、合計や差から計算できないようにしています。")
    page = page.replace("__DATA__", json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))
    out.write_text(page, encoding="utf-8")
    return out


def show_page(store: str | Path):
    """JupyterLab で開く見える化ページ: dropdowns for 年月・地域・性別・年齢 and the four views below them."""
    import ipywidgets as widgets
    from IPython.display import HTML, display

    month_box = widgets.Dropdown(options=months(store), description="年月")
    level_box = widgets.Dropdown(options=[(name, key) for key, name in LEVELS.items()], description="地域の単位")
    area_box = widgets.Dropdown(description="地域")
    sex_box = widgets.Dropdown(options=["計", "男", "女"], description="性別")
    band_box = widgets.IntRangeSlider(value=(65, 104), min=0, max=104, step=5, description="年齢")
    output = widgets.Output()
    cache: dict[str, pd.Series] = {}
    projection = projection_view(read_store(store)["city_code"])
    projection_html = "" if projection is None else (
        "<h3>将来推計人口（市全域）</h3>" + projection.to_html(float_format=lambda v: f"{v:,.1f}")
        + f"<p>{html.escape(PROJECTION_SOURCE)}</p>")

    def values():
        month = month_box.value
        if month not in cache:
            cache[month] = read_month(store, month)
        return cache[month]

    def update_areas(*_):
        area_box.options = areas_of(values(), level_box.value)

    def render(*_):
        if area_box.value is None:
            return
        start, end = band_box.value
        view = population_view(values(), level_box.value, area_box.value, sex=sex_box.value,
                               band=(start, None if end >= 100 else end))
        rows = [(k, fmt(v, percent=k.endswith("率"))) for k, v in view.items()
                if k not in ("level", "area", "sex", "5歳階級")]
        parts = ["<h3>人口編</h3>", _table(rows)]
        if view["5歳階級"]:
            parts.append(_table([(c, fmt(v)) for c, v in view["5歳階級"].items()]))
        for kind in ("転入", "転出", "転居"):
            flows = flow_view(values(), kind, level_box.value, area_box.value)
            parts.append(f"<h3>{kind}編</h3>")
            parts.append(_table([(k, fmt(v)) for k, v in flows.items() if not isinstance(v, (pd.DataFrame, list))]))
        parts.insert(2, projection_html)
        output.clear_output()
        with output:
            display(HTML("".join(parts)))

    level_box.observe(update_areas, "value")
    month_box.observe(update_areas, "value")
    for box in (area_box, sex_box, band_box, month_box):
        box.observe(render, "value")
    update_areas()
    render()
    return widgets.VBox([widgets.HBox([month_box, level_box, area_box]), widgets.HBox([sex_box, band_box]), output])


def _table(rows) -> str:
    body = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


_TEMPLATE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>__TITLE__</title>
<style>
body { font-family: "IPAexGothic", "Noto Sans CJK JP", sans-serif; margin: 1.5em; color: #222; }
label { margin-right: 1em; } table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #bbb; padding: 2px 8px; text-align: right; } th { background: #f2f2f2; }
.source { font-size: 85%; color: #555; } .bar-m { fill: #4c78a8; } .bar-f { fill: #e45756; }
.hidden-cell { color: #999; }
</style></head><body>
<h1>__TITLE__</h1>
<p>数値は月末の住民基本台帳人口（外国人住民を含む）。__THRESHOLD_NOTE__</p>
<div id="filters">
<label>年月 <select id="month"></select></label>
<label>地域の単位 <select id="level"></select></label>
<label>地域 <select id="area"></select></label>
<label>性別 <select id="sex"><option>計</option><option>男</option><option>女</option></select></label>
<label>年齢 <select id="from"></select>〜<select id="to"></select></label>
</div>
<section id="population"><h2>① 人口編</h2><div id="pop"></div><svg id="pyramid" width="420" height="260"></svg>
<p class="source">__SOURCE__</p></section>
<section id="in"><h2>② 転入編</h2><div id="flow-転入"></div><p class="source">__SOURCE__</p></section>
<section id="out"><h2>③ 転出編</h2><div id="flow-転出"></div><p class="source">__SOURCE__</p></section>
<section id="move"><h2>④ 転居編</h2><div id="flow-転居"></div><p class="source">__SOURCE__</p></section>
__PROJECTION__
<script id="data" type="application/json">__DATA__</script>
<script>
const D = JSON.parse(document.getElementById("data").textContent);
const $ = (id) => document.getElementById(id);
const S = D.suppressed;
function cell(t, lv, a, s, age) {
  const v = D.cells[$("month").value][[t, lv, a, s, age].join("|")];
  return v === undefined ? null : v;
}
const show = (v) => v === null ? `<span class="hidden-cell">${S}</span>` : v.toLocaleString("ja-JP");
const pct = (n, d) => (n === null || d === null || d === 0) ? `<span class="hidden-cell">${S}</span>` : (100 * n / d).toFixed(1) + "%";
function start(c) { return parseInt(c); }
function band(lv, a, s, from, to) {
  const wanted = D.classes.filter(c => start(c) >= from && (to === null || start(c) <= to - 4));
  const all = Object.assign({"計": D.classes}, D.bands);
  for (const [name, members] of Object.entries(all)) {
    if (members.join() === wanted.join()) { const v = cell("人口", lv, a, s, name); if (v !== null) return v; }
  }
  let sum = 0;
  for (const c of wanted) { const v = cell("人口", lv, a, s, c); if (v === null) return null; sum += v; }
  return sum;
}
function rows(pairs) { return "<table>" + pairs.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join("") + "</table>"; }
function render() {
  const lv = $("level").value, a = $("area").value, s = $("sex").value;
  const total = cell("人口", lv, a, s, "計");
  const from = parseInt($("from").value), toRaw = $("to").value, to = toRaw === "" ? null : parseInt(toRaw);
  const pairs = [["総人口", show(total)], ["男", show(cell("人口", lv, a, "男", "計"))], ["女", show(cell("人口", lv, a, "女", "計"))]];
  for (const [b, label] of [["0-14", "年少人口（0〜14歳）"], ["15-64", "生産年齢人口（15〜64歳）"], ["65+", "老年人口（65歳以上）"]]) {
    const v = cell("人口", lv, a, s, b); pairs.push([label, show(v) + "（" + pct(v, total) + "）"]);
  }
  pairs.push(["高齢化率", pct(cell("人口", lv, a, s, "65+"), total)]);
  pairs.push(["後期高齢化率", pct(cell("人口", lv, a, s, "75+"), total)]);
  pairs.push([`指定の年齢（${from}〜${to === null ? "" : to}歳）`, show(band(lv, a, s, from, to))]);
  let html = rows(pairs);
  const svg = $("pyramid"); svg.innerHTML = "";
  if (lv !== "chome") {
    html += "<h3>5歳階級</h3><table><tr><th>年齢</th><th>男</th><th>女</th><th>計</th></tr>" + D.classes.map(c =>
      `<tr><th>${c}</th><td>${show(cell("人口", lv, a, "男", c))}</td><td>${show(cell("人口", lv, a, "女", c))}</td><td>${show(cell("人口", lv, a, "計", c))}</td></tr>`).join("") + "</table>";
    let max = 1; for (const c of D.classes) for (const x of ["男", "女"]) max = Math.max(max, cell("人口", lv, a, x, c) || 0);
    let bars = "";
    D.classes.forEach((c, i) => {
      const y = 250 - (i + 1) * 11, m = cell("人口", lv, a, "男", c), f = cell("人口", lv, a, "女", c);
      if (m !== null) bars += `<rect class="bar-m" x="${200 - 190 * m / max}" y="${y}" width="${190 * m / max}" height="10"/>`;
      if (f !== null) bars += `<rect class="bar-f" x="220" y="${y}" width="${190 * f / max}" height="10"/>`;
      bars += `<text x="203" y="${y + 9}" font-size="8">${parseInt(c)}</text>`;
    });
    svg.innerHTML = bars + '<text x="10" y="12" font-size="11">男</text><text x="390" y="12" font-size="11">女</text>';
  } else {
    html += "<p>町丁目は小さいため、5歳階級と異動は公表しません（年齢3区分のみ）。</p>";
  }
  $("pop").innerHTML = html;
  for (const kind of ["転入", "転出", "転居"]) {
    const t = kind === "転居" ? "転居入" : kind;
    if (lv === "chome") { $("flow-" + kind).innerHTML = "<p>町丁目単位では公表しません。</p>"; continue; }
    const p = [["計", show(cell(t, lv, a, "計", "計"))]];
    if (kind === "転居") p.push(["転居出", show(cell("転居出", lv, a, "計", "計"))]);
    else { p.push(["県内", show(cell(kind + "県内", lv, a, "計", "計"))]); p.push(["県外（国外を含む）", show(cell(kind + "県外", lv, a, "計", "計"))]); }
    let h = rows(p) + "<table><tr><th>年代</th><th>男</th><th>女</th><th>計</th></tr>" + D.decades.map(d =>
      `<tr><th>${d}</th><td>${show(cell(t, lv, a, "男", d))}</td><td>${show(cell(t, lv, a, "女", d))}</td><td>${show(cell(t, lv, a, "計", d))}</td></tr>`).join("") + "</table>";
    if (kind !== "転居" && lv === "全域") {
      const other = kind === "転入" ? "転入元" : "転出先";
      const month = D.cells[$("month").value];
      const top = Object.entries(month).filter(([k, v]) => k.startsWith(other + "|") && v !== null)
        .map(([k, v]) => [k.split("|")[4], v]).sort((x, y) => y[1] - x[1]).slice(0, 5);
      h += "<h3>上位5市区町村</h3>" + rows(top.map(([code, v]) => [code === "99999" ? "国外" : code, show(v)]));
    }
    $("flow-" + kind).innerHTML = h;
  }
}
function fillAreas() {
  const lv = $("level").value;
  $("area").innerHTML = D.areas[lv].map(a => `<option>${a}</option>`).join("");
}
$("month").innerHTML = D.months.map(m => `<option>${m}</option>`).join("");
$("month").value = D.months[D.months.length - 1];
$("level").innerHTML = Object.entries(D.levels).map(([k, v]) => `<option value="${k}">${v}</option>`).join("");
$("from").innerHTML = D.classes.map(c => `<option value="${start(c)}">${start(c)}</option>`).join("");
$("to").innerHTML = D.classes.map(c => c.endsWith("+") ? `<option value="">${start(c)}以上</option>` : `<option value="${start(c) + 4}">${start(c) + 4}</option>`).join("");
$("from").value = "65"; $("to").value = "";
fillAreas();
for (const id of ["month", "area", "sex", "from", "to"]) $(id).addEventListener("change", render);
$("level").addEventListener("change", () => { fillAreas(); render(); });
render();
</script></body></html>
"""
