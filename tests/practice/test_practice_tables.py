"""practice.tables: the mesh table takes its statsId from the catalogue for the codes' level; 秘匿 like e-Stat's."""

from __future__ import annotations

import pandas as pd
import pytest

from curriculum import mesh
from curriculum.data.census_mesh import census_stats_id
from curriculum.practice.tables import apply_secrecy, make_mesh_details


@pytest.mark.parametrize("level, stats_id", [("1km", "T001140"), ("500m", "T001141"), ("250m", "T001142")])
def test_mesh_details_are_named_after_the_level_of_their_codes(level, stats_id):
    codes = mesh.children("56384700", level) if level != "1km" else ["56384700", "56384701"]
    details = make_mesh_details(pd.Series(100, index=codes), pd.Series(0.3, index=codes))
    assert stats_id == census_stats_id(level)
    assert list(details.columns) == [f"{stats_id}{n:03d}" for n in range(1, 51)]
    assert (details[f"{stats_id}001"] == 100).all() and (details[f"{stats_id}019"] == 30).all()
    assert (details[f"{stats_id}004"] + details[f"{stats_id}010"] + details[f"{stats_id}019"] == 100).all()


def test_an_explicit_stats_id_wins():
    codes = ["563847001", "563847002"]
    details = make_mesh_details(pd.Series([50, 60], index=codes), pd.Series(0.5, index=codes), stats_id="T001101")
    assert details.columns[0] == "T001101001" and details["T001101001"].tolist() == [50, 60]


def test_secrecy_moves_a_small_mesh_into_its_neighbour():
    codes = ["563847001", "563847002"]
    details = make_mesh_details(pd.Series([2, 300], index=codes), pd.Series([0.5, 0.3], index=codes))
    table = apply_secrecy(details, {"563847001": ["563847002"], "563847002": ["563847001"]})
    donor, receiver = table.iloc[0], table.iloc[1]
    assert (donor["HTKSYORI"], donor["HTKSAKI"], receiver["HTKSYORI"], receiver["GASSAN"]) == ("2", "563847002", "1", "563847001")
    assert donor["T001141001"] == "2" and donor["T001141019"] == "*"  # the total stays visible, the detail is 秘匿
    assert int(receiver["T001141019"]) == int(details["T001141019"].sum())
