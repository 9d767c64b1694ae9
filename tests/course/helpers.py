"""Shared helpers for the course tests: fixture paths, roster writing, scripted submissions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "course"
NBGRADER_FILES = Path(__import__("nbgrader").__file__).parent / "tests" / "apps" / "files"
ROSTER_ROWS = [("T0001", "練習 太郎", "総務課"), ("T0002", "見本 花子", "企画財政課"), ("T0003", "架空 一郎", "総務課"),
               ("T0004", "試験 次郎", "健康福祉課"), ("T0005", "模擬 三郎", "健康福祉課")]


def write_roster(path: Path, rows=ROSTER_ROWS, *, encoding="utf-8-sig") -> Path:
    lines = ["職員番号,氏名,所属,メール"] + [f"{i},{n},{d},{i.lower()}@example.jp" for i, n, d in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def answer(release_nb: dict, answers: dict[str, str], tests: dict[str, str] | None = None) -> dict:
    """The student notebook with some solution cells (and, for cheats, test cells) replaced by grade_id."""
    nb = json.loads(json.dumps(release_nb))
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell["source"] = answers[gid]
        if tests and gid in tests:
            cell["source"] = tests[gid]
    return nb


CORRECT = {"q1_answer": 'total = int(df["人口"].sum())',
           "q2_answer": 'rate = df["65歳以上"] / df["人口"]\ntop_city = df.loc[rate.idxmax(), "市町村"]',
           "q3_answer": "見本町の高齢化率が最も高い。"}


def serial_cli_autograde(course_dir: Path, assignment: str) -> None:
    """nbgrader's own serial `nbgrader autograde` CLI in the course folder (the reference)."""
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment, "--force"],
                   cwd=course_dir, env=env, check=False, capture_output=True)


def grade_table(course_dir: Path, assignment: str) -> dict:
    """{(student, grade cell): (auto_score, needs_manual_grade)} for every graded submission."""
    from nbgrader.api import Gradebook

    table = {}
    with Gradebook(f"sqlite:///{Path(course_dir) / 'gradebook.db'}") as gb:
        for sub in gb.find_assignment(assignment).submissions:
            for nb in sub.notebooks:
                for g in nb.grades:
                    table[(sub.student.id, g.name)] = (g.auto_score, g.needs_manual_grade)
    return table


def new_course(folder: Path) -> Path:
    """A cohort course in ``folder/course`` from the fixture assignments (roster T0001–T0005), built."""
    import datetime as dt

    from curriculum.course.build import build_course
    from curriculum.course.cohort import create_cohort

    paths = create_cohort(folder / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11),
                          roster=write_roster(folder / "roster.csv"), source_root=FIXTURES)
    build_course(paths["course_dir"], source_root=FIXTURES, echo=lambda *a: None)
    return paths["course_dir"]
