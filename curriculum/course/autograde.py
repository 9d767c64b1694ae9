"""並列自動採点: autograde a whole cohort on all cores, one broken submission never stopping the batch.

Design (nbgrader's gradebook is SQLite, which is not safe for concurrent writers):

1. the parent is the **only writer** of ``gradebook.db`` (or of the PostgreSQL gradebook, see
   :mod:`curriculum.course.gradebook_db`: each worker then gets a SQLite snapshot of it, and the guard below
   watches only autograde's own columns, since instructors may grade meanwhile);
2. each submission is graded by nbgrader's own ``Autograde`` converter (``NbGraderAPI.autograde``) in a
   forked child process, against a **private copy of the gradebook** made just before the fork (so
   locked/hidden cells are restored and scores computed exactly as ``nbgrader autograde`` does);
3. when a child succeeds, the parent copies what autograde writes — submission timestamp, each
   grade's ``auto_score``/``needs_manual_grade``, each comment's ``auto_comment``, late penalties — from
   the copy into the real gradebook in one transaction. Manual scores are never touched, so manual
   grades survive a re-grade, as with nbgrader.

A child runs in its own process group: on the per-submission timeout the whole group (child and its
kernel) is killed and the submission is reported; nbgrader's per-cell timeout interrupts loops first.

Trainee code never runs inside the course folder (issue 18): each submission is graded in a working
folder of its own under the system's temporary folder (a copy of the submission, the assignment's
``source/`` files and the gradebook copy); the results are copied back to ``autograded/``. When the
process runs as root, the kernel runs as the unprivileged user ``curriculum-grader``
(:mod:`curriculum.course.sandbox`). The parent also fingerprints the real gradebook after each of its
own writes; a change made by anyone else while submissions were running is reported, undone, and the
submissions that were running are marked for checking.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from multiprocessing import connection
from pathlib import Path

from curriculum.course import config as cfg
from curriculum.course import gradebook_db
from curriculum.course import sandbox
from curriculum.errors import CurriculumError

SUBMISSION_TIMEOUT = 600  # seconds for one whole submission (all notebooks), after which it is killed


@dataclass
class GradeOutcome:
    """採点結果: what happened to one trainee's submission."""

    student_id: str
    assignment_id: str
    ok: bool
    score: float | None = None
    max_score: float | None = None
    seconds: float = 0.0
    problem: str = ""  # Japanese, empty when ok
    log: str = field(default="", repr=False)
    stages: dict = field(default_factory=dict, repr=False)  # seconds per stage: prepare, grade, variant, merge


def find_submitted(course_dir: Path, assignment_id: str) -> list[str]:
    """提出者の一覧: 職員番号 with a notebook in ``submitted/<id>/<assignment>/``, sorted.

    A folder holding only refused versions (``versions/``) is not a submission.
    """
    root = Path(course_dir) / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if any((p / assignment_id).glob("*.ipynb")))


