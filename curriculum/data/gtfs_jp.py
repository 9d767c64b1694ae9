"""GTFS-JP（標準的なバス情報フォーマット）フィードの読み込み.

`read_gtfs_jp` opens a feed (zip, zip with a sub-folder, or folder), checks it, and returns a
`GtfsJpFeed`: the `gtfs_kit.Feed` plus the JP files gtfs-kit drops (agency_jp, office_jp,
routes_jp, translations).

Why not plain ``gtfs_kit.read_feed``: it tries a URL download when a path does not exist, infers
dtypes for columns it does not know (``routes.jp_parent_route_id`` "025" becomes the integer 25),
keeps ``6:28:00`` unpadded (so sorting by time breaks), accepts any half-broken file silently and
cannot say which file or line is wrong. Here every file is read as text, checked, and then the
columns gtfs-kit knows get gtfs-kit's own dtypes (``gtfs_kit.constants.DTYPES``); every other column
stays text. The result is a genuine ``gtfs_kit.Feed``.

Policy (tested on the transitfeed/transitland validator feeds): a feed that would give wrong or
ambiguous tables is rejected with `DataFormatError`; a quirk that can be repaired without guessing
is repaired with a `GtfsJpWarning`.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np
import pandas as pd

from curriculum.errors import DataFormatError, DataNotFoundError, InputError

if TYPE_CHECKING:  # gtfs_kit pulls in geopandas and folium: imported only when reading
    import gtfs_kit

__all__ = ["GtfsJpFeed", "GtfsJpWarning", "read_gtfs_jp", "read_gtfs_tables"]

#: GTFS-JP files that gtfs-kit does not read.
JP_TABLES = ("agency_jp", "office_jp", "routes_jp", "translations")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Files without which no analysis is possible (GTFS "Required"); plus calendar or calendar_dates.
REQUIRED_TABLES = ("agency", "stops", "routes", "trips", "stop_times")
REQUIRED_COLUMNS = {
    "agency": ("agency_name", "agency_url", "agency_timezone"),
    "stops": ("stop_id", "stop_name", "stop_lat", "stop_lon"),
    "routes": ("route_id", "route_type"),
    "trips": ("route_id", "service_id", "trip_id"),
    "stop_times": ("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"),
    "calendar": ("service_id", *_WEEKDAYS, "start_date", "end_date"),
    "calendar_dates": ("service_id", "date", "exception_type"),
}
# Columns that must have a value in every row, and the keys that must be unique.
_REQUIRED_VALUES = {
    "stops": ("stop_id",),
    "routes": ("route_id", "route_type"),
    "trips": ("route_id", "service_id", "trip_id"),
    "stop_times": ("trip_id", "stop_id", "stop_sequence"),
    "calendar": ("service_id", "start_date", "end_date"),
    "calendar_dates": ("service_id", "date", "exception_type"),
}
_KEYS = {"stops": ["stop_id"], "routes": ["route_id"], "trips": ["trip_id"], "stop_times": ["trip_id", "stop_sequence"]}
_TIME_COLUMNS = {"stop_times": ("arrival_time", "departure_time"), "frequencies": ("start_time", "end_time")}
_DATE_COLUMNS = {"calendar": ("start_date", "end_date"), "calendar_dates": ("date",)}
_TRANSLATION_FORMATS = {  # name -> columns that identify it
    "jp": ("trans_id", "lang", "translation"),  # GTFS-JP v1/v2
    "gtfs": ("table_name", "field_name", "language", "translation"),  # GTFS-JP v3 = GTFS standard
}
_TIME = r"^(\d{1,3}):([0-5]\d):([0-5]\d)$"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_RECHECK = "公開元のフィードを取り直すか、GTFS バリデーターで確認してください。"


class GtfsJpWarning(UserWarning):
    """A feed quirk that was repaired while loading; the message names the file and the fix."""


@dataclass(eq=False, repr=False)
class GtfsJpFeed:
    """GTFS-JP フィード: the gtfs-kit Feed plus the GTFS-JP files gtfs-kit drops.

    Attributes the class does not define are looked up on `feed`, so ``jp.stops``,
    ``jp.describe()`` and ``jp.compute_stop_stats(dates)`` work; pass ``jp.feed`` to functions
    of ``gtfs_kit``. Optional tables are ``None`` when their file is absent.

    Attributes
    ----------
    feed : gtfs_kit.Feed
        Standard GTFS tables. Ids are text, times are ``HH:MM:SS`` (``25:10:00`` kept).
    agency_jp, office_jp, routes_jp : pandas.DataFrame or None
        ``agency_jp.txt`` (事業者追加情報), ``office_jp.txt`` (営業所情報), ``routes_jp.txt``
        (経路追加情報), all columns text.
    translations : pandas.DataFrame or None
        ``translations.txt`` (翻訳情報), all columns text, in the layout given by
        `translations_format`.
    translations_format : {"jp", "gtfs"} or None
        ``"jp"``: GTFS-JP v1/v2 ``trans_id, lang, translation``; ``"gtfs"``: GTFS-JP v3, the GTFS
        standard ``table_name, field_name, language, translation, ...``.
    source_path : pathlib.Path
        The zip or folder read.
    """

    feed: gtfs_kit.Feed
    agency_jp: pd.DataFrame | None
    office_jp: pd.DataFrame | None
    routes_jp: pd.DataFrame | None
    translations: pd.DataFrame | None
    translations_format: str | None
    source_path: Path

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "feed":  # no recursion during copy/pickle
            raise AttributeError(name)
        return getattr(self.feed, name)

    def __repr__(self) -> str:  # the default would print every table in a notebook
        counts = ", ".join(f"{k}={v}" for k, v in self.summary().items() if k != "jp_files")
        return f"GtfsJpFeed('{self.source_path}', {counts})"

    def require(self, table: str) -> pd.DataFrame:
        """The table ``table``, or a `DataFormatError` saying the analysis needs its file.

        >>> import tempfile
        >>> from curriculum.practice.gtfs import write_practice_gtfs
        >>> jp = read_gtfs_jp(write_practice_gtfs(tempfile.mkdtemp(), center_lat=37.66, center_lon=138.94))
        >>> jp.require("frequencies")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        curriculum.errors.DataFormatError: この処理には frequencies.txt が必要ですが、このフィードにはありません。
        ...
        """
        value = getattr(self, table)
        if value is None:
            _fail(self.source_path, f"この処理には {table}.txt が必要ですが、このフィードにはありません。",
                  f"this analysis needs {table}.txt, which the feed does not have",
                  f"{table}.txt を含むフィードを使ってください。")
        return value

    def summary(self) -> dict[str, Any]:
        """件数の要約: counts a trainee checks first.

        ``stops`` counts every row of stops.txt (parent stations too), ``used_stops`` those
        with at least one stop time; ``shapes`` is the number of shape_ids, ``None`` without
        shapes.txt; ``jp_files`` lists the GTFS-JP files present.

        See `read_gtfs_jp` for an example.
        """
        f = self.feed
        return {
            "stops": len(f.stops),
            "used_stops": int(f.stop_times["stop_id"].nunique()),
            "routes": len(f.routes),
            "trips": len(f.trips),
            "stop_times": len(f.stop_times),
            "shapes": None if f.shapes is None else int(f.shapes["shape_id"].nunique()),
            "jp_files": [t for t in JP_TABLES if getattr(self, t) is not None],
            "translations_format": self.translations_format,
        }


def read_gtfs_jp(path: str | Path, *, dist_units: str | None = "km") -> GtfsJpFeed:
    """GTFS-JP（標準的なバス情報フォーマット）フィードを読み込む.

    Parameters
    ----------
    path : str or pathlib.Path
        A feed zip (files at the top or in one sub-folder) or a folder of ``*.txt`` files.
        Files must be UTF-8 (a BOM is fine), as GTFS requires.
    dist_units : {"km", "m", "mi", "ft"} or None
        Units of ``shape_dist_traveled`` for gtfs-kit; ``None`` lets gtfs-kit infer them.

    Returns
    -------
    GtfsJpFeed

    Raises
    ------
    DataNotFoundError
        The path does not exist.
    DataFormatError
        Not a feed, a broken zip, not UTF-8 (CP932/Shift_JIS or UTF-16), a required file,
        column or value missing, unparsable numbers/dates/times, duplicate ids, references to
        undefined stops/trips/routes, trips without times at their first or last stop.

    Warns
    -----
    GtfsJpWarning
        Repaired quirks: rows with missing or extra empty cells, a stop time with only one of
        arrival/departure, negative stop_sequence, service_ids defined in no calendar.

    Examples
    --------
    A practice feed (`curriculum.practice.gtfs`) stands in for a downloaded one:

    >>> import tempfile
    >>> from curriculum.practice.gtfs import write_practice_gtfs
    >>> path = write_practice_gtfs(tempfile.mkdtemp(), center_lat=37.66, center_lon=138.94)
    >>> jp = read_gtfs_jp(path)
    >>> jp  # doctest: +ELLIPSIS
    GtfsJpFeed('.../renshu_gtfs.zip', stops=18, used_stops=18, routes=3, trips=54, stop_times=610, shapes=4, ...)
    >>> jp.stops["stop_id"].iloc[0]  # ids stay text: "0001", not 1
    '0001'
    >>> jp.agency_jp is not None, jp.office_jp is not None, jp.translations_format
    (True, True, 'jp')
    """
    from gtfs_kit import constants as gkc

    if dist_units is not None and dist_units not in gkc.DIST_UNITS:
        raise InputError(f"距離の単位 dist_units={dist_units!r} は使えません。",
                         f"dist_units must be one of {gkc.DIST_UNITS} or None, not {dist_units!r}",
                         fix=f"{', '.join(gkc.DIST_UNITS)} のどれか、または省略（None: 自動）にしてください。")
    path = Path(path)
    return _build_feed(_read_members(path, wanted={*gkc.DTYPES, *JP_TABLES}), path, dist_units)


def read_gtfs_tables(files: dict[str, str | Path | bytes], *, source_path: str | Path,
                     dist_units: str | None = "km") -> GtfsJpFeed:
    """GTFS の表を 1 つずつ渡して読み込む: the same checks as `read_gtfs_jp`, for tables not laid out as a feed.

    For GTFS tables kept under other file names (e.g. a reconstruction's ``…_stops.csv``): ``files`` maps a GTFS
    table name (``"stops"``, ``"agency"`` …) to a file path or to the file's bytes; ``source_path`` is what
    `GtfsJpFeed.source_path` and the error messages name.

    >>> jp = read_gtfs_tables({"agency": b"agency_name,agency_url,agency_timezone\\nA,https://a.example,Asia/Tokyo\\n",
    ...     "stops": b"stop_id,stop_name,stop_lat,stop_lon\\n1,S,37.6,138.9\\n2,T,37.7,138.9\\n",
    ...     "routes": b"route_id,route_type\\nR,3\\n", "trips": b"route_id,service_id,trip_id\\nR,W,t1\\n",
    ...     "stop_times": b"trip_id,arrival_time,departure_time,stop_id,stop_sequence\\nt1,8:00:00,8:00:00,1,1\\nt1,8:10:00,8:10:00,2,2\\n",
    ...     "calendar_dates": b"service_id,date,exception_type\\nW,20260901,1\\n"}, source_path="example")
    >>> jp.stop_times["arrival_time"].tolist()
    ['08:00:00', '08:10:00']
    """
    from gtfs_kit import constants as gkc

    if dist_units is not None and dist_units not in gkc.DIST_UNITS:
        raise InputError(f"距離の単位 dist_units={dist_units!r} は使えません。",
                         f"dist_units must be one of {gkc.DIST_UNITS} or None, not {dist_units!r}")
    raw: dict[str, tuple[str, bytes]] = {}
    for table, value in files.items():
        if isinstance(value, bytes):
            raw[table] = (f"{source_path}（{table}.txt）", value)
        else:
            file = Path(value)
            if not file.exists():
                raise DataNotFoundError(f"GTFS の表 {file} が見つかりません。", f"{file} not found", path=file)
            raw[table] = (str(file), file.read_bytes())
    return _build_feed(raw, Path(source_path), dist_units)


def _build_feed(raw: dict[str, tuple[str, bytes]], path: Path, dist_units: str | None) -> GtfsJpFeed:
    """Parse, check and type the raw files of a feed (shared by `read_gtfs_jp` and `read_gtfs_tables`)."""
    import gtfs_kit as gk
    from gtfs_kit import constants as gkc

    tables: dict[str, pd.DataFrame | None] = {}
    for table, (where, data) in raw.items():
        tables[table] = _parse_csv(_decode(data, where), where)
    where_of = {t: w for t, (w, _) in raw.items()}
    _check_structure(tables, where_of, path)
    for table, dtypes in gkc.DTYPES.items():
        if tables.get(table) is not None:
            tables[table] = _apply_dtypes(tables[table], table, dtypes, where_of[table])
    _check_content(tables, where_of)

    translations, fmt = tables.get("translations"), None
    if translations is not None:
        fmt = next((k for k, cols in _TRANSLATION_FORMATS.items() if set(cols) <= set(translations)), None)
        if fmt is None:
            _fail(where_of["translations"], f"translations.txt の列 {list(translations.columns)} が GTFS-JP 旧形式"
                  "（trans_id, lang, translation）とも v3/GTFS 形式（table_name, field_name, language, translation, "
                  "...）とも合いません。", "translations.txt matches neither the old JP nor the GTFS layout")
    if dist_units is None:
        dist_units = gk.shapes.infer_dist_units(tables.get("shapes"))
    feed = gk.Feed(dist_units=dist_units, **{t: tables.get(t) for t in gkc.DTYPES})
    jp_files = {t: tables.get(t) for t in ("agency_jp", "office_jp", "routes_jp")}
    return GtfsJpFeed(feed, **jp_files, translations=translations, translations_format=fmt, source_path=path)


def _read_members(path: Path, wanted: set[str]) -> dict[str, tuple[str, bytes]]:
    """Map table name -> (display name, bytes) for the ``*.txt`` files in `wanted` (others ignored)."""
    if not path.exists():
        raise DataNotFoundError(f"GTFS フィード {path} が見つかりません。", f"GTFS feed {path} not found",
                                path=path, fix="パス（フォルダ名・ファイル名のつづり）を確認してください。")
    found: dict[str, tuple[str, bytes]] = {}
    if path.is_dir():
        files = sorted(path.glob("*.txt"))
        if not files:  # like zips, accept the files sitting in one sub-folder
            subs = [d for d in sorted(path.iterdir()) if d.is_dir() and any(d.glob("*.txt"))]
            files = sorted(subs[0].glob("*.txt")) if len(subs) == 1 else []
        found = {f.stem: (str(f), f.read_bytes()) for f in files if f.stem in wanted}
    else:
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    member = PurePosixPath(info.filename)
                    if info.is_dir() or member.suffix != ".txt" or member.stem not in wanted:
                        continue
                    if "__MACOSX" in member.parts:  # resource forks added by macOS's Compress
                        continue
                    where = f"{path}/{info.filename}"
                    if member.stem in found:  # gtfs-kit would silently keep the last one
                        _fail(path, f"ZIP の中に {member.name} が 2 つあり（{found[member.stem][0]} と {where}）、"
                              "どちらを使うか決められません。", f"the zip holds {member.name} twice",
                              "フィードを 1 つだけ含む ZIP を使ってください。")
                    found[member.stem] = (where, zf.read(info))
        except (zipfile.BadZipFile, EOFError, zlib.error) as err:
            _fail(path, "GTFS フィードの ZIP ではないか、ZIP が壊れています（ダウンロードが途中で止まった可能性）。",
                  f"not a zip file, or a broken/truncated zip ({err})",
                  "GTFS の ZIP かフォルダを指定してください。ZIP ならもう一度ダウンロードしてください。")
    if not found:
        _fail(path, "GTFS のファイル（stops.txt など）が 1 つもありません。", "no GTFS .txt files found",
              "GTFS フィードの ZIP か、stops.txt などが入ったフォルダを指定してください。")
    return found


def _decode(data: bytes, where: str) -> str:
    """UTF-8 text (BOM removed); clear errors for UTF-16, CP932 and NUL bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data.count(0) > len(data) // 4:
        _fail(where, "ファイルが UTF-16 で保存されています。GTFS は UTF-8 と決まっています。",
              "the file is UTF-16; GTFS requires UTF-8", "エディタで文字コード「UTF-8」を選んで保存し直してください。")
    if 0 in data:
        _fail(where, f"ファイルに NUL 文字（0x00）が含まれています（{data.find(0)} バイト目）。ファイルが壊れています。",
              "the file contains NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            looks_cp932 = bool(_JAPANESE.search(data.decode("cp932")))
        except UnicodeDecodeError:
            looks_cp932 = False
        if looks_cp932:  # not decoded for the trainee: GTFS-JP mandates UTF-8 and a wrong guess garbles names
            _fail(where, "ファイルが UTF-8 ではなく CP932（Shift_JIS）で保存されているようです。GTFS-JP は UTF-8 と"
                  "決まっています。", "the file looks CP932 (Shift_JIS); GTFS-JP requires UTF-8",
                  'UTF-8 で保存し直してください（例: p.write_text(p.read_text(encoding="cp932"), encoding="utf-8")）。')
        _fail(where, f"ファイルが UTF-8 として読めません（{err.start} バイト目）。",
              f"the file is not valid UTF-8 (byte {err.start})", "文字コードを UTF-8 にして保存し直すか、" + _RECHECK)


def _parse_csv(text: str, where: str) -> pd.DataFrame | None:
    """All cells as text (``pd.NA`` for blanks); None for an empty file or a header without rows."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [c.strip() for c in next(reader, [])]
    if not header or header == [""]:
        return None
    if len(set(header)) != len(header) or "" in header:
        _fail(where, f"見出し行に空の列名か重複した列名があります: {header}", "blank or duplicate column names")
    rows, short, long = [], [], []
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header):
            if any(c.strip() for c in row[len(header):]):
                _fail(where, f"{reader.line_num} 行目のセルが見出しの {len(header)} 列より多く（{len(row)} 個）、"
                      "どの列の値か決められません。", f"line {reader.line_num} has more cells than the header",
                      "区切りのカンマがずれていないか確認してください。" + _RECHECK)
            long.append(reader.line_num)
            row = row[: len(header)]
        elif len(row) < len(header):  # trailing empty cells left out: common and harmless
            short.append(reader.line_num)
            row = row + [""] * (len(header) - len(row))
        rows.append([c if c.strip() else None for c in row])
    for lines, what in ((short, "足りない"), (long, "余分な空の")):
        if lines:
            warnings.warn(f"{where}: {lines[:5]} 行目などでセルが{what}ため、空の値として補いました。 [en] {len(lines)} "
                          "row(s) had a different number of cells than the header", GtfsJpWarning, stacklevel=3)
    return pd.DataFrame(rows, columns=header, dtype="string") if rows else None


def _fail(where: str | Path, ja: str, en: str, fix: str = _RECHECK) -> NoReturn:
    raise DataFormatError(ja, en, path=where, fix=fix)


def _lines(mask: pd.Series) -> str:
    """Line numbers of the flagged rows (header = line 1; exact unless the file has blank lines)."""
    return ", ".join(str(i + 2) for i in mask[mask].index[:5]) + " 行目"


def _check_structure(tables: dict, where_of: dict, path: Path) -> None:
    """Required files, columns and values (before any dtype is applied)."""
    for table in REQUIRED_TABLES:
        if tables.get(table) is None:
            state = "が空です" if table in tables else "がありません"
            _fail(where_of.get(table, path), f"GTFS の必須ファイル {table}.txt {state}。このままでは分析できません。",
                  f"required file {table}.txt is missing or has no rows")
    if tables.get("calendar") is None and tables.get("calendar_dates") is None:
        _fail(path, "運行日を決める calendar.txt も calendar_dates.txt もありません（どちらか 1 つが必須）。",
              "neither calendar.txt nor calendar_dates.txt is present")
    for table, columns in REQUIRED_COLUMNS.items():
        df = tables.get(table)
        missing = [c for c in columns if df is not None and c not in df]
        if missing:
            _fail(where_of[table], f"{table}.txt に必須の列 {', '.join(missing)} がありません。",
                  f"{table}.txt lacks required column(s) {missing}")
    for table, columns in _REQUIRED_VALUES.items():
        df = tables.get(table)
        for col in columns if df is not None else ():
            if df[col].isna().any():
                _fail(where_of[table], f"{table}.txt の {col} 列が空の行があります（{_lines(df[col].isna())}）。",
                      f"{table}.txt: empty {col}")


def _apply_dtypes(df: pd.DataFrame, table: str, dtypes: dict[str, str], where: str) -> pd.DataFrame:
    """gtfs-kit's dtype for the columns it knows (numbers checked), padded times, checked dates."""
    df = df.copy()
    for col, dtype in dtypes.items():
        if col not in df or dtype == "string":
            continue
        num = pd.to_numeric(df[col].str.strip(), errors="coerce")
        bad = (num.isna() & df[col].notna()) | (dtype.startswith("Int") & num.notna() & (num % 1 != 0))
        if bad.any():
            _fail(where, f"{col} 列に数値として読めない値 {df[col][bad].tolist()[:3]} があります（{_lines(bad)}）。",
                  f"non-numeric value(s) in column {col}")
        if dtype.startswith("Int"):
            df[col] = num.astype(dtype)
        else:
            df[col] = num.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    for col in (c for c in _TIME_COLUMNS.get(table, ()) if c in df):
        text = df[col].str.strip()
        parts = text.str.extract(_TIME)
        bad = text.notna() & parts[0].isna()
        if bad.any():
            _fail(where, f"{col} 列に時刻（H:MM:SS）として読めない値 {text[bad].tolist()[:3]} があります"
                  f"（{_lines(bad)}）。", f"unparsable time(s) in {col}")
        # gtfs-kit compares times as text, so "6:28:00" must become "06:28:00"; "25:10:00" stays as is.
        df[col] = parts[0].str.zfill(2) + ":" + parts[1] + ":" + parts[2]
    for col in (c for c in _DATE_COLUMNS.get(table, ()) if c in df):
        parsed = pd.to_datetime(df[col], format="%Y%m%d", errors="coerce")
        bad = df[col].notna() & (parsed.isna() | ~df[col].str.fullmatch(r"\d{8}").fillna(False))
        if bad.any():
            _fail(where, f"{col} 列に日付（YYYYMMDD）として読めない値 {df[col][bad].tolist()[:3]} があります"
                  f"（{_lines(bad)}）。", f"invalid date(s) in {col} (YYYYMMDD expected)")
    return df


def _check_content(tables: dict, where_of: dict) -> None:
    """Unique keys, references between files, times at trip ends; warn on repairable quirks."""
    for table, key in _KEYS.items():
        dup = tables[table].duplicated(key, keep=False)
        if dup.any():
            _fail(where_of[table], f"{table}.txt で {'+'.join(key)} が重複しています（{_lines(dup)}）。",
                  f"duplicate {key} in {table}.txt")
    st, trips = tables["stop_times"], tables["trips"]
    for table, col, target in (("stop_times", "stop_id", "stops"), ("stop_times", "trip_id", "trips"),
                               ("trips", "route_id", "routes")):
        undefined = ~tables[table][col].isin(tables[target][col])
        if undefined.any():
            values = tables[table][col][undefined].unique().tolist()[:5]
            _fail(where_of[table], f"{table}.txt の {col} {values} が {target}.txt にありません（{_lines(undefined)}）。",
                  f"{col} {values} in {table}.txt is not defined in {target}.txt")
    by_trip = st.sort_values(["trip_id", "stop_sequence"]).groupby("trip_id")
    ends = pd.concat([by_trip.head(1), by_trip.tail(1)])
    untimed = ends[ends["arrival_time"].isna() | ends["departure_time"].isna()]["trip_id"].unique().tolist()
    if untimed:  # trip start/end times, headways and durations would all be wrong
        _fail(where_of["stop_times"], f"便 {untimed[:5]} の始発か終着の停留所に時刻がありません（GTFS では必須）。",
              f"trips {untimed[:5]} have no time at their first or last stop")
    services = set()
    for table in ("calendar", "calendar_dates"):
        if tables.get(table) is not None:
            services |= set(tables[table]["service_id"])
    quirks = {
        (where_of["stop_times"], "到着時刻と出発時刻の片方だけの行があります"):
            st["arrival_time"].isna() != st["departure_time"].isna(),
        (where_of["stop_times"], "負の stop_sequence があります（並び順としてはそのまま使います）"): st["stop_sequence"] < 0,
        (where_of["trips"], "service_id が calendar にも calendar_dates にもない便があります（運行日なし）"):
            ~trips["service_id"].isin(services),
    }
    for (where, message), mask in quirks.items():
        if mask.any():
            warnings.warn(f"{where}: {message}（{_lines(mask)}） [en] feed quirk, loaded as is", GtfsJpWarning,
                          stacklevel=3)
