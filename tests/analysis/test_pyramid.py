"""年齢 3 区分と人口ピラミッド (curriculum.analysis.pyramid) on the real census 2020 and 住基 tables."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from curriculum.analysis.pyramid import class_start, compute_age_groups, plot_pyramid
from curriculum.errors import DataFormatError

matplotlib.use("Agg")


def test_census_groups_keep_age_unknown_apart(real_fetch):
    from curriculum.data import read_census_age

    census = read_census_age(real_fetch("census-2020-age"))
    rows = census[census["sex"] == "total"].set_index("city_code")
    groups = compute_age_groups(rows)
    # PROVENANCE control totals: 燕市 65歳以上 24,060, 不詳 481, 総数 77,201; 全国 65歳以上 35,335,805, 不詳 2,931,838
    assert groups.loc["15213", ["65+", "age_unknown"]].tolist() == [24_060, 481]
    assert int(groups.loc["15213"].sum()) == 77_201
    assert groups.loc["00000", ["65+", "age_unknown"]].tolist() == [35_335_805, 2_931_838]
    assert (groups.sum(axis=1) == rows["total"]).all()
    # the census publishes 3 区分 too (再掲); SSDSE-A's A1303 is the same number
    assert int(groups.loc["00000", "65+"]) / 126_146_099 * 100 == pytest.approx(28.0118, abs=1e-4)


def test_juki_groups_show_unpublished_foreign_ages(real_fetch):
    from curriculum.data import read_juki_age

    juki = read_juki_age(real_fetch("juki-age-2023"))
    rows = juki[juki["sex"] == "total"].set_index("city_code")
    groups = compute_age_groups(rows)
    assert int(groups.loc["15342", "age_unknown"]) == 7_694 - 7_664  # 弥彦村: 注1 (foreign residents' ages not published)
    assert int(groups.loc["15213", "age_unknown"]) == 0
    assert int(groups.loc["15213", "65+"]) == 24_403  # PROVENANCE: 燕市 2023 65歳以上


def test_2013_table_with_80_plus_top_class(real_fetch):
    from curriculum.data import read_juki_age

    juki = read_juki_age(real_fetch("juki-age-2013"))
    row = juki[(juki["city_code"] == "15213") & (juki["sex"] == "total")]
    assert int(compute_age_groups(row)["65+"].iloc[0]) == 21_548  # PROVENANCE: 燕市 2013 65歳以上


def test_class_start_and_bad_tables():
    assert [class_start(c) for c in ("0-4", "65-69", "100+")] == [0, 65, 100]
    with pytest.raises(DataFormatError, match="読めません"):
        class_start("65歳以上")
    with pytest.raises(DataFormatError, match="age_classes"):
        compute_age_groups(pd.DataFrame({"total": [1]}))


def test_pyramid_draws_men_left_and_writes_unknown_beside(real_fetch):
    from curriculum.data import read_census_age

    census = read_census_age(real_fetch("census-2020-age"))
    city = census[census["city_code"] == "15213"].set_index("sex")
    classes = census.attrs["age_classes"]
    ax = plot_pyramid(city.loc["male", classes], city.loc["female", classes], unknown=(300, 181), title="燕市")
    widths = [patch.get_width() for patch in ax.patches]
    assert len(widths) == 2 * len(classes)
    assert all(w <= 0 for w in widths[:len(classes)]) and all(w >= 0 for w in widths[len(classes):])
    assert -widths[0] == city.loc["male", "0-4"]
    assert any("不詳" in t.get_text() and "300" in t.get_text() for t in ax.texts)
    with pytest.raises(DataFormatError):
        plot_pyramid(city.loc["male", classes], city.loc["female", classes[::-1]])
