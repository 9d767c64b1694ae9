"""採点用カーネルの起動（root → 採点用ユーザー）: the command of the ``curriculum-sandbox`` kernel.

Started by root as ``python -I -S kernel_launcher.py --user NAME -f CONNECTION_FILE [kernel args]`` (standard
library only, so it starts fast): it gives the kernel's connection file, socket folder, working folder
and a fresh home to ``NAME``, drops every privilege (supplementary groups, gid, uid) and ``exec``-s
ipykernel in the same process, so interrupts and the grader's kill still reach it. See
:mod:`curriculum.course.sandbox`.
"""

from __future__ import annotations

import json
import os
import pwd
import sys
from pathlib import Path


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


def launch(user: str, connection_file: str, extra: list[str] = ()) -> None:
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
    _copy_font_cache(home / ".matplotlib")
    for path in (sockets, own, home):
        os.chown(path, uid, gid)
    _chown_tree(home, uid, gid)
    _chown_tree(Path.cwd(), uid, gid)  # the notebook's working folder (outside the course)
    env = dict(os.environ)  # JPY_PARENT_PID included: the kernel then dies with its grader and takes interrupts
    env.update(HOME=str(home), USER=user, LOGNAME=user, IPYTHONDIR=str(home / ".ipython"),
               MPLCONFIGDIR=str(home / ".matplotlib"), XDG_CACHE_HOME=str(home / ".cache"))
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    if os.getuid() == 0 or os.geteuid() == 0:
        raise SystemExit("privileges were not dropped")
    os.execve(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", str(own), *extra], env)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="curriculum: start an autograde kernel as an unprivileged user")
    parser.add_argument("--user", required=True)
    parser.add_argument("-f", dest="connection_file", required=True)
    args, extra = parser.parse_known_args()
    launch(args.user, args.connection_file, extra)
