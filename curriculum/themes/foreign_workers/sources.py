"""外国人材の表を読み込む: one loader per table, each real (catalogue file) or practice (練習国) under one policy.

Every loader returns the frame of its reader (:mod:`curriculum.data.foreign_residents`, :func:`curriculum.data.read_ssdse`)
with ``attrs["provenance"]`` and echoes its 出典 line. On practice data 練習市 (99201) plays the cohort's city, as
in every practice layer (:func:`curriculum.layers.statistics.place_of`).
"""

from __future__ import annotations

import pandas as pd

from curriculum.config import practice_dir
from curriculum.layers.policy import practice_provenance, real_or_practice, real_path, real_provenance
from curriculum.provenance import attach

__all__ = ["STATUS_DATASET", "NATIONALITY_DATASET", "PREFECTURE_DATASET", "JUKI_DATASET", "MUNICIPAL_DATASET",
           "load_municipal_foreign", "load_residence_status", "load_nationality", "load_prefecture_status",
           "load_foreign_juki"]

STATUS_DATASET = "moj-zairyu-2021-12-status"
NATIONALITY_DATASET = "moj-zairyu-2022-06-nationality"
PREFECTURE_DATASET = "moj-zairyu-2020-12-prefecture"
JUKI_DATASET = "juki-foreign-2023"
MUNICIPAL_DATASET = "ssdse-a-2026"


def _practice_file(key: str):
    from curriculum.practice.foreign_residents import FILES, write_practice_foreign_residents

    folder = practice_dir() / "foreign_residents"
    path = folder / FILES[key]
    if not path.exists():
        write_practice_foreign_residents(folder)
    return path


def _load(dataset_id: str, key: str, title: str, reader, *, data_source: str, echo) -> pd.DataFrame:
    def real():
        return attach(reader(real_path(dataset_id, data_source=data_source)), real_provenance(dataset_id, title))

    def practice(note: str):
        return attach(reader(_practice_file(key)), practice_provenance(f"{title}（練習国）", note=note))

    return real_or_practice(real, practice, title=title, data_source=data_source, echo=echo)


def load_municipal_foreign(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """市区町村の統計（SSDSE-A）: 総人口 A1101, 外国人人口 A1700 (国勢調査 2020) and 事業所・従業者 by 産業大分類."""
    from curriculum.data import read_ssdse

    return _load(MUNICIPAL_DATASET, "municipal", "市区町村の統計（SSDSE-A）", read_ssdse, data_source=data_source, echo=echo)


def load_residence_status(*, data_source: str = "cache", level: str = "municipality", echo=print) -> pd.DataFrame:
    """在留外国人統計 市区町村別 在留資格別（2021年12月末）: one row per municipality (政令市 as one row)."""
    from curriculum.data.foreign_residents import read_zairyu_municipal

    return _load(STATUS_DATASET, "status", "在留外国人統計 市区町村別 在留資格別（2021年12月末）",
                 lambda path: read_zairyu_municipal(path, level=level), data_source=data_source, echo=echo)


def load_nationality(*, data_source: str = "cache", level: str = "municipality", echo=print) -> pd.DataFrame:
    """在留外国人統計 市区町村別 国籍・地域別（2022年6月末）."""
    from curriculum.data.foreign_residents import read_zairyu_municipal

    return _load(NATIONALITY_DATASET, "nationality", "在留外国人統計 市区町村別 国籍・地域別（2022年6月末）",
                 lambda path: read_zairyu_municipal(path, level=level), data_source=data_source, echo=echo)


def load_prefecture_status(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """在留外国人統計 都道府県別 在留資格別（2020年12月末）: 47 prefectures and 全国 (``"00000"``).

    The real table names prefectures in JIS order; 練習国's are coded from its own 市区町村別 table."""
    from curriculum.data.foreign_residents import read_zairyu_municipal, read_zairyu_prefecture

    title = "在留外国人統計 都道府県別 在留資格別（2020年12月末）"

    def real():
        path = real_path(PREFECTURE_DATASET, data_source=data_source)
        return attach(read_zairyu_prefecture(path), real_provenance(PREFECTURE_DATASET, title))

    def practice(note: str):
        prefectures = read_zairyu_municipal(_practice_file("status"), level="prefecture")
        codes = {row["name"]: code for code, row in prefectures.iterrows()}
        frame = read_zairyu_prefecture(_practice_file("prefecture"), codes=codes)
        return attach(frame, practice_provenance(f"{title}（練習国）", note=note))

    return real_or_practice(real, practice, title=title, data_source=data_source, echo=echo)


def load_foreign_juki(*, data_source: str = "cache", level: str = "municipality", echo=print) -> pd.DataFrame:
    """住民基本台帳【外国人住民】人口・世帯数・人口動態（2023年1月1日、動態は 2022年）."""
    from curriculum.data.foreign_residents import read_juki_foreign

    return _load(JUKI_DATASET, "juki", "住民基本台帳 外国人住民（2023年1月1日）",
                 lambda path: read_juki_foreign(path, level=level), data_source=data_source, echo=echo)
