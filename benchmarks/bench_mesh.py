"""Benchmark: curriculum.mesh vs jismesh on 10⁶ random points in Japan (地域メッシュ, 500 m).

Run from the project root:  .venv/bin/python benchmarks/bench_mesh.py [--n 1000000] [--repeat 3]

Prints best-of-N wall times, the speed-ups, and checks that both libraries give the same
codes except for points within 1e-9° of a cell edge (where jismesh is known to be wrong,
see GEO-NOTES §1.2). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jismesh.utils as ju  # noqa: E402

from curriculum import mesh  # noqa: E402


def best_of(repeat: int, func, *args):
    """Best wall time of `repeat` runs and the last result."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of random points")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    lat = rng.uniform(20, 46, args.n)
    lon = rng.uniform(122, 154, args.n)
    # Add exact SW corners of 500 m cells, where jismesh misassigns (excluded from the comparison).
    corners = rng.integers(0, args.n, args.n // 100)
    lat[corners] = np.floor(lat[corners] * 240) / 240
    lon[corners] = (16000 + np.floor((lon[corners] - 100) * 160)) / 160
    mesh.to_code(lat[:2], lon[:2], "500m")  # build the lookup tables outside the timing

    t_ours, ours = best_of(args.repeat, mesh.to_code, lat, lon, "500m")
    t_theirs, theirs = best_of(args.repeat, ju.to_meshcode, lat, lon, 4)
    t_str, theirs_str = best_of(1, lambda a: a.astype(str), theirs)  # jismesh gives int64; KEY_CODE is text

    on_edge = ((np.abs(lat * 960 - np.round(lat * 960)) < 1e-9 * 960)
               | (np.abs(lon * 640 - np.round(lon * 640)) < 1e-9 * 640))
    differ = ours != theirs_str
    print(f"points: {args.n:,} (of which {on_edge.sum():,} within 1e-9° of a 125 m grid line)")
    print(f"to_code 500m   ours {t_ours * 1e3:8.1f} ms   jismesh {t_theirs * 1e3:8.1f} ms"
          f" (+ {t_str * 1e3:.1f} ms for .astype(str))")
    print(f"speed-up vs jismesh: {t_theirs / t_ours:.1f}×  (with str conversion: {(t_theirs + t_str) / t_ours:.1f}×)")
    print(f"identical codes off the edges: {not differ[~on_edge].any()}  "
          f"(differ on edges: {differ[on_edge].sum():,} of {on_edge.sum():,}; ours is the cell the corner belongs to)")
    corner_ok = np.array_equal(mesh.to_bounds(ours[corners])[0], lat[corners])
    print(f"our SW corners round-trip: {corner_ok}")

    codes = ours
    codes_int = theirs
    t_bounds, _ = best_of(args.repeat, mesh.to_bounds, codes)
    t_jpoint, _ = best_of(args.repeat, lambda c: (ju.to_meshpoint(c, 0, 0), ju.to_meshpoint(c, 1, 1)), codes_int)
    t_jpoint1, _ = best_of(args.repeat, ju.to_meshpoint, codes_int, 0, 0)
    print(f"to_bounds      ours {t_bounds * 1e3:8.1f} ms   jismesh to_meshpoint SW+NE {t_jpoint * 1e3:8.1f} ms"
          f" (SW only {t_jpoint1 * 1e3:.1f} ms)")
    print(f"speed-up vs jismesh (bounds): {t_jpoint / t_bounds:.1f}×  (vs SW only: {t_jpoint1 / t_bounds:.1f}×)")
    ok = not differ[~on_edge].any() and corner_ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
