"""社会・人口統計体系「都道府県・市区町村のすがた」都道府県データ: read e-Stat's Excel export as a long table.

e-Stat's database export (one workbook, **one sheet per 年度**, newest first) writes: rows 1–3 表題・公開日・調査年
(``2020100000`` / ``2020年度``), row 5 item codes (``A1101``, ``#J01101`` …), row 6 labels with the unit in 【】
(``A8401_母子世帯数【世帯】``), each value column followed by a ``注釈`` column, then ``00000 全国`` and the 47
prefectures (5-digit codes), then the legend (``***`` 調査又は集計していないもの, ``-`` データが得られないもの,
``X`` 数値が秘匿されているもの). Every value is **text** with thousands separators, and the set of item columns
differs from sheet to sheet (an item appears only in the years it exists: 母子世帯数 in census years), so columns
are mapped by their code, never by position. The sheets declare a wrong dimension (``A1``): openpyxl's read-only
mode sees nothing, so the workbook is opened in normal mode.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from curriculum.data.numbers import to_numbers
from curriculum.errors import DataFormatError, DataNotFoundError

__all__ = ["read_ssds_prefecture", "get_item"]

_LABEL = re.compile(r"^(?P<code>#?[A-Z0-9]+)_(?P<name>.+?)(【(?P<unit>[^】]*)】)?$")
_YEAR = re.compile(r"(\d{4})年度")


def read_ssds_prefecture(path: str | Path) -> pd.DataFrame:
    """社会・人口統計体系 都道府県データを読む: one row per 年度, area and item.

    Parameters
    ----------
    path : str or Path
        The e-Stat export, e.g. ``fetch("estat-ssds-pref-welfare")``.

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int, 年度), ``area_code`` (``"00000"`` 全国, ``"15000"`` …), ``area_name``, ``item`` (code as
        written, e.g. ``"A8401"``, ``"#J01101"``), ``label`` (``母子世帯数``), ``unit`` (``世帯``), ``value`` (float;
        ``***`` / ``-`` / ``X`` → NaN, never 0). ``attrs``: ``title``, ``published``, ``source_file``.

    Examples
    --------
    >>> t = read_ssds_prefecture(fetch("estat-ssds-pref-welfare"))
    >>> int(get_item(t, "A8401").loc[2020, "15000"])
    9016
    """
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(f"ファイル {path} が見つかりません。", f"file {path} not found", path=path,
                                fix="curriculum data fetch でカタログのファイルを取得してください。")
    try:
        book = openpyxl.load_workbook(path, data_only=True)  # not read_only: the sheets declare dimension A1
    except Exception as err:
        raise DataFormatError(f"Excel ファイルとして読めません（{type(err).__name__}）。", f"not a readable workbook: {err}",
                              path=path, fix="e-Stat から書き出した .xlsx をそのまま使ってください。") from None
    records, title, published = [], "", ""
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if len(rows) < 7 or str(rows[0][0]).strip() != "表題：":
            raise DataFormatError(f"シート「{sheet.title}」が e-Stat の書き出しの形（1 行目「表題：」）ではありません。",
                                  f"sheet {sheet.title!r} is not an e-Stat database export", path=path,
                                  fix="e-Stat の「都道府県・市区町村のすがた」から書き出したファイルを使ってください。")
        title, published = str(rows[0][1]), str(rows[1][1])
        year_match = _YEAR.search(str(rows[2][2] or ""))
        if not year_match:
            raise DataFormatError(f"シート「{sheet.title}」の 3 行目から調査年（例: 2020年度）が読めません。",
                                  f"no 年度 in row 3 of sheet {sheet.title!r}", path=path)
        year = int(year_match.group(1))
        items = {}
        for column, cell in enumerate(rows[5]):
            match = _LABEL.match(str(cell or "").strip())
            if match and column >= 3:
                items[column] = (match.group("code"), match.group("name"), match.group("unit") or "")
        for row in rows[6:]:
            code = str(row[0] or "").strip()
            if not re.fullmatch(r"\d{5}", code):
                continue  # the blank row and the legend
            for column, (item, label, unit) in items.items():
                records.append((year, code, str(row[1]).strip(), item, label, unit, "" if row[column] is None else str(row[column])))
    frame = pd.DataFrame(records, columns=["year", "area_code", "area_name", "item", "label", "unit", "value"])
    frame["value"] = to_numbers(frame["value"], name="value", path=path).astype("float64")
    frame.attrs = {"title": title, "published": published, "source_file": str(path)}
    return frame


def get_item(table: pd.DataFrame, item: str) -> pd.DataFrame:
    """One item as 年度 × area (``"00000"`` 全国 and 47 prefectures), only the years that have it.

    >>> t = pd.DataFrame({"year": [2020, 2020], "area_code": ["00000", "15000"], "item": ["A8401"] * 2,
    ...                   "value": [646809.0, 9016.0]})
    >>> get_item(t, "A8401").loc[2020, "15000"]
    np.float64(9016.0)
    """
    part = table[table["item"] == item]
    if part.empty:
        known = ", ".join(sorted(table["item"].unique()))
        raise DataFormatError(f"項目 {item} がこの表にありません（ある項目: {known}）。", f"item {item} not in the table",
                              fix="項目コードは表の 5 行目のとおりに（# を含めて）指定してください。")
    return part.pivot(index="year", columns="area_code", values="value").sort_index()
