"""成績報告一式: CSV, Excel, dashboard and 修了証 in one call (``curriculum grade report``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from curriculum.course.certificates import write_certificates
from curriculum.course.dashboard import write_dashboard
from curriculum.course.export import export_csv, export_excel


def write_reports(course_dir: Path, out_dir: Path, *, pass_mark: float | None = None,
                  issued: dt.date | None = None) -> dict[str, Path]:
    """成績・ダッシュボード・修了証を書く: returns the paths (``grades_csv``, ``summary_csv``, ``excel``, ``dashboard``, ``certificates``).

    Examples
    --------
    >>> write_reports(Path("course"), Path("course/reports"))  # doctest: +SKIP
    """
    out_dir = Path(out_dir)
    paths = export_csv(course_dir, out_dir, pass_mark=pass_mark)
    paths["excel"] = export_excel(course_dir, out_dir / "成績.xlsx", pass_mark=pass_mark)
    paths["dashboard"] = write_dashboard(course_dir, out_dir / "dashboard.html", pass_mark=pass_mark)
    write_certificates(course_dir, out_dir / "certificates", pass_mark=pass_mark, issued=issued)
    paths["certificates"] = out_dir / "certificates"
    return paths
