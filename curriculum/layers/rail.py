"""鉄道駅の読み込み: stations (国土数値情報 N02 駅) in and near a municipality, real data.

N02 draws each station as its platform segment (a line), once per railway line: 吉田 appears on 越後線 and on
弥彦線. For coverage a station is a point (the segment's centroid) with ``mode = "rail"``, so that
:func:`curriculum.themes.elderly_transit.coverage.compute_coverage` uses the station radius (800 m).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import shapely

from curriculum.errors import DataFormatError
from curriculum.geo import JGD2011_GEOGRAPHIC
from curriculum.layers.mesh_population import city_plane_crs
from curriculum.layers.policy import real_or_practice, real_path, real_provenance
from curriculum.provenance import attach

__all__ = ["RAIL_DATASET", "read_n02_stations", "load_rail_stations"]

RAIL_DATASET = "ksj-n02-2020"
_COLUMNS = {"N02_003": "line", "N02_004": "operator", "N02_005": "station_name"}


def read_n02_stations(path: str | Path) -> gpd.GeoDataFrame:
    """国土数値情報 N02 の駅を読む: one row per (station, line), platform segments as they are (EPSG:6668).

    ``path`` is the official ``N02-YY_GML.zip`` (its ``*_Station.geojson`` member) or that GeoJSON itself.
    Returns ``station_name``, ``line``, ``operator`` and the geometry.
    """
    path = Path(path)
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if PurePosixPath(m).name.endswith("_Station.geojson")]
            if not members:
                raise DataFormatError(f"{path.name} に駅の GeoJSON（*_Station.geojson）がありません。",
                                      "no *_Station.geojson member in the zip", path=path,
                                      fix="国土数値情報の鉄道データ（N02）の zip か、その中の駅の GeoJSON を指定してください。")
            member = sorted(members, key=lambda m: ("UTF-8" not in m, m))[0]
            data = json.loads(zf.read(member).decode("utf-8-sig"))
        frame = gpd.GeoDataFrame.from_features(data["features"], crs=JGD2011_GEOGRAPHIC)
    else:
        frame = gpd.read_file(path).to_crs(JGD2011_GEOGRAPHIC)
    missing = [c for c in _COLUMNS if c not in frame]
    if missing:
        raise DataFormatError(f"駅のデータに列 {missing} がありません（N02 の駅データではないようです）。",
                              f"missing N02 columns {missing}", path=path)
    out = frame.rename(columns=_COLUMNS)[["station_name", "line", "operator", "geometry"]]
    return out.reset_index(drop=True)


def load_rail_stations(boundary: gpd.GeoDataFrame, *, search_km: float = 3.0, data_source: str = "cache",
                       echo=print) -> gpd.GeoDataFrame:
    """鉄道駅を読み込む: N02 stations within ``search_km`` of the city, one point per station and line.

    Returns
    -------
    GeoDataFrame (EPSG:6668, points = centroid of the platform segment) with ``stop_id`` (``"N02:駅名:路線名"``),
    ``stop_name``, ``line``, ``operator``, ``mode`` (``"rail"``), ``in_city`` and ``attrs["provenance"]``
    (reference year 2020). Ready to be concatenated with bus stops for coverage.
    """
    city_code = str(boundary["city_code"].iloc[0])
    title = f"鉄道駅（N02、市の境界から {search_km:g} km 以内）"

    def real():
        stations = read_n02_stations(real_path(RAIL_DATASET, data_source=data_source))
        crs = city_plane_crs(boundary)
        area = boundary.to_crs(crs).buffer(search_km * 1000).iloc[0]
        points = stations.to_crs(crs).geometry.centroid
        near = points.within(area).to_numpy()
        chosen = stations[near].reset_index(drop=True)
        geometry = gpd.GeoSeries(points[near].to_numpy(), crs=crs).to_crs(JGD2011_GEOGRAPHIC)
        out = gpd.GeoDataFrame({
            "stop_id": ("N02:" + chosen["station_name"] + ":" + chosen["line"]).to_numpy(),
            "stop_name": chosen["station_name"].to_numpy(),
            "line": chosen["line"].to_numpy(),
            "operator": chosen["operator"].to_numpy(),
            "mode": "rail",
        }, geometry=geometry.to_numpy(), crs=JGD2011_GEOGRAPHIC)
        out["in_city"] = shapely.within(out.geometry.to_numpy(), boundary.geometry.iloc[0])
        out = out.sort_values(["line", "stop_name"]).reset_index(drop=True)
        return attach(out, real_provenance(RAIL_DATASET, title))

    return real_or_practice(real, None, title=title, data_source=data_source, echo=echo)
