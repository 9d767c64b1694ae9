"""分解: break a total into parts (構成比, 寄与率) and population change into its components.

Used by the ベーシック編 notebooks 分解する (b05) and ストーリーと提言 (b08).
"""

from __future__ import annotations

import pandas as pd

from curriculum.errors import DataFormatError, InputError

# 住民基本台帳: 社会増減 = (転入 + その他の記載) − (転出 + その他の消除); 自然増減 = 出生 − 死亡.
_COMPONENT_COLUMNS = ("births", "deaths", "in_domestic", "in_abroad", "in_other",
                      "out_domestic", "out_abroad", "out_other")


def compute_shares(frame: pd.DataFrame, parts: list[str], *, total: str | None = None,
                   remainder: str = "remainder") -> pd.DataFrame:
    """構成比: each part as a share (0–1) of the total, row by row.

    Parameters
    ----------
    frame : DataFrame with one row per area.
    parts : list of str
        The part columns, e.g. ``["A1301", "A1302", "A1303"]`` (年齢3区分).
    total : str, optional
        The total column (e.g. ``"A1101"`` 総人口). Default: the sum of the parts. When given,
        what the parts do not cover (年齢「不詳」など) is shown in the ``remainder`` column,
        so the shares still add up to 1.
    remainder : str
        Name of that column.

    Examples
    --------
    >>> df = pd.DataFrame({"young": [10, 20], "old": [30, 20], "total": [50, 40]}, index=["a", "b"])
    >>> compute_shares(df, ["young", "old"], total="total")
       young  old  remainder
    a    0.2  0.6        0.2
    b    0.5  0.5        0.0
    >>> compute_shares(df, ["young", "old"]).loc["a"].tolist()
    [0.25, 0.75]
    """
    values = frame[list(parts)].astype("float64")
    denominator = values.sum(axis=1) if total is None else frame[total].astype("float64")
    shares = values.div(denominator.where(denominator != 0), axis=0)
    if total is not None:
        shares[remainder] = 1 - shares.sum(axis=1, min_count=1)
    return shares


def compute_contribution(changes: pd.Series | pd.DataFrame, *, total=None) -> pd.Series | pd.DataFrame:
    """寄与率: each part's change as a share of the total change (which part drives it).

    Parts moving with the total get a positive share; a part moving against it gets a
    negative one, and the shares add up to 1. Undefined (NaN) when the total change is 0.

    Parameters
    ----------
    changes : Series (one area) or DataFrame (one row per area) of part changes.
    total : number or Series, optional
        The total change; default the sum of the parts.

    Examples
    --------
    >>> compute_contribution(pd.Series({"natural": -539, "social": -222})).round(3).tolist()
    [0.708, 0.292]
    >>> compute_contribution(pd.Series({"a": -30, "b": 10})).tolist()
    [1.5, -0.5]
    """
    if isinstance(changes, pd.DataFrame):
        denominator = changes.sum(axis=1) if total is None else total
        denominator = denominator.astype("float64")
        return changes.astype("float64").div(denominator.where(denominator != 0), axis=0)
    denominator = float(changes.sum() if total is None else total)
    if denominator == 0:
        return changes.astype("float64") * float("nan")
    return changes.astype("float64") / denominator


def compute_change_components(juki: pd.DataFrame) -> pd.DataFrame:
    """人口増減の分解（自然増減・社会増減、転入出の国内・国外）: one row per area.

    Parameters
    ----------
    juki : DataFrame from :func:`curriculum.data.juki.read_juki`.

    Returns
    -------
    DataFrame with ``natural_change`` (出生 − 死亡), ``social_change`` (転入 + その他記載 −
    転出 − その他消除), its parts ``net_domestic`` (国内の転入超過), ``net_abroad`` (国外),
    ``net_other`` (その他: 職権記載・消除など) and ``change`` (= natural + social). Raises
    :class:`~curriculum.errors.InputError` if columns are missing, and
    :class:`~curriculum.errors.DataFormatError` (both are ``ValueError``) if a recomputed component differs from the published column (the wrong
    file, or an edited one).

    Examples
    --------
    >>> row = pd.DataFrame({"births": [496], "deaths": [1035], "in_domestic": [1739], "in_abroad": [73],
    ...     "in_other": [24], "out_domestic": [1946], "out_abroad": [85], "out_other": [27]}, index=["15213"])
    >>> compute_change_components(row).loc["15213"].tolist()
    [-539, -207, -12, -3, -222, -761]
    """
    missing = [c for c in _COMPONENT_COLUMNS if c not in juki.columns]
    if missing:
        raise InputError(f"住民基本台帳の列 {', '.join(missing)} がありません。", f"missing columns {missing}",
                         fix="read_juki(...) の戻り値（人口動態の列がそろった表）をそのまま渡してください。")
    out = pd.DataFrame(index=juki.index)
    out["natural_change"] = juki["births"] - juki["deaths"]
    out["net_domestic"] = juki["in_domestic"] - juki["out_domestic"]
    out["net_abroad"] = juki["in_abroad"] - juki["out_abroad"]
    out["net_other"] = juki["in_other"] - juki["out_other"]
    out["social_change"] = out["net_domestic"] + out["net_abroad"] + out["net_other"]
    out["change"] = out["natural_change"] + out["social_change"]
    for column in ("natural_change", "social_change", "change"):
        if column in juki.columns and not (juki[column] == out[column]).all():
            code = out.index[juki[column] != out[column]][0]
            raise DataFormatError(f"{code} の {column} が公表値と合いません（計算し直した値 {out.loc[code, column]}、"
                                  f"表の値 {juki.loc[code, column]}）。",
                                  f"recomputed {column} differs from the published value for {code}",
                                  fix="ファイルが編集されていないか確認し、公式のファイルを取得し直してください。")
    return out
