"""行政区域の読み込み: a municipality's boundary (N03), always real data.

Practice data is placed over the real boundary, so the boundary itself has no practice stand-in:
when it is not available offline, the error says how to get it.
"""

from __future__ import annotations

import geopandas as gpd

from curriculum.errors import DataNotFoundError
from curriculum.layers.policy import real_or_practice, real_path, real_provenance
from curriculum.provenance import attach

__all__ = ["load_boundary"]

BOUNDARY_DATASET = "ksj-n03-city"


def load_boundary(city_code: str, *, data_source: str = "cache", echo=print) -> gpd.GeoDataFrame:
    """市区町村の境界を読み込む: the repaired N03 polygon of ``city_code`` (EPSG:6668), real data.

    Parameters
    ----------
    city_code : str
        全国地方公共団体コード (5 digits), e.g. ``"15213"`` 燕市.
    data_source : {"cache", "download", "practice"}
        ``"download"`` fetches a missing file; ``"practice"`` still uses the real boundary (nothing stands in).
    echo : callable
        Where the 出典 line goes.

    Returns
    -------
    GeoDataFrame with ``city_code``, ``name`` … (see ``read_n03``) and ``attrs["provenance"]``.

    Raises
    ------
    DataNotFoundError
        The boundary is not available offline. ``ChecksumError`` / ``DataFormatError`` for a broken file.

    Examples
    --------
    >>> boundary = load_boundary("15213", echo=lambda line: None)  # doctest: +SKIP
    >>> boundary["name"].iloc[0]  # doctest: +SKIP
    '燕市'
    """
    from curriculum.data import read_n03

    city_code = str(city_code)

    def real():
        path = real_path(BOUNDARY_DATASET, data_source=data_source, city_code=city_code)
        return attach(read_n03(path, city_code=city_code),
                      real_provenance(BOUNDARY_DATASET, "行政区域（N03、修復済み）", city_code=city_code))

    try:
        return real_or_practice(real, None, title="行政区域", data_source=data_source, echo=echo)
    except DataNotFoundError as err:
        raise DataNotFoundError(
            f"市区町村 {city_code} の境界（N03）が見つかりません。境界は練習用データで代わりにできません。",
            f"no N03 boundary for {city_code} offline",
            fix=f"DATA_SOURCE = \"download\" にするか、curriculum data fetch {BOUNDARY_DATASET} city_code={city_code} "
                "で取得してください。") from err
