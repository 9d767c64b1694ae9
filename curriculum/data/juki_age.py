"""住民基本台帳 年齢階級別人口（市区町村別）: read 総務省's 5-year age × sex table (``YYMMssnen.xls[x]``).

The same table has had three layouts: ``1304ssnen.xls`` (2013-03-31, top class 80歳以上, 22 columns),
``1804ssnen.xls`` (2018-01-01, top class 100歳以上, 26 columns) and ``2304ssnen.xlsx`` (2023-01-01, an
extra units row and two footnote rows). Like the 人口・世帯数 table it mixes levels (全国, prefectures,
郡 subtotals, 政令市 and their 区), so :func:`read_juki_age` keeps one level and checks that the
municipalities add up to their prefecture.

Where a municipality has few foreign residents their age breakdown is not published (注1/注2 of the
2023 file; ``*`` after the name in the older files), so Σ age classes can fall short of 総数: the
``age_complete`` column says which rows add up.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from curriculum.data.juki import check_digit
from curriculum.errors import DataFormatError

__all__ = ["read_juki_age", "age_label", "collapse_top", "SEXES", "LEVELS"]

SEXES = {"計": "total", "男": "male", "女": "female"}
LEVELS = ("municipality", "ward", "prefecture", "all")
_ERAS = {"平成": 1988, "令和": 2018}
_DATE = re.compile(r"(平成|令和)(\d+|元)年(\d+)月(\d+)日")
_CLASS = re.compile(r"(\d+)歳?～(\d+)歳?|(\d+)歳以上")


def age_label(start: int, end: int | None) -> str:
    """The column name of an age class: ``"0-4"``, ``"80+"`` (``end`` None = open top class).

    >>> age_label(0, 4), age_label(100, None)
    ('0-4', '100+')
    """
    return f"{start}+" if end is None else f"{start}-{end}"


def read_juki_age(path: str | Path, *, level: str = "municipality") -> pd.DataFrame:
    """住民基本台帳 年齢階級別人口（市区町村別）を読む: one row per area and sex, one column per 5-year class.

    Parameters
    ----------
    path : str or Path
        ``1304ssnen.xls``, ``1804ssnen.xls``, ``2304ssnen.xlsx`` or another year of the same table.
    level : {"municipality", "ward", "prefecture", "all"}
        ``"municipality"``: 市町村 and 特別区, 政令市 as one row; ``"ward"``: 政令市 split into 区;
        ``"prefecture"``; ``"all"``: every row as published with a ``level`` column (never sum it).

    Returns
    -------
    pandas.DataFrame
        Columns ``city_code`` (5 digits), ``pref_name``, ``city_name`` (``*`` removed), ``level``,
        ``sex`` (``total`` / ``male`` / ``female``), ``total`` (総数), one column per class
        (``"0-4"`` … ``"100+"`` or ``"80+"``) and ``age_complete`` (Σ classes = 総数).
        ``attrs``: ``as_of`` (ISO date), ``age_classes`` (the class columns), ``title``, ``source_file``.

    Examples
    --------
    >>> t = read_juki_age(fetch("juki-age-2023"))
    >>> t.attrs["as_of"], int(t.query("city_code == '15213' and sex == 'total'")["total"].iloc[0])
    ('2023-01-01', 77401)
    """
    if level not in LEVELS:
        raise DataFormatError(f"level は {', '.join(LEVELS)} のどれかです（{level!r} が渡されました）。",
                              f"level must be one of {LEVELS}, got {level!r}")
    path = Path(path)
    sheet = _read_sheet(path)
    title = str(sheet.iat[0, 0]).strip()
    label_row = _find_label_row(sheet, path)
    as_of = _as_of(title, path)
    classes = _classes(sheet, label_row, path)
    first = _first_data_row(sheet, label_row, path)
    body = sheet.iloc[first:]
    body = body[body[3].astype(str).str.strip().isin(SEXES)]  # drops the 注1/注2 footnotes of 2023
    rows = []
    for number, row in body.iterrows():
        rows.append(_parse_row(row.tolist(), number + 1, len(classes), path))
    frame = pd.DataFrame(rows, columns=["city_code", "pref_name", "city_name", "level", "sex", "total",
                                        *(c for c, _ in classes)])
    class_columns = [c for c, _ in classes]
    frame["age_complete"] = frame[class_columns].sum(axis=1) == frame["total"]
    _check(frame, path)
    keep = {"municipality": ["municipality", "designated_city"], "ward": ["municipality", "ward"],
            "prefecture": ["prefecture"], "all": None}[level]
    if keep is not None:
        frame = frame[frame["level"].isin(keep)]
    frame = frame.reset_index(drop=True)
    frame.attrs = {"as_of": as_of, "age_classes": class_columns, "title": title, "source_file": str(path)}
    return frame


def collapse_top(frame: pd.DataFrame, top_start: int) -> pd.DataFrame:
    """Merge every class from ``top_start`` up into one open class ``"{top_start}+"`` (e.g. 80歳以上).

    Used to compare the 2013 file (top class 80歳以上) with later ones (100歳以上).

    >>> f = pd.DataFrame({"total": [10], "70-74": [3], "75-79": [3], "80-84": [2], "85+": [2]})
    >>> f.attrs["age_classes"] = ["70-74", "75-79", "80-84", "85+"]
    >>> collapse_top(f, 80).attrs["age_classes"], int(collapse_top(f, 80)["80+"].iloc[0])
    (['70-74', '75-79', '80+'], 4)
    """
    classes = frame.attrs["age_classes"]
    starts = [int(re.match(r"\d+", c).group()) for c in classes]
    if top_start not in starts:
        raise DataFormatError(f"{top_start} 歳で始まる年齢階級がありません（{', '.join(classes)}）。",
                              f"no age class starts at {top_start}")
    merged = [c for c, s in zip(classes, starts) if s >= top_start]
    top = f"{top_start}+"
    out = frame.assign(**{top: frame[merged].sum(axis=1)})
    columns = [top if c == merged[0] else c for c in frame.columns if c == merged[0] or c not in merged]
    out = out[columns]
    kept = [c for c, s in zip(classes, starts) if s < top_start]
    out.attrs = {**frame.attrs, "age_classes": kept + [top]}
    return out


def _read_sheet(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise DataFormatError(f"ファイル {path} が見つかりません。", f"file {path} not found", path=path,
                              fix="パスを確認するか、curriculum.data.fetch('juki-age-2023') などで取得したパスを渡してください。")
    try:
        # calamine reads both the BIFF8 .xls files and the .xlsx one (pandas deprecates xlrd).
        return pd.read_excel(path, header=None, dtype=object, engine="calamine")
    except Exception as err:  # calamine raises its own error types for broken or non-Excel files
        raise DataFormatError(
            f"Excel ファイルとして読めません（{type(err).__name__}: {err}）。",
            f"cannot read {path.name} as an Excel workbook",
            path=path,
            fix="総務省の公式ファイル（YYMMssnen.xls / .xlsx）をそのまま使ってください。CSV に変換したものは読めません。",
        ) from err


def _find_label_row(sheet: pd.DataFrame, path: Path) -> int:
    for i in range(min(5, len(sheet))):
        cells = [str(c).strip() for c in sheet.iloc[i].tolist()]
        if "総数" in cells and any(_CLASS.fullmatch(c) for c in cells):
            return i
    raise DataFormatError(
        "年齢階級の見出し行（総数, 0～4歳, …）が見つかりません。住民基本台帳 年齢階級別人口の表ではないようです。",
        "no header row with 総数 and age classes: not the 住基 age table",
        path=path,
        fix="総務省「住民基本台帳に基づく人口…」の 年齢階級別人口（市区町村別）（総計）の表を指定してください。",
    )


def _classes(sheet: pd.DataFrame, label_row: int, path: Path) -> list[tuple[str, int]]:
    cells = [str(c).strip() for c in sheet.iloc[label_row].tolist()]
    if cells[4] != "総数":
        raise DataFormatError(f"5 列目が「総数」ではありません（{cells[4]!r}）。", "column 5 is not 総数", path=path)
    classes, expected = [], 0
    for offset, cell in enumerate(cells[5:], start=5):
        match = _CLASS.fullmatch(cell) or re.fullmatch(r"(\d+)～(\d+)", cell)
        if not match:
            raise DataFormatError(f"{offset + 1} 列目の見出し {cell!r} が年齢階級ではありません。",
                                  f"column {offset + 1} header {cell!r} is not an age class", path=path)
        groups = match.groups()
        start = int(groups[0] if groups[0] is not None else groups[2])
        end = int(groups[1]) if groups[0] is not None else None
        if start != expected:
            raise DataFormatError(f"年齢階級が {expected} 歳から続いていません（{cell!r}）。",
                                  f"age classes are not contiguous at {cell!r}", path=path)
        classes.append((age_label(start, end), offset))
        expected = (end + 1) if end is not None else -1
    if expected != -1:
        raise DataFormatError("最後の年齢階級が「○歳以上」ではありません。", "the last age class is not open-ended", path=path)
    return classes


def _first_data_row(sheet: pd.DataFrame, label_row: int, path: Path) -> int:
    for i in range(label_row + 1, min(label_row + 4, len(sheet))):
        if str(sheet.iat[i, 1]).strip() == "合計":
            return i
    raise DataFormatError("見出しの後に全国の「合計」行がありません。見出しの行が変わっています。",
                          "no national 合計 row after the header", path=path,
                          fix="公式の表を見出し行ごとそのまま使ってください。")


def _parse_row(cells: list, number: int, n_classes: int, path: Path) -> list:
    code = "" if pd.isna(cells[0]) else str(cells[0]).strip()
    pref = "" if pd.isna(cells[1]) else str(cells[1]).strip().rstrip("*")
    name = "" if pd.isna(cells[2]) else str(cells[2]).strip().rstrip("*")
    name = "" if name == "-" else name
    sex = SEXES[str(cells[3]).strip()]
    values = []
    for offset, cell in enumerate(cells[4:5 + n_classes], start=5):
        try:
            value = float(cell)
        except (TypeError, ValueError):
            value = float("nan")
        if value != value or value != int(value):
            raise DataFormatError(f"{number} 行目 {offset} 列目の値 {cell!r} が人数（整数）ではありません。",
                                  f"row {number} column {offset}: {cell!r} is not a count", path=path,
                                  fix="編集されていない公式の表を使ってください。")
        values.append(int(value))
    if pref == "合計":
        return ["00000", "", "全国", "national", sex, *values]
    if not re.fullmatch(r"\d{6}", code) or check_digit(code[:5]) != code[5]:
        raise DataFormatError(f"{number} 行目の団体コード {code!r} が 6 桁（検査数字つき）ではありません。",
                              f"row {number}: bad code {code!r}", path=path,
                              fix="団体コードを文字列のまま保存した公式の表を使ってください。")
    code5 = code[:5]
    return [code5, pref, name, _level(code5, name), sex, *values]


def _level(code5: str, name: str) -> str:
    if not name:
        return "prefecture"
    if name.endswith("郡") or name == "島しょ":
        return "county"
    if code5[2] == "1" and code5[:2] != "13":  # 政令市 codes are xx1xx; 13 1xx are 特別区
        return "designated_city" if name.endswith("市") else "ward"
    return "municipality"


def _check(frame: pd.DataFrame, path: Path) -> None:
    """男 + 女 = 計 on every area, and each prefecture's municipalities add up to its row."""
    wide = frame.pivot_table(index="city_code", columns="sex", values="total", aggfunc="sum")
    bad = wide[wide["male"] + wide["female"] != wide["total"]]
    if len(bad):
        raise DataFormatError(f"団体コード {bad.index[0]} で 男＋女 が 計 と合いません。",
                              f"male + female != total for {bad.index[0]}", path=path)
    totals = frame[frame["sex"] == "total"]
    prefectures = totals[totals["level"] == "prefecture"].set_index("pref_name")["total"]
    for levels in (["municipality", "designated_city"], ["municipality", "ward"]):
        parts = totals[totals["level"].isin(levels)].groupby("pref_name")["total"].sum()
        diff = parts.reindex(prefectures.index).fillna(0) - prefectures
        if (diff != 0).any():
            pref = diff[diff != 0].index[0]
            raise DataFormatError(f"{pref} の市町村の総数の合計が都道府県の行と {int(diff[pref]):+,} 人ずれています。",
                                  f"municipal rows of {pref} do not sum to the prefecture row", path=path,
                                  fix="公式の表の全行をそのまま使ってください。")


def _as_of(title: str, path: Path) -> str:
    match = _DATE.search(title)
    if not match:
        raise DataFormatError(f"表題から基準日を読み取れません: {title[:40]!r}", "cannot read the reference date",
                              path=path, fix="1 行目の表題を消していない公式の表を使ってください。")
    era, year, month, day = match.groups()
    western = _ERAS[era] + (1 if year == "元" else int(year))
    return f"{western}-{int(month):02d}-{int(day):02d}"
