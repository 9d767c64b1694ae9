"""観光の指標 on the real tables: 新潟県 from SSDSE-B and 宿泊旅行統計, 別府市 and 燕市 from SSDSE-A."""

import pytest

from curriculum.layers.statistics import load_accommodation_survey, load_municipal_statistics, load_prefecture_series
from curriculum.themes.tourism.indicators import (compute_accommodation_indicators, compute_hospitality_footprint,
                                                  compute_seasonality, get_monthly_guests)


def quiet(_line):
    pass


def test_accommodation_indicators_niigata_2022(real_data):
    series = load_prefecture_series(echo=quiet)
    table = compute_accommodation_indicators(series, year=2022)
    row = table.loc["15000"]
    # SSDSE-B-2025, 新潟県 2022: G7101 6,739,470 / G7102 57,190 (PROVENANCE); A1101 and C3801 from the same row
    assert row["延べ宿泊者数"] == 6_739_470
    assert row["外国人の割合"] == pytest.approx(57_190 / 6_739_470)
    assert row["人口1人当たり延べ宿泊者数"] == pytest.approx(6_739_470 / series.loc[("15000", 2022), "A1101"])
    assert len(table) == 47


def test_seasonality_from_the_monthly_survey(real_data):
    survey = load_accommodation_survey(echo=quiet)
    guests = get_monthly_guests(survey)
    assert guests.loc[1, "新潟県"] == 797_780
    table = compute_seasonality(survey)
    niigata = table.loc["新潟県"]
    assert niigata["ピーク月"] == guests["新潟県"].idxmax()
    assert niigata["繁閑の差（倍）"] == pytest.approx(guests["新潟県"].max() / guests["新潟県"].min())
    assert niigata["ピーク月の季節指数"] == pytest.approx(guests["新潟県"].max() / guests["新潟県"].mean() * 100)
    assert niigata["外国人の割合"] == pytest.approx(345_140 / 9_586_960)


def test_hospitality_footprint(real_data):
    footprint = compute_hospitality_footprint(load_municipal_statistics(echo=quiet))
    # 燕市 C220847 2,098 of 77,201 residents; 別府市 8,483 of 115,321 — a hot-spring city stands out
    assert footprint.loc["15213", "人口千人当たり従業者数"] == pytest.approx(2098 / 77201 * 1000)
    assert footprint.loc["44202", "特化係数（全国）"] > 2 > 1 > footprint.loc["15213", "特化係数（全国）"]
