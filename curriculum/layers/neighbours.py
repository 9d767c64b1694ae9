"""隣接する市区町村: which municipalities share a border, computed from the N03 行政区域 boundaries.

The method (stated in the catalogue entry ``ksj-n03-adjacency`` and used from there):

1. read every N03 file of the cache (``n03_<code>.geojson`` of ``ksj-n03-city``), repaired and dissolved by
   :func:`curriculum.data.read_n03`;
2. dissolve the wards of a 政令指定都市 into the city (新潟市北区 … 西蒲区 → 新潟市 15100): a ward is a feature
   whose N03 city or county name ends in 市 and whose own name ends in 区 (older editions) or that has a
   ward name (newer editions); the city's code is the one SSDSE-A-2026 gives that city name in the prefecture;
3. project each pair to the prefecture's 平面直角座標系 and measure the length of A's border lying within
   ``tolerance_m`` of B; A and B are neighbours when that shared border is at least ``min_shared_m`` long
   (a corner touching at a point, or a gap of a few metres between two digitisations, does not decide it).

The result is cached as a CSV keyed by the sha256 of the N03 files it was computed from and of the method
(``n03_adjacency_<key>.csv`` for the whole table, ``…_city<code>.csv`` for one city's rows, each with a
``…_municipalities.csv`` listing every municipality the files covered), in the user's data cache
(``<platform cache>/curriculum/ksj-n03-adjacency/``, or ``$CURRICULUM_DERIVED_DIR``), never inside a shared
``$CURRICULUM_DATA_DIR`` of official files. A whole table with the right key placed anywhere in the data folder is
used as it is. One city's neighbours (what a notebook asks for) read only the files near it: a few seconds. Only municipalities whose N03 file is in the cache take part: a neighbour across a prefecture
border is listed only when that prefecture's files are there too (``attrs["prefectures"]`` says which were).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd

from curriculum.config import data_dir
from curriculum.errors import DataFormatError, DataNotFoundError
from curriculum.layers.policy import real_or_practice, real_provenance, practice_provenance, wants_practice
from curriculum.provenance import attach, provenance_of

__all__ = ["ADJACENCY_DATASET", "adjacency_method", "municipal_boundaries", "compute_adjacency",
           "load_adjacency", "neighbours_of"]

ADJACENCY_DATASET = "ksj-n03-adjacency"
N03_GLOB = "n03_[0-9][0-9][0-9][0-9][0-9].geojson"
DERIVED_DIR_ENV = "CURRICULUM_DERIVED_DIR"  # where computed tables are cached (default: the platform cache folder)
COLUMNS = ["city_code", "neighbour_code", "shared_km"]


def adjacency_method() -> dict:
    """The method's parameters as the catalogue entry states them: ``tolerance_m`` and ``min_shared_m``."""
    from curriculum.data.catalogue import get_entry

    method = dict(get_entry(ADJACENCY_DATASET).raw["method"])
    return {"tolerance_m": float(method["tolerance_m"]), "min_shared_m": float(method["min_shared_m"])}


def _n03_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    by_name = {}
    for path in sorted(root.rglob(N03_GLOB)):
        by_name.setdefault(path.name, path)  # one file per municipality, wherever it sits in the cache
    return [by_name[name] for name in sorted(by_name)]


def municipal_boundaries(paths, *, city_names: dict | None = None) -> gpd.GeoDataFrame:
    """One (Multi)Polygon per municipality from N03 files, the wards of a 政令市 dissolved into the city.

    Parameters
    ----------
    paths : iterable of path
        N03 GeoJSON files (one municipality or one prefecture each).
    city_names : dict, optional
        ``(pref_code, city name) → city_code`` for the 政令市 (default: from SSDSE-A-2026).

    Returns
    -------
    GeoDataFrame (EPSG:6668) with ``city_code`` and ``name``, one row per municipality.
    """
    from curriculum.data import read_n03

    frames = [read_n03(path) for path in paths]
    if not frames:
        raise DataNotFoundError("N03 行政区域のファイルが 1 つもありません。", "no N03 files given",
                                fix="curriculum data fetch ksj-n03-city city_code=<コード> で取得してください。")
    parts = pd.concat(frames, ignore_index=True)
    codes, names = _municipal_codes(parts, city_names)
    parts = gpd.GeoDataFrame({"city_code": codes, "name": names}, geometry=parts.geometry, crs=parts.crs)
    return parts.dissolve(by="city_code", aggfunc="first", as_index=False).sort_values("city_code",
                                                                                       ignore_index=True)


