"""SSDSE（教育用標準データセット）: read the 統計センター's CSV files with their header rows kept as metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from curriculum.data.numbers import NO_DATA_MARKS, to_numbers
from curriculum.data.text import csv_rows, decode, read_bytes
from curriculum.errors import DataFormatError

# Editions with a reference-year row between the code row and the label row.
_YEAR_ROW_SERIES = {"A", "E"}
# Marks for "no data" / 秘匿 (統計でみる市区町村のすがた-style tables): the one list in curriculum.data.numbers.
MISSING_MARKS = NO_DATA_MARKS
_REGION = re.compile(r"^R(\d{5})$")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")
_ITEM_CODE = re.compile(r"^[A-Z]{1,3}\d+\w*$")


def read_ssdse(path: str | Path) -> pd.DataFrame:
    """SSDSE（教育用標準データセット）を読む: one row per area, official item codes as columns.

    Handles SSDSE-A/E (three header rows: code, reference year, label) and B/C/D/F (two
    header rows: code, label), in CP932 as published or re-saved as UTF-8.

    Parameters
    ----------
    path : str or Path
        The CSV file, e.g. ``curriculum.data.fetch("ssdse-a-2026")``.

    Returns
    -------
    pandas.DataFrame
        Index: 5-digit area code as text (``city_code`` for SSDSE-A, else ``area_code``;
        SSDSE-D adds a first level ``sex``). Columns: the official codes (``Prefecture``,
        ``Municipality``, ``A1101`` …). ``df.attrs`` holds ``dataset``, ``labels``
        (code → 日本語ラベル), ``years`` (code → 調査年度, SSDSE-A/E) and ``source_file``.
        Cells marked ``-``, ``***``, ``X`` … become NaN (never 0); clock times stay text.

    Examples
    --------
    >>> df = read_ssdse(fetch("ssdse-a-2026"))
    >>> int(df.loc["15213", "A1101"]), df.attrs["labels"]["A1101"]
    (77201, '総人口')
    """
    raw, _ = read_bytes(path, member_suffix=".csv")
    text, _ = decode(raw, path)
    rows = csv_rows(text, path)
    dataset = rows[0][0].strip()
    match = re.fullmatch(r"SSDSE-([A-F])-\d{4}\w*", dataset)
    if not match:
        raise DataFormatError(
            f"SSDSE のファイルではないようです（1行1列目が {dataset!r}、'SSDSE-A-2026' のような名前のはず）。",
            f"not an SSDSE file: first cell is {dataset!r}",
            path=path,
            fix="別のデータセットのファイルを渡していないか確認してください。",
        )
    n_header = 3 if match.group(1) in _YEAR_ROW_SERIES else 2
    header, body = rows[:n_header], rows[n_header:]
    labels_row = header[-1]
    if "地域コード" not in labels_row:
        raise DataFormatError(
            f"{dataset} の見出しは {n_header} 行のはずですが、{n_header} 行目に「地域コード」がありません。"
            "見出し行が削除されたか、文字化けしています。",
            f"{dataset} should have {n_header} header rows; row {n_header} has no 地域コード label",
            path=path,
            fix="公式サイトの元ファイル（CP932）をダウンロードし直してください。",
        )
    code_col = labels_row.index("地域コード")
    if not body or not _REGION.match(body[0][code_col]):
        raise DataFormatError(
            f"{n_header + 1} 行目がデータ行ではありません（地域コード R+5桁 がない）。見出し行の数が違います。",
            f"row {n_header + 1} is not a data row (no R+5-digit region code)",
            path=path,
        )
    codes = header[0]
    frame = pd.DataFrame(body, columns=codes)
    area = frame.iloc[:, code_col].str.extract(_REGION, expand=False)
    if area.isna().any():
        bad = frame.iloc[:, code_col][area.isna()].iloc[0]
        raise DataFormatError(f"地域コード {bad!r} の形が違います。", f"bad region code {bad!r}", path=path)
    index_name = "city_code" if match.group(1) == "A" else "area_code"
    id_columns = list(range(code_col + 1))
    key_columns = [codes[i] for i in id_columns if i != code_col]
    frame = frame.drop(columns=frame.columns[code_col])
    frame.index = pd.Index(area.to_numpy(), name=index_name)
    if match.group(1) == "D":  # 男女の別 × 地域: the sex column is part of the key
        frame = frame.set_index(key_columns[0], append=True).swaplevel()
        frame.index = frame.index.set_names(["sex", index_name])
    for column in frame.columns:
        if _ITEM_CODE.match(column):  # id columns (Prefecture, 2023-2025年 …) stay text
            frame[column] = _to_values(frame[column], column, path)
    frame = frame.copy()  # one consolidated block: adding columns later raises no PerformanceWarning
    frame.attrs = {
        "dataset": dataset,
        "labels": dict(zip(codes, labels_row)),
        "years": dict(zip(codes, header[1])) if n_header == 3 else {},
        "source_file": str(path),
    }
    return frame


def _to_values(column: pd.Series, code: str, path) -> pd.Series:
    """Numbers as numbers, 秘匿/no-data marks as NaN, clock times (H:MM) kept as text."""
    text = column.str.strip()
    if text.str.match(_CLOCK).all():
        return text
    return to_numbers(column, name=code, path=path)


def with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """日本語ラベルの列名にする: a copy whose columns are the Japanese labels (for display).

    >>> df = pd.DataFrame({"A1101": [1]}); df.attrs["labels"] = {"A1101": "総人口"}
    >>> list(with_labels(df).columns)
    ['総人口']
    """
    labels = frame.attrs.get("labels", {})
    return frame.rename(columns=lambda code: labels.get(code, code))
