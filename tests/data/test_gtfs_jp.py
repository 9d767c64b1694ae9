"""Tests for curriculum.data.gtfs_jp against the real feeds and the validator edge feeds.

Expected counts come from ../shared/data/PROVENANCE-geo.md and are re-counted here from the raw
files with zipfile + csv (not with the reader under test).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from pathlib import Path

import gtfs_kit as gk
import pandas as pd
import pytest

from curriculum.errors import DataFormatError, DataNotFoundError
from curriculum.data.gtfs_jp import GtfsJpFeed, GtfsJpWarning, read_gtfs_jp
from realdata import real_file

MLIT = "mlit_spec_sample_rinkobus"
IKEDA = "fukui_ikeda_nakamago_gtfs.zip"
SUZU = "suzucity_gtfs.zip"
SABAE = "sabae_tsutsujibus_gtfs.zip"


def _raw_rows(feed: Path, table: str) -> list[dict[str, str]] | None:
    """Rows of `table`.txt read with the standard library only; None when the file is absent."""
    if feed.is_dir():
        path = feed / f"{table}.txt"
        text = path.read_bytes().decode("utf-8-sig") if path.exists() else None
    else:
        with zipfile.ZipFile(feed) as zf:
            names = [n for n in zf.namelist() if n.split("/")[-1] == f"{table}.txt"]
            text = zf.read(names[0]).decode("utf-8-sig") if names else None
    if text is None:
        return None
    return [r for r in csv.DictReader(io.StringIO(text, newline="")) if any((v or "").strip() for v in r.values())]


def _read_quiet(path: Path) -> GtfsJpFeed:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GtfsJpWarning)
        return read_gtfs_jp(path)


# --------------------------------------------------------------------------- real feeds

# name, stops, used stops, routes, trips, stop_times, shapes (None = no shapes.txt)
REAL_FEEDS = [
    (MLIT, 48, 41, 2, 6, 129, None),
    (IKEDA, 86, 53, 12, 8, 351, None),
    (SUZU, 50, 33, 4, 7, 144, None),
    (SABAE, 289, 288, 17, 86, 3237, 63),
]


@pytest.mark.parametrize(("name", "stops", "used", "routes", "trips", "stop_times", "shapes"), REAL_FEEDS)
def test_real_feed_counts(name, stops, used, routes, trips, stop_times, shapes):
    path = real_file("gtfs", name)
    raw = {t: _raw_rows(path, t) for t in ("stops", "routes", "trips", "stop_times", "shapes")}
    raw_counts = (
        len(raw["stops"]),
        len({r["stop_id"] for r in raw["stop_times"]}),
        len(raw["routes"]),
        len(raw["trips"]),
        len(raw["stop_times"]),
        None if raw["shapes"] is None else len({r["shape_id"] for r in raw["shapes"]}),
    )
    assert raw_counts == (stops, used, routes, trips, stop_times, shapes)  # PROVENANCE still true

    jp = _read_quiet(path)  # real feeds load without any repair
    s = jp.summary()
    assert (s["stops"], s["used_stops"], s["routes"], s["trips"], s["stop_times"], s["shapes"]) == raw_counts
    assert isinstance(jp.feed, gk.Feed)
    assert list(jp.stops["stop_id"]) == [r["stop_id"] for r in raw["stops"]]  # text, same order
    assert (jp.shapes is None) == (shapes is None)


def test_mlit_sample_jp_files():
    jp = _read_quiet(real_file("gtfs", MLIT))
    assert jp.agency_jp.loc[0, "agency_id"] == "5020001072478"
    assert jp.agency_jp.loc[0, "agency_official_name"] == "川崎鶴見臨港バス株式会社"
    assert jp.office_jp.loc[0, "office_name"] == "神明町営業所"
    assert list(jp.routes_jp["route_id"]) == [r["route_id"] for r in _raw_rows(jp.source_path, "routes_jp")]
    assert jp.translations_format == "jp"
    first = jp.translations.iloc[0]
    assert (first["trans_id"], first["lang"], first["translation"]) == ("川崎駅西口", "ja-Hrkt", "かわさきえきにしぐち")
    # JP columns gtfs-kit does not know stay text (gtfs-kit itself reads jp_parent_route_id as Int64)
    assert list(jp.routes["jp_parent_route_id"]) == ["25000", "21000"]
    assert set(jp.trips["jp_office_id"]) == {"神明町"}
    assert jp.summary()["jp_files"] == ["agency_jp", "office_jp", "routes_jp", "translations"]


def test_mlit_times_are_zero_padded():
    path = real_file("gtfs", MLIT)
    raw = _raw_rows(path, "stop_times")
    assert raw[0]["arrival_time"] == "6:28:00"  # the quirk is really in the file
    jp = _read_quiet(path)
    expected = [t if len(t) == 8 else "0" + t for t in (r["departure_time"] for r in raw)]
    assert list(jp.stop_times["departure_time"]) == expected
    assert jp.stop_times.loc[0, "arrival_time"] == "06:28:00"
    stats = gk.compute_trip_stats(jp.feed)  # gtfs-kit sorts times as text: works only when padded
    assert stats["start_time"].min() == min(expected) == "06:27:00"


def test_ikeda_subfolder_zip_and_text_stop_ids():
    path = real_file("gtfs", IKEDA)
    with zipfile.ZipFile(path) as zf:
        assert all(n.startswith("fukui_ikeda_gtfs/") for n in zf.namelist())
    jp = _read_quiet(path)
    assert jp.stops["stop_id"].dtype == "string"
    assert set(jp.stops["stop_id"]) == {r["stop_id"] for r in _raw_rows(path, "stops")}
    assert jp.office_jp is None and jp.shapes is None  # optional files absent -> None
    with pytest.raises(DataFormatError, match="shapes.txt が必要"):
        jp.require("shapes")


def test_same_tables_as_gtfs_kit_read_feed():
    """For every column gtfs-kit knows, the tables equal gtfs_kit.read_feed's (after its clean_times)."""
    path = real_file("gtfs", SABAE)
    ours = _read_quiet(path).feed
    theirs = gk.read_feed(path, dist_units="km").clean_times()
    for table in ("agency", "stops", "routes", "trips", "stop_times", "calendar", "calendar_dates", "shapes"):
        a, b = getattr(ours, table), getattr(theirs, table)
        known = [c for c in gk.constants.DTYPES[table] if c in b.columns]
        pd.testing.assert_frame_equal(a[known], b[known], check_dtype=True)


