"""地図（高齢者の公共交通）: one folium map with switchable layers and a legend.

Layers (each can be turned on and off in the layer control): 高齢化率（メッシュ）, バス路線,
バス停, バス停の徒歩圏, バス空白の高齢化メッシュ, 病院, デマンド交通の地区（利用率）, 市の境界.
A layer that is not real data carries its kind (（練習用・架空） or （再構成データ）) in its name, in its
tooltips and in the legend, read from each frame's provenance record (``attrs["provenance"]``).
Save with :func:`curriculum.webmap.save_map` (works offline).
"""

from __future__ import annotations

import folium
import geopandas as gpd

from curriculum import mesh as jismesh
from curriculum.provenance import PRACTICE_LABEL, Provenance, labelled, least_real
from curriculum.webmap import ELDERLY_SHARE_STEPS, USAGE_RATE_STEPS, scale_rows, step_colour, swatch

__all__ = ["LAYER_NAMES", "map_elderly_transit"]

#: Base names of the layers (the map's names add （練習用・架空） where needed).
LAYER_NAMES = {
    "share": "高齢化率（{level}メッシュ）",
    "routes": "バス路線",
    "stops": "バス停",
    "stations": "鉄道駅",
    "stretches": "停留所から遠い路線区間（自由乗降区間の候補）",
    "buffers": "バス停から {radius} m 圏",
    "gaps": "バス空白の高齢化メッシュ（高齢化率 {threshold:.0%} 以上）",
    "hospitals": "病院（{reference}）",
    "districts": "デマンド交通の地区（利用率）",
    "boundary": "市の境界",
}


def _name(key: str, provenance: Provenance | None, **fmt) -> str:
    name = LAYER_NAMES[key].format(**fmt)
    return labelled(name, provenance) if provenance is not None else name


def _provenance(frame) -> Provenance | None:
    return None if frame is None else frame.attrs.get("provenance")


def _with_kind(data, provenance: Provenance | None, columns: list, aliases: dict):
    """The tooltip's データ column: the layer's kind (実データ / 再構成データ / 練習用・架空)."""
    if provenance is None:
        return data, columns
    aliases["データ"] = "データ"
    return data.assign(データ=provenance.label), [*columns, "データ"]


