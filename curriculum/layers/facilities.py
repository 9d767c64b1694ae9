"""医療機関の読み込み: hospitals (国土数値情報 P04) in and near a municipality, real data."""

from __future__ import annotations

import geopandas as gpd

from curriculum.layers.mesh_population import city_plane_crs
from curriculum.layers.policy import real_or_practice, real_path, real_provenance
from curriculum.provenance import attach

__all__ = ["load_hospitals"]

FACILITY_DATASET = "ksj-p04-2020"
_KIND_NAMES = {1: "病院", 2: "一般診療所", 3: "歯科診療所"}


def load_hospitals(boundary: gpd.GeoDataFrame, *, search_km: float = 10.0, kinds: tuple[int, ...] = (1,),
                   data_source: str = "cache", echo=print) -> gpd.GeoDataFrame:
    """医療機関を読み込む: P04 facilities up to ``search_km`` outside the city (residents cross city lines).

    Parameters
    ----------
    boundary : GeoDataFrame from :func:`~curriculum.layers.load_boundary` (with ``city_code``).
    search_km : float
    kinds : tuple of int
        P04 医療機関分類: 1 病院, 2 一般診療所, 3 歯科診療所.
    data_source : {"cache", "download", "practice"}
        No practice stand-in: a real hospital list is needed to place practice buses.

    Returns
    -------
    GeoDataFrame (EPSG:6668), the ``read_p04`` columns plus ``in_city`` (bool), with ``attrs["provenance"]``
    (reference date 2020: facilities opened or closed since then are not in it).
    """
    from curriculum.data import read_p04

    city_code = str(boundary["city_code"].iloc[0])
    pref_code = city_code[:2]
    what = "・".join(_KIND_NAMES.get(k, str(k)) for k in kinds)
    title = f"医療機関（P04、{what}、市の境界から {search_km:g} km 以内）"

    def real():
        facilities = read_p04(real_path(FACILITY_DATASET, data_source=data_source, pref_code=pref_code), kinds=kinds)
        area = boundary.to_crs(city_plane_crs(boundary)).buffer(search_km * 1000).to_crs(facilities.crs).iloc[0]
        near = facilities[facilities.within(area)].reset_index(drop=True)
        near.insert(2, "in_city", near.within(boundary.geometry.iloc[0]).to_numpy())
        return attach(near, real_provenance(FACILITY_DATASET, title, pref_code=pref_code))

    return real_or_practice(real, None, title=title, data_source=data_source, echo=echo)
