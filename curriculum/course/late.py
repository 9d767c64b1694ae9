"""提出期限の延長と提出遅れの扱い: per-trainee extensions and a late policy on nbgrader's ``LateSubmissionPlugin``.

Extensions are a small CSV in the course folder (``extensions.csv``: 職員番号, 課題, 延長後の期限 (JST), 理由) that
HR can read. The policy is nbgrader's own plugin mechanism, switched on by one line of the course's
``nbgrader_config.py``::

    c.AssignLatePenalties.plugin_class = "curriculum.course.late.CourseLatePolicy"

and tuned there too (``c.CourseLatePolicy.percent_per_day = 10``, ``c.CourseLatePolicy.max_percent = 50``);
:func:`write_late_policy` writes that block. nbgrader asks the plugin only for submissions later than the
assignment's due date; the plugin then measures lateness against the trainee's extended due date.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float, Unicode

from curriculum.course import config as cfg
from curriculum.course.schedule import JST, due_datetime
from curriculum.errors import CurriculumError

EXTENSIONS_NAME = "extensions.csv"
_HEADER = ["職員番号", "課題", "延長後の期限", "理由"]
_BLOCK_START = "# --- 提出遅れの扱い（curriculum grade late-policy が作成） ---"
_BLOCK_END = "# --- ここまで ---"


@dataclass(frozen=True)
class Extension:
    """期限の延長: one trainee's new due date for one assignment (timezone-aware)."""

    staff_id: str
    assignment_id: str
    until: dt.datetime
    reason: str = ""

    def until_utc(self) -> dt.datetime:
        """The new due date as nbgrader stores times: naive UTC."""
        return self.until.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def until_text(self) -> str:
        return self.until.astimezone(JST).strftime("%Y-%m-%d %H:%M")


def read_extensions(course_dir: Path) -> dict[tuple[str, str], Extension]:
    """延長の一覧: ``{(職員番号, 課題): Extension}`` from the course's ``extensions.csv`` (empty when there is none)."""
    return read_extension_file(Path(course_dir) / EXTENSIONS_NAME)


def read_extension_file(path: Path) -> dict[tuple[str, str], Extension]:
    """延長の一覧を読む: one ``extensions.csv`` (empty when the file does not exist)."""
    from curriculum.course.roster import canonical_id

    path = Path(path)
    if not path.is_file():
        return {}
    found = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            try:
                until = dt.datetime.fromisoformat(row["延長後の期限"].strip())
            except (KeyError, ValueError, AttributeError) as err:
                raise CurriculumError(f"{line_no} 行目: 延長後の期限が読めません（{row.get('延長後の期限')!r}）",
                                      f"line {line_no}: bad extension date", path=path,
                                      fix="2026-07-01 17:00 の形で書くか、`curriculum grade extend` で作り直してください") from err
            if until.tzinfo is None:
                until = until.replace(tzinfo=JST)
            ext = Extension(canonical_id(row["職員番号"]), row["課題"].strip(), until, (row.get("理由") or "").strip())
            found[(ext.staff_id, ext.assignment_id)] = ext
    return found


def grant_extension(course_dir: Path, assignment_id: str, staff_id: str, *, until: dt.date | dt.datetime,
                    reason: str = "") -> Extension:
    """期限を延長する: give one trainee a later due date for one assignment (replaces an earlier extension).

    ``until`` as a date means 17:00 JST that day; a naive datetime is read as JST. The new date must be
    after the assignment's own due date; the assignment and the trainee must be in the gradebook.

    Examples
    --------
    >>> grant_extension(Path("course"), "b01_question", "T0002", until=dt.date(2026, 7, 1), reason="出張")  # doctest: +SKIP
    """
    from nbgrader.api import MissingEntry

    from curriculum.course.roster import canonical_id

    course_dir = Path(course_dir)
    staff_id = canonical_id(staff_id)
    if isinstance(until, dt.datetime):
        when = until if until.tzinfo else until.replace(tzinfo=JST)
    else:
        when = due_datetime(until)
    with cfg.open_gradebook(course_dir) as gb:
        try:
            assignment = gb.find_assignment(assignment_id)
        except MissingEntry as err:
            raise CurriculumError(f"課題 {assignment_id} が成績簿にありません", f"unknown assignment {assignment_id}",
                                  path=course_dir, fix=f"課題 ID を {cfg.META_NAME} か `curriculum cohort create` の出力で確かめてください") from err
        try:
            gb.find_student(staff_id)
        except MissingEntry as err:
            raise CurriculumError(f"職員番号 {staff_id} が名簿にありません", f"unknown trainee {staff_id}",
                                  path=course_dir / cfg.ROSTER_NAME, fix=f"名簿（{cfg.ROSTER_NAME}）の職員番号を確かめてください") from err
        due = assignment.duedate
    if due is not None and when.astimezone(dt.timezone.utc).replace(tzinfo=None) <= due:
        original = due.replace(tzinfo=dt.timezone.utc).astimezone(JST).strftime("%Y-%m-%d %H:%M")
        raise CurriculumError(f"延長後の期限 {when.astimezone(JST):%Y-%m-%d %H:%M} が元の期限 {original} より前です",
                              "an extension must end after the original due date", path=course_dir,
                              fix="--until に元の期限より後の日付を指定してください")
    ext = Extension(staff_id, assignment_id, when, reason)
    table = read_extensions(course_dir)
    table[(staff_id, assignment_id)] = ext
    path = course_dir / EXTENSIONS_NAME
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(_HEADER)
        for e in sorted(table.values(), key=lambda e: (e.staff_id, e.assignment_id)):
            writer.writerow([e.staff_id, e.assignment_id, e.until_text(), e.reason])
    return ext


