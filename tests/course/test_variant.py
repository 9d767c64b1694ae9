"""別データ採点 (issue 18): hard-coded answers don't pass, and a 広域 cohort grades each trainee with their city.

A real b00 course on the real SSDSE-A: t0001 answers honestly, t0002 types 燕市's population
(`my_city_population = 77201`), t0003 is a trainee of 三条市 (roster column 自治体コード).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import grade_table

from curriculum.course import variant
from curriculum.course.autograde import autograde_cohort, trainee_cities
from curriculum.course.build import build_course
from curriculum.course.cohort import create_cohort

REPO = Path(__file__).resolve().parents[2]
AID = "b00_orientation"
MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    import os

    from realdata import REAL_DATA, require_real

    require_real(REAL_DATA / "ssdse")
    os.environ.setdefault("CURRICULUM_DATA_DIR", str(REAL_DATA))
    tmp = tmp_path_factory.mktemp("variant")
    shutil.copytree(REPO / "basic" / AID, tmp / "root" / "basic" / AID)
    roster = tmp / "roster.csv"
    roster.write_text("職員番号,氏名,所属,メール,自治体コード\nT0001,練習 太郎,総務課,,\nT0002,見本 花子,企画課,,\n"
                      "T0003,架空 一郎,三条市 総務課,,152048\n", encoding="utf-8-sig")
    course = create_cohort(tmp / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11),
                           roster=roster, source_root=tmp / "root")["course_dir"]
    build_course(course, source_root=tmp / "root", echo=lambda *a: None)
    release = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    source = json.loads((REPO / "basic" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    answers = {c["metadata"]["nbgrader"]["grade_id"]: "\n".join(
        ln for ln in "".join(c["source"]).splitlines() if not MARKER.match(ln))
        for c in source["cells"] if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution")}
    typed = {**answers, "b00-q1-answer": "my_city_population = 77201"}
    for sid, chosen in (("t0001", answers), ("t0002", typed), ("t0003", answers)):
        nb = json.loads(json.dumps(release))
        for cell in nb["cells"]:
            gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if gid in chosen:
                cell["source"] = chosen[gid]
        folder = course / "submitted" / sid / AID
        folder.mkdir(parents=True)
        (folder / f"{AID}.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    outcomes = {o.student_id: o for o in autograde_cohort(course, AID, workers=2, progress=False)}
    return course, outcomes


def _autograded(course: Path, sid: str) -> dict:
    return json.loads((course / "autograded" / sid / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))


def _outputs(nb: dict, grade_id: str | None = None) -> str:
    texts = []
    for cell in nb["cells"]:
        if grade_id and cell["metadata"].get("nbgrader", {}).get("grade_id") != grade_id:
            continue
        for out in cell.get("outputs", []):
            texts.append(out.get("evalue", "") + "".join(out.get("text", "")))
    return "\n".join(texts)


def test_the_variant_city_comes_from_data():
    assert variant.variant_city("15213") not in (None, "15213")
    assert variant.variant_city("15213")[:2] == "15"  # same prefecture
    assert variant.variant_city("99999") is None


def test_a_typed_population_scores_zero_with_a_japanese_comment(graded):
    course, outcomes = graded
    table = grade_table(course, AID)
    assert outcomes["t0002"].ok, outcomes["t0002"].problem
    assert table[("t0002", "b00-q1-test")][0] == 0.0
    assert table[("t0002", "b00-q2-test")][0] == 1.0 and table[("t0002", "b00-q4-test")][0] == 1.0
    assert outcomes["t0002"].score == outcomes["t0001"].score - 1
    assert variant.COMMENT in _outputs(_autograded(course, "t0002"), "b00-q1-test")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(AID, AID, "t0002")
        assert {c.name: c.auto_comment for c in nb.comments}["b00-q1-answer"] == variant.COMMENT


def test_an_honest_submission_keeps_its_full_score(graded):
    course, outcomes = graded
    table = grade_table(course, AID)
    assert outcomes["t0001"].ok and outcomes["t0001"].score == 3.0  # q3 (2 points) waits for the instructor
    assert {g: table[("t0001", g)][0] for g in ("b00-q1-test", "b00-q2-test", "b00-q4-test")} == \
        {"b00-q1-test": 1.0, "b00-q2-test": 1.0, "b00-q4-test": 1.0}
    assert variant.COMMENT not in _outputs(_autograded(course, "t0001"))
    assert outcomes["t0001"].stages["variant"] > 0  # the second run happened


def test_a_trainee_of_another_city_is_graded_with_their_city(graded):
    course, outcomes = graded
    assert trainee_cities(course, ["t0001", "t0003"]) == {"t0001": "15213", "t0003": "15204"}
    assert "対象: 三条市（15204）" in _outputs(_autograded(course, "t0003"))
    assert "対象: 燕市（15213）" in _outputs(_autograded(course, "t0001"))
    assert variant.COMMENT not in _outputs(_autograded(course, "t0003"))  # honest with their own city too


def test_the_feedback_shows_the_comment(graded):
    from curriculum.course.feedback import generate_feedback

    course, _ = graded
    [page] = generate_feedback(course, AID, student_id="t0002")
    html = page.read_text(encoding="utf-8")
    assert variant.COMMENT in html
    assert "77_201" not in html  # the hidden test (and its expected value) is not shown
