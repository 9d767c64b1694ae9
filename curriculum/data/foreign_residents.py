"""在留外国人統計（出入国在留管理庁）と 住民基本台帳の外国人住民（総務省）: read the official workbooks.

Three tables of 在留外国人統計 (e-Stat, 政府統計コード 00250012; file names ``YY-MM-TT[-n].xlsx``):

* 第3表の2 市区町村別 在留資格別 (``21-12-03-2.xlsx``, 2021年12月末) and 第3表 市区町村別 国籍・地域別
  (``22-06-03-1.xlsx``, 2022年6月末) — :func:`read_zairyu_municipal`. Row 2 is the header (``市区町村コード``,
  ``都道府県市区町村``, ``総数``, one column per 在留資格 or 国籍), row 3 全国, then 5-digit codes **without** the
  check digit, prefecture rows (``15000``), 政令市 (``15100``) *and* their 区 (``15101``…) mixed. A municipality
  with 10 or fewer foreign residents is not shown: it is pooled in ``その他の合計``, so a prefecture is more than
  the sum of its listed municipalities (注2・注3 of the table).
* 第5表 都道府県別 在留資格別 (``20-12-05.xlsx``, 2020年12月末) — :func:`read_zairyu_prefecture`. Prefectures by
  name only, header labels with line breaks (``技能実習\\n２号ロ``).

and 住民基本台帳【外国人住民】: 人口・世帯数・人口動態（市区町村別） (``2311gsjin.xlsx``, 2023-01-01, movements of
2022) — :func:`read_juki_foreign`, six header rows, 6-digit codes with the check digit, mixed levels as in
:mod:`curriculum.data.juki`; 年齢階級別人口 (``2212gsnen.xlsx``, 2022-01-01) — :func:`read_juki_foreign_age`, the
layout of :mod:`curriculum.data.juki_age` but with the age breakdown of small municipalities published as ``X``
(注1: 男 or 女 1〜9 人, or 計 49 人以下), so those classes are missing and Σ classes ≠ 総数 there and in their prefecture.

The two sources count different things on different dates: 在留外国人 are 中長期在留者 and 特別永住者 at the
end of June / December by residence status; 外国人住民 are people registered in the 住民基本台帳 on 1 January.
Both are counted **where people live**, not where they work.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from curriculum.data.numbers import to_numbers
from curriculum.errors import DataFormatError

__all__ = ["read_zairyu_municipal", "read_zairyu_prefecture", "read_juki_foreign", "read_juki_foreign_age", "LEVELS",
           "JUKI_FOREIGN_COLUMNS"]

LEVELS = ("municipality", "ward", "prefecture", "all")
_NATIONAL = "00000"
_ERAS = {"平成": 1988, "令和": 2018}
_DATE = re.compile(r"(平成|令和)(\d+|元)年(\d+)月(\d+)日")
# 在留外国人統計: 12月末 / 6月末 of the year in the file name (YY-MM-…), the official naming on e-Stat
_FILE_DATE = re.compile(r"(\d{2})-(06|12)-\d{2}")
# 住民基本台帳【外国人住民】 2311gsjin: the 26 number columns after 団体コード・都道府県名・市区町村名
JUKI_FOREIGN_COLUMNS = {
    "male": "人口（男）", "female": "人口（女）", "population": "人口（計）", "households": "世帯数",
    "in_domestic": "転入者数（国内）", "in_abroad": "転入者数（国外）", "in_total": "転入者数（計）", "births": "出生者数",
    "in_nationality_lost": "住民票記載数 その他（国籍喪失）", "in_other_other": "住民票記載数 その他（その他）",
    "in_other": "住民票記載数 その他（計）", "entries_total": "住民票記載数 計（Ａ）",
    "out_domestic": "転出者数（国内）", "out_abroad": "転出者数（国外）", "out_total": "転出者数（計）", "deaths": "死亡者数",
    "out_naturalised": "住民票消除数 その他（帰化等）", "out_other_other": "住民票消除数 その他（その他）",
    "out_other": "住民票消除数 その他（計）", "removals_total": "住民票消除数 計（Ｂ）",
    "change": "増減数（Ａ）－（Ｂ）", "change_rate": "増減率（％）", "natural_change": "自然増減数",
    "natural_change_rate": "自然増減率（％）", "social_change": "社会増減数", "social_change_rate": "社会増減率（％）",
}


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise DataFormatError(f"level は {', '.join(LEVELS)} のどれかです（{level!r} が渡されました）。",
                              f"level must be one of {LEVELS}, got {level!r}",
                              fix=f"例えば level={LEVELS[0]!r} のように指定してください。")


def _sheet(path: str | Path) -> pd.DataFrame:
    """The first sheet as text-or-number cells (no header interpretation)."""
    path = Path(path)
    if not path.is_file():
        from curriculum.errors import DataNotFoundError

        raise DataNotFoundError(f"ファイル {path} が見つかりません。", f"file {path} not found", path=path,
                                fix="curriculum data fetch でカタログのファイルを取得してください。")
    try:
        return pd.read_excel(path, sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except Exception as err:  # a broken or non-Excel file: say which file and what to do
        raise DataFormatError(f"Excel ファイルとして読めません（{type(err).__name__}）。", f"not a readable workbook: {err}",
                              path=path, fix="公式サイトから取得した .xlsx をそのまま使ってください。") from None


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return unicodedata.normalize("NFKC", str(value)).replace("\n", "").strip()


def _level(code5: str, name: str) -> str:
    if code5 == _NATIONAL:
        return "national"
    if code5.endswith("000"):
        return "prefecture"
    if name.endswith("郡") or name in ("島しょ", "特別区", "特別区部"):  # subtotals of the areas listed after them
        return "county"
    if code5[2] == "1" and code5[:2] != "13":  # 政令市 codes are xx1xx; 13 1xx are 特別区 (municipalities)
        return "designated_city" if name.endswith("市") else "ward"
    return "municipality"


def _keep(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    if level == "municipality":
        return frame[frame["level"].isin(["municipality", "designated_city"])]
    if level == "ward":
        return frame[frame["level"].isin(["municipality", "ward"])]
    if level == "prefecture":
        return frame[frame["level"] == "prefecture"]
    return frame


def _as_of_from_name(path: Path) -> str:
    match = _FILE_DATE.search(path.name)
    if not match:
        raise DataFormatError(
            f"ファイル名から基準日（例: 21-12-03-2.xlsx → 2021年12月末）を読み取れません: {path.name}",
            "cannot read the reference month from the file name", path=path,
            fix="e-Stat の公式のファイル名（YY-MM-TT.xlsx）を残してください（カタログのファイル名はそれを末尾に残しています）。")
    year, month = 2000 + int(match.group(1)), int(match.group(2))
    return f"{year}-{month:02d}-{30 if month == 6 else 31}"


def _numbers(frame: pd.DataFrame, columns, path) -> pd.DataFrame:
    for column in columns:
        frame[column] = to_numbers(frame[column].astype(str), name=column, path=path).astype("Int64")
    return frame


def read_zairyu_municipal(path: str | Path, *, level: str = "municipality") -> pd.DataFrame:
    """在留外国人統計 市区町村別（在留資格別・国籍別）を読む: one row per area, one column per 在留資格 or 国籍.

    Parameters
    ----------
    path : str or Path
        ``21-12-03-2.xlsx`` (在留資格別) or ``22-06-03-1.xlsx`` (国籍・地域別), e.g. ``fetch("moj-zairyu-2021-12-status")``.
    level : {"municipality", "ward", "prefecture", "all"}
        ``"municipality"``: 市町村 and 特別区 with 政令市 as one row (like SSDSE-A); ``"ward"``: 政令市 split into 区;
        ``"prefecture"``; ``"all"``: every row, 全国 as ``"00000"``, with a ``level`` column (never sum it).

    Returns
    -------
    pandas.DataFrame
        Index ``city_code`` (5 digits); columns ``name`` (as published), ``level``, ``総数`` and one column per
        category with its official label (``技能実習２号ロ``, ``ベトナム`` …), integers. ``attrs``: ``as_of`` (ISO date),
        ``by`` (``"在留資格"`` or ``"国籍・地域"``), ``categories`` (the category columns in the table's order),
        ``national`` (全国 総数), ``unknown`` (未定・不詳 総数), ``unlisted`` (その他の合計: municipalities of 10 or
        fewer, or ``None`` when the table has no such row), ``title``, ``source_file``.

    Examples
    --------
    >>> t = read_zairyu_municipal(fetch("moj-zairyu-2021-12-status"))
    >>> int(t.loc["15213", "総数"]), t.attrs["as_of"]
    (556, '2021-12-31')
    """
    _check_level(level)
    path = Path(path)
    sheet = _sheet(path)
    title = _text(sheet.iat[0, 0])
    header = [_text(v) for v in sheet.iloc[1]]
    if header[:3] != ["市区町村コード", "都道府県市区町村", "総数"]:
        raise DataFormatError(
            f"2 行目の見出しが「市区町村コード, 都道府県市区町村, 総数, …」ではありません（{header[:3]}）。",
            "row 2 is not the header of a 在留外国人統計 municipal table", path=path,
            fix="在留外国人統計の「市区町村別 在留資格別」または「市区町村別 国籍・地域別」の表を使ってください。")
    width = max(i for i, h in enumerate(header) if h) + 1
    categories = header[3:width]
    unknown = unlisted = None
    rows = []
    for number, values in enumerate(sheet.itertuples(index=False), start=1):
        cells = list(values)[:width]
        code, name = _text(cells[0]), _text(cells[1])
        if number <= 2:
            continue
        if not code and name in ("総数", "未定・不詳", "その他の合計"):  # labelled rows: the label in column B
            total = int(to_numbers(pd.Series([str(cells[2])]), name=name, path=path).iloc[0])
            if name == "総数":
                code, name = _NATIONAL, "全国"
            else:
                unknown, unlisted = (total, unlisted) if name == "未定・不詳" else (unknown, total)
                continue
        if not re.fullmatch(r"\d{5}", code):
            continue  # footnotes (注意, （注１）…)
        rows.append([code, name, *cells[2:width]])
    frame = pd.DataFrame(rows, columns=["city_code", "name", "総数", *categories]).set_index("city_code")
    frame.insert(1, "level", [_level(code, name) for code, name in zip(frame.index, frame["name"])])
    frame = _numbers(frame, ["総数", *categories], path)
    if _NATIONAL not in frame.index:
        raise DataFormatError("全国（総数）の行がありません。", "no national row", path=path,
                              fix="公式の表をそのまま使ってください。")
    national = int(frame.loc[_NATIONAL, "総数"])
    _check_total(frame, national, unknown, path)
    frame = _keep(frame, level)
    frame.attrs = {"as_of": _as_of_from_name(path), "by": "在留資格" if "永住者" in categories else "国籍・地域",
                   "categories": categories, "national": national, "unknown": unknown, "unlisted": unlisted,
                   "title": title, "source_file": str(path)}
    return frame


def _check_total(frame: pd.DataFrame, national: int, unknown: int | None, path) -> None:
    """Σ 47 prefectures + 未定・不詳 = 全国 (the table's own control total)."""
    prefectures = frame.loc[frame["level"] == "prefecture", "総数"]
    if prefectures.empty or int(prefectures.sum()) + (unknown or 0) != national:
        raise DataFormatError(
            f"都道府県 {len(prefectures)} 行の合計 {int(prefectures.sum()):,} と未定・不詳 {unknown or 0:,} の和が"
            f"全国 {national:,} と合いません。行が欠けているか、重複しています。",
            "prefecture rows plus 未定・不詳 do not add up to the national total", path=path,
            fix="公式の表の全行をそのまま使ってください。")


def read_zairyu_prefecture(path: str | Path, *, codes: dict[str, str] | None = None) -> pd.DataFrame:
    """在留外国人統計 都道府県別 在留資格別（第5表）を読む: one row per prefecture (and 全国 ``"00000"``).

    Parameters
    ----------
    path : str or Path
        ``20-12-05.xlsx``, e.g. ``fetch("moj-zairyu-2020-12-prefecture")``.
    codes : dict, optional
        ``{都道府県名: "15000"}``, e.g. from the prefecture rows of :func:`read_zairyu_municipal`. Default: the
        table's own order, JIS X 0401 (北海道 = 01 … 沖縄県 = 47), checked at both ends.

    Returns
    -------
    pandas.DataFrame
        Index ``area_code`` (``"15000"``; 全国 ``"00000"``), columns ``name``, ``level`` (``national`` /
        ``prefecture``), ``総数`` and one column per 在留資格 (line breaks removed: ``技能実習２号ロ`` → ``技能実習2号ロ``).
        ``attrs``: ``as_of``, ``categories``, ``national``, ``unknown``, ``title``, ``source_file``.
    """
    path = Path(path)
    sheet = _sheet(path)
    header_row = next((i for i in range(min(10, len(sheet))) if _text(sheet.iat[i, 1]) == "総数"), None)
    if header_row is None:
        raise DataFormatError("「総数」の見出しの行が見つかりません。", "no header row with 総数", path=path,
                              fix="在留外国人統計の「都道府県別 在留資格別」の表を使ってください。")
    header = [_text(v) for v in sheet.iloc[header_row]]
    width = max(i for i, h in enumerate(header) if h) + 1
    categories = header[2:width]
    title = next(_text(v) for v in sheet.iloc[:header_row, 0] if _text(v))
    body = [[_text(r[0]), *list(r)[1:width]] for r in sheet.iloc[header_row + 1:].itertuples(index=False)]
    body = [r for r in body if r[0]]
    names = [r[0] for r in body]
    if len(names) < 3 or names[0] != "総数" or names[-1] != "未定・不詳":
        raise DataFormatError("行の並びが「総数、都道府県 …、未定・不詳」ではありません。",
                              "rows are not 総数, the prefectures, 未定・不詳", path=path,
                              fix="公式の表をそのまま使ってください。")
    prefectures = body[1:-1]
    if codes is None:
        if len(prefectures) != 47 or names[1] != "北海道" or names[47] != "沖縄県":
            raise DataFormatError("47 都道府県が北海道から沖縄県の順に並んでいません。", "not 47 prefectures in JIS order",
                                  path=path, fix="公式の表をそのまま使うか、codes= に都道府県名とコードの対応を渡してください。")
        codes = {r[0]: f"{i:02d}000" for i, r in enumerate(prefectures, start=1)}
    missing = [r[0] for r in prefectures if r[0] not in codes]
    if missing:
        raise DataFormatError(f"都道府県「{missing[0]}」のコードが分かりません。", f"no code for {missing[0]}", path=path,
                              fix="codes= に全部の都道府県名とコードを渡してください。")
    rows = [[_NATIONAL, "全国", *body[0][1:]]] + [[codes[r[0]], *r] for r in prefectures]
    frame = pd.DataFrame(rows, columns=["area_code", "name", "総数", *categories]).set_index("area_code")
    frame.insert(1, "level", ["national"] + ["prefecture"] * len(prefectures))
    frame = _numbers(frame, ["総数", *categories], path)
    unknown = int(to_numbers(pd.Series([str(body[-1][1])]), name="未定・不詳", path=path).iloc[0])
    national = int(frame.loc[_NATIONAL, "総数"])
    _check_total(frame, national, unknown, path)
    frame.attrs = {"as_of": _as_of_from_name(path), "by": "在留資格", "categories": categories, "national": national,
                   "unknown": unknown, "unlisted": None, "title": title, "source_file": str(path)}
    return frame


def read_juki_foreign(path: str | Path, *, level: str = "municipality") -> pd.DataFrame:
    """住民基本台帳【外国人住民】人口・世帯数・人口動態（市区町村別）を読む: one row per area.

    Parameters
    ----------
    path : str or Path
        ``2311gsjin.xlsx`` (令和5年1月1日), e.g. ``fetch("juki-foreign-2023")``.
    level : {"municipality", "ward", "prefecture", "all"}
        As in :func:`curriculum.data.juki.read_juki` (全国 is ``"00000"`` in ``"all"``).

    Returns
    -------
    pandas.DataFrame
        Index ``city_code`` (5 digits, check digit removed); ``pref_name``, ``city_name`` (郡 prefix kept),
        ``level``, then :data:`JUKI_FOREIGN_COLUMNS` (``population`` on 1 January; the movements of the year
        before). ``attrs``: ``labels``, ``as_of``, ``movement_year``, ``title``, ``source_file``. Each
        prefecture's municipalities add up to its row, and the prefectures to 全国 (checked).

    Examples
    --------
    >>> j = read_juki_foreign(fetch("juki-foreign-2023"))
    >>> int(j.loc["15213", "population"]), int(j.loc["15213", "change"]), j.attrs["as_of"]
    (595, 43, '2023-01-01')
    """
    _check_level(level)
    path = Path(path)
    sheet = _sheet(path)
    title = _text(sheet.iat[0, 0])
    units = [_text(v) for v in sheet.iloc[5]]
    if units[:3] != ["団体コード", "都道府県名", "市区町村名"] or "外国人" not in title:
        raise DataFormatError(
            "住民基本台帳【外国人住民】の表の形（6 行目が「団体コード, 都道府県名, 市区町村名」）ではありません。",
            "not the 住民基本台帳 外国人住民 municipal table (row 6 should start with 団体コード)", path=path,
            fix="総務省の「人口、世帯数、人口動態（市区町村別）【外国人住民】」の表を使ってください。")
    names = list(JUKI_FOREIGN_COLUMNS)
    rows = []
    for values in sheet.iloc[6:].itertuples(index=False):
        cells = list(values)[:3 + len(names)]
        code, pref, city = _text(cells[0]), _text(cells[1]), _text(cells[2])
        if pref == "合計":
            code, pref, city = _NATIONAL + "0", "全国", ""
        elif not re.fullmatch(r"\d{6}", code):
            continue  # the footnote row
        city = "" if city == "-" else city
        rows.append([code[:5], pref, city, *cells[3:]])
    frame = pd.DataFrame(rows, columns=["city_code", "pref_name", "city_name", *names]).set_index("city_code")
    frame.insert(2, "level", [_level(code, city) for code, city in zip(frame.index, frame["city_name"])])
    for column in names:
        numbers = to_numbers(frame[column].astype(str), name=f"{column}（{JUKI_FOREIGN_COLUMNS[column]}）", path=path)
        frame[column] = numbers.astype("float64") if column.endswith("_rate") else numbers.astype("Int64")
    _check_juki_sums(frame, path)
    match = _DATE.search(title)
    if not match:
        raise DataFormatError(f"表題から基準日（例: 令和5年1月1日）を読み取れません: {title[:40]!r}",
                              "cannot read the reference date from the title row", path=path)
    era, year, month, day = match.groups()
    western = _ERAS[era] + (1 if year == "元" else int(year))
    frame = _keep(frame, level)
    frame.attrs = {"labels": {"pref_name": "都道府県名", "city_name": "市区町村名", "level": "行の種類", **JUKI_FOREIGN_COLUMNS},
                   "as_of": f"{western}-{int(month):02d}-{int(day):02d}", "movement_year": western - 1,
                   "title": title, "source_file": str(path)}
    return frame


def _check_juki_sums(frame: pd.DataFrame, path) -> None:
    """Municipalities add up to their prefecture, prefectures to 全国 (catches dropped or doubled rows)."""
    prefectures = frame[frame["level"] == "prefecture"].set_index("pref_name")["population"]
    problems = []
    if int(prefectures.sum()) != int(frame.loc[_NATIONAL, "population"]):
        problems.append("全国")
    for levels in (["municipality", "designated_city"], ["municipality", "ward"]):
        parts = frame[frame["level"].isin(levels)].groupby("pref_name")["population"].sum()
        diff = parts.reindex(prefectures.index).fillna(0) - prefectures
        problems += list(diff[diff != 0].index)
    if problems:
        raise DataFormatError(f"{problems[0]} の内訳の人口の合計が合計の行と合いません。行が欠けているか、重複しています。",
                              f"rows of {problems[0]} do not add up", path=path,
                              fix="公式の表の全行をそのまま使ってください。")


_AGE_CLASS = re.compile(r"(\d+)歳[～~](\d+)歳|(\d+)歳以上")  # NFKC turns ～ into ~
_SEXES = {"計": "total", "男": "male", "女": "female"}


def read_juki_foreign_age(path: str | Path, *, level: str = "municipality") -> pd.DataFrame:
    """住民基本台帳 年齢階級別人口【外国人住民】を読む: one row per area and sex, one column per 5-year class.

    Returns
    -------
    pandas.DataFrame
        Columns ``city_code`` (5 digits; 全国 ``"00000"`` in ``level="all"``), ``pref_name``, ``city_name``, ``level``,
        ``sex`` (``total`` / ``male`` / ``female``), ``total`` (総数), ``"0-4"`` … ``"100+"`` (``<NA>`` where the table
        writes ``X``: not published, never 0) and ``age_complete`` (every class published and Σ classes = 総数; a few
        published municipalities fall short by a few persons too, e.g. 古河市 3,777 vs 3,774).
        ``attrs``: ``as_of``, ``age_classes``, ``title``, ``source_file``. 男 + 女 = 計 is checked on every area.

    Examples
    --------
    >>> t = read_juki_foreign_age(fetch("juki-foreign-age-2022"))
    >>> tsubame = t[(t["city_code"] == "15213") & (t["sex"] == "total")].iloc[0]
    >>> int(tsubame["total"]), int(tsubame["20-24"]), bool(tsubame["age_complete"]), t.attrs["as_of"]
    (552, 137, True, '2022-01-01')
    """
    from curriculum.data.juki_age import age_label

    _check_level(level)
    path = Path(path)
    sheet = _sheet(path)
    title = _text(sheet.iat[0, 0])
    labels = [_text(v) for v in sheet.iloc[1]]
    if "外国人" not in title or labels[4:5] != ["総数"]:
        raise DataFormatError("住民基本台帳 年齢階級別人口【外国人住民】の表の形（2 行目 5 列目が「総数」）ではありません。",
                              "not the 住民基本台帳 外国人住民 age table", path=path,
                              fix="総務省の「年齢別人口（市区町村別）【外国人住民】」の表を使ってください。")
    classes = []
    for offset, label in enumerate(labels[5:], start=5):
        match = _AGE_CLASS.fullmatch(label)
        if not match:
            break
        start, end = (int(match.group(1)), int(match.group(2))) if match.group(1) else (int(match.group(3)), None)
        classes.append((age_label(start, end), offset))
    rows = []
    for values in sheet.iloc[3:].itertuples(index=False):
        cells = list(values)
        code, pref, city, sex = _text(cells[0]), _text(cells[1]), _text(cells[2]), _text(cells[3])
        if sex not in _SEXES:
            continue  # the footnotes 注1・注2
        if pref == "合計":
            code, pref, city = _NATIONAL + "0", "全国", ""
        elif not re.fullmatch(r"\d{6}", code):
            raise DataFormatError(f"団体コード {code!r} が 6 桁ではありません。", f"bad code {code!r}", path=path,
                                  fix="団体コードを文字列のまま保存した公式の表を使ってください。")
        city = "" if city == "-" else city
        rows.append([code[:5], pref, city, _SEXES[sex], cells[4], *[cells[o] for _c, o in classes]])
    columns = [c for c, _o in classes]
    frame = pd.DataFrame(rows, columns=["city_code", "pref_name", "city_name", "sex", "total", *columns])
    frame.insert(3, "level", [_level(code, city) for code, city in zip(frame["city_code"], frame["city_name"])])
    for column in ["total", *columns]:
        frame[column] = to_numbers(frame[column].astype(str), name=column, path=path).astype("Int64")
    frame["age_complete"] = frame[columns].notna().all(axis=1) & (frame[columns].sum(axis=1) == frame["total"])
    wide = frame.pivot_table(index="city_code", columns="sex", values="total", aggfunc="sum")
    if (wide["male"] + wide["female"] != wide["total"]).any():
        raise DataFormatError("男＋女 が 計 と合わない地域があります。", "male + female != total", path=path,
                              fix="公式の表をそのまま使ってください。")
    match = _DATE.search(title)
    if not match:
        raise DataFormatError(f"表題から基準日を読み取れません: {title[:40]!r}", "cannot read the reference date", path=path)
    era, year, month, day = match.groups()
    western = _ERAS[era] + (1 if year == "元" else int(year))
    frame = _keep(frame, level).reset_index(drop=True)
    frame.attrs = {"as_of": f"{western}-{int(month):02d}-{int(day):02d}", "age_classes": columns, "title": title,
                   "source_file": str(path)}
    return frame
