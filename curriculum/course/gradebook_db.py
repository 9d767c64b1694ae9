"""成績簿を PostgreSQL に: one setting moves a course's gradebook from SQLite to a PostgreSQL server.

nbgrader's FAQ: SQLite is not safe when several people write at once. When several instructors grade in
Formgrader at the same time, the gradebook belongs on a database server. The setting is one file in the course
folder, :data:`URL_NAME` (``gradebook.url``): a SQLAlchemy URL with the password, readable by the instructors
only (mode 0640, the course folder's group). Everything that opens the gradebook follows it:
:func:`curriculum.course.config.db_url` (and so ``open_gradebook``, ``make_api``) and the course's
``nbgrader_config.py`` (so ``nbgrader`` by hand and Formgrader too). Without the file the gradebook is
``gradebook.db`` (SQLite), as before.

``grade autograde`` keeps its single-writer design on both: each submission is graded against a private
SQLite snapshot (:func:`snapshot_to_sqlite`), and only the parent writes the automatic results into the real
gradebook. Instructors' manual grades may change while it runs; :class:`PostgresGuard` watches only what
autograde alone writes. The autograde kernel runs as ``curriculum-grader`` outside the course: it cannot read
``gradebook.url``, and without the password the server refuses it (tests/remote/test_postgres_gradebook.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from curriculum.course import config as cfg
from curriculum.course.config import DRIVER, FIX_URL, configured_url, normalize_url  # noqa: F401 (re-exported)
from curriculum.errors import CurriculumError

URL_NAME = cfg.GRADEBOOK_URL_NAME  # the setting: a PostgreSQL URL, instructors only
BEFORE_NAME = cfg.GRADEBOOK_NAME + ".before-postgresql"  # the SQLite gradebook kept (not used) after moving to PostgreSQL
# What only autograde writes (instructors change manual scores and comments, never these)
AUTO_COLUMNS = {"grade": ("auto_score",), "comment": ("auto_comment",), "submitted_assignment": ("timestamp",),
                "submitted_notebook": ("late_submission_penalty",)}


def shown(url: str) -> str:
    """The URL with its password hidden (for messages and logs).

    >>> shown("postgresql+psycopg://gb:secret@127.0.0.1/gradebook")
    'postgresql+psycopg://gb:***@127.0.0.1/gradebook'
    """
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _engine(url: str):
    from sqlalchemy import create_engine

    return create_engine(url, future=True)


def _connect_error(url: str, err: Exception) -> CurriculumError:
    reason = str(getattr(err, "orig", err)).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return CurriculumError(f"成績簿のデータベースに接続できません（{shown(url)}）: {reason}",
                           f"cannot connect to the gradebook database: {reason}",
                           fix="サーバーが動いているか、ユーザー名・パスワード・データベース名、pg_hba.conf の許可を確かめてください")


def _tables():
    from nbgrader.api import Base

    return Base.metadata.sorted_tables


def _count_rows(conn) -> dict[str, int]:
    from sqlalchemy import func, inspect, select

    present = set(inspect(conn).get_table_names())
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in _tables() if t.name in present}


def _alembic_version(conn) -> str:
    """The gradebook's schema version: its ``alembic_version`` row, else the head of this nbgrader."""
    from sqlalchemy import inspect, text

    if "alembic_version" in inspect(conn).get_table_names():
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        if row:
            return row[0]
    from nbgrader.api import get_alembic_version

    from curriculum.course.config import ensure_alembic_on_path

    ensure_alembic_on_path()
    return get_alembic_version()


def _create_schema(conn, version: str) -> None:
    """nbgrader's tables and its alembic version, as ``Gradebook`` makes them for a new database."""
    from nbgrader.api import Base
    from sqlalchemy import inspect, text

    if "alembic_version" not in inspect(conn).get_table_names():
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": version})
    Base.metadata.create_all(bind=conn)


def copy_gradebook(source_url: str, target_url: str) -> dict[str, int]:
    """成績簿を写す: every row of every nbgrader table from one database to another (empty) one, in one
    transaction on each side; returns ``{table: rows}``. The target must hold no rows yet."""
    from sqlalchemy import insert, select

    source, target = _engine(source_url), _engine(target_url)
    try:
        with source.connect() as src, target.begin() as dst:
            if source.dialect.name == "postgresql":
                src.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one consistent picture
            _create_schema(dst, _alembic_version(src))
            if any(_count_rows(dst).values()):
                raise CurriculumError("移し先の成績簿にすでにデータがあります（上書きしません）",
                                      "the target gradebook is not empty", path=shown(target_url),
                                      fix="空のデータベースを指定するか、移し先の中身を確かめてください")
            present = _count_rows(src)
            counts = {}
            for table in _tables():
                if table.name not in present:
                    continue
                rows = [dict(r) for r in src.execute(select(table)).mappings()]
                if rows:
                    dst.execute(insert(table), rows)
                counts[table.name] = len(rows)
            if _count_rows(dst) != counts:
                raise CurriculumError("成績簿を写したあとの件数が合いません", "row counts differ after the copy",
                                      fix="移し先を空にしてもう一度実行してください")
        return counts
    finally:
        source.dispose()
        target.dispose()


