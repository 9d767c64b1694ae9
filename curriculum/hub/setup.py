"""一台のサーバーで始める: write and apply a JupyterHub set-up for one cohort on one Linux server.

``plan_hub`` reads the course (its nbgrader course id and roster) and decides every name and path once;
``write_hub_files`` turns that plan into text files (JupyterHub config, the system-wide nbgrader config, the
trainee-only Jupyter config, a systemd unit, LDAP / Entra ID templates, the pinned requirements); ``apply_hub``
(run as root) creates the groups and the grader account, the exchange outside the course with nbgrader's layout,
and closes the course folder to everyone but instructors.

Why the exchange is laid out this way (issue 11, both attacks):

* the exchange root is owned by root with mode 1777: anyone may create entries, nobody may rename or delete
  someone else's, so a trainee cannot move the course folder aside and plant her own ``inbound/``;
* ``<root>/<course>/`` and ``outbound/`` are created here, owned by the grader account (2775, instructors'
  group), *before* any trainee logs in, so nobody can pre-create them;
* ``inbound/`` is 3773 (set-gid, sticky, write-only for others): a trainee can drop a submission but cannot list,
  read, rename or delete anybody else's; a planted ``<other>+…`` folder is still owned by its real author, which
  ``grade collect`` checks.
"""

from __future__ import annotations

import grp
import hashlib
import json
import os
import pwd
import shutil
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from curriculum.errors import CurriculumError
from curriculum.hub.users import HubUsers, check_unix_name, hub_users

TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_EXCHANGE = Path("/srv/nbgrader/exchange")
DEFAULT_VENV = Path("/opt/curriculum/venv")
DEFAULT_DATA = Path("/srv/curriculum/data")
DEFAULT_STATE = Path("/srv/jupyterhub")
# Packages every user's server runs; their versions are pinned from the environment that wrote the set-up,
# and the same pins go into the Kubernetes image (curriculum.hub.k8s).
PINNED = ("jupyterhub", "jupyterlab", "notebook", "nbgrader", "jupyterlab-language-pack-ja-jp", "sqlalchemy",
          "psycopg")  # psycopg: the PostgreSQL gradebook (curriculum course gradebook-db)
# nbgrader's lab plugins a trainee must not see: only the Assignments tab and Validate stay.
TRAINEE_HIDDEN_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                          "@jupyter/nbgrader:course-list")
TRAINEE_OFF_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
LOCALE = "ja_JP"
SOUPSIEVE_RULE = 'soupsieve<3 ; python_full_version < "3.11.5"'


def short_unix_name(prefix: str, course_id: str) -> str:
    """A Unix name for a per-course account or group: ``prefix-course`` if it fits in 32 characters,
    else a readable head plus a short hash (the same course always gives the same name).

    >>> short_unix_name("formgrade", "demo-2026")
    'formgrade-demo-2026'
    >>> short_unix_name("formgrade", "cohort-2026-elderly_transit")
    'formgrade-cohort-2026-eld-d44cf5'
    """
    name = f"{prefix}-{course_id}".lower()
    if len(name) <= 32:
        return name
    digest = hashlib.sha256(course_id.encode()).hexdigest()[:6]
    return f"{name[:25].rstrip('-_')}-{digest}"


