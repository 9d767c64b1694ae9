"""curriculum.data.numbers: the one parser for number columns, and its agreement with estat_client's marks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from curriculum.data.numbers import NO_DATA_MARKS, to_numbers
from curriculum.errors import DataFormatError
from estat_client._parse import DEFAULT_SPECIAL_MARKS, tidy_values


@pytest.mark.parametrize("cell, expected", [
    ("77201", 77201), (" 77201 ", 77201), ("77,201", 77201), ("1,234,567", 1234567), ("-0.5", -0.5), ("0", 0),
])
def test_numbers(cell, expected):
    assert to_numbers(pd.Series([cell, "X"]), name="A1101").tolist()[0] == expected


@pytest.mark.parametrize("mark", sorted(NO_DATA_MARKS))
def test_every_mark_is_nan_never_zero(mark):
    values = to_numbers(pd.Series(["10", mark, f" {mark} "]), name="A1101")
    assert values.iloc[0] == 10 and values.iloc[1:].isna().all()
    assert values.sum() == 10


def test_whole_numbers_stay_integers():
    assert to_numbers(pd.Series(["1", "2,000"]), name="A1101").dtype == "int64"


@pytest.mark.parametrize("cell", ["約40万", "abc", "12a", "1.2.3", "〇", ","])
def test_anything_else_is_an_error_naming_column_value_and_file(cell, tmp_path):
    with pytest.raises(DataFormatError) as info:
        to_numbers(pd.Series(["1", cell, cell]), name="A1101", path=tmp_path / "a.csv")
    message = str(info.value)
    assert f"列 A1101 に数値でない値 {cell.strip()!r}" in message and "（2 か所）" in message
    assert str(tmp_path / "a.csv") in message and "[en]" in message


def test_a_format_with_fewer_marks_passes_its_own():
    assert to_numbers(pd.Series(["5", "*"]), name="T001101019", marks=("*",)).isna().tolist() == [False, True]
    with pytest.raises(DataFormatError, match="数値でも秘匿"):
        to_numbers(pd.Series(["5", "X"]), name="T001101019", marks=("*",))


def test_estat_client_treats_the_shared_marks_the_same():
    """estat_client keeps its own mark list (it stands alone); every mark curriculum knows is in it,
    and both parsers turn it into a missing value, never a number."""
    shared = {mark for mark in NO_DATA_MARKS if mark}
    assert shared <= set(DEFAULT_SPECIAL_MARKS)
    cells = ["77201", *sorted(shared)]
    ours = to_numbers(pd.Series(cells), name="value")
    theirs = tidy_values({"VALUE": [{"@area": "15213", "$": cell} for cell in cells]}, {})
    assert ours.iloc[0] == theirs["value"].iloc[0] == 77201
    assert ours.iloc[1:].isna().all() and theirs["value"].iloc[1:].isna().all()
    assert theirs["value_mark"].iloc[1:].tolist() == sorted(shared)
    assert theirs.attrs["unknown_marks"] == []
    assert all(math.isnan(v) for v in ours.iloc[1:])
