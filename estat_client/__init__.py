"""estat_client: e-Stat API 3.0 client, RESAS archive readers and 統計GIS URL helpers.

Quick start (the appId lives in the environment variable ``ESTAT_APP_ID``, never in a notebook)::

    from estat_client import EStat
    estat = EStat()
    tables = estat.get_stats_list("国勢調査 男女別人口", statsCode="00200521")
    meta = estat.get_meta_info("0003445078")          # {"tab", "cat01", "area", "time": frame}
    df = estat.get_stats_data("0003445078", cdArea=["15213", "15204"])

``df`` has one row per value: ``<class>_code`` / ``<class>_name`` per classification,
``year``/``quarter``/``month``, ``unit``, ``value`` (NaN for 秘匿・該当なし) and ``value_mark``
(``X``, ``-``, ``***`` …; meanings in ``df.attrs["note"]``); see :mod:`estat_client.readers`.

Offline / shipped with a notebook: every response is cached under ``$ESTAT_CACHE_DIR``
(default ``pooch.os_cache("curriculum")/estat``), keyed without the appId. Copy that folder
next to the notebook and run with ``ESTAT_CACHE_DIR=<folder>`` (or ``EStat(cache_dir=...)``):
with every response cached, no appId and no network are needed. ``EStat(cache=False)``
always asks the server. Saved response files can also be read directly with
:func:`read_stats_data` / :func:`read_meta_info` / :func:`read_stats_list`.

>>> from estat_client import EStat
>>> EStat(app_id="x", cache_dir="/tmp/estat").base_url
'https://api.e-stat.go.jp/rest/3.0/app/'

Nothing here touches the disk or the network at import time.
"""

from estat_client.api import APP_ID_ENV, DEFAULT_BASE_URL, EStat, show_credit
from estat_client._cache import CACHE_DIR_ENV, ResponseCache
from estat_client._params import PARAMETERS, plan_page
from estat_client.errors import (
    EStatAPIError,
    EStatAppIdMissingError,
    EStatArgumentError,
    EStatAuthError,
    EStatCacheError,
    EStatError,
    EStatNoDataError,
    EStatOfflineError,
    EStatParameterError,
    EStatResponseError,
    EStatServerError,
    EStatTimeoutError,
    ResasAPIError,
    ResasError,
    ResasServiceEndedError,
)
from estat_client.readers import CREDIT, MetaInfo, read_meta_info, read_stats_data, read_stats_list
from estat_client.resas import read_resas_csv, read_resas_json, resas_api

__all__ = [
    "APP_ID_ENV",
    "CACHE_DIR_ENV",
    "CREDIT",
    "DEFAULT_BASE_URL",
    "EStat",
    "ResponseCache",
    "resas_api",
    "EStatAPIError",
    "EStatAppIdMissingError",
    "EStatArgumentError",
    "EStatAuthError",
    "EStatCacheError",
    "EStatError",
    "EStatNoDataError",
    "EStatOfflineError",
    "EStatParameterError",
    "EStatResponseError",
    "EStatServerError",
    "EStatTimeoutError",
    "MetaInfo",
    "PARAMETERS",
    "ResasAPIError",
    "ResasError",
    "ResasServiceEndedError",
    "plan_page",
    "read_meta_info",
    "read_resas_csv",
    "read_resas_json",
    "read_stats_data",
    "read_stats_list",
    "show_credit",
]
