"""研修コホートの開始（人事課）: one command creates a year's course folder, gradebook, roster and plan.

``create_cohort`` checks every input first (roster, theme, dates, assignments), then writes: the nbgrader
course folder and config, ``course.json``, the gradebook with the roster and every assignment with its
due date, and a cohort plan (Markdown and HTML) to circulate.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from curriculum.city import DEFAULT_CITY_CODE, lookup_city
from curriculum.course import config as cfg
from curriculum.course.assignments import discover_assignments
from curriculum.course.roster import import_roster, read_roster
from curriculum.course.schedule import basic_due, compute_schedule, due_datetime, follow_up_due
from curriculum.course.themes import get_theme
from curriculum.errors import CurriculumError

DEFAULT_PASS_MARK = 60.0


def create_cohort(course_dir: Path, *, year: int, theme: str, start: dt.date, roster: Path, source_root: Path,
                  theme_id: str | None = None, workshops: int = 4, months: int = 6,
                  pass_mark: float = DEFAULT_PASS_MARK, basic_ids: list[str] | None = None,
                  city_code: str = DEFAULT_CITY_CODE) -> dict[str, Path]:
    """コホートを作る: course folder + gradebook + roster + assignments with due dates + plan.

    Parameters
    ----------
    course_dir : Path
        New folder for this cohort (must not already hold a course).
    year : int
        Fiscal year (年度), e.g. 2026.
    theme : str
        A catalogue theme (``高齢者の公共交通``) or a custom one (then ``theme_id`` is needed).
    start : datetime.date
        First day of the 集合研修.
    roster : Path
        Roster CSV (職員番号, 氏名, 所属, メール).
    source_root : Path
        Folder holding ``basic/`` and ``follow_up/``.
    pass_mark : float
        修了の基準（得点率 %）, default 60.
    basic_ids : list of str, optional
        Only these ベーシック編 assignments (default: every one in ``basic/``).
    city_code : str
        The running-example municipality every notebook uses (default 15213 燕市; see :mod:`curriculum.city`).

    Returns
    -------
    dict
        ``course_dir``, ``gradebook``, ``roster``, ``plan_md``, ``plan_html``.

    Examples
    --------
    >>> create_cohort(Path("cohort2026"), year=2026, theme="高齢者の公共交通", start=dt.date(2026, 5, 11),
    ...               roster=Path("roster.csv"), source_root=Path("."))  # doctest: +SKIP
    """
    course_dir = Path(course_dir).resolve()
    # 1. check everything before writing anything
    trainees = read_roster(roster)
    city = lookup_city(city_code)
    chosen = get_theme(theme, assignment_id=theme_id)
    if not 0 < pass_mark <= 100:
        raise CurriculumError(f"修了の基準 {pass_mark} は 0〜100（%）にしてください", "pass mark must be 0-100",
                              fix="--pass-mark 60 のように指定してください")
    if not 2000 <= int(year) <= 2100:
        raise CurriculumError(f"年度 {year} が正しくありません", "bad year", fix="--year 2026 のように西暦で指定してください")
    events = compute_schedule(start, workshops=workshops, months=months)
    if (course_dir / cfg.META_NAME).exists() or (course_dir / cfg.GRADEBOOK_NAME).exists():
        raise CurriculumError("この講座フォルダはすでに使われています", "course folder already holds a course", path=course_dir,
                              fix="別のフォルダを --course-dir に指定してください（前年度の成績を消さないため上書きしません）")
    sources = discover_assignments(source_root)
    basics = [a for a in sources if a.part == "basic"]
    if basic_ids is not None:
        unknown = sorted(set(basic_ids) - {a.assignment_id for a in basics})
        if unknown:
            raise CurriculumError(f"ベーシック編にない課題 ID: {'、'.join(unknown)}", f"unknown basic assignments {unknown}",
                                  path=Path(source_root) / "basic", fix="basic/ のフォルダ名を指定してください")
        basics = [a for a in basics if a.assignment_id in basic_ids]
    if not basics:
        raise CurriculumError("ベーシック編の課題が見つかりません", "no basic assignments found", path=Path(source_root) / "basic",
                              fix="--source-root に basic/ と follow_up/ があるフォルダを指定してください")
    follow = next((a for a in sources if a.part == "follow_up" and a.assignment_id == chosen.assignment_id), None)
    assignments = [{"id": a.assignment_id, "part": "basic", "title": a.title, "due": due_datetime(basic_due(events)).isoformat()}
                   for a in basics]
    assignments.append({"id": chosen.assignment_id, "part": "follow_up", "title": follow.title if follow else f"{chosen.name}（フォローアップ課題）",
                        "due": due_datetime(follow_up_due(events)).isoformat(), "notebook_ready": follow is not None})
    # 2. write
    from curriculum.course.build import init_course

    course_id = f"cohort-{year}-{chosen.assignment_id}"
    init_course(course_dir, course_id)
    meta = {"year": int(year), "theme": chosen.name, "theme_id": chosen.assignment_id, "start": start.isoformat(),
            "pass_mark": float(pass_mark), "course_id": course_id,
            "city_code": city.code, "city_name": city.name, "assignments": assignments,
            "schedule": [{"kind": e.kind, "date": e.date.isoformat(), "label": e.label} for e in events]}
    with cfg.open_gradebook(course_dir) as gb:
        for a in assignments:
            gb.update_or_create_assignment(a["id"], duedate=dt.datetime.fromisoformat(a["due"]))
    import_roster(course_dir, trainees)
    cfg.write_meta(course_dir, meta)
    md, page = render_plan(meta, n_trainees=len(trainees), departments=sorted({t.department for t in trainees}))
    (course_dir / "plan.md").write_text(md, encoding="utf-8")
    (course_dir / "plan.html").write_text(page, encoding="utf-8")
    return {"course_dir": course_dir, "gradebook": course_dir / cfg.GRADEBOOK_NAME, "roster": course_dir / cfg.ROSTER_NAME,
            "plan_md": course_dir / "plan.md", "plan_html": course_dir / "plan.html"}


def _wareki(year: int) -> str:
    """令和の年度表記.

    >>> _wareki(2026)
    '令和8年度'
    """
    return f"令和{year - 2018}年度" if year >= 2019 else f"平成{year - 1988}年度"


def render_plan(meta: dict, *, n_trainees: int, departments: list[str]) -> tuple[str, str]:
    """研修計画を書く: the cohort plan as Markdown and as a printable HTML page."""
    title = f"{_wareki(meta['year'])} 職員向けデータ分析研修 実施計画（テーマ: {meta['theme']}）"
    rows = [(e["date"], e["kind"], e["label"]) for e in meta["schedule"]]
    tasks = [(a["due"][:10] + " 17:00", "ベーシック編" if a["part"] == "basic" else "フォローアップ編", a["id"], a["title"])
             for a in meta["assignments"]]
    intro = [f"- 受講者: {n_trainees} 名（所属 {len(departments)} 課: {'、'.join(departments)}）",
             f"- 修了の基準: 全課題の得点率 {meta['pass_mark']:.0f}% 以上で修了証を発行",
             "- 構成: ①ベーシック編（データ分析の考え方と手法。全員）→ ②フォローアップ編（ベーシック編の受講者から参加者を募り、"
             "市の課題を実データで分析し提言する）。最初の集合研修から最終発表会まで約半年。"]
    missing = [a for a in meta["assignments"] if a.get("notebook_ready") is False]
    if missing:
        intro.append(f"- 注意: フォローアップ課題 `follow_up/{missing[0]['id']}/` のノートブックはまだありません。講師が用意してから "
                     "`curriculum course build` を実行してください。")
    md = [f"# {title}", "", *intro, "", "## 日程", "", "| 日付 | 区分 | 内容 |", "|---|---|---|"]
    md += [f"| {d} | {k} | {lbl} |" for d, k, lbl in rows]
    md += ["", "## 課題と提出期限", "", "| 期限 | 区分 | 課題 ID | 題名 |", "|---|---|---|---|"]
    md += [f"| {d} | {p} | {i} | {t} |" for d, p, i, t in tasks]
    md += ["", "※ 日程は案です。土日に当たる日は翌月曜日にしています。祝日は確認してください。", ""]
    esc = html.escape
    table = lambda head, body: ("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>"  # noqa: E731
                                + "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in r) + "</tr>" for r in body) + "</table>")
    page = (f"<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{esc(title)}</title><style>"
            "body{font-family:'Hiragino Sans','Yu Gothic','Meiryo',sans-serif;max-width:60em;margin:2em auto;}"
            "table{border-collapse:collapse;margin:1em 0;}td,th{border:1px solid #999;padding:.3em .6em;}th{background:#eef;}"
            "@media print{body{margin:0;}}</style></head><body>"
            f"<h1>{esc(title)}</h1><ul>" + "".join(f"<li>{esc(i[2:])}</li>" for i in intro) + "</ul>"
            "<h2>日程</h2>" + table(["日付", "区分", "内容"], rows)
            + "<h2>課題と提出期限</h2>" + table(["期限", "区分", "課題 ID", "題名"], tasks)
            + "<p>※ 日程は案です。土日に当たる日は翌月曜日にしています。祝日は確認してください。</p></body></html>\n")
    return "\n".join(md), page
