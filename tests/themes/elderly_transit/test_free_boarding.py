"""自由乗降区間の根拠 on the real 燕市 layers: route stretches far from every stop and the residents along them."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from curriculum.layers import load_boundary, load_bus_feed, load_rail_stations, load_shochiiki, provenance_of
from curriculum.themes.elderly_transit.coverage import combine_stops, get_stops
from curriculum.themes.elderly_transit.free_boarding import compute_free_boarding_stretches, compute_route_segments


def quiet(_line):
    pass


@pytest.fixture(scope="module")
def layers():
    from realdata import REAL_DATA, require_real

    require_real(REAL_DATA)
    mp = pytest.MonkeyPatch()
    mp.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    mp.delenv("CURRICULUM_FORCE_PRACTICE", raising=False)
    boundary = load_boundary("15213", echo=quiet)
    feed = load_bus_feed(boundary, echo=quiet)
    stops = combine_stops(get_stops(feed), load_rail_stations(boundary, echo=quiet))
    yield boundary, feed, stops, load_shochiiki("15213", echo=quiet)
    mp.undo()


def test_segments_join_both_directions_and_both_poles(layers):
    _, feed, _, _ = layers
    segments = compute_route_segments(feed)
    pairs = {frozenset((a, b)) for a, b in zip(segments["from_stop"], segments["to_stop"])}
    assert len(pairs) == len(segments)  # one row per stretch of road
    assert provenance_of(segments).kind == "reconstruction"
    lengths = segments.to_crs("EPSG:6676").length
    assert (lengths > 0).all() and lengths.max() < 10_000


def test_stretches_lie_outside_every_catchment(layers):
    _, feed, stops, shochiiki = layers
    meshes = gpd.GeoDataFrame({"elderly_in_city": [0.0]}, geometry=[shapely.box(138.8, 37.6, 138.81, 37.61)],
                              crs="EPSG:6668")
    stretches = compute_free_boarding_stretches(compute_route_segments(feed), stops, meshes, points=shochiiki,
                                                crs="EPSG:6676")
    assert len(stretches) > 0 and (stretches["length_m"] >= 100).all()
    plane = stretches.to_crs("EPSG:6676")
    bus = stops[stops["mode"] == "bus"].to_crs("EPSG:6676")
    rail = stops[stops["mode"] == "rail"].to_crs("EPSG:6676")
    for geometry in plane.geometry:  # outside both catchments (circles are 64-gons: up to 1 m inside the true circle)
        assert bus.distance(geometry).min() >= 300 - 1.0 and rail.distance(geometry).min() >= 800 - 1.0
    assert stretches["points_nearby"].max() > 0
    assert stretches["points_nearby"].sum() <= shochiiki["JINKO"].sum() * 2  # corridors may overlap, not explode
