"""回帰の初歩: a straight line through a scatter (最小二乗法), residuals read as 「期待より高い／低い」.

Used by the ベーシック編 notebook 回帰の初歩 (b14) after the trainee has computed the same line in
plain pandas (the formulas below are Excel's ``SLOPE``, ``INTERCEPT`` and ``RSQ``). A residual is
実際の値 − 直線から期待される値: positive means higher than areas with the same x would lead one to
expect. The line describes an association across areas; it says nothing about cause.
Pure pandas/numpy; uses nothing from the rest of the package but the error classes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from curriculum.errors import InputError

__all__ = ["RegressionLine", "compute_regression_line", "compute_residuals", "plot_regression"]


@dataclass(frozen=True)
class RegressionLine:
    """回帰直線 y = intercept + slope × x, with its 決定係数 R² and the number of areas used."""

    slope: float
    intercept: float
    r_squared: float
    n: int

    def predict(self, x):
        """期待される値（予測値）: ``intercept + slope * x`` for a number or a Series.

        >>> RegressionLine(2.0, 1.0, 1.0, 3).predict(pd.Series([0, 1])).tolist()
        [1.0, 3.0]
        """
        return self.intercept + self.slope * x


def _pairs(x: pd.Series, y: pd.Series) -> pd.DataFrame:
    pair = pd.concat([pd.Series(x, dtype="float64").rename("x"), pd.Series(y, dtype="float64").rename("y")],
                     axis=1, join="inner").dropna()
    if len(pair) < 3:
        raise InputError(f"回帰直線には x と y の両方がそろった地域が 3 つ以上必要です（{len(pair)} つ）。",
                         f"a regression line needs at least 3 areas with both x and y ({len(pair)})",
                         fix="欠損（NaN）の少ない列を選ぶか、x と y の行の名前（市区町村コード）がそろっているか確かめてください。")
    if pair["x"].nunique() < 2:
        raise InputError("x の値がすべて同じなので、直線の傾きが決まりません。",
                         "all x values are equal: the slope is undefined", fix="ばらつきのある列を x にしてください。")
    return pair


def compute_regression_line(x: pd.Series, y: pd.Series) -> RegressionLine:
    """回帰直線（最小二乗法）: the slope and intercept Excel's ``SLOPE`` / ``INTERCEPT`` give, and ``RSQ``.

    slope = Σ(x − x̄)(y − ȳ) ÷ Σ(x − x̄)², intercept = ȳ − slope × x̄, R² = r².
    Rows are matched by index; rows missing x or y are left out.

    Examples
    --------
    >>> x = pd.Series([1, 2, 3, 4], index=list("abcd"))
    >>> y = pd.Series([3, 5, 7, 10], index=list("abcd"))
    >>> line = compute_regression_line(x, y)
    >>> round(line.slope, 3), round(line.intercept, 3), round(line.r_squared, 3), line.n
    (2.3, 0.5, 0.989, 4)
    """
    pair = _pairs(x, y)
    dx, dy = pair["x"] - pair["x"].mean(), pair["y"] - pair["y"].mean()
    slope = float((dx * dy).sum() / (dx ** 2).sum())
    intercept = float(pair["y"].mean() - slope * pair["x"].mean())
    r = float(pair["x"].corr(pair["y"]))
    return RegressionLine(slope, intercept, r * r if not np.isnan(r) else float("nan"), len(pair))


def compute_residuals(x: pd.Series, y: pd.Series, *, line: RegressionLine | None = None) -> pd.DataFrame:
    """残差: 実際の値 − 期待される値, one row per area (positive = 期待より高い).

    Parameters
    ----------
    x, y : Series indexed by area (e.g. ``city_code``)
    line : RegressionLine, keyword-only
        The line to compare with; default: the least-squares line of ``x`` and ``y``.

    Returns
    -------
    DataFrame with columns ``x``, ``y``, ``predicted``, ``residual``, sorted by ``residual`` (largest first).

    Examples
    --------
    >>> x = pd.Series([1, 2, 3], index=["A市", "B町", "C村"])
    >>> y = pd.Series([2, 5, 6], index=["A市", "B町", "C村"])
    >>> compute_residuals(x, y)["residual"].round(2).to_dict()
    {'B町': 0.67, 'A市': -0.33, 'C村': -0.33}
    """
    pair = _pairs(x, y)
    line = line or compute_regression_line(pair["x"], pair["y"])
    out = pair.assign(predicted=line.predict(pair["x"]))
    out["residual"] = out["y"] - out["predicted"]
    return out.sort_values("residual", ascending=False, kind="stable")


def plot_regression(x: pd.Series, y: pd.Series, *, labels=None, highlight=(), xlabel: str = "", ylabel: str = "",
                    title: str = "", ax=None):
    """散布図と回帰直線: every area as a point, the line, and ``highlight`` codes labelled in orange.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    pair = _pairs(x, y)
    line = compute_regression_line(pair["x"], pair["y"])
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 4.5))
    ax.scatter(pair["x"], pair["y"], color="#9aa9b8", s=22)
    xs = np.linspace(pair["x"].min(), pair["x"].max(), 50)
    ax.plot(xs, line.predict(xs), color="black", linewidth=1,
            label=f"回帰直線 y = {line.intercept:.2f} + {line.slope:.3f}x（R² = {line.r_squared:.2f}）")
    for code in highlight:
        if code in pair.index:
            ax.scatter([pair.at[code, "x"]], [pair.at[code, "y"]], color="#e8710a", s=50, zorder=3)
            name = labels[code] if labels is not None else code
            ax.annotate(name, (pair.at[code, "x"], pair.at[code, "y"]), textcoords="offset points", xytext=(6, 4),
                        color="#e8710a")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    return ax
