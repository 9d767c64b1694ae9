"""練習用の健康の統計（練習国）: fictional stand-ins, in the real files' exact formats, for 市民の健康促進.

Five files, each read by the real reader (every name says 練習; every number is invented):

* ``practice_SSDSE-A-health.csv`` — SSDSE-A layout for 練習国's 26 municipalities (the same ones as
  :mod:`curriculum.practice.regional`): 総人口, 65歳以上・75歳以上人口, 死亡数, 一般病院数・一般診療所数, 医師数.
  Deaths follow the age structure (older towns have higher crude death rates), with noise;
* ``practice_census_age.csv`` — the 国勢調査 表2-7-1 download layout (5-year classes by sex) for 練習国 (``00000``)
  and 練習市 (99201);
* ``practice_SSDSE-D.csv`` — SSDSE-D layout (全国 + 5 prefectures × 総数/男/女): 行動者率 of スポーツ and
  ウォーキング・軽い体操;
* ``practice_SSDSE-B-health.csv`` — SSDSE-B layout (5 prefectures × 2011–2022): 総人口, 65歳以上人口, 死亡数,
  一般病院数, 一般診療所数 — the population ageing year by year and the deaths with it;
* ``practice_health_checkups_99201.csv`` — 練習市's 特定健診 対象者数・受診者数 in the template ``health-checkups``
  (2022–2023, by sex and 5-year class 40–74).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.practice.regional import PREFECTURES, make_municipal_industry
from curriculum.provenance import PRACTICE_ATTRIBUTION, PRACTICE_LABEL
from curriculum.templates.health import CHECKUP_AGE_CLASSES, HEALTH_CHECKUPS

__all__ = ["FILES", "write_health_practice", "make_municipal_health", "make_census_age", "make_social_life",
           "make_prefecture_health_series", "make_practice_checkups", "write_practice_checkups"]

FILES = {"municipal": "practice_SSDSE-A-health.csv", "census_age": "practice_census_age.csv",
         "social_life": "practice_SSDSE-D.csv", "series": "practice_SSDSE-B-health.csv"}
PRACTICE_CITY_CODE = "99201"
CLASSES = [f"{a}～{a + 4}歳" for a in range(0, 100, 5)] + ["100歳以上"]
# 練習国's population share by 5-year class (an ageing country; invented), 0–4 … 100+
_NATIONAL_SHARES = np.array([3.5, 4.0, 4.3, 4.5, 4.8, 5.0, 5.3, 5.8, 6.3, 7.3, 7.6, 6.8, 6.1, 5.9, 7.0, 6.4, 5.1, 3.6,
                             1.9, 0.6, 0.1])
# women's share by class: even until the 60s, then rising (women live longer); invented
_FEMALE_SHARES = np.array([0.49] * 13 + [0.50, 0.51, 0.53, 0.56, 0.60, 0.67, 0.75, 0.80])
_HEALTH_COLUMNS = [("A1101", "2020", "総人口"), ("A1303", "2020", "65歳以上人口"), ("A1419", "2020", "75歳以上人口"),
                   ("A4200", "2023", "死亡数"), ("I510120", "2023", "一般病院数"), ("I5102", "2023", "一般診療所数"),
                   ("I6100", "2022", "医師数")]


def make_municipal_health(seed: int = 0) -> pd.DataFrame:
    """SSDSE-A-style rows for 練習国: population by broad age, deaths (rising with the 75歳以上 share), medical resources."""
    rng = np.random.default_rng(seed + 61)
    base = make_municipal_industry(seed)[["Prefecture", "Municipality", "A1101"]].copy()
    rows = []
    for rank, (code, row) in enumerate(base.iterrows()):
        population = int(row["A1101"])
        share75 = float(np.clip(0.11 + 0.10 / (1 + population / 60_000) + rng.normal(0, 0.015), 0.08, 0.28))
        if code == PRACTICE_CITY_CODE:
            share75 = 0.162
        share65 = share75 * rng.uniform(1.85, 2.05)
        rate = (0.0016 + 0.075 * share75) * rng.lognormal(0, 0.07)
        hospitals = max(1, int(round(population / rng.uniform(12_000, 30_000))))
        rows.append({"Prefecture": row["Prefecture"], "Municipality": row["Municipality"], "A1101": population,
                     "A1303": int(population * share65), "A1419": int(population * share75),
                     "A4200": int(round(population * rate)), "I510120": hospitals,
                     "I5102": int(round(population / rng.uniform(1_200, 1_800))),
                     "I6100": int(round(population * rng.uniform(0.0012, 0.0030))), "code": code})
    return pd.DataFrame(rows).set_index("code").rename_axis("city_code")


def write_municipal_health(frame: pd.DataFrame, dest: Path) -> Path:
    """SSDSE-A's exact layout: CP932, three header rows (code, reference year, label), region code R + 5 digits."""
    lines = [",".join(["SSDSE-A-2026", "Prefecture", "Municipality"] + [c for c, _, _ in _HEALTH_COLUMNS]),
             ",".join(["", "", "年度"] + [y for _, y, _ in _HEALTH_COLUMNS]),
             ",".join(["地域コード", "都道府県", "市区町村"] + [label for _, _, label in _HEALTH_COLUMNS])]
    for code, row in frame.iterrows():
        lines.append(",".join([f"R{code}", row["Prefecture"], row["Municipality"]]
                              + [str(int(row[c])) for c, _, _ in _HEALTH_COLUMNS]))
    dest.write_bytes(("\n".join(lines) + "\n").encode("cp932"))
    return dest


