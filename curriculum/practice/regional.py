"""練習国の地域統計: fictional municipal and prefectural statistics in the real files' exact formats.

For the フォローアップ編 themes 地場産業の活性化 and 観光振興, which compare a city with its prefecture and
with the whole country, the practice world needs more than one prefecture. 練習国 has five fictional
prefectures (codes 95–99, which no real prefecture has); 練習県 (99) holds the same six municipalities
as the rest of the practice data (:mod:`curriculum.practice.world`), 練習市 (99201) playing 燕市 — a city
where 製造業 stands out. Three files, each read by the real reader:

* ``practice_SSDSE-A-industry.csv`` — SSDSE-A layout (CP932, three header rows) with 事業所数・従業者数（民営）
  by 産業大分類 (read with :func:`curriculum.data.read_ssdse`);
* ``practice_SSDSE-B.csv`` — SSDSE-B layout (47 → 5 prefectures × 12 years, 2022 → 2011);
* ``practice_shukuhaku.xlsx`` — 宿泊旅行統計調査 layout (第1表 施設数, 第2表 延べ宿泊者数, 12 months)
  (read with :func:`curriculum.data.tourism.read_shukuhaku`).

Every name in them says 練習; the numbers are invented and mean nothing about any real place.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.practice.world import CITIES

__all__ = ["PREFECTURES", "INDUSTRIES", "FILES", "write_regional_practice", "make_municipal_industry",
           "make_prefecture_series", "make_accommodation_months"]

PREFECTURES = [  # (2-digit code, name, population, main season of visitors: month → weight)
    ("95", "東練習県", 1_800_000, {8: 1.5, 10: 1.2}),
    ("96", "西練習県", 900_000, {7: 1.3, 8: 1.6}),
    ("97", "南練習県", 1_300_000, {3: 1.3, 4: 1.4, 11: 1.2}),
    ("98", "北練習県", 700_000, {1: 1.6, 2: 1.7, 12: 1.3}),
    ("99", "練習県", 300_000, {5: 1.2, 8: 1.8}),  # 練習市 ≈ 11万人, as in the rest of the practice data
]
# SSDSE-A's 産業大分類 columns (code suffix, label), a national share of employees and employees per establishment
INDUSTRIES = [
    ("32", "農業、林業", 0.007, 11), ("33", "漁業", 0.001, 10), ("35", "鉱業、採石業、砂利採取業", 0.0004, 10),
    ("36", "建設業", 0.065, 8), ("37", "製造業", 0.152, 21), ("38", "電気・ガス・熱供給・水道業", 0.003, 22),
    ("39", "情報通信業", 0.034, 26), ("40", "運輸業、郵便業", 0.056, 25), ("41", "卸売業、小売業", 0.200, 9),
    ("44", "金融業、保険業", 0.026, 18), ("45", "不動産業、物品賃貸業", 0.028, 4), ("46", "学術研究、専門・技術サービス業", 0.037, 8),
    ("47", "宿泊業、飲食サービス業", 0.081, 8), ("48", "生活関連サービス業、娯楽業", 0.038, 5),
    ("49", "教育、学習支援業", 0.034, 12), ("50", "医療、福祉", 0.141, 18), ("51", "複合サービス事業", 0.008, 14),
    ("52", "サービス業（他に分類されないもの）", 0.090, 14),
]
FILES = {"municipal": "practice_SSDSE-A-industry.csv", "series": "practice_SSDSE-B.csv",
         "accommodation": "practice_shukuhaku.xlsx"}
YEARS = tuple(range(2022, 2010, -1))
_KANJI = "一二三四五六"
# How accommodation moved over the years (2019 = 1): growth to 2019, the 2020–21 pandemic fall, a 2022 rebound
_TREND = {2011: 0.70, 2012: 0.74, 2013: 0.78, 2014: 0.82, 2015: 0.88, 2016: 0.90, 2017: 0.94, 2018: 0.97,
          2019: 1.00, 2020: 0.55, 2021: 0.52, 2022: 0.78}


def _municipalities() -> list[tuple[str, str, str, float]]:
    """(city_code, prefecture, name, weight): 練習県's six from the practice world, five per other prefecture."""
    rows = [(code, "練習県", name, weight) for code, name, _kind, weight in CITIES]
    for pref, pref_name, _pop, _season in PREFECTURES[:-1]:
        stem = pref_name[:-1]
        rows += [(f"{pref}{201 + i}", pref_name, f"{stem}{_KANJI[i]}市", 1.0 / (1 + i)) for i in range(5)]
    return rows