@dataclass
class HubPlan:
    """ハブの設計: every name, path and port of a one-server set-up (decided once, then written and applied).

    Paths default to the documented server layout; tests point ``etc_dir``, ``exchange_root``, ``state_dir``
    and ``data_dir`` at a temporary folder.
    """

    course_dir: Path
    course_id: str
    users: HubUsers
    exchange_root: Path = DEFAULT_EXCHANGE
    venv: Path = DEFAULT_VENV
    data_dir: Path = DEFAULT_DATA
    state_dir: Path = DEFAULT_STATE
    etc_dir: Path = Path("/etc")
    ip: str = "0.0.0.0"
    port: int = 443
    tls_cert: Path | None = None
    tls_key: Path | None = None
    hub_port: int = 8081
    proxy_api_port: int = 8001
    service_port: int = 9999
    authenticator: str = "pam"
    proxy_command: str | None = None
    extra_env: dict = field(default_factory=dict)
    gradebook_url: str | None = None  # PostgreSQL gradebook (curriculum.course.gradebook_db); None: keep as it is
    city_code: str = ""  # the cohort's city (course.json), given to every trainee's server
    trainee_cities: dict = field(default_factory=dict)  # hub user name -> own city (広域 cohorts, roster 自治体コード)

    @property
    def trainee_group(self) -> str:
        return f"nbgrader-{self.course_id}"

    @property
    def instructor_group(self) -> str:
        return f"formgrade-{self.course_id}"

    @property
    def unix_group(self) -> str:
        """Unix group of the instructors: reads (and writes) the course folder."""
        return short_unix_name("formgrade", self.course_id)

    @property
    def grader_user(self) -> str:
        """Unix account that owns the course folder and runs the Formgrader service."""
        return short_unix_name("grader", self.course_id)

    @property
    def service_name(self) -> str:
        return f"formgrader-{self.course_id}"

    @property
    def jupyter_etc(self) -> Path:
        """System-wide Jupyter config folder (``/etc/jupyter``): every user's nbgrader reads it."""
        return self.etc_dir / "jupyter"

    @property
    def trainee_etc(self) -> Path:
        """Jupyter config only trainees' servers read (hidden nbgrader tabs, Japanese by default)."""
        return self.etc_dir / "curriculum" / self.course_id / "jupyter"

    @property
    def hub_config(self) -> Path:
        return self.etc_dir / "curriculum" / self.course_id / "jupyterhub_config.py"

    @property
    def unit_name(self) -> str:
        return f"jupyterhub-{self.course_id}.service"

    def config_path_env(self, *, trainee: bool) -> str:
        """``JUPYTER_CONFIG_PATH`` for a user's server: the trainee-only folder first, then a non-standard
        system folder (the standard ``/etc/jupyter`` is read anyway)."""
        dirs = [self.trainee_etc] if trainee else []
        if self.jupyter_etc != Path("/etc/jupyter"):
            dirs.append(self.jupyter_etc)
        return os.pathsep.join(str(d) for d in dirs)


def plan_hub(course_dir: Path, *, instructors: list[str], user_prefix: str = "", **options) -> HubPlan:
    """ハブの設計を作る: read the course's id and roster and decide the set-up.

    Parameters
    ----------
    course_dir : Path
        A course folder made by ``curriculum cohort create`` (with ``roster.csv``).
    instructors : list of str
        Instructors' Unix account names (they grade; they are not on the roster).
    user_prefix : str, optional
        Put in front of each 職員番号 (for ids that start with a digit).
    **options
        Any :class:`HubPlan` field (``exchange_root``, ``port``, ``tls_cert`` …).
    """
    from curriculum.course.config import load_config
    from curriculum.course.roster import load_course_roster

    course_dir = Path(course_dir).resolve()
    course_id = load_config(course_dir).CourseDirectory.course_id
    roster = load_course_roster(course_dir)
    if not roster:
        raise CurriculumError("講座に名簿（roster.csv）がありません", "the course has no roster", path=course_dir,
                              fix="`curriculum cohort create --roster 名簿.csv` で作った講座フォルダを指定してください")
    if not instructors:
        raise CurriculumError("講師のアカウントが指定されていません", "no instructor given",
                              fix="--instructor 講師のアカウント名 を 1 つ以上指定してください")
    users = hub_users([t.staff_id for t in roster], instructors, prefix=user_prefix, roster=course_dir / "roster.csv")
    overlap = set(users.trainees) & set(users.instructors)
    if overlap:
        raise CurriculumError(f"講師と受講者の両方にいるアカウント: {'、'.join(sorted(overlap))}",
                              "an account is both trainee and instructor (the instructor could read the course as a trainee)",
                              fix="講師用には受講者と別のアカウントを使ってください")
    from curriculum.city import city_code
    from curriculum.course.roster import canonical_id

    own = {t.staff_id: t.city_code for t in roster if t.city_code}
    cities = {name: own[canonical_id(sid)] for name, sid in users.staff_ids.items() if canonical_id(sid) in own}
    plan = HubPlan(course_dir=course_dir, course_id=course_id, users=users, city_code=city_code(start=course_dir),
                   trainee_cities=cities, **options)
    check_unix_name(plan.grader_user, what="採点用アカウント名")
    check_unix_name(plan.unix_group, what="講師グループ名")
    if (plan.tls_cert is None) != (plan.tls_key is None):
        raise CurriculumError("TLS の証明書と秘密鍵は両方指定してください", "give both --tls-cert and --tls-key",
                              fix="--tls-cert /etc/ssl/hub.crt --tls-key /etc/ssl/private/hub.key")
    if plan.gradebook_url:
        from curriculum.course.gradebook_db import normalize_url

        plan.gradebook_url = normalize_url(plan.gradebook_url)  # a wrong URL fails before anything is changed
    exchange = plan.exchange_root.resolve()
    if exchange == course_dir or course_dir in exchange.parents:
        raise CurriculumError("交換フォルダが講座フォルダの中にあります（受講者が解答や成績簿を読めてしまいます）",
                              "the exchange must be outside the course folder", path=exchange,
                              fix="--exchange-root /srv/nbgrader/exchange のように講座フォルダの外を指定してください")
    return plan


