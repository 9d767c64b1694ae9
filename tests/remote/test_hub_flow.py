"""A cohort on a real one-server JupyterHub: two trainees and one instructor, real Unix accounts.

release → fetch → work → submit → collect → autograde → release feedback → fetch feedback, done as those
users; both exchange attacks of issue 11; what trainee A can and cannot read; the browser flow in Japanese;
Formgrader inside the hub. The tests in this file build on each other and run in file order.
"""

from __future__ import annotations

import json
import re
import stat
import time
from pathlib import Path

import pytest

from hubtools import ARTIFACTS, PASSWORD, require

ASSIGNMENT = "b00_orientation"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_setup_writes_one_server_layout(cohort):
    plan = cohort.plan
    root, course = plan.exchange_root, plan.exchange_root / plan.course_id
    assert mode(root) == 0o1777 and root.stat().st_uid == 0
    assert {p.name: oct(mode(p)) for p in course.iterdir()} == {"inbound": "0o3773", "outbound": "0o2775", "feedback": "0o2771"}
    assert mode(cohort.course_dir) == 0o2770 and not (cohort.course_dir / "exchange").exists()
    system = (plan.jupyter_etc / "nbgrader_config.py").read_text(encoding="utf-8")
    assert f"c.Exchange.root = {str(root)!r}" in system and f"c.CourseDirectory.course_id = {plan.course_id!r}" in system
    hub_config = plan.hub_config.read_text(encoding="utf-8")
    # roster ids HAxxxx / HBxxxx become the lower-case accounts, in the trainees' group only
    groups = json.loads(re.search(r"c.JupyterHub.load_groups = (\{.*?\n\})", hub_config, re.S).group(1))
    assert groups == {plan.trainee_group: {"users": [cohort.trainee_a, cohort.trainee_b]},
                      plan.instructor_group: {"users": [cohort.instructor]}}
    compile(hub_config, str(plan.hub_config), "exec")