def explain_failure(log: str, error: str) -> str:
    """失敗の説明: turn nbgrader's log into one Japanese line an instructor can act on.

    >>> explain_failure("[ERROR] ... kernel became unresponsive ...", "")
    '応答しなくなりました（無限ループやメモリの使いすぎ）。該当セルを直すか手で採点してください'
    >>> explain_failure("", "DeadKernelError: Kernel died")
    'カーネルが異常終了しました（os._exit などで Python が止まった）。手で採点してください'
    """
    text = f"{log}\n{error}"
    rules = [
        ("unresponsive", "応答しなくなりました（無限ループやメモリの使いすぎ）。該当セルを直すか手で採点してください"),
        ("DeadKernelError", "カーネルが異常終了しました（os._exit などで Python が止まった）。手で採点してください"),
        ("Kernel died", "カーネルが異常終了しました（os._exit などで Python が止まった）。手で採点してください"),
        ("duplicate", "セルが複製されています（同じ採点 ID が 2 つ）。受講者に複製したセルを消して再提出してもらってください"),
        ("type_changed", "セルの種類（コード/Markdown）が変えられています。受講者に元に戻してもらってください"),
        ("use an old version", "採点用のセル情報が壊れています（セルを複製・分割した可能性。nbgrader の表示は「古い形式」）。受講者版から作り直して再提出してもらってください"),
        ("metadata may be corrupted", "採点用のセル情報（メタデータ）が壊れています（セルの複製・分割・種類の変更など）。受講者版から作り直して再提出してもらってください"),
        ("NotJSONError", "ノートブックのファイルが壊れています（JSON として読めません）。再提出してもらってください"),
        ("Notebook does not appear to be JSON", "ノートブックのファイルが壊れています（JSON として読めません）。再提出してもらってください"),
        ("No notebooks found", "提出フォルダに採点できるノートブックがありません（ファイル名が違う可能性）"),
        ("No assignment with ID", "課題が成績簿にありません。先に `curriculum course build` を実行してください"),
    ]
    for needle, message in rules:
        if needle in text:
            return message
    lines = log.splitlines()
    # nbgrader logs "[ERROR] Traceback ..." with the exception on the last indented line before the next entry
    for i, line in enumerate(lines):
        if line.startswith("[ERROR]") and "Traceback" in line:
            tail = [ln.strip() for ln in lines[i + 1:] if ln.strip()]
            block = []
            for ln in tail:
                if ln.startswith("["):
                    break
                block.append(ln)
            if block:
                return "採点中にエラー: " + block[-1]
    errors = [ln.replace("[ERROR]", "").strip() for ln in lines if ln.startswith("[ERROR]")]
    return "採点中にエラー: " + (errors[0] if errors else (error.strip().splitlines() or ["原因不明"])[-1])


def grader_overrides(db_path: Path, overrides: dict, *, workdir: Path | None = None) -> dict:
    """Config for one grader process: its private gradebook and working folder, the sandbox kernel, and
    kernels on Unix sockets of their own.

    With TCP, kernels started at the same moment by different graders can pick the same free port
    (jupyter_client's port cache is per process) and the collision kills a kernel with "Invalid
    Signature"; IPC sockets in a fresh folder per grader cannot collide.
    """
    sockets = Path(tempfile.mkdtemp(prefix="k", dir=str(db_path.parent.parent if workdir else db_path.parent)))
    sockets.chmod(0o711)
    extra = {"CourseDirectory.root": str(workdir), "Execute.kernel_name": sandbox.KERNEL_NAME} if workdir else {}
    return dict(overrides, **extra, **{
        "CourseDirectory.db_url": f"sqlite:///{db_path}",
        "KernelManager.transport": "ipc",
        "KernelManager.ip": str(sockets / "kernel"),
    })


