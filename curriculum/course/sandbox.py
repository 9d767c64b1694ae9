"""採点用カーネルの隔離: trainee code runs where the course (gradebook, ``source/``, other trainees) is out of reach.

Each submission is graded in its own working folder outside the course (see :mod:`autograde`). When
the grading process runs as root, the kernel also runs as the unprivileged system user
``curriculum-grader`` (created on first use with ``useradd --system``; no home, no login shell):

- the only kernel the grader can start is :data:`KERNEL_NAME`, whose command is
  :mod:`curriculum.course.kernel_launcher`: started by root, it hands the kernel's connection file, socket folder and working folder to that user, drops
  every privilege (groups, gid, uid) and ``exec``-s ``ipykernel`` — the same process, so interrupts
  and the per-submission kill still reach it;
- the course folder and the grader's private gradebook copy are owned by root and not writable (the
  copy not even readable) for that user;
- the kernel has no network: started by root, it moves into a network namespace of its own (no route
  anywhere, not even to the host's 127.0.0.1) before dropping privileges. It talks to its grader over Unix
  sockets in the file system, which a namespace does not cut. Where namespaces are not allowed (some
  containers), the kernel runs with the host's network and ``CURRICULUM_KERNEL_NETWORK=host`` says so;
- by default kernels are forked from a template process (:func:`start_template`) that has already imported
  the libraries: one fresh kernel per submission, same hand-over, same namespace, same user.

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
HISTORY = "--HistoryManager.hist_file=:memory:"


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


def write_kernelspec(jupyter_dir: Path, user: str | None, *, template: Path | None = None) -> Path:
    """The grader's only kernel: ``<jupyter_dir>/kernels/curriculum-sandbox/kernel.json``. Put ``jupyter_dir``
    on JUPYTER_PATH.

    With ``template`` (the socket of a running :func:`start_template`), the command is the stand-in that asks
    the template for a forked kernel; else kernel_launcher.py as launcher when ``user`` is given or when
    running as root (network namespace), plain ipykernel otherwise."""
    folder = Path(jupyter_dir) / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    # the launcher runs with -I -S: standard library only, no site-packages scan (it starts once per submission)
    launcher = [sys.executable, "-I", "-S", str(Path(__file__).with_name("kernel_launcher.py"))]
    if template:
        argv = [*launcher, "--template", str(template), "-f", "{connection_file}"]
    elif user or running_as_root():
        argv = [*launcher, *(["--user", user] if user else []), "-f", "{connection_file}"]
    else:
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    argv.append(HISTORY)  # no history database shared between kernels
    spec = {"argv": argv, "display_name": "Python 3 (採点用)", "language": "python",
            "metadata": {"debugger": False}}
    (folder / "kernel.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return folder


def start_template(socket_path: Path, user: str | None) -> subprocess.Popen:
    """カーネルのひな形: start the template process that forks one fresh kernel per submission
    (:func:`curriculum.course.kernel_launcher.serve`). It imports the libraries in the background; kernels
    asked for meanwhile wait for it. It ends when its grader ends (or with :func:`stop_template`)."""
    argv = [sys.executable, "-m", "curriculum.course.kernel_launcher", "--serve", "--template", str(socket_path)]
    if user:
        argv += ["--user", user]
    package_root = str(Path(__file__).resolve().parents[2])  # importable with -m from any folder
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
    with open(Path(socket_path).with_suffix(".log"), "wb") as log:  # beside the socket, in the grader's folder
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                start_new_session=True, cwd="/", env=env)


def stop_template(process: subprocess.Popen) -> None:
    """Stop the template process (kernels it forked end with their own stand-ins)."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def network_isolation_works() -> bool:
    """Whether this machine lets root give a process a network namespace of its own (containers may not)."""
    if not running_as_root():
        return False
    done = subprocess.run([sys.executable, "-I", "-S", "-c",
                           "import sys; sys.path.insert(0, sys.argv[1]); import kernel_launcher as k; "
                           "sys.exit(0 if k.leave_network() else 1)", str(Path(__file__).parent)],
                          capture_output=True, check=False)
    return done.returncode == 0
