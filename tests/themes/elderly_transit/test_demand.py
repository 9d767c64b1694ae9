"""Demand-transit districts and usage CSVs."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from curriculum.data import read_n03, read_shochiiki
from curriculum.errors import DataFormatError
from curriculum.themes.elderly_transit.demand import compute_demand_districts, compute_mesh_districts, read_demand_usage
from curriculum.themes.elderly_transit.practice import make_practice_district_list, write_practice_demand_usage


def write(tmp_path, text, encoding="utf-8-sig"):
    path = tmp_path / "usage.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_usage_csv_variants(tmp_path):
    assert read_demand_usage(write(tmp_path, "地区,利用率\nA,12%\nB,30%\n"))["usage_rate"].tolist() == [0.12, 0.3]
    cp932 = read_demand_usage(write(tmp_path, "地区名,対象高齢者数,実利用者数\n北,\"1,000\",250\n", "cp932"))
    assert cp932.loc[0, "usage_rate"] == 0.25 and cp932.loc[0, "eligible"] == 1000
    with pytest.raises(DataFormatError, match="地区の列"):
        read_demand_usage(write(tmp_path, "name,rate\nA,0.1\n"))
    with pytest.raises(DataFormatError, match="範囲外"):
        read_demand_usage(write(tmp_path, "地区,対象者数,利用者数\nA,10,30\n"))
    with pytest.raises(DataFormatError, match="秘匿"):
        read_demand_usage(write(tmp_path, "地区,対象者数,利用者数\nA,10,*\n"))
    with pytest.raises(DataFormatError, match="2行"):
        read_demand_usage(write(tmp_path, "地区,利用率\nA,0.1\nA,0.2\n"))


@pytest.fixture(scope="module")
def tsubame(request):
    real_fetch = request.getfixturevalue("real_fetch_module")
    city = read_n03(real_fetch("ksj-n03-city", city_code="15213"), city_code="15213")
    shochiiki = read_shochiiki(real_fetch("estat-shochiiki-2015-tsubame-csv"))
    return city, shochiiki


@pytest.fixture(scope="module")
def real_fetch_module():
    from realdata import REAL_DATA, require_real

    from curriculum.data import fetch

    require_real(REAL_DATA)
    mp = pytest.MonkeyPatch()
    mp.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    yield lambda dataset_id, **params: fetch(dataset_id, quiet=True, progress=False, **params)
    mp.undo()


def test_districts_partition_the_city(tsubame, tmp_path):
    city, shochiiki = tsubame
    districts_list = make_practice_district_list(shochiiki, n_districts=6)
    assert districts_list["district"].nunique() == 6
    assert districts_list["district"].str.contains("（架空）").all()
    usage = read_demand_usage(write_practice_demand_usage(
        compute_demand_districts(shochiiki, districts_list, city), tmp_path / "u.csv"))
    assert (usage["data_kind"] == "練習用・架空").all() and usage["usage_rate"].between(0, 1).all()
    districts = compute_demand_districts(shochiiki, districts_list, city, usage=usage)
    assert districts["population"].sum() == 79_784  # Σ JINKO of 燕市's 2015 小地域
    assert districts["n_areas"].sum() == 276
    plane = districts.to_crs("EPSG:6676")
    union = shapely.union_all(plane.geometry.to_numpy())
    assert plane.area.sum() == pytest.approx(union.area, rel=1e-9)  # no overlaps
    assert union.area == pytest.approx(city.to_crs("EPSG:6676").area.iloc[0], rel=1e-6)  # covers the city
    assert "近似" in districts.attrs["geometry_note"]
    assert districts["usage_rate"].notna().all()


def test_unlisted_areas_and_mesh_assignment(tsubame):
    city, shochiiki = tsubame
    listed = pd.DataFrame({"KEY_CODE": shochiiki["KEY_CODE"].iloc[:10], "district": "試験地区"})
    districts = compute_demand_districts(shochiiki, listed, city)
    assert set(districts["district"]) == {"試験地区", "（地区外）"}
    from curriculum.layers.mesh_population import get_city_meshes

    meshes = compute_mesh_districts(get_city_meshes(city, level="1km"), districts)
    assert meshes["district"].notna().all() and set(meshes["district"]) <= {"試験地区", "（地区外）"}
