"""住基 年齢階級別人口: the three real layouts, checked against the control totals of population/PROVENANCE.md."""

import pytest

from curriculum.data.juki_age import collapse_top, read_juki_age
from curriculum.errors import DataFormatError
from tests.realdata import real_file

FILES = {
    "2013-03-31": "soumu_juki_2013-03-31_age5_sex_municipalities_1304ssnen.xls",
    "2018-01-01": "soumu_juki_2018-01-01_age5_sex_municipalities_1804ssnen.xls",
    "2023-01-01": "soumu_juki_2023-01-01_age5_sex_municipalities_2304ssnen.xlsx",
}
# as_of: (全国 計, 男, 女, 新潟県, 燕市 計/男/女, 燕市 65+, 三条市, top class)
CONTROL = {
    "2013-03-31": (128_373_879, 62_588_804, 65_785_075, 2_361_133, (82_867, 40_439, 42_428), 21_548, 102_957, "80+"),
    "2018-01-01": (127_707_259, 62_298_889, 65_408_370, 2_281_291, (80_579, 39_353, 41_226), 23_804, 99_241, "100+"),
    "2023-01-01": (125_416_877, 61_175_768, 64_241_109, 2_163_908, (77_401, 37_869, 39_532), 24_403, 93_403, "100+"),
}


@pytest.fixture(scope="module", params=list(FILES))
def table(request):
    return request.param, read_juki_age(real_file("population", FILES[request.param]))


def test_control_totals(table):
    as_of, t = table
    national, male, female, niigata, tsubame, tsubame_65, sanjo, top = CONTROL[as_of]
    assert t.attrs["as_of"] == as_of
    assert t.attrs["age_classes"][0] == "0-4" and t.attrs["age_classes"][-1] == top
    by_sex = t.groupby("sex")["total"].sum()
    assert (by_sex["total"], by_sex["male"], by_sex["female"]) == (national, male, female)
    totals = t[t["sex"] == "total"].set_index("city_code")
    assert totals.loc[totals.index.str.startswith("15"), "total"].sum() == niigata
    city = t[t["city_code"] == "15213"].set_index("sex")["total"]
    assert (city["total"], city["male"], city["female"]) == tsubame
    old = [c for c in t.attrs["age_classes"] if int(c.split("-")[0].rstrip("+")) >= 65]
    assert totals.loc["15213", old].sum() == tsubame_65
    assert totals.loc["15204", "total"] == sanjo
    assert totals.loc["15213", "age_complete"]


def test_levels_do_not_double_count(table):
    as_of, _ = table
    every = read_juki_age(real_file("population", FILES[as_of]), level="all")
    national = every[(every["city_code"] == "00000") & (every["sex"] == "total")]["total"].iloc[0]
    assert national == CONTROL[as_of][0]
    # The published rows summed as they stand count people two or three times over.
    assert every[every["sex"] == "total"]["total"].sum() > 2 * national
    wards = read_juki_age(real_file("population", FILES[as_of]), level="ward")
    assert wards[wards["sex"] == "total"]["total"].sum() == national
    assert "15101" in set(wards["city_code"]) and "15100" not in set(wards["city_code"])


def test_foreign_suppression_is_flagged():
    t = read_juki_age(real_file("population", FILES["2023-01-01"]))
    yahiko = t[(t["city_code"] == "15342") & (t["sex"] == "total")].iloc[0]
    assert yahiko["total"] == 7_694 and yahiko[t.attrs["age_classes"]].sum() == 7_664
    assert not yahiko["age_complete"] and yahiko["city_name"] == "西蒲原郡弥彦村"


def test_collapse_top_to_80():
    t = read_juki_age(real_file("population", FILES["2023-01-01"]))
    c = collapse_top(t, 80)
    assert c.attrs["age_classes"][-1] == "80+" and len(c.attrs["age_classes"]) == 17
    row = c[(c["city_code"] == "15213") & (c["sex"] == "total")].iloc[0]
    assert row["80+"] == 4_006 + 2_711 + 1_227 + 426 + 61
    assert row[c.attrs["age_classes"]].sum() == 77_401


def test_not_an_excel_file(tmp_path):
    fake = tmp_path / "2304ssnen.xlsx"
    fake.write_text("団体コード,都道府県名\n", encoding="cp932")
    with pytest.raises(DataFormatError, match="Excel ファイルとして読めません"):
        read_juki_age(fake)


def test_wrong_table(tmp_path):
    import pandas as pd

    other = tmp_path / "other.xlsx"
    pd.DataFrame([["表題"], ["団体コード"]]).to_excel(other, header=False, index=False)
    with pytest.raises(DataFormatError, match="年齢階級の見出し行"):
        read_juki_age(other)


def test_missing_file(tmp_path):
    with pytest.raises(DataFormatError, match="見つかりません"):
        read_juki_age(tmp_path / "none.xls")
