"""練習用の地理データ: N03-style boundaries, an e-Stat mesh boundary shapefile and P04-style hospitals."""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from curriculum import mesh
from curriculum.practice.world import COUNTY_NAME, PREF_CODE, PREF_NAME, PracticeCity
from curriculum.provenance import PRACTICE_LABEL


def write_n03(cities: list[PracticeCity], dest: Path) -> Path:
    """N03 行政区域 GeoJSON (properties N03_001 … N03_007) for the practice municipalities."""
    features = []
    for city in cities:
        county = COUNTY_NAME if city.kind in ("町", "村") else None
        features.append({
            "type": "Feature",
            "properties": {"N03_001": PREF_NAME, "N03_002": None, "N03_003": county, "N03_004": city.name,
                           "N03_007": city.city_code},
            "geometry": shapely.geometry.mapping(shapely.set_precision(city.polygon, 1e-7)),
        })
    collection = {"type": "FeatureCollection", "name": f"N03_{PRACTICE_LABEL}", "features": features}
    dest.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return dest


def land_meshes(outline: shapely.Polygon, level: str = "500m") -> gpd.GeoDataFrame:
    """Every mesh of the level whose centre lies inside the outline (the practice 'land' meshes)."""
    west, south, east, north = outline.bounds
    step_lat, step_lon = mesh.cell_size(level)
    lats = np.arange(south, north + step_lat, step_lat)
    lons = np.arange(west, east + step_lon, step_lon)
    grid_lat, grid_lon = np.meshgrid(lats, lons, indexing="ij")
    codes = np.unique(mesh.to_code(grid_lat.ravel(), grid_lon.ravel(), level))
    polygons = mesh.to_polygons(codes)
    inside = shapely.contains_xy(outline, *np.array(mesh.to_center(codes))[::-1])
    return polygons[inside].reset_index(drop=True)


def neighbours(codes: list[str]) -> dict[str, list[str]]:
    """The 8 surrounding meshes of each code that are also in the list (by centre distance)."""
    lat, lon = (np.asarray(v) for v in mesh.to_center(codes))
    south, west, north, east = (np.asarray(v) for v in mesh.to_bounds(codes))
    dlat, dlon = (north - south)[0], (east - west)[0]
    result = {}
    for i, code in enumerate(codes):
        near = (np.abs(lat - lat[i]) < 1.5 * dlat) & (np.abs(lon - lon[i]) < 1.5 * dlon)
        near[i] = False
        result[code] = [codes[j] for j in np.flatnonzero(near)]
    return result


def write_mesh_boundary(meshes: gpd.GeoDataFrame, dest: Path) -> Path:
    """e-Stat 地域メッシュ境界 shapefile zip (MESH0{mesh1}.shp …, JGD2000) for 500 m meshes."""
    codes = meshes["mesh_code"]
    frame = gpd.GeoDataFrame({
        "KEY_CODE": codes, "MESH1_ID": codes.str[:4], "MESH2_ID": codes.str[4:6],
        "MESH3_ID": codes.str[6:8], "MESH4_ID": codes.str[8:9], "OBJ_ID": np.arange(1, len(codes) + 1),
    }, geometry=meshes.geometry.values, crs="EPSG:6668").set_crs("EPSG:4612", allow_override=True)
    # JGD2000 and JGD2011 lon/lat differ by centimetres here; e-Stat publishes the boundary in JGD2000.
    stem = f"MESH0{codes.iloc[0][:4]}"
    with tempfile.TemporaryDirectory() as tmp:
        frame.to_file(Path(tmp) / f"{stem}.shp", encoding="cp932")
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
            for part in sorted(Path(tmp).iterdir()):
                info = zipfile.ZipInfo(part.name, date_time=(2022, 6, 24, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, part.read_bytes())
    return dest


def write_p04(cities: list[PracticeCity], populations: dict[str, int], dest: Path, seed: int = 0) -> Path:
    """P04 医療機関-style GeoJSON: hospitals, clinics and dental clinics placed near population."""
    rng = np.random.default_rng(seed + 5)
    features = []
    for city in cities:
        total = populations[city.city_code]
        counts = {1: max(1, total // 25_000), 2: total // 1_300, 3: total // 1_900}
        centre = city.polygon.representative_point()
        for kind, count in counts.items():
            for number in range(1, count + 1):
                for _ in range(100):
                    spread = 0.012 if kind == 1 else 0.03
                    point = shapely.Point(centre.x + rng.normal(0, spread), centre.y + rng.normal(0, spread * 0.8))
                    if city.polygon.contains(point):
                        break
                label = {1: "病院", 2: "クリニック", 3: "歯科医院"}[kind]
                name = f"{city.name}第{number}{label}（{PRACTICE_LABEL}）"
                features.append({"type": "Feature", "properties": {
                    "P04_001": kind, "P04_002": name, "P04_003": f"{PREF_NAME}{city.name}{number}番地",
                    "P04_004": "内科　外科" if kind == 1 else ("内科" if kind == 2 else "歯科"),
                    "P04_005": None, "P04_006": None, "P04_007": 1 if kind == 1 and number == 1 else 9,
                    "P04_008": 0, "P04_009": 9, "P04_010": 9,
                }, "geometry": {"type": "Point", "coordinates": [round(point.x, 7), round(point.y, 7)]}})
    collection = {"type": "FeatureCollection", "name": f"P04-20_{PREF_CODE}",
                  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6668"}}, "features": features}
    dest.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return dest

