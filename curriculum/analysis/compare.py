"""比較する: rates per population, rankings within a prefecture, and peers of similar size.

Used by the basic-course notebooks on comparison and distributions (b03, b04) and later ones.
Frames are SSDSE-A style: indexed by 5-digit ``city_code`` (text), official item codes as
columns, ``Municipality`` holding the name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.errors import InputError

# 人口規模の区分. Round-number bands for choosing peers; not the 総務省 類似団体区分, which
# also uses industry structure. Left-closed: 50,000 people falls in "5万〜10万人".
SIZE_BAND_EDGES = (0, 10_000, 50_000, 100_000, 200_000, 500_000, np.inf)
SIZE_BAND_LABELS = ("1万人未満", "1万〜5万人", "5万〜10万人", "10万〜20万人", "20万〜50万人", "50万人以上")


def compute_rate(frame: pd.DataFrame, numerator: str, denominator: str, *, per: float = 100.0) -> pd.Series:
    """人口当たりの率（比率）: ``numerator / denominator * per`` for every row.

    A zero denominator gives NaN, not infinity: 双葉町 (07546) has 総人口 0 in the 2020 census,
    so its 高齢化率 is unknown, not infinite.

    Parameters
    ----------
    frame : pandas.DataFrame
        SSDSE-style table.
    numerator, denominator : str
        Column codes, e.g. ``"A1303"`` (65歳以上人口) and ``"A1101"`` (総人口).
    per : float, keyword-only
        100 for a percentage, 1000 for 人口千人当たり.

    Returns
    -------
    pandas.Series
        Same index as ``frame``, named ``"numerator/denominator"``.

    Examples
    --------
    >>> t = pd.DataFrame({"A1303": [30, 5, 0], "A1101": [100, 50, 0]}, index=["15213", "15204", "07546"])
    >>> compute_rate(t, "A1303", "A1101").tolist()
    [30.0, 10.0, nan]
    >>> compute_rate(t, "A1303", "A1101", per=1000).iloc[1]
    np.float64(100.0)
    """
    denominator_values = frame[denominator].astype(float).replace(0, np.nan)
    rate = frame[numerator].astype(float) / denominator_values * per
    return rate.rename(f"{numerator}/{denominator}")


def get_prefecture(frame: pd.DataFrame, pref_code: str) -> pd.DataFrame:
    """都道府県内の市区町村: the rows whose ``city_code`` starts with the 2-digit 都道府県コード.

    Examples
    --------
    >>> t = pd.DataFrame({"Municipality": ["燕市", "三条市", "札幌市"]}, index=["15213", "15204", "01100"])
    >>> get_prefecture(t, "15").index.tolist()
    ['15213', '15204']
    """
    if len(str(pref_code)) != 2:
        raise InputError(f"都道府県コードは2桁の文字列です（受け取った値: {pref_code!r}）。",
                         f"pref_code must be a 2-digit string, got {pref_code!r}",
                         fix="新潟県なら '15'、北海道なら '01' のように、0 を付けた2桁の文字列で指定してください。")
    return frame[frame.index.astype(str).str.startswith(str(pref_code))]


def compute_ranking(frame: pd.DataFrame, column: str, *, ascending: bool = False) -> pd.DataFrame:
    """順位表: municipalities ordered by ``column``, with a rank (1 = largest unless ``ascending``).

    Ties share the better rank (``method="min"``, like Excel's RANK.EQ); NaN rows come last
    with no rank.

    Returns
    -------
    pandas.DataFrame
        Columns ``Municipality`` (if present), ``column`` and ``rank`` (nullable integer).

    Examples
    --------
    >>> t = pd.DataFrame({"Municipality": ["燕市", "三条市", "弥彦村"], "rate": [31.2, 33.0, 31.2]},
    ...                  index=["15213", "15204", "15342"])
    >>> compute_ranking(t, "rate")["rank"].to_dict()
    {'15204': 1, '15213': 2, '15342': 2}
    """
    columns = [c for c in ("Municipality",) if c in frame.columns and c != column] + [column]
    table = frame[columns].copy()
    table["rank"] = table[column].rank(method="min", ascending=ascending).astype("Int64")
    return table.sort_values(["rank"], na_position="last", kind="stable")


def compute_size_band(population: pd.Series) -> pd.Series:
    """人口規模の区分: put each population into a band of :data:`SIZE_BAND_LABELS`.

    Examples
    --------
    >>> compute_size_band(pd.Series([77201, 7705, 50000, 789275])).astype(str).tolist()
    ['5万〜10万人', '1万人未満', '5万〜10万人', '50万人以上']
    """
    return pd.cut(population, bins=list(SIZE_BAND_EDGES), labels=list(SIZE_BAND_LABELS), right=False)


def get_same_band(frame: pd.DataFrame, city_code: str, *, column: str = "A1101") -> pd.DataFrame:
    """人口規模が同じ区分の市区町村: the rows in the same size band as ``city_code`` (itself included).

    Examples
    --------
    >>> t = pd.DataFrame({"A1101": [77201, 94642, 7705]}, index=["15213", "15204", "15342"])
    >>> get_same_band(t, "15213").index.tolist()
    ['15213', '15204']
    """
    bands = compute_size_band(frame[column])
    return frame[bands == bands.loc[city_code]]


def get_nearest_in_size(frame: pd.DataFrame, city_code: str, n: int = 5, *, pref_code: str | None = None,
                        column: str = "A1101") -> pd.DataFrame:
    """人口規模の近い市区町村: the ``n`` rows whose population is closest to ``city_code``'s (itself excluded).

    Closeness is the ratio, not the difference (|log(人口 ÷ 対象の人口)|): 1 万人と 2 万人 is as far apart as
    10 万人と 20 万人. ``pref_code`` keeps the search within one prefecture. Ties keep the lower code first.

    Examples
    --------
    >>> t = pd.DataFrame({"A1101": [77201, 94642, 7705, 81526, 60000]},
    ...                  index=["15213", "15204", "15342", "15205", "15212"])
    >>> get_nearest_in_size(t, "15213", n=2).index.tolist()
    ['15205', '15204']
    """
    if city_code not in frame.index:
        raise InputError(f"市区町村コード {city_code} が表にありません。", f"{city_code} is not in the table",
                         fix="5 桁の市区町村コード（文字列）を指定してください。")
    pool = frame if pref_code is None else get_prefecture(frame, pref_code)
    pool = pool[(pool.index != city_code) & (pool[column].astype(float) > 0)]
    distance = (np.log(pool[column].astype(float)) - np.log(float(frame.loc[city_code, column]))).abs()
    order = distance.to_frame("d").assign(code=distance.index).sort_values(["d", "code"], kind="stable").index
    return pool.loc[order[:n]]


def plot_ranking(values: pd.Series, *, labels=None, highlight=(), reference=(), ax=None, xlabel: str = "",
                 title: str = ""):
    """順位の横棒グラフ: one bar per municipality, largest on top, ``highlight`` codes in a strong colour.

    Parameters
    ----------
    values : pandas.Series
        Indexed by ``city_code``; NaN bars are left out.
    labels : mapping or pandas.Series, optional
        ``city_code`` → name shown on the axis (e.g. ``df["Municipality"]``).
    highlight : iterable of str
        Codes to draw in orange (the municipality you are talking about).
    reference : iterable of str
        Entries that are benchmarks rather than municipalities (県全体, 中央値), drawn in dark grey.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    data = values.dropna().sort_values()
    created = ax is None
    if created:
        _, ax = plt.subplots(figsize=(7, max(2.5, 0.28 * len(data) + 1.2)))
    names = [labels[code] if labels is not None else code for code in data.index]
    highlight, reference = set(highlight), set(reference)
    colours = ["#e8710a" if code in highlight else "#4d5b6a" if code in reference else "#9aa9b8" for code in data.index]
    ax.barh(names, data.to_numpy(), color=colours)
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title)
    ax.margins(y=0.01)
    if created:  # leave ~0.35 inch under the axes for a 出典 line (curriculum.plotting.add_source_note)
        ax.figure.tight_layout(rect=(0, 0.35 / ax.figure.get_figheight(), 1, 1))
    return ax
