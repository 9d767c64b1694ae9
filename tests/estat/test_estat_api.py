"""EStat against a local server serving real e-Stat responses (no internet)."""

from __future__ import annotations

import json
import logging
import socket

import pandas as pd
import pytest
import requests
from estat_helpers import (
    FAKE_APP_ID,
    assert_no_secret_in_tree,
    error_payload,
    json_response,
    page_of,
    real_file,
    real_json,
    wire,
)

from estat_client import (
    CREDIT,
    EStat,
    EStatAppIdMissingError,
    EStatArgumentError,
    EStatAuthError,
    EStatNoDataError,
    EStatOfflineError,
    EStatParameterError,
    EStatResponseError,
    EStatServerError,
    EStatTimeoutError,
    read_stats_data,
)

SSDS = "getStatsData_0000020202_ssds_municipal_limit10_nextkey.json"
DATA_PATH = "/rest/3.0/app/json/getStatsData"


def expected_rows(payload: dict) -> list[tuple]:
    """The tidy rows computed straight from the raw JSON, independently of the parser."""
    stat = payload["GET_STATS_DATA"]["STATISTICAL_DATA"]
    labels = {}
    for obj in stat["CLASS_INF"]["CLASS_OBJ"]:
        classes = obj["CLASS"] if isinstance(obj["CLASS"], list) else [obj["CLASS"]]
        labels[obj["@id"]] = {c["@code"]: c["@name"] for c in classes}
    return [
        (
            v["@cat01"], labels["cat01"][v["@cat01"]], v["@area"], labels["area"][v["@area"]],
            v["@time"], labels["time"][v["@time"]], int(v["@time"][:4]), v["@unit"], float(v["$"]),
        )
        for v in stat["DATA_INF"]["VALUE"]
    ]


def frame_rows(df) -> list[tuple]:
    cols = ["cat01_code", "cat01_name", "area_code", "area_name", "time_code", "time_name", "year", "unit", "value"]
    return [tuple(r) for r in df[cols].itertuples(index=False)]


def serve_pages(server, payload, size):
    def handler(request):
        start = int(request.args["startPosition"])
        limit = int(request.args["limit"])
        page = page_of(payload, start, min(size, limit))
        if request.args.get("metaGetFlg") == "N":
            del page["GET_STATS_DATA"]["STATISTICAL_DATA"]["CLASS_INF"]
        return json_response(page)

    server.expect_request(DATA_PATH).respond_with_handler(handler)


def test_paging_follows_next_key_over_several_pages(server, client):
    payload = real_json(SSDS)
    serve_pages(server, payload, size=4)
    df = client.get_stats_data("0000020202")
    assert frame_rows(df) == expected_rows(payload)
    starts = [int(r.args["startPosition"]) for r, _ in server.log]
    assert starts == [1, 5, 9]
    assert [r.args.get("metaGetFlg") for r, _ in server.log] == [None, "N", "N"]
    assert df.attrs["total_number"] == 10
    assert df.attrs["note"] == {
        "***": "調査又は集計していないもの",
        "-": "データが得られないもの",
        "X": "数値が秘匿されているもの",
    }
    assert df.attrs["class_names"]["area"] == "地域"


def test_max_records_and_limit_cap_the_total(server, client):
    payload = real_json(SSDS)
    serve_pages(server, payload, size=4)
    df = client.get_stats_data("0000020202", limit=6)
    assert frame_rows(df) == expected_rows(payload)[:6]
    assert [(r.args["startPosition"], r.args["limit"]) for r, _ in server.log] == [("1", "6"), ("5", "2")]
    server.clear_log()
    assert len(client.get_stats_data("0000020202", max_records=3)) == 3


def test_real_single_page_response_labels_and_codes(server, client):
    payload = real_json(SSDS)
    del payload["GET_STATS_DATA"]["STATISTICAL_DATA"]["RESULT_INF"]["NEXT_KEY"]
    server.expect_request(DATA_PATH).respond_with_json(payload)
    df = client.get_stats_data("0000020202", cdArea="01100")
    first = df.iloc[0]
    assert (first["area_code"], first["area_name"], first["tab_name"]) == ("01100", "北海道 札幌市", "観測値")
    assert (first["time_code"], first["time_name"], first["year"]) == ("1981100000", "1981年度", 1981)
    assert server.log[0][0].args["cdArea"] == "01100"


