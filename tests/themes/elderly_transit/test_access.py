"""Hospital access: geodesic distances against a brute-force pyproj computation; bus round trips."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

from curriculum import mesh
from curriculum.data import read_gtfs_jp, read_n03, read_p04
from curriculum.errors import CurriculumError
from curriculum.practice.gtfs import write_practice_gtfs
from curriculum.themes.elderly_transit.access import compute_hospital_round_trips, compute_nearest_facility, compute_stop_round_trips
from curriculum.layers.mesh_population import get_city_meshes


def test_distances_match_direct_geodesic_on_tsubame(real_fetch):
    city = read_n03(real_fetch("ksj-n03-city", city_code="15213"), city_code="15213")
    hospitals = read_p04(real_fetch("ksj-p04-2020", pref_code="15"), kinds=(1,))
    meshes = get_city_meshes(city, level="500m")
    out = compute_nearest_facility(meshes, hospitals)
    lat, lon = mesh.to_center(meshes["mesh_code"].to_numpy())
    geod = Geod(ellps="GRS80")
    h_lon, h_lat = hospitals.geometry.x.to_numpy(), hospitals.geometry.y.to_numpy()
    brute = np.array([geod.inv(np.full(len(h_lon), x), np.full(len(h_lon), y), h_lon, h_lat)[2].min()
                      for x, y in zip(lon, lat)])
    # nearest found in the plane CRS, distance geodesic: equal to the brute-force minimum (zone scale error < 1e-4)
    np.testing.assert_allclose(out["hospital_distance_m"], brute, rtol=1e-4)
    assert (out["hospital_distance_m"] >= brute - 1e-6).all()
    assert set(out["hospital_name"]) >= {"新潟県立燕労災病院", "新潟県立吉田病院"}
    assert out["hospital_distance_m"].max() < 12_000


def test_no_facilities_is_an_error():
    m = gpd.GeoDataFrame({"mesh_code": ["56384700"]}, geometry=[shapely.Point(0, 0)], crs="EPSG:6668")
    with pytest.raises(CurriculumError, match="施設が1件もありません"):
        compute_nearest_facility(m, gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:6668"), crs="EPSG:6676")


@pytest.fixture(scope="module")
def feed_and_hospital(tmp_path_factory):
    feed = read_gtfs_jp(write_practice_gtfs(tmp_path_factory.mktemp("gtfs"), center_lat=37.66, center_lon=138.9))
    stop = feed.stops[feed.stops["stop_name"] == "練習市民病院前"].iloc[0]
    hospital = gpd.GeoDataFrame({"name": ["練習病院（練習用・架空）"]},
                                geometry=[shapely.Point(float(stop["stop_lon"]), float(stop["stop_lat"]))], crs="EPSG:6668")
    return feed, hospital


def test_round_trips_only_on_the_hospital_line(feed_and_hospital):
    feed, hospital = feed_and_hospital
    trips = compute_stop_round_trips(feed, hospital, crs="EPSG:6676", date="20250407")
    names = dict(zip(feed.stops["stop_id"], feed.stops["stop_name"]))
    ok = {names[s] for s in trips.index[trips["round_trip"]]}
    # The 病院線 runs 駅前 → 市役所前 → 中央通り → 川端 → 病院前; loop-only stops need a transfer.
    assert ok == {"練習駅前", "練習市役所前", "練習中央通り", "練習川端", "練習市民病院前"}
    row = trips.loc[[k for k, v in names.items() if v == "練習駅前"][0]]
    assert row["leave"] >= "08:" and row["home_by"] <= "17:00" and row["arrive"] <= "11:00"


def test_round_trip_time_window(feed_and_hospital):
    feed, hospital = feed_and_hospital
    early = compute_stop_round_trips(feed, hospital, crs="EPSG:6676", date="20250407", arrive_by="07:30")
    names = dict(zip(feed.stops["stop_id"], feed.stops["stop_name"]))
    assert {names[s] for s in early.index[early["round_trip"]]} == {"練習市民病院前"}  # first bus leaves 07:40
    late_stay = compute_stop_round_trips(feed, hospital, crs="EPSG:6676", date="20250407", stay_min=600)
    assert {names[s] for s in late_stay.index[late_stay["round_trip"]]} == {"練習市民病院前"}


def test_mesh_round_trips_use_walking_distance(feed_and_hospital):
    feed, hospital = feed_and_hospital
    stops = feed.stops.set_index("stop_name")
    codes = [mesh.to_code(float(stops.loc[n, "stop_lat"]), float(stops.loc[n, "stop_lon"]), "125m")
             for n in ("練習中央通り", "練習北口")]
    meshes = mesh.to_polygons(codes)
    meshes.attrs["plane_crs"] = "EPSG:6676"
    out = compute_hospital_round_trips(meshes, feed, hospital, date="20250407")
    assert out["bus_round_trip"].tolist() == [True, False]
    assert out["round_trip_stop"].iloc[0] == "練習中央通り"
    none = compute_hospital_round_trips(meshes, feed, hospital, date="20250407", walk_m=1)
    assert not none["bus_round_trip"].any()
