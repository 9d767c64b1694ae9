"""修了証: a printable HTML certificate (A4 landscape) for each trainee who completed the course: every
assignment of the cohort submitted and graded (nothing waiting for the instructor) and the pass mark reached.

Print to PDF from the browser if a PDF is needed; no extra software is required.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from curriculum.course import config as cfg
from curriculum.course.export import compute_grades, compute_summary, pass_mark_of


def render_certificate(name: str, department: str, *, course_title: str, rate: float, issued: dt.date,
                       issuer: str = "人事担当課") -> str:
    """修了証の HTML: one page.

    >>> page = render_certificate("練習 太郎", "総務課", course_title="データ分析研修", rate=82.5, issued=dt.date(2026, 11, 9))
    >>> "練習 太郎 様" in page and "2026年11月9日" in page
    True
    """
    esc = html.escape
    date = f"{issued.year}年{issued.month}月{issued.day}日"
    return f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>修了証 {esc(name)}</title><style>
@page {{ size: A4 landscape; margin: 15mm; }}
body {{ font-family: "Hiragino Mincho ProN", "Yu Mincho", "IPAexMincho", serif; text-align: center; }}
.frame {{ border: 6px double #555; padding: 12mm 20mm; min-height: 150mm; }}
h1 {{ font-size: 42pt; letter-spacing: .5em; margin: 8mm 0; }}
.name {{ font-size: 26pt; margin: 10mm 0 4mm; }} .dept {{ font-size: 14pt; }}
.text {{ font-size: 16pt; line-height: 2; margin: 12mm auto; width: 80%; text-align: left; }}
.foot {{ font-size: 14pt; margin-top: 12mm; }}
</style></head><body><div class="frame">
<h1>修了証</h1>
<div class="dept">{esc(department)}</div>
<div class="name">{esc(name)} 様</div>
<div class="text">あなたは{esc(course_title)}の全課程において、所定の課題に取り組み、
得点率 {rate:.1f}% の成績を収めたので、これを証します。</div>
<div class="foot">{date}<br>{esc(issuer)}</div>
</div></body></html>
"""


def write_certificates(course_dir: Path, out_dir: Path, *, pass_mark: float | None = None,
                       issued: dt.date | None = None, issuer: str = "人事担当課") -> list[Path]:
    """修了証を書く: ``<out_dir>/<職員番号>.html`` for each trainee with 修了 (see :func:`compute_summary`).

    A trainee still waiting for a submission or a grade gets none yet; ``grade report`` lists what is awaited.

    Examples
    --------
    >>> write_certificates(Path("course"), Path("out/certificates"))  # doctest: +SKIP
    """
    meta = cfg.read_meta(course_dir)
    mark = pass_mark_of(course_dir, pass_mark)
    summary = compute_summary(compute_grades(course_dir), pass_mark=mark)
    year = meta.get("year")
    title = f"{year}年度 職員向けデータ分析研修" if year else "職員向けデータ分析研修"
    if meta.get("theme"):
        title += f"（テーマ: {meta['theme']}）"
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.html"):
        old.unlink()  # a trainee who fell below the mark after re-grading must not keep a certificate
    written = []
    for row in summary[summary["修了"]].itertuples(index=False):
        page = render_certificate(row.氏名 or row.職員番号, row.所属, course_title=title, rate=row.得点率,
                                  issued=issued or dt.date.today(), issuer=issuer)
        path = out_dir / f"{row.職員番号}.html"
        path.write_text(page, encoding="utf-8")
        written.append(path)
    return written
