"""nbgrader の設定ファイル: write a course's ``nbgrader_config.py`` and load it for the Python API.

nbgrader is localised by configuration, not by code: Japanese solution stubs, the feedback template,
the hidden-test stripping step and a writable exchange all live in the course's ``nbgrader_config.py``,
so ``nbgrader autograde`` run by hand in that folder behaves exactly like ``curriculum grade``.
"""

from __future__ import annotations

import json
from pathlib import Path

from curriculum.course.feedback_template import TEMPLATE_NAME, write_feedback_template
from curriculum.errors import CurriculumError

# The files of a course folder, named once for every module of curriculum.course
CONFIG_NAME = "nbgrader_config.py"
META_NAME = "course.json"  # cohort facts: year, theme, pass mark, assignments and due dates
GRADEBOOK_NAME = "gradebook.db"  # nbgrader's SQLite gradebook
GRADEBOOK_URL_NAME = "gradebook.url"  # when present: the PostgreSQL gradebook's URL (curriculum.course.gradebook_db)
ROSTER_NAME = "roster.csv"  # the roster copy with 所属 (not a gradebook field)
TEMPLATES_DIR = "templates"  # nbconvert templates of the course (the Japanese feedback)
TIMEZONE = "Asia/Tokyo"  # due dates and submission times shown in Japan time
CODE_STUB = "# ここにコードを書いてください（この行と次の行は消してかまいません）\nraise NotImplementedError()"
TEXT_STUB = "ここに答えを書いてください。"  # b00 tells trainees to look for this sentence
DEFAULT_TIMEOUT = 60  # seconds per cell: a real lesson cell with pandas/geopandas finishes well within this


def render_config(course_id: str, *, exchange_root: Path | None = None, timeout: int = DEFAULT_TIMEOUT) -> str:
    """nbgrader 設定の本文: the text of ``nbgrader_config.py`` for one course.

    Parameters
    ----------
    course_id : str
        ASCII course id (e.g. ``tsubame-2026``); nbgrader puts it in exchange paths.
    exchange_root : Path, optional
        Only for a course used without a hub. Default: not in the course config, so the exchange root comes
        from the system-wide ``/etc/jupyter/nbgrader_config.py`` (``curriculum hub setup``), outside the course,
        and a copied course does not keep pointing at an old absolute path.
    timeout : int, optional
        Seconds one cell may run during autograde before it is interrupted.

    Examples
    --------
    >>> text = render_config("demo-2026")
    >>> "c.Exchange.root" in text  # a hub's system-wide config decides it (curriculum hub setup)
    False
    >>> "c.Exchange.root = '/tmp/ex'" in render_config("demo-2026", exchange_root=Path("/tmp/ex"))
    True
    >>> "c.ClearSolutions.text_stub = 'ここに答えを書いてください。'" in text
    True
    >>> "c.StripHiddenTests.enabled = True" in text
    True
    >>> "HTMLExporter.template_name" in text  # would replace Formgrader's own template too
    False
    """
    stub = {"python": CODE_STUB}
    # The feedback pipeline is nbgrader's own (GetGrades, CSS header) with StripHiddenTests between them:
    # it must run after GetGrades (which reads the cells' scores) and before HTML rendering. It is
    # enabled explicitly: an nbconvert preprocessor that is registered but not enabled does nothing.
    exchange = (f"c.Exchange.root = {str(exchange_root)!r}" if exchange_root is not None else
                "# 交換フォルダ（Exchange.root）は講座フォルダの外。サーバー全体の /etc/jupyter/nbgrader_config.py が決めます。")
    return f'''"""nbgrader の設定（curriculum が作成）。このフォルダで `nbgrader ...` を実行しても同じ設定が使われます。"""
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = {course_id!r}
{exchange}
# 受け取ったすべての版は submitted/<職員番号>/<課題>/versions/ に残す（採点では使わない）
# 講師用メモ（instructor_notes.md）は講師用の source/ に残し、受講者への release/ にはコピーしない
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "versions", "instructor_notes.md"]

# 受講者用ノートブックに残す日本語の書き込み欄
c.ClearSolutions.code_stub = {stub!r}
c.ClearSolutions.text_stub = {TEXT_STUB!r}

# 採点時: 1 セルの実行時間の上限（秒）。無限ループはここで中断されます。
c.Execute.timeout = {int(timeout)}

# フィードバック: 日本語テンプレート、非公開テスト（### BEGIN HIDDEN TESTS）は表示しない
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "curriculum.course.feedback.StripHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
c.StripHiddenTests.enabled = True
# 日本語テンプレートはフィードバックの作成だけに使う（Formgrader の採点画面は nbgrader の formgrade のまま）
c.GenerateFeedback.exporter_class = "curriculum.course.feedback_template.FeedbackExporter"
c.FeedbackExporter.template_name = {TEMPLATE_NAME!r}
c.FeedbackExporter.extra_template_basedirs = [{TEMPLATES_DIR!r}]

# 期限や提出時刻は日本時間で表示する（Formgrader と nbgrader の一覧）
c.NbGraderAPI.timezone = {TIMEZONE!r}
c.Exchange.timezone = {TIMEZONE!r}

# 成績簿: このフォルダに {GRADEBOOK_URL_NAME}（講師だけが読める PostgreSQL の接続先）があればそのデータベース、
# なければ {GRADEBOOK_NAME}（SQLite）。切り替えは `curriculum course gradebook-db`。
import os as _os  # noqa: E402

_gradebook_url = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), {GRADEBOOK_URL_NAME!r})
if _os.path.isfile(_gradebook_url):
    with open(_gradebook_url, encoding="utf-8") as _file:
        _db = _file.read().strip()
    c.CourseDirectory.db_url = "postgresql+psycopg" + _db[_db.index(":"):]  # psycopg 3, installed with curriculum
'''


