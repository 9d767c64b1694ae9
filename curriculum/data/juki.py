"""住民基本台帳に基づく人口・人口動態及び世帯数（市区町村別）: read the 総務省 table as a tidy frame.

The table (one sheet per year, published as Excel; the copies in the catalogue are CSV exports
of it) mixes levels: a 全国 row, then per prefecture a prefecture row, 郡 subtotal rows, the
東京都「島しょ」 subtotal, 政令市 total rows *and* the rows of their 区. Summing every row
counts most people three times. :func:`read_juki` keeps one level, so sums add up.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from curriculum.data.numbers import to_numbers
from curriculum.data.text import csv_rows, decode, read_bytes
from curriculum.errors import DataFormatError, InputError

N_HEADER_ROWS = 4
# Column order of the 総計 table (25 columns); names in English, Japanese labels in attrs.
COLUMNS = {
    "male": "人口（男）",
    "female": "人口（女）",
    "population": "人口（計）",
    "households": "世帯数",
    "in_domestic": "転入者数（国内）",
    "in_abroad": "転入者数（国外）",
    "in_total": "転入者数（計）",
    "births": "出生者数",
    "in_other": "住民票記載数 その他（計）",
    "entries_total": "住民票記載数 計（Ａ）",
    "out_domestic": "転出者数（国内）",
    "out_abroad": "転出者数（国外）",
    "out_total": "転出者数（計）",
    "deaths": "死亡者数",
    "out_other": "住民票消除数 その他（計）",
    "removals_total": "住民票消除数 計（Ｂ）",
    "change": "増減数（Ａ）－（Ｂ）",
    "change_rate": "増減率（％）",
    "natural_change": "自然増減数",
    "natural_change_rate": "自然増減率（％）",
    "social_change": "社会増減数",
    "social_change_rate": "社会増減率（％）",
}
# Sub-labels of header row 4 (columns 4–19) that identify the table.
_SUB_LABELS = ["男", "女", "人", "", "転入者数（国内）", "転入者数（国外）", "転入者数（計）", "出生者数",
               "その他（計）", "計（Ａ）", "転出者数（国内）", "転出者数（国外）", "転出者数（計）", "死亡者数",
               "その他（計）", "計（Ｂ）"]
LEVELS = ("municipality", "ward", "prefecture", "all")
_ERAS = {"平成": 1988, "令和": 2018}
_DATE = re.compile(r"(平成|令和)(\d+|元)年1月1日")


def check_digit(code5: str) -> str:
    """全国地方公共団体コードの検査数字: the 6th digit of a 5-digit code.

    Weights 6,5,4,3,2; check = (11 − Σ mod 11) mod 10 (総務省「全国地方公共団体コード」の仕様).

    >>> check_digit("15213"), check_digit("15100"), check_digit("01100")
    ('7', '9', '2')
    """
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def read_juki(path: str | Path, *, level: str = "municipality") -> pd.DataFrame:
    """住民基本台帳人口・人口動態（市区町村別）を読む: one row per area, keyed by 5-digit city_code.

    Parameters
    ----------
    path : str or Path
        The CSV export of 総務省's 市区町村別（総計） sheet, e.g. ``fetch("juki-2019")``.
    level : {"municipality", "ward", "prefecture", "all"}
        ``"municipality"`` (default): 市町村 and 東京都の特別区, 政令市 as one row (like SSDSE-A);
        ``"ward"``: the same but 政令市 split into its 区; ``"prefecture"``: the 47 prefecture
        rows; ``"all"``: every row as published (全国 as ``00000``, 郡・島しょ subtotals, 政令市
        and 区 together) with a ``level`` column — never sum this one.

    Returns
    -------
    pandas.DataFrame
        Index ``city_code`` (5 digits, text, check digit removed). Columns ``pref_name``,
        ``city_name`` (as published: 郡 prefix kept, e.g. 西蒲原郡弥彦村), ``level``, then the
        numbers (see ``COLUMNS``): ``population``, ``households``, ``in_domestic`` …
        ``natural_change``, ``social_change`` and the rates in %. ``attrs``: ``labels``
        (column → 日本語ラベル), ``as_of`` (人口の基準日, e.g. ``"2019-01-01"``),
        ``movement_year`` (人口動態の年, e.g. 2018), ``title``, ``source_file``.
        For ``"municipality"`` and ``"ward"`` the rows of each prefecture sum to its row.

    Examples
    --------
    >>> juki = read_juki(fetch("juki-2019"))
    >>> int(juki.loc["15213", "population"]), juki.attrs["as_of"]
    (79818, '2019-01-01')
    >>> int(juki["population"].sum())
    127443563
    """
    if level not in LEVELS:
        raise InputError(f"level は {', '.join(LEVELS)} のどれかです（{level!r} が渡されました）。",
                         f"level must be one of {LEVELS}, got {level!r}",
                         fix=f"例えば level={LEVELS[0]!r} のように指定してください。")
    raw, _ = read_bytes(path, member_suffix=".csv")
    text, _ = decode(raw, path)
    rows = csv_rows(text, path)
    _check_header(rows, path)
    title = rows[0][0].strip()
    body = rows[N_HEADER_ROWS:]
    frame = pd.DataFrame([_parse_row(row, number, path) for number, row in enumerate(body, N_HEADER_ROWS + 1)],
                         columns=["city_code", "pref_name", "city_name", "level", *COLUMNS])
    for column in COLUMNS:
        frame[column] = _to_numbers(frame[column], column, path)
    frame = frame.set_index("city_code")
    if frame.index.duplicated().any():
        code = frame.index[frame.index.duplicated()][0]
        raise DataFormatError(f"団体コード {code} の行が2回あります。", f"duplicate code {code}", path=path,
                              fix="公式の表をそのまま書き出したファイルを使ってください。")
    _check_sums(frame, path)
    if level == "municipality":
        frame = frame[frame["level"].isin(["municipality", "designated_city"])]
    elif level == "ward":
        frame = frame[frame["level"].isin(["municipality", "ward"])]
    elif level == "prefecture":
        frame = frame[frame["level"] == "prefecture"]
    as_of, movement_year = _dates(title, path)
    frame.attrs = {
        "labels": {"pref_name": "都道府県名", "city_name": "市区町村名", "level": "行の種類", **COLUMNS},
        "as_of": as_of,
        "movement_year": movement_year,
        "title": title,
        "source_file": str(path),
    }
    return frame


def _check_header(rows: list[list[str]], path) -> None:
    width = len(rows[0])
    looks_right = (
        width == 25
        and len(rows) > N_HEADER_ROWS
        and rows[1][0].strip() == "団体コード"
        and rows[2][3].strip() == "人口"
        and [c.strip() for c in rows[3][3:19]] == _SUB_LABELS
    )
    if not looks_right:
        raise DataFormatError(
            "住民基本台帳に基づく人口・人口動態及び世帯数（市区町村別・総計）の表ではないようです"
            f"（25 列・見出し 4 行を想定。この表は {width} 列、2 行目は {','.join(rows[1][:4]) if len(rows) > 1 else ''} …）。",
            "not the 住民基本台帳 municipal table (expected 25 columns and 4 header rows)",
            path=path,
            fix="総務省の「市区町村別（総計）」の表を、見出し行を消さずに CSV にしたものを指定してください。",
        )
    first = rows[N_HEADER_ROWS]
    if first[1].strip() != "合計":
        raise DataFormatError(
            f"{N_HEADER_ROWS + 1} 行目が全国の「合計」行ではありません（{','.join(first[:3])}）。見出しの行数が違います。",
            f"row {N_HEADER_ROWS + 1} is not the national total row: header rows were added or removed",
            path=path,
            fix="見出しは 4 行のままにしてください（表題・団体コード・人口/世帯数・男/女…）。",
        )


def _parse_row(row: list[str], number: int, path) -> list:
    code, pref, name = (cell.strip() for cell in row[:3])
    values = [cell.strip() for cell in row[3:25]]
    if pref == "合計" and not code:
        return ["00000", "", "全国", "national", *values]
    if not re.fullmatch(r"\d{6}", code):
        raise DataFormatError(
            f"{number} 行目の団体コード {code!r} が 6 桁の数字ではありません"
            "（Excel で先頭の 0 が消えた場合は 5 桁になります）。",
            f"row {number}: code {code!r} is not 6 digits",
            path=path,
            fix="団体コードを文字列のまま保存した元の表を使ってください。",
        )
    code5 = code[:5]
    if check_digit(code5) != code[5]:
        raise DataFormatError(
            f"{number} 行目の団体コード {code} の検査数字（6 桁目）が合いません（{code5} なら {check_digit(code5)}）。",
            f"row {number}: bad check digit in {code}",
            path=path,
            fix="コードが編集されていないか確認し、元の表を使ってください。",
        )
    return [code5, pref, name, _level(code5, name), *values]


def _level(code5: str, name: str) -> str:
    if not name:
        return "prefecture"
    if name.endswith("郡") or name == "島しょ":  # subtotals of the towns listed after them
        return "county"
    if code5[2] == "1" and code5[:2] != "13":  # 政令市 codes are xx1xx; 13 1xx are 特別区 (municipalities)
        return "designated_city" if name.endswith("市") else "ward"
    return "municipality"


def _to_numbers(column: pd.Series, name: str, path) -> pd.Series:
    numbers = to_numbers(column, name=f"{name}（{COLUMNS[name]}）", path=path)
    if name.endswith("_rate"):
        return numbers.astype("float64")
    return numbers.astype("Int64")


def _check_sums(frame: pd.DataFrame, path) -> None:
    """Each prefecture's 市町村 rows must add up to its row (catches dropped or doubled rows)."""
    prefectures = frame[frame["level"] == "prefecture"].set_index("pref_name")["population"]
    for levels in (["municipality", "designated_city"], ["municipality", "ward"]):
        parts = frame[frame["level"].isin(levels)].groupby("pref_name")["population"].sum()
        diff = parts.reindex(prefectures.index).fillna(0) - prefectures
        if (diff != 0).any():
            pref = diff[diff != 0].index[0]
            raise DataFormatError(
                f"{pref} の市町村の人口の合計が都道府県の行と {int(diff[pref]):+,} 人ずれています。"
                "行が欠けているか、重複しています。",
                f"municipal rows of {pref} do not sum to the prefecture row",
                path=path,
                fix="公式の表の全行をそのまま書き出したファイルを使ってください。",
            )


def _dates(title: str, path) -> tuple[str, int]:
    match = _DATE.search(title)
    if not match:
        raise DataFormatError(
            f"表題から基準日（例: 平成31年1月1日）を読み取れません: {title[:40]!r}",
            "cannot read the reference date from the title row",
            path=path,
        )
    era, year = match.groups()
    western = _ERAS[era] + (1 if year == "元" else int(year))
    return f"{western}-01-01", western - 1
