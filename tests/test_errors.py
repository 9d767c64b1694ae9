"""The error contract of curriculum.errors: every reader says a missing file with DataNotFoundError, bad arguments
are InputErrors (also ValueErrors), and every message is Japanese first, English second."""

from __future__ import annotations

import re

import pytest

from curriculum import errors
from curriculum.analysis.compare import get_prefecture
from curriculum.analysis.distribution import compute_mode_bin, compute_percentile_rank
from curriculum.analysis.relate import compute_correlation, compute_partial_correlation
from curriculum.course.roster import read_roster
from curriculum.data import (
    read_census_mesh, read_gtfs_jp, read_juki, read_mesh_boundary, read_mesh_list, read_n03, read_p04, read_shochiiki,
    read_ssdse,
)
from curriculum.data.boundaries import read_vector
from curriculum.templates import get_template
from curriculum.templates.spec import check_template_file, read_template_file
from curriculum.themes.logic_model.model import read_logic_model

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

READERS = {
    "read_ssdse": read_ssdse, "read_census_mesh": read_census_mesh, "read_juki": read_juki, "read_n03": read_n03,
    "read_mesh_boundary": read_mesh_boundary, "read_p04": read_p04, "read_mesh_list": read_mesh_list,
    "read_shochiiki": read_shochiiki, "read_gtfs_jp": read_gtfs_jp, "read_roster": read_roster,
    "read_logic_model": read_logic_model,
    "read_vector": lambda path: read_vector(path, what="境界"),
    "read_template_file": lambda path: read_template_file(path, get_template("workload-survey")),
    "check_template_file": lambda path: check_template_file(path, get_template("workload-survey")),
}


@pytest.mark.parametrize("name", READERS)
@pytest.mark.parametrize("suffix", [".csv", ".zip", ".dbf", ".geojson", ".yaml"])
def test_a_missing_file_is_data_not_found(tmp_path, name, suffix):
    missing = tmp_path / "no_such_folder" / f"no_such_file{suffix}"
    with pytest.raises(errors.DataNotFoundError) as caught:
        READERS[name](missing)
    assert JAPANESE.search(str(caught.value).splitlines()[0])
    assert str(missing) in str(caught.value)


def _frame():
    import pandas as pd

    return pd.DataFrame({"a": [1.0, 2.0, None], "b": [2.0, 4.0, None], "c": [None, None, None]}, index=["15213", "15204", "01100"])


@pytest.mark.parametrize("call, value", [
    (lambda: get_prefecture(_frame(), "1"), "'1'"),
    (lambda: compute_correlation(_frame(), "a", "b"), "2 行"),
    (lambda: compute_partial_correlation(_frame(), "a", "b", "c"), "0 行"),
    (lambda: compute_mode_bin(_frame()["c"], width=5), "NaN"),
    (lambda: compute_mode_bin(_frame()["a"], width=0), "0"),
    (lambda: compute_percentile_rank(_frame()["c"], 1), "NaN"),
], ids=["pref-code", "correlation", "partial-correlation", "mode-empty", "mode-width", "percentile-empty"])
def test_unusable_arguments_are_input_errors_naming_the_value_and_the_fix(call, value):
    with pytest.raises(errors.InputError) as caught:
        call()
    err = caught.value
    assert isinstance(err, ValueError) and isinstance(err, errors.CurriculumError)
    assert JAPANESE.search(err.ja) and value in err.ja
    assert err.fix and JAPANESE.search(err.fix)
    assert str(err).splitlines()[-1].startswith("[en] ")
