"""Practice layers over a real city (labelled, deterministic, calibrated): curriculum.layers.practice."""

from __future__ import annotations

import pytest
import shapely

from curriculum.data import read_census_mesh, read_gtfs_jp
from curriculum.errors import DataFormatError
from curriculum.layers.practice import write_practice_census_mesh, write_practice_city_gtfs

SQUARE = shapely.box(138.85, 37.64, 138.90, 37.68)


def test_practice_census_mesh_total_and_labels(tmp_path):
    first = write_practice_census_mesh(SQUARE, tmp_path / "a", total_population=12_345, seed=3)
    again = write_practice_census_mesh(SQUARE, tmp_path / "b", total_population=12_345, seed=3)
    assert [p.name for p in first] == ["practice_tblT001141H5638.zip"]
    assert first[0].read_bytes() == again[0].read_bytes()  # deterministic
    table = read_census_mesh(first[0])
    assert int(table["T001141001"].sum()) == 12_345
    assert (table["HTKSYORI"] == 2).any()  # 秘匿 as in the real files
    q = write_practice_census_mesh(SQUARE, tmp_path / "q", total_population=1000, level="250m")
    assert q[0].name == "practice_tblT001142Q5638.zip" and read_census_mesh(q[0]).attrs["mesh_level"] == "250m"


def test_practice_gtfs_ends_at_the_hospital(tmp_path):
    from pyproj import Geod

    city = shapely.box(138.80, 37.60, 138.98, 37.73)
    hospital = shapely.Point(138.90, 37.66)
    feed = read_gtfs_jp(write_practice_city_gtfs(city, tmp_path / "g.zip", hospital=hospital))
    stop = feed.stops[feed.stops["stop_name"] == "練習市民病院前"].iloc[0]
    assert Geod(ellps="GRS80").inv(hospital.x, hospital.y, float(stop["stop_lon"]), float(stop["stop_lat"]))[2] < 1.0
    assert "練習用・架空" in feed.agency["agency_name"].iloc[0]
    assert city.contains(shapely.Point(float(feed.stops["stop_lon"].mean()), float(feed.stops["stop_lat"].mean())))


def test_practice_total_must_be_positive(tmp_path):
    with pytest.raises(DataFormatError, match="練習用の総人口は正の数"):
        write_practice_census_mesh(SQUARE, tmp_path, total_population=0)
