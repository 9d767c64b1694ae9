"""市民の健康促進のデータ: each loader returns real data (catalogue file) or labelled practice data (練習国).

* :func:`load_municipal_health` — SSDSE-A-2026 (every 市区町村: 人口 by broad age, 死亡数 2023, 医師・病院・診療所);
* :func:`load_census_age` — 令和2年国勢調査 表2-7-1 (5-year classes by sex, 全国 and every municipality);
* :func:`load_prefecture_health_series` — SSDSE-B-2025 (every 都道府県 × 年度 2011–2022: 人口, 65歳以上, 死亡数, 医療機関);
* :func:`load_social_life` — SSDSE-D-2023 (令和3年社会生活基本調査: 行動者率 by prefecture and sex);
* :func:`load_checkups` — the city's 特定健診 対象者数・受診者数 (template ``health-checkups``), or 練習市's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from curriculum.config import practice_dir
from curriculum.errors import DataFormatError
from curriculum.layers.policy import practice_provenance, real_or_practice, real_path, real_provenance
from curriculum.provenance import PRACTICE, PRACTICE_ATTRIBUTION, REAL, Provenance, attach
from curriculum.templates import city_rows, read_template_file
from curriculum.templates.health import HEALTH_CHECKUPS

__all__ = ["load_municipal_health", "load_census_age", "load_prefecture_health_series", "load_social_life",
           "load_checkups", "MUNICIPAL_DATASET", "CENSUS_AGE_DATASET", "SERIES_DATASET", "SOCIAL_LIFE_DATASET"]

MUNICIPAL_DATASET = "ssdse-a-2026"
CENSUS_AGE_DATASET = "census-2020-age"
SOCIAL_LIFE_DATASET = "ssdse-d-2023"
SERIES_DATASET = "ssdse-b-2025"


def _practice_file(key: str) -> Path:
    from curriculum.practice.health import FILES, write_health_practice

    folder = practice_dir() / "health"
    path = folder / FILES[key]
    if not path.exists():
        write_health_practice(folder)
    return path


def load_municipal_health(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """市区町村の健康の統計（SSDSE-A）: one row per municipality (index ``city_code``), official item codes as columns.

    The items used: ``A1101`` 総人口, ``A1303`` 65歳以上, ``A1419`` 75歳以上 (2020 国勢調査), ``A4200`` 死亡数 (2023
    人口動態統計), ``I510120`` 一般病院数, ``I5102`` 一般診療所数 (2023 医療施設調査), ``I6100`` 医師数 (2022).
    Practice: 練習国's 26 municipalities with the same items.
    """
    from curriculum.layers.statistics import load_municipal_statistics

    return load_municipal_statistics(data_source=data_source, echo=echo, practice_path=lambda: _practice_file("municipal"),
                                     practice_title="市区町村の健康の統計（SSDSE-A の形式、練習国）")


def load_census_age(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """国勢調査 2020 男女・5歳階級別人口: see :func:`curriculum.data.read_census_age` (``city_code`` ``00000`` = 全国).

    Practice: 練習国 (``00000``) and 練習市 (99201) only.
    """
    from curriculum.data import read_census_age

    def real():
        frame = read_census_age(real_path(CENSUS_AGE_DATASET, data_source=data_source))
        return attach(frame, real_provenance(CENSUS_AGE_DATASET, "国勢調査 2020 年齢（5歳階級）別人口"))

    def practice(note: str):
        frame = read_census_age(_practice_file("census_age"))
        return attach(frame, practice_provenance("国勢調査の形式の年齢別人口（練習国）", note=note))

    return real_or_practice(real, practice, title="国勢調査 2020 年齢別人口", data_source=data_source, echo=echo)


def load_prefecture_health_series(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """都道府県の推移（SSDSE-B）: index (``area_code`` e.g. ``"15000"``, ``year`` int), oldest first.

    Items used: ``A1101`` 総人口, ``A1303`` 65歳以上人口, ``A4200`` 死亡数, ``I510120`` 一般病院数, ``I5102`` 一般診療所数.
    Practice: 練習国's 5 prefectures with the same items.
    """
    from curriculum.layers.statistics import load_prefecture_series

    return load_prefecture_series(data_source=data_source, echo=echo, practice_path=lambda: _practice_file("series"),
                                  practice_title="都道府県の健康の推移（SSDSE-B の形式、練習国）")


def load_social_life(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """社会生活基本調査 2021（SSDSE-D）: index (``sex`` e.g. ``"2_女"``, ``area_code`` e.g. ``"15000"``; ``"00000"`` 全国).

    ``MC00`` スポーツの行動者率, ``MC20`` ウォーキング・軽い体操 (％ of people aged 10+ who did it in the year).
    """
    from curriculum.data import read_ssdse

    def real():
        frame = read_ssdse(real_path(SOCIAL_LIFE_DATASET, data_source=data_source))
        return attach(frame, real_provenance(SOCIAL_LIFE_DATASET, "社会生活基本調査 2021（SSDSE-D）"))

    def practice(note: str):
        frame = read_ssdse(_practice_file("social_life"))
        return attach(frame, practice_provenance("社会生活基本調査の形式（練習国）", note=note))

    return real_or_practice(real, practice, title="社会生活基本調査（SSDSE-D）", data_source=data_source, echo=echo)


def load_checkups(path: str | Path | None = None, *, city_code: str, reference_date: str | None = None,
                  echo=print) -> pd.DataFrame:
    """特定健診の対象者数・受診者数を読み込む: one row per year, sex and age class (template keys as columns).

    Parameters
    ----------
    path : path, optional
        The city's CSV in the template ``health-checkups`` (``curriculum template write health-checkups``).
        None: 練習市's practice table (練習用・架空).
    city_code : str
        The cohort's city; other cities' rows are left out (an error if none is left).
    reference_date : str, optional
        The years of the city's file (e.g. ``"2022/2023"``), for the sources table.

    A row with more 受診者 than 対象者, or a year without all 7 classes × 2 sexes, is an error naming the rows:
    a 受診率 over 100 ％ or a missing class would make the standardised rate silently wrong.
    """
    from curriculum.practice.health import write_practice_checkups
    from curriculum.templates.health import CHECKUP_AGE_CLASSES, SEXES

    if path is None:
        path = write_practice_checkups(practice_dir() / "health")
        provenance = Provenance(PRACTICE, "特定健診の対象者数・受診者数（練習市）", PRACTICE_ATTRIBUTION,
                                note="市の法定報告のデータがないため練習用。分析の設計を学ぶためのデータです。")
        city_code = "99201"
    else:
        provenance = Provenance(REAL, "特定健診の対象者数・受診者数（市の法定報告）",
                                f"出典：{Path(path).name}（市の特定健診 法定報告）", reference_date=reference_date)
    table = read_template_file(path, HEALTH_CHECKUPS)
    rows = city_rows(table, city_code, path=path)
    over = rows[rows["examined"] > rows["eligible"]]
    if len(over):
        listed = "、".join(f"{r.year}年度 {r.sex} {r.age_class}" for r in over.itertuples())
        raise DataFormatError(f"受診者数が対象者数より多い行があります（{listed}）。受診率が 100％ を超えてしまいます。",
                              f"{len(over)} rows with more examined than eligible", path=path,
                              fix="分子（受診者数）と分母（対象者数）が同じ年度・同じ年齢の数え方か確かめてください。")
    counts = rows.groupby("year").size()
    short = counts[counts != len(CHECKUP_AGE_CLASSES) * len(SEXES)]
    if len(short):
        raise DataFormatError(f"{'、'.join(f'{y}年度' for y in short.index)} の行が男女 × 7 階級（40〜74歳）そろっていません。",
                              f"years without all sex × age-class rows: {list(short.index)}", path=path,
                              fix="欠けている性別・年齢階級の行を加えてください（0 人なら 0 と書く）。")
    rows["year"] = rows["year"].astype(int)
    echo(f"[{provenance.label}] {provenance.title}: {rows['year'].min()}〜{rows['year'].max()} 年度、{len(rows)} 行 — "
         f"{provenance.attribution}")
    return attach(rows, provenance)
