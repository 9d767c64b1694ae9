"""Each layer loader on its own: real file → real with 出典 and date; offline → practice, said so;
a corrupt or malformed file → an error, never a silent practice fallback."""

from __future__ import annotations

import shutil

import geopandas as gpd
import pytest
import shapely

from curriculum import mesh
from curriculum.errors import ChecksumError, DataFormatError, DataNotFoundError
from curriculum.layers import (
    load_boundary, load_bus_feed, load_hospitals, load_mesh_population, load_shochiiki, provenance_of, sources_table,
)
from curriculum.layers.policy import OFFLINE_NOTE

# A stand-in boundary in 広島県 around the 1 km mesh 52405049 (1st mesh 5240, whose census mesh table is in
# the real-data folder); 2,358 people live in that 1 km cell (tblT001101H5240).
HIROSHIMA_BOX = gpd.GeoDataFrame({"city_code": ["34209"], "name": ["1km メッシュ 52405049 の周り"]},
                                 geometry=[shapely.box(*mesh.to_polygons(["52405049"]).total_bounds).buffer(0.004)],
                                 crs="EPSG:6668")


def quiet(_line):
    pass


def corrupt_copy(source, cache, name=None):
    """A copy of a real file in a fresh cache with a few bytes changed (as a broken download leaves it)."""
    target = cache / (name or source.name)
    shutil.copy(source, target)
    data = bytearray(target.read_bytes())
    data[len(data) // 2: len(data) // 2 + 8] = b"XXXXXXXX"
    target.write_bytes(bytes(data))
    return target


@pytest.fixture(scope="module")
def tsubame(tmp_path_factory):
    from realdata import REAL_DATA, require_real

    require_real(REAL_DATA)
    mp = pytest.MonkeyPatch()
    mp.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    mp.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path_factory.mktemp("practice")))
    mp.delenv("CURRICULUM_FORCE_PRACTICE", raising=False)
    yield load_boundary("15213", echo=quiet)
    mp.undo()


def test_boundary_is_real_with_its_source_and_date(tsubame):
    record = provenance_of(tsubame)
    assert (record.kind, record.dataset_id, record.reference_date) == ("real", "ksj-n03-city", "2016")
    assert record.attribution == "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成"
    assert tsubame["name"].iloc[0] == "燕市"


def test_boundary_missing_offline_is_an_error_not_practice(empty_cache):
    with pytest.raises(DataNotFoundError, match="練習用データで代わりにできません"):
        load_boundary("15213", echo=quiet)


def test_corrupt_boundary_raises_checksum_error(empty_cache, monkeypatch):
    from realdata import real_file

    corrupt_copy(real_file("boundaries", "n03_15213.geojson"), empty_cache)
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")  # not even forced practice hides a broken file
    with pytest.raises(ChecksumError, match="sha256"):
        load_boundary("15213", echo=quiet)


def test_hospitals_are_real_p04_2020(tsubame, monkeypatch):
    hospitals = load_hospitals(tsubame, echo=quiet)
    record = provenance_of(hospitals)
    assert (record.kind, record.dataset_id) == ("real", "ksj-p04-2020")
    assert record.reference_date == "2020（開院・閉院は 2023-03 まで反映）"  # P04-2020 plus hospital_changes.csv
    assert int(hospitals["in_city"].sum()) == 1 and "新潟県立燕労災病院" not in set(hospitals["name"])
    as_in_p04 = load_hospitals(tsubame, as_of="2020-01", echo=quiet)
    assert int(as_in_p04["in_city"].sum()) == 2 and "新潟県立燕労災病院" in set(as_in_p04["name"])
    assert provenance_of(as_in_p04).reference_date == "2020"
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")  # nothing stands in for real hospitals
    assert provenance_of(load_hospitals(tsubame, echo=quiet)).kind == "real"


def test_shochiiki_real_2015(tsubame):
    table = load_shochiiki("15213", echo=quiet)
    record = provenance_of(table)
    assert record.kind == "real" and record.reference_date == "2015-10-01"
    assert int(table["JINKO"].sum()) == 79_784 and len(table) == 276


def test_shochiiki_outside_the_catalogue_says_what_to_give(tsubame):
    with pytest.raises(DataNotFoundError, match="path= に指定"):
        load_shochiiki("13101", echo=quiet)


def test_corrupt_shochiiki_raises_checksum_error(empty_cache):
    from realdata import real_file

    corrupt_copy(real_file("boundaries", "estat_h27_shochiiki_attrs_15213_tsubame.csv"), empty_cache)
    with pytest.raises(ChecksumError):
        load_shochiiki("15213", echo=quiet)


