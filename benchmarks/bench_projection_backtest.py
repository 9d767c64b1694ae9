"""Back-test of the コーホート変化率法 over every municipality of one prefecture, and 2050 against 社人研.

Run from the project root:  .venv/bin/python benchmarks/bench_projection_backtest.py [--pref 15]

Ratios from 住基 2013-03-31 → 2018-01-01 (4¾ years, top class 80歳以上) are applied as one 5-year step
from 2018-01-01 and compared with the actual 2023-01-01 table (collapsed to 80歳以上). Prints the error
distribution of the total and of 65歳以上, with and without the 5/4¾ stretch of the ratios, then the
2018 → 2023 projection at 2050-10-01 beside 社人研 令和5年推計 (新潟県 only: the file holds its 30 municipalities).
Not a test: the numbers describe the method on real data.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curriculum.analysis.projection import backtest_prefecture, project_city  # noqa: E402
from curriculum.data import fetch  # noqa: E402
from curriculum.data.ipss import read_ipss_2018, read_ipss_2023_totals  # noqa: E402
from curriculum.data.juki_age import read_juki_age  # noqa: E402


def describe(errors, label: str) -> None:
    pct = errors * 100
    q = pct.quantile([0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0])
    print(f"  {label:<22} mean {pct.mean():+6.2f}%  |mean| {pct.abs().mean():5.2f}%  "
          + "  ".join(f"p{int(k * 100)} {v:+6.2f}%" for k, v in q.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pref", default="15", help="2-digit prefecture code (default 15 新潟県)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    t13, t18, t23 = (read_juki_age(fetch(f"juki-age-{y}", quiet=True)) for y in (2013, 2018, 2023))
    for stretch in (False, True):
        result = backtest_prefecture(t13, t18, t23, args.pref, stretch=stretch)
        print(f"back-test 2013-03-31→2018-01-01 ratios, 2018→2023, {len(result)} municipalities, "
              f"{'ratios ** (5/4.756)' if stretch else 'ratios as they are'}:")
        describe(result["error_total"], "total error")
        describe(result["error_65"], "65+ error")
        worst = result.reindex(result["error_total"].abs().sort_values(ascending=False).index).head(3)
        for code, row in worst.iterrows():
            print(f"    worst {code} {row['city_name']}: actual {row['actual_total']:,.0f}, projected "
                  f"{row['projected_total']:,.0f} ({row['error_total'] * 100:+.1f}%)")
    if args.pref == "15":
        ipss = read_ipss_2023_totals(fetch("ipss-2023-niigata-totals", quiet=True))
        print("2050-10-01: 住基 2018→2023 cohort-change projection vs 社人研 令和5年推計")
        diffs = []
        for code, row in ipss.iterrows():
            ours = project_city(t18, t23, code)["total"]
            diffs.append(ours / row[2050] - 1)
            if code in ("15213", "15204", "15100"):
                print(f"  {code} {row['name']}: ours {ours:,} / 社人研 {row[2050]:,} ({diffs[-1] * 100:+.1f}%)")
        import pandas as pd

        describe(pd.Series(diffs), "ours vs 社人研 2050")
    compare_2018_edition(t18, t23)
    return 0


def compare_2018_edition(t18, t23) -> None:
    """Every municipality the 2018 edition projects: ours at 2045-10-01 vs 社人研 平成30年推計 2045, total and 65+."""
    import pandas as pd

    ipss = read_ipss_2018(fetch("ipss-2018-municipal-both", quiet=True))
    ipss = ipss[ipss["year"] == 2045].set_index("city_code")
    old_ipss = [c for c in ipss.columns if c[:2].isdigit() and int(c.split("-")[0].rstrip("+")) >= 65]
    rows = []
    for code in ipss.index.intersection(t23["city_code"]):
        try:
            result = project_city(t18, t23, code, until="2045-10-01")
        except Exception as err:  # a municipality missing from one table: count it, do not stop
            rows.append({"city_code": code, "skipped": str(err)[:40]})
            continue
        at = result["at"]
        old = [c for c in at.columns if c[:2].isdigit() and int(c.split("-")[0].rstrip("+")) >= 65]
        rows.append({"city_code": code, "total": result["total"] / ipss.loc[code, "total"] - 1,
                     "65+": at[old].to_numpy().sum() / ipss.loc[code, old_ipss].sum() - 1})
    frame = pd.DataFrame(rows)
    done = frame.dropna(subset=["total"])
    print(f"2045-10-01: ours vs 社人研 平成30年推計, {len(done)} municipalities ({len(frame) - len(done)} skipped)")
    describe(done["total"], "total")
    describe(done["65+"], "65+")


if __name__ == "__main__":
    raise SystemExit(main())
