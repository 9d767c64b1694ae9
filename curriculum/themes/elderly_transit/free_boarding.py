"""自由乗降区間の根拠: stretches of a bus route far from every stop, and the elderly residents living along them.

A 自由乗降区間 lets passengers board and alight anywhere along a stretch. It helps where the bus already passes
people who live far from a stop. Evidence, per stretch:

1. the route between two consecutive stops (straight lines between stops: most community-bus feeds have no
   ``shapes.txt``; with shapes the road is longer, so this under-states the stretch);
2. minus every stop's catchment (bus 300 m, stations 800 m) → the parts of the route far from any stop;
3. the 65+ residents (mesh estimate, area-weighted) within ``corridor_m`` of those parts and outside every
   catchment: people the bus passes but who have no stop within walking distance.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.geo import JGD2011_GEOGRAPHIC
from curriculum.layers.mesh_population import plane_crs_of
from curriculum.provenance import attach, least_real
from curriculum.themes.elderly_transit.coverage import MLIT_RADII_M, QUAD_SEGS, stop_radii, trips_on

__all__ = ["compute_route_segments", "compute_free_boarding_stretches"]

STRETCH_NOTE = "停留所間を直線で結んだ近似（道路の形ではありません）。65歳以上はメッシュ人口の面積按分による推計"


def compute_route_segments(feed, *, date: str | None = None) -> gpd.GeoDataFrame:
    """路線の区間: one straight segment per pair of consecutive stops served on ``date`` (both directions once).

    Returns ``from_stop``, ``to_stop`` (names), ``route_name`` (the routes using it, joined by 「・」),
    ``trips_per_day`` and the line geometry (EPSG:6668).
    """
    provenance = getattr(feed, "provenance", None)
    inner = getattr(feed, "feed", feed)
    date, trips = trips_on(inner, date)
    st = inner.stop_times[inner.stop_times["trip_id"].isin(trips["trip_id"])].sort_values(["trip_id", "stop_sequence"])
    nxt = st.groupby("trip_id")["stop_id"].shift(-1)
    pairs = pd.DataFrame({"trip_id": st["trip_id"], "a": st["stop_id"], "b": nxt}).dropna()
    pairs = pairs[pairs["a"] != pairs["b"]]
    # Both directions, and the two poles of one named stop (NNN_01 / NNN_02), are one stretch of road.
    name_of = inner.stops.set_index("stop_id")["stop_name"]
    pairs["key"] = [tuple(sorted(p)) for p in zip(pairs["a"].map(name_of), pairs["b"].map(name_of))]
    pairs = pairs[[k[0] != k[1] for k in pairs["key"]]]
    names = inner.routes.set_index("route_id")["route_long_name"].fillna(inner.routes.set_index("route_id")
                                                                         .get("route_short_name", ""))
    pairs["route_name"] = pairs["trip_id"].map(trips.set_index("trip_id")["route_id"]).map(names)
    grouped = pairs.groupby("key").agg(trips_per_day=("trip_id", "nunique"), a=("a", "first"), b=("b", "first"),
                                       route_name=("route_name", lambda s: "・".join(sorted(set(map(str, s))))))
    stops = inner.stops.set_index("stop_id")
    a, b = grouped["a"].tolist(), grouped["b"].tolist()
    lines = shapely.linestrings(np.stack([
        np.column_stack([stops.loc[a, "stop_lon"].astype(float), stops.loc[a, "stop_lat"].astype(float)]),
        np.column_stack([stops.loc[b, "stop_lon"].astype(float), stops.loc[b, "stop_lat"].astype(float)])], axis=1))
    out = gpd.GeoDataFrame({"from_stop": stops.loc[a, "stop_name"].to_numpy(), "to_stop": stops.loc[b, "stop_name"].to_numpy(),
                            "route_name": grouped["route_name"].to_numpy(),
                            "trips_per_day": grouped["trips_per_day"].to_numpy()}, geometry=lines, crs=JGD2011_GEOGRAPHIC)
    out.attrs["date"] = date
    return attach(out, provenance) if provenance is not None else out


def compute_free_boarding_stretches(segments: gpd.GeoDataFrame, stops: gpd.GeoDataFrame, meshes: gpd.GeoDataFrame, *,
                                    radius_m: float = MLIT_RADII_M["bus"], rail_radius_m: float = MLIT_RADII_M["rail"],
                                    corridor_m: float = MLIT_RADII_M["bus"], min_length_m: float = 100.0,
                                    value: str = "elderly_in_city", points: pd.DataFrame | None = None,
                                    points_value: str = "JINKO", crs: str | None = None) -> gpd.GeoDataFrame:
    """自由乗降区間の候補: the parts of each route segment outside every stop's catchment, with the 65+ nearby.

    Parameters
    ----------
    segments : from :func:`compute_route_segments`.
    stops : bus stops (and stations, ``mode`` "rail") whose catchments count as served.
    meshes : mesh population with ``value`` (e.g. ``elderly_in_city``).
    radius_m, rail_radius_m : catchment radii (MLIT: 300 m / 800 m).
    corridor_m : how far from the route a resident can walk to wave the bus down (default 300 m).
    min_length_m : shorter uncovered pieces are dropped (a gap of a few metres between two circles is no stretch).
    points : optional 小地域 table (``X_CODE``/``Y_CODE`` representative points, e.g. ``load_shochiiki``) or a point
        GeoDataFrame: adds ``points_nearby`` = Σ ``points_value`` of the points within ``corridor_m`` of the
        stretch and outside every catchment (real 2015 population even where the mesh layer is practice data).

    Returns
    -------
    GeoDataFrame (EPSG:6668), one row per segment with an uncovered stretch: ``from_stop``, ``to_stop``,
    ``route_name``, ``trips_per_day``, ``length_m`` (uncovered length), ``elderly_nearby`` (推計, area-weighted
    65+ within ``corridor_m`` of the stretch and outside every catchment), sorted by ``elderly_nearby``;
    ``attrs["note"]`` says how it was estimated.

    Examples
    --------
    A 2 km straight route with stops at both ends, and one populated cell halfway along it:

    >>> import shapely, geopandas as gpd
    >>> seg = gpd.GeoDataFrame({"from_stop": ["A"], "to_stop": ["B"], "route_name": ["線"], "trips_per_day": [8]},
    ...                        geometry=[shapely.LineString([(0, 0), (2000, 0)])], crs="EPSG:6676")
    >>> stops = gpd.GeoDataFrame({"mode": ["bus", "bus"]}, geometry=[shapely.Point(0, 0), shapely.Point(2000, 0)], crs="EPSG:6676")
    >>> cells = gpd.GeoDataFrame({"elderly_in_city": [100.0]}, geometry=[shapely.box(750, -250, 1250, 250)], crs="EPSG:6676")
    >>> out = compute_free_boarding_stretches(seg, stops, cells, crs="EPSG:6676")
    >>> round(float(out["length_m"].iloc[0])), round(float(out["elderly_nearby"].iloc[0]), 1)
    (1400, 100.0)
    """
    crs = plane_crs_of(meshes, crs)
    circles = shapely.buffer(stops.to_crs(crs).geometry.to_numpy(), stop_radii(stops, radius_m, rail_radius_m),
                             quad_segs=QUAD_SEGS)
    served = shapely.union_all(circles) if len(circles) else shapely.Polygon()
    lines = segments.to_crs(crs).geometry.to_numpy()
    far = shapely.difference(lines, served)
    length = shapely.length(far)
    keep = length >= min_length_m
    polygons = meshes.to_crs(crs).geometry.to_numpy()
    values = pd.to_numeric(meshes[value], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    areas = shapely.area(polygons)
    tree = shapely.STRtree(polygons)
    nearby = np.zeros(len(lines))
    for i in np.flatnonzero(keep):
        corridor = shapely.difference(shapely.buffer(far[i], corridor_m, quad_segs=QUAD_SEGS), served)
        hit = tree.query(corridor, predicate="intersects")
        if hit.size:
            inside = shapely.area(shapely.intersection(polygons[hit], corridor))
            with np.errstate(invalid="ignore", divide="ignore"):
                nearby[i] = float(np.nansum(values[hit] * np.where(areas[hit] > 0, inside / areas[hit], 0.0)))
    out = gpd.GeoDataFrame(segments.drop(columns="geometry").reset_index(drop=True).assign(
        length_m=length, elderly_nearby=nearby), geometry=far, crs=crs)
    if points is not None:
        if isinstance(points, gpd.GeoDataFrame):
            where = points.to_crs(crs).geometry.to_numpy()
        else:
            where = gpd.GeoSeries(shapely.points(points["X_CODE"].astype(float), points["Y_CODE"].astype(float)),
                                  crs=JGD2011_GEOGRAPHIC).to_crs(crs).to_numpy()
        amounts = pd.to_numeric(points[points_value], errors="coerce").fillna(0.0).to_numpy(dtype=float)
        outside = ~shapely.intersects(where, served)
        point_tree = shapely.STRtree(where)
        counted = np.zeros(len(lines))
        for i in np.flatnonzero(keep):
            hit = point_tree.query(far[i], predicate="dwithin", distance=corridor_m)
            counted[i] = float(amounts[hit[outside[hit]]].sum())
        out["points_nearby"] = counted
    out = out[keep]
    out = out.sort_values("elderly_nearby", ascending=False).to_crs(JGD2011_GEOGRAPHIC).reset_index(drop=True)
    out.attrs = {"note": STRETCH_NOTE, "radius_m": radius_m, "corridor_m": corridor_m}
    provenance = least_real(*(getattr(f, "attrs", {}).get("provenance") for f in (segments, stops, meshes)))
    return attach(out, provenance) if provenance is not None else out
