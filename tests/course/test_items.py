"""Item analysis on really autograded submissions, with hand-checked numbers: shares of full / partial / zero
scores, the most frequent failed self-check message, discrimination, and the comparison of two cohorts."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from coursefixture import AID, FU, copy_course, release_of, write_submission
from helpers import CORRECT, answer, write_roster

from curriculum.cli.course import grade
from curriculum.course.autograde import autograde_cohort
from curriculum.course.items import compare_items, compute_items, write_items_csv
from curriculum.course.manual import set_manual_score

REPO = Path(__file__).resolve().parents[2]


def by_question(items: pd.DataFrame) -> dict:
    return {r["問"]: r for r in items.to_dict("records")}


def test_items_of_the_graded_cohort(graded_course):
    items = by_question(compute_items(graded_course))
    assert list(items) == ["q1_tests", "q2_tests", "q3_answer", "fu_tests"]
    q1 = items["q1_tests"]  # 2, 0, 0, 0, 2 points (t0001 … t0005)
    assert (q1["採点数"], q1["満点の割合"], q1["部分点の割合"], q1["0点の割合"], q1["平均得点率"]) == (5, 40.0, 0.0, 60.0, 40.0)
    # two blank notebooks fail on the missing variable, t0002's 3000 fails the hidden test
    assert (q1["よくある失敗"], q1["失敗件数"]) == ("NameError: name 'total' is not defined", 2)
    # rest of the assignment = q2 (1, 1, 0, 0, 1) + q3 (ungraded: 0): r = 1.6 / √(4.8 × 1.2) = 0.667
    assert q1["識別力"] == 0.667
    q2 = items["q2_tests"]
    assert (q2["満点の割合"], q2["0点の割合"], q2["識別力"]) == (60.0, 40.0, 0.667)
    q3 = items["q3_answer"]  # written: three answers wait for the instructor, two blanks got 0 automatically
    assert (q3["採点数"], q3["採点待ち"], q3["0点の割合"], q3["よくある失敗"]) == (2, 3, 100.0, "")
    assert math.isnan(q3["識別力"])  # fewer than 3 graded
    fu = items["fu_tests"]
    assert (fu["採点数"], fu["満点の割合"], fu["0点の割合"]) == (3, 66.7, 33.3)
    assert (fu["よくある失敗"], fu["失敗件数"]) == ("HIDDEN-FU: 練習市の高齢化率を確かめましょう", 1)
    assert math.isnan(fu["識別力"])  # the only question of its assignment: no rest to compare with


def test_manual_partial_scores_count_as_partial(graded_course, tmp_path):
    course = copy_course(graded_course, tmp_path / "course")
    set_manual_score(course, AID, "t0001", AID, "q3_answer", 2.0)
    set_manual_score(course, AID, "t0005", AID, "q3_answer", 1.0)
    q3 = by_question(compute_items(course))["q3_answer"]  # 2, (waiting), 0, 0, 1 of 2
    assert (q3["採点数"], q3["採点待ち"], q3["満点の割合"], q3["部分点の割合"], q3["0点の割合"]) == (4, 1, 25.0, 25.0, 50.0)
    assert q3["平均得点率"] == 37.5


@pytest.fixture(scope="module")
def previous_cohort(graded_course, tmp_path_factory):
    """Last year's cohort: the same course, where t0003 and t0004 answered t01 correctly (re-graded for real)."""
    course = copy_course(graded_course, tmp_path_factory.mktemp("previous") / "course2025")
    meta = json.loads((course / "course.json").read_text(encoding="utf-8"))
    (course / "course.json").write_text(json.dumps({**meta, "year": 2025}, ensure_ascii=False), encoding="utf-8")
    release = release_of(course, AID)
    for sid in ("t0003", "t0004"):
        shutil.rmtree(course / "submitted" / sid / AID)
        write_submission(course, sid, AID, answer(release, CORRECT), dt.datetime(2025, 6, 1, 9, tzinfo=dt.timezone.utc))
    assert all(o.ok for o in autograde_cohort(course, AID, students=["t0003", "t0004"], workers=2, progress=False))
    return course


