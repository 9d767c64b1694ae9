"""練習用データ（市の区域に置く）: fictional stand-ins, placed over a real city, for generic layers.

When a real layer is not available offline, these make files in the real formats over any city's real
boundary so the same lesson runs everywhere — every file name, agency and output says 練習用・架空:

* :func:`write_practice_census_mesh` — e-Stat 地域メッシュ統計 zips (CP932, two header rows,
  秘匿) for the city's 1st meshes; population from seeded fictional town centres, the total
  equal to a stated practice total;
* :func:`write_practice_city_gtfs` — the fictional 循環線 + 病院線 GTFS-JP feed of
  :mod:`curriculum.practice.gtfs`, placed so its 病院線 ends at a given (real) hospital.

Deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.data.census_mesh import LABELS_2020, census_mesh_stats, census_stats_id
from curriculum.errors import DataFormatError
from curriculum.geo import JGD2011_GEOGRAPHIC, plane_rectangular_crs
from curriculum.layers.mesh_population import city_geometry, get_city_meshes, plane_crs_of
from curriculum.practice import geodata, tables
from curriculum.practice.gtfs import write_practice_gtfs

__all__ = ["write_practice_census_mesh", "write_practice_city_gtfs"]


def _mesh_values(meshes: gpd.GeoDataFrame, total_population: int, seed: int,
                 centres: list | None = None) -> tuple[pd.Series, pd.Series]:
    """Fictional population and 65+ share per mesh: a few town centres, older towards the edges."""
    rng = np.random.default_rng(seed + 11)
    crs = plane_crs_of(meshes)
    points = meshes.to_crs(crs).geometry.centroid
    x, y = points.x.to_numpy(), points.y.to_numpy()
    towns_x, towns_y = [], []
    if centres:
        given = gpd.GeoSeries([shapely.Point(c) for c in centres], crs=JGD2011_GEOGRAPHIC).to_crs(crs)
        towns_x, towns_y = list(given.x), list(given.y)
    weight = meshes["overlap_ratio"].to_numpy()
    for i in rng.choice(len(meshes), size=min(4, len(meshes)) - min(len(towns_x), 3), replace=False, p=weight / weight.sum()):
        towns_x.append(x[i])
        towns_y.append(y[i])
    towns_x, towns_y = np.array(towns_x[:4]), np.array(towns_y[:4])
    weights = np.array([1.0, 0.55, 0.4, 0.3])[: len(towns_x)]
    spread = np.r_[1700.0, rng.uniform(700, 1200, len(towns_x) - 1)]
    d2 = (x[:, None] - towns_x) ** 2 + (y[:, None] - towns_y) ** 2
    density = (weights * np.exp(-d2 / (2 * spread**2))).sum(axis=1) + 0.015
    empty = rng.uniform(size=len(meshes)) < 0.4 * np.exp(-density * 8)  # fields and rivers: nobody lives there
    density = np.where(empty, 0.0, density * rng.lognormal(0, 0.3, len(meshes))) * weight
    population = rng.multinomial(total_population, density / density.sum())
    distance = np.sqrt(d2.min(axis=1))
    share = np.clip(0.25 + 0.2 * distance / max(distance.max(), 1.0) + rng.normal(0, 0.035, len(meshes)), 0.12, 0.6)
    index = meshes["mesh_code"].to_numpy()
    return pd.Series(population, index=index), pd.Series(share, index=index)


def write_practice_census_mesh(city, dest: str | Path, *, total_population: int, level: str = "500m",
                               centres: list[tuple[float, float]] | None = None, seed: int = 0) -> list[Path]:
    """練習用の地域メッシュ統計を書く: one e-Stat-format zip per 1st mesh of the city (練習用・架空).

    Parameters
    ----------
    city : GeoDataFrame or geometry of the municipality (real boundary, e.g. ``read_n03``).
    dest : folder to write into (created).
    total_population : int
        The stated practice total: Σ 人口総数 over all files equals it exactly.
    level : {"1km", "500m", "250m"}
    centres : list of (lon, lat), optional
        Fictional town centres to use first (e.g. where the practice bus runs); the rest are seeded.
    seed : int

    Returns
    -------
    list of pathlib.Path
        ``practice_tbl{statsId}{S|H|Q}{mesh1}.zip`` (the ``practice_`` prefix marks them).
        Only meshes touching the city are listed; 秘匿 as in the real files.

    Examples
    --------
    >>> import tempfile, shapely
    >>> from curriculum.data import read_census_mesh
    >>> square = shapely.box(138.85, 37.64, 138.90, 37.68)
    >>> paths = write_practice_census_mesh(square, tempfile.mkdtemp(), total_population=5000)
    >>> [p.name for p in paths]
    ['practice_tblT001141H5638.zip']
    >>> int(read_census_mesh(paths[0])["T001141001"].sum())
    5000
    """
    if total_population <= 0:
        raise DataFormatError(f"練習用の総人口は正の数にしてください（{total_population} が指定されました）。",
                              f"total_population must be positive, not {total_population}",
                              fix="practice_total=50_000 のように 1 以上の整数を指定してください。")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    geometry, code = city_geometry(city)
    meshes = get_city_meshes(city, level=level, crs=_crs_for(geometry, code))
    population, share = _mesh_values(meshes, total_population, seed, centres)
    stats_id = census_stats_id(level)
    letter = census_mesh_stats().loc[stats_id, "mesh_letter"]
    paths = []
    for mesh1, codes in meshes.groupby("mesh1")["mesh_code"]:
        pop = population[codes.to_numpy()]
        pop = pop[pop > 0]
        if pop.empty:
            continue
        details = tables.make_mesh_details(pop, share[pop.index], seed + int(mesh1), stats_id=stats_id)
        table = tables.apply_secrecy(details, geodata.neighbours(list(details.index)))
        member = f"tbl{stats_id}{letter}{mesh1}.txt"
        path = dest / f"practice_tbl{stats_id}{letter}{mesh1}.zip"
        tables.write_census_mesh_zip(table, path, member=member, labels=LABELS_2020)
        paths.append(path)
    return paths


def _crs_for(geometry, city_code: str | None) -> str:
    """The city's 平面直角座標系; for a bare geometry the JGD2011 UTM zone (EPSG:6688–6692),
    accurate enough (< 0.1 %) for the areas and distances practice data needs."""
    centre = geometry.representative_point()
    if city_code:
        return plane_rectangular_crs(city_code[:2], lon=centre.x, lat=centre.y)
    return f"EPSG:{6688 + int((centre.x + 180) // 6) + 1 - 51}"


def write_practice_city_gtfs(city, dest: str | Path, *, hospital=None, seed: int = 0,
                             radius_m: float | None = None) -> Path:
    """練習用 GTFS-JP（架空のコミュニティバス）を市の中に置く: the 病院線 ends at ``hospital``.

    Parameters
    ----------
    city : GeoDataFrame or geometry of the municipality.
    dest : zip path to write.
    hospital : shapely Point (lon/lat), optional
        Where the fictional 「練習市民病院前」 stop should stand (e.g. a real hospital from P04);
        default the city's representative point, with the loop around it.
    seed : int
        First seed tried; seeds are tried in turn until the loop's centre lies inside the city.
    radius_m : float, optional
        Size of the network; default from the city's area (0.45 × the radius of a circle of that area, ≤ 4 km).

    Returns
    -------
    pathlib.Path of the zip. Agency, routes and stops are named 練習… （練習用・架空）.
    """
    from curriculum.data import read_gtfs_jp

    geometry, code = city_geometry(city)
    crs = _crs_for(geometry, code)
    geometry_m = gpd.GeoSeries([geometry], crs=JGD2011_GEOGRAPHIC).to_crs(crs).iloc[0]
    if radius_m is None:
        radius_m = float(min(4000.0, 0.45 * np.sqrt(geometry_m.area / np.pi)))
    dest = Path(dest)
    target = hospital if hospital is not None else geometry.representative_point()
    for attempt in range(seed, seed + 50):
        path = write_practice_gtfs(dest, center_lat=target.y, center_lon=target.x, radius_m=radius_m, seed=attempt)
        if hospital is None:
            return path
        # Shift the centre so that the hospital stop lands on the hospital (two passes: < 1 m).
        lat, lon = target.y, target.x
        for _ in range(2):
            stops = read_gtfs_jp(path).feed.stops
            stop = stops[stops["stop_name"] == "練習市民病院前"].iloc[0]
            lat += target.y - float(stop["stop_lat"])
            lon += target.x - float(stop["stop_lon"])
            path = write_practice_gtfs(dest, center_lat=lat, center_lon=lon, radius_m=radius_m, seed=attempt)
        hub = gpd.GeoSeries([shapely.Point(lon, lat)], crs=JGD2011_GEOGRAPHIC).to_crs(crs).iloc[0]
        if geometry_m.contains(hub) and geometry_m.buffer(-0.3 * radius_m).contains(hub):
            return path
    return path
