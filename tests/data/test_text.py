"""curriculum.data.text: bytes, encodings and CSV rows of government text files (real files, then broken copies)."""

from __future__ import annotations

import zipfile

import pytest

from curriculum.data.text import csv_rows, decode, read_bytes
from curriculum.errors import DataFormatError, DataNotFoundError


def test_real_zip_member_and_encoding(real_fetch):
    path = real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5240")
    raw, member = read_bytes(path, member_suffix=".txt")
    assert member == "tblT001101H5240.txt"
    text, encoding = decode(raw, path)
    assert encoding == "cp932" and text.startswith("KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T001101001")
    rows = csv_rows(text, path)
    assert rows[0][:4] == ["KEY_CODE", "HTKSYORI", "HTKSAKI", "GASSAN"] and len(rows[0]) == 54


def test_utf8_resave_decodes_to_the_same_text(real_fetch, tmp_path):
    raw, _ = read_bytes(real_fetch("ssdse-a-2026"), member_suffix=".csv")
    text, encoding = decode(raw, "a.csv")
    assert encoding == "cp932"
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "b.csv") == (text, "utf-8-sig")


@pytest.mark.parametrize("make, fragment", [
    (lambda raw, tmp: tmp, "フォルダ"),
    (lambda raw, tmp: _write(tmp / "empty.txt", b""), "空"),
    (lambda raw, tmp: _write(tmp / "cut.zip", raw[: len(raw) // 2]), "壊れて"),
    (lambda raw, tmp: _zip(tmp / "two.zip", {"a.txt": b"1", "b.txt": b"2"}), "2 個"),
])
def test_broken_files_are_clear_errors(real_fetch, tmp_path, make, fragment):
    raw = real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5240").read_bytes()
    path = make(raw, tmp_path)
    with pytest.raises(DataFormatError) as info:
        read_bytes(path, member_suffix=".txt")
    assert fragment in str(info.value) and "[en]" in str(info.value)


def test_a_missing_file_is_data_not_found(tmp_path):
    with pytest.raises(DataNotFoundError, match="見つかりません"):
        read_bytes(tmp_path / "missing.zip", member_suffix=".txt")


def test_utf16_and_undecodable_bytes_name_the_encoding():
    with pytest.raises(DataFormatError, match="UTF-16"):
        decode("地域コード".encode("utf-16"), "a.csv")
    with pytest.raises(DataFormatError, match="CP932"):
        decode(b"\x81\x7f", "a.csv", what="名簿")


def test_rows_of_different_width_are_an_error():
    assert csv_rows("a,b\n\n1,2\n", "a.csv") == [["a", "b"], ["1", "2"]]  # blank lines dropped
    with pytest.raises(DataFormatError, match="2 行目の列数が 1"):
        csv_rows("a,b\n1\n", "a.csv")
    with pytest.raises(DataFormatError, match="データがありません"):
        csv_rows("\n\n", "a.csv")


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path
