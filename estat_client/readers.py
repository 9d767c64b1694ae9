"""保存済み応答の読み込み: e-Stat response files (JSON or XML) → the same tidy frames as the client.

Use these for responses saved from the API test form, shipped with a notebook, or
kept from an earlier run; :class:`estat_client.EStat` uses the same builders.

Tidy statistics-data columns (one row per value), for each classification ``X`` in the
table's CLASS_INF order (``tab``, ``cat01`` … ``cat15``, ``area``, ``time``):

``X_code``
    the code as text (``area_code`` always 5 digits, e.g. ``"15213"``).
``X_name``
    the Japanese label from CLASS_INF (``"新潟県 燕市"``); the classification's own name
    (e.g. ``"男女"``) is in ``df.attrs["class_names"]["cat01"]``.
``year`` / ``quarter`` / ``month``
    parsed from ``time_code`` (nullable ints; ``year`` is the fiscal year for 年度 codes).
``unit``, ``value``, ``value_mark``
    unit; the number as float (NaN for 秘匿・該当なし marks); the mark itself (``"X"``,
    ``"-"``, ``"***"`` …) or <NA>. The meaning of each mark is in ``df.attrs["note"]``.
``annotation``
    注釈記号 (only when the response has ``@anno``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from estat_client._parse import as_list, class_frames, flatten_record, loads, text_of, tidy_values
from estat_client.errors import EStatResponseError, error_for_status

CREDIT = (
    "このサービスは、政府統計総合窓口(e-Stat)のAPI機能を使用していますが、"
    "サービスの内容は国によって保証されたものではありません。"
)
SOURCE = "政府統計の総合窓口(e-Stat)"

#: Root element and data container of each endpoint's response.
LAYOUT = {
    "getStatsList": ("GET_STATS_LIST", "DATALIST_INF"),
    "getMetaInfo": ("GET_META_INFO", "METADATA_INF"),
    "getStatsData": ("GET_STATS_DATA", "STATISTICAL_DATA"),
    "getDataCatalog": ("GET_DATA_CATALOG", "DATA_CATALOG_LIST_INF"),
}


class MetaInfo(dict):
    """メタ情報: ``{class id: frame}`` plus ``table_inf`` (flat dict of TABLE_INF)."""

    table_inf: dict[str, Any]

    def __init__(self, frames: dict[str, pd.DataFrame], table_inf: dict[str, Any]):
        super().__init__(frames)
        self.table_inf = table_inf

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}: {len(v)} 件" for k, v in self.items())
        return f"MetaInfo({self.table_inf.get('stats_data_id')}; {parts})"


def endpoint_of(payload: dict) -> str:
    root = next(iter(payload))
    for endpoint, (root_name, _) in LAYOUT.items():
        if root_name == root:
            return endpoint
    if root == "DATA_INF" or "VALUE" in payload:  # a DATA_INF object saved on its own
        return "DATA_INF"
    raise EStatResponseError(
        f"この応答の種類（{root}）には対応していません", f"unsupported response root {root!r}"
    )


def check_result(payload: dict, endpoint: str) -> int:
    """Raise the matching error for RESULT.STATUS; return the status (0 or 2)."""
    result = payload[next(iter(payload))].get("RESULT") or {}
    if "STATUS" not in result:
        raise EStatResponseError(
            "e-Stat の応答に RESULT.STATUS がありません", "the response has no RESULT.STATUS"
        )
    status = int(result["STATUS"])
    error = error_for_status(status, text_of(result.get("ERROR_MSG")) or "", endpoint)
    if error is not None:
        raise error
    return status


def container(payload: dict, endpoint: str) -> dict:
    root, name = LAYOUT[endpoint]
    return payload[root].get(name) or {}


def stats_data_frame(containers: list[dict], *, meta: MetaInfo | None = None) -> pd.DataFrame:
    """Pages of STATISTICAL_DATA (or bare DATA_INF objects) → one tidy frame."""
    first = containers[0] if containers else {}
    classes = class_frames(first.get("CLASS_INF")) or dict(meta or {})
    data_inf: dict[str, Any] = {"VALUE": [], "NOTE": []}
    for page in containers:
        inf = page.get("DATA_INF", page) or {}
        data_inf["VALUE"].extend(as_list(inf.get("VALUE")))
        data_inf["NOTE"].extend(n for n in as_list(inf.get("NOTE")) if n not in data_inf["NOTE"])
    frame = tidy_values(data_inf, classes)
    table = first.get("TABLE_INF")
    frame.attrs["table_inf"] = flatten_record(table, id_name="stats_data_id") if table else (
        dict(meta.table_inf) if meta is not None else {}
    )
    frame.attrs["stats_data_id"] = frame.attrs["table_inf"].get("stats_data_id")
    frame.attrs["class_names"] = {k: v.attrs.get("name") for k, v in classes.items()}
    total = (first.get("RESULT_INF") or {}).get("TOTAL_NUMBER")
    frame.attrs["total_number"] = None if total is None else int(total)
    frame.attrs["source"] = SOURCE
    frame.attrs["credit"] = CREDIT
    return frame


def meta_info(payload_container: dict) -> MetaInfo:
    table = payload_container.get("TABLE_INF")
    return MetaInfo(
        class_frames(payload_container.get("CLASS_INF")),
        flatten_record(table, id_name="stats_data_id") if table else {},
    )


def _records_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for col in ("overall_total_number",):
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    frame.attrs["source"] = SOURCE
    frame.attrs["credit"] = CREDIT
    return frame


def stats_list_frame(containers: list[dict]) -> pd.DataFrame:
    """DATALIST_INF pages → one row per TABLE_INF (or per LIST_INF for statsNameList=Y)."""
    rows = []
    for page in containers:
        for table in as_list(page.get("TABLE_INF")):
            rows.append(flatten_record(table, id_name="stats_data_id"))
        for item in as_list(page.get("LIST_INF")):
            rows.append(flatten_record(item, id_name="id"))
    frame = _records_frame(rows)
    number = containers[0].get("NUMBER") if containers else None
    frame.attrs["number"] = None if number is None else int(number)
    return frame


def data_catalog_frame(containers: list[dict]) -> pd.DataFrame:
    """DATA_CATALOG_LIST_INF pages → one row per RESOURCE, dataset columns prefixed ``dataset_``."""
    rows = []
    for page in containers:
        for catalog in as_list(page.get("DATA_CATALOG_INF")):
            dataset = {f"dataset_{k}": v for k, v in flatten_record(catalog.get("DATASET") or {}).items()}
            base = {"catalog_id": text_of(catalog.get("@id")), **dataset}
            resources = as_list((catalog.get("RESOURCES") or {}).get("RESOURCE"))
            for resource in resources or [{}]:
                flat = flatten_record(resource, id_name="resource_id")
                rows.append({**base, **{k if k == "resource_id" else f"resource_{k}": v for k, v in flat.items()}})
    return _records_frame(rows)


def _load(source: str | Path | dict) -> dict:
    if isinstance(source, dict):
        return source
    return loads(Path(source).read_bytes())


def read_stats_data(source: str | Path | dict, *, meta: MetaInfo | str | Path | None = None) -> pd.DataFrame:
    """統計データ: a saved getStatsData response (JSON or XML) → tidy frame.

    Parameters
    ----------
    source : path or dict
        A getStatsData response, or a bare ``DATA_INF`` object.
    meta : MetaInfo or path, optional
        Labels for a response without CLASS_INF (``metaGetFlg=N`` or a bare DATA_INF).

    Examples
    --------
    >>> df = read_stats_data(DATA / "getStatsData_0003109741_gdp_quarterly.xml")
    >>> print(*df.loc[0, ["cat01_name", "time_name", "year", "quarter", "value"]])
    国内総生産(支出側) 1994年1～3月期 1994 1 123456.1
    """
    payload = _load(source)
    if isinstance(meta, (str, Path)):
        meta = read_meta_info(meta)
    if endpoint_of(payload) == "DATA_INF":
        return stats_data_frame([payload.get("DATA_INF", payload)], meta=meta)
    check_result(payload, "getStatsData")
    return stats_data_frame([container(payload, "getStatsData")], meta=meta)


def read_meta_info(source: str | Path | dict) -> MetaInfo:
    """メタ情報: a saved getMetaInfo response → ``{class id: frame}``.

    >>> meta = read_meta_info(DATA / "getMetaInfo_0003445078_census2020_sex_pop_trimmed.json")
    >>> sorted(meta), meta["cat01"]["name"].tolist()
    (['area', 'cat01', 'tab', 'time'], ['総数', '男', '女'])
    """
    payload = _load(source)
    check_result(payload, "getMetaInfo")
    return meta_info(container(payload, "getMetaInfo"))


def read_stats_list(source: str | Path | dict) -> pd.DataFrame:
    """統計表情報: a saved getStatsList response → one row per table.

    >>> read_stats_list(DATA / "getStatsList_00200502_limit1_single_table_inf.json")["title"].tolist()
    ['Ａ\\u3000人口・世帯']
    """
    payload = _load(source)
    check_result(payload, "getStatsList")
    return stats_list_frame([container(payload, "getStatsList")])


def write_csv(frame: pd.DataFrame, path: str | Path, *, encoding: str = "utf-8-sig") -> Path:
    """CSV に保存する: UTF-8 with BOM by default so Excel opens it correctly; ``"cp932"`` on request.

    Characters that CP932 cannot hold become ``?`` rather than stopping the export.

    >>> import tempfile
    >>> p = write_csv(pd.DataFrame({"area_name": ["新潟県 燕市"], "value": [77201.0]}),
    ...               Path(tempfile.mkdtemp()) / "tsubame.csv")
    >>> p.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    path = Path(path)
    frame.to_csv(path, index=False, encoding=encoding, errors="replace" if encoding.lower() in ("cp932", "shift_jis") else "strict")
    return path