def prepare_workdir(course_dir: Path, workdir: Path, assignment_id: str, student_id: str) -> Path:
    """採点用の作業フォルダ: a course-shaped folder outside the course with only what this submission needs
    (its notebooks and files, the assignment's ``source/`` files, a private gradebook copy). Returns the copy."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "versions", "__pycache__")
    workdir.mkdir(mode=0o711)
    shutil.copytree(course_dir / "submitted" / student_id / assignment_id, workdir / "submitted" / student_id / assignment_id,
                    ignore=ignore, symlinks=True)
    shutil.copytree(course_dir / "source" / assignment_id, workdir / "source" / assignment_id, ignore=ignore, symlinks=True)
    for private in ("submitted", "source"):
        (workdir / private).chmod(0o700)
    # the parent is idle here: a consistent snapshot (a PostgreSQL gradebook is written into a SQLite copy)
    return gradebook_db.snapshot_for_grader(course_dir, workdir / cfg.GRADEBOOK_NAME)


class GradebookGuard:
    """成績簿の見張り: the real gradebook's bytes after the parent's own last write; any other change is found.

    >>> import tempfile
    >>> db = Path(tempfile.mkdtemp()) / "gradebook.db"
    >>> _ = db.write_bytes(b"one")
    >>> guard = GradebookGuard(db, db.parent / "snap.db")
    >>> _ = db.write_bytes(b"two")
    >>> guard.changed()
    True
    >>> guard.restore(); db.read_bytes()
    b'one'
    """

    def __init__(self, db: Path, snapshot: Path):
        self.db, self.snapshot = Path(db), Path(snapshot)
        self.remember()

    def remember(self) -> None:
        """After the parent's own write: keep a copy of the gradebook as it should be."""
        shutil.copyfile(self.db, self.snapshot)
        self.snapshot.chmod(0o600)
        self._stat = self._signature()

    def _signature(self):
        st = self.db.stat()
        return st.st_size, st.st_mtime_ns

    def changed(self) -> bool:
        """Whether the gradebook differs from the copy (size/mtime first, then the bytes)."""
        if self._signature() == self._stat:
            return False
        return self.db.read_bytes() != self.snapshot.read_bytes()

    def describe(self) -> list[str]:
        """The rows that differ from the copy: scores and comments, one Japanese line each."""
        import sqlite3

        def rows(path):
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
                grades = con.execute(
                    "SELECT s.student_id, c.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade "
                    "FROM grade g JOIN submitted_notebook n ON g.notebook_id = n.id JOIN submitted_assignment s "
                    "ON n.assignment_id = s.id JOIN base_cell c ON g.cell_id = c.id").fetchall()
                comments = con.execute(
                    "SELECT s.student_id, c.name, m.manual_comment FROM comment m JOIN submitted_notebook n "
                    "ON m.notebook_id = n.id JOIN submitted_assignment s ON n.assignment_id = s.id "
                    "JOIN base_cell c ON m.cell_id = c.id").fetchall()
            return ({(r[0], r[1]): r[2:] for r in grades}, {(r[0], r[1]): r[2] for r in comments})

        try:
            (before_g, before_c), (after_g, after_c) = rows(self.snapshot), rows(self.db)
        except Exception as err:  # noqa: BLE001 - a gradebook that no longer reads is itself the finding
            return [f"成績簿を読めません（{type(err).__name__}: {err}）"]
        lines = [f"{sid} {cell}: 得点 {before_g.get((sid, cell))} → {after_g.get((sid, cell))}"
                 for sid, cell in sorted(set(before_g) | set(after_g)) if before_g.get((sid, cell)) != after_g.get((sid, cell))]
        lines += [f"{sid} {cell}: コメント {before_c.get((sid, cell))!r} → {after_c.get((sid, cell))!r}"
                  for sid, cell in sorted(set(before_c) | set(after_c)) if before_c.get((sid, cell)) != after_c.get((sid, cell))]
        return lines or ["成績簿のファイルが変わりました（得点・コメント以外）"]

    def restore(self) -> None:
        shutil.copyfile(self.snapshot, self.db)
        self._stat = self._signature()


def _child(course_dir: str, assignment_id: str, student_id: str, db_path: str, overrides: dict, conn,
           city: str | None = None, plan: dict | None = None) -> None:
    """Grade one submission in a forked process, in its working folder against its private gradebook copy;
    then, with a variant ``plan``, run it again with the other city's data."""
    from curriculum.config import CITY_CODE_ENV

    if hasattr(os, "setsid"):
        os.setsid()  # own process group: a timeout kills this process and its kernel together
    result = {"success": False, "log": "", "error": ""}
    stages, hard_coded = {}, {}
    started = time.monotonic()
    try:
        warnings.simplefilter("ignore")
        if city:
            os.environ[CITY_CODE_ENV] = city  # the working folder is outside the course: say the city
        overrides = grader_overrides(Path(db_path), overrides, workdir=Path(db_path).parent)
        api = cfg.make_api(Path(course_dir), **overrides)
        result = api.autograde(assignment_id, student_id, force=True, create=True)
        stages["grade"] = time.monotonic() - started
        if plan and result.get("success"):
            hard_coded = _variant_run(Path(db_path).parent, assignment_id, student_id, plan)
            stages["variant"] = time.monotonic() - started - stages["grade"]
    except BaseException as err:  # noqa: BLE001 - anything here is the submission's problem, reported
        result["error"] = f"{type(err).__name__}: {err}"
    finally:
        try:
            reply = {k: result.get(k, "") for k in ("success", "log", "error")}
            reply["stages"] = stages or {"grade": time.monotonic() - started}
            reply["hard_coded"] = hard_coded
            conn.send(reply)
        finally:
            os._exit(0)  # skip inherited finalizers (the parent's database connections)


