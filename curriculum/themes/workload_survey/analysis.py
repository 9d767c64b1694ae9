"""業務量調査の分析: burden, ノンコア率, paper, BPR candidates, what-if savings, search, comparison.

Every function takes the survey frame of :func:`~curriculum.themes.workload_survey.load_workload_survey`
(template keys: ``section``, ``category``, ``task``, ``step``, ``hours``, ``nature``, ``staff_type``,
``paper_sheets``, ``digital`` …). 人件費 uses an hourly cost per staff type that the city must supply;
:data:`ASSUMED_HOURLY_COST` is an illustrative assumption (仮定), shown wherever it is used.
"""

from __future__ import annotations

import pandas as pd

from curriculum.errors import CurriculumError

__all__ = ["ASSUMED_HOURLY_COST", "BPR_RULE", "compute_burden", "compute_paper", "rank_bpr_candidates",
           "estimate_digitisation", "estimate_staff_shift", "find_tasks", "compare_cities"]

#: 仮定（例示）: cost of one hour of work by staff type, in 円. Replace with the city's own 人件費単価.
ASSUMED_HOURLY_COST = {"正規職員": 4_000, "会計年度任用職員": 1_800, "委託": 2_500}
#: The rule :func:`rank_bpr_candidates` applies, in words (printed with its result).
BPR_RULE = ("業務（課 × 業務名）ごとに、ノンコアの作業の時間が業務全体の半分以上で、電子化が「済」でない作業がある業務を候補とし、"
            "ノンコアの作業の年間時間が多い順に並べる")
_GROUPS = {"課": ["department", "section"], "業務分類": ["category"], "部": ["department"], "職員の種別": ["staff_type"]}


def _group_columns(by: str) -> list[str]:
    if by not in _GROUPS:
        raise CurriculumError(f"集計の単位 {by!r} は使えません。", f"unknown grouping {by!r}",
                              fix=f"{' / '.join(_GROUPS)} のどれかにしてください。")
    return _GROUPS[by]


def _costs(survey: pd.DataFrame, hourly_cost: dict) -> pd.Series:
    missing = sorted(set(survey["staff_type"]) - set(hourly_cost))
    if missing:
        raise CurriculumError(f"人件費単価がない職員の種別があります: {'、'.join(missing)}", f"no hourly cost for {missing}",
                              fix="hourly_cost={'正規職員': …, '会計年度任用職員': …, '委託': …} のように全種別を指定してください。")
    return survey["hours"] * survey["staff_type"].map(hourly_cost)


def compute_burden(survey: pd.DataFrame, by: str = "課", *, hourly_cost: dict | None = None) -> pd.DataFrame:
    """業務量と人件費: hours, 人件費（円）, ノンコア時間, ノンコア率 and the share of all hours, by 課 / 業務分類 / 部.

    ``ノンコア率`` is ノンコア hours ÷ hours of the group (a ratio of sums, not a mean of ratios).

    >>> s = pd.DataFrame({"department": ["A", "A", "A"], "section": ["x", "x", "y"], "category": ["庶務"] * 3,
    ...                   "hours": [30.0, 10.0, 60.0], "nature": ["ノンコア", "コア", "ノンコア"],
    ...                   "staff_type": ["正規職員", "正規職員", "委託"]})
    >>> compute_burden(s, "課")[["hours", "noncore_hours", "noncore_rate", "share", "cost_yen"]].round(2).values.tolist()
    [[60.0, 60.0, 1.0, 0.6, 150000.0], [40.0, 30.0, 0.75, 0.4, 160000.0]]
    """
    keys = _group_columns(by)
    cost = _costs(survey, hourly_cost or ASSUMED_HOURLY_COST)
    work = survey.assign(cost_yen=cost, noncore_hours=survey["hours"].where(survey["nature"] == "ノンコア", 0.0))
    table = work.groupby(keys, sort=False)[["hours", "noncore_hours", "cost_yen"]].sum()
    table["noncore_rate"] = table["noncore_hours"] / table["hours"]
    table["share"] = table["hours"] / table["hours"].sum()
    table = table.sort_values("hours", ascending=False).reset_index()
    table.attrs["assumption"] = f"人件費は仮定の単価（{hourly_cost or ASSUMED_HOURLY_COST} 円／時間）で計算" if hourly_cost is None else ""
    return table


