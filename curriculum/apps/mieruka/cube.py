"""見える化の集計: one month's extract → every published cell (population and 異動) and their identities.

A cell key is ``(table, level, area, sex, age)``:

* ``table``: ``人口`` (residents at month end), ``転入`` ``転入県内`` ``転入県外`` ``転出`` ``転出県内`` ``転出県外``
  ``転居入`` ``転居出`` ``出生`` ``死亡`` (異動 during the month; 県外 includes 国外), ``転入元`` / ``転出先``
  (city-wide counts by the other municipality, for the top 5);
* ``level``: ``全域`` and the area levels of :data:`LEVELS`; ``sex``: 計 / 男 / 女;
* ``age``: 計, the 3 階層 and 65–74 / 75歳以上, and 5-year classes — except at 町丁目 level, which is too
  small for 5-year classes (nearly every cell would be 秘匿) and shows the 階層 only; 異動 use 10-year 年代 and
  are not published by 町丁目.

:func:`month_identities` writes every additive identity an outsider can use, including the link between
consecutive months (this month = last month + 転入 + 出生 + 転居入 − 転出 − 死亡 − 転居出, area by area).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from curriculum.analysis.suppression import table_identities

__all__ = ["LEVELS", "CLASSES", "BANDS", "DECADES", "FLOW_TABLES", "population_ages", "age_on", "build_cells",
           "month_identities", "link_identities"]

#: Area levels (key → Japanese name), coarsest first; 全域 is the whole city.
LEVELS = {"全域": "全域", "center": "行政センター", "junior_high": "中学校区", "elementary": "小学校区",
          "care_center": "地域包括支援センター", "chome": "町丁目"}
CLASSES = [f"{a}-{a + 4}" for a in range(0, 100, 5)] + ["100+"]
#: 年齢3区分 (年少・生産年齢・老年) and the two parts of 老年 (前期・後期高齢者).
BANDS = {"0-14": CLASSES[0:3], "15-64": CLASSES[3:13], "65+": CLASSES[13:], "65-74": CLASSES[13:15],
         "75+": CLASSES[15:]}
DECADES = [f"{a}-{a + 9}" for a in range(0, 80, 10)] + ["80+"]
FLOW_TABLES = ("転入", "転入県内", "転入県外", "転出", "転出県内", "転出県外", "転居入", "転居出", "出生", "死亡")
SEXES = ("男", "女")


def population_ages(level: str) -> list[str]:
    """The age cells published for the 人口 table at ``level``."""
    coarse = ["計", "0-14", "15-64", "65+", "65-74", "75+"]
    return coarse if level == "chome" else coarse + CLASSES


def age_on(birth_months: pd.Series, on: date) -> np.ndarray:
    """Completed age on ``on`` from 生年月 (``YYYY-MM``), the birthday taken as the end of the birth month."""
    year = birth_months.str[:4].astype(int).to_numpy()
    month = birth_months.str[5:7].astype(int).to_numpy()
    return on.year - year - (month >= on.month).astype(int)


def _class_of(ages: np.ndarray) -> np.ndarray:
    return np.array(CLASSES, dtype=object)[np.minimum(ages // 5, 20)]


def _decade_of(ages: np.ndarray) -> np.ndarray:
    return np.array(DECADES, dtype=object)[np.minimum(ages // 10, 8)]


def build_cells(residents: pd.DataFrame, events: pd.DataFrame, areas: pd.DataFrame, *, as_of: date,
                city_code: str) -> pd.Series:
    """Every cell of one month (true counts, before suppression), indexed by ``(table, level, area, sex, age)``."""
    areas = areas.set_index("chome_code")
    pieces = []
    res = pd.DataFrame({"chome": residents["chome_code"].to_numpy(), "sex": residents["sex"].to_numpy(),
                        "age": _class_of(age_on(residents["birth_month"], as_of))})
    pieces.append(_population(res, areas))
    ev = events.copy()
    if len(ev):
        ages = [age_on(pd.Series([b]), date.fromisoformat(d))[0] for b, d in zip(ev["birth_month"], ev["date"])]
        ev["decade"] = _decade_of(np.maximum(np.array(ages), 0))
    else:
        ev["decade"] = []
    pieces.append(_flows(ev, areas, city_code))
    return pd.concat(pieces)


def _area_columns(frame: pd.DataFrame, areas: pd.DataFrame, chome_column: str) -> pd.DataFrame:
    out = frame.copy()
    out["全域"] = "全域"
    for level in LEVELS:
        if level not in ("全域", "chome"):
            out[level] = areas[level].reindex(out[chome_column]).to_numpy()
    out["chome"] = out[chome_column]
    return out


def _count(frame: pd.DataFrame, table: str, levels, age_column: str, age_cells: dict[str, list[str]],
           areas_by_level: dict[str, list[str]]) -> pd.Series:
    """Counts by level × area × sex × age, with 計 margins and age groupings, zeros included."""
    out = {}
    for level in levels:
        ages_here = age_cells[level]
        grouped = frame.groupby([level, "sex", age_column]).size().to_dict() if len(frame) else {}
        for area in areas_by_level[level]:
            for sex in ("計", *SEXES):
                for age, members in ages_here.items():
                    total = 0
                    for s in (SEXES if sex == "計" else (sex,)):
                        for member in members:
                            total += grouped.get((area, s, member), 0)
                    out[(table, level, area, sex, age)] = total
    return pd.Series(out, dtype="int64")


def _areas_by_level(areas: pd.DataFrame) -> dict[str, list[str]]:
    found = {"全域": ["全域"], "chome": sorted(areas.index)}
    for level in LEVELS:
        if level not in found:
            found[level] = sorted(areas[level].unique())
    return found


def _population(res: pd.DataFrame, areas: pd.DataFrame) -> pd.Series:
    frame = _area_columns(res, areas, "chome")
    fine = {**{c: [c] for c in CLASSES}, **BANDS, "計": CLASSES}
    age_cells = {level: {a: fine[a] for a in population_ages(level)} for level in LEVELS}
    return _count(frame, "人口", LEVELS, "age", age_cells, _areas_by_level(areas))


def _flows(ev: pd.DataFrame, areas: pd.DataFrame, city_code: str) -> pd.Series:
    levels = [lv for lv in LEVELS if lv != "chome"]
    by_level = _areas_by_level(areas)
    ages = {"計": DECADES, **{d: [d] for d in DECADES}}
    age_cells = {level: ages for level in levels}
    pref = city_code[:2]
    tables = {
        "転入": ev[ev["kind"] == "転入"], "転出": ev[ev["kind"] == "転出"],
        "出生": ev[ev["kind"] == "出生"], "死亡": ev[ev["kind"] == "死亡"],
        "転居入": ev[ev["kind"] == "転居"],
        "転居出": ev[ev["kind"] == "転居"].assign(chome_code=lambda f: f["from_chome_code"]),
    }
    for kind in ("転入", "転出"):
        inside = tables[kind]["other_city_code"].fillna("").str[:2] == pref
        tables[f"{kind}県内"] = tables[kind][inside]
        tables[f"{kind}県外"] = tables[kind][~inside]
    pieces = []
    for name in FLOW_TABLES:
        frame = _area_columns(tables[name], areas, "chome_code")
        pieces.append(_count(frame, name, levels, "decade", age_cells, by_level))
    for kind, name in (("転入", "転入元"), ("転出", "転出先")):
        counts = tables[kind]["other_city_code"].fillna("99999").value_counts()
        pieces.append(pd.Series({(name, "全域", "全域", "計", str(code)): int(n) for code, n in counts.items()},
                                dtype="int64"))
    return pd.concat(pieces)


def month_identities(cells: pd.Index, areas: pd.DataFrame) -> list[dict]:
    """The additive identities among one month's cells (sex, age, area hierarchy, 県内/県外, 転入元/転出先)."""
    areas = areas.set_index("chome_code") if "chome_code" in areas.columns else areas
    keys = list(cells)
    identities = []
    by_table: dict[str, list[tuple]] = {}
    for key in keys:
        by_table.setdefault(key[0], []).append(key)
    sex = {"計": list(SEXES)}
    pop_ages = {"計": ["0-14", "15-64", "65+"], "65+": ["65-74", "75+"], **BANDS}
    flow_ages = {"計": DECADES}
    for table, table_keys in by_table.items():
        if table in ("転入元", "転出先"):
            continue
        ages = pop_ages if table == "人口" else flow_ages
        rest = [k[1:] for k in table_keys]
        # sex and age identities inside each (level, area)
        for ident in table_identities(rest, [{}, {}, sex, ages]):
            identities.append({(table, *k): c for k, c in ident.items()})
        # areas: each unit = Σ its 町丁目 (人口, where 町丁目 cells exist) and 全域 = Σ units of every level
        for level in LEVELS:
            if level in ("全域", "chome"):
                continue
            units = sorted(areas[level].unique())
            parts = [(level, u) for u in units]
            for ident in _area_identity(rest, ("全域", "全域"), parts):
                identities.append({(table, *k): c for k, c in ident.items()})
            if table == "人口":
                for unit in units:
                    chome = [("chome", c) for c in areas.index[areas[level] == unit]]
                    for ident in _area_identity(rest, (level, unit), chome):
                        identities.append({(table, *k): c for k, c in ident.items()})
        # (全域 = Σ 町丁目 follows from the identities above, so it adds nothing an outsider could use.)
    for kind in ("転入", "転出"):
        for key in by_table.get(kind, []):
            inside, outside = (f"{kind}県内", *key[1:]), (f"{kind}県外", *key[1:])
            identities.append({key: -1, inside: 1, outside: 1})
        origin = "転入元" if kind == "転入" else "転出先"
        members = by_table.get(origin, [])
        if members:
            identities.append({(kind, "全域", "全域", "計", "計"): -1, **{m: 1 for m in members}})
    return identities


def _area_identity(rest: list[tuple], parent: tuple, children: list[tuple]) -> list[dict]:
    """parent = Σ children for every (sex, age) where all of them exist."""
    present = set(rest)
    out = []
    for sex, age in sorted({(k[2], k[3]) for k in rest if k[:2] == parent}):
        cells = [(*c, sex, age) for c in children]
        if all(c in present for c in cells):
            ident = {(*parent, sex, age): -1}
            ident.update({c: 1 for c in cells})
            out.append(ident)
    return out


def link_identities(previous_month: str, month: str, cells: pd.Index) -> list[dict]:
    """人口(今月) − 人口(先月) − 転入 − 出生 − 転居入 + 転出 + 死亡 + 転居出 = 0 for each area and sex (age 計).

    Keys of the two months are ``(month, *cell)``.
    """
    out = []
    for key in cells:
        table, level, area, sex, age = key
        if table != "人口" or age != "計" or level == "chome":
            continue
        ident = {(month, *key): 1, (previous_month, *key): -1}
        for flow, sign in (("転入", -1), ("出生", -1), ("転居入", -1), ("転出", 1), ("死亡", 1), ("転居出", 1)):
            ident[(month, flow, level, area, sex, "計")] = sign
        out.append(ident)
    return out
