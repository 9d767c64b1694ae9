"""Saved maps are self-contained: Leaflet inlined, no CDN files, layers intact."""

import json

import folium
import pytest

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


def _choropleth_map():
    """A map with every part the course's maps use: a Choropleth (branca's d3 legend), tooltips, points, layers."""
    import geopandas as gpd
    from shapely.geometry import box

    areas = gpd.GeoDataFrame({"code": ["a", "b", "c"], "name": ["西", "中", "東"], "pct": [31.2, 32.1, 33.0]},
                             geometry=[box(138.80 + i / 10, 37.60, 138.90 + i / 10, 37.70) for i in range(3)], crs=4326)
    fmap = folium.Map(location=[37.65, 138.95], zoom_start=10, tiles=None)
    folium.Choropleth(geo_data=areas.to_json(), data=areas, columns=["code", "pct"], key_on="feature.properties.code",
                      fill_color="OrRd", legend_name="高齢化率（%）").add_to(fmap)
    folium.GeoJson(areas.to_json(), tooltip=folium.GeoJsonTooltip(["name", "pct"])).add_to(fmap)
    folium.CircleMarker([37.65, 138.95], radius=5).add_to(fmap)
    folium.LayerControl().add_to(fmap)
    return fmap


def test_saved_choropleth_draws_offline_in_a_real_browser(tmp_path):
    """Headless chromium with no network: no script error, d3 present, the legend and the three areas drawn."""
    from browser import page_evaluate

    path = save_map(_choropleth_map(), tmp_path / "choropleth.html")
    html = path.read_text(encoding="utf-8")
    assert "<script src=" not in html and "<link rel=\"stylesheet\"" not in html
    drawn, errors = page_evaluate(path, """() => ({
        d3: typeof d3 !== "undefined" && d3.version,
        areas: document.querySelectorAll("path.leaflet-interactive").length,
        legendTicks: [...document.querySelectorAll(".legend svg .tick text")].map(t => t.textContent),
        legendTitle: document.querySelector(".legend svg") ? document.querySelector(".legend svg").textContent : "",
    })""")
    assert errors == []
    assert drawn["d3"] == "3.5.5"
    assert drawn["areas"] >= 7  # 3 choropleth areas + 3 tooltip areas + 1 point
    assert drawn["legendTicks"] and "高齢化率（%）" in drawn["legendTitle"]


def test_a_part_that_needs_an_unvendored_file_is_a_clear_error(tmp_path):
    from curriculum.errors import CurriculumError

    fmap = folium.Map(location=[37.67, 138.88], zoom_start=11, tiles=None)
    folium.Marker([37.67, 138.88], icon=folium.Icon(icon="info-sign")).add_to(fmap)
    with pytest.raises(CurriculumError, match="オフライン"):
        save_map(fmap, tmp_path / "icons.html")
    assert not (tmp_path / "icons.html").exists()
