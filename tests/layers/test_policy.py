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


def test_offline_message_and_record(empty_cache, tmp_path, monkeypatch):
    from curriculum.layers.policy import OFFLINE_NOTE

    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    lines = []
    source = fetch_or_practice("ssdse-a-2026", data_source="cache", echo=lines.append)
    assert OFFLINE_NOTE in lines[0] and OFFLINE_NOTE in source.provenance.note
    assert source.provenance.kind == "practice" and source.path.parent == tmp_path / "practice"


def test_corrupt_cached_file_is_an_error_not_practice(empty_cache, tmp_path, monkeypatch):
    import shutil

    from curriculum.errors import ChecksumError
    from realdata import real_file

    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    broken = empty_cache / "SSDSE-A-2026.csv"
    shutil.copy(real_file("ssdse", "SSDSE-A-2026.csv"), broken)
    with broken.open("r+b") as f:  # a download cut short
        f.truncate(broken.stat().st_size // 2)
    with pytest.raises(ChecksumError, match="sha256"):
        fetch_or_practice("ssdse-a-2026", echo=lambda _: None)
    assert not (tmp_path / "practice").exists()


def test_malformed_real_file_reaches_the_caller(tmp_path):
    """real_or_practice falls back only on DataNotFoundError: a reader's DataFormatError goes through."""
    from curriculum.errors import DataFormatError
    from curriculum.layers.policy import real_or_practice

    bad = tmp_path / "SSDSE-A-2026.csv"
    bad.write_text("not,an,ssdse\n1,2,3\n", encoding="utf-8")
    used = []
    with pytest.raises(DataFormatError):
        real_or_practice(lambda: read_ssdse(bad), used.append, title="SSDSE-A", echo=lambda _: None)
    assert used == []


def test_unknown_data_source_is_named(real_data):
    from curriculum.errors import CurriculumError

    with pytest.raises(CurriculumError, match="cache / download / practice"):
        fetch_or_practice("ssdse-a-2026", data_source="online", echo=lambda _: None)
