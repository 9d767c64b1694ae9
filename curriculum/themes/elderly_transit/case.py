"""フォローアップ編「高齢者の公共交通」のデータ: the theme's own layers and a one-call loader.

The notebooks load each layer in its own cell (:mod:`curriculum.layers` for boundary, 小地域, hospitals,
bus feed and mesh population; here :func:`load_districts` and :func:`load_demand_usage`, which are city-held
data). :func:`load_elderly_transit_case` runs the same calls in the same order, for tests and scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from curriculum.config import practice_dir as default_practice_dir
from curriculum.errors import DataNotFoundError
from curriculum.layers import (
    load_boundary, load_bus_feed, load_hospitals, load_mesh_population, load_shochiiki, practice_town_centres,
)
from curriculum.layers.mesh_population import city_plane_crs
from curriculum.layers.rail import load_rail_stations
from curriculum.layers.policy import DATA_SOURCES, practice_provenance, real_or_practice, wants_practice
from curriculum.provenance import REAL, Provenance, attach, labelled, provenance_of, sources_table

__all__ = ["ElderlyTransitCase", "load_elderly_transit_case", "load_districts", "load_demand_usage",
           "theme_practice_dir", "DATA_SOURCES"]

THEME = "elderly_transit"
NO_FILE_NOTE = "市の保有するデータ（所管課のファイル）が指定されていないため練習用"


def theme_practice_dir(city_code: str) -> Path:
    """Where this theme's practice files go: ``config.practice_dir() / "elderly_transit" / <city_code>``."""
    return default_practice_dir() / THEME / str(city_code)


def city_held_layer(read, make_practice, *, given: bool, title: str, data_source: str, echo):
    """A city-held layer: the city's file when given, else (or when practice is asked for) practice data."""
    if given and not wants_practice(data_source):
        return real_or_practice(read, None, title=title, data_source=data_source, echo=echo)
    note = NO_FILE_NOTE if not given else ""
    if note:
        echo(f"※ {title}: {note}・架空データを使います。")
    return real_or_practice(read, lambda forced: make_practice(note or forced), title=title, data_source="practice",
                            echo=echo)


