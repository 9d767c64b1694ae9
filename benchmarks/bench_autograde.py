"""Benchmark (not a test): grade 30 submissions with serial `nbgrader autograde` (CLI) and with
`curriculum.course.autograde.autograde_cohort` (parallel), on two copies of the same course; print
both wall times, the ratio, and whether the recorded grades are identical.

Run: .venv/bin/python benchmarks/bench_autograde.py [N_SUBMISSIONS] [--workers W]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "course"))

from helpers import CORRECT, FIXTURES, answer, grade_table  # noqa: E402

from curriculum.course.autograde import autograde_cohort  # noqa: E402
from curriculum.course.build import build_course  # noqa: E402

AID = "t01_pandas"


def make_course(tmp: Path, n: int) -> Path:
    course = tmp / "course"
    build_course(course, source_root=FIXTURES, echo=lambda *a: None)
    release = json.loads((course / "release" / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))
    variants = [answer(release, CORRECT), answer(release, {**CORRECT, "q1_answer": "total = 1"}), release]
    for i in range(n):
        dest = course / "submitted" / f"S{i:03d}" / AID
        dest.mkdir(parents=True)
        (dest / f"{AID}.ipynb").write_text(json.dumps(variants[i % 3], ensure_ascii=False), encoding="utf-8")
    return course


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=30)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    try:
        course = make_course(tmp, args.n)
        serial = tmp / "serial"
        shutil.copytree(course, serial)
        env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", AID], cwd=serial, env=env,
                       check=True, capture_output=True)
        t_serial = time.perf_counter() - start
        # ours, measured as a user runs it: a fresh process (imports included) via the library call
        code = ("import sys; from pathlib import Path; from curriculum.course.autograde import autograde_cohort; "
                f"o = autograde_cohort(Path({str(course)!r}), {AID!r}, workers={args.workers!r}, progress=False); "
                "sys.exit(0 if all(x.ok for x in o) else 1)")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
        t_ours = time.perf_counter() - start
        same = grade_table(course, AID) == grade_table(serial, AID)
        print(f"submissions: {args.n}, cores: {os.cpu_count()}")
        print(f"nbgrader autograde (CLI, serial): {t_serial:6.1f} s")
        print(f"curriculum autograde (parallel):  {t_ours:6.1f} s")
        print(f"speed-up: {t_serial / t_ours:.2f}x   identical grades: {same}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
