"""練習用の住基抽出: reconciled with the published 住基 table (sex × 5-year age) and the 2015 小地域 sizes."""

import stat

import numpy as np
import pandas as pd
import pytest

from curriculum.apps.mieruka.cube import age_on
from curriculum.data.juki_age import read_juki_age
from curriculum.data.shochiiki import read_shochiiki
from curriculum.practice.juki_extract import allocate, chome_sizes, make_juki_extract, snapshot_date, write_juki_extract
from curriculum.provenance import PRACTICE_LABEL
from curriculum.templates.juki_extract import JUKI_AREAS, JUKI_EVENTS, JUKI_RESIDENTS
from curriculum.templates.spec import read_template_file
from tests.realdata import real_file


@pytest.fixture(scope="module")
def sources():
    table = read_juki_age(real_file("population", "soumu_juki_2023-01-01_age5_sex_municipalities_2304ssnen.xlsx"))
    shochiiki = read_shochiiki(real_file("boundaries", "estat_h27_shochiiki_15_niigata_all.dbf"))
    return table, shochiiki


@pytest.fixture(scope="module")
def tsubame(sources):
    return make_juki_extract("15213", *sources, months=1, seed=7)


def test_reconciles_with_the_published_table(sources, tsubame):
    table, _ = sources
    base = tsubame.residents["2022-12"]
    assert len(base) == 77_401
    classes = table.attrs["age_classes"]
    ages = age_on(base["birth_month"], snapshot_date("2022-12"))
    labels = np.array(classes, dtype=object)[np.minimum(ages // 5, 20)]
    counts = pd.crosstab(base["sex"], labels).reindex(columns=classes, fill_value=0)
    published = table[table["city_code"] == "15213"].set_index("sex")
    assert counts.loc["男"].tolist() == published.loc["male", classes].astype(int).tolist()
    assert counts.loc["女"].tolist() == published.loc["female", classes].astype(int).tolist()


def test_chome_sizes_follow_2015(sources, tsubame):
    _, shochiiki = sources
    chome = chome_sizes(shochiiki, "15213")
    assert chome["population"].sum() == 79_784  # 燕市 2015 census
    expected = pd.Series(allocate(77_401, chome["population"]), index=chome["chome_code"])
    actual = tsubame.residents["2022-12"]["chome_code"].value_counts().reindex(expected.index, fill_value=0)
    assert (actual == expected).all()
    assert set(tsubame.areas["chome_code"]) == set(chome["chome_code"])


def test_deterministic_and_labelled(sources, tmp_path):
    table, shochiiki = sources
    a = make_juki_extract("15461", table, shochiiki, months=1, seed=1)
    b = make_juki_extract("15461", table, shochiiki, months=1, seed=1)
    pd.testing.assert_frame_equal(a.residents["2023-01"], b.residents["2023-01"])
    pd.testing.assert_frame_equal(a.events["2023-01"], b.events["2023-01"])
    assert a.provenance.is_practice and PRACTICE_LABEL in a.provenance.title
    assert all(name.startswith("練習") for name in a.areas["elementary"])
    folder = write_juki_extract(a, tmp_path / "extract")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(p.name for p in folder.rglob("*.csv"))
    assert files and all(PRACTICE_LABEL in name for name in files)
    # The written files pass their own templates.
    assert len(read_template_file(folder / f"areas_{PRACTICE_LABEL}.csv", JUKI_AREAS)) == len(a.areas)
    residents = read_template_file(folder / "2023-01" / f"residents_{PRACTICE_LABEL}.csv", JUKI_RESIDENTS)
    assert len(residents) == len(a.residents["2023-01"])
    events = read_template_file(folder / "2023-01" / f"events_{PRACTICE_LABEL}.csv", JUKI_EVENTS)
    assert set(events["kind"]) <= {"転入", "転出", "転居", "出生", "死亡"}


def test_months_are_consistent(sources):
    table, shochiiki = sources
    extract = make_juki_extract("15461", table, shochiiki, months=2, seed=2)
    before, after, events = extract.residents["2023-01"], extract.residents["2023-02"], extract.events["2023-02"]
    change = events["kind"].map({"転入": 1, "出生": 1, "転出": -1, "死亡": -1, "転居": 0}).sum()
    assert len(after) - len(before) == change


def test_unknown_city(sources):
    from curriculum.errors import DataFormatError

    with pytest.raises(DataFormatError, match="小地域人口がありません"):
        make_juki_extract("13101", *sources, months=0)
