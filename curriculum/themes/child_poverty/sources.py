"""こどもの貧困の表を読み込む: one loader per table, real or practice under the one policy.

* :func:`load_municipal_children` — SSDSE-A (every 市区町村: 15歳未満人口, 世帯数, 民生費・教育費, 児童・生徒数, 保育所等数);
* :func:`load_prefecture_welfare` — 社会・人口統計体系 都道府県データ (母子世帯数, 生活保護) as one long table;
* :func:`load_prefecture_education` — SSDSE-B (都道府県 × 年度: 中学・高校の卒業者と進学者, 保育所等の定員・待機児童);
* :func:`load_school_aid` — the city's 就学援助 table in its template, or 練習市's practice table (練習用・架空).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from curriculum.config import practice_dir
from curriculum.layers.policy import practice_provenance, real_or_practice, real_path, real_provenance
from curriculum.provenance import PRACTICE, PRACTICE_ATTRIBUTION, REAL, Provenance, attach
from curriculum.templates import TemplateError, city_rows, read_template_file
from curriculum.templates.child_poverty import SCHOOL_AID

__all__ = ["MUNICIPAL_DATASET", "WELFARE_DATASET", "HIHOGO_DATASET", "load_municipal_children",
           "load_prefecture_welfare", "load_prefecture_education", "load_school_aid"]

MUNICIPAL_DATASET = "ssdse-a-2026"
WELFARE_DATASET = "estat-ssds-pref-welfare"
HIHOGO_DATASET = "estat-ssds-pref-hihogo"
_PRACTICE_NOTE = "市の教育委員会のデータがないため練習用。分析の設計を学ぶためのデータです。"


def _practice_file(key: str) -> Path:
    from curriculum.practice.child_poverty import FILES, write_practice_child_poverty

    folder = practice_dir() / "child_poverty"
    path = folder / FILES[key]
    if not path.exists():
        write_practice_child_poverty(folder)
    return path


def load_municipal_children(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """市区町村の統計（SSDSE-A）: one row per municipality, official item codes as columns."""
    from curriculum.layers.statistics import load_municipal_statistics

    return load_municipal_statistics(data_source=data_source, echo=echo, practice_path=lambda: _practice_file("municipal"),
                                     practice_title="市区町村の統計（SSDSE-A）（練習国）")


def load_prefecture_welfare(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """都道府県の母子世帯数・生活保護（社会・人口統計体系）: the long table of
    :func:`curriculum.data.ssds_prefecture.read_ssds_prefecture`, both real workbooks together."""
    from curriculum.data.ssds_prefecture import read_ssds_prefecture

    title = "都道府県の母子世帯数・生活保護（社会・人口統計体系）"

    def real():
        frames = [read_ssds_prefecture(real_path(d, data_source=data_source)) for d in (WELFARE_DATASET, HIHOGO_DATASET)]
        table = pd.concat(frames, ignore_index=True)
        table.attrs = dict(frames[0].attrs)
        return attach(table, real_provenance(WELFARE_DATASET, title))

    def practice(note: str):
        return attach(read_ssds_prefecture(_practice_file("welfare")), practice_provenance(f"{title}（練習国）", note=note))

    return real_or_practice(real, practice, title=title, data_source=data_source, echo=echo)


def load_prefecture_education(*, data_source: str = "cache", echo=print) -> pd.DataFrame:
    """都道府県の進学と保育（SSDSE-B）: indexed by (``area_code``, ``year``); 中学・高校の卒業者と進学者, 保育所等の
    定員・在所児・待機児童. Practice: 練習国's 5 prefectures in the same layout."""
    from curriculum.layers.statistics import load_prefecture_series

    return load_prefecture_series(data_source=data_source, echo=echo, practice_path=lambda: _practice_file("series"),
                                  practice_title="都道府県の推移（SSDSE-B）（練習国）")


def load_school_aid(path: str | Path | None = None, *, city_code: str, echo=print) -> pd.DataFrame:
    """就学援助の認定者数を読み込む: one row per 年度 × 地区 × 学校種 (template keys), ``attrs["provenance"]``.

    ``path`` None: 練習市's practice table (練習用・架空). A file is validated against the template
    (``curriculum template show school-aid-district``) and, beyond it, 要保護 + 準要保護 must not exceed
    児童生徒数 on any row; every problem is listed and nothing is loaded.
    """
    if path is None:
        path, city_code = _practice_file("school_aid"), "99201"
        provenance = Provenance(PRACTICE, "就学援助の認定者数（練習市）", PRACTICE_ATTRIBUTION, note=_PRACTICE_NOTE)
    else:
        provenance = Provenance(REAL, "就学援助の認定者数（市の教育委員会）", f"出典：{Path(path).name}（市の就学援助の集計）")
    table = read_template_file(path, SCHOOL_AID)
    over = table.index[(table["aid_protected"] + table["aid_quasi"]) > table["pupils"]]
    if len(over):
        problems = [(int(i) + 2, "準要保護", "要保護 + 準要保護 が児童生徒数より多くなっています（分母の取り違え？）") for i in over]
        listed = "\n".join(f"  {line} 行目「{col}」: {msg}" for line, col, msg in problems)
        raise TemplateError(f"様式「{SCHOOL_AID.title}」に合わないところが {len(problems)} 件あります（1 件も読み込んでいません）:\n{listed}",
                            f"{len(problems)} row(s) with more recipients than pupils; nothing was loaded", path=path,
                            fix="児童生徒数が同じ年度・地区・学校種の在籍者数か確かめてください。", problems=problems)
    rows = city_rows(table, city_code, path=path)
    years = "・".join(str(y) for y in sorted(rows["year"].unique()))
    echo(f"[{provenance.label}] {provenance.title}: {rows['district'].nunique()} 地区 × {years} 年度 — {provenance.attribution}")
    return attach(rows, provenance)
