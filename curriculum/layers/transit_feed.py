"""バスの時刻表の読み込み: a city's GTFS-JP feed, or a practice feed placed over the city.

In order:

1. ``gtfs_path`` given: the city's own feed (real data).
2. A catalogue entry lists the city under ``cities`` (燕市・弥彦村: ``gtfs-tsubame-bus``, 燕市コミュニティバス on the
   GTFS データリポジトリ): the official zip from the cache, or downloaded with ``data_source="download"``;
   offline, the 2026-09-01 version rebuilt from a public digest (``gtfs-tsubame-bus-reconstruction``), read by
   the same GTFS reader and labelled 再構成データ.
3. Otherwise, or with practice data asked for, a fictional 循環線 + 病院線 feed is placed over the city, its
   病院線 ending at the city's largest hospital, labelled 練習用・架空.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from curriculum.config import practice_dir as default_practice_dir
from curriculum.errors import DataNotFoundError
from curriculum.layers.policy import practice_provenance, real_or_practice, real_path, real_provenance, wants_practice
from curriculum.provenance import REAL, RECONSTRUCTION, Provenance, attach

__all__ = ["load_bus_feed", "practice_town_centres", "city_feed_dataset", "read_tsubame_reconstruction",
           "RECONSTRUCTION_DATASET"]

RECONSTRUCTION_DATASET = "gtfs-tsubame-bus-reconstruction"
#: The official feed each reconstruction stands in for.
RECONSTRUCTIONS = {"gtfs-tsubame-bus": RECONSTRUCTION_DATASET}
_DIGEST_TABLES = ("stops", "stop_times", "trips", "routes", "calendar", "calendar_dates", "feed_info")
RECONSTRUCTION_NOTE = ("公式の zip が手元にないため、公開ダイジェストから GTFS の表に書き起こした 2026-09-01 版を使用"
                       "（agency.txt は feed_info から、route_type は 3 = バスを補った。運賃・経路形状なし）")

TITLE = "バスの時刻表・停留所（GTFS-JP）"
PRACTICE_TITLE = "コミュニティバス（循環線・病院線）の停留所・時刻表"
NO_FEED_NOTE = "市のバスの GTFS-JP（GTFS_PATH）が指定されておらず、カタログにもないため練習用"
#: The stop of a practice feed that stands for the fictional town centre.
PRACTICE_TOWN_STOP = "練習市役所前"


def _largest_hospital(hospitals: gpd.GeoDataFrame | None):
    """The point of the hospital with most beds inside the city (None: no hospital in the city)."""
    if hospitals is None or not len(hospitals):
        return None
    inside = hospitals[hospitals["in_city"].to_numpy()] if "in_city" in hospitals else hospitals
    if not len(inside):
        return None
    ranked = inside.assign(_beds=pd.to_numeric(inside.get("beds"), errors="coerce")).sort_values(
        "_beds", ascending=False, na_position="last")
    return ranked.geometry.iloc[0]


def city_feed_dataset(city_code: str) -> str | None:
    """The catalogue id of the bus feed published for ``city_code`` (an entry listing it under ``cities``), or None.

    >>> city_feed_dataset("15213"), city_feed_dataset("15204")
    ('gtfs-tsubame-bus', None)
    """
    from curriculum.data.catalogue import entries

    found = [e.id for e in entries().values() if str(city_code) in map(str, e.raw.get("cities", ()))]
    return sorted(found)[0] if found else None


def read_tsubame_reconstruction(stops_csv: str | Path):
    """燕市コミュニティバス 2026-09-01 版の再構成を読む: the seven ``…_digest_*.csv`` beside ``stops_csv``.

    Every file is checked against the catalogue's sha256, then read by the same GTFS reader as an official feed
    (:func:`curriculum.data.read_gtfs_tables`). Two things the digest does not have are added and said so in the
    provenance note: ``agency.txt`` (燕市, from feed_info, Asia/Tokyo) and ``route_type`` 3 (bus) on every route.
    """
    import csv
    import io

    from curriculum.data import read_gtfs_tables
    from curriculum.data.catalogue import get_entry
    from curriculum.data.fetching import verify_file

    stops_csv = Path(stops_csv)
    prefix = stops_csv.name[: -len("stops.csv")]
    entry = get_entry(RECONSTRUCTION_DATASET)
    files = {}
    for table in _DIGEST_TABLES:
        file = stops_csv.parent / f"{prefix}{table}.csv"
        if not file.exists():
            raise DataNotFoundError(f"再構成データの表 {file.name} が {file.parent} にありません。", f"{file} not found",
                                    path=file, fix="7 つの CSV を同じフォルダに置いてください（PROVENANCE.md 参照）。")
        verify_file(file, entry)
        files[table] = file
    info = next(csv.DictReader(io.StringIO(files["feed_info"].read_text(encoding="utf-8-sig"))))
    agency = ("agency_id,agency_name,agency_url,agency_timezone,agency_lang\n"
              f"1,{info['feed_publisher_name']},{info['feed_publisher_url']},Asia/Tokyo,ja\n")
    rows = list(csv.reader(io.StringIO(files["routes"].read_text(encoding="utf-8-sig"))))
    routes = io.StringIO()
    csv.writer(routes, lineterminator="\n").writerows(
        [rows[0] + ["route_type", "agency_id"]] + [r + ["3", "1"] for r in rows[1:] if r])
    return read_gtfs_tables({**files, "agency": agency.encode(), "routes": routes.getvalue().encode()},
                            source_path=stops_csv.parent)


def _city_feed(dataset_id: str, data_source: str):
    """The official feed of a catalogue entry; offline, its reconstruction (labelled so), else DataNotFoundError."""
    from curriculum.data import read_gtfs_jp
    from curriculum.data.catalogue import get_entry

    title = get_entry(dataset_id).title
    try:
        path = real_path(dataset_id, data_source=data_source)
        return attach(read_gtfs_jp(path), real_provenance(dataset_id, title))
    except DataNotFoundError:
        if dataset_id not in RECONSTRUCTIONS:
            raise
    rebuilt = RECONSTRUCTIONS[dataset_id]
    feed = read_tsubame_reconstruction(real_path(rebuilt, data_source="cache"))
    record = real_provenance(rebuilt, title, note=RECONSTRUCTION_NOTE)
    return attach(feed, Provenance(RECONSTRUCTION, record.title, record.attribution, record.reference_date, rebuilt,
                                   record.note))


def load_bus_feed(boundary: gpd.GeoDataFrame, *, gtfs_path: str | Path | None = None,
                  hospitals: gpd.GeoDataFrame | None = None, data_source: str = "cache",
                  practice_dir: str | Path | None = None, seed: int = 0, echo=print):
    """バスの時刻表を読み込む: a :class:`~curriculum.data.GtfsJpFeed` with its ``provenance``.

    Parameters
    ----------
    boundary : GeoDataFrame from :func:`~curriculum.layers.load_boundary`.
    gtfs_path : path, optional
        The city's GTFS-JP feed (zip or folder). A given path that does not exist is an error. Without it, the
        catalogue's feed for the city (see the module docstring), else practice data.
    hospitals : GeoDataFrame, optional
        From :func:`~curriculum.layers.load_hospitals`: the practice 病院線 ends at the largest one in the city.
    data_source : {"cache", "download", "practice"}
    practice_dir : path, optional
        Where the practice feed goes; default ``config.practice_dir() / <city_code>``.
    seed : int
    echo : callable
    """
    from curriculum.data import read_gtfs_jp
    from curriculum.layers.practice import write_practice_city_gtfs

    city_code = str(boundary["city_code"].iloc[0])

    def real():
        path = Path(gtfs_path)
        if not path.exists():
            raise DataNotFoundError(f"GTFS-JP のファイル {path} が見つかりません。", f"{path} not found", path=path,
                                    fix="GTFS_PATH にフィード（zip）の場所を正しく書くか、None にしてください。")
        return attach(read_gtfs_jp(path), Provenance(REAL, TITLE, f"出典：{path.name}（利用者が指定した GTFS-JP）"))

    def practice(note: str):
        folder = Path(practice_dir) if practice_dir else default_practice_dir() / city_code
        folder.mkdir(parents=True, exist_ok=True)
        path = write_practice_city_gtfs(boundary, folder / "practice_gtfs.zip", hospital=_largest_hospital(hospitals),
                                        seed=seed)
        return attach(read_gtfs_jp(path), practice_provenance(PRACTICE_TITLE, note=note))

    if gtfs_path is None:
        dataset_id = city_feed_dataset(city_code)
        if dataset_id is not None:
            return real_or_practice(lambda: _city_feed(dataset_id, data_source), practice, title=TITLE,
                                    data_source=data_source, echo=echo)
        echo(f"※ バス: {NO_FEED_NOTE}・架空データを使います。")
        return real_or_practice(real, lambda _: practice(NO_FEED_NOTE), title=TITLE, data_source="practice", echo=echo)
    # A feed the user named must be there: only an explicit practice request replaces it.
    return real_or_practice(real, practice if wants_practice(data_source) else None, title=TITLE,
                            data_source=data_source, echo=echo)


def practice_town_centres(feed) -> list[tuple[float, float]] | None:
    """Where a practice feed's fictional town centre is (its 練習市役所前 stop), for practice mesh population.

    None for a real feed (it has no such stop).
    """
    stops = getattr(feed, "stops", None)
    if stops is None:
        return None
    town = stops[stops["stop_name"] == PRACTICE_TOWN_STOP]
    return [(float(town["stop_lon"].iloc[0]), float(town["stop_lat"].iloc[0]))] if len(town) else None
