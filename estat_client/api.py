"""e-Stat API 3.0 クライアント: methods named after the endpoints, tidy frames, paging, cache.

The appId comes from ``app_id=`` or the environment variable ``ESTAT_APP_ID``. It is sent
to the server and nowhere else: not in cache keys or files, not in logs (urllib3's request
lines are redacted), not in exception messages, not in ``repr``.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import requests

from estat_client import _params
from estat_client._cache import CACHE_DIR_ENV, ResponseCache, canonical_query, default_cache_dir
from estat_client._parse import as_list, loads
from estat_client.errors import (
    EStatAPIError,
    EStatAppIdMissingError,
    EStatArgumentError,
    EStatOfflineError,
    EStatResponseError,
    EStatServerError,
    EStatTimeoutError,
    redact,
)
from estat_client.readers import (
    CREDIT,
    LAYOUT,
    MetaInfo,
    check_result,
    container,
    data_catalog_frame,
    meta_info,
    stats_data_frame,
    stats_list_frame,
)

APP_ID_ENV = "ESTAT_APP_ID"
DEFAULT_BASE_URL = "https://api.e-stat.go.jp/rest/3.0/app/"

log = logging.getLogger("estat_client")
_credit_shown = False
_secrets: set[str] = set()


def show_credit(*, force: bool = False, file=None) -> None:
    """e-Stat の利用規約が求めるクレジット表示を、セッションで一度だけ表示する.

    >>> show_credit(force=True)
    このサービスは、政府統計総合窓口(e-Stat)のAPI機能を使用していますが、サービスの内容は国によって保証されたものではありません。
    """
    global _credit_shown
    if _credit_shown and not force:
        return
    _credit_shown = True
    print(CREDIT, file=file or sys.stdout)


class _RedactAppId(logging.Filter):
    """urllib3 logs request lines with the query string: strip appIds before any handler sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, *_secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def _install_log_filter() -> None:
    for name in ("urllib3.connectionpool", "urllib3", "requests"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactAppId) for f in logger.filters):
            logger.addFilter(_RedactAppId())


