"""Helpers for the graded cohort (fixture ``graded_course`` in conftest.py) shared by the report / certificate / dashboard / export / item / late / release tests.

Built once per test session (per xdist worker): the fixture assignments (``t01_pandas`` and the follow-up
``elderly_transit``), five trainees' real submissions, graded by real nbgrader through ``autograde_cohort``.
Tests that change the gradebook work on a copy (:func:`copy_course`).

==========  ==========================================  ===============================
trainee     t01_pandas (q1 2 pt, q2 1 pt, q3 2 pt 記述)   elderly_transit (fu 1 pt)
==========  ==========================================  ===============================
t0001       correct, q3 answered (waits for instructor)  correct
t0002       total = 3000 (q1 wrong), q3 answered          share = 0.5 (hidden test fails)
t0003       nothing answered                             not submitted
t0004       nothing answered, test cells rewritten       not submitted
t0005       correct, q3 answered, 2 days late             correct
==========  ==========================================  ===============================
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from helpers import CORRECT, answer

AID, FU = "t01_pandas", "elderly_transit"


def write_submission(course: Path, student: str, assignment: str, nb: dict, when: dt.datetime) -> Path:
    """Put one notebook where nbgrader's collect would (``submitted/<id>/<assignment>/``, with timestamp.txt)."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    utc = when.astimezone(dt.timezone.utc)
    (folder / "timestamp.txt").write_text(utc.strftime("%Y-%m-%d %H:%M:%S.%f UTC"), encoding="utf-8")
    return path


def due_of(course: Path, assignment: str) -> dt.datetime:
    meta = json.loads((course / "course.json").read_text(encoding="utf-8"))
    return next(dt.datetime.fromisoformat(a["due"]) for a in meta["assignments"] if a["id"] == assignment)


def release_of(course: Path, assignment: str) -> dict:
    return json.loads((course / "release" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))


def copy_course(course: Path, dest: Path) -> Path:
    """A private copy of a course folder (its config's exchange pointed at the copy)."""
    shutil.copytree(course, dest)
    config = dest / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8").replace(str(course), str(dest)), encoding="utf-8")
    return dest




def answer_variants(t01: dict, fu: dict) -> tuple[dict[str, dict], dict[str, dict]]:
    """The trainees' notebooks of the table above: ``({id: t01 notebook}, {id: follow-up notebook})``."""
    t01_nbs = {"t0001": answer(t01, CORRECT), "t0002": answer(t01, {**CORRECT, "q1_answer": "total = 3000"}),
               "t0003": t01, "t0004": answer(t01, {}, tests={"q1_tests": "pass", "q2_tests": "pass"}),
               "t0005": answer(t01, CORRECT)}
    fu_nbs = {sid: answer(fu, {"fu_answer": share})
              for sid, share in {"t0001": "share = 0.3", "t0002": "share = 0.5", "t0005": "share = 0.3"}.items()}
    return t01_nbs, fu_nbs
