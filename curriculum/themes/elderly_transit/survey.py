"""アンケート集計（高齢者の移動）: tallies with their base, cross tabulations, sampling error and weighting.

The survey is city-held: :func:`load_mobility_survey` reads the city's export in the template
``elderly-mobility-survey`` (validated, nothing half-loaded), or writes and reads the practice file
(:mod:`curriculum.practice.elderly_mobility_survey`, 練習用・架空) whose tallies hold the published findings.

Every percentage here says its base (基数): the respondents who answered that question, within the group asked.
無回答 is counted and shown, never silently dropped or silently kept in the denominator.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.errors import DataFormatError, InputError
from curriculum.provenance import REAL, Provenance, attach
from curriculum.templates.elderly_mobility_survey import AGE_BAND_CLASSES, ELDERLY_MOBILITY_SURVEY

__all__ = ["NO_ANSWER", "load_mobility_survey", "simple_tally", "share_by", "proportion_margin",
           "post_stratification_weights", "age_band_population"]

NO_ANSWER = "無回答"
TITLE = "高齢者の移動に関するアンケート（個票）"


def load_mobility_survey(path: str | Path | None = None, *, data_source: str = "cache", practice_dir: str | Path | None = None,
                         seed: int = 0, echo=print) -> pd.DataFrame:
    """アンケートの個票を読み込む: the city's export (real) or the practice file (練習用・架空), both validated.

    Returns the template's keys as columns (``age_band``, ``licence``, ``public_transport`` …; 無回答 = None)
    with ``attrs["provenance"]``.
    """
    from curriculum.config import practice_dir as default_practice_dir
    from curriculum.layers.policy import practice_provenance
    from curriculum.practice.elderly_mobility_survey import write_practice_mobility_survey
    from curriculum.templates import read_template_file
    from curriculum.themes.elderly_transit.case import city_held_layer

    def read():
        return attach(read_template_file(path, ELDERLY_MOBILITY_SURVEY),
                      Provenance(REAL, TITLE, f"出典：{Path(path).name}（市の保有するデータ）"))

    def practice(note: str):
        folder = Path(practice_dir) if practice_dir else default_practice_dir() / "elderly_transit"
        written = write_practice_mobility_survey(folder / "practice_mobility_survey.csv", seed=seed)
        return attach(read_template_file(written, ELDERLY_MOBILITY_SURVEY), practice_provenance(
            f"{TITLE}（公表された集計結果 2割・5割・病院 に合わせた架空の回答）", note=note))

    return city_held_layer(read, practice, given=path is not None, title=TITLE, data_source=data_source, echo=echo)


def simple_tally(survey: pd.DataFrame, column: str, *, order: tuple[str, ...] | None = None) -> pd.DataFrame:
    """単純集計: count and share of each answer, 無回答 shown, with two bases.

    ``割合（回答者ベース）`` divides by those who answered (無回答 excluded); ``割合（全体ベース）`` by everyone
    in ``survey`` (無回答 included). ``attrs["base"]`` = {"回答者": n answered, "全体": n}.

    >>> df = pd.DataFrame({"q": ["a", "a", "b", None]})
    >>> simple_tally(df, "q")["割合（回答者ベース）"].round(3).tolist()
    [0.667, 0.333, nan]
    """
    answers = survey[column].where(survey[column].notna(), NO_ANSWER)
    counts = answers.value_counts()
    labels = [*(order or [a for a in counts.index if a != NO_ANSWER]), NO_ANSWER]
    counts = counts.reindex(labels, fill_value=0)
    answered = int(counts.drop(NO_ANSWER).sum())
    out = pd.DataFrame({"人数": counts.astype(int)})
    out["割合（回答者ベース）"] = (out["人数"] / answered).where(out.index != NO_ANSWER) if answered else np.nan
    out["割合（全体ベース）"] = out["人数"] / len(survey) if len(survey) else np.nan
    out.index.name = column
    out.attrs["base"] = {"回答者": answered, "全体": int(len(survey))}
    return out


def share_by(survey: pd.DataFrame, column: str, values: tuple[str, ...] | str, *, by: str | None = None,
             weights: str | None = None) -> pd.DataFrame:
    """クロス集計: the share answering one of ``values`` to ``column``, by group, with its base (回答者数).

    無回答 to ``column`` is out of the base; 無回答 to ``by`` forms its own row. With ``weights`` (a column of
    weights) the share is weighted and ``基数`` stays the unweighted number of respondents.

    >>> df = pd.DataFrame({"use": ["yes", "no", "no", None], "age": ["65", "65", "70", "70"]})
    >>> share_by(df, "use", "yes", by="age")[["基数", "割合"]].values.tolist()
    [[2.0, 0.5], [1.0, 0.0]]
    """
    values = (values,) if isinstance(values, str) else tuple(values)
    answered = survey[survey[column].notna()]
    hit = answered[column].isin(values).astype(float)
    w = answered[weights].astype(float) if weights else pd.Series(1.0, index=answered.index)
    groups = answered[by].where(answered[by].notna(), NO_ANSWER) if by else pd.Series("全体", index=answered.index)
    frame = pd.DataFrame({"g": groups, "hit": hit * w, "w": w, "n": 1.0})
    table = frame.groupby("g", sort=True).sum()
    out = pd.DataFrame({"基数": table["n"], "割合": table["hit"] / table["w"]})
    out.index.name = by or "全体"
    return out


def proportion_margin(p: float, n: int, *, z: float = 1.96, population: int | None = None) -> float:
    """標本誤差: half-width of the confidence interval of a proportion, ``z·√(p(1−p)/n)`` (95 % with z = 1.96).

    With ``population`` (the number of people the sample was drawn from) the finite-population correction
    ``√((N−n)/(N−1))`` is applied.

    >>> round(proportion_margin(0.2, 400), 4)
    0.0392
    """
    if n <= 0:
        raise InputError("標本の大きさ n が 0 以下です。", f"sample size must be positive, not {n}",
                         fix="その割合の分母（基数）を n にしてください。")
    if not 0 <= p <= 1:
        raise InputError(f"割合 p={p} が 0〜1 の範囲外です。", f"p must be within 0-1, not {p}",
                         fix="% ではなく 0〜1 の小数にしてください。")
    margin = z * math.sqrt(p * (1 - p) / n)
    if population is not None:
        if population < n:
            raise InputError("母集団の大きさが標本より小さくなっています。", "population smaller than the sample")
        margin *= math.sqrt((population - n) / (population - 1)) if population > 1 else 0.0
    return margin


def age_band_population(census_age: pd.DataFrame, city_code: str) -> pd.Series:
    """The city's 65+ population by the survey's age bands, from the 2020 census (``read_census_age``)."""
    rows = census_age[(census_age["city_code"] == str(city_code)) & (census_age["sex"] == "total")]
    if len(rows) != 1:
        raise DataFormatError(f"国勢調査の年齢別人口に市区町村 {city_code} の行がありません。", f"no census row for {city_code}")
    row = rows.iloc[0]
    return pd.Series({band: int(sum(int(row[c]) for c in classes)) for band, classes in AGE_BAND_CLASSES.items()},
                     name="population")


def post_stratification_weights(survey: pd.DataFrame, column: str, population: pd.Series) -> pd.Series:
    """事後層化のウェイト: weight = (population share of the respondent's group) ÷ (sample share of it).

    Weighted, the sample has the population's mix of ``column`` (e.g. age bands); the mean weight is 1.
    A group with respondents but no population, or population but no respondents, is an error (the weight
    would be infinite or the group silently lost).

    >>> df = pd.DataFrame({"age": ["65", "65", "65", "80"]})
    >>> post_stratification_weights(df, "age", pd.Series({"65": 50, "80": 50})).tolist()
    [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 2.0]
    """
    sample = survey[column].value_counts(normalize=True)
    target = population / population.sum()
    missing = sorted(set(sample.index) ^ set(target[target > 0].index))
    if missing:
        raise DataFormatError(f"ウェイトを作れない区分があります: {missing}（標本か母集団の片方にしかない）。",
                              f"groups in only one of sample and population: {missing}",
                              fix="区分の名前をそろえるか、回答者のいない区分を隣の区分とまとめてください。")
    return survey[column].map(target / sample).astype(float).rename("weight")
