"""N03 and mesh boundary readers: repair, dissolve, areas in the 平面直角座標系, mesh joins."""

import json

import pytest
import shapely

from curriculum.data import merge_mesh_statistics, read_census_mesh, read_mesh_boundary, read_n03
from curriculum.errors import DataFormatError


def test_tsubame_polygon_is_invalid_as_published_and_repaired(real_fetch):
    path = real_fetch("ksj-n03-city", city_code="15213")
    raw = shapely.from_geojson(json.dumps(json.loads(path.read_text(encoding="utf-8"))["features"][0]["geometry"]))
    assert not raw.is_valid
    frame = read_n03(path)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["city_code"], row["name"], row["pref_name"]) == ("15213", "燕市", "新潟県")
    assert row.geometry.is_valid
    assert row["area_km2"] == pytest.approx(110.92, abs=0.01)  # official 110.96 km²


@pytest.mark.parametrize("city_code, name, area", [
    ("15204", "三条市", 431.9), ("15342", "弥彦村", 25.2), ("15106", "新潟市南区", 100.9), ("15108", "新潟市西蒲区", 176.55),
])
def test_neighbours(real_fetch, city_code, name, area):
    frame = read_n03(real_fetch("ksj-n03-city", city_code=city_code))
    assert frame.loc[0, "name"] == name
    assert frame.loc[0, "area_km2"] == pytest.approx(area, abs=0.05)
    assert frame.geometry.is_valid.all()


def test_area_uses_zone_viii_not_web_mercator(real_fetch):
    frame = read_n03(real_fetch("ksj-n03-city", city_code="15213"))
    mercator = frame.to_crs("EPSG:3857").area.iloc[0] / 1e6
    assert mercator > 1.5 * frame.loc[0, "area_km2"]  # Web Mercator inflates areas at 37.7°N


def test_dissolve_by_code_and_filter(real_data, tmp_path):
    features = []
    for code in ("15213", "15342"):
        features += json.loads((real_data / "boundaries" / f"n03_{code}.geojson").read_text(encoding="utf-8"))["features"]
    features.append({"type": "Feature", "properties": {"N03_001": "新潟県", "N03_004": None, "N03_007": None},
                     "geometry": {"type": "Polygon", "coordinates": [[[138.8, 37.6], [138.81, 37.6], [138.81, 37.61], [138.8, 37.6]]]}})
    combined = tmp_path / "two.geojson"
    combined.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    frame = read_n03(combined)
    assert frame["city_code"].tolist() == ["15213", "15342"]  # the 所属未定 feature without a code is dropped
    assert read_n03(combined, city_code="15342")["name"].tolist() == ["弥彦村"]
    with pytest.raises(DataFormatError, match="15999"):
        read_n03(combined, city_code="15999")


def test_mesh_boundary_and_statistics(real_fetch):
    boundary = read_mesh_boundary(real_fetch("estat-mesh-boundary", level="500m", mesh1="5240"))
    assert len(boundary) == 4800
    assert boundary.crs.to_epsg() == 4612
    table = read_census_mesh(real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5240"))
    merged = merge_mesh_statistics(boundary, table)
    assert len(merged) == 4800
    assert int((~merged["populated"]).sum()) == 3032
    assert int(merged["T001101001"].sum()) == 115_588
    assert (merged.loc[~merged["populated"], "T001101001"] == 0).all()  # unpopulated = 0, not missing
    assert int(merged["T001101019"].isna().sum()) == int(table["T001101019"].isna().sum())


def test_mismatched_pair_is_an_error(real_fetch):
    boundary = read_mesh_boundary(real_fetch("estat-mesh-boundary", level="500m", mesh1="5240"))
    table = read_census_mesh(real_fetch("estat-census-mesh-2020", stats_id="T001102", mesh1="5240"))
    with pytest.raises(DataFormatError, match="境界データにありません"):
        merge_mesh_statistics(boundary, table)


def test_bad_boundary_files(real_fetch, tmp_path):
    raw = real_fetch("estat-mesh-boundary", level="500m", mesh1="5240").read_bytes()
    truncated = tmp_path / "HDDSWH5240.zip"
    truncated.write_bytes(raw[:1000])
    with pytest.raises(DataFormatError, match="壊れ"):
        read_mesh_boundary(truncated)
    other = real_fetch("ksj-p04-2020", pref_code="15")
    with pytest.raises(DataFormatError, match="N03"):
        read_n03(other)
    with pytest.raises(DataFormatError, match="KEY_CODE"):
        read_mesh_boundary(other)
