"""JSON and XML e-Stat responses → tidy frames; quirks (single objects, marks, time codes)."""

from __future__ import annotations

import copy
import json
import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from estat_helpers import json_response, real_file, real_json

from estat_client import read_meta_info, read_stats_data, read_stats_list
from estat_client._parse import area_code, loads, parse_time_code

SSDS = "getStatsData_0000020202_ssds_municipal_limit10_nextkey.json"
GDP_XML = "getStatsData_0003109741_gdp_quarterly.xml"
CENSUS_META = "getMetaInfo_0003445078_census2020_sex_pop_trimmed.json"
CENSUS_VALUES = "getStatsData_0003445078_DATA_INF_only_census2020_14areas.json"


def to_xml(obj: dict) -> str:
    """Serialise e-Stat's JSON shape back to e-Stat's XML (test-side, independent of the parser)."""

    def build(tag, node, parent):
        for item in node if isinstance(node, list) else [node]:
            elem = ET.SubElement(parent, tag) if parent is not None else ET.Element(tag)
            if isinstance(item, dict):
                for key, value in item.items():
                    if key.startswith("@"):
                        elem.set(key[1:], str(value))
                    elif key == "$":
                        elem.text = str(value)
                    else:
                        build(key, value, elem)
            elif item is not None:
                elem.text = str(item)
            if parent is None:
                return elem
        return None

    (root_tag, root_node), = obj.items()
    return ET.tostring(build(root_tag, root_node, None), encoding="unicode")