def _split(total: int, shares: np.ndarray) -> np.ndarray:
    counts = np.floor(total * shares / shares.sum()).astype(int)
    counts[int(np.argmax(shares))] += total - counts.sum()
    return counts


def make_census_age(seed: int = 0) -> pd.DataFrame:
    """Census-2020-style counts by 5-year class: 練習国 (``00000``) and 練習市 (older than the country), by sex."""
    rng = np.random.default_rng(seed + 62)
    national_total = int(sum(pop for _c, _n, pop, _s in PREFECTURES))
    city = make_municipal_health(seed).loc[PRACTICE_CITY_CODE]
    city_shares = _NATIONAL_SHARES * np.linspace(0.9, 1.25, len(CLASSES))
    areas = [("00000", "練習国（練習用・架空）", national_total, _NATIONAL_SHARES),
             (PRACTICE_CITY_CODE, "練習市（練習用・架空）", int(city["A1101"]), city_shares)]
    rows = []
    for code, name, total, shares in areas:
        female_share = _FEMALE_SHARES + rng.normal(0, 0.003, len(CLASSES))
        both = _split(total, shares)
        female = np.rint(both * female_share).astype(int)
        for sex, counts in (("総数", both), ("男", both - female), ("女", female)):
            rows.append({"code": code, "name": name, "sex": sex, **dict(zip(CLASSES, counts.tolist()))})
    return pd.DataFrame(rows)


