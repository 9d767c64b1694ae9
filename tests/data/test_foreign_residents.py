"""在留外国人統計 and 住基【外国人住民】: the real workbooks against the control totals of foreign_residents/PROVENANCE.md."""

import pytest

from curriculum.data.foreign_residents import read_juki_foreign, read_zairyu_municipal, read_zairyu_prefecture
from curriculum.errors import DataFormatError
from tests.realdata import real_file

STATUS = "moj_zairyu_2021-12_t3-2_municipality_by_status_21-12-03-2.xlsx"
NATIONALITY = "moj_zairyu_2022-06_t3_municipality_by_nationality_22-06-03-1.xlsx"
PREFECTURE = "moj_zairyu_2020-12_t5_prefecture_by_status_20-12-05.xlsx"
JUKI = "soumu_juki_foreign_2023-01-01_pop_households_municipalities_2311gsjin.xlsx"


def _file(name):
    return real_file("foreign_residents", name)


@pytest.fixture(scope="module")
def status():
    return read_zairyu_municipal(_file(STATUS), level="all")


def test_status_by_municipality_2021(status):
    assert status.attrs["as_of"] == "2021-12-31" and status.attrs["by"] == "在留資格"
    assert status.attrs["national"] == 2_760_635 == int(status.loc["00000", "総数"])
    prefectures = status[status["level"] == "prefecture"]
    assert len(prefectures) == 47 and int(prefectures["総数"].sum()) == 2_758_841
    assert status.attrs["unknown"] == 1_794 and status.attrs["unlisted"] == 583
    assert [int(status.loc[c, "総数"]) for c in ("15000", "15204", "15213")] == [16_936, 637, 556]
    tsubame = status.loc["15213"]
    trainees = [c for c in status.attrs["categories"] if c.startswith("技能実習")]
    assert len(trainees) == 6 and int(tsubame[trainees].sum()) == 162
    assert (int(tsubame["特定技能1号"]), int(tsubame["永住者"]), int(tsubame["技術・人文知識・国際業務"])) == (27, 152, 38)
    assert len(status.attrs["categories"]) == 36
    # the categories add up to 総数 on every row
    assert (status[status.attrs["categories"]].sum(axis=1) == status["総数"]).all()


def test_levels_keep_one_row_per_person(status):
    municipal = read_zairyu_municipal(_file(STATUS))
    assert "15100" in municipal.index and "15101" not in municipal.index  # 新潟市 as one row, like SSDSE-A
    assert "15000" not in municipal.index and municipal["level"].isin(["municipality", "designated_city"]).all()
    wards = read_zairyu_municipal(_file(STATUS), level="ward")
    assert "15101" in wards.index and "15100" not in wards.index
    niigata_wards = wards[wards.index.str.startswith("151")]
    assert int(niigata_wards["総数"].sum()) == int(status.loc["15100", "総数"])
    # hidden small municipalities: a prefecture is more than its listed municipalities (注3)
    listed = municipal["総数"].sum() + status.attrs["unlisted"] + status.attrs["unknown"]
    assert int(listed) == status.attrs["national"]


def test_nationality_by_municipality_2022():
    table = read_zairyu_municipal(_file(NATIONALITY), level="all")
    assert table.attrs["as_of"] == "2022-06-30" and table.attrs["by"] == "国籍・地域"
    assert table.attrs["national"] == 2_961_969 and table.attrs["unknown"] == 12_378
    assert int(table.loc[table["level"] == "prefecture", "総数"].sum()) == 2_949_591
    tsubame = table.loc["15213"]
    assert (int(tsubame["総数"]), int(tsubame["中国"]), int(tsubame["ベトナム"]), int(tsubame["フィリピン"])) == (553, 132, 200, 67)
    assert (int(table.loc["15204", "総数"]), int(table.loc["15204", "ベトナム"])) == (659, 167)
    assert table.attrs["categories"][-1] == "その他" and len(table.attrs["categories"]) == 11


