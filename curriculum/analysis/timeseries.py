"""時系列と指数: 伸び率, 指数化 (基準年 = 100), 寄与度, 年平均伸び率 and 季節性 (monthly index, peak / off-peak ratio).

Series are indexed by year (or month 1–12 for seasonality); a DataFrame is treated column by column
(one column per area). Pure pandas; uses nothing from the rest of the package but the error classes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.errors import DataFormatError

__all__ = ["compute_growth_rate", "compute_index", "compute_contribution_to_growth", "compute_annual_growth_rate",
           "compute_seasonal_index", "compute_peak_ratio", "MONTHS"]

MONTHS = tuple(range(1, 13))


def compute_growth_rate(values: pd.Series | pd.DataFrame, *, periods: int = 1):
    """伸び率（増減率）: ``values[t] / values[t - periods] - 1`` after sorting by year.

    The first ``periods`` rows are NaN (nothing to compare with); a zero base gives NaN, not infinity.

    Examples
    --------
    >>> s = pd.Series([200, 100, 110], index=[2021, 2019, 2020])
    >>> compute_growth_rate(s).round(3).tolist()
    [nan, 0.1, 0.818]
    """
    ordered = values.sort_index().astype(float)
    previous = ordered.shift(periods).replace(0, np.nan)
    return ordered / previous - 1


def compute_index(values: pd.Series | pd.DataFrame, *, base):
    """指数化: ``values / values[base] * 100`` — the base year is 100.

    Parameters
    ----------
    values : Series or DataFrame indexed by year
    base : the index label of the base year (e.g. ``2019``)

    Examples
    --------
    >>> s = pd.Series([80, 100, 120], index=[2018, 2019, 2020])
    >>> compute_index(s, base=2019).tolist()
    [80.0, 100.0, 120.0]
    """
    if base not in values.index:
        raise DataFormatError(f"基準年 {base!r} がデータにありません（ある年: {list(values.index)[:3]} …）。",
                              f"base {base!r} is not in the index", fix="データにある年を base= に指定してください。")
    base_values = values.loc[base].astype(float)
    if np.any(np.asarray(base_values) == 0):
        raise DataFormatError(f"基準年 {base!r} の値が 0 なので指数にできません。", f"base {base!r} is zero",
                              fix="値が 0 でない年を基準年にしてください。")
    return values.sort_index().astype(float) / base_values * 100


def compute_contribution_to_growth(start: pd.Series, end: pd.Series, *, total_start: float | None = None) -> pd.Series:
    """寄与度（ポイント）: each part's change as a share of the whole at the start, × 100.

    寄与度 = (部分の終点 − 部分の始点) ÷ 全体の始点 × 100. The parts' 寄与度 add up to the whole's
    増減率 (%) when the parts add up to the whole — unlike 寄与率 (:func:`curriculum.analysis.decompose.compute_contribution`),
    which is a part's share of the change and adds up to 1.

    Parameters
    ----------
    start, end : Series indexed by part (e.g. 年齢 3 区分), at the start and end of the period
    total_start : number, keyword-only
        The whole at the start; default ``start.sum()``.

    Examples
    --------
    >>> start = pd.Series({"0-14": 20, "15-64": 60, "65+": 20})
    >>> end = pd.Series({"0-14": 15, "15-64": 55, "65+": 25})
    >>> compute_contribution_to_growth(start, end).tolist()
    [-5.0, -5.0, 5.0]
    """
    if list(start.index) != list(end.index):
        raise DataFormatError("始点と終点で部分（行の名前）がそろっていません。", "start and end parts differ",
                              fix="同じ表から、同じ列を同じ順に取り出してください。")
    base = float(start.sum() if total_start is None else total_start)
    if base == 0:
        raise DataFormatError("全体の始点が 0 なので寄与度を計算できません。", "the whole is zero at the start",
                              fix="始点の全体（total_start）を確かめてください。")
    return (end.astype(float) - start.astype(float)) / base * 100


def compute_annual_growth_rate(first: float, last: float, years: float) -> float:
    """年平均伸び率（%）: ``((last / first) ** (1 / years) - 1) * 100`` — Excel ``=(B13/B2)^(1/11)-1``.

    ``years`` is the length of the period (2011 → 2022 is 11 years), not the number of values.

    Examples
    --------
    >>> round(compute_annual_growth_rate(100, 121, 2), 6)
    10.0
    """
    if first <= 0 or last < 0 or years <= 0:
        raise DataFormatError(f"年平均伸び率には正の始点と期間が必要です（始点 {first}、終点 {last}、{years} 年）。",
                              "annual growth needs a positive start and period",
                              fix="始点の値と、期間の年数（値の個数 − 1）を確かめてください。")
    return ((last / first) ** (1 / years) - 1) * 100


def compute_seasonal_index(monthly: pd.Series | pd.DataFrame):
    """季節指数（月別指数）: each month ÷ the average month × 100 (a flat year is 100 every month).

    Parameters
    ----------
    monthly : Series or DataFrame indexed by month 1–12 (all twelve, no gaps)

    Examples
    --------
    >>> s = pd.Series([50] * 6 + [150] * 6, index=range(1, 13))
    >>> compute_seasonal_index(s).tolist()[:1] + compute_seasonal_index(s).tolist()[-1:]
    [50.0, 150.0]
    """
    _check_months(monthly)
    ordered = monthly.sort_index().astype(float)
    return ordered / ordered.mean() * 100


def compute_peak_ratio(monthly: pd.Series | pd.DataFrame):
    """繁閑の差（ピーク月 ÷ 閑散月）: the largest month over the smallest.

    Examples
    --------
    >>> s = pd.Series([50] * 11 + [200], index=range(1, 13))
    >>> float(compute_peak_ratio(s))
    4.0
    """
    _check_months(monthly)
    ordered = monthly.astype(float)
    smallest = ordered.min()
    if isinstance(smallest, pd.Series):
        return ordered.max() / smallest.replace(0, np.nan)
    return ordered.max() / smallest if smallest != 0 else np.nan


def _check_months(monthly) -> None:
    months = sorted(int(m) for m in monthly.index)
    if months != list(MONTHS):
        raise DataFormatError(f"月別の値は 1〜12 月がそろっている必要があります（ある月: {months}）。",
                              f"monthly values need months 1-12 exactly, got {months}",
                              fix="欠けている月を補うか、年計ではなく月別の表を渡してください。")
