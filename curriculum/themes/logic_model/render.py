"""ロジックモデルの図: an SVG diagram (Japanese text) and a self-contained HTML page with the indicator table.

Six columns, one per stage; each box shows its text, its indicator and the city's current value with the
year and 出典; links are arrows, dashed red where the evidence is not written yet. The page needs no
network (no scripts, no web fonts) so it can be opened on a city's closed network or printed.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from curriculum.themes.logic_model.model import STAGES, LogicModel

__all__ = ["render_svg", "write_logic_model_html"]

_COL_W, _BOX_W, _GAP_Y, _TOP, _LEFT, _LINE_H, _CHARS = 200, 176, 18, 56, 12, 16, 12
_FONT = "'IPAexGothic', 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif"


def _wrap(text: str, width: int = _CHARS) -> list[str]:
    lines = []
    for paragraph in str(text).splitlines() or [""]:
        lines.extend(paragraph[i:i + width] for i in range(0, max(len(paragraph), 1), width))
    return lines


def _value_text(row) -> str:
    if row is None:
        return "指標: 未設定"
    if row["状態"] != "値あり":
        return f"値: {row['状態']}"
    value = row["値"]
    number = f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    year = f"（{row['年']}）" if row["年"] else ""
    return f"値: {number}{row['単位']}{year}"


def render_svg(model: LogicModel, values: pd.DataFrame | None = None) -> str:
    """The model as an SVG string (width fits six stages; height fits the tallest column)."""
    by_box = {} if values is None else {r["箱"]: r for _, r in values.iterrows()}
    positions, parts, heights = {}, [], {}
    for column, stage in enumerate(STAGES):
        y = _TOP
        x = _LEFT + column * _COL_W
        parts.append(f'<text x="{x + _BOX_W / 2}" y="30" text-anchor="middle" font-weight="bold" font-size="14">{stage}</text>')
        for box in (b for b in model.boxes if b.stage == stage):
            lines = _wrap(box.text)
            detail = []
            if box.indicator is not None:
                detail = _wrap(f"指標: {box.indicator.name}", 14) + _wrap(_value_text(by_box.get(box.id)), 14)
            else:
                detail = [_value_text(None)]
            height = 12 + _LINE_H * (len(lines) + len(detail)) + 8
            missing = box.indicator is None or by_box.get(box.id, {"状態": ""})["状態"] != "値あり"
            stroke = "#cc3311" if missing else "#335577"
            parts.append(f'<rect x="{x}" y="{y}" width="{_BOX_W}" height="{height}" rx="6" fill="#f7f9fc" '
                         f'stroke="{stroke}" stroke-width="1.5"/>')
            text_y = y + 20
            for line in lines:
                parts.append(f'<text x="{x + 8}" y="{text_y}" font-size="13" font-weight="bold">{html.escape(line)}</text>')
                text_y += _LINE_H
            for line in detail:
                parts.append(f'<text x="{x + 8}" y="{text_y}" font-size="11" fill="#333">{html.escape(line)}</text>')
                text_y += _LINE_H
            positions[box.id] = (x, y, height)
            y += height + _GAP_Y
        heights[stage] = y
    for link in model.links:
        sx, sy, sh = positions[link.source]
        tx, ty, th = positions[link.target]
        dashed = "" if link.evidence else ' stroke-dasharray="5,4"'
        colour = "#555" if link.evidence else "#cc3311"
        title = html.escape(link.evidence or "根拠が未確認")
        if sx == tx:  # same stage: from the bottom of one box to the top of the next
            x1, y1, x2, y2 = sx + _BOX_W / 2, sy + sh, tx + _BOX_W / 2, ty - 4
        else:
            x1, y1, x2, y2 = sx + _BOX_W, sy + sh / 2, tx - 4, ty + th / 2
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
                     f'stroke-width="1.3"{dashed} marker-end="url(#arrow)"><title>{title}</title></line>')
    height = max(heights.values()) + 40
    width = _LEFT * 2 + _COL_W * len(STAGES)
    parts.append(f'<text x="{_LEFT}" y="{height - 12}" font-size="11" fill="#cc3311">赤い枠: 指標の値がまだない箱　'
                 f'赤い破線: 根拠が未確認のつながり</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="{_FONT}" role="img" aria-label="{html.escape(model.title)}">'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>' + "".join(parts) + "</svg>")


def write_logic_model_html(model: LogicModel, path: str | Path, *, values: pd.DataFrame | None = None,
                           gaps: pd.DataFrame | None = None, city_name: str = "", practice: bool = False) -> Path:
    """Write the diagram, the indicator table and the list of gaps as one offline HTML page."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    title = f"{model.title}（{city_name}）" if city_name else model.title
    tables = ""
    if values is not None and len(values):
        shown = values.assign(値=values["値"].map(lambda v: "" if pd.isna(v) else f"{v:,.2f}"))
        tables += "<h2>指標と現在値</h2>" + shown.to_html(index=False, border=0, classes="t", na_rep="")
    if gaps is not None:
        tables += "<h2>まだ足りないもの</h2>" + (gaps.to_html(index=False, border=0, classes="t") if len(gaps)
                                           else "<p>足りないものはありません。</p>")
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in model.notes)
    banner = '<p class="practice">練習用・架空データを含みます。</p>' if practice else ""
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:{_FONT};margin:24px;color:#222}} table.t{{border-collapse:collapse;font-size:13px}}
table.t td,table.t th{{border-bottom:1px solid #ccd;padding:4px 8px;text-align:left}} .practice{{color:#c00;font-weight:bold}}
</style></head><body>
<h1>{html.escape(title)}</h1>{banner}
{render_svg(model, values)}
{tables}
{f"<h2>メモ</h2><ul>{notes}</ul>" if notes else ""}
</body></html>"""
    path.write_text(page, encoding="utf-8")
    return path