def test_list_parameters_are_joined_with_commas(server, client):
    payload = real_json(SSDS)
    del payload["GET_STATS_DATA"]["STATISTICAL_DATA"]["RESULT_INF"]["NEXT_KEY"]
    server.expect_request(DATA_PATH).respond_with_json(payload)
    client.get_stats_data("0000020202", cdArea=["15213", "15204"], cdCat01=("B1101",), replaceSpChars=0)
    args = server.log[0][0].args
    assert (args["cdArea"], args["cdCat01"], args["replaceSpChars"]) == ("15213,15204", "B1101", "0")
    assert args["appId"] == FAKE_APP_ID  # the server does get it


def test_misspelt_parameter_is_refused_before_any_request(server, client):
    with pytest.raises(EStatParameterError, match="replaceSpChars") as info:
        client.get_stats_data("0000020202", replaceSpChar=1)
    assert "replaceSpChar" in str(info.value)
    assert server.log == []
    with pytest.raises(EStatParameterError, match="cdCat01"):
        client.get_stats_data("0000020202", cdcat01="B1101")


def test_missing_table_id_is_refused_before_any_request(server, client):
    with pytest.raises(EStatArgumentError, match="statsDataId") as info:
        client.get_stats_data(cdArea="15213")
    assert isinstance(info.value, ValueError) and "対処:" in str(info.value)
    assert server.log == []


@pytest.mark.parametrize(
    ("status", "message", "error"),
    [
        (1, "正常に終了しましたが、該当データはありませんでした。", EStatNoDataError),
        (100, "認証に失敗しました。アプリケーションIDを確認して下さい。", EStatAuthError),
        (101, "パラメータ lang が不正です。", EStatParameterError),
        (150, "パラメータ statsDataId が不正です。", EStatParameterError),
        (203, "パラメータ limit が不正です。", EStatParameterError),
        (999, "システムエラーが発生しました。", EStatServerError),
    ],
)
def test_status_codes_map_to_distinct_errors(server, client, status, message, error):
    server.expect_request(DATA_PATH).respond_with_response(
        json_response(error_payload("GET_STATS_DATA", status, message, {"STATS_DATA_ID": "0000020202"}))
    )
    with pytest.raises(error) as info:
        client.get_stats_data("0000020202")
    assert info.value.status == status
    assert message in str(info.value)  # the server's own words
    assert f"STATUS {status}" in str(info.value)
    assert FAKE_APP_ID not in str(info.value)
    assert not list((client.cache_dir).rglob("*.json"))  # errors are never cached


def test_no_data_vs_bad_appid_vs_bad_parameter_are_not_confused():
    assert not issubclass(EStatNoDataError, (EStatAuthError, EStatParameterError))
    assert not issubclass(EStatAuthError, (EStatNoDataError, EStatParameterError))
    assert not issubclass(EStatParameterError, (EStatNoDataError, EStatAuthError))


def test_status_1_on_stats_list(server, client):
    body = error_payload(
        "GET_STATS_LIST", 1, "正常に終了しましたが、該当データはありませんでした。",
        {"SEARCH_WORD": "存在しない語"}, {"DATALIST_INF": {"NUMBER": 0, "RESULT_INF": {"FROM_NUMBER": 0, "TO_NUMBER": 0}}},
    )
    server.expect_request("/rest/3.0/app/json/getStatsList").respond_with_response(json_response(body))
    with pytest.raises(EStatNoDataError, match="該当データ"):
        client.get_stats_list("存在しない語")


def test_http_500_then_success_retries_with_backoff(server, client, sleeps):
    payload = real_json(SSDS)
    del payload["GET_STATS_DATA"]["STATISTICAL_DATA"]["RESULT_INF"]["NEXT_KEY"]
    server.expect_ordered_request(DATA_PATH).respond_with_data("Internal Server Error", status=500)
    server.expect_ordered_request(DATA_PATH).respond_with_data("Service Unavailable", status=503)
    server.expect_ordered_request(DATA_PATH).respond_with_response(json_response(payload))
    df = client.get_stats_data("0000020202")
    assert len(df) == 10
    assert sleeps == [1.0, 2.0]


def test_http_500_every_time_gives_server_error(server, make_client, sleeps):
    client = make_client(retries=2)
    server.expect_request(DATA_PATH).respond_with_data("boom", status=500)
    with pytest.raises(EStatServerError, match="HTTP 500") as info:
        client.get_stats_data("0000020202")
    assert len(server.log) == 3 and sleeps == [1.0, 2.0]
    assert FAKE_APP_ID not in str(info.value)


