"""率と年齢調整: crude rates, direct age standardisation, and the residual from a fitted line.

A crude rate (粗率: events ÷ population) mixes two things: how often the event happens at each age, and how
old the population is. Two ways to separate them, both taught in 市民の健康促進:

* **across areas** — fit a straight line of the crude rate against an age indicator (e.g. the 75歳以上 share)
  over all municipalities; the residual (actual − expected from the line) is 「年齢構成から期待されるより
  多い（+）／少ない（−）」 (:func:`fit_line`, :func:`compute_residuals`);
* **within one area** — direct standardisation (直接法の年齢調整): apply the area's own age-specific rates to a
  standard population's age structure (:func:`compute_age_specific_rates`, :func:`direct_standardise`).
  MHLW's official 年齢調整死亡率 does exactly this with 人口動態統計 deaths by age and the 平成27年モデル人口.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.errors import DataFormatError

__all__ = ["compute_crude_rate", "compute_age_specific_rates", "direct_standardise", "fit_line", "compute_residuals"]


def compute_crude_rate(events, population, *, per: float = 1.0):
    """粗率: ``events / population * per`` (scalars or aligned Series; a population of 0 gives NaN, never inf).

    >>> compute_crude_rate(30, 2000, per=1000)
    15.0
    >>> compute_crude_rate(pd.Series([1, 2]), pd.Series([10, 0])).tolist()
    [0.1, nan]
    """
    if isinstance(population, pd.Series):
        return events / population.replace(0, np.nan) * per
    if population == 0:
        return float("nan")
    return float(events / population * per)


def compute_age_specific_rates(events: pd.Series, population: pd.Series, *, per: float = 1.0) -> pd.Series:
    """年齢階級別の率: events ÷ population for each age class (both indexed by the same classes).

    A class missing from one of the two, or a population of 0 where there are events, is an error: the
    standardised rate would silently leave the class out.

    >>> compute_age_specific_rates(pd.Series({"40-49": 20, "50-59": 30}), pd.Series({"40-49": 100, "50-59": 100})).tolist()
    [0.2, 0.3]
    """
    missing = sorted(set(events.index) ^ set(population.index))
    if missing:
        raise DataFormatError(f"年齢階級がそろっていません（片方にしかない: {'、'.join(map(str, missing))}）。",
                              f"age classes differ between events and population: {missing}",
                              fix="分子と分母を同じ年齢階級で集計してください。")
    population = population.reindex(events.index)
    if ((population <= 0) & (events > 0)).any():
        bad = list(events.index[(population <= 0) & (events > 0)])
        raise DataFormatError(f"分母が 0 以下の年齢階級があります（{'、'.join(map(str, bad))}）。",
                              f"non-positive population in age classes {bad}", fix="分母（対象者数・人口）を確かめてください。")
    return (events / population * per).astype(float)


def direct_standardise(rates: pd.Series, standard: pd.Series) -> float:
    """直接法の年齢調整率: Σ (age-specific rate × standard population of the class) ÷ Σ standard population.

    ``rates`` and ``standard`` must have the same age classes (in any order); the result is in the rates' unit.

    >>> rates = pd.Series({"0-39": 0.001, "40-64": 0.004, "65+": 0.03})
    >>> standard = pd.Series({"0-39": 500, "40-64": 300, "65+": 200})
    >>> round(direct_standardise(rates, standard), 6)   # (0.5 + 1.2 + 6) / 1000
    0.0077
    """
    missing = sorted(set(rates.index) ^ set(standard.index))
    if missing:
        raise DataFormatError(f"率と基準人口の年齢階級がそろっていません（片方にしかない: {'、'.join(map(str, missing))}）。",
                              f"age classes differ between rates and the standard population: {missing}",
                              fix="基準人口を、率と同じ年齢階級に集計し直してください。")
    if rates.isna().any():
        raise DataFormatError("年齢階級別の率に空欄（NaN）があります。", "age-specific rates contain NaN",
                              fix="分母が 0 の年齢階級がないか確かめてください。")
    weights = standard.reindex(rates.index).astype(float)
    if weights.sum() <= 0:
        raise DataFormatError("基準人口の合計が 0 です。", "the standard population sums to 0")
    return float((rates * weights).sum() / weights.sum())


def fit_line(x: pd.Series, y: pd.Series) -> tuple[float, float]:
    """最小二乗の直線 y = intercept + slope × x: returns ``(slope, intercept)`` over the rows where both exist.

    >>> [round(v, 9) for v in fit_line(pd.Series([0.0, 1.0, 2.0]), pd.Series([1.0, 3.0, 5.0]))]
    [2.0, 1.0]
    """
    both = pd.DataFrame({"x": x, "y": y}).dropna()
    if len(both) < 2 or both["x"].nunique() < 2:
        raise DataFormatError("直線を当てはめるには、x の値が違う 2 行以上が必要です。",
                              "a line needs at least two rows with different x")
    slope, intercept = np.polyfit(both["x"].to_numpy(float), both["y"].to_numpy(float), 1)
    return float(slope), float(intercept)


def compute_residuals(x: pd.Series, y: pd.Series) -> pd.DataFrame:
    """直線からの残差: for every row, the value expected from the line fitted over all rows, and actual − expected.

    Returns a DataFrame with ``実際``, ``期待値``, ``残差`` (positive = 期待より多い) and ``判定``
    (「年齢構成から期待されるより多い」/「少ない」); ``attrs["slope"]`` and ``attrs["intercept"]``.

    >>> r = compute_residuals(pd.Series([0.0, 1.0, 2.0], index=list("abc")), pd.Series([1.0, 4.0, 5.0], index=list("abc")))
    >>> r["残差"].round(6).tolist()
    [-0.333333, 0.666667, -0.333333]
    """
    slope, intercept = fit_line(x, y)
    expected = intercept + slope * x
    residual = y - expected
    table = pd.DataFrame({"実際": y, "期待値": expected, "残差": residual})
    table["判定"] = np.where(residual > 0, "年齢構成から期待されるより多い", "年齢構成から期待されるより少ない")
    table.loc[residual.isna(), "判定"] = ""
    table.attrs = {"slope": slope, "intercept": intercept}
    return table