def compute_paper(survey: pd.DataFrame, by: str = "課") -> pd.DataFrame:
    """紙の使用量と電子化率: sheets per year, and the share of 作業 and of hours already 電子化「済」.

    >>> s = pd.DataFrame({"department": ["A"] * 2, "section": ["x"] * 2, "category": ["庶務"] * 2, "hours": [10.0, 30.0],
    ...                   "paper_sheets": [0, 500], "digital": ["済", "未"]})
    >>> compute_paper(s)[["paper_sheets", "digital_step_rate", "digital_hours_rate"]].values.tolist()
    [[500.0, 0.5, 0.25]]
    """
    keys = _group_columns(by)
    work = survey.assign(done=(survey["digital"] == "済").astype(float),
                         done_hours=survey["hours"].where(survey["digital"] == "済", 0.0))
    table = work.groupby(keys, sort=False).agg(paper_sheets=("paper_sheets", "sum"), steps=("done", "size"),
                                               digital_steps=("done", "sum"), hours=("hours", "sum"),
                                               digital_hours=("done_hours", "sum"))
    table["paper_sheets"] = table["paper_sheets"].astype(float)
    table["digital_step_rate"] = table["digital_steps"] / table["steps"]
    table["digital_hours_rate"] = table["digital_hours"] / table["hours"]
    return table.sort_values("paper_sheets", ascending=False).reset_index()


