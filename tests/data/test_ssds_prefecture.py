"""社会・人口統計体系 都道府県データ (e-Stat export): the two real workbooks against children/PROVENANCE.md."""

import pytest

from curriculum.data.ssds_prefecture import get_item, read_ssds_prefecture
from curriculum.errors import DataFormatError
from tests.realdata import real_file

WELFARE = "estat_ssds_prefecture_boshisetai_seikatsuhogo_1975-2023_welfare_pref_new.xlsx"
HIHOGO = "estat_ssds_prefecture_J1105_hihogo_jitsujinin_1975-2022_welfare_pref_new_add.xlsx"


@pytest.fixture(scope="module")
def welfare():
    return read_ssds_prefecture(real_file("children", WELFARE))


def test_control_values(welfare):
    population = get_item(welfare, "A1101")
    assert population.loc[2020, "00000"] == 126_146_099 and population.loc[2020, "15000"] == 2_201_272
    assert population.loc[2015, "00000"] == 127_094_745 and population.loc[2015, "15000"] == 2_304_264
    single_mothers = get_item(welfare, "A8401")
    assert single_mothers.loc[2020, "15000"] == 9_016 and single_mothers.loc[2020, "00000"] == 646_809
    assert list(single_mothers.dropna().index) == [1980, 1985, 1990, 1995, 2000, 2005, 2010, 2015, 2020]  # census years
    per_thousand = get_item(welfare, "#J01101")
    assert (per_thousand.loc[2020, "15000"], per_thousand.loc[2020, "00000"]) == (18.95, 29.39)
    assert (welfare["year"].min(), welfare["year"].max()) == (1975, 2023)
    assert welfare.loc[welfare["item"] == "A8401", "unit"].iloc[0] == "世帯"
    # 47 prefectures + 全国 in every sheet
    assert (welfare.groupby(["year", "item"])["area_code"].nunique() == 48).all()


def test_people_on_public_assistance():
    table = read_ssds_prefecture(real_file("children", HIHOGO))
    people = get_item(table, "J1105")
    # 全国 2022 = 被保護者調査 表1 (verified in PROVENANCE); prefectures read from the file
    assert [people.loc[2022, c] for c in ("00000", "15000", "13000")] == [2_024_586, 20_690, 278_161]
    assert table["year"].max() == 2022 and set(table["item"]) == {"J1105"}


def test_missing_item_and_wrong_file(welfare, tmp_path):
    with pytest.raises(DataFormatError, match="A9999"):
        get_item(welfare, "A9999")
    with pytest.raises(DataFormatError, match="表題"):
        read_ssds_prefecture(real_file("foreign_residents", "moj_zairyu_2020-12_t5_prefecture_by_status_20-12-05.xlsx"))