def load_districts(shochiiki: pd.DataFrame, *, district_list: str | Path | pd.DataFrame | None = None,
                   crs: str = "EPSG:6676", seed: int = 0, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """デマンド交通の地区リストを読み込む: ``KEY_CODE`` → ``district`` (the city's file, or practice districts).

    Parameters
    ----------
    shochiiki : DataFrame from :func:`~curriculum.layers.load_shochiiki` (practice districts group its 小地域).
    district_list : CSV path or DataFrame with ``KEY_CODE`` and ``district``, optional
        The city's own list; default practice districts (real 小地域 grouped into fictional 練習A地区…).
    crs : str
        平面直角座標系 for grouping the practice districts.
    """
    from curriculum.themes.elderly_transit.practice import make_practice_district_list

    def read():
        if not isinstance(district_list, pd.DataFrame) and not Path(district_list).exists():
            raise DataNotFoundError(f"地区リストのファイル {district_list} が見つかりません。", f"{district_list} not found",
                                    fix="DISTRICT_LIST にファイルの場所を正しく書くか、None にしてください。")
        table = district_list if isinstance(district_list, pd.DataFrame) else pd.read_csv(district_list, dtype=str)
        name = "利用者が指定した地区リスト" if isinstance(district_list, pd.DataFrame) else Path(district_list).name
        return attach(table.copy(), Provenance(REAL, "デマンド交通の地区割り", f"出典：{name}（市の保有するデータ）"))

    def practice(note: str):
        return attach(make_practice_district_list(shochiiki, seed=seed, crs=crs), practice_provenance(
            "デマンド交通の地区割り（実在の町丁・字を架空の地区にまとめたもの）", note=note))

    return city_held_layer(read, practice, given=district_list is not None, title="デマンド交通の地区割り",
                      data_source=data_source, echo=echo)


def load_demand_usage(shochiiki: pd.DataFrame, district_list: pd.DataFrame, boundary: gpd.GeoDataFrame, *,
                      usage_csv: str | Path | None = None, practice_dir: str | Path | None = None, seed: int = 0,
                      data_source: str = "cache", echo=print) -> pd.DataFrame:
    """デマンド交通の地区別利用実績を読み込む: one row per district with ``usage_rate`` (see ``read_demand_usage``).

    Without ``usage_csv`` a practice CSV in the same template is written (its 対象者数 from the districts'
    2015 population) to ``practice_dir`` (default :func:`theme_practice_dir`) and read back.
    """
    from curriculum.themes.elderly_transit.demand import compute_demand_districts, read_demand_usage
    from curriculum.themes.elderly_transit.practice import write_practice_demand_usage

    def read():
        return attach(read_demand_usage(usage_csv), Provenance(
            REAL, "デマンド交通の地区別利用率", f"出典：{Path(usage_csv).name}（市の保有するデータ）"))

    def practice(note: str):
        folder = Path(practice_dir) if practice_dir else theme_practice_dir(boundary["city_code"].iloc[0])
        base = compute_demand_districts(shochiiki, district_list, boundary, crs=city_plane_crs(boundary))
        path = write_practice_demand_usage(base, folder / "practice_demand_usage.csv", seed=seed)
        return attach(read_demand_usage(path), practice_provenance("デマンド交通の地区別利用率", note=note))

    return city_held_layer(read, practice, given=usage_csv is not None, title="デマンド交通の地区別利用率",
                      data_source=data_source, echo=echo)


@dataclass
class ElderlyTransitCase:
    """Every layer of the case, as the notebooks load them. GeoDataFrames are in EPSG:6668."""

    city_code: str
    city_name: str
    level: str
    plane_crs: str
    boundary: gpd.GeoDataFrame
    meshes: gpd.GeoDataFrame
    hospitals: gpd.GeoDataFrame
    feed: object
    stations: gpd.GeoDataFrame
    shochiiki: pd.DataFrame
    district_list: pd.DataFrame
    usage: pd.DataFrame

    @property
    def layers(self) -> dict:
        """Layer name → loaded layer, in loading order (the sources table's rows)."""
        return {"boundary": self.boundary, "shochiiki": self.shochiiki, "hospitals": self.hospitals,
                "gtfs": self.feed, "rail": self.stations, "census_mesh": self.meshes, "districts": self.district_list, "demand": self.usage}

    @property
    def sources(self) -> pd.DataFrame:
        """データの出典: one row per layer (:func:`curriculum.provenance.sources_table`)."""
        return sources_table(self.layers)

    def is_practice(self, layer: str) -> bool:
        """Whether a layer (``"census_mesh"``, ``"gtfs"``, ``"demand"`` …) is 練習用・架空."""
        return provenance_of(self.layers[layer]).is_practice

    def label(self, layer: str, text: str) -> str:
        """``text`` with the layer's kind appended unless it is real (（練習用・架空）, （再構成データ））."""
        return labelled(text, provenance_of(self.layers[layer]))


def load_elderly_transit_case(city_code: str | None = None, *, level: str = "500m", data_source: str = "cache",
                              gtfs_path: str | Path | None = None, district_list: str | Path | pd.DataFrame | None = None,
                              usage_csv: str | Path | None = None, practice_total: int | None = None,
                              hospital_search_km: float = 10.0, facility_kinds: str | tuple = "病院", seed: int = 0,
                              practice_dir: str | Path | None = None, echo=print) -> ElderlyTransitCase:
    """高齢者の公共交通の分析データを読み込む: the notebooks' per-layer calls, in their order.

    ``city_code`` defaults to the course's city (:func:`curriculum.city.city_code`); ``practice_total`` defaults
    to Σ JINKO of the city's 2015 小地域 rounded to the nearest 1,000; practice files go to ``practice_dir``
    (default :func:`theme_practice_dir`); ``facility_kinds`` is ``"病院"`` or ``"病院・診療所"``.
    """
    from curriculum.city import city_code as course_city_code

    city_code = str(city_code or course_city_code())
    folder = Path(practice_dir) if practice_dir else theme_practice_dir(city_code)
    boundary = load_boundary(city_code, data_source=data_source, echo=echo)
    shochiiki = load_shochiiki(city_code, data_source=data_source, echo=echo)
    hospitals = load_hospitals(boundary, search_km=hospital_search_km, kinds=facility_kinds, data_source=data_source,
                               echo=echo)
    feed = load_bus_feed(boundary, gtfs_path=gtfs_path, hospitals=hospitals, data_source=data_source,
                         practice_dir=folder, seed=seed, echo=echo)
    stations = load_rail_stations(boundary, data_source=data_source, echo=echo)
    total = practice_total or int(round(shochiiki["JINKO"].sum(), -3))
    meshes = load_mesh_population(boundary, level=level, data_source=data_source, practice_total=total,
                                  practice_centres=practice_town_centres(feed), practice_dir=folder, seed=seed, echo=echo)
    plane_crs = meshes.attrs["plane_crs"]
    districts = load_districts(shochiiki, district_list=district_list, crs=plane_crs, seed=seed,
                               data_source=data_source, echo=echo)
    usage = load_demand_usage(shochiiki, districts, boundary, usage_csv=usage_csv, practice_dir=folder, seed=seed,
                              data_source=data_source, echo=echo)
    return ElderlyTransitCase(city_code, str(boundary["name"].iloc[0]), level, plane_crs, boundary, meshes, hospitals,
                              feed, stations, shochiiki, districts, usage)
