"""隣接する市区町村 from the N03 boundaries (curriculum.layers.neighbours), checked against independent facts."""

from __future__ import annotations

import os

import geopandas as gpd
import pytest
import shapely

from curriculum.data.catalogue import get_entry
from curriculum.errors import DataNotFoundError
from curriculum.layers.neighbours import (
    ADJACENCY_DATASET, DERIVED_DIR_ENV, adjacency_method, compute_adjacency, load_adjacency, neighbours_of,
)
from curriculum.provenance import provenance_of
from realdata import REAL_DATA, require_real


def quiet(_line):
    pass


@pytest.fixture(scope="module")
def adjacency(tmp_path_factory):
    """One computation from the real N03 files (新潟県 and 福井県) into a fresh cache folder."""
    require_real(REAL_DATA / "boundaries" / "n03_city")
    derived = tmp_path_factory.mktemp("derived")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
        patch.setenv(DERIVED_DIR_ENV, str(derived))
        table = load_adjacency(echo=quiet)
    return table


def test_tsubame_neighbours_match_the_published_list(adjacency):
    """燕市 borders 新潟市, 長岡市, 三条市 and 弥彦村 — and not 加茂市 or 田上町 (県央 but not touching).

    Independent fact: 日本観光振興協会「観るなび」燕市 (https://tabi.jtb.or.jp/city/?type=city&opt=新潟県,燕市):
    「新潟市、長岡市、三条市、弥彦村に接する」; the same four in Wikipedia 燕市「隣接自治体」.
    """
    assert neighbours_of("15213", adjacency=adjacency) == ["15100", "15202", "15204", "15342"]


def test_wards_of_a_designated_city_are_dissolved_into_the_city(adjacency):
    """新潟市's eight wards (15101–15108, two of them in boundaries/, six in boundaries/n03_city/) are one 15100."""
    codes = set(adjacency["city_code"]) | set(adjacency["neighbour_code"])
    assert not {c for c in codes if "15101" <= c <= "15108"}
    assert "15100" in adjacency.attrs["municipalities"]
    niigata = neighbours_of("15100", adjacency=adjacency)
    # 新潟市 borders 燕市 through 南区 and 西蒲区 (files in two different folders) and 聖籠町 through 北区.
    assert {"15213", "15342", "15307", "15223", "15361"} <= set(niigata)
    assert "15202" in niigata  # 長岡市 via 西蒲区 (旧 寺泊町 side), measured ≈ 2.5 km


def test_adjacency_is_symmetric_and_every_pair_has_a_length(adjacency):
    pairs = set(zip(adjacency["city_code"], adjacency["neighbour_code"]))
    assert pairs == {(b, a) for a, b in pairs}
    assert (adjacency["shared_km"] * 1000 >= adjacency_method()["min_shared_m"]).all()


def test_a_corner_touching_at_one_point_is_not_a_neighbour(adjacency):
    """越前市 and 福井市 meet only at a mountain-top point where four municipalities' borders cross
    (Wikipedia 越前市「隣接している自治体」: 「福井市と接する部分は鯖江市・池田町を含む4市町境が交差する山頂1点のみ」).
    With the stated method (a shared border of at least min_shared_m) they are not neighbours; the other four are."""
    assert neighbours_of("18209", adjacency=adjacency) == ["18207", "18382", "18404", "18423"]
    # 鯖江市: 福井市, 越前市, 越前町 (Wikipedia 鯖江市「隣接自治体」)
    assert neighbours_of("18207", adjacency=adjacency) == ["18201", "18209", "18423"]


def test_an_island_has_no_neighbours_and_a_missing_file_is_unknown_not_none(adjacency):
    assert neighbours_of("15586", adjacency=adjacency) == []  # 粟島浦村, an island in the Sea of Japan
    with pytest.raises(DataNotFoundError) as info:
        neighbours_of("15224", adjacency=adjacency)  # 佐渡市: its file is absent from the real folder
    assert "15224" in str(info.value) and "ksj-n03-city" in str(info.value)
    with pytest.raises(DataNotFoundError, match="01100"):
        neighbours_of("01100", adjacency=adjacency)  # 札幌市: no 北海道 file


def test_the_table_is_cached_by_the_sha256_of_its_inputs(adjacency, monkeypatch):
    cached = adjacency.attrs["cache_file"]
    assert os.path.basename(cached).startswith("n03_adjacency_") and os.path.exists(cached)
    assert not cached.startswith(str(REAL_DATA))  # never written into the shared folder of official files
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    monkeypatch.setenv(DERIVED_DIR_ENV, os.path.dirname(os.path.dirname(cached)))
    before = os.stat(cached).st_mtime_ns
    again = load_adjacency(echo=quiet)
    assert os.stat(cached).st_mtime_ns == before  # read back, not recomputed
    assert again.equals(adjacency)
    assert provenance_of(again).dataset_id == ADJACENCY_DATASET
    assert provenance_of(again).attribution == get_entry(ADJACENCY_DATASET).attribution


def test_method_parameters_come_from_the_catalogue_entry():
    entry = get_entry(ADJACENCY_DATASET)
    assert entry.source_kind == "derived" and "平面直角座標系" in entry.raw["method"]["description"]
    assert adjacency_method() == {"tolerance_m": float(entry.raw["method"]["tolerance_m"]),
                                  "min_shared_m": float(entry.raw["method"]["min_shared_m"])}


@pytest.mark.parametrize("second, expected", [
    (shapely.box(1000, 0, 2000, 1000), True),        # shares a 1 km edge
    (shapely.box(1005, 0, 2000, 1000), True),        # a 5 m gap between two digitisations: within tolerance
    (shapely.box(1000, 1000, 2000, 2000), False),    # touches at one corner only
    (shapely.box(1050, 0, 2000, 1000), False),       # 50 m apart: not touching
    (shapely.box(1000, 950, 2000, 2000), False),     # shares only 50 m of border (< min_shared_m)
])
def test_compute_adjacency_rules(second, expected):
    crs = "EPSG:6676"  # 平面直角座標系 VIII (新潟県), metres
    frame = gpd.GeoDataFrame({"city_code": ["15001", "15002"]}, geometry=[shapely.box(0, 0, 1000, 1000), second],
                             crs=crs).to_crs("EPSG:6668")
    table = compute_adjacency(frame, tolerance_m=20, min_shared_m=100)
    assert (len(table) == 2) is expected


def test_practice_adjacency_is_labelled(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    table = load_adjacency(data_source="practice", echo=quiet)
    assert provenance_of(table).is_practice
    assert set(table.attrs["municipalities"]) and all(c.startswith("99") for c in table.attrs["municipalities"])
    assert neighbours_of("99201", adjacency=table)  # 練習市 touches another practice municipality


def test_one_citys_neighbours_measure_only_its_own_pairs(adjacency, tmp_path, monkeypatch):
    """What a notebook asks for (b03 under autograde, in a fresh home): one city's rows, the same as in the whole
    table, cached apart; a whole table placed in the data folder is found there and used instead."""
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    monkeypatch.setenv(DERIVED_DIR_ENV, str(tmp_path / "fresh"))
    one = load_adjacency(city_code="15100", echo=quiet)
    assert set(one["city_code"]) == {"15100"}
    whole = adjacency[adjacency["city_code"] == "15100"].reset_index(drop=True)
    assert one.reset_index(drop=True).equals(whole)
    assert one.attrs["cache_file"].endswith("_city15100.csv")
    assert one.attrs["municipalities"] == adjacency.attrs["municipalities"]

