"""数値の読み取りと秘匿・データなしの記号: the one parser for number columns of government tables.

Government tables write "no number here" with marks, never with 0: ``-`` (該当なし・数値が得られない),
``***`` (該当数値なし), ``X`` / ``x`` (秘匿), ``*`` (秘匿, e.g. 地域メッシュ統計), ``…`` (不詳) and
full-width variants. Every reader in :mod:`curriculum.data` parses number columns with
:func:`to_numbers`, so a mark becomes NA the same way everywhere and anything else that is
not a number is an error naming the column and the value.

``estat_client`` keeps its own list (``estat_client._parse.DEFAULT_SPECIAL_MARKS``) because it
stands alone; a test checks that the marks both know are treated the same.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pandas as pd

from curriculum.errors import DataFormatError

__all__ = ["NO_DATA_MARKS", "to_numbers"]

#: Marks for 秘匿 / no data in the tables this package reads (SSDSE, 住民基本台帳, …); the empty
#: cell counts as no data too. A mark is NA, never 0.
NO_DATA_MARKS = frozenset({"", "-", "－", "―", "…", "***", "*", "X", "x"})


def to_numbers(column: pd.Series, *, name: str, path: str | Path | None = None,
               marks: Collection[str] = NO_DATA_MARKS) -> pd.Series:
    """数値の列を読む: text cells → numbers, 秘匿・データなしの記号 → NaN (never 0).

    Cells are stripped and thousands separators (``1,234``) removed. Any other cell that is not a
    number raises a :class:`~curriculum.errors.DataFormatError` naming ``name`` (the column, as the
    trainee knows it), the first bad value and how many there are.

    Parameters
    ----------
    column : pandas.Series of str
    name : str
        How the error names the column, e.g. ``"A1101"`` or ``"population（人口（計））"``.
    path : str or Path, optional
        The file, for the error message.
    marks : collection of str
        The marks that mean "no number"; default :data:`NO_DATA_MARKS`. A reader whose format
        allows fewer marks passes its own (the 地域メッシュ統計 allow only ``*``).

    Returns
    -------
    pandas.Series
        As :func:`pandas.to_numeric` gives it (int64 when every cell is a whole number, else
        float64 with NaN for the marks); callers choose the final dtype.

    Examples
    --------
    >>> to_numbers(pd.Series(["1,234", " 5 ", "X", "-", "*"]), name="A1101").tolist()
    [1234.0, 5.0, nan, nan, nan]
    >>> try:
    ...     to_numbers(pd.Series(["12", "約40万"]), name="A1101")
    ... except DataFormatError as err:
    ...     print(err.ja)
    列 A1101 に数値でない値 '約40万' があります（1 か所）。数値でも秘匿・データなしの記号（-, X, * など）でもありません。
    """
    text = column.str.strip()
    is_mark = text.isin(list(marks))
    numbers = pd.to_numeric(text.str.replace(",", "", regex=False).where(~is_mark), errors="coerce")
    unexplained = numbers.isna() & ~is_mark
    if unexplained.any():
        value = str(text[unexplained].iloc[0])
        shown = ", ".join(m for m in ("-", "X", "*") if m in marks) or ", ".join(sorted(m for m in marks if m))
        raise DataFormatError(
            f"列 {name} に数値でない値 {value!r} があります（{int(unexplained.sum())} か所）。"
            f"数値でも秘匿・データなしの記号（{shown} など）でもありません。",
            f"column {name} has a value that is neither a number nor a no-data mark: {value!r}",
            path=path,
            fix="編集で文字が入っていないか確認し、公式サイトの元ファイルを使ってください。",
        )
    return numbers
