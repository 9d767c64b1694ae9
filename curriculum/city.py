"""この研修の対象の市: the one place every basic and follow-up notebook reads the running-example city from.

The city is, in order:

1. ``$CURRICULUM_CITY_CODE`` (an instructor's preview, CI, the hub's per-trainee setting);
2. the cohort setting ``city_code`` in ``course.json`` (``cohort create --city CODE``), found from the current
   folder upwards (autograde and the instructor's copy run inside the course folder);
3. 燕市 (15213), the course's original city.

A code is a 5-digit 全国地方公共団体コード; the 6-digit form with its check digit is accepted and checked.
It must name a municipality of SSDSE-A-2026 (政令市 as the whole city, e.g. 新潟市 15100): an invalid, merged
or unknown code is an :class:`~curriculum.errors.InputError` naming the code.

>>> normalise_city_code("152137")
'15213'
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

from curriculum.config import CITY_CODE_ENV
from curriculum.errors import DataNotFoundError, InputError

__all__ = ["DEFAULT_CITY_CODE", "COURSE_META", "City", "city_code", "running_city", "normalise_city_code",
           "check_digit", "lookup_city"]

DEFAULT_CITY_CODE = "15213"
COURSE_META = "course.json"  # the cohort facts file (curriculum.course.config.META_NAME)
# The default city is known without any file, so a machine with no data still names it.
_DEFAULT_NAMES = {"15213": ("燕市", "15", "新潟県")}


@dataclass(frozen=True)
class City:
    """A municipality: code (5 digits), name, prefecture code and name."""

    code: str
    name: str
    pref_code: str
    pref_name: str

    @property
    def place(self) -> dict:
        """The ``Source.place`` dict of :mod:`curriculum.layers.policy`."""
        return {"city_code": self.code, "city_name": self.name, "pref_code": self.pref_code,
                "pref_name": self.pref_name}


def check_digit(code5: str) -> str:
    """検査数字 of a 5-digit 全国地方公共団体コード (総務省: weights 6,5,4,3,2; 11 − remainder, last digit)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)  # the last digit of 11 − remainder


def normalise_city_code(value) -> str:
    """A 5-digit code from 5 digits, or 6 digits with a correct check digit; else an :class:`InputError`."""
    text = str(value).strip()
    if text.isdigit() and len(text) == 4:  # a code read as a number lost its leading zero (01100 → 1100)
        text = "0" + text
    if text.isdigit() and len(text) == 6:
        if check_digit(text[:5]) != text[5]:
            raise InputError(
                f"市区町村コード {text} の検査数字（6桁目）が合いません。",
                f"city code {text}: wrong check digit (expected {check_digit(text[:5])})",
                fix="5桁のコード（例: 15213）か、検査数字つきの正しい6桁のコードを指定してください。",
            )
        text = text[:5]
    if not (text.isdigit() and len(text) == 5) or text[:2] in ("00",) or int(text[:2]) > 47:
        raise InputError(
            f"市区町村コード {value!r} は全国地方公共団体コード（5桁の数字）ではありません。",
            f"{value!r} is not a 5-digit municipality code",
            fix="例: 燕市 = 15213、新潟市 = 15100。総務省「全国地方公共団体コード」で調べてください。",
        )
    return text


def _course_meta_city(start: Path) -> str | None:
    for folder in (start, *start.parents):
        meta = folder / COURSE_META
        if meta.is_file():
            try:
                value = json.loads(meta.read_text(encoding="utf-8")).get("city_code")
            except (OSError, ValueError):
                return None
            return str(value) if value else None
    return None


def city_code(*, start: Path | None = None) -> str:
    """The running-example city's 5-digit code: $CURRICULUM_CITY_CODE, else the cohort's, else 15213."""
    configured = os.environ.get(CITY_CODE_ENV, "").strip()
    if configured:
        return normalise_city_code(configured)
    from_cohort = _course_meta_city(Path(start or Path.cwd()).resolve())
    if from_cohort:
        return normalise_city_code(from_cohort)
    return DEFAULT_CITY_CODE


@functools.lru_cache(maxsize=1)
def _ssdse_names() -> dict[str, tuple[str, str, str]]:
    from curriculum.data.fetching import fetch, path
    from curriculum.data.ssdse import read_ssdse

    path("ssdse-a-2026")  # DataNotFoundError when it is not in the cache: the network is never touched here
    frame = read_ssdse(fetch("ssdse-a-2026", quiet=True, progress=False))
    return {code: (row.Municipality, code[:2], row.Prefecture) for code, row in frame.iterrows()}


def lookup_city(code) -> City:
    """The municipality of a code, named from SSDSE-A-2026 (the course's list of municipalities)."""
    code = normalise_city_code(code)
    try:
        names = _ssdse_names()
    except DataNotFoundError:
        if code in _DEFAULT_NAMES:
            return City(code, *_DEFAULT_NAMES[code])
        # No list to check against offline: the code is well-formed, and real files will say if it is unknown.
        return City(code, f"市区町村 {code}", code[:2], f"都道府県 {code[:2]}")
    if code not in names:
        raise InputError(
            f"市区町村コード {code} は SSDSE-A-2026 の市区町村にありません（合併で廃止されたコード、"
            "政令市の区のコード、または存在しないコードです）。",
            f"city code {code} is not a municipality of SSDSE-A-2026 (merged, a ward, or unknown)",
            fix="現在の市区町村のコードを指定してください。政令市は市全体のコード（例: 新潟市 = 15100）です。",
        )
    return City(code, *names[code])


def running_city(code=None) -> City:
    """この研修の対象の市: the given code, else :func:`city_code`, looked up with :func:`lookup_city`."""
    return lookup_city(code if code is not None else city_code())
