"""Japanese labels render with no missing-glyph warnings, also after seaborn's theme."""

import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402


def draw_japanese() -> list:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title("燕市の高齢化率（６５歳以上）－練習")
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    return [w for w in caught if "missing from font" in str(w.message)]


def test_plain_seaborn_theme_loses_the_font_and_ours_keeps_it():
    import curriculum.plotting as plotting

    sns.set_theme()  # the trap: resets the font family to DejaVu Sans
    assert draw_japanese(), "expected tofu warnings after plain sns.set_theme()"
    plotting.set_theme(style="whitegrid")
    assert draw_japanese() == []
    assert matplotlib.rcParams["font.family"] == [plotting.JAPANESE_FONT]
