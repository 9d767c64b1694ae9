"""応答キャッシュ: raw e-Stat responses on disk, keyed by endpoint + parameters, never the appId.

One file per request: ``<cache_dir>/<endpoint>/<key>.json`` where ``key`` is the first
16 hex digits of the sha256 of the canonical query (sorted ``name=value`` pairs, appId
excluded). The file is the server's body unchanged, so a folder of these files can be
shipped next to a notebook and read with no appId and no network:

    ESTAT_CACHE_DIR=notebooks/estat_cache  (or EStat(cache_dir="notebooks/estat_cache"))

Nothing here touches the disk until a response is read or written.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlencode

from estat_client.errors import EStatCacheError

CACHE_DIR_ENV = "ESTAT_CACHE_DIR"


def default_cache_dir() -> Path:
    """$ESTAT_CACHE_DIR, else ``pooch.os_cache("curriculum") / "estat"``.

    >>> import os; os.environ["ESTAT_CACHE_DIR"] = "/tmp/estat-doctest"
    >>> default_cache_dir().as_posix()
    '/tmp/estat-doctest'
    >>> del os.environ["ESTAT_CACHE_DIR"]
    """
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    import pooch  # lazily: nothing happens at import time

    return Path(pooch.os_cache("curriculum")) / "estat"


def canonical_query(params: Mapping[str, str]) -> str:
    """The cache identity of a request: sorted parameters, appId dropped.

    >>> canonical_query({"statsDataId": "0003445078", "appId": "secret", "cdArea": "15213"})
    'cdArea=15213&statsDataId=0003445078'
    """
    return urlencode(sorted((k, v) for k, v in params.items() if k.lower() != "appid"))


def cache_key(endpoint: str, params: Mapping[str, str]) -> str:
    """``<endpoint>/<16 hex>`` for a request (same with or without appId).

    >>> cache_key("getMetaInfo", {"statsDataId": "0003445078"}) == cache_key(
    ...     "getMetaInfo", {"statsDataId": "0003445078", "appId": "x"})
    True
    """
    digest = hashlib.sha256(f"{endpoint}?{canonical_query(params)}".encode()).hexdigest()[:16]
    return f"{endpoint}/{digest}"


class ResponseCache:
    """Read and write raw bodies under a folder. ``root=None`` disables the cache."""

    def __init__(self, root: Path | None, *, suffix: str = ".json"):
        self.root = None if root is None else Path(root)
        self.suffix = suffix

    def path_for(self, endpoint: str, params: Mapping[str, str]) -> Path | None:
        if self.root is None:
            return None
        return self.root / f"{cache_key(endpoint, params)}{self.suffix}"

    def read(self, endpoint: str, params: Mapping[str, str]) -> str | None:
        path = self.path_for(endpoint, params)
        if path is None or not path.is_file():
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EStatCacheError(
                "キャッシュのファイルを読めません",
                f"cannot read cached response: {type(exc).__name__}",
                path=path,
                fix=f"このファイルを削除して再実行するか、環境変数 {CACHE_DIR_ENV} で別のフォルダを指定してください。",
            ) from None

    def write(self, endpoint: str, params: Mapping[str, str], body: str) -> Path | None:
        path = self.path_for(endpoint, params)
        if path is None:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_text(body, encoding="utf-8")
            tmp.replace(path)  # atomic: a crash never leaves half a response behind
        except OSError as exc:
            raise EStatCacheError(
                "キャッシュのフォルダに書き込めません",
                f"cannot write the e-Stat cache: {type(exc).__name__}",
                path=self.root,
                fix=f"環境変数 {CACHE_DIR_ENV} で書き込めるフォルダを指定するか、EStat(cache_dir=...) を使ってください。",
            ) from None
        return path