def snapshot_to_sqlite(url: str, dest: Path) -> Path:
    """採点用の写し: the gradebook at ``url`` as a new SQLite file ``dest`` (mode 0600), for one grader process."""
    dest = Path(dest)
    dest.unlink(missing_ok=True)
    copy_gradebook(url, f"sqlite:///{dest}")
    dest.chmod(0o600)
    return dest


def _course_ids(url: str) -> list[str]:
    from sqlalchemy import inspect, text

    engine = _engine(url)
    try:
        with engine.connect() as conn:
            if "course" not in inspect(conn).get_table_names():
                return []
            return [row[0] for row in conn.execute(text("SELECT id FROM course"))]
    finally:
        engine.dispose()


def _owned_like_course(path: Path, course_dir: Path, mode: int) -> None:
    """Give a new file the course folder's owner and group (when root) and ``mode``."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        st = Path(course_dir).stat()
        os.chown(path, st.st_uid, st.st_gid)
    path.chmod(mode)


def use_postgresql(course_dir: Path, url: str) -> list[str]:
    """成績簿を PostgreSQL に切り替える: check the connection, copy the SQLite gradebook's rows into the (empty)
    database, write ``gradebook.url`` (mode 0640, the course folder's group) and keep the old file as
    ``gradebook.db.before-postgresql``. Returns what was done, one Japanese line each.

    A database that already holds this course (a second run, or ``hub setup`` again) is only pointed at; one that
    holds another course, or holds rows while the course's SQLite gradebook has some too, is refused.
    """
    from sqlalchemy.exc import SQLAlchemyError


    course_dir = Path(course_dir).resolve()
    course_id = cfg.load_config(course_dir).CourseDirectory.course_id
    url = normalize_url(url)
    current = configured_url(course_dir)
    if current is not None and current != url:  # the rows are in the other database: never leave them behind
        raise CurriculumError(f"この講座の成績簿はすでに別のデータベースにあります（{shown(current)}）",
                              "the course's gradebook is already on another PostgreSQL database", path=course_dir / URL_NAME,
                              fix="先に `curriculum course gradebook-db --sqlite` で SQLite に戻すか、pg_dump / pg_restore で移してください")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise CurriculumError("PostgreSQL 用のドライバ（psycopg）が入っていません", "psycopg is not installed",
                              fix="pip install 'psycopg[binary]'") from None
    try:
        existing = _course_ids(url)
    except SQLAlchemyError as err:
        raise _connect_error(url, err) from None
    # nbgrader's own `nbgrader db …` commands open the gradebook as "default_course" and leave that row behind
    others = [c for c in existing if c not in (course_id, "default_course")]
    if others:
        raise CurriculumError(f"このデータベースには別の講座の成績簿があります（{'、'.join(others)}）",
                              "the database holds another course's gradebook", path=shown(url),
                              fix="講座ごとに別のデータベースを作ってください（createdb）")
    done = []
    sqlite_db = course_dir / cfg.GRADEBOOK_NAME
    mine = course_id in existing
    if mine and sqlite_db.is_file():
        raise CurriculumError(f"データベースにもこの講座の成績簿があり、講座フォルダの {sqlite_db.name} もあります（どちらを使うか決められません）",
                              f"both the database and {sqlite_db.name} hold this course", path=sqlite_db,
                              fix=f"どちらかを片付けてください（{sqlite_db.name} を使わないなら {BEFORE_NAME} に名前を変える）")
    if sqlite_db.is_file():
        counts = copy_gradebook(f"sqlite:///{sqlite_db}", url)
        done.append(f"成績簿を PostgreSQL に写しました（受講者 {counts.get('student', 0)} 名、得点 {counts.get('grade', 0)} 件）")
    elif not mine:
        engine = _engine(url)
        try:
            with engine.begin() as conn:
                _create_schema(conn, _alembic_version(conn))
        finally:
            engine.dispose()
        done.append("PostgreSQL に空の成績簿を作りました")
    path = course_dir / URL_NAME
    tmp = path.with_name(URL_NAME + ".tmp")
    tmp.touch(mode=0o600)
    tmp.chmod(0o600)
    tmp.write_text(url + "\n", encoding="utf-8")
    _owned_like_course(tmp, course_dir, 0o640)
    tmp.replace(path)
    done.append(f"接続先を書きました: {path}（{shown(url)}、講師だけが読めます）")
    if sqlite_db.is_file():
        sqlite_db.replace(course_dir / BEFORE_NAME)
        done.append(f"もとの SQLite の成績簿は {BEFORE_NAME} として残しました（もう使われません）")
    _ensure_config_follows(course_dir)
    return done


def use_sqlite(course_dir: Path) -> list[str]:
    """成績簿を SQLite に戻す: copy the PostgreSQL gradebook into a new ``gradebook.db`` and remove the setting
    (the database itself is left as it is)."""
    from sqlalchemy.exc import SQLAlchemyError


    course_dir = Path(course_dir).resolve()
    url = configured_url(course_dir)
    if url is None:
        return [f"成績簿はすでに SQLite（{cfg.GRADEBOOK_NAME}）です"]
    sqlite_db = course_dir / cfg.GRADEBOOK_NAME
    if sqlite_db.exists():
        raise CurriculumError(f"講座フォルダに {sqlite_db.name} がすでにあります（上書きしません）", f"{sqlite_db.name} exists",
                              path=sqlite_db, fix="中身を確かめ、別の名前に変えてからもう一度実行してください")
    tmp = sqlite_db.with_name(cfg.GRADEBOOK_NAME + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        counts = copy_gradebook(url, f"sqlite:///{tmp}")
    except SQLAlchemyError as err:
        tmp.unlink(missing_ok=True)
        raise _connect_error(url, err) from None
    _owned_like_course(tmp, course_dir, 0o660)
    tmp.replace(sqlite_db)
    (course_dir / URL_NAME).unlink()
    return [f"成績簿を SQLite（{sqlite_db}）に写しました（受講者 {counts.get('student', 0)} 名、得点 {counts.get('grade', 0)} 件）",
            f"{URL_NAME} を消しました（PostgreSQL のデータベースはそのまま残っています）"]


def _ensure_config_follows(course_dir: Path) -> None:
    """An older course's ``nbgrader_config.py`` does not read ``gradebook.url``: write it again (same course id,
    exchange and cell timeout) so ``nbgrader`` by hand and Formgrader follow the setting too."""

    path = course_dir / cfg.CONFIG_NAME
    if URL_NAME in path.read_text(encoding="utf-8"):
        return
    config = cfg.load_config(course_dir)
    cfg.write_config(course_dir, config.CourseDirectory.course_id, timeout=config.Execute.timeout,
                     local_exchange="c.Exchange.root" in path.read_text(encoding="utf-8"))


class PostgresGuard:
    """成績簿の見張り（PostgreSQL）: what only autograde writes — automatic scores and comments, submission
    times, late penalties — as they were after the parent's own last write; a change by anyone else is found.

    Instructors grading at the same time change manual scores and comments, which this guard does not watch
    (the SQLite :class:`~curriculum.course.autograde.GradebookGuard` compares the whole file, so it would
    undo them). Same interface: ``remember``, ``changed``, ``describe``, ``restore``.
    """

    def __init__(self, url: str):
        self.url = url
        self.engine = _engine(url)
        self.remember()

    def _read(self) -> dict:
        from sqlalchemy import column, select, table

        found = {}
        with self.engine.connect() as conn:
            for name, columns in AUTO_COLUMNS.items():
                query = select(column("id"), *(column(c) for c in columns)).select_from(table(name))
                for row in conn.execute(query):
                    found[(name, row[0])] = tuple(row[1:])
        return found

    def remember(self) -> None:
        self._state = self._read()

    def changed(self) -> bool:
        return self._read() != self._state

    def _differences(self) -> list[tuple[str, str]]:
        now = self._read()
        return sorted(key for key in set(now) | set(self._state) if now.get(key) != self._state.get(key))

    def describe(self) -> list[str]:
        now = self._read()
        lines = [f"{name} {row_id}: {self._state.get((name, row_id))} → {now.get((name, row_id))}"
                 for name, row_id in self._differences()]
        return lines or ["成績簿の自動採点の値が変わりました"]

    def restore(self) -> None:
        """Put back the watched values of rows that still exist (a deleted row is reported, not recreated)."""
        from sqlalchemy import column, table, update

        with self.engine.begin() as conn:
            for name, row_id in self._differences():
                values = self._state.get((name, row_id))
                if values is None:
                    continue
                columns = AUTO_COLUMNS[name]
                target = table(name, column("id"), *(column(c) for c in columns))
                conn.execute(update(target).where(target.c.id == row_id).values(dict(zip(columns, values))))
        self.remember()

    def close(self) -> None:
        self.engine.dispose()


def snapshot_for_grader(course_dir: Path, dest: Path) -> Path:
    """The private gradebook copy one grader process works on: the SQLite file copied, or the PostgreSQL
    gradebook written into a new SQLite file. Mode 0600 (the kernel's user cannot read it)."""

    url = configured_url(course_dir)
    dest = Path(dest)
    if url is None:
        shutil.copyfile(Path(course_dir) / cfg.GRADEBOOK_NAME, dest)
        dest.chmod(0o600)
        return dest
    return snapshot_to_sqlite(url, dest)
