"""架空の練習県: the fictional geography every practice file shares.

練習県 (prefecture code 99, which no real prefecture has) lies in the sea between 佐渡 and
the 新潟 coast, inside 1st mesh 5738, so a practice map can never be taken for a real town.
Its municipalities are Voronoi cells of seeded points inside an irregular outline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer

from curriculum.geo import JGD2011_GEOGRAPHIC, plane_rectangular_crs

PREF_CODE = "99"  # no real prefecture has it
PREF_NAME = "練習県"
CENTER_LAT, CENTER_LON = 38.22, 138.80
PROJECTED_CRS = plane_rectangular_crs(PREF_CODE)  # the 平面直角座標系 of the real sea area (zone VIII)
COUNTY_NAME = "練習郡"  # the 郡 of the towns and the village (N03_003), as in real N03 files
CITIES = [  # (code, name, kind, relative population weight)
    ("99201", "練習市", "市", 1.00),
    ("99202", "北練習市", "市", 0.45),
    ("99203", "南練習市", "市", 0.38),
    ("99341", "練習東町", "町", 0.16),
    ("99342", "練習西町", "町", 0.11),
    ("99343", "練習山村", "村", 0.05),
]


@dataclass(frozen=True)
class PracticeCity:
    city_code: str
    name: str
    kind: str
    weight: float
    polygon: shapely.Polygon  # lon/lat, JGD2011


def _to_lonlat():
    return Transformer.from_crs(PROJECTED_CRS, JGD2011_GEOGRAPHIC, always_xy=True)


def _to_metres():
    return Transformer.from_crs(JGD2011_GEOGRAPHIC, PROJECTED_CRS, always_xy=True)


def prefecture_outline(seed: int = 0) -> shapely.Polygon:
    """The prefecture's outline: a wobbly ellipse about 30 km × 22 km (lon/lat)."""
    rng = np.random.default_rng(seed)
    x0, y0 = _to_metres().transform(CENTER_LON, CENTER_LAT)
    angles = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    radius = 1 + 0.08 * rng.standard_normal(angles.size).cumsum() / np.sqrt(np.arange(1, angles.size + 1))
    xs = x0 + 13500 * radius * np.cos(angles)
    ys = y0 + 11000 * radius * np.sin(angles)
    lon, lat = _to_lonlat().transform(xs, ys)
    return shapely.Polygon(zip(lon, lat)).buffer(0)


def practice_cities(seed: int = 0) -> list[PracticeCity]:
    """The municipalities of 練習県, 練習市 first (it contains the prefecture's centre)."""
    outline = prefecture_outline(seed)
    rng = np.random.default_rng(seed + 1)
    x0, y0 = _to_metres().transform(CENTER_LON, CENTER_LAT)
    offsets = [(0, 0), (2000, 8500), (-1500, -8000), (9500, 1500), (-9500, 2500), (8000, -6500)]
    jitter = rng.uniform(-800, 800, size=(len(offsets), 2))
    seeds_lon, seeds_lat = _to_lonlat().transform(
        [x0 + dx + jx for (dx, _), (jx, _) in zip(offsets, jitter)],
        [y0 + dy + jy for (_, dy), (_, jy) in zip(offsets, jitter)],
    )
    points = shapely.MultiPoint(list(zip(seeds_lon, seeds_lat)))
    cells = shapely.voronoi_polygons(points, extend_to=outline.buffer(0.1))
    cities = []
    for (code, name, kind, weight), lon, lat in zip(CITIES, seeds_lon, seeds_lat):
        cell = next(c for c in cells.geoms if c.contains(shapely.Point(lon, lat)))
        cities.append(PracticeCity(code, name, kind, weight, cell.intersection(outline)))
    return cities
