"""Formgrader for real: JupyterLab on 127.0.0.1 in a course folder, the grading page of a submission in
headless Chromium (Debian's, driven by Playwright), a manual score and a comment typed in as an
instructor would, and the gradebook checked afterwards.

Regression (issue 18): the course config once set ``HTMLExporter.template_name = "feedback"`` for every
exporter, and the grading page answered HTTP 500 (``TemplateNotFound: bootstrap.min.css``).
The screenshot is kept in ``out/test-artefacts/``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import CORRECT, answer, new_course

from curriculum.course.autograde import autograde_cohort
from curriculum.course.collect import collect_from_files
from curriculum.course.config import open_gradebook

AID = "t01_pandas"
CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parents[2] / "out" / "test-artefacts"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]
TOKEN = "formgrader-test-token"


def _need_chromium():
    if not CHROMIUM.is_file():
        message = f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("formgrader")
    course = new_course(tmp)
    release = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    inbox = tmp / "inbox"
    inbox.mkdir()
    (inbox / f"T0001_{AID}.ipynb").write_text(json.dumps(answer(release, CORRECT), ensure_ascii=False), encoding="utf-8")
    collect_from_files(course, AID, inbox)
    [outcome] = autograde_cohort(course, AID, workers=1, progress=False)
    assert outcome.ok and outcome.score == 3.0
    return course


@pytest.fixture(scope="module")
def lab(course):
    """`jupyter lab` of this environment, serving the course folder on 127.0.0.1 only."""
    port = _free_port()
    venv_bin = str(Path(sys.executable).parent)
    repo = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PATH=os.pathsep.join([venv_bin, os.environ.get("PATH", "")]),
               PYTHONPATH=os.pathsep.join([repo, os.environ.get("PYTHONPATH", "")]))
    log = (course.parent / "lab.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ip", "127.0.0.1",
                             f"--port={port}", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={course}"],
                            cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request = urllib.request.Request(f"{base}/api/status", headers={"Authorization": f"token {TOKEN}"})
                if urllib.request.urlopen(request, timeout=2).status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("jupyter lab did not start:\n" + (course.parent / "lab.log").read_text()[-2000:])
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _submission_id(course: Path, student: str) -> str:
    with open_gradebook(course) as gb:
        return gb.find_submission_notebook(AID, AID, student).id


def test_grade_a_written_answer_in_formgrader(course, lab):
    _need_chromium()
    from playwright.sync_api import sync_playwright

    sub_id = _submission_id(course, "t0001")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "formgrader_grading.png"
    shot.unlink(missing_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1800}, locale="ja-JP")
            page.goto(f"{lab}/login?next=/formgrader/manage_assignments")
            page.fill("input[name=password]", TOKEN)
            page.press("input[name=password]", "Enter")
            page.wait_for_selector(f"text={AID}")
            # due dates in Japan time (cohort: 2026-06-01 17:00 JST), not UTC
            assert "2026-06-01 17:00:00 JST" in page.inner_text("body")

            response = page.goto(f"{lab}/formgrader/submissions/{sub_id}/")
            assert response.status == 200
            page.wait_for_selector("#q3_answer")
            body = page.inner_text("body")
            assert "TemplateNotFound" not in body
            assert "Manual Grading" in body and "見本町の高齢化率が最も高い。" in body  # the trainee's written answer
            with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT") as saved:
                page.fill("#q3_answer", "1.5")
                page.press("#q3_answer", "Tab")
            assert saved.value.status == 200
            with page.expect_response(lambda r: "/formgrader/api/comment/" in r.url and r.request.method == "PUT") as saved:
                page.fill("#q3_answer-comment", "根拠となる数字を添えるとさらに良くなります。")
                page.press("#q3_answer-comment", "Tab")
            assert saved.value.status == 200
            page.reload()
            page.wait_for_selector("#q3_answer")
            assert page.input_value("#q3_answer") == "1.5"  # what the instructor sees when coming back
            assert page.input_value("#q3_answer-comment") == "根拠となる数字を添えるとさらに良くなります。"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    with open_gradebook(course) as gb:
        grade = gb.find_grade("q3_answer", AID, AID, "t0001")
        comment = gb.find_comment("q3_answer", AID, AID, "t0001")
        assert (grade.manual_score, grade.needs_manual_grade) == (1.5, False)
        assert comment.manual_comment == "根拠となる数字を添えるとさらに良くなります。"
        assert gb.find_submission(AID, "t0001").score == 4.5


def test_course_config_leaves_formgrader_template_alone(course):
    from curriculum.course.config import load_config

    config = load_config(course)
    assert "template_name" not in config.HTMLExporter
    assert config.FeedbackExporter.template_name == "feedback_ja"
