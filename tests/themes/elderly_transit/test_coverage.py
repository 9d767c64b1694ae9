"""Coverage: hand-computable grids and buffers, and consistency on the real 5240 files."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from curriculum.errors import CurriculumError
from curriculum.themes.elderly_transit.coverage import (
    MLIT_RADII_M, QUAD_SEGS, compute_coverage, compute_coverage_summary, compute_covered_area, get_route_shapes, get_stop_buffers,
    get_stops,
)

CRS = "EPSG:6676"
# Area of the 64-gon geopandas/shapely draw for a circle of radius r (inscribed regular polygon).
N = 4 * QUAD_SEGS


def polygon_circle_area(r: float) -> float:
    return N / 2 * r * r * math.sin(2 * math.pi / N)


def grid_2x2() -> gpd.GeoDataFrame:
    """Four 500 m cells: SW, SE, NW, NE of the origin square (0–1000 m)."""
    boxes = [shapely.box(x, y, x + 500, y + 500) for y in (0, 500) for x in (0, 500)]
    return gpd.GeoDataFrame({"cell": ["SW", "SE", "NW", "NE"], "elderly_in_city": [100.0, 200.0, 300.0, 400.0]},
                            geometry=boxes, crs=CRS)


def stops_at(*points, mode=None) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(p) for p in points], crs=CRS)
    if mode is not None:
        frame["mode"] = mode
    return frame


def test_mlit_defaults():
    assert MLIT_RADII_M == {"bus": 300, "rail": 800, "elderly_walk": 500}


def test_stop_at_grid_centre_covers_a_quarter_circle_in_each_cell():
    cov = compute_coverage(grid_2x2(), stops_at((500, 500)), radius_m=200, crs=CRS)
    expected = polygon_circle_area(200) / 4 / 250_000  # 64-gon: symmetric about both axes
    np.testing.assert_allclose(cov["covered_ratio"], expected, rtol=1e-9)
    assert expected == pytest.approx(math.pi * 200**2 / 4 / 250_000, rel=2e-3)  # ≈ the true circle
    assert not cov["centroid_covered"].any()  # centroids are 353.6 m away
    np.testing.assert_allclose(cov["nearest_stop_m"], math.hypot(250, 250))


def test_stop_inside_one_cell_and_centroid_rule():
    cov = compute_coverage(grid_2x2(), stops_at((250, 250)), radius_m=200, crs=CRS)
    assert cov["covered_ratio"].tolist()[1:] == [0.0, 0.0, 0.0]
    assert cov["covered_ratio"].iloc[0] == pytest.approx(polygon_circle_area(200) / 250_000, rel=1e-12)
    assert cov["centroid_covered"].tolist() == [True, False, False, False]


def test_overlapping_buffers_are_counted_once():
    cov = compute_coverage(grid_2x2(), stops_at((200, 250), (300, 250)), radius_m=100, crs=CRS)
    r, d = 100, 100
    lens = 2 * r * r * math.acos(d / (2 * r)) - d / 2 * math.sqrt(4 * r * r - d * d)
    true_union = 2 * math.pi * r * r - lens  # 50,548 m² for exact circles
    assert cov["covered_ratio"].iloc[0] * 250_000 == pytest.approx(true_union, rel=3e-3)
    direct = shapely.union_all(shapely.buffer(stops_at((200, 250), (300, 250)).geometry.to_numpy(), 100, quad_segs=QUAD_SEGS))
    assert cov["covered_ratio"].iloc[0] * 250_000 == pytest.approx(direct.area, rel=1e-12)


def test_summary_by_hand():
    cov = compute_coverage(grid_2x2(), stops_at((500, 500)), radius_m=200, crs=CRS)
    summary = compute_coverage_summary(cov)
    share = polygon_circle_area(200) / 4 / 250_000
    assert summary["total"].iloc[0] == 1000.0
    assert summary["covered_area"].iloc[0] == pytest.approx(1000 * share)
    assert summary["covered_area"].iloc[0] + summary["uncovered_area"].iloc[0] == pytest.approx(1000.0, rel=1e-12)
    assert summary["covered_centroid"].iloc[0] == 0.0
    assert "推計" in summary["note"].iloc[0]
    by = compute_coverage_summary(cov.assign(half=["S", "S", "N", "N"]), by="half")
    assert by.loc["N", "total"] == 700.0 and by.loc["S", "covered_area"] == pytest.approx(300 * share)


def test_rail_stops_use_the_rail_radius():
    cov = compute_coverage(grid_2x2(), stops_at((-600, 250), mode=["rail"]), radius_m=300, crs=CRS)
    assert cov["covered_ratio"].iloc[0] > 0  # 800 m reaches into the first cell, 300 m would not
    assert compute_coverage(grid_2x2(), stops_at((-600, 250), mode=["bus"]), crs=CRS)["covered_ratio"].sum() == 0


def test_web_mercator_and_missing_crs_are_refused():
    meshes = grid_2x2().to_crs("EPSG:6668")
    with pytest.raises(CurriculumError, match="Web メルカトル"):
        compute_coverage(meshes, stops_at((500, 500)), crs="EPSG:3857")
    with pytest.raises(CurriculumError, match="平面直角座標系"):
        compute_coverage(meshes, stops_at((500, 500)))


def test_buffers_are_drawn_in_metres_not_web_mercator():
    stop = gpd.GeoDataFrame(geometry=[shapely.Point(138.9, 37.67)], crs="EPSG:6668")
    ring = get_stop_buffers(stop, crs=CRS, radius_m=300).to_crs(CRS).geometry.iloc[0]
    centre = stop.to_crs(CRS).geometry.iloc[0]
    assert shapely.hausdorff_distance(ring.exterior, centre) == pytest.approx(300, rel=1e-6)


def test_get_stops_trip_filter(tmp_path):
    from curriculum.data import read_gtfs_jp
    from curriculum.layers.policy import practice_provenance
    from curriculum.practice.gtfs import write_practice_gtfs
    from curriculum.provenance import attach

    feed = read_gtfs_jp(write_practice_gtfs(tmp_path, center_lat=37.66, center_lon=138.9))
    stops = get_stops(feed, date="20250407")  # a Monday
    assert len(stops) == 18 and stops.attrs["date"] == "20250407"
    assert dict(zip(stops["stop_name"], stops["trips_per_day"]))["練習駅前"] == 41  # 13 + 12 loop trips + 16 病院線 trips
    assert "provenance" not in stops.attrs  # a bare feed says nothing about where it comes from
    assert len(get_stops(feed, date="20250407", min_trips_per_day=20)) == 14
    record = practice_provenance("バス")
    attach(feed, record)  # what curriculum.layers.load_bus_feed does: the stops and shapes carry the feed's record
    assert get_stops(feed, date="20250407").attrs["provenance"] == record
    assert get_route_shapes(feed).attrs["provenance"] == record
    weekend = get_stops(feed, date="20250412")
    assert weekend["trips_per_day"].max() < 41


# --- real files ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mesh_5240():
    from realdata import real_file

    from curriculum import mesh
    from curriculum.data import read_census_mesh

    table = read_census_mesh(real_file("census_mesh", "tblT001101H5240.zip"))
    cells = mesh.to_polygons(table["KEY_CODE"])
    cells["population"] = table["T001101001"].astype(float).to_numpy()
    return cells


def synthetic_stops(cells: gpd.GeoDataFrame, n: int, seed: int = 0) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    west, south, east, north = cells.total_bounds
    return gpd.GeoDataFrame(geometry=shapely.points(rng.uniform(west, east, n), rng.uniform(south, north, n)),
                            crs="EPSG:6668")


def test_covered_plus_uncovered_is_total_on_5240(mesh_5240):
    crs = "EPSG:6677"  # 千葉県: 平面直角座標系 IX
    cov = compute_coverage(mesh_5240, synthetic_stops(mesh_5240, 400), radius_m=300, crs=crs)
    summary = compute_coverage_summary(cov, value="population")
    total = summary["total"].iloc[0]
    assert total == 115_588
    assert summary["covered_area"].iloc[0] + summary["uncovered_area"].iloc[0] == pytest.approx(total, rel=1e-12)
    assert 0 < summary["covered_area"].iloc[0] < total
    # The covered area equals an independent overlay with the global union of the buffers.
    circles = shapely.buffer(synthetic_stops(mesh_5240, 400).to_crs(crs).geometry.to_numpy(), 300, quad_segs=QUAD_SEGS)
    polygons = mesh_5240.to_crs(crs).geometry.to_numpy()
    union = shapely.union_all(circles)
    overlay = shapely.area(shapely.intersection(polygons, union))
    np.testing.assert_allclose(compute_covered_area(polygons, circles), overlay, rtol=1e-9, atol=1e-6)


def test_coverage_pandas_frame_without_geometry_summary():
    frame = pd.DataFrame({"elderly_in_city": [1.0], "covered_ratio": [1.0], "centroid_covered": [True]})
    assert compute_coverage_summary(frame)["coverage_centroid"].iloc[0] == 1.0
    with pytest.raises(CurriculumError, match="列 population"):
        compute_coverage_summary(frame, value="population")
