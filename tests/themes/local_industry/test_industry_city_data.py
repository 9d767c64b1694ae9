"""産業中分類の市の集計 and 事業者アンケート: templates on good and bad files, practice tables, change and cross-tables."""

import pandas as pd
import pytest

from curriculum.provenance import provenance_of
from curriculum.templates import TemplateError
from curriculum.themes.local_industry.city_data import (compute_industry_change, load_business_survey,
                                                        load_industry_census, tabulate_survey)

HEADER = "市区町村コード,調査年,調査名,産業中分類コード,産業中分類名,事業所数（事業所）,従業者数（人）,製造品出荷額等（万円）\n"


def test_census_file_with_secret_cells(tmp_path):
    path = tmp_path / "census.csv"
    path.write_text(HEADER + "15213,2016,経済センサス‐活動調査,24,金属製品製造業,700,\"7,500\",1650000\n"
                    "15213,2021,経済センサス‐活動調査,24,金属製品製造業,652,7318,\n"
                    "15213,2016,経済センサス‐活動調査,26,生産用機械器具製造業,200,2000,600000\n"
                    "15213,2021,経済センサス‐活動調査,26,生産用機械器具製造業,190,,\n", encoding="utf-8-sig")
    census = load_industry_census(path, city_code="15213", echo=lambda line: None)
    assert provenance_of(census).kind == "real"
    change = compute_industry_change(census, start=2016, end=2021)
    assert change.loc["24", "増減"] == 7318 - 7500
    assert change.loc["24", "伸び率"] == pytest.approx((7318 - 7500) / 7500)
    assert pd.isna(change.loc["26", "増減"])  # 秘匿 (blank) is missing, never 0
    with pytest.raises(Exception, match="調査年 2019"):
        compute_industry_change(census, start=2019, end=2021)


def test_census_file_with_mixed_units_and_a_lost_zero(tmp_path):
    path = tmp_path / "census.csv"
    path.write_text(HEADER + "15213,2021,経済センサス‐活動調査,9,食料品製造業,10,100,5億\n"
                    "15213,2021,経済センサス‐活動調査,24,金属製品製造業,X,7318,1655000\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_industry_census(path, city_code="15213")
    text = str(info.value)
    assert "2 行目「産業中分類コード」" in text and "先頭の 0" in text
    assert "2 行目「製造品出荷額等」" in text and "3 行目「事業所数」" in text


def test_practice_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    census = load_industry_census(city_code="15213", echo=lambda line: None)
    assert provenance_of(census).is_practice and set(census["city_code"]) == {"99201"}
    assert sorted(census["year"].unique()) == [2016, 2019, 2021]
    assert census["employees"].isna().sum() == 2  # two 秘匿 cells, kept blank
    survey = load_business_survey(echo=lambda line: None)
    assert len(survey) == 180 and provenance_of(survey).is_practice
    table = tabulate_survey(survey, "successor")
    assert table["n"].sum() == 180
    assert table.drop(columns="n").sum(axis=1).round(9).eq(1).all()
    assert list(table.index)[0] == "1～4人"  # in the template's order, not alphabetical
