"""練習国の外国人住民: fictional 在留外国人統計 and 住基【外国人住民】 tables in the official workbooks' layouts.

For the フォローアップ編 theme 外国人材 on practice data. The municipalities are 練習国's (:mod:`curriculum.practice.regional`:
five fictional prefectures 95–99, 練習市 99201 playing 燕市, a city where 製造業 stands out). Five files, each read
by the real reader of :mod:`curriculum.data.foreign_residents` or :func:`curriculum.data.read_ssdse`:

* ``practice_21-12-03-2.xlsx`` — 市区町村別 在留資格別 (2021年12月末 layout);
* ``practice_22-06-03-1.xlsx`` — 市区町村別 国籍・地域別 (2022年6月末);
* ``practice_20-12-05.xlsx`` — 都道府県別 在留資格別 (2020年12月末);
* ``practice_2311gsjin.xlsx`` — 住基【外国人住民】人口・世帯数・人口動態 (2023-01-01, movements of 2022);
* ``practice_SSDSE-A-foreign.csv`` — SSDSE-A layout with 総人口, 外国人人口 (A1700) and 事業所・従業者 by 産業大分類.

Every title says 練習用・架空; the numbers are invented and mean nothing about any real place.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.practice.regional import INDUSTRIES, make_municipal_industry

__all__ = ["FILES", "STATUSES", "NATIONALITIES", "write_practice_foreign_residents", "make_practice_status"]

FILES = {"status": "practice_21-12-03-2.xlsx", "nationality": "practice_22-06-03-1.xlsx",
         "prefecture": "practice_20-12-05.xlsx", "juki": "practice_2311gsjin.xlsx",
         "municipal": "practice_SSDSE-A-foreign.csv"}
_LABEL = "（練習用・架空データ）"
# The 36 在留資格 columns of the official table, with a base weight in a city's foreign residents (invented)
STATUSES = [
    ("教授", 0.002), ("芸術", 0.0001), ("宗教", 0.001), ("報道", 0.0001), ("高度専門職１号イ", 0.0005),
    ("高度専門職１号ロ", 0.003), ("高度専門職１号ハ", 0.0002), ("高度専門職２号", 0.0003), ("経営・管理", 0.008),
    ("法律・会計業務", 0.0001), ("医療", 0.0005), ("研究", 0.0004), ("教育", 0.004), ("技術・人文知識・国際業務", 0.09),
    ("企業内転勤", 0.003), ("介護", 0.002), ("興行", 0.0005), ("技能", 0.013), ("特定技能１号", 0.02),
    ("特定技能２号", 0.0), ("技能実習１号イ", 0.0001), ("技能実習１号ロ", 0.01), ("技能実習２号イ", 0.001),
    ("技能実習２号ロ", 0.07), ("技能実習３号イ", 0.0003), ("技能実習３号ロ", 0.017), ("文化活動", 0.0003),
    ("留学", 0.07), ("研修", 0.0001), ("家族滞在", 0.065), ("特定活動", 0.04), ("永住者", 0.30),
    ("日本人の配偶者等", 0.05), ("永住者の配偶者等", 0.016), ("定住者", 0.07), ("特別永住者", 0.10),
]
NATIONALITIES = [("中国", 0.25), ("ベトナム", 0.16), ("韓国", 0.14), ("フィリピン", 0.10), ("ブラジル", 0.07),
                 ("ネパール", 0.04), ("インドネシア", 0.03), ("米国", 0.02), ("タイ", 0.02), ("台湾", 0.02), ("その他", 0.15)]
_TRAINEE = [i for i, (label, _w) in enumerate(STATUSES) if label.startswith("技能実習")]
_STUDENT = [i for i, (label, _w) in enumerate(STATUSES) if label == "留学"]


def _split(total: int, weights: np.ndarray, rng) -> np.ndarray:
    """``total`` people split over categories by ``weights`` (integers that add up exactly)."""
    if total <= 0:
        return np.zeros(len(weights), dtype=int)
    return rng.multinomial(total, weights / weights.sum())


def make_practice_status(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(municipal, statuses): 練習国's SSDSE-A rows with A1700, and 在留資格 counts per municipality (2021年12月末)."""
    rng = np.random.default_rng(seed + 71)
    municipal = make_municipal_industry(seed)
    manufacturing = municipal["C220837"] / municipal["C2208"]
    base = np.array([w for _l, w in STATUSES])
    rows = {}
    for code, row in municipal.iterrows():
        weights = base.copy()
        weights[_TRAINEE] *= (manufacturing[code] / 0.15) ** 1.5 * rng.lognormal(0, 0.3)  # more trainees in factory towns
        weights[_STUDENT] *= 2.5 if row["A1101"] > 150_000 else 0.6  # students in the bigger cities
        rate = 0.012 * (manufacturing[code] / 0.15) ** 0.8 * rng.lognormal(0, 0.25)
        rows[code] = _split(int(row["A1101"] * rate), weights, rng)
    statuses = pd.DataFrame.from_dict(rows, orient="index", columns=[label for label, _w in STATUSES])
    census = (statuses.sum(axis=1) * rng.uniform(0.9, 1.0, len(statuses))).astype(int)  # 2020-10: a little fewer
    municipal.insert(municipal.columns.get_loc("A1101") + 1, "A1700", census)
    return municipal, statuses


