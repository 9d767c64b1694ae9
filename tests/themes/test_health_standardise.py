"""curriculum.analysis.standardise against values worked out by hand (no data files needed)."""

import pandas as pd
import pytest

from curriculum.analysis.standardise import (compute_age_specific_rates, compute_crude_rate, compute_residuals,
                                             direct_standardise, fit_line)
from curriculum.errors import DataFormatError


def test_direct_standardisation_over_three_age_bands_by_hand():
    # City: 0–39 歳 10 events in 5,000 people, 40–64 歳 30 in 3,000, 65 歳以上 120 in 2,000
    events = pd.Series({"0-39": 10, "40-64": 30, "65+": 120})
    population = pd.Series({"0-39": 5000, "40-64": 3000, "65+": 2000})
    rates = compute_age_specific_rates(events, population, per=1000)
    assert rates.tolist() == pytest.approx([2.0, 10.0, 60.0])
    # Standard population 6,000 / 3,000 / 1,000 (younger than the city):
    # (2 × 6000 + 10 × 3000 + 60 × 1000) / 10000 = (12000 + 30000 + 60000) / 10000 = 10.2 per 1,000
    standard = pd.Series({"65+": 1000, "0-39": 6000, "40-64": 3000})  # order does not matter
    assert direct_standardise(rates, standard) == pytest.approx(10.2)
    # The crude rate is 160 / 10000 × 1000 = 16.0: the city's older structure makes it higher than 10.2
    assert compute_crude_rate(events.sum(), population.sum(), per=1000) == pytest.approx(16.0)
    # With the city's own structure as the standard, the standardised rate is the crude rate
    assert direct_standardise(rates, population) == pytest.approx(16.0)


def test_standardisation_refuses_mismatched_classes_and_gaps():
    rates = pd.Series({"0-39": 0.1, "40-64": 0.2})
    with pytest.raises(DataFormatError, match="年齢階級がそろっていません"):
        direct_standardise(rates, pd.Series({"0-39": 10, "40-64": 10, "65+": 10}))
    with pytest.raises(DataFormatError, match="NaN"):
        direct_standardise(pd.Series({"0-39": float("nan"), "40-64": 0.2}), pd.Series({"0-39": 1, "40-64": 1}))
    with pytest.raises(DataFormatError, match="分母が 0 以下"):
        compute_age_specific_rates(pd.Series({"a": 3}), pd.Series({"a": 0}))
    with pytest.raises(DataFormatError, match="そろっていません"):
        compute_age_specific_rates(pd.Series({"a": 3}), pd.Series({"b": 5}))


def test_crude_rate_never_divides_by_zero_silently():
    assert compute_crude_rate(1115, 77201, per=1000) == pytest.approx(14.4428, abs=1e-4)
    rates = compute_crude_rate(pd.Series([5, 5]), pd.Series([100, 0]), per=100)
    assert rates.iloc[0] == 5.0 and pd.isna(rates.iloc[1])


def test_line_and_residuals_by_hand():
    # x = 0, 1, 2, 3 and y = 1, 3, 2, 6: x̄ = 1.5, ȳ = 3;
    # Σ(x-x̄)(y-ȳ) = (-1.5)(-2) + (-0.5)(0) + (0.5)(-1) + (1.5)(3) = 3 + 0 - 0.5 + 4.5 = 7; Σ(x-x̄)² = 5
    # slope = 1.4, intercept = 3 - 1.4 × 1.5 = 0.9; expected 0.9, 2.3, 3.7, 5.1; residuals 0.1, 0.7, -1.7, 0.9
    x = pd.Series([0.0, 1.0, 2.0, 3.0], index=list("abcd"))
    y = pd.Series([1.0, 3.0, 2.0, 6.0], index=list("abcd"))
    assert fit_line(x, y) == pytest.approx((1.4, 0.9))
    table = compute_residuals(x, y)
    assert table["期待値"].tolist() == pytest.approx([0.9, 2.3, 3.7, 5.1])
    assert table["残差"].tolist() == pytest.approx([0.1, 0.7, -1.7, 0.9])
    assert table.loc["c", "判定"] == "年齢構成から期待されるより少ない"
    assert table.loc["b", "判定"] == "年齢構成から期待されるより多い"
    assert table.attrs == pytest.approx({"slope": 1.4, "intercept": 0.9})


def test_line_needs_two_different_x():
    with pytest.raises(DataFormatError, match="2 行以上"):
        fit_line(pd.Series([1.0, 1.0]), pd.Series([2.0, 3.0]))
