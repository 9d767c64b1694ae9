"""`curriculum course` (講師: 受講者版の作成と検証), `curriculum cohort` (人事課: コホート開始), `curriculum grade` (講師: 採点と報告)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from curriculum.errors import CurriculumError

COURSE_DIR = click.option("--course-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("course"),
                          show_default=True, help="講座フォルダ（cohort create で作ったもの）")
SOURCE_ROOT = click.option("--source-root", type=click.Path(file_okay=False, path_type=Path), default=None,
                           help="basic/ と follow_up/ があるフォルダ（既定: このパッケージのリポジトリ）")


def _run(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except CurriculumError as err:
        raise click.ClickException(str(err)) from err


def _root(source_root):
    from curriculum.course.assignments import source_root_default

    return source_root or source_root_default()


@click.group()
def course() -> None:
    """講師: nbgrader の受講者版ノートブックを作り、採点の約束を検証する。"""


@course.command("build")
@COURSE_DIR
@SOURCE_ROOT
def course_build(course_dir: Path, source_root: Path | None) -> None:
    """受講者版を作る（解答・非公開テストを除き、セルをロック）: source/ → release/。

    \b
    例: curriculum course build --course-dir cohort2026
    """
    from curriculum.course.build import build_course, summarize

    results = _run(build_course, course_dir, source_root=_root(source_root), echo=click.echo)
    click.echo(summarize(results))
    if not all(r.ok for r in results):
        raise click.ClickException("受講者版を作れなかった課題があります（NG の行を見てください）")


@course.command("validate")
@COURSE_DIR
def course_validate(course_dir: Path) -> None:
    """採点の約束を確かめる: 解答版は全テスト合格、受講者版はどの自動採点テストにも不合格。

    \b
    例: curriculum course validate --course-dir cohort2026
    """
    from curriculum.course.build import summarize, validate_course

    results = _run(validate_course, course_dir, echo=click.echo)
    click.echo(summarize(results))
    if not all(r.ok for r in results):
        raise click.ClickException("検証に失敗したノートブックがあります（NG の行を見てください）")


@course.command("gradebook-db")
@COURSE_DIR
@click.option("--url", default=None, help="PostgreSQL の URL 例: postgresql://gradebook:パスワード@127.0.0.1:5432/gradebook")
@click.option("--sqlite", "to_sqlite", is_flag=True, help="SQLite（講座フォルダの gradebook.db）に戻す")
def course_gradebook_db(course_dir: Path, url: str | None, to_sqlite: bool) -> None:
    """成績簿の置き場所を切り替える（講師が何人も同時に採点するときは PostgreSQL）。

    \b
    今の成績簿を移し、接続先を講座フォルダの gradebook.url（講師だけが読める）に書きます。
    指定がなければ今の設定を表示します。
    例: curriculum course gradebook-db --course-dir cohort2026 --url postgresql://gradebook:pw@127.0.0.1/gradebook
    """
    from curriculum.course import config as cfg
    from curriculum.course import gradebook_db

    if url and to_sqlite:
        raise click.UsageError("--url と --sqlite はどちらか一方を指定してください")
    _run(cfg.load_config, course_dir)  # a clear error when this is not a course folder
    if url:
        lines = _run(gradebook_db.use_postgresql, course_dir, url)
    elif to_sqlite:
        lines = _run(gradebook_db.use_sqlite, course_dir)
    else:
        current = _run(gradebook_db.configured_url, course_dir)
        lines = [f"成績簿: PostgreSQL（{gradebook_db.shown(current)}）" if current
                 else f"成績簿: SQLite（{course_dir / cfg.GRADEBOOK_NAME}）"]
    for line in lines:
        click.echo(line)


@click.group()
def cohort() -> None:
    """人事課: 年度のコホート（名簿・テーマ・日程）を作る。"""


@cohort.command("create")
@click.option("--year", type=int, required=True, help="年度（西暦）例: 2026")
@click.option("--theme", required=True, help="テーマ（`curriculum cohort themes` の一覧、または独自テーマ名）")
@click.option("--theme-id", default=None, help="独自テーマのときの課題 ID（半角英数字、例: vacant_houses）")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), required=True, help="集合研修の初日 例: 2026-05-11")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), required=True, help="名簿 CSV（職員番号,氏名,所属,メール）")
@COURSE_DIR
@SOURCE_ROOT
@click.option("--workshops", type=int, default=4, show_default=True, help="ワークショップの回数")
@click.option("--pass-mark", type=float, default=60.0, show_default=True, help="修了の基準（得点率 %）")
@click.option("--city", "city_code", default="15213", show_default=True,
              help="例に使う市区町村のコード（全国地方公共団体コード 5桁）例: 15100 = 新潟市")
def cohort_create(year, theme, theme_id, start, roster, course_dir, source_root, workshops, pass_mark, city_code) -> None:
    """コホートを作る: 講座フォルダ・成績簿・名簿・課題と期限・研修計画（plan.md / plan.html）。

    \b
    例: curriculum cohort create --year 2026 --theme 高齢者の公共交通 --start 2026-05-11 \\
          --roster 名簿.csv --course-dir cohort2026
    """
    from curriculum.course.cohort import create_cohort

    paths = _run(create_cohort, course_dir, year=year, theme=theme, theme_id=theme_id, start=start.date(), roster=roster,
                 source_root=_root(source_root), workshops=workshops, pass_mark=pass_mark, city_code=city_code)
    for key, path in paths.items():
        click.echo(f"{key:10s} {path}")
    click.echo(f"次は講師が: curriculum course build --course-dir {course_dir}")


@cohort.command("themes")
def cohort_themes() -> None:
    """テーマの一覧（燕市が使ったテーマ）。独自テーマは --theme 名前 --theme-id ID で作れます。

    \b
    例: curriculum cohort themes
    """
    from curriculum.course.themes import THEMES

    for t in THEMES:
        click.echo(f"{t.name:10s}  {t.assignment_id:16s} {t.tsubame_year}  {t.focus}")


@click.group()
def grade() -> None:
    """講師: 提出物の回収、並列の自動採点、フィードバック、成績・ダッシュボード・修了証。"""


@grade.command("collect")
@click.argument("assignment")
@COURSE_DIR
@click.option("--from", "source", type=click.Path(exists=True, path_type=Path), default=None,
              help="フォルダか zip（LMS・メールからのダウンロード。ファイル名に職員番号）。省略時は交換フォルダから")
def grade_collect(assignment: str, course_dir: Path, source: Path | None) -> None:
    """提出物を集める（交換フォルダ、またはフォルダ / zip から）。

    受け取ったすべての版を submitted/<職員番号>/<課題>/versions/ に残します。別の課題のもの、回収済みより古いもの、
    壊れたもの、ノートブックでないもの、本人以外が所有する交換フォルダの提出は取り込まずに一覧し、終了コードは 1 になります。

    \b
    例: curriculum grade collect b01_question --from ダウンロード.zip --course-dir cohort2026
    """
    from curriculum.course.collect import collect_from_exchange, collect_from_files

    if source is None:
        report = _run(collect_from_exchange, course_dir, assignment)
    else:
        report = _run(collect_from_files, course_dir, assignment, source)
    click.echo(report.text())
    if report.refused:
        raise click.ClickException(f"取り込まなかったファイルが {len(report.skipped)} 件あります（上の一覧を見てください）"
                                   f" / {len(report.skipped)} file(s) refused")


@grade.command("autograde")
@click.argument("assignment")
@COURSE_DIR
@click.option("--workers", type=int, default=None, help="同時に採点する数（既定: CPU コア数）")
@click.option("--timeout", type=float, default=600, show_default=True, help="1 人分の採点の上限（秒）")
@click.option("--student", "students", multiple=True, metavar="職員番号",
              help="この受講者だけ採点する（繰り返し指定可）。省略時は提出した全員")
def grade_autograde(assignment: str, course_dir: Path, workers: int | None, timeout: float, students: tuple[str, ...]) -> None:
    """全員の提出物を並列で自動採点する（壊れた提出物があっても止まらず、最後に報告）。

    採点できなかった提出物があると終了コードは 1 になります。

    \b
    例: curriculum grade autograde b01_question --course-dir cohort2026
        curriculum grade autograde b01_question --student T0001 --course-dir cohort2026
    """
    from curriculum.course.autograde import autograde_cohort, format_outcomes

    outcomes = _run(autograde_cohort, course_dir, assignment, workers=workers, timeout=timeout,
                    students=list(students) or None)
    click.echo(format_outcomes(outcomes))
    failed = [o.student_id for o in outcomes if not o.ok]
    if failed:
        raise click.ClickException(f"採点できなかった提出物があります: {'、'.join(failed)}（上の理由を見て、手で採点するか再提出を依頼してください）"
                                   f" / {len(failed)} submission(s) not graded")


@grade.command("feedback")
@click.argument("assignment")
@COURSE_DIR
def grade_feedback(assignment: str, course_dir: Path) -> None:
    """受講者ごとのフィードバック HTML を作る（日本語、非公開テストは表示しない）。

    \b
    例: curriculum grade feedback b01_question --course-dir cohort2026
    """
    from curriculum.course.feedback import generate_feedback

    files = _run(generate_feedback, course_dir, assignment)
    click.echo(f"フィードバック {len(files)} 件: {Path(course_dir) / 'feedback'}")


@grade.command("report")
@COURSE_DIR
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="出力フォルダ（既定: 講座フォルダ/reports）")
@click.option("--pass-mark", type=float, default=None, help="修了の基準（得点率 %、既定: コホート作成時の値）")
@click.option("--compare", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="前回（前年度）の講座フォルダ: 問題別の分析を比べる")
def grade_report(course_dir: Path, out: Path | None, pass_mark: float | None, compare: Path | None) -> None:
    """成績 CSV・Excel、進捗ダッシュボード、問題別の分析、修了証をまとめて作り、修了判定を表示する。

    修了証は、全課題を提出・採点済みで得点率が基準以上の人にだけ発行します（待っているものを表示）。

    \b
    例: curriculum grade report --course-dir cohort2026 --compare cohort2025
    """
    from curriculum.course.report import certification_report, write_reports

    paths = _run(write_reports, course_dir, out or Path(course_dir) / "reports", pass_mark=pass_mark, previous=compare)
    for key, path in paths.items():
        click.echo(f"{key:12s} {path}")
    click.echo(_run(certification_report, course_dir, pass_mark=pass_mark))


@grade.command("items")
@COURSE_DIR
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="CSV の出力先（既定: 講座フォルダ/reports/items.csv）")
@click.option("--compare", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="前回（前年度）の講座フォルダ: 問ごとの平均得点率を比べる")
def grade_items(course_dir: Path, out: Path | None, compare: Path | None) -> None:
    """問題別の分析: 満点・部分点・0点の割合、よくある失敗のメッセージ、識別力（前回との比較も）を CSV に書く。

    \b
    例: curriculum grade items --course-dir cohort2026 --compare cohort2025
    """
    from curriculum.course.items import compute_items, format_items, write_items_csv

    path = _run(write_items_csv, course_dir, out or Path(course_dir) / "reports" / "items.csv", previous=compare)
    for line in format_items(_run(compute_items, course_dir)):
        click.echo(line)
    click.echo(f"CSV: {path}")


@grade.command("release")
@click.argument("assignment")
@COURSE_DIR
@click.option("--feedback", is_flag=True, help="課題ではなく、受講者ごとのフィードバックを配布する")
@click.option("--force", is_flag=True, help="配布済みの課題を作り直した受講者版で置き換える")
def grade_release(assignment: str, course_dir: Path, feedback: bool, force: bool) -> None:
    """課題（または --feedback でフィードバック）を交換フォルダに配布する。受講者は Jupyter の Assignments から受け取ります。

    \b
    例: curriculum grade release b01_question --course-dir cohort2026
        curriculum grade release b01_question --feedback --course-dir cohort2026
    """
    from curriculum.course.release import release_assignment, release_feedback

    if feedback:
        click.echo(_run(release_feedback, course_dir, assignment).text())
    else:
        path = _run(release_assignment, course_dir, assignment, force=force)
        click.echo(f"配布しました: {path}")


@grade.command("extend")
@click.argument("assignment")
@click.argument("staff_id")
@click.option("--until", "until", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%d %H:%M"]), required=True,
              help="延長後の期限（日本時間）。日付だけなら その日の 17:00")
@click.option("--reason", default="", help="理由（ダッシュボードの記録用）")
@COURSE_DIR
def grade_extend(assignment: str, staff_id: str, until: dt.datetime, reason: str, course_dir: Path) -> None:
    """受講者ごとに提出期限を延長する（extensions.csv に記録。次の自動採点から遅れの判定と減点に使われます）。

    \b
    例: curriculum grade extend b01_question T0002 --until 2026-07-01 --reason 出張 --course-dir cohort2026
    """
    from curriculum.course.late import grant_extension

    when = until.date() if until.time() == dt.time(0, 0) else until
    ext = _run(grant_extension, course_dir, assignment, staff_id, until=when, reason=reason)
    click.echo(f"{ext.staff_id} の {ext.assignment_id} の期限を {ext.until_text()} まで延長しました"
               "（採点済みなら `curriculum grade autograde` で採点し直すと減点に反映されます）")


@grade.command("late-policy")
@click.option("--per-day", type=float, required=True, help="1 日遅れるごとに引く割合（得点の %）。0 なら減点なし")
@click.option("--max", "max_percent", type=float, default=100.0, show_default=True, help="減点の上限（得点の %）")
@COURSE_DIR
def grade_late_policy(per_day: float, max_percent: float, course_dir: Path) -> None:
    """提出遅れの減点を設定する（nbgrader の LateSubmissionPlugin。期限の延長を考慮します）。

    \b
    例: curriculum grade late-policy --per-day 10 --max 50 --course-dir cohort2026
    """
    from curriculum.course.late import write_late_policy

    path = _run(write_late_policy, course_dir, percent_per_day=per_day, max_percent=max_percent)
    click.echo(f"遅れ 1 日ごとに {per_day:g}%（上限 {max_percent:g}%）を減点します: {path}")
