"""練習用の現地調査・市民の通報（統合型 GIS の演習用）: points inside a real city, every one 練習用・架空.

The points are placed at random inside the city's boundary (a real place), but what they report — an 空き家, a
broken 防犯灯, a 鳥獣 sighting — is invented. Each batch also carries the mistakes real field data has (latitude
and longitude swapped, a blank required field, the same report sent twice) so that the store's checks can be seen.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.provenance import PRACTICE_LABEL

__all__ = ["make_practice_field_survey", "write_practice_field_survey"]

_KINDS = {"空き家": ("A 良好", "B 一部破損", "C 危険"), "防犯灯": ("点灯", "不点灯"), "鳥獣": ("サル", "イノシシ", "クマ")}


def make_practice_field_survey(boundary: gpd.GeoDataFrame, n: int = 60, *, kind: str = "空き家", seed: int = 0,
                               mistakes: bool = True) -> pd.DataFrame:
    """A survey table (種別, 状態, 調査日, 緯度, 経度, 備考 = 練習用・架空) with ``n`` points in the city.

    With ``mistakes``, the last three rows are: latitude/longitude swapped, 種別 blank, and a copy of row 0.

    >>> import shapely, geopandas as gpd
    >>> city = gpd.GeoDataFrame(geometry=[shapely.box(138.85, 37.62, 138.95, 37.70)], crs="EPSG:6668")
    >>> table = make_practice_field_survey(city, 10)
    >>> len(table), table["備考"].iloc[0]
    (13, '練習用・架空')
    """
    if kind not in _KINDS:
        raise KeyError(kind)
    rng = np.random.default_rng(seed)
    area = shapely.union_all(boundary.to_crs("EPSG:6668").geometry.to_numpy())
    minx, miny, maxx, maxy = area.bounds
    points = []
    while len(points) < n:
        x, y = rng.uniform(minx, maxx, 4 * n), rng.uniform(miny, maxy, 4 * n)
        inside = shapely.contains_xy(area, x, y)
        points.extend(zip(x[inside], y[inside]))
    lon, lat = np.array(points[:n]).T
    days = pd.Timestamp("2026-06-01") + pd.to_timedelta(rng.integers(0, 60, n), unit="D")
    table = pd.DataFrame({"種別": kind, "状態": rng.choice(_KINDS[kind], n), "調査日": days.strftime("%Y-%m-%d"),
                          "緯度": lat.round(6), "経度": lon.round(6), "備考": PRACTICE_LABEL})
    if mistakes:
        swapped = table.iloc[[1]].assign(緯度=table["経度"].iloc[1], 経度=table["緯度"].iloc[1])
        blank = table.iloc[[2]].assign(種別="")
        table = pd.concat([table, swapped, blank, table.iloc[[0]]], ignore_index=True)
    return table


def write_practice_field_survey(boundary: gpd.GeoDataFrame, folder: str | Path, n: int = 60, *, kind: str = "空き家",
                                seed: int = 0, mistakes: bool = True) -> Path:
    """Write the practice survey as a CSV (UTF-8 with BOM) named ``practice_現地調査_<kind>_練習用・架空.csv``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"practice_現地調査_{kind}_{seed}_{PRACTICE_LABEL}.csv"
    make_practice_field_survey(boundary, n, kind=kind, seed=seed, mistakes=mistakes).to_csv(path, index=False, encoding="utf-8-sig")
    return path
