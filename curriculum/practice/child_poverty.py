"""練習用のこどもの貧困のデータ: 練習国's statistics and 練習市's 就学援助 table, in the real layouts and template.

Four files, each read by the real reader or the template validator:

* ``practice_SSDSE-A-children.csv`` — SSDSE-A layout (CP932, three header rows): 総人口, 15歳未満人口, 世帯数,
  民生費・教育費, 児童・生徒数, 保育所等数 for 練習国's municipalities (:mod:`curriculum.practice.regional`);
* ``practice_ssds_welfare.xlsx`` — e-Stat's 社会・人口統計体系 export layout (one sheet per 年度, values as text):
  総人口, 世帯数, 母子世帯数 (census years), 被保護実世帯数（千世帯当たり）, 被保護実人員 for 練習国's 5 prefectures;
* ``practice_SSDSE-B-children.csv`` — SSDSE-B layout (5 prefectures × 12 years): 中学校・高等学校の卒業者と進学者,
  保育所等の定員・在所児・待機児童;
* ``practice_school_aid_99201.csv`` — the 就学援助 template (:data:`curriculum.templates.child_poverty.SCHOOL_AID`)
  for 練習市's 10 小学校区 × 2021–2023 × 小学校・中学校, with two small districts whose counts are under 10.

Every name says 練習 and every number is invented: nothing here describes a real place, school or family.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.practice.regional import make_municipal_industry
from curriculum.templates.child_poverty import SCHOOL_AID

__all__ = ["FILES", "DISTRICTS", "write_practice_child_poverty", "make_practice_school_aid"]

FILES = {"municipal": "practice_SSDSE-A-children.csv", "welfare": "practice_ssds_welfare.xlsx",
         "school_aid": "practice_school_aid_99201.csv", "series": "practice_SSDSE-B-children.csv"}
# 練習市's 小学校区: name, 小学生 in 2023, a relative level of need (1 = the city's average)
DISTRICTS = [
    ("練習中央小学校区", 620, 1.3), ("練習東小学校区", 540, 0.8), ("練習西小学校区", 480, 1.1),
    ("練習南小学校区", 710, 0.7), ("練習北小学校区", 390, 1.0), ("練習駅前小学校区", 330, 1.6),
    ("練習港小学校区", 260, 1.2), ("練習丘小学校区", 450, 0.6), ("練習川沿小学校区", 48, 1.0),
    ("練習山間小学校区", 22, 0.9),
]
_YEARS = (2021, 2022, 2023)
_SSDS_YEARS = tuple(range(2022, 2009, -1))
_CENSUS = (2010, 2015, 2020)


def make_practice_school_aid(seed: int = 0) -> pd.DataFrame:
    """The practice 就学援助 table with the template's Japanese headers (rates about 14 %, rising a little)."""
    rng = np.random.default_rng(seed + 81)
    rows = []
    for year in _YEARS:
        trend = 1 + 0.04 * (year - 2021)
        for district, pupils_2023, need in DISTRICTS:
            for school, share in (("小学校", 1.0), ("中学校", 0.5)):
                pupils = max(1, int(pupils_2023 * share * (1 + 0.015 * (2023 - year)) * rng.uniform(0.97, 1.03)))
                rate = 0.14 * need * trend * rng.uniform(0.9, 1.1)
                recipients = rng.binomial(pupils, min(rate, 0.9))
                protected = rng.binomial(recipients, 0.1)
                rows.append(["99201", year, district, school, pupils, protected, recipients - protected, ""])
    return pd.DataFrame(rows, columns=[c.header for c in SCHOOL_AID.columns])


