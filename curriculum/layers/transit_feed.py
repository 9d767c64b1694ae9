"""バスの時刻表の読み込み: a city's GTFS-JP feed, or a practice feed placed over the city.

With ``gtfs_path`` the city's own feed is read (real data). Without it, or with practice data asked for,
a fictional 循環線 + 病院線 feed is placed over the city, its 病院線 ending at the city's largest hospital.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from curriculum.config import practice_dir as default_practice_dir
from curriculum.errors import DataNotFoundError
from curriculum.layers.policy import practice_provenance, real_or_practice, wants_practice
from curriculum.provenance import REAL, Provenance, attach

__all__ = ["load_bus_feed", "practice_town_centres"]

TITLE = "バスの時刻表・停留所（GTFS-JP）"
PRACTICE_TITLE = "コミュニティバス（循環線・病院線）の停留所・時刻表"
NO_FEED_NOTE = "市のバスの GTFS-JP（GTFS_PATH）が指定されていないため練習用"
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


def load_bus_feed(boundary: gpd.GeoDataFrame, *, gtfs_path: str | Path | None = None,
                  hospitals: gpd.GeoDataFrame | None = None, data_source: str = "cache",
                  practice_dir: str | Path | None = None, seed: int = 0, echo=print):
    """バスの時刻表を読み込む: a :class:`~curriculum.data.GtfsJpFeed` with its ``provenance``.

    Parameters
    ----------
    boundary : GeoDataFrame from :func:`~curriculum.layers.load_boundary`.
    gtfs_path : path, optional
        The city's GTFS-JP feed (zip or folder). A given path that does not exist is an error.
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
