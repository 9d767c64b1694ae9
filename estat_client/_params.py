"""パラメータ: the official parameter names per endpoint, their check, and the paging arithmetic.

e-Stat silently ignores a parameter it does not know (``replaceSpChar`` instead of
``replaceSpChars`` just gives unreplaced data), so every name is checked here before a
request is sent. Names and meanings: e-Stat API 仕様 3.0 「3. APIパラメータ」.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from estat_client.errors import EStatParameterError

#: Records per call allowed by the API (仕様 3.0: limit の省略値・上限は 10万件).
MAX_RECORDS_PER_CALL = 100_000

_COMMON = ("lang", "callback")
_FILTER_AXES = ("Tab", "Time", "Area", *(f"Cat{i:02d}" for i in range(1, 16)))
_FILTERS = tuple(
    name for axis in _FILTER_AXES for name in (f"lv{axis}", f"cd{axis}", f"cd{axis}From", f"cd{axis}To")
)

#: Official parameter names of each endpoint (appId is set by the client, never by hand).
PARAMETERS: dict[str, frozenset[str]] = {
    "getStatsList": frozenset(
        _COMMON
        + (
            "surveyYears", "openYears", "statsField", "statsCode", "searchWord", "searchKind",
            "collectArea", "explanationGetFlg", "statsNameList", "startPosition", "limit",
            "updatedDate",
        )
    ),
    "getMetaInfo": frozenset(_COMMON + ("statsDataId", "explanationGetFlg")),
    "getStatsData": frozenset(
        _COMMON
        + ("dataSetId", "statsDataId")
        + _FILTERS
        + (
            "startPosition", "limit", "metaGetFlg", "cntGetFlg", "explanationGetFlg",
            "annotationGetFlg", "replaceSpChars", "sectionHeaderFlg",
        )
    ),
    "refDataset": frozenset(_COMMON + ("dataSetId", "collectArea", "explanationGetFlg")),
    "getDataCatalog": frozenset(
        _COMMON
        + (
            "surveyYears", "openYears", "statsField", "statsCode", "searchWord", "collectArea",
            "explanationGetFlg", "dataType", "catalogId", "resourceId", "startPosition", "limit",
            "updatedDate",
        )
    ),
}


def check_names(endpoint: str, names: Iterable[str], *, extra: Iterable[str] = ()) -> None:
    """Raise :class:`EStatParameterError` for a name the endpoint does not know.

    ``extra`` are the client's own keyword names (e.g. ``max_records``).

    >>> check_names("getStatsData", ["statsDataId", "cdArea", "replaceSpChars"])
    >>> check_names("getStatsData", ["replaceSpChar"])
    Traceback (most recent call last):
    ...
    estat_client.errors.EStatParameterError: パラメータ名 'replaceSpChar' は getStatsData にありません...
      対処: もしかして 'replaceSpChars' ですか？
    [en] unknown parameter 'replaceSpChar' for getStatsData; did you mean 'replaceSpChars'?
    """
    known = PARAMETERS[endpoint] | set(extra)
    for name in names:
        if name in known:
            continue
        if name.lower() == "appid":
            raise EStatParameterError(
                None, "", endpoint,
                ja="appId はパラメータとして渡せません（ノートブックや出力に残さないため）",
                en="appId cannot be passed as a query parameter",
                fix="EStat(app_id=...) か環境変数 ESTAT_APP_ID で指定してください。",
            )
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        if not close:  # case slips (cdcat01) are not caught by the ratio above
            lowered = {k.lower(): k for k in known}
            close = [lowered[name.lower()]] if name.lower() in lowered else []
        hint_ja = f"もしかして {close[0]!r} ですか？" if close else "仕様書どおりの名前（大文字小文字も）を使ってください。"
        hint_en = f"did you mean {close[0]!r}?" if close else "use the exact name from the API spec"
        raise EStatParameterError(
            None, "", endpoint,
            ja=(
                f"パラメータ名 {name!r} は {endpoint} にありません"
                "（e-Stat は知らない名前を黙って無視するため、送る前に止めました）"
            ),
            en=f"unknown parameter {name!r} for {endpoint}; {hint_en}",
            fix=hint_ja,
        )


def to_query(params: Mapping[str, object]) -> dict[str, str]:
    """Query values as the API wants them: lists joined by commas, None dropped, bools as Y/N.

    >>> to_query({"cdArea": ["15213", "15204"], "limit": 10, "metaGetFlg": False, "cdTime": None})
    {'cdArea': '15213,15204', 'limit': '10', 'metaGetFlg': 'N'}
    """
    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = "Y" if value else "N"
        elif isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value) if isinstance(value, (set, frozenset)) else value
            out[key] = ",".join(str(v) for v in items)
        else:
            out[key] = str(value)
    return out


def plan_page(
    start: int, fetched: int, max_records: int | None, *, page_size: int = MAX_RECORDS_PER_CALL
) -> tuple[int, int] | None:
    """ページング計算: the ``(startPosition, limit)`` of the next call, or None to stop.

    Parameters
    ----------
    start : int
        1-based position of the next record (``startPosition``, then each ``NEXT_KEY``).
    fetched : int
        Records received so far.
    max_records : int or None
        Cap on the total (``None`` = everything).
    page_size : int
        Records per call (the API allows at most 100,000).

    Examples
    --------
    >>> plan_page(1, 0, None)
    (1, 100000)
    >>> plan_page(100001, 100000, 150000)
    (100001, 50000)
    >>> plan_page(11, 10, 10) is None
    True
    """
    if start < 1 or fetched < 0 or page_size < 1:
        raise ValueError(f"bad paging state: start={start}, fetched={fetched}, page_size={page_size}")
    page_size = min(page_size, MAX_RECORDS_PER_CALL)
    if max_records is None:
        return start, page_size
    remaining = max_records - fetched
    if remaining <= 0:
        return None
    return start, min(page_size, remaining)


def count_calls(
    total: int, *, start: int = 1, max_records: int | None = None, page_size: int = MAX_RECORDS_PER_CALL
) -> int:
    """How many calls fetch ``total`` records from ``start`` (for the progress bar).

    >>> count_calls(403227)
    5
    >>> count_calls(403227, max_records=10)
    1
    >>> count_calls(0)
    0
    """
    available = max(0, total - start + 1)
    wanted = available if max_records is None else min(available, max_records)
    page_size = min(page_size, MAX_RECORDS_PER_CALL)
    return -(-wanted // page_size)