def test_gtfs_kit_functions_work_on_the_feed():
    jp = _read_quiet(real_file("gtfs", SABAE))
    assert len(gk.compute_trip_stats(jp.feed)) == 86
    stops = jp.get_stops(as_gdf=True)  # delegated to the gtfs-kit Feed
    assert stops.crs.to_epsg() == 4326 and len(stops) == 289
    assert jp.shapes["shape_id"].nunique() == 63


# --------------------------------------------------------------------------- edge feeds
# Decision per validator feed: load (maybe with a GtfsJpWarning) or reject with DataFormatError.
LOADED = {  # name -> warning fragment, or None for a clean load
    "good_feed": None,
    "utf8bom": None,
    "only_calendar_dates": None,
    "duplicate_stop": "セルが足りない",  # two stops 0.3 m apart: a validator matter, not a reading one
    "missing_row_cells": "セルが足りない",
    "extra_row_cells": "余分な空の",
    "missing_departure_time": "片方だけ",
    "negative_stop_sequence": "負の stop_sequence",
}
REJECTED = {  # name -> fragment of the Japanese message
    "bad_date_format": "start_date 列に日付（YYYYMMDD）として読めない値 ['2007.01.01']",
    "bad_utf8": "UTF-8 として読めません",
    "contains_null": "NUL 文字",
    "duplicate_stop_sequence": "trip_id+stop_sequence が重複",
    "empty_file": "必須ファイル agency.txt が空",
    "missing_calendar": "calendar.txt も calendar_dates.txt もありません",
    "missing_column": "必須の列 agency_name がありません",
    "missing_endpoint_times": "便 ['AB2', 'BFC2'] の始発か終着",
    "missing_stops": "必須ファイル stops.txt がありません",
    "missing_weekday_column": "必須の列 thursday がありません",
    "undefined_stop": "stop_id ['NADAR'] が stops.txt にありません",
    "utf16": "UTF-16",
}


def test_every_edge_feed_has_a_decision():
    folder = real_file("gtfs_edge", "transitfeed")
    assert {p.name for p in folder.iterdir()} == set(LOADED) | set(REJECTED)


