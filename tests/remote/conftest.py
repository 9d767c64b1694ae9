"""Real JupyterHub, real Unix users, real exchange: fixtures for the remote-training tests (see hubtools)."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from hubtools import ARTIFACTS, PASSWORD, REPO, free_port, proxy_command, require, run_as, shared_env


@dataclass
class Cohort:
    base: Path
    course_dir: Path
    plan: object
    trainee_a: str
    trainee_b: str
    instructor: str
    env: dict  # what every user's shell needs: system Jupyter config folder, data, this checkout
    bin: Path  # the shared environment's scripts

    def as_user(self, user, *cmd, **kw):
        env = dict(self.env, **kw.pop("env", {}))
        return run_as(user, *cmd, env=env, **kw)


def _useradd(name: str) -> None:
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
    subprocess.run(["chpasswd"], input=f"{name}:{PASSWORD}\n", text=True, check=True)


def _userdel(name: str) -> None:
    subprocess.run(["userdel", "--remove", name], capture_output=True)


@pytest.fixture(scope="module")
def cohort():
    """A cohort course on a one-server hub layout in a temporary root, with three real Unix users."""
    require(os.geteuid() == 0, "needs root (creates Unix users)")
    from curriculum.course.build import build_course
    from curriculum.course.cohort import create_cohort
    from curriculum.hub.setup import apply_hub, plan_hub
    import datetime as dt

    tag = secrets.token_hex(2)
    ids = {"a": f"HA{tag}", "b": f"HB{tag}"}
    instructor = f"hi{tag}"
    base = Path(tempfile.mkdtemp(prefix="hubtest-", dir="/tmp"))
    base.chmod(0o755)
    users = [ids["a"].lower(), ids["b"].lower(), instructor]
    created, group, grader = [], None, None
    try:
        for name in users:
            _useradd(name)
            created.append(name)
        roster = base / "roster.csv"
        roster.write_text("職員番号,氏名,所属,メール\n"
                          f"{ids['a']},練習 あかね,総務課,\n{ids['b']},見本 ぶんた,企画財政課,\n", encoding="utf-8-sig")
        course_dir = base / "courses" / "cohort"
        create_cohort(course_dir, year=2026, theme="ハブ試験", theme_id=f"hubtest{tag}", start=dt.date(2026, 5, 11),
                      roster=roster, source_root=REPO, basic_ids=["b00_orientation"])
        results = build_course(course_dir, source_root=REPO, echo=lambda *_: None)
        assert [r.ok for r in results] == [True], results
        (base / "courses").chmod(0o755)
        venv = shared_env(base / "venv")
        data = Path(os.environ.get("CURRICULUM_DATA_DIR") or REPO.parent / "shared" / "data")
        plan = plan_hub(course_dir, instructors=[instructor], exchange_root=base / "exchange", venv=venv,
                        data_dir=data, state_dir=base / "state", etc_dir=base / "etc", ip="127.0.0.1",
                        port=free_port(), hub_port=free_port(), proxy_api_port=free_port(), service_port=free_port(),
                        proxy_command=proxy_command(), extra_env={"PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"})
        group, grader = plan.unix_group, plan.grader_user
        apply_hub(plan)
        env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "JUPYTER_CONFIG_PATH": plan.config_path_env(trainee=False), "CURRICULUM_DATA_DIR": str(data),
               "PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"}
        yield Cohort(base, course_dir, plan, users[0], users[1], instructor, env, venv / "bin")
    finally:
        for name in created + ([grader] if grader else []):
            _userdel(name)
        if group:
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def hub(cohort):
    """The generated JupyterHub, started as root on 127.0.0.1; yields its base URL."""
    require(proxy_command() is not None, "configurable-http-proxy is not installed (make installs it with npm)")
    plan = cohort.plan
    log = open(cohort.base / "jupyterhub.log", "w")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}", PYTHONPATH=str(REPO))
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(plan.hub_config)],
                            cwd=plan.state_dir, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{plan.port}"
    try:
        deadline = time.monotonic() + 240  # the hub waits for the Formgrader service; slow on a busy 2-core machine
        while True:  # the proxy answers 404 until the hub has added its route: wait for 200 on the API
            try:
                with urllib.request.urlopen(f"{url}/hub/api", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("JupyterHub did not start:\n" + (cohort.base / "jupyterhub.log").read_text()[-3000:])
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
        log.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(cohort.base / "jupyterhub.log", ARTIFACTS / "jupyterhub.log")
