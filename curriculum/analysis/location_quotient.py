"""構成比と特化係数（location quotient）: how much an area leans to an industry compared with a reference.

特化係数 = (地域の産業 i の従業者 ÷ 地域の従業者総数) ÷ (基準地域の産業 i の従業者 ÷ 基準地域の従業者総数).
1 より大きければ、その産業の比重が基準（全国・県）より高い。総務省・RESAS と同じ定義。

The totals are a keyword on purpose: SSDSE-A's 従業者数（民営） total (``C2208``) is the official
denominator, and at national level it is not exactly the sum of the 大分類 columns (経済センサス keeps a
few establishments unclassified), so summing the columns would give a slightly different answer.
Pure pandas; uses nothing from the rest of the package but the error classes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.errors import DataFormatError

__all__ = ["compute_shares", "compute_location_quotient"]


def compute_shares(counts: pd.Series | pd.DataFrame, *, total: float | pd.Series | None = None):
    """構成比: each industry's share of the total (0–1).

    Parameters
    ----------
    counts : Series (one area: industry → count) or DataFrame (areas × industries)
    total : number or Series (one per area), keyword-only
        The official total (e.g. ``C2208`` 従業者数（民営）); default: the sum of the given columns.

    Examples
    --------
    >>> compute_shares(pd.Series({"製造業": 30, "小売業": 10}), total=100).tolist()
    [0.3, 0.1]
    >>> t = pd.DataFrame({"製造業": [30, 5], "小売業": [10, 15]}, index=["A市", "B町"])
    >>> compute_shares(t).round(2).values.tolist()
    [[0.75, 0.25], [0.25, 0.75]]
    """
    _check_not_negative(counts)
    if isinstance(counts, pd.DataFrame):
        denominator = counts.sum(axis=1) if total is None else pd.Series(total, index=counts.index)
        denominator = denominator.astype(float).replace(0, np.nan)
        return counts.astype(float).div(denominator, axis=0)
    denominator = float(counts.sum() if total is None else total)
    if denominator == 0:
        return counts.astype(float) * np.nan
    return counts.astype(float) / denominator


def compute_location_quotient(counts: pd.Series | pd.DataFrame, reference: pd.Series, *,
                              total: float | pd.Series | None = None, reference_total: float | None = None):
    """特化係数（location quotient）: an area's industry share ÷ the reference area's share.

    Parameters
    ----------
    counts : Series (industry → 従業者数 of one area) or DataFrame (areas × industries)
    reference : Series
        The same industries for the reference area (全国 or 県): e.g. the column sums of all municipalities.
    total : number or Series, keyword-only
        The area's total (``C2208``); default: the sum of ``counts``.
    reference_total : number, keyword-only
        The reference total; default: the sum of ``reference``.

    Returns
    -------
    Series or DataFrame like ``counts``: 1.0 means the same share as the reference; NaN where the
    reference has none of that industry (no share to compare with).

    Examples
    --------
    An area with 30 of 100 workers in 製造業, in a country with 15 of 100:

    >>> area = pd.Series({"製造業": 30, "小売業": 10})
    >>> nation = pd.Series({"製造業": 1500, "小売業": 2000})
    >>> compute_location_quotient(area, nation, total=100, reference_total=10000).tolist()
    [2.0, 0.5]
    """
    if isinstance(reference, pd.DataFrame):
        raise DataFormatError("基準地域（reference）は産業ごとの 1 行（Series）にしてください。",
                              "reference must be a Series (industry → count)",
                              fix="全国なら frame[columns].sum()、県なら県内の行の合計を渡します。")
    columns = counts.columns if isinstance(counts, pd.DataFrame) else counts.index
    missing = [c for c in columns if c not in reference.index]
    if missing:
        raise DataFormatError(f"基準地域に産業 {missing} がありません。", f"reference lacks industries {missing}",
                              fix="地域と基準地域で同じ産業の列を使ってください。")
    reference_share = compute_shares(reference[list(columns)], total=reference_total).replace(0, np.nan)
    shares = compute_shares(counts, total=total)
    if isinstance(shares, pd.DataFrame):
        return shares.div(reference_share, axis=1)
    return shares / reference_share


def _check_not_negative(counts) -> None:
    values = counts.to_numpy(dtype=float)
    if np.nanmin(values, initial=0) < 0:
        raise DataFormatError("従業者数・事業所数に負の値があります。", "negative counts",
                              fix="元の表の列（差分や増減ではなく実数）を渡してください。")