def _variant_run(workdir: Path, assignment_id: str, student_id: str, plan: dict) -> dict[str, dict[str, str]]:
    """別データ採点 in the grader: run each autograded notebook again with the variant city; return, per notebook,
    {self-check grade id: answer grade id} of the checked questions whose self-check failed there."""
    import json

    from curriculum.course import variant

    done = workdir / "autograded" / student_id / assignment_id
    found = {}
    for name, checked in plan["checked"].items():
        path = done / f"{name}.ipynb"
        if not checked or not path.is_file():
            continue
        run_dir = Path(tempfile.mkdtemp(prefix="variant-", dir=workdir.parent))
        run_dir.chmod(0o711)
        shutil.copytree(done, run_dir / "nb", ignore=shutil.ignore_patterns("*.ipynb"))
        ran = variant.run_notebook(variant.strip_hidden(json.loads(path.read_text(encoding="utf-8"))), run_dir / "nb",
                                   plan["city"], kernel_name=sandbox.KERNEL_NAME, sockets=run_dir, timeout=plan["timeout"])
        failed = variant.failed_checks(ran)
        found[name] = {test: answer for test, answer in checked.items() if failed.get(test)}
    return found


def _apply_variant(worker_db: Path, assignment_id: str, student_id: str, hard_coded: dict[str, dict[str, str]]) -> None:
    """Zero the hard-coded questions in the worker's gradebook (only those that had passed), with the Japanese
    comment on their answer cells and as the failed output of their self-checks in the autograded notebook."""
    import json

    from nbgrader.api import Gradebook

    from curriculum.course import variant

    zeroed = {}
    with Gradebook(f"sqlite:///{worker_db}") as gb:
        for nb in gb.find_submission(assignment_id, student_id).notebooks:
            checks = hard_coded.get(nb.name, {})
            hit = {g.name for g in nb.grades if g.name in checks and (g.auto_score or 0) > 0}
            for grade in nb.grades:
                if grade.name in hit:
                    grade.auto_score = 0.0
            answers = {checks[t] for t in hit}
            for comment in nb.comments:
                if comment.name in answers:
                    comment.auto_comment = variant.COMMENT
            zeroed[nb.name] = hit
        gb.db.commit()
    folder = worker_db.parent / "autograded" / student_id / assignment_id
    for name, hit in zeroed.items():
        path = folder / f"{name}.ipynb"
        if hit and path.is_file():
            nb = variant.mark_hard_coded(json.loads(path.read_text(encoding="utf-8")), hit)
            path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def _merge(course_dir: Path, worker_db: Path, assignment_id: str, student_id: str,
           hard_coded: dict | None = None) -> tuple[float, float]:
    """Copy autograde's results for one submission from the worker's gradebook into the real one,
    and the autograded notebooks from the working folder into ``autograded/``."""
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():
        # nbgrader's gradebook code makes SQLAlchemy warn about autoflush on every submission; grades are right
        warnings.simplefilter("ignore", SAWarning)
        if hard_coded:
            _apply_variant(worker_db, assignment_id, student_id, hard_coded)
        score = _merge_rows(course_dir, worker_db, assignment_id, student_id,
                            unchanged=_unchanged_answers(course_dir / "autograded" / student_id / assignment_id,
                                                         worker_db.parent / "autograded" / student_id / assignment_id))
    done = worker_db.parent / "autograded" / student_id / assignment_id
    if done.is_dir():
        dest = course_dir / "autograded" / student_id / assignment_id
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(done, dest, symlinks=True)
    return score


def _answers(folder: Path) -> dict[tuple[str, str], str]:
    """{(notebook, grade id): source} of every answer cell in the notebooks of an autograded folder."""
    import json

    found = {}
    for path in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("solution") and meta.get("grade_id"):
                source = cell.get("source", "")
                found[(path.stem, meta["grade_id"])] = "".join(source) if isinstance(source, list) else source
    return found


