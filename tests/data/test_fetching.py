"""fetch(): cache lookup, download with checksum, derived files, offline errors (local server only)."""

import hashlib
import shutil

import pytest

from curriculum.data import fetch, path, verify
from curriculum.data.catalogue import _load
from curriculum.errors import ChecksumError, DataNotFoundError

BODY = "SSDSE-A-2026,Prefecture,Municipality,A1101\n,,年度,2020\n地域コード,都道府県,市区町村,総人口\nR15213,新潟県,燕市,77201\n".encode("cp932")


def write_catalogue(folder, url, sha):
    folder.mkdir(exist_ok=True)
    (folder / "tiny.toml").write_text(f'''
id = "tiny"
title = "テスト用の小さな表"
publisher = "テスト"
landing_page = "http://127.0.0.1/"
url = "{url}"
filename = "tiny.csv"
sha256 = "{sha}"
source_kind = "official"
licence = "テスト"
licence_url = "http://127.0.0.1/"
attribution = "出典：テスト用データ"
encoding = "cp932"
format = "CSV"
reader = "curriculum.data.read_ssdse"
notebooks = []
''', encoding="utf-8")
    _load.cache_clear()
    return folder


@pytest.fixture
def served(httpserver, tmp_path, monkeypatch, empty_cache):
    httpserver.expect_request("/files/tiny.csv").respond_with_data(BODY, content_type="text/csv")
    catalogue = write_catalogue(tmp_path / "catalogue", httpserver.url_for("/files/tiny.csv"),
                                hashlib.sha256(BODY).hexdigest())
    monkeypatch.setenv("CURRICULUM_CATALOGUE_DIR", str(catalogue))
    yield empty_cache
    _load.cache_clear()


def test_download_verifies_and_caches(served, httpserver, capsys):
    first = fetch("tiny", progress=False)
    assert first == served / "tiny" / "tiny.csv"
    assert first.read_bytes() == BODY
    assert "出典：テスト用データ" in capsys.readouterr().out
    assert fetch("tiny", progress=False) == first
    assert len(httpserver.log) == 1  # the second call used the cache
    assert path("tiny") == first


def test_checksum_mismatch_after_download(httpserver, tmp_path, monkeypatch, empty_cache):
    httpserver.expect_request("/files/tiny.csv").respond_with_data(BODY + b"changed")
    catalogue = write_catalogue(tmp_path / "cat2", httpserver.url_for("/files/tiny.csv"), hashlib.sha256(BODY).hexdigest())
    monkeypatch.setenv("CURRICULUM_CATALOGUE_DIR", str(catalogue))
    with pytest.raises(ChecksumError, match="sha256 がカタログと一致しません"):
        fetch("tiny", progress=False)
    _load.cache_clear()


def test_corrupted_cached_file_is_reported_not_deleted(served):
    broken = served / "tiny.csv"
    broken.write_bytes(BODY[:-5])
    with pytest.raises(ChecksumError) as info:
        fetch("tiny", progress=False)
    assert str(broken) in str(info.value)
    assert broken.exists()  # loses no data


def test_offline_error_says_what_to_get_and_where(tmp_path, monkeypatch, empty_cache):
    catalogue = write_catalogue(tmp_path / "cat3", "http://127.0.0.1:9/files/tiny.csv", hashlib.sha256(BODY).hexdigest())
    monkeypatch.setenv("CURRICULUM_CATALOGUE_DIR", str(catalogue))
    with pytest.raises(DataNotFoundError) as info:
        fetch("tiny", progress=False)
    message = str(info.value)
    assert "tiny.csv" in message and "http://127.0.0.1:9/files/tiny.csv" in message
    assert str(empty_cache / "tiny" / "tiny.csv") in message and "CURRICULUM_DATA_DIR" in message
    _load.cache_clear()


def test_real_catalogue_offline_with_empty_cache(empty_cache):
    with pytest.raises(DataNotFoundError) as info:
        path("ssdse-a-2026")
    assert "https://www.nstac.go.jp/files/SSDSE-A-2026.csv" in str(info.value)
    with pytest.raises(DataNotFoundError, match="how_to_get|transitfeed/mlit.go.jp"):
        fetch("gtfs-mlit-sample")


def test_pre_downloaded_folder_counts_as_cache(real_fetch, real_data):
    assert real_fetch("ssdse-a-2026") == real_data / "ssdse" / "SSDSE-A-2026.csv"
    assert real_fetch("estat-census-mesh-2020", stats_id="T001102", mesh1="5240").name == "tblT001102Q5240.txt"
    assert real_fetch("gtfs-mlit-sample").is_dir()


def test_derived_file_is_rebuilt_byte_identical(real_data, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copy(real_data / "boundaries" / "estat_h27_shochiiki_15_niigata_all.dbf", cache)
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(cache))
    derived = fetch("estat-shochiiki-2015-tsubame-csv", quiet=True)
    assert derived == cache / "estat-shochiiki-2015-tsubame-csv" / "estat_h27_shochiiki_attrs_15213_tsubame.csv"
    # fetch verified the sha256 recorded for the published extract


def test_verify_reports_every_known_file(real_data):
    results = {(r.dataset_id, r.filename): r.status for r in verify()}
    assert results[("ssdse-a-2026", "SSDSE-A-2026.csv")] == "ok"
    assert results[("estat-census-mesh-2020", "tblT001101H5240.zip")] == "ok"
    assert results[("ksj-n03-city", "n03_15213.geojson")] == "ok"
    assert results[("gtfs-mlit-sample", "mlit_spec_sample_rinkobus")] == "no-checksum"
    assert "mismatch" not in results.values()


def test_file_changed_after_a_verified_fetch_is_caught(served):
    first = fetch("tiny", progress=False)
    first.write_bytes(BODY.replace(b"77201", b"77202"))  # same size, other bytes: hashed again
    with pytest.raises(ChecksumError):
        fetch("tiny", progress=False)
