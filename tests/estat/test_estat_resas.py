"""RESAS archive readers and the fail-fast live call."""

from __future__ import annotations

import json

import pytest
from estat_helpers import real_file

from estat_client import ResasAPIError, ResasServiceEndedError
from estat_client.resas import read_resas_csv, read_resas_json, resas_api


def test_prefectures_from_real_archive():
    path = real_file("resas_api", "resas_v1_prefectures.json")
    raw = json.loads(path.read_text(encoding="utf-8"))["result"]
    df = read_resas_json(path)
    assert len(df) == len(raw) == 47
    assert df["prefName"].tolist() == [r["prefName"] for r in raw]
    assert df["pref_code"].tolist() == [f"{r['prefCode']:02d}" for r in raw]
    assert df.attrs["attribution"].startswith("出典：RESAS")


def test_population_composition_from_real_archive():
    path = real_file("resas_api", "resas_v1_population_composition_perYear_pref1_hokkaido.json")
    raw = json.loads(path.read_text(encoding="utf-8"))["result"]
    df = read_resas_json(path)
    expected = [(s["label"], p["year"], p["value"]) for s in raw["data"] for p in s["data"]]
    assert list(zip(df["label"], df["year"], df["value"])) == expected
    total = df[df["label"] == "総人口"].set_index("year")["value"]
    assert total[1960] == 5_039_206 and total[2020] == 5_224_614
    assert df.attrs["boundary_year"] == raw["boundaryYear"] == 2020
    assert df[df["year"] > 2020]["is_projection"].all() and not df[df["year"] <= 2020]["is_projection"].any()
    assert df[df["label"] == "総人口"]["rate"].isna().all()
    assert df[df["label"] == "老年人口"]["rate"].notna().all()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("400", "400"),
        ({"statusCode": "403", "message": "Forbidden.", "description": ""}, "403"),
        ({"statusCode": "404", "message": "404. That's an error.", "description": ""}, "404"),
        ("404", "404"),
        ({"message": None}, "429"),
    ],
)
def test_archived_error_bodies(body, status, tmp_path):
    path = tmp_path / "error.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(ResasAPIError) as info:
        read_resas_json(path)
    assert info.value.status == status
    assert "エラーです" in str(info.value) and status in str(info.value)


def test_live_call_fails_fast_with_successors():
    with pytest.raises(ResasServiceEndedError) as info:
        resas_api("api/v1/population/composition/perYear", prefCode=15, cityCode="15213")
    text = str(info.value)
    assert "2025-03-24" in text
    for successor in ("社会・人口統計体系", "住民基本台帳人口移動報告", "経済センサス"):
        assert successor in text


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig"])
def test_resas_csv_export(tmp_path, encoding):
    # synthetic: the column layout of a RESAS 人口構成 CSV export (no real export is stored)
    text = (
        "年,都道府県コード,都道府県名,市区町村コード,市区町村名,総人口,年少人口割合\r\n"
        '2015,15,新潟県,15213,燕市,"79,784",12.8\r\n'
        '2020,15,新潟県,15213,燕市,"77,201",12.1\r\n'
    )
    path = tmp_path / "resas.csv"
    path.write_bytes(text.encode(encoding))
    df = read_resas_csv(path)
    assert df["都道府県コード"].tolist() == ["15", "15"]
    assert df["市区町村コード"].tolist() == ["15213", "15213"]
    assert df["総人口"].tolist() == [79784, 77201]
    assert df["年少人口割合"].tolist() == [12.8, 12.1]
