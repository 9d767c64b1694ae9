"""秘匿処理: an outsider tries to recover suppressed cells, and every attempt fails.

Each scenario first shows that primary suppression alone leaks (so the attack is real and the test can
fail), then that :func:`suppress` stops it. The attackers are written here, independently of the module:
``attack_lines`` solves any identity with one unknown, repeatedly (row/column totals, nested areas, bands
and months chained), and ``attack_algebra`` asks numpy whether the cell is fixed by all identities at once.
"""

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from curriculum.analysis.suppression import (
    DEFAULT_THRESHOLD, SUPPRESSED_LABEL, show, suppress, suppress_table, table_identities,
)
from curriculum.errors import CurriculumError


def attack_lines(values, identities, hidden):
    """Cells an attacker computes by solving identities with a single unknown, chained."""
    known = {k: v for k, v in values.items() if k not in hidden}
    recovered = {}
    progress = True
    while progress:
        progress = False
        for identity in identities:
            unknown = [k for k in identity if k not in known]
            if len(unknown) == 1:
                k = unknown[0]
                rest = sum(c * known[j] for j, c in identity.items() if j != k)
                known[k] = recovered[k] = -rest / identity[k]
                progress = True
    return recovered


def attack_algebra(values, identities, hidden):
    """Cells fixed by the whole system: e_k lies in the row space of M (the projector pinv(M)·M has 1 at k,k)."""
    hidden = sorted(hidden, key=repr)
    position = {k: i for i, k in enumerate(hidden)}
    rows = []
    for identity in identities:
        row = np.zeros(len(hidden))
        for k, c in identity.items():
            if k in position:
                row[position[k]] = c
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    m = np.array(rows)
    with threadpool_limits(limits=1):
        projector = np.linalg.pinv(m) @ m
    return {k for k in hidden if abs(projector[position[k], position[k]] - 1) < 1e-6}


def assert_protected(values, identities, mask, threshold=DEFAULT_THRESHOLD):
    hidden = set(mask[mask].index)
    primary = {k for k, v in values.items() if 0 < v < threshold}
    assert primary <= hidden
    assert attack_lines(values, identities, hidden) == {}
    assert attack_algebra(values, identities, hidden) == set()


def primary(values, threshold=DEFAULT_THRESHOLD):
    return {k for k, v in values.items() if 0 < v < threshold}


def test_row_and_column_totals():
    table = pd.DataFrame({"0-14": [3, 25, 40], "15-64": [30, 50, 61], "65+": [22, 12, 35]}, index=["A", "B", "C"])
    values = pd.concat({"": table}).droplevel(0)
    full = table.copy()
    full["計"] = table.sum(axis=1)
    full.loc["計"] = full.sum()
    values = full.stack()
    values.index = list(values.index)
    identities = table_identities(values.index, [{"計": ["A", "B", "C"]}, {"計": ["0-14", "15-64", "65+"]}])
    assert attack_lines(values, identities, primary(values)) == {("A", "0-14"): 3}
    mask = suppress(values, identities)
    assert_protected(values, identities, mask)
    shown = suppress_table(table)
    assert shown.loc["計", "計"] == table.to_numpy().sum() and pd.isna(shown.loc["A", "0-14"])
    assert shown.isna().sum().sum() == mask.sum()


def test_overlapping_age_bands():
    classes = {"0-64": 300, "65-74": 4, "75-84": 30, "85+": 6}
    values = pd.Series({**{(a,): v for a, v in classes.items()}, ("65+",): 40, ("75+",): 36, ("計",): 340})
    bands = {"計": ["0-64", "65-74", "75-84", "85+"], "65+": ["65-74", "75-84", "85+"], "75+": ["75-84", "85+"]}
    identities = table_identities(values.index, [bands])
    leaked = attack_lines(values, identities, primary(values))
    assert leaked == {("85+",): 6, ("65-74",): 4}  # 85+ = 75+ − 75-84, then 65-74 = 65+ − 75+
    mask = suppress(values, identities)
    assert_protected(values, identities, mask)


def test_nested_area_levels():
    chome = {"A": 8, "B": 120, "C": 95, "D": 60, "E": 77}
    school = {"S1": ["A", "B", "C"], "S2": ["D", "E"]}
    values = pd.Series({**{(c,): v for c, v in chome.items()},
                        **{(s,): sum(chome[c] for c in cs) for s, cs in school.items()}, ("全域",): sum(chome.values())})
    hierarchy = {**school, "全域": ["S1", "S2"]}
    identities = table_identities(values.index, [hierarchy]) + table_identities(values.index, [{"全域": list(chome)}])
    assert attack_lines(values, identities, primary(values)) == {("A",): 8}  # A = S1 − B − C
    mask = suppress(values, identities)
    assert_protected(values, identities, mask)
    assert not mask[("全域",)]


