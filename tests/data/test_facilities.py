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
