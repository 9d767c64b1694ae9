"""境界データ: 国土数値情報 N03 行政区域 and e-Stat 地域メッシュ境界, read as tidy GeoDataFrames."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from curriculum.errors import DataFormatError, DataNotFoundError
from curriculum.geo import JGD2011_GEOGRAPHIC, plane_rectangular_crs, repair_polygons

N03_COLUMNS = {
    "N03_001": "pref_name", "N03_002": "subprefecture", "N03_003": "county_or_city",
    "N03_004": "city_name", "N03_005": "ward_name", "N03_007": "city_code",
}
MESH_BOUNDARY_COLUMNS = ["KEY_CODE", "MESH1_ID", "MESH2_ID", "MESH3_ID", "MESH4_ID", "OBJ_ID"]


def read_vector(path: str | Path, *, what: str, encoding: str | None = None) -> gpd.GeoDataFrame:
    """Read a GeoJSON, Shapefile or a zip holding one, with a clear error for anything else."""
    path = Path(path)
    if not path.exists():
        raise DataNotFoundError(f"ファイル {path} が見つかりません。", f"{path} not found", path=path,
                                fix="パスを確認するか、curriculum.data.fetch(...) で取得したパスを渡してください。")
    if path.stat().st_size == 0:
        raise DataFormatError("ファイルが空です（0 バイト）。", "the file is empty", path=path,
                              fix="もう一度ダウンロードしてください。")
    target = str(path)
    if zipfile.is_zipfile(path):
        target = _pick_zip_layer(path, what)
    elif path.suffix.lower() == ".zip":
        raise DataFormatError("zip ファイルが壊れています（途中までしかダウンロードされていない可能性）。",
                              "broken or truncated zip", path=path, fix="もう一度ダウンロードしてください。")
    try:
        frame = gpd.read_file(target, encoding=encoding) if encoding else gpd.read_file(target)
    except Exception as err:  # pyogrio raises its own DataSourceError / DataLayerError
        raise DataFormatError(
            f"{what}として読めません（{type(err).__name__}: {err}）。",
            f"cannot read as {what}: {err}",
            path=path,
            fix="ファイルが途中で切れていないか、別の形式のファイルでないか確認してください。",
        ) from err
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        raise DataFormatError(f"{what}に図形（ジオメトリ）がありません。", f"no geometry in {what}", path=path,
                              fix="属性表（.dbf）だけでなく .shp / .geojson を指定してください。")
    return frame


def _pick_zip_layer(path: Path, what: str) -> str:
    try:
        names = zipfile.ZipFile(path).namelist()
    except zipfile.BadZipFile as err:
        raise DataFormatError("zip ファイルが壊れています。", "broken zip", path=path) from err
    for suffix in (".geojson", ".shp"):
        found = sorted(n for n in names if n.lower().endswith(suffix))
        if found:
            return f"zip://{path}!{found[0]}"
    raise DataFormatError(f"zip の中に {what}（.geojson / .shp）がありません: {', '.join(names[:5])}",
                          f"no .geojson or .shp in the zip for {what}", path=path)


def read_n03(path: str | Path, *, city_code: str | None = None) -> gpd.GeoDataFrame:
    """行政区域（国土数値情報 N03）を読む: one repaired (Multi)Polygon per municipality code.

    Invalid polygons are repaired (燕市 15213 as published has its outline as a ring
    outside the shell, so its naive area is negative), the many features of a municipality
    (islands, slivers) are dissolved by ``N03_007``, and ``area_km2`` is measured in the
    prefecture's 平面直角座標系 (燕市: EPSG:6676). Features without a code (所属未定地) are dropped.

    Parameters
    ----------
    path : GeoJSON, Shapefile or the official zip.
    city_code : str, optional
        Keep one municipality (5-digit 全国地方公共団体コード).

    Returns
    -------
    GeoDataFrame in EPSG:6668 with ``city_code``, ``pref_name``, ``county_or_city``,
    ``city_name``, ``ward_name`` (where the edition has it), ``name`` (e.g. 新潟市南区) and ``area_km2``.

    Examples
    --------
    >>> tsubame = read_n03(fetch("ksj-n03-city", city_code="15213"))
    >>> round(float(tsubame.loc[0, "area_km2"]), 1)
    110.9
    """
    frame = read_vector(path, what="行政区域データ（N03）")
    if "N03_007" not in frame.columns:
        raise DataFormatError(
            "N03 行政区域データではないようです（N03_007 列がない）。",
            "not an N03 file: no N03_007 column",
            path=path,
            fix="国土数値情報の行政区域データ（N03-…）を指定してください。",
        )
    frame = frame.rename(columns={k: v for k, v in N03_COLUMNS.items() if k in frame.columns})
    frame["city_code"] = frame["city_code"].astype("string").str.strip()
    frame = frame[frame["city_code"].str.fullmatch(r"\d{5}", na=False)]
    if city_code is not None:
        frame = frame[frame["city_code"] == str(city_code)]
        if frame.empty:
            raise DataFormatError(f"市区町村コード {city_code} の区域がこのファイルにありません。",
                                  f"no feature with N03_007 == {city_code}", path=path,
                                  fix="都道府県のファイルとコード（5桁、検査数字なし）を確認してください。")
    if frame.crs is None:
        frame = frame.set_crs(JGD2011_GEOGRAPHIC)
    frame = frame.to_crs(JGD2011_GEOGRAPHIC)
    frame["geometry"] = repair_polygons(frame.geometry)
    attributes = [c for c in N03_COLUMNS.values() if c in frame.columns and c != "city_code"]
    dissolved = frame.dissolve(by="city_code", aggfunc="first", as_index=False)[["city_code", *attributes, "geometry"]]
    dissolved["name"] = dissolved.apply(_display_name, axis=1)
    dissolved["area_km2"] = [
        _area_km2(geom, code, dissolved.crs) for geom, code in zip(dissolved.geometry, dissolved["city_code"])
    ]
    return dissolved.sort_values("city_code").reset_index(drop=True)


def _display_name(row) -> str:
    ward, city, county = (_text(row.get(k)) for k in ("ward_name", "city_name", "county_or_city"))
    if ward:
        return f"{city}{ward}"
    if county.endswith("市") and city.endswith("区"):  # older editions put the ward in N03_004
        return f"{county}{city}"
    return city


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _area_km2(geom, city_code: str, crs) -> float:
    series = gpd.GeoSeries([geom], crs=crs)
    centre = geom.representative_point()
    projected = series.to_crs(plane_rectangular_crs(city_code[:2], lon=centre.x, lat=centre.y))
    return float(projected.area.iloc[0] / 1e6)


def read_mesh_boundary(path: str | Path) -> gpd.GeoDataFrame:
    """地域メッシュ境界データを読む (統計GIS ``HDDSWH….zip`` etc.): every land mesh of a 1st mesh.

    Returns a GeoDataFrame with ``KEY_CODE`` as text, the other official fields, in the
    file's CRS (JGD2000, EPSG:4612 for the 世界測地系 product). Meshes absent from the
    statistics table have no residents: see :func:`merge_mesh_statistics`.
    """
    frame = read_vector(path, what="地域メッシュ境界データ")
    missing = [c for c in MESH_BOUNDARY_COLUMNS[:1] if c not in frame.columns]
    if missing:
        raise DataFormatError("地域メッシュ境界データではないようです（KEY_CODE 列がない）。",
                              "not a mesh boundary file: no KEY_CODE", path=path)
    for column in MESH_BOUNDARY_COLUMNS:
        if column in frame.columns and column != "OBJ_ID":
            frame[column] = frame[column].astype("string")
    return frame


def merge_mesh_statistics(boundary: gpd.GeoDataFrame, table: pd.DataFrame) -> gpd.GeoDataFrame:
    """メッシュ境界と統計の結合: every land mesh with its statistics; unpopulated meshes get 0.

    The boundary lists every land mesh, the table only populated ones, so a mesh missing
    from the table has 0 residents and 0 households (not missing data). 秘匿 cells (NA in
    the table) stay NA. A table mesh with no boundary polygon is an error (wrong file pair).
    """
    values = [c for c in table.columns if c.startswith("T")]
    unknown = set(table["KEY_CODE"]) - set(boundary["KEY_CODE"])
    if unknown:
        raise DataFormatError(
            f"統計表のメッシュ {sorted(unknown)[0]} など {len(unknown)} 件が境界データにありません。"
            "別の1次メッシュや別の大きさ（500m と 250m など）の組み合わせになっていませんか。",
            f"{len(unknown)} table meshes have no boundary polygon",
            fix="同じ1次メッシュ・同じ大きさの統計表と境界データを使ってください。",
        )
    merged = boundary.merge(table, on="KEY_CODE", how="left", validate="one_to_one")
    populated = merged["HTKSYORI"].notna()
    merged["HTKSYORI"] = merged["HTKSYORI"].fillna(0).astype("int8")
    for column in values:
        merged[column] = merged[column].astype("Int64").mask(~populated, 0)
    merged["populated"] = populated
    merged.attrs = dict(table.attrs)
    return merged
