"""産業構造: employees and establishments by 産業大分類 from SSDSE-A, compared with 全国 and the prefecture.

The industries are read from the table itself (every ``C2208xx`` column and its label), never typed here,
so the same code runs on SSDSE-A and on the practice table in its format.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from curriculum.analysis.location_quotient import compute_location_quotient, compute_shares
from curriculum.errors import DataFormatError

__all__ = ["EMPLOYEES", "ESTABLISHMENTS", "industry_columns", "get_industry_table", "compute_industry_profile",
           "find_similar_structure"]

EMPLOYEES = "C2208"       # 従業者数（民営）, 経済センサス‐活動調査
ESTABLISHMENTS = "C2108"  # 事業所数（民営）
_LABEL = re.compile(r"（([^（）]+(?:（[^（）]+）)?)）$")


def industry_columns(frame: pd.DataFrame, total: str = EMPLOYEES) -> dict[str, str]:
    """産業大分類の列: ``{code: 産業名}`` for every ``total``-prefixed column (``C220837`` → ``製造業``).

    >>> t = pd.DataFrame(columns=["C2208", "C220837"])
    >>> t.attrs["labels"] = {"C2208": "従業者数（民営）", "C220837": "従業者数（民営）（製造業）"}
    >>> industry_columns(t)
    {'C220837': '製造業'}
    """
    labels = frame.attrs.get("labels", {})
    columns = {}
    for code in frame.columns:
        if code.startswith(total) and code != total:
            match = _LABEL.search(labels.get(code, ""))
            columns[code] = match.group(1) if match else code
    if not columns:
        raise DataFormatError(f"産業別の列（{total}xx）がありません。", f"no {total}xx industry columns",
                              fix="SSDSE-A（市区町村）の表を使ってください。")
    return columns


def get_industry_table(municipal: pd.DataFrame, *, total: str = EMPLOYEES) -> pd.DataFrame:
    """市区町村 × 産業: the industry columns renamed to their Japanese names (counts as they are)."""
    columns = industry_columns(municipal, total)
    return municipal[list(columns)].rename(columns=columns)


def compute_industry_profile(municipal: pd.DataFrame, city_code: str) -> pd.DataFrame:
    """産業構造の表: one row per 産業大分類 for ``city_code``, compared with 全国 and its prefecture.

    Columns: 従業者数, 構成比, 全国の構成比, 県の構成比, 特化係数（全国）, 特化係数（県）, 事業所数,
    事業所あたり従業者数. Denominators are the official totals (``C2208``), so 構成比 is the share of all
    private-sector employees; 全国 is the sum over every municipality in the table, 県 over those whose
    code starts with the city's 2 digits.

    Examples
    --------
    >>> t = pd.DataFrame({"C2208": [100, 300], "C220837": [50, 50], "C220841": [50, 250],
    ...                   "C2108": [10, 30], "C210837": [5, 5], "C210841": [5, 25]}, index=["15213", "15204"])
    >>> t.attrs["labels"] = {"C220837": "従（製造業）", "C220841": "従（卸売業、小売業）",
    ...                      "C210837": "事（製造業）", "C210841": "事（卸売業、小売業）"}
    >>> compute_industry_profile(t, "15213").loc["製造業", ["構成比", "特化係数（全国）"]].tolist()
    [0.5, 2.0]
    """
    employees = get_industry_table(municipal, total=EMPLOYEES)
    establishments = get_industry_table(municipal, total=ESTABLISHMENTS)
    city_code = str(city_code)
    prefecture = municipal.index.astype(str).str.startswith(city_code[:2])
    city = employees.loc[city_code]
    city_total = municipal.loc[city_code, EMPLOYEES]
    national, national_total = employees.sum(), municipal[EMPLOYEES].sum()
    pref, pref_total = employees[prefecture].sum(), municipal.loc[prefecture, EMPLOYEES].sum()
    profile = pd.DataFrame({
        "従業者数": city,
        "構成比": compute_shares(city, total=city_total),
        "全国の構成比": compute_shares(national, total=national_total),
        "県の構成比": compute_shares(pref, total=pref_total),
        "特化係数（全国）": compute_location_quotient(city, national, total=city_total, reference_total=national_total),
        "特化係数（県）": compute_location_quotient(city, pref, total=city_total, reference_total=pref_total),
        "事業所数": establishments.loc[city_code].reindex(city.index),
    })
    profile["事業所あたり従業者数"] = profile["従業者数"] / profile["事業所数"].replace(0, np.nan)
    profile.index.name = "産業"
    return profile


def find_similar_structure(municipal: pd.DataFrame, city_code: str, *, n: int = 10) -> pd.DataFrame:
    """産業構造の似た市区町村: the ``n`` municipalities whose employee 構成比 is closest to ``city_code``'s.

    Distance is the Euclidean distance between 構成比 vectors (0–1 per 産業大分類); the city itself is left out.
    Returns ``Municipality``, ``Prefecture``, ``A1101`` (if present), ``distance`` and every industry's 構成比.

    >>> t = pd.DataFrame({"C2208": [10, 10, 10], "C220837": [8, 7, 1], "C220841": [2, 3, 9],
    ...                   "Municipality": ["A", "B", "C"], "Prefecture": ["X", "X", "Y"]}, index=["1", "2", "3"])
    >>> t.attrs["labels"] = {"C220837": "従（製造業）", "C220841": "従（小売業）"}
    >>> find_similar_structure(t, "1", n=1).index.tolist()
    ['2']
    """
    employees = get_industry_table(municipal, total=EMPLOYEES)
    shares = compute_shares(employees, total=municipal[EMPLOYEES])
    distance = np.sqrt(((shares - shares.loc[str(city_code)]) ** 2).sum(axis=1, min_count=1))
    distance = distance.drop(index=str(city_code)).dropna().sort_values(kind="stable").head(n)
    info = [c for c in ("Municipality", "Prefecture", "A1101") if c in municipal.columns]
    table = municipal.loc[distance.index, info].copy()
    table["distance"] = distance
    return table.join(shares.loc[distance.index])
