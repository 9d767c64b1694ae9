"""政府統計のテキストファイル: reading, decoding and CSV rows of government text files, with errors trainees can act on.

Public because readers across the package share it (curriculum.data readers, course.roster).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from curriculum.errors import DataFormatError, DataNotFoundError


def read_bytes(path: str | Path, *, member_suffix: str = ".txt") -> tuple[bytes, str]:
    """The bytes of a file, or of the single matching member of a zip; also the name read.

    Raises a DataNotFoundError for a missing file, a DataFormatError for an empty or broken (e.g. truncated) one.
    """
    path = Path(path)
    if not path.exists():
        raise DataNotFoundError(
            f"ファイル {path} が見つかりません。",
            f"file {path} not found",
            path=path,
            fix="パスを確認するか、curriculum.data.fetch(...) で取得したパスを渡してください。",
        )
    if path.is_dir():
        raise DataFormatError(f"{path} はフォルダです。ファイルを指定してください。", f"{path} is a folder", path=path)
    if path.stat().st_size == 0:
        raise DataFormatError(
            "ファイルが空です（0 バイト）。ダウンロードが途中で止まった可能性があります。",
            "the file is empty (0 bytes)",
            path=path,
            fix="ファイルを削除して、もう一度ダウンロードしてください。",
        )
    if not zipfile.is_zipfile(path):
        if path.suffix.lower() == ".zip":
            raise _broken_zip(path)
        return path.read_bytes(), path.name
    try:
        with zipfile.ZipFile(path) as zf:
            members = [n for n in zf.namelist() if n.lower().endswith(member_suffix)]
            if len(members) != 1:
                raise DataFormatError(
                    f"zip の中に {member_suffix} ファイルが1つだけある形を想定していますが、{len(members)} 個ありました: "
                    f"{', '.join(zf.namelist()[:5])}",
                    f"expected one {member_suffix} member in the zip, found {len(members)}",
                    path=path,
                    fix="別のデータセットの zip でないか確認してください。",
                )
            return zf.read(members[0]), members[0]
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as err:
        raise _broken_zip(path) from err


def _broken_zip(path: Path) -> DataFormatError:
    return DataFormatError(
        "zip ファイルが壊れています（途中までしかダウンロードされていない可能性があります）。",
        "the zip file is broken or truncated",
        path=path,
        fix="ファイルを削除して、もう一度ダウンロードしてください。",
    )


def decode(raw: bytes, path: str | Path, *, what: str = "ファイル", fix: str | None = None) -> tuple[str, str]:
    """Decode a government CSV: UTF-8 (with or without BOM) or CP932; returns (text, encoding).

    UTF-8 is tried first because CP932 bytes with Japanese almost never form valid UTF-8,
    while UTF-8 bytes can decode as CP932 mojibake. ``what`` names the file in the error
    (e.g. 名簿) and ``fix`` replaces the default advice.

    >>> decode("職員番号".encode("cp932"), "r.csv")
    ('職員番号', 'cp932')
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataFormatError(
            f"{what}が UTF-16 で保存されています。読めるのは CP932（Shift_JIS）か UTF-8 です。",
            "the file is UTF-16; expected CP932 or UTF-8",
            path=path,
            fix=fix or "Excel で開き「CSV UTF-8」で保存し直すか、公式サイトの元ファイルを使ってください。",
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DataFormatError(
        f"{what}の文字コードを判定できません（CP932 でも UTF-8 でも読めません）。",
        "cannot decode the file as CP932 or UTF-8 (UnicodeDecodeError)",
        path=path,
        fix=fix or "政府統計の CSV は通常 CP932（Shift_JIS）です。別のソフトで保存し直していないか、"
        "ファイルが途中で切れていないか確認し、公式サイトの元ファイルを使ってください。",
    )


def csv_rows(text: str, path: str | Path) -> list[list[str]]:
    """All CSV rows of a text, blank lines dropped; every row must have the header's width."""
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        raise DataFormatError("ファイルにデータがありません。", "the file has no rows", path=path)
    width = len(rows[0])
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise DataFormatError(
                f"{number} 行目の列数が {len(row)} で、見出しの {width} 列と合いません。"
                "ファイルが途中で切れているか、編集で列がずれています。",
                f"row {number} has {len(row)} cells, the header has {width}",
                path=path,
                fix="公式サイトの元ファイルをダウンロードし直してください。",
            )
    return rows