def pinned_requirements() -> dict[str, str]:
    """共有環境の版: ``{package: version}`` of :data:`PINNED` in this environment (the ones the set-up was tested with)."""
    from importlib.metadata import PackageNotFoundError, version

    pins = {}
    for name in PINNED:
        try:
            pins[name] = version(name)
        except PackageNotFoundError:
            raise CurriculumError(f"{name} が入っていません", f"{name} is not installed", fix=f"pip install {name}") from None
    return pins


def _render(name: str, **values) -> str:
    return Template((TEMPLATES / name).read_text(encoding="utf-8")).substitute(values)


def _authenticator_lines(plan: HubPlan) -> tuple[str, str]:
    if plan.authenticator == "pam":
        lines = ("# Unix のパスワードでログイン。名簿どおり大文字で T0001 と打っても、小文字のアカウント t0001 で確かめます\n"
                 "# （JupyterHub は名前を小文字にしますが、PAM に渡すのは打ったままの名前なので、その前にそろえる）。\n"
                 "from jupyterhub.auth import PAMAuthenticator\n\n\n"
                 "class LowerCasePAMAuthenticator(PAMAuthenticator):\n"
                 "    async def authenticate(self, handler, data):\n"
                 "        data = dict(data, username=data[\"username\"].strip().lower())\n"
                 "        return await super().authenticate(handler, data)\n\n\n"
                 "c.JupyterHub.authenticator_class = LowerCasePAMAuthenticator\n"
                 "c.PAMAuthenticator.open_sessions = False")
        return "PAM（このサーバーの Unix アカウント）", lines
    templates = {"ldap": ("LDAP / Active Directory", "ldap.py.in"), "entra": ("Microsoft Entra ID", "entra_id.py.in")}
    if plan.authenticator not in templates:
        raise CurriculumError(f"認証方式「{plan.authenticator}」は選べません", f"unknown authenticator {plan.authenticator!r}",
                              fix="--auth pam / ldap / entra のどれかを指定してください")
    label, template = templates[plan.authenticator]
    return label, (TEMPLATES / template).read_text(encoding="utf-8")


