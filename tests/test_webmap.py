"""Saved maps are self-contained: Leaflet inlined, no CDN files, layers intact."""

import json

import folium

from curriculum.webmap import save_map


def test_offline_map_has_no_cdn_assets(tmp_path):
    fmap = folium.Map(location=[37.67, 138.88], zoom_start=11)
    folium.GeoJson({"type": "Point", "coordinates": [138.88, 37.67]}, name="燕市役所").add_to(fmap)
    folium.LayerControl().add_to(fmap)
    html = save_map(fmap, tmp_path / "map.html").read_text(encoding="utf-8")
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "netdna.bootstrapcdn.com"):
        assert host not in html
    assert "<script src=" not in html and '<link rel="stylesheet" href="http' not in html
    assert "Leaflet 1.9.3" in html or "leaflet" in html.lower()
    assert "data:image/png;base64," in html  # the layer-control icon travels inside the file
    assert json.dumps("燕市役所")[1:-1] in html


def test_online_map_keeps_folium_defaults(tmp_path):
    html = save_map(folium.Map(), tmp_path / "map.html", offline=False).read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in html
