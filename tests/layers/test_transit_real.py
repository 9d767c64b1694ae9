"""Real transit layers for 燕市: the community-bus reconstruction, N02 stations and hospital changes, checked against
the control values in ``transit_real/PROVENANCE.md`` and ``facilities`` (numbers read or computed there)."""

from __future__ import annotations

import shutil

import pytest
from pyproj import Geod

from curriculum.errors import ChecksumError, DataFormatError
from curriculum.layers import load_boundary, load_bus_feed, load_hospitals, load_rail_stations, provenance_of
from curriculum.layers.facilities import apply_hospital_changes, hospital_changes
from curriculum.layers.rail import read_n02_stations
from curriculum.layers.transit_feed import RECONSTRUCTION_NOTE, city_feed_dataset

GEOD = Geod(ellps="GRS80")


def quiet(_line):
    pass


@pytest.fixture(scope="module")
def tsubame(tmp_path_factory):
    from realdata import REAL_DATA, require_real

    require_real(REAL_DATA)
    mp = pytest.MonkeyPatch()
    mp.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    mp.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path_factory.mktemp("practice")))
    mp.delenv("CURRICULUM_FORCE_PRACTICE", raising=False)
    boundary = load_boundary("15213", echo=quiet)
    yield boundary, load_bus_feed(boundary, echo=quiet)
    mp.undo()


def test_tsubame_feed_is_the_reconstruction_with_provenance_counts(tsubame):
    _, feed = tsubame
    record = provenance_of(feed)
    assert record.kind == "reconstruction" and record.label == "再構成データ"
    assert record.dataset_id == "gtfs-tsubame-bus-reconstruction" and record.reference_date == "2026-09-01"
    assert record.note == RECONSTRUCTION_NOTE and "公式ファイルではありません" in record.attribution
    summary = feed.summary()
    assert (summary["stops"], summary["routes"], summary["trips"], summary["stop_times"]) == (90, 3, 32, 790)
    assert feed.trips["route_id"].value_counts().to_dict() == {"10": 14, "30": 10, "20": 8}
    stops = feed.stops.set_index("stop_id")
    assert (stops.loc["123_01", "stop_lat"], stops.loc["123_01", "stop_lon"]) == (37.64869, 138.93863)
    assert (stops.loc["111_01", "stop_lat"], stops.loc["111_01", "stop_lon"]) == (37.6732, 138.88296)
    events = feed.stop_times["stop_id"].value_counts()
    assert (events["162_01"], events["118_01"], events["115_01"]) == (21, 22, 24)
    assert feed.feed_info["feed_version"].iloc[0] == "2026/09/01改正-見える化ver2.6e"


def test_reconstruction_stops_by_municipality(tsubame):
    import geopandas as gpd
    import shapely

    boundary, feed = tsubame
    points = shapely.points(feed.stops["stop_lon"].astype(float), feed.stops["stop_lat"].astype(float))
    inside = shapely.within(points, boundary.geometry.iloc[0])
    assert int(inside.sum()) == 64  # 燕市 64, 弥彦村 25, 三条市 1 (PROVENANCE)
    yahiko = load_boundary("15342", echo=quiet).geometry.iloc[0]
    assert int(shapely.within(points, yahiko).sum()) == 25
    assert city_feed_dataset("15213") == city_feed_dataset("15342") == "gtfs-tsubame-bus"
    assert city_feed_dataset("15204") is None
    assert isinstance(boundary, gpd.GeoDataFrame)


def test_a_changed_reconstruction_file_is_a_checksum_error(tsubame, tmp_path, monkeypatch):
    from realdata import REAL_DATA

    boundary, _ = tsubame
    copy = tmp_path / "data"
    shutil.copytree(REAL_DATA / "transit_real" / "gtfs_digest_tsubame", copy / "gtfs_digest_tsubame")
    stops = copy / "gtfs_digest_tsubame" / "tsubame_community_bus_2026-09_digest_stops.csv"
    stops.write_text(stops.read_text(encoding="utf-8").replace("37.64869", "37.74869"), encoding="utf-8")
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(copy))
    with pytest.raises(ChecksumError, match="sha256"):
        load_bus_feed(boundary, echo=quiet)


def test_without_the_feed_files_buses_are_practice_offline_and_other_cities_too(tsubame, tmp_path, monkeypatch):
    boundary, _ = tsubame
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(tmp_path))
    lines = []
    feed = load_bus_feed(boundary, practice_dir=tmp_path / "p", echo=lines.append)
    assert provenance_of(feed).is_practice and "オフラインのため" in provenance_of(feed).note
    assert not any("公開されていない" in line for line in lines)


def test_rail_stations_control_values(real_data):
    stations = read_n02_stations(real_data / "transit_real" / "rail" / "N02-20_Station.geojson")
    assert len(stations) == 10267
    jr = stations[stations["operator"] == "東日本旅客鉄道"]
    assert jr["line"].value_counts()[["越後線", "弥彦線", "上越新幹線"]].tolist() == [32, 8, 10]
    first = stations[(stations["station_name"] == "燕三条") & (stations["line"] == "上越新幹線")].geometry.iloc[0]
    assert tuple(round(v, 5) for v in first.geoms[0].coords[0]) == (138.93767, 37.64588)