def user_environment(plan: HubPlan, *, trainee: bool) -> dict[str, str]:
    """Environment of a user's server: the shared venv first on PATH, the read-only data cache, the Jupyter config."""
    env = {"PATH": f"{plan.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "CURRICULUM_DATA_DIR": str(plan.data_dir)}
    config_path = plan.config_path_env(trainee=trainee)
    if trainee and plan.city_code:  # a trainee's notebooks live in their home, outside the course folder
        env["CURRICULUM_CITY_CODE"] = plan.city_code
    if config_path:
        env["JUPYTER_CONFIG_PATH"] = config_path
    env.update(plan.extra_env)
    return env


def render_hub_config(plan: HubPlan) -> str:
    """``jupyterhub_config.py`` の本文."""
    label, auth = _authenticator_lines(plan)
    bind = f"{'https' if plan.tls_cert else 'http'}://{plan.ip}:{plan.port}"
    tls = (f"c.JupyterHub.ssl_cert = {str(plan.tls_cert)!r}\nc.JupyterHub.ssl_key = {str(plan.tls_key)!r}" if plan.tls_cert else
           "# TLS: 市の証明書を置いたら --tls-cert / --tls-key を付けてもう一度 setup してください（ポート 443）。\n"
           "# c.JupyterHub.ssl_cert = '/etc/ssl/certs/hub.crt'\n# c.JupyterHub.ssl_key = '/etc/ssl/private/hub.key'")
    proxy = plan.proxy_command or shutil.which("configurable-http-proxy") or "configurable-http-proxy"
    bin_dir = plan.venv / "bin"
    groups = {plan.trainee_group: {"users": list(plan.users.trainees)},
              plan.instructor_group: {"users": list(plan.users.instructors)}}
    service_cmd = [str(bin_dir / "jupyterhub-singleuser"), "--ServerApp.default_url=/formgrader",
                   f"--ServerApp.root_dir={plan.course_dir}"]
    return _render(
        "jupyterhub_config.py.in",
        course_id=plan.course_id, unit_name=plan.unit_name,
        bind_url=repr(bind), tls_lines=tls,
        hub_bind_url=repr(f"http://127.0.0.1:{plan.hub_port}"),
        proxy_api_url=repr(f"http://127.0.0.1:{plan.proxy_api_port}"),
        proxy_command=repr([proxy]),
        hub_db_url=repr(f"sqlite:///{plan.state_dir / 'jupyterhub.sqlite'}"),
        cookie_secret_file=repr(str(plan.state_dir / "jupyterhub_cookie_secret")),
        pid_file=repr(str(plan.state_dir / "jupyterhub.pid")),
        authenticator_label=label, authenticator_lines=auth,
        allowed_users=repr(set(plan.users.everyone)) if plan.users.everyone else "set()",
        load_groups=json.dumps(groups, ensure_ascii=False, indent=4),
        grader_role=repr(f"{plan.instructor_group}-role"), instructor_group=repr(plan.instructor_group),
        service_access_scope=repr(f"access:services!service={plan.service_name}"),
        service_read_scope=repr(f"read:services!service={plan.service_name}"),
        service_name=repr(plan.service_name), service_plain=plan.service_name,
        service_url=repr(f"http://127.0.0.1:{plan.service_port}"),
        service_command=repr(service_cmd), grader_user=repr(plan.grader_user), course_dir=repr(str(plan.course_dir)),
        service_environment=repr(user_environment(plan, trainee=False)),
        singleuser_command=repr([str(bin_dir / "jupyterhub-singleuser")]),
        user_environment=repr(user_environment(plan, trainee=True)),
        trainee_cities=repr(dict(sorted(plan.trainee_cities.items()))),
    )


def render_nbgrader_config(plan: HubPlan) -> str:
    """The system-wide ``nbgrader_config.py``: course id and exchange root for every user."""
    return _render("nbgrader_config.py.in", course_id=repr(plan.course_id), exchange_root=repr(str(plan.exchange_root)))


def trainee_jupyter_files(plan: HubPlan) -> dict[str, str]:
    """Files of the trainee-only Jupyter config folder (relative path -> text)."""
    settings_dir = plan.trainee_etc / "lab-settings"
    # conf.d file: merged with the ones that enable the extensions (a plain jupyter_server_config.json would
    # replace the whole jpserver_extensions dict and switch JupyterLab off too)
    extensions = {"ServerApp": {"jpserver_extensions": {name: False for name in TRAINEE_OFF_SERVER_EXTENSIONS}}}
    # JupyterLab reads its defaults (overrides.json) and page config from this folder
    server = {"LabApp": {"app_settings_dir": str(settings_dir)}}
    page = {"disabledExtensions": {name: True for name in TRAINEE_HIDDEN_PLUGINS}}
    overrides = {"@jupyterlab/translation-extension:plugin": {"locale": LOCALE}}
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    return {"jupyter_server_config.json": dump(server),
            "jupyter_server_config.d/curriculum-trainee.json": dump(extensions), "labconfig/page_config.json": dump(page),
            "lab-settings/overrides.json": dump(overrides), "lab-settings/page_config.json": dump(page)}


def render_unit(plan: HubPlan) -> str:
    """The systemd unit that starts the hub at boot."""
    return _render("curriculum-hub.service.in", course_id=plan.course_id, unit_name=plan.unit_name,
                   state_dir=str(plan.state_dir), venv_bin=str(plan.venv / "bin"), hub_config=str(plan.hub_config))


def render_requirements(plan: HubPlan, *, wheel: str = "curriculum") -> str:
    """``requirements-hub.txt``: the package (its wheel) and the pinned Jupyter stack for the shared venv."""
    pins = pinned_requirements()
    return "\n".join([f"# 共有環境（{plan.venv}）に入れるもの。`curriculum hub setup` が作成。", wheel,
                      *(f"{k}=={v}" for k, v in pins.items()),
                      "# Debian 12 の Python 3.11.2 は正規表現の所有量指定子に不具合があり（3.11.5 で修正）、それを使う soupsieve 3 以降では",
                      "# nbconvert の HTML（nbgrader のフィードバック）が作れません。その Python では soupsieve 2 を使います。",
                      SOUPSIEVE_RULE]) + "\n"


def hub_files(plan: HubPlan) -> dict[Path, str]:
    """Every file of the set-up: absolute path -> text (nothing written yet)."""
    files = {plan.hub_config: render_hub_config(plan),
             plan.jupyter_etc / "nbgrader_config.py": render_nbgrader_config(plan),
             plan.hub_config.parent / plan.unit_name: render_unit(plan),
             plan.hub_config.parent / "requirements-hub.txt": render_requirements(plan),
             plan.hub_config.parent / "auth-ldap.py.example": (TEMPLATES / "ldap.py.in").read_text(encoding="utf-8"),
             plan.hub_config.parent / "auth-entra-id.py.example": (TEMPLATES / "entra_id.py.in").read_text(encoding="utf-8")}
    for rel, text in trainee_jupyter_files(plan).items():
        files[plan.trainee_etc / rel] = text
    return files


def write_hub_files(plan: HubPlan) -> list[Path]:
    """ハブの設定ファイルを書く: write :func:`hub_files` (readable by everyone; no secrets are in them)."""
    written = []
    for path, text in hub_files(plan).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o755)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.chmod(0o644)
        tmp.replace(path)
        written.append(path)
    return written


