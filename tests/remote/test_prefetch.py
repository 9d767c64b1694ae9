"""`curriculum hub prefetch`: the catalogue files the cohort's notebooks use, collected for an offline hub."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hubtools import REPO

from curriculum.hub.prefetch import notebook_needs, prefetch


def test_needs_are_read_from_the_notebooks_including_loop_parameters():
    needs, unresolved = notebook_needs(REPO / "basic" / "b07_maps" / "b07_maps.ipynb")
    labels = [n.label() for n in needs]
    assert "estat-census-mesh-2020 mesh1=5240 stats_id=T001101" in labels
    # Without a city, a call whose parameter is the cohort's city (TARGET) is reported, not guessed ...
    assert unresolved == ["fetch_or_practice('ksj-n03-city', city_code=TARGET)"]
    # ... and with the cohort's city it is that city's file.
    needs, unresolved = notebook_needs(REPO / "basic" / "b07_maps" / "b07_maps.ipynb", city_code="18207")
    assert "ksj-n03-city city_code=18207" in [n.label() for n in needs] and unresolved == []


def test_prefetch_copies_verified_files_that_give_the_official_totals(tmp_path):
    from realdata import REAL_DATA, require_real

    from curriculum.data.ssdse import read_ssdse

    source = require_real(REAL_DATA)
    report = prefetch([REPO / "basic" / "b00_orientation", REPO / "basic" / "b05_decompose"], tmp_path / "hub-data",
                      source=source)
    assert report.failed == [] and report.unresolved == []
    assert sorted(n.dataset_id for n, _ in report.fetched) == ["juki-2018", "juki-2019", "juki-age-2023", "ssdse-a-2026"]
    for _, path in report.fetched:
        assert path.is_relative_to(tmp_path / "hub-data") and path.stat().st_size > 0
    ssdse = next(p for n, p in report.fetched if n.dataset_id == "ssdse-a-2026")
    frame = read_ssdse(ssdse)
    assert int(frame["A1101"].sum()) == 126_146_099 and int(frame.loc["15213", "A1101"]) == 77_201
    listed = json.loads((tmp_path / "hub-data" / "prefetch.json").read_text(encoding="utf-8"))
    assert {e["dataset_id"] for e in listed} == {"juki-2018", "juki-2019", "juki-age-2023", "ssdse-a-2026"}


def test_prefetch_command_names_what_it_cannot_get(tmp_path, monkeypatch):
    from curriculum.cli import main

    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(tmp_path / "empty"))
    # an empty cache and no internet: the command fails and says which files are missing
    nb = REPO / "basic" / "b00_orientation"
    result = CliRunner().invoke(main, ["hub", "prefetch", "--notebooks", str(nb), "--out", str(tmp_path / "out"),
                                       "--from", str(tmp_path / "empty")])
    assert result.exit_code != 0 and "失敗: ssdse-a-2026" in result.output
