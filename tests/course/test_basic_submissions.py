"""Scripted submissions to real ベーシック編 notebooks, autograded through nbgrader: each gets the score
its nbgrader metadata says it should (correct, one typical wrong answer, partly right, blank, and a
blank one whose locked test cells were rewritten to `pass`)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import grade_table, write_roster

from curriculum.course.autograde import autograde_cohort
from curriculum.course.build import build_course
from curriculum.course.cohort import create_cohort

REPO = Path(__file__).resolve().parents[2]
# One typical mistake per notebook (the one its self-check messages warn about), by answer cell.
WRONG = {
    "b00_orientation": ("b00-q1-answer", 'my_city_population = df["A1101"].sum()  # 全国の合計を入れてしまう'),
    "b01_question": ("b01-q4-answer", 'pref_aging_rate = (pref_table["A1303"] / pref_table["A1101"]).mean() * 100  # 率の平均'),
    "b03_compare": ("b03-q2-answer", 'target_rank = int(len(ranking) + 1 - ranking.loc[TARGET, "rank"])  # 低い順'),
}
STUDENTS = ("t0001", "t0002", "t0003", "t0004", "t0005")  # correct, wrong, partly right, blank, cheat


def cells(nb: dict) -> list[tuple[dict, dict]]:
    return [(c, c["metadata"]["nbgrader"]) for c in nb["cells"] if c.get("metadata", {}).get("nbgrader")]


def answers_of(source: dict) -> dict[str, str]:
    """Every code answer of the source notebook, markers removed (what a trainee would have typed)."""
    marker = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")
    return {m["grade_id"]: "\n".join(ln for ln in "".join(c["source"]).splitlines() if not marker.match(ln))
            for c, m in cells(source) if m.get("solution") and c["cell_type"] == "code"}


def following_tests(nb: dict) -> dict[str, str]:
    """Each answer cell → the autograded test cell that follows it."""
    following, last_answer = {}, None
    for c, m in cells(nb):
        if m.get("solution") and c["cell_type"] == "code":
            last_answer = m["grade_id"]
        elif m.get("grade") and not m.get("solution") and last_answer:
            following[last_answer] = m["grade_id"]
            last_answer = None
    return following


def submission(release: dict, replace: dict[str, str]) -> dict:
    nb = json.loads(json.dumps(release))
    for c, m in cells(nb):
        if m["grade_id"] in replace:
            c["source"] = replace[m["grade_id"]]
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory, request):
    request.getfixturevalue("real_data")  # module-scoped use of the real-data folder
    tmp = tmp_path_factory.mktemp("basic_grading")
    for assignment in WRONG:
        shutil.copytree(REPO / "basic" / assignment, tmp / "root" / "basic" / assignment)
    paths = create_cohort(tmp / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11),
                          roster=write_roster(tmp / "roster.csv"), source_root=tmp / "root")
    build_course(paths["course_dir"], source_root=tmp / "root", echo=lambda *a: None)
    return paths["course_dir"]


@pytest.fixture(scope="module")
def real_data(tmp_path_factory):
    import os

    from realdata import REAL_DATA, require_real

    require_real(REAL_DATA)
    previous = os.environ.get("CURRICULUM_DATA_DIR")
    os.environ["CURRICULUM_DATA_DIR"] = str(REAL_DATA)
    yield REAL_DATA
    if previous is None:
        os.environ.pop("CURRICULUM_DATA_DIR")
    else:
        os.environ["CURRICULUM_DATA_DIR"] = previous


@pytest.mark.parametrize("assignment", list(WRONG))
def test_scripted_submissions_get_the_expected_scores(course, assignment):
    source = json.loads((REPO / "basic" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    release = json.loads((course / "release" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    answers, following = answers_of(source), following_tests(source)
    points = {m["grade_id"]: float(m["points"]) for _, m in cells(source) if m.get("grade") and not m.get("solution")}
    wrong_answer, wrong_code = WRONG[assignment]
    last_answer = list(answers)[-1]
    variants = {
        "t0001": (answers, set()),
        "t0002": ({**answers, wrong_answer: wrong_code}, {following[wrong_answer]}),
        "t0003": ({k: v for k, v in answers.items() if k != last_answer}, {following[last_answer]}),
        "t0004": ({}, set(points)),
        "t0005": ({gid: "pass  # テストを消す" for gid in points}, set(points)),
    }
    for student, (replace, _) in variants.items():
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        (folder / f"{assignment}.ipynb").write_text(json.dumps(submission(release, replace), ensure_ascii=False),
                                                    encoding="utf-8")
    outcomes = {o.student_id: o for o in autograde_cohort(course, assignment, workers=2, progress=False)}
    table = grade_table(course, assignment)
    for student, (_, failing) in variants.items():
        assert outcomes[student].ok, outcomes[student].problem
        expected = {gid: 0.0 if gid in failing else p for gid, p in points.items()}
        got = {gid: table[(student, gid)][0] for gid in points}
        assert got == expected, (student, got)
        assert outcomes[student].score == sum(expected.values())
    full = sum(points.values())
    assert outcomes["t0001"].score == full > outcomes["t0002"].score > 0 and full > outcomes["t0003"].score > 0


# Issue 16: where the answer used to be a one-line call to a package helper, the trainee writes the pandas step
# first; the helper is shown after the question, as a shortcut.
PANDAS_FIRST = [
    ("b03_compare", "b03-q1-answer", "compute_rate", ("/",)),
    ("b03_compare", "b03-q3-answer", "get_same_band", ("pd.cut(", "bands[TARGET]")),
    ("b04_distribution", "b04-q2-answer", "compute_mode_bin", ("pd.cut(", ".value_counts()", ".idxmax()")),
    ("b04_distribution", "b04-q3-answer", "get_outliers", ("1.5 * iqr", "rates[", "|")),
]


@pytest.mark.parametrize("name, answer_id, helper, steps", PANDAS_FIRST, ids=[f"{a}" for _, a, _, _ in PANDAS_FIRST])
def test_the_trainee_writes_the_pandas_step_before_the_helper(name, answer_id, helper, steps):
    nb = json.loads((REPO / "basic" / name / f"{name}.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"]]
    position = next(i for i, c in enumerate(nb["cells"])
                    if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == answer_id)
    solution = answers_of(nb)[answer_id]
    assert helper not in solution and helper not in "".join(sources[position - 1])  # neither answer nor question
    assert all(step in solution for step in steps), solution
    helper_used = [i for i, text in enumerate(sources) if f"{helper}(" in text and not text.lstrip().startswith("from ")]
    assert helper_used and min(helper_used) > position, f"{helper} should come after {answer_id}, as a shortcut"
