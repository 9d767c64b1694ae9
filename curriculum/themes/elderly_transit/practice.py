"""練習用データ（高齢者の公共交通）: fictional districts and usage for what a city holds but does not publish.

Demand-transit districts and their usage are city-held (所管課の保有するデータ). Without the city's file,
real 小地域 are grouped into fictional districts with a fictional usage CSV — every district name and row
says 練習用・架空:

* :func:`make_practice_district_list` and :func:`write_practice_demand_usage`.

The generic practice layers (census mesh, bus feed) are in :mod:`curriculum.layers.practice`.
Deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.geo import JGD2011_GEOGRAPHIC
from curriculum.provenance import PRACTICE_LABEL

__all__ = ["make_practice_district_list", "write_practice_demand_usage"]

_DISTRICT_NAMES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # letters, not 東/西…: a name must not hint at a real place


def make_practice_district_list(shochiiki: pd.DataFrame, *, n_districts: int = 6, seed: int = 0,
                                crs: str = "EPSG:6676") -> pd.DataFrame:
    """練習用のデマンド交通地区リスト: real 小地域 grouped into fictional districts (k-means on their points).

    Returns
    -------
    DataFrame with ``KEY_CODE``, ``MOJI`` (real 小地域 names) and ``district`` (fictional:
    「練習A地区（架空）」). Districts are numbered from the most populous.

    Examples
    --------
    >>> t = pd.DataFrame({"KEY_CODE": list("abcd"), "MOJI": list("ABCD"), "JINKO": [10, 10, 10, 10],
    ...                   "X_CODE": [138.80, 138.801, 138.90, 138.901], "Y_CODE": [37.6, 37.6, 37.7, 37.7]})
    >>> make_practice_district_list(t, n_districts=2)["district"].str.endswith("（架空）").all()
    np.True_
    """
    rows = pd.DataFrame(shochiiki).drop_duplicates("KEY_CODE").reset_index(drop=True)
    points = gpd.GeoSeries(shapely.points(rows["X_CODE"].astype(float), rows["Y_CODE"].astype(float)),
                           crs=JGD2011_GEOGRAPHIC).to_crs(crs)
    xy = np.column_stack([points.x, points.y])
    k = min(n_districts, len(rows))
    rng = np.random.default_rng(seed + 21)
    centres = xy[rng.choice(len(xy), size=k, replace=False)]
    for _ in range(50):  # Lloyd's k-means, deterministic for the seed
        label = np.argmin(((xy[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
        new = np.array([xy[label == j].mean(axis=0) if (label == j).any() else centres[j] for j in range(k)])
        if np.allclose(new, centres):
            break
        centres = new
    population = pd.Series(pd.to_numeric(rows.get("JINKO", 1), errors="coerce")).groupby(label).sum()
    rank = {j: r for r, j in enumerate(population.sort_values(ascending=False, kind="stable").index)}
    names = [f"練習{_DISTRICT_NAMES[rank[j] % len(_DISTRICT_NAMES)]}地区（架空）" for j in label]
    return pd.DataFrame({"KEY_CODE": rows["KEY_CODE"], "MOJI": rows.get("MOJI", rows["KEY_CODE"]),
                         "district": names})


def write_practice_demand_usage(districts: pd.DataFrame, dest: str | Path, *, seed: int = 0,
                                elderly_share: float = 0.32) -> Path:
    """練習用のデマンド交通 地区別利用実績 CSV（架空）: 地区, 対象者数, 登録者数, 利用者数, 利用率, データ.

    対象者数 is a fictional count of 免許を持たない高齢者 (≈ 40 % of 65+, 65+ ≈ ``elderly_share``
    of the district's 2015 population); usage rates lie around 20 %, as the 燕市 survey reported
    for that group, with one under-used district. UTF-8 with BOM (opens in Excel).

    Parameters
    ----------
    districts : DataFrame with ``district`` and ``population`` (e.g. from ``compute_demand_districts``)
        or a district list with ``district`` only (then 対象者数 is drawn at random).
    """
    rng = np.random.default_rng(seed + 31)
    table = pd.DataFrame(districts).drop_duplicates("district")
    table = table[table["district"] != "（地区外）"].reset_index(drop=True)
    if "population" in table:
        eligible = np.maximum(20, np.round(table["population"].to_numpy() * elderly_share * 0.4 * rng.uniform(0.85, 1.15, len(table))))
    else:
        eligible = rng.integers(300, 1500, len(table))
    rates = np.clip(rng.normal(0.2, 0.06, len(table)), 0.05, 0.4)
    if len(table) > 2:
        rates[rng.integers(len(table))] = rng.uniform(0.03, 0.07)  # one district where the service is little known
    users = np.round(eligible * rates).astype(int)
    registered = np.minimum(eligible, np.round(users * rng.uniform(1.3, 1.8, len(table)))).astype(int)
    out = pd.DataFrame({"地区": table["district"], "対象者数": eligible.astype(int), "登録者数": registered,
                        "利用者数": users, "利用率": np.round(users / eligible, 4), "データ": PRACTICE_LABEL})
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(dest, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return dest
