"""curriculum.data.statistics_gis: 統計GIS files through the catalogue, and estat_client.gis agreeing with it."""

from __future__ import annotations

import pytest

from curriculum import mesh
from curriculum.data.catalogue import get_entry
from curriculum.data.census_mesh import census_mesh_stats
from curriculum.data.statistics_gis import (
    fetch_census_mesh,
    fetch_mesh_boundary,
    fetch_small_area_boundary,
    mesh_level_name,
)
from curriculum.errors import CatalogueError, DataNotFoundError
from estat_client import gis


def test_fetch_census_mesh_finds_the_real_file(real_data):
    path = fetch_census_mesh("T001101", 5240, quiet=True)
    assert path == real_data / "census_mesh" / "tblT001101H5240.zip"


@pytest.mark.parametrize("level", ["500m", "H", 500, "4次"])
def test_fetch_mesh_boundary_takes_every_spelling_of_a_size(real_data, level):
    assert fetch_mesh_boundary(level, "5240", quiet=True) == real_data / "census_mesh" / "HDDSWH5240.zip"


def test_fetch_small_area_boundary_offline_names_the_official_file(empty_cache):
    with pytest.raises(DataNotFoundError) as info:
        fetch_small_area_boundary(15213, year=2015, progress=False, quiet=True)
    message = str(info.value)
    assert gis.small_area_boundary_filename("15213", year=2015) in message
    assert gis.small_area_boundary_url("15213", year=2015) in message


@pytest.mark.parametrize(
    "call",
    [
        lambda: mesh_level_name("2km"),
        lambda: fetch_mesh_boundary("2km", "5240"),
        lambda: fetch_census_mesh("T009999", "5240"),  # not in the catalogue
        lambda: fetch_census_mesh("T001141", "563"),
        lambda: fetch_small_area_boundary("15213", year=2019),
    ],
)
def test_bad_arguments_are_catalogue_errors(real_data, call):
    with pytest.raises(CatalogueError) as info:
        call()
    assert "[en]" in str(info.value)


def test_gis_builders_agree_with_the_catalogue():
    for stats_id in census_mesh_stats().index:
        census = get_entry("estat-census-mesh-2020").resolve(stats_id=stats_id, mesh1="5638")
        assert (census.url, census.filename) == (gis.census_mesh_url(stats_id, "5638"),
                                                 gis.census_mesh_filename(stats_id, "5638"))
    for level in ("1km", "500m", "250m"):
        boundary = get_entry("estat-mesh-boundary").resolve(level=level, mesh1="5638")
        assert (boundary.url, boundary.filename) == (gis.mesh_boundary_url(level, "5638"),
                                                     gis.mesh_boundary_filename(level, "5638"))
    for year in ("2015", "2020"):
        small = get_entry("estat-shochiiki-boundary").resolve(year=year, city_code="15213")
        assert (small.url, small.filename) == (gis.small_area_boundary_url("15213", year=int(year)),
                                               gis.small_area_boundary_filename("15213", year=int(year)))


def test_gis_tables_agree_with_the_catalogue_and_curriculum_mesh():
    """estat_client stands alone, so it keeps its own copies of these facts; they must not drift."""
    stats = census_mesh_stats()
    assert {sid: gis.CENSUS_MESH_STATS[sid] for sid in stats.index} == stats["mesh_letter"].to_dict()
    for letter, (level, digits) in gis.MESH_LEVELS.items():
        assert mesh.LEVELS[level][0] == digits
        assert stats.loc[stats["level"] == level, "mesh_letter"].unique().tolist() == [letter]
    boundary_levels = get_entry("estat-mesh-boundary").params["level"]["choices"]
    assert {level: choice["mesh_letter"] for level, choice in boundary_levels.items()} == {
        level: letter for letter, (level, _) in gis.MESH_LEVELS.items()}
