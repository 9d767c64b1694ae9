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


def _items_section(course_dir: Path, previous: Path | None) -> list[str]:
    """問題別の分析 (and the comparison with an earlier cohort) as HTML."""
    from curriculum.course.items import cohort_label, compare_items, compute_items

    items = compute_items(course_dir)
    shown = items.drop(columns=["ノートブック"]).fillna({"識別力": "—"})
    body = ["<h2>問題別の分析</h2>",
            "<p class=note>満点・部分点・0点の割合は採点済みの提出に対する %。識別力は、その問の得点と同じ課題の他の問の合計との相関"
            "（1 に近いほど、よくできる人ほど正解している。0 以下は問やテストを見直す目安）。"
            "よくある失敗は、不合格だった人の自己チェックのメッセージで最も多いもの。</p>",
            _table(shown) if len(items) else "<p>まだ採点された提出がありません。</p>"]
    if previous is not None:
        compared = compare_items(items, compute_items(previous)).drop(columns=["ノートブック"])
        body += [f"<h2>前回との比較（{html.escape(cohort_label(previous))} → {html.escape(cohort_label(course_dir))}）</h2>",
                 "<p class=note>差（ポイント）= 今回の平均得点率 − 前回の平均得点率。片方にしかない問は空欄です。</p>",
                 _table(compared)]
    return body


def write_dashboard(course_dir: Path, path: Path, *, pass_mark: float | None = None, previous: Path | None = None) -> Path:
    """ダッシュボードを書く: the progress page (HTML with embedded charts) at ``path``.

    ``previous`` is an earlier cohort's course folder: the question analysis is then compared with it.

    Examples
    --------
    >>> write_dashboard(Path("course"), Path("out/dashboard.html"))  # doctest: +SKIP
    """
    grades = compute_grades(course_dir)
    mark = pass_mark_of(course_dir, pass_mark)
    summary = compute_summary(grades, pass_mark=mark)
    by_assignment = compute_by(grades, "課題")
    by_department = compute_by(grades, "所属")
    late = grades[grades["遅延"] | (grades["延長期限"] != "")][
        ["職員番号", "氏名", "所属", "課題", "期限", "延長期限", "提出日時", "遅延", "減点"]].copy()
    late["遅延"] = late["遅延"].map({True: "遅れ", False: "期限内"})
    waiting = summary[summary["判定"] == "保留"][["職員番号", "氏名", "所属", "得点率", "待ち"]]
    below = summary[summary["判定"] == "未修了"][["職員番号", "氏名", "所属", "提出数", "課題数", "得点率"]]
    charts = [_png(plot_rates(by_assignment, "課題", title="課題別の提出率と平均得点率")),
              _png(plot_rates(by_department, "所属", title="所属別の提出率と平均得点率"))]
    esc = html.escape
    done = int(summary["修了"].sum())
    n_late = int(grades["遅延"].sum())
    body = [
        "<h1>データ分析研修 進捗ダッシュボード</h1>",
        f"<p>受講者 {len(summary)} 名、修了 {done} 名（全課題を提出・採点済みで得点率 {mark:.0f}% 以上）、"
        f"判定保留 {len(waiting)} 名、提出遅れ {n_late} 件、期限の延長 {int((grades['延長期限'] != '').sum())} 件、"
        f"講師の採点待ち {int(grades['採点待ち'].sum())} 件。</p>",
        "<h2>課題別</h2>", f'<img alt="課題別の提出率と平均得点率" src="data:image/png;base64,{charts[0]}">', _table(by_assignment),
        "<h2>所属別</h2>", f'<img alt="所属別の提出率と平均得点率" src="data:image/png;base64,{charts[1]}">', _table(by_department),
        "<h2>提出遅れと期限の延長</h2>", _table(late) if len(late) else "<p>ありません。</p>",
        "<h2>修了判定の保留（提出または採点を待っている受講者）</h2>", _table(waiting) if len(waiting) else "<p>いません。</p>",
        f"<h2>修了基準に達していない受講者（全課題採点済みで得点率 {mark:.0f}% 未満）</h2>",
        _table(below) if len(below) else "<p>いません。</p>",
        *_items_section(course_dir, previous),
        "<p class=note>対象 = 受講者数（人）。提出率 = 提出数 ÷（受講者数 × 課題数）。平均得点率は提出された課題の平均"
        "（遅れの減点後）。記述式の採点待ちがある間は得点率が低めに出ます。</p>",
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
