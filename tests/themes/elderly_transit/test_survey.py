"""アンケート集計: the survey template and validator, the practice respondents (published marginals hold), tallies
with their bases, sampling error and post-stratification weights against the 2020 census."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from curriculum.errors import DataFormatError, InputError
from curriculum.practice.elderly_mobility_survey import (
    PUBLISHED_MARGINALS, make_practice_mobility_survey, write_practice_mobility_survey,
)
from curriculum.provenance import provenance_of
from curriculum.templates import TemplateError, get_template, read_template_file
from curriculum.templates.elderly_mobility_survey import ELDERLY_MOBILITY_SURVEY, INCONVENIENT, NON_DRIVER
from curriculum.themes.elderly_transit.survey import (
    age_band_population, load_mobility_survey, post_stratification_weights, proportion_margin, share_by, simple_tally,
)


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    path = write_practice_mobility_survey(tmp_path_factory.mktemp("survey") / "s.csv")
    return read_template_file(path, ELDERLY_MOBILITY_SURVEY)


def test_template_is_registered_and_blank_form_round_trips(tmp_path):
    assert get_template("elderly-mobility-survey") is ELDERLY_MOBILITY_SURVEY
    blank = ELDERLY_MOBILITY_SURVEY.write_blank(tmp_path / "blank.csv")
    frame = read_template_file(blank, ELDERLY_MOBILITY_SURVEY)
    assert frame.iloc[0]["licence"] == "返納した" and frame.iloc[0]["age_band"] == "70〜74歳"


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_practice_survey_holds_the_published_marginals(seed, tmp_path):
    frame = read_template_file(write_practice_mobility_survey(tmp_path / "s.csv", seed=seed), ELDERLY_MOBILITY_SURVEY)
    non = frame[frame["licence"].isin(NON_DRIVER)]
    use = non["public_transport"].dropna()
    assert abs((use == "利用している").mean() - PUBLISHED_MARGINALS["public_transport_use"]) <= 0.5 / len(use)
    feel = non["inconvenience"].dropna()
    assert abs(feel.isin(INCONVENIENT).mean() - PUBLISHED_MARGINALS["inconvenient"]) <= 0.5 / len(feel)
    assert non["hardest_trip"].value_counts().idxmax() == PUBLISHED_MARGINALS["hardest_trip"]
    for column in ("licence", "public_transport", "inconvenience", "hardest_trip"):
        assert frame[column].isna().sum() > 0, f"{column}: the practice file has no 無回答 to practise on"


def test_practice_survey_is_deterministic():
    assert make_practice_mobility_survey(300, seed=3).equals(make_practice_mobility_survey(300, seed=3))
    assert not make_practice_mobility_survey(300, seed=3).equals(make_practice_mobility_survey(300, seed=4))


def test_validator_lists_every_problem_and_loads_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    frame = make_practice_mobility_survey(20)
    frame.loc[2, "運転免許"] = "9"          # a code for 無回答 instead of a blank
    frame.loc[5, "年齢区分"] = ""           # required
    frame.loc[7, "回答者ID"] = frame.loc[6, "回答者ID"]
    frame.to_csv(bad, index=False, encoding="cp932")
    with pytest.raises(TemplateError) as err:
        read_template_file(bad, ELDERLY_MOBILITY_SURVEY)
    rows = {line for line, _, _ in err.value.problems}
    assert {4, 7} <= rows and "1 件も読み込んでいません" in err.value.ja


def test_simple_tally_states_both_bases():
    df = pd.DataFrame({"q": ["a", "a", "b", None, None]})
    table = simple_tally(df, "q", order=("a", "b"))
    assert table.attrs["base"] == {"回答者": 3, "全体": 5}
    assert table.loc["a", "割合（回答者ベース）"] == pytest.approx(2 / 3)
    assert table.loc["a", "割合（全体ベース）"] == pytest.approx(2 / 5)
    assert table.loc["無回答", "人数"] == 2 and math.isnan(table.loc["無回答", "割合（回答者ベース）"])


def test_share_by_excludes_no_answer_from_the_base_and_weights(survey):
    non = survey[survey["licence"].isin(NON_DRIVER)]
    overall = share_by(non, "public_transport", "利用している")
    answered = non["public_transport"].notna()
    assert overall["基数"].iloc[0] == answered.sum()
    by_age = share_by(non, "public_transport", "利用している", by="age_band")
    assert by_age["基数"].sum() == answered.sum()
    w = pd.Series(2.0, index=non.index)
    weighted = share_by(non.assign(w=w), "public_transport", "利用している", weights="w")
    assert weighted["割合"].iloc[0] == pytest.approx(overall["割合"].iloc[0])


def test_proportion_margin():
    assert proportion_margin(0.2, 400) == pytest.approx(1.96 * math.sqrt(0.2 * 0.8 / 400))
    assert proportion_margin(0.2, 400, population=400) == 0
    assert proportion_margin(0.2, 400, population=10_000) < proportion_margin(0.2, 400)
    with pytest.raises(InputError, match="0〜1"):
        proportion_margin(20, 400)
    with pytest.raises(InputError, match="基数"):
        proportion_margin(0.2, 0)


def test_weights_to_the_census_of_tsubame(real_data, survey):
    from curriculum.data import fetch, read_census_age

    census = read_census_age(fetch("census-2020-age", quiet=True))
    population = age_band_population(census, "15213")
    # 令和2年国勢調査 表2-7-1, 燕市: 65-69 5,637 / 70-74 5,972 / 75-79 4,555 / 80-84 3,918 / 85+ 2,387+1,202+331+58
    assert population.tolist() == [5637, 5972, 4555, 3918, 3978]
    weights = post_stratification_weights(survey, "age_band", population)
    assert weights.mean() == pytest.approx(1.0)
    weighted_mix = weights.groupby(survey["age_band"]).sum() / weights.sum()
    assert (weighted_mix - population / population.sum()).abs().max() < 1e-12
    with pytest.raises(DataFormatError, match="ウェイトを作れない"):
        post_stratification_weights(survey, "age_band", population.drop("85歳以上"))


def test_loader_labels_practice_and_reads_the_city_file(tmp_path):
    lines = []
    practice = load_mobility_survey(practice_dir=tmp_path, echo=lines.append)
    assert provenance_of(practice).is_practice and any("練習用" in line for line in lines)
    city_file = write_practice_mobility_survey(tmp_path / "city_export.csv", seed=5)
    city = load_mobility_survey(city_file, echo=lines.append)
    assert provenance_of(city).kind == "real" and "city_export.csv" in provenance_of(city).attribution
