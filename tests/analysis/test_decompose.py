"""分解: shares, contributions and population-change components, on 燕市's real figures."""

import pandas as pd
import pytest

from curriculum.analysis.decompose import compute_change_components, compute_contribution, compute_shares
from curriculum.data.juki import read_juki


def test_shares_with_and_without_total():
    df = pd.DataFrame({"a": [1, 0], "b": [3, 0], "t": [5, 0]}, index=["x", "y"])
    with_total = compute_shares(df, ["a", "b"], total="t")
    assert with_total.loc["x"].tolist() == [0.2, 0.6, pytest.approx(0.2)]
    assert with_total.loc["y"].isna().all()  # a zero total gives NaN, not a division error
    assert compute_shares(df, ["a", "b"]).loc["x"].tolist() == [0.25, 0.75]


def test_contribution_signs_and_zero_total():
    assert compute_contribution(pd.Series({"a": -30, "b": 10})).tolist() == [1.5, -0.5]
    assert compute_contribution(pd.Series({"a": 5, "b": -5})).isna().all()
    frame = pd.DataFrame({"n": [-539, 10], "s": [-222, -10]}, index=["15213", "x"])
    result = compute_contribution(frame)
    assert result.loc["15213", "n"] == pytest.approx(539 / 761)
    assert result.loc["x"].isna().all()
    assert compute_contribution(pd.Series({"a": 1, "b": 1}), total=4).tolist() == [0.25, 0.25]


def test_components_of_tsubame_2018(real_fetch):
    juki = read_juki(real_fetch("juki-2019"))
    parts = compute_change_components(juki)
    # PROVENANCE: 燕市 2018 出生 496, 死亡 1,035, 転入(国内) 1,739, 転出(国内) 1,946
    assert parts.loc["15213"].to_dict() == {"natural_change": -539, "net_domestic": -207, "net_abroad": -12,
                                            "net_other": -3, "social_change": -222, "change": -761}
    assert int(parts["change"].sum()) == int(juki["change"].sum())


def test_components_reject_edited_file(real_fetch):
    juki = read_juki(real_fetch("juki-2019")).copy()
    juki.loc["15213", "births"] += 1
    with pytest.raises(ValueError, match="15213 の natural_change が公表値と合いません"):
        compute_change_components(juki)
    with pytest.raises(ValueError, match="births"):
        compute_change_components(juki.drop(columns="births"))
