"""Census mesh reader and 秘匿 group shares: official totals, raw-file agreement, bad input."""

import csv
import io
import zipfile

import pandas as pd
import pytest

from curriculum.data import compute_mesh_share, compute_secrecy_groups, read_census_mesh
from curriculum.errors import DataFormatError


def raw_table(path):
    """The file's rows read with the csv module only (independent of the reader)."""
    raw = zipfile.ZipFile(path).read(zipfile.ZipFile(path).namelist()[0]) if path.suffix == ".zip" else path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp932")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], [r for r in rows[1:] if r[0]]


@pytest.mark.parametrize("stats_id, mesh1, rows, total, processing", [
    ("T001101", "5240", 1768, 115_588, [1115, 284, 369]),
    ("T001102", "5240", 4397, 115_588, None),
    ("T001101", "5130", 806, 98_387, None),
    ("T001101", "5031", 4707, 532_512, None),
])
def test_official_totals(real_fetch, stats_id, mesh1, rows, total, processing):
    table = read_census_mesh(real_fetch("estat-census-mesh-2020", stats_id=stats_id, mesh1=mesh1))
    assert len(table) == rows
    assert int(table[f"{stats_id}001"].sum()) == total
    if processing:
        assert table["HTKSYORI"].value_counts().sort_index().tolist() == processing
    assert table.attrs["mesh_level"] == {"T001101": "500m", "T001102": "250m"}[stats_id]


def test_500m_and_250m_totals_agree(real_fetch):
    h = read_census_mesh(real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5240"))
    q = read_census_mesh(real_fetch("estat-census-mesh-2020", stats_id="T001102", mesh1="5240"))
    assert int(h["T001101001"].sum()) == int(q["T001102001"].sum()) == 115_588


def test_hiroshima_package_without_label_row(real_fetch):
    table = read_census_mesh(real_fetch("estat-census-mesh-2020-hiroshima"))
    assert len(table) == 13_975
    assert int(table["T001101001"].sum()) == 2_799_702
    assert table["HTKSYORI"].value_counts().sort_index().tolist() == [7182, 2659, 4134]
    assert table.attrs["labels"]["T001101019"] == "６５歳以上人口 総数"
    naive = table["T001101019"] / table["T001101001"]
    assert int((naive > 1).sum()) == 562  # the trap the API must not fall into
    shares = compute_mesh_share(table, "T001101019")
    assert float(shares["share"].max()) <= 1.0


def test_values_match_the_raw_file_and_stars_are_missing(real_fetch):
    path = real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5240")
    header, rows = raw_table(path)
    table = read_census_mesh(path)
    assert table["KEY_CODE"].tolist() == [r[0] for r in rows]
    for column_index, code in enumerate(header[4:], start=4):
        raw = [None if r[column_index] == "*" else int(r[column_index]) for r in rows]
        got = [None if pd.isna(v) else int(v) for v in table[code]]
        assert got == raw, code
    stars = sum(cell == "*" for r in rows for cell in r[4:])
    assert int(table.iloc[:, 4:].isna().sum().sum()) == stars > 0
    assert table.loc[table["HTKSYORI"] == 2, "T001101001"].notna().all()  # totals are never suppressed
    assert table.attrs["labels"]["T001101022"] == "７５歳以上人口 総数"


def test_lf_file_reads_like_crlf(real_fetch):
    path = real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5130")
    assert b"\r\n" not in path.read_bytes()[:2000]
    table = read_census_mesh(path)
    assert int(table["T001101019"].sum()) == 35_685


def test_group_share_never_exceeds_one_and_equals_group_sums(real_fetch):
    table = read_census_mesh(real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5031"))
    naive = table["T001101019"] / table["T001101001"]
    assert int((naive > 1).sum()) == 181
    shares = compute_mesh_share(table, "T001101019")
    assert float(shares["share"].max()) <= 1.0
    receiver = table[table["HTKSYORI"] == 1].iloc[0]
    members = [receiver["KEY_CODE"], *receiver["GASSAN"].split(";")]
    group = table[table["KEY_CODE"].isin(members)]
    expected = group["T001101019"].sum() / group["T001101001"].sum()
    for code in members:
        assert shares.loc[code, "share"] == pytest.approx(float(expected))
        assert shares.loc[code, "basis"] == "group"
    plain = table[table["HTKSYORI"] == 0].iloc[0]
    assert shares.loc[plain["KEY_CODE"], "share"] == pytest.approx(plain["T001101019"] / plain["T001101001"])


def test_secrecy_groups_point_donors_at_receivers(real_fetch):
    table = read_census_mesh(real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5240"))
    groups = compute_secrecy_groups(table)
    donors = table[table["HTKSYORI"] == 2]
    assert (groups[donors["KEY_CODE"]].to_numpy() == donors["HTKSAKI"].to_numpy()).all()
    assert set(groups[donors["KEY_CODE"]]) <= set(table.loc[table["HTKSYORI"] == 1, "KEY_CODE"])


def test_donor_outside_the_table_is_flagged_incomplete():
    table = pd.DataFrame({
        "KEY_CODE": ["524040503", "524040513"], "HTKSYORI": [1, 0], "HTKSAKI": [pd.NA, pd.NA],
        "GASSAN": ["524040601", pd.NA], "T001101001": [21, 5], "T001101019": [27, 2],
    })
    shares = compute_mesh_share(table, "T001101019")
    assert shares.loc["524040503", "basis"] == "incomplete group"
    assert shares.loc["524040513", "basis"] == "mesh"


@pytest.fixture
def raw_5240(real_fetch, tmp_path):
    path = real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5240")
    return zipfile.ZipFile(path).read("tblT001101H5240.txt"), tmp_path


@pytest.mark.parametrize("mutate, fragment", [
    (lambda raw: raw.split(b"\r\n", 1)[1], "地域メッシュ統計の表ではない"),  # code row missing
    (lambda raw: raw.replace(b",*,", b",x,", 1), "数値でも秘匿"),
    (lambda raw: raw.replace(b"524040513,2,", b"524040513,7,", 1), "HTKSYORI"),
    (lambda raw: raw.replace(b"\r\n524040303,", b"\r\n5.24E+08,", 1), "KEY_CODE"),  # Excel damage
    (lambda raw: raw[: len(raw) - 37], "列数"),
    (lambda raw: "地域コード,都道府県\nR15213,新潟県\n".encode("cp932"), "地域メッシュ統計の表ではない"),
])
def test_bad_input_gets_a_clear_error(raw_5240, mutate, fragment):
    raw, tmp = raw_5240
    bad = tmp / "tblT001101H5240.txt"
    bad.write_bytes(mutate(raw))
    with pytest.raises(DataFormatError) as info:
        read_census_mesh(bad)
    assert fragment in str(info.value)
    assert str(bad) in str(info.value)


def test_truncated_zip_and_empty_file(real_fetch, tmp_path):
    raw = real_fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5240").read_bytes()
    truncated = tmp_path / "tblT001101H5240.zip"
    truncated.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(DataFormatError, match="zip ファイルが壊れています"):
        read_census_mesh(truncated)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(DataFormatError, match="空"):
        read_census_mesh(empty)


def test_levels_of_the_reader_agree_with_the_catalogue_and_curriculum_mesh():
    from curriculum import mesh
    from curriculum.data.census_mesh import MESH_STATISTICS_LEVELS, census_mesh_stats

    assert set(census_mesh_stats()["level"]) == set(MESH_STATISTICS_LEVELS)
    assert [mesh.LEVELS[level][0] for level in MESH_STATISTICS_LEVELS] == [8, 9, 10]
