"""配布: release an assignment, and (separately) the trainees' feedback, to nbgrader's exchange folder.

Underneath are nbgrader's own ``release_assignment`` and ``release_feedback`` (``NbGraderAPI``), so trainees
fetch with Jupyter's Assignments tab or ``nbgrader fetch_assignment`` / ``fetch_feedback`` as usual. What this
module adds is the checks an instructor needs in Japanese: an unknown assignment, one not built yet, feedback
not generated yet, and feedback for a notebook that did not come through the exchange (nbgrader can only
address feedback to a submission it gave a secret to).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from curriculum.course import config as cfg
from curriculum.errors import CurriculumError


@dataclass
class FeedbackRelease:
    """フィードバック配布の結果: trainees whose feedback was released, and the ones skipped with the reason."""

    released: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (職員番号, Japanese reason)

    def text(self) -> str:
        lines = [f"フィードバックを配布: {len(self.released)} 名"]
        lines += [f"  配布しなかった受講者: {sid} — {why}" for sid, why in self.skipped]
        return "\n".join(lines)


def known_assignments(course_dir: Path) -> list[str]:
    """この講座の課題 ID: those in ``course.json``, in ``source/`` and in the gradebook."""
    course_dir = Path(course_dir)
    ids = [a["id"] for a in cfg.read_meta(course_dir).get("assignments", [])]
    source = course_dir / "source"
    ids += sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    if cfg.has_gradebook(course_dir):
        with cfg.open_gradebook(course_dir) as gb:
            ids += sorted(a.name for a in gb.assignments)
    return list(dict.fromkeys(ids))


def _check_assignment(course_dir: Path, assignment_id: str) -> None:
    known = known_assignments(course_dir)
    if assignment_id not in known:
        raise CurriculumError(f"課題「{assignment_id}」はこの講座にありません（ある課題: {'、'.join(known) or 'なし'}）",
                              f"unknown assignment {assignment_id!r}", path=course_dir,
                              fix="課題 ID を確かめてください（`curriculum grade report` の課題別の表にも出ています）")


def _failure(outcome: dict) -> str:
    log = (outcome.get("log") or "").splitlines()
    errors = [ln.replace("[ERROR]", "").strip() for ln in log if "[ERROR]" in ln]
    trace = (outcome.get("error") or "").strip().splitlines()
    return (errors or trace[-1:] or ["unknown error"])[0]


def release_assignment(course_dir: Path, assignment_id: str, *, force: bool = False) -> Path:
    """課題を配布する: copy ``release/<assignment>/`` to the exchange (nbgrader ``release_assignment``).

    Parameters
    ----------
    course_dir : Path
        The course folder.
    assignment_id : str
        An assignment of this course, built with ``curriculum course build``.
    force : bool
        Replace a copy released earlier (e.g. after fixing a typo and building again).

    Returns
    -------
    Path
        The assignment's folder in the exchange (what trainees fetch).

    Examples
    --------
    >>> release_assignment(Path("cohort2026"), "b01_question")  # doctest: +SKIP
    """
    course_dir = Path(course_dir).resolve()
    config = cfg.load_config(course_dir)
    _check_assignment(course_dir, assignment_id)
    built = course_dir / "release" / assignment_id
    if not any(built.glob("*.ipynb")):
        raise CurriculumError(f"課題「{assignment_id}」の受講者版がまだありません", f"{assignment_id} has not been built",
                              path=built, fix="先に `curriculum course build` を実行してください")
    outbound = Path(config.Exchange.root) / config.CourseDirectory.course_id / "outbound" / assignment_id
    if outbound.exists() and not force:
        raise CurriculumError(f"課題「{assignment_id}」はすでに配布されています", f"{assignment_id} is already released",
                              path=outbound, fix="作り直した受講者版で置き換えるときは --force を付けてください")
    api = cfg.make_api(course_dir, **{"ExchangeReleaseAssignment.force": bool(force)})
    outcome = api.release_assignment(assignment_id)
    if not outcome.get("success"):
        raise CurriculumError(f"課題「{assignment_id}」を配布できませんでした: {_failure(outcome)}",
                              f"release_assignment failed: {_failure(outcome)}", path=outbound.parent,
                              fix="交換フォルダ（nbgrader_config.py の Exchange.root）が書き込めるか確かめてください")
    return outbound


def release_feedback(course_dir: Path, assignment_id: str, *, students: list[str] | None = None) -> FeedbackRelease:
    """フィードバックを配布する: put each trainee's feedback HTML in the exchange (nbgrader ``release_feedback``).

    Only feedback generated with ``curriculum grade feedback`` for a submission collected from the exchange
    can be released; the others are listed in the result with the reason.

    Examples
    --------
    >>> print(release_feedback(Path("cohort2026"), "b01_question").text())  # doctest: +SKIP
    """
    from curriculum.course.roster import canonical_id

    course_dir = Path(course_dir).resolve()
    cfg.load_config(course_dir)
    _check_assignment(course_dir, assignment_id)
    root = course_dir / "feedback"
    generated = sorted(p.name for p in root.iterdir() if any((p / assignment_id).glob("*.html"))) if root.is_dir() else []
    wanted = generated if students is None else [canonical_id(s) for s in students]
    result = FeedbackRelease()
    for sid in wanted:
        folder = root / sid / assignment_id
        if sid not in generated:
            result.skipped.append((sid, "フィードバックがまだありません（`curriculum grade feedback` を先に実行）"))
        elif not (folder / "submission_secret.txt").is_file():
            result.skipped.append((sid, "交換フォルダ経由の提出ではないため配布できません（メール等で返却してください）"))
    if not generated:
        raise CurriculumError(f"課題「{assignment_id}」のフィードバックがまだありません", f"no feedback for {assignment_id}",
                              path=root, fix=f"先に `curriculum grade feedback {assignment_id}` を実行してください")
    api = cfg.make_api(course_dir)
    for sid in wanted:
        if any(s == sid for s, _ in result.skipped):
            continue
        outcome = api.release_feedback(assignment_id, sid)
        if outcome.get("success"):
            result.released.append(sid)
        else:
            result.skipped.append((sid, f"nbgrader のエラー: {_failure(outcome)}"))
    return result
