"""公共交通カバー率: bus-stop and station catchments (誘致圏) and the population inside them.

Radii default to MLIT「都市構造の評価に関するハンドブック」(2014): バス停誘致圏 300 m, 鉄道駅
800 m (一般的な徒歩圏), 高齢者徒歩圏 500 m. Buffers are drawn in the prefecture's 平面直角座標系,
never in Web Mercator (EPSG:3857 stretches distances by 1/cos φ: a "300 m" buffer at 37.7°N
is ≈237 m on the ground — the error of tools that buffer in 3857).

Two estimates of the covered population, both labelled 推計 because residents are not
located inside a mesh:

* area-weighted (面積按分): value × (area of the mesh inside the union of buffers ÷ mesh area);
* centroid-based (重心判定): the whole value counts if the mesh's centroid is within a radius.

The area-weighted computation is exact polygon geometry (buffers are 64-gons, as geopandas'
default ``buffer``), but works mesh by mesh on the few stops near each mesh (an STRtree
query) instead of overlaying every mesh with the union of all buffers.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.errors import CurriculumError
from curriculum.geo import JGD2011_GEOGRAPHIC
from curriculum.layers.mesh_population import plane_crs_of
from curriculum.provenance import attach

__all__ = ["MLIT_RADII_M", "get_stops", "combine_stops", "get_stop_buffers", "get_route_shapes", "compute_coverage",
           "compute_coverage_summary", "compute_covered_area"]

#: MLIT「都市構造の評価に関するハンドブック」の徒歩圏 (m).
MLIT_RADII_M = {"bus": 300, "rail": 800, "elderly_walk": 500}
RAIL_ROUTE_TYPES = {0, 1, 2, 5, 7, 12}  # tram, metro, rail, cable car, funicular, monorail
QUAD_SEGS = 16  # 64-gon circles, the same as GeoSeries.buffer's default resolution
ESTIMATE_NOTE = "推計（面積按分・重心判定。実際の居住地点ではありません）"


def trips_on(feed, date: str | None):
    """(date, trips active on it) of a gtfs_kit Feed. Default date: the busiest day of the feed's first week."""
    if date is None:
        week = feed.get_first_week()
        if not week:
            raise CurriculumError("フィードに運行日がありません（calendar が空か期限切れ）。",
                                  "the feed has no service dates", fix="date='YYYYMMDD' を指定してください。")
        date = feed.compute_busiest_date(week)
    return date, feed.get_trips(date)


def get_stops(feed, *, date: str | None = None, min_trips_per_day: int | None = None) -> gpd.GeoDataFrame:
    """停留所（バス停・駅）の一覧: stops served on a day, with the number of trips and the mode.

    Parameters
    ----------
    feed : GtfsJpFeed or gtfs_kit.Feed
    date : str, optional
        ``"YYYYMMDD"``; default the busiest day of the feed's first week (a weekday for
        most community buses).
    min_trips_per_day : int, optional
        Keep only stops served by at least this many trips that day (MLIT's 基幹的公共交通
        uses 片道30本/日; a community bus rarely reaches it).

    Returns
    -------
    GeoDataFrame (EPSG:6668)
        ``stop_id``, ``stop_name``, ``trips_per_day`` (distinct trips calling there),
        ``mode`` (``"bus"`` or ``"rail"`` from the routes' ``route_type``) and point geometry.
        Parent stations (``location_type`` 1) and unserved stops are left out.
        ``attrs["date"]`` is the day counted; ``attrs["provenance"]`` is the feed's, when it has one
        (a feed from ``curriculum.layers.load_bus_feed``).

    Examples
    --------
    >>> import tempfile
    >>> from curriculum.data import read_gtfs_jp
    >>> from curriculum.practice.gtfs import write_practice_gtfs
    >>> jp = read_gtfs_jp(write_practice_gtfs(tempfile.mkdtemp(), center_lat=37.66, center_lon=138.9))
    >>> stops = get_stops(jp, date="20250407")
    >>> len(stops), int(stops["trips_per_day"].max()), stops["mode"].unique().tolist()
    (18, 41, ['bus'])
    >>> len(get_stops(jp, date="20250407", min_trips_per_day=20))
    14
    """
    provenance = getattr(feed, "provenance", None)
    feed = getattr(feed, "feed", feed)
    date, trips = trips_on(feed, date)
    stop_times = feed.stop_times[feed.stop_times["trip_id"].isin(trips["trip_id"])]
    served = stop_times.merge(trips[["trip_id", "route_id"]], on="trip_id").merge(
        feed.routes[["route_id", "route_type"]], on="route_id")
    served["rail"] = served["route_type"].astype(int).isin(RAIL_ROUTE_TYPES)
    per_stop = served.groupby("stop_id").agg(trips_per_day=("trip_id", "nunique"), rail=("rail", "any"))
    stops = feed.stops.merge(per_stop, left_on="stop_id", right_index=True, how="inner")
    if "location_type" in stops:
        stops = stops[stops["location_type"].fillna(0).astype(int) == 0]
    if min_trips_per_day is not None:
        stops = stops[stops["trips_per_day"] >= min_trips_per_day]
    out = gpd.GeoDataFrame({
        "stop_id": stops["stop_id"].astype(str).to_numpy(),
        "stop_name": stops["stop_name"].astype(str).to_numpy(),
        "trips_per_day": stops["trips_per_day"].astype(int).to_numpy(),
        "mode": np.where(stops["rail"].to_numpy(), "rail", "bus"),
    }, geometry=shapely.points(stops["stop_lon"].astype(float), stops["stop_lat"].astype(float)), crs=JGD2011_GEOGRAPHIC)
    out.attrs["date"] = date
    if provenance is not None:
        attach(out, provenance)
    return out.reset_index(drop=True)


