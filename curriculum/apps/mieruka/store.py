"""見える化の公表データ: load a month's extract, suppress, and append it to the store — history untouched.

The store is a folder of published months: ``YYYY-MM.csv`` (every cell; the value is empty where it is
秘匿, so the true count of a suppressed cell is never written anywhere) and ``store.json`` (city, threshold,
months). :func:`refresh` validates the new month's three files, suppresses it **together with the
published previous month held fixed** (so differences between consecutive months reveal nothing), and
writes the new file atomically. A malformed file, a month out of order or a month already present changes
nothing in the store.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from curriculum.analysis.suppression import DEFAULT_THRESHOLD, suppress
from curriculum.apps.mieruka.cube import build_cells, link_identities, month_identities
from curriculum.errors import CurriculumError, DataFormatError
from curriculum.practice.juki_extract import month_after, snapshot_date
from curriculum.templates.juki_extract import JUKI_AREAS, JUKI_EVENTS, JUKI_RESIDENTS
from curriculum.templates.spec import read_template_file

__all__ = ["check_private", "load_areas", "load_month", "refresh", "read_store", "read_month", "months", "STORE_FILE"]

STORE_FILE = "store.json"
_COLUMNS = ["table", "level", "area", "sex", "age", "value"]


def _one(folder: Path, prefix: str) -> Path:
    found = sorted(folder.glob(f"{prefix}*.csv"))
    if len(found) != 1:
        raise DataFormatError(f"{folder} に {prefix}*.csv がちょうど 1 つあるはずですが、{len(found)} 個です。",
                              f"expected one {prefix}*.csv in {folder}, found {len(found)}", path=folder,
                              fix="月のフォルダには residents_….csv と events_….csv を 1 つずつ置いてください。")
    return found[0]


def load_areas(path: str | Path) -> pd.DataFrame:
    """町丁目と地区の対応表 (template ``juki-areas``)."""
    return read_template_file(path, JUKI_AREAS)


def load_month(folder: str | Path, month: str, areas: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One month's residents and 異動 (templates ``juki-residents`` / ``juki-events``), cross-checked.

    Every 町丁目 must be in the area table and every 異動日 inside ``month``; problems name file, row and column.
    """
    folder = Path(folder)
    residents = read_template_file(_one(folder, "residents"), JUKI_RESIDENTS)
    events = read_template_file(_one(folder, "events"), JUKI_EVENTS)
    known = set(areas["chome_code"])
    for name, frame, columns in (("residents", residents, ["chome_code"]),
                                 ("events", events, ["chome_code", "from_chome_code"])):
        for column in columns:
            values = frame[column].dropna()
            unknown = values[~values.isin(known)]
            if len(unknown):
                row = int(unknown.index[0]) + 2
                raise DataFormatError(
                    f"{name} の {row} 行目: 町丁目コード {unknown.iloc[0]!r} が地区の対応表にありません"
                    f"（ほか {len(unknown) - 1} 行）。何も読み込んでいません。",
                    f"{name} row {row}: 町丁目 {unknown.iloc[0]!r} not in the area table", path=folder,
                    fix="地区の対応表（areas）に町丁目を追加するか、抽出の町丁目コードを確認してください。")
    outside = events[~events["date"].str.startswith(month)]
    if len(outside):
        row = int(outside.index[0]) + 2
        raise DataFormatError(f"events の {row} 行目: 異動日 {outside['date'].iloc[0]} が {month} の外です。",
                              f"events row {row}: date outside {month}", path=folder,
                              fix=f"{month} の異動だけを抽出してください。")
    moves = events[events["kind"] == "転居"]
    if moves["from_chome_code"].isna().any():
        row = int(moves.index[moves["from_chome_code"].isna()][0]) + 2
        raise DataFormatError(f"events の {row} 行目: 転居なのに「転居前町丁目コード」が空です。",
                              f"events row {row}: 転居 without from_chome_code", path=folder)
    return residents, events


def read_store(store: str | Path) -> dict:
    path = Path(store) / STORE_FILE
    if not path.exists():
        raise DataFormatError(f"公表データの保存先 {store} がまだありません。", f"no store at {store}", path=store,
                              fix="curriculum mieruka refresh で最初の月を追加してください。")
    return json.loads(path.read_text(encoding="utf-8"))


def months(store: str | Path) -> list[str]:
    """Published months, oldest first."""
    return read_store(store)["months"]


def read_month(store: str | Path, month: str) -> pd.Series:
    """A published month: values by ``(table, level, area, sex, age)``; ``<NA>`` = 秘匿."""
    path = Path(store) / f"{month}.csv"
    if not path.exists():
        raise DataFormatError(f"{month} は公表データにありません（{', '.join(months(store))}）。",
                              f"month {month} not in the store", path=path)
    frame = pd.read_csv(path, dtype={"table": str, "level": str, "area": str, "sex": str, "age": str}, encoding="utf-8")
    values = pd.Series(frame["value"].astype("Int64").to_numpy(), index=pd.MultiIndex.from_frame(frame[_COLUMNS[:-1]]))
    return values