def test_year_over_year(graded_course, previous_cohort, tmp_path):
    compared = compare_items(compute_items(graded_course), compute_items(previous_cohort)).set_index("問")
    assert compared.loc["q1_tests", ["平均得点率", "前回の平均得点率", "差（ポイント）"]].tolist() == [40.0, 80.0, -40.0]
    assert compared.loc["q2_tests", ["満点の割合", "前回の満点の割合"]].tolist() == [60.0, 100.0]
    assert compared.loc["fu_tests", "差（ポイント）"] == 0.0
    csv = pd.read_csv(write_items_csv(graded_course, tmp_path / "items.csv", previous=previous_cohort),
                      encoding="utf-8-sig").set_index("問")
    assert csv.loc["q1_tests", ["満点の割合", "前回の平均得点率", "差（ポイント）"]].tolist() == [40.0, 80.0, -40.0]
    result = CliRunner().invoke(grade, ["report", "--course-dir", str(graded_course), "--out", str(tmp_path / "out"),
                                       "--compare", str(previous_cohort)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "dashboard.html").read_text(encoding="utf-8")
    assert "<h2>問題別の分析</h2>" in page and "前回との比較（2025年度 → 2026年度）" in page
    assert "NameError: name &#x27;total&#x27; is not defined" in page or "NameError: name 'total' is not defined" in page


def test_items_command_writes_csv(graded_course, tmp_path):
    result = CliRunner().invoke(grade, ["items", "--course-dir", str(graded_course), "--out", str(tmp_path / "i.csv")])
    assert result.exit_code == 0, result.output
    assert "q1_tests" in result.output and "満点 40.0%" in result.output
    assert pd.read_csv(tmp_path / "i.csv", encoding="utf-8-sig")["問"].tolist() == ["q1_tests", "q2_tests", "q3_answer", "fu_tests"]


# --- real ベーシック編 notebook (b01) on the real SSDSE-A data ---------------------------------------------------

B01 = "b01_question"
WRONG_Q4 = 'pref_aging_rate = (pref_table["A1303"] / pref_table["A1101"]).mean() * 100  # 率の平均'


@pytest.fixture(scope="module")
def b01_course(tmp_path_factory):
    import os
    import re

    from realdata import REAL_DATA, require_real

    from curriculum.course.build import build_course
    from curriculum.course.cohort import create_cohort

    require_real(REAL_DATA)
    previous = os.environ.get("CURRICULUM_DATA_DIR")
    os.environ["CURRICULUM_DATA_DIR"] = str(REAL_DATA)
    tmp = tmp_path_factory.mktemp("items_b01")
    shutil.copytree(REPO / "basic" / B01, tmp / "root" / "basic" / B01)
    paths = create_cohort(tmp / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11),
                          roster=write_roster(tmp / "roster.csv"), source_root=tmp / "root")
    course = paths["course_dir"]
    build_course(course, source_root=tmp / "root", echo=lambda *a: None)
    source = json.loads((REPO / "basic" / B01 / f"{B01}.ipynb").read_text(encoding="utf-8"))
    marker = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")
    answers = {c["metadata"]["nbgrader"]["grade_id"]: "\n".join(ln for ln in "".join(c["source"]).splitlines()
                                                                 if not marker.match(ln))
               for c in source["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c["cell_type"] == "code"}
    release = release_of(course, B01)
    submissions = {"t0001": answers, "t0002": {**answers, "b01-q4-answer": WRONG_Q4},
                   "t0003": {**answers, "b01-q4-answer": WRONG_Q4}, "t0004": {}}
    for sid, replace in submissions.items():
        write_submission(course, sid, B01, answer(release, replace), dt.datetime(2026, 5, 20, 3, tzinfo=dt.timezone.utc))
    outcomes = autograde_cohort(course, B01, workers=2, progress=False)
    assert all(o.ok for o in outcomes), [o.problem for o in outcomes]
    yield course
    if previous is None:
        os.environ.pop("CURRICULUM_DATA_DIR")
    else:
        os.environ["CURRICULUM_DATA_DIR"] = previous


def test_items_on_real_b01_submissions(b01_course):
    items = by_question(compute_items(b01_course))
    assert list(items) == ["b01-q1-answer", "b01-q2-test", "b01-q3-test", "b01-q4-test", "b01-q5-answer"]
    q4 = items["b01-q4-test"]  # 2, 0, 0, 0: two averaged the rates, one left it blank
    assert (q4["満点の割合"], q4["0点の割合"], q4["平均得点率"]) == (25.0, 75.0, 25.0)
    assert (q4["よくある失敗"], q4["失敗件数"]) == ("市町村ごとの高齢化率を平均しています。先に人数を合計してから割ってください。", 2)
    # rest = q2 + q3 (+ the blank written answers, 0) = 3, 3, 3, 0: r = 1.5 / √(3 × 6.75) = 0.333
    assert q4["識別力"] == 0.333
    q2 = items["b01-q2-test"]  # 2, 2, 2, 0 against rest 3, 1, 1, 0: r = 2.5 / √(3 × 4.75) = 0.662
    assert (q2["満点の割合"], q2["0点の割合"], q2["識別力"]) == (75.0, 25.0, 0.662)
    assert (q2["よくある失敗"], q2["失敗件数"]) == ("NameError: name 'aging_rate' is not defined", 1)
    q1 = items["b01-q1-answer"]  # written answers left as the stub: nbgrader scores them 0 without the instructor
    assert (q1["採点数"], q1["採点待ち"], q1["0点の割合"], q1["よくある失敗"]) == (4, 0, 100.0, "")
