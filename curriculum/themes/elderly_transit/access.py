"""病院へのアクセス: distance from each mesh centre to the nearest hospital, and whether a
round trip to a hospital by bus (there in the morning, back by the afternoon) is possible.

Distances are geodesic (GRS80 ellipsoid, ``pyproj.Geod``) between the mesh centre and the
facility; the nearest facility is found in the 平面直角座標系, where straight-line distance
differs from the geodesic by less than 0.01 % inside one zone.

The bus check is deliberately simple, like the 燕市 study's question 「午前中に病院へ行き、午後に
帰ってこられるか」: walk to a stop near the mesh centre, ride one trip (no transfers) to a stop
near a hospital, arrive by ``arrive_by``, stay ``stay_min`` minutes, and ride one trip back
that reaches the home stop by ``return_by``. Walking time and waiting are not modelled.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from curriculum import mesh
from curriculum.errors import CurriculumError
from curriculum.themes.elderly_transit.coverage import MLIT_RADII_M, trips_on, get_stops
from curriculum.layers.mesh_population import plane_crs_of

__all__ = ["compute_nearest_facility", "compute_stop_round_trips", "compute_hospital_round_trips"]

_GEOD = Geod(ellps="GRS80")


def _centres(meshes: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) of each mesh's cell centre (from the code), else of the polygon's centroid."""
    if "mesh_code" in meshes:
        lat, lon = mesh.to_center(meshes["mesh_code"].to_numpy())
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    centroids = meshes.to_crs(plane_crs_of(meshes)).centroid.to_crs("EPSG:6668")
    return centroids.x.to_numpy(), centroids.y.to_numpy()


def compute_nearest_facility(meshes: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame, *, crs: str | None = None,
                             name_column: str = "name", prefix: str = "hospital") -> gpd.GeoDataFrame:
    """最寄りの施設までの距離: nearest facility (e.g. 病院) to each mesh centre, geodesic metres.

    Parameters
    ----------
    meshes : GeoDataFrame with ``mesh_code`` (the cell centre is used) or polygons.
    facilities : GeoDataFrame of points, e.g. ``read_p04(..., kinds=(1,))``. Include the
        facilities just outside the city: residents near the border use them.
    crs : str, optional
        平面直角座標系 for the nearest search; default ``meshes.attrs["plane_crs"]``.
    name_column : str
        Column of ``facilities`` with the name.
    prefix : str
        Output columns are ``{prefix}_name`` and ``{prefix}_distance_m``.

    Returns
    -------
    GeoDataFrame
        ``meshes`` plus ``{prefix}_name`` and ``{prefix}_distance_m`` (straight line, not road distance).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> m = gpd.GeoDataFrame({"mesh_code": ["56384700"]}, geometry=[shapely.Point(0, 0)], crs="EPSG:6668")
    >>> h = gpd.GeoDataFrame({"name": ["A病院", "B病院"]},   # A: 0.00625° (≈551 m) east of the centre
    ...                      geometry=[shapely.Point(138.8875, 37.6708), shapely.Point(138.95, 37.70)], crs="EPSG:6668")
    >>> out = compute_nearest_facility(m, h, crs="EPSG:6676")
    >>> out["hospital_name"].iloc[0], round(float(out["hospital_distance_m"].iloc[0]), 1)
    ('A病院', 551.4)
    """
    if len(facilities) == 0:
        raise CurriculumError("施設が1件もありません。", "no facilities given",
                              fix="読み込んだ施設データと絞り込みの条件（kinds=(1,) など）を確認してください。")
    crs = plane_crs_of(meshes, crs)
    lon, lat = _centres(meshes)
    facilities = facilities.to_crs("EPSG:6668")
    f_lon, f_lat = facilities.geometry.x.to_numpy(), facilities.geometry.y.to_numpy()
    origin = gpd.GeoSeries(shapely.points(lon, lat), crs="EPSG:6668").to_crs(crs).to_numpy()
    targets = facilities.to_crs(crs).geometry.to_numpy()
    _, nearest = shapely.STRtree(targets).query_nearest(origin, all_matches=False)
    _, _, distance = _GEOD.inv(lon, lat, f_lon[nearest], f_lat[nearest])
    out = meshes.copy()
    out[f"{prefix}_name"] = facilities[name_column].to_numpy()[nearest]
    out[f"{prefix}_distance_m"] = distance
    return out