class EStat:
    """e-Stat API 3.0 のクライアント（統計表情報・メタ情報・統計データ・データカタログ）.

    Parameters
    ----------
    app_id : str, optional
        アプリケーションID. Defaults to ``$ESTAT_APP_ID``; may be absent when every
        response needed is already in the cache (a notebook shipped with its cache).
    base_url : str, optional
        Server root, default ``https://api.e-stat.go.jp/rest/3.0/app/`` (tests use a
        local server).
    cache_dir : str or Path, optional
        Response cache: argument, else ``$ESTAT_CACHE_DIR``, else
        ``pooch.os_cache("curriculum")/estat``.
    cache : bool
        False = never read or write the cache.
    timeout : float or (connect, read)
        Seconds per request.
    retries : int
        Extra attempts after a timeout, a connection error, HTTP 429 or 5xx.
    backoff : float
        First wait in seconds, doubled at each retry.
    sleep : callable
        How to wait (tests pass a no-op).
    progress : bool or None
        Progress bar for multi-page fetches (None = only when there is more than one page).
    session : requests.Session, optional

    Examples
    --------
    >>> client = EStat(app_id="my-secret-id", cache_dir="/tmp/estat-cache")
    >>> client
    EStat(app_id='***', base_url='https://api.e-stat.go.jp/rest/3.0/app/', cache_dir='/tmp/estat-cache')
    >>> df = client.get_stats_data("0003445078", cdArea=["15213", "15204"])  # doctest: +SKIP
    """

    def __init__(
        self,
        app_id: str | None = None,
        base_url: str | None = None,
        cache_dir: str | Path | None = None,
        *,
        cache: bool = True,
        timeout: float | tuple[float, float] = (10, 120),
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        progress: bool | None = None,
        session: requests.Session | None = None,
    ):
        self._app_id = app_id or os.environ.get(APP_ID_ENV) or None
        if self._app_id:
            _secrets.add(self._app_id)
        _install_log_filter()
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/") + "/"
        self.cache_dir = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
        self._cache = ResponseCache(self.cache_dir if cache else None)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.progress = progress
        self._session = session or requests.Session()
        self.network_calls = 0  # how many requests actually went to the server

    def __repr__(self) -> str:
        shown = "'***'" if self._app_id else "None"
        return f"EStat(app_id={shown}, base_url={self.base_url!r}, cache_dir={self.cache_dir.as_posix()!r})"

    # -- endpoints -------------------------------------------------------------------------

    def get_stats_list(self, searchWord: str | None = None, *, max_records: int | None = None, **params):
        """統計表情報取得 (getStatsList): tables matching a keyword, one row per table.

        Columns follow the response tags in lower case: ``stats_data_id``, ``stat_name``
        (+ ``stat_name_code``), ``gov_org``, ``statistics_name``, ``title`` (+ ``title_no``),
        ``cycle``, ``survey_date``, ``open_date``, ``collect_area``, ``overall_total_number`` ...

        Examples
        --------
        >>> EStat().get_stats_list("人口推計", statsCode="00200524", limit=20)  # doctest: +SKIP
        """
        params = {"searchWord": searchWord, **params}
        pages = self._paged("getStatsList", params, max_records=max_records)
        return stats_list_frame(pages)

    def get_meta_info(self, statsDataId: str, **params) -> MetaInfo:
        """メタ情報取得 (getMetaInfo): ``{class id: frame}`` for 'tab', 'cat01', 'area', 'time' ...

        Each frame has ``code``, ``name``, ``level`` and, where the table has them, ``unit``
        and ``parentCode``; the class's own name is in ``frame.attrs["name"]``.

        Examples
        --------
        >>> meta = EStat().get_meta_info("0003445078")  # doctest: +SKIP
        >>> meta["area"].head()  # doctest: +SKIP
        """
        query = self._query("getMetaInfo", {"statsDataId": statsDataId, **params})
        return meta_info(container(self._call("getMetaInfo", query), "getMetaInfo"))

    def get_stats_data(
        self,
        statsDataId: str | None = None,
        *,
        max_records: int | None = None,
        progress: bool | None = None,
        **params,
    ) -> pd.DataFrame:
        """統計データ取得 (getStatsData): every page, as a tidy frame (one row per value).

        Parameters
        ----------
        statsDataId : str
            統計表ID (or pass ``dataSetId=``).
        max_records, limit : int, optional
            Stop after this many records (``limit`` keeps the API's meaning, 取得件数).
            Default: all, following ``NEXT_KEY`` 100,000 records per call.
        **params
            API names as-is: ``cdArea``, ``cdCat01``, ``lvArea``, ``cdTime``, ``cdTimeFrom``,
            ``startPosition``, ``replaceSpChars``, ``annotationGetFlg`` ...; lists are joined
            with commas. A misspelt name raises :class:`~estat_client.errors.EStatParameterError`.

        Returns
        -------
        pandas.DataFrame
            Columns ``<class>_code``, ``<class>_name``, ``year``/``quarter``/``month``,
            ``unit``, ``value``, ``value_mark`` (see :mod:`estat_client.readers`);
            ``attrs`` hold ``note`` (mark → meaning), ``table_inf``, ``class_names``,
            ``total_number``, ``credit``.

        Examples
        --------
        >>> df = EStat().get_stats_data("0003445078", cdArea=["15213", "15204"])  # doctest: +SKIP
        >>> df[["area_code", "area_name", "cat01_name", "value"]]  # doctest: +SKIP
        """
        if statsDataId is not None:
            params["statsDataId"] = statsDataId
        if "statsDataId" not in params and "dataSetId" not in params:
            raise EStatArgumentError(
                "統計表ID（statsDataId）かデータセットID（dataSetId）を指定してください。",
                "get_stats_data() needs statsDataId or dataSetId",
                fix="例: get_stats_data(\"0003445078\")。ID は get_stats_list() や e-Stat の表のページで確かめられます。",
            )
        pages = self._paged("getStatsData", params, max_records=max_records, progress=progress)
        return stats_data_frame(pages)

    def get_stats_data_many(self, ids: Iterable[str], **params) -> pd.DataFrame:
        """複数の統計表をまとめて取得: one tidy frame with a ``stats_data_id`` column.

        The API's own bulk endpoint (getStatsDatas) is a POST whose pages cannot be cached
        per table; calling getStatsData per table keeps caching, paging and errors uniform.

        Examples
        --------
        >>> EStat().get_stats_data_many(["0003445078", "0003445079"], cdArea="15213")  # doctest: +SKIP
        """
        frames = []
        for stats_data_id in ids:
            frame = self.get_stats_data(stats_data_id, **params)
            frame.insert(0, "stats_data_id", stats_data_id)
            frames.append(frame)
        out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        out.attrs["credit"] = CREDIT
        return out

    def get_data_catalog(self, *, max_records: int | None = None, **params) -> pd.DataFrame:
        """データカタログ情報取得 (getDataCatalog): files (Excel/CSV/PDF) and DB tables, one row per resource.

        Examples
        --------
        >>> EStat().get_data_catalog(statsCode="00200521", dataType="CSV", limit=10)  # doctest: +SKIP
        """
        pages = self._paged("getDataCatalog", params, max_records=max_records)
        return data_catalog_frame(pages)

    # -- plumbing --------------------------------------------------------------------------

    def _query(self, endpoint: str, params: dict) -> dict[str, str]:
        _params.check_names(endpoint, params)
        return _params.to_query(params)

    def _paged(self, endpoint: str, params: dict, *, max_records=None, progress=None) -> list[dict]:
        params = dict(params)
        if params.get("limit") is not None:
            cap = int(params.pop("limit"))
            max_records = cap if max_records is None else min(cap, int(max_records))
        query = self._query(endpoint, params)
        start = int(query.pop("startPosition", 1))
        fetched, pages, bar = 0, [], None
        show = self.progress if progress is None else progress
        while (plan := _params.plan_page(start, fetched, max_records)) is not None:
            page_query = {**query, "startPosition": str(plan[0]), "limit": str(plan[1])}
            if pages and endpoint == "getStatsData":
                page_query["metaGetFlg"] = "N"  # CLASS_INF came with the first page
            page = container(self._call(endpoint, page_query), endpoint)
            pages.append(page)
            result_inf = page.get("RESULT_INF") or {}
            got = _page_size(page, endpoint)
            fetched += got
            next_key = result_inf.get("NEXT_KEY")
            if bar is None and next_key not in (None, "") and show is not False:
                total = _total(page, endpoint)
                if total is not None:
                    total = max(total - start + 1, got)
                    total = total if max_records is None else min(total, max_records)
                from tqdm import tqdm

                bar = tqdm(total=total, initial=got, unit="件", desc=f"e-Stat {endpoint}")
            elif bar is not None:
                bar.update(got)
            if next_key in (None, "") or got == 0:
                break
            start = int(next_key)
        if bar is not None:
            bar.close()
        return pages

    def _call(self, endpoint: str, query: dict[str, str]) -> dict:
        """One request: cache first, then the server with retries; the parsed, checked payload."""
        cached = self._cache.read(endpoint, query)
        if cached is not None:
            log.debug("cache hit %s?%s", endpoint, canonical_query(query))
            payload = loads(cached)
            check_result(payload, endpoint)
            show_credit()
            return payload
        if not self._app_id:
            raise EStatAppIdMissingError(
                "e-Stat のアプリケーションID（appId）がなく、この応答はキャッシュにもありません",
                f"no appId and no cached response for {endpoint}?{canonical_query(query)}",
                path=self._cache.path_for(endpoint, query),
                fix=(
                    f"環境変数 {APP_ID_ENV} に appId を設定してください（ノートブックには書かない）。"
                    f"オフラインで使う場合は、取得済みの応答フォルダを {CACHE_DIR_ENV} に指定してください。"
                ),
            )
        body = self._fetch(endpoint, query)
        payload = loads(body)
        if next(iter(payload)) != LAYOUT[endpoint][0]:
            raise EStatResponseError(
                f"{endpoint} の応答ではありません（{next(iter(payload))}）",
                f"unexpected root element for {endpoint}",
            )
        status = check_result(payload, endpoint)
        if status == 2:
            message = payload[next(iter(payload))]["RESULT"].get("ERROR_MSG")
            warnings.warn(f"e-Stat STATUS 2（一部にエラー）: {message}", stacklevel=4)
        self._cache.write(endpoint, query, body)
        show_credit()
        return payload

    def _fetch(self, endpoint: str, query: dict[str, str]) -> str:
        url = f"{self.base_url}json/{endpoint}"
        attempts = self.retries + 1
        for attempt in range(attempts):
            # Errors are raised *outside* the except blocks: requests' exceptions carry the
            # URL with the appId, and must not even survive as __context__.
            failure: tuple[type, str] | None = None
            try:
                self.network_calls += 1
                log.debug("GET %s?%s (attempt %d)", endpoint, canonical_query(query), attempt + 1)
                response = self._session.get(url, params={**query, "appId": self._app_id}, timeout=self.timeout)
            except requests.Timeout as exc:
                failure = (EStatTimeoutError, redact(str(exc), self._app_id)[:300])
            except requests.ConnectionError as exc:
                failure = (EStatOfflineError, redact(str(exc), self._app_id)[:300])
            except requests.RequestException as exc:
                failure = (EStatResponseError, f"{type(exc).__name__}: {redact(str(exc), self._app_id)[:300]}")
            if failure is None:
                code = response.status_code
                if code != 429 and code < 500:
                    response.encoding = "utf-8"
                    body = response.text
                    if code >= 400 and not body.lstrip().startswith(("{", "<")):
                        raise EStatAPIError(code, f"HTTP {code}", endpoint)
                    return body
                failure = (EStatServerError, f"HTTP {code}")
            if attempt == attempts - 1 or failure[0] is EStatResponseError:
                raise self._failure_error(endpoint, attempts, *failure)
            self.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _failure_error(self, endpoint: str, attempts: int, kind: type, detail: str) -> Exception:
        if kind is EStatTimeoutError:
            return EStatTimeoutError(
                f"e-Stat（{endpoint}）が {attempts} 回とも時間内に応答しませんでした",
                f"timed out {attempts} times: {detail}",
                fix="時間をおいて再実行するか、絞り込み（cdArea など）でデータ量を減らしてください。",
            )
        if kind is EStatOfflineError:
            return EStatOfflineError(
                "e-Stat に接続できません（インターネット未接続・プロキシ・サーバー停止のいずれか）",
                f"cannot reach {self.base_url}: {detail}",
                fix=(
                    "ネットワークとプロキシの設定（HTTPS_PROXY）を確認してください。オフラインで使う場合は、"
                    f"取得済みの応答フォルダを環境変数 {CACHE_DIR_ENV} に指定すると appId なしで動きます。"
                ),
            )
        if kind is EStatServerError:
            code = int(detail.split()[-1])
            return EStatServerError(
                code, detail, endpoint,
                ja=f"e-Stat（{endpoint}）が {attempts} 回とも {detail} を返しました",
                en=f"{detail} from e-Stat {endpoint} after {attempts} attempts",
            )
        return EStatResponseError("e-Stat へのリクエストに失敗しました", f"request failed: {detail}")


def _page_size(page: dict, endpoint: str) -> int:
    if endpoint == "getStatsData":
        return len(as_list((page.get("DATA_INF") or {}).get("VALUE")))
    if endpoint == "getStatsList":
        return len(as_list(page.get("TABLE_INF"))) + len(as_list(page.get("LIST_INF")))
    return len(as_list(page.get("DATA_CATALOG_INF")))


def _total(page: dict, endpoint: str) -> int | None:
    result_inf = page.get("RESULT_INF") or {}
    total = result_inf.get("TOTAL_NUMBER", page.get("NUMBER"))
    return None if total in (None, "") else int(total)
