"""The statistics layers: real tables with their 出典, practice 練習国 tables when asked or offline."""

import pytest

from curriculum.errors import DataNotFoundError
from curriculum.layers.statistics import (load_accommodation_survey, load_municipal_statistics,
                                          load_prefecture_series, place_of)
from curriculum.provenance import provenance_of


def test_real_tables(real_data):
    lines = []
    municipal = load_municipal_statistics(echo=lines.append)
    assert provenance_of(municipal).kind == "real" and int(municipal["A1101"].sum()) == 126_146_099
    assert place_of(municipal, "15213") == {"city_code": "15213", "city_name": "燕市", "pref_code": "15",
                                            "pref_name": "新潟県"}
    series = load_prefecture_series(echo=lines.append)
    assert int(series.loc[("15000", 2022), "G7101"]) == 6_739_470
    assert int(series.xs(2020, level="year")["A1101"].sum()) == 126_146_099
    assert lines[0].startswith("出典：「SSDSE-A-2026") and "SSDSE-B-2025" in lines[1]
    with pytest.raises(DataNotFoundError, match="99999"):
        place_of(municipal, "99999")


def test_practice_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    lines = []
    municipal = load_municipal_statistics(data_source="practice", echo=lines.append)
    assert provenance_of(municipal).is_practice
    assert place_of(municipal, "15213")["city_name"] == "練習市"
    industries = [c for c in municipal.columns if c.startswith("C2208") and c != "C2208"]
    assert (municipal[industries].sum(axis=1) == municipal["C2208"]).all()
    survey = load_accommodation_survey(data_source="practice", echo=lines.append)
    assert set(survey["pref_code"]) == {"00", "95", "96", "97", "98", "99"}
    series = load_prefecture_series(data_source="practice", echo=lines.append)
    assert series.index.get_level_values("year").min() == 2011
    assert all("練習用・架空" in line for line in lines)


def test_offline_falls_back_to_practice(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    lines = []
    series = load_prefecture_series(echo=lines.append)
    assert provenance_of(series).is_practice and "オフラインのため" in provenance_of(series).note
    assert "オフラインのため" in lines[0]