def make_practice_children_municipal(seed: int = 0) -> pd.DataFrame:
    """SSDSE-A-style rows for 練習国: children, households, budgets (千円), pupils and 保育所等."""
    rng = np.random.default_rng(seed + 82)
    base = make_municipal_industry(seed)[["Prefecture", "Municipality", "A1101"]].copy()
    population = base["A1101"].astype(float)
    children = population * rng.uniform(0.10, 0.14, len(base))
    base["A1301"] = children.astype(int)
    base["A7101"] = (population / rng.uniform(2.2, 2.7, len(base))).astype(int)
    base["A710101"] = (base["A7101"] * rng.uniform(0.985, 0.998, len(base))).astype(int)
    spending = population * rng.uniform(380, 520, len(base))  # 千円
    base["D3203"] = spending.astype(int)
    base["D320303"] = (spending * rng.uniform(0.30, 0.40, len(base))).astype(int)
    base["D320310"] = (spending * rng.uniform(0.09, 0.14, len(base))).astype(int)
    base["E2501"] = (children * 0.40 * rng.uniform(0.95, 1.05, len(base))).astype(int)
    base["E3501"] = (children * 0.21 * rng.uniform(0.95, 1.05, len(base))).astype(int)
    base["J250302"] = np.maximum(1, (children / rng.uniform(300, 650, len(base))).astype(int))
    return base


_MUNICIPAL_COLUMNS = [("A1101", "2020", "総人口"), ("A1301", "2020", "15歳未満人口"), ("A7101", "2020", "世帯数"),
                      ("A710101", "2020", "一般世帯数"), ("D3203", "2022", "歳出決算総額（市町村財政）"),
                      ("D320303", "2022", "民生費（市町村財政）"), ("D320310", "2022", "教育費（市町村財政）"),
                      ("E2501", "2024", "小学校児童数"), ("E3501", "2024", "中学校生徒数"),
                      ("J250302", "2023", "保育所等数（基本票）")]


def _write_municipal(path: Path, frame: pd.DataFrame) -> None:
    lines = [",".join(["SSDSE-A-2026", "Prefecture", "Municipality"] + [c for c, _, _ in _MUNICIPAL_COLUMNS]),
             ",".join(["", "", "年度"] + [y for _, y, _ in _MUNICIPAL_COLUMNS]),
             ",".join(["地域コード", "都道府県", "市区町村"] + [label for _, _, label in _MUNICIPAL_COLUMNS])]
    for code, row in frame.iterrows():
        lines.append(",".join([f"R{code}", row["Prefecture"], row["Municipality"]]
                              + [str(int(row[c])) for c, _, _ in _MUNICIPAL_COLUMNS]))
    path.write_bytes(("\n".join(lines) + "\n").encode("cp932"))


def _write_welfare(path: Path, municipal: pd.DataFrame, seed: int) -> None:
    """e-Stat's export layout: one sheet per 年度 (newest first), values as text with thousands separators."""
    import openpyxl

    rng = np.random.default_rng(seed + 83)
    prefs = municipal.assign(pref=[c[:2] for c in municipal.index]).groupby("pref").agg(
        name=("Prefecture", "first"), population=("A1101", "sum"), households=("A7101", "sum"))
    single_share = {p: rng.uniform(0.012, 0.02) for p in prefs.index}
    protected = {p: rng.uniform(12, 30) for p in prefs.index}  # 被保護実世帯（千世帯当たり）
    book = openpyxl.Workbook()
    book.remove(book.active)
    for number, year in enumerate(_SSDS_YEARS, start=1):
        sheet = book.create_sheet(str(number))
        items = [("A1101", "総人口", "人")]
        if year in _CENSUS:
            items += [("A7101", "世帯数", "世帯"), ("A8401", "母子世帯数", "世帯")]
        items += [("#J01101", "生活保護被保護実世帯数（月平均一般世帯千世帯当たり）", "世帯"), ("J1105", "生活保護被保護実人員", "人")]
        sheet.append(["表題：", "都道府県・市区町村のすがた（社会・人口統計体系）（練習用・架空データ）"])
        sheet.append(["公開日：", "練習用"])
        sheet.append(["調査年：", f"{year}100000", f"{year}年度"])
        sheet.append([])
        sheet.append([None, None, "/項目 コード"] + [v for code, _l, _u in items for v in (code, None)])
        sheet.append(["地域 コード", "地域", "/項目"] + [v for code, label, unit in items for v in (f"{code}_{label}【{unit}】", "注釈")])
        values = {}
        for pref, row in prefs.iterrows():
            age = 2020 - year
            population = row["population"] * (1 + 0.006 * age)
            households = row["households"] * (1 - 0.004 * age)
            single = households * single_share[pref] * (1 + 0.01 * age)
            per_thousand = protected[pref] * (1 - 0.01 * age)
            people = households * per_thousand / 1000 * 1.3
            values[f"{pref}000"] = (row["name"], {"A1101": population, "A7101": households, "A8401": single,
                                                  "#J01101": per_thousand, "J1105": people})
        totals = {k: sum(v[1][k] for v in values.values()) for k in ("A1101", "A7101", "A8401", "J1105")}
        totals["#J01101"] = sum(v[1]["#J01101"] * v[1]["A7101"] for v in values.values()) / totals["A7101"]
        for code, (name, numbers) in [("00000", ("全国", totals)), *sorted(values.items())]:
            cells = []
            for item, _label, _unit in items:
                value = numbers[item]
                cells += [f"{value:.2f}" if item.startswith("#") else f"{int(value):,}", None]
            sheet.append([code, name, None] + cells)
        sheet.append([])
        sheet.append(["***", "調査又は集計していないもの"])
        sheet.append(["X", "数値が秘匿されているもの"])
    book.save(path)