def _unchanged_answers(previous: Path, current: Path) -> set[tuple[str, str]]:
    """Answer cells whose text is the same in the last graded version and in this one."""
    before, after = _answers(previous), _answers(current)
    return {key for key, text in after.items() if before.get(key) == text}


def _merge_rows(course_dir: Path, worker_db: Path, assignment_id: str, student_id: str, *,
                unchanged: set[tuple[str, str]] = frozenset()) -> tuple[float, float]:
    """Write one submission's automatic results into the real gradebook. A manually graded answer that
    is unchanged since it was graded keeps its manual score and is not flagged 「採点待ち」 again;
    a changed one is flagged for the instructor (nbgrader alone flags both)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{worker_db}") as wgb:
        sub = wgb.find_submission(assignment_id, student_id)
        timestamp = sub.timestamp
        notebooks = {nb.name: (nb.late_submission_penalty,
                               {g.name: (g.auto_score, g.needs_manual_grade) for g in nb.grades},
                               {c.name: c.auto_comment for c in nb.comments}) for nb in sub.notebooks}
    with cfg.open_gradebook(course_dir) as gb:
        try:
            gb.find_student(student_id)
        except MissingEntry:
            gb.add_student(student_id)
        msub = gb.update_or_create_submission(assignment_id, student_id)
        msub.timestamp = timestamp
        for nb in msub.notebooks:
            penalty, grades, comments = notebooks[nb.name]
            nb.late_submission_penalty = penalty
            for grade in nb.grades:
                grade.auto_score, grade.needs_manual_grade = grades[grade.name]
                if grade.needs_manual_grade and grade.manual_score is not None and (nb.name, grade.name) in unchanged:
                    grade.needs_manual_grade = False
            for comment in nb.comments:
                comment.auto_comment = comments[comment.name]
        gb.db.commit()
        return msub.score, msub.max_score


def autograde_cohort(course_dir: Path, assignment_id: str, *, students: list[str] | None = None,
                     workers: int | None = None, timeout: float = SUBMISSION_TIMEOUT,
                     cell_timeout: int | None = None, progress: bool = True,
                     sandbox_user: str | bool | None = None, kernel_template: bool = True,
                     variant: bool | None = None) -> list[GradeOutcome]:
    """並列で自動採点する: grade every submission of an assignment on all cores.

    Parameters
    ----------
    course_dir : Path
        Course folder (``submitted/<職員番号>/<assignment>/`` holds the submissions).
    assignment_id : str
        The assignment to grade (must have been built).
    students : list of str, optional
        Only these 職員番号 (default: everyone who submitted); each must have a submission.
    workers : int, optional
        Submissions graded at once (default: the number of cores).
    timeout : float
        Seconds for one whole submission before it is stopped and reported.
    cell_timeout : int, optional
        Seconds per cell (default: ``Execute.timeout`` of the course config).
    progress : bool
        Show a progress bar on stderr.
    sandbox_user : str or bool, optional
        Unix user the kernels run as. Default: ``curriculum-grader`` when running as root (created
        if missing), none otherwise; ``False``: never change user (the working folder and the
        gradebook guard still apply).
    kernel_template : bool
        Start kernels by forking a template process that has already imported ipykernel, pandas,
        matplotlib and the course package (one fresh kernel per submission, never shared); ``False``: a new
        interpreter per kernel, as ``nbgrader autograde`` does.
    variant : bool, optional
        別データ採点 (:mod:`curriculum.course.variant`): run each submission again with another city's data and
        zero the questions whose answer did not follow the data. Default: the course setting
        (``variant_grading`` in course.json; on for the basic course).

    Each trainee's kernels run with ``CURRICULUM_CITY_CODE`` set to the trainee's city (the roster's
    自治体コード), else the cohort's city (:func:`curriculum.city.city_code` from the course folder).

    Returns
    -------
    list of GradeOutcome
        One per submission, in 職員番号 order; ``ok=False`` ones carry a Japanese ``problem``.

    Examples
    --------
    >>> outcomes = autograde_cohort(Path("course"), "b01_question")  # doctest: +SKIP
    """
    import multiprocessing

    from tqdm import tqdm

    course_dir = Path(course_dir).resolve()
    cfg.load_config(course_dir)  # a clear error when this is not a course folder
    main_db = course_dir / cfg.GRADEBOOK_NAME
    submitted = find_submitted(course_dir, assignment_id)
    if students is not None:
        from curriculum.course.roster import canonical_id

        todo = sorted({canonical_id(s) if canonical_id(s) in submitted else s for s in students})
        missing = [s for s in todo if s not in submitted]
        if missing:
            raise CurriculumError(f"課題 {assignment_id} の提出がない職員番号: {'、'.join(missing)}",
                                  f"no submission of {assignment_id} for {missing}", path=course_dir / "submitted",
                                  fix="職員番号を確かめるか、先に `curriculum grade collect` で提出物を集めてください")
    else:
        todo = submitted
    if not todo:
        raise CurriculumError(f"課題 {assignment_id} の提出がありません", f"no submissions for {assignment_id}",
                              path=course_dir / "submitted", fix="先に `curriculum grade collect` で提出物を集めてください")
    if not cfg.has_gradebook(course_dir):
        raise CurriculumError(f"成績簿（{cfg.GRADEBOOK_NAME}）がありません", f"{cfg.GRADEBOOK_NAME} is missing", path=course_dir,
                              fix="先に `curriculum course build` を実行してください")
    if sandbox_user is None:
        sandbox_user = sandbox.GRADER_USER if sandbox.running_as_root() else False
    if sandbox_user:
        if not sandbox.running_as_root():
            raise CurriculumError(f"採点用ユーザー {sandbox_user} に切り替えるには root で実行する必要があります",
                                  "sandbox_user needs root", fix="sandbox_user を指定せずに実行してください")
        sandbox.ensure_user(sandbox_user)
        sandbox.check_user_can_run(sandbox_user)
    overrides = {} if cell_timeout is None else {"Execute.timeout": int(cell_timeout)}
    cities = trainee_cities(course_dir, todo)
    if variant is None:
        from curriculum.course import variant as variant_module

        variant = variant_module.enabled(cfg.read_meta(course_dir), assignment_id)
    plans: dict[str, dict | None] = {}  # city -> variant plan (computed once per city)
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    workers = max(1, workers or os.cpu_count() or 1)
    tmp = Path(tempfile.mkdtemp(prefix="autograde-"))  # outside the course folder
    tmp.chmod(0o711)  # the kernel's user may pass through to its own folders, list nothing
    guard_dir = tmp / "guard"
    guard_dir.mkdir(mode=0o700)  # the template's socket lives here: no kernel can reach it
    template = sandbox.start_template(guard_dir / "template.sock", sandbox_user or None) if kernel_template else None
    sandbox.write_kernelspec(guard_dir / "jupyter", sandbox_user or None,
                             template=guard_dir / "template.sock" if template else None)
    _warm_up_nbgrader()  # imported once here, inherited by every forked grader
    from curriculum.config import DATA_DIR_ENV, data_dir

    saved_path, saved_data = os.environ.get("JUPYTER_PATH"), os.environ.get(DATA_DIR_ENV)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(guard_dir / "jupyter"), saved_path]))
    os.environ[DATA_DIR_ENV] = str(data_dir())  # the kernel's user has another home: name this one's data cache
    # PostgreSQL: instructors may grade meanwhile, so only what autograde alone writes is watched
    guard = (gradebook_db.PostgresGuard(cfg.db_url(course_dir)) if cfg.uses_postgresql(course_dir)
             else GradebookGuard(main_db, guard_dir / "gradebook.snapshot"))
    suspects: set[str] = set()  # submissions running since the parent's last own write
    outcomes: dict[str, GradeOutcome] = {}
    running: dict = {}  # sentinel -> (student, process, recv conn, db copy, start)
    queue = list(todo)
    bar = tqdm(total=len(todo), desc=f"採点 {assignment_id}", unit="件", disable=not progress, file=sys.stderr)

    def check_guard() -> None:
        if guard.changed():
            changes = guard.describe()
            guard.restore()
            for sid in sorted(suspects):
                previous = outcomes.get(sid)
                problem = ("採点中に成績簿が書き換えられたため元に戻しました（提出物のコードが成績簿を操作した疑い）: "
                           + "; ".join(changes[:5]))
                outcomes[sid] = GradeOutcome(sid, assignment_id, False, seconds=previous.seconds if previous else 0.0,
                                             problem=problem, log=previous.log if previous else "")
                bar.write(f"  ✗ {sid}: {problem}")
        suspects.clear()
        suspects.update(s for s, *_ in running.values())

    try:
        while queue or running:
            while queue and len(running) < workers:
                if template and template.poll() is not None:
                    raise CurriculumError("採点用カーネルのひな形のプロセスが止まりました",
                                          f"kernel template exited with {template.returncode}: "
                                          + (guard_dir / "template.log").read_text(errors="replace")[-800:],
                                          fix="kernel_template=False で実行し、エラーの内容を確かめてください")
                student = queue.pop(0)
                workdir = tmp / f"w-{student}"
                started = time.monotonic()
                db_copy = prepare_workdir(course_dir, workdir, assignment_id, student)
                prepared = time.monotonic() - started
                city = cities[student]
                if variant and city not in plans:
                    plans[city] = _forked(ctx, variant_plan, course_dir, assignment_id, city, tmp, cell_timeout)
                plan = plans.get(city)
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(str(course_dir), assignment_id, student, str(db_copy), overrides,
                                                        send, city, plan))
                proc.start()
                send.close()
                running[proc.sentinel] = (student, proc, recv, db_copy, time.monotonic(), prepared)
                suspects.add(student)
            ready = connection.wait(list(running), timeout=0.2)
            now = time.monotonic()
            for sentinel in list(running):
                student, proc, recv, db_copy, start, prepared = running[sentinel]
                if sentinel not in ready and now - start < timeout:
                    continue
                del running[sentinel]
                if sentinel not in ready:
                    _kill(proc)
                    outcome = GradeOutcome(student, assignment_id, False, seconds=now - start,
                                           problem=f"{timeout:.0f} 秒で終わらなかったため中断しました（無限ループの可能性）")
                else:
                    proc.join()
                    check_guard()  # before the parent's own write
                    suspects.add(student)
                    merging = time.monotonic()
                    outcome = _collect(course_dir, assignment_id, student, proc, recv, db_copy, now - start)
                    outcome.stages.update(prepare=prepared, merge=time.monotonic() - merging)
                    guard.remember()
                    suspects.discard(student)
                    if student in outcomes:  # flagged by the guard: keep that finding
                        outcome = outcomes[student]
                outcomes[student] = outcome
                bar.update(1)
                if not outcome.ok:
                    bar.write(f"  ✗ {student}: {outcome.problem}")
        check_guard()
    finally:
        for student, proc, *_ in running.values():
            _kill(proc)
        if template:
            sandbox.stop_template(template)
        bar.close()
        for name, value in (("JUPYTER_PATH", saved_path), (DATA_DIR_ENV, saved_data)):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(tmp, ignore_errors=True)
    return [outcomes[s] for s in todo]


def trainee_cities(course_dir: Path, students: list[str]) -> dict[str, str]:
    """Each trainee's city: the roster's 自治体コード (広域 cohorts), else the cohort's city."""
    from curriculum.city import city_code
    from curriculum.course.roster import trainee_city_codes

    cohort = city_code(start=course_dir)
    own = trainee_city_codes(course_dir)
    return {s: own.get(s, cohort) for s in students}