@pytest.mark.parametrize("name", sorted(LOADED))
def test_edge_feed_loaded(name):
    path = real_file("gtfs_edge", "transitfeed", name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        jp = read_gtfs_jp(path)
    messages = [str(w.message) for w in caught if issubclass(w.category, GtfsJpWarning)]
    if LOADED[name] is None:
        assert messages == []
    else:
        assert any(LOADED[name] in m for m in messages), messages
    assert len(jp.stops) == len(_raw_rows(path, "stops"))
    assert len(jp.stop_times) == len(_raw_rows(path, "stop_times"))
    assert jp.agency.columns[0] == "agency_id"  # a BOM does not stick to the first column name


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_edge_feed_rejected(name):
    path = real_file("gtfs_edge", "transitfeed", name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GtfsJpWarning)
        with pytest.raises(DataFormatError) as info:
            read_gtfs_jp(path)
    assert REJECTED[name] in info.value.ja
    assert name in info.value.path  # the message names the feed (and the file, where there is one)
    assert info.value.fix  # every rejection tells the trainee what to do


def test_transitland_bad_entities_rejected():
    path = real_file("gtfs_edge", "transitland", "bad-entities")  # one bad value per row, on purpose
    with pytest.warns(GtfsJpWarning, match="セルが足りない"), pytest.raises(DataFormatError, match="stop_id 列が空の行"):
        read_gtfs_jp(path)


def test_edge_extra_cells_are_dropped_not_shifted():
    path = real_file("gtfs_edge", "transitfeed", "extra_row_cells")
    with pytest.warns(GtfsJpWarning, match=r"\[4\] 行目"):
        jp = read_gtfs_jp(path)
    assert jp.routes.set_index("route_id").loc["STBA", "route_type"] == 3


# --------------------------------------------------------------------------- synthetic feeds
MINIMAL = {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\n0001,テスト交通,https://example.com,Asia/Tokyo\n",
    "stops.txt": "stop_id,stop_name,stop_lat,stop_lon,zone_id,location_type,parent_station\n"
    "010,駅,37.60,138.90,,1,\n01,駅前,37.60,138.90,01,0,010\n02,役場前,37.61,138.91,02,0,\n",
    "routes.txt": "route_id,agency_id,route_short_name,route_type,jp_parent_route_id\n001,0001,循環,3,007\n",
    "trips.txt": "route_id,service_id,trip_id,shape_id,jp_office_id\n001,01,0001,01,01\n",
    "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
    "0001,24:50:00,24:50:00,01,1\n0001,25:10:00,25:10:00,02,2\n",
    "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
    "01,1,1,1,1,1,0,0,20250401,20260331\n",
    "office_jp.txt": "office_id,office_name\n01,営業所\n",
}


def _write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def test_ids_stay_text_and_late_times_kept(tmp_path):
    jp = _read_quiet(_write(tmp_path / "feed", MINIMAL))
    assert list(jp.stops["stop_id"]) == ["010", "01", "02"]
    assert list(jp.stops["parent_station"].fillna("")) == ["", "010", ""]
    assert list(jp.stops["zone_id"].fillna("")) == ["", "01", "02"]
    assert (jp.routes.loc[0, "route_id"], jp.routes.loc[0, "agency_id"], jp.routes.loc[0, "jp_parent_route_id"]) == (
        "001", "0001", "007")
    assert tuple(jp.trips.loc[0, ["service_id", "trip_id", "shape_id", "jp_office_id"]]) == ("01", "0001", "01", "01")
    assert list(jp.stop_times["stop_id"]) == ["01", "02"]
    assert list(jp.stop_times["arrival_time"]) == ["24:50:00", "25:10:00"]
    assert jp.office_jp.loc[0, "office_id"] == "01"
    assert jp.translations is None and jp.translations_format is None


def test_zip_with_subfolder_and_folder_with_subfolder_read_the_same(tmp_path):
    folder = _write(tmp_path / "outer" / "inner", MINIMAL)
    zip_path = tmp_path / "feed.zip"
    with zipfile.ZipFile(zip_path, "w") as zf:
        for name in MINIMAL:
            zf.write(folder / name, f"inner/{name}")
        zf.writestr("__MACOSX/inner/._stops.txt", b"\x00\x05junk")
    a, b = _read_quiet(tmp_path / "outer"), _read_quiet(zip_path)
    pd.testing.assert_frame_equal(a.stop_times, b.stop_times)
    assert len(b.stops) == 3


def test_translations_v3_format(tmp_path):
    v3 = ("table_name,field_name,language,translation,record_id,record_sub_id,field_value\n"
          "stops,stop_name,en,Station,01,,\n")
    jp = _read_quiet(_write(tmp_path / "feed", {**MINIMAL, "translations.txt": v3}))
    assert jp.translations_format == "gtfs"
    assert jp.translations.loc[0, "record_id"] == "01"
    with pytest.raises(DataFormatError, match="translations.txt の列"):
        read_gtfs_jp(_write(tmp_path / "bad", {**MINIMAL, "translations.txt": "id,text\n1,a\n"}))


def test_cp932_feed_gives_clear_japanese_error(tmp_path):
    files = {**MINIMAL, "stops.txt": MINIMAL["stops.txt"].encode("cp932")}
    with pytest.raises(DataFormatError, match=r"CP932（Shift_JIS）") as info:
        read_gtfs_jp(_write(tmp_path / "feed", files))
    assert info.value.path.endswith("stops.txt")
    assert 'encoding="utf-8"' in info.value.fix


def test_utf8_bom_is_accepted(tmp_path):
    files = {name: "\ufeff" + text for name, text in MINIMAL.items()}
    jp = _read_quiet(_write(tmp_path / "feed", files))
    assert jp.stops.columns[0] == "stop_id"


def test_not_a_feed(tmp_path):
    with pytest.raises(DataNotFoundError, match="見つかりません"):
        read_gtfs_jp(tmp_path / "nowhere.zip")  # never falls back to a URL download
    csv_file = tmp_path / "stops.csv"
    csv_file.write_text("stop_id\n1\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="ZIP ではないか"):
        read_gtfs_jp(csv_file)
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataFormatError, match="1 つもありません"):
        read_gtfs_jp(tmp_path / "empty")


def test_truncated_and_corrupted_zip(tmp_path):
    data = real_file("gtfs", SABAE).read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFormatError, match="ZIP が壊れています"):
        read_gtfs_jp(truncated)
    corrupted = bytearray(data)
    corrupted[len(data) // 3 : len(data) // 3 + 64] = bytes(64)  # inside the compressed shapes.txt
    (tmp_path / "corrupted.zip").write_bytes(bytes(corrupted))
    with pytest.raises(DataFormatError, match="ZIP が壊れています"):
        read_gtfs_jp(tmp_path / "corrupted.zip")


def test_duplicate_member_in_zip_is_rejected(tmp_path):
    zip_path = tmp_path / "two.zip"
    with zipfile.ZipFile(zip_path, "w") as zf:
        for folder in ("a", "b"):
            for name, text in MINIMAL.items():
                zf.writestr(f"{folder}/{name}", text)
    with pytest.raises(DataFormatError, match="2 つあり"):
        read_gtfs_jp(zip_path)


@pytest.mark.parametrize(
    ("file", "old", "new", "fragment"),
    [
        ("stop_times.txt", "trip_id,arrival_time,", "trip_id,arrival,", "必須の列 arrival_time"),
        ("routes.txt", "001,0001,循環,3,007", "001,0001,循環,bus,007", "route_type 列に数値として読めない値 ['bus']"),
        ("stops.txt", "37.61", "北緯37度", "stop_lat 列に数値として読めない値"),
        ("stop_times.txt", "25:10:00,25:10:00", "25:10,25:10", "時刻（H:MM:SS）として読めない値 ['25:10']"),
        ("trips.txt", "001,01,0001", "999,01,0001", "route_id ['999'] が routes.txt にありません"),
        ("stops.txt", "02,役場前", "01,役場前", "stop_id が重複"),
        ("calendar.txt", "20260331", "20260231", "20260231"),
        ("routes.txt", "001,0001,循環,3,007", "001,0001,循環,3,007,extra", "より多く"),
    ],
)
def test_broken_synthetic_feeds(tmp_path, file, old, new, fragment):
    assert old in MINIMAL[file]
    feed = _write(tmp_path / "feed", {**MINIMAL, file: MINIMAL[file].replace(old, new)})
    with pytest.raises(DataFormatError) as info:
        read_gtfs_jp(feed)
    assert fragment in info.value.ja
    assert info.value.path.endswith(file)


def test_undefined_service_is_a_warning(tmp_path):
    feed = _write(tmp_path / "feed", {**MINIMAL, "trips.txt": MINIMAL["trips.txt"].replace("001,01,", "001,99,")})
    with pytest.warns(GtfsJpWarning, match="service_id が calendar"):
        jp = read_gtfs_jp(feed)
    assert jp.trips.loc[0, "service_id"] == "99"


def test_header_only_required_file_is_rejected(tmp_path):
    feed = _write(tmp_path / "feed", {**MINIMAL, "trips.txt": "route_id,service_id,trip_id\n"})
    with pytest.raises(DataFormatError, match="必須ファイル trips.txt が空"):
        read_gtfs_jp(feed)


def test_error_message_is_japanese_then_english(tmp_path):
    files = dict(MINIMAL)
    del files["stop_times.txt"]
    with pytest.raises(DataFormatError) as info:
        read_gtfs_jp(_write(tmp_path / "feed", files))
    text = str(info.value)
    assert re.search(r"stop_times\.txt がありません.*\n.*ファイル: .*feed.*\n.*対処: .*\n\[en\] required file", text)


def test_bad_dist_units():
    with pytest.raises(ValueError, match="dist_units"):
        read_gtfs_jp("whatever", dist_units="miles")
