"""成績の書き出し: grades as a CSV and an Excel workbook HR can open (Japanese headers, JST times).

``compute_grades`` reads nbgrader's gradebook (scores, lateness, manual-grading state) and joins the
roster's 所属; everything else (summaries, dashboard, 修了証) is derived from that one table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
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

    Columns: 職員番号, 氏名, 所属, 課題, 区分, 題名, 期限, 延長期限, 提出日時, 提出, 回収済み, 遅延, 素点, 減点, 得点,
    満点, 採点待ち, 得点率. 得点 is after the late penalty (素点 − 減点, never below 0, as nbgrader's export);
    遅延 is measured against the extended due date when the trainee has one (``extensions.csv``);
    回収済み marks a submission that was collected but not autograded yet.
    """
    from curriculum.course.late import read_extensions, seconds_late

    course_dir = Path(course_dir)
    meta = cfg.read_meta(course_dir)
    info = {a["id"]: a for a in meta.get("assignments", [])}
    roster = {t.staff_id: t for t in load_course_roster(course_dir)}
    extensions = read_extensions(course_dir)
    rows = []
    with cfg.open_gradebook(course_dir) as gb:
        students = sorted({s.id for s in gb.students} | set(roster))
        assignments = sorted(gb.assignments, key=lambda a: (list(info).index(a.name) if a.name in info else len(info), a.name))
        for sid in students:
            trainee = roster.get(sid)
            for a in assignments:
                meta_a = info.get(a.name, {})
                ext = extensions.get((sid, a.name))
                row = {"職員番号": sid, "氏名": trainee.name if trainee else "", "所属": trainee.department if trainee else "",
                       "課題": a.name, "区分": "フォローアップ編" if meta_a.get("part") == "follow_up" else "ベーシック編",
                       "題名": meta_a.get("title", a.name), "期限": _jst(a.duedate), "延長期限": ext.until_text() if ext else "",
                       "提出日時": "", "提出": False, "回収済み": (course_dir / "submitted" / sid / a.name).is_dir(),
                       "遅延": False, "素点": 0.0, "減点": 0.0, "得点": 0.0, "満点": float(a.max_score), "採点待ち": False}
                try:
                    sub = gb.find_submission(a.name, sid)
                except Exception:  # MissingEntry: not submitted
                    sub = None
                if sub is not None:
                    penalty = float(sub.late_submission_penalty or 0.0)
                    late = sub.total_seconds_late > 0 and seconds_late(sub.timestamp, sub.duedate, ext) > 0
                    row.update({"提出日時": _jst(sub.timestamp), "提出": True, "遅延": bool(late), "素点": float(sub.score),
                                "減点": penalty, "得点": max(0.0, float(sub.score) - penalty), "満点": float(sub.max_score),
                                "採点待ち": bool(sub.needs_manual_grade)})
                rows.append(row)
    table = pd.DataFrame(rows, columns=["職員番号", "氏名", "所属", "課題", "区分", "題名", "期限", "延長期限", "提出日時", "提出",
                                        "回収済み", "遅延", "素点", "減点", "得点", "満点", "採点待ち"])
    table["得点率"] = (100 * table["得点"] / table["満点"].where(table["満点"] > 0)).round(1).fillna(0.0)
    return table


def describe_waiting(rows: pd.DataFrame) -> str:
    """修了判定を待っているもの: a Japanese list of one trainee's assignments not yet submitted or graded.

    >>> rows = pd.DataFrame({"課題": ["b01", "b02", "fu"], "提出": [True, False, False], "回収済み": [True, True, False],
    ...                      "採点待ち": [True, False, False]})
    >>> describe_waiting(rows)
    '採点待ち: b01（講師の採点）、b02（自動採点）／未提出: fu'
    """
    collected = rows["回収済み"] if "回収済み" in rows else pd.Series(False, index=rows.index)
    manual = [f"{a}（講師の採点）" for a in rows.loc[rows["提出"] & rows["採点待ち"], "課題"]]
    auto = [f"{a}（自動採点）" for a in rows.loc[~rows["提出"] & collected, "課題"]]
    missing = list(rows.loc[~rows["提出"] & ~collected, "課題"])
    parts = []
    if manual or auto:
        parts.append("採点待ち: " + "、".join(manual + auto))
    if missing:
        parts.append("未提出: " + "、".join(missing))
    return "／".join(parts)


def compute_summary(grades: pd.DataFrame, *, pass_mark: float = DEFAULT_PASS_MARK) -> pd.DataFrame:
    """受講者別のまとめ: total score, rate and 修了 per trainee.

    修了 needs every assignment of the cohort submitted and graded (nothing waiting for the instructor)
    and the pass mark reached over all of them. 判定 is 修了, 未修了 (everything graded, below the mark) or
    保留 (something is still missing: 待ち says what).

    >>> g = pd.DataFrame({"職員番号": ["T1", "T1", "T2", "T2"], "氏名": ["練習 太郎"] * 2 + ["見本 花子"] * 2,
    ...                   "所属": ["総務課"] * 4, "課題": ["a", "b"] * 2, "提出": [True, True, True, False],
    ...                   "遅延": [False] * 4, "得点": [3.0, 2.0, 5.0, 0.0], "満点": [5.0, 5.0, 5.0, 5.0],
    ...                   "採点待ち": [False] * 4})
    >>> compute_summary(g)[["職員番号", "合計得点", "得点率", "修了", "判定", "待ち"]].to_dict("records")
    [{'職員番号': 'T1', '合計得点': 5.0, '得点率': 50.0, '修了': False, '判定': '未修了', '待ち': ''}, {'職員番号': 'T2', '合計得点': 5.0, '得点率': 50.0, '修了': False, '判定': '保留', '待ち': '未提出: b'}]
    """
    summary = grades.groupby(["職員番号", "氏名", "所属"], as_index=False, sort=True).agg(
        提出数=("提出", "sum"), 課題数=("提出", "size"), 遅延数=("遅延", "sum"), 合計得点=("得点", "sum"),
        満点合計=("満点", "sum"), 採点待ち=("採点待ち", "sum"))
    summary["得点率"] = (100 * summary["合計得点"] / summary["満点合計"].where(summary["満点合計"] > 0)).round(1).fillna(0.0)
    waiting = grades.groupby("職員番号", sort=True).apply(describe_waiting, include_groups=False)
    summary["待ち"] = summary["職員番号"].map(waiting).fillna("")
    summary["修了"] = (summary["得点率"] >= pass_mark) & (summary["待ち"] == "")
    summary["判定"] = np.where(summary["修了"], "修了", np.where(summary["待ち"] != "", "保留", "未修了"))
    return summary


