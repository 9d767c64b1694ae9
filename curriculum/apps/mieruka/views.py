"""見える化の画面: ① 人口編 ② 転入編 ③ 転出編 ④ 転居編, computed only from published (suppressed) cells.

Every number here is a published cell or a sum of published cells; a sum that would need a 秘匿 cell is
itself 秘匿 (``None``), so no view can reveal more than the published month does. Rates (高齢化率 …) need
both their numerator and denominator published.
"""

from __future__ import annotations

import pandas as pd

from curriculum.analysis.suppression import SUPPRESSED_LABEL
from curriculum.apps.mieruka.cube import BANDS, CLASSES, DECADES, LEVELS

__all__ = ["cell", "age_band", "population_view", "pyramid", "flow_view", "areas_of", "fmt", "rate",
           "PROJECTION_SOURCE", "projection_view"]

PROJECTION_SOURCE = ("出典：総務省「住民基本台帳に基づく人口、人口動態及び世帯数」（2018年1月1日・2023年1月1日、"
                     "年齢階級別）からコーホート変化率法で推計（市全域のみ）")


def cell(values: pd.Series, table: str, level: str, area: str, sex: str, age: str) -> int | None:
    """One published cell; ``None`` when 秘匿 (or not published at this level)."""
    value = values.get((table, level, area, sex, age))
    return None if value is None or pd.isna(value) else int(value)


def areas_of(values: pd.Series, level: str) -> list[str]:
    """The areas published at ``level``."""
    index = values.index
    return sorted(set(index.get_level_values(2)[index.get_level_values(1) == level]))


def age_band(values: pd.Series, level: str, area: str, sex: str, start: int, end: int | None) -> int | None:
    """人数 of ages ``start``–``end`` (``end`` None = and over), on 5-year boundaries.

    A published band (0-14, 15-64, 65+, 65-74, 75+, 計) is used as it stands; otherwise the sum of the
    5-year classes if every one of them is published, else ``None`` (秘匿).
    """
    if start % 5 or (end is not None and (end + 1) % 5):
        raise ValueError("年齢の範囲は 5 歳刻み（0, 5, …／4, 9, …）で指定してください。")
    wanted = [c for c in CLASSES if int(c.split("-")[0].rstrip("+")) >= start
              and (end is None or int(c.split("-")[0].rstrip("+")) <= end - 4)]
    for name, members in {**BANDS, "計": CLASSES}.items():
        if members == wanted:
            published = cell(values, "人口", level, area, sex, name)
            if published is not None:
                return published
    parts = [cell(values, "人口", level, area, sex, c) for c in wanted]
    return None if any(p is None for p in parts) or not parts else sum(parts)


