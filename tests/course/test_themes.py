"""curriculum.course.themes: 燕市's yearly follow-up themes and custom ones."""

from __future__ import annotations

import pytest

from curriculum.course.themes import THEMES, get_theme
from curriculum.errors import CurriculumError


def test_catalogue_is_tsubames_six_years():
    assert [(t.name, t.assignment_id, t.tsubame_year) for t in THEMES] == [
        ("観光振興", "tourism", "平成27年度"), ("地場産業の活性化", "local_industry", "平成28年度"),
        ("市民の健康促進", "health_promotion", "平成29年度"), ("こどもの貧困", "child_poverty", "平成30年度"),
        ("外国人材", "foreign_workers", "平成31年度"), ("高齢者の公共交通", "elderly_transit", "令和2年度")]
    assert len({t.assignment_id for t in THEMES}) == len(THEMES)


@pytest.mark.parametrize("name", ["高齢者の公共交通", "elderly_transit"])
def test_found_by_japanese_name_or_id(name):
    assert get_theme(name).assignment_id == "elderly_transit"


def test_a_catalogue_theme_keeps_its_id_even_when_one_is_given():
    assert get_theme("観光振興", assignment_id="other").assignment_id == "tourism"


def test_custom_theme_needs_an_ascii_id():
    theme = get_theme("空き家対策", assignment_id="vacant_houses")
    assert (theme.name, theme.assignment_id, theme.tsubame_year) == ("空き家対策", "vacant_houses", "独自テーマ")
    with pytest.raises(CurriculumError, match="--theme-id"):
        get_theme("空き家対策")
    with pytest.raises(CurriculumError, match="使えない文字"):
        get_theme("空き家対策", assignment_id="空き家")