class FlakySession(requests.Session):
    """Raises a Timeout for the first calls, then behaves normally."""

    def __init__(self, failures: int):
        super().__init__()
        self.failures = failures

    def get(self, url, **kwargs):
        if self.failures:
            self.failures -= 1
            raise requests.ReadTimeout(f"Read timed out. (url: {url}?appId={kwargs['params']['appId']})")
        return super().get(url, **kwargs)


def test_timeout_then_success(server, make_client, sleeps):
    payload = real_json(SSDS)
    del payload["GET_STATS_DATA"]["STATISTICAL_DATA"]["RESULT_INF"]["NEXT_KEY"]
    server.expect_request(DATA_PATH).respond_with_json(payload)
    client = make_client(session=FlakySession(failures=2))
    assert len(client.get_stats_data("0000020202")) == 10
    assert sleeps == [1.0, 2.0]


def test_timeouts_exhausted_message_has_no_appid(make_client):
    client = make_client(session=FlakySession(failures=10), retries=1)
    with pytest.raises(EStatTimeoutError, match="時間内に応答しませんでした") as info:
        client.get_stats_data("0000020202")
    assert FAKE_APP_ID not in str(info.value)
    assert "appId=***" in str(info.value)
    assert info.value.__context__ is None


def test_real_timeout_against_slow_server(server, make_client):
    import time as _time

    payload = real_json(SSDS)  # read (or skip) here: a skip raised inside the server thread would stop the server

    def slow(request):
        _time.sleep(0.6)
        return json_response(payload)

    server.expect_request(DATA_PATH).respond_with_handler(slow)
    client = make_client(timeout=0.15, retries=0)
    with pytest.raises(EStatTimeoutError):
        client.get_stats_data("0000020202")


def test_offline_gives_japanese_error_without_appid(make_client, tmp_path, sleeps):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(base_url=f"http://127.0.0.1:{port}/rest/3.0/app/", retries=1)
    with pytest.raises(EStatOfflineError) as info:
        client.get_meta_info("0003445078")
    text = str(info.value)
    assert "接続できません" in text and "ESTAT_CACHE_DIR" in text
    assert FAKE_APP_ID not in text
    assert info.value.__cause__ is None and info.value.__context__ is None  # requests' error (with URL) is gone
    assert isinstance(info.value, ConnectionError)


@pytest.mark.parametrize("body", ['{"GET_STATS_DATA": {"RESULT": {"STATUS": 0', "<html>502 Bad Gateway</html", ""])
def test_malformed_body(server, client, body):
    server.expect_request(DATA_PATH).respond_with_data(body, content_type="application/json")
    with pytest.raises(EStatResponseError, match="読めません"):
        client.get_stats_data("0000020202")
    assert not list(client.cache_dir.rglob("*.json"))


def test_cache_makes_rerun_offline_and_needs_no_appid(server, make_client, tmp_path):
    payload = real_json(SSDS)
    serve_pages(server, payload, size=4)
    first = make_client().get_stats_data("0000020202")
    assert len(server.log) == 3
    again = make_client()
    second = again.get_stats_data("0000020202")
    assert again.network_calls == 0 and len(server.log) == 3
    # a notebook shipped with its cache folder: no appId, no server at all
    offline = EStat(app_id=None, base_url="http://127.0.0.1:9/", cache_dir=tmp_path / "cache", progress=False)
    third = offline.get_stats_data("0000020202")
    assert frame_rows(first) == frame_rows(second) == frame_rows(third) == expected_rows(payload)
    assert_no_secret_in_tree(tmp_path / "cache")


def test_cache_dir_from_env(server, make_client, tmp_path, monkeypatch):
    monkeypatch.setenv("ESTAT_CACHE_DIR", str(tmp_path / "from-env"))
    client = EStat(app_id=FAKE_APP_ID, base_url=server.url_for("/rest/3.0/app/"))
    assert client.cache_dir == tmp_path / "from-env"


def test_missing_appid_and_not_cached(client, tmp_path):
    offline = EStat(app_id=None, base_url="http://127.0.0.1:9/", cache_dir=tmp_path / "empty")
    with pytest.raises(EStatAppIdMissingError, match="ESTAT_APP_ID"):
        offline.get_meta_info("0003445078")


