"""グラフの日本語表示: importing this module makes matplotlib and seaborn draw Japanese labels.

Uses the IPAexGothic font shipped by the PyPI package ``matplotlib-fontja``. Note that
``seaborn.set_theme()`` resets the font; call :func:`set_theme` from here instead.
"""

from __future__ import annotations

import math

import matplotlib
import matplotlib_fontja

from curriculum.provenance import PRACTICE_LABEL

JAPANESE_FONT = "IPAexGothic"


def use_japanese_font() -> None:
    """Register IPAexGothic and make it the default font (minus signs drawn as ASCII)."""
    matplotlib_fontja.japanize()
    matplotlib.rcParams["font.family"] = [JAPANESE_FONT]
    matplotlib.rcParams["axes.unicode_minus"] = False


def set_theme(**kwargs) -> None:
    """seaborn のテーマ設定（日本語フォントを保ったまま）: ``seaborn.set_theme`` with the Japanese font kept."""
    import seaborn as sns

    kwargs.setdefault("font", JAPANESE_FONT)
    sns.set_theme(**kwargs)
    use_japanese_font()


def add_source_note(fig, text: str, *, practice: bool = False) -> None:
    """図の下に出典を書く: put the 出典 line (and 練習用・架空データ when practice) under a figure."""
    note = f"{text}　※{PRACTICE_LABEL}データ" if practice else text
    fig.text(0.01, 0.005, note, fontsize=8, ha="left", va="bottom", color="#555555")


def breaks_around(centre: float, values, *, step: float, per_side: int = 2) -> list[float]:
    """基準値を中心にした階級の境目: ``centre`` ± step, ± 2 step …, the outer classes widened to cover ``values``.

    A map of a few close values on a continuous scale from their minimum to their maximum makes a small gap
    look large; classes of a fixed width around a reference (the prefecture's value) keep it in proportion.

    >>> breaks_around(32.0, [31.2, 33.0], step=2)
    [26.0, 28.0, 30.0, 32.0, 34.0, 36.0, 38.0]
    >>> breaks_around(32.0, [20.5, 33.0], step=2)[:2]
    [20.0, 28.0]
    """
    inner = [centre + k * step for k in range(-per_side, per_side + 1)]
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    low = min([inner[0] - step, *finite])
    high = max([inner[-1] + step, *finite])
    return [float(math.floor(low)), *inner, float(math.ceil(high))]


def diverging_classes(breaks, cmap: str = "RdBu_r"):
    """塗り分けの色: a diverging colour map with one colour per class and the norm that assigns them.

    The class boundary in the middle of ``breaks`` (the reference value) separates the two colour families.

    >>> cmap, norm = diverging_classes([26.0, 28.0, 30.0, 32.0, 34.0, 36.0, 38.0])
    >>> cmap.N, int(norm(31.0)), int(norm(33.0))
    (6, 2, 3)
    """
    from matplotlib.colors import BoundaryNorm

    colours = matplotlib.colormaps[cmap].resampled(len(breaks) - 1)
    return colours, BoundaryNorm(list(breaks), colours.N)


def text_colour_on(colour) -> str:
    """塗りの上の文字色: ``"white"`` on a dark fill, ``"black"`` on a light one (WCAG relative luminance).

    >>> text_colour_on("#67001f"), text_colour_on("#fddbc7"), text_colour_on((0.0, 0.0, 0.5, 1.0))
    ('white', 'black', 'white')
    """
    from matplotlib.colors import to_rgb

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in to_rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # the text colour with the higher contrast ratio against the fill
    return "white" if (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / 0.05) else "black"


use_japanese_font()