def test_consecutive_months():
    # Month 1 is already published (and stays as it is); in month 2 area A falls from 25 to 8 residents.
    month1 = pd.Series({("m1", "A"): 25, ("m1", "B"): 140, ("m1", "計"): 165})
    month1_mask = pd.Series(False, index=month1.index)
    month2 = pd.Series({("m2", "A"): 8, ("m2", "B"): 141, ("m2", "計"): 149,
                        ("in", "A"): 0, ("in", "B"): 13, ("in", "計"): 13,
                        ("out", "A"): 17, ("out", "B"): 12, ("out", "計"): 29})
    values = pd.concat([month1, month2])
    identities = [
        {("m1", "計"): -1, ("m1", "A"): 1, ("m1", "B"): 1},
        {("m2", "計"): -1, ("m2", "A"): 1, ("m2", "B"): 1},
        {("in", "計"): -1, ("in", "A"): 1, ("in", "B"): 1},
        {("out", "計"): -1, ("out", "A"): 1, ("out", "B"): 1},
        # stock(month 2) = stock(month 1) + 転入 − 転出, area by area and in total
        *({("m2", a): 1, ("m1", a): -1, ("in", a): -1, ("out", a): 1} for a in ("A", "B", "計")),
    ]
    hidden = primary(values)
    assert attack_lines(values, identities, hidden)[("m2", "A")] == 8  # 25 + 0 − 17
    mask = suppress(values, identities, fixed=month1_mask)
    assert not mask[list(month1.index)].any()  # history is not recomputed
    assert_protected(values, identities, mask)


def test_realistic_cube():
    rng = np.random.default_rng(14)
    chome = [f"C{i:02d}" for i in range(12)]
    school = {"S1": chome[:5], "S2": chome[5:9], "S3": chome[9:]}
    classes = ["0-14", "15-64", "65-74", "75-84", "85+"]
    ages = {"計": classes, "65+": classes[2:], "75+": classes[3:]}
    sexes = {"計": ["男", "女"]}
    detail = {(c, s, a): int(rng.integers(0, 40)) for c in chome for s in ("男", "女") for a in classes}
    cube = pd.Series(detail)
    frame = cube.rename_axis(["area", "sex", "age"]).reset_index(name="n")
    pieces = [frame]
    for parent, children in {**school, "全域": chome}.items():
        pieces.append(frame[frame["area"].isin(children)].groupby(["sex", "age"], as_index=False)["n"].sum().assign(area=parent))
    areas = pd.concat(pieces)
    areas = pd.concat([areas, areas.groupby(["area", "age"], as_index=False)["n"].sum().assign(sex="計")])
    bands = [areas[areas["age"].isin(members)].groupby(["area", "sex"], as_index=False)["n"].sum().assign(age=band)
             for band, members in ages.items()]
    full = pd.concat([areas, *bands]).set_index(["area", "sex", "age"])["n"]
    values = pd.Series(full.to_numpy(), index=list(full.index))
    identities = table_identities(values.index, [{**school, "全域": list(school)}, sexes, ages])
    identities += table_identities(values.index, [{"全域": chome}, {}, {}])
    assert attack_lines(values, identities, primary(values))  # primary suppression alone leaks here
    mask = suppress(values, identities)
    assert_protected(values, identities, mask)
    displayed = show(values, mask)
    assert (displayed[mask] == SUPPRESSED_LABEL).all()
    assert (displayed[~mask] == values[~mask]).all()


def test_threshold_is_configurable_and_checked():
    values = pd.Series({("a",): 12, ("b",): 30, ("t",): 42})
    identities = [{("t",): -1, ("a",): 1, ("b",): 1}]
    assert not suppress(values, identities).any()
    assert suppress(values, identities, threshold=20).sum() == 2
    with pytest.raises(CurriculumError, match="閾値"):
        suppress(values, identities, threshold=0)


def test_cannot_protect_when_history_pins_the_cell():
    values = pd.Series({("m1",): 30, ("m2",): 5, ("d",): -25})
    fixed = pd.Series(False, index=[("m1",), ("d",)])
    with pytest.raises(CurriculumError, match="秘匿しきれません"):
        suppress(values, [{("m2",): 1, ("m1",): -1, ("d",): -1}], fixed=fixed)


def test_large_component_check_agrees_with_the_exact_one(monkeypatch):
    import curriculum.analysis.suppression as module

    rng = np.random.default_rng(3)
    table = pd.DataFrame(rng.integers(0, 25, size=(14, 9)), index=[f"r{i}" for i in range(14)],
                         columns=[f"c{j}" for j in range(9)])
    full = table.copy()
    full["計"] = table.sum(axis=1)
    full.loc["計"] = full.sum()
    values = full.stack()
    values.index = list(values.index)
    identities = table_identities(values.index, [{"計": list(table.index)}, {"計": list(table.columns)}])
    hidden = set(primary(values)) | {("r0", "計")}
    exact = module.recoverable_cells(values, identities, hidden)
    monkeypatch.setattr(module, "_DENSE_LIMIT", 0)
    assert module.recoverable_cells(values, identities, hidden) == exact
    assert exact == attack_algebra(values, identities, hidden) and exact