def rank_bpr_candidates(survey: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """BPR の候補: 業務 that satisfy :data:`BPR_RULE`, by ノンコア hours (the rule is in ``attrs["rule"]``).

    >>> s = pd.DataFrame({"section": ["x", "x", "y"], "task": ["t", "t", "u"], "category": ["庶務"] * 3,
    ...                   "hours": [80.0, 20.0, 50.0], "nature": ["ノンコア", "コア", "コア"],
    ...                   "digital": ["未", "済", "未"], "paper_sheets": [100, 0, 10]})
    >>> rank_bpr_candidates(s)[["section", "task", "noncore_hours", "noncore_rate"]].values.tolist()
    [['x', 't', 80.0, 0.8]]
    """
    work = survey.assign(noncore_hours=survey["hours"].where(survey["nature"] == "ノンコア", 0.0),
                         not_digital=survey["digital"] != "済")
    tasks = work.groupby(["section", "task"], sort=False).agg(
        category=("category", "first"), hours=("hours", "sum"), noncore_hours=("noncore_hours", "sum"),
        paper_sheets=("paper_sheets", "sum"), steps_not_digital=("not_digital", "sum"))
    tasks["noncore_rate"] = tasks["noncore_hours"] / tasks["hours"]
    chosen = tasks[(tasks["noncore_rate"] >= 0.5) & (tasks["steps_not_digital"] > 0)]
    result = chosen.sort_values("noncore_hours", ascending=False).head(top).reset_index()
    result.attrs["rule"] = BPR_RULE
    return result


def _selected(survey: pd.DataFrame, mask) -> pd.DataFrame:
    mask = pd.Series(mask, index=survey.index) if not isinstance(mask, pd.Series) else mask
    if mask.dtype != bool or not mask.index.equals(survey.index):
        raise CurriculumError("対象の作業は、調査表と同じ行の True / False（例: survey['category'] == '庶務'）で指定してください。",
                              "mask must be a boolean Series aligned with the survey")
    if not mask.any():
        raise CurriculumError("条件に合う作業が 1 つもありません。", "the mask selects no rows", fix="条件を確かめてください。")
    return survey[mask]


def estimate_digitisation(survey: pd.DataFrame, mask, *, time_reduction: float, hourly_cost: dict | None = None) -> pd.Series:
    """電子化したら: hours, 人件費 and paper saved if the selected 作業 (not yet 済) are digitised.

    ``time_reduction`` is the ASSUMED share of their hours that digitisation saves (e.g. 0.3 = 3 割);
    the result repeats every assumption so that it is never quoted without them.

    >>> s = pd.DataFrame({"hours": [100.0, 50.0], "staff_type": ["正規職員", "委託"], "paper_sheets": [400, 100],
    ...                   "digital": ["未", "済"]})
    >>> estimate_digitisation(s, s["hours"] > 0, time_reduction=0.3)[["対象の作業数", "削減時間", "削減人件費（円）", "削減枚数"]].tolist()
    [1, 30.0, 120000.0, 400]
    """
    if not 0 <= time_reduction <= 1:
        raise CurriculumError(f"time_reduction は 0〜1 の割合です（{time_reduction}）。", "time_reduction must be in [0, 1]",
                              fix="3 割なら 0.3 と書きます。")
    rows = _selected(survey, mask)
    rows = rows[rows["digital"] != "済"]
    cost = hourly_cost or ASSUMED_HOURLY_COST
    return pd.Series({
        "対象の作業数": len(rows), "対象の年間時間": float(rows["hours"].sum()),
        "削減時間": float(rows["hours"].sum() * time_reduction),
        "削減人件費（円）": float(_costs(rows, cost).sum() * time_reduction),
        "削減枚数": int(rows["paper_sheets"].sum()),
        "仮定": f"時間の削減率 {time_reduction:.0%}、人件費単価 {cost} 円／時間、紙は電子化でなくなる",
    })


def estimate_staff_shift(survey: pd.DataFrame, mask, *, to: str, hourly_cost: dict | None = None) -> pd.Series:
    """担い手を変えたら: 人件費 saved if the selected ノンコア 作業 move to ``to`` (会計年度任用職員 / 委託).

    コア業務 cannot move (only staff may do it): selecting any コア row is an error, not a silent skip.

    >>> s = pd.DataFrame({"hours": [100.0, 50.0], "staff_type": ["正規職員", "正規職員"], "nature": ["ノンコア", "ノンコア"]})
    >>> estimate_staff_shift(s, s["hours"] > 60, to="委託")[["対象の作業数", "削減人件費（円）"]].tolist()
    [1, 150000.0]
    """
    cost = hourly_cost or ASSUMED_HOURLY_COST
    if to not in cost:
        raise CurriculumError(f"移す先の職員の種別 {to!r} に人件費単価がありません。", f"no hourly cost for {to!r}",
                              fix=f"{' / '.join(cost)} のどれかにしてください。")
    rows = _selected(survey, mask)
    core = rows[rows["nature"] == "コア"]
    if len(core):
        raise CurriculumError(f"コア業務（職員でなければできない作業）が {len(core)} 件含まれています。担い手は変えられません。",
                              "core tasks cannot move to other staff", fix="条件に survey['nature'] == 'ノンコア' を加えてください。")
    rows = rows[rows["staff_type"] != to]
    before = _costs(rows, cost).sum()
    after = (rows["hours"] * cost[to]).sum()
    return pd.Series({"対象の作業数": len(rows), "対象の年間時間": float(rows["hours"].sum()),
                      "削減人件費（円）": float(before - after),
                      "仮定": f"人件費単価 {cost} 円／時間、移したあとも同じ時間がかかる"})


def find_tasks(survey: pd.DataFrame, keyword: str) -> pd.DataFrame:
    """誰が何をしているか: every 作業 whose 業務名 or 作業名 contains ``keyword``, with 課 and hours.

    >>> s = pd.DataFrame({"department": ["A", "B"], "section": ["x", "y"], "task": ["旅費の支給", "証明書の交付"],
    ...                   "step": ["計算", "受付"], "hours": [5.0, 9.0], "staff_type": ["正規職員", "委託"]})
    >>> find_tasks(s, "旅費")["section"].tolist()
    ['x']
    """
    if not str(keyword).strip():
        raise CurriculumError("検索する言葉が空です。", "empty keyword", fix="例: find_tasks(survey, '旅費')")
    hit = survey["task"].str.contains(keyword, regex=False) | survey["step"].str.contains(keyword, regex=False)
    return survey.loc[hit, ["department", "section", "task", "step", "hours", "staff_type"]].sort_values(
        "hours", ascending=False).reset_index(drop=True)


def compare_cities(surveys: dict[str, pd.DataFrame], by: str = "業務分類") -> pd.DataFrame:
    """自治体間の比較: each city's share of hours by the common classification, side by side.

    Shares, not hours: cities differ in size. The classification must be the same in every survey.

    >>> a = pd.DataFrame({"category": ["庶務", "広報"], "hours": [30.0, 70.0]})
    >>> b = pd.DataFrame({"category": ["庶務"], "hours": [10.0]})
    >>> compare_cities({"A市": a, "B町": b}).round(2).values.tolist()
    [[0.7, 0.0], [0.3, 1.0]]
    """
    keys = _group_columns(by)
    shares = {name: s.groupby(keys)["hours"].sum() / s["hours"].sum() for name, s in surveys.items()}
    table = pd.DataFrame(shares).fillna(0.0)
    return table.sort_values(table.columns[0], ascending=False)