def _municipal_codes(parts: pd.DataFrame, city_names: dict | None) -> tuple[pd.Series, pd.Series]:
    """Each N03 feature's municipality: its own code, or for a 政令市's ward the city's code (and name)."""
    def column(name):
        values = parts[name] if name in parts.columns else pd.Series("", index=parts.index)
        return values.fillna("").astype(str)

    county, own, ward_name = column("county_or_city"), column("city_name"), column("ward_name")
    is_ward = (county.str.endswith("市") & own.str.endswith("区")) | (ward_name != "")
    city_of_ward = county.where(ward_name == "", own)  # older editions: city in N03_003; newer: in N03_004
    codes = parts["city_code"].astype(str).copy()
    names = column("name") if "name" in parts.columns else own.copy()
    if is_ward.any():
        lookup = city_names if city_names is not None else _designated_city_codes()
        for i in parts.index[is_ward]:
            key = (codes[i][:2], city_of_ward[i])
            if key not in lookup:
                raise DataFormatError(
                    f"政令市の区 {names[i]}（{codes[i]}）の市「{city_of_ward[i]}」のコードが SSDSE-A-2026 にありません。",
                    f"ward {codes[i]}: no city code for {city_of_ward[i]!r}",
                    fix="N03 の版と SSDSE-A の版（市の名前）が合っているか確かめてください。",
                )
            codes[i], names[i] = lookup[key], city_of_ward[i]
    return codes, names


def _scan(paths: list[Path]) -> pd.DataFrame:
    """Without building polygons: each file's municipality (wards mapped to their city) and lon/lat bounding box."""
    import json

    import numpy as np

    from curriculum.data.boundaries import N03_COLUMNS

    rows = []
    for path in paths:
        try:
            features = json.loads(path.read_text(encoding="utf-8"))["features"]
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise DataFormatError("N03 の GeoJSON として読めません。", f"cannot read {path} as GeoJSON: {err}", path=path,
                                  fix="もう一度取得してください（curriculum data fetch ksj-n03-city）。") from err
        for feature in features:
            props = {N03_COLUMNS.get(k, k): v for k, v in (feature.get("properties") or {}).items()}
            code = str(props.get("city_code") or "").strip()
            if len(code) != 5 or not code.isdigit():
                continue  # 所属未定地 (no code), as read_n03 drops them
            points = np.array([xy[:2] for xy in _coordinates((feature.get("geometry") or {}).get("coordinates", []))])
            if not len(points):
                continue
            rows.append({**props, "city_code": code, "path": path, "minx": points[:, 0].min(),
                         "miny": points[:, 1].min(), "maxx": points[:, 0].max(), "maxy": points[:, 1].max()})
    return pd.DataFrame(rows)


def _coordinates(nested):
    """Every [lon, lat] of a GeoJSON coordinates array, however deeply nested."""
    if nested and isinstance(nested[0], (int, float)):
        yield nested
        return
    for item in nested:
        yield from _coordinates(item)


def _designated_city_codes() -> dict:
    from curriculum.data.ssdse import read_ssdse
    from curriculum.layers.policy import real_path

    frame = read_ssdse(real_path("ssdse-a-2026", data_source="cache"))
    return {(code[:2], name): code for code, name in frame["Municipality"].items() if name.endswith("市")}


