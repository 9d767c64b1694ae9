"""Parameter names and paging arithmetic (pure functions, table-driven)."""

from __future__ import annotations

import pytest

from estat_client import EStatParameterError
from estat_client._params import PARAMETERS, check_names, count_calls, plan_page, to_query

# start, fetched, max_records, page_size → next (startPosition, limit) or None
PLAN_CASES = [
    (1, 0, None, 100_000, (1, 100_000)),  # first call, everything
    (100_001, 100_000, None, 100_000, (100_001, 100_000)),  # follow NEXT_KEY
    (1, 0, 10, 100_000, (1, 10)),  # small cap: one short call
    (1, 0, 250_000, 100_000, (1, 100_000)),
    (100_001, 100_000, 250_000, 100_000, (100_001, 100_000)),
    (200_001, 200_000, 250_000, 100_000, (200_001, 50_000)),  # last call asks only for the rest
    (250_001, 250_000, 250_000, 100_000, None),  # cap reached
    (11, 10, 10, 100_000, None),
    (5, 4, 6, 4, (5, 2)),
    (1, 0, None, 500_000, (1, 100_000)),  # never more than the API's 100,000 per call
    (1, 0, 0, 100_000, None),
]


@pytest.mark.parametrize(("start", "fetched", "cap", "size", "expected"), PLAN_CASES)
def test_plan_page(start, fetched, cap, size, expected):
    assert plan_page(start, fetched, cap, page_size=size) == expected


@pytest.mark.parametrize(
    ("total", "start", "cap", "size", "calls"),
    [
        (403_227, 1, None, 100_000, 5),
        (400_000, 1, None, 100_000, 4),
        (400_001, 1, None, 100_000, 5),
        (403_227, 300_001, None, 100_000, 2),
        (403_227, 1, 10, 100_000, 1),
        (10, 1, None, 4, 3),
        (0, 1, None, 100_000, 0),
        (10, 11, None, 4, 0),
    ],
)
def test_count_calls(total, start, cap, size, calls):
    assert count_calls(total, start=start, max_records=cap, page_size=size) == calls


@pytest.mark.parametrize("bad", [(0, 0, None), (1, -1, None)])
def test_plan_page_rejects_bad_state(bad):
    with pytest.raises(ValueError):
        plan_page(*bad)


@pytest.mark.parametrize(
    ("endpoint", "name", "suggestion"),
    [
        ("getStatsData", "replaceSpChar", "replaceSpChars"),
        ("getStatsData", "cdcat01", "cdCat01"),
        ("getStatsData", "cdAreas", "cdArea"),
        ("getStatsData", "lvArae", "lvArea"),
        ("getStatsList", "searchword", "searchWord"),
        ("getStatsList", "surveyYear", "surveyYears"),
        ("getMetaInfo", "statsDataID", "statsDataId"),
        ("getDataCatalog", "datatype", "dataType"),
    ],
)
def test_unknown_names_get_a_suggestion(endpoint, name, suggestion):
    with pytest.raises(EStatParameterError) as info:
        check_names(endpoint, [name])
    assert f"もしかして {suggestion!r}" in str(info.value)
    assert f"did you mean {suggestion!r}" in str(info.value)
    assert info.value.status is None


def test_no_suggestion_for_nonsense():
    with pytest.raises(EStatParameterError, match="仕様書どおりの名前"):
        check_names("getMetaInfo", ["zzzzzz"])


def test_every_official_filter_is_accepted():
    names = [f"{p}{axis}{s}" for axis in ("Tab", "Time", "Area", "Cat01", "Cat15") for p, s in
             (("lv", ""), ("cd", ""), ("cd", "From"), ("cd", "To"))]
    check_names("getStatsData", names + ["startPosition", "limit", "metaGetFlg", "cntGetFlg",
                                         "explanationGetFlg", "annotationGetFlg", "replaceSpChars",
                                         "sectionHeaderFlg", "lang", "dataSetId", "statsDataId"])
    assert "cdCat16" not in PARAMETERS["getStatsData"]


def test_to_query():
    assert to_query({"cdArea": ["15213", "15204"], "lvArea": 3, "metaGetFlg": True, "cdTime": None}) == {
        "cdArea": "15213,15204", "lvArea": "3", "metaGetFlg": "Y"}