def _seconds(times: pd.Series) -> np.ndarray:
    parts = times.str.split(":", expand=True).astype(int)
    return (parts[0] * 3600 + parts[1] * 60 + parts[2]).to_numpy()


def _clock(text: str) -> int:
    try:
        h, m = (int(v) for v in text.split(":")[:2])
    except (ValueError, AttributeError):
        raise CurriculumError(f"時刻 {text!r} を HH:MM として読めません。", f"bad time {text!r}",
                              fix='"11:00" のように指定してください。') from None
    return h * 3600 + m * 60


def _fmt(seconds) -> str | None:
    if seconds is None or not np.isfinite(seconds):
        return None
    seconds = int(seconds)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def compute_stop_round_trips(feed, hospitals: gpd.GeoDataFrame, *, crs: str, date: str | None = None,
                             hospital_walk_m: float = MLIT_RADII_M["bus"], earliest: str = "07:00",
                             arrive_by: str = "11:00", stay_min: int = 60, return_by: str = "17:00",
                             name_column: str = "name") -> pd.DataFrame:
    """停留所ごとの通院往復: for every stop, the best direct round trip to a hospital that day.

    A hospital is served by the stops within ``hospital_walk_m`` of it. Outbound: a trip that
    leaves the home stop at or after ``earliest`` and reaches a hospital stop by ``arrive_by``
    (the earliest such arrival is used). Return: a trip that leaves a stop of the same hospital
    at least ``stay_min`` after that arrival and reaches the home stop by ``return_by``.

    Returns
    -------
    DataFrame indexed by ``stop_id`` with ``round_trip`` (bool), ``hospital``, ``arrive``
    (HH:MM at the hospital stop), ``leave`` (HH:MM back), ``home_by`` (HH:MM at home), one row
    per served stop. Stops that are themselves hospital stops count as reachable (walk only).
    """
    feed = getattr(feed, "feed", feed)
    date, trips = trips_on(feed, date)
    stops = get_stops(feed, date=date)
    st = feed.stop_times[feed.stop_times["trip_id"].isin(trips["trip_id"])].copy()
    st["arr"] = _seconds(st["arrival_time"])
    st["dep"] = _seconds(st["departure_time"])
    st = st[["trip_id", "stop_id", "stop_sequence", "arr", "dep"]]
    # Hospital stops: every (stop, hospital) pair within walking distance of the hospital.
    near_stop, near_hosp = shapely.STRtree(stops.to_crs(crs).geometry.to_numpy()).query(
        hospitals.to_crs(crs).geometry.to_numpy(), predicate="dwithin", distance=hospital_walk_m)
    served = pd.DataFrame({"stop_id": stops["stop_id"].to_numpy()[near_hosp],
                           "hospital": hospitals[name_column].to_numpy()[near_stop]})
    result = pd.DataFrame(index=pd.Index(stops["stop_id"].to_numpy(), name="stop_id"))
    result["round_trip"], result["hospital"], result["arrive"], result["leave"], result["home_by"] = \
        False, None, None, None, None
    if served.empty:
        return result
    t_early, t_arrive, t_return = _clock(earliest), _clock(arrive_by), _clock(return_by)
    legs = st.merge(st, on="trip_id", suffixes=("_a", "_b"))
    legs = legs[legs["stop_sequence_a"] < legs["stop_sequence_b"]]
    out = legs.merge(served, left_on="stop_id_b", right_on="stop_id")
    out = out[(out["dep_a"] >= t_early) & (out["arr_b"] <= t_arrive)]
    first = out.groupby(["stop_id_a", "hospital"], as_index=False)["arr_b"].min().rename(
        columns={"stop_id_a": "home", "arr_b": "arrive"})
    back = legs.merge(served, left_on="stop_id_a", right_on="stop_id")
    back = back[back["arr_b"] <= t_return].rename(columns={"stop_id_b": "home"})
    pairs = first.merge(back[["home", "hospital", "dep_a", "arr_b"]], on=["home", "hospital"])
    pairs = pairs[pairs["dep_a"] >= pairs["arrive"] + stay_min * 60]
    best = pairs.sort_values(["home", "arrive", "arr_b"]).drop_duplicates("home").set_index("home")
    result.loc[best.index, "round_trip"] = True
    result.loc[best.index, "hospital"] = best["hospital"]
    result.loc[best.index, "arrive"] = best["arrive"].map(_fmt)
    result.loc[best.index, "leave"] = best["dep_a"].map(_fmt)
    result.loc[best.index, "home_by"] = best["arr_b"].map(_fmt)
    at_hospital = served.drop_duplicates("stop_id").set_index("stop_id")["hospital"]
    walk_only = at_hospital.index[~result.loc[at_hospital.index, "round_trip"].to_numpy()]
    result.loc[walk_only, "round_trip"] = True
    result.loc[walk_only, "hospital"] = at_hospital[walk_only]
    result.attrs["date"] = date
    return result


