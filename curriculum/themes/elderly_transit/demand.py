"""デマンド交通の地区: district polygons from 小地域 (町丁・字) and a usage rate per district.

Demand-responsive transit (デマンド交通) in towns like 燕市 is organised by district: a
district list says which 町丁・字 belong to which 運行地区. Without the 小地域 boundary
geometry (only its attribute table is offline), each 小地域's representative point
(``X_CODE``, ``Y_CODE``) gets its Voronoi cell inside the city, and the cells of a district
are dissolved into the district polygon — an approximation of the true boundary, said so in
``attrs["geometry_note"]``.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum.errors import CurriculumError, DataFormatError, DataNotFoundError
from curriculum.geo import JGD2011_GEOGRAPHIC
from curriculum.layers.mesh_population import city_geometry, plane_crs_of
from curriculum.layers.shochiiki import voronoi_cells
from curriculum.provenance import attach, least_real

__all__ = ["USAGE_COLUMNS", "compute_demand_districts", "read_demand_usage", "compute_mesh_districts"]

#: Column names accepted in a usage CSV (Japanese as exported by a 担当課, or English).
USAGE_COLUMNS = {
    "地区": "district", "地区名": "district", "district": "district",
    "対象者数": "eligible", "対象高齢者数": "eligible", "eligible": "eligible",
    "登録者数": "registered", "利用登録者数": "registered", "registered": "registered",
    "利用者数": "users", "実利用者数": "users", "users": "users",
    "利用率": "usage_rate", "usage_rate": "usage_rate",
    "データ": "data_kind", "data_kind": "data_kind",
}
GEOMETRY_NOTE = "小地域の代表点のボロノイ分割による近似（実際の地区境界ではありません）"


def read_demand_usage(path: str | Path) -> pd.DataFrame:
    """デマンド交通の地区別利用実績 CSV を読む: one row per district with ``usage_rate`` (0–1).

    The CSV needs a district column (``地区``) and either ``利用率`` or both ``対象者数`` and
    ``利用者数`` (then 利用率 = 利用者数 ÷ 対象者数). UTF-8 (with or without BOM) or CP932.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "usage.csv"
    >>> _ = p.write_text("地区,対象者数,利用者数\\n北地区,200,30\\n南地区,100,25\\n", encoding="utf-8-sig")
    >>> read_demand_usage(p)[["district", "usage_rate"]].values.tolist()
    [['北地区', 0.15], ['南地区', 0.25]]
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    except UnicodeDecodeError:
        frame = pd.read_csv(path, dtype=str, encoding="cp932")
    except FileNotFoundError:
        raise DataNotFoundError(f"ファイル {path} が見つかりません。", f"{path} not found", path=path,
                                fix="DEMAND_USAGE_CSV にファイルの場所を正しく書くか、None にしてください。") from None
    frame = frame.rename(columns={c: USAGE_COLUMNS.get(c.strip(), c.strip()) for c in frame.columns})
    if "district" not in frame:
        raise DataFormatError("利用実績の CSV に地区の列（「地区」）がありません。", "no district column", path=path,
                              fix=f"見出しを「地区」にしてください（使える見出し: {', '.join(USAGE_COLUMNS)}）。")
    for column in ("eligible", "registered", "users", "usage_rate"):
        if column in frame:
            text = frame[column].str.replace(",", "").str.rstrip("%").str.strip()
            numbers = pd.to_numeric(text, errors="coerce")
            bad = numbers.isna() & frame[column].notna()
            if bad.any():
                raise DataFormatError(f"列 {column} に数値として読めない値 {frame[column][bad].iloc[0]!r} があります。",
                                      f"non-numeric value in {column}", path=path,
                                      fix="「-」や「*」は秘匿・該当なしです。空欄にするか値を確認してください。")
            if column == "usage_rate" and frame[column].str.endswith("%").any():
                numbers = numbers / 100
            frame[column] = numbers
    if "usage_rate" not in frame:
        if not {"eligible", "users"} <= set(frame):
            raise DataFormatError("利用率を計算できません（「利用率」か「対象者数」と「利用者数」が必要）。",
                                  "need usage_rate, or eligible and users", path=path)
        frame["usage_rate"] = frame["users"] / frame["eligible"].where(frame["eligible"] > 0)
    if ((frame["usage_rate"] < 0) | (frame["usage_rate"] > 1)).any():
        raise DataFormatError("利用率が 0〜1（0〜100%）の範囲外の地区があります。", "usage_rate outside 0-1", path=path,
                              fix="利用者数と対象者数の列を取り違えていないか確認してください。")
    frame["district"] = frame["district"].str.strip()
    if frame["district"].duplicated().any():
        raise DataFormatError(f"地区 {frame['district'][frame['district'].duplicated()].iloc[0]!r} が2行あります。",
                              "duplicate district", path=path)
    return frame.reset_index(drop=True)


