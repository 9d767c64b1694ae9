"""The gradebook on a real PostgreSQL server (issue 11): two instructors save manual grades at the same time
while `curriculum grade autograde` runs; nothing is lost and every score equals the SQLite run's.

The server is Debian's PostgreSQL (`.ci/run` installs the package), started here with initdb/pg_ctl as an
unprivileged user created for the test, listening on 127.0.0.1 and a Unix socket in a temporary folder, password
(scram-sha-256) required everywhere. One trainee's answer tries what issue 18 forbids: from the autograde kernel
(the unprivileged `curriculum-grader`), read the course's `gradebook.url` and connect to the server as the
gradebook's role and as the superuser, by TCP and by the socket. Every attempt must fail.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hubtools import REPO, free_port, require

sys.path.insert(0, str(REPO / "tests" / "course"))
from coursefixture import copy_course  # noqa: E402
from helpers import CORRECT, answer, new_course  # noqa: E402

AID = "t01_pandas"
CLI = [sys.executable, "-c", "from curriculum.cli import main; main()"]  # `curriculum ...` from this checkout
ATTACK = '''import json, os, pwd
import psycopg
found = {{"user": pwd.getpwuid(os.getuid()).pw_name,
          "env": sorted(k for k, v in os.environ.items() if k.startswith("PG") or "postgresql" in v and "@" in v)}}
try:
    open({url_file!r}).read()
    found["read"] = "READ"
except Exception as err:
    found["read"] = type(err).__name__
for how, where in (("tcp", "127.0.0.1"), ("socket", {socket_dir!r})):
    for role in ("gradebook", "postgres"):
        try:
            psycopg.connect(host=where, port={port}, dbname="gradebook", user=role, connect_timeout=5).close()
            found[how + "-" + role] = "CONNECTED"
        except Exception as err:
            found[how + "-" + role] = " ".join(str(err).split())
print("ATTACK " + json.dumps(found))
total = int(df["人口"].sum())'''


def _run(*cmd, **kw):
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of its own: {url (the gradebook role's), port, socket_dir, superuser password}."""
    require(os.geteuid() == 0, "needs root (runs the server as an unprivileged user, the kernel as curriculum-grader)")
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    require(bool(initdb), "PostgreSQL is not installed (.ci/run installs the Debian package postgresql)")
    bin_dir = Path(initdb[-1]).parent
    user = f"pgt{secrets.token_hex(3)}"
    base = Path(tempfile.mkdtemp(prefix="pgtest-", dir="/tmp"))
    base.chmod(0o711)
    port, secret, gb_secret = free_port(), secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user], check=True)
    data, sockets = base / "data", base / "sockets"
    try:
        for folder in (data, sockets):
            folder.mkdir(mode=0o700)
            shutil.chown(folder, user, user)
        pwfile = base / "superuser-password"
        pwfile.write_text(secret + "\n")
        pwfile.chmod(0o600)
        shutil.chown(pwfile, user, user)
        as_pg = ["runuser", "-u", user, "--"]
        _run(*as_pg, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=scram-sha-256",
             f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C", cwd=base)
        pwfile.unlink()
        _run(*as_pg, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "data" / "server.log"), "-w", "-t", "120",
             "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets}", "start", cwd=base)
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", password=secret, dbname="postgres",
                             autocommit=True) as con:
            con.execute(f"CREATE ROLE gradebook LOGIN PASSWORD '{gb_secret}'")
            for database in ("gradebook", "gradebook_hub", "gradebook_spare", "gradebook_other"):  # one per course
                con.execute(f"CREATE DATABASE {database} OWNER gradebook ENCODING 'UTF8'")
        yield {"url": f"postgresql://gradebook:{gb_secret}@127.0.0.1:{port}/gradebook", "port": port,
               "socket_dir": sockets, "secret": secret}
    finally:
        subprocess.run(["runuser", "-u", user, "--", str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, cwd=base)
        subprocess.run(["userdel", user], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def _autograde(course: Path) -> subprocess.Popen:
    """`curriculum grade autograde` as an instructor runs it (root: kernels as curriculum-grader)."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    return subprocess.Popen([*CLI, "grade", "autograde", AID, "--course-dir", str(course),
                             "--workers", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


INSTRUCTOR = '''import json, sys, time
from pathlib import Path
from curriculum.course.manual import set_manual_score
course, stop, grades = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
saves, last = [], False
while not last:  # save again and again while the autograde runs, then once more after it
    last = stop.exists()
    for sid, score in grades.items():
        start = time.time()  # a draft score first, then the final one: the last save must be the one kept
        set_manual_score(course, "t01_pandas", sid, "t01_pandas", "q3_answer", 0.5, comment="下書き")
        set_manual_score(course, "t01_pandas", sid, "t01_pandas", "q3_answer", score, comment=f"{sid} の講評")
        saves.append((start, time.time()))
print(json.dumps(saves))
'''


def _instructor(course: Path, stop: Path, grades: dict) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO), PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    return subprocess.Popen([sys.executable, "-c", INSTRUCTOR, str(course), str(stop), json.dumps(grades)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _table(course: Path) -> dict:
    """{(student, cell): (auto, manual, needs manual, manual comment)} and each submission's total."""
    from curriculum.course.config import open_gradebook

    cells, totals = {}, {}
    with open_gradebook(course) as gb:
        for sub in gb.find_assignment(AID).submissions:
            totals[sub.student.id] = sub.score
            for nb in sub.notebooks:
                comments = {c.name: c.manual_comment for c in nb.comments}
                for g in nb.grades:
                    cells[(sub.student.id, g.name)] = (g.auto_score, g.manual_score, g.needs_manual_grade,
                                                       comments.get(g.name))
    return cells, totals


def _printed(course: Path, sid: str) -> str:
    nb = json.loads((course / "autograded" / sid / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    texts = [o.get("text", "") for c in nb["cells"] for o in c.get("outputs", [])]
    return "".join("".join(t) if isinstance(t, list) else t for t in texts)


def test_two_instructors_grade_while_autograde_runs_on_postgresql(postgres, tmp_path):
    from curriculum.course import config as cfg
    from curriculum.course import gradebook_db
    from curriculum.course.autograde import autograde_cohort
    from curriculum.course.collect import collect_from_files
    from curriculum.course.manual import set_manual_score

    tmp_path.chmod(0o755)
    (tmp_path / "lite").mkdir()
    course = new_course(tmp_path / "lite")
    release = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    pg_course = tmp_path / "pg" / "course"
    url_file = pg_course / cfg.GRADEBOOK_URL_NAME
    attack = ATTACK.format(url_file=str(url_file), socket_dir=str(postgres["socket_dir"]), port=postgres["port"])
    answers = {"T0001": {**CORRECT, "q1_answer": attack}, "T0002": CORRECT, "T0003": {**CORRECT, "q1_answer": "total = 3000"},
               "T0004": {"q2_answer": CORRECT["q2_answer"]}, "T0005": CORRECT}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for sid, given in answers.items():
        (inbox / f"{sid}_{AID}.ipynb").write_text(json.dumps(answer(release, given), ensure_ascii=False), encoding="utf-8")
    assert len(collect_from_files(course, AID, inbox).collected) == 5
    first = autograde_cohort(course, AID, workers=2, progress=False)
    assert all(o.ok for o in first), [o.problem for o in first]

    # The same graded course, moved to PostgreSQL with the command an instructor runs
    copy_course(course, pg_course)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    switched = _run(*CLI, "course", "gradebook-db", "--course-dir", str(pg_course),
                    "--url", postgres["url"], env=env)
    assert "PostgreSQL に写しました" in switched.stdout and postgres["url"].split(":")[2].split("@")[0] not in switched.stdout
    assert not (pg_course / cfg.GRADEBOOK_NAME).exists() and (pg_course / gradebook_db.BEFORE_NAME).is_file()
    assert stat.S_IMODE(url_file.stat().st_mode) == 0o640
    assert cfg.db_url(pg_course).startswith("postgresql+psycopg://")
    assert _table(pg_course) == _table(course)  # every row moved
    # nbgrader by hand in the course folder reads the same setting (its own config loader)
    listed = _run(str(Path(sys.executable).parent / "nbgrader"), "db", "student", "list", cwd=pg_course,
                  env=dict(env, PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"))
    assert "t0005" in listed.stdout.lower() + listed.stderr.lower()

    # SQLite: the instructors grade one after the other, then the re-grade
    final = {"t0001": 2.0, "t0002": 1.0, "t0003": 1.5, "t0004": 0.0, "t0005": 2.0}
    for sid, score in final.items():
        set_manual_score(course, AID, sid, AID, "q3_answer", score, comment=f"{sid} の講評")
    second = autograde_cohort(course, AID, workers=2, progress=False)
    assert all(o.ok for o in second), [o.problem for o in second]

    # PostgreSQL: the re-grade runs while two instructors save grades at the same time
    stop = tmp_path / "stop"
    grading = _autograde(pg_course)
    started = time.time()
    instructors = [_instructor(pg_course, stop, {k: final[k] for k in ("t0001", "t0003", "t0005")}),
                   _instructor(pg_course, stop, {k: final[k] for k in ("t0002", "t0004")})]
    log, _ = grading.communicate(timeout=900)
    ended = time.time()
    stop.touch()
    saves = []
    for proc in instructors:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        saves.append(json.loads(out))
    assert grading.returncode == 0, log
    assert "5 件中 5 件を採点" in log, log
    for made in saves:  # each instructor saved grades while the autograde ran
        assert any(started < begin < ended for begin, _ in made), (started, ended, made)

    pg_cells, pg_totals = _table(pg_course)
    lite_cells, lite_totals = _table(course)
    assert pg_cells == lite_cells  # automatic and manual scores, flags and comments: nothing lost
    assert pg_totals == lite_totals
    assert {sid: pg_cells[(sid, "q3_answer")][1] for sid in final} == final
    assert pg_totals["t0001"] == 5.0 and pg_totals["t0003"] < pg_totals["t0002"] + 2

    # issue 18: the kernel (curriculum-grader) could neither read the setting nor reach the server
    [line] = [ln for ln in _printed(pg_course, "t0001").splitlines() if ln.startswith("ATTACK ")]
    found = json.loads(line.removeprefix("ATTACK "))
    assert found["user"] == "curriculum-grader" and found["env"] == [], found
    assert found["read"] == "PermissionError", found
    for role in ("gradebook", "postgres"):
        # refused by the server (no password) — or, where kernels have no network at all, never reached
        assert "no password supplied" in found[f"tcp-{role}"] or "Network is unreachable" in found[f"tcp-{role}"], found
        assert "Permission denied" in found[f"socket-{role}"], found

    # autograde's guard on PostgreSQL: an instructor's manual grade is not a finding, a changed automatic score is
    guard = gradebook_db.PostgresGuard(cfg.db_url(pg_course))
    set_manual_score(pg_course, AID, "t0004", AID, "q3_answer", 1.0)
    assert not guard.changed()
    with guard.engine.begin() as con:
        con.exec_driver_sql("UPDATE grade SET auto_score = 99 WHERE auto_score IS NOT NULL")
    assert guard.changed() and any("→ (99.0,)" in line for line in guard.describe()), guard.describe()
    guard.restore()
    assert not guard.changed()
    set_manual_score(pg_course, AID, "t0004", AID, "q3_answer", final["t0004"])
    guard.close()
    assert _table(pg_course) == (pg_cells, pg_totals)

    # back to SQLite: every row comes back into gradebook.db and the setting is gone
    back = _run(*CLI, "course", "gradebook-db", "--course-dir", str(pg_course),
                "--sqlite", env=env)
    assert "SQLite" in back.stdout and not url_file.exists()
    assert _table(pg_course) == (pg_cells, pg_totals)


def test_the_gradebook_url_is_refused_clearly(postgres, tmp_path):
    """A wrong password is refused with a Japanese message that does not show it; nothing is written. A course on
    one database is not silently pointed at another (its rows would stay behind)."""
    from curriculum.course import config as cfg
    from curriculum.course.gradebook_db import use_postgresql
    from curriculum.errors import CurriculumError

    course = new_course(tmp_path)
    wrong = postgres["url"].replace("gradebook:", "gradebook:x", 1)
    with pytest.raises(CurriculumError, match="成績簿のデータベースに接続できません") as err:
        use_postgresql(course, wrong)
    assert "x" + postgres["url"].split(":")[2].split("@")[0] not in str(err.value)  # the password is never shown
    assert (course / cfg.GRADEBOOK_NAME).is_file() and not (course / cfg.GRADEBOOK_URL_NAME).exists()
    spare, other = (postgres["url"].removesuffix("/gradebook") + f"/gradebook_{name}" for name in ("spare", "other"))
    assert any("PostgreSQL に写しました" in line for line in use_postgresql(course, spare))
    with pytest.raises(CurriculumError, match="すでに別のデータベースにあります"):
        use_postgresql(course, other)
    assert cfg.db_url(course).endswith("/gradebook_spare")
    assert not any("写しました" in line for line in use_postgresql(course, spare))  # the same URL again: only pointed at
    with cfg.open_gradebook(course) as gb:
        assert sorted(s.id for s in gb.students) == ["t0001", "t0002", "t0003", "t0004", "t0005"]


def test_hub_setup_moves_the_gradebook_for_instructors_only(cohort, postgres):
    """`curriculum hub setup --gradebook URL --apply`: the hub's course moves to PostgreSQL; the real instructor
    account uses it through nbgrader's own command, a trainee account cannot read the URL."""
    import dataclasses
    import grp
    import pwd

    from curriculum.course import config as cfg
    from curriculum.hub.setup import apply_hub

    url = postgres["url"].removesuffix("/gradebook") + "/gradebook_hub"
    plan = dataclasses.replace(cohort.plan, gradebook_url=url)
    done = apply_hub(plan)
    assert any("PostgreSQL に写しました" in line for line in done), done
    url_file = cohort.course_dir / cfg.GRADEBOOK_URL_NAME
    info = url_file.stat()
    assert (pwd.getpwuid(info.st_uid).pw_name, grp.getgrgid(info.st_gid).gr_name, stat.S_IMODE(info.st_mode)) == (
        plan.grader_user, plan.unix_group, 0o640)
    listed = cohort.as_user(cohort.instructor, str(cohort.bin / "nbgrader"), "db", "student", "list", cwd=cohort.course_dir)
    assert cohort.trainee_a in (listed.stdout + listed.stderr).lower(), listed
    peek = cohort.as_user(cohort.trainee_a, str(cohort.bin / "python"), "-c", f"open({str(url_file)!r}).read()", check=False)
    assert peek.returncode != 0 and "PermissionError" in peek.stderr, peek
    apply_hub(plan)  # a second run only points at the database that already holds this course
    assert cfg.db_url(cohort.course_dir).endswith("/gradebook_hub")


def test_kubernetes_gives_the_gradebook_url_to_instructors_only(tmp_path):
    """`hub k8s-values`: the Secret with the gradebook's URL is mounted as the course's `gradebook.url` (the same
    setting as on one server) in instructors' pods only, and is in no pod's environment."""
    import datetime as dt
    from types import SimpleNamespace

    import yaml

    from curriculum.course.cohort import create_cohort
    from curriculum.course.config import GRADEBOOK_URL_NAME
    from curriculum.hub.k8s import COURSE_MOUNT, GRADEBOOK_SECRET, write_k8s

    roster = tmp_path / "roster.csv"
    roster.write_text("職員番号,氏名,所属,メール\nT0001,練習 太郎,総務課,\n", encoding="utf-8-sig")
    create_cohort(tmp_path / "course", year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11), roster=roster,
                  source_root=REPO, basic_ids=["b00_orientation"])
    write_k8s(tmp_path / "course", tmp_path / "k8s", instructors=["sensei"], image="r.example.lg.jp/c:1", host="hub.example")
    values = yaml.safe_load((tmp_path / "k8s" / "config.yaml").read_text(encoding="utf-8"))
    assert GRADEBOOK_SECRET not in json.dumps(values["singleuser"])  # not in every pod's environment
    namespace = {"c": SimpleNamespace(KubeSpawner=SimpleNamespace())}
    exec(values["hub"]["extraConfig"]["10-curriculum"], namespace)  # noqa: S102 - the generated hub config itself
    pods = {}
    for name in ("t0001", "sensei"):
        spawner = SimpleNamespace(user=SimpleNamespace(name=name), volumes=[], volume_mounts=[], environment={})
        namespace["c"].KubeSpawner.pre_spawn_hook(spawner)
        pods[name] = spawner
    secret_volumes = lambda s: [v["name"] for v in s.volumes if v.get("secret", {}).get("secretName") == GRADEBOOK_SECRET]  # noqa: E731
    assert secret_volumes(pods["t0001"]) == [] and len(secret_volumes(pods["sensei"])) == 1
    [mount] = [m for m in pods["sensei"].volume_mounts if m["name"] in secret_volumes(pods["sensei"])]
    assert mount["mountPath"] == f"{COURSE_MOUNT}/{GRADEBOOK_URL_NAME}" and mount["readOnly"] is True
    assert f"{COURSE_MOUNT}/{GRADEBOOK_URL_NAME}" in (tmp_path / "k8s" / "nbgrader_config.py").read_text(encoding="utf-8")