def variant_plan(course_dir: Path, assignment_id: str, city: str, tmp: Path, cell_timeout: int | None) -> dict | None:
    """別データ採点の計画: the variant city and, per notebook, the self-checks that test hard-coding (from the
    instructor's notebook run with both cities); None when there is no variant city (practice data)."""
    from curriculum.course import variant

    other = variant.variant_city(city)
    if other is None:
        return None
    timeout = int(cell_timeout or cfg.load_config(course_dir).Execute.timeout or 120)
    checked = {}
    source = course_dir / "source" / assignment_id
    for nb_path in sorted(source.glob("*.ipynb")):
        sockets = Path(tempfile.mkdtemp(prefix="ref-", dir=tmp))
        sockets.chmod(0o711)
        ref = variant.reference(nb_path, source, city, other, kernel_name=sandbox.KERNEL_NAME, sockets=sockets,
                                timeout=timeout)
        checked[nb_path.stem] = ref.checked
    return {"city": other, "checked": checked, "timeout": timeout}


def _forked(ctx, function, *args):
    """``function(*args)`` in a forked process: the parent never runs kernels itself, so the graders it forks
    inherit no event loop or kernel connection."""
    recv, send = ctx.Pipe(duplex=False)

    def run():
        try:
            send.send(("ok", function(*args)))
        except BaseException as err:  # noqa: BLE001 - reported in the parent
            send.send(("error", f"{type(err).__name__}: {err}"))
        finally:
            os._exit(0)

    proc = ctx.Process(target=run)
    proc.start()
    send.close()
    try:
        status, value = recv.recv()
    except EOFError:
        status, value = "error", "the process died"
    proc.join()
    if status != "ok":
        raise CurriculumError("別データ採点の準備（模範解答の実行）に失敗しました", f"variant reference failed: {value}",
                              fix=f"variant=False（{cfg.META_NAME} の variant_grading: false）で採点するか、講師用ノートブックを確かめてください")
    return value