def make_municipal_industry(seed: int = 0) -> pd.DataFrame:
    """SSDSE-A-style rows: 総人口, 事業所数・従業者数（民営） total and by 産業大分類, for every practice municipality."""
    rng = np.random.default_rng(seed + 41)
    pref_population = {name: pop for _code, name, pop, _season in PREFECTURES}
    munis = _municipalities()
    weights = {}
    for _code, pref, _name, weight in munis:
        weights[pref] = weights.get(pref, 0) + weight
    rows = []
    for code, pref, name, weight in munis:
        population = int(pref_population[pref] * 0.8 * weight / weights[pref])
        employees_total = population * rng.uniform(0.38, 0.5)
        shares = np.array([share for _s, _l, share, _size in INDUSTRIES]) * rng.lognormal(0, 0.25, len(INDUSTRIES))
        if code == "99201":  # 練習市 plays 燕市: 製造業 stands out
            shares[[s for s, *_ in INDUSTRIES].index("37")] *= 2.8
        shares /= shares.sum()
        employees = np.floor(shares * employees_total).astype(int)
        sizes = np.array([size for *_x, size in INDUSTRIES]) * rng.uniform(0.7, 1.3, len(INDUSTRIES))
        establishments = np.maximum(np.rint(employees / sizes), (employees > 0).astype(int)).astype(int)
        row = {"Prefecture": pref, "Municipality": name, "A1101": population,
               "C2108": int(establishments.sum()), "C2208": int(employees.sum())}
        for (suffix, _label, _share, _size), n_est, n_emp in zip(INDUSTRIES, establishments, employees):
            row[f"C2108{suffix}"] = int(n_est)
            row[f"C2208{suffix}"] = int(n_emp)
        rows.append((code, row))
    return pd.DataFrame([r for _c, r in rows], index=pd.Index([c for c, _r in rows], name="city_code"))


def _ssdse_a_columns() -> list[tuple[str, str, str]]:
    columns = [("A1101", "2020", "総人口"), ("C2108", "2021", "事業所数（民営）")]
    columns += [(f"C2108{s}", "2021", f"事業所数（民営）（{label}）") for s, label, *_ in INDUSTRIES]
    columns += [("C2208", "2021", "従業者数（民営）")]
    columns += [(f"C2208{s}", "2021", f"従業者数（民営）（{label}）") for s, label, *_ in INDUSTRIES]
    return columns


def write_municipal_industry(frame: pd.DataFrame, dest: Path) -> Path:
    """SSDSE-A's exact layout: CP932, LF, three header rows (code, reference year, label), region code R + 5 digits."""
    columns = _ssdse_a_columns()
    lines = [",".join(["SSDSE-A-2026", "Prefecture", "Municipality"] + [c for c, _, _ in columns]),
             ",".join(["", "", "年度"] + [y for _, y, _ in columns]),
             ",".join(["地域コード", "都道府県", "市区町村"] + [label for _, _, label in columns])]
    for code, row in frame.iterrows():
        lines.append(",".join([f"R{code}", row["Prefecture"], row["Municipality"]] + [str(int(row[c])) for c, _, _ in columns]))
    dest.write_bytes(("\n".join(lines) + "\n").encode("cp932"))
    return dest


def make_prefecture_series(seed: int = 0) -> pd.DataFrame:
    """SSDSE-B-style rows: one per prefecture and year — 総人口, 旅館営業施設数, 延べ宿泊者数 (外国人), 求人・求職."""
    rng = np.random.default_rng(seed + 42)
    rows = []
    for code, name, population, season in PREFECTURES:
        guests_2019 = population * rng.uniform(2.5, 6.0)
        foreign_2019 = rng.uniform(0.03, 0.12)
        facilities = population / rng.uniform(700, 1500)
        seekers = population * rng.uniform(0.010, 0.014)
        for year in YEARS:
            trend = _TREND[year]
            foreign_trend = {2020: 0.25, 2021: 0.05, 2022: 0.35}.get(year, 0.4 + 0.6 * (year - 2011) / 8)
            openings_ratio = 1.0 + 0.05 * (year - 2011) if year <= 2019 else {2020: 1.05, 2021: 1.1, 2022: 1.3}[year]
            rows.append({
                "year": year, "area_code": f"{code}000", "Prefecture": name,
                "A1101": int(population * (1 + 0.005 * (2022 - year))),
                "C3801": int(facilities * (0.95 + 0.005 * (year - 2011))),
                "G7101": int(round(guests_2019 * trend * rng.uniform(0.97, 1.03), -1)),
                "G7102": int(round(guests_2019 * foreign_2019 * foreign_trend * rng.uniform(0.9, 1.1), -1)),
                "F3102": int(seekers * (1.2 - 0.03 * (year - 2011))),
                "F3103": int(seekers * (1.2 - 0.03 * (year - 2011)) * openings_ratio * rng.uniform(0.97, 1.03)),
            })
    return pd.DataFrame(rows)


