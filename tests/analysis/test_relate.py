"""関係を見る: rules of thumb at their boundaries, per-capita values, the population-size confounder."""

import numpy as np
import pandas as pd
import pytest

from curriculum.analysis.relate import (
    compute_correlation, compute_partial_correlation, compute_per_capita, describe_correlation,
)
from curriculum.data import read_ssdse


@pytest.mark.parametrize("r, label", [
    (0.7, "正の強い相関"), (0.6999, "正の相関あり"), (0.5, "正の相関あり"), (0.4999, "相関は弱い"),
    (-0.7, "負の強い相関"), (-0.5, "負の相関あり"), (0.0, "相関は弱い"), (np.nan, "計算できない"),
])
def test_rules_of_thumb(r, label):
    assert describe_correlation(r) == label


def test_correlation_skips_missing_and_needs_three_rows():
    df = pd.DataFrame({"x": [1, 2, 3, np.nan], "y": [2, 4, 6, 100]})
    assert compute_correlation(df, "x", "y") == pytest.approx(1.0)
    with pytest.raises(ValueError, match="3 行以上"):
        compute_correlation(df.iloc[:2], "x", "y")


def test_per_capita_guards_zero_population():
    df = pd.DataFrame({"A1101": [2000, 0], "v": [10, 5]})
    assert compute_per_capita(df, ["v"])["v"].iloc[0] == 5.0
    assert np.isnan(compute_per_capita(df, ["v"])["v"].iloc[1])
    assert compute_per_capita(df, ["v"], per=100_000)["v"].iloc[0] == 500.0


def test_totals_correlate_through_population_size(real_fetch):
    """新潟県 30 市町村: 出生数 and 死亡数 move together only because both grow with 総人口."""
    df = read_ssdse(real_fetch("ssdse-a-2026"))
    niigata = df[df["Prefecture"] == "新潟県"]
    r_totals = compute_correlation(niigata, "A4101", "A4200")
    assert r_totals == pytest.approx(np.corrcoef(niigata["A4101"], niigata["A4200"])[0, 1])
    assert describe_correlation(r_totals) == "正の強い相関"
    partial = compute_partial_correlation(niigata, "A4101", "A4200", "A1101")
    assert abs(partial) < abs(r_totals)
    rates = compute_per_capita(niigata, ["A4101", "A4200"])
    assert compute_correlation(rates, "A4101", "A4200") < r_totals
