"""市区町村別メッシュ・コード一覧 reader: the jpmesh list and the official layout."""

from curriculum.data import read_mesh_list


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