_SSDSE_B_COLUMNS = [("A1101", "総人口"), ("C3801", "旅館営業施設数（ホテルを含む）"), ("F3102", "月間有効求職者数（一般）"),
                    ("F3103", "月間有効求人数（一般）"), ("G7101", "延べ宿泊者数"), ("G7102", "外国人延べ宿泊者数")]


def write_prefecture_series(frame: pd.DataFrame, dest: Path) -> Path:
    """SSDSE-B's exact layout: CP932, LF, two header rows, newest year first, prefecture-major."""
    lines = [",".join(["SSDSE-B-2025", "Code", "Prefecture"] + [c for c, _ in _SSDSE_B_COLUMNS]),
             ",".join(["年度", "地域コード", "都道府県"] + [label for _, label in _SSDSE_B_COLUMNS])]
    ordered = frame.sort_values(["area_code", "year"], ascending=[True, False])
    for _, row in ordered.iterrows():
        lines.append(",".join([str(row["year"]), f"R{row['area_code']}", row["Prefecture"]]
                              + [str(int(row[c])) for c, _ in _SSDSE_B_COLUMNS]))
    dest.write_bytes(("\n".join(lines) + "\n").encode("cp932"))
    return dest


def make_accommodation_months(seed: int = 0) -> pd.DataFrame:
    """宿泊旅行統計-style months of 2023: 施設数, 延べ宿泊者数 and うち外国人 per prefecture, rounded to tens."""
    rng = np.random.default_rng(seed + 43)
    rows = []
    for code, name, population, season in PREFECTURES:
        yearly = population * rng.uniform(3.0, 6.5)
        weights = np.array([season.get(m, 1.0) for m in range(1, 13)]) * rng.uniform(0.92, 1.08, 12)
        foreign_share = rng.uniform(0.02, 0.10)
        facilities = int(population / rng.uniform(600, 1400))
        for month, weight in zip(range(1, 13), weights / weights.sum()):
            guests = int(round(yearly * weight, -1))
            rows.append({"pref_code": code, "pref_name": name, "month": month,
                         "facilities": facilities + int(rng.integers(-5, 6)), "guests": guests,
                         "foreign_guests": int(round(guests * foreign_share * rng.uniform(0.6, 1.5), -1))})
    return pd.DataFrame(rows)


def write_accommodation_workbook(frame: pd.DataFrame, dest: Path) -> Path:
    """The 観光庁 workbook's layout for 第1表(M月) and 第2表(M月): header rows 1–6, 全国 in row 7, prefectures after."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    tables = [("第1表", "施設数", {2: ("総数\n1)、2)", "facilities")}),
              ("第2表", "延べ宿泊者数", {2: ("延べ\n宿泊者数\n1)", "guests"), 17: ("うち\n外国人延べ\n宿泊者数\n1)", "foreign_guests")})]
    for table, title, columns in tables:
        for month in range(1, 13):
            sheet = book.create_sheet(f"{table}({month}月)")
            sheet.cell(1, 1, f"{table}　月、施設所在地別{title}（練習用・架空データ）")
            sheet.cell(4, 1, "施設所在地（47区分\n及び運輸局等）")
            for column, (header, _field) in columns.items():
                sheet.cell(4, column, header)
            part = frame[frame["month"] == month]
            sheet.cell(7, 1, f"令和5年{month}月")
            for column, (_header, field) in columns.items():
                sheet.cell(7, column, int(part[field].sum()))
            for offset, (_, row) in enumerate(part.iterrows(), start=8):
                sheet.cell(offset, 1, f"\u3000{row['pref_code']}{row['pref_name']}")
                for column, (_header, field) in columns.items():
                    sheet.cell(offset, column, int(row[field]))
            sheet.cell(8 + len(part), 1, "運輸局等（再掲）")
    book.save(dest)
    return dest


def write_regional_practice(dest: str | Path, *, seed: int = 0) -> dict[str, Path]:
    """練習国の地域統計を書く: the three files (deterministic for a seed) into ``dest``; returns their paths."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    paths = {key: dest / name for key, name in FILES.items()}
    write_municipal_industry(make_municipal_industry(seed), paths["municipal"])
    write_prefecture_series(make_prefecture_series(seed), paths["series"])
    write_accommodation_workbook(make_accommodation_months(seed), paths["accommodation"])
    return paths