def _run(*cmd: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise CurriculumError(f"コマンドが失敗しました: {' '.join(cmd)}", f"command failed: {done.stderr.strip()[-300:]}",
                              fix="root で実行しているか、名前が既存のものとぶつかっていないか確認してください")


def _exists_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _ensure_dir(path: Path, *, mode: int, uid: int, gid: int) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    path.chmod(mode)


def apply_hub(plan: HubPlan, *, create_trainee_accounts: bool = False) -> list[str]:
    """ハブを組み立てる（root で実行）: accounts and groups, the exchange, the closed course folder, the files.

    Trainees' and instructors' Unix accounts must exist (PAM logs them in with their Unix password) unless
    ``create_trainee_accounts`` (then they are created without a password; IT sets one with ``chpasswd``).
    Returns one line per step done, in Japanese.
    """
    if os.geteuid() != 0:
        raise CurriculumError("ハブの組み立ては root で実行してください", "apply must run as root",
                              fix="sudo curriculum hub setup --apply ... と実行してください")
    done = []
    python = plan.venv / "bin" / "python"
    if not runnable_by_everyone(python):
        raise CurriculumError(f"共有環境の Python を他の利用者が実行できません: {python} → {python.resolve()}",
                              "the shared environment's python is not executable by other users (e.g. it lives in root's home)",
                              path=python, fix=f"python3 -m venv {plan.venv} で全員が読める場所に作り、wheel を入れ直してください"
                              "（requirements-hub.txt を参照）")
    missing = [u for u in plan.users.everyone if not _exists_user(u)]
    if missing and not create_trainee_accounts:
        raise CurriculumError(f"Unix アカウントがありません: {'、'.join(missing)}", f"missing Unix accounts: {missing}",
                              fix="useradd -m で作るか、--create-accounts を付けて実行してください（パスワードは chpasswd で）")
    for name in missing:
        _run("useradd", "--create-home", "--shell", "/bin/bash", name)
        done.append(f"アカウントを作成: {name}")
    # instructors' Unix group: may read and write the course folder
    try:
        grp.getgrnam(plan.unix_group)
    except KeyError:
        _run("groupadd", plan.unix_group)
        done.append(f"グループを作成: {plan.unix_group}")
    if not _exists_user(plan.grader_user):
        _run("useradd", "--system", "--create-home", "--home-dir", str(plan.state_dir / plan.grader_user),
             "--shell", "/usr/sbin/nologin", "--gid", plan.unix_group, plan.grader_user)
        done.append(f"採点用アカウントを作成: {plan.grader_user}")
    for name in plan.users.instructors:
        _run("usermod", "--append", "--groups", plan.unix_group, name)
    # Debian makes homes 0755: a trainee could read another's answers. Only the mode changes, no file is touched.
    for name in plan.users.trainees:
        home = Path(pwd.getpwnam(name).pw_dir)
        if home.is_dir() and stat.S_IMODE(home.stat().st_mode) & 0o077:
            home.chmod(0o700)
            done.append(f"ホームフォルダを本人だけに: {home}")
    gid = grp.getgrnam(plan.unix_group).gr_gid
    grader = pwd.getpwnam(plan.grader_user).pw_uid
    # the state folder holds the hub database and cookie secret: root only (the grader's home is inside)
    _ensure_dir(plan.state_dir, mode=0o711, uid=0, gid=0)
    # The course's own config must not name an exchange: the system-wide one (outside the course) decides.
    from curriculum.course.config import write_config

    write_config(plan.course_dir, plan.course_id, local_exchange=False)
    local = plan.course_dir / "exchange"
    if local.is_dir() and not any(p.is_file() for p in local.rglob("*")):
        shutil.rmtree(local)  # the one-instructor exchange, never used: the hub's exchange replaces it
        done.append(f"講座フォルダの中の使われていない交換フォルダを削除: {local}")
    elif local.is_dir():
        done.append(f"講座フォルダの中の交換フォルダ {local} には提出物があるため残しました（受講者からは見えません）")
    if plan.gradebook_url:  # several instructors grade at once: the gradebook moves to PostgreSQL
        from curriculum.course.gradebook_db import use_postgresql

        done += use_postgresql(plan.course_dir, plan.gradebook_url)
    close_course_folder(plan.course_dir, uid=grader, gid=gid)
    done.append(f"講座フォルダを講師だけに: {plan.course_dir}（{plan.grader_user}:{plan.unix_group}, 2770）")
    from curriculum.course.config import GRADEBOOK_URL_NAME

    url_file = plan.course_dir / GRADEBOOK_URL_NAME
    if url_file.is_file():  # the password: the grader account writes nothing there, instructors only read it
        url_file.chmod(0o640)
        done.append(f"成績簿の接続先 {url_file} は講師だけが読めます（{plan.grader_user}:{plan.unix_group}, 0640）")
    make_exchange(plan.exchange_root, plan.course_id, uid=grader, gid=gid)
    done.append(f"交換フォルダ: {plan.exchange_root}（1777, 講座の inbound は 3773）")
    if plan.data_dir.is_dir():
        done.append(f"データ置き場（読み取り専用）: {plan.data_dir}")
    for path in write_hub_files(plan):
        done.append(f"書き込み: {path}")
    return done


def runnable_by_everyone(path: Path) -> bool:
    """Whether any user can run ``path``: the file (links followed) is o+rx and every folder above it o+x.

    >>> runnable_by_everyone(Path("/bin/sh"))
    True
    """
    target = Path(path).resolve()
    if not target.is_file() or stat.S_IMODE(target.stat().st_mode) & 0o005 != 0o005:
        return False
    return all(stat.S_IMODE(p.stat().st_mode) & 0o001 for p in target.parents)


def close_course_folder(course_dir: Path, *, uid: int, gid: int) -> None:
    """講座フォルダを閉じる: owner the grader, group the instructors, nothing for others.

    Folders get set-gid so files the instructors create later stay in the instructors' group.
    """
    for root, dirs, files in os.walk(course_dir):
        os.chown(root, uid, gid)
        os.chmod(root, 0o2770)
        for name in files:
            path = os.path.join(root, name)
            if os.path.islink(path):
                continue
            os.chown(path, uid, gid)
            mode = stat.S_IMODE(os.stat(path).st_mode)
            os.chmod(path, (mode | 0o660) & 0o770)


def make_exchange(root: Path, course_id: str, *, uid: int, gid: int) -> Path:
    """交換フォルダを作る: nbgrader's layout, made before any trainee can touch it (see the module notes).

    ``root`` 1777 root-owned; the rest owned by the grader with the instructors' group (nbgrader's
    ``groupshared`` layout, so every instructor can release and collect): ``root/course_id`` and ``outbound``
    2775, ``feedback`` 2771 (trainees may only open their own file by its hashed name), ``inbound`` 3773
    (trainees may only drop a submission: no listing, and the sticky bit stops renaming others').
    """
    root = Path(root)
    _ensure_dir(root, mode=0o1777, uid=0, gid=0)
    course = root / course_id
    if course.exists() and course.stat().st_uid != uid:
        raise CurriculumError(f"交換フォルダの講座フォルダが別の人のものです（uid {course.stat().st_uid}）",
                              "the course folder in the exchange belongs to someone else: it may be planted",
                              path=course, fix="中身を確認して削除してから、もう一度実行してください")
    _ensure_dir(course, mode=0o2775, uid=uid, gid=gid)
    _ensure_dir(course / "outbound", mode=0o2775, uid=uid, gid=gid)
    _ensure_dir(course / "inbound", mode=0o3773, uid=uid, gid=gid)
    _ensure_dir(course / "feedback", mode=0o2771, uid=uid, gid=gid)
    return course


def nbgitpuller_link(hub_url: str, repo: str, *, branch: str = "main", path: str = "") -> str:
    """nbgitpuller のリンク: one click copies (and later updates) a git repository of notebooks into the
    trainee's home, for cities whose IT forbids a shared folder. The hub needs ``nbgitpuller`` in the shared venv.

    >>> nbgitpuller_link("https://hub.city.example.lg.jp", "https://git.city.example.lg.jp/dx/kensyu", path="basic/b00_orientation")
    'https://hub.city.example.lg.jp/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgit.city.example.lg.jp%2Fdx%2Fkensyu&branch=main&urlpath=lab%2Ftree%2Fkensyu%2Fbasic%2Fb00_orientation'
    """
    from urllib.parse import urlencode, urlsplit

    for label, url in (("ハブの URL（--hub-url）", hub_url), ("教材のリポジトリの URL（--repo）", repo)):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CurriculumError(f"{label} が http(s):// で始まる URL ではありません: {url!r}",
                                  f"not an http(s) URL: {url!r}",
                                  fix="例: --hub-url https://hub.city.example.lg.jp --repo https://git.city.example.lg.jp/dx/kensyu")
    folder = repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    target = f"lab/tree/{folder}/{path}".rstrip("/")
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?" + urlencode({"repo": repo, "branch": branch, "urlpath": target})