def test_appid_from_environment(server, tmp_path, monkeypatch):
    monkeypatch.setenv("ESTAT_APP_ID", FAKE_APP_ID)
    server.expect_request("/rest/3.0/app/json/getMetaInfo").respond_with_response(
        json_response(real_json("getMetaInfo_0003445078_census2020_sex_pop_trimmed.json"))
    )
    client = EStat(base_url=server.url_for("/rest/3.0/app/"), cache_dir=tmp_path / "c")
    client.get_meta_info("0003445078")
    assert server.log[0][0].args["appId"] == FAKE_APP_ID
    assert FAKE_APP_ID not in repr(client)


def test_appid_never_in_outputs_logs_or_cache(server, client, caplog, capsys, tmp_path):
    caplog.set_level(logging.DEBUG)
    payload = real_json(SSDS)
    serve_pages(server, payload, size=4)
    df = client.get_stats_data("0000020202")
    meta_body = real_json("getMetaInfo_0003445078_census2020_sex_pop_trimmed.json")
    server.expect_request("/rest/3.0/app/json/getMetaInfo").respond_with_response(json_response(meta_body))
    meta = client.get_meta_info("0003445078")
    server.expect_request("/rest/3.0/app/json/getStatsList").respond_with_data("oops", status=500)
    with pytest.raises(EStatServerError) as info:
        client.get_stats_list("人口")
    out = capsys.readouterr()
    texts = [
        out.out, out.err, str(info.value), repr(client), df.to_csv(), json.dumps(df.attrs, ensure_ascii=False),
        *(m.to_csv() for m in meta.values()), json.dumps(meta.table_inf, ensure_ascii=False),
    ]
    # werkzeug's records are the fake e-Stat *server's* access log: the server must see the appId
    client_records = [r for r in caplog.records if r.name != "werkzeug"]
    texts += [r.getMessage() for r in client_records]
    assert any("appId=***" in r.getMessage() for r in client_records)  # urllib3 did log the URL, redacted
    for text in texts:
        assert FAKE_APP_ID not in text
    assert_no_secret_in_tree(tmp_path)


def test_appid_cannot_be_passed_as_a_parameter(client):
    with pytest.raises(EStatParameterError, match="appId"):
        client.get_stats_list("人口", appId=FAKE_APP_ID)


def test_credit_line_shown_once_per_session(server, client, capsys):
    server.expect_request("/rest/3.0/app/json/getMetaInfo").respond_with_data(
        wire(real_json("getMetaInfo_0003445078_census2020_sex_pop_trimmed.json")), content_type="application/json"
    )
    client.get_meta_info("0003445078")
    client.get_meta_info("0003445078")
    assert capsys.readouterr().out.count(CREDIT) == 1
    assert CREDIT.startswith("このサービスは、政府統計総合窓口(e-Stat)のAPI機能を使用していますが")


def test_stats_list_from_real_json_single_table(server, client):
    body = real_json("getStatsList_00200502_limit1_single_table_inf.json")
    server.expect_request("/rest/3.0/app/json/getStatsList").respond_with_response(json_response(body))
    df = client.get_stats_list(statsCode="00200502", limit=1)
    table = body["GET_STATS_LIST"]["DATALIST_INF"]["TABLE_INF"]
    row = df.iloc[0]
    assert len(df) == 1
    assert row["stats_data_id"] == table["@id"]
    assert (row["stat_name"], row["stat_name_code"]) == (table["STAT_NAME"]["$"], table["STAT_NAME"]["@code"])
    assert (row["title"], row["collect_area"]) == (table["TITLE"]["$"], table["COLLECT_AREA"])
    assert row["overall_total_number"] == table["OVERALL_TOTAL_NUMBER"]
    assert server.log[0][0].args["statsCode"] == "00200502"


def test_progress_bar_for_multi_page_fetches(server, make_client, capsys):
    serve_pages(server, real_json(SSDS), size=4)
    make_client(progress=None).get_stats_data("0000020202")
    err = capsys.readouterr().err
    assert "e-Stat getStatsData" in err and "10/10" in err


