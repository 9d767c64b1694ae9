"""P04 医療機関 reader against the published counts."""

from curriculum.data import read_p04


def test_p04_hospitals(real_fetch):
    facilities = read_p04(real_fetch("ksj-p04-2020", pref_code="15"))
    assert len(facilities) == 2973
    assert facilities["kind"].value_counts().to_dict() == {"一般診療所": 1696, "歯科診療所": 1152, "病院": 125}
    hospitals = read_p04(real_fetch("ksj-p04-2020", pref_code="15"), kinds=(1,))
    assert len(hospitals) == 125 and (hospitals["kind"] == "病院").all()
    assert facilities.crs.to_epsg() == 6668
    tsubame = facilities[facilities["address"].str.startswith("燕市")]
    assert len(tsubame) == 114
    assert int((tsubame["kind_code"] == 1).sum()) == 2


def test_p04_bed_counts_and_designations_sit_in_their_columns(real_fetch):
    hospitals = read_p04(real_fetch("ksj-p04-2020", pref_code="15"), kinds=(1,)).set_index("name")
    # 病床数 as the hospitals publish them; the two 基幹災害拠点病院 of 新潟県; 救急告示 1 or 9.
    assert hospitals.loc["新潟県立燕労災病院", "beds"] == 300 and hospitals.loc["新潟県済生会三条病院", "beds"] == 199
    assert hospitals["beds"].max() == hospitals.loc["新潟大学医歯学総合病院", "beds"]
    assert set(hospitals.index[hospitals["disaster_base_code"] == 1]) == {"新潟大学医歯学総合病院", "長岡赤十字病院"}
    assert set(hospitals["emergency_code"]) == {1, 9}