def _pref_of(municipal: pd.DataFrame) -> pd.Series:
    return pd.Series([code[:2] for code in municipal.index], index=municipal.index)


def _write_municipal_table(path: Path, title: str, categories: list[str], municipal: pd.DataFrame,
                           counts: pd.DataFrame, unknown: np.ndarray, *, unlisted: bool) -> None:
    """The 在留外国人統計 市区町村別 layout: title, header, 総数 (label in B), prefecture then its municipalities."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title + _LABEL])
    sheet.append(["市区町村コード", "都道府県市区町村", "総数", *categories])
    prefs = _pref_of(municipal)
    national = counts.sum() + unknown
    sheet.append([None, "総数", int(national.sum()), *[int(v) for v in national]])
    for pref in sorted(prefs.unique()):
        codes = [c for c in municipal.index if prefs[c] == pref]
        part = counts.loc[codes]
        sheet.append([f"{pref}000", municipal.loc[codes[0], "Prefecture"], int(part.values.sum()),
                      *[int(v) for v in part.sum()]])
        for code in codes:
            sheet.append([code, municipal.loc[code, "Municipality"], int(counts.loc[code].sum()),
                          *[int(v) for v in counts.loc[code]]])
    sheet.append(["     " if not unlisted else None, "未定・不詳", int(unknown.sum()), *[int(v) for v in unknown]])
    if unlisted:
        sheet.append([None, "その他の合計", 0, *[0] * len(categories)])
    sheet.append(["（注）練習用・架空データです。実在の地域・統計ではありません。"])
    book.save(path)


def _write_prefecture_table(path: Path, municipal: pd.DataFrame, counts: pd.DataFrame, unknown: np.ndarray) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append(["第５表　都道府県別　在留資格別　在留外国人　（総　数）" + _LABEL])
    sheet.append([])
    sheet.append([None, "総数", *[label for label, _w in STATUSES]])
    prefs = _pref_of(municipal)
    by_pref = counts.groupby(prefs).sum()
    national = by_pref.sum() + unknown
    sheet.append(["総数", int(national.sum()), *[int(v) for v in national]])
    for pref, row in by_pref.iterrows():
        name = municipal.loc[prefs[prefs == pref].index[0], "Prefecture"]
        sheet.append([name, int(row.sum()), *[int(v) for v in row]])
    sheet.append(["未定・不詳", int(unknown.sum()), *[int(v) for v in unknown]])
    book.save(path)


def _write_juki(path: Path, municipal: pd.DataFrame, population: pd.Series, rng) -> None:
    """住基【外国人住民】: population on 2023-01-01 and consistent movements of 2022 (the identities hold)."""
    import openpyxl

    from curriculum.city import check_digit

    rows = {}
    for code in municipal.index:
        pop = int(population[code])
        in_domestic, in_abroad = int(pop * rng.uniform(0.12, 0.2)), int(pop * rng.uniform(0.12, 0.25))
        out_domestic, out_abroad = int(pop * rng.uniform(0.1, 0.18)), int(pop * rng.uniform(0.06, 0.14))
        births, deaths = int(pop * rng.uniform(0.004, 0.01)), int(pop * rng.uniform(0.0, 0.004))
        in_other, out_other = int(pop * 0.003), int(pop * rng.uniform(0.005, 0.012))
        male = int(pop * rng.uniform(0.45, 0.55))
        entries = in_domestic + in_abroad + births + in_other
        removals = out_domestic + out_abroad + deaths + out_other
        change = entries - removals
        start = pop - change
        rows[code] = [male, pop - male, pop, int(pop * rng.uniform(0.55, 0.7)), in_domestic, in_abroad,
                      in_domestic + in_abroad, births, 0, in_other, in_other, entries, out_domestic, out_abroad,
                      out_domestic + out_abroad, deaths, out_other // 2, out_other - out_other // 2, out_other, removals,
                      change, change / start * 100, births - deaths, (births - deaths) / start * 100,
                      change - (births - deaths), (change - (births - deaths)) / start * 100]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["令和5年1月1日住民基本台帳人口・世帯数、令和4年（1月1日から同年12月31日まで）人口動態（市区町村別）（外国人住民）" + _LABEL])
    for _ in range(4):
        sheet.append([None])
    sheet.append(["団体コード", "都道府県名", "市区町村名"] + ["人"] * 26)
    table = pd.DataFrame.from_dict(rows, orient="index")
    prefs = _pref_of(municipal)

    def totals(frame):
        summed = frame.sum()
        start = summed[2] - summed[20]
        for rate, count in ((21, 20), (23, 22), (25, 24)):
            summed[rate] = summed[count] / start * 100
        return [int(v) if i not in (21, 23, 25) else float(v) for i, v in enumerate(summed)]

    sheet.append(["-", "合計", "-", *totals(table)])
    for pref in sorted(prefs.unique()):
        codes = [c for c in municipal.index if prefs[c] == pref]
        pref_name = municipal.loc[codes[0], "Prefecture"]
        sheet.append([f"{pref}000{check_digit(pref + '000')}", pref_name, "-", *totals(table.loc[codes])])
        for code in codes:
            sheet.append([f"{code}{check_digit(code)}", pref_name, municipal.loc[code, "Municipality"],
                          *[int(v) if i not in (21, 23, 25) else float(v) for i, v in enumerate(table.loc[code])]])
    sheet.append(["注：練習用・架空データです。"])
    book.save(path)


def _write_ssdse_a(path: Path, municipal: pd.DataFrame) -> None:
    """SSDSE-A's layout (CP932, three header rows) with 総人口, 外国人人口 and the industry columns."""
    columns = [("A1101", "2020", "総人口"), ("A1700", "2020", "外国人人口"), ("C2108", "2021", "事業所数（民営）")]
    columns += [(f"C2108{s}", "2021", f"事業所数（民営）（{label}）") for s, label, *_ in INDUSTRIES]
    columns += [("C2208", "2021", "従業者数（民営）")]
    columns += [(f"C2208{s}", "2021", f"従業者数（民営）（{label}）") for s, label, *_ in INDUSTRIES]
    lines = [",".join(["SSDSE-A-2026", "Prefecture", "Municipality"] + [c for c, _, _ in columns]),
             ",".join(["", "", "年度"] + [y for _, y, _ in columns]),
             ",".join(["地域コード", "都道府県", "市区町村"] + [label for _, _, label in columns])]
    for code, row in municipal.iterrows():
        lines.append(",".join([f"R{code}", row["Prefecture"], row["Municipality"]] + [str(int(row[c])) for c, _, _ in columns]))
    path.write_bytes(("\n".join(lines) + "\n").encode("cp932"))


