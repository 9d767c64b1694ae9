"""練習用データ一式を作る: build every practice file for 練習県 into one folder, with a README."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.data.census_mesh import LABELS_2020
from curriculum.practice import geodata, tables
from curriculum.practice.gtfs import write_practice_gtfs
from curriculum.practice.world import CENTER_LAT, CENTER_LON, PRACTICE_LABEL, PROJECTED_CRS, practice_cities, prefecture_outline

PRACTICE_DIR_ENV = "CURRICULUM_PRACTICE_DIR"
ATTRIBUTION = f"出典：{PRACTICE_LABEL}（curriculum パッケージが生成。実在の地域・統計ではありません）"
FILES = {
    "ssdse": "practice_SSDSE-A-2026.csv",
    "n03": "practice_n03_99.geojson",
    "census_mesh": "practice_tblT001141H5738.zip",
    "mesh_boundary": "practice_HDDSWH5738.zip",
    "p04": "practice_P04-20_99.geojson",
    "gtfs": "practice_gtfs_renshu_city_bus.zip",
}


def practice_dir() -> Path:
    """Where practice data lives: $CURRICULUM_PRACTICE_DIR, else `practice_data/` in the current folder."""
    return Path(os.environ.get(PRACTICE_DIR_ENV, "practice_data")).resolve()


def build_practice_data(dest: str | Path | None = None, *, seed: int = 0) -> dict[str, Path]:
    """練習用データを作る: write every practice file (deterministic for a seed) and return their paths.

    All files describe 練習県 (code 99), a fictional prefecture placed at sea off 新潟;
    each is in the exact format of its real counterpart so the same readers work.
    """
    dest = Path(dest) if dest is not None else practice_dir()
    dest.mkdir(parents=True, exist_ok=True)
    paths = {key: dest / name for key, name in FILES.items()}
    cities = practice_cities(seed)
    areas = _areas_km2(cities)
    ssdse = tables.make_ssdse_rows(cities, areas, seed)
    tables.write_ssdse_a(ssdse, paths["ssdse"])
    geodata.write_n03(cities, paths["n03"])

    meshes = geodata.land_meshes(prefecture_outline(seed), "500m")
    populations, elderly = _mesh_population(meshes, cities, ssdse, seed)
    populated = populations[populations > 0]
    details = tables.make_mesh_details(populated, elderly[populated.index], seed)
    table = tables.apply_secrecy(details, geodata.neighbours(list(populated.index)))
    tables.write_census_mesh_zip(table, paths["census_mesh"], member="tblT001141H5738.txt", labels=LABELS_2020)
    geodata.write_mesh_boundary(meshes, paths["mesh_boundary"])
    geodata.write_p04(cities, ssdse["A1101"].to_dict(), paths["p04"], seed)

    centre = cities[0].polygon.representative_point()
    write_practice_gtfs(paths["gtfs"], center_lat=centre.y, center_lon=centre.x, radius_m=2500, seed=seed)
    _write_readme(dest, ssdse)
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


def _write_readme(dest: Path, ssdse: pd.DataFrame) -> None:
    lines = [
        f"# {PRACTICE_LABEL}",
        "",
        "このフォルダのファイルはすべて **練習用・架空データ** です。実在の地域・統計・時刻表ではありません。",
        "架空の「練習県」（コード 99、新潟沖の海上に置いた架空の県）について、実データと同じ形式で作っています。",
        "",
        "| ファイル | 形式（同じ形式の実データ） |",
        "|---|---|",
        f"| {FILES['ssdse']} | SSDSE-A（CP932、見出し3行） |",
        f"| {FILES['n03']} | 国土数値情報 N03 行政区域 GeoJSON |",
        f"| {FILES['census_mesh']} | 国勢調査 地域メッシュ統計 500m（CP932、見出し2行、秘匿あり） |",
        f"| {FILES['mesh_boundary']} | 地域メッシュ境界（シェープファイル） |",
        f"| {FILES['p04']} | 国土数値情報 P04 医療機関 GeoJSON |",
        f"| {FILES['gtfs']} | GTFS-JP（循環線あり） |",
        "",
        f"市町村と総人口: " + "、".join(f"{n} {int(p):,}人" for n, p in zip(ssdse["Municipality"], ssdse["A1101"])),
        "",
        ATTRIBUTION,
        "",
    ]
    (dest / "README.md").write_text("\n".join(lines), encoding="utf-8")
