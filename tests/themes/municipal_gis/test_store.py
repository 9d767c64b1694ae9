"""The municipal layer store: layers from every format, append-only history, nothing lost, an offline map."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from browser import page_text
from curriculum.errors import CurriculumError, DataFormatError, DataNotFoundError
from curriculum.provenance import provenance_of
from curriculum.themes.municipal_gis import LayerStore


def write_csv(path, rows, encoding="utf-8"):
    pd.DataFrame(rows).to_csv(path, index=False, encoding=encoding)
    return path


@pytest.fixture
def store(tmp_path):
    return LayerStore(tmp_path / "city.gpkg")


def test_csv_points_with_bad_rows_kept_aside_not_lost(store, tmp_path):
    src = write_csv(tmp_path / "akiya.csv", {
        "種別": ["空き家", "空き家", "空き家", "空き家"], "緯度": ["37.67", "37.68", "不明", "138.9"],
        "経度": ["138.88", "138.89", "138.8", "37.6"], "状態": ["A", "B", "C", "D"]}, encoding="cp932")
    stored = store.add("akiya", src, title="空き家調査", kind="practice", required=("種別",))
    assert stored["状態"].tolist() == ["A", "B"] and stored["_row_id"].tolist() == [1, 2]
    rejected = store.rejected("akiya")
    assert rejected[["line", "reason"]].values.tolist() == [[4, "緯度・経度が数値ではありません"], [5, "緯度と経度が入れ替わっています"]]
    assert json.loads(rejected["raw"].iloc[0])["状態"] == "C"  # the raw row is kept
    history = store.history().iloc[0]
    assert (history["rows_in"], history["rows_stored"], history["rows_rejected"]) == (4, 2, 2)
    assert len(history["sha256"]) == 64


def test_append_only_flags_duplicates_and_keeps_every_batch(store, tmp_path):
    store.add("reports", write_csv(tmp_path / "a.csv", {"種類": ["鳥獣", "道路"], "緯度": [37.6701, 37.68],
                                                          "経度": [138.8801, 138.89]}),
              title="市民の通報", required=("種類",), key_fields=("種類",))
    second = store.append("reports", write_csv(tmp_path / "b.csv", {
        "種類": ["鳥獣", "鳥獣", "", "道路"], "緯度": [37.670102, 37.70, 37.7, 37.68], "経度": [138.880101, 138.90, 138.9, 138.95],
        "写真": ["x.jpg", "", "", ""]}))
    assert second["_row_id"].tolist() == [3, 4, 5]
    assert second["_duplicate_of"].iloc[0] == 1  # 0.2 m from report 1, same kind: flagged, still stored
    assert pd.isna(second["_duplicate_of"].iloc[1]) and pd.isna(second["_duplicate_of"].iloc[2])
    everything = store.read("reports")
    assert everything["_row_id"].tolist() == [1, 2, 3, 4, 5]
    assert everything["_batch"].tolist() == [1, 1, 2, 2, 2]
    assert "写真" in everything.columns  # a new column is added, old rows keep theirs empty
    assert store.rejected("reports")["reason"].tolist() == ["必須の列「種類」が空です"]
    assert store.history()["action"].tolist() == ["add", "append"]
    with pytest.raises(CurriculumError, match="もうあります"):
        store.add("reports", tmp_path / "a.csv", title="x")


def test_polygons_are_repaired_and_projected_coordinates_without_crs_refused(store, tmp_path):
    bowtie = shapely.Polygon([(138.80, 37.60), (138.82, 37.62), (138.82, 37.60), (138.80, 37.62)])
    layer = gpd.GeoDataFrame({"name": ["A", "B"]}, geometry=[bowtie, shapely.box(138.83, 37.60, 138.84, 37.61)], crs="EPSG:4326")
    layer.to_file(tmp_path / "areas.geojson")
    stored = store.add("areas", tmp_path / "areas.geojson", title="区域")
    assert stored.geometry.is_valid.all() and store.history()["rows_repaired"].tolist() == [1]
    assert stored.crs.to_epsg() == 6668
    wrong = gpd.GeoDataFrame({"name": ["P"]}, geometry=[shapely.Point(40000.0, 180000.0)], crs="EPSG:4326")
    wrong.to_file(tmp_path / "wrong.geojson")
    with pytest.raises(DataFormatError, match="日本の範囲の外"):
        store.add("wrong", tmp_path / "wrong.geojson", title="x")
    with pytest.raises(DataFormatError, match="緯度・経度の列"):
        store.add("nocoords", write_csv(tmp_path / "n.csv", {"a": [1]}), title="x")
    with pytest.raises(DataNotFoundError):
        store.append("nothing", tmp_path / "a.csv")
    with pytest.raises(CurriculumError, match="レイヤー名"):
        store.add("空き家", tmp_path / "areas.geojson", title="x")


def test_layers_carry_provenance_and_the_published_map_opens_offline(store, tmp_path, real_data):
    from curriculum.data import fetch, read_n03

    boundary = read_n03(fetch("ksj-n03-city", city_code="15213", quiet=True), city_code="15213")
    store.add("boundary", boundary[["name", "geometry"]], title="行政区域（N03）", attribution="出典：国土数値情報（行政区域）")
    store.add("akiya", write_csv(tmp_path / "a.csv", {"種別": ["空き家"], "緯度": [37.67], "経度": [138.88]}),
              title="空き家調査", kind="practice")
    assert provenance_of(store.read("akiya")).is_practice
    assert store.layers()[["name", "features"]].values.tolist() == [["boundary", 1], ["akiya", 1]]
    path = store.publish(tmp_path / "map.html", title="くらしマップ（練習）")
    html = path.read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in html and "L.control.layers" in html
    text, errors = page_text(path, screenshot="municipal_gis_published_map")
    assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e] == []  # only the background tiles need the network
    assert "行政区域（N03）" in text and "空き家調査（練習用・架空）" in text
