"""回帰の初歩 (curriculum.analysis.regression) on real SSDSE-A rows: the line Excel's SLOPE/INTERCEPT give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from curriculum.analysis.regression import RegressionLine, compute_regression_line, compute_residuals
from curriculum.errors import InputError


@pytest.fixture
def niigata(real_fetch):
    from curriculum.data import read_ssdse

    df = read_ssdse(real_fetch("ssdse-a-2026"))
    pref = df[df.index.str.startswith("15")]
    return pref["A1303"] / pref["A1101"] * 100, pref["A4200"] / pref["A1101"] * 1000


def test_line_is_the_least_squares_line(niigata):
    aging, death_rate = niigata
    line = compute_regression_line(aging, death_rate)
    slope, intercept = np.polyfit(aging.to_numpy(), death_rate.to_numpy(), 1)
    assert line.n == 30
    assert line.slope == pytest.approx(slope, abs=1e-12) and line.intercept == pytest.approx(intercept, abs=1e-12)
    assert line.r_squared == pytest.approx(np.corrcoef(aging, death_rate)[0, 1] ** 2, abs=1e-12)


def test_residuals_are_actual_minus_expected_and_sum_to_zero(niigata):
    aging, death_rate = niigata
    table = compute_residuals(aging, death_rate)
    assert table["residual"].sum() == pytest.approx(0, abs=1e-9)
    assert (table["residual"] == table["y"] - table["predicted"]).all()
    assert table["residual"].is_monotonic_decreasing
    # 燕市: 14.44 deaths per 1,000 against 13.28 expected from its 31.2 % aging rate
    assert table.loc["15213", "residual"] == pytest.approx(death_rate["15213"] - compute_regression_line(aging, death_rate).predict(aging["15213"]))
    assert table.loc["15213", "residual"] > 0


def test_rows_are_matched_by_code_and_missing_values_left_out():
    x = pd.Series([1.0, 2.0, 3.0, np.nan], index=["a", "b", "c", "d"])
    y = pd.Series([5.0, 3.0, 1.0, 9.0], index=["c", "b", "a", "d"])  # another order: by code y = 2x - 1 (by position −2x + 7)
    line = compute_regression_line(x, y)
    assert (line.slope, line.intercept, line.n) == pytest.approx((2.0, -1.0, 3))
    assert line.predict(10) == pytest.approx(19.0)
    assert isinstance(line, RegressionLine)


@pytest.mark.parametrize("x, y, fragment", [
    (pd.Series([1.0, 2.0]), pd.Series([1.0, 2.0]), "3 つ以上"),
    (pd.Series([2.0, 2.0, 2.0]), pd.Series([1.0, 2.0, 3.0]), "傾きが決まりません"),
])
def test_bad_input_says_what_to_do(x, y, fragment):
    with pytest.raises(InputError) as info:
        compute_regression_line(x, y)
    assert fragment in str(info.value) and "[en]" in str(info.value)
