"""成績の書き出し: grades as a CSV and an Excel workbook HR can open (Japanese headers, JST times).

``compute_grades`` reads nbgrader's gradebook (scores, lateness, manual-grading state) and joins the
roster's 所属; everything else (summaries, dashboard, 修了証) is derived from that one table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from curriculum.course import config as cfg
from curriculum.course.roster import load_course_roster
from curriculum.course.schedule import JST

DEFAULT_PASS_MARK = 60.0


def _jst(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.replace(tzinfo=dt.timezone.utc).astimezone(JST).strftime("%Y-%m-%d %H:%M")


def compute_grades(course_dir: Path) -> pd.DataFrame:
    """成績表を作る: one row per trainee × assignment (missing submissions count 0 points).

    Columns: 職員番号, 氏名, 所属, 課題, 区分, 題名, 期限, 提出日時, 提出, 遅延, 得点, 満点, 得点率, 採点待ち.
    """
    course_dir = Path(course_dir)
    meta = cfg.read_meta(course_dir)
    info = {a["id"]: a for a in meta.get("assignments", [])}
    roster = {t.staff_id: t for t in load_course_roster(course_dir)}
    rows = []
    with cfg.open_gradebook(course_dir) as gb:
        students = sorted({s.id for s in gb.students} | set(roster))
        assignments = sorted(gb.assignments, key=lambda a: (list(info).index(a.name) if a.name in info else len(info), a.name))
        for sid in students:
            trainee = roster.get(sid)
            for a in assignments:
                meta_a = info.get(a.name, {})
                row = {"職員番号": sid, "氏名": trainee.name if trainee else "", "所属": trainee.department if trainee else "",
                       "課題": a.name, "区分": "フォローアップ編" if meta_a.get("part") == "follow_up" else "ベーシック編",
                       "題名": meta_a.get("title", a.name), "期限": _jst(a.duedate), "提出日時": "", "提出": False,
                       "遅延": False, "得点": 0.0, "満点": float(a.max_score), "採点待ち": False}
                try:
                    sub = gb.find_submission(a.name, sid)
                except Exception:  # MissingEntry: not submitted
                    sub = None
                if sub is not None:
                    row.update({"提出日時": _jst(sub.timestamp), "提出": True, "遅延": bool(sub.total_seconds_late > 0),
                                "得点": float(sub.score), "満点": float(sub.max_score), "採点待ち": bool(sub.needs_manual_grade)})
                rows.append(row)
    table = pd.DataFrame(rows, columns=["職員番号", "氏名", "所属", "課題", "区分", "題名", "期限", "提出日時", "提出", "遅延",
                                        "得点", "満点", "採点待ち"])
    table["得点率"] = (100 * table["得点"] / table["満点"].where(table["満点"] > 0)).round(1).fillna(0.0)
    return table


def compute_summary(grades: pd.DataFrame, *, pass_mark: float = DEFAULT_PASS_MARK) -> pd.DataFrame:
    """受講者別のまとめ: total score, rate and 修了 per trainee.

    >>> g = pd.DataFrame({"職員番号": ["T1", "T1", "T2", "T2"], "氏名": ["練習 太郎"] * 2 + ["見本 花子"] * 2,
    ...                   "所属": ["総務課"] * 4, "提出": [True, True, True, False], "遅延": [False] * 4,
    ...                   "得点": [3.0, 2.0, 1.0, 0.0], "満点": [5.0, 5.0, 5.0, 5.0], "採点待ち": [False] * 4})
    >>> compute_summary(g)[["職員番号", "合計得点", "得点率", "修了"]].to_dict("records")
    [{'職員番号': 'T1', '合計得点': 5.0, '得点率': 50.0, '修了': False}, {'職員番号': 'T2', '合計得点': 1.0, '得点率': 10.0, '修了': False}]
    """
    summary = grades.groupby(["職員番号", "氏名", "所属"], as_index=False, sort=True).agg(
        提出数=("提出", "sum"), 課題数=("提出", "size"), 遅延数=("遅延", "sum"), 合計得点=("得点", "sum"),
        満点合計=("満点", "sum"), 採点待ち=("採点待ち", "sum"))
    summary["得点率"] = (100 * summary["合計得点"] / summary["満点合計"].where(summary["満点合計"] > 0)).round(1).fillna(0.0)
    summary["修了"] = summary["得点率"] >= pass_mark
    return summary


def pass_mark_of(course_dir: Path, pass_mark: float | None = None) -> float:
    """修了の基準: the explicit value, else the cohort's (``course.json``), else 60 %."""
    if pass_mark is not None:
        return float(pass_mark)
    return float(cfg.read_meta(course_dir).get("pass_mark", DEFAULT_PASS_MARK))


