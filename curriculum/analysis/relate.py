"""関係を見る: correlation with the rules of thumb used in training, per-capita values, confounders.

Used by the ベーシック編 notebooks 関係を見る (b06) and ストーリーと提言 (b08).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.errors import InputError

# 柏木吉基『「それ、根拠あるの？」と言わせない データ・統計分析ができる本』の目安:
# |r| ≥ 0.7 強い相関, |r| ≥ 0.5 相関あり.
STRONG = 0.7
MODERATE = 0.5


def describe_correlation(r: float) -> str:
    """相関の強さの目安: |r| ≥ 0.7 「強い相関」, ≥ 0.5 「相関あり」, otherwise 「相関は弱い」.

    The sign says the direction (正の相関 / 負の相関). A rule of thumb, not a test: with few
    areas a large r can still be chance, and correlation never shows cause.

    >>> describe_correlation(0.82), describe_correlation(-0.55), describe_correlation(0.3)
    ('正の強い相関', '負の相関あり', '相関は弱い')
    >>> describe_correlation(float("nan"))
    '計算できない'
    """
    if r is None or np.isnan(r):
        return "計算できない"
    direction = "正の" if r > 0 else "負の"
    if abs(r) >= STRONG:
        return f"{direction}強い相関"
    if abs(r) >= MODERATE:
        return f"{direction}相関あり"
    return "相関は弱い"


def compute_correlation(frame: pd.DataFrame, x: str, y: str, *, method: str = "pearson") -> float:
    """相関係数: r between two columns, over the rows where both are known.

    Raises :class:`~curriculum.errors.InputError` (a ``ValueError``) when fewer than 3 rows have both values (r is meaningless).

    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 4, 5, 9], "c": [1, None, 2, None]})
    >>> round(compute_correlation(df, "a", "b"), 3)
    0.965
    >>> compute_correlation(df, "a", "c")
    Traceback (most recent call last):
    ...
    curriculum.errors.InputError: 相関係数には両方の値がそろった行が 3 行以上必要です（a と c は 2 行）。
      対処: 欠損（NaN）の少ない列を選ぶか、対象の市区町村を増やしてください。
    [en] correlation needs at least 3 rows with both values (a and c: 2 rows)
    """
    pair = frame[[x, y]].astype("float64").dropna()
    if len(pair) < 3:
        raise InputError(f"相関係数には両方の値がそろった行が 3 行以上必要です（{x} と {y} は {len(pair)} 行）。",
                         f"correlation needs at least 3 rows with both values ({x} and {y}: {len(pair)} rows)",
                         fix="欠損（NaN）の少ない列を選ぶか、対象の市区町村を増やしてください。")
    return float(pair[x].corr(pair[y], method=method))


def compute_per_capita(frame: pd.DataFrame, columns: list[str], *, population: str = "A1101",
                       per: float = 1000) -> pd.DataFrame:
    """人口あたりの値: each column divided by the population, times ``per`` (default 人口千人あたり).

    Totals grow with the size of the town, so two totals almost always correlate; compare
    per-capita values to see the relationship itself.

    >>> df = pd.DataFrame({"A1101": [1000, 50000], "I6100": [2, 150]})
    >>> compute_per_capita(df, ["I6100"])["I6100"].tolist()
    [2.0, 3.0]
    """
    base = frame[population].astype("float64")
    return frame[list(columns)].astype("float64").div(base.where(base > 0), axis=0) * per


def compute_partial_correlation(frame: pd.DataFrame, x: str, y: str, control: str) -> float:
    """偏相関係数: r between x and y after removing what a third variable (交絡因子) explains.

    Each of x and y is regressed on ``control`` by least squares and the residuals are
    correlated. If r drops close to 0, the control (e.g. population size) was behind it.

    >>> rng = np.random.default_rng(0)
    >>> size = rng.uniform(1, 100, 200)
    >>> df = pd.DataFrame({"size": size, "a": size + rng.normal(0, 5, 200), "b": size + rng.normal(0, 5, 200)})
    >>> compute_correlation(df, "a", "b") > 0.9, abs(compute_partial_correlation(df, "a", "b", "size")) < 0.2
    (True, True)
    """
    data = frame[[x, y, control]].astype("float64").dropna()
    if len(data) < 4:
        raise InputError(f"偏相関係数には {x}・{y}・{control} の値がそろった行が 4 行以上必要です（{len(data)} 行）。",
                         f"partial correlation needs at least 4 complete rows ({len(data)} rows)",
                         fix="欠損（NaN）の少ない列を選ぶか、対象の市区町村を増やしてください。")
    design = np.column_stack([np.ones(len(data)), data[control].to_numpy()])

    def residuals(column: str) -> np.ndarray:
        values = data[column].to_numpy()
        coef, *_ = np.linalg.lstsq(design, values, rcond=None)
        return values - design @ coef

    return float(np.corrcoef(residuals(x), residuals(y))[0, 1])