def compute_demand_districts(shochiiki: pd.DataFrame, district_list: pd.DataFrame, city, *,
                             usage: pd.DataFrame | None = None, crs: str | None = None,
                             key: str = "KEY_CODE") -> gpd.GeoDataFrame:
    """デマンド交通の地区ポリゴン: 小地域 grouped by a district list, with the usage rate joined.

    Parameters
    ----------
    shochiiki : DataFrame from ``read_shochiiki`` (``X_CODE``/``Y_CODE`` points, ``JINKO``).
        A GeoDataFrame with polygons is used as is (no Voronoi approximation).
    district_list : DataFrame with ``key`` (default ``KEY_CODE``) and ``district`` columns.
        小地域 not in the list form the district ``"（地区外）"``.
    city : GeoDataFrame or geometry of the municipality (polygons are clipped to it).
    usage : DataFrame, optional
        From :func:`read_demand_usage`; joined on ``district`` (no match → NaN usage_rate).
    crs : str, optional
        平面直角座標系 for the Voronoi cells; default from the city's code.

    Returns
    -------
    GeoDataFrame (EPSG:6668)
        ``district``, ``population`` (Σ JINKO, 2015 census), ``n_areas`` (小地域 parts),
        ``areas`` (their names, MOJI), the usage columns and ``geometry``;
        ``attrs["geometry_note"]`` says how the polygons were made; ``attrs["provenance"]`` is the
        least real of the inputs' records (a district made from practice data is practice data).
    """
    geometry, city_code = city_geometry(city)
    if crs is None:
        if city_code is None:
            raise CurriculumError("平面直角座標系が分かりません。", "no CRS", fix='crs="EPSG:6676" のように指定してください。')
        from curriculum.geo import plane_rectangular_crs

        centre = geometry.representative_point()
        crs = plane_rectangular_crs(city_code[:2], lon=centre.x, lat=centre.y)
    crs = plane_crs_of(gpd.GeoDataFrame(), crs)
    if not {key, "district"} <= set(district_list.columns):
        raise DataFormatError(f"地区リストに {key} と district の列が必要です。", f"district list needs {key} and district")
    mapping = district_list.drop_duplicates(key).set_index(key)["district"]
    frame = pd.DataFrame(shochiiki).copy()
    frame["district"] = frame[key].map(mapping).fillna("（地区外）")
    city_plane = gpd.GeoSeries([geometry], crs=JGD2011_GEOGRAPHIC).to_crs(crs).iloc[0]
    if isinstance(shochiiki, gpd.GeoDataFrame) and shochiiki.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        cells = shochiiki.to_crs(crs).geometry.to_numpy()
        note = "小地域境界データのポリゴン"
    else:
        cells = voronoi_cells(frame, crs, city_plane)
        note = GEOMETRY_NOTE
    frame = gpd.GeoDataFrame(frame, geometry=cells, crs=crs)
    name = "MOJI" if "MOJI" in frame else key
    dissolved = frame.dissolve(by="district", aggfunc={"JINKO": "sum", key: "size", name: lambda s: "・".join(sorted(set(map(str, s))))})
    dissolved = dissolved.rename(columns={"JINKO": "population", key: "n_areas", name: "areas"}).reset_index()
    dissolved["geometry"] = shapely.intersection(dissolved.geometry.to_numpy(), city_plane)
    dissolved = dissolved.to_crs(JGD2011_GEOGRAPHIC)
    if usage is not None:
        dissolved = dissolved.merge(usage, on="district", how="left")
    dissolved.attrs = {"geometry_note": note, "plane_crs": crs}
    out = dissolved[["district", *[c for c in dissolved.columns if c not in ("district", "geometry")], "geometry"]]
    provenance = least_real(*(getattr(f, "attrs", {}).get("provenance") for f in (district_list, usage, shochiiki)))
    return attach(out, provenance) if provenance is not None else out


def compute_mesh_districts(meshes: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, *, crs: str | None = None,
                           column: str = "district") -> gpd.GeoDataFrame:
    """メッシュを地区に割り当てる: each mesh gets the district holding the largest part of it.

    Examples
    --------
    >>> import shapely, geopandas as gpd
    >>> m = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 10, 10)], crs="EPSG:6676")
    >>> d = gpd.GeoDataFrame({"district": ["西", "東"]}, geometry=[shapely.box(-5, 0, 3, 10), shapely.box(3, 0, 20, 10)],
    ...                      crs="EPSG:6676")
    >>> compute_mesh_districts(m, d, crs="EPSG:6676")["district"].tolist()
    ['東']
    """
    crs = plane_crs_of(meshes, crs)
    polygons = meshes.to_crs(crs).geometry.to_numpy()
    areas = districts.to_crs(crs).geometry.to_numpy()
    mesh_idx, district_idx = shapely.STRtree(areas).query(polygons, predicate="intersects")
    overlap = shapely.area(shapely.intersection(polygons[mesh_idx], areas[district_idx]))
    pick = pd.DataFrame({"m": mesh_idx, "d": district_idx, "a": overlap}).sort_values(["m", "a"], ascending=[True, False])
    pick = pick.drop_duplicates("m")
    out = meshes.copy()
    values = np.full(len(out), None, dtype=object)
    values[pick["m"].to_numpy()] = districts[column].to_numpy()[pick["d"].to_numpy()]
    out[column] = values
    return out
