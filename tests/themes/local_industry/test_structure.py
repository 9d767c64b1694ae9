"""産業構造: 燕市's profile and peers on the real SSDSE-A, and the practice 練習市 on 練習国."""

import pytest

from curriculum.layers.statistics import load_municipal_statistics
from curriculum.themes.local_industry.structure import compute_industry_profile, find_similar_structure, industry_columns


def quiet(_line):
    pass


def test_tsubame_profile(real_data):
    municipal = load_municipal_statistics(echo=quiet)
    assert len(industry_columns(municipal)) == 18
    profile = compute_industry_profile(municipal, "15213")
    manufacturing = profile.loc["製造業"]
    assert manufacturing["従業者数"] == 18110 and manufacturing["事業所数"] == 1708
    assert manufacturing["構成比"] == pytest.approx(18110 / 41875)
    assert manufacturing["特化係数（全国）"] == pytest.approx((18110 / 41875) / (8803565 / 57937290))
    assert manufacturing["特化係数（県）"] == pytest.approx(2.2152, abs=1e-4)
    assert manufacturing["事業所あたり従業者数"] == pytest.approx(18110 / 1708)
    assert profile["特化係数（全国）"].idxmax() == "製造業"


def test_similar_structure_is_from_data(real_data):
    municipal = load_municipal_statistics(echo=quiet)
    peers = find_similar_structure(municipal, "15213", n=10)
    assert len(peers) == 10 and "15213" not in peers.index
    assert peers["distance"].is_monotonic_increasing
    assert (peers["製造業"] > 0.3).all()  # peers lean on manufacturing too


def test_practice_city_plays_tsubame(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    municipal = load_municipal_statistics(data_source="practice", echo=quiet)
    profile = compute_industry_profile(municipal, "99201")
    assert profile["特化係数（全国）"].idxmax() == "製造業" and profile.loc["製造業", "特化係数（全国）"] > 1.5
