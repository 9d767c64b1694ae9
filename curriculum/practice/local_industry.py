"""練習用の地場産業データ（練習市）: 産業中分類の市の集計 and a 事業者アンケート, in their templates.

練習市 plays 燕市: its manufacturing leans on 金属製品 and 生産用機械. The 中分類 table has three survey years
(2016 and 2021 経済センサス‐活動調査, 2019 工業統計) with a few 秘匿 (blank) cells; the survey has 180 answers.
Every number is invented; nothing here describes a real place or firm.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.templates.local_industry import (BUSINESS_SURVEY, EMPLOYEE_BANDS, INDUSTRY_CENSUS_CITY, OUTLOOKS,
                                                 STAFFING, SUCCESSION)

__all__ = ["make_practice_industry_census", "make_practice_business_survey", "write_practice_local_industry"]

PRACTICE_CITY_CODE = "99201"
# 日本標準産業分類 中分類 (製造業) used by the practice city: code, name, employees in 2021, employees per establishment,
# 出荷額 per employee (万円), growth 2016 → 2021
_INDUSTRIES = [
    ("09", "食料品製造業", 1500, 18, 1800, 1.02), ("11", "繊維工業", 300, 6, 900, 0.85),
    ("15", "印刷・同関連業", 450, 8, 1400, 0.88), ("18", "プラスチック製品製造業", 1100, 15, 2600, 1.04),
    ("21", "窯業・土石製品製造業", 180, 9, 2200, 0.95), ("22", "鉄鋼業", 380, 19, 5200, 0.97),
    ("24", "金属製品製造業", 7200, 11, 2300, 0.96), ("25", "はん用機械器具製造業", 900, 14, 3100, 1.05),
    ("26", "生産用機械器具製造業", 2600, 13, 3300, 1.09), ("29", "電気機械器具製造業", 800, 20, 2900, 1.00),
    ("31", "輸送用機械器具製造業", 420, 21, 3600, 1.03), ("32", "その他の製造業", 650, 7, 1500, 0.93),
]
_YEARS = ((2016, "経済センサス‐活動調査"), (2019, "工業統計調査"), (2021, "経済センサス‐活動調査"))
_SECRET = {("21", 2019), ("31", 2016)}  # 秘匿 cells: written blank, never 0


def make_practice_industry_census(seed: int = 0) -> pd.DataFrame:
    """The practice 中分類 table with the template's Japanese headers."""
    rng = np.random.default_rng(seed + 61)
    rows = []
    for year, source in _YEARS:
        for code, name, employees_2021, size, per_employee, growth in _INDUSTRIES:
            factor = growth ** ((2021 - year) / 5) * rng.uniform(0.97, 1.03)  # employees(year) = employees(2021) / factor
            employees = int(employees_2021 / factor)
            establishments = max(1, int(employees / size * rng.uniform(0.9, 1.1)))
            shipments = int(employees * per_employee * rng.uniform(0.9, 1.1))
            if (code, year) in _SECRET:
                employees_text, shipments_text = "", ""
            else:
                employees_text, shipments_text = employees, shipments
            rows.append([PRACTICE_CITY_CODE, year, source, code, name, establishments, employees_text, shipments_text])
    return pd.DataFrame(rows, columns=[c.header for c in INDUSTRY_CENSUS_CITY.columns])


def make_practice_business_survey(seed: int = 0, *, n: int = 180) -> pd.DataFrame:
    """The practice 事業者アンケート with the template's Japanese headers."""
    rng = np.random.default_rng(seed + 62)
    codes = [code for code, *_ in _INDUSTRIES]
    weights = np.array([employees / size for _c, _n, employees, size, *_ in _INDUSTRIES])
    issues = ["若手の採用が難しい", "材料費の値上がり", "取引先の海外移転", "設備の老朽化", "", "", "販路が限られている",
              "後継者がいない"]
    rows = []
    for number in range(1, n + 1):
        band = rng.choice(EMPLOYEE_BANDS, p=[0.38, 0.24, 0.16, 0.08, 0.11, 0.03])
        small = band in EMPLOYEE_BANDS[:2]
        successor = rng.choice(SUCCESSION, p=[0.2, 0.2, 0.45, 0.15] if small else [0.45, 0.3, 0.2, 0.05])
        rows.append([number, rng.choice(codes, p=weights / weights.sum()), band,
                     rng.choice(OUTLOOKS, p=[0.18, 0.42, 0.32, 0.08]), rng.choice(STAFFING, p=[0.58, 0.37, 0.05]),
                     successor, rng.choice(["している", "していない"], p=[0.25, 0.75] if small else [0.5, 0.5]),
                     rng.choice(issues)])
    return pd.DataFrame(rows, columns=[c.header for c in BUSINESS_SURVEY.columns])


def write_practice_local_industry(folder: str | Path, *, seed: int = 0) -> dict[str, Path]:
    """Write both practice tables (UTF-8 with BOM CSV, in their templates); returns ``{template id: path}``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {INDUSTRY_CENSUS_CITY.id: folder / "practice_industry_census_99201.csv",
             BUSINESS_SURVEY.id: folder / "practice_business_survey_99201.csv"}
    make_practice_industry_census(seed).to_csv(paths[INDUSTRY_CENSUS_CITY.id], index=False, encoding="utf-8-sig")
    make_practice_business_survey(seed).to_csv(paths[BUSINESS_SURVEY.id], index=False, encoding="utf-8-sig")
    return paths
