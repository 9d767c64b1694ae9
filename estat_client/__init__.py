"""estat_client: e-Stat API 3.0 client, RESAS archive readers and 統計GIS URL helpers.

>>> from estat_client import EStat
>>> EStat(app_id="x", cache_dir="/tmp/estat").base_url
'https://api.e-stat.go.jp/rest/3.0/app/'

Nothing here touches the disk or the network at import time.
"""

from estat_client.api import APP_ID_ENV, DEFAULT_BASE_URL, EStat, show_credit
from estat_client._cache import CACHE_DIR_ENV
from estat_client._params import PARAMETERS, plan_page
from estat_client.errors import (
    EStatAPIError,
    EStatAppIdMissingError,
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
from estat_client.resas import read_resas_csv, read_resas_json

__all__ = [
    "APP_ID_ENV",
    "CACHE_DIR_ENV",
    "CREDIT",
    "DEFAULT_BASE_URL",
    "EStat",
    "EStatAPIError",
    "EStatAppIdMissingError",
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
