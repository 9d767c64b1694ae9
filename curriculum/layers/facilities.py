"""医療機関の読み込み: hospitals (国土数値情報 P04) in and near a municipality, real data, with known changes.

P04-2020 is the newest hospital list with coordinates, but hospitals open and close: in 2023-03 新潟県立燕労災病院
and 新潟県済生会三条病院 were integrated into the new 済生会新潟県央基幹病院 (三条市上須頃). The changes known since
P04's reference date are kept as data (``hospital_changes.csv`` beside this module: one row per change with its
date and source), applied by :func:`apply_hospital_changes`, so that no analysis routes a bus to a closed hospital.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from curriculum.errors import InputError
from curriculum.geo import JGD2011_GEOGRAPHIC
from curriculum.layers.mesh_population import city_plane_crs
from curriculum.layers.policy import real_or_practice, real_path, real_provenance
from curriculum.provenance import attach

__all__ = ["load_hospitals", "hospital_changes", "apply_hospital_changes", "facility_kinds", "KIND_CHOICES",
           "CHANGES_FILE", "DEFAULT_AS_OF"]

FACILITY_DATASET = "ksj-p04-2020"
_KIND_NAMES = {1: "病院", 2: "一般診療所", 3: "歯科診療所"}
#: What a trainee chooses in the parameters cell → P04 医療機関分類.
KIND_CHOICES = {"病院": (1,), "病院・診療所": (1, 2)}
CHANGES_FILE = Path(__file__).with_name("hospital_changes.csv")
#: The date up to which changes are applied by default: the bus feed's version (2026-09-01).
DEFAULT_AS_OF = "2026-09-01"


def facility_kinds(choice: str | tuple[int, ...]) -> tuple[int, ...]:
    """P04 kind codes for a choice: ``"病院"`` → (1,), ``"病院・診療所"`` → (1, 2); a tuple is kept.

    >>> facility_kinds("病院・診療所")
    (1, 2)
    """
    if isinstance(choice, str):
        if choice not in KIND_CHOICES:
            raise InputError(f"医療機関の種類 {choice!r} は選べません。", f"unknown facility choice {choice!r}",
                             fix=f"{' / '.join(KIND_CHOICES)} のどれかにしてください。")
        return KIND_CHOICES[choice]
    return tuple(int(k) for k in choice)


def hospital_changes(path: str | Path = CHANGES_FILE) -> pd.DataFrame:
    """病院の開院・閉院の記録: date (YYYY-MM), change (開院/閉院), name, …, source — one row per change.

    >>> hospital_changes()[["date", "change", "name"]].values.tolist()[0]
    ['2023-03', '閉院', '新潟県立燕労災病院']
    """
    table = pd.read_csv(path, dtype=str, encoding="utf-8").fillna("")
    return table


def apply_hospital_changes(facilities: gpd.GeoDataFrame, *, as_of: str = DEFAULT_AS_OF,
                           changes: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Apply the changes dated on or before ``as_of`` to a P04 frame: ``status`` and ``open`` columns.

    A closed hospital keeps its row with ``open`` False (for maps: 閉院); a hospital opened since P04 is added
    (``source`` says where its coordinate comes from). Changes of facilities of a kind not in the frame, or
    (for openings) outside the frame's area, are ignored by the caller's filtering.

    >>> import shapely
    >>> p04 = gpd.GeoDataFrame({"kind_code": [1], "kind": ["病院"], "name": ["新潟県立燕労災病院"], "beds": [None]},
    ...                        geometry=[shapely.Point(138.9, 37.66)], crs="EPSG:6668")
    >>> out = apply_hospital_changes(p04)
    >>> out[["name", "open"]].values.tolist()
    [['新潟県立燕労災病院', False], ['済生会新潟県央基幹病院', True]]
    >>> apply_hospital_changes(p04, as_of="2022-12")["open"].tolist()
    [True]
    """
    changes = hospital_changes() if changes is None else changes
    due = changes[changes["date"] <= as_of]
    out = facilities.copy()
    out["status"] = "P04-2020 に掲載"
    out["open"] = True
    kinds = set(out["kind_code"].astype(int)) if "kind_code" in out and len(out) else {1}
    added = []
    for row in due.itertuples(index=False):
        if row.change == "閉院":
            hit = out["name"] == row.name
            merged = f"、{row.merged_into}に統合" if row.merged_into else ""
            out.loc[hit, "status"] = f"閉院（{row.date}{merged}）"
            out.loc[hit, "open"] = False
        elif row.change == "開院" and int(row.kind_code) in kinds and not (out["name"] == row.name).any():
            added.append({"kind_code": int(row.kind_code), "kind": _KIND_NAMES[int(row.kind_code)], "name": row.name,
                          "address": row.address, "status": f"開院（{row.date}、P04-2020 より後）", "open": True,
                          "coordinate_note": row.coordinate_note,
                          "geometry": shapely.Point(float(row.lon), float(row.lat))})
    if added:
        new = gpd.GeoDataFrame(added, geometry="geometry", crs=JGD2011_GEOGRAPHIC).to_crs(out.crs)
        out = pd.concat([out, new], ignore_index=True)
    out["open"] = out["open"].astype(bool)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=facilities.crs)


