"""e-Stat / RESAS のエラー: one family, Japanese first, English second, never the appId.

Every class subclasses :class:`EStatError`, whose messages have the same form as the
curriculum package's errors (Japanese first: what happened, the value, the likely cause, the
fix; English second). It is its own class, not a ``CurriculumError``, because this package
stands alone (it imports nothing from ``curriculum``); code that uses both catches both.

The e-Stat API answers most errors with HTTP 200 and a code in ``RESULT.STATUS``
(API 仕様 3.0 「4. APIの出力データ」): 0–2 are normal ends, 100 and above are errors.
:func:`error_for_status` maps them to the classes below; the server's own ``ERROR_MSG``
is always quoted verbatim, because it names the offending parameter.

=========  =========================================================  ==========================
STATUS     meaning (server's ERROR_MSG is quoted as-is)                class
=========  =========================================================  ==========================
0          正常に終了しました。                                        (no error)
1          正常に終了しましたが、該当データはありませんでした。        :class:`EStatNoDataError`
2          正常に終了しましたが、一部にエラーがあります。              warning only
100        認証に失敗しました。アプリケーションIDを確認して下さい。    :class:`EStatAuthError`
101–899    パラメータ・取得条件の誤り（例: パラメータ limit が不正です） :class:`EStatParameterError`
900–999    システムエラー                                              :class:`EStatServerError`
=========  =========================================================  ==========================
"""

from __future__ import annotations

import re

from pathlib import Path

__all__ = [
    "EStatError",
    "EStatArgumentError",
    "EStatAPIError",
    "EStatNoDataError",
    "EStatAuthError",
    "EStatParameterError",
    "EStatServerError",
    "EStatAppIdMissingError",
    "EStatOfflineError",
    "EStatTimeoutError",
    "EStatResponseError",
    "EStatCacheError",
    "ResasError",
    "ResasServiceEndedError",
    "ResasAPIError",
    "error_for_status",
    "redact",
]

_APPID_IN_URL = re.compile(r"(appId=)[^&\s'\"]*", re.IGNORECASE)


def redact(text: str, *secrets: str | None) -> str:
    """Remove appIds from a text (URLs in exception messages, log lines).

    >>> redact("GET /json/getStatsList?appId=abc123&limit=1 failed", "abc123")
    'GET /json/getStatsList?appId=***&limit=1 failed'
    >>> redact("key abc123 leaked", "abc123")
    'key *** leaked'
    """
    text = _APPID_IN_URL.sub(r"\1***", str(text))
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


class EStatError(Exception):
    """Base of every error of this package: Japanese message, English message, optional file and fix.

    >>> print(EStatError("統計表IDの形が違います", "bad statsId", fix="T001141 のように指定"))
    統計表IDの形が違います
      対処: T001141 のように指定
    [en] bad statsId
    """

    def __init__(self, ja: str, en: str, *, path: str | Path | None = None, fix: str | None = None):
        self.ja = ja
        self.en = en
        self.path = None if path is None else str(path)
        self.fix = fix
        super().__init__(self._format())

    def _format(self) -> str:
        lines = [self.ja]
        if self.path:
            lines.append(f"  ファイル: {self.path}")
        if self.fix:
            lines.append(f"  対処: {self.fix}")
        lines.append(f"[en] {self.en}")
        return "\n".join(lines)


class EStatArgumentError(EStatError, ValueError):
    """An argument the client checks before any request is malformed (a mesh code, a city code, a year …)."""


class EStatAPIError(EStatError):
    """e-Stat answered with an error ``RESULT.STATUS`` (or an HTTP error status).

    Attributes
    ----------
    status : int or None
        ``RESULT.STATUS``, the HTTP status for HTTP-level errors, or None when the
        client refused the request before sending it (unknown parameter name).
    server_message : str
        The server's ``ERROR_MSG``, verbatim.
    endpoint : str
        ``getStatsData``, ``getMetaInfo``, ...
    """

    hint_ja = "パラメータを確認してください。"
    hint_en = "check the parameters"

    def __init__(
        self,
        status: int | None,
        server_message: str,
        endpoint: str,
        *,
        fix: str | None = None,
        ja: str | None = None,
        en: str | None = None,
    ):
        self.status = None if status is None else int(status)
        self.server_message = server_message
        self.endpoint = endpoint
        if ja is None:
            ja = f"e-Stat API（{endpoint}）がエラーを返しました: STATUS {status}「{server_message}」"
        if en is None:
            en = f"e-Stat API {endpoint} returned STATUS {status}: {server_message} ({self.hint_en})"
        super().__init__(ja, en, fix=fix or self.hint_ja)


