"""問題別の分析（項目分析）: per question, who got full / partial / no marks, the self-check message trainees
most often failed, and how well the question separates stronger from weaker trainees.

Read from nbgrader's gradebook (scores) and the autograded notebooks (``autograded/<職員番号>/<課題>/``,
whose test cells keep the error each trainee got). One row per nbgrader grade cell.

識別力 is the corrected item–total correlation: the Pearson correlation, over the trainees who submitted,
between the score on the question and the total of the *other* questions of the same assignment. Near 0 or
negative means the question does not agree with the rest (ambiguous, or a bug in the test); it is left
empty when fewer than 3 trainees are graded or when everyone scored the same.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.course import config as cfg

ITEM_COLUMNS = ["課題", "ノートブック", "問", "満点", "採点数", "採点待ち", "満点の割合", "部分点の割合", "0点の割合",
                "平均得点率", "識別力", "よくある失敗", "失敗件数"]
NO_MESSAGE = "（メッセージのない assert で不合格）"


def _question_order(course_dir: Path, assignment_id: str, notebook_id: str) -> list[str]:
    """grade_id order as in the source notebook (the gradebook has no order)."""
    path = Path(course_dir) / "source" / assignment_id / f"{notebook_id}.ipynb"
    if not path.is_file():
        return []
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    ids = [c.get("metadata", {}).get("nbgrader", {}) for c in cells]
    return [m["grade_id"] for m in ids if m.get("grade") and m.get("grade_id")]


def compute_question_scores(course_dir: Path) -> pd.DataFrame:
    """問題別の得点: one row per submitted grade cell.

    Columns: 職員番号, 課題, ノートブック, 問, 満点, 得点 (NaN while the instructor has not graded it), 採点待ち.
    """
    course_dir = Path(course_dir)
    rows, orders = [], {}
    with cfg.open_gradebook(course_dir) as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                for nb in sub.notebooks:
                    key = (assignment.name, nb.name)
                    order = orders[key] if key in orders else orders.setdefault(key, _question_order(course_dir, *key))
                    for grade in nb.grades:
                        pending = grade.manual_score is None and bool(grade.needs_manual_grade)
                        rows.append({"職員番号": sub.student.id, "課題": assignment.name, "ノートブック": nb.name,
                                     "問": grade.name, "満点": float(grade.max_score),
                                     "得点": np.nan if pending else float(grade.score), "採点待ち": pending,
                                     "_order": order.index(grade.name) if grade.name in order else len(order)})
    table = pd.DataFrame(rows, columns=["職員番号", "課題", "ノートブック", "問", "満点", "得点", "採点待ち", "_order"])
    meta_order = [a["id"] for a in cfg.read_meta(course_dir).get("assignments", [])]
    table["_a"] = table["課題"].map(lambda a: meta_order.index(a) if a in meta_order else len(meta_order))
    table = table.sort_values(["_a", "課題", "ノートブック", "_order", "問", "職員番号"], kind="stable")
    return table.drop(columns=["_order", "_a"]).reset_index(drop=True)


def failure_message(cell: dict) -> str | None:
    """不合格の理由: the error a test cell of an autograded notebook shows (None when it passed).

    >>> failure_message({"outputs": [{"output_type": "error", "ename": "AssertionError", "evalue": "値が違います。"}]})
    '値が違います。'
    >>> failure_message({"outputs": [{"output_type": "error", "ename": "NameError", "evalue": "name 'x' is not defined"}]})
    "NameError: name 'x' is not defined"
    >>> failure_message({"outputs": [{"output_type": "stream", "text": "ok"}]}) is None
    True
    """
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            name, value = output.get("ename", ""), (output.get("evalue") or "").strip()
            if name == "AssertionError":
                return value or NO_MESSAGE
            return f"{name}: {value}" if value else name
    return None


def read_failures(course_dir: Path) -> pd.DataFrame:
    """自己チェックの失敗: one row per failed test cell in the autograded notebooks (職員番号, 課題, ノートブック, 問, メッセージ)."""
    rows = []
    root = Path(course_dir) / "autograded"
    for path in sorted(root.glob("*/*/*.ipynb")) if root.is_dir() else []:
        student, assignment = path.parent.parent.name, path.parent.name
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue  # a notebook nbgrader could not grade has no usable outputs; autograde reported it
        for cell in cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not meta.get("grade") or cell.get("cell_type") != "code":
                continue
            message = failure_message(cell)
            if message is not None:
                rows.append({"職員番号": student, "課題": assignment, "ノートブック": path.stem, "問": meta.get("grade_id"),
                             "メッセージ": message})
    return pd.DataFrame(rows, columns=["職員番号", "課題", "ノートブック", "問", "メッセージ"])


def item_total_correlation(item: pd.Series, rest: pd.Series) -> float:
    """識別力: Pearson correlation of a question's scores with the rest total (NaN when undefined).

    >>> round(item_total_correlation(pd.Series([2.0, 0, 0, 0, 2]), pd.Series([1.0, 1, 0, 0, 1])), 3)
    0.667
    >>> item_total_correlation(pd.Series([1.0, 1, 1]), pd.Series([0.0, 1, 2]))
    nan
    """
    if len(item) < 3 or item.std(ddof=0) == 0 or rest.std(ddof=0) == 0:
        return float("nan")
    return float(np.corrcoef(item.to_numpy(float), rest.to_numpy(float))[0, 1])


def compute_items(course_dir: Path, *, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """問題別の分析: one row per question (grade cell) of every assignment with submissions.

    Shares are % of the graded submissions (questions still waiting for the instructor are left out);
    for 識別力 a question waiting for the instructor counts 0 in the other questions' total, as in the
    gradebook's own total. よくある失敗 is the most frequent error of the failed test cell (ties: first
    in Japanese sort order), with 失敗件数 trainees.

    Examples
    --------
    >>> compute_items(Path("course"))  # doctest: +SKIP
    """
    course_dir = Path(course_dir)
    scores = compute_question_scores(course_dir) if scores is None else scores
    failures = read_failures(course_dir)
    rows = []
    for (assignment, notebook), frame in scores.groupby(["課題", "ノートブック"], sort=False):
        wide = frame.pivot_table(index="職員番号", columns="問", values="得点", aggfunc="first", dropna=False)
        total = wide.fillna(0).sum(axis=1)
        for question, q_rows in frame.groupby("問", sort=False):
            graded = q_rows.dropna(subset=["得点"])
            full = float(q_rows["満点"].iloc[0])
            n = len(graded)
            share = lambda mask: round(100 * float(mask.sum()) / n, 1) if n else float("nan")  # noqa: E731
            item = wide[question].dropna()
            rest = (total - wide[question].fillna(0)).loc[item.index]
            failed = failures[(failures["課題"] == assignment) & (failures["ノートブック"] == notebook)
                              & (failures["問"] == question)
                              & failures["職員番号"].isin(graded.loc[graded["得点"] < full, "職員番号"])]
            counts = sorted(Counter(failed["メッセージ"]).items(), key=lambda kv: (-kv[1], kv[0]))
            rows.append({"課題": assignment, "ノートブック": notebook, "問": question, "満点": full, "採点数": n,
                         "採点待ち": int(q_rows["採点待ち"].sum()),
                         "満点の割合": share(graded["得点"] >= full), "部分点の割合": share((graded["得点"] > 0) & (graded["得点"] < full)),
                         "0点の割合": share(graded["得点"] <= 0),
                         "平均得点率": round(100 * graded["得点"].mean() / full, 1) if n and full else float("nan"),
                         "識別力": round(item_total_correlation(item, rest), 3),
                         "よくある失敗": counts[0][0] if counts else "", "失敗件数": counts[0][1] if counts else 0})
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def format_items(items: pd.DataFrame) -> list[str]:
    """問題別の分析の要約: one Japanese line per question (for the terminal).

    >>> row = {"課題": "b01", "問": "q1", "採点数": 4, "満点の割合": 25.0, "部分点の割合": 0.0, "0点の割合": 75.0,
    ...        "識別力": 0.333, "よくある失敗": "値が違います。", "失敗件数": 2}
    >>> format_items(pd.DataFrame([row]))
    ['b01/q1: 満点 25.0%、部分点 0.0%、0点 75.0%、識別力 0.33、よくある失敗: 値が違います。（2 件）']
    """
    lines = []
    for row in items.to_dict("records"):
        shares = (f"満点 {row['満点の割合']:.1f}%、部分点 {row['部分点の割合']:.1f}%、0点 {row['0点の割合']:.1f}%"
                  if row["採点数"] else "採点済みの提出なし")
        power = "—" if pd.isna(row["識別力"]) else f"{row['識別力']:.2f}"
        fail = f"、よくある失敗: {row['よくある失敗']}（{row['失敗件数']} 件）" if row["失敗件数"] else ""
        lines.append(f"{row['課題']}/{row['問']}: {shares}、識別力 {power}{fail}")
    return lines


def cohort_label(course_dir: Path) -> str:
    """コホートの呼び名: ``2026年度`` from course.json, else the folder name."""
    year = cfg.read_meta(course_dir).get("year")
    return f"{year}年度" if year else Path(course_dir).name


def compare_items(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """前回との比較: questions of both cohorts side by side (matched by 課題, ノートブック, 問).

    Columns: 課題, ノートブック, 問, 平均得点率, 前回の平均得点率, 差（ポイント）, 満点の割合, 前回の満点の割合,
    識別力, 前回の識別力. A question only one cohort had is kept with the other side empty.

    >>> now = pd.DataFrame({"課題": ["a"], "ノートブック": ["a"], "問": ["q1"], "平均得点率": [40.0], "満点の割合": [40.0], "識別力": [0.5]})
    >>> before = now.assign(平均得点率=[80.0], 満点の割合=[80.0], 識別力=[0.2])
    >>> compare_items(now, before)[["問", "平均得点率", "前回の平均得点率", "差（ポイント）"]].to_dict("records")
    [{'問': 'q1', '平均得点率': 40.0, '前回の平均得点率': 80.0, '差（ポイント）': -40.0}]
    """
    keys = ["課題", "ノートブック", "問"]
    values = ["平均得点率", "満点の割合", "識別力"]
    merged = current[keys + values].merge(previous[keys + values].rename(columns={v: f"前回の{v}" for v in values}),
                                          on=keys, how="outer", sort=False)
    merged["差（ポイント）"] = (merged["平均得点率"] - merged["前回の平均得点率"]).round(1)
    return merged[keys + ["平均得点率", "前回の平均得点率", "差（ポイント）", "満点の割合", "前回の満点の割合", "識別力", "前回の識別力"]]


def question_columns(scores: pd.DataFrame) -> pd.DataFrame:
    """成績一覧の問題別の列: one row per (職員番号, 課題), one column per question (its score; empty while pending).

    A grade id used by two notebooks is written ``ノートブック/問``.
    """
    if scores.empty:
        return pd.DataFrame(columns=["職員番号", "課題"])
    owners = scores.groupby("問")["ノートブック"].nunique()
    label = scores.apply(lambda r: r["問"] if owners[r["問"]] == 1 else f"{r['ノートブック']}/{r['問']}", axis=1)
    order = list(dict.fromkeys(label))
    wide = scores.assign(列=label).pivot_table(index=["職員番号", "課題"], columns="列", values="得点", aggfunc="first",
                                               dropna=False)
    return wide.reindex(columns=order).reset_index().rename_axis(columns=None)


def write_items_csv(course_dir: Path, path: Path, *, previous: Path | None = None) -> Path:
    """問題別の分析を CSV に書く (UTF-8 with BOM for Excel); with ``previous``, the comparison with that cohort.

    Examples
    --------
    >>> write_items_csv(Path("cohort2026"), Path("items.csv"), previous=Path("cohort2025"))  # doctest: +SKIP
    """
    items = compute_items(course_dir)
    if previous is not None:
        cfg.load_config(previous)  # a clear error when the other folder is not a course
        items = items.merge(compare_items(items, compute_items(previous)).drop(columns=["平均得点率", "満点の割合", "識別力"]),
                            on=["課題", "ノートブック", "問"], how="left")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    items.to_csv(path, index=False, encoding="utf-8-sig")
    return path