_SERIES_COLUMNS = [("A1101", "総人口"), ("E3701", "中学校卒業者数"), ("E3702", "中学校卒業者のうち進学者数"),
                   ("E4601", "高等学校卒業者数"), ("E4602", "高等学校卒業者のうち進学者数"), ("J2505", "保育所等定員数"),
                   ("J250502", "保育所等利用待機児童数"), ("J2506", "保育所等在所児数")]


def _write_series(path: Path, municipal: pd.DataFrame, seed: int) -> None:
    """SSDSE-B's layout (CP932, two header rows, newest year first): 進学 and 保育所等 for 練習国's prefectures."""
    rng = np.random.default_rng(seed + 84)
    prefs = municipal.assign(pref=[c[:2] for c in municipal.index]).groupby("pref").agg(
        name=("Prefecture", "first"), population=("A1101", "sum"))
    lines = [",".join(["SSDSE-B-2025", "Code", "Prefecture"] + [c for c, _ in _SERIES_COLUMNS]),
             ",".join(["年度", "地域コード", "都道府県"] + [label for _, label in _SERIES_COLUMNS])]
    for pref, row in prefs.iterrows():
        high_school, university = rng.uniform(0.975, 0.99), rng.uniform(0.45, 0.62)
        waiting = rng.uniform(0.0, 0.01)
        for year in range(2022, 2010, -1):
            age = 2022 - year
            population = row["population"] * (1 + 0.005 * age)
            junior = population * 0.0085 * (1 + 0.01 * age)
            senior = junior * 0.97
            capacity = population * 0.021 * (1 - 0.01 * age)
            enrolled = capacity * rng.uniform(0.88, 0.97)
            values = [population, junior, junior * min(0.995, high_school - 0.002 * age), senior,
                      senior * (university - 0.005 * age), capacity, capacity * waiting * (1 + 0.3 * min(age, 6)), enrolled]
            lines.append(",".join([str(year), f"R{pref}000", row["name"]] + [str(int(v)) for v in values]))
    path.write_bytes(("\n".join(lines) + "\n").encode("cp932"))


def write_practice_child_poverty(dest: str | Path, *, seed: int = 0) -> dict[str, Path]:
    """Write the four practice files (deterministic for a seed) into ``dest``; returns their paths."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    paths = {key: dest / name for key, name in FILES.items()}
    municipal = make_practice_children_municipal(seed)
    _write_municipal(paths["municipal"], municipal)
    _write_welfare(paths["welfare"], municipal, seed)
    _write_series(paths["series"], municipal, seed)
    make_practice_school_aid(seed).to_csv(paths["school_aid"], index=False, encoding="utf-8-sig")
    return paths
