"""住民基本台帳 reader: official totals from PROVENANCE, 燕市 computed independently with csv, bad input."""

import csv

import pandas as pd
import pytest

from curriculum.data.juki import check_digit, read_juki
from curriculum.errors import DataFormatError, DataNotFoundError


def raw_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def number(cell):
    return int(cell.replace(",", "").strip())


@pytest.mark.parametrize("dataset_id, national, households, niigata", [
    ("juki-2018", 127_707_259, 58_007_536, (1_107_012, 1_174_279, 2_281_291, 895_463)),
    ("juki-2019", 127_443_563, 58_527_117, (1_097_016, 1_162_293, 2_259_309, 899_853)),
])
def test_official_totals(real_fetch, dataset_id, national, households, niigata):
    path = real_fetch(dataset_id)
    for level in ("municipality", "ward", "prefecture"):
        frame = read_juki(path, level=level)
        assert int(frame["population"].sum()) == national, level
        assert int(frame["households"].sum()) == households, level
    prefectures = read_juki(path, level="prefecture")
    assert len(prefectures) == 47
    assert tuple(int(prefectures.loc["15000", c]) for c in ("male", "female", "population", "households")) == niigata
    municipalities = read_juki(path)
    niigata_cities = municipalities[municipalities["pref_name"] == "新潟県"]
    assert len(niigata_cities) == 30
    assert int(niigata_cities["population"].sum()) == niigata[2]


@pytest.mark.parametrize("dataset_id, as_of, year, tsubame, sanjo, niigata_city", [
    ("juki-2018", "2018-01-01", 2017, (39_353, 41_226, 80_579, 29_241, 1_635, 1_840, 531, 916), (99_241, 36_004),
     (796_773, 336_379)),
    ("juki-2019", "2019-01-01", 2018, (38_970, 40_848, 79_818, 29_488, 1_739, 1_946, 496, 1_035), (98_190, 36_212),
     (792_868, 338_830)),
])
def test_provenance_figures(real_fetch, dataset_id, as_of, year, tsubame, sanjo, niigata_city):
    frame = read_juki(real_fetch(dataset_id))
    assert (frame.attrs["as_of"], frame.attrs["movement_year"]) == (as_of, year)
    columns = ["male", "female", "population", "households", "in_domestic", "out_domestic", "births", "deaths"]
    assert tuple(int(v) for v in frame.loc["15213", columns]) == tsubame
    assert tuple(int(v) for v in frame.loc["15204", ["population", "households"]]) == sanjo
    assert tuple(int(v) for v in frame.loc["15100", ["population", "households"]]) == niigata_city
    assert frame.loc["15213", "city_name"] == "燕市"
    assert frame.loc["15342", "city_name"] == "西蒲原郡弥彦村"


def test_tsubame_row_matches_csv_module(real_fetch):
    """Every number of 燕市's row, read independently with the csv module."""
    path = real_fetch("juki-2019")
    row = next(r for r in raw_rows(path) if r[0] == "152137")
    frame = read_juki(path)
    names = list(frame.columns[3:])
    assert len(names) == 22
    for name, cell in zip(names, row[3:25]):
        expected = float(cell.strip()) if name.endswith("_rate") else number(cell)
        assert frame.loc["15213", name] == expected, name


def test_levels_never_double_count(real_fetch):
    path = real_fetch("juki-2019")
    everything = read_juki(path, level="all")
    assert everything.loc["00000", "level"] == "national"
    counts = everything["level"].value_counts().to_dict()
    # 1,727 市町村・特別区 (incl. the 6 北方領土 villages, population 0) + 20 政令市 = 1,747 (SSDSE-A: 1,741);
    # 307 郡 + 東京都「島しょ」 = 308 subtotal rows
    assert counts == {"municipality": 1727, "county": 308, "ward": 175, "prefecture": 47,
                      "designated_city": 20, "national": 1}
    wards = read_juki(path, level="ward")
    assert "15100" not in wards.index and {"15106", "15108"} <= set(wards.index)
    assert int(wards.loc[wards.index.str.startswith("151"), "population"].sum()) == int(
        everything.loc["15100", "population"])
    assert "15340" not in read_juki(path).index  # 西蒲原郡 subtotal row
    assert int(everything.loc["15340", "population"]) == int(everything.loc["15342", "population"])
    assert "13101" in read_juki(path).index  # 特別区 are municipalities
    assert "13360" not in read_juki(path).index  # 島しょ subtotal


