"""`curriculum grade autograde` as an instructor runs it: one trainee with --student, a non-zero exit
status when a submission could not be graded, and no flood of SQLAlchemy warnings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CORRECT, answer, new_course


AID = "t01_pandas"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("autograde_cli")
    course = new_course(tmp)
    release = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    for sid, text in {"t0001": json.dumps(answer(release, CORRECT), ensure_ascii=False),
                      "t0002": '{"cells": ['}.items():  # t0002: a truncated upload
        folder = course / "submitted" / sid / AID
        folder.mkdir(parents=True)
        (folder / f"{AID}.ipynb").write_text(text, encoding="utf-8")
    return course


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    return subprocess.run([sys.executable, "-c", "from curriculum.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, check=False)


def test_one_trainee_with_student_option(course):
    done = _cli("grade", "autograde", AID, "--student", "T0001", "--course-dir", str(course), "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["t0001  3.0 / 5.0 点", "1 件中 1 件を採点"]
    assert "Warning" not in done.stderr  # nbgrader's SQLAlchemy warnings do not reach the instructor


def test_exit_status_is_non_zero_when_a_submission_failed(course):
    done = _cli("grade", "autograde", AID, "--course-dir", str(course), "--workers", "2")
    assert done.returncode == 1
    assert "t0002  採点できませんでした: ノートブックのファイルが壊れています" in done.stdout
    assert "2 件中 1 件を採点、1 件は要確認" in done.stdout
    assert "採点できなかった提出物があります: t0002" in done.stderr
    assert "SAWarning" not in done.stderr and "Warning" not in done.stdout


def test_unknown_student_is_a_clear_error(course):
    done = _cli("grade", "autograde", AID, "--student", "T0009", "--course-dir", str(course))
    assert done.returncode == 1
    assert "提出がない職員番号: T0009" in done.stderr and "Traceback" not in done.stderr
