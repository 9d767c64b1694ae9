"""Helpers for the remote-training tests (real users, real hub): imported by conftest and the tests.

These tests need root (they create Unix users and change file owners). Locally, without root, they are
skipped; in CI (``CI`` set, as ``.ci/run`` does) a missing root, chromium or proxy is a failure, never a skip.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "remote" / "artifacts"
PASSWORD = "Kensyu-" + secrets.token_hex(4)


def require(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"remote tests cannot run in CI: {why}")
    pytest.skip(why)


def proxy_command() -> str | None:
    """configurable-http-proxy: on PATH, or the repo-local npm install the Makefile makes."""
    local = REPO / ".hub-tools" / "node_modules" / ".bin" / "configurable-http-proxy"
    return shutil.which("configurable-http-proxy") or (str(local) if local.exists() else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_as(user: str, *cmd: str, cwd: Path | str | None = None, env: dict | None = None,
           check: bool = True) -> subprocess.CompletedProcess:
    """Run a command as a real Unix user (``runuser``), with a login-like environment plus ``env``."""
    import pwd

    home = pwd.getpwnam(user).pw_dir
    base = {"HOME": home, "USER": user, "LOGNAME": user, "LANG": "C.UTF-8",
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"}
    base.update(env or {})
    args = ["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in base.items()), *cmd]
    done = subprocess.run(args, cwd=cwd or home, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} as {user} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done




def shared_env(target: Path) -> Path:
    """A Python environment every Unix user can run, over this test run's packages.

    On a real server the set-up's venv is ``/opt/curriculum/venv`` with the wheel installed in it. Here the
    test venv's interpreter may be a link into root's home (pyenv), which other users cannot execute — the
    very problem issue 11 describes — so the test builds a small venv from the system ``python3`` that
    reads the test venv's site-packages, and copies its console scripts with their first line pointing at it.
    """
    system = Path("/usr/bin/python3")
    version = subprocess.run([str(system), "-c", "import sys; print(sys.version_info[:2])"], capture_output=True,
                             text=True).stdout.strip()
    require(version == str(sys.version_info[:2]), f"system python3 {version} differs from the test venv's")
    subprocess.run([str(system), "-m", "venv", "--without-pip", str(target)], check=True)
    site = Path(sys.prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    ours = target / "lib" / site.parent.name / "site-packages"
    (ours / "_shared_test_env.pth").write_text(f"{site}\n")
    # The same rule the set-up's requirements-hub.txt carries for Debian 12's Python 3.11.2 (see render_requirements)
    old_python = subprocess.run([str(system), "-c", "import sys; print(sys.version_info[:3] < (3, 11, 5))"],
                                capture_output=True, text=True).stdout.strip() == "True"
    if old_python:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(ours),
                        "soupsieve<3"], check=True)
    for shared in ("etc", "share"):  # Jupyter's config (enabled extensions) and data (lab extensions, kernels)
        if (Path(sys.prefix) / shared).is_dir():
            (target / shared).symlink_to(Path(sys.prefix) / shared)
    python = target / "bin" / "python"
    for script in (Path(sys.prefix) / "bin").iterdir():
        if script.is_symlink() or not script.is_file() or (target / "bin" / script.name).exists():
            continue
        with open(script, "rb") as fh:
            first = fh.readline()
            if not first.startswith(b"#!") or b"python" not in first:
                continue
            body = fh.read()
        dest = target / "bin" / script.name
        dest.write_bytes(b"#!" + str(python).encode() + b"\n" + body)
        dest.chmod(0o755)
    return target
