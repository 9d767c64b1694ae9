"""将来人口推計（コーホート変化率法）: project a population by sex and 5-year age from two tables 5 years apart.

The method the 草加市 data book and many cities use for their own projection:

* **コーホート変化率** (cohort change ratio) for ages 5 and over: the people in class *k* at the end of
  the period divided by the people one class younger at its start — it folds deaths *and* migration
  into one number. The open top class (e.g. 100歳以上) takes the two oldest classes of the start.
* **婦人子ども比** (child-woman ratio) for 0–4: children 0–4 per woman aged 15–49 at the end of the period,
  by sex of the child; the projected 0–4 is this ratio times the projected women 15–49.

The ratios are held constant and applied step after step. From the 住基 tables of 2018-01-01 and
2023-01-01 the steps land on 2028, 2033 … 2048 and 2053 (each 1月1日). **2050 is reached by linear
interpolation between the 2048-01-01 and 2053-01-01 steps**, by days; :data:`IPSS_DATE_2050` (2050-10-01,
the 社人研 and census reference date) lies 0.55 of the way. Ratios are not re-scaled to a partial
step because a 2¾-year cohort shift does not line up with 5-year classes.

Everything here is pure pandas / numpy; the readers live in :mod:`curriculum.data`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from curriculum.errors import DataFormatError

__all__ = ["CohortRatios", "compute_cohort_ratios", "project_cohorts", "interpolate_at", "city_population",
           "project_city", "backtest_city", "backtest_prefecture", "MOTHER_AGES", "IPSS_DATE_2050", "STEP_YEARS"]

STEP_YEARS = 5
#: Ages of the women in the child-woman ratio (15–49, the usual 再生産年齢).
MOTHER_AGES = (15, 49)
#: 社人研 and the census count on 10月1日; compare with them at this date.
IPSS_DATE_2050 = "2050-10-01"
SEXES = ("male", "female")


def _starts(classes: list[str]) -> list[int]:
    return [int(re.match(r"\d+", c).group()) for c in classes]


@dataclass(frozen=True)
class CohortRatios:
    """コーホート変化率 and 婦人子ども比 from one period.

    ``ratios``: index ``male``/``female``, one column per class from the second one up (the class at the
    end of the period). ``child_woman``: 0–4 of each sex per woman 15–49. ``start``/``end``: ISO dates.
    """

    ratios: pd.DataFrame
    child_woman: pd.Series
    classes: tuple[str, ...]
    start: str
    end: str

    @property
    def years(self) -> float:
        """Length of the period in years (by days / 365.25)."""
        return (date.fromisoformat(self.end) - date.fromisoformat(self.start)).days / 365.25


def _check_population(population: pd.DataFrame, what: str) -> list[str]:
    classes = list(population.columns)
    if set(population.index) != set(SEXES):
        raise DataFormatError(f"{what} は行が male / female の表にしてください（{list(population.index)}）。",
                              f"{what}: index must be male/female")
    starts = _starts(classes)
    if starts[0] != 0 or any(b - a != STEP_YEARS for a, b in zip(starts, starts[1:])) or not classes[-1].endswith("+"):
        raise DataFormatError(f"{what} の列は 0 歳から 5 歳刻みで、最後が「○+」の年齢階級にしてください（{classes}）。",
                              f"{what}: columns must be 5-year classes from 0 with an open top class")
    if (population.to_numpy() < 0).any() or population.isna().any().any():
        raise DataFormatError(f"{what} に負の値か欠損があります。", f"{what} has negative or missing values")
    return classes


def compute_cohort_ratios(start: pd.DataFrame, end: pd.DataFrame, *, start_date: str, end_date: str) -> CohortRatios:
    """コーホート変化率と婦人子ども比を求める from two tables (index male/female, columns 0-4 … top+).

    Examples
    --------
    >>> cols = ["0-4", "5-9", "10-14", "15-19", "20+"]
    >>> a = pd.DataFrame([[10, 10, 10, 10, 40]] * 2, index=["male", "female"], columns=cols)
    >>> b = pd.DataFrame([[6, 9, 10, 12, 45]] * 2, index=["male", "female"], columns=cols)
    >>> r = compute_cohort_ratios(a, b, start_date="2018-01-01", end_date="2023-01-01")
    >>> r.ratios.loc["male"].tolist(), float(r.child_woman["male"])  # 0-4 per woman 15-49 (here 15-19 only)
    ([0.9, 1.0, 1.2, 0.9], 0.5)
    """
    classes = _check_population(start, "start")
    if _check_population(end, "end") != classes:
        raise DataFormatError("2 つの表の年齢階級が違います。上の階級をそろえてください（collapse_top）。",
                              "the two tables have different age classes")
    a, b = start.loc[list(SEXES), classes].to_numpy(float), end.loc[list(SEXES), classes].to_numpy(float)
    younger = a[:, :-1].copy()
    younger[:, -1] += a[:, -1]  # the open top class takes the two oldest classes of the start
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(younger > 0, b[:, 1:] / younger, 0.0)
    women = _women(end.loc["female", classes], classes)
    if women <= 0:
        raise DataFormatError("15〜49 歳の女性が 0 人のため婦人子ども比が計算できません。",
                              "no women aged 15-49: child-woman ratio undefined")
    child_woman = pd.Series(b[:, 0] / women, index=list(SEXES))
    return CohortRatios(pd.DataFrame(ratios, index=list(SEXES), columns=classes[1:]), child_woman,
                        tuple(classes), start_date, end_date)


def _women(female: pd.Series, classes: list[str]) -> float:
    low, high = MOTHER_AGES
    return float(sum(female[c] for c, s in zip(classes, _starts(classes))
                     if low <= s and s + STEP_YEARS - 1 <= high and not c.endswith("+")))


def project_cohorts(population: pd.DataFrame, ratios: CohortRatios, *, start_date: str, steps: int) -> pd.DataFrame:
    """Apply the ratios ``steps`` times (5 years each) from ``population`` dated ``start_date``.

    Returns a long frame: ``date`` (ISO, 5 calendar years apart), ``sex``, one column per class, ``total``;
    the first rows are the base population. Values are not rounded.

    Examples
    --------
    >>> cols = ["0-4", "5-9", "10-14", "15-19", "20+"]
    >>> a = pd.DataFrame([[10, 10, 10, 10, 40]] * 2, index=["male", "female"], columns=cols)
    >>> b = pd.DataFrame([[6, 9, 10, 12, 45]] * 2, index=["male", "female"], columns=cols)
    >>> r = compute_cohort_ratios(a, b, start_date="2018-01-01", end_date="2023-01-01")
    >>> p = project_cohorts(b, r, start_date="2023-01-01", steps=1)
    >>> [round(float(v), 2) for v in p[p["sex"] == "male"].iloc[1][cols]]
    [6.0, 5.4, 9.0, 12.0, 51.3]
    """
    classes = _check_population(population, "population")
    if tuple(classes) != ratios.classes:
        raise DataFormatError("推計のもとの表と変化率の年齢階級が違います。", "age classes differ from the ratios")
    current = population.loc[list(SEXES), classes].to_numpy(float)
    base = date.fromisoformat(start_date)
    frames = [_frame(current, classes, base.isoformat())]
    rates = ratios.ratios.loc[list(SEXES)].to_numpy(float)
    for step in range(1, steps + 1):
        following = np.empty_like(current)
        following[:, 1:] = current[:, :-1] * rates
        following[:, -1] += current[:, -1] * rates[:, -1]
        women = _women(pd.Series(following[1], index=classes), classes)
        following[:, 0] = ratios.child_woman.loc[list(SEXES)].to_numpy() * women
        current = following
        frames.append(_frame(current, classes, base.replace(year=base.year + STEP_YEARS * step).isoformat()))
    return pd.concat(frames, ignore_index=True)


def _frame(values: np.ndarray, classes: list[str], when: str) -> pd.DataFrame:
    frame = pd.DataFrame(values, columns=classes)
    frame.insert(0, "sex", list(SEXES))
    frame.insert(0, "date", when)
    frame["total"] = frame[classes].sum(axis=1)
    return frame


def interpolate_at(projection: pd.DataFrame, when: str) -> pd.DataFrame:
    """The projection at ``when`` by linear interpolation (by days) between the two steps around it.

    Examples
    --------
    >>> p = pd.DataFrame({"date": ["2048-01-01", "2053-01-01"], "sex": ["male", "male"], "total": [100.0, 80.0]})
    >>> round(float(interpolate_at(p, "2050-10-01")["total"].iloc[0]), 2)  # 1,004 of 1,827 days
    89.01
    """
    dates = sorted(projection["date"].unique())
    target = date.fromisoformat(when)
    before = [d for d in dates if date.fromisoformat(d) <= target]
    after = [d for d in dates if date.fromisoformat(d) >= target]
    if not before or not after:
        raise DataFormatError(f"{when} は推計の範囲（{dates[0]}〜{dates[-1]}）の外です。ステップ数を増やしてください。",
                              f"{when} is outside the projection {dates[0]}..{dates[-1]}", fix="steps= を増やす")
    lo, hi = before[-1], after[0]
    numbers = [c for c in projection.columns if c not in ("date", "sex")]
    low = projection[projection["date"] == lo].set_index("sex")[numbers]
    if lo == hi:
        weight = 0.0
        high = low
    else:
        high = projection[projection["date"] == hi].set_index("sex")[numbers]
        span = (date.fromisoformat(hi) - date.fromisoformat(lo)).days
        weight = (target - date.fromisoformat(lo)).days / span
    out = low * (1 - weight) + high * weight
    out = out.reset_index()
    out.insert(0, "date", when)
    return out


def city_population(table: pd.DataFrame, city_code: str) -> pd.DataFrame:
    """One municipality of a :func:`~curriculum.data.juki_age.read_juki_age` table as male/female × classes.

    Uses the published age classes (Σ classes; where foreign residents' ages are not published this is
    less than 総数 — see ``age_complete``).
    """
    classes = table.attrs["age_classes"]
    rows = table[(table["city_code"] == city_code) & table["sex"].isin(SEXES)]
    if len(rows) != 2:
        raise DataFormatError(f"団体コード {city_code} の男・女の行が表にありません。",
                              f"city {city_code} not in the table", fix="5 桁の全国地方公共団体コード（例 15213）を指定してください。")
    return rows.set_index("sex").loc[list(SEXES), classes].astype(float)


def project_city(start_table: pd.DataFrame, end_table: pd.DataFrame, city_code: str, *,
                 until: str = IPSS_DATE_2050) -> dict:
    """市区町村の将来人口推計: ratios from two 住基 tables, projected from the later one past ``until``.

    Returns a dict: ``ratios`` (:class:`CohortRatios`), ``steps`` (the 5-year projection frame),
    ``at`` (the interpolated frame at ``until``), ``total`` (rounded total at ``until``).
    """
    start, end = city_population(start_table, city_code), city_population(end_table, city_code)
    ratios = compute_cohort_ratios(start, end, start_date=start_table.attrs["as_of"], end_date=end_table.attrs["as_of"])
    base = date.fromisoformat(end_table.attrs["as_of"])
    target = date.fromisoformat(until)
    steps = 1
    while base.replace(year=base.year + STEP_YEARS * steps) < target:
        steps += 1
    projection = project_cohorts(end, ratios, start_date=base.isoformat(), steps=steps)
    at = interpolate_at(projection, until)
    return {"ratios": ratios, "steps": projection, "at": at, "total": round(float(at["total"].sum()))}


def _older(classes, age: int) -> list[str]:
    return [c for c, s in zip(classes, _starts(list(classes))) if s >= age]


def backtest_city(t_start: pd.DataFrame, t_mid: pd.DataFrame, t_end: pd.DataFrame, city_code: str, *,
                  top: int = 80, stretch: bool = False) -> dict:
    """後ろ向き検証 (back-test): ratios of ``t_start → t_mid`` projected one step from ``t_mid``, compared with ``t_end``.

    All three tables are collapsed to an open class ``top``+ (the 2013 file stops at 80歳以上). The period
    2013-03-31 → 2018-01-01 is 4¾ years, not 5: used as a 5-year step it misses ¼ year of change and its
    classes are shifted by ¼ year against the 5-year step. ``stretch=True`` raises each cohort ratio to the
    power 5 / (period in years) as a first-order correction (the child-woman ratio is a stock ratio and is kept).

    Returns ``projected`` and ``actual`` (total and 65+), their relative errors ``error_total`` and
    ``error_65`` ((projected − actual) / actual), and ``years`` (length of the ratio period).
    """
    tables = [_collapse(t, top) for t in (t_start, t_mid, t_end)]
    start, mid, end = (city_population(t, city_code) for t in tables)
    ratios = compute_cohort_ratios(start, mid, start_date=t_start.attrs["as_of"], end_date=t_mid.attrs["as_of"])
    if stretch:
        ratios = CohortRatios(ratios.ratios ** (STEP_YEARS / ratios.years), ratios.child_woman, ratios.classes,
                              ratios.start, ratios.end)
    step = project_cohorts(mid, ratios, start_date=t_mid.attrs["as_of"], steps=1)
    projected = step[step["date"] == step["date"].iloc[-1]].set_index("sex")
    classes = list(ratios.classes)
    old = _older(classes, 65)
    result = {"city_code": city_code, "years": ratios.years,
              "projected_total": float(projected["total"].sum()), "actual_total": float(end.to_numpy().sum()),
              "projected_65": float(projected[old].to_numpy().sum()), "actual_65": float(end[old].to_numpy().sum())}
    result["error_total"] = result["projected_total"] / result["actual_total"] - 1
    result["error_65"] = result["projected_65"] / result["actual_65"] - 1
    return result


def _collapse(table: pd.DataFrame, top: int) -> pd.DataFrame:
    classes = table.attrs["age_classes"]
    merged = _older(classes, top)
    if merged == [f"{top}+"]:
        return table
    out = table.drop(columns=merged[1:]).rename(columns={merged[0]: f"{top}+"})
    out[f"{top}+"] = table[merged].sum(axis=1)
    out.attrs = {**table.attrs, "age_classes": [c for c in classes if c not in merged] + [f"{top}+"]}
    return out


def backtest_prefecture(t_start: pd.DataFrame, t_mid: pd.DataFrame, t_end: pd.DataFrame, pref_code: str, *,
                        top: int = 80, stretch: bool = False) -> pd.DataFrame:
    """:func:`backtest_city` for every municipality of a prefecture (2-digit code): one row per city."""
    codes = sorted(set(t_end.loc[t_end["city_code"].str[:2] == pref_code, "city_code"])
                   & set(t_start["city_code"]) & set(t_mid["city_code"]))
    if not codes:
        raise DataFormatError(f"都道府県コード {pref_code} の市町村が表にありません。", f"no municipality in {pref_code}",
                              fix="2 桁の都道府県コード（例 15）を指定してください。")
    names = t_end.drop_duplicates("city_code").set_index("city_code")["city_name"]
    rows = [{"city_name": names[c], **backtest_city(t_start, t_mid, t_end, c, top=top, stretch=stretch)} for c in codes]
    return pd.DataFrame(rows).set_index("city_code")
