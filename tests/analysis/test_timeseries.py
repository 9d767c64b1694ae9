"""伸び率・指数・季節性 on hand-computed values (and the real 宿泊旅行統計 for 新潟県)."""

import numpy as np
import pandas as pd
import pytest

from curriculum.analysis.timeseries import compute_growth_rate, compute_index, compute_peak_ratio, compute_seasonal_index
from curriculum.errors import DataFormatError


def test_growth_rate_sorts_by_year_and_leaves_the_first_empty():
    s = pd.Series([121, 100, 110], index=[2022, 2020, 2021])
    growth = compute_growth_rate(s)
    assert np.isnan(growth.loc[2020])
    assert growth.loc[2021] == pytest.approx(0.10) and growth.loc[2022] == pytest.approx(0.10)
    assert compute_growth_rate(s, periods=2).loc[2022] == pytest.approx(0.21)


def test_growth_from_zero_is_nan():
    assert np.isnan(compute_growth_rate(pd.Series([0, 5], index=[1, 2])).loc[2])


def test_index_base_year_is_100():
    frame = pd.DataFrame({"A県": [50, 40, 60], "B県": [10, 20, 5]}, index=[2019, 2020, 2021])
    index = compute_index(frame, base=2019)
    assert index["A県"].tolist() == [100.0, 80.0, 120.0]
    assert index["B県"].tolist() == [100.0, 200.0, 50.0]
    with pytest.raises(DataFormatError, match="基準年 2010"):
        compute_index(frame, base=2010)
    with pytest.raises(DataFormatError, match="値が 0"):
        compute_index(pd.Series([0, 1], index=[1, 2]), base=1)


def test_seasonal_index_and_peak_ratio_by_hand():
    # 11 months of 100 and an August of 320: mean = (1100 + 320) / 12 = 118.33…
    months = pd.Series([100] * 12, index=range(1, 13))
    months[8] = 320
    index = compute_seasonal_index(months)
    assert index[8] == pytest.approx(320 / (1420 / 12) * 100)
    assert index[1] == pytest.approx(100 / (1420 / 12) * 100)
    assert index.mean() == pytest.approx(100)
    assert compute_peak_ratio(months) == pytest.approx(3.2)
    frame = pd.DataFrame({"A": months, "B": [10] * 12})
    assert compute_peak_ratio(frame).tolist() == pytest.approx([3.2, 1.0])
    assert compute_seasonal_index(frame)["B"].tolist() == [100.0] * 12


def test_missing_month_is_an_error():
    with pytest.raises(DataFormatError, match="1〜12 月"):
        compute_seasonal_index(pd.Series([1] * 11, index=range(1, 12)))
