"""人口ピラミッドと年齢区分: 5-year age classes → 年齢 3 区分, and the pyramid chart with 年齢「不詳」 kept apart.

Works on the tables of :func:`curriculum.data.read_census_age` (国勢調査 2020, with an ``unknown`` column)
and :func:`curriculum.data.read_juki_age` (住基, where Σ classes can fall short of 総数 because small
municipalities do not publish their foreign residents' ages). Both carry their class columns in
``attrs["age_classes"]`` (``"0-4"`` … ``"100+"``, or ``"80+"`` in 2013). Used by the ベーシック編
notebooks on trends (b10) and population pyramids (b12).
"""

from __future__ import annotations

import re

import pandas as pd

from curriculum.errors import DataFormatError

__all__ = ["class_start", "compute_age_groups", "plot_pyramid", "AGE_GROUPS"]

#: 年齢 3 区分 (年少人口・生産年齢人口・老年人口), as 総務省 and the census publish them.
AGE_GROUPS = {"0-14": "15歳未満", "15-64": "15〜64歳", "65+": "65歳以上"}


def class_start(label: str) -> int:
    """The first age of a class column: ``"15-19"`` → 15, ``"100+"`` → 100.

    >>> class_start("15-19"), class_start("80+")
    (15, 80)
    """
    match = re.match(r"(\d+)(?:-\d+|\+)$", str(label))
    if not match:
        raise DataFormatError(f"年齢階級の列名 {label!r} を読めません（\"15-19\" や \"100+\" の形を想定）。",
                              f"cannot read the age class {label!r}",
                              fix="read_census_age / read_juki_age で読んだ表を渡してください。")
    return int(match.group(1))


def _classes(frame: pd.DataFrame) -> list[str]:
    classes = frame.attrs.get("age_classes")
    if not classes:
        raise DataFormatError("表に年齢階級の列の一覧（attrs['age_classes']）がありません。",
                              "the table has no attrs['age_classes']",
                              fix="read_census_age / read_juki_age で読んだ表を、列を選び直さずに渡してください。")
    return list(classes)


def compute_age_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """年齢 3 区分の人口: ``0-14``, ``15-64``, ``65+`` and ``age_unknown`` (総数 − Σ 年齢階級), one row per row.

    ``age_unknown`` is the census 年齢「不詳」, or in 住基 the residents whose age class is not published
    (small municipalities' foreign residents); it is 0 for most rows. The four columns add up to ``total``.

    Examples
    --------
    >>> t = pd.DataFrame({"total": [100], "0-4": [10], "5-9": [10], "10-14": [10], "15-64": [40], "65+": [25]})
    >>> t.attrs["age_classes"] = ["0-4", "5-9", "10-14", "15-64", "65+"]
    >>> compute_age_groups(t).iloc[0].tolist()
    [30, 40, 25, 5]
    """
    classes = _classes(frame)
    starts = {c: class_start(c) for c in classes}
    if 15 not in starts.values() or 65 not in starts.values():
        raise DataFormatError("15 歳・65 歳で始まる年齢階級がないので 3 区分にできません。",
                              "no classes starting at 15 and 65", fix="5 歳階級の表を渡してください。")
    out = pd.DataFrame(index=frame.index)
    out["0-14"] = frame[[c for c in classes if starts[c] < 15]].sum(axis=1)
    out["15-64"] = frame[[c for c in classes if 15 <= starts[c] < 65]].sum(axis=1)
    out["65+"] = frame[[c for c in classes if starts[c] >= 65]].sum(axis=1)
    out["age_unknown"] = frame["total"] - frame[classes].sum(axis=1)
    return out


def plot_pyramid(male: pd.Series, female: pd.Series, *, unknown: tuple[int, int] | None = None, title: str = "",
                 ax=None, per_cent_of: float | None = None):
    """人口ピラミッド: men to the left, women to the right, youngest class at the bottom.

    Parameters
    ----------
    male, female : Series indexed by class (``"0-4"`` …), in ascending age order
    unknown : (men, women), keyword-only
        年齢「不詳」: written beside the chart, never drawn as an age bar.
    per_cent_of : number, keyword-only
        Draw shares of this total (%) instead of people, to compare areas of different size.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    if list(male.index) != list(female.index):
        raise DataFormatError("男と女の年齢階級がそろっていません。", "male and female classes differ",
                              fix="同じ表の男・女の行から、同じ列を取り出してください。")
    scale = 100 / per_cent_of if per_cent_of else 1
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5.5))
    labels = [str(c).replace("-", "〜") + ("" if str(c).endswith("+") else "歳") for c in male.index]
    labels = [label.replace("+", "歳以上") for label in labels]
    ax.barh(labels, -male.astype(float) * scale, color="#5b8db8", label="男")
    ax.barh(labels, female.astype(float) * scale, color="#e07b7b", label="女")
    limit = float(max(male.max(), female.max())) * scale * 1.1
    ax.set_xlim(-limit, limit)
    ticks = ax.get_xticks()
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{abs(t):,.1f}" if per_cent_of else f"{abs(t):,.0f}" for t in ticks])
    ax.set_xlabel("総人口に占める割合（%）" if per_cent_of else "人")
    ax.axvline(0, color="black", linewidth=0.8)
    if unknown is not None:
        ax.text(0.99, 0.02, f"年齢「不詳」（グラフに含めない）\n男 {unknown[0]:,} 人・女 {unknown[1]:,} 人",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "#999999"})
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    return ax