def compute_adjacency(boundaries: gpd.GeoDataFrame, *, tolerance_m: float, min_shared_m: float,
                      only=None) -> pd.DataFrame:
    """隣接表: every ordered pair of municipalities whose shared border is at least ``min_shared_m`` long.

    ``boundaries`` has ``city_code`` and polygons (any CRS); a border counts as shared where it lies within
    ``tolerance_m`` of the other municipality. ``only`` (codes) limits the rows to those municipalities (one city's
    neighbours without measuring every other pair). Returns ``city_code``, ``neighbour_code``, ``shared_km``
    (both directions unless ``only``, sorted).
    """
    from curriculum.geo import plane_rectangular_crs

    rows = []
    frame = boundaries.reset_index(drop=True)
    for pref in sorted(frame["city_code"].str[:2].unique()):
        # each pair is measured in the 平面直角座標系 of its first municipality's prefecture
        projected = frame.to_crs(plane_rectangular_crs(pref))
        widened = projected.buffer(tolerance_m)  # each polygon widened once
        index = projected.sindex
        rows_here = projected["city_code"].str[:2] == pref
        if only is not None:
            rows_here &= projected["city_code"].isin([str(c) for c in only])
        for i in projected.index[rows_here]:
            border = projected.geometry[i].boundary
            for j in index.query(widened[i]):
                if j == i:
                    continue
                shared = border.intersection(widened[j]).length
                if shared >= min_shared_m:
                    rows.append((projected.at[i, "city_code"], projected.at[j, "city_code"], round(shared / 1000, 3)))
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["city_code", "neighbour_code"], ignore_index=True)


def _cache_key(paths: list[Path], method: dict) -> str:
    from curriculum.data.fetching import sha256_of

    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{path.name}:{sha256_of(path)}\n".encode())
    digest.update(repr(sorted(method.items())).encode())
    return digest.hexdigest()


def _cache_folder() -> Path:
    """Where computed tables go: the user's data cache (the platform cache folder, or ``$CURRICULUM_DERIVED_DIR``).

    Never inside ``$CURRICULUM_DATA_DIR`` when that is set: it is often a shared folder of official files
    (CI's ``../shared/data``) that a computed file must not be mixed into.
    """
    configured = os.environ.get(DERIVED_DIR_ENV)
    if configured:
        root = Path(configured).expanduser()
    else:
        import pooch

        root = Path(pooch.os_cache("curriculum"))
    folder = root / ADJACENCY_DATASET
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DataNotFoundError(
            f"隣接表を保存するフォルダ {folder} を作れません（{err.strerror}）。",
            f"cannot create {folder}: {err}",
            fix=f"書き込めるフォルダを環境変数 {DERIVED_DIR_ENV} に設定してください。",
        ) from err
    return folder


def _read_cached(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype={"city_code": str, "neighbour_code": str})
    if list(table.columns) != COLUMNS:
        raise DataFormatError("隣接表のキャッシュの列が違います。", f"bad columns in {path}", path=path,
                              fix="このファイルを消すと、次に使うときに計算し直します。")
    return table


def _precomputed(key: str, suffix: str = "") -> tuple[Path, Path] | None:
    """A cached table (and its list of municipalities) for this key: in the derived folder, or placed anywhere in
    the data folder beside the official files (an instructor can copy a computed table there, as with any file)."""
    name = f"n03_adjacency_{key[:16]}{suffix}.csv"
    candidates = [_cache_folder() / name]
    root = data_dir()
    if root.is_dir():
        candidates += sorted(root.rglob(name))
    for table in candidates:
        listed = table.with_name(f"n03_adjacency_{key[:16]}{suffix}_municipalities.csv")
        if table.exists() and listed.exists():
            return table, listed
    return None


def _write(frame: pd.DataFrame, path: Path) -> None:
    partial = path.with_suffix(".csv.partial")
    frame.to_csv(partial, index=False)
    partial.replace(path)