def combine_stops(*layers: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """バス停と駅を 1 つの表に: bus stops (``get_stops``) and stations (``load_rail_stations``) for coverage.

    Keeps ``stop_id``, ``stop_name``, ``mode``, ``trips_per_day`` (None for stations: N02 has no timetable) and
    ``line``; the provenance is the least real of the layers'.

    >>> import shapely
    >>> bus = gpd.GeoDataFrame({"stop_id": ["1"], "stop_name": ["役場前"], "trips_per_day": [8], "mode": ["bus"]},
    ...                        geometry=[shapely.Point(138.9, 37.6)], crs="EPSG:6668")
    >>> rail = gpd.GeoDataFrame({"stop_id": ["N02:燕:弥彦線"], "stop_name": ["燕"], "line": ["弥彦線"], "mode": ["rail"]},
    ...                         geometry=[shapely.Point(138.92, 37.66)], crs="EPSG:6668")
    >>> combine_stops(bus, rail)[["stop_name", "mode"]].values.tolist()
    [['役場前', 'bus'], ['燕', 'rail']]
    """
    from curriculum.provenance import least_real

    columns = ["stop_id", "stop_name", "mode", "trips_per_day", "line"]
    parts = [gpd.GeoDataFrame(layer.reindex(columns=columns), geometry=layer.to_crs(JGD2011_GEOGRAPHIC).geometry.to_numpy(),
                              crs=JGD2011_GEOGRAPHIC) for layer in layers if layer is not None and len(layer)]
    out = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=JGD2011_GEOGRAPHIC)
    out.attrs = {}
    record = least_real(*(layer.attrs.get("provenance") for layer in layers if layer is not None))
    return attach(out, record) if record is not None else out


def stop_radii(stops: gpd.GeoDataFrame, radius_m: float, rail_radius_m: float) -> np.ndarray:
    for r in (radius_m, rail_radius_m):
        if not r > 0:
            raise CurriculumError(f"半径 {r} m は正の数にしてください。", f"radius must be positive, not {r}")
    if "mode" in stops:
        return np.where(stops["mode"].to_numpy() == "rail", float(rail_radius_m), float(radius_m))
    return np.full(len(stops), float(radius_m))


def get_stop_buffers(stops: gpd.GeoDataFrame, *, crs: str, radius_m: float = MLIT_RADII_M["bus"],
                     rail_radius_m: float = MLIT_RADII_M["rail"], dissolve: bool = True) -> gpd.GeoDataFrame:
    """停留所の誘致圏（バッファ）: circles drawn in the 平面直角座標系, returned in EPSG:6668.

    With ``dissolve`` one (Multi)Polygon: the union, for maps and for overlap checks.

    Examples
    --------
    >>> import shapely, geopandas as gpd
    >>> stop = gpd.GeoDataFrame(geometry=[shapely.Point(138.9, 37.66)], crs="EPSG:6668")
    >>> area = get_stop_buffers(stop, crs="EPSG:6676").to_crs("EPSG:6676").area.iloc[0]
    >>> round(float(area) / (3.141592653589793 * 300 ** 2), 3)   # a 64-gon: 0.16 % short of the circle
    0.998
    """
    crs = plane_crs_of(stops, crs)
    circles = shapely.buffer(stops.to_crs(crs).geometry.to_numpy(), stop_radii(stops, radius_m, rail_radius_m),
                             quad_segs=QUAD_SEGS)
    if dissolve:
        circles = np.array([shapely.union_all(circles)])
    radii = [radius_m] if dissolve else stop_radii(stops, radius_m, rail_radius_m)
    out = gpd.GeoDataFrame({"radius_m": radii}, geometry=circles, crs=crs).to_crs(JGD2011_GEOGRAPHIC)
    if "provenance" in stops.attrs:
        attach(out, stops.attrs["provenance"])
    return out


