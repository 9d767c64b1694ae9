"""M字カーブ and 昼夜間人口 from the census templates: hand-computed rates, refusals, labelled practice data."""

import pandas as pd
import pytest

from curriculum.analysis.labour import day_night_ratio, labour_force_rates, m_curve_dip
from curriculum.errors import DataFormatError
from curriculum.practice.labour import write_practice_labour
from curriculum.provenance import PRACTICE_LABEL
from curriculum.templates import get_template
from curriculum.templates.labour import LABOUR_AGES
from curriculum.templates.spec import TemplateError, read_template_file


def _rows(city="15213", women=None):
    rows = []
    for sex in ("男", "女"):
        for age in LABOUR_AGES:
            rows.append({"city_code": city, "sex": sex, "age": age, "employed": 90, "unemployed": 10,
                         "not_in_labour_force": 100, "unknown": 50})
    frame = pd.DataFrame(rows)
    for age, (employed, unemployed, outside) in (women or {}).items():
        mask = (frame["sex"] == "女") & (frame["age"] == age)
        frame.loc[mask, ["employed", "unemployed", "not_in_labour_force"]] = [employed, unemployed, outside]
    return frame


def test_rate_counts_the_unemployed_and_leaves_unknown_out_of_the_denominator():
    # 30-34 women: (60 + 4) / (60 + 4 + 36) = 64 %; the 50 不詳 are not in the denominator.
    rates = labour_force_rates(_rows(women={"30-34": (60, 4, 36)}), "15213")
    assert rates.loc["30-34", "女"] == pytest.approx(64.0)
    assert rates.loc["30-34", "男"] == pytest.approx(50.0)
    assert list(rates.index) == list(LABOUR_AGES)


def test_m_curve_bottom_and_depth_by_hand():
    women = {"20-24": (70, 0, 30), "25-29": (80, 0, 20), "30-34": (72, 0, 28), "35-39": (66, 0, 34),
             "40-44": (75, 0, 25), "45-49": (78, 0, 22), "50-54": (74, 0, 26)}
    dip = m_curve_dip(labour_force_rates(_rows(women=women), "15213")["女"])
    assert dip == {"first_peak": "25-29", "bottom": "35-39", "second_peak": "45-49", "depth": pytest.approx(12.0)}
    flat = m_curve_dip(labour_force_rates(_rows(), "15213")["男"])
    assert flat["depth"] == 0.0


def test_missing_age_row_is_named_not_bent_into_the_curve():
    frame = _rows()
    frame = frame[~((frame["sex"] == "女") & (frame["age"] == "35-39"))]
    with pytest.raises(DataFormatError, match="女 35-39"):
        labour_force_rates(frame, "15213")
    with pytest.raises(DataFormatError, match="15100"):
        labour_force_rates(_rows(), "15100")


def test_day_night_identity_is_checked_row_by_row():
    table = pd.DataFrame({"city_code": ["15213", "15204"], "city_name": ["燕市", "三条市"],
                          "resident": [1000, 2000], "inflow": [300, 100], "outflow": [100, 300],
                          "daytime": [1200, 1800]})
    out = day_night_ratio(table)
    assert out.loc["15213", "ratio"] == pytest.approx(120.0) and out.loc["15204", "ratio"] == pytest.approx(90.0)
    table.loc[1, "daytime"] = 1900
    with pytest.raises(DataFormatError, match="15204"):
        day_night_ratio(table)


def test_practice_tables_pass_their_validators_and_are_labelled(tmp_path):
    paths = write_practice_labour(tmp_path)
    assert all(PRACTICE_LABEL in p.name for p in paths.values())
    labour = read_template_file(paths["labour-force-by-age"], get_template("labour-force-by-age"))
    day_night = read_template_file(paths["day-night-population"], get_template("day-night-population"))
    women = labour_force_rates(labour, "99201")["女"]
    assert m_curve_dip(women)["bottom"] in ("30-34", "35-39") and m_curve_dip(women)["depth"] > 3
    ratios = day_night_ratio(day_night)
    assert ratios.loc["99201", "ratio"] > 100 > ratios.drop("99201")["ratio"].max()
    assert ratios["city_name"].str.contains(PRACTICE_LABEL).all()


def test_a_unit_mixed_into_a_count_is_refused_with_row_and_column(tmp_path):
    path = write_practice_labour(tmp_path)["labour-force-by-age"]
    text = path.read_text(encoding="utf-8-sig").splitlines()
    fields = text[3].split(",")
    fields[3] = "1.2万"
    text[3] = ",".join(fields)
    path.write_text("\n".join(text), encoding="utf-8-sig")
    with pytest.raises(TemplateError, match="4 行目"):
        read_template_file(path, get_template("labour-force-by-age"))