def map_elderly_transit(meshes: gpd.GeoDataFrame, *, boundary: gpd.GeoDataFrame | None = None,
                        stops: gpd.GeoDataFrame | None = None, routes: gpd.GeoDataFrame | None = None,
                        buffers: gpd.GeoDataFrame | None = None, hospitals: gpd.GeoDataFrame | None = None,
                        districts: gpd.GeoDataFrame | None = None, stretches: gpd.GeoDataFrame | None = None,
                        radius_m: float = 300,
                        gap_threshold: float = 0.35, gap_max_coverage: float = 0.5, provenance: dict | None = None,
                        title: str = "高齢者の公共交通") -> folium.Map:
    """高齢化率・バス・病院・デマンド交通を重ねた地図: a folium Map with one layer per theme.

    Parameters
    ----------
    meshes : GeoDataFrame
        Mesh population (``elderly_share``, ``population``, ``mesh_code``); with ``covered_ratio``
        (from ``compute_coverage``) the バス空白 layer shows meshes with ``elderly_share`` ≥
        ``gap_threshold`` and ``covered_ratio`` < ``gap_max_coverage``.
    boundary, stops, routes, buffers, hospitals, districts : GeoDataFrame, optional
        Layers drawn when given: the city, ``get_stops`` (rows with ``mode`` "rail" — stations — form their own
        layer), route lines (``feed.get_shapes(as_gdf=True)`` or ``compute_route_segments``), ``get_stop_buffers``,
        hospitals (``load_hospitals``; the layer name states their reference date), ``compute_demand_districts``
        (with ``usage_rate``).
    stretches : GeoDataFrame, optional
        From ``compute_free_boarding_stretches``: route parts far from every stop.
    radius_m : float
        Written in the buffer layer's name.
    provenance : dict, optional
        ``{"meshes": Provenance(...), "stops": …}`` overrides where a layer comes from; by default
        each frame's ``attrs["provenance"]`` (set by the ``curriculum.layers`` loaders).
    title : str
        Shown at the top of the legend.

    Returns
    -------
    folium.Map
        With ``layer_names`` (dict key → displayed name) set as an attribute.

    Examples
    --------
    >>> import shapely, geopandas as gpd
    >>> from curriculum.provenance import PRACTICE_ATTRIBUTION, attach
    >>> m = gpd.GeoDataFrame({"mesh_code": ["563847004"], "population": [100], "elderly_share": [0.4]},
    ...                      geometry=[shapely.box(138.88, 37.67, 138.89, 37.675)], crs="EPSG:6668")
    >>> fmap = map_elderly_transit(attach(m, Provenance("practice", "メッシュ人口", PRACTICE_ATTRIBUTION)))
    >>> fmap.layer_names["share"]
    '高齢化率（500mメッシュ）（練習用・架空）'
    """
    given = dict(provenance or {})
    flags = {key: given.get(key, _provenance(frame)) for key, frame in
             (("meshes", meshes), ("stops", stops), ("routes", routes if routes is not None else stops),
              ("buffers", buffers if buffers is not None else stops), ("hospitals", hospitals), ("districts", districts),
              ("stretches", stretches))}
    level = "500m"
    if "mesh_code" in meshes and len(meshes):
        level = jismesh.level_of(str(meshes["mesh_code"].iloc[0]))
    names = {}
    outline = boundary if boundary is not None else meshes
    centre = outline.to_crs("EPSG:4326").union_all().centroid
    fmap = folium.Map(location=[centre.y, centre.x], zoom_start=12, tiles=None)
    folium.TileLayer("OpenStreetMap", name="背景地図（インターネット接続時のみ）").add_to(fmap)

    populated = meshes[meshes["population"] > 0] if "population" in meshes else meshes
    names["share"] = _name("share", flags["meshes"], level=level)
    layer = folium.FeatureGroup(name=names["share"])
    columns = [c for c in ("mesh_code", "population", "elderly_share", "covered_ratio") if c in populated]
    data = populated[columns + ["geometry"]].to_crs("EPSG:4326").copy()
    for column in ("elderly_share", "covered_ratio"):
        if column in data:
            data[column] = data[column].astype(float).round(3)
    aliases = {"mesh_code": "メッシュ", "population": "人口", "elderly_share": "高齢化率", "covered_ratio": "バス停圏の面積割合"}
    data, columns = _with_kind(data, flags["meshes"], columns, aliases)
    folium.GeoJson(data, style_function=lambda f: {"fillColor": step_colour(f["properties"].get("elderly_share"), ELDERLY_SHARE_STEPS),
                                                   "weight": 0.3, "color": "#999999", "fillOpacity": 0.65},
                   tooltip=folium.GeoJsonTooltip(columns, aliases=[aliases[c] for c in columns])).add_to(layer)
    layer.add_to(fmap)

    if districts is not None:
        names["districts"] = _name("districts", flags["districts"])
        cols = [c for c in ("district", "population", "usage_rate") if c in districts]
        data = districts[cols + ["geometry"]].to_crs("EPSG:4326").copy()
        if "usage_rate" in data:
            data["usage_rate"] = data["usage_rate"].astype(float).round(3)
        district_aliases = {"district": "地区", "population": "人口(2015)", "usage_rate": "利用率"}
        data, cols = _with_kind(data, flags["districts"], cols, district_aliases)
        folium.GeoJson(data, name=names["districts"], show=False,
                       style_function=lambda f: {"fillColor": step_colour(f["properties"].get("usage_rate"), USAGE_RATE_STEPS),
                                                 "color": "#08306b", "weight": 1.5, "fillOpacity": 0.45},
                       tooltip=folium.GeoJsonTooltip(cols, aliases=[district_aliases[c] for c in cols]),
                       ).add_to(fmap)

    if buffers is not None:
        names["buffers"] = _name("buffers", flags["buffers"], radius=int(radius_m))
        folium.GeoJson(buffers[["geometry"]].to_crs("EPSG:4326"), name=names["buffers"],
                       style_function=lambda f: {"fillColor": "#3182bd", "color": "#3182bd", "weight": 1,
                                                 "fillOpacity": 0.15}).add_to(fmap)

    if "covered_ratio" in meshes and "elderly_share" in meshes:
        gaps = meshes[(meshes["elderly_share"] >= gap_threshold) & (meshes["covered_ratio"] < gap_max_coverage)
                      & (meshes["population"] > 0)]
        names["gaps"] = _name("gaps", least_real(flags["meshes"], flags["stops"]), threshold=gap_threshold)
        cols = [c for c in ("mesh_code", "population", "elderly_share") if c in gaps]
        data = gaps[cols + ["geometry"]].to_crs("EPSG:4326").copy()
        data["elderly_share"] = data["elderly_share"].astype(float).round(3)
        folium.GeoJson(data, name=names["gaps"],
                       style_function=lambda f: {"fill": False, "color": "#6a00a8", "weight": 2.5},
                       tooltip=folium.GeoJsonTooltip(cols, aliases=[aliases.get(c, c) for c in cols])).add_to(fmap)

    if routes is not None and len(routes):
        names["routes"] = _name("routes", flags["routes"])
        cols = [c for c in ("shape_id", "route_name") if c in routes]
        folium.GeoJson(routes[cols + ["geometry"]].to_crs("EPSG:4326"), name=names["routes"],
                       style_function=lambda f: {"color": "#00873c", "weight": 4, "opacity": 0.8}).add_to(fmap)

    if stretches is not None and len(stretches):
        names["stretches"] = _name("stretches", flags["stretches"])
        data = stretches[["from_stop", "to_stop", "length_m", "elderly_nearby", "geometry"]].to_crs("EPSG:4326").copy()
        data[["length_m", "elderly_nearby"]] = data[["length_m", "elderly_nearby"]].astype(float).round(0)
        folium.GeoJson(data, name=names["stretches"],
                       style_function=lambda f: {"color": "#ff7f00", "weight": 6, "opacity": 0.9},
                       tooltip=folium.GeoJsonTooltip(["from_stop", "to_stop", "length_m", "elderly_nearby"],
                                                     aliases=["から", "まで", "停留所から遠い長さ(m)", "沿線の65歳以上(推計)"]),
                       ).add_to(fmap)

    if stops is not None:
        rail = stops["mode"].eq("rail").to_numpy() if "mode" in stops else None
        bus_stops = stops[~rail] if rail is not None else stops
        names["stops"] = _name("stops", flags["stops"])
        layer = folium.FeatureGroup(name=names["stops"])
        for row in bus_stops.to_crs("EPSG:4326").itertuples():
            label = f"{row.stop_name}（1日 {getattr(row, 'trips_per_day', '?')} 便）"
            folium.CircleMarker([row.geometry.y, row.geometry.x], radius=4, color="#d62728", fill=True,
                                fill_opacity=0.9, tooltip=label).add_to(layer)
        layer.add_to(fmap)
        if rail is not None and rail.any():
            names["stations"] = LAYER_NAMES["stations"]
            layer = folium.FeatureGroup(name=names["stations"])
            for row in stops[rail].to_crs("EPSG:4326").itertuples():
                label = f"{row.stop_name}駅（{getattr(row, 'line', '鉄道')}）"
                folium.RegularPolygonMarker([row.geometry.y, row.geometry.x], number_of_sides=4, radius=7,
                                            color="#1f3a93", fill=True, fill_opacity=0.9, tooltip=label).add_to(layer)
            layer.add_to(fmap)

    if hospitals is not None:
        reference = getattr(flags["hospitals"], "reference_date", None) or "基準日不明"
        names["hospitals"] = _name("hospitals", flags["hospitals"], reference=f"基準: {reference}")
        layer = folium.FeatureGroup(name=names["hospitals"])
        for row in hospitals.to_crs("EPSG:4326").itertuples():
            closed = not bool(getattr(row, "open", True))
            folium.CircleMarker([row.geometry.y, row.geometry.x], radius=8, color="#999999" if closed else "#2ca02c",
                                fill=True, fill_color="#ffffff", weight=3, dash_array="3" if closed else None,
                                tooltip=f"{getattr(row, 'name', '病院')}（{getattr(row, 'status', '')}）").add_to(layer)
        layer.add_to(fmap)

    if boundary is not None:
        names["boundary"] = LAYER_NAMES["boundary"]
        folium.GeoJson(boundary[["geometry"]].to_crs("EPSG:4326"), name=names["boundary"],
                       style_function=lambda f: {"fill": False, "color": "#333333", "weight": 2}).add_to(fmap)

    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.get_root().html.add_child(folium.Element(_legend(title, names)))
    fmap.layer_names = names
    return fmap


