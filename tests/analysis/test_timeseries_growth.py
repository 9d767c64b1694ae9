"""寄与度 and 年平均伸び率 (curriculum.analysis.timeseries) on real 住基 and SSDSE-B series."""

from __future__ import annotations

import pandas as pd
import pytest

from curriculum.analysis.pyramid import compute_age_groups
from curriculum.analysis.timeseries import compute_annual_growth_rate, compute_contribution_to_growth
from curriculum.errors import DataFormatError


def test_contributions_add_up_to_the_growth_rate(real_fetch):
    from curriculum.data import read_juki_age

    parts = {}
    for year in (2018, 2023):
        table = read_juki_age(real_fetch(f"juki-age-{year}"))
        parts[year] = compute_age_groups(table[table["sex"] == "total"].set_index("city_code")).loc["15213"]
    contribution = compute_contribution_to_growth(parts[2018], parts[2023])
    # PROVENANCE: 燕市 80,579 (2018-01-01) → 77,401 (2023-01-01)
    assert contribution.sum() == pytest.approx((77_401 / 80_579 - 1) * 100, abs=1e-9)
    assert contribution["65+"] > 0 > contribution["15-64"]


def test_annual_growth_of_a_prefecture(real_fetch):
    from curriculum.data import read_ssdse

    b = read_ssdse(real_fetch("ssdse-b-2025"))
    rows = b.loc["15000"]
    pop = rows.set_index(rows["SSDSE-B-2025"].astype(int))["A1101"].sort_index()
    assert pop[2020] == 2_201_272  # PROVENANCE: 新潟県 2020 (census)
    rate = compute_annual_growth_rate(pop.iloc[0], pop.iloc[-1], 2022 - 2011)
    assert (1 + rate / 100) ** 11 * pop.iloc[0] == pytest.approx(pop.iloc[-1])
    assert rate != pytest.approx(((pop / pop.shift(1) - 1) * 100).mean(), abs=1e-6)


def test_bad_input_says_what_to_do():
    with pytest.raises(DataFormatError, match="そろっていません"):
        compute_contribution_to_growth(pd.Series({"a": 1}), pd.Series({"b": 1}))
    with pytest.raises(DataFormatError, match="0 なので"):
        compute_contribution_to_growth(pd.Series({"a": 0}), pd.Series({"a": 1}))
    with pytest.raises(DataFormatError, match="正の始点"):
        compute_annual_growth_rate(0, 10, 5)
