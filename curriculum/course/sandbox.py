"""採点用カーネルの隔離: trainee code runs where the course (gradebook, ``source/``, other trainees) is out of reach.

Each submission is graded in its own working folder outside the course (see :mod:`autograde`). When
the grading process runs as root, the kernel also runs as the unprivileged system user
``curriculum-grader`` (created on first use with ``useradd --system``; no home, no login shell):

- the only kernel the grader can start is :data:`KERNEL_NAME`, whose command is this module: started by
  root, it hands the kernel's connection file, socket folder and working folder to that user, drops
  every privilege (groups, gid, uid) and ``exec``-s ``ipykernel`` — the same process, so interrupts
  and the per-submission kill still reach it;
- the course folder and the grader's private gradebook copy are owned by root and not writable (the
  copy not even readable) for that user.

A city's IT team can create the user beforehand (``useradd --system --shell /usr/sbin/nologin
curriculum-grader``) or choose another one with ``autograde_cohort(..., sandbox_user=NAME)``.
"""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

from curriculum.errors import CurriculumError

GRADER_USER = "curriculum-grader"
KERNEL_NAME = "curriculum-sandbox"


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def ensure_user(name: str = GRADER_USER) -> pwd.struct_passwd:
    """採点用ユーザー: the unprivileged system user kernels run as (created when missing; needs root)."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    done = subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                          capture_output=True, text=True, check=False)
    if done.returncode not in (0, 9):  # 9: created meanwhile by another grader
        raise CurriculumError(f"採点用のユーザー {name} を作れませんでした", f"useradd failed: {done.stderr.strip()}",
                              fix=f"管理者が `useradd --system --shell /usr/sbin/nologin {name}` を実行してください")
    return pwd.getpwnam(name)


def check_user_can_run(name: str = GRADER_USER) -> None:
    """Raise a clear error when ``name`` cannot start this Python with ipykernel (e.g. it lives in /root)."""
    account = pwd.getpwnam(name)
    done = subprocess.run(["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--clear-groups",
                           sys.executable, "-c", "import ipykernel"], capture_output=True, text=True, check=False,
                          cwd="/", env={"PATH": "/usr/bin:/bin", "HOME": "/"})
    if done.returncode != 0:
        raise CurriculumError(
            f"採点用のユーザー {name} がこの Python（{sys.executable}）を実行できません",
            f"{name} cannot run {sys.executable}: {(done.stderr.strip().splitlines() or ['?'])[-1]}",
            fix=f"Python 環境を全員が読めるフォルダ（/opt や /usr/local）に置くか、途中のフォルダに実行権を付けてください"
                f"（例: pyenv が /root にあるときは `chmod o+x /root`）")


def write_kernelspec(jupyter_dir: Path, user: str | None) -> Path:
    """The grader's only kernel: ``<jupyter_dir>/kernels/curriculum-sandbox/kernel.json`` (this module
    as launcher when ``user`` is given, plain ipykernel otherwise). Put ``jupyter_dir`` on JUPYTER_PATH."""
    folder = Path(jupyter_dir) / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    argv = ([sys.executable, "-m", "curriculum.course.sandbox", "--user", user, "-f", "{connection_file}"] if user
            else [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"])
    spec = {"argv": argv, "display_name": "Python 3 (採点用)", "language": "python",
            "metadata": {"debugger": False}}
    (folder / "kernel.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return folder


def _chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, gid)


def launch(user: str, connection_file: str) -> None:
    """Started by root as the kernel command: hand over, drop privileges, become ipykernel (never returns)."""
    account = pwd.getpwnam(user)
    uid, gid = account.pw_uid, account.pw_gid
    info = json.loads(Path(connection_file).read_text(encoding="utf-8"))
    sockets = Path(info["ip"]).parent if info.get("transport") == "ipc" else Path(connection_file).parent
    own = sockets / f"conn-{os.getpid()}.json"
    own.write_text(json.dumps(info), encoding="utf-8")
    os.chmod(own, 0o600)
    home = sockets / "home"
    home.mkdir(exist_ok=True)
    for path in (sockets, own, home):
        os.chown(path, uid, gid)
    _chown_tree(Path.cwd(), uid, gid)  # the notebook's working folder (outside the course)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "JUPYTER_"))}
    env.update(HOME=str(home), USER=user, LOGNAME=user, IPYTHONDIR=str(home / ".ipython"),
               MPLCONFIGDIR=str(home / ".matplotlib"), XDG_CACHE_HOME=str(home / ".cache"))
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    if os.getuid() == 0 or os.geteuid() == 0:
        raise SystemExit("privileges were not dropped")
    os.execve(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", str(own)], env)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="curriculum: start an autograde kernel as an unprivileged user")
    parser.add_argument("--user", required=True)
    parser.add_argument("-f", dest="connection_file", required=True)
    args = parser.parse_args()
    launch(args.user, args.connection_file)