def compute_covered_area(polygons: np.ndarray, circles: np.ndarray) -> np.ndarray:
    """Area of each polygon inside the union of the circles (same units as the coordinates).

    Per polygon, only the circles that intersect it are united and clipped: the result equals
    ``area(polygon ∩ union(all circles))`` without building the global union.
    """
    polygons = np.asarray(polygons)
    covered = np.zeros(len(polygons))
    if len(circles) == 0 or len(polygons) == 0:
        return covered
    tree = shapely.STRtree(circles)
    poly_idx, circle_idx = tree.query(polygons, predicate="intersects")
    if poly_idx.size == 0:
        return covered
    counts = np.bincount(poly_idx, minlength=len(polygons))
    single = counts[poly_idx] == 1
    covered[poly_idx[single]] = shapely.area(shapely.intersection(polygons[poly_idx[single]], circles[circle_idx[single]]))
    multi_poly, multi_circle = poly_idx[~single], circle_idx[~single]
    if multi_poly.size:
        order = np.argsort(multi_poly, kind="stable")
        multi_poly, multi_circle = multi_poly[order], multi_circle[order]
        # Clip every circle to its polygon first (vectorised), then unite the small pieces per polygon.
        pieces = shapely.intersection(circles[multi_circle], polygons[multi_poly])
        starts = np.flatnonzero(np.r_[True, multi_poly[1:] != multi_poly[:-1]])
        for start, end in zip(starts, np.r_[starts[1:], multi_poly.size]):
            covered[multi_poly[start]] = shapely.union_all(pieces[start:end]).area
    return covered


def compute_coverage(meshes: gpd.GeoDataFrame, stops: gpd.GeoDataFrame, *, radius_m: float = MLIT_RADII_M["bus"],
                     rail_radius_m: float = MLIT_RADII_M["rail"], crs: str | None = None) -> gpd.GeoDataFrame:
    """メッシュごとの公共交通カバー状況: covered area fraction and centroid test per mesh.

    Parameters
    ----------
    meshes : GeoDataFrame
        Polygons (e.g. from ``compute_mesh_population``; clipped meshes are measured as clipped).
    stops : GeoDataFrame
        Points, e.g. from :func:`get_stops`; a ``mode`` column of ``"rail"`` uses ``rail_radius_m``.
    radius_m : float, default 300
        Bus-stop catchment (MLIT バス停誘致圏 300 m; 高齢者徒歩圏 500 m).
    rail_radius_m : float, default 800
        Station catchment (MLIT 一般的な徒歩圏 800 m).
    crs : str, optional
        平面直角座標系; default ``meshes.attrs["plane_crs"]``.

    Returns
    -------
    GeoDataFrame
        ``meshes`` plus ``covered_ratio`` (0–1, share of the polygon's area inside the union of
        catchments), ``centroid_covered`` (bool) and ``nearest_stop_m`` (centroid to nearest
        stop, straight line in the 平面直角座標系). ``attrs["radius_m"]`` records the radius.

    Examples
    --------
    Two 500 m × 500 m cells; a stop on their shared edge covers a half-disc in each:

    >>> import shapely, geopandas as gpd
    >>> cells = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 500, 500), shapely.box(500, 0, 1000, 500)], crs="EPSG:6676")
    >>> stop = gpd.GeoDataFrame(geometry=[shapely.Point(500, 250)], crs="EPSG:6676")
    >>> cov = compute_coverage(cells, stop, radius_m=200, crs="EPSG:6676")
    >>> cov["covered_ratio"].round(4).tolist(), cov["centroid_covered"].tolist()
    ([0.2509, 0.2509], [False, False])
    """
    crs = plane_crs_of(meshes, crs)
    polygons = meshes.to_crs(crs).geometry.to_numpy()
    points = stops.to_crs(crs).geometry.to_numpy()
    radii = stop_radii(stops, radius_m, rail_radius_m)
    circles = shapely.buffer(points, radii, quad_segs=QUAD_SEGS)
    area = shapely.area(polygons)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(area > 0, compute_covered_area(polygons, circles) / area, 0.0)
    centroids = shapely.centroid(polygons)
    covered = np.zeros(len(polygons), dtype=bool)
    nearest = np.full(len(polygons), np.inf)
    if len(points):
        for r in np.unique(radii):  # a centroid is covered if within its own mode's radius of a stop
            near_idx, _ = shapely.STRtree(points[radii == r]).query(centroids, predicate="dwithin", distance=r)
            covered[near_idx] = True
        hit, stop_idx = shapely.STRtree(points).query_nearest(centroids, all_matches=False)
        nearest[hit] = shapely.distance(centroids[hit], points[stop_idx])
    out = meshes.copy()
    out["covered_ratio"] = np.clip(ratio, 0.0, 1.0)
    out["centroid_covered"] = covered
    out["nearest_stop_m"] = nearest
    out.attrs = dict(meshes.attrs, radius_m=radius_m, rail_radius_m=rail_radius_m, plane_crs=crs)
    return out


