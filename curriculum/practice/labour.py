"""練習用の労働力状態と昼夜間人口（練習県）: deterministic tables in the templates of
:mod:`curriculum.templates.labour`, for rehearsing the M字カーブ and 昼夜間人口 steps offline.

Every number is invented (labelled 練習用・架空); the shapes are typical (women's 労働力率 dips in the 30s,
a central city draws commuters from the towns around it) so that the calculations have something to show,
but nothing here describes a real place and no conclusion may be drawn from it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.practice.world import CITIES
from curriculum.provenance import PRACTICE_LABEL
from curriculum.templates.labour import DAY_NIGHT_POPULATION, LABOUR_AGES, LABOUR_FORCE_BY_AGE

__all__ = ["make_practice_labour_force", "make_practice_day_night", "write_practice_labour"]

PRACTICE_CITY_CODE = "99201"
# Invented 労働力率 (%) per age class 15-19 … 85+: a plain hump for men, an M for women (dip at 35-39).
_RATE = {
    "男": [16, 72, 93, 95, 96, 96, 96, 95, 93, 86, 62, 44, 28, 16, 6],
    "女": [15, 74, 84, 76, 73, 77, 80, 79, 73, 60, 42, 27, 15, 8, 3],
}
_POPULATION = [2100, 2000, 2150, 2400, 2700, 3000, 3300, 3050, 2900, 3100, 3400, 2900, 2300, 1700, 1600]


def make_practice_labour_force(seed: int = 0) -> pd.DataFrame:
    """練習市 in the 労働力状態 template (Japanese headers), 30 rows."""
    rng = np.random.default_rng(seed + 71)
    rows = []
    for sex, rates in _RATE.items():
        for age, rate, people in zip(LABOUR_AGES, rates, _POPULATION, strict=True):
            people = int(people * (1.04 if sex == "女" and age == "85+" else 1.0) * rng.uniform(0.95, 1.05))
            unknown = int(people * 0.03)
            known = people - unknown
            labour = round(known * rate / 100)
            unemployed = round(labour * rng.uniform(0.02, 0.05))
            rows.append([PRACTICE_CITY_CODE, sex, age, labour - unemployed, unemployed, known - labour, unknown])
    return pd.DataFrame(rows, columns=[c.header for c in LABOUR_FORCE_BY_AGE.columns])


def make_practice_day_night(seed: int = 0) -> pd.DataFrame:
    """練習県's six municipalities in the 昼夜間人口 template: 練習市 draws commuters, the towns send them."""
    rng = np.random.default_rng(seed + 72)
    rows = []
    for code, name, _kind, weight in CITIES:
        resident = int(80000 * weight * rng.uniform(0.97, 1.03))
        out_share, in_share = (0.12, 0.18) if code == PRACTICE_CITY_CODE else (0.22, 0.08)
        outflow, inflow = int(resident * out_share), int(resident * in_share)
        rows.append([code, f"{name}（{PRACTICE_LABEL}）", resident, inflow, outflow, resident + inflow - outflow])
    return pd.DataFrame(rows, columns=[c.header for c in DAY_NIGHT_POPULATION.columns])


def write_practice_labour(folder: str | Path, *, seed: int = 0) -> dict[str, Path]:
    """Write both practice tables (UTF-8 with BOM CSV, file names labelled 練習用・架空) and return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "labour-force-by-age": folder / f"labour_force_by_age_99201_{PRACTICE_LABEL}.csv",
        "day-night-population": folder / f"day_night_population_99_{PRACTICE_LABEL}.csv",
    }
    make_practice_labour_force(seed).to_csv(paths["labour-force-by-age"], index=False, encoding="utf-8-sig")
    make_practice_day_night(seed).to_csv(paths["day-night-population"], index=False, encoding="utf-8-sig")
    return paths
