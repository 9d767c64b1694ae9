"""採点用カーネルの起動: the command of the ``curriculum-sandbox`` kernel, and the kernel template process.

Two ways to start one kernel per submission (never a kernel shared by two trainees):

- **direct** (``python -I -S kernel_launcher.py [--user NAME] -f CONNECTION_FILE``): hand the kernel's
  connection file, socket folder, working folder and a fresh home to ``NAME``, leave the network
  (a new, empty network namespace), drop every privilege and ``exec`` ipykernel — a fresh interpreter
  that imports pandas, matplotlib, … again (about 1.5 s per submission);
- **template** (``--template SOCKET``): autograde starts one *template process* per run
  (:func:`serve`) that has imported ipykernel, IPython, numpy, pandas, matplotlib and the course package
  and touched no course data. The kernel command is then a small stand-in (standard library only) that
  asks the template for a kernel: the template **forks** a copy of itself, which does the same hand-over,
  network namespace and privilege drop, and becomes the kernel. The stand-in stays the process
  jupyter_client watches: it forwards interrupts and ends when the kernel ends; the kernel ends when the
  stand-in (or the grader) is gone.

The template listens on a Unix socket in a folder only the grader (root) can open, so a trainee's kernel
can never ask it for anything. What a forked kernel shares with the template is only what the template
imported; each fork re-seeds numpy's global random generator (Python's ``random`` re-seeds itself).
See :mod:`curriculum.course.sandbox`.
"""

from __future__ import annotations

import json
import os
import pwd
import signal
import socket
import sys
from pathlib import Path

CLONE_NEWNET = 0x40000000
PRELOAD = ("ipykernel.kernelapp", "IPython", "numpy", "pandas", "matplotlib", "matplotlib.pyplot",
           "matplotlib_inline.backend_inline", "curriculum.plotting", "curriculum.data", "curriculum.layers",
           "curriculum.city")


def _chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, gid)


def _copy_font_cache(dest: Path) -> None:
    """Give the kernel a copy of the grader's matplotlib font list, so that it is not rebuilt (seconds)
    for every submission; a copy, not a shared folder, so no trainee's kernel writes where another reads."""
    import shutil

    configured = os.environ.get("MPLCONFIGDIR")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib"
    for folder in filter(None, [Path(configured) if configured else None, cache, Path.home() / ".matplotlib"]):
        lists = sorted(folder.glob("fontlist-*.json")) if folder.is_dir() else []
        if lists:
            dest.mkdir(parents=True, exist_ok=True)
            for path in lists:
                shutil.copyfile(path, dest / path.name)
            return


def leave_network() -> bool:
    """ネットワークから切り離す: move this process into a new network namespace (only a down loopback:
    no route anywhere, not even to 127.0.0.1 of the host). Needs root; returns whether it worked.
    The kernel talks to its grader over Unix sockets in the file system, which a namespace does not cut."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


def hand_over(user: str | None, connection_file: str) -> tuple[str, dict]:
    """As root, before dropping privileges: the connection file, socket folder, a fresh home and the working
    folder become ``user``'s; the network is left. Returns (the kernel's connection file, environment)."""
    env = dict(os.environ)  # JPY_PARENT_PID included: the kernel then dies with its grader and takes interrupts
    if os.geteuid() == 0:
        isolated = leave_network()
        env["CURRICULUM_KERNEL_NETWORK"] = "none" if isolated else "host"
    if not user:
        return connection_file, env
    account = pwd.getpwnam(user)
    uid, gid = account.pw_uid, account.pw_gid
    info = json.loads(Path(connection_file).read_text(encoding="utf-8"))
    sockets = Path(info["ip"]).parent if info.get("transport") == "ipc" else Path(connection_file).parent
    own = sockets / f"conn-{os.getpid()}.json"
    own.write_text(json.dumps(info), encoding="utf-8")
    os.chmod(own, 0o600)
    home = sockets / f"home-{os.getpid()}"
    home.mkdir(exist_ok=True)
    _copy_font_cache(home / ".matplotlib")
    for path in (sockets, own, home):
        os.chown(path, uid, gid)
    _chown_tree(home, uid, gid)
    _chown_tree(Path.cwd(), uid, gid)  # the notebook's working folder (outside the course)
    env.update(HOME=str(home), USER=user, LOGNAME=user, IPYTHONDIR=str(home / ".ipython"),
               MPLCONFIGDIR=str(home / ".matplotlib"), XDG_CACHE_HOME=str(home / ".cache"))
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    if os.getuid() == 0 or os.geteuid() == 0:
        raise SystemExit("privileges were not dropped")
    return str(own), env


def launch(user: str | None, connection_file: str, extra: list[str] = ()) -> None:
    """The direct way: hand over, drop privileges, become a fresh ipykernel (never returns)."""
    own, env = hand_over(user, connection_file)
    os.execve(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", own, *extra], env)


# --- the template process -------------------------------------------------------------------------------

def _preload() -> None:
    # ipykernel would set the inline backend at start-up; matplotlib reads it when imported, so say it first
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)


def _become_kernel(conn: socket.socket, request: dict, fds: list[int], user: str | None) -> None:
    """In the forked copy: take the stand-in's stdio and environment, hand over, start ipykernel. Never returns."""
    try:
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds[:3]):
            os.dup2(fd, target)
        for fd in fds:
            os.close(fd)
        os.setsid()  # its own process group: when the stand-in goes, the whole group goes
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        own, env = hand_over(user, request["connection_file"])
        os.environ.clear()
        os.environ.update(env)
        os.environ.pop("JPY_PARENT_PID", None)
        import numpy

        numpy.random.seed()  # a fresh interpreter would start from fresh entropy too
        _watch_stand_in(conn)
        # ipykernel watches its parent (the template; the stand-in is watched above). Given as an option:
        # the default from $JPY_PARENT_PID was read when the template imported ipykernel
        sys.argv = [sys.executable, "-f", own, f"--IPKernelApp.parent_handle={os.getppid()}", *request.get("argv", [])]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=sys.argv[1:])
    except BaseException as err:  # noqa: BLE001 - report to the grader's log, then leave
        if not isinstance(err, SystemExit):
            print(f"curriculum kernel template: {type(err).__name__}: {err}", file=sys.stderr, flush=True)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(1)


