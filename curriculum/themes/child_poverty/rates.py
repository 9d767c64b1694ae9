"""こどもの貧困の指標: rates with the right denominator, the Wilson interval for small numbers, suppression.

* The denominator is the population the rate is about: children for 保育所等 and 教育費 per child, 世帯 for
  母子世帯 and 生活保護の世帯, 児童生徒 for 就学援助 — never the whole population by habit.
* A rate from a small district moves a lot by chance: :func:`compute_wilson_interval` gives the 95 % interval
  (Wilson score interval, which stays inside 0–1 and behaves for 0 or n successes, unlike p ± 1.96·SE).
* A published district table shows no figure under 10 persons: :func:`publish_aid_table` uses the one suppression
  helper (:func:`curriculum.analysis.suppression.suppress_table`), and hides a rate whenever its count is hidden
  (the rate × the published 児童生徒数 would give the count back).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.analysis.compare import compute_size_band
from curriculum.analysis.suppression import DEFAULT_THRESHOLD, suppress_table
from curriculum.errors import InputError

__all__ = ["Z_95", "compute_wilson_interval", "compute_child_indicators", "compute_aid_rates", "publish_aid_table"]

Z_95 = 1.959963984540054  # the two-sided 95 % point of the standard normal distribution


def compute_wilson_interval(successes, n, *, z: float = Z_95):
    """ウィルソンの信頼区間（割合の 95 % 区間）: ``(lower, upper)`` for ``successes`` out of ``n``.

    center = (p + z²/2n) / (1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n), with p = successes / n.
    Works on numbers or on Series (element-wise); n = 0 gives NaN.

    >>> low, high = compute_wilson_interval(3, 20)
    >>> round(low, 4), round(high, 4)
    (0.0524, 0.3604)
    >>> compute_wilson_interval(0, 10)[0]
    0.0
    """
    k = np.asarray(successes, dtype="float64")
    total = np.asarray(n, dtype="float64")
    if np.any(k < 0) or np.any(k > total):
        raise InputError("割合の区間は 0 ≤ 該当数 ≤ 全体の数 のときだけ計算できます。",
                         "successes must be between 0 and n", fix="分子と分母の取り違えがないか確かめてください。")
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / total
        denominator = 1 + z * z / total
        center = (p + z * z / (2 * total)) / denominator
        half = z * np.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
        low, high = np.clip(center - half, 0, 1), np.clip(center + half, 0, 1)
    if isinstance(successes, pd.Series):
        return pd.Series(low, index=successes.index), pd.Series(high, index=successes.index)
    return (float(low), float(high)) if np.ndim(low) == 0 else (low, high)


def compute_child_indicators(municipal: pd.DataFrame) -> pd.DataFrame:
    """子どもに関する指標 for every municipality of SSDSE-A, each with the denominator it is about.

    Columns: Municipality, Prefecture, 総人口, 15歳未満人口, 15歳未満の割合 (A1301 ÷ A1101), 児童生徒数 (E2501 + E3501),
    保育所等（15歳未満千人当たり） (J250302 ÷ A1301 × 1000), 民生費（人口1人当たり、千円） (D320303 ÷ A1101),
    教育費（児童生徒1人当たり、千円） (D320310 ÷ 児童生徒数; 教育費 also pays for 社会教育 — a rough measure), 人口規模.

    >>> m = pd.DataFrame({"Municipality": ["A市"], "Prefecture": ["X県"], "A1101": [10000], "A1301": [1200],
    ...                   "E2501": [500], "E3501": [250], "J250302": [6], "D320303": [3_000_000], "D320310": [1_500_000]},
    ...                  index=["15213"])
    >>> compute_child_indicators(m).loc["15213", ["15歳未満の割合", "保育所等（15歳未満千人当たり）", "教育費（児童生徒1人当たり、千円）"]].tolist()
    [0.12, 5.0, 2000.0]
    """
    population = municipal["A1101"].astype("float64")
    children = municipal["A1301"].astype("float64")
    pupils = (municipal["E2501"] + municipal["E3501"]).astype("float64")
    table = pd.DataFrame({
        "Municipality": municipal["Municipality"], "Prefecture": municipal["Prefecture"],
        "総人口": municipal["A1101"], "15歳未満人口": municipal["A1301"],
        "15歳未満の割合": children / population.where(population > 0),
        "児童生徒数": pupils,
        "保育所等（15歳未満千人当たり）": municipal["J250302"] / children.where(children > 0) * 1000,
        "民生費（人口1人当たり、千円）": municipal["D320303"] / population.where(population > 0),
        "教育費（児童生徒1人当たり、千円）": municipal["D320310"] / pupils.where(pupils > 0),
    }, index=municipal.index)
    table["人口規模"] = compute_size_band(municipal["A1101"])
    return table


def compute_aid_rates(aid: pd.DataFrame, *, year: int, by: str = "district") -> pd.DataFrame:
    """就学援助の受給率 by ``by`` (``"district"`` or ``"school_type"``) for ``year``, with the Wilson interval.

    Columns: 児童生徒数, 要保護, 準要保護, 受給者数 (要保護 + 準要保護), 受給率 (受給者数 ÷ 児童生徒数), 下限, 上限 (95 %).

    >>> a = pd.DataFrame({"year": [2023] * 3, "district": ["A", "A", "B"], "school_type": ["小学校", "中学校", "小学校"],
    ...                   "pupils": [100, 50, 20], "aid_protected": [2, 1, 0], "aid_quasi": [10, 6, 3]})
    >>> compute_aid_rates(a, year=2023).loc["A", ["受給者数", "受給率"]].tolist()
    [19.0, 0.12666666666666668]
    """
    part = aid[aid["year"] == year]
    if part.empty:
        raise InputError(f"{year} 年度の行がありません（ある年度: {sorted(set(aid['year']))}）。", f"no rows for {year}",
                         fix="ある年度を year= に指定してください。")
    grouped = part.groupby(by)[["pupils", "aid_protected", "aid_quasi"]].sum().astype("float64")
    table = grouped.rename(columns={"pupils": "児童生徒数", "aid_protected": "要保護", "aid_quasi": "準要保護"})
    table["受給者数"] = table["要保護"] + table["準要保護"]
    table["受給率"] = table["受給者数"] / table["児童生徒数"].where(table["児童生徒数"] > 0)
    table["下限"], table["上限"] = compute_wilson_interval(table["受給者数"], table["児童生徒数"])
    table.index.name = "地区" if by == "district" else "学校種"
    return table


def publish_aid_table(aid: pd.DataFrame, *, year: int, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """公表用の地区別の表: 要保護・準要保護 by district with totals, counts under ``threshold`` (and the cells that
    would give them back) suppressed as ``<NA>``, and the 受給率 shown only where the 計 is shown.

    >>> a = pd.DataFrame({"year": [2023] * 2, "district": ["A", "B"], "school_type": ["小学校"] * 2,
    ...                   "pupils": [300, 40], "aid_protected": [12, 1], "aid_quasi": [40, 5]})
    >>> t = publish_aid_table(a, year=2023)
    >>> int(t.loc["B", "児童生徒数"]), t.loc["B", ["要保護", "準要保護", "計", "受給率"]].isna().all()
    (40, np.True_)
    """
    rates = compute_aid_rates(aid, year=year)
    counts = rates[["要保護", "準要保護"]].astype("int64")
    shown = suppress_table(counts, threshold=threshold)
    pupils = rates["児童生徒数"].astype("int64")
    table = pd.DataFrame({"児童生徒数": pd.concat([pupils, pd.Series({"計": pupils.sum()})]).astype("Int64")})
    table = table.join(shown)
    rate = (table["計"].astype("Float64") / table["児童生徒数"].astype("Float64")).round(3)
    table["受給率"] = rate.where(table["計"].notna())
    return table
