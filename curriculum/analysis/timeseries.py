"""時系列と指数: 伸び率, 指数化 (基準年 = 100) and 季節性 (monthly index, peak / off-peak ratio).

Series are indexed by year (or month 1–12 for seasonality); a DataFrame is treated column by column
(one column per area). Pure pandas; uses nothing from the rest of the package but the error classes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.errors import DataFormatError

__all__ = ["compute_growth_rate", "compute_index", "compute_seasonal_index", "compute_peak_ratio", "MONTHS"]

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
