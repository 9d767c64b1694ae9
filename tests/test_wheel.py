"""The package installs like one: build the wheel, install it into a fresh venv, run from another folder.

This is what a city's IT team does for a JupyterHub image. The venv is created without the shared
environment's packages and the wheel's dependencies come from the package registry (pip's cache and the
machine's pip configuration make repeats cheap). The commands run with the checkout nowhere in sight: the
working folder is a temporary one, PYTHONPATH is unset and other virtualenvs are taken off PATH.

Measured on the 2-core dev machine under load: build ≈6 s, venv + install ≈80 s, the three commands ≈70 s
(the demo grades fictional submissions). Marked ``packaging``; it runs in CI and, as one file, on one
xdist worker while the other worker runs the rest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[1]
# Top-level folders that are not part of the package or are generated locally.
_NOT_SOURCES = {".git", ".venv", "build", "dist", "out", "practice_data", "course", "tests", "benchmarks"}
_NEVER = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    skipped = {n for n in names if n in _NEVER or n.endswith(".egg-info")}
    if Path(folder) == REPO:
        skipped |= _NOT_SOURCES & set(names)
    return skipped


def _run(args: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{args} exited {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed():
    """The wheel built from a copy of the sources and installed into a fresh venv."""
    # Not under pytest's 0700 basetemp: autograde runs kernels as the unprivileged grader user, which must be
    # able to run the venv's Python (as on a real server, where the venv lives in /opt).
    tmp = Path(tempfile.mkdtemp(prefix="curriculum-wheel-"))
    tmp.chmod(0o755)
    venv, elsewhere = tmp / "venv", tmp / "elsewhere"
    elsewhere.mkdir()
    other_venvs = [p for p in os.environ.get("PATH", "").split(os.pathsep) if (Path(p).parent / "pyvenv.cfg").exists()]
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CURRICULUM_CATALOGUE_DIR", "CURRICULUM_PRACTICE_DIR")}
    env["PATH"] = os.pathsep.join([str(venv / "bin")] + [p for p in env.get("PATH", "").split(os.pathsep)
                                                         if p not in other_venvs])
    env["MPLBACKEND"] = "Agg"
    env["CURRICULUM_DATA_DIR"] = str(tmp / "empty_cache")  # offline and the same on every machine

    source = tmp / "source"
    shutil.copytree(REPO, source, ignore=_ignore)  # the build writes build/ and *.egg-info: keep the checkout clean
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", tmp / "dist", source], env=env, cwd=elsewhere)
    wheel = next((tmp / "dist").glob("curriculum-*.whl"))
    _run([sys.executable, "-m", "venv", venv], env=env, cwd=elsewhere)
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], env=env, cwd=elsewhere)
    yield {"wheel": wheel, "venv": venv, "env": env, "cwd": elsewhere, "command": venv / "bin" / "curriculum"}
    shutil.rmtree(tmp, ignore_errors=True)


def test_the_wheel_carries_every_file_the_package_reads(installed):
    with zipfile.ZipFile(installed["wheel"]) as zf:
        names = set(zf.namelist())
    for folder in ("curriculum", "estat_client"):  # data files inside the package (Leaflet, example YAML, …)
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts:
                assert path.relative_to(REPO).as_posix() in names, path
    for folder in ("datasets", "basic", "follow_up"):  # the course material, kept at the repository root
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(REPO).parts):
                assert f"curriculum/_shipped/{path.relative_to(REPO).as_posix()}" in names, path


def _curriculum(installed: dict, *args) -> subprocess.CompletedProcess:
    return _run([installed["command"], *args], cwd=installed["cwd"], env=installed["env"], timeout=900)


def test_the_package_is_imported_from_the_venv(installed):
    result = _run([installed["venv"] / "bin" / "python", "-c",
                   "import curriculum.config as c; print(c.__file__); print(c.catalogue_dir()); print(c.course_sources_dir())"],
                  cwd=installed["cwd"], env=installed["env"])
    module, catalogue, sources = (Path(line) for line in result.stdout.splitlines())
    site_packages = next((installed["venv"] / "lib").glob("python3*/site-packages"))
    assert module.is_relative_to(site_packages)
    assert catalogue == site_packages / "curriculum" / "_shipped" / "datasets"
    assert sources == site_packages / "curriculum" / "_shipped"


def test_data_list_shows_the_whole_catalogue(installed):
    output = _curriculum(installed, "data", "list").stdout
    listed = {line[2:].split()[0] for line in output.splitlines() if line.strip()}
    expected = {tomllib.loads(p.read_text(encoding="utf-8"))["id"] for p in (REPO / "datasets").glob("*.toml")}
    assert listed == expected


def test_course_build_releases_every_shipped_notebook(installed):
    course = installed["cwd"] / "X"
    output = _curriculum(installed, "course", "build", "--course-dir", "X").stdout
    expected = {(folder.name, nb.name) for part in ("basic", "follow_up") for folder in (REPO / part).iterdir()
                for nb in folder.glob("*.ipynb")}
    released = {(nb.parent.name, nb.name) for nb in (course / "release").glob("*/*.ipynb")}
    assert released == expected, output
    assert f"{len({a for a, _ in expected})} 件中 {len({a for a, _ in expected})} 件 OK" in output
    for assignment, name in sorted(expected):
        text = (course / "release" / assignment / name).read_text(encoding="utf-8")
        json.loads(text)
        assert "### BEGIN SOLUTION" not in text and "### BEGIN HIDDEN TESTS" not in text, (assignment, name)


def test_demo_runs(installed):
    output = _curriculum(installed, "demo", "--out", "Y").stdout
    out = installed["cwd"] / "Y"
    assert "練習用・架空" in output
    assert "== できあがったもの" in output
    assert (out / "elderly_share_by_city.png").stat().st_size > 10_000
    assert (out / "course_demo" / "reports" / "dashboard.html").is_file()
    # the demo's follow-up is never submitted, so the report is written and nobody is certified yet
    assert (out / "course_demo" / "reports" / "certificates").is_dir()
