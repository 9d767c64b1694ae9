"""Practice data: same readers as the real files, internally consistent, deterministic, labelled."""

import hashlib

import pytest

from curriculum.data import (
    compute_mesh_share, merge_mesh_statistics, read_census_mesh, read_gtfs_jp, read_mesh_boundary, read_n03,
    read_p04, read_ssdse,
)
from curriculum.practice.build import build_practice_data


def test_ssdse_rows_are_consistent(practice_files):
    frame = read_ssdse(practice_files["ssdse"])
    assert frame.index.tolist() == ["99201", "99202", "99203", "99341", "99342", "99343"]
    assert (frame["Prefecture"] == "練習県").all() and frame["Municipality"].str.startswith(("練習", "北練習", "南練習")).all()
    assert (frame["A110101"] + frame["A110102"] == frame["A1101"]).all()
    assert (frame["A1301"] + frame["A1302"] + frame["A1303"] == frame["A1101"]).all()
    assert (frame["A1419"] <= frame["A1303"]).all()
    assert frame.attrs["labels"]["A1303"] == "65歳以上人口"
    assert frame.attrs["years"]["A4101"] == "2023"


def test_mesh_table_sums_to_municipal_totals_and_has_secrecy(practice_files):
    ssdse = read_ssdse(practice_files["ssdse"])
    table = read_census_mesh(practice_files["census_mesh"])
    assert int(table["T001141001"].sum()) == int(ssdse["A1101"].sum())
    counts = table["HTKSYORI"].value_counts()
    assert counts.get(1, 0) > 0 and counts.get(2, 0) >= counts.get(1, 0)
    assert table.loc[table["HTKSYORI"] == 2, "T001141019"].isna().all()
    visible = table[table["HTKSYORI"] == 0]
    assert (visible["T001141004"] + visible["T001141010"] + visible["T001141019"] == visible["T001141001"]).all()
    naive = table["T001141019"] / table["T001141001"]
    assert int((naive > 1).sum()) > 0  # the practice file shows the trap too
    assert float(compute_mesh_share(table, "T001141019")["share"].max()) <= 1.0


def test_mesh_boundary_covers_the_table(practice_files):
    boundary = read_mesh_boundary(practice_files["mesh_boundary"])
    table = read_census_mesh(practice_files["census_mesh"])
    merged = merge_mesh_statistics(boundary, table)
    assert len(merged) > len(table) and int(merged["T001141001"].sum()) == int(table["T001141001"].sum())
    assert boundary["KEY_CODE"].str.startswith("5738").all()


def test_boundaries_hospitals_and_feed(practice_files):
    cities = read_n03(practice_files["n03"])
    assert cities["name"].tolist() == ["練習市", "北練習市", "南練習市", "練習東町", "練習西町", "練習山村"]
    assert cities.geometry.is_valid.all()
    assert 40 < cities["area_km2"].min() and cities["area_km2"].sum() < 600
    hospitals = read_p04(practice_files["p04"], kinds=(1,))
    assert len(hospitals) >= 6 and hospitals["name"].str.contains("練習用・架空").all()
    inside = hospitals.sjoin(cities[["geometry"]], predicate="within")
    assert len(inside) == len(hospitals)
    feed = read_gtfs_jp(practice_files["gtfs"])
    assert "練習用・架空" in feed.feed.agency["agency_name"].iloc[0]


def test_readme_labels_everything(practice_files):
    readme = (practice_files["ssdse"].parent / "README.md").read_text(encoding="utf-8")
    assert "練習用・架空データ" in readme
    for path in practice_files.values():
        assert path.name.startswith("practice_") and path.name in readme


def test_deterministic(tmp_path, practice_files):
    again = build_practice_data(tmp_path / "again")
    for key, path in practice_files.items():
        if key == "mesh_boundary":  # shapefile writers stamp the date into the dbf header
            continue
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(again[key].read_bytes()).digest(), key
    assert read_mesh_boundary(again["mesh_boundary"])["KEY_CODE"].tolist() == \
        read_mesh_boundary(practice_files["mesh_boundary"])["KEY_CODE"].tolist()


def test_other_seed_moves_numbers(tmp_path, practice_files):
    other = build_practice_data(tmp_path / "seed1", seed=1)
    assert read_ssdse(other["ssdse"])["A1101"].tolist() != read_ssdse(practice_files["ssdse"])["A1101"].tolist()


def test_mesh_files_are_named_like_the_official_downloads(practice_files):
    """The statsId, letter and level come from the catalogue and curriculum.mesh, not from copies."""
    import zipfile

    from curriculum.data.census_mesh import census_mesh_stats, census_stats_id

    stats_id = census_stats_id("500m")
    letter = census_mesh_stats().loc[stats_id, "mesh_letter"]
    table = read_census_mesh(practice_files["census_mesh"])
    assert (table.attrs["stats_id"], table.attrs["mesh_level"]) == (stats_id, "500m")
    assert practice_files["census_mesh"].name == f"practice_tbl{stats_id}{letter}5738.zip"
    with zipfile.ZipFile(practice_files["census_mesh"]) as zf:
        assert zf.namelist() == [f"tbl{stats_id}{letter}5738.txt"]
    assert practice_files["mesh_boundary"].name == f"practice_{letter}DDSW{letter}5738.zip"
