"""The seed-case modules (ロジックモデル, 統合型 GIS, 人口の見える化とデータブック) run for another city when only
the course's city setting changes (CURRICULUM_CITY_CODE), with that city's real data and no 燕市 left over."""

from __future__ import annotations

import pytest

from casesets import REPO, run_notebook

CASES = [
    # (notebook, city, words the outputs must show)
    ("logic_model/01_logic_tree_and_indicators.ipynb", "18201", ("福井市",)),
    ("municipal_gis/01_city_map_and_survey_points.ipynb", "15204", ("output/municipal_gis/15204/",)),
    ("population_tools/02_databook_page.ipynb", "18202", ("敦賀市（18202、福井県）", "databook_18202.html")),
]


@pytest.mark.parametrize(("notebook", "city", "words"), CASES, ids=[c[0].split("/")[0] for c in CASES])
def test_runs_for_another_city_from_the_setting(notebook, city, words, real_data, tmp_path, monkeypatch):
    text = run_notebook(REPO / "follow_up" / notebook, tmp_path, monkeypatch, city_code=city)
    for word in words:
        assert word in text, word
    assert "燕市" not in text and "15213" not in text
