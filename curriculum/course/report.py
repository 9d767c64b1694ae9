"""成績報告一式: CSV, Excel, dashboard, question analysis and 修了証 in one call (``curriculum grade report``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from curriculum.course.certificates import write_certificates
from curriculum.course.dashboard import write_dashboard
from curriculum.course.export import compute_grades, compute_summary, export_csv, export_excel, pass_mark_of
from curriculum.course.items import write_items_csv


def write_reports(course_dir: Path, out_dir: Path, *, pass_mark: float | None = None,
                  issued: dt.date | None = None, previous: Path | None = None) -> dict[str, Path]:
    """成績・ダッシュボード・問題別分析・修了証を書く.

    Returns the paths (``grades_csv``, ``summary_csv``, ``excel``, ``items_csv``, ``dashboard``, ``certificates``).
    ``previous`` (an earlier cohort's course folder) adds the comparison to the question analysis.

    Examples
    --------
    >>> write_reports(Path("course"), Path("course/reports"))  # doctest: +SKIP
    """
    out_dir = Path(out_dir)
    paths = export_csv(course_dir, out_dir, pass_mark=pass_mark)
    paths["excel"] = export_excel(course_dir, out_dir / "成績.xlsx", pass_mark=pass_mark)
    paths["items_csv"] = write_items_csv(course_dir, out_dir / "items.csv", previous=previous)
    paths["dashboard"] = write_dashboard(course_dir, out_dir / "dashboard.html", pass_mark=pass_mark, previous=previous)
    write_certificates(course_dir, out_dir / "certificates", pass_mark=pass_mark, issued=issued)
    paths["certificates"] = out_dir / "certificates"
    return paths


def certification_lines(course_dir: Path, *, pass_mark: float | None = None,
                        summary: pd.DataFrame | None = None) -> list[str]:
    """修了判定の一覧: one Japanese line per trainee (修了 / 未修了 / 保留 with what is awaited).

    Examples
    --------
    >>> certification_lines(Path("course"))  # doctest: +SKIP
    ['T0001 練習 太郎（総務課）: 修了 83.3%', 'T0002 見本 花子（企画財政課）: 保留 — 未提出: elderly_transit']
    """
    if summary is None:
        summary = compute_summary(compute_grades(course_dir), pass_mark=pass_mark_of(course_dir, pass_mark))
    lines = []
    for row in summary.itertuples(index=False):
        who = f"{row.職員番号} {row.氏名}（{row.所属}）"
        if row.判定 == "保留":
            lines.append(f"{who}: 保留 — {row.待ち}")
        else:
            lines.append(f"{who}: {row.判定} {row.得点率:.1f}%")
    return lines


def certification_report(course_dir: Path, *, pass_mark: float | None = None) -> str:
    """修了判定の報告: the counts, then one line per trainee (what ``grade report`` prints)."""
    summary = compute_summary(compute_grades(course_dir), pass_mark=pass_mark_of(course_dir, pass_mark))
    counts = summary["判定"].value_counts()
    head = f"修了判定: 修了 {counts.get('修了', 0)} 名、保留 {counts.get('保留', 0)} 名、未修了 {counts.get('未修了', 0)} 名"
    return "\n".join([head, *(f"  {line}" for line in certification_lines(course_dir, summary=summary))])
