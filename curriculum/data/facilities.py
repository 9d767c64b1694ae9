"""施設データ: 国土数値情報 P04 医療機関 (hospitals, clinics, dental clinics) as points."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from curriculum.data.boundaries import read_vector
from curriculum.errors import DataFormatError
from curriculum.geo import JGD2011_GEOGRAPHIC

# P04-20 attributes (国土数値情報 医療機関データ 製品仕様): 診療科目 may continue in 005/006; 007 開設者分類,
# 008 病床数, 009 救急告示病院 (1 = 告示, 9 = なし), 010 災害拠点病院 (1 = 基幹, 2 = 地域, 9 = なし). Checked on the
# Niigata file: 新潟大学医歯学総合病院 has 827 beds, and the two 基幹 are 新潟大学 and 長岡赤十字.
P04_COLUMNS = {
    "P04_001": "kind_code", "P04_002": "name", "P04_003": "address", "P04_004": "departments",
    "P04_005": "departments_2", "P04_006": "departments_3", "P04_007": "operator_code",
    "P04_008": "beds", "P04_009": "emergency_code", "P04_010": "disaster_base_code",
}
KIND_LABELS = {1: "病院", 2: "一般診療所", 3: "歯科診療所"}


def read_p04(path: str | Path, *, kinds: tuple[int, ...] | None = None) -> gpd.GeoDataFrame:
    """医療機関データ（国土数値情報 P04）を読む: one point per facility, EPSG:6668.

    Columns: ``kind_code`` (1 病院, 2 一般診療所, 3 歯科診療所), ``kind`` (label), ``name``,
    ``address``, ``departments`` (診療科目) and the remaining P04 codes; the original P04
    column names are kept in ``attrs["columns"]``.

    Parameters
    ----------
    kinds : tuple of int, optional
        Keep only these kinds, e.g. ``(1,)`` for 病院.

    Examples
    --------
    >>> hospitals = read_p04(fetch("ksj-p04-2020", pref_code="15"), kinds=(1,))
    >>> len(hospitals)
    125
    """
    frame = read_vector(path, what="医療機関データ（P04）")
    if "P04_001" not in frame.columns:
        raise DataFormatError("P04 医療機関データではないようです（P04_001 列がない）。",
                              "not a P04 file: no P04_001 column", path=path)
    frame = frame.rename(columns=P04_COLUMNS)
    frame["kind_code"] = frame["kind_code"].astype("int64")
    unknown = set(frame["kind_code"]) - set(KIND_LABELS)
    if unknown:
        raise DataFormatError(f"P04_001（医療機関分類）に想定外の値 {sorted(unknown)} があります。",
                              f"unexpected P04_001 values {sorted(unknown)}", path=path)
    frame.insert(frame.columns.get_loc("kind_code") + 1, "kind", frame["kind_code"].map(KIND_LABELS))
    if kinds is not None:
        frame = frame[frame["kind_code"].isin(kinds)].reset_index(drop=True)
    if frame.crs is None:
        frame = frame.set_crs(JGD2011_GEOGRAPHIC)
    frame.attrs["columns"] = {v: k for k, v in P04_COLUMNS.items()}
    return frame.to_crs(JGD2011_GEOGRAPHIC)
