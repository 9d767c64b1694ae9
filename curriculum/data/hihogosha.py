"""厚生労働省「被保護者調査」概要の表（全国）: read one table of the yearly summary workbook as a long table.

The workbook (e.g. 令和5年度 ``2023gaiyo.xlsx``) has sheets 表1 (被保護実人員・扶助別人員・保護率), 表2 (世帯類型別
被保護世帯数), 表3 … and 統計表1–5. Each sheet: a title row, 注 rows, two header rows (``2019年度`` … and ``令和元年度`` …),
then rows labelled in the first three columns — 実数 / 割合 / 構成割合 (blank = as the row above), the item
(``母子世帯``), a sub-item (``単身世帯``) — and the unit in （）. Numbers are real numeric cells. National only:
the municipal figures are held by each 福祉事務所.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from curriculum.errors import DataFormatError, DataNotFoundError

__all__ = ["read_hihogosha_summary"]

_YEAR = re.compile(r"^(\d{4})年度$")


def read_hihogosha_summary(path: str | Path, *, table: str = "表2") -> pd.DataFrame:
    """被保護者調査 概要の表を読む: one row per measure, item and 年度.

    Returns
    -------
    pandas.DataFrame
        Columns ``measure`` (実数 / 割合 / 構成割合), ``item`` (e.g. ``母子世帯``), ``sub_item`` (``""`` if none),
        ``unit`` (世帯, 人, ％), ``year`` (int, 年度), ``value`` (float). ``attrs``: ``title``, ``source_file``.

    Examples
    --------
    >>> t = read_hihogosha_summary(fetch("mhlw-hihogosha-2023-summary"))
    >>> int(t.query("measure == '実数' and item == '母子世帯' and year == 2023")["value"].iloc[0])
    64723
    """
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(f"ファイル {path} が見つかりません。", f"file {path} not found", path=path,
                                fix="curriculum data fetch でカタログのファイルを取得してください。")
    book = openpyxl.load_workbook(path, data_only=True)
    if table not in book.sheetnames:
        raise DataFormatError(f"シート「{table}」がありません（ある: {'、'.join(book.sheetnames)}）。", f"no sheet {table!r}",
                              path=path, fix="table= にシート名（例: 表2）を指定してください。")
    rows = [list(r) for r in book[table].iter_rows(values_only=True)]
    header = next((i for i, r in enumerate(rows) if any(_YEAR.match(str(c or "")) for c in r)), None)
    if header is None:
        raise DataFormatError(f"シート「{table}」に年度（2023年度 など）の見出しがありません。", "no 年度 header row", path=path)
    years = {j: int(_YEAR.match(str(c)).group(1)) for j, c in enumerate(rows[header]) if _YEAR.match(str(c or ""))}
    first_year = min(years)
    records, measure = [], ""
    for row in rows[header + 2:]:
        labels = [str(c).strip() if c is not None else "" for c in row[:first_year]]
        if not any(labels) or all(row[j] is None for j in years):
            continue
        measure = labels[0] or measure
        # the unit is the last label column, in brackets (（世帯）); an item may start with a bracket too (（参考）…)
        unit_match = re.fullmatch(r"（(.+)）", labels[-1])
        unit = unit_match.group(1) if unit_match else ""
        names = [x for x in (labels[1:-1] if unit_match else labels[1:]) if x]
        item, sub_item = (names + ["", ""])[:2]
        for j, year in years.items():
            records.append((measure, item, sub_item, unit, year, None if row[j] is None else float(row[j])))
    frame = pd.DataFrame(records, columns=["measure", "item", "sub_item", "unit", "year", "value"])
    frame.attrs = {"title": str(rows[0][0] or "").strip(), "source_file": str(path)}
    return frame
