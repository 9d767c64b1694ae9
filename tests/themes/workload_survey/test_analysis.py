"""業務量調査の分析: hand-computed tables, the assumptions printed with every estimate, and refusals."""

from __future__ import annotations

import pandas as pd
import pytest

from curriculum.errors import CurriculumError
from curriculum.provenance import provenance_of
from curriculum.templates import TemplateError
from curriculum.themes.workload_survey import (
    ASSUMED_HOURLY_COST, BPR_RULE, compare_cities, compute_burden, compute_paper, estimate_digitisation,
    estimate_staff_shift, find_tasks, load_workload_survey, rank_bpr_candidates,
)

# Two 課, five 作業: small enough to check every number by hand.
SURVEY = pd.DataFrame({
    "department": ["総務部", "総務部", "総務部", "市民部", "市民部"],
    "section": ["総務課", "総務課", "総務課", "市民課", "市民課"],
    "category": ["庶務", "庶務", "企画・計画", "窓口・受付", "窓口・受付"],
    "task": ["旅費の支給", "旅費の支給", "計画の策定", "証明書の交付", "証明書の交付"],
    "step": ["計算", "決裁", "案の作成", "受付", "交付"],
    "hours": [120.0, 30.0, 200.0, 400.0, 250.0],
    "nature": ["ノンコア", "コア", "コア", "ノンコア", "ノンコア"],
    "staff_type": ["正規職員", "正規職員", "正規職員", "会計年度任用職員", "正規職員"],
    "paper_sheets": [600, 150, 0, 4000, 1000],
    "digital": ["未", "一部", "済", "一部", "未"],
})


def test_burden_by_section_is_a_ratio_of_sums():
    table = compute_burden(SURVEY, "課").set_index("section")
    assert table.loc["市民課", "hours"] == 650 and table.loc["総務課", "hours"] == 350
    assert table.loc["総務課", "noncore_rate"] == pytest.approx(120 / 350)
    assert table.loc["市民課", "share"] == pytest.approx(0.65)
    # 400 h × 1,800 + 250 h × 4,000 under the assumed costs
    assert table.loc["市民課", "cost_yen"] == 400 * 1_800 + 250 * 4_000
    assert "仮定" in table.attrs["assumption"]


def test_burden_with_the_citys_own_costs_and_a_missing_cost():
    table = compute_burden(SURVEY, "業務分類", hourly_cost={"正規職員": 5_000, "会計年度任用職員": 2_000})
    assert table.set_index("category").loc["庶務", "cost_yen"] == 150 * 5_000
    with pytest.raises(CurriculumError, match="会計年度任用職員"):
        compute_burden(SURVEY, hourly_cost={"正規職員": 5_000})
    with pytest.raises(CurriculumError, match="集計の単位"):
        compute_burden(SURVEY, "係")


def test_paper_and_digital_rates():
    table = compute_paper(SURVEY, "課").set_index("section")
    assert table.loc["市民課", "paper_sheets"] == 5000
    assert table.loc["総務課", "digital_step_rate"] == pytest.approx(1 / 3)
    assert table.loc["総務課", "digital_hours_rate"] == pytest.approx(200 / 350)
    assert table.loc["市民課", "digital_hours_rate"] == 0


def test_bpr_candidates_follow_the_stated_rule():
    result = rank_bpr_candidates(SURVEY)
    # 証明書の交付: all ノンコア, not digital → first; 旅費の支給: 120 of 150 h ノンコア; 計画の策定: コア → out
    assert result[["task", "noncore_hours"]].values.tolist() == [["証明書の交付", 650.0], ["旅費の支給", 120.0]]
    assert result.attrs["rule"] == BPR_RULE


def test_digitisation_counts_only_steps_not_yet_digital_and_states_assumptions():
    estimate = estimate_digitisation(SURVEY, SURVEY["section"] == "総務課", time_reduction=0.5)
    assert estimate["対象の作業数"] == 2  # 計画の策定 is already 済
    assert estimate["削減時間"] == 75.0
    assert estimate["削減人件費（円）"] == 75.0 * ASSUMED_HOURLY_COST["正規職員"]
    assert estimate["削減枚数"] == 750
    assert "50%" in estimate["仮定"]
    with pytest.raises(CurriculumError, match="0〜1"):
        estimate_digitisation(SURVEY, SURVEY["hours"] > 0, time_reduction=30)
    with pytest.raises(CurriculumError, match="1 つもありません"):
        estimate_digitisation(SURVEY, SURVEY["hours"] > 10_000, time_reduction=0.3)


def test_staff_shift_refuses_core_work_and_skips_rows_already_there():
    with pytest.raises(CurriculumError, match="コア業務"):
        estimate_staff_shift(SURVEY, SURVEY["section"] == "総務課", to="委託")
    estimate = estimate_staff_shift(SURVEY, SURVEY["category"] == "窓口・受付", to="会計年度任用職員")
    assert estimate["対象の作業数"] == 1
    assert estimate["削減人件費（円）"] == 250 * (4_000 - 1_800)


def test_find_tasks_and_compare_cities():
    assert find_tasks(SURVEY, "旅費")["step"].tolist() == ["計算", "決裁"]
    with pytest.raises(CurriculumError):
        find_tasks(SURVEY, " ")
    other = SURVEY.assign(hours=SURVEY["hours"] * [1, 1, 0, 1, 1])
    table = compare_cities({"A市": SURVEY, "B町": other})
    assert table.sum().tolist() == pytest.approx([1.0, 1.0])
    assert table.loc["企画・計画", "B町"] == 0
    assert table.loc["窓口・受付", "A市"] == pytest.approx(650 / 1000)


def test_practice_survey_is_labelled_and_a_bad_city_file_is_refused_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path / "practice"))
    survey = load_workload_survey(echo=lambda *_: None)
    assert provenance_of(survey).is_practice and "練習用・架空" in provenance_of(survey).attribution
    assert survey["section"].nunique() == 30 and len(survey) > 2_000
    # A city file with one unit mixed into the hours and one unknown classification loads nothing.
    path = next((tmp_path / "practice" / "workload_survey").glob("*.csv"))
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[6] = "12時間"
    cells[2] = "雑務"
    lines[1] = ",".join(cells)
    bad = tmp_path / "city.csv"
    bad.write_text("\n".join(lines), encoding="cp932")
    with pytest.raises(TemplateError) as info:
        load_workload_survey(bad, echo=lambda *_: None)
    assert {(row, column) for row, column, _ in info.value.problems} == {(2, "年間時間"), (2, "業務分類")}


def test_a_city_file_is_real_data_with_its_period(tmp_path, monkeypatch):
    monkeypatch.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path))
    practice = load_workload_survey(city="練習町", echo=lambda *_: None)
    path = next((tmp_path / "workload_survey").glob("*練習町*.csv"))
    city = load_workload_survey(path, reference_date="2024年度", echo=lambda *_: None)
    assert provenance_of(city).kind == "real" and provenance_of(city).reference_date == "2024年度"
    assert city["hours"].sum() == pytest.approx(practice["hours"].sum())
