"""小地域, P04 医療機関 and mesh-list readers against their published counts."""

import pytest

from curriculum.data import read_mesh_list, read_p04, read_shochiiki
from curriculum.errors import DataFormatError


def test_shochiiki_csv_extract(real_fetch):
    table = read_shochiiki(real_fetch("estat-shochiiki-2015-tsubame-csv"))
    assert len(table) == 276
    assert table["KEY_CODE"].nunique() == 207
    assert int(table["JINKO"].sum()) == 79_784  # 2015 census population of 燕市
    assert int(table["SETAI"].sum()) == 27_537
    assert set(table["KEY_CODE"].str.len()) == {9, 11}
    assert table["city_code"].unique().tolist() == ["15213"]


def test_shochiiki_dbf_matches_the_extract(real_fetch):
    whole = read_shochiiki(real_fetch("estat-shochiiki-2015-niigata-dbf"))
    assert len(whole) == 8087
    tsubame = read_shochiiki(real_fetch("estat-shochiiki-2015-niigata-dbf"), city_code="15213")
    extract = read_shochiiki(real_fetch("estat-shochiiki-2015-tsubame-csv"))
    assert tsubame["KEY_CODE"].tolist() == extract["KEY_CODE"].tolist()
    assert tsubame["JINKO"].tolist() == extract["JINKO"].tolist()


def test_shochiiki_rejects_other_tables(real_fetch):
    with pytest.raises(DataFormatError, match="小地域の属性表ではない"):
        read_shochiiki(real_fetch("mesh-list-niigata-jpmesh"))


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


def test_mesh_list(real_fetch):
    niigata = read_mesh_list(real_fetch("mesh-list-niigata-jpmesh"))
    assert len(niigata) == 14_660
    assert niigata["city_code"].nunique() == 37
    tsubame = read_mesh_list(real_fetch("mesh-list-niigata-jpmesh"), city_code="15213")
    assert len(tsubame) == 146
    assert sorted(tsubame["mesh_code"].str[:6].unique()) == ["563836", "563837", "563846", "563847"]


def test_official_mesh_list_layout(tmp_path):
    official = tmp_path / "15.csv"
    official.write_bytes("都道府県市区町村コード,市区町村名,基準メッシュ・コード\n152137,燕市,56383616\n152137,燕市,56383625\n".encode("cp932"))
    frame = read_mesh_list(official, city_code="15213")
    assert frame.to_dict("list") == {"city_code": ["15213", "15213"], "city_name": ["燕市", "燕市"],
                                     "mesh_code": ["56383616", "56383625"]}
