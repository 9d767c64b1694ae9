"""国勢調査 2020 表2-7-1: control totals of population/PROVENANCE.md."""

import pytest

from curriculum.data.census_age import read_census_age
from curriculum.errors import DataFormatError
from tests.realdata import real_file


def test_control_totals():
    c = read_census_age(real_file("population", "estat_census2020_t2-7-1_age5_sex_municipalities.csv"))
    total = c[c["sex"] == "total"].set_index("city_code")
    assert c[c["city_code"] == "00000"].set_index("sex")["total"].to_dict() == {
        "total": 126_146_099, "male": 61_349_581, "female": 64_796_518}
    assert total.loc["00000", "unknown"] == 2_931_838
    assert total.loc["15000", "total"] == 2_201_272 and total.loc["15204", "total"] == 94_642
    assert total.loc["15213", ["total", "0-4", "unknown"]].tolist() == [77_201, 2_528, 481]
    old = [col for col in c.attrs["age_classes"] if int(col.split("-")[0].rstrip("+")) >= 65]
    assert total.loc["15213", old].sum() == 24_060
    assert not total["name"].str.startswith("（旧").any()
    prefectures = total[total.index.str.endswith("000") & (total.index != "00000")]
    assert len(prefectures) == 47 and prefectures["total"].sum() == 126_146_099


def test_cp932_copy_is_refused(tmp_path):
    src = real_file("population", "estat_census2020_t2-7-1_age5_sex_municipalities.csv")
    copy = tmp_path / "t2-7-1.csv"
    copy.write_bytes(src.read_bytes().decode("utf-8-sig")[:5000].encode("cp932", errors="replace"))
    with pytest.raises(DataFormatError, match="UTF-8 として読めません"):
        read_census_age(copy)
