"""分布を見る: summaries, the modal class, box-plot fences and percentile ranks.

Quartiles use pandas' default (linear interpolation), the same as matplotlib/seaborn box plots,
so the outliers found here are exactly the points a box plot draws outside its whiskers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.errors import InputError


def compute_summary(values: pd.Series) -> pd.Series:
    """要約統計量（代表値と散らばり）: count, mean, median, min, quartiles and max, labelled in Japanese.

    NaN (不明) values are left out of every statistic and of the count.

    Examples
    --------
    >>> compute_summary(pd.Series([1, 2, 3, 4, 100, None])).to_dict()
    {'件数': 5.0, '平均値': 22.0, '中央値': 3.0, '最小値': 1.0, '第1四分位数': 2.0, '第3四分位数': 4.0, '最大値': 100.0}
    """
    data = values.dropna().astype(float)
    return pd.Series(
        {
            "件数": float(len(data)),
            "平均値": data.mean(),
            "中央値": data.median(),
            "最小値": data.min(),
            "第1四分位数": data.quantile(0.25),
            "第3四分位数": data.quantile(0.75),
            "最大値": data.max(),
        },
        name=values.name,
    )


def compute_mode_bin(values: pd.Series, *, width: float, start: float = 0.0) -> pd.Interval:
    """最頻階級: the class ``[a, a + width)`` holding the most values (ties: the lowest class).

    For measured values such as 高齢化率 almost every value is different, so the 最頻値 is read
    from a histogram: the tallest bar.

    Examples
    --------
    >>> compute_mode_bin(pd.Series([31.2, 33.0, 34.9, 36.0, 41.0]), width=5)
    Interval(30.0, 35.0, closed='left')
    """
    data = values.dropna().astype(float)
    if data.empty:
        raise InputError("値がすべて不明（NaN）なので最頻階級を決められません。", "no values (all NaN): no mode class",
                         fix="列の名前と、読み込みで数値になっているか（秘匿の * が NaN になっていないか）を確かめてください。")
    if width <= 0:
        raise InputError(f"階級の幅は正の数です（受け取った値: {width}）。", f"width must be positive, got {width}",
                         fix="例えば width=5 のように、0 より大きい数を指定してください。")
    first = start + np.floor((data.min() - start) / width) * width
    n_bins = int(np.floor((data.max() - first) / width)) + 1
    edges = first + width * np.arange(n_bins + 1)
    counts = pd.cut(data, bins=edges, right=False).value_counts(sort=False)
    return counts.idxmax()


def compute_fences(values: pd.Series, *, k: float = 1.5) -> tuple[float, float]:
    """箱ひげ図の外れ値の境界: ``(Q1 - k*IQR, Q3 + k*IQR)`` with IQR = Q3 - Q1 (Tukey's rule).

    Examples
    --------
    >>> compute_fences(pd.Series([1, 2, 3, 4, 100]))
    (-1.0, 7.0)
    """
    data = values.dropna().astype(float)
    q1, q3 = data.quantile(0.25), data.quantile(0.75)
    iqr = q3 - q1
    return float(q1 - k * iqr), float(q3 + k * iqr)


def get_outliers(values: pd.Series, *, k: float = 1.5) -> pd.Series:
    """外れ値: the values outside :func:`compute_fences` (what a box plot draws as single points).

    Examples
    --------
    >>> get_outliers(pd.Series([1, 2, 3, 4, 100], index=list("abcde"))).to_dict()
    {'e': 100}
    """
    low, high = compute_fences(values, k=k)
    return values[(values < low) | (values > high)]


def compute_percentile_rank(values: pd.Series, value: float) -> float:
    """パーセンタイル順位: the percentage of (non-NaN) values that are at or below ``value``.

    Examples
    --------
    >>> compute_percentile_rank(pd.Series([10, 20, 30, 40, None]), 30)
    75.0
    """
    data = values.dropna().astype(float)
    if data.empty:
        raise InputError("値がすべて不明（NaN）なのでパーセンタイル順位を決められません。", "no values (all NaN): no percentile rank",
                         fix="列の名前と、読み込みで数値になっているか（秘匿の * が NaN になっていないか）を確かめてください。")
    return float((data <= value).mean() * 100)
