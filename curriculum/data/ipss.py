"""社人研「日本の地域別将来推計人口」: read the 2018 edition by municipality × 5-year age and the 2023 totals.

The official workbooks are not in the catalogue's reach (see ``datasets/ipss-*.toml``); these readers take
the public re-publications that keep the official numbers: the 2018 edition as JSON (one file per sex,
series without labels, years 2015…2045 without a year field) and the 2023 edition's totals for 新潟県's
municipalities (``futurePopulation`` of each entry; every other field of that file is ignored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from curriculum.errors import DataFormatError

__all__ = ["read_ipss_2018", "read_ipss_2023_totals", "IPSS_2018_YEARS", "IPSS_2018_CLASSES", "IPSS_2023_YEARS"]

IPSS_2018_YEARS = (2015, 2020, 2025, 2030, 2035, 2040, 2045)
#: The order of the 20 unlabelled series (labels as in the edition's per-city file pp15213.json).
IPSS_2018_CLASSES = ("total", *(f"{a}-{a + 4}" for a in range(0, 90, 5)), "90+")
IPSS_2023_YEARS = (2020, 2025, 2030, 2035, 2040, 2045, 2050)
_TYPES = {0: "prefecture", 1: "designated_city", 2: "city", 3: "town_village", 4: "special_ward"}


def _load_json(path: str | Path, what: str):
    path = Path(path)
    if not path.exists():
        raise DataFormatError(f"ファイル {path} が見つかりません。", f"file {path} not found", path=path,
                              fix=f"curriculum.data.fetch で {what} を取得したパスを渡してください。")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataFormatError(f"{what} の JSON として読めません（{err}）。", f"not valid JSON: {err}", path=path,
                              fix="ファイルを削除してもう一度取得してください。") from err


def read_ipss_2018(path: str | Path) -> pd.DataFrame:
    """社人研 平成30年推計（市区町村別・男女別・5歳階級）を読む: one row per area and year.

    Parameters
    ----------
    path : str or Path
        ``Project.json`` (男女計), ``ProjectM.json`` (男) or ``ProjectF.json`` (女), municipal or prefectural.

    Returns
    -------
    pandas.DataFrame
        Columns ``city_code`` (5 digits), ``name``, ``type``, ``year`` (each 10月1日; 2015 = census base),
        ``total`` and 19 classes ``"0-4"`` … ``"85-89"``, ``"90+"``.

    Examples
    --------
    >>> t = read_ipss_2018(fetch("ipss-2018-municipal-both"))
    >>> t.query("city_code == '15213' and year == 2045")[["total", "0-4"]].values.tolist()
    [[59191, 1805]]
    """
    data = _load_json(path, "社人研 平成30年推計")
    rows = []
    try:
        for area in data:
            series = area["PopulationList"]
            if len(series) != len(IPSS_2018_CLASSES) or any(len(s["Population"]) != len(IPSS_2018_YEARS) for s in series):
                raise DataFormatError(f"{area['Name']} の系列が 20 本 × 7 年ではありません。",
                                      f"{area['Name']}: expected 20 series of 7 years", path=path)
            for j, year in enumerate(IPSS_2018_YEARS):
                rows.append([f"{int(area['Code']):05d}", area["Name"], _TYPES.get(area["Type"], str(area["Type"])),
                             year, *(int(s["Population"][j]) for s in series)])
    except (KeyError, TypeError) as err:
        raise DataFormatError(f"社人研 平成30年推計の JSON の形ではありません（{err!r} がない）。",
                              "not the IPSS 2018 JSON layout", path=path) from err
    frame = pd.DataFrame(rows, columns=["city_code", "name", "type", "year", *IPSS_2018_CLASSES])
    classes = list(IPSS_2018_CLASSES[1:])
    bad = frame[frame[classes].sum(axis=1) != frame["total"]]
    if len(bad):
        raise DataFormatError(f"{bad['name'].iloc[0]} {bad['year'].iloc[0]} 年: 年齢階級の合計が総数と合いません。",
                              "age classes do not sum to the total", path=path)
    frame.attrs = {"age_classes": classes, "source_file": str(path), "edition": "平成30年推計"}
    return frame


def read_ipss_2023_totals(path: str | Path) -> pd.DataFrame:
    """社人研 令和5年推計の総人口（2020 基準＝国勢調査、2025…2050）を読む: one row per municipality.

    Returns
    -------
    pandas.DataFrame
        Index ``city_code``; columns ``name``, ``2020`` … ``2050`` (int), ``young_2050``, ``working_2050``,
        ``elderly_2050``.

    Examples
    --------
    >>> t = read_ipss_2023_totals(fetch("ipss-2023-niigata-totals"))
    >>> int(t.loc["15213", 2050]), int(t[2020].sum())
    (54136, 2201272)
    """
    data = _load_json(path, "社人研 令和5年推計")
    rows = []
    try:
        for area in data:
            future = area["futurePopulation"]
            totals = [future["base2020"], *(future["total"][str(y)] for y in IPSS_2023_YEARS[1:])]
            rows.append([str(area["code"]).zfill(5), area["name"], *map(int, totals),
                         int(future["young2050"]), int(future["working2050"]), int(future["elderly2050"])])
    except (KeyError, TypeError) as err:
        raise DataFormatError(f"社人研 令和5年推計の futurePopulation の形ではありません（{err!r} がない）。",
                              "not the expected futurePopulation layout", path=path) from err
    frame = pd.DataFrame(rows, columns=["city_code", "name", *IPSS_2023_YEARS, "young_2050", "working_2050",
                                        "elderly_2050"]).set_index("city_code")
    bad = frame[frame[["young_2050", "working_2050", "elderly_2050"]].sum(axis=1) != frame[2050]]
    if len(bad):
        raise DataFormatError(f"{bad['name'].iloc[0]}: 2050 年の 3 区分の合計が総人口と合いません。",
                              "2050 age groups do not sum to the total", path=path)
    frame.attrs = {"source_file": str(path), "edition": "令和5年推計"}
    return frame
