"""分布の道具: summaries, modal class, box-plot fences and percentile ranks."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from curriculum.analysis.compare import compute_rate  # noqa: E402
from curriculum.analysis.distribution import (  # noqa: E402
    compute_fences, compute_mode_bin, compute_percentile_rank, compute_summary, get_outliers,
)
from curriculum.data import read_ssdse  # noqa: E402


def test_summary_skips_unknown_values():
    summary = compute_summary(pd.Series([1, 2, 3, 4, 100, np.nan], name="x"))
    assert summary["件数"] == 5
    assert (summary["平均値"], summary["中央値"]) == (22.0, 3.0)
    assert (summary["第1四分位数"], summary["第3四分位数"]) == (2.0, 4.0)
    assert summary.name == "x"


def test_mode_bin_is_the_tallest_histogram_bar():
    values = pd.Series([0.5, 5.0, 5.5, 9.9, 10.0, 12.0])
    assert compute_mode_bin(values, width=5) == pd.Interval(5.0, 10.0, closed="left")
    assert compute_mode_bin(values, width=10) == pd.Interval(0.0, 10.0, closed="left")
    # a value on an edge belongs to the upper class; ties go to the lower class
    assert compute_mode_bin(pd.Series([10.0, 20.0]), width=10) == pd.Interval(10.0, 20.0, closed="left")
    assert compute_mode_bin(pd.Series([23.0, 27.0]), width=5, start=2.5) == pd.Interval(22.5, 27.5, closed="left")
    with pytest.raises(ValueError, match="幅"):
        compute_mode_bin(values, width=0)
    with pytest.raises(ValueError, match="NaN"):
        compute_mode_bin(pd.Series([np.nan]), width=1)


def test_fences_and_outliers_match_a_matplotlib_box_plot():
    values = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 30, -20], index=list("abcdefghij"))
    assert compute_fences(values) == (-4.5, 13.5)  # Q1 2.25, Q3 6.75, IQR 4.5
    assert get_outliers(values).to_dict() == {"i": 30.0, "j": -20.0}
    fig, ax = plt.subplots()
    try:
        fliers = ax.boxplot(values.to_numpy())["fliers"][0].get_ydata()
        assert sorted(fliers) == [-20.0, 30.0]
    finally:
        plt.close(fig)
    assert get_outliers(values, k=100).empty


def test_percentile_rank():
    values = pd.Series([10, 20, 30, 40, np.nan])
    assert compute_percentile_rank(values, 30) == 75.0
    assert compute_percentile_rank(values, 5) == 0.0
    assert compute_percentile_rank(values, 40) == 100.0


def test_the_average_municipality_on_real_data(real_fetch):
    df = read_ssdse(real_fetch("ssdse-a-2026"))
    population = compute_summary(df["A1101"])
    assert population["件数"] == 1741
    assert population["平均値"] == pytest.approx(126_146_099 / 1741)
    assert population["中央値"] == 23_426  # less than a third of the mean
    assert (df["A1101"] < population["平均値"]).sum() == 1354  # 77.8 % are below the "average city"
    rate = compute_rate(df, "A1303", "A1101")
    assert compute_mode_bin(rate, width=5) == pd.Interval(35.0, 40.0, closed="left")
    assert get_outliers(rate).index.tolist() == sorted(get_outliers(rate).index.tolist())
    assert len(get_outliers(rate)) == 9 and "07545" in get_outliers(rate).index  # 大熊町, low after the evacuation
    assert compute_percentile_rank(rate, rate["15213"]) == pytest.approx(603 / 1740 * 100)
