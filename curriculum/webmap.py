"""地図を保存する: save folium maps as self-contained HTML that works without internet.

folium loads Leaflet, jQuery, Bootstrap and icon fonts from CDNs, so in a training room
without internet a saved map is a blank page. :func:`save_map` inlines the vendored Leaflet
(``curriculum/vendor/leaflet``, BSD-2-Clause) and drops the other CDN files, which the
package's maps do not use (they draw points with ``CircleMarker``, not icon markers).
Background tiles still come from the internet; without it the layers show on a grey ground.
"""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path

import folium

VENDOR = Path(__file__).resolve().parent / "vendor" / "leaflet"
OFFLINE_NOTE = "背景地図はインターネット接続時のみ表示されます"
NO_VALUE_COLOUR = "#cccccc"
# Colour classes as (upper limit, colour); the last class has no limit.
ELDERLY_SHARE_STEPS = [(0.2, "#ffffcc"), (0.3, "#fed976"), (0.4, "#fd8d3c"), (0.5, "#e31a1c"), (None, "#800026")]
USAGE_RATE_STEPS = [(0.1, "#f7fbff"), (0.2, "#9ecae1"), (0.3, "#4292c6"), (None, "#08519c")]


def save_map(fmap: folium.Map, path: str | Path, *, offline: bool = True) -> Path:
    """地図を HTML に保存する (self-contained when ``offline``), returning the path.

    >>> import folium, tempfile, pathlib
    >>> out = save_map(folium.Map(location=[37.67, 138.88], zoom_start=11), pathlib.Path(tempfile.mkdtemp()) / "m.html")
    >>> html = out.read_text(encoding="utf-8")
    >>> "cdn.jsdelivr.net" in html, "L.map(" in html
    (False, True)
    """
    path = Path(path)
    if offline:
        fmap.default_js = []
        fmap.default_css = []
        header = fmap.get_root().header
        header.add_child(folium.Element(f"<style>{_leaflet_css()}</style>"), name="leaflet_css_inline")
        header.add_child(folium.Element(f"<script>{(VENDOR / 'leaflet.js').read_text(encoding='utf-8')}</script>"),
                         name="leaflet_js_inline")
    fmap.save(str(path))
    return path


def step_colour(value, steps) -> str:
    """段階の色: the colour of the class ``value`` falls in (grey when missing).

    >>> step_colour(0.35, ELDERLY_SHARE_STEPS), step_colour(None, ELDERLY_SHARE_STEPS)
    ('#fd8d3c', '#cccccc')
    """
    if value is None or not math.isfinite(value):
        return NO_VALUE_COLOUR
    return next(colour for limit, colour in steps if limit is None or value < limit)


def swatch(colour: str, text: str, *, outline: bool = False) -> str:
    """One legend row: a colour box (filled, or outlined for line layers) and its label."""
    style = f"border:2px solid {colour}" if outline else f"background:{colour}"
    return f'<div><span style="display:inline-block;width:14px;height:10px;{style}"></span> {text}</div>'


def scale_rows(steps) -> list[str]:
    """凡例の行: one legend row per colour class, labelled 20%〜30% … 50%以上.

    >>> len(scale_rows(ELDERLY_SHARE_STEPS)), "50%以上" in scale_rows(ELDERLY_SHARE_STEPS)[-1]
    (5, True)
    """
    rows, lower = [], 0.0
    for limit, colour in steps:
        rows.append(swatch(colour, f"{lower:.0%}〜{limit:.0%}" if limit is not None else f"{lower:.0%}以上"))
        lower = limit
    return rows


def _leaflet_css() -> str:
    """leaflet.css with its images as data URIs (no separate image files to carry around)."""
    css = (VENDOR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        image = VENDOR / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
