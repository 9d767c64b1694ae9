"""Tests for the fictional practice GTFS-JP feed (curriculum.practice.gtfs)."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import warnings
import zipfile

import pytest

from curriculum.data.gtfs_jp import GtfsJpWarning, read_gtfs_jp
from curriculum.practice.gtfs import write_practice_gtfs

# 燕市役所 (approx.); any centre works, the feed is fictional.
CENTER = {"center_lat": 37.6731, "center_lon": 138.8822}
FILES = [
    "agency.txt", "agency_jp.txt", "calendar.txt", "calendar_dates.txt", "fare_attributes.txt", "fare_rules.txt",
    "feed_info.txt", "office_jp.txt", "routes.txt", "routes_jp.txt", "shapes.txt", "stop_times.txt", "stops.txt",
    "translations.txt", "trips.txt",
]


def _haversine_m(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))


def _rows(path, name):
    with zipfile.ZipFile(path) as zf:
        return list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def practice(tmp_path_factory):
    path = write_practice_gtfs(tmp_path_factory.mktemp("practice") / "renshu.zip", **CENTER)
    with warnings.catch_warnings():
        warnings.simplefilter("error", GtfsJpWarning)  # the practice feed needs no repair
        return path, read_gtfs_jp(path)


def test_counts_as_designed(practice):
    _, jp = practice
    assert jp.summary() == {
        "stops": 18,
        "used_stops": 18,
        "routes": 3,
        "trips": 54,
        "stop_times": 610,
        "shapes": 4,
        "jp_files": ["agency_jp", "office_jp", "routes_jp", "translations"],
        "translations_format": "jp",
    }
    per = jp.trips.groupby(["route_id", "service_id"]).size().to_dict()
    assert per == {("0101", "平日"): 13, ("0101", "土日祝"): 5, ("0102", "平日"): 12, ("0102", "土日祝"): 4,
                   ("0201", "平日"): 16, ("0201", "土日祝"): 4}


def test_zip_layout_is_real_gtfs_jp(practice):
    path, _ = practice
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == FILES  # at the zip root, no sub-folder
        raw = zf.read("stops.txt")
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 without BOM, CRLF
    assert list(_rows(path, "routes.txt")[0])[-1] == "jp_parent_route_id"
    assert list(_rows(path, "translations.txt")[0]) == ["trans_id", "lang", "translation"]
    assert list(_rows(path, "trips.txt")[0])[-1] == "jp_office_id"
    assert {r["jp_parent_route_id"] for r in _rows(path, "routes.txt")} == {"01", "02"}


def test_deterministic(tmp_path):
    a = write_practice_gtfs(tmp_path / "a.zip", **CENTER, seed=7)
    b = write_practice_gtfs(tmp_path / "b.zip", **CENTER, seed=7)
    c = write_practice_gtfs(tmp_path / "c.zip", **CENTER, seed=8)
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (a, b, c)]
    assert digest[0] == digest[1]
    assert digest[0] != digest[2]  # the seed moves the stops
    assert _rows(a, "stops.txt") != _rows(c, "stops.txt")
    assert [r["stop_name"] for r in _rows(a, "stops.txt")] == [r["stop_name"] for r in _rows(c, "stops.txt")]


def test_folder_destination(tmp_path):
    assert write_practice_gtfs(tmp_path, **CENTER) == tmp_path / "renshu_gtfs.zip"


def test_circular_route_both_directions(practice):
    _, jp = practice
    st = jp.stop_times.sort_values(["trip_id", "stop_sequence"])
    stops = jp.stops.set_index("stop_id")
    for route_id, clockwise in (("0101", True), ("0102", False)):
        trip_ids = jp.trips.loc[jp.trips["route_id"] == route_id, "trip_id"]
        for trip_id in trip_ids:
            seq = list(st.loc[st["trip_id"] == trip_id, "stop_id"])
            assert seq[0] == seq[-1] == "0001"  # 循環: first and last stop are the same stop
            assert len(seq) == 15 and len(set(seq)) == 14
        # Shoelace area of the loop in (lon, lat): negative = clockwise (右回り) on a north-up map.
        pts = [(stops.loc[s, "stop_lon"], stops.loc[s, "stop_lat"]) for s in seq[:-1]]
        area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1])) / 2
        assert (area < 0) == clockwise


def test_times_increase_within_every_trip(practice):
    _, jp = practice
    for _, trip in jp.stop_times.sort_values(["trip_id", "stop_sequence"]).groupby("trip_id"):
        dep = list(trip["departure_time"])
        assert dep == sorted(dep) and len(set(dep)) == len(dep)
        assert (trip["arrival_time"] <= trip["departure_time"]).all()
    assert jp.stop_times["departure_time"].str.fullmatch(r"\d{2}:\d{2}:00").all()


def test_headways(practice):
    _, jp = practice
    starts = jp.stop_times[jp.stop_times["stop_sequence"] == 1].merge(jp.trips, on="trip_id")
    weekday_cw = starts[(starts["route_id"] == "0101") & (starts["service_id"] == "平日")]
    assert sorted(weekday_cw["departure_time"]) == [f"{h:02d}:00:00" for h in range(7, 20)]


def test_service_calendar(practice):
    _, jp = practice
    assert len(jp.get_trips(date="20250407")) == 41  # Monday
    assert len(jp.get_trips(date="20250412")) == 13  # Saturday
    assert len(jp.get_trips(date="20250505")) == 13  # こどもの日 (Monday): weekend timetable


def test_geometry(practice):
    _, jp = practice
    lat0, lon0 = CENTER["center_lat"], CENTER["center_lon"]
    dist = {r.stop_name: _haversine_m(lat0, lon0, r.stop_lat, r.stop_lon) for r in jp.stops.itertuples()}
    assert max(dist.values()) <= 2500
    assert dist["練習市民病院前"] == pytest.approx(0.95 * 2500, abs=5)
    assert dist["練習市役所前"] < 1
    hospital_trips = jp.stop_times[jp.stop_times["stop_id"] == "0018"].merge(jp.trips, on="trip_id")
    assert set(hospital_trips["route_id"]) == {"0201"}
    assert len(jp.shapes) == 15 + 15 + 5 + 5


def test_labels_say_practice_and_fictional(practice, tmp_path):
    path, jp = practice
    assert "練習用・架空" in jp.agency.loc[0, "agency_name"]
    assert "練習用・架空" in jp.feed_info.loc[0, "feed_publisher_name"]
    assert "練習用・架空" in jp.agency_jp.loc[0, "agency_official_name"]
    assert "練習用・架空" in jp.office_jp.loc[0, "office_name"]
    assert jp.stops["stop_name"].str.startswith("練習").all()
    assert any(name.endswith("病院前") for name in jp.stops["stop_name"])
    other = write_practice_gtfs(tmp_path / "x.zip", **CENTER, agency_name="みらい市民バス")
    assert _rows(other, "agency.txt")[0]["agency_name"] == "みらい市民バス（練習用・架空）"


def test_translations_cover_every_stop(practice):
    _, jp = practice
    readings = jp.translations[jp.translations["lang"] == "ja-Hrkt"].set_index("trans_id")["translation"]
    assert set(jp.stops["stop_name"]) <= set(readings.index)
    assert readings["練習市民病院前"] == "れんしゅうしみんびょういんまえ"