def _legend(title: str, names: dict) -> str:
    rows = [f"<b>{title}</b>", "<div><b>65歳以上の割合</b></div>", *scale_rows(ELDERLY_SHARE_STEPS)]
    if "gaps" in names:
        rows.append(swatch("#6a00a8", "バス空白の高齢化メッシュ", outline=True))
    if "buffers" in names:
        rows.append(swatch("#9ecae1", names["buffers"]))
    if "stops" in names:
        rows.append(swatch("#d62728", "バス停"))
    if "stations" in names:
        rows.append(swatch("#1f3a93", "鉄道駅（800 m 圏）"))
    if "routes" in names:
        rows.append(swatch("#00873c", "バス路線"))
    if "stretches" in names:
        rows.append(swatch("#ff7f00", "停留所から遠い路線区間"))
    if "hospitals" in names:
        rows.append(swatch("#2ca02c", names["hospitals"], outline=True))
    if "districts" in names:
        rows.append("<div><b>デマンド交通の利用率</b></div>")
        rows += scale_rows(USAGE_RATE_STEPS)
    practice = [names[k] for k in names if PRACTICE_LABEL in names[k]]
    if practice:
        rows.append(f'<div style="margin-top:4px;color:#b00">{PRACTICE_LABEL}のレイヤー: {len(practice)} 件'
                    "（実在の統計・時刻表ではありません）</div>")
    return ('<div style="position:fixed;bottom:24px;left:8px;z-index:9999;background:white;padding:6px;'
            'font-size:12px;max-width:260px">' + "".join(rows) + "</div>")
