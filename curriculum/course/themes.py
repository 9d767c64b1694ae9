"""研修テーマ: the catalogue of yearly フォローアップ編 themes (燕市's own, 平成27年度〜令和2年度) plus custom ones.

Each theme maps to a follow-up assignment folder ``follow_up/<assignment_id>/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from curriculum.errors import CurriculumError


@dataclass(frozen=True)
class Theme:
    """研修テーマ: Japanese name, ASCII follow-up assignment id, the year 燕市 used it, a one-line focus."""

    name: str
    assignment_id: str
    tsubame_year: str
    focus: str


THEMES = (
    Theme("観光振興", "tourism", "平成27年度", "観光客数・宿泊・消費額から、どこにどんな来訪者を増やすかを考える"),
    Theme("地場産業の活性化", "local_industry", "平成28年度", "事業所・従業者・出荷額の推移から、伸びる分野と課題を読む"),
    Theme("市民の健康促進", "health_promotion", "平成29年度", "死亡率と年齢構成・年齢調整した健診受診率・運動習慣から、効く施策の対象を絞る"),
    Theme("こどもの貧困", "child_poverty", "平成30年度", "就学援助・ひとり親世帯などの指標から、支援が届いていない層を探す"),
    Theme("外国人材", "foreign_workers", "平成31年度", "外国人住民・在留資格・事業所の雇用から、受け入れ環境の課題を考える"),
    Theme("高齢者の公共交通", "elderly_transit", "令和2年度", "高齢者の分布（メッシュ）と路線・デマンド交通の利用から、移動の不便を減らす"),
)
_ID = re.compile(r"^[A-Za-z0-9_\-]+$")


def get_theme(name: str, *, assignment_id: str | None = None) -> Theme:
    """テーマを選ぶ: a catalogue theme by Japanese name or id, or a custom theme (needs an ASCII id).

    >>> get_theme("高齢者の公共交通").assignment_id
    'elderly_transit'
    >>> get_theme("空き家対策", assignment_id="vacant_houses").name
    '空き家対策'
    """
    for theme in THEMES:
        if name in (theme.name, theme.assignment_id):
            return theme
    if not assignment_id:
        known = "、".join(t.name for t in THEMES)
        raise CurriculumError(
            f"テーマ「{name}」はカタログにありません（{known}）",
            f"unknown theme {name!r}; custom themes need an ASCII assignment id",
            fix="独自テーマにするときは --theme-id vacant_houses のように半角英数字の課題 ID も指定してください")
    if not _ID.match(assignment_id):
        raise CurriculumError(f"課題 ID「{assignment_id}」に使えない文字があります", f"bad assignment id {assignment_id!r}",
                              fix="半角英数字・_・- だけにしてください（例: vacant_houses）")
    return Theme(name, assignment_id, "独自テーマ", "")
