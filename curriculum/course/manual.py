"""手動採点: record an instructor's score for a written answer (what formgrader does), from Python.

nbgrader keeps manual scores apart from automatic ones, so they survive a later re-grade
(``autograde --force``); see tests/course/test_autograde.py.
"""

from __future__ import annotations

from pathlib import Path

from curriculum.course import config as cfg
from curriculum.errors import CurriculumError


def set_manual_score(course_dir: Path, assignment_id: str, student_id: str, notebook_id: str, grade_id: str,
                     score: float, *, comment: str | None = None) -> float:
    """手動で採点する: set the manual score (and optional comment) of one graded cell; return the total score.

    Examples
    --------
    >>> set_manual_score(Path("course"), "b01_question", "T0001", "b01_question", "q3_answer", 2)  # doctest: +SKIP
    """
    from nbgrader.api import MissingEntry

    with cfg.open_gradebook(course_dir) as gb:
        try:
            grade = gb.find_grade(grade_id, notebook_id, assignment_id, student_id)
        except MissingEntry as err:
            raise CurriculumError(f"採点欄が見つかりません（{assignment_id}/{notebook_id} の {grade_id}、{student_id}）",
                                  "grade cell not found", path=course_dir,
                                  fix="先に自動採点（curriculum grade autograde）を実行し、採点 ID を確かめてください") from err
        if not 0 <= score <= grade.max_score:
            raise CurriculumError(f"得点 {score} は 0〜{grade.max_score} にしてください", "score out of range")
        grade.manual_score = float(score)
        grade.needs_manual_grade = False
        if comment is not None:
            gb.find_comment(grade_id, notebook_id, assignment_id, student_id).manual_comment = comment
        gb.db.commit()
        return float(gb.find_submission(assignment_id, student_id).score)