def _real_adjacency(city_code: str | None = None) -> pd.DataFrame:
    method = adjacency_method()
    paths = _n03_files(data_dir())
    if not paths:
        raise DataNotFoundError(
            "N03 行政区域のファイル（n03_<コード>.geojson）がデータフォルダにありません。",
            f"no N03 files under {data_dir()}",
            fix="curriculum data fetch ksj-n03-city city_code=<コード> で、対象の市と周りの市区町村の境界を取得してください。",
        )
    key = _cache_key(paths, method)
    found = _precomputed(key) or (_precomputed(key, f"_city{city_code}") if city_code else None)
    if found:
        cached, listed = found
        table = _read_cached(cached)
        municipalities = pd.read_csv(listed, dtype=str)
    else:
        folder = _cache_folder()
        suffix = f"_city{city_code}" if city_code else ""
        cached = folder / f"n03_adjacency_{key[:16]}{suffix}.csv"
        listed = folder / f"n03_adjacency_{key[:16]}{suffix}_municipalities.csv"
        if city_code:
            # One city's neighbours: only the files whose bounding box comes near the city are read as polygons,
            # and only the city's own pairs are measured (seconds, where the whole table takes a minute).
            scan = _scan(paths)
            scan["municipal_code"], scan["name"] = _municipal_codes(scan, None)
            municipalities = scan.drop_duplicates("municipal_code")[["municipal_code", "name"]].rename(
                columns={"municipal_code": "city_code"}).sort_values("city_code", ignore_index=True)
            own = scan[scan["municipal_code"] == city_code]
            if own.empty:
                table = pd.DataFrame(columns=COLUMNS)
            else:
                margin = 0.01  # degrees (about 1 km): far more than the tolerance
                near = scan[(scan["maxx"] >= own["minx"].min() - margin) & (scan["minx"] <= own["maxx"].max() + margin)
                            & (scan["maxy"] >= own["miny"].min() - margin) & (scan["miny"] <= own["maxy"].max() + margin)]
                boundaries = municipal_boundaries(sorted(set(near["path"])))
                table = compute_adjacency(boundaries, **method, only=[city_code])
        else:
            boundaries = municipal_boundaries(paths)
            table = compute_adjacency(boundaries, **method)
            municipalities = pd.DataFrame(boundaries[["city_code", "name"]])
        _write(municipalities, listed)
        _write(table, cached)  # the table last: it marks completion
    table.attrs["municipalities"] = municipalities["city_code"].tolist()
    table.attrs["prefectures"] = sorted({c[:2] for c in table.attrs["municipalities"]})
    table.attrs["cache_file"] = str(cached)
    note = f"N03 の {len(paths)} ファイルから計算（許容 {method['tolerance_m']:g} m、共有する境界 {method['min_shared_m']:g} m 以上）"
    return attach(table, real_provenance(ADJACENCY_DATASET, "隣接する市区町村（N03 から計算）", note=note))


def _practice_adjacency(note: str) -> pd.DataFrame:
    from curriculum.layers.policy import practice_source

    source = practice_source("ksj-n03", note=note)
    boundaries = municipal_boundaries([source.path], city_names={})
    municipal_codes = boundaries["city_code"].tolist()
    table = compute_adjacency(boundaries, **adjacency_method())
    table.attrs["municipalities"] = sorted(municipal_codes)
    table.attrs["prefectures"] = sorted({c[:2] for c in table["city_code"]})
    return attach(table, practice_provenance("隣接する市区町村（練習県の境界から計算）", note=note))


def load_adjacency(*, city_code: str | None = None, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """隣接表を読み込む: the adjacency of every municipality whose N03 file is in the cache (see the module).

    With ``city_code``, only that city's rows are needed: unless the whole table is cached already, only its
    own pairs are measured (and cached apart). Practice data (練習県) stands in only when no N03 file is
    available offline or practice is asked for.
    """
    return real_or_practice(lambda: _real_adjacency(city_code), _practice_adjacency, title="隣接する市区町村", data_source=data_source,
                            echo=echo)


def neighbours_of(city_code: str, *, adjacency: pd.DataFrame | None = None, data_source: str = "cache",
                  echo=print) -> list[str]:
    """隣接する市区町村のコード（昇順）: the municipalities sharing a border with ``city_code``.

    Raises
    ------
    DataNotFoundError
        The city's own boundary is not among the files the adjacency was computed from (then its
        neighbours are unknown, not "none").
    """
    code = str(city_code)
    table = adjacency if adjacency is not None else load_adjacency(city_code=code, data_source=data_source, echo=echo)
    seen = table.attrs.get("municipalities", [])
    if code not in seen:
        practice = provenance_of(table).is_practice if "provenance" in table.attrs else wants_practice(data_source)
        raise DataNotFoundError(
            f"市区町村 {code} の境界（N03）がデータフォルダにないため、隣接する市区町村がわかりません"
            + ("（練習用の境界は練習県だけです）。" if practice else "。"),
            f"no N03 boundary for {code}: its neighbours are unknown",
            fix=f"curriculum data fetch ksj-n03-city city_code={code} で境界を取得してください"
                "（隣接する市区町村の境界も必要です）。",
        )
    return sorted(table.loc[table["city_code"] == code, "neighbour_code"].tolist())
