"""RESAS（地域経済分析システム）: readers for CSV exports and archived API v1 responses.

The RESAS-API ended on 2025-03-24 (no new keys after October 2024). The RESAS web tool
remains and exports CSV, and old API responses (``{"message": null, "result": ...}``)
may still be lying around in projects; both read into tidy frames here. Any live API
call fails fast with :class:`~estat_client.errors.ResasServiceEndedError`, which says
where the same figures are now on e-Stat.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from estat_client.errors import ResasAPIError, ResasServiceEndedError

API_END_DATE = "2025-03-24"
ATTRIBUTION = "出典：RESAS（地域経済分析システム）"

#: Where RESAS's figures are published now (e-Stat 政府統計コード).
SUCCESSORS = {
    "人口構成・人口推移（都道府県・市区町村）": "社会・人口統計体系（statsCode 00200502）／国勢調査（00200521）",
    "人口の社会増減・転入転出": "住民基本台帳人口移動報告（statsCode 00200523）",
    "事業所数・従業者数・売上（産業構造）": "経済センサス‐基礎調査（00200552）／経済センサス‐活動調査（00200553）",
}

_ERRORS = {
    "400": ("リクエストのパラメータが不正でした（400 Bad Request）", "bad request"),
    "403": ("API キーが無効か、送られていませんでした（403 Forbidden）", "forbidden: missing or invalid API key"),
    "404": ("指定した API の URL が存在しませんでした（404 Not Found）", "not found"),
    "429": ("リクエストが多すぎました（429 Too Many Requests）", "too many requests"),
}


def resas_api(*_args: Any, **_kwargs: Any) -> None:
    """RESAS-API を呼ぶ（提供終了のため、常に案内付きのエラー）.

    >>> resas_api("api/v1/prefectures")
    Traceback (most recent call last):
    ...
    estat_client.errors.ResasServiceEndedError: RESAS-API は 2025-03-24 に提供を終了しました...
    """
    where = "／".join(f"{k} → e-Stat {v}" for k, v in SUCCESSORS.items())
    raise ResasServiceEndedError(
        f"RESAS-API は {API_END_DATE} に提供を終了しました（新規キーの発行は 2024年10月で終了）。"
        f"同じ数字は e-Stat にあります: {where}",
        f"the RESAS API ended on {API_END_DATE}; use e-Stat (社会・人口統計体系 00200502, "
        "住民基本台帳人口移動報告 00200523, 経済センサス 00200552/00200553)",
        fix=(
            "EStat().get_stats_list(statsCode=...) で表を探すか、RESAS の Web 画面"
            "（https://resas.go.jp/）から CSV をダウンロードして read_resas_csv() で読んでください。"
        ),
    )


def _raise_for_error(body: Any, path: str | Path | None) -> None:
    status = None
    if isinstance(body, (str, int)) and str(body) in _ERRORS:
        status = str(body)
    elif isinstance(body, dict) and "result" not in body:
        code = body.get("statusCode")
        status = str(code) if code is not None else "429"  # 429 came back as {"message": null}
    if status is None:
        return
    ja, en = _ERRORS.get(status, (f"RESAS がエラー {status} を返していました", f"RESAS error {status}"))
    message = body.get("message") if isinstance(body, dict) else None
    raise ResasAPIError(
        status,
        f"この RESAS 応答はデータではなくエラーです: {ja}" + (f"「{message}」" if message else ""),
        f"this archived RESAS response is an error body: {status} {en}",
        path=path,
        fix="保存し直すことはできません（API は提供終了）。RESAS の Web 画面の CSV か e-Stat を使ってください。",
    )


def read_resas_json(source: str | Path | dict | list) -> pd.DataFrame:
    """RESAS-API v1 の保存済み応答 → tidy frame.

    ``result`` as a list of records (都道府県一覧 …) gives one row per record, with
    ``pref_code`` as 2-digit text; ``result.data`` as labelled series
    (人口構成 perYear) gives one row per (label, year) with ``value``, ``rate`` and
    ``is_projection`` (year after ``boundaryYear`` = 社人研推計). Error bodies
    (``"400"``, ``{"statusCode": "403", ...}``) raise :class:`ResasAPIError`.

    Examples
    --------
    >>> df = read_resas_json(RESAS_DATA / "resas_v1_prefectures.json")
    >>> df.loc[14, ["pref_code", "prefName"]].tolist()
    ['15', '新潟県']
    """
    path = None
    if isinstance(source, (str, Path)):
        path = Path(source)
        body = json.loads(path.read_text(encoding="utf-8-sig"))
    else:
        body = source
    _raise_for_error(body, path)
    result = body["result"]
    if isinstance(result, list):
        frame = pd.json_normalize(result)
    elif isinstance(result, dict) and isinstance(result.get("data"), list) and all(
        isinstance(s, dict) and "label" in s and isinstance(s.get("data"), list) for s in result["data"]
    ):
        rows = [{"label": s["label"], **point} for s in result["data"] for point in s["data"]]
        frame = pd.DataFrame(rows)
        boundary = result.get("boundaryYear")
        if "rate" not in frame.columns:
            frame["rate"] = float("nan")
        if boundary is not None and "year" in frame.columns:
            frame["is_projection"] = frame["year"] > int(boundary)
            frame.attrs["boundary_year"] = int(boundary)
    else:
        frame = pd.json_normalize(result)
    for col, width in (("prefCode", 2), ("cityCode", 5)):
        if col in frame.columns:
            name = "pref_code" if col == "prefCode" else "city_code"
            frame.insert(0, name, frame[col].map(lambda c, w=width: None if c in (None, "-") else str(c).zfill(w)))
    frame.attrs["attribution"] = ATTRIBUTION
    return frame


def read_resas_csv(path: str | Path) -> pd.DataFrame:
    """RESAS の Web 画面からダウンロードした CSV → frame (codes as text, numbers as numbers).

    The export is CP932 on older downloads and UTF-8 (with BOM) on newer ones; both are
    read. Columns ending in ``コード`` keep their leading zeros (都道府県コード 2 digits,
    市区町村コード 5 digits); other columns of numbers with thousands commas become numbers.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "resas.csv"
    >>> _ = p.write_bytes("都道府県コード,都道府県名,市区町村コード,市区町村名,年,人口\\n15,新潟県,15213,燕市,2020,\\"77,201\\"\\n".encode("cp932"))
    >>> print(*read_resas_csv(p).iloc[0])
    15 新潟県 15213 燕市 2020 77201
    """
    path = Path(path)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ResasAPIError(
            "csv",
            "RESAS の CSV を UTF-8 でも CP932（Shift_JIS）でも読めません",
            "cannot decode the RESAS CSV as UTF-8 or CP932",
            path=path,
            fix="RESAS の画面からダウンロードし直してください（Excel で上書き保存していないファイル）。",
        )
    import io

    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.columns = [c.strip() for c in frame.columns]
    for col in frame.columns:
        values = frame[col].str.strip()
        if col.endswith("コード"):
            width = 2 if "都道府県" in col else 5 if "市区町村" in col else 0
            frame[col] = values.map(lambda v, w=width: v.zfill(w) if v.isdigit() and w else v)
            continue
        numbers = pd.to_numeric(values.str.replace(",", "", regex=False), errors="coerce")
        if len(values) and numbers.notna().all():
            frame[col] = numbers
        else:
            frame[col] = values.replace("", None)
    frame.attrs["attribution"] = ATTRIBUTION
    return frame