class EStatNoDataError(EStatAPIError, LookupError):
    """STATUS 1: the request was valid but no data matched (該当データなし)."""

    hint_ja = (
        "絞り込み条件（cdArea, cdCat01, cdTime など）に該当するデータがありません。"
        "get_meta_info() でコードを確かめ、条件を減らしてください。"
    )
    hint_en = "no data matched; check the codes with get_meta_info() and loosen the filters"


class EStatAuthError(EStatAPIError, PermissionError):
    """STATUS 100: the appId was refused (認証エラー)."""

    hint_ja = (
        "アプリケーションID（appId）が正しくありません。e-Stat のマイページで発行した ID を"
        "環境変数 ESTAT_APP_ID に設定し直してください（ID をノートブックに書かないでください）。"
    )
    hint_en = "the appId was refused; set a valid one in the ESTAT_APP_ID environment variable"


class EStatParameterError(EStatAPIError, ValueError):
    """STATUS 101–899, or a parameter name that e-Stat does not know (パラメータ誤り)."""

    hint_ja = "サーバーのメッセージが指すパラメータの値（書式・桁数・コード）を直してください。"
    hint_en = "fix the value of the parameter the server names"


class EStatServerError(EStatAPIError):
    """STATUS 900–999 or HTTP 5xx after all retries (システムエラー)."""

    hint_ja = "e-Stat 側の障害です。しばらく待ってから再実行してください（メンテナンス情報も確認）。"
    hint_en = "server-side failure; retry later"


class EStatAppIdMissingError(EStatError):
    """No appId and the response is not in the cache."""


class EStatOfflineError(EStatError, ConnectionError):
    """The e-Stat server could not be reached (ConnectionError after retries)."""


class EStatTimeoutError(EStatError, TimeoutError):
    """The server did not answer in time, after all retries."""


class EStatResponseError(EStatError, ValueError):
    """The body is not valid JSON/XML or lacks the expected structure."""


class EStatCacheError(EStatError, OSError):
    """The cache folder ($ESTAT_CACHE_DIR) cannot be written or read."""


class ResasError(EStatError):
    """Base of RESAS errors (same family: one ``except EStatError`` catches everything of this package)."""


class ResasServiceEndedError(ResasError, RuntimeError):
    """Any live RESAS-API call: the service ended on 2025-03-24."""


class ResasAPIError(ResasError, ValueError):
    """An archived RESAS response is an error body (400/403/404/429)."""

    def __init__(self, status: str, ja: str, en: str, *, path=None, fix=None):
        self.status = status
        super().__init__(ja, en, path=path, fix=fix)


def error_for_status(status: int, message: str, endpoint: str) -> EStatAPIError | None:
    """The exception for a ``RESULT.STATUS``, or None for a normal end (0–2).

    >>> error_for_status(0, "正常に終了しました。", "getStatsList") is None
    True
    >>> type(error_for_status(100, "認証に失敗しました。", "getStatsList")).__name__
    'EStatAuthError'
    >>> err = error_for_status(1, "正常に終了しましたが、該当データはありませんでした。", "getStatsData")
    >>> isinstance(err, EStatNoDataError), err.status
    (True, 1)
    """
    status = int(status)
    if status in (0, 2):
        return None
    if status == 1:
        return EStatNoDataError(status, message, endpoint)
    if status == 100:
        return EStatAuthError(status, message, endpoint)
    if 100 < status < 900:
        return EStatParameterError(status, message, endpoint)
    if 900 <= status <= 999:
        return EStatServerError(status, message, endpoint)
    return EStatAPIError(status, message, endpoint)  # a code outside the published ranges