def compute_coverage_summary(coverage: gpd.GeoDataFrame | pd.DataFrame, *, value: str = "elderly_in_city",
                             by: str | None = None) -> pd.DataFrame:
    """カバー率の集計: covered and uncovered totals of ``value``, both estimates, overall or by group.

    Returns one row (or one per ``by`` group) with ``total``, ``covered_area`` (面積按分),
    ``uncovered_area``, ``coverage_area`` (share), ``covered_centroid`` (重心判定),
    ``coverage_centroid`` and ``note`` (推計). ``covered_area + uncovered_area == total``
    (each summed separately, so the identity is a check, not a definition).

    Examples
    --------
    >>> df = pd.DataFrame({"elderly_in_city": [100.0, 50.0], "covered_ratio": [0.25, 1.0], "centroid_covered": [False, True]})
    >>> compute_coverage_summary(df)[["total", "covered_area", "uncovered_area", "covered_centroid"]].values.tolist()
    [[150.0, 75.0, 75.0, 50.0]]
    """
    for column in (value, "covered_ratio", "centroid_covered"):
        if column not in coverage:
            raise CurriculumError(f"列 {column} がありません。", f"missing column {column}",
                                  fix="compute_coverage の結果（と人口の列）を渡してください。")
    values = pd.to_numeric(coverage[value], errors="coerce").fillna(0.0).astype(float)
    frame = pd.DataFrame({
        "total": values,
        "covered_area": values * coverage["covered_ratio"],
        "uncovered_area": values * (1.0 - coverage["covered_ratio"]),
        "covered_centroid": values.where(coverage["centroid_covered"].astype(bool), 0.0),
    })
    if by is None:
        summary = frame.sum().to_frame().T
    else:
        summary = frame.groupby(coverage[by].to_numpy()).sum()
        summary.index.name = by
    with np.errstate(invalid="ignore", divide="ignore"):
        summary["coverage_area"] = summary["covered_area"] / summary["total"]
        summary["coverage_centroid"] = summary["covered_centroid"] / summary["total"]
    summary["note"] = ESTIMATE_NOTE
    return summary


def get_route_shapes(feed) -> gpd.GeoDataFrame:
    """路線の形（shapes.txt）: one line per shape with its route name, EPSG:6668.

    Raises ``DataFormatError`` (via ``GtfsJpFeed.require``) when the feed has no shapes.txt;
    many small feeds do not, and then only the stops can be drawn.

    Examples
    --------
    >>> import tempfile
    >>> from curriculum.data import read_gtfs_jp
    >>> from curriculum.practice.gtfs import write_practice_gtfs
    >>> jp = read_gtfs_jp(write_practice_gtfs(tempfile.mkdtemp(), center_lat=37.66, center_lon=138.9))
    >>> get_route_shapes(jp)["route_name"].tolist()
    ['循環線 右回り', '循環線 左回り', '病院線', '病院線']
    """
    if hasattr(feed, "require"):
        feed.require("shapes")
    inner = getattr(feed, "feed", feed)
    shapes = inner.get_shapes(as_gdf=True).to_crs(JGD2011_GEOGRAPHIC)
    names = inner.trips[["shape_id", "route_id"]].drop_duplicates("shape_id").merge(
        inner.routes[["route_id", "route_long_name"]], on="route_id", how="left")
    shapes = shapes.merge(names.rename(columns={"route_long_name": "route_name"}), on="shape_id", how="left")
    out = shapes[["shape_id", "route_id", "route_name", "geometry"]].sort_values("shape_id").reset_index(drop=True)
    provenance = getattr(feed, "provenance", None)
    return attach(out, provenance) if provenance is not None else out
