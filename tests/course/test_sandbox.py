"""Trainee code cannot change the real gradebook (issue 18): an answer cell that opens
`../../../gradebook.db` and the gradebook's absolute path with sqlite3 and gives itself full marks.

As root the kernel runs as the unprivileged `curriculum-grader` in a working folder outside the course:
both attempts fail and the real gradebook is untouched. Without the user switch (as when the grader is
not root) the absolute path is writable, and the parent finds the change, undoes it and reports it."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from helpers import CORRECT, answer, new_course

from curriculum.course.autograde import autograde_cohort
from curriculum.course.collect import collect_from_files

AID = "t01_pandas"
ATTACK = '''import sqlite3
for path in ["../../../gradebook.db", {real!r}]:
    try:
        con = sqlite3.connect(path)
        con.execute("UPDATE grade SET manual_score = 99, needs_manual_grade = 0")
        con.execute("UPDATE comment SET manual_comment = '満点'")
        con.commit()
        print("CHANGED", path)
    except Exception as err:
        print("REFUSED", path, type(err).__name__)
try:
    open({marker!r}, "w").write("x")
    print("CHANGED course folder")
except Exception as err:
    print("REFUSED course folder", type(err).__name__)
total = int(df["人口"].sum())'''


@pytest.fixture
def course(tmp_path):
    course = new_course(tmp_path)
    release = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    attack = ATTACK.format(real=str(course / "gradebook.db"), marker=str(course / "hacked.txt"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for sid, nb in {"T0001": answer(release, {**CORRECT, "q1_answer": attack}), "T0002": answer(release, CORRECT)}.items():
        (inbox / f"{sid}_{AID}.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    assert sorted(collect_from_files(course, AID, inbox).collected) == ["t0001", "t0002"]
    [first] = autograde_cohort(course, AID, students=["t0002"], workers=1, progress=False)  # rows to attack
    assert (first.ok, first.score) == (True, 3.0)
    return course


def _manual_rows(course):
    with sqlite3.connect(course / "gradebook.db") as con:
        return (con.execute("SELECT count(*) FROM grade WHERE manual_score IS NOT NULL").fetchone()[0],
                con.execute("SELECT count(*) FROM comment WHERE manual_comment IS NOT NULL").fetchone()[0])


def _output(course, sid):
    nb = json.loads((course / "autograded" / sid / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    texts = [o.get("text", "") for c in nb["cells"] for o in c.get("outputs", [])]
    return "".join("".join(t) if isinstance(t, list) else t for t in texts)


def test_kernel_as_unprivileged_user_cannot_reach_the_gradebook(course):
    if os.geteuid() != 0:
        message = "the user switch needs root (CI runs as root)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    outcomes = {o.student_id: o for o in autograde_cohort(course, AID, workers=2, progress=False)}
    assert (outcomes["t0001"].ok, outcomes["t0001"].score) == (True, 3.0)  # q3 (2 points) still waits for the instructor
    assert (outcomes["t0002"].ok, outcomes["t0002"].score) == (True, 3.0)
    assert _manual_rows(course) == (0, 0)
    assert not (course / "hacked.txt").exists()
    printed = _output(course, "t0001")
    assert "CHANGED" not in printed
    assert printed.count("REFUSED") == 3, printed


def test_a_change_to_the_gradebook_is_found_undone_and_reported(course):
    outcomes = {o.student_id: o for o in autograde_cohort(course, AID, workers=1, progress=False, sandbox_user=False)}
    assert not outcomes["t0001"].ok
    assert "成績簿が書き換えられたため元に戻しました" in outcomes["t0001"].problem
    assert "t0002 q3_answer: 得点 (None, None, None, 1) → (None, 99.0, None, 0)" in outcomes["t0001"].problem
    assert (outcomes["t0002"].ok, outcomes["t0002"].score) == (True, 3.0)
    assert _manual_rows(course) == (0, 0)  # undone; the private copy's manual scores are never merged


PROBE = '''import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=5).close()
    print("CONNECTED")
except OSError as err:
    print("REFUSED", type(err).__name__)
total = int(df["人口"].sum())'''


@pytest.mark.parametrize("kernel_template", [True, False], ids=["template", "new-interpreter"])
def test_kernel_cannot_reach_a_server_on_127_0_0_1(tmp_path, kernel_template):
    """Network isolation: the grader's kernel lives in a network namespace of its own (no route, not even to
    the host's loopback); a server the test starts on 127.0.0.1 sees no connection."""
    import socket
    import threading

    from curriculum.course import sandbox

    if not sandbox.network_isolation_works():
        message = "network namespaces need root and a kernel/container that allows unshare(CLONE_NEWNET)"
        pytest.fail(message) if os.environ.get("CI") and os.geteuid() == 0 else pytest.skip(message)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.5)
    accepted, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        probe = socket.create_connection(server.getsockname(), timeout=5)  # reachable from outside the sandbox
        probe.close()
        for _ in range(20):
            if accepted:
                break
            threading.Event().wait(0.1)
        assert len(accepted) == 1
        course = new_course(tmp_path)
        release = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
        nb = answer(release, {**CORRECT, "q1_answer": PROBE.format(port=server.getsockname()[1])})
        folder = course / "submitted" / "t0001" / AID
        folder.mkdir(parents=True)
        (folder / f"{AID}.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
        [outcome] = autograde_cohort(course, AID, workers=1, progress=False, kernel_template=kernel_template, variant=False)
        assert outcome.ok and outcome.score == 3.0, outcome.problem
        printed = _output(course, "t0001")
        assert "REFUSED" in printed and "CONNECTED" not in printed, printed
        assert len(accepted) == 1  # only the test's own probe
    finally:
        stop.set()
        thread.join(2)
        server.close()
        for conn in accepted:
            conn.close()


LEAK = '''import builtins, os
import numpy as np
print("LEAKED" if hasattr(builtins, "curriculum_leak") else "CLEAN", "PID", os.getpid(), "RANDOM", np.random.rand())
builtins.curriculum_leak = "{sid}"
total = int(df["人口"].sum())'''


def test_kernels_from_the_template_share_nothing(tmp_path):
    """One fresh kernel per submission: what one trainee's code leaves in its kernel (a global, the random state)
    is not in the next trainee's kernel, although both were forked from the same template."""
    course = new_course(tmp_path)
    release = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    for sid in ("t0001", "t0002"):
        folder = course / "submitted" / sid / AID
        folder.mkdir(parents=True)
        nb = answer(release, {**CORRECT, "q1_answer": LEAK.format(sid=sid)})
        (folder / f"{AID}.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    outcomes = autograde_cohort(course, AID, workers=1, progress=False, variant=False)
    assert [(o.ok, o.score) for o in outcomes] == [(True, 3.0), (True, 3.0)]
    printed = [_output(course, sid).split() for sid in ("t0001", "t0002")]
    assert [p[0] for p in printed] == ["CLEAN", "CLEAN"], printed
    assert printed[0][2] != printed[1][2]  # two processes
    assert printed[0][4] != printed[1][4]  # numpy's random state re-seeded in each