def _warm_up_nbgrader() -> None:
    """Import what every grader needs before forking them, so no grader pays for it again."""
    import nbconvert.exporters  # noqa: F401
    import nbgrader.converters  # noqa: F401
    import nbgrader.preprocessors  # noqa: F401
    from nbgrader.apps import NbGraderAPI  # noqa: F401

    from curriculum.course import feedback  # noqa: F401 - the course config names its preprocessor


def _collect(course_dir, assignment_id, student, proc, recv, db_copy, seconds) -> GradeOutcome:
    result = recv.recv() if recv.poll() else {"success": False, "log": "", "error": "DeadKernelError: grading process died"}
    proc.join()
    recv.close()
    if not result.get("success"):
        # nbgrader leaves a failed submission in the gradebook with empty scores flagged for manual
        # grading (so the instructor can grade it by hand in formgrader); record it the same way.
        try:
            _merge(course_dir, db_copy, assignment_id, student)
        except Exception:  # noqa: BLE001 - no submission row was created before the failure
            pass
        return GradeOutcome(student, assignment_id, False, seconds=seconds,
                            problem=explain_failure(result.get("log", ""), result.get("error", "")),
                            log=result.get("log", "") + result.get("error", ""), stages=dict(result.get("stages", {})))
    score, max_score = _merge(course_dir, db_copy, assignment_id, student, result.get("hard_coded"))
    return GradeOutcome(student, assignment_id, True, score, max_score, seconds, log=result.get("log", ""),
                        stages=dict(result.get("stages", {})))


def _kill(proc) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    proc.join(5)


def format_outcomes(outcomes: list[GradeOutcome]) -> str:
    """採点結果の表: one Japanese line per submission and a summary line.

    >>> print(format_outcomes([GradeOutcome("T001", "b01", True, 3.0, 5.0, 1.2),
    ...                        GradeOutcome("T002", "b01", False, problem="時間切れ")]))
    T001  3.0 / 5.0 点
    T002  採点できませんでした: 時間切れ
    2 件中 1 件を採点、1 件は要確認
    """
    lines = [f"{o.student_id}  {o.score:.1f} / {o.max_score:.1f} 点" if o.ok else f"{o.student_id}  採点できませんでした: {o.problem}"
             for o in outcomes]
    bad = sum(not o.ok for o in outcomes)
    lines.append(f"{len(outcomes)} 件中 {len(outcomes) - bad} 件を採点" + (f"、{bad} 件は要確認" if bad else ""))
    return "\n".join(lines)
