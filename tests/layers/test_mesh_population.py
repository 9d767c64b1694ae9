"""Mesh population for a city: clipping, 秘匿, unpopulated = 0, 500 m vs 250 m totals on real files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from curriculum import mesh
from curriculum.data import read_census_mesh, read_n03
from curriculum.errors import DataFormatError
from curriculum.layers.mesh_population import compute_mesh_population, get_city_meshes


def test_one_km_square_gives_its_four_500m_meshes():
    square = shapely.box(*mesh.to_polygons(["56384710"]).total_bounds)
    meshes = get_city_meshes(square, level="500m", crs="EPSG:6676")
    assert meshes["mesh_code"].tolist() == mesh.children("56384710", "500m")
    np.testing.assert_allclose(meshes["overlap_ratio"], 1.0)
    assert meshes.attrs == {"plane_crs": "EPSG:6676", "level": "500m", "city_code": None}


def test_half_covered_mesh_has_overlap_half():
    south, west, north, east = mesh.to_bounds("563847101")
    half = shapely.box(west, south, (west + east) / 2, north)
    meshes = get_city_meshes(half, level="500m", crs="EPSG:6676")
    assert meshes["mesh_code"].tolist() == ["563847101"]
    assert meshes["overlap_ratio"].iloc[0] == pytest.approx(0.5, abs=1e-4)  # halved in longitude ≈ half the area


def test_secrecy_group_and_unpopulated_meshes():
    square = shapely.box(*mesh.to_polygons(["56384710"]).total_bounds)
    meshes = get_city_meshes(square, level="500m", crs="EPSG:6676")
    table = pd.DataFrame({"KEY_CODE": ["563847101", "563847102", "563847104"], "HTKSYORI": [1, 2, 0],
                          "HTKSAKI": [pd.NA, "563847101", pd.NA], "GASSAN": ["563847102", pd.NA, pd.NA],
                          "T001141001": [10, 2, 50], "T001141019": [11, pd.NA, 20], "T001141022": [4, pd.NA, 9],
                          "T001141034": [5, 1, 20]}).astype({c: "Int64" for c in ("T001141001", "T001141019", "T001141022", "T001141034")})
    table.attrs = {"stats_id": "T001141", "source_file": "practice_tblT001141H5638.zip"}
    naive = table["T001141019"] / table["T001141001"]
    assert naive.max() > 1  # the 秘匿 trap: 11 elderly of a 10-person receiving mesh
    pop = compute_mesh_population(meshes, table)
    by = pop.set_index("mesh_code")
    assert by.loc["563847101", "elderly"] == pytest.approx(11 / 12 * 10)
    assert by.loc["563847102", "elderly"] == pytest.approx(11 / 12 * 2)
    assert by["elderly_share"].max() <= 1
    assert by.loc["563847103", "population"] == 0 and not by.loc["563847103", "populated"]
    assert by["elderly"].sum() == pytest.approx(31)


def test_missing_first_mesh_table_and_level_mismatch():
    square = shapely.box(*mesh.to_polygons(["56384710"]).total_bounds)
    meshes = get_city_meshes(square, level="500m", crs="EPSG:6676")
    other = pd.DataFrame({"KEY_CODE": ["523900001"], "HTKSYORI": [0], "HTKSAKI": [pd.NA], "GASSAN": [pd.NA],
                          "T001141001": [1], "T001141019": [0], "T001141022": [0], "T001141034": [1]})
    with pytest.raises(DataFormatError, match="1次メッシュ 5638"):
        compute_mesh_population(meshes, other)
    with pytest.raises(DataFormatError, match="メッシュの大きさが合いません"):
        compute_mesh_population(get_city_meshes(square, level="1km", crs="EPSG:6676"),
                                other.assign(KEY_CODE="563847101"))


def test_tsubame_meshes_cover_the_repaired_city(real_fetch):
    city = read_n03(real_fetch("ksj-n03-city", city_code="15213"), city_code="15213")
    meshes = get_city_meshes(city, level="500m")
    assert meshes.attrs["plane_crs"] == "EPSG:6676"
    assert meshes["area_km2"].sum() == pytest.approx(city["area_km2"].iloc[0], rel=1e-6)  # 110.92 km²
    assert set(meshes["mesh1"]) == {"5638"}
    assert (meshes["overlap_ratio"] > 0).all() and (meshes["overlap_ratio"] <= 1).all()
    # every 1 km mesh of the official list that meets the polygon has its 500 m children here
    km = set(mesh.parent(meshes["mesh_code"].to_numpy(), "1km"))
    assert len(km) in (145, 146)


@pytest.fixture(scope="module")
def first_mesh_5240():
    return shapely.box(140.0, 52 / 1.5, 141.0, 53 / 1.5)


def test_500m_and_250m_totals_agree_on_5240(first_mesh_5240):
    from realdata import real_file

    t500 = read_census_mesh(real_file("census_mesh", "tblT001101H5240.zip"))
    t250 = read_census_mesh(real_file("census_mesh", "tblT001102Q5240.txt"))
    p500 = compute_mesh_population(get_city_meshes(first_mesh_5240, level="500m", crs="EPSG:6677"), t500)
    p250 = compute_mesh_population(get_city_meshes(first_mesh_5240, level="250m", crs="EPSG:6677"), t250)
    assert int(p500["population"].sum()) == int(p250["population"].sum()) == 115_588
    assert p500["population_in_city"].sum() == pytest.approx(115_588, rel=1e-9)
    assert p500["elderly"].sum() == pytest.approx(p250["elderly"].sum(), rel=1e-9)
    assert p500["elderly_share"].max() <= 1 and p250["elderly_share"].max() <= 1
    # 秘匿 groups are spread by population: the group totals are kept exactly
    raw = t500["T001101019"].sum()
    assert p500["elderly"].sum() == pytest.approx(float(raw), rel=1e-9)