def test_gdp_xml_rows_match_the_raw_xml():
    path = real_file("estat_api", GDP_XML)
    df = read_stats_data(path)
    root = ET.parse(path).getroot()
    labels = {
        obj.get("id"): {c.get("code"): c.get("name") for c in obj.iter("CLASS")} for obj in root.iter("CLASS_OBJ")
    }
    values = list(root.iter("VALUE"))
    assert len(df) == len(values) == 2508
    expected = [
        (v.get("cat01"), labels["cat01"][v.get("cat01")], v.get("time"), labels["time"][v.get("time")],
         v.get("unit"), float(v.text))
        for v in values
    ]
    got = [tuple(r) for r in df[["cat01_code", "cat01_name", "time_code", "time_name", "unit", "value"]].itertuples(index=False)]
    assert got == expected
    # quarter from the label 「1994年4～6月期」, independently of the code parser
    for label, year, quarter in zip(df["time_name"], df["year"], df["quarter"]):
        y, m1 = map(int, re.match(r"(\d{4})年(\d+)～", label).groups())
        assert (year, quarter) == (y, (m1 + 2) // 3)
    assert df["month"].isna().all()
    assert "area_code" not in df.columns  # this table has no area axis
    assert df.attrs["note"] == {"***": "数字が得られないもの", "-": "数字が得られないもの"}
    assert df.attrs["stats_data_id"] == "0003109741"
    assert df.attrs["class_names"] == {"tab": "表章項目", "cat01": "国内総生産_名目原系列", "time": "時間軸（四半期）"}


def test_json_and_xml_give_the_same_frame():
    payload = real_json(SSDS)
    from_json = read_stats_data(loads(json.dumps(payload)))
    from_xml = read_stats_data(loads(to_xml(payload)))
    pd.testing.assert_frame_equal(from_json, from_xml)
    assert from_json.attrs["note"] == from_xml.attrs["note"]
    assert from_json.attrs["table_inf"] == from_xml.attrs["table_inf"]


def test_gdp_meta_xml_matches_class_inf_of_the_data_response():
    meta = read_meta_info(real_file("estat_api", "getMetaInfo_0003109741_gdp_quarterly.xml"))
    root = ET.parse(real_file("estat_api", GDP_XML)).getroot()
    for obj in root.iter("CLASS_OBJ"):
        frame = meta[obj.get("id")]
        assert frame["code"].tolist() == [c.get("code") for c in obj.iter("CLASS")]
        assert frame["name"].tolist() == [c.get("name") for c in obj.iter("CLASS")]
        assert frame.attrs["name"] == obj.get("name")
    assert meta["cat01"].set_index("code").loc["14", "parentCode"] == "13"
    assert meta["tab"].loc[0, "unit"] == "10億円"


def test_census_meta_json_single_class_objects_and_duplicate_names():
    raw = real_json(CENSUS_META)
    meta = read_meta_info(real_file("estat_api", CENSUS_META))
    objs = {o["@id"]: o for o in raw["GET_META_INFO"]["METADATA_INF"]["CLASS_INF"]["CLASS_OBJ"]}
    assert list(meta) == list(objs)
    assert meta["tab"].to_dict("records") == [{"code": "2020_01", "name": "人口", "level": "", "unit": "人"}]
    assert meta["time"][["code", "name"]].values.tolist() == [["2020000000", "2020年"]]
    area = meta["area"].set_index("code")
    assert area.loc["13101", "parentCode"] == "13100" and area.loc["13100", "parentCode"] == "13000"
    assert pd.isna(area.loc["00000", "parentCode"])
    fuchu = meta["area"][meta["area"]["name"] == "府中市"]
    assert fuchu["code"].tolist() == ["13206", "34208"]
    assert meta.table_inf["stats_data_id"] == "0003445078"
    assert meta.table_inf["title_no"] == "1-1-1"


def test_data_inf_only_file_labelled_from_meta():
    raw = real_json(CENSUS_VALUES)
    meta_raw = real_json(CENSUS_META)
    df = read_stats_data(real_file("estat_api", CENSUS_VALUES), meta=real_file("estat_api", CENSUS_META))
    names = {}
    for obj in meta_raw["GET_META_INFO"]["METADATA_INF"]["CLASS_INF"]["CLASS_OBJ"]:
        classes = obj["CLASS"] if isinstance(obj["CLASS"], list) else [obj["CLASS"]]
        names[obj["@id"]] = {c["@code"]: c["@name"] for c in classes}
    expected = [
        (v["@cat01"], names["cat01"][v["@cat01"]], v["@area"], names["area"][v["@area"]], 2020, float(v["$"]))
        for v in raw["VALUE"]
    ]
    got = [tuple(r) for r in df[["cat01_code", "cat01_name", "area_code", "area_name", "year", "value"]].itertuples(index=False)]
    assert got == expected and len(df) == 42
    total = df[(df["area_code"] == "00000") & (df["cat01_name"] == "総数")]["value"].item()
    assert total == 126_146_099  # 2020 国勢調査 全国人口
    fuchu = df[(df["area_name"] == "府中市") & (df["cat01_code"] == "0")]
    assert sorted(fuchu["area_code"]) == ["13206", "34208"]
    assert df.attrs["note"] == {n["@char"]: n["$"] for n in raw["NOTE"]}


def test_single_object_class_obj_and_value():
    payload = real_json(SSDS)
    stat = payload["GET_STATS_DATA"]["STATISTICAL_DATA"]
    tab = next(o for o in stat["CLASS_INF"]["CLASS_OBJ"] if o["@id"] == "tab")
    stat["CLASS_INF"]["CLASS_OBJ"] = tab  # one CLASS_OBJ: an object, whose CLASS is an object too
    stat["DATA_INF"]["VALUE"] = {"@tab": "00001", "@unit": "ｈａ", "$": "111801"}
    stat["DATA_INF"]["NOTE"] = {"@char": "***", "$": "該当データがない場合を示す。"}
    for source in (payload, loads(to_xml(payload))):
        df = read_stats_data(source)
        assert df[["tab_code", "tab_name", "unit", "value"]].values.tolist() == [["00001", "観測値", "ｈａ", 111801.0]]
        assert df.attrs["note"] == {"***": "該当データがない場合を示す。"}


@pytest.mark.parametrize("mark", ["***", "-", "X", "x", "…", "…"])
def test_special_marks_become_nan_and_are_kept(mark):
    payload = real_json(SSDS)
    values = payload["GET_STATS_DATA"]["STATISTICAL_DATA"]["DATA_INF"]["VALUE"]
    originals = [v["$"] for v in values]
    values[2]["$"] = mark
    values[5]["$"] = "X"
    df = read_stats_data(payload)
    assert math.isnan(df.loc[2, "value"]) and df.loc[2, "value_mark"] == mark
    assert math.isnan(df.loc[5, "value"]) and df.loc[5, "value_mark"] == "X"
    keep = [i for i in range(10) if i not in (2, 5)]
    assert df.loc[keep, "value"].tolist() == [float(originals[i]) for i in keep]
    assert df.loc[keep, "value_mark"].isna().all()
    assert df.attrs["note"]["X"] == "数値が秘匿されているもの"


def test_annotation_column_when_present():
    payload = real_json(SSDS)
    payload["GET_STATS_DATA"]["STATISTICAL_DATA"]["DATA_INF"]["VALUE"][0]["@anno"] = "1"
    df = read_stats_data(payload)
    assert df["annotation"].tolist()[:2] == ["1", pd.NA]


def test_stats_list_xml_paging_fields():
    df = read_stats_list(real_file("estat_api", "getStatsList_surveyYears202201_limit2_nextkey.xml"))
    assert df["stats_data_id"].tolist() == ["0003355224", "0003355228"]
    assert df["overall_total_number"].tolist() == [289, 578]
    assert df.attrs["number"] == 101
    assert df.loc[0, "table_explanation"].startswith("Volatile orders")


def test_stats_list_paging_over_server_with_single_table_last_page(server, client):
    first = loads(real_file("estat_api", "getStatsList_surveyYears202201_limit2_nextkey.xml").read_text("utf-8"))
    last = copy.deepcopy(real_json("getStatsList_00200502_limit1_single_table_inf.json"))
    last["GET_STATS_LIST"]["DATALIST_INF"].update({"NUMBER": 3, "RESULT_INF": {"FROM_NUMBER": 3, "TO_NUMBER": 3}})

    def handler(request):
        return json_response(first if request.args["startPosition"] == "1" else last)

    server.expect_request("/rest/3.0/app/json/getStatsList").respond_with_handler(handler)
    df = client.get_stats_list(surveyYears="202201")
    assert df["stats_data_id"].tolist() == ["0003355224", "0003355228", "0000010101"]
    assert [r.args["startPosition"] for r, _ in server.log] == ["1", "3"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2020000000", (2020, None, None)),  # 2020年
        ("1980100000", (1980, None, None)),  # 1980年度
        ("1994000103", (1994, 1, None)),  # 1～3月期
        ("1994000406", (1994, 2, None)),
        ("2022001012", (2022, 4, None)),  # 10～12月期
        ("2019000101", (2019, None, 1)),  # 2019年1月
        ("2019001212", (2019, None, 12)),
        ("1994010000", (1994, None, None)),  # 上期 (parent of Q1/Q2)
        ("2015", (2015, None, None)),
        ("", (None, None, None)),
        (None, (None, None, None)),
    ],
)
def test_time_codes(code, expected):
    assert parse_time_code(code) == expected


@pytest.mark.parametrize(
    ("code", "expected"), [("1100", "01100"), (1100, "01100"), ("15213", "15213"), ("00000", "00000"), (None, None)]
)
def test_area_codes_are_five_digit_text(code, expected):
    assert area_code(code) == expected