def write_config(course_dir: Path, course_id: str, *, timeout: int = DEFAULT_TIMEOUT, local_exchange: bool = True) -> Path:
    """nbgrader 設定を書く: write ``nbgrader_config.py`` and the feedback template.

    ``local_exchange``: for one instructor without a hub, a private exchange in the course (mode 755). On a hub
    the course must have none — trainees would have to enter the course folder to reach it (issue 11) — and
    ``curriculum hub setup`` rewrites the config with ``local_exchange=False``: the exchange root then comes from
    the system-wide ``/etc/jupyter/nbgrader_config.py``, outside the course.

    Returns the path of the config file.
    """
    course_dir = Path(course_dir).resolve()
    exchange_root = None
    if local_exchange:
        # One instructor on one machine (no hub): a private exchange in the course, writable by its owner only.
        exchange_root = course_dir / "exchange"
        exchange_root.mkdir(parents=True, exist_ok=True)
        exchange_root.chmod(0o755)
    write_feedback_template(course_dir / TEMPLATES_DIR)
    path = course_dir / CONFIG_NAME
    path.write_text(render_config(course_id, exchange_root=exchange_root, timeout=timeout), encoding="utf-8")
    return path


def load_config(course_dir: Path):
    """nbgrader 設定を読む: the course's config as a traitlets ``Config`` with the root set.

    Raises :class:`CurriculumError` naming the folder when it is not a course directory.
    """
    from traitlets.config.loader import PyFileConfigLoader

    course_dir = Path(course_dir).resolve()
    path = course_dir / CONFIG_NAME
    if not path.is_file():
        raise CurriculumError(
            f"講座フォルダではありません（{CONFIG_NAME} がありません）",
            f"not a course directory: {CONFIG_NAME} is missing",
            path=course_dir,
            fix="`curriculum cohort create` で作った講座フォルダを --course-dir で指定してください",
        )
    # Like the nbgrader command: the system-wide config (exchange root) first, then the course's own.
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config

    config = Config()
    for folder in reversed(jupyter_config_path()):
        if (Path(folder) / CONFIG_NAME).is_file():
            config.merge(PyFileConfigLoader(CONFIG_NAME, path=folder).load_config())
    config.merge(PyFileConfigLoader(CONFIG_NAME, path=str(course_dir)).load_config())
    config.CourseDirectory.root = str(course_dir)
    if uses_postgresql(course_dir):  # also for a course whose config predates gradebook.url
        config.CourseDirectory.db_url = db_url(course_dir)
    # Template folder in the config is relative to the course, so the course can be moved or copied.
    config.FeedbackExporter.extra_template_basedirs = [str(course_dir / TEMPLATES_DIR)]
    return config


def read_meta(course_dir: Path) -> dict:
    """講座の情報: the ``course.json`` written by cohort create (empty dict for a bare course)."""
    path = Path(course_dir) / META_NAME
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_meta(course_dir: Path, meta: dict) -> Path:
    """講座の情報を書く: write ``course.json`` (UTF-8, readable)."""
    path = Path(course_dir) / META_NAME
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return path


