"""Kubernetes に広げる: a Zero to JupyterHub ``config.yaml`` and the single-user image's Dockerfile.

The same decisions as the one-server set-up (:mod:`curriculum.hub.setup`): roster users in lower case, the
trainees' and instructors' groups, the exchange outside the course (here a ReadWriteMany volume), the trainee-only
Jupyter config, the same wheel and the same pinned versions. What changes on Kubernetes:

* every pod would run as uid 1000, which would make the exchange's owner checks meaningless, so each user gets
  her own uid (the same table in the image's ``/etc/passwd`` and in ``KubeSpawner.uid``);
* the hub database and the gradebook are PostgreSQL (several instructors grade at once; SQLite on a network
  volume is not safe for concurrent writers); the gradebook's URL is a Secret mounted as the course's
  ``gradebook.url`` in instructors' pods only — the same setting as ``curriculum course gradebook-db`` on one server;
* idle servers are culled and each server has CPU and memory limits.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from string import Template

from curriculum.course.config import GRADEBOOK_URL_NAME
from curriculum.hub.setup import TEMPLATES, HubPlan, pinned_requirements, plan_hub, trainee_jupyter_files

EXCHANGE_MOUNT = "/srv/nbgrader/exchange"
DATA_MOUNT = "/srv/curriculum/data"
COURSE_MOUNT = "/srv/curriculum/course"
TRAINEE_ETC = "/etc/curriculum/trainee/jupyter"
BASE_IMAGE = "quay.io/jupyter/minimal-notebook:python-3.11"
FIRST_UID = 20000  # above the image's own users and below nobody
# The gradebook's PostgreSQL URL (with its password): a Secret, key ``url``, e.g.
# ``kubectl create secret generic curriculum-gradebook --from-literal=url=postgresql+psycopg://gradebook:…@curriculum-postgres:5432/gradebook``
GRADEBOOK_SECRET = "curriculum-gradebook"


def user_uids(plan: HubPlan) -> dict[str, int]:
    """利用者ごとの uid: trainees then instructors, in roster order, from :data:`FIRST_UID`.

    The roster order is fixed once the cohort starts; add new people at the end so nobody's uid moves.
    """
    return {name: FIRST_UID + i for i, name in enumerate(plan.users.everyone)}


def wheel_name() -> str:
    """The wheel file ``pip wheel .`` / ``python -m build`` writes for this version of the package."""
    return f"curriculum-{version('curriculum')}-py3-none-any.whl"


def render_extra_config(plan: HubPlan) -> str:
    """``hub.extraConfig`` Python: per-user uid, the course volume for instructors only, the trainee config."""
    uids = user_uids(plan)
    return f'''# curriculum: 利用者ごとの uid と、講師だけに講座ボリューム
UIDS = {json.dumps(uids)}
INSTRUCTORS = {json.dumps(list(plan.users.instructors))}


def curriculum_pre_spawn(spawner):
    name = spawner.user.name
    spawner.uid = UIDS[name]
    spawner.gid = UIDS[name]
    if name in INSTRUCTORS:
        spawner.volumes = spawner.volumes + [{{"name": "course", "persistentVolumeClaim": {{"claimName": "curriculum-course"}}}}]
        spawner.volume_mounts = spawner.volume_mounts + [{{"name": "course", "mountPath": "{COURSE_MOUNT}"}}]
        # 成績簿（PostgreSQL）の接続先: Secret を講座フォルダの gradebook.url として講師のサーバーにだけ置く
        spawner.volumes = spawner.volumes + [{{"name": "gradebook", "secret": {{"secretName": "{GRADEBOOK_SECRET}", "defaultMode": 0o440}}}}]
        spawner.volume_mounts = spawner.volume_mounts + [{{"name": "gradebook", "mountPath": "{COURSE_MOUNT}/{GRADEBOOK_URL_NAME}", "subPath": "url", "readOnly": True}}]
        spawner.default_url = "/formgrader"
        spawner.notebook_dir = "{COURSE_MOUNT}"
    else:
        spawner.environment["JUPYTER_CONFIG_PATH"] = "{TRAINEE_ETC}"


c.KubeSpawner.pre_spawn_hook = curriculum_pre_spawn
'''


def render_nbgrader_config_k8s(plan: HubPlan) -> str:
    """nbgrader config baked into the image: course id, exchange on the shared volume, PostgreSQL gradebook."""
    return f'''"""nbgrader の設定（Kubernetes 用。`curriculum hub k8s-values` が作成）。"""
import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {plan.course_id!r}
c.Exchange.course_id = {plan.course_id!r}
c.Exchange.root = {EXCHANGE_MOUNT!r}
c.CourseDirectory.groupshared = True
# 成績簿は PostgreSQL（講師が同時に採点しても壊れない）。接続先は Secret {GRADEBOOK_SECRET} の url で、
# 講師のサーバーにだけ {COURSE_MOUNT}/{GRADEBOOK_URL_NAME} として置かれ、講座の nbgrader_config.py が読みます
# （一台のサーバーの `curriculum course gradebook-db` と同じ設定。受講者のサーバーには渡りません）。
_url = {COURSE_MOUNT + "/" + GRADEBOOK_URL_NAME!r}
if os.path.isfile(_url):
    with open(_url, encoding="utf-8") as _file:
        _db = _file.read().strip()
    c.CourseDirectory.db_url = "postgresql+psycopg" + _db[_db.index(":"):]  # psycopg 3, installed with curriculum
'''


def k8s_values(plan: HubPlan, *, image: str, host: str) -> dict:
    """Zero to JupyterHub の config.yaml: the values as a dict (validated against the chart's schema in the tests)."""
    name, _, tag = image.rpartition(":")
    return {
        "hub": {
            "db": {"type": "postgres", "url": "postgresql+psycopg2://jupyterhub@curriculum-postgres:5432/jupyterhub",
                   "upgrade": True},
            "config": {
                "JupyterHub": {"authenticator_class": "azuread"},
                "AzureAdOAuthenticator": {"tenant_id": "★テナントID", "client_id": "★クライアントID",
                                          "oauth_callback_url": f"https://{host}/hub/oauth_callback",
                                          "username_claim": "employeeid"},
                "Authenticator": {"allowed_users": list(plan.users.everyone), "admin_users": []},
            },
            "loadRoles": {
                "formgrade": {"description": "講師: 採点（Formgrader）", "groups": [plan.instructor_group],
                              "scopes": ["access:servers!group=" + plan.instructor_group]},
            },
            "extraConfig": {
                "00-groups": f"c.JupyterHub.load_groups = {json.dumps({plan.trainee_group: {'users': list(plan.users.trainees)}, plan.instructor_group: {'users': list(plan.users.instructors)}}, ensure_ascii=False)}\n",
                "10-curriculum": render_extra_config(plan),
            },
            "resources": {"requests": {"cpu": "200m", "memory": "512Mi"}, "limits": {"memory": "1Gi"}},
        },
        "proxy": {"https": {"enabled": True, "hosts": [host], "type": "secret", "secret": {"name": "hub-tls"}}},
        "singleuser": {
            "image": {"name": name, "tag": tag or "latest"},
            "defaultUrl": "/lab",
            "cpu": {"limit": 1.0, "guarantee": 0.25},
            "memory": {"limit": "2G", "guarantee": "1G"},
            "startTimeout": 300,
            # the gradebook's URL is not in every pod's environment: only instructors' pods mount it (extraConfig)
            "extraEnv": {"CURRICULUM_DATA_DIR": DATA_MOUNT},
            "storage": {
                "type": "dynamic",
                "capacity": "2Gi",
                "extraVolumes": [
                    {"name": "exchange", "persistentVolumeClaim": {"claimName": "nbgrader-exchange"}},  # ReadWriteMany
                    {"name": "data", "persistentVolumeClaim": {"claimName": "curriculum-data", "readOnly": True}},
                ],
                "extraVolumeMounts": [
                    {"name": "exchange", "mountPath": EXCHANGE_MOUNT},
                    {"name": "data", "mountPath": DATA_MOUNT, "readOnly": True},
                ],
            },
        },
        "cull": {"enabled": True, "timeout": 3600, "every": 300, "maxAge": 0, "users": False},
        "scheduling": {"userScheduler": {"enabled": True}},
    }


def render_dockerfile(plan: HubPlan, *, image: str) -> str:
    """The single-user image: the same wheel and the same pins as ``requirements-hub.txt``."""
    pins = " ".join(f"{k}=={v}" for k, v in pinned_requirements().items())
    accounts = "\n".join(f"RUN useradd --uid {uid} --no-create-home --shell /bin/bash {name}"
                         for name, uid in user_uids(plan).items())
    return Template((TEMPLATES / "Dockerfile.in").read_text(encoding="utf-8")).substitute(
        course_id=plan.course_id, wheel=wheel_name(), image=image, base_image=BASE_IMAGE, pins=pins,
        accounts=accounts, trainee_etc=TRAINEE_ETC)


def write_k8s(course_dir: Path, out: Path, *, instructors: list[str], image: str, host: str) -> list[Path]:
    """Kubernetes 用のファイルを書く: ``config.yaml``, ``Dockerfile``, ``nbgrader_config.py``, ``trainee-jupyter/``."""
    import yaml

    plan = plan_hub(course_dir, instructors=instructors)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {out / "config.yaml": yaml.safe_dump(k8s_values(plan, image=image, host=host), allow_unicode=True, sort_keys=False),
             out / "Dockerfile": render_dockerfile(plan, image=image),
             out / "nbgrader_config.py": render_nbgrader_config_k8s(plan)}
    k8s_plan = HubPlan(**{**plan.__dict__, "etc_dir": Path("/etc")})
    for rel, text in trainee_jupyter_files(k8s_plan).items():
        text = text.replace(str(k8s_plan.trainee_etc), TRAINEE_ETC)
        files[out / "trainee-jupyter" / rel] = text
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
