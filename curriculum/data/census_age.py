"""令和2年国勢調査 表2-7-1 (男女・5歳階級別人口, 市区町村): read the e-Stat database CSV download.

The download carries 10 lines of e-Stat header before the column labels, quotes every value, writes
numbers with thousands separators and marks empty cells ``-``. It also lists the pre-2000
municipalities (名称が「（旧：…）」) next to the current ones: :func:`read_census_age` drops them.
年齢「不詳」 is its own column and is not spread over the classes (燕市: Σ classes 76,720 + 不詳 481 = 77,201).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from curriculum.errors import DataFormatError

__all__ = ["read_census_age"]

_HEADER_LINES = 10
_SEXES = {"総数": "total", "男": "male", "女": "female"}


def read_census_age(path: str | Path) -> pd.DataFrame:
    """国勢調査 2020 男女・年齢（5歳階級）別人口を読む: one row per current area and sex.

    Returns
    -------
    pandas.DataFrame
        Columns ``city_code`` (5 digits; ``00000`` 全国, ``15000`` a prefecture, wards of 政令市 included),
        ``name``, ``sex``, ``total``, 21 classes ``"0-4"`` … ``"100+"``, ``unknown`` (年齢不詳).
        ``attrs["as_of"] = "2020-10-01"``.

    Examples
    --------
    >>> c = read_census_age(fetch("census-2020-age"))
    >>> c.query("city_code == '15213' and sex == 'total'")[["total", "0-4", "unknown"]].values.tolist()
    [[77201, 2528, 481]]
    """
    path = Path(path)
    if not path.exists():
        raise DataFormatError(f"ファイル {path} が見つかりません。", f"file {path} not found", path=path,
                              fix="curriculum.data.fetch('census-2020-age') で取得したパスを渡してください。")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataFormatError("UTF-8 として読めません。e-Stat の「CSV 形式（UTF-8）」でダウンロードしたファイルを使ってください。",
                              "not UTF-8 (download the UTF-8 CSV from e-Stat)", path=path,
                              fix="Excel で開いて保存し直すと CP932 になります。ダウンロードしたままのファイルを使ってください。") from err
    rows = list(csv.reader(io.StringIO(text)))
    labels = rows[_HEADER_LINES] if len(rows) > _HEADER_LINES else []
    if len(labels) < 34 or labels[11] != "総数" or labels[12] != "0～4歳" or labels[32] != "100歳以上":
        raise DataFormatError("国勢調査 表2-7-1 の CSV ではないようです（11 行目に 総数, 0～4歳 … 100歳以上 の見出しを想定）。",
                              "not the census table 2-7-1 CSV (expected labels on line 11)", path=path,
                              fix="e-Stat の表2-7-1 を、見出しを含めてダウンロードしたファイルを使ってください。")
    classes = [f"{a}-{a + 4}" for a in range(0, 100, 5)] + ["100+"]
    records = []
    for number, row in enumerate(rows[_HEADER_LINES + 1:], start=_HEADER_LINES + 2):
        if not row:
            continue
        name = row[9]
        if name.startswith("（旧"):
            continue
        values = []
        for cell in row[11:34]:
            cell = cell.replace(",", "").strip()
            if cell in ("-", "***", ""):
                values.append(0)
            elif cell.isdigit():
                values.append(int(cell))
            else:
                raise DataFormatError(f"{number} 行目に数値でない値 {cell!r} があります。",
                                      f"line {number}: non-numeric value {cell!r}", path=path)
        records.append([row[8].zfill(5), name, _SEXES.get(row[5], row[5]), *values])
    frame = pd.DataFrame(records, columns=["city_code", "name", "sex", "total", *classes, "unknown"])
    bad = frame[frame[classes + ["unknown"]].sum(axis=1) != frame["total"]]
    if len(bad):
        raise DataFormatError(f"{bad['name'].iloc[0]}: 年齢階級＋不詳の合計が総数と合いません。",
                              "classes + unknown do not sum to the total", path=path)
    frame.attrs = {"as_of": "2020-10-01", "age_classes": classes, "source_file": str(path)}
    return frame
