"""宿泊旅行統計調査（観光庁）: read the monthly 施設数 and 延べ宿泊者数 by prefecture from the official workbook.

The workbook (one per year, e.g. 令和5年 確定値 ``001750679.xlsx``) has one sheet per table and month.
Two are read here, both laid out the same way (rows 1–6 title and a three-level merged header, row 7 the
national total labelled 「令和5年1月」, then 47 prefectures labelled 「　15新潟県」, then 運輸局 subtotals):

* ``第1表(M月)`` 施設数 — column B 総数;
* ``第2表(M月)`` 延べ宿泊者数 — column B 延べ宿泊者数 (人泊), column Q うち外国人延べ宿泊者数.

Values are published rounded to tens, so a year summed over months can differ from the 年計 sheet by tens.
The survey publishes prefectures only: municipal visitor numbers (観光入込客統計) are held by the city.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from curriculum.errors import DataFormatError, DataNotFoundError

__all__ = ["read_shukuhaku", "SHEETS", "COLUMNS"]

#: table → (sheet name pattern, {column letter index: output column}, a word the column B header must contain)
SHEETS = {
    "facilities": ("第1表({month}月)", {1: "facilities"}, "総数"),
    "guests": ("第2表({month}月)", {1: "guests", 16: "foreign_guests"}, "延べ"),
}
COLUMNS = ["pref_code", "pref_name", "month", "facilities", "guests", "foreign_guests"]
_PREFECTURE = re.compile(r"^\s*(\d{2})(\S+)$")
_FIRST_DATA_ROW = 7
_ERA_REIWA = re.compile(r"令和\s*(\d+|元)年")


def read_shukuhaku(path: str | Path) -> pd.DataFrame:
    """宿泊旅行統計調査を読む: one row per prefecture (and 全国 ``"00"``) and month.

    Parameters
    ----------
    path : str or Path
        The 観光庁 workbook, e.g. ``fetch("kankocho-shukuhaku-2023")``.

    Returns
    -------
    pandas.DataFrame
        Columns ``pref_code`` (2-digit text, ``"00"`` = 全国), ``pref_name``, ``month`` (1–12),
        ``facilities`` (施設数), ``guests`` (延べ宿泊者数, 人泊), ``foreign_guests`` (うち外国人).
        ``attrs``: ``year`` (西暦), ``source_file``.

    Examples
    --------
    >>> t = read_shukuhaku(fetch("kankocho-shukuhaku-2023"))
    >>> niigata = t[t["pref_code"] == "15"]
    >>> int(niigata["guests"].sum()), int(niigata.loc[niigata["month"] == 1, "foreign_guests"].iloc[0])
    (9586960, 66830)
    """
    import openpyxl

    path = Path(path)
    if not path.exists():
        raise DataNotFoundError(f"宿泊旅行統計のファイル {path} がありません。", f"file not found: {path}", path=path,
                                fix="curriculum data fetch kankocho-shukuhaku-2023 で取得してください。")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError) as err:
        raise DataFormatError("宿泊旅行統計のファイルを Excel（xlsx）として開けません。", f"not an xlsx workbook: {err}",
                              path=path, fix="観光庁のページから xlsx をダウンロードし直してください（CSV に変換しないでください）。") from err
    try:
        frames, year = [], None
        for table, (pattern, columns, header_word) in SHEETS.items():
            rows = []
            for month in range(1, 13):
                sheet_rows, sheet_year = _read_sheet(book, pattern.format(month=month), columns, header_word, path)
                year = year or sheet_year
                rows += [{**row, "month": month} for row in sheet_rows]
            frames.append(pd.DataFrame(rows).set_index(["pref_code", "pref_name", "month"]))
    finally:
        book.close()
    frame = pd.concat(frames, axis=1).reset_index()[COLUMNS]
    frame.attrs = {"year": year, "source_file": str(path)}
    return frame


def _read_sheet(book, name: str, columns: dict[int, str], header_word: str, path: Path):
    if name not in book.sheetnames:
        raise DataFormatError(f"シート「{name}」がありません。宿泊旅行統計調査の集計結果（全統計表）のファイルではないようです。",
                              f"sheet {name!r} is missing", path=path,
                              fix="観光庁「宿泊旅行統計調査」の年の確定値（全統計表の xlsx）を使ってください。")
    values = list(book[name].iter_rows(min_row=1, max_row=_FIRST_DATA_ROW + 60, values_only=True))
    header = " ".join(str(row[1] or "") for row in values[3:6] if len(row) > 1)
    if header_word not in header:
        raise DataFormatError(f"シート「{name}」の B 列の見出しに「{header_word}」がありません（{header[:30]!r}）。"
                              "列の並びが公表ファイルと違います。", f"sheet {name!r}: column B header lacks {header_word!r}",
                              path=path, fix="編集していない公表ファイルを使ってください。")
    total_label = str(values[_FIRST_DATA_ROW - 1][0] or "")
    era = _ERA_REIWA.search(total_label)
    year = 2018 + (1 if era.group(1) == "元" else int(era.group(1))) if era else None
    rows = [_row("00", "全国", values[_FIRST_DATA_ROW - 1], columns, name, _FIRST_DATA_ROW, path)]
    for number, row in enumerate(values[_FIRST_DATA_ROW:], start=_FIRST_DATA_ROW + 1):
        match = _PREFECTURE.match(str(row[0] or ""))
        if not match:
            break
        rows.append(_row(match.group(1), match.group(2), row, columns, name, number, path))
    # each value is rounded to tens, so the total may differ from the sum by up to 10 per row — more means rows are missing
    for column in columns.values():
        total, parts = rows[0][column] or 0, sum(r[column] or 0 for r in rows[1:])
        if len(rows) == 1 or abs(total - parts) > 10 * len(rows):
            raise DataFormatError(f"シート「{name}」の全国計 {total:,} と都道府県の合計 {parts:,}（{len(rows) - 1} 行）が合いません。"
                                  "行が削除・追加されています。", f"sheet {name!r}: total {total} != sum of rows {parts}",
                                  path=path, fix="行を削除・追加していない公表ファイルを使ってください。")
    return rows, year


def _row(code: str, name: str, row, columns: dict[int, str], sheet: str, number: int, path: Path) -> dict:
    record = {"pref_code": code, "pref_name": name}
    for index, column in columns.items():
        value = row[index] if len(row) > index else None
        if isinstance(value, str) and value.strip() in {"-", "－", "…", "***", "X", "x"}:
            value = None  # 該当なし・秘匿: missing, never zero
        elif not isinstance(value, (int, float)) and value is not None:
            raise DataFormatError(f"シート「{sheet}」{number} 行目（{name}）の {column} が数値ではありません: {value!r}",
                                  f"sheet {sheet!r} row {number}: non-numeric {column} {value!r}", path=path)
        record[column] = value
    return record