def test_change_equals_difference_of_years(real_fetch):
    before, after = read_juki(real_fetch("juki-2018")), read_juki(real_fetch("juki-2019"))
    assert int(after.loc["15213", "population"] - before.loc["15213", "population"]) == int(after.loc["15213", "change"])


def test_check_digit():
    assert [check_digit(c) for c in ("15213", "15204", "15342", "13101", "01100")] == ["7", "8", "7", "6", "2"]


def _write(tmp_path, rows, name="juki.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


@pytest.fixture
def niigata_rows(real_fetch):
    rows = raw_rows(real_fetch("juki-2019"))
    return rows[:5], [r for r in rows[5:] if r[0].startswith("15")]


def test_small_file_reads(tmp_path, niigata_rows):
    header, body = niigata_rows
    frame = read_juki(_write(tmp_path, header + body))
    assert len(frame) == 30 and int(frame["population"].sum()) == 2_259_309


def test_secrecy_mark_is_missing_not_an_error(tmp_path, niigata_rows):
    """A '*' (秘匿) in a count column reads as NA, like in SSDSE (the one parser in curriculum.data.numbers)."""
    header, body = niigata_rows
    tsubame = next(i for i, row in enumerate(body) if row[0] == "152137")
    original = number(body[tsubame][8])  # 転入者数（国外）
    body = [row[:8] + ["*"] + row[9:] if i == tsubame else row for i, row in enumerate(body)]
    frame = read_juki(_write(tmp_path, header + body))
    assert pd.isna(frame.loc["15213", "in_abroad"])
    assert frame["in_abroad"].isna().sum() == 1
    assert int(frame.loc["15213", "population"]) == 79_818 and int(frame["population"].sum()) == 2_259_309
    full = read_juki(_write(tmp_path, niigata_rows[0] + niigata_rows[1], name="full.csv"))
    assert int(frame["in_abroad"].sum()) == int(full["in_abroad"].sum()) - original


@pytest.mark.parametrize("edit, fragment", [
    (lambda h, b: (h[:4] + [h[3]] + h[4:], b), "見出しは 4 行"),
    (lambda h, b: (h[1:], b), "表ではないよう"),
    (lambda h, b: (h[:3] + [h[4]], b), "表ではないよう"),
    (lambda h, b: (h, [["152138", *b[0][1:]]] + b[1:]), "検査数字"),
    (lambda h, b: (h, [["15000", *b[0][1:]]] + b[1:]), "6 桁の数字"),
    (lambda h, b: (h, [r for r in b if r[0] != "152137"]), "ずれています"),
    (lambda h, b: (h, b + [b[-1]]), "2回"),
    (lambda h, b: (h, [b[0][:4] + ["約40万"] + b[0][5:]] + b[1:]), "数値でない値"),
])
def test_bad_input_is_a_clear_error(tmp_path, niigata_rows, edit, fragment):
    header, body = edit(*niigata_rows)
    with pytest.raises(DataFormatError, match=fragment):
        read_juki(_write(tmp_path, header + body))


def test_wrong_level_and_missing_file(tmp_path):
    with pytest.raises(ValueError, match="level は"):
        read_juki(tmp_path / "x.csv", level="city")
    with pytest.raises(DataNotFoundError, match="見つかりません"):
        read_juki(tmp_path / "x.csv")
