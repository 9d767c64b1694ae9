"""小地域（町丁・字）の読み込み: the 2015 census small areas of a municipality (points and population).

A city's own table (``path=``) or the catalogue's 2015 table for its prefecture. No practice stand-in:
the 小地域 are real places, and practice districts are built from them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from curriculum.errors import DataNotFoundError
from curriculum.layers.policy import real_or_practice, real_path, real_provenance
from curriculum.provenance import REAL, Provenance, attach

__all__ = ["SHOCHIIKI_2015", "load_shochiiki"]

TITLE = "小地域（平成27年国勢調査、町丁・字の代表点と人口）"
#: The 2015 小地域 tables in the catalogue: per prefecture code, the catalogue ids to try, a city's own
#: extract (a derived entry whose ``derive.city_code`` is the city) being tried before these.
SHOCHIIKI_2015 = {"15": ("estat-shochiiki-2015-niigata-dbf",)}


def _candidates(city_code: str) -> list[str]:
    from curriculum.data.catalogue import entries

    extracts = [e.id for e in entries().values() if e.reader == "curriculum.data.read_shochiiki"
                and str(e.raw.get("derive", {}).get("city_code")) == city_code]
    return [*extracts, *SHOCHIIKI_2015.get(city_code[:2], ())]


def load_shochiiki(city_code: str, *, path: str | Path | None = None, data_source: str = "cache",
                   echo=print) -> pd.DataFrame:
    """小地域の表を読み込む: 町丁・字 of ``city_code`` with ``KEY_CODE``, ``MOJI``, ``JINKO``, ``X_CODE``/``Y_CODE``.

    Parameters
    ----------
    city_code : str
    path : path, optional
        The city's own 小地域 attribute table (dbf, shapefile or CSV); default the catalogue's table.
    data_source : {"cache", "download", "practice"}
    echo : callable

    Raises
    ------
    DataNotFoundError
        No table for the city offline (or ``path`` does not exist).
    DataFormatError
        The file is not a 小地域 table (columns, numbers) or has no row of the city.
    """
    from curriculum.data import read_shochiiki

    city_code = str(city_code)
    if path is not None:
        path = Path(path)
        if not path.exists():
            raise DataNotFoundError(f"小地域のファイル {path} が見つかりません。", f"{path} not found", path=path,
                                    fix="ファイルの場所を確かめてください。")
        frame = read_shochiiki(path, city_code=city_code)
        provenance = Provenance(REAL, TITLE, f"出典：{path.name}（利用者が指定した小地域の表）")
        return real_or_practice(lambda: attach(frame, provenance), None, title=TITLE, data_source=data_source, echo=echo)
    candidates = _candidates(city_code)

    def real():
        missing = None
        for dataset_id in candidates:
            try:
                file = real_path(dataset_id, data_source=data_source)
            except DataNotFoundError as err:
                missing = err
                continue
            return attach(read_shochiiki(file, city_code=city_code), real_provenance(dataset_id, TITLE))
        if missing is not None:
            raise missing
        raise DataNotFoundError(f"市区町村 {city_code} の小地域の表はカタログにありません。",
                                f"no 小地域 table for {city_code} in the catalogue",
                                fix="市の小地域の表（e-Stat の小地域境界データの属性表）を path= に指定してください。")

    return real_or_practice(real, None, title=TITLE, data_source=data_source, echo=echo)