def write_census_age(frame: pd.DataFrame, dest: Path) -> Path:
    """The e-Stat download layout of 表2-7-1 (UTF-8 with BOM, quoted, 10 header lines, labels on line 11)."""
    def line(cells):
        return ",".join(f'"{c}"' for c in cells)

    labels = ["表章事項 コード", "表章事項", "時間軸 コード", "時間軸", "男女 コード", "男女", "国籍総数か日本人 コード",
              "国籍総数か日本人", "地域 コード", "地域", "/年齢", "総数", *CLASSES, "年齢「不詳」",
              "（再掲）15歳未満", "（再掲）15～64歳", "（再掲）65歳以上", "（再掲）75歳以上", "（再掲）85歳以上", "（再掲）20～69歳"]
    head = [line(["統計名：", "練習用・架空の国勢調査（練習国）"]), line(["表番号：", "2-7-1（練習用）"]),
            line(["表題：", "男女，年齢（5歳階級）別人口（練習用・架空データ）"]), line(["実施年月：", "2020年10月"]),
            line(["市区町村時点（年月日）：", "2020年10月1日"]), "", line(["***", "当該数値がないもの"]),
            line(["-", "当該数値がないもの"]), "", line(["/年齢 コード", *[f"{i:02d}" for i in range(23)]])]
    body = []
    for _, row in frame.iterrows():
        counts = [int(row[c]) for c in CLASSES]
        extra = [sum(counts[:3]), sum(counts[3:13]), sum(counts[13:]), sum(counts[15:]), sum(counts[17:]), sum(counts[4:14])]
        body.append(line(["0020", "人口", "2020000000", "2020年", {"総数": "0", "男": "1", "女": "2"}[row["sex"]], row["sex"],
                          "0", "国籍総数", row["code"], row["name"], "", f"{sum(counts):,}", *[f"{c:,}" for c in counts], "-",
                          *[f"{c:,}" for c in extra]]))
    dest.write_bytes(("\n".join(head + [line(labels)] + body) + "\n").encode("utf-8-sig"))
    return dest


