"""市区町村別メッシュ・コード一覧: which 基準地域メッシュ (1 km) each municipality touches."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from curriculum.data.text import csv_rows, decode, read_bytes
from curriculum.errors import DataFormatError

# Official 総務省統計局 headers and the jpmesh-derived CSV headers, mapped to one vocabulary.
_HEADER_NAMES = {
    "都道府県市区町村コード": "city_code", "市区町村コード": "city_code", "city_code": "city_code",
    "市区町村名": "city_name", "city_name": "city_name",
    "基準メッシュ・コード": "mesh_code", "基準メッシュコード": "mesh_code", "meshcode": "mesh_code",
}


def read_mesh_list(path: str | Path, *, city_code: str | None = None) -> pd.DataFrame:
    """市区町村別メッシュ・コード一覧を読む: columns ``city_code``, ``city_name``, ``mesh_code`` (all text).

    A mesh touching several municipalities appears once for each.

    Examples
    --------
    >>> meshes = read_mesh_list(fetch("mesh-list-niigata-jpmesh"), city_code="15213")
    >>> len(meshes), meshes["mesh_code"].str[:4].unique().tolist()
    (146, ['5638'])
    """
    raw, _ = read_bytes(path, member_suffix=".csv")
    text, _ = decode(raw, path)
    rows = csv_rows(text, path)
    names = [_HEADER_NAMES.get(cell.strip()) for cell in rows[0]]
    if not {"city_code", "mesh_code"} <= set(names):
        raise DataFormatError(
            f"市区町村別メッシュ・コード一覧ではないようです（見出し: {', '.join(rows[0][:4])}）。",
            "not a municipality mesh list (needs city code and mesh code columns)",
            path=path,
        )
    frame = pd.DataFrame(rows[1:], columns=[n or c for n, c in zip(names, rows[0])])
    frame = frame[[c for c in ("city_code", "city_name", "mesh_code") if c in frame.columns]]
    frame["city_code"] = frame["city_code"].str.strip().str[:5]  # official codes may carry the check digit
    frame["mesh_code"] = frame["mesh_code"].str.strip()
    if not frame["mesh_code"].str.fullmatch(r"\d{8}").all():
        raise DataFormatError("基準メッシュ・コードが8桁になっていない行があります。",
                              "mesh codes must have 8 digits", path=path)
    if city_code is not None:
        frame = frame[frame["city_code"] == str(city_code)].reset_index(drop=True)
    return frame
