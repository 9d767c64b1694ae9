"""Benchmark (not a test): grade N submissions with serial `nbgrader autograde` (CLI) and with
`curriculum.course.autograde.autograde_cohort` (parallel) — before (a new interpreter per kernel) and after
(kernels forked from a template process) — on copies of the same course; print the wall times, the ratios,
the machine load (os.getloadavg) beside them, a per-stage profile and whether the recorded grades are identical.

Run: .venv/bin/python benchmarks/bench_autograde.py [N] [--workers W] [--assignment fixture|b00_orientation|follow_up/NAME[/NOTEBOOK]]

``fixture`` is the tiny test assignment; ``b00_orientation`` (or any basic/ folder) and a follow-up notebook
use the course's own notebooks and need the real data (CURRICULUM_DATA_DIR). Submissions cycle through: all
answers right, the last answer missing, nothing answered.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "course"))

from helpers import CORRECT, FIXTURES, answer, grade_table, write_roster  # noqa: E402

from curriculum.course.build import build_course  # noqa: E402

MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def _answers(source: dict) -> dict[str, str]:
    """Every code answer of a source notebook without the solution markers (what a trainee types)."""
    found = {}
    for cell in source["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            found[meta["grade_id"]] = "\n".join(ln for ln in text.splitlines() if not MARKER.match(ln))
    return found


def make_course(tmp: Path, n: int, assignment: str) -> tuple[Path, str]:
    """A built course with ``n`` submissions of one assignment; returns (course folder, assignment id)."""
    if assignment == "fixture":
        aid, course = "t01_pandas", tmp / "course"
        build_course(course, source_root=FIXTURES, echo=lambda *a: None)
        release = json.loads((course / "release" / aid / f"{aid}.ipynb").read_text(encoding="utf-8"))
        variants = [{f"{aid}.ipynb": nb} for nb in (answer(release, CORRECT),
                                                    answer(release, {**CORRECT, "q1_answer": "total = 1"}), release)]
    else:
        import datetime as dt

        from curriculum.course.cohort import create_cohort

        src = ROOT / assignment
        folder, notebook = (src.parent, src.stem) if src.suffix == ".ipynb" else (src, None)
        part, aid = folder.parent.name, folder.name
        dest = tmp / "root" / part / aid
        dest.mkdir(parents=True)
        for item in folder.iterdir():  # one notebook (and its data files), or the whole folder
            if item.suffix == ".ipynb" and notebook and item.stem != notebook or item.name == "instructor_notes.md":
                continue
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, dest / item.name)
        if part == "follow_up":  # a cohort needs the basic course: b00 beside the follow-up theme (not graded here)
            shutil.copytree(ROOT / "basic" / "b00_orientation", tmp / "root" / "basic" / "b00_orientation")
        paths = create_cohort(tmp / "course", year=2026, theme=aid if part == "follow_up" else "高齢者の公共交通",
                              theme_id=aid if part == "follow_up" else None, start=dt.date(2026, 5, 11),
                              roster=write_roster(tmp / "roster.csv"), source_root=tmp / "root")
        course = paths["course_dir"]
        build_course(course, source_root=tmp / "root", echo=lambda *a: None)
        per_notebook = []  # for each notebook: (name, right), (name, last answer missing), (name, blank)
        for nb_path in sorted(dest.glob("*.ipynb")):
            source = json.loads(nb_path.read_text(encoding="utf-8"))
            release = json.loads((course / "release" / aid / nb_path.name).read_text(encoding="utf-8"))
            answers = _answers(source)
            partly = dict(list(answers.items())[:-1])
            per_notebook.append([(nb_path.name, answer(release, a)) for a in (answers, partly)] + [(nb_path.name, release)])
        variants = [dict(row) for row in zip(*per_notebook, strict=True)]
    for i in range(n):
        dest = course / "submitted" / f"s{i:03d}" / aid
        dest.mkdir(parents=True)
        for name, nb in variants[i % len(variants)].items():  # {notebook file name: notebook}
            (dest / name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return course, aid


def load() -> str:
    return "load " + " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1/5/15 min)"


def run_ours(course: Path, aid: str, workers, template: bool, env: dict) -> tuple[float, dict]:
    """Our autograde in a fresh process (imports included, as a user runs it); returns (seconds, stage means)."""
    code = ("import json, statistics, sys; from pathlib import Path; "
            "from curriculum.course.autograde import autograde_cohort; "
            f"o = autograde_cohort(Path({str(course)!r}), {aid!r}, workers={workers!r}, progress=False, "
            f"kernel_template={template!r}, variant=False); "
            "keys = sorted({k for x in o for k in x.stages}); "
            "print(json.dumps({k: statistics.mean(x.stages.get(k, 0.0) for x in o) for k in keys})); "
            "sys.exit(0 if all(x.ok for x in o) else 1)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"autograde failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    return seconds, json.loads(done.stdout.strip().splitlines()[-1])


def kernel_profile(template: bool, runs: int = 4) -> dict:
    """Seconds to start one kernel (until it answers) and to run the setup imports of a course notebook."""
    from jupyter_client.manager import KernelManager

    from curriculum.course import sandbox

    folder = Path(tempfile.mkdtemp(prefix="bench-kernel-"))
    folder.chmod(0o711)  # the kernel's user passes through to its folders
    private = folder / "private"  # the template's socket: the grader's only
    private.mkdir(mode=0o700)
    user = sandbox.GRADER_USER if sandbox.running_as_root() else None
    if user:
        sandbox.ensure_user(user)
    process = sandbox.start_template(private / "template.sock", user) if template else None
    sandbox.write_kernelspec(private / "jupyter", user, template=private / "template.sock" if template else None)
    os.environ["JUPYTER_PATH"] = str(private / "jupyter")
    starts, imports = [], []
    try:
        for i in range(runs + 1):
            work = folder / f"w{i}"
            work.mkdir(mode=0o711)
            sockets = Path(tempfile.mkdtemp(dir=folder))
            sockets.chmod(0o711)
            km = KernelManager(kernel_name=sandbox.KERNEL_NAME, transport="ipc", ip=str(sockets / "kernel"))
            t0 = time.perf_counter()
            km.start_kernel(cwd=str(work))
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=120)
            t1 = time.perf_counter()
            kc.execute_interactive("import matplotlib.pyplot as plt, pandas as pd, curriculum.plotting, "
                                   "curriculum.data, curriculum.layers", timeout=120)
            t2 = time.perf_counter()
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            if i:  # the first one waits for the template to finish importing
                starts.append(t1 - t0)
                imports.append(t2 - t1)
    finally:
        os.environ.pop("JUPYTER_PATH", None)
        if process:
            sandbox.stop_template(process)
        shutil.rmtree(folder, ignore_errors=True)
    return {"kernel start": statistics.median(starts), "setup imports": statistics.median(imports)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=30)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--assignment", default="fixture",
                        help="fixture, a basic/ folder (b00_orientation) or follow_up/NAME[/NOTEBOOK.ipynb]")
    parser.add_argument("--no-profile", action="store_true", help="skip the kernel start-up profile")
    args = parser.parse_args()
    assignment = args.assignment if args.assignment == "fixture" or "/" in args.assignment else f"basic/{args.assignment}"
    tmp = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    tmp.chmod(0o755)
    try:
        course, aid = make_course(tmp, args.n, assignment)
        copies = {name: tmp / name for name in ("serial", "before", "after")}
        for copy in copies.values():
            shutil.copytree(course, copy)
            config = copy / "nbgrader_config.py"
            config.write_text(config.read_text(encoding="utf-8").replace(str(course), str(copy)), encoding="utf-8")
        env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        print(f"assignment: {aid} ({assignment}), submissions: {args.n}, cores: {os.cpu_count()}, "
              f"workers: {args.workers or os.cpu_count()}")
        print(f"  before the runs: {load()}")
        start = time.perf_counter()
        done = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", aid], cwd=copies["serial"],
                              env=env, check=False, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"nbgrader autograde failed:\n{done.stderr[-3000:]}")
        t_serial = time.perf_counter() - start
        print(f"nbgrader autograde (CLI, serial):           {t_serial:7.1f} s   {load()}")
        t_before, stages_before = run_ours(copies["before"], aid, args.workers, False, env)
        print(f"curriculum autograde, new interpreter/kernel: {t_before:7.1f} s   {load()}")
        t_after, stages_after = run_ours(copies["after"], aid, args.workers, True, env)
        print(f"curriculum autograde, kernels from template:  {t_after:7.1f} s   {load()}")
        serial = grade_table(copies["serial"], aid)
        print(f"speed-up before: {t_serial / t_before:.2f}x   identical grades: {grade_table(copies['before'], aid) == serial}")
        print(f"speed-up after:  {t_serial / t_after:.2f}x   identical grades: {grade_table(copies['after'], aid) == serial}")
        print("per submission (mean seconds; grade = the grader process, kernel included):")
        for key in sorted(set(stages_before) | set(stages_after)):
            print(f"  {key:<8} before {stages_before.get(key, 0):6.2f}   after {stages_after.get(key, 0):6.2f}")
        if not args.no_profile:
            before, after = kernel_profile(False), kernel_profile(True)
            print("one kernel (median of 4):")
            for key in before:
                print(f"  {key:<14} before {before[key]:6.2f} s   after {after[key]:6.2f} s")
        print(f"  after the runs: {load()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
