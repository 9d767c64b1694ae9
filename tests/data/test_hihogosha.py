"""被保護者調査 概要 (national): 表1 and 表2 against children/PROVENANCE.md."""

import pytest

from curriculum.data.hihogosha import read_hihogosha_summary
from curriculum.errors import DataFormatError
from tests.realdata import real_file

FILE = "mhlw_hihogosha_chosa_R5_2023_gaiyo_national_2023gaiyo.xlsx"


def _value(table, measure, item, year, sub_item=""):
    rows = table[(table["measure"] == measure) & (table["item"] == item) & (table["sub_item"] == sub_item)
                 & (table["year"] == year)]
    assert len(rows) == 1, (measure, item, year)
    return rows["value"].iloc[0]


def test_household_types_2023():
    table = read_hihogosha_summary(real_file("children", FILE))
    assert _value(table, "実数", "母子世帯", 2023) == 64_723
    assert _value(table, "構成割合", "母子世帯", 2023) == 3.9
    assert _value(table, "実数", "総数（保護停止中を含まない。）", 2023) == 1_642_063
    assert _value(table, "実数", "高齢者世帯", 2023, "単身世帯") == 842_489
    assert sorted(table["year"].unique()) == [2019, 2020, 2021, 2022, 2023]
    assert set(table["unit"]) == {"世帯", "％"}


def test_people_and_rate_2023():
    table = read_hihogosha_summary(real_file("children", FILE), table="表1")
    assert _value(table, "実数", "被保護実人員数", 2023) == 2_020_576
    assert _value(table, "実数", "被保護実人員数", 2022) == 2_024_586  # = SSDS J1105 全国 2022 (PROVENANCE)
    assert _value(table, "実数", "保護率（人口百人当）（注１）", 2023) == 1.62  # the blank label carries 実数 down


def test_unknown_sheet():
    with pytest.raises(DataFormatError, match="表9"):
        read_hihogosha_summary(real_file("children", FILE), table="表9")
