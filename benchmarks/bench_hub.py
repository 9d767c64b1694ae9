"""Load benchmark (not a test): N trainee servers spawned at once on the one-server hub.

Builds a real cohort (N trainees + 1 instructor as real Unix users), applies ``curriculum hub setup`` in a
temporary root, starts JupyterHub on 127.0.0.1, asks it to start every trainee's server at the same moment
(through the hub's REST API), and prints: time until all respond, p50 / p95 per server, memory (RSS) per
server, and the machine's load. Everything it creates is removed at the end. Needs root.

    sudo .venv/bin/python benchmarks/bench_hub.py 30
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "remote")]


def api(url: str, token: str, method: str = "GET", body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as r:
        text = r.read()
        return r.status, (json.loads(text) if text else None)


def rss_mb_of_user(uid: int) -> float:
    """Resident memory of every process a user runs (her server and its kernels), in MB."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == uid and "VmRSS" in fields:
            total += int(fields["VmRSS"].split()[0])
    return total / 1024


def main(n: int) -> None:
    import pwd

    from hubtools import free_port, proxy_command, shared_env

    from curriculum.course.cohort import create_cohort
    from curriculum.hub.setup import apply_hub, plan_hub

    if os.geteuid() != 0:
        sys.exit("needs root (creates Unix users)")
    tag = secrets.token_hex(2)
    trainees = [f"BN{tag}{i:03d}" for i in range(n)]
    instructor = f"bi{tag}"
    base = Path(tempfile.mkdtemp(prefix="hubbench-", dir="/tmp"))
    base.chmod(0o755)
    made, plan, hub = [], None, None
    try:
        for name in [t.lower() for t in trainees] + [instructor]:
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
            made.append(name)
        roster = base / "roster.csv"
        roster.write_text("職員番号,氏名,所属,メール\n" + "".join(f"{t},練習 {i},総務課,\n" for i, t in enumerate(trainees)),
                          encoding="utf-8-sig")
        create_cohort(base / "course", year=2026, theme="ハブ負荷", theme_id=f"bench{tag}", start=dt.date(2026, 5, 11),
                      roster=roster, source_root=REPO, basic_ids=["b00_orientation"])
        venv = shared_env(base / "venv")
        token = secrets.token_hex(32)
        plan = plan_hub(base / "course", instructors=[instructor], exchange_root=base / "exchange", venv=venv,
                        data_dir=Path(os.environ.get("CURRICULUM_DATA_DIR", base / "data")), state_dir=base / "state",
                        etc_dir=base / "etc", ip="127.0.0.1", port=free_port(), hub_port=free_port(),
                        proxy_api_port=free_port(), service_port=free_port(), proxy_command=proxy_command(),
                        extra_env={"PYTHONPATH": str(REPO)})
        apply_hub(plan)
        with open(plan.hub_config, "a", encoding="utf-8") as fh:  # a benchmark-only service that may start servers
            fh.write(f'\nc.JupyterHub.services.append({{"name": "bench", "api_token": {token!r}}})\n'
                     'c.JupyterHub.load_roles.append({"name": "bench", "services": ["bench"], '
                     '"scopes": ["admin:servers", "read:users", "access:servers"]})\n'
                     f"c.JupyterHub.concurrent_spawn_limit = {n}\n")
        log = open(base / "hub.log", "w")
        hub = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(plan.hub_config)],
                               cwd=plan.state_dir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env=dict(os.environ, PYTHONPATH=str(REPO)))
        url = f"http://127.0.0.1:{plan.port}"
        for _ in range(240):
            try:
                if api(f"{url}/hub/api", token)[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        users = [t.lower() for t in trainees]
        load_before = os.getloadavg()
        start = time.monotonic()
        for name in users:
            api(f"{url}/hub/api/users/{name}/server", token, "POST", {})
        ready: dict[str, float] = {}
        while len(ready) < n and time.monotonic() - start < 900:
            for name in users:
                if name in ready:
                    continue
                try:
                    if api(f"{url}/user/{name}/api/status", token)[0] == 200:
                        ready[name] = time.monotonic() - start
                except OSError:
                    pass
            time.sleep(0.5)
        total = time.monotonic() - start
        load_after = os.getloadavg()
        memory = [rss_mb_of_user(pwd.getpwnam(u).pw_uid) for u in ready]
        times = sorted(ready.values())
        p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)]  # nearest rank: a time some server really took
        print(f"servers: {len(ready)}/{n} responding; all in {total:.1f} s")
        print(f"per server: p50 {statistics.median(times):.1f} s, p95 {p95:.1f} s, max {times[-1]:.1f} s")
        print(f"memory per server (RSS, server process): median {statistics.median(memory):.0f} MB, "
              f"max {max(memory):.0f} MB, total {sum(memory):.0f} MB")
        print(f"machine: {os.cpu_count()} cores; load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    finally:
        if hub is not None:
            os.killpg(hub.pid, 15)
            try:
                hub.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(hub.pid, 9)
        for name in made + ([plan.grader_user] if plan else []):
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        if plan:
            subprocess.run(["groupdel", plan.unix_group], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
