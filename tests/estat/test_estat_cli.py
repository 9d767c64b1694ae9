"""`curriculum estat …` commands through click's CliRunner, against the local server."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from estat_helpers import FAKE_APP_ID, error_payload, json_response, page_of, real_file, real_json

from curriculum.cli.estat import estat
from estat_client import CREDIT
from estat_client._parse import loads

SSDS = "getStatsData_0000020202_ssds_municipal_limit10_nextkey.json"


@pytest.fixture
def run(server, tmp_path):
    def invoke(*args, app_id=FAKE_APP_ID):
        env = {"ESTAT_APP_ID": app_id} if app_id else {"ESTAT_APP_ID": ""}
        base = ["--base-url", server.url_for("/rest/3.0/app/"), "--cache-dir", str(tmp_path / "cache")]
        result = CliRunner().invoke(estat, [*base, *args], env=env, catch_exceptions=False)
        assert FAKE_APP_ID not in result.output
        return result

    return invoke


@pytest.mark.parametrize("command", [None, "search", "meta", "get"])
def test_every_command_has_help_with_an_example(command):
    args = ["--help"] if command is None else [command, "--help"]
    result = CliRunner().invoke(estat, args)
    assert result.exit_code == 0
    assert "例:" in result.output and "curriculum estat" in result.output


def test_search_prints_one_line_per_table(server, run):
    listing = loads(real_file("estat_api", "getStatsList_surveyYears202201_limit2_nextkey.xml").read_text("utf-8"))
    del listing["GET_STATS_LIST"]["DATALIST_INF"]["RESULT_INF"]["NEXT_KEY"]
    server.expect_request("/rest/3.0/app/json/getStatsList").respond_with_response(json_response(listing))
    result = run("search", "機械受注", "--limit", "2")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "0003355224  202104-202203  機械受注統計調査  長期系列　主要需要者別機械受注額(原系列・年度)",
        "0003355228  202104-202203  機械受注統計調査  長期系列　機種別機械受注額(大分類・中分類、原系列・年度)",
    ]
    assert CREDIT in result.stderr
    args = server.log[0][0].args
    assert (args["searchWord"], args["limit"]) == ("機械受注", "2")


def test_meta_one_class(server, run):
    server.expect_request("/rest/3.0/app/json/getMetaInfo").respond_with_response(
        json_response(real_json("getMetaInfo_0003445078_census2020_sex_pop_trimmed.json"))
    )
    result = run("meta", "0003445078", "--class", "cat01")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["[cat01] 男女（3 件）", "  0  総数", "  1  男", "  2  女"]
    missing = run("meta", "0003445078", "--class", "cat02")
    assert missing.exit_code == 1 and "--class" in missing.output


def _serve_pages(server, size=4):
    payload = real_json(SSDS)

    def handler(request):
        page = page_of(payload, int(request.args["startPosition"]), min(size, int(request.args["limit"])))
        return json_response(page)

    server.expect_request("/rest/3.0/app/json/getStatsData").respond_with_handler(handler)
    return payload


def test_get_writes_bom_csv_with_all_pages(server, run, tmp_path):
    payload = _serve_pages(server)
    out = tmp_path / "menseki.csv"
    result = run("get", "0000020202", "--cd-area", "01100", "--param", "cdCat01=B1101", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"10 行を保存しました: {out}"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(out, encoding="utf-8-sig", dtype={"area_code": str, "time_code": str})
    values = payload["GET_STATS_DATA"]["STATISTICAL_DATA"]["DATA_INF"]["VALUE"]
    assert df["value"].tolist() == [float(v["$"]) for v in values]
    assert df["area_code"].tolist() == ["01100"] * 10 and set(df["area_name"]) == {"北海道 札幌市"}
    assert FAKE_APP_ID.encode() not in raw
    args = server.log[0][0].args
    assert (args["cdArea"], args["cdCat01"]) == ("01100", "B1101")


def test_get_cp932(server, run, tmp_path):
    _serve_pages(server)
    out = tmp_path / "menseki_sjis.csv"
    assert run("get", "0000020202", "--encoding", "cp932", "-o", str(out)).exit_code == 0
    df = pd.read_csv(out, encoding="cp932")
    assert df.loc[0, "cat01_name"] == "B1101_総面積（北方地域及び竹島を除く）"


def test_get_misspelt_param_is_a_clear_error(server, run, tmp_path):
    result = run("get", "0000020202", "--param", "replaceSpChar=1", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 1
    assert "もしかして 'replaceSpChars'" in result.output
    assert server.log == [] and not (tmp_path / "x.csv").exists()


def test_get_bad_param_syntax(run, tmp_path):
    result = run("get", "0000020202", "--param", "cdArea", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "KEY=VALUE" in result.output


def test_auth_error_message(server, run, tmp_path):
    server.expect_request("/rest/3.0/app/json/getStatsData").respond_with_response(
        json_response(error_payload("GET_STATS_DATA", 100, "認証に失敗しました。アプリケーションIDを確認して下さい。"))
    )
    result = run("get", "0000020202", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 1
    assert "STATUS 100" in result.output and "ESTAT_APP_ID" in result.output


def test_no_appid_and_no_cache(run, tmp_path):
    result = run("meta", "0003445078", app_id=None)
    assert result.exit_code == 1 and "ESTAT_APP_ID" in result.output and "ESTAT_CACHE_DIR" in result.output
