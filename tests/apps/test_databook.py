"""統計データブック from real data: 燕市 (with 社人研 2023 and the 新潟県 map) and 横須賀市 (no boundaries cached)."""

import re
import zlib

import pytest
from click.testing import CliRunner

from curriculum.apps.databook.build import build_databook, compute_indicators, compute_rankings, load_sources, write_databook
from curriculum.cli.databook import databook
from tests.realdata import REAL_DATA, require_real


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    require_real(REAL_DATA / "ssdse")
    mp = pytest.MonkeyPatch()
    mp.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    yield load_sources()
    mp.undo()


def embedded_fonts(pdf: bytes) -> list[bytes]:
    names = re.findall(rb"/BaseFont\s*/([\w+-]+)", pdf)
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            names += re.findall(rb"/BaseFont\s*/([\w+-]+)", zlib.decompress(pdf[match.end():end]))
        except zlib.error:
            continue
    return names


def test_tsubame(sources, tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    paths = write_databook("15213", tmp_path, sources=sources)
    text = paths["html"].read_text(encoding="utf-8")
    assert "新潟県燕市 統計データブック" in text
    assert "77,201" in text  # census 2020 = SSDSE-A 総人口
    assert "54136" in text or "54,136" in text  # 社人研 令和5年推計 2050
    for source in ("SSDSE-A-2026", "令和2年国勢調査", "住民基本台帳", "将来推計人口", "国土数値情報"):
        assert f"出典：" in text and source in text
    # every chart has its 出典 line right after it
    charts = text.split("<img")[1:]
    assert len(charts) == 4  # pyramid, projection, 特化係数, map
    assert all(chart.split(">", 1)[1].startswith("<p class='source'>出典：") for chart in charts)
    assert "三条市" in text  # a neighbour (shares a boundary with 燕市)
    pdf = paths["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF") and any(b"IPAex" in name for name in embedded_fonts(pdf))


def test_rankings_are_within_the_prefecture(sources):
    indicators = compute_indicators(sources["ssdse"])
    ranks = compute_rankings(indicators, "15213").set_index("指標")
    assert ranks.loc["総人口", "市町村数"] == 30 and ranks.loc["総人口", "値"] == 77_201
    niigata = indicators[indicators["都道府県"] == "新潟県"]["総人口"]
    assert ranks.loc["総人口", "県内順位"] == int((niigata > 77_201).sum() + 1)


def test_another_city_without_boundaries(sources, tmp_path):
    book = build_databook("14201", **sources)
    assert book.name == "神奈川県横須賀市"
    assert any("境界がキャッシュにない" in note for note in book.notes)
    assert book.juki_series["基準日"].tolist() == ["2013-03-31", "2018-01-01", "2023-01-01"]
    assert len(book.peers) == 5 and "14201" not in book.peers.index
    paths = write_databook("14201", tmp_path, sources=sources)
    assert paths["pdf"].stat().st_size > 50_000


def test_cli_bad_code(tmp_path):
    result = CliRunner().invoke(databook, ["1521", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "5 桁" in result.output and "Traceback" not in result.output