def test_status_by_prefecture_2020():
    table = read_zairyu_prefecture(_file(PREFECTURE))
    assert table.attrs["as_of"] == "2020-12-31"
    assert int(table.loc["00000", "総数"]) == 2_887_116 and table.attrs["unknown"] == 21_622
    assert int(table.loc[table["level"] == "prefecture", "総数"].sum()) == 2_865_494
    assert table.loc["15000", "name"] == "新潟県" and int(table.loc["15000", "総数"]) == 17_756
    assert table.attrs["categories"] == read_zairyu_municipal(_file(STATUS)).attrs["categories"]  # line breaks gone


def test_juki_foreign_2023():
    table = read_juki_foreign(_file(JUKI), level="all")
    assert table.attrs["as_of"] == "2023-01-01" and table.attrs["movement_year"] == 2022
    national = table.loc["00000"]
    assert [int(national[c]) for c in ("male", "female", "population", "households")] == \
        [1_484_474, 1_509_365, 2_993_839, 1_772_890]
    assert int(table.loc[table["level"] == "prefecture", "population"].sum()) == 2_993_839
    assert [int(table.loc[c, "population"]) for c in ("15000", "15204", "15213")] == [18_757, 651, 595]
    tsubame = table.loc["15213"]
    # the movement identities hold as published
    assert int(tsubame["change"]) == int(tsubame["entries_total"]) - int(tsubame["removals_total"])
    assert int(tsubame["change"]) == int(tsubame["natural_change"]) + int(tsubame["social_change"])
    municipal = read_juki_foreign(_file(JUKI))
    assert municipal["level"].isin(["municipality", "designated_city"]).all()
    assert int(municipal["population"].sum()) == 2_993_839


def test_wrong_table_is_a_clear_error(tmp_path):
    with pytest.raises(DataFormatError, match="市区町村コード"):
        read_zairyu_municipal(_file(PREFECTURE))
    with pytest.raises(DataFormatError, match="外国人住民"):
        read_juki_foreign(_file(STATUS))
    with pytest.raises(DataFormatError, match="level"):
        read_zairyu_municipal(_file(STATUS), level="town")
    broken = tmp_path / "21-12-03-2.xlsx"
    broken.write_text("not excel")
    with pytest.raises(DataFormatError, match="Excel"):
        read_zairyu_municipal(broken)


def test_juki_foreign_age_2022():
    from curriculum.data.foreign_residents import read_juki_foreign_age

    path = _file("soumu_juki_foreign_2022-01-01_age5_sex_municipalities_2212gsnen.xlsx")
    table = read_juki_foreign_age(path, level="all")
    assert table.attrs["as_of"] == "2022-01-01" and table.attrs["age_classes"][0] == "0-4"
    assert table.attrs["age_classes"][-1] == "100+" and len(table.attrs["age_classes"]) == 21
    national = table[table["city_code"] == "00000"].set_index("sex")["total"]
    assert [int(national[s]) for s in ("total", "male", "female")] == [2_704_341, 1_327_207, 1_377_134]
    tsubame = table[table["city_code"] == "15213"].set_index("sex")
    assert [int(tsubame.loc[s, "total"]) for s in ("total", "male", "female")] == [552, 255, 297]
    assert int(tsubame.loc["total", "20-24"]) == 137 and tsubame["age_complete"].all()
    niigata = table[(table["city_code"] == "15000") & (table["sex"] == "total")].iloc[0]
    assert int(niigata["total"]) == 16_704 and int(niigata[table.attrs["age_classes"]].sum()) == 16_510
    assert not niigata["age_complete"]
    yubari = table[(table["city_code"] == "01209") & (table["sex"] == "total")].iloc[0]  # 夕張市: 23 人, classes X
    assert int(yubari["total"]) == 23 and yubari[table.attrs["age_classes"]].isna().all()  # X is missing, never 0
    # a few published municipalities do not add up either (古河市 3,777 vs Σ classes 3,774): age_complete says so
    koga = table[(table["city_code"] == "08204") & (table["sex"] == "total")].iloc[0]
    assert int(koga["total"]) - int(koga[table.attrs["age_classes"]].sum()) == 3 and not koga["age_complete"]
    assert int(read_juki_foreign_age(path).query("sex == 'total'")["total"].sum()) == 2_704_341
