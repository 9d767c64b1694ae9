"""統計GIS URL / file-name builders (pure); the fetching side is curriculum.data.statistics_gis (tests/data)."""

from __future__ import annotations

import zipfile

import pytest
from estat_helpers import real_file

from estat_client import gis
from estat_client.errors import EStatArgumentError, EStatError


@pytest.mark.parametrize(
    ("stats_id", "mesh1", "url", "filename"),
    [
        ("T001141", "5638", "https://www.e-stat.go.jp/gis/statmap-search/data?statsId=T001141&code=5638&downloadType=2",
         "tblT001141H5638.zip"),
        ("T001140", 5638, "https://www.e-stat.go.jp/gis/statmap-search/data?statsId=T001140&code=5638&downloadType=2",
         "tblT001140S5638.zip"),
        ("T001142", "5638", "https://www.e-stat.go.jp/gis/statmap-search/data?statsId=T001142&code=5638&downloadType=2",
         "tblT001142Q5638.zip"),
        ("T001101", "5240", "https://www.e-stat.go.jp/gis/statmap-search/data?statsId=T001101&code=5240&downloadType=2",
         "tblT001101H5240.zip"),
        ("T001102", "5240", "https://www.e-stat.go.jp/gis/statmap-search/data?statsId=T001102&code=5240&downloadType=2",
         "tblT001102Q5240.zip"),
        ("T001100", "5240", "https://www.e-stat.go.jp/gis/statmap-search/data?statsId=T001100&code=5240&downloadType=2",
         "tblT001100S5240.zip"),
        ("T000876", "5638", "https://www.e-stat.go.jp/gis/statmap-search/data?statsId=T000876&code=5638&downloadType=2",
         "tblT000876Q5638.zip"),  # 2015 250 m: there is no tblT000876H5638.zip
    ],
)
def test_census_mesh_url_and_filename(stats_id, mesh1, url, filename):
    assert gis.census_mesh_url(stats_id, mesh1) == url
    assert gis.census_mesh_filename(stats_id, mesh1) == filename


def test_real_census_mesh_zip_has_the_built_name():
    path = real_file("census_mesh", gis.census_mesh_filename("T001101", "5240"))
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == ["tblT001101H5240.txt"]


def test_real_boundary_zip_has_the_built_name():
    path = real_file("census_mesh", gis.mesh_boundary_filename("500m", "5240"))
    with zipfile.ZipFile(path) as zf:
        assert "MESH05240.shp" in [n.rsplit("/", 1)[-1] for n in zf.namelist()]


@pytest.mark.parametrize(
    ("level", "letter"), [("S", "S"), ("1km", "S"), ("H", "H"), ("500m", "H"), (500, "H"), ("Q", "Q"), ("250m", "Q")]
)
def test_mesh_boundary(level, letter):
    assert gis.mesh_boundary_url(level, 5638) == (
        f"https://www.e-stat.go.jp/gis/statmap-search/data?dlserveyId={letter}&code=5638"
        "&coordSys=1&format=shape&downloadType=5"
    )
    assert gis.mesh_boundary_filename(level, 5638) == f"{letter}DDSW{letter}5638.zip"


def test_small_area_boundary():
    assert gis.small_area_boundary_url("15213", year=2015) == (
        "https://www.e-stat.go.jp/gis/statmap-search/data?dlserveyId=A002005212015&code=15213"
        "&coordSys=1&format=shape&downloadType=5"
    )
    assert gis.small_area_boundary_filename("15213", year=2015) == "A002005212015DDSWC15213.zip"
    assert gis.small_area_boundary_filename(15213, coord="plane", datum=2011) == "A002005212020XYSWC15213-JGD2011.zip"


@pytest.mark.parametrize(
    "call",
    [
        lambda: gis.census_mesh_url("T001141", "563"),
        lambda: gis.census_mesh_url("T1141", "5638"),
        lambda: gis.census_mesh_filename("T009999", "5638"),  # unknown statsId without level=
        lambda: gis.mesh_boundary_filename("2km", "5638"),
        lambda: gis.small_area_boundary_url("1521a"),
        lambda: gis.small_area_boundary_url("15213", year=2019),
    ],
)
def test_bad_arguments_are_clear_errors(call):
    with pytest.raises(EStatArgumentError) as info:
        call()
    assert isinstance(info.value, ValueError) and isinstance(info.value, EStatError)
    assert "[en]" in str(info.value) and "対処:" in str(info.value)


def test_unknown_stats_id_with_explicit_level():
    assert gis.census_mesh_filename("T001192", "5638", level="500m") == "tblT001192H5638.zip"
