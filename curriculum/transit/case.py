"""フォローアップ編「高齢者の公共交通」のデータ一式: everything the notebooks load, for any city code.

Real data where it exists (N03 boundary, P04 hospitals, 2015 小地域, census mesh tables in the
cache, a GTFS feed you give), labelled practice data where it does not (for 燕市: the census
mesh of 1st mesh 5638, the GTFS feed and demand-transit usage). ``case.sources`` lists which
layer is which, for the notebooks' データの出典.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from curriculum.errors import CurriculumError, DataNotFoundError
from curriculum.transit.population import PRACTICE_LABEL, REAL_LABEL, STATS_ID_BY_LEVEL

__all__ = ["ElderlyTransitCase", "load_elderly_transit_case", "DATA_SOURCES"]

#: "cache": real files already in $CURRICULUM_DATA_DIR (never downloads), practice data for the rest;
#: "download": also download missing real files; "practice": practice data wherever it can stand in.
DATA_SOURCES = ("cache", "download", "practice")
PRACTICE_NOTE = "出典：練習用・架空データ（curriculum パッケージが生成。実在の統計・時刻表ではありません）"


@dataclass
class ElderlyTransitCase:
    """The loaded case. GeoDataFrames are in EPSG:6668; measure in ``plane_crs``."""

    city_code: str
    city_name: str
    level: str
    plane_crs: str
    boundary: gpd.GeoDataFrame
    meshes: gpd.GeoDataFrame
    hospitals: gpd.GeoDataFrame
    feed: object
    shochiiki: pd.DataFrame
    district_list: pd.DataFrame
    usage: pd.DataFrame
    practice_dir: Path
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)

    def is_practice(self, layer: str) -> bool:
        """Whether a layer (``"census_mesh"``, ``"gtfs"``, ``"demand"`` …) is 練習用・架空."""
        row = self.sources[self.sources["layer"] == layer]
        return bool(len(row)) and row["kind"].iloc[0] == PRACTICE_LABEL

    def label(self, layer: str, text: str) -> str:
        """``text`` with （練習用・架空） appended when the layer is practice data."""
        return f"{text}（{PRACTICE_LABEL}）" if self.is_practice(layer) else text


def _local(dataset_id: str, data_source: str, **params) -> Path:
    """A catalogue file from the cache (or downloaded when ``data_source == "download"``)."""
    from curriculum.data import fetch, path

    if data_source != "download":
        path(dataset_id, **params)  # DataNotFoundError when absent: never touch the network here
    return fetch(dataset_id, quiet=True, progress=False, **params)


def _attribution(dataset_id: str, **params) -> str:
    from curriculum.data import get_entry

    return get_entry(dataset_id).resolve(**params).attribution


def _default_practice_dir(city_code: str) -> Path:
    root = os.environ.get("CURRICULUM_PRACTICE_DIR") or Path(tempfile.gettempdir()) / "curriculum-practice"
    return Path(root) / "elderly_transit" / city_code


def load_elderly_transit_case(city_code: str = "15213", *, level: str = "500m", data_source: str = "cache",
                              gtfs_path: str | Path | None = None, district_list: str | Path | pd.DataFrame | None = None,
                              usage_csv: str | Path | None = None, practice_total: int | None = None,
                              hospital_search_km: float = 10.0, seed: int = 0,
                              practice_dir: str | Path | None = None, echo=print) -> ElderlyTransitCase:
    """高齢者の公共交通の分析データを読み込む: boundary, mesh population, hospitals, bus feed, districts.

    Parameters
    ----------
    city_code : str
        全国地方公共団体コード (5 digits), e.g. ``"15213"`` 燕市, ``"15204"`` 三条市.
    level : {"500m", "250m", "1km"}
    data_source : {"cache", "download", "practice"}
        Where real files come from; see :data:`DATA_SOURCES`.
    gtfs_path : path, optional
        A real GTFS-JP feed of the city; without it a practice feed is made.
    district_list : path or DataFrame, optional
        Demand-transit districts: CSV/DataFrame with ``KEY_CODE`` and ``district``; default practice.
    usage_csv : path, optional
        地区別利用実績 CSV (see ``read_demand_usage``); default practice.
    practice_total : int, optional
        Population total of the practice census mesh; default Σ JINKO of the city's 2015
        小地域 rounded to the nearest 1,000.
    hospital_search_km : float
        Hospitals up to this far outside the boundary are kept (residents cross city lines).
    seed : int
        Seed of all practice data.
    practice_dir : path, optional
        Where practice files are written; default ``$CURRICULUM_PRACTICE_DIR`` or a temp folder.
    echo : callable
        Where the 出典 and practice notes are printed.
    """
    from curriculum.data import read_census_mesh, read_gtfs_jp, read_n03, read_p04, read_shochiiki
    from curriculum.transit import practice as fake
    from curriculum.transit.demand import compute_demand_districts, read_demand_usage
    from curriculum.transit.population import compute_mesh_population, get_city_meshes

    if data_source not in DATA_SOURCES:
        raise CurriculumError(f"DATA_SOURCE {data_source!r} は使えません。", f"unknown data_source {data_source!r}",
                              fix=f"{' / '.join(DATA_SOURCES)} のどれかにしてください。")
    city_code = str(city_code)
    if level not in STATS_ID_BY_LEVEL:
        raise CurriculumError(f"メッシュの大きさ {level!r} は使えません。", f"unknown level {level!r}",
                              fix="'500m'、'250m'、'1km' のどれかにしてください。")
    folder = Path(practice_dir) if practice_dir else _default_practice_dir(city_code)
    folder.mkdir(parents=True, exist_ok=True)
    sources = []

    def note(layer, what, kind, text):
        sources.append({"layer": layer, "データ": what, "kind": kind, "出典": text})

    # 1. Boundary: always real (practice data is placed over it).
    try:
        boundary = read_n03(_local("ksj-n03-city", data_source, city_code=city_code), city_code=city_code)
    except DataNotFoundError as err:
        raise CurriculumError(
            f"市区町村 {city_code} の境界（N03）がキャッシュにありません。境界は練習用データで代わりにできません。",
            f"no N03 boundary for {city_code} in the cache", fix="DATA_SOURCE = \"download\" にするか、"
            f"curriculum data fetch ksj-n03-city city_code={city_code} で取得してください。") from err
    city_name = str(boundary["name"].iloc[0])
    note("boundary", "行政区域（N03、修復済み）", REAL_LABEL, _attribution("ksj-n03-city", city_code=city_code))
    meshes = get_city_meshes(boundary, level=level)
    plane_crs = meshes.attrs["plane_crs"]

    # 2. 小地域 (2015): 燕市's extract, else the Niigata table, else none.
    shochiiki = pd.DataFrame()
    for dataset_id, params in (("estat-shochiiki-2015-tsubame-csv", {}), ("estat-shochiiki-2015-niigata-dbf", {})):
        if dataset_id.endswith("tsubame-csv") and city_code != "15213":
            continue
        try:
            shochiiki = read_shochiiki(_local(dataset_id, data_source, **params), city_code=city_code)
        except (DataNotFoundError, CurriculumError):
            continue
        note("shochiiki", "小地域（平成27年国勢調査、町丁・字の代表点と人口）", REAL_LABEL, _attribution(dataset_id))
        break

    # 3. Hospitals (P04 病院) in and near the city.
    hospitals = read_p04(_local("ksj-p04-2020", data_source, pref_code=city_code[:2]), kinds=(1,))
    area = boundary.to_crs(plane_crs).buffer(hospital_search_km * 1000).to_crs(hospitals.crs).iloc[0]
    hospitals = hospitals[hospitals.within(area)].reset_index(drop=True)
    inside = hospitals.within(boundary.geometry.iloc[0])
    hospitals.insert(2, "in_city", inside.to_numpy())
    note("hospitals", f"医療機関（P04、病院のみ、市の境界から {hospital_search_km:g} km 以内）", REAL_LABEL,
         _attribution("ksj-p04-2020", pref_code=city_code[:2]))

    # 4b. Bus: the city's feed if given, else a practice feed whose 病院線 ends at the city's largest hospital.
    if gtfs_path is not None:
        feed = read_gtfs_jp(gtfs_path)
        note("gtfs", "バスの時刻表・停留所（GTFS-JP）", REAL_LABEL, f"出典：{Path(gtfs_path).name}（利用者が指定した GTFS-JP）")
    else:
        anchor = hospitals[inside.to_numpy()]  # none inside: the loop is centred in the city instead
        anchor = anchor.assign(_beds=pd.to_numeric(anchor.get("beds"), errors="coerce")).sort_values(
            "_beds", ascending=False, na_position="last") if len(anchor) else anchor
        hospital = anchor.geometry.iloc[0] if len(anchor) else None
        feed = read_gtfs_jp(fake.write_practice_city_gtfs(boundary, folder / "practice_gtfs.zip", hospital=hospital, seed=seed))
        note("gtfs", "コミュニティバス（循環線・病院線）の停留所・時刻表", PRACTICE_LABEL, PRACTICE_NOTE)

    # 5. Census mesh: real tables for every 1st mesh, or practice tables for all of them.
    stats_id = STATS_ID_BY_LEVEL[level]
    tables, practice = [], data_source == "practice"
    if not practice:
        try:
            for mesh1 in sorted(meshes["mesh1"].unique()):
                tables.append(read_census_mesh(_local("estat-census-mesh-2020", data_source, stats_id=stats_id, mesh1=mesh1)))
            note("census_mesh", f"地域メッシュ統計（令和2年国勢調査、{level}）", REAL_LABEL, _attribution(
                "estat-census-mesh-2020", stats_id=stats_id, mesh1=meshes["mesh1"].iloc[0]))
        except DataNotFoundError as err:
            echo(f"※ 地域メッシュ統計（{stats_id}）が見つからないため、練習用・架空データを使います。\n"
                 f"  理由: {err.ja.splitlines()[0]}")
            practice = True
    if practice:
        # The fictional main town lies where the (practice) bus runs: its 市役所前 stop, if there is one.
        town = feed.stops[feed.stops["stop_name"] == "練習市役所前"]
        centres = [(float(town["stop_lon"].iloc[0]), float(town["stop_lat"].iloc[0]))] if len(town) else None
        total = practice_total or (int(round(shochiiki["JINKO"].sum(), -3)) if len(shochiiki) else 50_000)
        paths = fake.write_practice_census_mesh(boundary, folder / "census_mesh", total_population=total, level=level,
                                                 centres=centres, seed=seed)
        tables = [read_census_mesh(p) for p in paths]
        note("census_mesh", f"地域メッシュ統計の形式の人口（{level}、総人口 {total:,} 人に合わせた架空の分布）",
             PRACTICE_LABEL, PRACTICE_NOTE)
    meshes = compute_mesh_population(meshes, tables, practice=practice)

    # 6. Demand-transit districts and usage.
    if district_list is None:
        if shochiiki.empty:
            raise CurriculumError("小地域の表がないため、デマンド交通の地区を作れません。", "no 小地域 table for districts",
                                  fix="district_list に KEY_CODE と district の表を渡してください。")
        district_list = fake.make_practice_district_list(shochiiki, seed=seed, crs=plane_crs)
        note("districts", "デマンド交通の地区割り（実在の町丁・字を架空の地区にまとめたもの）", PRACTICE_LABEL, PRACTICE_NOTE)
    else:
        district_list = pd.read_csv(district_list, dtype=str) if not isinstance(district_list, pd.DataFrame) else district_list
        note("districts", "デマンド交通の地区割り", REAL_LABEL, "出典：利用者が指定した地区リスト")
    if usage_csv is None:
        base = compute_demand_districts(shochiiki, district_list, boundary, crs=plane_crs)
        usage_csv = fake.write_practice_demand_usage(base, folder / "practice_demand_usage.csv", seed=seed)
        note("demand", "デマンド交通の地区別利用率", PRACTICE_LABEL, PRACTICE_NOTE)
    else:
        note("demand", "デマンド交通の地区別利用率", REAL_LABEL, f"出典：{Path(usage_csv).name}")
    usage = read_demand_usage(usage_csv)

    table = pd.DataFrame(sources)
    for row in table.itertuples():
        echo(f"[{row.kind}] {row.データ} — {row.出典}")
    return ElderlyTransitCase(city_code, city_name, level, plane_crs, boundary, meshes, hospitals, feed, shochiiki,
                              district_list, usage, folder, table)