def load_hospitals(boundary: gpd.GeoDataFrame, *, search_km: float = 10.0, kinds: tuple[int, ...] | str = (1,),
                   as_of: str = DEFAULT_AS_OF, include_closed: bool = False, data_source: str = "cache",
                   echo=print) -> gpd.GeoDataFrame:
    """医療機関を読み込む: P04 facilities up to ``search_km`` outside the city, with known openings and closures.

    Parameters
    ----------
    boundary : GeoDataFrame from :func:`~curriculum.layers.load_boundary` (with ``city_code``).
    search_km : float
    kinds : tuple of int or str
        P04 医療機関分類 (1 病院, 2 一般診療所, 3 歯科診療所), or a choice of :data:`KIND_CHOICES`
        (``"病院"`` / ``"病院・診療所"``).
    as_of : str
        Apply the changes of ``hospital_changes.csv`` dated up to this (``YYYY-MM`` or ``YYYY-MM-DD``).
    include_closed : bool
        Keep closed facilities (``open`` False) — for a map; never for distances.
    data_source : {"cache", "download", "practice"}
        No practice stand-in: a real hospital list is needed to place practice buses.

    Returns
    -------
    GeoDataFrame (EPSG:6668), the ``read_p04`` columns plus ``status``, ``open`` and ``in_city`` (bool), with
    ``attrs["provenance"]`` whose reference date says both: P04's 2020 and the changes applied up to ``as_of``.
    """
    from curriculum.data import read_p04

    kinds = facility_kinds(kinds)
    city_code = str(boundary["city_code"].iloc[0])
    pref_code = city_code[:2]
    what = "・".join(_KIND_NAMES.get(k, str(k)) for k in kinds)
    title = f"医療機関（P04、{what}、市の境界から {search_km:g} km 以内）"
    changes = hospital_changes()
    applied = changes[changes["date"] <= as_of]
    last = applied["date"].max() if len(applied) else None

    def real():
        facilities = read_p04(real_path(FACILITY_DATASET, data_source=data_source, pref_code=pref_code), kinds=kinds)
        facilities = apply_hospital_changes(facilities, as_of=as_of, changes=changes)
        area = boundary.to_crs(city_plane_crs(boundary)).buffer(search_km * 1000).to_crs(facilities.crs).iloc[0]
        near = facilities[facilities.within(area)]
        if not include_closed:
            near = near[near["open"]]
        near = near.reset_index(drop=True)
        near.insert(2, "in_city", near.within(boundary.geometry.iloc[0]).to_numpy())
        note = (f"P04 は 2020 年時点。病院の開院・閉院は {last} まで反映（{CHANGES_FILE.name}、出典は各行）"
                if last else "P04 は 2020 年時点（その後の開院・閉院は反映していない）")
        record = real_provenance(FACILITY_DATASET, title, pref_code=pref_code, note=note)
        date = f"2020（開院・閉院は {last} まで反映）" if last else "2020"
        return attach(near, type(record)(record.kind, title, record.attribution, date, record.dataset_id, note))

    return real_or_practice(real, None, title=title, data_source=data_source, echo=echo)
