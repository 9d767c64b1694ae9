"""Per-trainee extensions and the late policy: nbgrader's LateSubmissionPlugin mechanism with the course's
plugin, applied by a real re-grade, and shown in the grades and the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from coursefixture import AID, copy_course, due_of

from curriculum.cli.course import grade
from curriculum.course.autograde import autograde_cohort
from curriculum.course.config import load_config
from curriculum.course.dashboard import write_dashboard
from curriculum.course.export import compute_grades
from curriculum.course.late import grant_extension, read_extensions, write_late_policy
from curriculum.course.schedule import JST
from curriculum.errors import CurriculumError


@pytest.fixture(scope="module")
def course(graded_course, tmp_path_factory):
    return copy_course(graded_course, tmp_path_factory.mktemp("late") / "course")


def t01_row(course, student: str) -> dict:
    grades = compute_grades(course)
    return grades[(grades["職員番号"] == student) & (grades["課題"] == AID)].iloc[0].to_dict()


def regrade(course, *students):
    outcomes = autograde_cohort(course, AID, students=list(students), workers=2, progress=False)
    assert all(o.ok for o in outcomes), [o.problem for o in outcomes]


def test_policy_extension_and_dashboard(course, tmp_path):
    due = due_of(course, AID)  # t0005 handed in exactly two days after it
    assert (t01_row(course, "t0005")["遅延"], t01_row(course, "t0005")["減点"]) == (True, 0.0)  # no policy: recorded only

    result = CliRunner().invoke(grade, ["late-policy", "--per-day", "10", "--max", "50", "--course-dir", str(course)])
    assert result.exit_code == 0, result.output
    config = load_config(course)
    assert config.AssignLatePenalties.plugin_class == "curriculum.course.late.CourseLatePolicy"
    assert (config.CourseLatePolicy.percent_per_day, config.CourseLatePolicy.max_percent) == (10.0, 50.0)
    # grading runs outside the course folder: the policy names the course's extensions file
    assert config.CourseLatePolicy.extensions_path == str(course / "extensions.csv")
    regrade(course, "t0001", "t0005")
    row = t01_row(course, "t0005")  # 3 points before the written answer is marked; 2 days × 10 % = 0.6
    assert (row["遅延"], row["素点"], row["減点"], row["得点"]) == (True, 3.0, 0.6, 2.4)
    assert t01_row(course, "t0001")["減点"] == 0.0

    result = CliRunner().invoke(grade, ["extend", AID, "t0005", "--until", (due + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
                                        "--reason", "出張", "--course-dir", str(course)])
    assert result.exit_code == 0, result.output
    regrade(course, "t0005")
    row = t01_row(course, "t0005")  # still a day late after the extension: 10 %
    assert (row["遅延"], row["減点"], row["得点"], row["延長期限"]) == (True, 0.3, 2.7, (due + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"))

    grant_extension(course, AID, "t0005", until=(due + dt.timedelta(days=3)).date(), reason="出張（延長）")
    assert read_extensions(course)[("t0005", AID)].until == dt.datetime.combine((due + dt.timedelta(days=3)).date(), dt.time(17), JST)
    regrade(course, "t0005")
    row = t01_row(course, "t0005")
    assert (row["遅延"], row["減点"], row["得点"]) == (False, 0.0, 3.0)

    page = write_dashboard(course, tmp_path / "d.html").read_text(encoding="utf-8")
    section = page[page.index("<h2>提出遅れと期限の延長"):page.index("<h2>修了判定の保留")]
    assert "t0005" in section and "期限内" in section and (due + dt.timedelta(days=3)).strftime("%Y-%m-%d") in section
    assert "提出遅れ 0 件、期限の延長 1 件" in page


def test_extension_errors(course):
    due = due_of(course, AID)
    with pytest.raises(CurriculumError, match="課題 b99 が成績簿にありません"):
        grant_extension(course, "b99", "t0001", until=due.date() + dt.timedelta(days=2))
    with pytest.raises(CurriculumError, match="職員番号 x9999 が名簿にありません"):
        grant_extension(course, AID, "X9999", until=due.date() + dt.timedelta(days=2))
    with pytest.raises(CurriculumError, match="元の期限 .* より前です"):
        grant_extension(course, AID, "t0001", until=due.date() - dt.timedelta(days=1))
    with pytest.raises(CurriculumError, match="0〜100"):
        write_late_policy(course, percent_per_day=150)
