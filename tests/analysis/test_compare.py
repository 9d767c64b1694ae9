"""比較の道具: rates, prefecture subsets, rankings and size bands, on small tables and on SSDSE-A-2026."""

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from curriculum.analysis.compare import (  # noqa: E402
    compute_ranking, compute_rate, compute_size_band, get_prefecture, get_same_band, plot_ranking,
)
from curriculum.data import read_ssdse  # noqa: E402
import curriculum.plotting  # noqa: E402,F401  (Japanese font: no missing-glyph warnings)

SMALL = pd.DataFrame(
    {"Municipality": ["燕市", "三条市", "弥彦村", "双葉町", "札幌市"],
     "A1101": [77201, 94642, 7705, 0, 1973395],
     "A1303": [24060, 31258, 2471, 0, 555000]},
    index=pd.Index(["15213", "15204", "15342", "07546", "01100"], name="city_code"),
)


def test_rate_is_a_percentage_and_zero_population_is_unknown():
    rate = compute_rate(SMALL, "A1303", "A1101")
    assert rate["15213"] == pytest.approx(31.1654, abs=1e-4)
    assert math.isnan(rate["07546"])
    assert rate.name == "A1303/A1101"
    assert compute_rate(SMALL, "A1303", "A1101", per=1000)["15342"] == pytest.approx(320.70, abs=0.01)


def test_prefecture_subset_uses_the_code_prefix_and_rejects_names():
    assert get_prefecture(SMALL, "15").index.tolist() == ["15213", "15204", "15342"]
    assert get_prefecture(SMALL, "07").index.tolist() == ["07546"]
    with pytest.raises(ValueError, match="2桁"):
        get_prefecture(SMALL, "新潟県")


def test_ranking_shares_ties_and_puts_unknown_last():
    table = SMALL.assign(rate=[31.2, 33.0, 31.2, float("nan"), 28.0])
    ranking = compute_ranking(table, "rate")
    assert ranking.index.tolist() == ["15204", "15213", "15342", "01100", "07546"]
    assert ranking["rank"].tolist()[:4] == [1, 2, 2, 4]
    assert pd.isna(ranking["rank"].iloc[-1])
    assert list(ranking.columns) == ["Municipality", "rate", "rank"]
    assert compute_ranking(table, "rate", ascending=True)["rank"].loc["01100"] == 1


def test_size_bands_are_left_closed():
    bands = compute_size_band(pd.Series([9_999, 10_000, 49_999, 50_000, 499_999, 500_000, 0]))
    assert bands.astype(str).tolist() == [
        "1万人未満", "1万〜5万人", "1万〜5万人", "5万〜10万人", "20万〜50万人", "50万人以上", "1万人未満"]
    assert get_same_band(SMALL, "15213").index.tolist() == ["15213", "15204"]


def test_plot_ranking_draws_one_bar_per_known_value_and_highlights():
    rate = compute_rate(SMALL, "A1303", "A1101")
    ax = plot_ranking(rate, labels=SMALL["Municipality"], highlight=["15213"], xlabel="高齢化率（%）")
    try:
        names = [t.get_text() for t in ax.get_yticklabels()]
        assert names == ["札幌市", "燕市", "弥彦村", "三条市"]  # ascending bottom to top, 双葉町 (NaN) left out
        colours = {name: patch.get_facecolor() for name, patch in zip(names, ax.patches)}
        assert colours["燕市"] != colours["三条市"]
        assert ax.get_xlabel() == "高齢化率（%）"
        assert ax.get_position().y0 * ax.figure.get_figheight() > 0.35  # room for the 出典 line
    finally:
        plt.close(ax.figure)


def test_plot_ranking_draws_benchmarks_apart_from_municipalities():
    bars = pd.Series({"燕市": 31.2, "新潟県全体": 32.5, "三条市": 33.0})
    ax = plot_ranking(bars, highlight=["燕市"], reference=["新潟県全体"])
    try:
        colours = {t.get_text(): p.get_facecolor() for t, p in zip(ax.get_yticklabels(), ax.patches)}
        assert len({colours["燕市"], colours["新潟県全体"], colours["三条市"]}) == 3
    finally:
        plt.close(ax.figure)


def test_niigata_ranking_on_real_data(real_fetch):
    df = read_ssdse(real_fetch("ssdse-a-2026"))
    niigata = get_prefecture(df, "15")[["Municipality", "A1101", "A1303"]]
    assert len(niigata) == 30
    ranking = compute_ranking(niigata.assign(rate=compute_rate(niigata, "A1303", "A1101")), "rate")
    assert ranking.loc["15213", "rate"] == pytest.approx(24060 / 77201 * 100)
    assert (ranking.index[0], ranking.index[-1]) == ("15385", "15307")  # 阿賀町 highest, 聖籠町 lowest
    assert ranking.loc["15213", "rank"] == 28
    assert len(get_same_band(df, "15213")) == 242  # 5万〜10万人, nationwide


def test_nearest_in_size_uses_the_ratio_and_stays_in_the_prefecture(real_fetch):
    """燕市's closest neighbours in size within 新潟県: 柏崎市 (81,526), then 三条市 (94,642) and 新発田市 (94,927) —
    by ratio, so 村上市 (~5.7万, ratio 1.35) is farther than 三条市 (ratio 1.23)."""
    from curriculum.analysis.compare import get_nearest_in_size
    from curriculum.errors import InputError

    df = read_ssdse(real_fetch("ssdse-a-2026"))
    nearest = get_nearest_in_size(df, "15213", n=3, pref_code="15")
    assert nearest.index.tolist() == ["15205", "15204", "15206"]
    assert "15213" not in get_nearest_in_size(df, "15213", n=50).index
    nationwide = get_nearest_in_size(df, "15213", n=10)
    ratio = (nationwide["A1101"] / 77_201).apply(lambda r: max(r, 1 / r))
    assert ratio.is_monotonic_increasing
    with pytest.raises(InputError, match="99999"):
        get_nearest_in_size(df, "99999")
