"""Benchmark: the 見える化 for a city of about 400,000 residents (practice extract shaped like 新潟市 × 0.5).

Run from the project root:  .venv/bin/python benchmarks/bench_mieruka.py [--city 15100 --scale 0.5]

Times: building the practice extract, each monthly refresh (validation + cube + suppression, done once a
month), then what a member of staff waits for — a filter change — in Python (views from the published
month) and in the static page in headless Chromium (change event → rendered), with the ratio to the 1-second
target. Prints the machine's load so the numbers can be read. Not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curriculum.apps.mieruka.cube import LEVELS  # noqa: E402
from curriculum.apps.mieruka.page import export_html  # noqa: E402
from curriculum.apps.mieruka.store import read_month, refresh  # noqa: E402
from curriculum.apps.mieruka.views import areas_of, flow_view, population_view  # noqa: E402
from curriculum.data import fetch  # noqa: E402
from curriculum.data.juki_age import read_juki_age  # noqa: E402
from curriculum.data.shochiiki import read_shochiiki  # noqa: E402
from curriculum.practice.juki_extract import make_juki_extract, write_juki_extract  # noqa: E402
from curriculum.provenance import PRACTICE_LABEL  # noqa: E402


def load() -> str:
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", default="15100")
    parser.add_argument("--scale", type=float, default=0.5)
    parser.add_argument("--changes", type=int, default=200, help="filter changes to time")
    parser.add_argument("--store", type=Path, default=None,
                        help="time the filter changes on an already published store (skip the extract and refresh)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_mieruka_"))
    print(f"machine: {load()}")
    if args.store is not None:
        return time_views(args.store, work, args.changes)
    start = time.perf_counter()
    table = read_juki_age(fetch("juki-age-2023", quiet=True))
    shochiiki = read_shochiiki(fetch("estat-shochiiki-2015-niigata-dbf", quiet=True))
    extract = make_juki_extract(args.city, table, shochiiki, months=1, seed=0, scale=args.scale)
    folder = write_juki_extract(extract, work / "extract")
    base = next(iter(extract.residents))
    print(f"practice extract: {len(extract.residents[base]):,} residents, {len(extract.areas):,} 町丁目, "
          f"{time.perf_counter() - start:.1f} s ({load()})")
    store = work / "store"
    for month in extract.residents:
        start = time.perf_counter()
        refresh(store, folder / month, month, areas_path=folder / f"areas_{PRACTICE_LABEL}.csv", city_code=args.city)
        print(f"refresh {month}: {time.perf_counter() - start:.1f} s (once a month; {load()})")
    return time_views(store, work, args.changes)


def time_views(store: Path, work: Path, changes: int) -> int:
    """What a member of staff waits for: a filter change in Python and in the static page (Chromium)."""
    from curriculum.apps.mieruka.store import months

    month = months(store)[-1]
    start = time.perf_counter()
    values = read_month(store, month)
    print(f"open month {month}: {time.perf_counter() - start:.2f} s, {len(values):,} cells, {int(values.isna().sum()):,} 秘匿")
    rng = random.Random(0)
    areas = {level: areas_of(values, level) for level in LEVELS}
    times = []
    for _ in range(changes):
        level = rng.choice(list(LEVELS))
        area = rng.choice(areas[level])
        sex = rng.choice(["計", "男", "女"])
        first = rng.randrange(0, 100, 5)
        begin = time.perf_counter()
        population_view(values, level, area, sex=sex, band=(first, None))
        for kind in ("転入", "転出", "転居"):
            flow_view(values, kind, level, area)
        times.append(time.perf_counter() - begin)
    times.sort()
    p50, p95, worst = times[len(times) // 2], times[int(len(times) * 0.95)], times[-1]
    print(f"Python filter change ({changes}): median {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {worst * 1000:.0f} ms; max / 1 s target = {worst:.2f} ({load()})")
    page = export_html(store, work / "site" / "index.html")
    print(f"static page: {page.stat().st_size / 1e6:.1f} MB")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page()
        begin = time.perf_counter()
        tab.goto(page.as_uri())
        print(f"page open: {time.perf_counter() - begin:.2f} s")
        browser_times = []
        for level in ["elementary", "junior_high", "center", "care_center", "chome", "全域"] * 3:
            ms = tab.evaluate("""(level) => { const t = performance.now();
                const s = document.getElementById('level'); s.value = level;
                s.dispatchEvent(new Event('change')); return performance.now() - t; }""", level)
            browser_times.append(ms)
        print(f"browser filter change: median {sorted(browser_times)[len(browser_times) // 2]:.0f} ms, "
              f"max {max(browser_times):.0f} ms; max / 1 s target = {max(browser_times) / 1000:.2f} ({load()})")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
