"""地図を保存する: save folium maps as self-contained HTML that works without internet.

folium (and branca, which draws the colour-scale legend of ``folium.Choropleth``) load Leaflet, d3, jQuery,
Bootstrap and icon fonts from CDNs, so in a training room without internet a saved map is a blank page
(``d3 is not defined``). :func:`save_map` renders the map, then replaces every ``<script src>`` and stylesheet
link by the file itself from ``curriculum/vendor`` (Leaflet 1.9.3 and d3 3.5.5, the versions folium/branca
name, taken unchanged from their npm packages). Map-level defaults the package's maps do not use (jQuery,
Bootstrap, Font Awesome and awesome-markers, needed only by icon markers) are left out; an element that needs
a file which is not vendored is a :class:`~curriculum.errors.CurriculumError` naming it, never a blank map.
Background tiles still come from the internet; without it the layers show on a grey ground.
"""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path

import folium

from curriculum.errors import CurriculumError

VENDOR = Path(__file__).resolve().parent / "vendor" / "leaflet"
VENDOR_ROOT = VENDOR.parent
# Files folium/branca load from a CDN -> the same file vendored here (see curriculum/vendor/README.md).
VENDORED_SCRIPTS = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/leaflet.js",
    "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js": "d3/d3.min.js",
    "https://d3js.org/d3.v3.min.js": "d3/d3.min.js",
}
VENDORED_STYLES = {"https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/leaflet.css"}
_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
_STYLE = re.compile(r'<link rel="stylesheet" href="([^"]+)"/?>')
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
    if not offline:
        fmap.save(str(path))
        return path
    # Map-level CDN defaults that only icon markers and Bootstrap widgets use; Leaflet comes back inlined below.
    fmap.default_js = [("leaflet", next(url for url, file in VENDORED_SCRIPTS.items() if file == "leaflet/leaflet.js"))]
    fmap.default_css = [("leaflet_css", next(iter(VENDORED_STYLES)))]
    html = inline_assets(fmap.get_root().render())
    if "L.AwesomeMarkers" in html:  # folium.Icon needs awesome-markers, jQuery, Bootstrap and Font Awesome
        raise _not_vendored(dict(folium.Map.default_js)["awesome_markers"])
    path.write_text(html, encoding="utf-8")
    return path


def inline_assets(html: str) -> str:
    """Replace every ``<script src>`` / stylesheet link of a rendered map by the vendored file's content.

    >>> inline_assets('<script src="https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"></script>')[:20]
    '<script>!function(){'
    """

    def script(match: re.Match) -> str:
        file = VENDORED_SCRIPTS.get(match.group(1))
        if file is None:
            raise _not_vendored(match.group(1))
        text = (VENDOR_ROOT / file).read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>{text}</script>"

    def style(match: re.Match) -> str:
        if match.group(1) not in VENDORED_STYLES:
            raise _not_vendored(match.group(1))
        return f"<style>{_leaflet_css()}</style>"

    return _STYLE.sub(style, _SCRIPT.sub(script, html))


def _not_vendored(url: str) -> CurriculumError:
    return CurriculumError(
        f"この地図はインターネット上のファイル {url} を使う部品を含むため、オフラインでは表示できません。",
        f"the map uses {url}, which is not vendored in curriculum/vendor, so it would not work offline",
        fix="CircleMarker や GeoJson など、同梱のファイルだけで描ける部品を使うか、save_map(..., offline=False) で保存してください。",
    )


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
