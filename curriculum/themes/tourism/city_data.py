"""市の観光入込客数: the 観光担当課's monthly counts per 観光地点 (template ``tourism-visitors``), or practice data.

With ``path`` the city's file is validated against the template (any problem stops the load, listing every row
and column) and only its rows for ``city_code`` are kept. Without it, 練習市's practice table is used, labelled
練習用・架空: then a notebook can teach *how* to analyse the counts, never what they say about a real city.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from curriculum.analysis.timeseries import compute_seasonal_index
from curriculum.config import practice_dir
from curriculum.provenance import PRACTICE, PRACTICE_ATTRIBUTION, REAL, Provenance, attach
from curriculum.templates import city_rows, read_template_file
from curriculum.templates.tourism import TOURISM_VISITORS

__all__ = ["load_visitor_counts", "get_city_monthly", "compute_spot_table", "compute_city_seasonal_index"]


def load_visitor_counts(path: str | Path | None = None, *, city_code: str, reference_date: str | None = None,
                        echo=print) -> pd.DataFrame:
    """観光入込客数を読み込む: one row per spot and month (template keys as columns), ``attrs["provenance"]``.

    Parameters
    ----------
    path : path, optional
        The city's CSV in the 観光入込客数 template (``curriculum template write tourism-visitors``).
        None: 練習市's practice table (練習用・架空).
    city_code : str
        The cohort's city; rows of other cities in the file are left out (an error if none is left).
    reference_date : str, optional
        The period of the city's file (e.g. ``"2022-01/2023-12"``), for the sources table.
    """
    from curriculum.practice.tourism import write_practice_visitors

    if path is None:
        path = write_practice_visitors(practice_dir() / "tourism")
        provenance = Provenance(PRACTICE, "観光入込客数（観光地点別・月別、練習市）", PRACTICE_ATTRIBUTION,
                                note="市の観光担当課のデータがないため練習用。分析の設計を学ぶためのデータです。")
        city_code = "99201"
    else:
        provenance = Provenance(REAL, "観光入込客数（観光地点別・月別、市の観光担当課）",
                                f"出典：{Path(path).name}（市の観光入込客数）", reference_date=reference_date)
    table = read_template_file(path, TOURISM_VISITORS)
    rows = city_rows(table, city_code, path=path)
    rows["year"] = rows["month"].str[:4].astype(int)
    rows["month_number"] = rows["month"].str[5:].astype(int)
    echo(f"[{provenance.label}] {provenance.title}: {rows['spot'].nunique()} 地点、{len(rows):,} 行 — {provenance.attribution}")
    return attach(rows, provenance)


def get_city_monthly(visitors: pd.DataFrame, *, year: int) -> pd.Series:
    """市全体の月別入込客数: the sum over spots for each month 1–12 of ``year`` (a month with no rows is an error
    in the 季節指数, not a silent 0).

    >>> v = pd.DataFrame({"year": [2023] * 3, "month_number": [1, 1, 2], "visitors": [10, 5, 7]})
    >>> get_city_monthly(v, year=2023).tolist()
    [15, 7]
    """
    part = visitors[visitors["year"] == year]
    return part.groupby("month_number")["visitors"].sum().rename_axis("month").astype("int64")


def compute_spot_table(visitors: pd.DataFrame, *, year: int) -> pd.DataFrame:
    """地点別の表: per spot, 分類, 年間入込客数, 構成比, months counted, ピーク月 and its share of the spot's year.

    >>> v = pd.DataFrame({"spot": ["A", "A", "B"], "spot_type": ["自然", "自然", "行祭事・イベント"], "year": [2023] * 3,
    ...                   "month_number": [1, 8, 8], "visitors": [10, 30, 60]})
    >>> compute_spot_table(v, year=2023).loc[["B", "A"], ["年間入込客数", "構成比", "ピーク月"]].to_dict("list")
    {'年間入込客数': [60, 40], '構成比': [0.6, 0.4], 'ピーク月': [8, 8]}
    """
    part = visitors[visitors["year"] == year]
    by_spot = part.groupby("spot")
    total = by_spot["visitors"].sum()
    peak = part.loc[by_spot["visitors"].idxmax(), ["spot", "month_number", "visitors"]].set_index("spot")
    table = pd.DataFrame({
        "分類": by_spot["spot_type"].first(),
        "年間入込客数": total,
        "構成比": total / total.sum(),
        "集計した月数": by_spot["month_number"].nunique(),
        "ピーク月": peak["month_number"],
        "ピーク月の割合": peak["visitors"] / total,
    })
    return table.sort_values("年間入込客数", ascending=False)


def compute_city_seasonal_index(visitors: pd.DataFrame, *, year: int) -> pd.Series:
    """市全体の季節指数 (月別入込客数 ÷ 月平均 × 100) for ``year``."""
    return compute_seasonal_index(get_city_monthly(visitors, year=year))

