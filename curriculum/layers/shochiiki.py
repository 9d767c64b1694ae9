"""小地域（町丁・字）の読み込み: the 2015 census small areas of a municipality (points and population).

A city's own table (``path=``) or the catalogue's 2015 table for its prefecture. No practice stand-in:
the 小地域 are real places, and practice districts are built from them.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.errors import DataFormatError, DataNotFoundError
from curriculum.geo import JGD2011_GEOGRAPHIC
from curriculum.layers.policy import real_or_practice, real_path, real_provenance
from curriculum.provenance import REAL, Provenance, attach

__all__ = ["SHOCHIIKI_2015", "load_shochiiki", "voronoi_cells", "compute_shochiiki_areas"]

TITLE = "小地域（平成27年国勢調査、町丁・字の代表点と人口）"
#: The 2015 小地域 tables in the catalogue: per prefecture code, the catalogue ids to try, a city's own
#: extract (a derived entry whose ``derive.city_code`` is the city) being tried before these.
SHOCHIIKI_2015 = {"15": ("estat-shochiiki-2015-niigata-dbf",)}


def _candidates(city_code: str) -> list[str]:
    from curriculum.data.catalogue import entries

    extracts = [e.id for e in entries().values() if e.reader == "curriculum.data.read_shochiiki"
                and str(e.raw.get("derive", {}).get("city_code")) == city_code]
    return [*extracts, *SHOCHIIKI_2015.get(city_code[:2], ())]


def load_shochiiki(city_code: str, *, path: str | Path | None = None, data_source: str = "cache",
                   echo=print) -> pd.DataFrame:
    """小地域の表を読み込む: 町丁・字 of ``city_code`` with ``KEY_CODE``, ``MOJI``, ``JINKO``, ``X_CODE``/``Y_CODE``.

    Parameters
    ----------
    city_code : str
    path : path, optional
        The city's own 小地域 attribute table (dbf, shapefile or CSV); default the catalogue's table.
    data_source : {"cache", "download", "practice"}
    echo : callable

    Raises
    ------
    DataNotFoundError
        No table for the city offline (or ``path`` does not exist).
    DataFormatError
        The file is not a 小地域 table (columns, numbers) or has no row of the city.
    """
    from curriculum.data import read_shochiiki

    city_code = str(city_code)
    if path is not None:
        path = Path(path)
        if not path.exists():
            raise DataNotFoundError(f"小地域のファイル {path} が見つかりません。", f"{path} not found", path=path,
                                    fix="ファイルの場所を確かめてください。")
        frame = read_shochiiki(path, city_code=city_code)
        provenance = Provenance(REAL, TITLE, f"出典：{path.name}（利用者が指定した小地域の表）")
        return real_or_practice(lambda: attach(frame, provenance), None, title=TITLE, data_source=data_source, echo=echo)
    candidates = _candidates(city_code)

    def real():
        missing = None
        for dataset_id in candidates:
            try:
                file = real_path(dataset_id, data_source=data_source)
            except DataNotFoundError as err:
                missing = err
                continue
            return attach(read_shochiiki(file, city_code=city_code), real_provenance(dataset_id, TITLE))
        if missing is not None:
            raise missing
        raise DataNotFoundError(f"市区町村 {city_code} の小地域の表はカタログにありません。",
                                f"no 小地域 table for {city_code} in the catalogue",
                                fix="市の小地域の表（e-Stat の小地域境界データの属性表）を path= に指定してください。")

    return real_or_practice(real, None, title=TITLE, data_source=data_source, echo=echo)


def voronoi_cells(frame: pd.DataFrame, crs: str, city_plane) -> np.ndarray:
    """代表点のボロノイ領域: the Voronoi cell (in ``crs``) of each row's representative point; duplicates share a cell."""
    for column in ("X_CODE", "Y_CODE"):
        if column not in frame:
            raise DataFormatError("小地域の代表点（X_CODE, Y_CODE）がありません。", "no X_CODE/Y_CODE columns",
                                  fix="小地域境界データの属性表（read_shochiiki）を使ってください。")
    points = gpd.GeoSeries(shapely.points(frame["X_CODE"].astype(float), frame["Y_CODE"].astype(float)),
                           crs=JGD2011_GEOGRAPHIC).to_crs(crs).to_numpy()
    unique = shapely.MultiPoint(list({(p.x, p.y): p for p in points}.values()))
    cells = np.array(shapely.get_parts(shapely.voronoi_polygons(unique, extend_to=city_plane.envelope.buffer(5000))))
    tree = shapely.STRtree(cells)
    point_idx, cell_idx = tree.query(points, predicate="within")
    out = np.empty(len(points), dtype=object)
    out[point_idx] = cells[cell_idx]
    missing = [i for i in range(len(points)) if out[i] is None]
    for i in missing:  # a point exactly on a cell edge (duplicates): take the nearest cell
        out[i] = cells[tree.query_nearest(points[i])[0]]
    return out


def compute_shochiiki_areas(shochiiki: pd.DataFrame, boundary: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """小地域の推計区域: one polygon per ``KEY_CODE`` with its population (JINKO) and households (SETAI).

    The 2015 small-area table offline has representative points, not boundaries, so each 町丁・字 gets the
    Voronoi cells of its points, clipped to the city and merged: a **推計** area (say so on any map), good
    for neighbourhood questions (who borders whom, loads by area), not for measuring areas. The provenance
    of ``shochiiki`` is kept, with a note on how the polygons were made. Returned in EPSG:6668.
    """
    from curriculum.layers.mesh_population import city_geometry, city_plane_crs
    from dataclasses import replace

    city, _ = city_geometry(boundary)
    crs = boundary.attrs.get("plane_crs") or city_plane_crs(boundary)
    city_plane = gpd.GeoSeries([city], crs=JGD2011_GEOGRAPHIC).to_crs(crs).iloc[0]
    frame = gpd.GeoDataFrame(shochiiki.copy(), geometry=voronoi_cells(shochiiki, crs, city_plane), crs=crs)
    counts = {c: "sum" for c in ("JINKO", "SETAI") if c in frame}
    for column in counts:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").fillna(0)
    names = {"MOJI": "first"} if "MOJI" in frame else {}
    areas = frame.dissolve(by="KEY_CODE", aggfunc={**counts, **names}).reset_index()
    areas["geometry"] = shapely.intersection(areas.geometry.to_numpy(), city_plane)
    areas = areas[~areas.geometry.is_empty].to_crs(JGD2011_GEOGRAPHIC).reset_index(drop=True)
    areas.attrs["plane_crs"] = crs
    record = shochiiki.attrs.get("provenance")
    if record is None:  # a table built by hand: nothing to carry over
        return areas
    return attach(areas, replace(record, note="区域は小地域の代表点から作ったボロノイ分割（推計）"))
