"""市民の健康促進 on the real tables: SSDSE-A (燕市, 松本市), the census 2020 standard population, SSDSE-D; and the
practice files, read by the same readers."""

import pytest

from curriculum.provenance import provenance_of
from curriculum.templates.health import CHECKUP_AGE_CLASSES
from curriculum.themes.health_promotion.data import load_census_age, load_municipal_health, load_social_life
from curriculum.themes.health_promotion.indicators import (compute_death_rate_residuals, compute_health_indicators,
                                                           get_age_population, get_sports_gap)


def quiet(_line):
    pass


def test_death_rate_and_resources_of_tsubame(real_data):
    municipal = load_municipal_health(echo=quiet)
    assert municipal["A1101"].sum() == 126_146_099                       # the official 2020 census total
    row = compute_health_indicators(municipal).loc["15213"]
    # SSDSE-A-2026 R15213: A1101 77,201 (PROVENANCE), A4200 1,115 deaths (2023), A1419 12,451, I6100 110 doctors
    assert row["粗死亡率（人口千対）"] == pytest.approx(1115 / 77201 * 1000)
    assert row["75歳以上の割合"] == pytest.approx(12451 / 77201)
    assert row["医師数（人口10万対）"] == pytest.approx(110 / 77201 * 100_000)


def test_residuals_over_all_municipalities(real_data):
    table = compute_death_rate_residuals(load_municipal_health(echo=quiet))
    slope, intercept = table.attrs["slope"], table.attrs["intercept"]
    assert len(table) >= 1700 and slope > 0                              # older municipalities, higher crude rates
    assert table["残差"].sum() == pytest.approx(0, abs=1e-6)              # least squares: residuals sum to zero
    tsubame = table.loc["15213"]
    assert tsubame["期待値"] == pytest.approx(intercept + slope * 12451 / 77201)
    assert tsubame["残差"] == pytest.approx(1115 / 77201 * 1000 - tsubame["期待値"])
    assert tsubame["判定"] == ("年齢構成から期待されるより多い" if tsubame["残差"] > 0 else "年齢構成から期待されるより少ない")


def test_standard_population_is_the_census_2020_nation(real_data):
    census = load_census_age(echo=quiet)
    nation = census[(census["city_code"] == "00000") & (census["sex"] == "total")].iloc[0]
    assert nation["total"] == 126_146_099
    standard = get_age_population(census, CHECKUP_AGE_CLASSES)
    assert list(standard.index) == list(CHECKUP_AGE_CLASSES)
    assert standard["40～44歳"] == nation["40-44"] and standard["70～74歳"] == nation["70-74"]
    assert standard.sum() == sum(nation[f"{a}-{a + 4}"] for a in range(40, 75, 5))
    tsubame = get_age_population(census, ["0～4歳"], city_code="15213")
    assert tsubame["0～4歳"] == 2528                                        # PROVENANCE: 燕市 0～4歳 2,528


def test_walking_gap_of_niigata_women(real_data):
    gap = get_sports_gap(load_social_life(echo=quiet), "15")
    # SSDSE-D-2023: ウォーキング・軽い体操 (MC20), women: 新潟県 39.9 %, 全国 48.2 %
    assert gap.loc["女", "差（ポイント）"] == pytest.approx(39.9 - 48.2)
    assert list(gap.index) == ["総数", "男", "女"]


def test_practice_files_are_read_by_the_real_readers(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    municipal = load_municipal_health(data_source="practice", echo=quiet)
    census = load_census_age(data_source="practice", echo=quiet)
    social = load_social_life(data_source="practice", echo=quiet)
    for frame in (municipal, census, social):
        assert provenance_of(frame).is_practice
    assert len(municipal) == 26 and municipal.loc["99201", "Municipality"] == "練習市"
    assert municipal["Municipality"].str.contains("練習").all()
    assert compute_death_rate_residuals(municipal).attrs["slope"] > 0
    nation = census[(census["city_code"] == "00000") & (census["sex"] == "total")].iloc[0]
    assert nation["total"] == 5_000_000 and "練習" in nation["name"]
    assert get_age_population(census, CHECKUP_AGE_CLASSES, city_code="99201").sum() > 0
    assert get_sports_gap(social, "99").shape == (3, 3)


def test_prefecture_series_of_niigata(real_data):
    from curriculum.themes.health_promotion.data import load_prefecture_health_series

    series = load_prefecture_health_series(echo=quiet)
    assert len(series) == 47 * 12
    # SSDSE-B-2025 新潟県 2020: A1101 2,201,272, A1303 715,935 (PROVENANCE: equal to the census)
    assert series.loc[("15000", 2020), ["A1101", "A1303"]].tolist() == [2_201_272, 715_935]
    # 2022: 死亡数 32,313 of 2,153,000 (人口推計); 2011: 27,320 of 2,364,000 — the crude rate rose with ageing
    niigata = series.xs("15000", level="area_code")
    rate = niigata["A4200"] / niigata["A1101"] * 1000
    assert rate.loc[2022] == pytest.approx(32_313 / 2_153_000 * 1000)
    assert rate.loc[2022] - rate.loc[2011] == pytest.approx(32_313 / 2_153_000 * 1000 - 27_320 / 2_364_000 * 1000)
    assert (niigata["A1303"] / niigata["A1101"]).is_monotonic_increasing


def test_practice_prefecture_series_is_in_the_ssdse_b_layout(tmp_path, monkeypatch):
    from curriculum.themes.health_promotion.data import load_prefecture_health_series

    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    series = load_prefecture_health_series(data_source="practice", echo=quiet)
    assert provenance_of(series).is_practice and len(series) == 5 * 12
    practice = series.xs("99000", level="area_code")
    assert practice["Prefecture"].eq("練習県").all() and list(practice.index) == list(range(2011, 2023))
