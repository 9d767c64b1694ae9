"""観光の指標: what public statistics can say about a city's tourism, and at which level.

* 都道府県 × 年 (SSDSE-B): 延べ宿泊者数 per resident and per facility, 外国人の割合, their trend;
* 都道府県 × 月 (宿泊旅行統計調査): 季節指数 and the peak / off-peak ratio;
* 市区町村 (SSDSE-A): 宿泊業・飲食サービス業 employment per 1,000 residents and its 特化係数 — the local
  economic footprint. Visitor numbers for the city itself (観光入込客統計) are held by the city.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.analysis.location_quotient import compute_location_quotient
from curriculum.analysis.timeseries import compute_peak_ratio, compute_seasonal_index

__all__ = ["GUESTS", "FOREIGN_GUESTS", "FACILITIES", "POPULATION", "HOSPITALITY", "compute_accommodation_indicators",
           "get_monthly_guests", "compute_seasonality", "compute_hospitality_footprint"]

GUESTS, FOREIGN_GUESTS, FACILITIES, POPULATION = "G7101", "G7102", "C3801", "A1101"  # SSDSE-B item codes
HOSPITALITY = "C220847"  # SSDSE-A 従業者数（民営）（宿泊業、飲食サービス業）


def compute_accommodation_indicators(series: pd.DataFrame, *, year: int) -> pd.DataFrame:
    """宿泊の指標（都道府県、ある年度）: 延べ宿泊者数, 人口1人当たり, 1施設当たり, 外国人の割合.

    Parameters
    ----------
    series : DataFrame from :func:`curriculum.layers.statistics.load_prefecture_series`
        (index ``area_code``, ``year``).
    year : int

    Returns
    -------
    DataFrame indexed by ``area_code``: ``Prefecture``, 延べ宿泊者数, 人口1人当たり延べ宿泊者数,
    1施設当たり延べ宿泊者数, 外国人の割合 (0–1).

    >>> s = pd.DataFrame({"Prefecture": ["A県"], "A1101": [1000], "C3801": [10], "G7101": [5000], "G7102": [500]},
    ...                  index=pd.MultiIndex.from_tuples([("01000", 2022)], names=["area_code", "year"]))
    >>> compute_accommodation_indicators(s, year=2022).iloc[0, 1:].tolist()
    [5000.0, 5.0, 500.0, 0.1]
    """
    part = series.xs(year, level="year")
    return pd.DataFrame({
        "Prefecture": part["Prefecture"],
        "延べ宿泊者数": part[GUESTS].astype(float),
        "人口1人当たり延べ宿泊者数": part[GUESTS] / part[POPULATION].replace(0, np.nan),
        "1施設当たり延べ宿泊者数": part[GUESTS] / part[FACILITIES].replace(0, np.nan),
        "外国人の割合": part[FOREIGN_GUESTS] / part[GUESTS].replace(0, np.nan),
    })


def get_monthly_guests(survey: pd.DataFrame, *, column: str = "guests") -> pd.DataFrame:
    """月 × 都道府県の表: ``column`` of the 宿泊旅行統計 frame, one column per prefecture name (全国 included)."""
    names = survey.drop_duplicates("pref_code").set_index("pref_code")["pref_name"]
    table = survey.pivot(index="month", columns="pref_code", values=column)
    return table.rename(columns=names).rename_axis(columns="都道府県")


def compute_seasonality(survey: pd.DataFrame) -> pd.DataFrame:
    """季節性の表（都道府県ごと）: peak month, its 季節指数, the quietest month, peak ÷ off-peak, 外国人の割合.

    Returns
    -------
    DataFrame indexed by 都道府県名 (全国 included): ピーク月, ピーク月の季節指数, 閑散月, 繁閑の差（倍）,
    年間延べ宿泊者数, 外国人の割合 (Σ foreign ÷ Σ all over the year).
    """
    guests = get_monthly_guests(survey)
    foreign = get_monthly_guests(survey, column="foreign_guests")
    index = compute_seasonal_index(guests)
    return pd.DataFrame({
        "ピーク月": guests.idxmax(),
        "ピーク月の季節指数": index.max(),
        "閑散月": guests.idxmin(),
        "繁閑の差（倍）": compute_peak_ratio(guests),
        "年間延べ宿泊者数": guests.sum(),
        "外国人の割合": foreign.sum() / guests.sum(),
    })


def compute_hospitality_footprint(municipal: pd.DataFrame, *, column: str = HOSPITALITY) -> pd.DataFrame:
    """観光の地元経済への広がり: 宿泊業・飲食サービス業 employees per 1,000 residents and their 特化係数 (vs 全国).

    Returns ``Municipality``, ``Prefecture``, 従業者数, 人口千人当たり従業者数, 特化係数（全国） for every
    municipality (the 県 comparison is a filter on the first two digits of the code).

    >>> t = pd.DataFrame({"Municipality": ["A", "B"], "Prefecture": ["X", "X"], "A1101": [1000, 3000],
    ...                   "C2208": [400, 1600], "C220847": [60, 60]}, index=["1", "2"])
    >>> compute_hospitality_footprint(t)[["人口千人当たり従業者数", "特化係数（全国）"]].values.tolist()
    [[60.0, 2.5], [20.0, 0.625]]
    """
    total = municipal["C2208"]
    lq = compute_location_quotient(municipal[[column]], municipal[[column]].sum(), total=total,
                                   reference_total=total.sum())[column]
    return pd.DataFrame({
        "Municipality": municipal["Municipality"], "Prefecture": municipal["Prefecture"],
        "従業者数": municipal[column],
        "人口千人当たり従業者数": municipal[column] / municipal[POPULATION].replace(0, np.nan) * 1000,
        "特化係数（全国）": lq,
    })
