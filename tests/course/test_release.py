"""grade release: assignments and feedback reach the exchange through nbgrader's own release_assignment /
release_feedback, and a trainee gets them with nbgrader's own fetch_assignment / submit / fetch_feedback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from coursefixture import AID, copy_course
from helpers import CORRECT, answer

from curriculum.cli.course import grade
from curriculum.course import config as cfg
from curriculum.course.autograde import autograde_cohort
from curriculum.course.config import open_gradebook
from curriculum.course.feedback import generate_feedback
from curriculum.course.release import release_assignment, release_feedback
from curriculum.errors import CurriculumError


def trainee(course: Path, home: Path, student: str):
    """Run nbgrader's student-side exchange steps as one trainee (a home folder of their own)."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.Exchange.root = str(course / "exchange")
    config.Exchange.assignment_dir = str(home)
    config.Exchange.cache = str(home / ".cache")
    config.CourseDirectory.course_id = cfg.load_config(course).CourseDirectory.course_id
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.student_id = student
    config.CourseDirectory.assignment_id = AID
    home.mkdir(parents=True, exist_ok=True)

    def run(step):
        app = step(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config), config=config)
        app.start()

    return run


@pytest.fixture
def course(graded_course, tmp_path):
    return copy_course(graded_course, tmp_path / "course")


def test_release_assignment_to_the_exchange(course, tmp_path):
    from nbgrader.exchange.default import ExchangeFetchAssignment

    outbound = release_assignment(course, AID)
    assert sorted(p.name for p in outbound.iterdir()) == ["population.csv", f"{AID}.ipynb"]
    trainee(course, tmp_path / "home", "t0001")(ExchangeFetchAssignment)
    fetched = json.loads((tmp_path / "home" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    assert fetched == json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    with pytest.raises(CurriculumError, match="すでに配布されています"):
        release_assignment(course, AID)
    assert release_assignment(course, AID, force=True) == outbound


def test_release_errors_are_clear(course):
    with pytest.raises(CurriculumError, match="課題「b99_nothing」はこの講座にありません（ある課題: t01_pandas、elderly_transit"):
        release_assignment(course, "b99_nothing")
    with open_gradebook(course) as gb:
        gb.update_or_create_assignment("fu_not_ready")
    with pytest.raises(CurriculumError, match="課題「fu_not_ready」の受講者版がまだありません") as err:
        release_assignment(course, "fu_not_ready")
    assert "curriculum course build" in str(err.value)
    with pytest.raises(CurriculumError, match="のフィードバックがまだありません"):
        release_feedback(course, AID)
    result = CliRunner().invoke(grade, ["release", "b99_nothing", "--course-dir", str(course)])
    assert result.exit_code == 1 and "はこの講座にありません" in result.output


def test_feedback_round_trip_through_the_exchange(course, tmp_path):
    from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit

    result = CliRunner().invoke(grade, ["release", AID, "--course-dir", str(course)])
    assert result.exit_code == 0, result.output
    home = tmp_path / "home"
    as_trainee = trainee(course, home, "t0003")
    as_trainee(ExchangeFetchAssignment)
    notebook = home / AID / f"{AID}.ipynb"
    notebook.write_text(json.dumps(answer(json.loads(notebook.read_text(encoding="utf-8")), CORRECT), ensure_ascii=False),
                        encoding="utf-8")
    as_trainee(ExchangeSubmit)
    shutil.rmtree(course / "submitted" / "t0003" / AID)  # the fixture's copy; this one comes through the exchange
    assert cfg.make_api(course).collect(AID)["success"]
    assert (course / "submitted" / "t0003" / AID / "submission_secret.txt").is_file()
    assert [o.score for o in autograde_cohort(course, AID, students=["t0003"], workers=1, progress=False)] == [3.0]
    generate_feedback(course, AID)
    result = CliRunner().invoke(grade, ["release", AID, "--feedback", "--course-dir", str(course)])
    assert result.exit_code == 0, result.output
    assert "フィードバックを配布: 1 名" in result.output
    assert "配布しなかった受講者: t0001 — 交換フォルダ経由の提出ではないため" in result.output
    as_trainee(ExchangeFetchFeedback)
    [page] = (home / AID / "feedback").glob(f"*/{AID}.html")
    assert "3.0" in page.read_text(encoding="utf-8") and "HIDDEN-Q1" not in page.read_text(encoding="utf-8")
