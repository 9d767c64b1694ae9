"""The skills notebooks of ベーシック編 (b10 推移, b12 人口ピラミッド, b14 回帰, b15 特化係数).

Each is complete (house skeleton, stripped outputs, hidden tests, 出典, instructor notes, no typed city codes), and
on real data its visible self-checks pass the model answer and fail on the typical mistakes the notebook warns about —
for the default city and for another prefecture's municipality chosen only through CURRICULUM_CITY_CODE.
The cells run in-process (nbval runs them in a real kernel).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

REPO = Path(__file__).resolve().parents[1]
SKILLS = ("b10_trends", "b11_excel", "b12_pyramid", "b13_charts", "b14_regression", "b15_specialisation")

# Typical wrong answers, by answer cell: each must make the following self-check fail.
WRONG = {
    "b10_trends": {
        "b10-q1-answer": ['pop_index = trend["total"] / trend.loc[2023, "total"] * 100',
                          'pop_index = trend["total"] / trend.loc[2013, "total"]'],
        "b10-q2-answer": ["growth = (trend.loc[2018] / trend.loc[2023] - 1) * 100",
                          "growth = trend.loc[2023] / trend.loc[2018] * 100"],
        "b10-q3-answer": ["contribution = (trend.loc[2023, PARTS] - trend.loc[2018, PARTS]) / trend.loc[2018, PARTS] * 100",
                          "d = trend.loc[2023, PARTS] - trend.loc[2018, PARTS]\ncontribution = d / d.sum()",
                          "contribution = (trend.loc[2023, PARTS] - trend.loc[2018, PARTS]) / trend.loc[2018, 'total']"],
        "b10-q4-answer": ['n = ssdse_b.groupby(ssdse_b["SSDSE-B-2025"].astype(int))["A1101"].sum()\nyoy = (n / n.shift(1) - 1) * 100',
                          "yoy = pref_pop / pref_pop.shift(1) * 100",
                          "yoy = (pref_pop / pref_pop.shift(-1) - 1) * 100"],
        "b10-q5-answer": ["annual_growth = ((pref_pop.iloc[-1] / pref_pop.iloc[0]) ** (1 / len(pref_pop)) - 1) * 100",
                          "annual_growth = yoy.mean()"],
    },
    "b11_excel": {
        "b11-q1-answer": ['header = sheet.iloc[2].fillna(sheet.iloc[1])\ntable = sheet.iloc[3:].set_axis(header, axis=1)',
                          'header = sheet.iloc[1].fillna(sheet.iloc[2])\ntable = sheet.iloc[3:].set_axis(header, axis=1)'],
        "b11-q2-answer": ["computed_digit = codes5.str[4].astype(int)",
                          "w = sum(codes5.str[i].astype(int) * k for i, k in enumerate((6, 5, 4, 3, 2)))\ncomputed_digit = 11 - w % 11",
                          "w = sum(codes5.str[i].astype(int) * k for i, k in enumerate((6, 5, 4, 3, 2)))\ncomputed_digit = w % 11"],
        "b11-q3-answer": ['by_pref = pd.pivot_table(juki, index="pref_name", columns="sex", values="total", aggfunc="mean")'],
        "b11-q4-answer": ['old = rows[OLD].sum(axis=1)\npref_table = pd.DataFrame({"団体コード": rows["city_code"], "市区町村名": rows["city_name"], '
                          '"総数": rows["total"], "65歳以上": old, "高齢化率": old / rows["total"] * 100})'],
        "b11-q5-answer": ['workbook_path = OUTPUT / "wrong.xlsx"\nwith pd.ExcelWriter(workbook_path) as w:\n'
                          '    pref_table.to_excel(w, sheet_name="データ")\n    about.to_excel(w, sheet_name="出典", index=False)'],
    },
    "b12_pyramid": {
        "b12-q1-answer": ['pyramid = pd.DataFrame({"male": city.loc["male", CLASSES + ["unknown"]], "female": city.loc["female", CLASSES + ["unknown"]]})',
                          'pyramid = pd.DataFrame({"male": city.loc["female", CLASSES], "female": city.loc["male", CLASSES]})'],
        "b12-q2-answer": ['unknown_share = city.loc["total", "unknown"] / (city.loc["total", "total"] - city.loc["total", "unknown"]) * 100'],
        "b12-q3-answer": ['old = city.loc["total", OLD].sum()\nrate_known = old / city.loc["total", "total"] * 100\n'
                          'rate_raw = old / (city.loc["total", "total"] - city.loc["total", "unknown"]) * 100',
                          'rate_raw = city.loc["total", "65-69"] / city.loc["total", "total"] * 100\nrate_known = rate_raw'],
        "b12-q4-answer": ['national_allocated = municipal[OLD].sum(axis=1).sum() / municipal["total"].sum() * 100',
                          'national_allocated = national_known',
                          'national_allocated = (municipal[OLD].sum(axis=1) / (municipal["total"] - municipal["unknown"]) * 100).mean()'],
        "b12-q5-answer": ['juki_rate = rate_raw'],
    },
    "b13_charts": {
        "b13-q1-answer": ['true_ratio = rates[CITY.name] / rates[CITY.pref_name]\n'
                          'drawn_ratio = (rates[CITY.name] - AXIS_START) / (rates[CITY.pref_name] - AXIS_START)',
                          'true_ratio = rates[CITY.name] / rates["全国"]\ndrawn_ratio = true_ratio'],
        "b13-q2-answer": ["quartile_class = pd.cut(pref_rates, 4, labels=[1, 2, 3, 4])\nequal_class = pd.qcut(pref_rates, 4, labels=[1, 2, 3, 4])",
                          "quartile_class = pd.qcut(pref_rates, 4)\nequal_class = pd.cut(pref_rates, 4)"],
        "b13-q3-answer": ["indexed = both / both.iloc[-1] * 100", "indexed = both / both.iloc[0]"],
        "b13-q4-answer": ["top5_plus_other = industry_shares.sort_values().head(6)",
                          "o = industry_shares.sort_values(ascending=False)\n"
                          "top5_plus_other = pd.concat([o.head(5), pd.Series({'その他': o.iloc[6:].sum()})])"],
    },
    "b14_regression": {
        "b14-q1-answer": ["dx = aging - aging.mean()\ndy = death_rate - death_rate.mean()\n"
                          "slope = (dx * dy).sum() / (dy ** 2).sum()\nintercept = death_rate.mean() - slope * aging.mean()",
                          "dx = aging - aging.mean()\ndy = death_rate - death_rate.mean()\n"
                          "slope = (dx * dy).sum() / (dx ** 2).sum()\nintercept = death_rate.mean() - slope"],
        "b14-q2-answer": ["predicted = intercept + slope * aging\nresiduals = predicted - death_rate"],
        "b14-q3-answer": ["target_residual = residuals[TARGET]\nabove_expected = list(residuals[residuals > 0].sort_values().index)",
                          "target_residual = residuals[TARGET]\nabove_expected = list(residuals[residuals < 0].index)"],
        "b14-q4-answer": ["r_squared = aging.corr(death_rate)"],
    },
    "b15_specialisation": {
        "b15-q1-answer": ["city_shares = jobs.loc[TARGET] / jobs_total[TARGET] * 100"],
        "b15-q2-answer": ["national_shares = jobs.div(jobs_total, axis=0).mean()"],
        "b15-q3-answer": ["lq_national = national_shares / city_shares",
                          "lq_national = city_shares - national_shares"],
        "b15-q4-answer": ["lq_pref = lq_national"],
        "b15-q5-answer": ["leading_industries = list(lq_national[lq_national > 1].sort_values(ascending=False).index)",
                          "leading_industries = [NAMES[c] for c in lq_national[(lq_national > 1) & (jobs.loc[TARGET] >= 1000)].index]"],
    },
}


def path_of(name: str) -> Path:
    return REPO / "basic" / name / f"{name}.ipynb"


@pytest.mark.parametrize("name", SKILLS)
def test_skeleton(name):
    nb = nbformat.read(path_of(name), as_version=4)
    assert nb.cells[0].source.startswith("# ベーシック編 第")
    for heading in ("この回のねらい", "所要時間", "データと出典"):
        assert heading in nb.cells[0].source, heading
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "outputs not stripped"
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    setup = [c for c, m in zip(nb.cells, meta) if m.get("grade_id", "").endswith("-setup")]
    assert len(setup) == 1 and setup[0].metadata["nbgrader"]["locked"]
    tests = [c for c, m in zip(nb.cells, meta) if m.get("grade") and c.cell_type == "code"]
    written = [c for c, m in zip(nb.cells, meta) if m.get("grade") and c.cell_type == "markdown"]
    assert len(tests) >= 4 and len(written) >= 1
    assert all("### BEGIN HIDDEN TESTS" in c.source and c.source.startswith("# 自己チェック") for c in tests)
    answers = {m["grade_id"] for m in meta if m.get("solution") and m.get("grade_id", "").endswith("-answer")}
    assert set(WRONG[name]) <= answers
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "データの出典" in markdown and "講師が採点" in markdown and "Excel" in markdown
    # the city comes from the setting: no typed municipality code in any code cell
    for c in code:
        assert not re.search(r"""["']\d{5}["']""", c.source.replace('"00000"', "")), c.source[:80]
    notes = (path_of(name).parent / "instructor_notes.md").read_text(encoding="utf-8")
    assert "講師用メモ" in notes and "採点" in notes and "よくある間違い" in notes


def run_with_mistakes(name: str) -> dict[str, list[str]]:
    """Execute the notebook; at each answer cell try every wrong answer against the next self-check.

    Returns, per answer cell, the wrong answers the self-check let through (should be none).
    """
    nb = nbformat.read(path_of(name), as_version=4)
    namespace: dict = {"display": lambda *a, **k: None}
    escaped: dict[str, list[str]] = {}
    pending = None
    cwd = os.getcwd()
    os.chdir(path_of(name).parent)
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution") and meta["grade_id"] in WRONG[name]:
                pending = meta["grade_id"]
            elif pending and meta.get("grade"):
                for wrong in [*WRONG[name][pending], *stubs(answer_source)]:
                    trial = dict(namespace)
                    exec(wrong, trial)
                    try:
                        exec(cell.source, trial)
                    except Exception:  # noqa: BLE001 — any failure of the check is what we want
                        continue
                    escaped.setdefault(pending, []).append(wrong)
                pending = None
            if meta.get("solution"):
                answer_source = cell.source
            exec(cell.source, namespace)  # the model answer and the check itself must pass
            plt.close("all")
    finally:
        os.chdir(cwd)
    return escaped


def stubs(answer: str) -> list[str]:
    """The untouched stub: every variable the solution assigns left as None."""
    body = answer.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    names = re.findall(r"^(\w+) = ", body, re.M)
    return ["\n".join(f"{n} = None" for n in names)] if names else []


@pytest.mark.parametrize("name", SKILLS)
def test_self_checks_catch_typical_mistakes(name, real_data):
    assert run_with_mistakes(name) == {}


@pytest.mark.parametrize("name", ["b10_trends", "b12_pyramid", "b13_charts", "b15_specialisation"])
def test_runs_for_another_prefectures_city_from_the_setting(name, real_data, monkeypatch):
    monkeypatch.setenv("CURRICULUM_CITY_CODE", "182010")  # 福井市, 6 digits with its check digit
    assert run_with_mistakes(name) == {}
