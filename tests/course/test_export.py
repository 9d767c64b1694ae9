"""Grades export: exact totals, 修了 and 判定 per trainee, one column per question (CSV and Excel)."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from coursefixture import AID, FU, copy_course

from curriculum.course.export import export_csv, export_excel
from curriculum.course.manual import set_manual_score


@pytest.fixture(scope="module")
def marked(graded_course, tmp_path_factory):
    """The graded cohort with the written answers of t0001 (2 of 2) and t0005 (1 of 2) marked; t0002's waits."""
    course = copy_course(graded_course, tmp_path_factory.mktemp("export") / "course")
    set_manual_score(course, AID, "t0001", AID, "q3_answer", 2.0)
    set_manual_score(course, AID, "t0005", AID, "q3_answer", 1.0)
    return course


def test_summary_exact_values(marked, tmp_path):
    paths = export_csv(marked, tmp_path)
    summary = pd.read_csv(paths["summary_csv"], encoding="utf-8-sig", dtype={"職員番号": str}, keep_default_na=False)
    summary = summary.set_index("職員番号")
    assert summary["合計得点"].to_dict() == {"t0001": 6.0, "t0002": 1.0, "t0003": 0.0, "t0004": 0.0, "t0005": 5.0}
    assert summary["満点合計"].unique().tolist() == [6.0]
    assert summary["得点率"].to_dict() == {"t0001": 100.0, "t0002": 16.7, "t0003": 0.0, "t0004": 0.0, "t0005": 83.3}
    assert summary["判定"].to_dict() == {"t0001": "修了", "t0002": "保留", "t0003": "保留", "t0004": "保留", "t0005": "修了"}
    assert summary.loc["t0002", "待ち"] == f"採点待ち: {AID}（講師の採点）"
    assert summary.loc["t0004", "待ち"] == f"未提出: {FU}"


def test_grades_csv_has_one_column_per_question(marked, tmp_path):
    grades = pd.read_csv(export_csv(marked, tmp_path)["grades_csv"], encoding="utf-8-sig", dtype={"職員番号": str})
    questions = ["q1_tests", "q2_tests", "q3_answer", "fu_tests"]
    assert list(grades.columns[-4:]) == questions
    rows = grades.set_index(["職員番号", "課題"])[questions]
    assert rows.loc[("t0002", AID)].tolist()[:2] == [0.0, 1.0] and pd.isna(rows.loc[("t0002", AID), "q3_answer"])
    assert rows.loc[("t0005", AID)].tolist()[:3] == [2.0, 1.0, 1.0]
    assert rows.loc[("t0001", FU), "fu_tests"] == 1.0 and rows.loc[("t0002", FU), "fu_tests"] == 0.0
    assert pd.isna(rows.loc[("t0003", FU), "fu_tests"])  # not submitted
    assert grades.set_index(["職員番号", "課題"]).loc[("t0005", AID), "遅延"]  # on the t0005 row, late
    # the per-question scores add up to the assignment score
    t01 = grades[grades["課題"] == AID].set_index("職員番号")
    assert (t01[questions[:3]].fillna(0).sum(axis=1) == t01["得点"]).all()


def test_excel_sheets_and_values(marked, tmp_path):
    book = openpyxl.load_workbook(export_excel(marked, tmp_path / "成績.xlsx"))
    assert book.sheetnames == ["受講者別", "成績一覧", "課題別", "所属別", "問題別"]
    header = [c.value for c in book["成績一覧"][1]]
    assert header[-4:] == ["q1_tests", "q2_tests", "q3_answer", "fu_tests"]
    header = [c.value for c in book["課題別"][1]]
    rows = {r[0]: dict(zip(header, r)) for r in book["課題別"].iter_rows(min_row=2, values_only=True)}
    assert (rows[AID]["対象"], rows[AID]["提出"], rows[AID]["提出率"], rows[AID]["遅延"]) == (5, 5, 100.0, 1)
    assert (rows[FU]["提出"], rows[FU]["提出率"]) == (3, 60.0)
    items = [c.value for c in book["問題別"]["C"]][1:]
    assert items == ["q1_tests", "q2_tests", "q3_answer", "fu_tests"]
