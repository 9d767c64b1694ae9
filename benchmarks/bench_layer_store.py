"""Benchmark: append 10,000 field-survey points to the layer store and re-publish the map (統合型 GIS).

Run from the project root:  .venv/bin/python benchmarks/bench_layer_store.py [--n 10000] [--existing 5000]

The store's append checks every row (coordinates, required fields, duplicates against all stored points)
and records history; the baseline is the bare minimum of the same job — geopandas writing the same points
to a fresh GeoPackage with no checks. Prints both times, the ratio, the publish time and the machine load.
Target: the append and re-publish finish in seconds (not minutes) on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import geopandas as gpd  # noqa: E402

from curriculum.themes.municipal_gis import LayerStore  # noqa: E402


def points(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"種別": rng.choice(["空き家", "防犯灯", "農地"], n), "緯度": rng.uniform(37.60, 37.72, n).round(6),
                         "経度": rng.uniform(138.80, 138.95, n).round(6), "状態": rng.choice(["A", "B", "C"], n)})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="points appended")
    parser.add_argument("--existing", type=int, default=5_000, help="points already in the layer")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    points(args.existing, 1).to_csv(folder / "first.csv", index=False)
    new = points(args.n, 2)
    new.to_csv(folder / "survey.csv", index=False)
    store = LayerStore(folder / "city.gpkg")
    store.add("survey", folder / "first.csv", title="現地調査", kind="practice", required=("種別",), key_fields=("種別",))

    start = time.perf_counter()
    stored = store.append("survey", folder / "survey.csv")
    t_append = time.perf_counter() - start
    start = time.perf_counter()
    store.publish(folder / "map.html")
    t_publish = time.perf_counter() - start

    start = time.perf_counter()
    frame = gpd.GeoDataFrame(new, geometry=gpd.points_from_xy(new["経度"], new["緯度"]), crs="EPSG:6668")
    frame.to_file(folder / "baseline.gpkg", layer="survey", driver="GPKG")
    t_base = time.perf_counter() - start

    load = os.getloadavg()
    print(f"points appended: {args.n:,} to a layer of {args.existing:,} (stored {len(stored):,}, "
          f"flagged duplicates {int(stored['_duplicate_of'].notna().sum()):,})")
    print(f"append (checked, with history)  {t_append:6.2f} s")
    print(f"baseline (geopandas to_file)    {t_base:6.2f} s   ratio {t_append / t_base:.1f}×")
    print(f"publish ({args.existing + args.n:,} points)   {t_publish:6.2f} s")
    print(f"machine load (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
