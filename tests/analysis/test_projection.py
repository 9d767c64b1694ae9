"""コーホート変化率法: arithmetic on a case small enough to do by hand, then 燕市 from the real 住基 tables."""

import pandas as pd
import pytest

from curriculum.analysis.projection import (
    backtest_city, backtest_prefecture, compute_cohort_ratios, interpolate_at, project_city, project_cohorts,
)
from curriculum.data.ipss import read_ipss_2023_totals
from curriculum.data.juki_age import read_juki_age
from curriculum.errors import DataFormatError
from tests.realdata import real_file

# Classes 0-4 … 45-49 and 50+ so that women 15-49 are 15-19 … 45-49.
CLASSES = [f"{a}-{a + 4}" for a in range(0, 50, 5)] + ["50+"]


def table(male, female):
    return pd.DataFrame([male, female], index=["male", "female"], columns=CLASSES, dtype=float)


def test_ratios_and_one_step_by_hand():
    start = table([100] * 10 + [300], [100] * 10 + [400])
    end = table([60, 90, 100, 80, 110, 100, 100, 100, 100, 100, 380],
                [40, 95, 100, 70, 120, 100, 100, 100, 100, 100, 450])
    r = compute_cohort_ratios(start, end, start_date="2018-01-01", end_date="2023-01-01")
    # 5-9 at the end / 0-4 at the start; the open class takes 45-49 and 50+ of the start.
    assert r.ratios.loc["male", "5-9"] == 0.9 and r.ratios.loc["female", "15-19"] == 0.7
    assert r.ratios.loc["male", "50+"] == 380 / 400 and r.ratios.loc["female", "50+"] == 450 / 500
    women = 70 + 120 + 100 * 5  # female 15-19 … 45-49 at the end
    assert r.child_woman["male"] == 60 / women and r.child_woman["female"] == 40 / women
    assert r.years == pytest.approx(5.0, abs=0.01)

    p = project_cohorts(end, r, start_date="2023-01-01", steps=1)
    male = p[(p["date"] == "2028-01-01") & (p["sex"] == "male")].iloc[0]
    female = p[(p["date"] == "2028-01-01") & (p["sex"] == "female")].iloc[0]
    assert male["5-9"] == pytest.approx(60 * 0.9)
    assert male["20-24"] == pytest.approx(80 * 1.1)
    assert male["50+"] == pytest.approx((100 + 380) * 380 / 400)
    # women 15-49 in 2028: 10-14 → 15-19 (100 × 0.7), 15-19 → 20-24 (70 × 1.2), 20-24 → 25-29 (120 × 1.0),
    # and 25-29 … 40-44 → 30-34 … 45-49 (4 × 100 × 1.0)
    new_women = 100 * 0.7 + 70 * 1.2 + 120 * 1.0 + 4 * 100
    assert female["15-19"] == pytest.approx(70) and female["20-24"] == pytest.approx(84)
    assert male["0-4"] == pytest.approx(60 / women * new_women)
    assert male["total"] == pytest.approx(male[CLASSES].sum())


def test_interpolation_reaches_2050_between_2048_and_2053():
    steps = pd.DataFrame({"date": ["2048-01-01", "2048-01-01", "2053-01-01", "2053-01-01"],
                          "sex": ["male", "female"] * 2, "total": [100.0, 120.0, 90.0, 100.0]})
    at = interpolate_at(steps, "2050-10-01").set_index("sex")["total"]
    weight = 1004 / 1827  # days 2048-01-01 → 2050-10-01 over days 2048-01-01 → 2053-01-01
    assert at["male"] == pytest.approx(100 - 10 * weight) and at["female"] == pytest.approx(120 - 20 * weight)
    with pytest.raises(DataFormatError, match="推計の範囲"):
        interpolate_at(steps, "2060-01-01")


def test_mismatched_classes_are_refused():
    start = table([1] * 11, [1] * 11)
    end = start.rename(columns={"50+": "50-54"})
    with pytest.raises(DataFormatError, match="年齢階級"):
        compute_cohort_ratios(start, end, start_date="2018-01-01", end_date="2023-01-01")


@pytest.fixture(scope="module")
def juki():
    names = {"2013": "soumu_juki_2013-03-31_age5_sex_municipalities_1304ssnen.xls",
             "2018": "soumu_juki_2018-01-01_age5_sex_municipalities_1804ssnen.xls",
             "2023": "soumu_juki_2023-01-01_age5_sex_municipalities_2304ssnen.xlsx"}
    return {k: read_juki_age(real_file("population", v)) for k, v in names.items()}


def test_tsubame_projection_and_ipss(juki):
    result = project_city(juki["2018"], juki["2023"], "15213")
    steps = result["steps"].groupby("date")["total"].sum()
    assert list(steps.index) == ["2023-01-01", "2028-01-01", "2033-01-01", "2038-01-01", "2043-01-01",
                                 "2048-01-01", "2053-01-01"]
    assert steps["2023-01-01"] == 77_401
    assert result["total"] == 52_705
    ipss = read_ipss_2023_totals(real_file("projection", "ipss_r5_2023_niigata_municipal_totals_kurashi-map_niigata.json"))
    assert ipss.loc["15213", 2050] == 54_136
    # 住基 (1月1日, registered residents) vs 社人研 (census base, 10月1日): the same direction, within 5 %.
    assert abs(result["total"] / 54_136 - 1) < 0.05


def test_backtest_tsubame(juki):
    b = backtest_city(juki["2013"], juki["2018"], juki["2023"], "15213")
    assert b["years"] == pytest.approx(4.756, abs=0.001)
    assert b["actual_total"] == 77_401 and b["actual_65"] == 24_403
    assert round(b["projected_total"]) == 77_628 and round(b["projected_65"]) == 24_218
    stretched = backtest_city(juki["2013"], juki["2018"], juki["2023"], "15213", stretch=True)
    assert abs(stretched["error_total"]) < abs(b["error_total"])


def test_backtest_niigata(juki):
    errors = backtest_prefecture(juki["2013"], juki["2018"], juki["2023"], "15")
    assert len(errors) == 30 and errors.loc["15213", "city_name"] == "燕市"
    assert errors["error_total"].abs().median() < 0.03
