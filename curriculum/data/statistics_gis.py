"""統計GIS のファイルを取得する: the e-Stat 統計GIS downloads through the catalogue (cache, sha256, 出典).

``estat_client.gis`` knows e-Stat's URLs and file names and stands alone; this module is the
curriculum side of that boundary: it accepts the same spellings of a mesh size
(``"500m"``, ``"H"``, ``500``, ``"4次"``), fetches through :func:`curriculum.data.fetch`, and
turns the client's argument errors into :class:`~curriculum.errors.CatalogueError`.
"""

from __future__ import annotations

from pathlib import Path

from curriculum.data.census_mesh import CENSUS_MESH_DATASET
from curriculum.data.fetching import fetch
from curriculum.errors import CatalogueError

MESH_BOUNDARY_DATASET = "estat-mesh-boundary"
SMALL_AREA_BOUNDARY_DATASET = "estat-shochiiki-boundary"

__all__ = ["fetch_census_mesh", "fetch_mesh_boundary", "fetch_small_area_boundary", "mesh_level_name"]


def mesh_level_name(level: str | int) -> str:
    """メッシュの大きさの名前: ``"1km"`` / ``"500m"`` / ``"250m"`` for any spelling e-Stat or a trainee uses.

    >>> mesh_level_name("H"), mesh_level_name(250), mesh_level_name("3次")
    ('500m', '250m', '1km')
    """
    # Imported here: estat_client (and requests) load only when a boundary is fetched, not with curriculum.data.
    from estat_client.errors import EStatError
    from estat_client.gis import MESH_LEVELS, mesh_letter

    try:
        return MESH_LEVELS[mesh_letter(level)][0]
    except EStatError as err:
        raise CatalogueError(err.ja, err.en, fix=err.fix) from None


def fetch_census_mesh(stats_id: str, mesh1: str | int, **options) -> Path:
    """地域メッシュ統計を取得する（1次メッシュ1つ分）: the path of ``tbl{statsId}{S|H|Q}{mesh1}.zip``.

    ``options`` go to :func:`curriculum.data.fetch` (``quiet=``, ``progress=``).

    Example: ``read_census_mesh(fetch_census_mesh("T001101", 5240))`` reads ``tblT001101H5240.zip``
    (tests: ``tests/data/test_statistics_gis.py``).
    """
    return fetch(CENSUS_MESH_DATASET, stats_id=str(stats_id).strip(), mesh1=str(mesh1).strip(), **options)


def fetch_mesh_boundary(level: str | int, mesh1: str | int, **options) -> Path:
    """地域メッシュ境界を取得する: ``level`` is ``"1km"`` / ``"500m"`` / ``"250m"`` (or ``"S"`` / ``"H"`` / ``"Q"``).

    Example: ``fetch_mesh_boundary("500m", 5240)`` → ``…/HDDSWH5240.zip``.
    """
    return fetch(MESH_BOUNDARY_DATASET, level=mesh_level_name(level), mesh1=str(mesh1).strip(), **options)


def fetch_small_area_boundary(city_code: str | int, *, year: int | str = 2020, **options) -> Path:
    """小地域（町丁・字等）境界を取得する（世界測地系緯度経度、国勢調査 ``year`` 年）.

    Example: ``fetch_small_area_boundary(15213, year=2015)`` → ``…/A002005212015DDSWC15213.zip``.
    """
    code = str(city_code).strip().zfill(5)
    return fetch(SMALL_AREA_BOUNDARY_DATASET, year=str(year).strip(), city_code=code, **options)