DRIVER = "postgresql+psycopg"  # psycopg 3 (pyproject: psycopg[binary])
FIX_URL = "例: curriculum course gradebook-db --url 'postgresql://gradebook:パスワード@127.0.0.1:5432/gradebook'"


def normalize_url(url: str) -> str:
    """成績簿の URL: a PostgreSQL URL with the psycopg 3 driver (``postgres://`` and ``postgresql://`` accepted).

    >>> normalize_url("postgresql://gb:pw@127.0.0.1:5432/gradebook")
    'postgresql+psycopg://gb:pw@127.0.0.1:5432/gradebook'
    >>> normalize_url("postgres://gb@/gradebook?host=/run/postgresql")
    'postgresql+psycopg://gb@/gradebook?host=/run/postgresql'
    >>> normalize_url("mysql://gb@host/db")
    Traceback (most recent call last):
    ...
    curriculum.errors.CurriculumError: 成績簿の接続先は PostgreSQL の URL にしてください（mysql）...
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = url.strip()
    try:
        parsed = make_url(text)
    except ArgumentError:
        raise CurriculumError("成績簿の接続先が URL として読めません", "the gradebook URL cannot be parsed", fix=FIX_URL) from None
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise CurriculumError(f"成績簿の接続先は PostgreSQL の URL にしてください（{parsed.get_backend_name()}）",
                              "the gradebook URL must be a PostgreSQL URL", fix=FIX_URL)
    if not parsed.database:
        raise CurriculumError("成績簿の URL にデータベース名がありません", "the gradebook URL names no database", fix=FIX_URL)
    return DRIVER + text[text.index(":"):]


def configured_url(course_dir: Path) -> str | None:
    """設定された成績簿: the PostgreSQL URL in the course's ``gradebook.url``, or ``None`` (SQLite)."""
    path = Path(course_dir) / GRADEBOOK_URL_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except PermissionError:
        raise CurriculumError(f"成績簿の接続先（{GRADEBOOK_URL_NAME}）を読めません（講師だけが読めるファイルです）",
                              f"{GRADEBOOK_URL_NAME} is not readable by this user", path=path,
                              fix="講師のアカウント（講座フォルダのグループ）で実行してください") from None
    return normalize_url(text)



def db_url(course_dir: Path) -> str:
    """成績簿の場所: the SQLAlchemy URL of the course gradebook — the PostgreSQL URL in ``gradebook.url`` when the
    course has one (:mod:`curriculum.course.gradebook_db`), else ``gradebook.db`` in the course (SQLite)."""
    return configured_url(course_dir) or f"sqlite:///{Path(course_dir).resolve() / GRADEBOOK_NAME}"


def uses_postgresql(course_dir: Path) -> bool:
    """Whether the course's gradebook is on PostgreSQL (``gradebook.url`` present)."""
    return (Path(course_dir) / GRADEBOOK_URL_NAME).is_file()


def has_gradebook(course_dir: Path) -> bool:
    """Whether the course has a gradebook yet: ``gradebook.url`` (PostgreSQL) or ``gradebook.db`` (SQLite)."""
    return uses_postgresql(course_dir) or (Path(course_dir) / GRADEBOOK_NAME).is_file()


def ensure_alembic_on_path() -> None:
    """Let nbgrader find ``alembic``: it runs that command when it creates a new gradebook.

    The venv's ``bin`` folder is not on PATH when the venv's python is started directly, and then
    creating a gradebook fails with ``No such file or directory: 'alembic'``.
    """
    import os
    import shutil
    import sys

    if shutil.which("alembic") is None:
        os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def open_gradebook(course_dir: Path):
    """成績簿を開く: nbgrader's ``Gradebook`` for this course (use as a context manager)."""
    from nbgrader.api import Gradebook

    ensure_alembic_on_path()
    course_id = load_config(course_dir).CourseDirectory.course_id
    return Gradebook(db_url(course_dir), course_id=course_id)


def make_api(course_dir: Path, **overrides):
    """nbgrader API: an ``NbGraderAPI`` on this course with its config (plus ``overrides``: ``{"Execute.timeout": 5}``)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    ensure_alembic_on_path()
    config = load_config(course_dir)
    for dotted, value in overrides.items():
        section, key = dotted.split(".")
        setattr(config[section], key, value)
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)
