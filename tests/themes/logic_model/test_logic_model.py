"""ロジックモデル: the model file is checked, indicators are computed from real data, gaps are listed, the page opens."""

from __future__ import annotations

import pytest

from browser import page_text
from curriculum.errors import DataFormatError
from curriculum.templates import get_template
from curriculum.themes.logic_model import (
    evaluate_indicators, example_path, list_gaps, read_logic_model, render_svg, write_logic_model_html,
)

SMALL = """
title: 例
boxes:
  - {id: a, stage: 現状課題, text: 高齢化が進む, indicator: {name: 高齢化率, dataset: ssdse-a-2026, numerator: [A1303], denominator: [A1101], scale: 100, unit: "%"}}
  - {id: b, stage: アクティビティ, text: 事業}
  - {id: c, stage: アウトカム, text: 成果, indicator: {name: 参加者, template: childcare-employment-program}}
links:
  - {from: a, to: b, evidence: 調査結果}
  - {from: b, to: c}
"""


@pytest.mark.parametrize("text, fragment", [
    ("title: x\nboxes:\n  - {id: a, stage: 課題, text: t}", "のどれでもありません"),
    ("title: x\nboxes:\n  - {id: a, stage: 現状課題, text: t}\n  - {id: a, stage: インパクト, text: u}", "2回"),
    ("title: x\nboxes:\n  - {id: a, stage: 現状課題, text: t}\nlinks:\n  - {from: a, to: z}", "z という箱はありません"),
    ("title: x\nboxes:\n  - {id: a, stage: 現状課題, text: t, indicator: {name: n, dataset: ssdse-a-2026}}", "numerator"),
    ("title: x\nboxes:\n  - {id: a, stage: 現状課題, text: t, indicator: {name: n, template: t, online_source: s}}", "複数"),
    ("title: [unclosed", "YAML として読めません"),
])
def test_bad_models_are_refused_with_the_reason(text, fragment):
    with pytest.raises(DataFormatError, match=fragment):
        read_logic_model(text)


def test_indicator_values_are_ratios_of_the_city_row(real_data):
    from curriculum.data import fetch, read_ssdse

    model = read_logic_model(SMALL)
    values = evaluate_indicators(model, "15213").set_index("箱")
    ssdse = read_ssdse(fetch("ssdse-a-2026", quiet=True)).loc["15213"]
    assert values.loc["a", "値"] == pytest.approx(ssdse["A1303"] / ssdse["A1101"] * 100)
    assert values.loc["a", "年"] == "2020" and values.loc["a", "状態"] == "値あり"
    assert "SSDSE-A-2026" in values.loc["a", "出典"]
    assert values.loc["c", "状態"] == "市の保有データ"
    gaps = list_gaps(model, values.reset_index())
    assert gaps["対象"].tolist() == ["箱 b（アクティビティ）", "箱 c（アウトカム）", "つながり b → c"]


def test_shipped_example_binds_real_columns_and_existing_templates(real_data):
    model = read_logic_model(example_path("childcare_employment"))
    values = evaluate_indicators(model, "15213")
    computed = values[values["状態"] == "値あり"].set_index("箱")
    # 燕市 (令和2年国勢調査): 女性の労働力率 = (就業者 + 完全失業者) ÷ (就業者 + 完全失業者 + 非労働力人口)
    from curriculum.data import fetch, read_ssdse

    row = read_ssdse(fetch("ssdse-a-2026", quiet=True)).loc["15213"]
    expected = (row["F110202"] + row["F110702"]) / (row["F110202"] + row["F110702"] + row["F110802"]) * 100
    assert computed.loc["issue_lfpr", "値"] == pytest.approx(expected)
    assert 40 < expected < 70
    for box in model.boxes:
        if box.indicator is not None and box.indicator.template:
            assert get_template(box.indicator.template).id == box.indicator.template
    assert evaluate_indicators(model, "13101")["状態"].tolist() == values["状態"].tolist()  # any municipality


def test_unknown_city_code_is_named(real_data):
    from curriculum.errors import CurriculumError

    with pytest.raises(CurriculumError, match="99999"):
        evaluate_indicators(read_logic_model(SMALL), "99999")


def test_page_opens_offline_with_the_japanese_diagram(real_data, tmp_path):
    model = read_logic_model(example_path("childcare_employment"))
    values = evaluate_indicators(model, "15213")
    path = write_logic_model_html(model, tmp_path / "model.html", values=values, gaps=list_gaps(model, values),
                                  city_name="燕市")
    svg = render_svg(model, values)
    assert svg.count("<rect") == len(model.boxes) and svg.count("<line") == len(model.links)
    assert svg.count('stroke-dasharray') == sum(1 for link in model.links if not link.evidence)
    text, errors = page_text(path, screenshot="logic_model_childcare_employment")
    assert errors == []
    for expected in ("子育て世代の女性の就労支援（燕市）", "現状課題", "インパクト", "女性の労働力率が低い", "まだ足りないもの",
                     "根拠が未確認のつながり"):
        assert expected in text
    assert f"{values.set_index('箱').loc['issue_lfpr', '値']:,.2f}" in text
