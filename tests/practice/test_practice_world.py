"""practice.world and practice.geodata: 練習県 at sea, its CRS from curriculum.geo, meshes that tile it."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from curriculum import geo, mesh
from curriculum.practice.geodata import land_meshes, neighbours
from curriculum.practice.world import PREF_CODE, PROJECTED_CRS, practice_cities, prefecture_outline


def test_projected_crs_is_the_plane_system_of_the_practice_prefecture():
    assert PREF_CODE == "99" and PROJECTED_CRS == geo.plane_rectangular_crs(PREF_CODE) == "EPSG:6676"


def test_cities_partition_the_outline():
    outline, cities = prefecture_outline(), practice_cities()
    assert [c.city_code for c in cities] == ["99201", "99202", "99203", "99341", "99342", "99343"]
    union = shapely.union_all([c.polygon for c in cities])
    assert abs(union.area - outline.area) / outline.area < 1e-6


@pytest.mark.parametrize("level", ["1km", "500m"])
def test_land_meshes_tile_the_outline_without_gaps(level):
    outline = prefecture_outline()
    meshes = land_meshes(outline, level)
    assert mesh.level_of(meshes["mesh_code"].tolist()) == level
    assert meshes["mesh_code"].is_unique and meshes["mesh_code"].str.startswith("5738").all()
    dlat, dlon = mesh.cell_size(level)
    south, west, north, east = (np.asarray(v) for v in mesh.to_bounds(meshes["mesh_code"].tolist()))
    assert np.allclose(north - south, dlat) and np.allclose(east - west, dlon)
    # every cell whose centre lies inside the outline is there (cells found by sampling at half a cell)
    west0, south0, east0, north0 = outline.bounds
    centres = set()
    for lat in np.arange(south0 - dlat, north0 + dlat, dlat / 2):
        for lon in np.arange(west0 - dlon, east0 + dlon, dlon / 2):
            code = mesh.to_code(lat, lon, level)
            c_lat, c_lon = mesh.to_center(code)
            if outline.contains(shapely.Point(c_lon, c_lat)):
                centres.add(code)
    assert set(meshes["mesh_code"]) == centres


def test_neighbours_are_the_touching_cells():
    codes = mesh.children("56384700", "500m")  # 1 SW, 2 SE, 3 NW, 4 NE
    assert neighbours(codes)["563847001"] == ["563847002", "563847003", "563847004"]
