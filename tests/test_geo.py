"""平面直角座標系 zone choice and polygon repair."""

import geopandas as gpd
import pytest
import shapely

from curriculum.errors import CurriculumError
from curriculum.geo import plane_rectangular_crs, plane_rectangular_zone, repair_polygons


@pytest.mark.parametrize("code, kwargs, zone", [
    ("15213", {}, 8),  # 燕市
    ("13101", {}, 9),  # 千代田区
    ("13421", {"lon": 142.19, "lat": 27.09}, 14),  # 小笠原村 父島
    ("13421", {"lon": 136.07, "lat": 20.42}, 18),  # 沖ノ鳥島
    ("13421", {"lon": 153.98, "lat": 24.28}, 19),  # 南鳥島
    ("47201", {"lon": 127.68, "lat": 26.21}, 15),  # 那覇市
    ("47207", {"lon": 124.16, "lat": 24.34}, 16),  # 石垣市
    ("47357", {"lon": 131.23, "lat": 25.85}, 17),  # 南大東村
    ("46201", {"lon": 130.56, "lat": 31.6}, 2),  # 鹿児島市
    ("46222", {"lon": 129.49, "lat": 28.38}, 1),  # 奄美市
    ("01100", {}, 12),  # 札幌市
    ("01202", {"place": "函館市"}, 11),
    ("01207", {"place": "帯広市"}, 13),
    ("01", {"subprefecture": "根室振興局"}, 13),
    ("42201", {}, 1),  # 長崎市
    ("34100", {}, 3),  # 広島市
])
def test_zones(code, kwargs, zone):
    assert plane_rectangular_zone(code, **kwargs) == zone
    assert plane_rectangular_crs(code, **kwargs) == f"EPSG:{6668 + zone}"


def test_bad_prefecture():
    with pytest.raises(CurriculumError, match="都道府県コード"):
        plane_rectangular_zone("48")


def test_repair_hole_outside_shell():
    shell = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    outside_hole = [(2, 2), (3, 2), (3, 3), (2, 3), (2, 2)]
    broken = shapely.Polygon(shell, [outside_hole])
    assert not broken.is_valid
    repaired = repair_polygons(gpd.GeoSeries([broken]))
    assert repaired.is_valid.all()
    assert repaired.iloc[0].geom_type in ("Polygon", "MultiPolygon")
    assert repaired.iloc[0].area == pytest.approx(2.0)


def test_repair_drops_lines_from_collections():
    bow_tie = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    repaired = repair_polygons(gpd.GeoSeries([bow_tie])).iloc[0]
    assert repaired.geom_type == "MultiPolygon" and repaired.area == pytest.approx(2.0)
