"""練習用の観光入込客数（練習市）: a deterministic table in the 観光入込客数 template (2022-01 … 2023-12).

Eight fictional 観光地点 of 練習市 with different seasons — a summer 花火大会 (one month only), a spring 桜まつり,
a winter 温泉, an October 工場見学 event like 燕三条「工場の祭典」, a 道の駅 that is busy all year. Every number
is invented; nothing here describes a real place.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.templates.tourism import TOURISM_VISITORS

__all__ = ["PRACTICE_SPOTS", "make_practice_visitors", "write_practice_visitors"]

PRACTICE_CITY_CODE = "99201"
# (spot, 分類, monthly base, {month: multiplier}; a month missing from ``only`` means no row — the event was not held)
PRACTICE_SPOTS = [
    ("練習市 道の駅（練習用・架空）", "都市型観光（買物・食等）", 38000, {5: 1.2, 8: 1.3, 1: 0.8, 2: 0.8}),
    ("練習市 産業史料館（練習用・架空）", "歴史・文化", 2500, {10: 1.6, 8: 1.2}),
    ("練習温泉（練習用・架空）", "温泉・健康", 9000, {12: 1.4, 1: 1.5, 2: 1.4, 7: 0.7}),
    ("練習川 河川公園（練習用・架空）", "スポーツ・レクリエーション", 6000, {4: 1.5, 5: 1.6, 7: 1.4, 8: 1.5, 12: 0.3, 1: 0.2, 2: 0.2}),
    ("練習山 展望台（練習用・架空）", "自然", 3000, {5: 1.4, 10: 1.9, 11: 1.6, 12: 0.2, 1: 0.1, 2: 0.1}),
    ("練習市 工場見学祭（練習用・架空）", "行祭事・イベント", 45000, {10: 1.0}),
    ("練習市 花火大会（練習用・架空）", "行祭事・イベント", 60000, {8: 1.0}),
    ("練習市 桜まつり（練習用・架空）", "行祭事・イベント", 25000, {4: 1.0}),
]
_EVENTS = "行祭事・イベント"


def make_practice_visitors(seed: int = 0) -> pd.DataFrame:
    """The practice table with the template's Japanese headers (one row per spot and month held)."""
    rng = np.random.default_rng(seed + 51)
    rows = []
    for year, growth in ((2022, 0.9), (2023, 1.0)):
        for spot, kind, base, season in PRACTICE_SPOTS:
            for month in range(1, 13):
                if kind == _EVENTS and month not in season:
                    continue
                visitors = int(round(base * season.get(month, 1.0) * growth * rng.uniform(0.9, 1.1), -1))
                measured = kind in (_EVENTS, "温泉・健康", "歴史・文化")
                outside = round(float(rng.uniform(25, 60)), 1) if kind == _EVENTS else ""
                rows.append([PRACTICE_CITY_CODE, spot, kind, f"{year}-{month:02d}", visitors, outside,
                             "実数" if measured else "推計", ""])
    return pd.DataFrame(rows, columns=[c.header for c in TOURISM_VISITORS.columns])


def write_practice_visitors(folder: str | Path, *, seed: int = 0) -> Path:
    """Write the practice table as UTF-8 (with BOM) CSV in the template and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "practice_tourism_visitors_99201.csv"
    make_practice_visitors(seed).to_csv(path, index=False, encoding="utf-8-sig")
    return path
