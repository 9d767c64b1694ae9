"""The running-example city: one setting (env > course.json > 燕市), codes checked against real lists."""

import json

import pandas as pd
import pytest

from curriculum.city import DEFAULT_CITY_CODE, check_digit, city_code, lookup_city, normalise_city_code, running_city
from curriculum.config import CITY_CODE_ENV
from curriculum.errors import InputError
from curriculum.layers.policy import fetch_or_practice
from tests.realdata import real_file


@pytest.fixture(autouse=True)
def _no_city_env(monkeypatch):
    monkeypatch.delenv(CITY_CODE_ENV, raising=False)


def test_check_digit_matches_every_code_of_the_official_juki_table():
    # The 住基 table prints each municipality's 6-digit code with its check digit: an independent list.
    path = real_file("population", "soumu_juki_2023-01-01_age5_sex_municipalities_2304ssnen.xlsx")
    codes = pd.read_excel(path, header=None, dtype=str, usecols=[0], engine="openpyxl")[0].dropna()
    codes = codes[codes.str.fullmatch(r"\d{6}")].unique()
    assert len(codes) > 1700
    assert [c for c in codes if check_digit(c[:5]) != c[5]] == []


def test_six_digit_code_with_wrong_check_digit_is_refused():
    assert normalise_city_code("152137") == "15213"
    with pytest.raises(InputError, match="152130"):
        normalise_city_code("152130")
    for bad in ("abcde", "152", "", "99999", "00100", "1521x"):
        with pytest.raises(InputError):
            normalise_city_code(bad)


def test_setting_order_env_then_course_json_then_default(tmp_path, monkeypatch):
    assert city_code(start=tmp_path) == DEFAULT_CITY_CODE
    (tmp_path / "course.json").write_text(json.dumps({"city_code": "15100"}), encoding="utf-8")
    inner = tmp_path / "autograded" / "a1001" / "b00"
    inner.mkdir(parents=True)
    assert city_code(start=inner) == "15100"
    monkeypatch.setenv(CITY_CODE_ENV, "13101")
    assert city_code(start=inner) == "13101"


def test_unknown_or_ward_code_is_named_in_the_error(real_data):
    assert lookup_city("15100").name == "新潟市"
    with pytest.raises(InputError, match="15101"):  # 新潟市北区: a ward, not in SSDSE-A
        lookup_city("15101")
    with pytest.raises(InputError, match="15201"):  # unused code
        lookup_city("15201")


def test_sources_follow_the_city_setting(real_data, monkeypatch):
    monkeypatch.setenv(CITY_CODE_ENV, "15100")
    source = fetch_or_practice("ssdse-a-2026", data_source="cache", echo=lambda *_: None)
    assert (source.city_code, source.city_name, source.place["pref_name"]) == ("15100", "新潟市", "新潟県")
    monkeypatch.delenv(CITY_CODE_ENV)
    assert running_city().name == "燕市"
