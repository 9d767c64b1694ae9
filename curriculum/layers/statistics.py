"""統計表の読み込み: the all-municipality and all-prefecture tables the themes compare a city with.

Three tables, each real (catalogue file) or practice (練習国: :mod:`curriculum.practice.regional`) under the
one policy of :mod:`curriculum.layers.policy`:

* :func:`load_municipal_statistics` — SSDSE-A (every 市区町村: 人口, 事業所・従業者 by 産業大分類, …);
* :func:`load_prefecture_series` — SSDSE-B (every 都道府県 × 12 年度: 延べ宿泊者数, 求人・求職, …);
* :func:`load_accommodation_survey` — 観光庁 宿泊旅行統計調査 (every 都道府県 × 月: 施設数, 延べ宿泊者数, 外国人).

The practice stand-ins describe 練習国 (prefectures 95–99, 練習市 99201 playing 燕市); a notebook takes its
city from ``place_of(frame, city_code)``, so the same cells run on both.
"""

from __future__ import annotations

import pandas as pd

from curriculum.config import practice_dir
from curriculum.layers.policy import PRACTICE_PLACE, practice_provenance, real_or_practice, real_path, real_provenance
from curriculum.provenance import attach, provenance_of

__all__ = ["load_municipal_statistics", "load_prefecture_series", "tidy_prefecture_series", "load_accommodation_survey", "place_of",
           "MUNICIPAL_DATASET", "SERIES_DATASET", "ACCOMMODATION_DATASET"]

MUNICIPAL_DATASET = "ssdse-a-2026"
SERIES_DATASET = "ssdse-b-2025"
ACCOMMODATION_DATASET = "kankocho-shukuhaku-2023"


def _practice_file(key: str):
    from curriculum.practice.regional import FILES, write_regional_practice

    folder = practice_dir() / "regional"
    path = folder / FILES[key]
    if not path.exists():
        write_regional_practice(folder)
    return path


def load_municipal_statistics(*, data_source: str = "cache", echo=print, practice_path=None,
                              practice_title: str = "市区町村の統計（SSDSE-A の形式、練習国）") -> pd.DataFrame:
    """市区町村の統計（SSDSE-A）を読み込む: one row per municipality, official item codes as columns.

    ``practice_path`` (a function returning a path) names another practice file in the SSDSE-A layout, for a theme
    whose practice data needs more items; by default the practice file of this module.

    Returns
    -------
    DataFrame indexed by 5-digit ``city_code`` (see :func:`curriculum.data.read_ssdse`), ``attrs["labels"]``
    and ``attrs["provenance"]``. Practice: 練習国's 26 municipalities with 総人口 and 事業所・従業者 only.
    """
    from curriculum.data import read_ssdse

    def real():
        frame = read_ssdse(real_path(MUNICIPAL_DATASET, data_source=data_source))
        return attach(frame, real_provenance(MUNICIPAL_DATASET, "市区町村の統計（SSDSE-A）"))

    def practice(note: str):
        path = practice_path() if practice_path is not None else _practice_file("municipal")
        return attach(read_ssdse(path), practice_provenance(practice_title, note=note))

    return real_or_practice(real, practice, title="市区町村の統計（SSDSE-A）", data_source=data_source, echo=echo)


def tidy_prefecture_series(frame: pd.DataFrame) -> pd.DataFrame:
    """SSDSE-B as read by ``read_ssdse``, indexed by (``area_code``, ``year`` int), oldest first (attrs kept)."""
    attrs = dict(frame.attrs)
    frame = frame.rename(columns={attrs["dataset"]: "year"})
    frame["year"] = frame["year"].astype(int)
    frame = frame.set_index("year", append=True).sort_index()
    frame.attrs = attrs
    return frame


def load_prefecture_series(*, data_source: str = "cache", echo=print, practice_path=None,
                           practice_title: str = "都道府県の推移（SSDSE-B の形式、練習国）") -> pd.DataFrame:
    """都道府県の推移（SSDSE-B）を読み込む: one row per prefecture and year.

    ``practice_path`` (a function returning a path) names another practice file in the SSDSE-B layout, for a theme
    whose practice data needs more items; by default the practice file of this module.

    Returns
    -------
    DataFrame indexed by (``area_code`` 5 digits e.g. ``"15000"``, ``year`` int), sorted oldest first, with
    ``Prefecture`` and the official item codes; ``attrs["labels"]`` and ``attrs["provenance"]``.
    """
    from curriculum.data import read_ssdse

    def real():
        frame = tidy_prefecture_series(read_ssdse(real_path(SERIES_DATASET, data_source=data_source)))
        return attach(frame, real_provenance(SERIES_DATASET, "都道府県の推移（SSDSE-B）"))

    def practice(note: str):
        path = practice_path() if practice_path is not None else _practice_file("series")
        return attach(tidy_prefecture_series(read_ssdse(path)), practice_provenance(practice_title, note=note))

    return real_or_practice(real, practice, title="都道府県の推移（SSDSE-B）", data_source=data_source, echo=echo)


def load_accommodation_survey(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """宿泊旅行統計調査を読み込む: 施設数・延べ宿泊者数・うち外国人, by prefecture (``"00"`` = 全国) and month.

    Returns
    -------
    DataFrame from :func:`curriculum.data.tourism.read_shukuhaku` with ``attrs["provenance"]``.
    """
    from curriculum.data.tourism import read_shukuhaku

    def real():
        frame = read_shukuhaku(real_path(ACCOMMODATION_DATASET, data_source=data_source))
        return attach(frame, real_provenance(ACCOMMODATION_DATASET, "宿泊旅行統計調査（都道府県 × 月）"))

    def practice(note: str):
        frame = read_shukuhaku(_practice_file("accommodation"))
        return attach(frame, practice_provenance("宿泊旅行統計調査の形式（練習国）", note=note))

    return real_or_practice(real, practice, title="宿泊旅行統計調査", data_source=data_source, echo=echo)


def place_of(municipal: pd.DataFrame, city_code: str) -> dict:
    """The city the analysis is about: ``city_code``, ``city_name``, ``pref_code``, ``pref_name``.

    On practice data any real ``city_code`` is played by 練習市 (99201), as in every practice layer.

    >>> from curriculum.provenance import Provenance, attach
    >>> t = attach(pd.DataFrame({"Prefecture": ["新潟県"], "Municipality": ["燕市"]}, index=["15213"]),
    ...            Provenance("real", "SSDSE-A", "出典：テスト"))
    >>> place_of(t, "15213")
    {'city_code': '15213', 'city_name': '燕市', 'pref_code': '15', 'pref_name': '新潟県'}
    """
    from curriculum.errors import DataNotFoundError

    city_code = str(city_code)
    if provenance_of(municipal).is_practice:
        city_code = PRACTICE_PLACE["city_code"]
    if city_code not in municipal.index:
        raise DataNotFoundError(f"市区町村コード {city_code} が市区町村の統計にありません。",
                                f"city code {city_code} is not in the municipal table",
                                fix="5桁の全国地方公共団体コード（例: 燕市 15213）を CITY_CODE に入れてください。"
                                    "政令市の区は市のコード（例: 新潟市 15100）にします。")
    row = municipal.loc[city_code]
    return {"city_code": city_code, "city_name": str(row["Municipality"]), "pref_code": city_code[:2],
            "pref_name": str(row["Prefecture"])}
