"""小地域（町丁・字等）: the e-Stat census 小地域 attribute table (CP932 dbf) and CSV extracts of it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from curriculum.errors import DataFormatError, DataNotFoundError

REQUIRED = ["KEN", "CITY", "KEY_CODE", "JINKO", "SETAI"]
TEXT_COLUMNS = ["KEN", "CITY", "KIHON1", "KIHON2", "KEYCODE1", "KEYCODE2", "KEY_CODE", "KCODE1", "HCODE", "S_AREA", "PREF"]


def read_shochiiki(path: str | Path, *, city_code: str | None = None) -> pd.DataFrame:
    """小地域（町丁・字等）の属性表を読む: the boundary's dbf (CP932), a shapefile/zip, or a CSV extract.

    Codes stay text (``KEY_CODE`` mixes 9- and 11-digit codes and is **not unique**: a
    multi-part 町丁 appears once per part, some parts with JINKO 0). A ``city_code`` column
    (5 digits, KEN + CITY) is added. With a shapefile the result is a GeoDataFrame.

    Parameters
    ----------
    path : the ``.dbf``, ``.shp``, official zip, or a CSV written by :func:`write_city_csv`.
    city_code : str, optional
        Keep one municipality, e.g. ``"15213"`` (燕市).

    Examples
    --------
    >>> t = read_shochiiki(fetch("estat-shochiiki-2015-tsubame-csv"))
    >>> int(t["JINKO"].sum())
    79784
    """
    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(f"ファイル {path} が見つかりません。", f"file {path} not found", path=path,
                                fix="パスを確認するか、curriculum.data.fetch(...) で取得したパスを渡してください。")
    if path.suffix.lower() == ".csv":
        frame = _read_csv(path)
    else:
        frame = _read_table(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise DataFormatError(
            f"小地域の属性表ではないようです（列 {', '.join(missing)} がない）。",
            f"not a 小地域 attribute table: missing {', '.join(missing)}",
            path=path,
            fix="e-Stat の国勢調査 小地域（町丁・字等）境界データを指定してください。",
        )
    for column in TEXT_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].astype("string").str.strip()
    frame["city_code"] = frame["KEN"].str.zfill(2) + frame["CITY"].str.zfill(3)
    for column in ("JINKO", "SETAI"):
        numbers = pd.to_numeric(frame[column], errors="coerce")
        bad = numbers.isna()
        if bad.any():
            raise DataFormatError(f"列 {column} に整数として読めない値 {frame[column][bad].iloc[0]!r} があります"
                                  f"（{int(bad.sum())} 行）。", f"non-integer value in column {column}", path=path,
                                  fix="「-」や「*」、空欄の行がないか確認してください（小地域の人口・世帯数は整数です）。")
        frame[column] = numbers.astype("int64")
    if city_code is not None:
        frame = frame[frame["city_code"] == str(city_code)].reset_index(drop=True)
        if frame.empty:
            raise DataFormatError(f"市区町村コード {city_code} の小地域がありません。",
                                  f"no rows for city_code {city_code}", path=path)
    return frame


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    except UnicodeDecodeError:
        return pd.read_csv(path, dtype=str, encoding="cp932", keep_default_na=False, na_values=[""])
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as err:
        raise DataFormatError(f"CSV として読めません（{err}）。", f"cannot parse CSV: {err}", path=path) from err


def _read_table(path: Path) -> pd.DataFrame:
    import pyogrio

    from curriculum.data.boundaries import read_vector

    if path.suffix.lower() == ".dbf":
        try:
            return pyogrio.read_dataframe(path, encoding="cp932", read_geometry=False)
        except Exception as err:
            raise DataFormatError(f"dbf として読めません（{err}）。", f"cannot read dbf: {err}", path=path) from err
    return read_vector(path, what="小地域境界データ", encoding="cp932")


def write_city_csv(source: str | Path, dest: str | Path, *, city_code: str) -> Path:
    """一市区町村分の小地域 CSV を作る: the rows of one municipality, all columns, as UTF-8 CSV.

    Used by the catalogue to derive ``estat_h27_shochiiki_attrs_15213_tsubame.csv`` from the
    prefecture's dbf; the bytes equal those of the published extract.
    """
    import pyogrio

    frame = pyogrio.read_dataframe(source, encoding="cp932", read_geometry=False)
    code = str(city_code)
    rows = frame[(frame["KEN"] == code[:2]) & (frame["CITY"] == code[2:])]
    if rows.empty:
        raise DataFormatError(f"{code} の行がありません。", f"no rows for {code}", path=source)
    dest = Path(dest)
    rows.to_csv(dest, index=False, encoding="utf-8")
    return dest
