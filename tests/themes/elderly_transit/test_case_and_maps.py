"""The one-call case loader (燕市, offline) and the map/charts labelling derived from provenance."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(scope="module")
def tsubame_case(tmp_path_factory):
    from realdata import REAL_DATA, require_real

    require_real(REAL_DATA)
    mp = pytest.MonkeyPatch()
    mp.setenv("CURRICULUM_DATA_DIR", str(REAL_DATA))
    from curriculum.themes.elderly_transit.case import load_elderly_transit_case

    lines = []
    case = load_elderly_transit_case("15213", practice_dir=tmp_path_factory.mktemp("p"), echo=lines.append)
    yield case, lines
    mp.undo()


def test_case_labels_real_and_practice(tsubame_case):
    case, lines = tsubame_case
    kinds = dict(zip(case.sources["layer"], case.sources["種類"]))
    assert kinds == {"boundary": "実データ", "shochiiki": "実データ", "hospitals": "実データ", "gtfs": "再構成データ",
                     "rail": "実データ", "census_mesh": "練習用・架空", "districts": "練習用・架空", "demand": "練習用・架空"}
    assert any("オフラインのため（実データが見つからないため）練習用・架空データを使います" in line for line in lines)
    assert int(case.meshes["population"].sum()) == 80_000  # the stated practice total (79,784 rounded)
    assert case.is_practice("census_mesh") and not case.is_practice("hospitals")
    assert case.label("census_mesh", "人口") == "人口（練習用・架空）" and case.label("boundary", "市") == "市"
    dates = dict(zip(case.sources["layer"], case.sources["基準日"]))
    assert dates["shochiiki"] == "2015-10-01" and dates["hospitals"] == "2020（開院・閉院は 2023-03 まで反映）"
    assert dates["gtfs"] == "2026-09-01" and dates["rail"] == "2020"
    assert case.city_name == "燕市" and case.plane_crs == "EPSG:6676"
    assert case.hospitals["in_city"].sum() == 1  # 燕労災病院 closed in 2023-03; 県立吉田病院 remains


def test_map_has_every_layer_and_practice_labels(tsubame_case, tmp_path):
    from curriculum.themes.elderly_transit.access import compute_hospital_round_trips, compute_nearest_facility
    from curriculum.themes.elderly_transit.coverage import compute_coverage, get_stop_buffers, get_stops
    from curriculum.themes.elderly_transit.demand import compute_demand_districts
    from curriculum.themes.elderly_transit.free_boarding import compute_route_segments
    from curriculum.themes.elderly_transit.maps import map_elderly_transit
    from curriculum.webmap import save_map

    case, _ = tsubame_case
    stops = get_stops(case.feed)
    meshes = compute_coverage(case.meshes, stops)
    meshes = compute_hospital_round_trips(compute_nearest_facility(meshes, case.hospitals), case.feed, case.hospitals)
    districts = compute_demand_districts(case.shochiiki, case.district_list, case.boundary, usage=case.usage)
    fmap = map_elderly_transit(meshes, boundary=case.boundary, stops=stops, routes=compute_route_segments(case.feed),
                               buffers=get_stop_buffers(stops, crs=case.plane_crs), hospitals=case.hospitals,
                               districts=districts)
    html = save_map(fmap, tmp_path / "map.html").read_text(encoding="utf-8")
    assert set(fmap.layer_names) == {"share", "routes", "stops", "buffers", "gaps", "hospitals", "districts", "boundary"}
    for name in fmap.layer_names.values():
        # the layer control holds names as JSON (non-ASCII escaped as \\uXXXX); the browser shows them as text
        assert name in html or json.dumps(name)[1:-1] in html, name
    practice = {k for k, v in fmap.layer_names.items() if "練習用・架空" in v}
    assert practice == {"share", "gaps", "districts"}  # hospitals, boundary are real
    rebuilt = {k for k, v in fmap.layer_names.items() if "再構成データ" in v}
    assert rebuilt == {"routes", "stops", "buffers"}  # the community-bus reconstruction
    assert "cdn.jsdelivr.net" not in html and "済生会新潟県央基幹病院" in html and "新潟県立燕労災病院" not in html


def test_charts_say_practice(tsubame_case):
    import pandas as pd

    from curriculum.provenance import Provenance, least_real, provenance_of
    from curriculum.themes.elderly_transit.charts import plot_coverage_by_district, plot_elderly_share_vs_distance

    case, _ = tsubame_case
    fig = plot_elderly_share_vs_distance(pd.DataFrame({"elderly_share": [0.3], "elderly": [5.0], "population": [10],
                                                       "hospital_distance_m": [1000.0]}),
                                         provenance=least_real(provenance_of(case.meshes), provenance_of(case.feed)))
    assert "練習用・架空" in fig.axes[0].get_title() and any("練習用・架空" in t.get_text() for t in fig.texts)
    real = plot_coverage_by_district(pd.DataFrame({"coverage_area": [0.5], "coverage_centroid": [0.4]}, index=["X"]))
    assert "練習用" not in real.axes[0].get_title()
    rebuilt = Provenance("reconstruction", "バス（時刻表の要約から再構成）", "出典：…を再構成")
    again = plot_coverage_by_district(pd.DataFrame({"coverage_area": [0.5], "coverage_centroid": [0.4]}, index=["X"]),
                                      provenance=least_real(provenance_of(case.hospitals), rebuilt))
    assert again.axes[0].get_title().endswith("（再構成データを含む）")
    assert not any("練習用" in t.get_text() for t in again.texts)
    plt.close("all")
