"""特化係数: hand-computed values, and 燕市's 製造業 from the raw SSDSE-A columns."""

import pandas as pd
import pytest

from curriculum.analysis.location_quotient import compute_location_quotient, compute_shares
from curriculum.errors import DataFormatError
from realdata import real_file


def test_shares_and_lq_by_hand():
    area = pd.Series({"製造業": 40, "小売業": 20, "医療、福祉": 40})
    nation = pd.Series({"製造業": 200, "小売業": 400, "医療、福祉": 400})
    assert compute_shares(area).tolist() == [0.4, 0.2, 0.4]
    # 0.4 / 0.2 = 2, 0.2 / 0.4 = 0.5, 0.4 / 0.4 = 1
    assert compute_location_quotient(area, nation).tolist() == [2.0, 0.5, 1.0]


def test_official_totals_are_the_denominators():
    area = pd.Series({"製造業": 30})
    nation = pd.Series({"製造業": 1500})
    assert compute_location_quotient(area, nation, total=100, reference_total=10000).iloc[0] == pytest.approx(2.0)


def test_frame_of_areas():
    counts = pd.DataFrame({"製造業": [30, 10], "小売業": [10, 30]}, index=["A市", "B町"])
    lq = compute_location_quotient(counts, counts.sum())
    assert lq.loc["A市", "製造業"] == pytest.approx(1.5)   # (30/40) / (40/80)
    assert lq.loc["B町", "製造業"] == pytest.approx(0.5)   # (10/40) / (40/80)


def test_reference_without_the_industry_is_nan_not_infinite():
    lq = compute_location_quotient(pd.Series({"漁業": 5, "製造業": 5}), pd.Series({"漁業": 0, "製造業": 10}))
    assert pd.isna(lq["漁業"]) and lq["製造業"] == pytest.approx(0.5)


def test_bad_input_is_a_clear_error():
    with pytest.raises(DataFormatError, match="基準地域に産業"):
        compute_location_quotient(pd.Series({"製造業": 1}), pd.Series({"小売業": 1}))
    with pytest.raises(DataFormatError, match="負の値"):
        compute_shares(pd.Series({"製造業": -1, "小売業": 2}))


def test_tsubame_manufacturing_from_raw_ssdse_a_columns():
    from curriculum.data import read_ssdse

    frame = read_ssdse(real_file("ssdse", "SSDSE-A-2026.csv"))
    # by hand from the raw file: 燕市 C220837 製造業 18,110 of C2208 41,875 従業者（民営, 2021）;
    # 全国 Σ C220837 8,803,565 of Σ C2208 57,937,290; 新潟県 (30 rows) for the prefecture LQ
    assert int(frame.loc["15213", "C220837"]) == 18110 and int(frame.loc["15213", "C2208"]) == 41875
    assert int(frame["C220837"].sum()) == 8803565 and int(frame["C2208"].sum()) == 57937290
    by_hand = (18110 / 41875) / (8803565 / 57937290)
    assert by_hand == pytest.approx(2.8462, abs=1e-4)
    industries = [c for c in frame.columns if c.startswith("C2208") and c != "C2208"]
    lq = compute_location_quotient(frame.loc["15213", industries], frame[industries].sum(),
                                   total=frame.loc["15213", "C2208"], reference_total=frame["C2208"].sum())
    assert lq["C220837"] == pytest.approx(by_hand, rel=1e-12)
    assert lq.idxmax() == "C220837"  # 製造業 stands out
    niigata = frame[frame.index.str.startswith("15")]
    assert len(niigata) == 30
    lq_pref = compute_location_quotient(frame.loc["15213", industries], niigata[industries].sum(),
                                        total=41875, reference_total=niigata["C2208"].sum())
    assert lq_pref["C220837"] == pytest.approx(2.2152, abs=1e-4)
