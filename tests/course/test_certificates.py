"""修了証 only when every assignment of the cohort is submitted and graded, and the pass mark is reached
over all of them (issue 18, defect 3); the report says who is waiting for what."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from coursefixture import AID, FU, copy_course

from curriculum.cli.course import grade
from curriculum.course.config import open_gradebook
from curriculum.course.manual import set_manual_score
from curriculum.course.report import certification_lines, write_reports


def certified(paths) -> list[str]:
    return sorted(p.name for p in paths["certificates"].glob("*.html"))


def test_no_certificate_while_written_answers_wait_for_the_instructor(graded_course, tmp_path):
    # t0001 and t0005 have 4 of 6 points (66.7 % ≥ 60 %) with their written answer (2 points) still ungraded
    paths = write_reports(graded_course, tmp_path / "reports", issued=dt.date(2026, 11, 9))
    assert certified(paths) == []
    lines = certification_lines(graded_course)
    assert lines[0] == f"t0001 練習 太郎（総務課）: 保留 — 採点待ち: {AID}（講師の採点）"
    assert lines[2] == f"t0003 架空 一郎（総務課）: 保留 — 未提出: {FU}"


def test_an_assignment_without_notebooks_is_not_skipped(graded_course, tmp_path):
    """A follow-up assignment registered before its notebook exists has max 0 points in the gradebook;
    it used to drop out of the total, so trainees were certified without ever doing it."""
    course = copy_course(graded_course, tmp_path / "course")
    set_manual_score(course, AID, "t0001", AID, "q3_answer", 2.0)
    with open_gradebook(course) as gb:
        gb.update_or_create_assignment("fu_not_ready", duedate=dt.datetime(2026, 11, 2, 8))
    paths = write_reports(course, tmp_path / "reports", issued=dt.date(2026, 11, 9))
    assert certified(paths) == []
    assert certification_lines(course)[0] == "t0001 練習 太郎（総務課）: 保留 — 未提出: fu_not_ready"


def test_certificates_once_everything_is_graded(graded_course, tmp_path):
    course = copy_course(graded_course, tmp_path / "course")
    set_manual_score(course, AID, "t0001", AID, "q3_answer", 2.0)  # 6 / 6
    set_manual_score(course, AID, "t0005", AID, "q3_answer", 1.0)  # 5 / 6
    paths = write_reports(course, tmp_path / "reports", issued=dt.date(2026, 11, 9))
    assert certified(paths) == ["t0001.html", "t0005.html"]
    page = (paths["certificates"] / "t0005.html").read_text(encoding="utf-8")
    assert "模擬 三郎 様" in page and "得点率 83.3%" in page and "2026年11月9日" in page
    assert certification_lines(course) == [
        "t0001 練習 太郎（総務課）: 修了 100.0%",
        f"t0002 見本 花子（企画財政課）: 保留 — 採点待ち: {AID}（講師の採点）",
        f"t0003 架空 一郎（総務課）: 保留 — 未提出: {FU}",
        f"t0004 試験 次郎（健康福祉課）: 保留 — 未提出: {FU}",
        "t0005 模擬 三郎（健康福祉課）: 修了 83.3%"]
    stricter = write_reports(course, tmp_path / "strict", pass_mark=90)
    assert certified(stricter) == ["t0001.html"]  # the old t0005 certificate is removed
    assert certification_lines(course, pass_mark=90)[-1] == "t0005 模擬 三郎（健康福祉課）: 未修了 83.3%"


def test_collected_but_not_autograded_is_waiting_not_missing(graded_course, tmp_path):
    course = copy_course(graded_course, tmp_path / "course")
    (course / "submitted" / "t0003" / FU).mkdir(parents=True)
    assert certification_lines(course)[2] == f"t0003 架空 一郎（総務課）: 保留 — 採点待ち: {FU}（自動採点）"


def test_report_command_lists_the_waiting(graded_course, tmp_path):
    result = CliRunner().invoke(grade, ["report", "--course-dir", str(graded_course), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "修了 0 名、保留 5 名、未修了 0 名" in result.output
    assert f"t0004 試験 次郎（健康福祉課）: 保留 — 未提出: {FU}" in result.output
