"""SSDSE reader: official totals from the real file, and clear errors for bad input."""

import csv

import numpy as np
import pytest

from curriculum.data import read_ssdse, with_labels
from curriculum.errors import DataFormatError


def raw_rows(path, encoding="cp932"):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f))


def test_ssdse_a_official_totals(real_fetch):
    frame = read_ssdse(real_fetch("ssdse-a-2026"))
    assert frame.shape == (1741, 127)
    assert frame.index.name == "city_code"
    assert int(frame["A1101"].sum()) == 126_146_099
    tsubame = frame.loc["15213"]
    assert (tsubame["Municipality"], int(tsubame["A1101"]), int(tsubame["A110101"]), int(tsubame["A110102"])) == (
        "燕市", 77_201, 37_629, 39_572)
    assert int(tsubame["A1102"]) == 76_352
    assert (frame["Prefecture"] == "新潟県").sum() == 30


def test_ssdse_a_metadata_matches_header_rows(real_fetch):
    path = real_fetch("ssdse-a-2026")
    rows = raw_rows(path)
    frame = read_ssdse(path)
    assert frame.attrs["dataset"] == "SSDSE-A-2026"
    for code, year, label in zip(rows[0][3:], rows[1][3:], rows[2][3:]):
        assert frame.attrs["labels"][code] == label
        assert frame.attrs["years"][code] == year
    assert frame.attrs["labels"]["A1303"] == "65歳以上人口"
    assert with_labels(frame).loc["15213", "総人口"] == 77_201


def test_ssdse_a_every_cell_equals_the_raw_file(real_fetch):
    path = real_fetch("ssdse-a-2026")
    rows = raw_rows(path)
    frame = read_ssdse(path)
    expected = np.array([[float(cell) for cell in row[3:]] for row in rows[3:]])
    assert frame.index.tolist() == [row[0][1:] for row in rows[3:]]
    np.testing.assert_array_equal(frame[rows[0][3:]].to_numpy(dtype=float), expected)


def test_ssdse_d_keeps_sex_and_clock_times(real_fetch):
    frame = read_ssdse(real_fetch("ssdse-d-2023"))
    assert frame.index.names == ["sex", "area_code"]
    assert len(frame) == 144
    assert int(frame.loc[("0_総数", "15000"), "MA00"]) == 1_955
    assert frame.loc[("2_女", "15000"), "MB00"] == pytest.approx(34.9)
    prefectures = frame.xs("0_総数", level="sex").drop(index="00000")
    assert int(prefectures["MA00"].sum()) == int(frame.loc[("0_総数", "00000"), "MA00"]) == 112_462
    assert frame["MH01"].str.fullmatch(r"\d{1,2}:\d{2}").all()


@pytest.fixture
def ssdse_copy(real_fetch, tmp_path):
    return real_fetch("ssdse-a-2026").read_bytes(), tmp_path


def test_utf8_resave_reads_the_same(ssdse_copy):
    raw, tmp = ssdse_copy
    resaved = tmp / "utf8.csv"
    resaved.write_bytes(b"\xef\xbb\xbf" + raw.decode("cp932").encode("utf-8"))
    assert int(read_ssdse(resaved)["A1101"].sum()) == 126_146_099


@pytest.mark.parametrize("mutate, fragment", [
    (lambda raw: raw.decode("cp932").encode("utf-16"), "UTF-16"),
    (lambda raw: b"", "空"),
    (lambda raw: b"\n".join(raw.split(b"\n")[:1] + raw.split(b"\n")[2:]), "見出し"),  # year row deleted
    (lambda raw: raw[: len(raw) // 2], "列数"),  # truncated in the middle of a row
    (lambda raw: b"KEY_CODE,HTKSYORI\n1,0\n", "SSDSE のファイルではない"),
    (lambda raw: raw.replace(b"77201", b"77,201", 1), "列数"),
    (lambda raw: raw.replace(b",77201,", b",abc,", 1), "数値でない値"),
    (lambda raw: raw.replace("総人口".encode("cp932"), b"\x81\x7f", 1), "文字コード"),  # invalid in CP932 and UTF-8
])
def test_bad_input_gets_a_clear_error(ssdse_copy, mutate, fragment):
    raw, tmp = ssdse_copy
    bad = tmp / "bad.csv"
    bad.write_bytes(mutate(raw))
    with pytest.raises(DataFormatError) as info:
        read_ssdse(bad)
    assert fragment in str(info.value)
    assert str(bad) in str(info.value)


def test_missing_marks_become_nan_not_zero(tmp_path):
    path = tmp_path / "marks.csv"
    path.write_bytes("SSDSE-A-2026,Prefecture,Municipality,A1101\n,,年度,2020\n地域コード,都道府県,市区町村,総人口\n"
                     "R15213,新潟県,燕市,77201\nR15204,新潟県,三条市,-\nR15342,新潟県,弥彦村,X\n".encode("cp932"))
    frame = read_ssdse(path)
    assert frame["A1101"].isna().tolist() == [False, True, True]
    assert frame["A1101"].sum() == 77201
