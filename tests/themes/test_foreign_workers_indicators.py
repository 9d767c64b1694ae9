"""外国人材の指標: hand-computed values, the real tables (燕市, 新潟県) against PROVENANCE, and the practice world."""

import pandas as pd
import pytest

from curriculum.errors import DataFormatError
from curriculum.provenance import provenance_of
from curriculum.themes.foreign_workers.indicators import (STATUS_GROUPS, compute_composition, compute_foreign_indicators,
                                                          compute_foreign_movement, compute_status_change,
                                                          get_size_peers, get_status_groups, status_group)
from curriculum.themes.foreign_workers.sources import (load_foreign_juki, load_municipal_foreign, load_nationality,
                                                       load_prefecture_status, load_residence_status)


def quiet(_line):
    pass


def _table(rows, categories, as_of="2021-12-31"):
    frame = pd.DataFrame(rows, columns=["code", "総数", *categories]).set_index("code")
    frame.attrs = {"categories": categories, "as_of": as_of}
    return frame


def test_groups_and_composition_by_hand():
    categories = ["技能実習1号ロ", "技能実習2号ロ", "特定技能1号", "永住者", "定住者", "留学"]
    table = _table([("15213", 20, 2, 8, 0, 6, 4, 0), ("15204", 30, 0, 3, 3, 12, 6, 6), ("13101", 50, 0, 0, 0, 20, 5, 25)],
                   categories)
    groups = get_status_groups(table)
    assert list(groups.columns) == list(STATUS_GROUPS)
    assert groups.loc["15213", "技能実習"] == 10 and groups.loc["15213", "身分に基づく在留資格"] == 10
    assert (groups.sum(axis=1) == table["総数"]).all()
    profile = compute_composition(groups, "15213")
    # 技能実習: city 10/20 = 0.5; 県 (15…) (10+3)/(20+30) = 0.26; 全国 13/100
    assert profile.loc["技能実習", "構成比"] == 0.5
    assert profile.loc["技能実習", "県の構成比"] == pytest.approx(13 / 50)
    assert profile.loc["技能実習", "特化係数（全国）"] == pytest.approx(0.5 / 0.13)
    assert profile.loc["技能実習", "特化係数（県）"] == pytest.approx(0.5 / 0.26)
    with pytest.raises(DataFormatError, match="10 人以下"):
        compute_composition(groups, "15342")


def test_unknown_status_is_an_error_not_a_guess():
    assert status_group("高度専門職2号") == "専門的・技術的分野" and status_group("研修") == "その他"
    with pytest.raises(DataFormatError, match="新しい資格"):
        status_group("新しい資格")


def test_change_and_contribution_by_hand():
    categories = ["技能実習2号ロ", "特定技能1号", "永住者"]
    before = _table([("15000", 100, 60, 0, 40)], categories, "2020-12-31")
    after = _table([("15000", 90, 40, 10, 40)], categories, "2021-12-31")
    change = compute_status_change(before, after, "15000")
    assert change.loc["技能実習", "増減"] == -20 and change.loc["特定技能", "増減"] == 10
    assert change.loc["技能実習", "寄与率"] == pytest.approx(-20 / -10)    # 2.0: more than the whole fall
    assert change.loc["特定技能", "寄与率"] == pytest.approx(10 / -10)     # against the total: negative
    assert change["寄与率"].sum() == pytest.approx(1.0)
    assert change.loc["技能実習", "伸び率"] == pytest.approx(-20 / 60) and pd.isna(change.loc["特定技能", "伸び率"])


def test_tsubame_on_the_real_tables(real_data):
    municipal = load_municipal_foreign(echo=quiet)
    status = load_residence_status(echo=quiet)
    profile = compute_composition(get_status_groups(status), "15213")
    assert profile.loc["技能実習", "人数"] == 162 and profile.loc["技能実習", "構成比"] == pytest.approx(162 / 556)
    indicators = compute_foreign_indicators(municipal, status)
    tsubame = indicators.loc["15213"]
    assert tsubame["外国人の割合"] == pytest.approx(municipal.loc["15213", "A1700"] / 77_201)
    assert tsubame["技能実習（製造業従業者千人当たり）"] == pytest.approx(162 / 18_110 * 1000)
    # not listed in the 在留外国人統計 (10 or fewer): missing, never 0
    unlisted = indicators[indicators["在留外国人"].isna()]
    assert len(unlisted) > 0 and unlisted["技能実習"].isna().all()
    peers = get_size_peers(indicators, "15213")
    assert "15213" in peers.index and peers["総人口"].between(50_000, 99_999).all()
    nationality = load_nationality(echo=quiet)
    assert compute_composition(nationality[nationality.attrs["categories"]], "15213").loc["ベトナム", "人数"] == 200


def test_change_and_movement_on_the_real_tables(real_data):
    status_pref = load_residence_status(level="prefecture", echo=quiet)
    change = compute_status_change(load_prefecture_status(echo=quiet), status_pref, "15000")
    assert change["増減"].sum() == 16_936 - 17_756  # 新潟県 2021-12 − 2020-12 (PROVENANCE)
    movement = compute_foreign_movement(load_foreign_juki(echo=quiet), "15213")
    # the year before from this table equals 燕市's 総数 in the 2022-01-01 age table (2212gsnen, PROVENANCE): 552
    assert movement["前年1月1日の人口"] == 552 and movement["1月1日の人口"] == 595
    assert movement["自然増減"] + movement["社会増減"] == movement["増減"]


def test_practice_world_plays_a_factory_town(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    municipal = load_municipal_foreign(data_source="practice", echo=quiet)
    status = load_residence_status(data_source="practice", echo=quiet)
    assert provenance_of(status).is_practice and "練習用・架空" in status.attrs["title"]
    indicators = compute_foreign_indicators(municipal, status)
    assert indicators.loc["99201", "製造業の構成比"] > indicators["製造業の構成比"].median()
    before = load_prefecture_status(data_source="practice", echo=quiet)
    assert set(before.index) == {"00000", "95000", "96000", "97000", "98000", "99000"}
    assert compute_status_change(before, load_residence_status(data_source="practice", level="prefecture", echo=quiet),
                                 "99000").loc["技能実習", "増減"] < 0
    movement = compute_foreign_movement(load_foreign_juki(data_source="practice", echo=quiet), "99201")
    assert movement["増減"] == movement["自然増減"] + movement["社会増減"]


def test_a_city_not_listed_gets_a_clear_error():
    from curriculum.errors import DataNotFoundError
    from curriculum.themes.foreign_workers.indicators import require_listed

    table = pd.DataFrame({"総数": [556]}, index=["15213"])
    with pytest.raises(DataNotFoundError, match="10 人以下"):
        require_listed(table, "15342")
