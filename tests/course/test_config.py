"""The course's nbgrader configuration: stubs that match what b00 teaches, Japan time, one name per course file."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from curriculum.course import config as cfg

REPO = Path(__file__).resolve().parents[2]
B00 = REPO / "basic" / "b00_orientation" / "b00_orientation.ipynb"


def _b00_text() -> str:
    nb = json.loads(B00.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_student_stubs_are_the_ones_b00_tells_trainees_to_look_for():
    text = _b00_text()
    written = re.search(r"「(ここに[^」]+)」と書かれた Markdown セル", text)
    code = re.search(r"「(ここに[^」]+)」という目印", text)
    assert written and code, "b00 no longer names the markers: update this test and the stubs together"
    assert cfg.TEXT_STUB.startswith(written.group(1))
    assert cfg.CODE_STUB.lstrip("# ").startswith(code.group(1))


def test_formgrader_and_api_show_due_dates_in_japan_time(tmp_path):
    import datetime as dt

    from curriculum.course.build import init_course

    course = tmp_path / "course"
    init_course(course, "tz-2026")
    (course / "source" / "b01").mkdir(parents=True)  # nbgrader lists assignments that have a source folder
    with cfg.open_gradebook(course) as gb:
        gb.update_or_create_assignment("b01", duedate=dt.datetime(2026, 6, 1, 8, 0))  # stored in UTC
    assignment = cfg.make_api(course).get_assignment("b01")
    assert assignment["display_duedate"] == "2026-06-01 17:00:00 JST"
    assert assignment["duedate_timezone"] == "+0900"


def test_course_file_names_are_named_once():
    """`gradebook.db`, `roster.csv`, `course.json` appear as string constants only in config.py."""
    names = {cfg.GRADEBOOK_NAME, cfg.ROSTER_NAME, cfg.META_NAME}
    offenders = []
    for path in sorted((REPO / "curriculum" / "course").glob("*.py")):
        if path.name == "config.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                offenders += [f"{path.name}:{node.lineno} {name}" for name in names if name in node.value]
    assert offenders == []
