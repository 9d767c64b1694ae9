"""社人研 re-publications: control values of projection/PROVENANCE.md."""

import json

import pytest

from curriculum.data.ipss import read_ipss_2018, read_ipss_2023_totals
from curriculum.errors import DataFormatError
from tests.realdata import real_file


def test_2018_edition_tsubame_and_sexes():
    both = read_ipss_2018(real_file("projection", "ipss_h30_2018_municipal_age5_both_Project.json"))
    male = read_ipss_2018(real_file("projection", "ipss_h30_2018_municipal_age5_male_ProjectM.json"))
    female = read_ipss_2018(real_file("projection", "ipss_h30_2018_municipal_age5_female_ProjectF.json"))
    assert both["city_code"].nunique() == 1_682
    city = both[both["city_code"] == "15213"].set_index("year")
    assert city.loc[[2015, 2020, 2045], "total"].tolist() == [79_784, 77_176, 59_191]
    assert city.loc[[2015, 2045], "0-4"].tolist() == [2_972, 1_805]
    assert city.loc[[2015, 2045], "90+"].tolist() == [1_236, 2_945]
    assert both[both["year"] == 2015]["total"].sum() == 125_180_706
    key = ["city_code", "year"]
    m, f, b = (x.set_index(key).sort_index() for x in (male, female, both))
    assert ((m[b.attrs["age_classes"]] + f[b.attrs["age_classes"]]) == b[b.attrs["age_classes"]]).all().all()
    labelled = json.loads(real_file("projection", "ipss_h30_2018_15213_tsubame_labelled_pp15213.json").read_text())
    assert [s["Population"] for s in labelled][1] == city["0-4"].tolist()


def test_2023_edition_niigata_totals():
    t = read_ipss_2023_totals(real_file("projection", "ipss_r5_2023_niigata_municipal_totals_kurashi-map_niigata.json"))
    assert len(t) == 30
    assert t.loc["15213", [2020, 2025, 2030, 2035, 2040, 2045, 2050]].tolist() == [
        77_201, 73_937, 70_263, 66_359, 62_342, 58_260, 54_136]
    assert t.loc["15213", ["young_2050", "working_2050", "elderly_2050"]].tolist() == [4_429, 26_393, 23_314]
    assert int(t[2020].sum()) == 2_201_272 and int(t[2050].sum()) == 1_525_004
    assert t.loc["15204", [2020, 2050]].tolist() == [94_642, 63_029]


def test_wrong_json(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('[{"code": "15213"}]', encoding="utf-8")
    with pytest.raises(DataFormatError, match="futurePopulation"):
        read_ipss_2023_totals(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFormatError, match="JSON として読めません"):
        read_ipss_2018(bad)
