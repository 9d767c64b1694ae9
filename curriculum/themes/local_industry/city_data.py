"""市の地場産業データ: 産業中分類の市の集計 (``industry-census-city``) and 事業者アンケート (``business-survey``).

With ``path`` a 所管課's file is validated against its template (every problem listed by row and column, nothing
half-loaded); without it 練習市's practice table is used, labelled 練習用・架空 — then a notebook asks for the
analysis design, never for conclusions about a real city.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.config import practice_dir
from curriculum.errors import DataFormatError
from curriculum.provenance import PRACTICE, PRACTICE_ATTRIBUTION, REAL, Provenance, attach
from curriculum.templates import city_rows, read_template_file
from curriculum.templates.local_industry import BUSINESS_SURVEY, INDUSTRY_CENSUS_CITY

__all__ = ["load_industry_census", "load_business_survey", "compute_industry_change", "tabulate_survey"]

_PRACTICE_NOTE = "市の商工担当課のデータがないため練習用。分析の設計を学ぶためのデータです。"


def _practice_path(template_id: str) -> Path:
    from curriculum.practice.local_industry import write_practice_local_industry

    return write_practice_local_industry(practice_dir() / "local_industry")[template_id]


def load_industry_census(path: str | Path | None = None, *, city_code: str, echo=print) -> pd.DataFrame:
    """産業中分類の市の集計を読み込む: one row per 調査年 and 中分類, ``attrs["provenance"]``.

    ``path`` None: 練習市's practice table (練習用・架空). Rows of other cities in a file are left out.
    Blank cells (秘匿) stay missing (``<NA>``), never 0.
    """
    if path is None:
        path, city_code = _practice_path(INDUSTRY_CENSUS_CITY.id), "99201"
        provenance = Provenance(PRACTICE, "産業中分類の市の集計（練習市）", PRACTICE_ATTRIBUTION, note=_PRACTICE_NOTE)
    else:
        provenance = Provenance(REAL, "産業中分類の市の集計（市の商工担当課）", f"出典：{Path(path).name}（経済センサス・工業統計の市の集計）")
    table = read_template_file(path, INDUSTRY_CENSUS_CITY)
    rows = city_rows(table, city_code, path=path)
    years = "・".join(str(y) for y in sorted(rows["year"].unique()))
    echo(f"[{provenance.label}] {provenance.title}: {rows['industry_code'].nunique()} 中分類 × {years} 年 — {provenance.attribution}")
    return attach(rows, provenance)


def load_business_survey(path: str | Path | None = None, *, echo=print) -> pd.DataFrame:
    """事業者アンケートを読み込む: one row per answer, ``attrs["provenance"]`` (``path`` None: 練習用・架空)."""
    if path is None:
        path = _practice_path(BUSINESS_SURVEY.id)
        provenance = Provenance(PRACTICE, "事業者アンケート（練習市）", PRACTICE_ATTRIBUTION, note=_PRACTICE_NOTE)
    else:
        provenance = Provenance(REAL, "事業者アンケート（市の調査）", f"出典：{Path(path).name}（市の事業者アンケート）")
    survey = read_template_file(path, BUSINESS_SURVEY)
    echo(f"[{provenance.label}] {provenance.title}: {len(survey):,} 回答 — {provenance.attribution}")
    return attach(survey, provenance)


def compute_industry_change(census: pd.DataFrame, *, start: int, end: int, column: str = "employees") -> pd.DataFrame:
    """中分類の増減: ``column`` in ``start`` and ``end``, the change and the 伸び率, one row per 中分類.

    A 秘匿 (blank) value in either year gives a missing change — it is not treated as 0.

    >>> c = pd.DataFrame({"year": [2016, 2021, 2016, 2021], "industry_code": ["24", "24", "26", "26"],
    ...                   "industry": ["金属製品製造業"] * 2 + ["生産用機械器具製造業"] * 2,
    ...                   "employees": pd.array([100, 90, 50, None], dtype="Int64")})
    >>> compute_industry_change(c, start=2016, end=2021)["伸び率"].round(2).tolist()
    [-0.1, nan]
    """
    for year in (start, end):
        if year not in set(census["year"]):
            raise DataFormatError(f"調査年 {year} の行がありません（ある年: {sorted(set(census['year']))}）。",
                                  f"no rows for year {year}", fix="ある調査年を start= / end= に指定してください。")
    wide = census.pivot(index=["industry_code", "industry"], columns="year", values=column)
    first, last = wide[start].astype("Float64"), wide[end].astype("Float64")
    table = pd.DataFrame({start: first, end: last, "増減": last - first})
    table["伸び率"] = (table["増減"] / first.replace(0, np.nan)).astype(float)
    return table.reset_index().set_index("industry_code")


def tabulate_survey(survey: pd.DataFrame, question: str, *, by: str = "size_band") -> pd.DataFrame:
    """アンケートのクロス集計: the share of each answer to ``question`` within each group of ``by`` (rows sum to 1),
    plus the number of answers ``n`` — report the share with its n, never a share of a handful.

    >>> s = pd.DataFrame({"size_band": ["1～4人", "1～4人", "100人以上"], "successor": ["いない", "いる", "いる"]})
    >>> tabulate_survey(s, "successor")["いない"].tolist()
    [0.5, 0.0]
    """
    table = pd.crosstab(survey[by], survey[question], normalize="index")
    table["n"] = survey[by].value_counts()
    column = BUSINESS_SURVEY.column(by) if by in {c.key for c in BUSINESS_SURVEY.columns} else None
    if column is not None and column.choices:
        table = table.reindex([c for c in column.choices if c in table.index])
    return table