def compute_penalty(score: float, seconds_late: float, *, percent_per_day: float, max_percent: float = 100.0) -> float:
    """遅れによる減点: ``percent_per_day`` % of the score for each started day late, at most ``max_percent`` %.

    >>> compute_penalty(3.0, 3600, percent_per_day=10)
    0.3
    >>> compute_penalty(3.0, 2 * 86400 + 1, percent_per_day=10)  # 3 started days
    0.9
    >>> compute_penalty(3.0, 30 * 86400, percent_per_day=10, max_percent=50)
    1.5
    >>> compute_penalty(3.0, 0, percent_per_day=10)
    0.0
    """
    if seconds_late <= 0 or percent_per_day <= 0:
        return 0.0
    days = math.ceil(seconds_late / 86400)
    return round(score * min(max_percent, percent_per_day * days) / 100, 4)


def seconds_late(timestamp: dt.datetime | None, due: dt.datetime | None, extension: Extension | None = None) -> float:
    """期限からの遅れ（秒）: against the extended due date when there is one; 0 when on time or unknown.

    Times are naive UTC, as nbgrader stores them.
    """
    if extension is not None:
        due = extension.until_utc()
    if timestamp is None or due is None:
        return 0.0
    return max(0.0, (timestamp - due).total_seconds())


class CourseLatePolicy(LateSubmissionPlugin):
    """nbgrader の遅延ペナルティ: the course's policy, honouring per-trainee extensions.

    ``penalty_method = 'zero'`` (nbgrader's own) still gives 0 points to any late notebook.
    """

    percent_per_day = Float(0.0, help="1 日（24 時間）遅れるごとに得点から引く割合（%）。0 なら減点しない").tag(config=True)
    max_percent = Float(100.0, help="減点の上限（得点の %）").tag(config=True)
    extensions_path = Unicode("", help="延長の一覧 extensions.csv の場所（既定: CourseDirectory.root の中）").tag(config=True)

    def _extension(self, student_id: str, assignment_id: str) -> Extension | None:
        # autograde runs nbgrader in a working folder outside the course (CourseDirectory.root points there),
        # so write_late_policy names the course's file explicitly
        path = Path(self.extensions_path) if self.extensions_path else Path(self.config.CourseDirectory.root) / EXTENSIONS_NAME
        return read_extension_file(path).get((student_id, assignment_id))

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float | None:
        assignment_id = self.parent.assignment_id
        submission = self.parent.gradebook.find_submission(assignment_id, student_id)
        late = seconds_late(submission.timestamp, submission.duedate, self._extension(student_id, assignment_id))
        if late <= 0:
            self.log.info("%s: 延長後の期限内の提出（減点なし）", student_id)
            return None
        if self.penalty_method == "zero":
            return score
        return compute_penalty(score, late, percent_per_day=self.percent_per_day, max_percent=self.max_percent)


def write_late_policy(course_dir: Path, *, percent_per_day: float, max_percent: float = 100.0) -> Path:
    """遅延ペナルティを設定する: write (or replace) the late-policy block of the course's ``nbgrader_config.py``.

    Applies from the next ``grade autograde``; earlier grades keep their penalty until re-graded.
    """
    if not 0 <= percent_per_day <= 100 or not 0 <= max_percent <= 100:
        raise CurriculumError("減点の割合は 0〜100（%）にしてください", "percentages must be 0-100",
                              fix="--per-day 10 --max 50 のように指定してください")
    path = Path(course_dir) / cfg.CONFIG_NAME
    cfg.load_config(course_dir)  # a clear error when this is not a course folder
    text = path.read_text(encoding="utf-8")
    if _BLOCK_START in text:
        head, _, rest = text.partition(_BLOCK_START)
        text = head.rstrip("\n") + "\n" + rest.partition(_BLOCK_END)[2].lstrip("\n")
    block = "\n".join([
        _BLOCK_START,
        f'c.AssignLatePenalties.plugin_class = "{CourseLatePolicy.__module__}.{CourseLatePolicy.__name__}"',
        f"c.CourseLatePolicy.percent_per_day = {float(percent_per_day)!r}  # 1 日遅れるごとの減点（得点の %）",
        f"c.CourseLatePolicy.max_percent = {float(max_percent)!r}  # 減点の上限（得点の %）",
        "# 期限の延長の一覧（採点は講座の外の作業フォルダで行うので、講座フォルダの場所で指定する）",
        f"c.CourseLatePolicy.extensions_path = {str(Path(course_dir).resolve() / EXTENSIONS_NAME)!r}",
        _BLOCK_END, ""])
    path.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")
    return path
