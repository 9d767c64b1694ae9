"""The theme's own layers (demand-transit districts and usage: city-held data) on the one policy."""

from __future__ import annotations

import pandas as pd
import pytest

from curriculum.errors import DataFormatError, DataNotFoundError
from curriculum.layers import load_boundary, load_shochiiki, provenance_of
from curriculum.themes.elderly_transit.case import NO_FILE_NOTE, load_demand_usage, load_districts


def quiet(_line):
    pass


@pytest.fixture(scope="module")
def tsubame(tmp_path_factory):
    from realdata import REAL_DATA, require_real

    require_real(REAL_DATA)
    mp = pytest.MonkeyPatch()
    mp.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    mp.setenv("CURRICULUM_PRACTICE_DIR", str(tmp_path_factory.mktemp("practice")))
    mp.delenv("CURRICULUM_FORCE_PRACTICE", raising=False)
    yield load_boundary("15213", echo=quiet), load_shochiiki("15213", echo=quiet)
    mp.undo()


def test_without_city_files_both_layers_are_practice_and_say_why(tsubame, tmp_path):
    boundary, shochiiki = tsubame
    lines = []
    districts = load_districts(shochiiki, seed=0, echo=lines.append)
    usage = load_demand_usage(shochiiki, districts, boundary, practice_dir=tmp_path, echo=lines.append)
    assert provenance_of(districts).is_practice and provenance_of(usage).is_practice
    assert NO_FILE_NOTE in provenance_of(usage).note and any(NO_FILE_NOTE in line for line in lines)
    assert districts["district"].str.endswith("（架空）").all() and districts["KEY_CODE"].nunique() == shochiiki["KEY_CODE"].nunique() == 207
    assert set(usage["district"]) <= set(districts["district"]) and usage["usage_rate"].between(0, 1).all()
    assert (tmp_path / "practice_demand_usage.csv").exists()


def test_city_files_are_real_and_forced_practice_replaces_them(tsubame, tmp_path, monkeypatch):
    boundary, shochiiki = tsubame
    codes = shochiiki["KEY_CODE"].drop_duplicates()
    given = pd.DataFrame({"KEY_CODE": codes, "district": ["北地区" if i % 2 else "南地区" for i in range(len(codes))]})
    csv = tmp_path / "districts.csv"
    given.to_csv(csv, index=False)
    districts = load_districts(shochiiki, district_list=csv, echo=quiet)
    assert provenance_of(districts).kind == "real" and "districts.csv" in provenance_of(districts).attribution
    usage_csv = tmp_path / "usage.csv"
    usage_csv.write_text("地区,対象者数,利用者数\n北地区,400,60\n南地区,300,30\n", encoding="utf-8-sig")
    usage = load_demand_usage(shochiiki, districts, boundary, usage_csv=usage_csv, echo=quiet)
    assert provenance_of(usage).kind == "real"
    assert usage.set_index("district")["usage_rate"].to_dict() == {"北地区": 0.15, "南地区": 0.1}
    monkeypatch.setenv("CURRICULUM_FORCE_PRACTICE", "1")
    assert provenance_of(load_districts(shochiiki, district_list=csv, echo=quiet)).is_practice


def test_malformed_or_missing_city_file_is_an_error(tsubame, tmp_path):
    boundary, shochiiki = tsubame
    bad = tmp_path / "usage.csv"
    bad.write_text("地区,対象者数,利用者数\n北地区,400,*\n", encoding="utf-8-sig")
    districts = load_districts(shochiiki, echo=quiet)
    with pytest.raises(DataFormatError, match="数値として読めない"):
        load_demand_usage(shochiiki, districts, boundary, usage_csv=bad, echo=quiet)
    with pytest.raises(DataNotFoundError):
        load_demand_usage(shochiiki, districts, boundary, usage_csv=tmp_path / "missing.csv", echo=quiet)
