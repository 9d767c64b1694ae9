"""練習用データ一式を作る: build every practice file for 練習県 into one folder, with a README."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.config import practice_dir
from curriculum.data.catalogue import get_entry
from curriculum.data.census_mesh import CENSUS_MESH_DATASET, LABELS_2020, census_stats_id
from curriculum.practice import geodata, tables
from curriculum.practice.gtfs import write_practice_gtfs
from curriculum.practice.world import PREF_CODE, PROJECTED_CRS, practice_cities, prefecture_outline
from curriculum.provenance import PRACTICE_ATTRIBUTION, PRACTICE_LABEL

#: 練習県's mesh table and boundary: one 1st mesh (at sea off 新潟) at one level, named like the real files.
MESH1 = "5738"
MESH_LEVEL = "500m"


def practice_files() -> dict[str, str]:
    """練習用データのファイル名: key → file name (``practice_`` + the real file's name where it has one).

    The mesh files take their statsId and letter from the catalogue, so they are named exactly
    like the official downloads.

    >>> practice_files()["census_mesh"], practice_files()["mesh_boundary"]
    ('practice_tblT001141H5738.zip', 'practice_HDDSWH5738.zip')
    """
    census = get_entry(CENSUS_MESH_DATASET).resolve(stats_id=census_stats_id(MESH_LEVEL), mesh1=MESH1)
    boundary = get_entry("estat-mesh-boundary").resolve(level=MESH_LEVEL, mesh1=MESH1)
    return {
        "ssdse": "practice_SSDSE-A-2026.csv",
        "n03": f"practice_n03_{PREF_CODE}.geojson",
        "census_mesh": f"practice_{census.filename}",
        "mesh_boundary": f"practice_{boundary.filename}",
        "p04": f"practice_P04-20_{PREF_CODE}.geojson",
        "gtfs": "practice_gtfs_renshu_city_bus.zip",
    }


def build_practice_data(dest: str | Path | None = None, *, seed: int = 0) -> dict[str, Path]:
    """練習用データを作る: write every practice file (deterministic for a seed) and return their paths.

    All files describe 練習県 (code 99), a fictional prefecture placed at sea off 新潟;
    each is in the exact format of its real counterpart so the same readers work.
    """
    dest = Path(dest) if dest is not None else practice_dir()
    dest.mkdir(parents=True, exist_ok=True)
    names = practice_files()
    paths = {key: dest / name for key, name in names.items()}
    cities = practice_cities(seed)
    areas = _areas_km2(cities)
    ssdse = tables.make_ssdse_rows(cities, areas, seed)
    tables.write_ssdse_a(ssdse, paths["ssdse"])
    geodata.write_n03(cities, paths["n03"])

    meshes = geodata.land_meshes(prefecture_outline(seed), MESH_LEVEL)
    populations, elderly = _mesh_population(meshes, cities, ssdse, seed)
    populated = populations[populations > 0]
    details = tables.make_mesh_details(populated, elderly[populated.index], seed, stats_id=census_stats_id(MESH_LEVEL))
    table = tables.apply_secrecy(details, geodata.neighbours(list(populated.index)))
    member = names["census_mesh"].removeprefix("practice_").replace(".zip", ".txt")  # as in the official zip
    tables.write_census_mesh_zip(table, paths["census_mesh"], member=member, labels=LABELS_2020)
    geodata.write_mesh_boundary(meshes, paths["mesh_boundary"])
    geodata.write_p04(cities, ssdse["A1101"].to_dict(), paths["p04"], seed)

    centre = cities[0].polygon.representative_point()
    write_practice_gtfs(paths["gtfs"], center_lat=centre.y, center_lon=centre.x, radius_m=2500, seed=seed)
    _write_readme(dest, ssdse, names)
    return paths


def _areas_km2(cities) -> dict[str, float]:
    frame = gpd.GeoSeries([c.polygon for c in cities], crs="EPSG:6668").to_crs(PROJECTED_CRS)
    return {c.city_code: float(a) / 1e6 for c, a in zip(cities, frame.area)}


def _mesh_population(meshes: gpd.GeoDataFrame, cities, ssdse: pd.DataFrame, seed: int):
    """Split each city's total over its meshes: dense near the centre, older at the edges, some empty."""
    rng = np.random.default_rng(seed + 6)
    centres = meshes.geometry.representative_point()
    populations = pd.Series(0, index=meshes["mesh_code"].to_numpy(), dtype="int64")
    elderly = pd.Series(0.0, index=populations.index)
    for rank, city in enumerate(cities):
        inside = shapely.contains_xy(city.polygon, centres.x.to_numpy(), centres.y.to_numpy())
        codes = populations.index[inside]
        core = city.polygon.representative_point()
        distance = np.hypot(centres.x[inside] - core.x, (centres.y[inside] - core.y) * 1.27).to_numpy()
        scale = distance.max() if distance.size else 1.0
        weight = np.exp(-4 * distance / scale) + 0.004
        weight[rng.random(codes.size) < 0.18] = 0  # fields, factories and water: no residents
        total = int(ssdse.at[city.city_code, "A1101"])
        populations[codes] = rng.multinomial(total, weight / weight.sum())
        base = ssdse.at[city.city_code, "A1303"] / total
        elderly[codes] = np.clip(base - 0.08 + 0.22 * distance / scale + rng.normal(0, 0.03, codes.size), 0.08, 0.75)
    return populations, elderly


def _write_readme(dest: Path, ssdse: pd.DataFrame, names: dict[str, str]) -> None:
    lines = [
        f"# {PRACTICE_LABEL}データ",
        "",
        f"このフォルダのファイルはすべて **{PRACTICE_LABEL}データ** です。実在の地域・統計・時刻表ではありません。",
        f"架空の「練習県」（コード {PREF_CODE}、新潟沖の海上に置いた架空の県）について、実データと同じ形式で作っています。",
        "",
        "| ファイル | 形式（同じ形式の実データ） |",
        "|---|---|",
        f"| {names['ssdse']} | SSDSE-A（CP932、見出し3行） |",
        f"| {names['n03']} | 国土数値情報 N03 行政区域 GeoJSON |",
        f"| {names['census_mesh']} | 国勢調査 地域メッシュ統計 {MESH_LEVEL}（CP932、見出し2行、秘匿あり） |",
        f"| {names['mesh_boundary']} | 地域メッシュ境界（シェープファイル） |",
        f"| {names['p04']} | 国土数値情報 P04 医療機関 GeoJSON |",
        f"| {names['gtfs']} | GTFS-JP（循環線あり） |",
        "",
        f"市町村と総人口: " + "、".join(f"{n} {int(p):,}人" for n, p in zip(ssdse["Municipality"], ssdse["A1101"])),
        "",
        PRACTICE_ATTRIBUTION,
        "",
    ]
    (dest / "README.md").write_text("\n".join(lines), encoding="utf-8")
