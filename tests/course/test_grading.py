"""Parallel autograde on a cohort built from the fixture assignment: exact scores, identical to serial
`nbgrader autograde`, manual grades surviving a re-grade, feedback without hidden tests (exports, reports and
修了証 are tested in test_export.py, test_dashboard.py and test_certificates.py)."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from helpers import CORRECT, FIXTURES, answer, grade_table, serial_cli_autograde, write_roster

from curriculum.course.autograde import autograde_cohort
from curriculum.course.build import build_course, validate_course
from curriculum.course.cohort import create_cohort
from curriculum.course.collect import collect_from_files
from curriculum.course.export import compute_grades
from curriculum.course.feedback import generate_feedback
from curriculum.course.manual import set_manual_score

AID = "t01_pandas"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("grading")
    roster = write_roster(tmp / "roster.csv")
    paths = create_cohort(tmp / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11),
                          roster=roster, source_root=FIXTURES)
    course = paths["course_dir"]
    build_course(course, source_root=FIXTURES, echo=lambda *a: None)
    release = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    inbox = tmp / "inbox"
    inbox.mkdir()
    variants = {
        "T0001": answer(release, CORRECT),
        "T0002": answer(release, {**CORRECT, "q1_answer": "total = 3000"}),  # wrong total
        "T0003": release,  # unanswered
        "T0004": answer(release, {}, tests={"q1_tests": "pass", "q2_tests": "pass"}),  # rewrites the tests
        "T0005": answer(release, CORRECT),  # correct but late
    }
    meta = json.loads((course / "course.json").read_text(encoding="utf-8"))
    due = next(dt.datetime.fromisoformat(a["due"]) for a in meta["assignments"] if a["id"] == AID)
    import os

    for sid, nb in variants.items():
        path = inbox / f"{sid}_{AID}.ipynb"
        path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
        when = due + (dt.timedelta(days=2) if sid == "T0005" else -dt.timedelta(days=1))
        os.utime(path, (when.timestamp(), when.timestamp()))
    report = collect_from_files(course, AID, inbox)
    serial = tmp / "serial"
    shutil.copytree(course, serial)
    serial_cli_autograde(serial, AID)
    outcomes = autograde_cohort(course, AID, workers=2, progress=False)
    return {"course": course, "serial": serial, "outcomes": outcomes, "collect": report}


def test_collect_reads_staff_ids_from_file_names(graded):
    assert graded["collect"].collected == {sid: [AID] for sid in ("t0001", "t0002", "t0003", "t0004", "t0005")}
    assert graded["collect"].skipped == []


def test_parallel_scores_exact(graded):
    scores = {o.student_id: (o.ok, o.score, o.max_score) for o in graded["outcomes"]}
    # q1 2 points + q2 1 point are automatic; q3 (2 points) waits for the instructor
    assert scores == {"t0001": (True, 3.0, 5.0), "t0002": (True, 1.0, 5.0), "t0003": (True, 0.0, 5.0),
                      "t0004": (True, 0.0, 5.0), "t0005": (True, 3.0, 5.0)}


def test_parallel_identical_to_serial_nbgrader_cli(graded):
    ours, theirs = grade_table(graded["course"], AID), grade_table(graded["serial"], AID)
    assert len(ours) == 5 * 3
    assert ours == theirs


def test_late_submission_recorded(graded):
    grades = compute_grades(graded["course"]).set_index("職員番号")
    rows = grades[grades["課題"] == AID]
    assert rows["遅延"].to_dict() == {"t0001": False, "t0002": False, "t0003": False, "t0004": False, "t0005": True}


def test_manual_grade_survives_force_regrade(graded):
    course = graded["course"]
    assert set_manual_score(course, AID, "t0001", AID, "q3_answer", 2.0, comment="よく書けています。") == 5.0
    again = autograde_cohort(course, AID, students=["t0001"], workers=1, progress=False)
    assert (again[0].ok, again[0].score) == (True, 5.0)
    from curriculum.course.config import open_gradebook

    with open_gradebook(course) as gb:
        grade = gb.find_grade("q3_answer", AID, AID, "t0001")
        # the answer did not change: the manual score is kept and the cell is not 「採点待ち」 again
        assert (grade.manual_score, grade.auto_score, grade.needs_manual_grade) == (2.0, None, False)
    # a resubmission with another written answer: kept, but flagged for the instructor to re-check
    path = course / "submitted" / "t0001" / AID / f"{AID}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(answer(nb, {"q3_answer": "見本町の高齢化率は 40% で最も高い。"}), ensure_ascii=False), encoding="utf-8")
    again = autograde_cohort(course, AID, students=["t0001"], workers=1, progress=False)
    with open_gradebook(course) as gb:
        grade = gb.find_grade("q3_answer", AID, AID, "t0001")
        assert (grade.manual_score, grade.needs_manual_grade) == (2.0, True)


def test_feedback_has_no_hidden_tests(graded):
    course = graded["course"]
    files = generate_feedback(course, AID)
    assert len(files) == 5
    hidden = ["assert total == 3300", "total == 3300", "top_city == ", "見本町&#34;", "BEGIN HIDDEN", "END HIDDEN", "HIDDEN-Q2"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "非公開のテストはここでは表示しません" in text and "得点" in text
        for needle in hidden:
            assert needle not in text, f"{needle} in {path}"
        assert ("HIDDEN-Q1" in text) == (path.parts[-3] == "t0002"), path  # only the trainee whose hidden test failed
    wrong = (course / "feedback" / "t0002" / AID / f"{AID}.html").read_text(encoding="utf-8")
    # the failed hidden assert shows the hint its author wrote, not the generic sentence, its code or the answer
    assert "AssertionError: HIDDEN-Q1: 人口列の合計を確かめましょう" in wrong
    assert "非公開のテストに合格しませんでした" not in wrong and "3300" not in wrong


def test_build_and_validate_contract(graded):
    results = validate_course(graded["course"], echo=lambda *a: None)
    assert [(r.assignment_id, r.check, r.ok) for r in results] == [
        ("elderly_transit", "解答版のテスト", True), ("elderly_transit", "受講者版のテスト", True),
        ("t01_pandas", "解答版のテスト", True), ("t01_pandas", "受講者版のテスト", True)]
    released = (graded["course"] / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8")
    assert "HIDDEN-Q1" not in released and "ここにコードを書いてください" in released and "ここに答えを書いてください。" in released


def test_more_graders_than_cores_all_grade(graded, tmp_path):
    """Kernels started at the same moment by different graders must not collide (they once did over TCP
    ports, killing a kernel with "Invalid Signature"); 12 copies graded 6 at a time all succeed."""
    course = tmp_path / "course"
    shutil.copytree(graded["course"], course)
    one = course / "submitted" / "t0001" / AID
    for i in range(12):
        shutil.copytree(one, course / "submitted" / f"X{i:03d}" / AID)
    students = [f"X{i:03d}" for i in range(12)]
    outcomes = autograde_cohort(course, AID, students=students, workers=6, progress=False)
    assert [(o.ok, o.score) for o in outcomes] == [(True, 3.0)] * 12, [o.problem for o in outcomes if not o.ok]


def test_each_grader_has_its_own_kernel_sockets(tmp_path):
    from curriculum.course.autograde import grader_overrides

    first = grader_overrides(tmp_path / "a.db", {"Execute.timeout": 5})
    second = grader_overrides(tmp_path / "b.db", {"Execute.timeout": 5})
    assert first["KernelManager.transport"] == second["KernelManager.transport"] == "ipc"
    assert first["KernelManager.ip"] != second["KernelManager.ip"]
    assert first["CourseDirectory.db_url"] == f"sqlite:///{tmp_path / 'a.db'}"
    assert first["Execute.timeout"] == 5
    assert len(first["KernelManager.ip"]) < 90  # Unix socket paths are limited to about 107 bytes