def pass_mark_of(course_dir: Path, pass_mark: float | None = None) -> float:
    """修了の基準: the explicit value, else the cohort's (``course.json``), else 60 %."""
    if pass_mark is not None:
        return float(pass_mark)
    return float(cfg.read_meta(course_dir).get("pass_mark", DEFAULT_PASS_MARK))


def grades_with_questions(course_dir: Path, grades: pd.DataFrame | None = None) -> pd.DataFrame:
    """成績一覧に問題別の列を足す: the grades table plus one column per question (its score, empty while pending)."""
    from curriculum.course.items import compute_question_scores, question_columns

    grades = compute_grades(course_dir) if grades is None else grades
    return grades.merge(question_columns(compute_question_scores(course_dir)), on=["職員番号", "課題"], how="left")


def export_csv(course_dir: Path, out_dir: Path, *, pass_mark: float | None = None) -> dict[str, Path]:
    """成績 CSV: ``grades.csv`` (trainee × assignment, one column per question) and ``summary.csv`` (per trainee).

    UTF-8 with BOM, which Excel opens without garbling the Japanese.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    grades = compute_grades(course_dir)
    summary = compute_summary(grades, pass_mark=pass_mark_of(course_dir, pass_mark))
    paths = {"grades_csv": out_dir / "grades.csv", "summary_csv": out_dir / "summary.csv"}
    grades_with_questions(course_dir, grades).to_csv(paths["grades_csv"], index=False, encoding="utf-8-sig")
    summary.to_csv(paths["summary_csv"], index=False, encoding="utf-8-sig")
    return paths


def export_excel(course_dir: Path, path: Path, *, pass_mark: float | None = None) -> Path:
    """成績の Excel: sheets 受講者別, 成績一覧 (with one column per question), 課題別, 所属別, 問題別, with bold
    headers, frozen header row, sized columns."""
    from openpyxl.styles import Font, PatternFill

    from curriculum.course.items import compute_items

    grades = compute_grades(course_dir)
    mark = pass_mark_of(course_dir, pass_mark)
    summary = compute_summary(grades, pass_mark=mark)
    summary["修了"] = summary["修了"].map({True: "修了", False: "未修了"})
    sheets = {"受講者別": summary, "成績一覧": grades_with_questions(course_dir, grades), "課題別": compute_by(grades, "課題"),
              "所属別": compute_by(grades, "所属"), "問題別": compute_items(course_dir)}
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
        writer.book["受講者別"].cell(row=len(summary) + 3, column=1,
                                   value=f"修了の基準: 全課題を提出・採点済みで、得点率 {mark:.0f}% 以上")
    return path


def compute_by(grades: pd.DataFrame, key: str) -> pd.DataFrame:
    """課題別・所属別の集計: trainees (people, not rows), submissions, 提出率 (%), average 得点率 (%) of
    submitted work, late count.

    提出率 = submissions ÷ (trainees × assignments), so a one-person 課 with three assignments has 対象 1.

    >>> g = pd.DataFrame({"課題": ["a", "a"], "職員番号": ["T1", "T2"], "提出": [True, False], "遅延": [True, False],
    ...                   "得点率": [80.0, 0.0]})
    >>> compute_by(g, "課題").to_dict("records")
    [{'課題': 'a', '対象': 2, '提出': 1, '遅延': 1, '提出率': 50.0, '平均得点率': 80.0}]
    >>> one = pd.DataFrame({"所属": ["総務課"] * 3, "職員番号": ["T1"] * 3, "提出": [True, True, False],
    ...                     "遅延": [False] * 3, "得点率": [90.0, 70.0, 0.0]})
    >>> compute_by(one, "所属").to_dict("records")
    [{'所属': '総務課', '対象': 1, '提出': 2, '遅延': 0, '提出率': 66.7, '平均得点率': 80.0}]
    """
    grouped = grades.groupby(key, sort=False)
    table = grouped.agg(対象=("職員番号", "nunique"), 提出=("提出", "sum"), 遅延=("遅延", "sum"),
                        _rows=("職員番号", "size")).reset_index()
    table["提出率"] = (100 * table["提出"] / table["_rows"]).round(1)
    submitted = grades[grades["提出"]].groupby(key, sort=False)["得点率"].mean().round(1)
    table["平均得点率"] = table[key].map(submitted).fillna(0.0)
    table[["提出", "遅延"]] = table[["提出", "遅延"]].astype(int)
    return table.drop(columns="_rows")
