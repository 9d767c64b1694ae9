"""The catalogue is complete, and every name in it resolves to what the real data folder holds."""

from pathlib import Path

import re

import pytest

REPO = Path(__file__).resolve().parents[2]
from curriculum.data.catalogue import check_entry, entries, get_entry
from curriculum.errors import CatalogueError

REQUIRED_IDS = {
    "ssdse-a-2026", "estat-census-mesh-2020", "estat-mesh-boundary", "ksj-n03", "ksj-n03-city",
    "estat-shochiiki-boundary", "gtfs-data-jp", "ksj-p04-2020",
}


def test_every_entry_is_complete():
    problems = {entry_id: check_entry(entry) for entry_id, entry in entries().items()}
    assert {k: v for k, v in problems.items() if v} == {}
    assert REQUIRED_IDS <= set(entries())


def test_every_named_notebook_exists():
    for entry in entries().values():
        for notebook in entry.notebooks:
            assert (REPO / notebook).is_file(), f"{entry.id} names missing notebook {notebook}"


def test_every_reader_exists():
    import importlib

    for entry in entries().values():
        module, _, name = entry.reader.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name)), entry.reader


def test_ssdse_entry_is_the_official_file():
    entry = get_entry("ssdse-a-2026")
    assert entry.url == "https://www.nstac.go.jp/files/SSDSE-A-2026.csv"
    assert entry.sha256.startswith("1968d5c0") and entry.sha256.endswith("c196409")


@pytest.mark.parametrize("stats_id, letter", [
    ("T001140", "S"), ("T001141", "H"), ("T001142", "Q"), ("T001100", "S"), ("T001101", "H"), ("T001102", "Q"),
])
def test_census_mesh_urls(stats_id, letter):
    target = get_entry("estat-census-mesh-2020").resolve(stats_id=stats_id, mesh1="5638")
    assert target.url == f"https://www.e-stat.go.jp/gis/statmap-search/data?statsId={stats_id}&code=5638&downloadType=2"
    assert target.filename == f"tbl{stats_id}{letter}5638.zip"
    assert target.alt_filenames == (f"tbl{stats_id}{letter}5638.txt",)


def test_boundary_url_and_known_checksum():
    target = get_entry("estat-mesh-boundary").resolve(level="500m", mesh1="5240")
    assert target.filename == "HDDSWH5240.zip"
    assert "dlserveyId=H&code=5240" in target.url
    assert target.sha256 == "0f91e34ea1b9930a94ccb9b6600bc2c122a1f8379712b61f4d803a0881ef57ca"


def test_every_fixed_file_of_the_real_folder_is_catalogued(real_data):
    """Each catalogued checksum is the checksum of the real file of that name."""
    from curriculum.data.fetching import sha256_of

    for entry in entries().values():
        known = dict(entry.raw.get("sha256_by_file", {}))
        if entry.raw.get("sha256"):
            known[entry.raw["filename"]] = entry.raw["sha256"]
        for name, sha in known.items():
            matches = list(real_data.rglob(name))
            assert matches, f"{entry.id}: {name} not in the real-data folder"
            assert sha256_of(matches[0]) == sha, name


@pytest.mark.parametrize("call, fragment", [
    (lambda: get_entry("ssdse-a-2025"), "ssdse-a-2026"),
    (lambda: get_entry("estat-census-mesh-2020").resolve(stats_id="T001141"), "mesh1"),
    (lambda: get_entry("estat-census-mesh-2020").resolve(stats_id="T009999", mesh1="5638"), "T001141"),
    (lambda: get_entry("estat-census-mesh-2020").resolve(stats_id="T001141", mesh1="56381"), "形式が違います"),
    (lambda: get_entry("ssdse-a-2026").resolve(year="2026"), "パラメータ year はありません"),
])
def test_catalogue_errors_say_what_to_do(call, fragment):
    with pytest.raises(CatalogueError) as info:
        call()
    assert fragment in str(info.value)
    assert re.search(r"\[en\] ", str(info.value))


def test_catalogue_lists_every_notebook_that_uses_a_dataset():
    """Each dataset a notebook fetches names that notebook (so the 出典 list stays true)."""
    import json

    pattern = re.compile(r"""fetch(?:_or_practice)?\(\s*["']([a-z0-9-]+)["']""")
    for notebook in sorted([*REPO.glob("basic/*/*.ipynb"), *REPO.glob("follow_up/*/*.ipynb")]):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        used = {m for cell in cells if cell["cell_type"] == "code" for m in pattern.findall("".join(cell["source"]))}
        relative = notebook.relative_to(REPO).as_posix()
        for dataset_id in used:
            assert relative in get_entry(dataset_id).notebooks, f"{dataset_id} should list {relative}"