def test_status_2_warns_and_returns_data(server, client):
    payload = real_json(SSDS)
    del payload["GET_STATS_DATA"]["STATISTICAL_DATA"]["RESULT_INF"]["NEXT_KEY"]
    payload["GET_STATS_DATA"]["RESULT"].update({"STATUS": 2, "ERROR_MSG": "正常に終了しましたが、一部にエラーがあります。"})
    server.expect_request(DATA_PATH).respond_with_response(json_response(payload))
    with pytest.warns(UserWarning, match="一部にエラー"):
        df = client.get_stats_data("0000020202")
    assert len(df) == 10


def test_http_403_with_error_body_uses_the_body_status(server, client):
    body = error_payload("GET_META_INFO", 100, "認証に失敗しました。アプリケーションIDを確認して下さい。")
    server.expect_request("/rest/3.0/app/json/getMetaInfo").respond_with_response(json_response(body, status=403))
    with pytest.raises(EStatAuthError, match="STATUS 100"):
        client.get_meta_info("0003445078")


def test_data_catalog_one_row_per_resource(server, client):
    # built in the getDataCatalog structure (DATA_CATALOG_INF → DATASET + RESOURCES.RESOURCE);
    # no real catalog response is stored. The second catalog has a single RESOURCE object.
    def catalog(cid, title, resources):
        return {
            "@id": cid,
            "DATASET": {
                "STAT_NAME": {"@code": "00200521", "$": "国勢調査"},
                "ORGANIZATION": {"@code": "00200", "$": "総務省"},
                "TITLE": {"NAME": title, "TABULATION_CATEGORY": "令和2年国勢調査", "SURVEY_DATE": "202010"},
                "RELEASE_DATE": "2021-11-30",
            },
            "RESOURCES": {"RESOURCE": resources},
        }

    def resource(rid, name, fmt):
        return {"@id": rid, "TITLE": {"NAME": name, "TABLE_NO": "1-1"}, "URL": f"https://www.e-stat.go.jp/x/{rid}",
                "FORMAT": fmt, "RELEASE_DATE": "2021-11-30"}

    body = {
        "GET_DATA_CATALOG": {
            "RESULT": {"STATUS": 0, "ERROR_MSG": "正常に終了しました。", "DATE": "2025-07-16T11:39:54.831+09:00"},
            "PARAMETER": {"LANG": "J", "STATS_CODE": "00200521", "DATA_FORMAT": "J"},
            "DATA_CATALOG_LIST_INF": {
                "NUMBER": 2,
                "RESULT_INF": {"FROM_NUMBER": 1, "TO_NUMBER": 2},
                "DATA_CATALOG_INF": [
                    catalog("000032142402", "人口等基本集計", [resource("R1", "男女別人口", "XLS"), resource("R2", "男女別人口", "CSV")]),
                    catalog("000032142403", "就業状態等基本集計", resource("R3", "労働力状態", "CSV")),
                ],
            },
        }
    }
    server.expect_request("/rest/3.0/app/json/getDataCatalog").respond_with_response(json_response(body))
    df = client.get_data_catalog(statsCode="00200521", dataType="CSV")
    assert df[["catalog_id", "resource_id", "resource_format"]].values.tolist() == [
        ["000032142402", "R1", "XLS"], ["000032142402", "R2", "CSV"], ["000032142403", "R3", "CSV"]]
    assert df["dataset_stat_name"].unique().tolist() == ["国勢調査"]
    assert df["resource_url"].tolist()[2] == "https://www.e-stat.go.jp/x/R3"
    assert server.log[0][0].args["dataType"] == "CSV"


def test_stats_data_many_adds_the_table_id(server, client):
    payload = real_json(SSDS)
    del payload["GET_STATS_DATA"]["STATISTICAL_DATA"]["RESULT_INF"]["NEXT_KEY"]
    server.expect_request(DATA_PATH).respond_with_response(json_response(payload))
    df = client.get_stats_data_many(["0000020202", "0000020203"], cdArea="01100")
    assert df["stats_data_id"].value_counts().to_dict() == {"0000020202": 10, "0000020203": 10}
    assert [r.args["statsDataId"] for r, _ in server.log] == ["0000020202", "0000020203"]


def test_xml_body_from_the_server_parses_like_the_file(server, client):
    path = real_file("estat_api", "getStatsData_0003109741_gdp_quarterly.xml")
    server.expect_request(DATA_PATH).respond_with_data(path.read_bytes(), content_type="application/xml")
    pd.testing.assert_frame_equal(client.get_stats_data("0003109741"), read_stats_data(path))