def test_malformed_shochiiki_file_raises_format_error(tmp_path):
    from realdata import real_file

    lines = real_file("boundaries", "estat_h27_shochiiki_attrs_15213_tsubame.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("JINKO")] = "*"  # a 秘匿 mark where a count must be
    bad = tmp_path / "shochiiki.csv"
    bad.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]), encoding="utf-8")
    with pytest.raises(DataFormatError, match="JINKO"):
        load_shochiiki("15213", path=bad, echo=quiet)
    headless = tmp_path / "no_columns.csv"
    headless.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="小地域の属性表ではない"):
        load_shochiiki("15213", path=headless, echo=quiet)


def test_mesh_population_offline_is_practice_and_says_why(tsubame, tmp_path):
    lines = []
    meshes = load_mesh_population(tsubame, practice_total=80_000, practice_dir=tmp_path, echo=lines.append)
    record = provenance_of(meshes)
    assert record.kind == "practice" and OFFLINE_NOTE in record.note
    assert f"{OFFLINE_NOTE}・架空データを使います" in lines[0] and "tblT001141H5638.zip" in lines[0]
    assert int(meshes["population"].sum()) == 80_000
    assert sorted(p.name for p in (tmp_path / "census_mesh").iterdir()) == ["practice_tblT001141H5638.zip"]


def test_forced_practice(tsubame, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    lines = []
    meshes = load_mesh_population(HIROSHIMA_BOX, stats_id="T001101", practice_dir=tmp_path, echo=lines.append)
    assert provenance_of(meshes).kind == "practice" and "CURRICULUM_FORCE_PRACTICE=1" in provenance_of(meshes).note
    assert not any(OFFLINE_NOTE in line for line in lines)  # asked for, not a fallback


def test_mesh_population_real_file(real_data):
    meshes = load_mesh_population(HIROSHIMA_BOX, stats_id="T001101", echo=quiet)
    record = provenance_of(meshes)
    assert (record.kind, record.reference_date, record.dataset_id) == ("real", "2020-10-01", "estat-census-mesh-2020")
    assert "地域メッシュ統計" in record.attribution
    assert meshes.loc[meshes["mesh_code"].str[:8] == "52405049", "population"].sum() == 2_358


def test_corrupt_census_mesh_raises_checksum_error_not_practice(empty_cache, tmp_path):
    from realdata import real_file

    corrupt_copy(real_file("census_mesh", "tblT001101H5240.zip"), empty_cache)
    lines = []
    with pytest.raises(ChecksumError):
        load_mesh_population(HIROSHIMA_BOX, stats_id="T001101", practice_dir=tmp_path, echo=lines.append)
    assert lines == [] and not (tmp_path / "census_mesh").exists()


def test_bus_feed_given_is_real_absent_is_practice(tsubame, tmp_path, monkeypatch):
    from realdata import real_file

    given = real_file("gtfs", "suzucity_gtfs.zip")
    feed = load_bus_feed(tsubame, gtfs_path=given, echo=quiet)
    assert provenance_of(feed).kind == "real" and "suzucity_gtfs.zip" in provenance_of(feed).attribution
    lines = []
    sanjo = load_boundary("15204", echo=quiet)  # no catalogued feed for 三条市 (燕市's is its community bus)
    practice = load_bus_feed(sanjo, hospitals=load_hospitals(sanjo, echo=quiet), practice_dir=tmp_path,
                             echo=lines.append)
    assert provenance_of(practice).kind == "practice" and "GTFS_PATH" in lines[0]
    assert "練習市民病院前" in set(practice.stops["stop_name"])
    with pytest.raises(DataNotFoundError, match="GTFS_PATH"):
        load_bus_feed(tsubame, gtfs_path=tmp_path / "missing.zip", echo=quiet)
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    assert provenance_of(load_bus_feed(tsubame, gtfs_path=given, practice_dir=tmp_path, echo=quiet)).is_practice


def test_sources_table_lists_every_layer(tsubame, tmp_path):
    hospitals = load_hospitals(tsubame, echo=quiet)
    layers = {"行政区域": tsubame, "医療機関": hospitals,
              "バス": load_bus_feed(tsubame, hospitals=hospitals, practice_dir=tmp_path, echo=quiet),
              "メッシュ人口": load_mesh_population(tsubame, practice_dir=tmp_path, echo=quiet)}
    table = sources_table(layers)
    assert table["layer"].tolist() == list(layers)
    assert table["種類"].tolist() == ["実データ", "実データ", "再構成データ", "練習用・架空"]
    assert table["基準日"].tolist() == ["2016", "2020（開院・閉院は 2023-03 まで反映）", "2026-09-01", ""]
