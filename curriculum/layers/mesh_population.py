"""市区町村のメッシュ人口: 地域メッシュ統計 joined to mesh polygons clipped to the city boundary.

A city's meshes are generated arithmetically (JIS X 0410, :mod:`curriculum.mesh`) over the
repaired N03 boundary, clipped to it, and carry ``overlap_ratio`` = area inside the city ÷
area of the whole cell (both measured in the prefecture's 平面直角座標系). The census mesh
tables of the city's 1st meshes are joined on the code: a mesh missing from the tables has
no residents (0, not missing), and 秘匿 is handled with the merged-group shares of
:func:`curriculum.data.compute_mesh_share`, so no share exceeds 100 %.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from curriculum import mesh
from curriculum.data.census_mesh import census_mesh_stats, compute_mesh_share
from curriculum.errors import CurriculumError, DataFormatError
from curriculum.geo import JGD2011_GEOGRAPHIC, plane_rectangular_crs

__all__ = ["get_city_meshes", "compute_mesh_population", "plane_crs_of", "city_geometry", "city_plane_crs", "load_mesh_population"]

# Column numbers in the 2020 tables (T00114x / T00110x, 50 columns): 001 人口総数, 019 65歳以上, 022 75歳以上, 034 世帯総数.
_COLUMN_NUMBERS = {"population": "001", "elderly": "019", "elderly_75": "022", "households": "034"}


def plane_crs_of(frame: gpd.GeoDataFrame, crs: str | None = None) -> str:
    """The 平面直角座標系 to measure ``frame`` in: ``crs`` if given, else ``frame.attrs["plane_crs"]``."""
    crs = crs or frame.attrs.get("plane_crs")
    if crs is None:
        raise CurriculumError(
            "距離や面積を測る平面直角座標系が分かりません。",
            "no plane rectangular CRS given or recorded in frame.attrs['plane_crs']",
            fix='crs="EPSG:6676" のように指定するか（燕市などの新潟県は VIII 系 = EPSG:6676）、'
                "get_city_meshes の結果を使ってください。curriculum.geo.plane_rectangular_crs で調べられます。",
        )
    if str(crs).upper() in ("EPSG:3857", "EPSG:900913"):
        raise CurriculumError(
            "Web メルカトル（EPSG:3857）では距離が実際より長く測られます（北緯37度で約1.25倍）。",
            "Web Mercator distorts distances; use the plane rectangular CRS", fix="平面直角座標系を指定してください。")
    return str(crs)


def city_geometry(city) -> tuple[shapely.Geometry, str | None]:
    """(one lon/lat geometry, city_code or None) of a municipality given as a GeoDataFrame, GeoSeries or geometry."""
    if isinstance(city, gpd.GeoDataFrame | gpd.GeoSeries):
        geometry = city.to_crs(JGD2011_GEOGRAPHIC).geometry if isinstance(city, gpd.GeoDataFrame) else city.to_crs(JGD2011_GEOGRAPHIC)
        code = str(city["city_code"].iloc[0]) if isinstance(city, gpd.GeoDataFrame) and "city_code" in city else None
        return shapely.union_all(geometry.to_numpy()), code
    if isinstance(city, shapely.Geometry):
        return city, None
    raise CurriculumError("市区町村の区域は GeoDataFrame（read_n03 の結果）か shapely の図形で渡してください。",
                          f"city must be a GeoDataFrame or shapely geometry, not {type(city).__name__}")


# Levels small enough to describe a city (the census tables exist for 1km, 500m and 250m).
_CITY_LEVELS = ("1km", "500m", "250m", "125m")


def city_plane_crs(city) -> str:
    """The 平面直角座標系 of a municipality (a GeoDataFrame with ``city_code``, e.g. ``read_n03``).

    >>> import geopandas as gpd, shapely
    >>> city_plane_crs(gpd.GeoDataFrame({"city_code": ["15213"]}, geometry=[shapely.Point(138.9, 37.66)], crs="EPSG:6668"))
    'EPSG:6676'
    """
    geometry, city_code = city_geometry(city)
    if city_code is None:
        raise CurriculumError("平面直角座標系を決められません（市区町村コードがない）。",
                              "cannot choose a plane CRS without a city_code", fix='crs="EPSG:6676" のように指定してください。')
    centre = geometry.representative_point()
    return plane_rectangular_crs(city_code[:2], lon=centre.x, lat=centre.y)


def get_city_meshes(city, *, level: str = "500m", crs: str | None = None) -> gpd.GeoDataFrame:
    """市区町村にかかる地域メッシュ: every mesh of ``level`` touching the city, clipped to it.

    Parameters
    ----------
    city : GeoDataFrame or shapely geometry
        The municipality, e.g. ``read_n03(...)`` (repaired, EPSG:6668); a bare geometry is
        taken as JGD2011 lon/lat.
    level : {"1km", "500m", "250m", "125m"}
    crs : str, optional
        平面直角座標系 for areas; default from the city's ``city_code`` (燕市: EPSG:6676).

    Returns
    -------
    GeoDataFrame (EPSG:6668)
        ``mesh_code``, ``mesh1`` (1st-mesh code), ``cell_km2`` (whole cell), ``area_km2``
        (inside the city), ``overlap_ratio`` (= area_km2 / cell_km2, 0–1) and the clipped
        ``geometry``. ``attrs``: ``plane_crs``, ``level``, ``city_code``.

    Examples
    --------
    A 1 km square city exactly covering one 基準地域メッシュ gives that mesh, fully inside:

    >>> import shapely
    >>> m = get_city_meshes(shapely.box(*mesh.to_polygons(["56384710"]).total_bounds), level="1km", crs="EPSG:6676")
    >>> m["mesh_code"].tolist(), round(float(m["overlap_ratio"].iloc[0]), 6)
    (['56384710'], 1.0)
    """
    geometry, city_code = city_geometry(city)
    if level not in _CITY_LEVELS:
        raise CurriculumError(f"メッシュの大きさ {level!r} は使えません。", f"unknown level {level!r}",
                              fix=f"{' '.join(repr(v) for v in _CITY_LEVELS)} のどれかを指定してください。")
    crs = plane_crs_of(gpd.GeoDataFrame(), crs or city_plane_crs(city))
    west, south, east, north = geometry.bounds
    units = mesh.LEVELS[level][1]  # cell size in 1/8-mesh units (1/960° lat × 1/640° lon)
    dlat, dlon = units / 960, units / 640
    rows = np.arange(np.floor(south / dlat), np.floor(north / dlat) + 1)
    cols = np.arange(np.floor(west / dlon), np.floor(east / dlon) + 1)
    lat, lon = np.meshgrid((rows + 0.5) * dlat, (cols + 0.5) * dlon, indexing="ij")
    codes = np.unique(mesh.to_code(lat.ravel(), lon.ravel(), level))
    cells = mesh.to_polygons(codes)
    shapely.prepare(geometry)
    cells = cells[shapely.intersects(geometry, cells.geometry.to_numpy())].reset_index(drop=True)
    boxes = cells.geometry.to_numpy()
    # Only cells crossing the boundary need the (slow, boundary-sized) intersection.
    clipped = boxes.copy()
    edge = ~shapely.contains_properly(geometry, boxes)
    clipped[edge] = shapely.intersection(boxes[edge], geometry)
    keep = ~shapely.is_empty(clipped) & (shapely.area(clipped) > 0)
    cells, clipped = cells[keep].reset_index(drop=True), clipped[keep]
    cell_m2 = cells.to_crs(crs).area.to_numpy()
    inside_m2 = gpd.GeoSeries(clipped, crs=JGD2011_GEOGRAPHIC).to_crs(crs).area.to_numpy()
    out = gpd.GeoDataFrame({
        "mesh_code": cells["mesh_code"].to_numpy(),
        "mesh1": cells["mesh_code"].str[:4].to_numpy(),
        "cell_km2": cell_m2 / 1e6,
        "area_km2": inside_m2 / 1e6,
        "overlap_ratio": np.clip(inside_m2 / cell_m2, 0.0, 1.0),
    }, geometry=clipped, crs=JGD2011_GEOGRAPHIC)
    out.attrs = {"plane_crs": crs, "level": level, "city_code": city_code}
    return out


def _concat_tables(tables) -> pd.DataFrame:
    if isinstance(tables, pd.DataFrame):
        tables = [tables]
    tables = list(tables)
    if not tables:
        raise CurriculumError("地域メッシュ統計の表が1つもありません。", "no census mesh tables given")
    stats = {t.attrs.get("stats_id") or _stats_from_columns(t) for t in tables}
    if len(stats) > 1:
        raise DataFormatError(f"統計表の種類が混ざっています: {sorted(stats)}。",
                              f"tables of different statistics {sorted(stats)}",
                              fix="同じ統計表ID（例: T001141 = 500m）の表だけを渡してください。")
    table = pd.concat(tables, ignore_index=True)
    table.attrs = dict(tables[0].attrs, source_files=[t.attrs.get("source_file") for t in tables])
    return table


def _stats_from_columns(table: pd.DataFrame) -> str:
    values = [c for c in table.columns if str(c).startswith("T")]
    return values[0][:7] if values else "?"


def _floats(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def compute_mesh_population(
    meshes: gpd.GeoDataFrame, tables: pd.DataFrame | Iterable[pd.DataFrame],
) -> gpd.GeoDataFrame:
    """メッシュ人口と高齢化率: join census mesh tables to the city's meshes (秘匿 handled).

    Parameters
    ----------
    meshes : GeoDataFrame from :func:`get_city_meshes`.
    tables : DataFrame or list of DataFrames from ``read_census_mesh``, one per 1st mesh
        (2020 tables T001140–T001142 or T001100–T001102, of the meshes' level).

    Returns
    -------
    GeoDataFrame
        ``meshes`` plus ``population`` (人口総数, never 秘匿), ``elderly`` (65歳以上),
        ``elderly_75``, ``households``, ``elderly_share`` (0–1, NaN where nobody lives),
        ``elderly_basis`` (``"mesh"``: the mesh's own figure; ``"group"``: 秘匿 — the merged
        group's share × this mesh's population, an estimate), ``population_in_city`` and
        ``elderly_in_city`` (× ``overlap_ratio``: area-weighted estimates) and ``populated``.
        Meshes absent from the tables get 0. Where the tables come from is recorded by
        :func:`load_mesh_population` (``provenance``), not here.

    Raises
    ------
    DataFormatError
        A 1st mesh of the city has no table, or the tables' level differs from the meshes'.

    Examples
    --------
    >>> import shapely
    >>> m = get_city_meshes(shapely.box(*mesh.to_polygons(["56384710"]).total_bounds), level="500m", crs="EPSG:6676")
    >>> t = pd.DataFrame({"KEY_CODE": ["563847101", "563847102"], "HTKSYORI": [1, 2], "HTKSAKI": [pd.NA, "563847101"],
    ...                   "GASSAN": ["563847102", pd.NA], "T001141001": [30, 10], "T001141019": [12, pd.NA],
    ...                   "T001141022": [5, pd.NA], "T001141034": [12, 3]})
    >>> p = compute_mesh_population(m, t)
    >>> p[["mesh_code", "population", "elderly", "elderly_basis"]].values.tolist()[:3]
    [['563847101', 30, 9.0, 'group'], ['563847102', 10, 3.0, 'group'], ['563847103', 0, 0.0, 'mesh']]
    """
    table = _concat_tables(tables)
    stats_id = table.attrs.get("stats_id") or _stats_from_columns(table)
    known = census_mesh_stats()["level"]
    level = known.get(stats_id)
    if level is None:
        raise DataFormatError(f"統計表 {stats_id} には対応していません（2020年の人口等基本集計のみ）。",
                              f"unsupported statistics {stats_id}",
                              fix="T001141（500m）・T001142（250m）・T001140（1km）などを使ってください。")
    if meshes.attrs.get("level") not in (None, level):
        raise DataFormatError(f"メッシュの大きさが合いません: メッシュは {meshes.attrs['level']}、統計表は {level}。",
                              f"mesh level {meshes.attrs['level']} but table level {level}",
                              fix="get_city_meshes(..., level=...) を統計表に合わせてください。")
    missing = sorted(set(meshes["mesh_code"].str[:4]) - set(table["KEY_CODE"].str[:4]))
    if missing:
        raise DataFormatError(
            f"1次メッシュ {', '.join(missing)} の統計表がありません。ない1次メッシュの人口はすべて 0 になってしまいます。",
            f"no table for 1st mesh(es) {missing}",
            fix="市区町村にかかる1次メッシュすべての表を渡してください（meshes['mesh1'].unique() で確認）。")
    col = {name: f"{stats_id}{number}" for name, number in _COLUMN_NUMBERS.items()}
    elderly = compute_mesh_share(table, col["elderly"], denominator=col["population"])
    old = compute_mesh_share(table, col["elderly_75"], denominator=col["population"])
    frame = pd.DataFrame({
        "population": table[col["population"]].to_numpy(),
        "households": table[col["households"]].to_numpy(),
    }, index=pd.Index(table["KEY_CODE"].to_numpy(), name="mesh_code"))
    own = elderly["basis"].to_numpy() == "mesh"
    pop = _floats(frame["population"])
    # 秘匿 group: the group's share spread over its meshes by their (never suppressed) population,
    # so the group total is kept and no mesh gets more elderly than residents.
    frame["elderly"] = np.where(own, _floats(elderly["numerator"]), _floats(elderly["share"]) * pop)
    frame["elderly_75"] = np.where(own, _floats(old["numerator"]), _floats(old["share"]) * pop)
    frame["elderly_basis"] = np.where(own, "mesh", "group")

    out = meshes.merge(frame, left_on="mesh_code", right_index=True, how="left")
    populated = out["population"].notna()
    out["populated"] = populated.to_numpy()
    out["population"] = out["population"].fillna(0).astype("int64")
    out["households"] = out["households"].fillna(0).astype("int64")
    for name in ("elderly", "elderly_75"):
        out[name] = pd.to_numeric(out[name], errors="coerce").astype(float).fillna(0.0)
    out["elderly_basis"] = out["elderly_basis"].fillna("mesh")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["elderly_share"] = np.where(out["population"] > 0, out["elderly"] / out["population"], np.nan)
    out["population_in_city"] = out["population"] * out["overlap_ratio"]
    out["elderly_in_city"] = out["elderly"] * out["overlap_ratio"]
    out.attrs = dict(meshes.attrs, stats_id=stats_id)
    return out
