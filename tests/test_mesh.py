"""Tests for curriculum.mesh (JIS X 0410 地域メッシュ).

Expected values come from published sources (cited per vector), not from the module.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from curriculum import mesh
from curriculum.errors import CurriculumError, DataFormatError
from curriculum.mesh import MeshCodeError

REPO = Path(__file__).resolve().parents[1]
LEVEL_NAMES = ["80km", "10km", "1km", "500m", "250m", "125m"]
JISMESH_LEVEL = {"80km": 1, "10km": 2, "1km": 3, "500m": 4, "250m": 5, "125m": 6}
# Exact cell sizes in degrees (lat, lon) per level: 40′×1°, 5′×7.5′, 30″×45″, then halves.
CELL = {"80km": (Fraction(2, 3), Fraction(1)), "10km": (Fraction(1, 12), Fraction(1, 8)),
        "1km": (Fraction(1, 120), Fraction(1, 80)), "500m": (Fraction(1, 240), Fraction(1, 160)),
        "250m": (Fraction(1, 480), Fraction(1, 320)), "125m": (Fraction(1, 960), Fraction(1, 640))}


# ---------------------------------------------------------------- published vectors

# 山形駅: goto-a-toast/norishiro docs/plan_gap_map.md §6.1 (via GEO-NOTES §1.1).
# 燕市 sample point: GEO-NOTES §0 (hand-checked).
# 東京タワー / 京都タワー: hni14/jismesh tests/test_to_meshcode.py and README.md (levels 1–6).
PUBLISHED_CODES = [
    (38.2484, 140.3278, "1km", "57402296"),
    (37.6731, 138.8822, "1km", "56384700"),
    (37.6731, 138.8822, "500m", "563847004"),
    (37.6731, 138.8822, "250m", "5638470043"),
    (35.658581, 139.745433, "80km", "5339"),
    (35.658581, 139.745433, "10km", "533935"),
    (35.658581, 139.745433, "1km", "53393599"),
    (35.658581, 139.745433, "500m", "533935992"),
    (35.658581, 139.745433, "250m", "5339359921"),
    (35.658581, 139.745433, "125m", "53393599212"),
    (34.987574, 135.759363, "80km", "5235"),
    (34.987574, 135.759363, "10km", "523536"),
    (34.987574, 135.759363, "1km", "52353680"),
    (34.987574, 135.759363, "500m", "523536804"),
    (34.987574, 135.759363, "250m", "5235368041"),
    (34.987574, 135.759363, "125m", "52353680412"),
]


@pytest.mark.parametrize("lat, lon, level, expected", PUBLISHED_CODES)
def test_published_point_to_code(lat, lon, level, expected):
    assert mesh.to_code(lat, lon, level) == expected


def test_published_vectors_as_one_array():
    lat, lon, levels, expected = zip(*[v for v in PUBLISHED_CODES if v[2] == "1km"])
    assert mesh.to_code(np.array(lat), np.array(lon), "1km").tolist() == list(expected)


def test_yamagata_station_sw_corner():
    # norishiro §6.1: SW corner of 57402296 is 38.241667 N / 140.325 E.
    south, west, north, east = mesh.to_bounds("57402296")
    assert south == pytest.approx(38.241667, abs=5e-7)
    assert west == 140.325
    assert (north, east) == (38.25, 140.3375)


# ymoch/pyjpmesh test/test_mesh.py: SW corners in milliseconds of arc (exact integers), one per level.
# The 1次 case is also the worked example of gikosha.co.jp/fig_blog/mesh.html (南端 35°20′ → 53, 139° → 39).
PYJPMESH_SW_MS = [
    ("5339", 127_200_000, 500_400_000),
    ("533945", 128_400_000, 502_650_000),
    ("53393596", 128_370_000, 502_920_000),
    ("533935964", 128_385_000, 502_942_500),
    ("5339359614", 128_377_500, 502_931_250),
    ("53393596114", 128_373_750, 502_925_625),
]


@pytest.mark.parametrize("code, lat_ms, lon_ms", PYJPMESH_SW_MS)
def test_pyjpmesh_sw_corners(code, lat_ms, lon_ms):
    south, west, _, _ = mesh.to_bounds(code)
    assert south == float(Fraction(lat_ms, 3_600_000))
    assert west == float(Fraction(lon_ms, 3_600_000))
    # and the corner itself belongs to the cell (jismesh gets this wrong ~70 % of the time)
    assert mesh.to_code(south, west, mesh.level_of(code)) == code


def test_jismesh_readme_points():
    # hni14/jismesh README.md: to_meshpoint(53393599, …) SW / NE / centre, and centre of 52353680.
    south, west, north, east = mesh.to_bounds("53393599")
    assert (south, west) == pytest.approx((35.6583333333, 139.7375), abs=1e-10)
    assert (north, east) == pytest.approx((35.6666666667, 139.75), abs=1e-10)
    assert mesh.to_center("53393599") == (35.6625, 139.74375)
    lat, lon = mesh.to_center(["53393599", "52353680"])
    assert lat.tolist() == [35.6625, 34.9875] and lon.tolist() == [139.74375, 135.75625]


def test_jismesh_readme_children():
    # README: to_intersects(53394611, 4) → 533946111 … 533946114 (SW, SE, NW, NE).
    assert mesh.children("53394611", "500m") == ["533946111", "533946112", "533946113", "533946114"]


# ---------------------------------------------------------------- exact edges

def test_every_125m_grid_line_maps_to_its_own_cell():
    # All 24,960 latitude lines and 20,480 longitude lines of Japan's 1/8-mesh grid,
    # each as the float nearest k/960 resp. 100 + k/640.
    k_lat = np.arange(20 * 960, 46 * 960)
    lat = k_lat / 960
    codes = mesh.to_code(lat, 140.001, "125m")
    assert np.array_equal(mesh.to_bounds(codes)[0], lat)
    k_lon = np.arange(22 * 640, 54 * 640)
    lon = (64000 + k_lon) / 640
    codes = mesh.to_code(36.001, lon, "125m")
    assert np.array_equal(mesh.to_bounds(codes)[1], lon)


def test_edges_computed_the_usual_way_still_snap():
    # pp/1.5 + q/12 + r/120 (how most code computes corners) differs from k/120 by an ulp here and there.
    pp, q, r = np.meshgrid(np.arange(30, 69), np.arange(8), np.arange(10), indexing="ij")
    lat = (pp / 1.5 + q / 12 + r / 120).ravel()
    expected = (pp * 100 + q * 10 + r).ravel()
    codes = mesh.to_code(lat, 140.3, "1km")
    got = np.array([int(c[:2]) * 100 + int(c[4]) * 10 + int(c[6]) for c in codes])
    assert np.array_equal(got, expected)
    assert mesh.to_code(38.241666666666667, 140.325, "1km") == "57402296"  # decimal literal of 38 + 29/120
    assert mesh.to_code(57 / 1.5 + 2 / 12 + 9 / 120, 100 + 40 + 2 / 8 + 6 / 80, "1km") == "57402296"


def test_point_on_north_or_east_edge_belongs_to_the_neighbour():
    _, _, north, east = mesh.to_bounds("57402296")
    assert mesh.to_code(north, 140.33, "1km") == "57403206"   # r = 9 was the top row: q 2 → 3, r → 0
    assert mesh.to_code(38.245, east, "1km") == "57402297"
    assert mesh.to_code(38.241666666666667 - 1e-9, 140.33, "1km") == "57402286"


# ---------------------------------------------------------------- round trips

def _random_codes(level: str, n: int, rng) -> list[str]:
    """Random valid codes built digit by digit (independently of the module)."""
    length = {"80km": 4, "10km": 6, "1km": 8, "500m": 9, "250m": 10, "125m": 11}[level]
    codes = []
    for _ in range(n):
        c = f"{rng.integers(30, 69)}{rng.integers(22, 54)}{rng.integers(8)}{rng.integers(8)}"
        c += f"{rng.integers(10)}{rng.integers(10)}" + "".join(str(rng.integers(1, 5)) for _ in range(3))
        codes.append(c[:length])
    return codes


def _exact_bounds(code: str) -> tuple[Fraction, Fraction]:
    """SW corner as exact fractions, straight from the JIS X 0410 definition."""
    lat = Fraction(int(code[:2]) * 2, 3)
    lon = Fraction(100 + int(code[2:4]))
    if len(code) >= 6:
        lat += Fraction(int(code[4]), 12)
        lon += Fraction(int(code[5]), 8)
    if len(code) >= 8:
        lat += Fraction(int(code[6]), 120)
        lon += Fraction(int(code[7]), 80)
    step_lat, step_lon = Fraction(1, 240), Fraction(1, 160)
    for m in code[8:]:
        lat += step_lat * ((int(m) - 1) // 2)
        lon += step_lon * ((int(m) - 1) % 2)
        step_lat, step_lon = step_lat / 2, step_lon / 2
    return lat, lon


@pytest.mark.parametrize("level", LEVEL_NAMES)
def test_round_trip_at_every_level(level):
    rng = np.random.default_rng(LEVEL_NAMES.index(level))
    codes = np.array(_random_codes(level, 3000, rng))
    south, west, north, east = mesh.to_bounds(codes)
    # bounds equal the exact definition (nearest float)
    for code, s, w, n, e in list(zip(codes, south, west, north, east))[:300]:
        lat, lon = _exact_bounds(code)
        dlat, dlon = CELL[level]
        assert (s, w, n, e) == (float(lat), float(lon), float(lat + dlat), float(lon + dlon)), code
    assert np.array_equal(mesh.to_code(south, west, level), codes)            # SW corner
    lat_c, lon_c = mesh.to_center(codes)
    assert np.array_equal(mesh.to_code(lat_c, lon_c, level), codes)          # centre
    assert np.array_equal(mesh.to_code(north - 1e-9, east - 1e-9, level), codes)  # just inside NE
    assert np.array_equal(mesh.to_code(north - 1e-9, west, level), codes)    # NW corner, inside
    inner_n, inner_e = north < 46, east < 154  # the neighbour must still be inside Japan
    assert not np.any(mesh.to_code(north[inner_n], west[inner_n], level) == codes[inner_n])  # N edge: neighbour
    assert not np.any(mesh.to_code(south[inner_e], east[inner_e], level) == codes[inner_e])  # E edge: neighbour
    assert inner_n.sum() > 2000 and inner_e.sum() > 2000


@pytest.mark.parametrize("level", LEVEL_NAMES[1:])
def test_parent_and_children(level):
    codes = _random_codes(level, 200, np.random.default_rng(7))
    coarser = LEVEL_NAMES[LEVEL_NAMES.index(level) - 1]
    parents = mesh.parent(np.array(codes), coarser)
    assert parents.tolist() == [c[: len(c) - (2 if len(c) <= 8 else 1)] for c in codes]
    kids = mesh.children(parents, level).reshape(len(codes), -1)
    assert kids.shape[1] == {"10km": 64, "1km": 100}.get(level, 4)
    assert all(code in row.tolist() and len(set(row.tolist())) == row.size for code, row in zip(codes, kids))
    assert all(mesh.parent(row, coarser).tolist() == [p] * row.size for p, row in zip(parents, kids))


def test_children_order_and_parent_values():
    assert mesh.children("563847", "1km")[:3] == ["56384700", "56384701", "56384702"]
    assert mesh.children("563847", "1km")[10] == "56384710"
    assert mesh.children("56384700", "250m")[:4] == ["5638470011", "5638470012", "5638470021", "5638470022"]
    assert mesh.parent("5638470043", "1km") == "56384700"
    assert mesh.parent("5638470043", "80km") == "5638"


# ---------------------------------------------------------------- cross-check with jismesh

@pytest.mark.parametrize("level", LEVEL_NAMES)
def test_matches_jismesh_on_random_points(level):
    ju = pytest.importorskip("jismesh.utils")
    rng = np.random.default_rng(2020)
    lat = rng.uniform(20, 46, 20_000)
    lon = rng.uniform(122, 154, 20_000)
    # jismesh assigns points on an edge to the wrong cell (GEO-NOTES §1.2): leave out ±1e-9° of any 125 m line.
    near = ((np.abs(lat * 960 - np.round(lat * 960)) < 1e-9 * 960)
            | (np.abs(lon * 640 - np.round(lon * 640)) < 1e-9 * 640))
    lat, lon = lat[~near], lon[~near]
    assert lat.size > 19_000
    theirs = ju.to_meshcode(lat, lon, JISMESH_LEVEL[level]).astype(str)
    assert np.array_equal(mesh.to_code(lat, lon, level), theirs)


# ---------------------------------------------------------------- pandas / shapes of input

def test_series_in_series_out_keeps_index():
    df = pd.DataFrame({"lat": [37.6731, 38.2484], "lon": [138.8822, 140.3278]}, index=["tsubame", "yamagata"])
    codes = mesh.to_code(df["lat"], df["lon"], "500m")
    assert isinstance(codes, pd.Series)
    # 山形駅 is in the north-west half of 57402296 (38.2484 > 38.2458…, 140.3278 < 140.33125) → 3
    assert codes.to_dict() == {"tsubame": "563847004", "yamagata": "574022963"}
    assert codes.name == "mesh_code"
    bounds = pd.concat(mesh.to_bounds(codes), axis=1)
    assert bounds.columns.tolist() == ["south", "west", "north", "east"]
    assert bounds.index.tolist() == ["tsubame", "yamagata"]
    assert bounds.loc["tsubame", "south"] == 37.670833333333334  # 56384700 + NE quadrant: 37 + 161/240
    assert mesh.parent(codes, "1km").tolist() == ["56384700", "57402296"]


def test_level_aliases_and_int_codes():
    assert mesh.to_code(37.6731, 138.8822, 4) == mesh.to_code(37.6731, 138.8822, "4次") == "563847004"
    assert mesh.level_of(563847004) == "500m"
    assert mesh.to_bounds(np.array([563847004, 563847003]))[0].round(6).tolist() == [37.670833, 37.670833]
    assert [mesh.level_of(c) for c in
            ["5638", "563847", "56384700", "563847004", "5638470043", "56384700431"]] == LEVEL_NAMES


def test_to_polygons_values():
    gdf = mesh.to_polygons(["563847004", "574022961"])
    assert gdf.crs.to_epsg() == 6668
    assert gdf["mesh_code"].tolist() == ["563847004", "574022961"]
    assert gdf.geometry.iloc[0].bounds == (138.88125, 37.670833333333334, 138.8875, 37.675)
    assert gdf.geometry.iloc[1].bounds == (140.325, 38.24166666666667, 140.33125, 38.24583333333333)
    assert gdf.geometry.iloc[0].area == pytest.approx(1 / 160 / 240)


# ---------------------------------------------------------------- real file: e-Stat boundary 5240

def _data_dir() -> Path:
    return Path(os.environ.get("CURRICULUM_DATA_DIR", REPO.parent / "shared" / "data"))


def _boundary_zip() -> Path:
    root = _data_dir()
    found = [root / "census_mesh" / "HDDSWH5240.zip", *root.rglob("HDDSWH5240.zip")] if root.is_dir() else []
    hit = next((p for p in found if p.is_file()), None)
    if hit is None:
        message = f"HDDSWH5240.zip not found under {root} (set CURRICULUM_DATA_DIR)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return hit


def test_estat_boundary_5240_equals_generated_polygons():
    gpd = pytest.importorskip("geopandas")
    shapely = pytest.importorskip("shapely")
    published = gpd.read_file(f"zip://{_boundary_zip()}!MESH05240.shp")
    assert len(published) == 4800
    ours = mesh.to_polygons(published["KEY_CODE"])
    assert ours["mesh_code"].tolist() == published["KEY_CODE"].tolist()
    assert np.abs(ours.geometry.bounds.to_numpy() - published.geometry.bounds.to_numpy()).max() < 1e-9
    # each published polygon is exactly its bounding box (so bounds equality = polygon equality)
    geoms = published.geometry.to_numpy()  # plain shapely: degrees are fine for this arithmetic
    assert np.allclose(shapely.area(geoms), shapely.area(shapely.envelope(geoms)), rtol=1e-9, atol=0)
    centroid = shapely.centroid(geoms)
    codes = mesh.to_code(shapely.get_y(centroid), shapely.get_x(centroid), "500m")
    assert codes.tolist() == published["KEY_CODE"].tolist()


# ---------------------------------------------------------------- errors

def test_error_is_part_of_the_family():
    assert issubclass(MeshCodeError, DataFormatError) and issubclass(MeshCodeError, CurriculumError)
    assert issubclass(MeshCodeError, ValueError)


@pytest.mark.parametrize("lat, lon", [(10.0, 140.0), (46.0, 140.0), (35.0, 121.99), (35.0, 154.0), (139.7, 35.6)])
def test_points_outside_japan_rejected(lat, lon):
    with pytest.raises(MeshCodeError, match="日本の範囲外") as exc:
        mesh.to_code(np.array([35.0, lat]), np.array([139.0, lon]), "1km")
    assert "outside Japan" in str(exc.value) and "1 point" in str(exc.value)


def test_nan_rejected_with_count_and_position():
    with pytest.raises(MeshCodeError, match=r"欠損値 \(NaN\) が 1 件.*最初の位置: 1"):
        mesh.to_code(pd.Series([35.0, np.nan, 36.0]), pd.Series([139.0, 139.5, 140.0]))
    with pytest.raises(MeshCodeError, match="NaN"):
        mesh.to_code(float("nan"), 139.0)


@pytest.mark.parametrize("bad", [
    "53398599",     # 2次 latitude digit 8
    "53393899",     # 2次 longitude digit 8
    "533935995",    # quadrant digit 5 (2倍 統合メッシュ style)
    "533935990",    # quadrant digit 0
    "5339359a",     # non-digit
    "1339",         # 1st mesh outside Japan (lat 8.7°)
    "5399",         # lon 199°
    "５３３９",      # full-width digits
    " 5339359",     # leading blank
])
def test_bad_codes_named_in_error(bad):
    good = {4: "5339", 8: "53393599", 9: "533935992"}[len(bad)]
    with pytest.raises(MeshCodeError, match="不正な地域メッシュコード が 1 件".replace(" が", "が")) as exc:
        mesh.to_bounds([good, bad, good])
    assert repr(bad) in str(exc.value)
    with pytest.raises(MeshCodeError, match=repr(bad).replace("(", r"\(")):
        mesh.to_bounds(bad)


@pytest.mark.parametrize("codes", [["5339359"], ["53393599", "533935992"], ["5339", ""], ["533935992125"]])
def test_wrong_or_mixed_length_rejected(codes):
    with pytest.raises(MeshCodeError, match="桁数が不正か混在"):
        mesh.to_bounds(codes)


def test_float_codes_and_unknown_level_and_wrong_direction():
    with pytest.raises(MeshCodeError, match="dtype"):
        mesh.to_polygons(pd.Series([563847004.0, np.nan]))
    with pytest.raises(MeshCodeError, match="次数"):
        mesh.to_code(35.0, 139.0, "100m")
    with pytest.raises(MeshCodeError, match="children"):
        mesh.parent("56384700", "500m")
    with pytest.raises(MeshCodeError, match="parent"):
        mesh.children("563847004", "1km")