def write_practice_foreign_residents(dest: str | Path, *, seed: int = 0) -> dict[str, Path]:
    """練習国の外国人住民の表を書く: the five files (deterministic for a seed) into ``dest``; returns their paths."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    paths = {key: dest / name for key, name in FILES.items()}
    rng = np.random.default_rng(seed + 72)
    municipal, statuses = make_practice_status(seed)
    labels = [label for label, _w in STATUSES]
    _write_ssdse_a(paths["municipal"], municipal)
    _write_municipal_table(paths["status"], "第３表の２　市区町村別　在留資格別　在留外国人", labels, municipal, statuses,
                           rng.integers(0, 3, len(labels)), unlisted=True)
    # 2020年12月末: fewer trainees in the pandemic's first year of closed borders, the rest about the same
    before = statuses.copy()
    before.iloc[:, _TRAINEE] = (before.iloc[:, _TRAINEE] * rng.uniform(1.15, 1.4)).astype(int)
    before = (before * rng.uniform(0.96, 1.02, before.shape)).astype(int)
    _write_prefecture_table(paths["prefecture"], municipal, before, rng.integers(0, 5, len(labels)))
    # 2022年6月末 by nationality: Viet Nam and Indonesia with the trainees, others by the base weights
    after = (statuses.sum(axis=1) * rng.uniform(1.03, 1.10, len(statuses))).astype(int)
    trainee_share = statuses.iloc[:, _TRAINEE].sum(axis=1) / statuses.sum(axis=1).clip(lower=1)
    nationality = {}
    for code in statuses.index:
        weights = np.array([w for _n, w in NATIONALITIES])
        weights[1] += 0.9 * trainee_share[code]
        weights[6] += 0.2 * trainee_share[code]
        nationality[code] = _split(int(after[code]), weights, rng)
    by_nationality = pd.DataFrame.from_dict(nationality, orient="index", columns=[n for n, _w in NATIONALITIES])
    _write_municipal_table(paths["nationality"], "第３表　市区町村別　国籍・地域別　在留外国人", list(by_nationality.columns),
                           municipal, by_nationality, rng.integers(0, 3, len(NATIONALITIES)), unlisted=False)
    _write_juki(paths["juki"], municipal, (after * rng.uniform(1.0, 1.06, len(after))).astype(int), rng)
    return paths
