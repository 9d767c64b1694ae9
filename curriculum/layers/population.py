"""メッシュ人口の読み込み: the 2020 census mesh population of a municipality, real or practice.

Real: the e-Stat 地域メッシュ統計 table of every 1st mesh the city touches (in the cache, or downloaded
with ``data_source="download"``). Offline without them: a practice table in the same format over the
city's meshes, its total stated (e.g. the 2015 小地域 total), labelled 練習用・架空.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from curriculum.config import practice_dir as default_practice_dir
from curriculum.layers.mesh_population import compute_mesh_population, get_city_meshes
from curriculum.layers.policy import practice_provenance, real_or_practice, real_path, real_provenance
from curriculum.provenance import attach

__all__ = ["load_mesh_population"]

CENSUS_MESH_DATASET = "estat-census-mesh-2020"
DEFAULT_PRACTICE_TOTAL = 50_000


def load_mesh_population(boundary: gpd.GeoDataFrame, *, level: str = "500m", stats_id: str | None = None,
                         data_source: str = "cache", practice_total: int | None = None, practice_centres: list | None = None,
                         practice_dir: str | Path | None = None, seed: int = 0, echo=print) -> gpd.GeoDataFrame:
    """メッシュ人口を読み込む: the city's meshes with population, 65+ and households (秘匿 handled).

    Parameters
    ----------
    boundary : GeoDataFrame from :func:`~curriculum.layers.load_boundary`.
    level : {"500m", "250m", "1km"}
    stats_id : str, optional
        The census table (statsId) of that level; default the first series (T00114x), e.g. ``"T001101"``
        for the T00110x series some pre-downloaded files use.
    data_source : {"cache", "download", "practice"}
    practice_total : int, optional
        Total population of the practice table (only used offline); default 50,000.
    practice_centres : list of (lon, lat), optional
        Fictional town centres of the practice table (e.g. where a practice bus runs).
    practice_dir : path, optional
        Where practice files go; default ``config.practice_dir() / <city_code>``.
    seed : int
    echo : callable

    Returns
    -------
    GeoDataFrame (EPSG:6668) from :func:`~curriculum.layers.mesh_population.compute_mesh_population`,
    ``attrs["plane_crs"]`` and ``attrs["provenance"]`` (census reference date 2020-10-01).
    """
    from curriculum.data import read_census_mesh
    from curriculum.data.census_mesh import census_stats_id
    from curriculum.layers.practice import write_practice_census_mesh

    stats_id = stats_id or census_stats_id(level)
    meshes = get_city_meshes(boundary, level=level)
    city_code = str(boundary["city_code"].iloc[0])
    first_meshes = sorted(meshes["mesh1"].unique())

    def real():
        tables = [read_census_mesh(real_path(CENSUS_MESH_DATASET, data_source=data_source, stats_id=stats_id, mesh1=m))
                  for m in first_meshes]
        return attach(compute_mesh_population(meshes, tables), real_provenance(
            CENSUS_MESH_DATASET, f"地域メッシュ統計（令和2年国勢調査、{level}）", stats_id=stats_id, mesh1=first_meshes[0]))

    def practice(note: str):
        total = int(practice_total or DEFAULT_PRACTICE_TOTAL)
        folder = Path(practice_dir) if practice_dir else default_practice_dir() / city_code
        paths = write_practice_census_mesh(boundary, folder / "census_mesh", total_population=total, level=level,
                                           centres=practice_centres, seed=seed)
        return attach(compute_mesh_population(meshes, [read_census_mesh(p) for p in paths]), practice_provenance(
            f"地域メッシュ統計の形式の人口（{level}、総人口 {total:,} 人に合わせた架空の分布）", note=note))

    return real_or_practice(real, practice, title=f"地域メッシュ統計（{stats_id}）", data_source=data_source, echo=echo)