def export_csv(course_dir: Path, out_dir: Path, *, pass_mark: float | None = None) -> dict[str, Path]:
    """成績 CSV: ``grades.csv`` (trainee × assignment) and ``summary.csv`` (per trainee), UTF-8 with BOM for Excel."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    grades = compute_grades(course_dir)
    summary = compute_summary(grades, pass_mark=pass_mark_of(course_dir, pass_mark))
    paths = {"grades_csv": out_dir / "grades.csv", "summary_csv": out_dir / "summary.csv"}
    grades.to_csv(paths["grades_csv"], index=False, encoding="utf-8-sig")
    summary.to_csv(paths["summary_csv"], index=False, encoding="utf-8-sig")
    return paths


def export_excel(course_dir: Path, path: Path, *, pass_mark: float | None = None) -> Path:
    """成績の Excel: sheets 受講者別, 成績一覧, 課題別, 所属別 with bold headers, frozen header row, sized columns."""
    from openpyxl.styles import Font, PatternFill

    grades = compute_grades(course_dir)
    mark = pass_mark_of(course_dir, pass_mark)
    summary = compute_summary(grades, pass_mark=mark)
    summary["修了"] = summary["修了"].map({True: "修了", False: "未修了"})
    sheets = {"受講者別": summary, "成績一覧": grades, "課題別": compute_by(grades, "課題"), "所属別": compute_by(grades, "所属")}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            ws = writer.sheets[name]
            ws.freeze_panes = "A2"
            for cell in ws[1]:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DDE6F4")
            for column in ws.columns:
                width = max(len(str(c.value or "")) for c in column)
                ws.column_dimensions[column[0].column_letter].width = min(40, 4 + 1.8 * width)
        writer.book["受講者別"].cell(row=len(summary) + 3, column=1, value=f"修了の基準: 得点率 {mark:.0f}% 以上")
    return path


def compute_by(grades: pd.DataFrame, key: str) -> pd.DataFrame:
    """課題別・所属別の集計: trainees, submissions, 提出率 (%), average 得点率 (%) of submitted work, late count.

    >>> g = pd.DataFrame({"課題": ["a", "a"], "職員番号": ["T1", "T2"], "提出": [True, False], "遅延": [True, False],
    ...                   "得点率": [80.0, 0.0]})
    >>> compute_by(g, "課題").to_dict("records")
    [{'課題': 'a', '対象': 2, '提出': 1, '遅延': 1, '提出率': 50.0, '平均得点率': 80.0}]
    """
    grouped = grades.groupby(key, sort=False)
    table = grouped.agg(対象=("職員番号", "size"), 提出=("提出", "sum"), 遅延=("遅延", "sum")).reset_index()
    table["提出率"] = (100 * table["提出"] / table["対象"]).round(1)
    submitted = grades[grades["提出"]].groupby(key, sort=False)["得点率"].mean().round(1)
    table["平均得点率"] = table[key].map(submitted).fillna(0.0)
    table[["提出", "遅延"]] = table[["提出", "遅延"]].astype(int)
    return table