def compute_hospital_round_trips(meshes: gpd.GeoDataFrame, feed, hospitals: gpd.GeoDataFrame, *,
                                 walk_m: float = MLIT_RADII_M["elderly_walk"], crs: str | None = None,
                                 **options) -> gpd.GeoDataFrame:
    """バスで通院できるか（午前に行き、午後に帰る）: per mesh, via any stop within ``walk_m`` of its centre.

    Parameters
    ----------
    meshes : GeoDataFrame with ``mesh_code`` (cell centres are used).
    feed : GtfsJpFeed or gtfs_kit.Feed
    hospitals : GeoDataFrame of points with a ``name`` column.
    walk_m : float, default 500
        Walking distance from home to the stop (MLIT 高齢者徒歩圏 500 m).
    **options
        Passed to :func:`compute_stop_round_trips`: ``date``, ``hospital_walk_m`` (300),
        ``earliest`` ("07:00"), ``arrive_by`` ("11:00"), ``stay_min`` (60), ``return_by`` ("17:00").

    Returns
    -------
    GeoDataFrame
        ``meshes`` plus ``bus_round_trip`` (bool), ``round_trip_hospital``, ``round_trip_stop``
        (the home stop used) and ``round_trip_arrive`` (HH:MM at the hospital).
    """
    crs = plane_crs_of(meshes, crs)
    by_stop = compute_stop_round_trips(feed, hospitals, crs=crs, **options)
    stops = get_stops(feed, date=by_stop.attrs.get("date"))
    ok = by_stop.loc[stops["stop_id"], "round_trip"].to_numpy(dtype=bool)
    out = meshes.copy()
    out["bus_round_trip"] = False
    out["round_trip_hospital"] = None
    out["round_trip_stop"] = None
    out["round_trip_arrive"] = None
    if ok.any():
        lon, lat = _centres(meshes)
        origin = gpd.GeoSeries(shapely.points(lon, lat), crs="EPSG:6668").to_crs(crs).to_numpy()
        good = stops[ok].reset_index(drop=True)
        mesh_idx, stop_idx = shapely.STRtree(good.to_crs(crs).geometry.to_numpy()).query(
            origin, predicate="dwithin", distance=walk_m)
        distance = shapely.distance(origin[mesh_idx], good.to_crs(crs).geometry.to_numpy()[stop_idx])
        pick = pd.DataFrame({"m": mesh_idx, "s": stop_idx, "d": distance}).sort_values(["m", "d"]).drop_duplicates("m")
        rows = out.index[pick["m"].to_numpy()]
        chosen = by_stop.loc[good["stop_id"].to_numpy()[pick["s"].to_numpy()]]
        out.loc[rows, "bus_round_trip"] = True
        out.loc[rows, "round_trip_hospital"] = chosen["hospital"].to_numpy()
        out.loc[rows, "round_trip_stop"] = good["stop_name"].to_numpy()[pick["s"].to_numpy()]
        out.loc[rows, "round_trip_arrive"] = chosen["arrive"].to_numpy()
    out["bus_round_trip"] = out["bus_round_trip"].astype(bool)
    out.attrs = dict(meshes.attrs, round_trip_date=by_stop.attrs.get("date"))
    return out
