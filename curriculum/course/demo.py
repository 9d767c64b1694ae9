"""講座運営のデモ: the whole cohort flow offline, on fictional trainees (練習 太郎 …).

cohort create → course build → sample submissions in an LMS-style zip (right, partly right,
unanswered, late, and one cheat attempt that rewrites the test cells) → collect → parallel autograde
→ instructor's manual scores → feedback without hidden tests → CSV/Excel → dashboard → 修了証.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path

from curriculum.course.assignments import discover_assignments, source_root_default
from curriculum.course.config import read_meta

ROSTER = [  # fictional people, fictional numbers
    ("T0001", "練習 太郎", "総務課"), ("T0002", "見本 花子", "企画財政課"), ("T0003", "架空 一郎", "健康福祉課"),
    ("T0004", "試験 次郎", "都市整備課"), ("T0005", "模擬 三郎", "総務課"), ("T0006", "仮名 良子", "健康福祉課"),
]
VARIANTS = {"T0001": "correct", "T0002": "correct", "T0003": "partial", "T0004": "blank", "T0005": "cheat", "T0006": "late"}
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "course"


def _submission(source_nb: dict, release_nb: dict, variant: str) -> dict:
    """A trainee's notebook: the source with answers (correct), one answer removed (partial), the student
    version (blank), or the student version with every test cell replaced by ``pass`` (cheat)."""
    if variant in ("correct", "late"):
        nb = json.loads(json.dumps(release_nb))
        answers = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source_nb["cells"]
                   if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
        for cell in nb["cells"]:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid in answers:
                text = "".join(answers[gid])
                cell["source"] = "\n".join(ln for ln in text.splitlines() if "### BEGIN SOLUTION" not in ln and "### END SOLUTION" not in ln)
        return nb
    if variant == "partial":
        nb = _submission(source_nb, release_nb, "correct")
        code_answers = [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c["cell_type"] == "code"]
        if code_answers:
            code_answers[0]["source"] = "raise NotImplementedError()"
        return nb
    nb = json.loads(json.dumps(release_nb))
    if variant == "cheat":
        for cell in nb["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution") and cell["cell_type"] == "code":
                cell["source"] = "pass  # テストを書き換えて満点を狙う（無効になるはず）"
    return nb


def run_course_demo(out: Path, *, echo=print, max_assignments: int = 2, workers: int | None = None) -> dict[str, Path]:
    """講座運営デモを実行する: create, build, submit, grade, report — offline, fictional trainees.

    Uses the real ``basic/`` notebooks when present (the first ``max_assignments`` of them are
    submitted; the others show as 未提出), else the test fixture assignment.

    Returns
    -------
    dict
        Paths: ``course_dir``, ``plan_html``, ``submissions_zip``, ``feedback_dir``, ``grades_csv``,
        ``summary_csv``, ``excel``, ``dashboard``, ``certificates_dir``.

    Examples
    --------
    >>> paths = run_course_demo(Path("out/course_demo"))  # doctest: +SKIP
    """
    from curriculum.course.autograde import autograde_cohort, format_outcomes
    from curriculum.course.build import build_course, summarize
    from curriculum.course.certificates import write_certificates
    from curriculum.course.cohort import create_cohort
    from curriculum.course.collect import collect_from_files
    from curriculum.course.dashboard import write_dashboard
    from curriculum.course.export import export_csv, export_excel
    from curriculum.course.feedback import generate_feedback
    from curriculum.course.manual import set_manual_score
    from curriculum.course.roster import canonical_id
    from curriculum.course.report import certification_report

    out = Path(out).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    root = source_root_default()
    if not any(a.part == "basic" for a in discover_assignments(root)):
        root = FIXTURES
    roster = out / "名簿.csv"  # what HR hands over (the course keeps its own copy)
    lines = ["職員番号,氏名,所属,メール"] + [f"{i},{n},{d},{i.lower()}@example.jp" for i, n, d in ROSTER]
    roster.write_bytes(("\n".join(lines) + "\n").encode("cp932"))  # as Excel's 「CSV（コンマ区切り）」 saves it
    echo("1/7 コホート作成（名簿は架空の人物、CP932 の CSV）")
    basic_ids = [a.assignment_id for a in discover_assignments(root) if a.part == "basic"][:max_assignments]
    paths = create_cohort(out / "course", year=2026, theme="観光振興", start=dt.date(2026, 5, 11),
                          roster=roster, source_root=root, basic_ids=basic_ids)
    course = paths["course_dir"]
    echo("2/7 受講者版の作成（nbgrader generate_assignment）")
    results = build_course(course, source_root=root, echo=lambda *a: None)
    echo("    " + summarize(results))
    built = [r.assignment_id for r in results if r.ok]
    # The theme's follow-up is registered with its due date; the demo submits the basic ones only (quick).
    chosen = [a for a in built if a in basic_ids]
    meta = read_meta(course)
    due = {a["id"]: dt.datetime.fromisoformat(a["due"]) for a in meta["assignments"]}
    echo(f"3/7 提出物の作成（LMS からダウンロードした zip の形）: {', '.join(chosen)}")
    zips = {aid: out / f"lms_download_{aid}.zip" for aid in chosen}
    for aid in chosen:
        with zipfile.ZipFile(zips[aid], "w") as zf:
            for nb_path in sorted((course / "release" / aid).glob("*.ipynb")):
                source_nb = json.loads((course / "source" / aid / nb_path.name).read_text(encoding="utf-8"))
                release_nb = json.loads(nb_path.read_text(encoding="utf-8"))
                for sid, name, _dept in ROSTER:
                    when = due[aid] + (dt.timedelta(days=1) if VARIANTS[sid] == "late" else -dt.timedelta(days=2))
                    local = when.astimezone().replace(tzinfo=None)
                    info = zipfile.ZipInfo(f"{aid}/{name.replace(' ', '')}_{sid}_{nb_path.name}", date_time=local.timetuple()[:6])
                    zf.writestr(info, json.dumps(_submission(source_nb, release_nb, VARIANTS[sid]), ensure_ascii=False))
    echo("4/7 回収と並列採点")
    for aid in chosen:
        report = collect_from_files(course, aid, zips[aid])
        echo("    " + report.text().replace("\n", "\n    "))
        outcomes = autograde_cohort(course, aid, workers=workers, cell_timeout=30, progress=False)
        echo("    " + format_outcomes(outcomes).replace("\n", "\n    "))
    echo("5/7 講師の手動採点（記述式）とフィードバック")
    from curriculum.course.config import open_gradebook

    variant_of = {canonical_id(sid): VARIANTS[sid] for sid, *_ in ROSTER}  # the gradebook keeps ids in lower case
    with open_gradebook(course) as gb:
        manual = [(aid, sid, nb.notebook.name, g.name, g.max_score) for aid in chosen for sid in variant_of
                  for nb in gb.find_submission(aid, sid).notebooks for g in nb.grades if g.needs_manual_grade]
    for aid, sid, nb_id, gid, max_score in manual:
        share = {"correct": 1.0, "late": 1.0, "partial": 0.5}.get(variant_of[sid], 0.0)
        set_manual_score(course, aid, sid, nb_id, gid, round(max_score * share, 1),
                         comment="よく書けています。" if share == 1 else "根拠となる数字を添えましょう。")
    feedback = [f for aid in chosen for f in generate_feedback(course, aid)]
    echo(f"    フィードバック {len(feedback)} 件（非公開テストは表示しません）")
    echo("6/7 成績（CSV・Excel）とダッシュボード")
    reports = out / "reports"
    csvs = export_csv(course, reports)
    excel = export_excel(course, reports / "成績.xlsx")
    dashboard = write_dashboard(course, reports / "dashboard.html")
    echo("7/7 修了証")
    certificates = write_certificates(course, reports / "certificates", issued=dt.date(2026, 11, 9))
    echo(f"    修了証 {len(certificates)} 名分（基準: 全課題を提出・採点済みで得点率 {meta['pass_mark']:.0f}% 以上。"
         "フォローアップ課題はこのデモでは提出しないので、全員が判定保留になります）")
    echo("    " + certification_report(course).replace("\n", "\n    "))
    result = {"course_dir": course, "plan_html": paths["plan_html"], "submissions_zip": zips[chosen[0]],
              "feedback_dir": course / "feedback", **csvs, "excel": excel, "dashboard": dashboard,
              "certificates_dir": reports / "certificates"}
    echo("\n出力:")
    for key, path in result.items():
        echo(f"  {key:16s} {path}")
    return result