def test_trainee_cannot_read_the_course(cohort):
    course = cohort.course_dir
    for target in (course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", course / "gradebook.db", course / "roster.csv"):
        done = cohort.as_user(cohort.trainee_a, "cat", str(target), check=False)
        assert done.returncode != 0 and "Permission denied" in done.stderr, target
    # the instructor can
    assert cohort.as_user(cohort.instructor, "head", "-n", "1", str(course / "roster.csv")).stdout


def test_instructor_releases_and_trainee_b_works_and_submits(cohort):
    cohort.as_user(cohort.instructor, str(cohort.bin / "nbgrader"), "release_assignment", ASSIGNMENT, cwd=cohort.course_dir)
    listing = cohort.as_user(cohort.trainee_b, str(cohort.bin / "nbgrader"), "list").stderr
    assert ASSIGNMENT in listing
    cohort.as_user(cohort.trainee_b, str(cohort.bin / "nbgrader"), "fetch_assignment", ASSIGNMENT)
    # "work": B writes the model answers (taken from the instructor's source) into her answer cells, then submits
    source = json.loads((cohort.course_dir / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8"))
    answers = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    assert len(answers) >= 3
    sheet = cohort.base / "answers.json"
    sheet.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    sheet.chmod(0o644)
    edit = ("import json, sys; answers = json.load(open(sys.argv[1])); nb = json.load(open(sys.argv[2]))\n"
            "for c in nb['cells']:\n"
            "    gid = c.get('metadata', {}).get('nbgrader', {}).get('grade_id')\n"
            "    if gid in answers: c['source'] = answers[gid]\n"
            "json.dump(nb, open(sys.argv[2], 'w'), ensure_ascii=False)")
    cohort.as_user(cohort.trainee_b, str(cohort.bin / "python"), "-c", edit, str(sheet), f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    sheet.unlink()
    cohort.as_user(cohort.trainee_b, str(cohort.bin / "nbgrader"), "submit", ASSIGNMENT)


def test_exchange_attacks_are_refused_at_the_folder(cohort):
    plan, b = cohort.plan, cohort.trainee_b
    course = plan.exchange_root / plan.course_id
    # attack 1: move the course's exchange folder aside and plant a writable inbound
    moved = cohort.as_user(b, "mv", str(course), str(plan.exchange_root / "moved"), check=False)
    assert moved.returncode != 0 and "not permitted" in moved.stderr
    planted = cohort.as_user(b, "mkdir", str(course / "inbound2"), check=False)
    assert planted.returncode != 0
    # trainees cannot list inbound (so cannot find, read or rename anyone's submission)
    assert cohort.as_user(b, "ls", str(course / "inbound"), check=False).returncode != 0
    # and B cannot read A's home (where A's fetched work lives)
    a_home = Path(f"~{cohort.trainee_a}").expanduser()
    assert cohort.as_user(b, "ls", str(a_home), check=False).returncode != 0


@pytest.fixture(scope="module")
def browser():
    require(Path("/usr/bin/chromium").exists(), "Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium",
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        for i, context in enumerate(b.contexts):  # pages still open belong to a failed test: keep what they showed
            for j, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"failed-page-{i}-{j}.png"))
        b.close()


def login(browser, hub: str, user: str):
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="ja-JP")
    page.set_default_timeout(90_000)
    page.goto(f"{hub}/hub/login")
    page.fill("#username_input", user.upper())  # typed as on the roster: the hub lower-cases it
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    return page


def test_browser_trainee_fetches_runs_and_submits_in_japanese(cohort, hub, browser):
    a = cohort.trainee_a
    page = login(browser, hub, a)
    page.wait_for_url(re.compile(rf"/user/{a}/lab"), timeout=120_000)
    page.wait_for_selector("#jp-main-dock-panel")
    page.get_by_text("ファイル", exact=True).first.wait_for()  # the File menu, from the Japanese language pack
    page.screenshot(path=str(ARTIFACTS / "trainee-lab-ja.png"))
    assert "ファイル" in page.inner_text("#jp-menu-panel") and "カーネル" in page.inner_text("#jp-menu-panel")
    menus = page.inner_text("#jp-menu-panel")
    page.get_by_text("Nbgrader", exact=True).click()
    items = page.inner_text(".lm-Menu-content")
    assert "Assignment List" in items and "Formgrader" not in items and "Create" not in items, (menus, items)
    page.get_by_text("Assignment List", exact=True).click()
    page.get_by_role("button", name="Fetch").click()
    page.get_by_role("button", name="Submit").wait_for()
    page.screenshot(path=str(ARTIFACTS / "trainee-assignments.png"))
    # run the fetched notebook
    page.goto(f"{hub}/user/{a}/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    dialog = page.locator(".jp-Dialog .jp-mod-accept")  # 「カーネルを選択」 when the kernel is not started yet
    try:
        dialog.wait_for(timeout=10_000)
        dialog.click()
    except Exception:  # no dialog: the kernel started by itself
        pass
    page.get_by_text("実行", exact=True).first.click()
    page.locator("[data-command='runmenu:run-all']").click()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        prompts = page.locator(".jp-InputPrompt").all_inner_texts()
        if prompts and not any("*" in p for p in prompts) and any(re.search(r"\[\d+\]", p) for p in prompts):
            break
        time.sleep(1)
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "trainee-notebook-run.png"))
    # submit from the Assignments tab
    page.goto(f"{hub}/user/{a}/lab")
    page.get_by_text("Nbgrader", exact=True).click()
    page.get_by_text("Assignment List", exact=True).click()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_timeout(3000)
    page.screenshot(path=str(ARTIFACTS / "trainee-submitted.png"))
    page.close()
    # A cannot list inbound herself (nobody but instructors can); the folder is there, hers
    inbound = cohort.plan.exchange_root / cohort.plan.course_id / "inbound"
    assert cohort.as_user(a, "ls", str(inbound), check=False).returncode != 0
    mine = [p for p in inbound.iterdir() if p.name.startswith(f"{a}+{ASSIGNMENT}+")]
    assert len(mine) == 1 and mine[0].stat().st_uid == Path(f"~{a}").expanduser().stat().st_uid
    ran = json.loads((mine[0] / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8"))
    assert any(c.get("execution_count") for c in ran["cells"] if c["cell_type"] == "code"), "the run was saved"


def test_planted_submission_is_not_collected(cohort):
    """Attack 2: B drops ``inbound/<A>+b00+<later time>+x`` with a blank notebook; collect refuses it."""
    plan, a, b = cohort.plan, cohort.trainee_a, cohort.trainee_b
    inbound = plan.exchange_root / plan.course_id / "inbound"
    fake = inbound / f"{a}+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC+x"
    blank = cohort.course_dir / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    strip = ("import json, sys; nb = json.load(open(sys.argv[1]))\n"
             "for c in nb['cells']:\n    c.update(outputs=[], execution_count=None) if c['cell_type'] == 'code' else None\n"
             "json.dump(nb, open(sys.argv[2], 'w'))")
    cohort.as_user(b, "mkdir", str(fake))
    cohort.as_user(b, str(cohort.bin / "python"), "-c", strip, f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb", str(fake / f"{ASSIGNMENT}.ipynb"))
    cohort.as_user(b, "sh", "-c", f"echo '2099-01-01 00:00:00.000000 UTC' > '{fake}/timestamp.txt'")
    assert fake.stat().st_uid == Path(f"~{b}").expanduser().stat().st_uid  # the folder really is B's
    done = cohort.as_user(cohort.instructor, str(cohort.bin / "curriculum"), "grade", "collect", ASSIGNMENT,
                          "--course-dir", str(cohort.course_dir), check=False)
    out = done.stdout + done.stderr
    assert done.returncode != 0 and fake.name in out and b in out, out
    collected = json.loads((cohort.course_dir / "submitted" / a / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    assert any(c.get("execution_count") for c in collected["cells"] if c["cell_type"] == "code"), "A's real run"


def test_autograde_feedback_and_trainee_fetches_feedback(cohort):
    course, instructor = cohort.course_dir, cohort.instructor
    cohort.as_user(instructor, str(cohort.bin / "curriculum"), "grade", "autograde", ASSIGNMENT, "--course-dir", str(course),
                   "--workers", "2")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {s.student.id: s.score for s in gb.find_assignment(ASSIGNMENT).submissions}
    # B wrote the model answers, A only ran the stubs: the autograder tells them apart
    assert set(scores) == {cohort.trainee_a, cohort.trainee_b} and scores[cohort.trainee_b] > scores[cohort.trainee_a]
    cohort.as_user(instructor, str(cohort.bin / "curriculum"), "grade", "feedback", ASSIGNMENT, "--course-dir", str(course))
    cohort.as_user(instructor, str(cohort.bin / "nbgrader"), "release_feedback", ASSIGNMENT, cwd=course)
    for trainee in (cohort.trainee_a, cohort.trainee_b):
        cohort.as_user(trainee, str(cohort.bin / "nbgrader"), "fetch_feedback", ASSIGNMENT)
        home = Path(f"~{trainee}").expanduser()
        pages = list((home / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(pages) == 1, trainee
        text = pages[0].read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in text and re.search(r"[ぁ-んァ-ン]", text)


def test_formgrader_opens_inside_the_hub_for_the_instructor_only(cohort, hub, browser):
    service = cohort.plan.service_name
    page = login(browser, hub, cohort.instructor)
    page.wait_for_url(re.compile(r"/user/|/hub/"), timeout=120_000)
    page.goto(f"{hub}/services/{service}/formgrader")
    page.get_by_text("Manage Assignments").first.wait_for()
    page.get_by_text(ASSIGNMENT).first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "instructor-formgrader.png"))
    assert page.url.startswith(f"{hub}/services/{service}/formgrader")
    page.close()
    # a trainee is refused by the hub
    page = login(browser, hub, cohort.trainee_a)
    page.wait_for_url(re.compile(r"/user/|/hub/"), timeout=120_000)
    response = page.goto(f"{hub}/services/{service}/formgrader")
    assert response.status == 403 or "Manage Assignments" not in page.content()
    page.close()
