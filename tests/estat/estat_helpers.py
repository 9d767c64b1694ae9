"""Helpers for the e-Stat client tests: real responses from ../shared/data, official-structure bodies."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from werkzeug import Response

from realdata import real_file


FAKE_APP_ID = "FAKEappId0123456789abcdefSECRET"


def real_json(name: str) -> dict:
    return json.loads(real_file("estat_api", name).read_text(encoding="utf-8"))


def wire(payload: dict) -> str:
    """How e-Stat sends JSON: non-ASCII as \\uXXXX escapes."""
    return json.dumps(payload, ensure_ascii=True)


def json_response(payload: dict | str, status: int = 200) -> Response:
    body = payload if isinstance(payload, str) else wire(payload)
    return Response(body, status=status, content_type="application/json;charset=utf-8")


def error_payload(root: str, status: int, message: str, parameter: dict | None = None, extra: dict | None = None):
    """An error response in the official structure: RESULT (STATUS, ERROR_MSG, DATE) + PARAMETER echo."""
    body = {
        root: {
            "RESULT": {"STATUS": status, "ERROR_MSG": message, "DATE": "2025-07-16T11:39:54.831+09:00"},
            "PARAMETER": {"LANG": "J", **(parameter or {}), "DATA_FORMAT": "J"},
        }
    }
    body[root].update(extra or {})
    return body


def page_of(payload: dict, start: int, size: int) -> dict:
    """Slice a real getStatsData response into one consistent page (RESULT_INF, PARAMETER, VALUE)."""
    page = copy.deepcopy(payload)
    root = page["GET_STATS_DATA"]
    stat = root["STATISTICAL_DATA"]
    values = stat["DATA_INF"]["VALUE"]
    total = len(values)
    chunk = values[start - 1 : start - 1 + size]
    stat["DATA_INF"]["VALUE"] = chunk
    end = start + len(chunk) - 1
    stat["RESULT_INF"] = {"TOTAL_NUMBER": total, "FROM_NUMBER": start, "TO_NUMBER": end}
    if end < total:
        stat["RESULT_INF"]["NEXT_KEY"] = end + 1
    root["PARAMETER"].update({"START_POSITION": start, "LIMIT": size})
    return page




def assert_no_secret_in_tree(root: Path) -> None:
    for path in root.rglob("*"):
        assert FAKE_APP_ID not in path.name
        if path.is_file():
            assert FAKE_APP_ID.encode() not in path.read_bytes(), path
