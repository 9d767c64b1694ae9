"""グラフの日本語表示: importing this module makes matplotlib and seaborn draw Japanese labels.

Uses the IPAexGothic font shipped by the PyPI package ``matplotlib-fontja``. Note that
``seaborn.set_theme()`` resets the font; call :func:`set_theme` from here instead.
"""

from __future__ import annotations

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


use_japanese_font()
