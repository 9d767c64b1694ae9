"""進捗ダッシュボード: one static HTML page (charts embedded as PNG) for HR and instructors.

Completion (提出率) and average score (平均得点率) per assignment and per 所属, late submissions,
and the trainees below the pass mark. No server, no JavaScript: it opens from a shared folder or mail.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import pandas as pd

from curriculum.course.export import compute_by, compute_grades, compute_summary, pass_mark_of


def plot_rates(table: pd.DataFrame, key: str, *, title: str):
    """提出率と平均得点率の棒グラフ: a matplotlib figure with Japanese labels (two bars per row)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import curriculum.plotting  # noqa: F401  (Japanese font)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.5 * len(table) + 1.6))
    y = range(len(table))
    ax.barh([i - 0.2 for i in y], table["提出率"], height=0.4, label="提出率（%）", color="#4C78A8")
    ax.barh([i + 0.2 for i in y], table["平均得点率"], height=0.4, label="平均得点率（%）", color="#F58518")
    ax.set_yticks(list(y), table[key].astype(str))
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, border=0, classes="grid", escape=True)


def write_dashboard(course_dir: Path, path: Path, *, pass_mark: float | None = None) -> Path:
    """ダッシュボードを書く: the progress page (HTML with embedded charts) at ``path``.

    Examples
    --------
    >>> write_dashboard(Path("course"), Path("out/dashboard.html"))  # doctest: +SKIP
    """
    grades = compute_grades(course_dir)
    mark = pass_mark_of(course_dir, pass_mark)
    summary = compute_summary(grades, pass_mark=mark)
    by_assignment = compute_by(grades, "課題")
    by_department = compute_by(grades, "所属")
    late = grades[grades["遅延"]][["職員番号", "氏名", "所属", "課題", "期限", "提出日時"]]
    below = summary[~summary["修了"]][["職員番号", "氏名", "所属", "提出数", "課題数", "得点率"]]
    charts = [_png(plot_rates(by_assignment, "課題", title="課題別の提出率と平均得点率")),
              _png(plot_rates(by_department, "所属", title="所属別の提出率と平均得点率"))]
    esc = html.escape
    done = int(summary["修了"].sum())
    body = [
        "<h1>データ分析研修 進捗ダッシュボード</h1>",
        f"<p>受講者 {len(summary)} 名、修了基準（得点率 {mark:.0f}% 以上）に達した人 {done} 名、"
        f"提出遅れ {len(late)} 件、講師の採点待ち {int(grades['採点待ち'].sum())} 件。</p>",
        "<h2>課題別</h2>", f'<img alt="課題別の提出率と平均得点率" src="data:image/png;base64,{charts[0]}">', _table(by_assignment),
        "<h2>所属別</h2>", f'<img alt="所属別の提出率と平均得点率" src="data:image/png;base64,{charts[1]}">', _table(by_department),
        "<h2>提出遅れ</h2>", _table(late) if len(late) else "<p>ありません。</p>",
        f"<h2>修了基準に達していない受講者（得点率 {mark:.0f}% 未満）</h2>", _table(below) if len(below) else "<p>いません。</p>",
        "<p class=note>提出率 = 提出数 ÷ 受講者数。平均得点率は提出された課題の平均。記述式の採点待ちがある間は得点率が低めに出ます。</p>",
    ]
    page = ("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>"
            + esc("データ分析研修 進捗ダッシュボード") + "</title><style>"
            "body{font-family:'Hiragino Sans','Yu Gothic','Meiryo',sans-serif;max-width:64em;margin:2em auto;}"
            "table.grid{border-collapse:collapse;margin:1em 0;}table.grid td,table.grid th{border:1px solid #aaa;padding:.25em .6em;}"
            "table.grid th{background:#eef;}img{max-width:100%;}.note{color:#555;font-size:90%;}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
