"""練習用 GTFS-JP フィード（架空のコミュニティバス）の生成.

燕市 has no published GTFS feed, so the transport case uses a fictional feed in the exact GTFS-JP
layout of real municipal feeds: a 循環線 (both directions, first stop = last stop) of 14 stops
around a centre, and a radial 病院線 through the centre to 「練習市民病院前」. Every name says 練習 and
every agency/feed text says 練習用・架空, so the data can never be mistaken for a real timetable.

Design (fixed, so tests and lessons can rely on the counts; the seed only moves the stops):

========================  =====================  ====================
route                     weekday (平日)          weekend (土日祝)
========================  =====================  ====================
0101 循環線 右回り         07:00-19:00 every 1 h   09:00-17:00 every 2 h
0102 循環線 左回り         07:30-18:30 every 1 h   10:00-16:00 every 2 h
0201 病院線 (both ways)    8 trips each way        2 trips each way
========================  =====================  ====================

18 stops, 3 routes, 54 trips, 610 stop_times, 4 shapes. Weekday holidays of FY2025 move from
平日 to 土日祝 in calendar_dates.txt.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import numpy as np

from curriculum.errors import InputError
from curriculum.provenance import PRACTICE_LABEL as LABEL

__all__ = ["write_practice_gtfs"]

_R_EARTH_M = 6_371_008.8
_SPEED_M_PER_MIN = 18_000 / 60  # community-bus schedule speed incl. stops, ~18 km/h
_START, _END = "20250401", "20260331"
# National holidays of FY2025 (内閣府「国民の祝日」, incl. 振替休日); weekend ones are filtered out below.
_HOLIDAYS = (
    "20250429 20250503 20250504 20250505 20250506 20250721 20250811 20250915 20250923 "
    "20251013 20251103 20251123 20251124 20260101 20260112 20260211 20260223 20260320"
).split()
# (name, reading, English); index 0 is the hub on the ring, 14-17 the radial line.
_STOPS = [
    ("練習駅前", "れんしゅうえきまえ", "Renshu Station"),
    ("練習本町", "れんしゅうほんまち", "Renshu Honmachi"),
    ("練習図書館前", "れんしゅうとしょかんまえ", "Renshu Library"),
    ("練習さくら台", "れんしゅうさくらだい", "Renshu Sakuradai"),
    ("練習東小学校前", "れんしゅうひがししょうがっこうまえ", "Renshu Higashi Elementary School"),
    ("練習みどり団地", "れんしゅうみどりだんち", "Renshu Midori Danchi"),
    ("練習ふれあいセンター前", "れんしゅうふれあいせんたーまえ", "Renshu Fureai Center"),
    ("練習南町", "れんしゅうみなみまち", "Renshu Minamimachi"),
    ("練習体育館前", "れんしゅうたいいくかんまえ", "Renshu Gymnasium"),
    ("練習あおば台", "れんしゅうあおばだい", "Renshu Aobadai"),
    ("練習西町", "れんしゅうにしまち", "Renshu Nishimachi"),
    ("練習公民館前", "れんしゅうこうみんかんまえ", "Renshu Community Hall"),
    ("練習ひばり野", "れんしゅうひばりの", "Renshu Hibarino"),
    ("練習北口", "れんしゅうきたぐち", "Renshu Kitaguchi"),
    ("練習市役所前", "れんしゅうしやくしょまえ", "Renshu City Hall"),
    ("練習中央通り", "れんしゅうちゅうおうどおり", "Renshu Chuo-dori"),
    ("練習川端", "れんしゅうかわばた", "Renshu Kawabata"),
    ("練習市民病院前", "れんしゅうしみんびょういんまえ", "Renshu City Hospital"),
]
_N_RING = 14
_ROUTES = [  # route_id, short, long name, reading, English, parent, colour
    ("0101", "循環", "循環線 右回り", "じゅんかんせん みぎまわり", "Loop Line (clockwise)", "01", "00873C"),
    ("0102", "循環", "循環線 左回り", "じゅんかんせん ひだりまわり", "Loop Line (counterclockwise)", "01", "00873C"),
    ("0201", "病院", "病院線", "びょういんせん", "Hospital Line", "02", "E4007F"),
]


def _hours(first: str, last: str, step_min: int) -> list[int]:
    """Departure minutes after midnight from ``first`` to ``last`` (HH:MM) every ``step_min``."""
    h0, m0 = map(int, first.split(":"))
    h1, m1 = map(int, last.split(":"))
    return list(range(h0 * 60 + m0, h1 * 60 + m1 + 1, step_min))


_HOSPITAL_OUT = [t * 60 + 40 for t in (7, 8, 9, 10, 11, 13, 14, 15)]
# (route_id, direction_id, service_id, first-stop departures in minutes)
_TIMETABLE = [
    ("0101", 0, "平日", _hours("07:00", "19:00", 60)),
    ("0101", 0, "土日祝", _hours("09:00", "17:00", 120)),
    ("0102", 1, "平日", _hours("07:30", "18:30", 60)),
    ("0102", 1, "土日祝", _hours("10:00", "16:00", 120)),
    ("0201", 0, "平日", _HOSPITAL_OUT),
    ("0201", 0, "土日祝", [10 * 60 + 40, 14 * 60 + 40]),
    ("0201", 1, "平日", [t + 30 for t in _HOSPITAL_OUT]),
    ("0201", 1, "土日祝", [11 * 60 + 10, 15 * 60 + 10]),
]


def _offset(lat0: float, lon0: float, east_m: float, north_m: float) -> tuple[float, float]:
    """Latitude/longitude of a point east/north of (lat0, lon0); local spherical approximation."""
    lat = lat0 + math.degrees(north_m / _R_EARTH_M)
    lon = lon0 + math.degrees(east_m / (_R_EARTH_M * math.cos(math.radians(lat0))))
    return lat, lon


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Ground distance in metres (equirectangular; < 0.1 % error over a few km)."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(mean_lat) * _R_EARTH_M
    dy = math.radians(b[0] - a[0]) * _R_EARTH_M
    return math.hypot(dx, dy)


def _stop_positions(center_lat: float, center_lon: float, radius_m: float, seed: int) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    step = 2 * math.pi / _N_RING
    theta0 = rng.uniform(0, 2 * math.pi)
    ring_r = 0.6 * radius_m
    positions = []
    for k in range(_N_RING):  # clockwise: the angle decreases
        theta = theta0 - k * step + rng.uniform(-0.25, 0.25) * step
        r = ring_r * rng.uniform(0.9, 1.1)
        positions.append(_offset(center_lat, center_lon, r * math.cos(theta), r * math.sin(theta)))
    # Radial line: hub -> 市役所前 (centre) -> 2 stops -> 病院前 just inside radius_m, opposite the hub.
    hospital_r = 0.95 * radius_m
    for frac in (0.0, 0.4, 0.7, 1.0):
        side = rng.uniform(-60, 60) if 0 < frac < 1 else 0.0  # small zigzag off the straight line
        r = frac * hospital_r
        ex, ny = math.cos(theta0 + math.pi), math.sin(theta0 + math.pi)
        positions.append(_offset(center_lat, center_lon, r * ex - side * ny, r * ny + side * ex))
    return positions


def _patterns() -> dict[tuple[str, int], list[int]]:
    ring = list(range(_N_RING))
    out = [0, 14, 15, 16, 17]
    return {
        ("0101", 0): ring + [0],
        ("0102", 1): [0] + ring[:0:-1] + [0],
        ("0201", 0): out,
        ("0201", 1): out[::-1],
    }


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def _csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")  # CRLF, as most published GTFS-JP feeds
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _build_tables(positions: list[tuple[float, float]], agency_name: str, seed: int) -> dict[str, bytes]:
    agency_id = "0000000000000"  # 法人番号 slot; all zeros is not a valid 法人番号, so never a real company
    url = "https://example.com/renshu-bus/"
    stop_ids = [f"{i + 1:04d}" for i in range(len(_STOPS))]
    files: dict[str, bytes] = {}
    files["agency.txt"] = _csv(
        "agency_id,agency_name,agency_url,agency_timezone,agency_lang,agency_phone,agency_fare_url,"
        "agency_email".split(","),
        [[agency_id, agency_name, url, "Asia/Tokyo", "ja", "000-0000-0000", url, ""]],
    )
    files["agency_jp.txt"] = _csv(
        "agency_id,agency_official_name,agency_zip_number,agency_address,agency_president_pos,"
        "agency_president_name".split(","),
        [[agency_id, agency_name, "0000000", f"練習県練習市（{LABEL}）", "代表者", f"練習 太郎（{LABEL}）"]],
    )
    files["office_jp.txt"] = _csv(
        ["office_id", "office_name", "office_url", "office_phone"], [["01", f"練習営業所（{LABEL}）", url, "000-0000-0000"]]
    )
    files["routes.txt"] = _csv(
        "route_id,agency_id,route_short_name,route_long_name,route_desc,route_type,route_url,route_color,"
        "route_text_color,jp_parent_route_id".split(","),
        [[rid, agency_id, short, long, LABEL, 3, url, colour, "FFFFFF", parent]
         for rid, short, long, _, _, parent, colour in _ROUTES],
    )
    patterns = _patterns()
    names = [s[0] for s in _STOPS]
    files["routes_jp.txt"] = _csv(
        ["route_id", "route_update_date", "origin_stop", "via_stop", "destination_stop"],
        [[rid, _START, names[p[0]], names[p[len(p) // 2]], names[p[-1]]]
         for (rid, _), p in patterns.items() if rid != "0201"]
        + [["0201", _START, names[0], names[14], names[17]]],
    )
    files["stops.txt"] = _csv(
        "stop_id,stop_code,stop_name,stop_desc,stop_lat,stop_lon,zone_id,stop_url,location_type,parent_station,"
        "stop_timezone,wheelchair_boarding,platform_code".split(","),
        [[sid, "", name, LABEL, f"{lat:.6f}", f"{lon:.6f}", "", "", 0, "", "", "", ""]
         for sid, (name, _, _), (lat, lon) in zip(stop_ids, _STOPS, positions)],
    )
    trips, stop_times = [], []
    for rid, direction, service, starts in _TIMETABLE:
        pattern = patterns[(rid, direction)]
        minutes = [0]
        for a, b in zip(pattern, pattern[1:]):  # whole minutes, at least 1 per hop
            minutes.append(minutes[-1] + max(1, round(_distance_m(positions[a], positions[b]) / _SPEED_M_PER_MIN)))
        headsign = names[pattern[-1]] if rid == "0201" else next(r[2] for r in _ROUTES if r[0] == rid)
        for start in starts:
            trip_id = f"{rid}_{direction}_{'wd' if service == '平日' else 'we'}_{_time(start)[:5].replace(':', '')}"
            shape_id = f"{rid}_{direction}"
            trips.append([rid, service, trip_id, headsign, "", direction, "", shape_id, "", "", "", "", "01"])
            for seq, (stop, m) in enumerate(zip(pattern, minutes), start=1):
                last = seq == len(pattern)
                stop_times.append([trip_id, _time(start + m), _time(start + m), stop_ids[stop], seq, "",
                                   1 if last else 0, 1 if seq == 1 else 0, "", 1])
    files["trips.txt"] = _csv(
        "route_id,service_id,trip_id,trip_headsign,trip_short_name,direction_id,block_id,shape_id,"
        "wheelchair_accessible,bikes_allowed,jp_trip_desc,jp_trip_desc_symbol,jp_office_id".split(","),
        trips,
    )
    files["stop_times.txt"] = _csv(
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence,stop_headsign,pickup_type,drop_off_type,"
        "shape_dist_traveled,timepoint".split(","),
        stop_times,
    )
    files["calendar.txt"] = _csv(
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date".split(","),
        [["平日", 1, 1, 1, 1, 1, 0, 0, _START, _END], ["土日祝", 0, 0, 0, 0, 0, 1, 1, _START, _END]],
    )
    weekday_holidays = [d for d in _HOLIDAYS if dt.datetime.strptime(d, "%Y%m%d").weekday() < 5]
    files["calendar_dates.txt"] = _csv(
        ["service_id", "date", "exception_type"],
        [row for d in weekday_holidays for row in (["平日", d, 2], ["土日祝", d, 1])],
    )
    files["fare_attributes.txt"] = _csv(
        ["fare_id", "price", "currency_type", "payment_method", "transfers", "transfer_duration"],
        [["F_200", 200, "JPY", 0, 0, ""]],
    )
    files["fare_rules.txt"] = _csv(
        ["fare_id", "route_id", "origin_id", "destination_id", "contains_id"],
        [["F_200", r[0], "", "", ""] for r in _ROUTES],
    )
    files["feed_info.txt"] = _csv(
        ["feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date", "feed_version"],
        [[f"練習市（{LABEL}）", url, "ja", _START, _END, f"{LABEL}-seed{seed}"]],
    )
    files["shapes.txt"] = _csv(
        ["shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence", "shape_dist_traveled"],
        [[f"{rid}_{d}", f"{positions[s][0]:.6f}", f"{positions[s][1]:.6f}", i, ""]
         for (rid, d), p in patterns.items() for i, s in enumerate(p, start=1)],
    )
    texts = [(s[0], s[1], s[2]) for s in _STOPS] + [(r[2], r[3], r[4]) for r in _ROUTES]
    files["translations.txt"] = _csv(  # GTFS-JP v2 layout, as all published feeds in ../shared/data
        ["trans_id", "lang", "translation"],
        [row for ja, kana, en in texts for row in ([ja, "ja", ja], [ja, "ja-Hrkt", kana], [ja, "en", en])],
    )
    return files


def write_practice_gtfs(
    dest: str | Path,
    *,
    center_lat: float,
    center_lon: float,
    radius_m: float = 2500,
    seed: int = 0,
    agency_name: str = f"練習市コミュニティバス（{LABEL}）",
) -> Path:
    """練習用の GTFS-JP フィード（架空のコミュニティバス）を ZIP で書き出す.

    Parameters
    ----------
    dest : str or pathlib.Path
        The zip to write, or an existing folder (then ``renshu_gtfs.zip`` inside it).
    center_lat, center_lon : float
        Centre of the fictional town (WGS84 degrees), e.g. a 市役所.
    radius_m : float
        The 病院前 stop lies at 0.95 × ``radius_m`` from the centre, the 循環線 at about 0.6 ×.
    seed : int
        Seed of ``numpy.random.default_rng`` for the stop positions. Same arguments give a
        byte-identical zip.
    agency_name : str
        事業者名; ``（練習用・架空）`` is appended when the text lacks 練習用・架空.

    Returns
    -------
    pathlib.Path
        The zip written.

    Examples
    --------
    >>> import tempfile, zipfile
    >>> path = write_practice_gtfs(tempfile.mkdtemp(), center_lat=37.6649, center_lon=138.9375)
    >>> path.name
    'renshu_gtfs.zip'
    >>> "stops.txt" in zipfile.ZipFile(path).namelist()
    True
    """
    if LABEL not in agency_name:
        agency_name = f"{agency_name}（{LABEL}）"
    if radius_m <= 0:
        raise InputError(f"練習用 GTFS の半径 radius_m は正の数です（受け取った値: {radius_m}）。",
                         f"radius_m must be positive, not {radius_m}",
                         fix="町の中心から病院前のバス停までのおおよその距離（メートル、例: 3000）を指定してください。")
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / "renshu_gtfs.zip"
    dest.parent.mkdir(parents=True, exist_ok=True)
    files = _build_tables(_stop_positions(center_lat, center_lon, radius_m, seed), agency_name, seed)
    with zipfile.ZipFile(dest, "w") as zf:
        for name in sorted(files):
            # A fixed timestamp and mode make the zip byte-identical from run to run.
            info = zipfile.ZipInfo(name, date_time=(2025, 4, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, files[name])
    return dest
