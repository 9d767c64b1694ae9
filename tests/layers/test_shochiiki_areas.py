"""小地域の推計区域: Voronoi areas of the 2015 小地域 points keep every person and household, inside the city."""

from __future__ import annotations

import pytest

from curriculum.layers import load_boundary, load_shochiiki
from curriculum.layers.shochiiki import compute_shochiiki_areas
from curriculum.provenance import provenance_of
from curriculum.themes.municipal_gis.allocation import allocate_survey_units, evaluate_allocation


@pytest.fixture(scope="module")
def tsubame(real_data_module):
    boundary = load_boundary("15213", echo=lambda *_: None)
    shochiiki = load_shochiiki("15213", echo=lambda *_: None)
    return boundary, shochiiki, compute_shochiiki_areas(shochiiki, boundary)


@pytest.fixture(scope="module")
def real_data_module():
    from realdata import REAL_DATA, require_real

    require_real(REAL_DATA)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
        yield REAL_DATA


def test_one_area_per_key_code_and_the_totals_are_kept(tsubame):
    boundary, shochiiki, areas = tsubame
    assert len(areas) == shochiiki["KEY_CODE"].nunique() == 207
    assert areas["JINKO"].sum() == 79_784  # Σ JINKO of 燕市's 2015 小地域 (the catalogue's control total)
    assert areas["SETAI"].sum() == shochiiki["SETAI"].astype(float).sum()
    plane = areas.attrs["plane_crs"]
    city = boundary.to_crs(plane).union_all()
    assert areas.to_crs(plane).union_all().symmetric_difference(city).area < 1e-6 * city.area
    assert "推計" in provenance_of(areas).note and provenance_of(areas).kind == "real"


def test_twelve_enumerators_get_connected_even_areas_in_tsubame(tsubame):
    _, _, areas = tsubame
    units = areas.to_crs(areas.attrs["plane_crs"])
    table = evaluate_allocation(units, allocate_survey_units(units, 12, load="SETAI"), load="SETAI")
    assert table.attrs["all_contiguous"]
    assert table["load"].sum() == units["SETAI"].sum()
    assert table.attrs["balance"] < 1.10
