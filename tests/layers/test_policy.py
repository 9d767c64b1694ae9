"""fetch_or_practice: real file when cached, labelled practice data otherwise."""

import pytest

from curriculum.data import read_ssdse
from curriculum.layers import fetch_or_practice
from curriculum.errors import DataNotFoundError


def test_real_file_when_available(real_data):
    lines = []
    source = fetch_or_practice("ssdse-a-2026", echo=lines.append)
    assert not source.practice and source.city_code == "15213"
    assert source.path == real_data / "ssdse" / "SSDSE-A-2026.csv"
    assert lines == ["出典：「SSDSE-A-2026 市区町村」（独立行政法人統計センター）"]


def test_practice_when_missing(empty_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    lines = []
    source = fetch_or_practice("ssdse-a-2026", echo=lines.append)
    assert source.practice and source.city_code == "99201" and source.city_name == "練習市"
    assert "練習用・架空データを使います" in lines[0]
    assert "練習用・架空データ" in lines[-1]
    assert read_ssdse(source.path).loc[source.city_code, "Municipality"] == "練習市"


def test_forced_practice(real_data, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    assert fetch_or_practice("ksj-n03-city", city_code="15213", echo=lambda _: None).practice


def test_no_practice_equivalent_reraises(empty_cache):
    with pytest.raises(DataNotFoundError, match="SSDSE-D-2023"):
        fetch_or_practice("ssdse-d-2023", echo=lambda _: None)