def rate(numerator: int | None, denominator: int | None) -> float | None:
    """A percentage, or ``None`` when either side is 秘匿 or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return 100.0 * numerator / denominator


def fmt(value, *, percent: bool = False) -> str:
    """A number as shown: ``12,345``, ``31.5%``, or 秘匿."""
    if value is None:
        return SUPPRESSED_LABEL
    return f"{value:.1f}%" if percent else f"{value:,}"


def population_view(values: pd.Series, level: str, area: str, *, sex: str = "計",
                    band: tuple[int, int | None] | None = None) -> dict:
    """① 人口編: 総人口, 男女別, 年齢3区分と比率, 高齢化率, 後期高齢化率, 5歳階級 (not at 町丁目) and a chosen band."""
    total = cell(values, "人口", level, area, sex, "計")
    view = {
        "level": LEVELS[level], "area": area, "sex": sex,
        "総人口": total,
        "男": cell(values, "人口", level, area, "男", "計"),
        "女": cell(values, "人口", level, area, "女", "計"),
    }
    for name, label in (("0-14", "年少人口（0〜14歳）"), ("15-64", "生産年齢人口（15〜64歳）"), ("65+", "老年人口（65歳以上）")):
        count = cell(values, "人口", level, area, sex, name)
        view[label] = count
        view[f"{label}の比率"] = rate(count, total)
    view["高齢化率"] = rate(cell(values, "人口", level, area, sex, "65+"), total)
    view["後期高齢化率"] = rate(cell(values, "人口", level, area, sex, "75+"), total)
    view["5歳階級"] = None if level == "chome" else {c: cell(values, "人口", level, area, sex, c) for c in CLASSES}
    if band is not None:
        view["指定の年齢"] = age_band(values, level, area, sex, *band)
    return view


def pyramid(values: pd.Series, level: str, area: str) -> pd.DataFrame:
    """人口ピラミッド: 5-year classes × 男/女 (``<NA>`` = 秘匿); empty at 町丁目 level."""
    if level == "chome":
        return pd.DataFrame(columns=["男", "女"])
    rows = {c: [cell(values, "人口", level, area, s, c) for s in ("男", "女")] for c in CLASSES}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["男", "女"]).astype("Int64")


def flow_view(values: pd.Series, kind: str, level: str, area: str) -> dict:
    """② 転入編 / ③ 転出編 / ④ 転居編: 計, 県内／県外, 年代 × 男女, and (全域 only) the top 5 municipalities."""
    if kind not in ("転入", "転出", "転居"):
        raise ValueError("kind は 転入 / 転出 / 転居 のどれかです。")
    if level == "chome":
        return {"注記": "異動は町丁目単位では公表しません（ほとんどが秘匿になるため）。"}
    table = "転居入" if kind == "転居" else kind
    view = {"計": cell(values, table, level, area, "計", "計")}
    if kind == "転居":
        view["転居出"] = cell(values, "転居出", level, area, "計", "計")
    else:
        view["県内"] = cell(values, f"{kind}県内", level, area, "計", "計")
        view["県外（国外を含む）"] = cell(values, f"{kind}県外", level, area, "計", "計")
    view["年代×男女"] = pd.DataFrame({s: [cell(values, table, level, area, s, d) for d in DECADES]
                                   for s in ("男", "女", "計")}, index=DECADES).astype("Int64")
    if kind != "転居" and level == "全域":
        other = "転入元" if kind == "転入" else "転出先"
        rows = values[values.index.get_level_values(0) == other].dropna()
        published = [(k[4], int(v)) for k, v in rows.items()]
        view["上位5市区町村"] = sorted(published, key=lambda item: -item[1])[:5]
    return view


def projection_view(city_code: str, *, data_source: str = "cache") -> pd.DataFrame | None:
    """① 人口編の将来推計人口: the city-wide cohort-change projection from the published 住基 tables.

    Rows are the projection dates (2023-01-01 in 5-year steps, and 2050-10-01 interpolated as 社人研 does);
    columns 総人口, 65歳以上, 高齢化率（%）. The projection uses the published 住基 age tables of
    :data:`PROJECTION_SOURCE` (not the extract), so it exists only for a real municipality: ``None`` for
    練習市 or when the tables are not available offline.
    """
    from curriculum.analysis.projection import IPSS_DATE_2050, project_city
    from curriculum.data.juki_age import read_juki_age
    from curriculum.errors import DataNotFoundError
    from curriculum.layers.policy import real_path

    try:
        start = read_juki_age(real_path("juki-age-2018", data_source=data_source))
        end = read_juki_age(real_path("juki-age-2023", data_source=data_source))
    except DataNotFoundError:
        return None
    if not (end["city_code"] == city_code).any():
        return None
    result = project_city(start, end, city_code)
    steps = result["steps"][result["steps"]["date"] < IPSS_DATE_2050]  # the step past 2050 only serves interpolation
    frames = pd.concat([steps, result["at"]])
    classes = [c for c in frames.columns if c not in ("date", "sex", "total")]
    old = [c for c in classes if int(c.rstrip("+").split("-")[0]) >= 65]
    by_date = frames.groupby("date")
    table = pd.DataFrame({"総人口": by_date["total"].sum(), "65歳以上": by_date[old].sum().sum(axis=1)})
    table["高齢化率（%）"] = table["65歳以上"] / table["総人口"] * 100
    table[["総人口", "65歳以上"]] = table[["総人口", "65歳以上"]].round()
    table.index.name = "時点"
    return table