def test_rail_layer_for_tsubame(tsubame):
    boundary, _ = tsubame
    stations = load_rail_stations(boundary, echo=quiet)
    record = provenance_of(stations)
    assert record.kind == "real" and record.dataset_id == "ksj-n02-2020" and record.reference_date == "2020"
    in_city = stations[stations["in_city"]]
    assert sorted(zip(in_city["line"], in_city["stop_name"])) == sorted(
        [("越後線", n) for n in ("分水", "粟生津", "南吉田", "吉田", "北吉田")]
        + [("弥彦線", n) for n in ("吉田", "西燕", "燕", "燕三条")])
    assert (stations["mode"] == "rail").all()
    shinkansen = stations[(stations["line"] == "上越新幹線") & (stations["stop_name"] == "燕三条")]
    assert len(shinkansen) == 1 and not shinkansen["in_city"].iloc[0]  # its centroid falls in 三条市


def test_hospital_changes_are_data_with_a_date_and_source_each():
    changes = hospital_changes()
    assert {"date", "change", "name", "source"} <= set(changes.columns)
    assert (changes["source"].str.len() > 10).all() and changes["date"].str.fullmatch(r"\d{4}-\d{2}").all()
    closed = set(changes.loc[changes["change"] == "閉院", "name"])
    assert closed == {"新潟県立燕労災病院", "新潟県済生会三条病院"}


def test_hospitals_after_the_2023_merger(tsubame):
    boundary, feed = tsubame
    hospitals = load_hospitals(boundary, echo=quiet)
    names = set(hospitals["name"])
    assert "新潟県立燕労災病院" not in names and "新潟県済生会三条病院" not in names
    new = hospitals[hospitals["name"] == "済生会新潟県央基幹病院"]
    assert len(new) == 1 and new["status"].iloc[0].startswith("開院（2023-03")
    stop = feed.stops.set_index("stop_id").loc["162_01"]  # the only public coordinate offline: its bus stop
    assert (new.geometry.x.iloc[0], new.geometry.y.iloc[0]) == (stop["stop_lon"], stop["stop_lat"])
    assert provenance_of(hospitals).reference_date == "2020（開院・閉院は 2023-03 まで反映）"
    with_closed = load_hospitals(boundary, include_closed=True, echo=quiet).set_index("name")
    assert not with_closed.loc["新潟県立燕労災病院", "open"] and with_closed.loc["新潟県立燕労災病院", "in_city"]
    assert with_closed.loc["新潟県済生会三条病院", "status"] == "閉院（2023-03、済生会新潟県央基幹病院に統合）"
    before = load_hospitals(boundary, as_of="2022-12", echo=quiet)
    assert "新潟県立燕労災病院" in set(before["name"]) and "済生会新潟県央基幹病院" not in set(before["name"])
    # PROVENANCE: 115_01 県立吉田病院 lies 34.8 m from the P04 point of the hospital
    yoshida = hospitals[hospitals["name"] == "新潟県立吉田病院"].geometry.iloc[0]
    bus = feed.stops.set_index("stop_id").loc["115_01"]
    assert round(GEOD.inv(yoshida.x, yoshida.y, bus["stop_lon"], bus["stop_lat"])[2], 1) == 34.8


def test_hospitals_or_hospitals_and_clinics(tsubame):
    boundary, _ = tsubame
    only = load_hospitals(boundary, kinds="病院", echo=quiet)
    both = load_hospitals(boundary, kinds="病院・診療所", echo=quiet)
    assert set(only["kind"]) == {"病院"} and set(both["kind"]) == {"病院", "一般診療所"}
    assert len(both) > len(only) and set(only["name"]) <= set(both["name"])
    with pytest.raises(Exception, match="選べません"):
        load_hospitals(boundary, kinds="薬局", echo=quiet)


def test_a_closure_only_touches_the_named_hospital():
    import geopandas as gpd
    import shapely

    p04 = gpd.GeoDataFrame({"kind_code": [1, 1], "kind": ["病院", "病院"], "name": ["新潟県立燕労災病院", "新潟県立吉田病院"]},
                           geometry=[shapely.Point(138.9, 37.66), shapely.Point(138.88, 37.69)], crs="EPSG:6668")
    out = apply_hospital_changes(p04).set_index("name")
    assert out["open"].to_dict() == {"新潟県立燕労災病院": False, "新潟県立吉田病院": True, "済生会新潟県央基幹病院": True}
    clinics = p04.assign(kind_code=2, kind="一般診療所")
    assert "済生会新潟県央基幹病院" not in set(apply_hospital_changes(clinics)["name"])  # a hospital is not added to clinics


def test_n02_zip_without_stations_is_a_clear_error(tmp_path):
    import zipfile

    bad = tmp_path / "N02-20_GML.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("UTF-8/N02-20_RailroadSection.geojson", "{}")
    with pytest.raises(DataFormatError, match="駅の GeoJSON"):
        read_n02_stations(bad)


def test_census_mesh_download_is_tried_then_offline_practice_says_so(real_data, tmp_path, monkeypatch):
    """DATA_SOURCE="download" asks e-Stat for 1st mesh 5638; only when that fails is the mesh practice data, and the
    message says why (offline), never that the data is unpublished."""
    from curriculum.layers import load_mesh_population

    cache = tmp_path / "cache"
    shutil.copytree(real_data / "boundaries", cache / "boundaries")
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(cache))
    boundary = load_boundary("15213", echo=quiet)
    lines = []
    meshes = load_mesh_population(boundary, data_source="download", practice_total=80_000, practice_dir=tmp_path / "p",
                                  echo=lines.append)
    record = provenance_of(meshes)
    text = "\n".join(lines)
    assert "公開されていない" not in text
    if record.kind == "real":  # a machine with a network: the real e-Stat table of 5638
        assert (cache / "estat-census-mesh-2020" / "tblT001141H5638.zip").exists()
    else:
        assert "オフラインのため" in text and "ダウンロードできませんでした" in record.note
