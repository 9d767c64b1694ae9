"""Benchmark: 地域メッシュ coding vs jismesh, and our bus-stop coverage vs a naive geopandas overlay.

Run from the project root (needs the real-data folder, $CURRICULUM_DATA_DIR or ../shared/data):

    .venv/bin/python benchmarks/bench_transit.py [--points 1000000] [--stops 5000] [--repeat 3]

1. ``curriculum.mesh.to_code`` vs ``jismesh.utils.to_meshcode`` on 10⁶ random points (500 m codes).
2. Area-weighted coverage on the 広島県 500 m package (13,975 meshes, polygons from
   ``curriculum.mesh.to_polygons`` of its KEY_CODEs, 平面直角座標系 III = EPSG:6671) with seeded
   synthetic stops (placed in meshes drawn with probability ∝ population), radius 300 m:
   ``curriculum.themes.elderly_transit.coverage.compute_covered_area`` vs ``gpd.overlay(meshes, union of buffers)``.
   Both must give the same covered population (relative difference < 1e-6).

Targets: ≥ 5× for mesh coding, ≥ 10× for coverage. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import jismesh.utils as ju  # noqa: E402
import shapely  # noqa: E402

from curriculum import mesh  # noqa: E402
from curriculum.data import read_census_mesh  # noqa: E402
from curriculum.themes.elderly_transit.coverage import QUAD_SEGS, compute_covered_area  # noqa: E402

HIROSHIMA = "census_mesh/tblT001101H34_hiroshima_utf8_noLabelRow.csv"
CRS = "EPSG:6671"  # 広島県: 平面直角座標系 III


def best_of(repeat: int, func, *args):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_mesh(n: int, repeat: int) -> float:
    rng = np.random.default_rng(0)
    lat, lon = rng.uniform(20, 46, n), rng.uniform(122, 154, n)
    mesh.to_code(lat[:2], lon[:2], "500m")  # lookup tables built outside the timing
    t_ours, ours = best_of(repeat, mesh.to_code, lat, lon, "500m")
    t_int, _ = best_of(repeat, ju.to_meshcode, lat, lon, 4)  # int64 codes; KEY_CODE is text, so …
    t_jis, theirs = best_of(repeat, lambda a, b: ju.to_meshcode(a, b, 4).astype(str), lat, lon)
    on_edge = (np.abs(lat * 960 - np.round(lat * 960)) < 1e-6) | (np.abs(lon * 640 - np.round(lon * 640)) < 1e-6)
    same = bool((ours == theirs)[~on_edge].all())
    print(f"[1] 地域メッシュ 500m, {n:,} points: ours {t_ours * 1e3:8.1f} ms | jismesh (+str) {t_jis * 1e3:8.1f} ms"
          f" | speed-up {t_jis / t_ours:5.1f}× (target ≥ 5×; {t_int / t_ours:.1f}× vs jismesh's int64 codes"
          f" {t_int * 1e3:.1f} ms) | identical codes off cell edges: {same}")
    return t_jis / t_ours


def naive_overlay(cells: gpd.GeoDataFrame, stops: gpd.GeoSeries, radius: float) -> np.ndarray:
    """What a GIS tutorial does: buffer, dissolve, overlay, area per mesh."""
    union = stops.buffer(radius).union_all()
    pieces = gpd.overlay(cells[["mesh_code", "geometry"]], gpd.GeoDataFrame(geometry=[union], crs=cells.crs),
                         how="intersection")
    area = pieces.assign(a=pieces.area).groupby("mesh_code")["a"].sum()
    return area.reindex(cells["mesh_code"]).fillna(0.0).to_numpy()


def ours(cells: gpd.GeoDataFrame, stops: gpd.GeoSeries, radius: float) -> np.ndarray:
    circles = shapely.buffer(stops.to_numpy(), radius, quad_segs=QUAD_SEGS)
    return compute_covered_area(cells.geometry.to_numpy(), circles)


def bench_coverage(n_stops: int, repeat: int, radius: float = 300.0) -> float:
    data = Path(os.environ.get("CURRICULUM_DATA_DIR") or ROOT.parent / "shared" / "data")
    path = next(data.rglob(Path(HIROSHIMA).name), None)
    if path is None:
        raise SystemExit(f"real file {HIROSHIMA} not found under {data} (set CURRICULUM_DATA_DIR)")
    table = read_census_mesh(path)
    cells = mesh.to_polygons(table["KEY_CODE"]).to_crs(CRS)
    population = table["T001101001"].astype(float).to_numpy()
    rng = np.random.default_rng(0)
    pick = rng.choice(len(cells), n_stops, p=population / population.sum())
    bounds = cells.geometry.bounds.to_numpy()[pick]
    stops = gpd.GeoSeries(shapely.points(rng.uniform(bounds[:, 0], bounds[:, 2]), rng.uniform(bounds[:, 1], bounds[:, 3])),
                          crs=CRS)
    t_ours, area_ours = best_of(repeat, ours, cells, stops, radius)
    t_naive, area_naive = best_of(1, naive_overlay, cells, stops, radius)  # ≈15 s: once is enough
    mesh_area = cells.area.to_numpy()
    covered_ours = float((population * area_ours / mesh_area).sum())
    covered_naive = float((population * area_naive / mesh_area).sum())
    rel = abs(covered_ours - covered_naive) / covered_naive
    print(f"[2] カバー率（面積按分）広島県 500m {len(cells):,} meshes, {n_stops:,} stops, r = {radius:g} m:"
          f" ours {t_ours:6.2f} s | gpd.overlay {t_naive:6.2f} s | speed-up {t_naive / t_ours:5.1f}× (target ≥ 10×)")
    print(f"    covered population ours {covered_ours:,.3f} | overlay {covered_naive:,.3f} | relative difference {rel:.1e}"
          f" | max per-mesh area difference {np.abs(area_ours - area_naive).max():.2e} m²")
    assert rel < 1e-6, "coverage results differ"
    return t_naive / t_ours


def machine_load(when: str) -> str:
    """The load average against the number of cores: ratios measured on a busy machine are lower."""
    one, five, _ = os.getloadavg()
    return f"machine load {when}: {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--stops", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(machine_load("before"))
    mesh_speedup = bench_mesh(args.points, args.repeat)
    coverage_speedup = bench_coverage(args.stops, args.repeat)
    met = mesh_speedup >= 5 and coverage_speedup >= 10
    print(machine_load("after"))
    print(f"targets met: {met}  (mesh {mesh_speedup:.1f}× / 5×, coverage {coverage_speedup:.1f}× / 10×)"
          + ("" if met else " — compare with the machine load above before reading a miss as a regression"))
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
