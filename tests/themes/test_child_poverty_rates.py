"""こどもの貧困の指標: the Wilson interval and rates by hand, the suppressed table, the 就学援助 template on good and bad
files, and the practice tables."""

import math

import pandas as pd
import pytest

from curriculum.errors import DataFormatError, InputError
from curriculum.provenance import provenance_of
from curriculum.templates import TemplateError, check_template_file, get_template
from curriculum.themes.child_poverty.rates import (compute_aid_rates, compute_child_indicators, compute_wilson_interval,
                                                   publish_aid_table)
from curriculum.themes.child_poverty.sources import load_municipal_children, load_prefecture_welfare, load_school_aid

HEADER = "市区町村コード,年度,地区,学校種,児童生徒数（人）,要保護（人）,準要保護（人）,備考\n"


def test_wilson_interval_by_hand():
    # k = 3, n = 20, z = 1.96: p = 0.15, z²/n = 0.19208, centre = (0.15 + 0.09604) / 1.19208 = 0.206396,
    # half = 1.96 × √(0.15·0.85/20 + 3.8416/1600) / 1.19208 = 1.96 × √0.0087760 / 1.19208 = 0.154023
    low, high = compute_wilson_interval(3, 20, z=1.96)
    assert low == pytest.approx(0.206396 - 0.154023, abs=1e-5) and high == pytest.approx(0.206396 + 0.154023, abs=1e-5)
    # 0 of 10: the lower bound is exactly 0, the upper z²/(n + z²)
    assert compute_wilson_interval(0, 10, z=1.96) == (0.0, pytest.approx(1.96 ** 2 / (10 + 1.96 ** 2)))
    low, high = compute_wilson_interval(pd.Series([5, 50]), pd.Series([10, 100]))
    assert (high - low).iloc[0] > (high - low).iloc[1]  # the small district's interval is wider
    assert math.isnan(compute_wilson_interval(0, 0)[0])
    with pytest.raises(InputError, match="分子と分母"):
        compute_wilson_interval(12, 10)


def _aid_file(tmp_path, body, *, encoding="cp932", name="aid.csv"):
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def test_good_city_file_and_its_rates(tmp_path):
    body = ("15213,2023,東小学校区,小学校,\"1,200\",10,110,\n15213,2023,東小学校区,中学校,600,5,55,\n"
            "15213,2023,山の小学校区,小学校,30,0,4,認定基準 1.3 倍\n15204,2023,よその地区,小学校,100,1,9,\n")
    path = _aid_file(tmp_path, body)
    assert check_template_file(path, get_template("school-aid-district")).startswith("OK")
    aid = load_school_aid(path, city_code="15213", echo=lambda line: None)
    assert provenance_of(aid).kind == "real" and set(aid["city_code"]) == {"15213"}  # 三条市's row left out
    rates = compute_aid_rates(aid, year=2023)
    assert rates.loc["東小学校区", "受給者数"] == 180 and rates.loc["東小学校区", "受給率"] == pytest.approx(180 / 1800)
    assert rates.loc["山の小学校区", "下限"] == pytest.approx(compute_wilson_interval(4, 30)[0])
    published = publish_aid_table(aid, year=2023)
    assert pd.isna(published.loc["山の小学校区", "準要保護"]) and pd.isna(published.loc["山の小学校区", "受給率"])
    assert published.loc["山の小学校区", "要保護"] == 0       # zero is shown
    assert published.loc["計", "計"] == 184                 # totals stay; the small cells cannot be recovered from them
    assert pd.isna(published.loc["東小学校区", "準要保護"]) or pd.isna(published.loc["計", "準要保護"])


def test_bad_files_are_listed_and_nothing_is_loaded(tmp_path):
    path = _aid_file(tmp_path, "1521,2023,東小学校区,小学校,100人,1,5,\n15213,2023,東小学校区,高校,100,1,5,\n"
                               "15213,2023,東小学校区,小学校,100,*,5,\n")
    with pytest.raises(TemplateError) as info:
        load_school_aid(path, city_code="15213")
    text = str(info.value)
    assert "2 行目「市区町村コード」" in text and "2 行目「児童生徒数」" in text and "単位" in text
    assert "3 行目「学校種」" in text and "4 行目「要保護」" in text and "1 件も読み込んでいません" in text
    over = _aid_file(tmp_path, "15213,2023,東小学校区,小学校,10,4,8,\n", name="over.csv")
    with pytest.raises(TemplateError, match="2 行目「準要保護」.*児童生徒数より多く"):
        load_school_aid(over, city_code="15213")
    with pytest.raises(DataFormatError, match="15213 の行がありません"):
        load_school_aid(_aid_file(tmp_path, "15204,2023,A,小学校,10,1,1,\n", name="other.csv"), city_code="15213")


def test_child_indicators_on_real_ssdse(real_data):
    indicators = compute_child_indicators(load_municipal_children(echo=lambda line: None))
    tsubame = indicators.loc["15213"]
    assert tsubame["15歳未満の割合"] == pytest.approx(8863 / 77201)
    assert tsubame["保育所等（15歳未満千人当たり）"] == pytest.approx(17 / 8863 * 1000)
    assert tsubame["教育費（児童生徒1人当たり、千円）"] == pytest.approx(5_852_323 / (3448 + 1779))


def test_practice_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    aid = load_school_aid(city_code="15213", echo=lambda line: None)
    assert provenance_of(aid).is_practice and set(aid["city_code"]) == {"99201"}
    assert aid["district"].str.contains("練習").all() and sorted(aid["year"].unique()) == [2021, 2022, 2023]
    rates = compute_aid_rates(aid, year=2023)
    assert (rates["受給者数"] < 10).any()  # a small district for the suppression lesson
    welfare = load_prefecture_welfare(data_source="practice", echo=lambda line: None)
    assert set(welfare["area_code"]) == {"00000", "95000", "96000", "97000", "98000", "99000"}
    assert sorted(welfare.loc[welfare["item"] == "A8401", "year"].unique()) == [2010, 2015, 2020]
    national = welfare[(welfare["item"] == "A1101") & (welfare["area_code"] == "00000")].set_index("year")["value"]
    parts = welfare[(welfare["item"] == "A1101") & (welfare["area_code"] != "00000")].groupby("year")["value"].sum()
    assert (national - parts).abs().max() <= 5  # 全国 = Σ prefectures (each rounded down to a person)
