"""応答の解釈: e-Stat JSON and XML bodies → one dict shape → tidy pandas frames.

XML is first turned into the JSON shape e-Stat itself uses (attributes as ``@name``,
text as ``$``, a repeated element as a list, a single one as an object), so both
formats go through the same code and give the same frames. The single-object quirk
(one CLASS / CLASS_OBJ / VALUE / NOTE / TABLE_INF is an object, not a list) is handled
by :func:`as_list` everywhere.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from estat_client.errors import EStatResponseError

#: Marks e-Stat uses for values that are not numbers (the NOTE list of each table says
#: which apply): *** 該当数値なし, - 数値が得られない, X / x 秘匿, … 不詳 etc.
DEFAULT_SPECIAL_MARKS = ("-", "…", "...", "***", "**", "*", "X", "x", "Ｘ", "－", "―", "・", "NA")

_TIME_CODE = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})$")


def as_list(value: Any) -> list:
    """A list whatever e-Stat sent: None → [], one object → [object].

    >>> as_list({"@code": "1"})
    [{'@code': '1'}]
    >>> as_list(None)
    []
    """
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _element_to_obj(elem: ET.Element) -> Any:
    children = list(elem)
    attrs = {f"@{k}": v for k, v in elem.attrib.items()}
    text = elem.text if elem.text and elem.text.strip() else ""
    if not children:
        if attrs:
            return {**attrs, "$": text} if text else attrs
        return text if text else None
    out: dict[str, Any] = dict(attrs)
    counts = Counter(child.tag for child in children)
    for child in children:
        value = _element_to_obj(child)
        if counts[child.tag] > 1:  # repeated → list, single → object, exactly like e-Stat's JSON
            out.setdefault(child.tag, []).append(value)
        else:
            out[child.tag] = value
    return out


def loads(body: str | bytes) -> dict:
    """Parse a response body (JSON or XML, detected) into e-Stat's JSON shape.

    >>> loads('<GET_META_INFO><RESULT><STATUS>0</STATUS></RESULT></GET_META_INFO>')
    {'GET_META_INFO': {'RESULT': {'STATUS': '0'}}}
    >>> loads('{"GET_META_INFO": {"RESULT": {"STATUS": 0}}}')
    {'GET_META_INFO': {'RESULT': {'STATUS': 0}}}
    """
    if isinstance(body, bytes):
        body = body.decode("utf-8-sig")
    stripped = body.lstrip("\ufeff \t\r\n")
    try:
        if stripped.startswith("<"):
            root = ET.fromstring(stripped.encode("utf-8"))
            return {root.tag: _element_to_obj(root)}
        data = json.loads(stripped)
    except (ValueError, ET.ParseError) as exc:
        raise EStatResponseError(
            "e-Stat の応答を JSON / XML として読めません（途中で切れた・HTML のエラーページなど）",
            f"the response is not valid JSON/XML: {type(exc).__name__}: {str(exc)[:120]}",
            fix="時間をおいて再実行してください。続く場合はキャッシュの該当ファイルを消してください。",
        ) from None
    if isinstance(data, dict) and "VALUE" in data:  # a DATA_INF object saved on its own
        return {"DATA_INF": data}
    if not isinstance(data, dict) or len(data) != 1:
        raise EStatResponseError(
            "e-Stat の応答の形が想定と違います（ルート要素が1つではありません）",
            "unexpected response shape: expected one root object",
        )
    return data


def text_of(node: Any) -> str | None:
    """The text of a node that may be a plain value or ``{"@code": ..., "$": text}``."""
    if isinstance(node, dict):
        node = node.get("$")
    if node is None:
        return None
    return str(node)


def _flatten(prefix: str, node: Any, out: dict[str, Any]) -> None:
    if isinstance(node, dict):
        if not node:
            out[prefix] = None
        for key, value in node.items():
            if key == "$":
                out[prefix] = text_of(value)
            elif key.startswith("@"):
                out[f"{prefix}_{key[1:]}"] = text_of(value)
            else:
                _flatten(key.lower(), value, out)
    elif isinstance(node, list):
        out[prefix] = "; ".join(filter(None, (text_of(v) for v in node)))
    else:
        out[prefix] = text_of(node)


def flatten_record(node: dict, *, id_name: str = "id") -> dict[str, Any]:
    """One e-Stat record (TABLE_INF, DATA_CATALOG_INF ...) as flat columns.

    ``{"@code": c, "$": t}`` under tag T gives columns ``t`` and ``t_code``; nested
    groups (TITLE_SPEC, DESCRIPTION) give their children's lower-cased tags.

    >>> flatten_record({"@id": "0003445078", "STAT_NAME": {"@code": "00200521", "$": "国勢調査"}},
    ...                id_name="stats_data_id")
    {'stats_data_id': '0003445078', 'stat_name_code': '00200521', 'stat_name': '国勢調査'}
    """
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@id":
            out[id_name] = text_of(value)
        elif key.startswith("@"):
            out[key[1:]] = text_of(value)
        else:
            _flatten(key.lower(), value, out)
    return out


def class_frames(class_inf: dict | None) -> dict[str, pd.DataFrame]:
    """CLASS_INF → one frame per class id (code, name, level, unit, parentCode, ...).

    Each frame carries the class's Japanese name in ``.attrs["name"]``.
    """
    frames: dict[str, pd.DataFrame] = {}
    for obj in as_list((class_inf or {}).get("CLASS_OBJ")):
        rows = [{k.lstrip("@"): text_of(v) for k, v in c.items()} for c in as_list(obj.get("CLASS"))]
        frame = pd.DataFrame(rows)
        for col in ("code", "name", "level"):
            if col not in frame.columns:
                frame[col] = None
        ordered = ["code", "name", "level"] + [c for c in ("unit", "parentCode") if c in frame.columns]
        frame = frame[ordered + [c for c in frame.columns if c not in ordered]]
        if obj.get("@id") == "area":
            frame["code"] = frame["code"].map(area_code)
        frame.attrs["name"] = text_of(obj.get("@name"))
        if obj.get("@description"):
            frame.attrs["description"] = text_of(obj.get("@description"))
        frames[str(obj.get("@id"))] = frame
    return frames


def area_code(code: Any) -> Any:
    """地域コード as 5-digit text (a numeric code that lost its leading zero gets it back).

    >>> area_code("1100"), area_code(13101), area_code("00000"), area_code("R01")
    ('01100', '13101', '00000', 'R01')
    """
    if code is None or (isinstance(code, float) and np.isnan(code)):
        return None
    text = str(code).strip()
    return text.zfill(5) if text.isdigit() and len(text) < 5 else text


def parse_time_code(code: Any) -> tuple[int | None, int | None, int | None]:
    """時間軸コード → (year, quarter, month).

    e-Stat codes are ``YYYY`` + 2-digit kind + 2-digit first month + 2-digit last month:
    ``2020000000`` 2020年, ``1980100000`` 1980年度 (the year is the fiscal year),
    ``1994000103`` 1994年1～3月期 (quarter 1), ``2019001212`` 2019年12月.

    >>> parse_time_code("2020000000"), parse_time_code("1994000709"), parse_time_code("2019001212")
    ((2020, None, None), (1994, 3, None), (2019, None, 12))
    >>> parse_time_code("bad")
    (None, None, None)
    """
    match = _TIME_CODE.match(str(code or ""))
    if not match:
        head = str(code or "")[:4]
        return (int(head), None, None) if head.isdigit() and len(head) == 4 else (None, None, None)
    year, _kind, first, last = (int(g) for g in match.groups())
    if first == 0 or not 1 <= first <= 12 or not 1 <= last <= 12:
        return year, None, None
    if first == last:
        return year, None, first
    if last - first == 2 and first % 3 == 1:
        return year, (first + 2) // 3, None
    return year, None, None


def notes_of(data_inf: dict) -> dict[str, str]:
    """DATA_INF.NOTE (list or single object) → {mark: meaning}."""
    return {
        str(n.get("@char")): text_of(n) or ""
        for n in as_list(data_inf.get("NOTE"))
        if isinstance(n, dict) and n.get("@char") is not None
    }


def tidy_values(data_inf: dict, classes: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """DATA_INF.VALUE → the tidy frame (one row per value). See :meth:`EStat.get_stats_data`."""
    values = as_list(data_inf.get("VALUE"))
    notes = notes_of(data_inf)
    raw = pd.DataFrame.from_records(values) if values else pd.DataFrame()
    axes = list(classes) or [c[1:] for c in raw.columns if c.startswith("@") and c not in ("@unit", "@anno")]
    for axis in [c[1:] for c in raw.columns if c.startswith("@") and c not in ("@unit", "@anno")]:
        if axis not in axes:
            axes.append(axis)
    out = pd.DataFrame(index=range(len(raw)))
    for axis in axes:
        codes = raw[f"@{axis}"] if f"@{axis}" in raw.columns else pd.Series([None] * len(raw))
        codes = codes.map(lambda c: None if c is None else str(c))
        if axis == "area":
            codes = codes.map(area_code)
        out[f"{axis}_code"] = codes.astype("string")
        labels = classes.get(axis)
        mapping = dict(zip(labels["code"], labels["name"])) if labels is not None else {}
        out[f"{axis}_name"] = codes.map(mapping).astype("string")
    if "time" in axes:
        parsed = out["time_code"].map(parse_time_code)
        for i, col in enumerate(("year", "quarter", "month")):
            out[col] = pd.array([p[i] for p in parsed], dtype="Int64")
    units = raw["@unit"] if "@unit" in raw.columns else pd.Series([None] * len(raw))
    out["unit"] = units.map(lambda u: None if u is None or u != u else str(u)).astype("string")
    texts = (raw["$"] if "$" in raw.columns else pd.Series([None] * len(raw))).map(
        lambda v: None if v is None or v != v else str(v).strip()
    )
    numbers = pd.to_numeric(texts, errors="coerce").astype("float64")
    out["value"] = numbers
    marks = texts.where(numbers.isna() & texts.notna() & (texts != ""))
    out["value_mark"] = marks.astype("string")
    if "@anno" in raw.columns:
        out["annotation"] = raw["@anno"].astype("string")
    out.attrs["note"] = notes
    known = set(notes) | set(DEFAULT_SPECIAL_MARKS)
    out.attrs["unknown_marks"] = sorted(set(marks.dropna()) - known)
    return out
