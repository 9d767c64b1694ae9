"""調査区の割り当て: hand-checkable grids, contiguity kept, balance measured, bad input refused."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from curriculum.errors import CurriculumError
from curriculum.themes.municipal_gis.allocation import allocate_survey_units, compute_adjacency, evaluate_allocation


def grid(n, loads=None):
    cells = [shapely.box(x * 100, y * 100, x * 100 + 100, y * 100 + 100) for y in range(n) for x in range(n)]
    return gpd.GeoDataFrame({"households": loads or [10] * n * n}, geometry=cells, crs="EPSG:6676")


def test_adjacency_needs_a_shared_border_not_a_corner():
    neighbours = compute_adjacency(grid(2))
    assert neighbours == {0: {1, 2}, 1: {0, 3}, 2: {0, 3}, 3: {1, 2}}
    with pytest.raises(CurriculumError, match="投影座標系"):
        compute_adjacency(grid(2).to_crs("EPSG:6668"))


def test_uniform_grid_splits_evenly_into_contiguous_areas():
    units = grid(4)
    area = allocate_survey_units(units, 4, load="households")
    table = evaluate_allocation(units, area, load="households")
    assert table["load"].tolist() == [40, 40, 40, 40]
    assert table.attrs["all_contiguous"] and table.attrs["balance"] == 1.0


def test_a_heavy_centre_still_gives_the_best_split_and_connected_areas():
    loads = [10] * 9
    loads[4] = 45  # the centre: as heavy as the other eight together
    units = grid(3, loads)
    area = allocate_survey_units(units, 2, load="households")
    table = evaluate_allocation(units, area, load="households")
    assert table.attrs["all_contiguous"]
    assert sorted(table["load"].tolist()) == [60, 65]  # 125 households: the best split of whole units
    assert table.attrs["balance"] == pytest.approx(65 / 62.5)


def test_bad_input_is_refused():
    with pytest.raises(CurriculumError, match="調査員の数"):
        allocate_survey_units(grid(2), 5, load="households")
    units = grid(2)
    units.loc[0, "households"] = None
    with pytest.raises(CurriculumError, match="数値でない値"):
        allocate_survey_units(units, 2, load="households")
