"""地図を保存する: save folium maps as self-contained HTML that works without internet.

folium loads Leaflet, jQuery, Bootstrap and icon fonts from CDNs, so in a training room
without internet a saved map is a blank page. :func:`save_map` inlines the vendored Leaflet
(``curriculum/vendor/leaflet``, BSD-2-Clause) and drops the other CDN files, which the
package's maps do not use (they draw points with ``CircleMarker``, not icon markers).
Background tiles still come from the internet; without it the layers show on a grey ground.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import folium

VENDOR = Path(__file__).resolve().parent / "vendor" / "leaflet"
OFFLINE_NOTE = "背景地図はインターネット接続時のみ表示されます"


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


def _leaflet_css() -> str:
    """leaflet.css with its images as data URIs (no separate image files to carry around)."""
    css = (VENDOR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        image = VENDOR / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