def make_social_life(seed: int = 0) -> pd.DataFrame:
    """SSDSE-D-style 行動者率 (％) of スポーツ (MC00) and ウォーキング・軽い体操 (MC20), 全国 + 練習国's prefectures by sex."""
    rng = np.random.default_rng(seed + 63)
    rows = []
    prefs = [(f"{code}000", name, pop) for code, name, pop, _season in PREFECTURES]
    values = {code: (rng.uniform(55, 68), rng.uniform(34, 46)) for code, _n, _p in prefs}
    national = sum(pop for *_x, pop in prefs)
    for sex, label, shift in (("0", "総数", 0.0), ("1", "男", 2.5), ("2", "女", -2.5)):
        sport = {code: v[0] + shift for code, v in values.items()}
        walk = {code: v[1] - shift for code, v in values.items()}
        rows.append((f"{sex}_{label}", "R00000", "全国", national // 1000 * 0.9,
                     sum(sport[c] * p for c, _n, p in prefs) / national, sum(walk[c] * p for c, _n, p in prefs) / national))
        for code, name, pop in prefs:
            rows.append((f"{sex}_{label}", f"R{code}", name, pop // 1000 * 0.9, sport[code], walk[code]))
    return pd.DataFrame(rows, columns=["sex", "code", "Prefecture", "MA00", "MC00", "MC20"])


def write_social_life(frame: pd.DataFrame, dest: Path) -> Path:
    """SSDSE-D's exact layout: CP932, two header rows (codes, labels), 男女の別 first."""
    lines = ["SSDSE-D-2023,2021年,Prefecture,MA00,MC00,MC20",
             "男女の別,地域コード,都道府県,推定人口（10歳以上）,スポーツの総数,ウォーキング・軽い体操"]
    for _, row in frame.iterrows():
        lines.append(f"{row['sex']},{row['code']},{row['Prefecture']},{int(row['MA00'])},{row['MC00']:.1f},{row['MC20']:.1f}")
    dest.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return dest


_SERIES_COLUMNS = [("A1101", "総人口"), ("A1303", "65歳以上人口"), ("A4200", "死亡数"), ("I510120", "一般病院数"),
                   ("I5102", "一般診療所数")]


def make_prefecture_health_series(seed: int = 0) -> pd.DataFrame:
    """SSDSE-B-style rows (prefecture × year 2011–2022): the 65歳以上 share rises and the crude death rate with it."""
    rng = np.random.default_rng(seed + 65)
    rows = []
    for code, name, population, _season in PREFECTURES:
        share_2011 = rng.uniform(0.22, 0.27)
        for year in range(2022, 2010, -1):
            people = int(round(population * (1 + 0.004 * (2022 - year)), -3))
            share65 = share_2011 + 0.0055 * (year - 2011)
            rate = (0.0015 + 0.036 * share65) * (1.04 if year >= 2021 else 1.0) * rng.lognormal(0, 0.015)
            rows.append({"year": year, "area_code": f"{code}000", "Prefecture": name, "A1101": people,
                         "A1303": int(round(people * share65, -3)), "A4200": int(round(people * rate)),
                         "I510120": int(population / 14_000), "I5102": int(population / 1_400) + (year - 2011) * 2})
    return pd.DataFrame(rows)


def write_prefecture_health_series(frame: pd.DataFrame, dest: Path) -> Path:
    """SSDSE-B's exact layout: CP932, two header rows, newest year first, prefecture-major."""
    lines = [",".join(["SSDSE-B-2025", "Code", "Prefecture"] + [c for c, _ in _SERIES_COLUMNS]),
             ",".join(["年度", "地域コード", "都道府県"] + [label for _, label in _SERIES_COLUMNS])]
    for _, row in frame.sort_values(["area_code", "year"], ascending=[True, False]).iterrows():
        lines.append(",".join([str(row["year"]), f"R{row['area_code']}", row["Prefecture"]]
                              + [str(int(row[c])) for c, _ in _SERIES_COLUMNS]))
    dest.write_bytes(("\n".join(lines) + "\n").encode("cp932"))
    return dest


def make_practice_checkups(seed: int = 0) -> pd.DataFrame:
    """練習市's 特定健診 法定報告 (2022–2023) with the template's headers: 受診率 rises with age and is higher for women."""
    rng = np.random.default_rng(seed + 64)
    # 国保 insured grow with age (people leave 社会保険 when they retire); invented counts
    eligible_base = [430, 490, 530, 630, 1050, 2300, 3000]
    rate_base = [0.20, 0.22, 0.26, 0.31, 0.38, 0.45, 0.49]
    rows = []
    for year, drift in ((2022, 0.97), (2023, 1.0)):
        for sex, sex_rate, sex_size in (("男", 0.88, 1.0), ("女", 1.12, 1.08)):
            for age, base, rate in zip(CHECKUP_AGE_CLASSES, eligible_base, rate_base):
                eligible = int(round(base * sex_size * rng.uniform(0.95, 1.05)))
                examined = int(round(eligible * min(rate * sex_rate * drift * rng.uniform(0.96, 1.04), 0.95)))
                rows.append([PRACTICE_CITY_CODE, year, sex, age, eligible, examined, "練習用・架空"])
    return pd.DataFrame(rows, columns=[c.header for c in HEALTH_CHECKUPS.columns])


def write_practice_checkups(folder: str | Path, *, seed: int = 0) -> Path:
    """Write the practice 特定健診 table as UTF-8 (with BOM) CSV in the template and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "practice_health_checkups_99201.csv"
    make_practice_checkups(seed).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def write_health_practice(dest: str | Path, *, seed: int = 0) -> dict[str, Path]:
    """練習国の健康の統計を書く: the four statistics files (deterministic for a seed) into ``dest``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    paths = {key: dest / name for key, name in FILES.items()}
    write_municipal_health(make_municipal_health(seed), paths["municipal"])
    write_census_age(make_census_age(seed), paths["census_age"])
    write_social_life(make_social_life(seed), paths["social_life"])
    write_prefecture_health_series(make_prefecture_health_series(seed), paths["series"])
    (dest / "README.md").write_text(
        f"# {PRACTICE_LABEL}データ（市民の健康促進）\n\nこのフォルダのファイルはすべて {PRACTICE_LABEL}データです。"
        "実在の地域・統計ではありません。架空の「練習国」について、SSDSE-A・SSDSE-B・SSDSE-D・国勢調査 表2-7-1 と"
        f"同じ形式で作っています。\n\n{PRACTICE_ATTRIBUTION}\n", encoding="utf-8")
    return paths
