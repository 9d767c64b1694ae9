"""市民の健康促進の指標: death rates against the age structure, medical resources, 特定健診 受診率 by age.

* 市区町村 (SSDSE-A): 粗死亡率（人口千対）, 75歳以上の割合, 医師・病院・診療所 per 10万人 — and the residual of
  the crude death rate from the line fitted over all municipalities against the 75歳以上 share
  (「年齢構成から期待されるより多い／少ない」);
* 市の保有データ (template ``health-checkups``): 受診率 = 受診者数 ÷ 対象者数 by age class, crude and directly
  standardised with the census 2020 national population of the same classes as the standard.

The official 年齢調整死亡率 (厚生労働省「人口動態統計特殊報告」) standardises deaths by age (人口動態統計) to the
平成27年モデル人口; deaths by age are not in SSDSE-A, so here the age structure is handled across municipalities.
"""

from __future__ import annotations

import pandas as pd

from curriculum.analysis.standardise import (compute_age_specific_rates, compute_crude_rate, compute_residuals,
                                             direct_standardise)
from curriculum.errors import DataFormatError

__all__ = ["compute_health_indicators", "compute_death_rate_residuals", "get_age_population",
           "compute_checkup_rates", "compute_crude_checkup_rate", "compute_standardised_checkup_rate",
           "get_sports_gap"]

POPULATION, AGED_65, AGED_75, DEATHS = "A1101", "A1303", "A1419", "A4200"
HOSPITALS, CLINICS, DOCTORS = "I510120", "I5102", "I6100"


def compute_health_indicators(municipal: pd.DataFrame) -> pd.DataFrame:
    """市区町村の健康の指標: one row per municipality with a population.

    Returns ``Municipality``, ``Prefecture``, 死亡数, 粗死亡率（人口千対）, 75歳以上の割合 (0–1),
    医師数（人口10万対）, 一般病院数（人口10万対）, 一般診療所数（人口10万対）.

    >>> t = pd.DataFrame({"Municipality": ["A"], "Prefecture": ["X"], "A1101": [20000], "A1419": [3000],
    ...                   "A4200": [260], "I6100": [30], "I510120": [1], "I5102": [12]}, index=["1"])
    >>> [round(v, 9) for v in compute_health_indicators(t).iloc[0, 2:]]
    [260.0, 13.0, 0.15, 150.0, 5.0, 60.0]
    """
    part = municipal[municipal[POPULATION] > 0]
    population = part[POPULATION]
    return pd.DataFrame({
        "Municipality": part["Municipality"], "Prefecture": part["Prefecture"],
        "死亡数": part[DEATHS].astype(float),
        "粗死亡率（人口千対）": compute_crude_rate(part[DEATHS], population, per=1000),
        "75歳以上の割合": compute_crude_rate(part[AGED_75], population),
        "医師数（人口10万対）": compute_crude_rate(part[DOCTORS], population, per=100_000),
        "一般病院数（人口10万対）": compute_crude_rate(part[HOSPITALS], population, per=100_000),
        "一般診療所数（人口10万対）": compute_crude_rate(part[CLINICS], population, per=100_000),
    })


def compute_death_rate_residuals(municipal: pd.DataFrame) -> pd.DataFrame:
    """粗死亡率を 75歳以上の割合で説明する直線と、その残差（全市区町村で当てはめる）.

    Returns the columns of :func:`~curriculum.analysis.standardise.compute_residuals` (実際, 期待値, 残差, 判定)
    with ``Municipality``, ``Prefecture``, 75歳以上の割合 and 死亡数; ``attrs`` keeps ``slope`` and ``intercept``
    (粗死亡率 per 1,000 for a share of 1.0).
    """
    table = compute_health_indicators(municipal).dropna(subset=["粗死亡率（人口千対）", "75歳以上の割合"])
    residuals = compute_residuals(table["75歳以上の割合"], table["粗死亡率（人口千対）"])
    result = pd.concat([table[["Municipality", "Prefecture", "75歳以上の割合", "死亡数"]], residuals], axis=1)
    result.attrs = dict(residuals.attrs)
    return result


def _census_class(label: str) -> str:
    """``"40～44歳"`` → ``"40-44"`` (the census reader's class names)."""
    digits = label.replace("歳", "").replace("以上", "+").split("～")
    return "-".join(digits)


def get_age_population(census: pd.DataFrame, age_classes, *, city_code: str = "00000", sex: str = "total") -> pd.Series:
    """ある地域の年齢階級別人口（国勢調査 2020）: indexed by the template's labels (e.g. ``"40～44歳"``).

    ``city_code="00000"`` (default) is 全国 — the standard population of the direct standardisation.
    """
    rows = census[(census["city_code"] == str(city_code)) & (census["sex"] == sex)]
    if len(rows) != 1:
        raise DataFormatError(f"国勢調査の表に地域コード {city_code}（{sex}）の行がありません。",
                              f"no census row for {city_code} ({sex})",
                              fix="5桁の全国地方公共団体コード（全国は 00000）を指定してください。")
    row = rows.iloc[0]
    return pd.Series({label: int(row[_census_class(label)]) for label in age_classes}, name="人口").rename_axis("年齢階級")


def _checkups_of(checkups: pd.DataFrame, year: int, sex: str | None) -> pd.DataFrame:
    part = checkups[checkups["year"] == year]
    if sex is not None:
        part = part[part["sex"] == sex]
    if part.empty:
        raise DataFormatError(f"{year}年度{'' if sex is None else '・' + sex}の行がありません。", f"no rows for {year} {sex}")
    return part


def compute_checkup_rates(checkups: pd.DataFrame, *, year: int, sex: str | None = None) -> pd.DataFrame:
    """年齢階級別の受診率: 対象者数, 受診者数 and 受診率 (0–1) per age class (both sexes summed when ``sex`` is None)."""
    part = _checkups_of(checkups, year, sex)
    sums = part.groupby("age_class", sort=True)[["eligible", "examined"]].sum().astype(int)
    table = sums.rename(columns={"eligible": "対象者数", "examined": "受診者数"}).rename_axis("年齢階級")
    table["受診率"] = compute_age_specific_rates(table["受診者数"], table["対象者数"])
    return table


def compute_crude_checkup_rate(checkups: pd.DataFrame, *, year: int, sex: str | None = None) -> float:
    """粗受診率: Σ 受診者数 ÷ Σ 対象者数 (0–1) — what the 法定報告 calls 特定健診受診率."""
    part = _checkups_of(checkups, year, sex)
    return compute_crude_rate(int(part["examined"].sum()), int(part["eligible"].sum()))


def compute_standardised_checkup_rate(checkups: pd.DataFrame, standard: pd.Series, *, year: int,
                                      sex: str | None = None) -> float:
    """年齢調整受診率（直接法）: the age-specific 受診率 weighted by ``standard`` (e.g. 全国の人口 2020, 40–74歳)."""
    return direct_standardise(compute_checkup_rates(checkups, year=year, sex=sex)["受診率"], standard)


def get_sports_gap(social: pd.DataFrame, pref_code: str, *, item: str = "MC20") -> pd.DataFrame:
    """県と全国の行動者率（％）と差（ポイント）by sex: rows 総数・男・女, columns 県, 全国, 差（ポイント）."""
    area = f"{pref_code}000"
    table = pd.DataFrame({"県": social.xs(area, level="area_code")[item],
                          "全国": social.xs("00000", level="area_code")[item]}).astype(float)
    table.index = [s.split("_", 1)[-1] for s in table.index]
    table["差（ポイント）"] = table["県"] - table["全国"]
    return table
