"""特定健診の様式 health-checkups: the validator on good and bad 所管課 files, the loader's checks, the practice table."""

import pandas as pd
import pytest

from curriculum.errors import DataFormatError
from curriculum.provenance import provenance_of
from curriculum.templates import TemplateError, check_template_file, get_template
from curriculum.templates.health import CHECKUP_AGE_CLASSES
from curriculum.themes.health_promotion.data import load_checkups
from curriculum.themes.health_promotion.indicators import (compute_checkup_rates, compute_crude_checkup_rate,
                                                           compute_standardised_checkup_rate)

HEADER = "市区町村コード,年度,性別,年齢階級,対象者数（人）,受診者数（人）,備考\n"


def _year_rows(year=2023, city="15213", examined=lambda i: 100 + 50 * i, eligible=lambda i: 1000):
    return "".join(f"{city},{year},{sex},{age},\"{eligible(i):,}\",{examined(i)},\n"
                   for sex in ("男", "女") for i, age in enumerate(CHECKUP_AGE_CLASSES))


def _city_file(tmp_path, body: str, *, encoding="cp932"):
    path = tmp_path / "checkups.csv"
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def test_good_file_in_cp932_is_read_and_rates_follow(tmp_path):
    path = _city_file(tmp_path, _year_rows() + _year_rows(city="15204"))  # 三条市's rows are left out
    assert check_template_file(path, get_template("health-checkups")).startswith("OK")
    lines = []
    checkups = load_checkups(path, city_code="15213", echo=lines.append)
    assert provenance_of(checkups).kind == "real" and "checkups.csv" in lines[0]
    assert len(checkups) == 14 and set(checkups["city_code"]) == {"15213"}
    rates = compute_checkup_rates(checkups, year=2023)
    # each class: (2 × (100 + 50 i)) / 2000 — 0.10, 0.15, … 0.40
    assert rates["受診率"].tolist() == pytest.approx([0.10 + 0.05 * i for i in range(7)])
    assert compute_crude_checkup_rate(checkups, year=2023) == pytest.approx(sum(2 * (100 + 50 * i) for i in range(7)) / 14000)
    # a standard with everyone in 70～74歳 gives that class's rate; an even standard gives the mean of the rates
    standard = pd.Series(0, index=list(CHECKUP_AGE_CLASSES)).add(pd.Series({"70～74歳": 5}), fill_value=0)
    assert compute_standardised_checkup_rate(checkups, standard, year=2023) == pytest.approx(0.40)
    even = pd.Series(1, index=list(CHECKUP_AGE_CLASSES))
    assert compute_standardised_checkup_rate(checkups, even, year=2023, sex="女") == pytest.approx(0.25)


def test_bad_file_lists_rows_and_columns(tmp_path):
    body = ("15213,2023,男,40～44歳,1.2千,100,\n"       # a unit mixed into a number
            "1521,2023,男,45～49歳,1000,100,\n"        # 4 digits: the leading zero or a typo
            "15213,2023,男性,50-54歳,1000,100,\n")      # not the template's choices
    with pytest.raises(TemplateError) as info:
        load_checkups(_city_file(tmp_path, body), city_code="15213")
    text = str(info.value)
    assert "2 行目「対象者数」" in text and "単位" in text
    assert "3 行目「市区町村コード」" in text
    assert "4 行目「性別」" in text and "4 行目「年齢階級」" in text
    assert "1 件も読み込んでいません" in text


def test_more_examined_than_eligible_is_an_error(tmp_path):
    path = _city_file(tmp_path, _year_rows(examined=lambda i: 1200 if i == 3 else 100))
    with pytest.raises(DataFormatError, match="受診者数が対象者数より多い") as info:
        load_checkups(path, city_code="15213")
    assert "2023年度 男 55～59歳" in str(info.value)


def test_missing_class_is_an_error_not_a_gap(tmp_path):
    rows = _year_rows().splitlines(keepends=True)
    with pytest.raises(DataFormatError, match="そろっていません"):
        load_checkups(_city_file(tmp_path, "".join(rows[:-1])), city_code="15213")


def test_wrong_city_is_a_clear_error(tmp_path):
    with pytest.raises(DataFormatError, match="15213 の行がありません"):
        load_checkups(_city_file(tmp_path, _year_rows(city="15204")), city_code="15213")


def test_practice_table_is_labelled_and_in_the_template(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    lines = []
    checkups = load_checkups(city_code="15213", echo=lines.append)
    assert provenance_of(checkups).is_practice and lines[0].startswith("[練習用・架空]")
    assert set(checkups["city_code"]) == {"99201"} and (checkups["note"] == "練習用・架空").all()
    assert sorted(checkups["year"].unique()) == [2022, 2023] and len(checkups) == 28
    written = next(tmp_path.rglob("practice_health_checkups_99201.csv"))
    assert check_template_file(written, get_template("health-checkups")).startswith("OK")
    rates = compute_checkup_rates(checkups, year=2023)["受診率"]
    assert rates.is_monotonic_increasing  # the practice table's designed shape: older, more often checked
