"""観光入込客数: the template validator on good and bad 所管課 files, the practice table, the city analysis."""

import pandas as pd
import pytest

from curriculum.errors import DataFormatError
from curriculum.provenance import provenance_of
from curriculum.templates import TemplateError, check_template_file, get_template
from curriculum.themes.tourism.city_data import (compute_city_seasonal_index, compute_spot_table, get_city_monthly,
                                                 load_visitor_counts)

HEADER = "市区町村コード,観光地点名,地点の分類,年月,入込客数（人）,県外客の割合（％）,集計方法,備考\n"


def _city_file(tmp_path, body: str, *, encoding="cp932", name="visitors.csv"):
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def _year_of_rows(spot="道の駅", kind="都市型観光（買物・食等）", base=1000):
    return "".join(f"15213,{spot},{kind},2023-{m:02d},{base + 100 * m},,実数,\n" for m in range(1, 13))


def test_city_file_in_cp932_is_read(tmp_path):
    path = _city_file(tmp_path, _year_of_rows() + "15213,花火大会,行祭事・イベント,2023-08,\"50,000\",40,実数,\n"
                      + "15204,よその地点,自然,2023-08,10,,推計,\n")
    assert check_template_file(path, get_template("tourism-visitors")).startswith("OK")
    lines = []
    visitors = load_visitor_counts(path, city_code="15213", echo=lines.append)
    assert provenance_of(visitors).kind == "real" and "visitors.csv" in lines[0]
    assert len(visitors) == 13 and set(visitors["city_code"]) == {"15213"}  # 三条市's row left out
    monthly = get_city_monthly(visitors, year=2023)
    assert monthly[8] == 1800 + 50_000 and monthly[1] == 1100
    index = compute_city_seasonal_index(visitors, year=2023)
    assert index[8] == pytest.approx(51_800 / (monthly.sum() / 12) * 100)
    table = compute_spot_table(visitors, year=2023)
    assert table.loc["花火大会", "集計した月数"] == 1 and table.loc["花火大会", "ピーク月の割合"] == 1.0
    assert table["構成比"].sum() == pytest.approx(1.0)


def test_bad_files_list_rows_and_columns(tmp_path):
    path = _city_file(tmp_path, "15213,道の駅,都市型観光（買物・食等）,2023-01,1.2万,,実数,\n"
                                "1521,道の駅,都市型観光（買物・食等）,2023-02,1000,,実数,\n"
                                "15213,道の駅,観光,2023-13,1000,,実数,\n")
    with pytest.raises(TemplateError) as info:
        load_visitor_counts(path, city_code="15213")
    text = str(info.value)
    assert "2 行目「入込客数」" in text and "単位" in text           # 1.2万: a unit mixed into a number
    assert "3 行目「市区町村コード」" in text                         # 4 digits: leading zero or a typo
    assert "4 行目「地点の分類」" in text and "4 行目「年月」" in text
    assert "1 件も読み込んでいません" in text


def test_missing_month_is_an_error_not_a_zero(tmp_path):
    body = "".join(f"15213,道の駅,都市型観光（買物・食等）,2023-{m:02d},1000,,実数,\n" for m in range(1, 12))
    visitors = load_visitor_counts(_city_file(tmp_path, body), city_code="15213", echo=lambda line: None)
    with pytest.raises(DataFormatError, match="1〜12 月"):
        compute_city_seasonal_index(visitors, year=2023)


def test_wrong_city_is_a_clear_error(tmp_path):
    with pytest.raises(DataFormatError, match="15213 の行がありません"):
        load_visitor_counts(_city_file(tmp_path, _year_of_rows().replace("15213", "15204")), city_code="15213")


def test_practice_table_is_labelled_and_in_the_template(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    lines = []
    visitors = load_visitor_counts(city_code="15213", echo=lines.append)
    assert provenance_of(visitors).is_practice and lines[0].startswith("[練習用・架空]")
    assert set(visitors["city_code"]) == {"99201"} and visitors["spot"].str.contains("練習用・架空").all()
    assert sorted(visitors["year"].unique()) == [2022, 2023]
    monthly = get_city_monthly(visitors, year=2023)
    assert list(monthly.index) == list(range(1, 13)) and monthly.idxmax() == 8  # the fireworks month
    events = visitors[visitors["spot_type"] == "行祭事・イベント"]
    assert (events.groupby(["spot", "year"]).size() == 1).all()  # an event has a row only in the month it is held
    assert isinstance(compute_spot_table(visitors, year=2023), pd.DataFrame)