def check_private(extract_folder: str | Path) -> None:
    """住基の抽出は担当者だけが読めるフォルダに: refuse an extract that every user of the machine can read.

    On a shared hub every trainee has an account; the extract (even anonymised, it is one row per resident)
    must sit in a folder only the instructor and the city's analysts can enter — never in the shared data
    cache. A folder that others can enter, holding files they can read, is refused with the fix.
    """
    folder = Path(extract_folder)
    if not folder.is_dir() or os.name != "posix":
        return
    readable = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.stat().st_mode & 0o004]
    open_chain = all(d.stat().st_mode & 0o001 for d in (folder, *folder.parents) if d.exists())
    if readable and open_chain and folder.stat().st_mode & 0o005:
        raise CurriculumError(
            f"住基の抽出 {folder} は、このコンピューターのすべての利用者が読めます（{readable[0].name} ほか {len(readable)} 件）。",
            f"the extract {folder} is readable by every user of this machine",
            path=folder,
            fix=f"chmod -R o-rwx '{folder}' で担当者だけが読めるようにしてください（共有のデータフォルダには置かないでください）。",
        )


def refresh(store: str | Path, extract_folder: str | Path, month: str, *, areas_path: str | Path,
            city_code: str, threshold: int | None = None) -> Path:
    """月次更新: add ``month`` from ``extract_folder`` to the published store; earlier months are not touched.

    Returns the new month's file. The first month fixes the store's city and threshold; later months must be
    the month right after the last one.
    """
    store = Path(store)
    state = read_store(store) if (store / STORE_FILE).exists() else None
    if state is not None:
        if state["city_code"] != city_code:
            raise CurriculumError(f"この保存先は {state['city_code']} のものです（{city_code} が指定されました）。",
                                  "store belongs to another city", path=store)
        if threshold is not None and threshold != state["threshold"]:
            raise CurriculumError(f"秘匿の閾値は保存先で {state['threshold']} に決まっています。途中で変えると差から秘匿が破れます。",
                                  "threshold cannot change between months", path=store,
                                  fix="新しい閾値で使うときは新しい保存先を作り、最初の月から入れ直してください。")
        if month in state["months"]:
            raise CurriculumError(f"{month} はすでに公表済みです（上書きしません）。", f"{month} already published",
                                  path=store)
        expected = month_after(state["months"][-1])
        if month != expected:
            raise CurriculumError(f"次に追加できるのは {expected} です（{month} が指定されました）。",
                                  f"next month must be {expected}", path=store)
    threshold = state["threshold"] if state else (threshold or DEFAULT_THRESHOLD)
    check_private(extract_folder)
    areas = load_areas(areas_path)
    residents, events = load_month(extract_folder, month, areas)
    cells = build_cells(residents, events, areas, as_of=snapshot_date(month), city_code=city_code)
    identities = month_identities(cells.index, areas)
    values = cells
    fixed = None
    if state is not None:
        previous = state["months"][-1]
        published = read_month(store, previous)
        prev_keys = [(previous, *k) for k in published.index]
        prev_values = pd.Series(published.fillna(0).astype("int64").to_numpy(), index=pd.MultiIndex.from_tuples(prev_keys))
        fixed = pd.Series(published.isna().to_numpy(), index=pd.MultiIndex.from_tuples(prev_keys))
        values = pd.concat([prev_values, pd.Series(cells.to_numpy(), index=pd.MultiIndex.from_tuples(
            [(month, *k) for k in cells.index]))])
        identities = [{(month, *k): c for k, c in ident.items()} for ident in identities]
        identities += link_identities(previous, month, cells.index)
        present = set(values.index)
        identities = [i for i in identities if all(k in present for k in i)]
    else:
        values = pd.Series(cells.to_numpy(), index=pd.MultiIndex.from_tuples(list(cells.index)))
    mask = suppress(values, identities, threshold=threshold, fixed=fixed)
    if state is not None:
        mask = mask[[k[0] == month for k in mask.index]]
        mask.index = pd.MultiIndex.from_tuples([k[1:] for k in mask.index])
    out = pd.DataFrame(list(cells.index), columns=_COLUMNS[:-1])
    out["value"] = pd.array(cells.to_numpy(), dtype="Int64")
    hidden = mask.reindex(pd.MultiIndex.from_tuples(list(cells.index))).to_numpy(dtype=bool)
    out.loc[hidden, "value"] = pd.NA
    store.mkdir(parents=True, exist_ok=True)
    target = store / f"{month}.csv"
    _write_atomic(target, out.to_csv(index=False))
    new_state = {"city_code": city_code, "threshold": threshold,
                 "months": [*(state["months"] if state else []), month]}
    _write_atomic(store / STORE_FILE, json.dumps(new_state, ensure_ascii=False, indent=2))
    return target


def _write_atomic(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    with os.fdopen(handle, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, path)