def _watch_stand_in(conn: socket.socket) -> None:
    """A thread that ends this kernel (and anything it started) as soon as the stand-in is gone."""
    import threading

    def watch():
        try:
            while conn.recv(64):
                pass
        except OSError:
            pass
        try:
            os.killpg(0, signal.SIGKILL)
        finally:
            os._exit(1)

    threading.Thread(target=watch, name="curriculum-stand-in-watch", daemon=True).start()


def serve(path: str, user: str | None) -> None:
    """The template process: import once, then fork one fresh kernel per request until the grader is gone."""
    parent = os.getppid()
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # -m put the start folder first; each kernel gets its own working folder instead
    _preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked kernels are reaped by the system
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    server.settimeout(1.0)
    print("ready", flush=True)  # the grader waits for this line before starting kernels
    while os.getppid() == parent:
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        conn.settimeout(None)
        try:
            data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
            request = json.loads(data.decode("utf-8"))
        except (OSError, ValueError):
            conn.close()
            continue
        pid = os.fork()
        if pid == 0:
            server.close()
            _become_kernel(conn, request, fds, user)
        for fd in fds:
            os.close(fd)
        try:
            conn.sendall(f"{pid}\n".encode())
        except OSError:
            pass
        conn.close()  # the kernel holds the only other end now


def request_kernel(path: str, connection_file: str, extra: list[str]) -> int:
    """The stand-in (kernel command): ask the template for a kernel, forward signals, end with it."""
    import time

    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    deadline = time.monotonic() + 120  # the template may still be importing
    while True:
        try:
            conn.connect(path)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                print(f"curriculum: the kernel template at {path} did not start", file=sys.stderr)
                return 1
            time.sleep(0.05)
    payload = {"connection_file": os.path.abspath(connection_file), "cwd": os.getcwd(),
               "env": dict(os.environ), "argv": list(extra)}
    socket.send_fds(conn, [json.dumps(payload).encode("utf-8")], [0, 1, 2])
    line = b""
    while not line.endswith(b"\n"):
        chunk = conn.recv(64)
        if not chunk:
            return 1
        line += chunk
    pid = int(line)
    grader = os.getppid()

    def forward(sig, _frame):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, forward)
    conn.settimeout(1.0)
    while True:
        try:
            if not conn.recv(64):
                return 0  # the kernel has ended
        except TimeoutError:
            if os.getppid() != grader:  # the grader is gone: take the kernel with us
                forward(signal.SIGKILL, None)
                return 1
        except InterruptedError:
            continue


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="curriculum: start an autograde kernel")
    parser.add_argument("--user", default=None)
    parser.add_argument("--template", default=None, help="socket of the kernel template process")
    parser.add_argument("--serve", action="store_true", help="be the kernel template process on --template")
    parser.add_argument("-f", dest="connection_file", default=None)
    args, extra = parser.parse_known_args()
    if args.serve:
        serve(args.template, args.user)
    elif args.template:
        sys.exit(request_kernel(args.template, args.connection_file, extra))
    else:
        launch(args.user, args.connection_file, extra)
