"""調査区の割り当て: allocate survey units (e.g. 小地域) to 調査員 so that loads are even and areas contiguous.

No 調査区 map is public, so the module uses 小地域（町丁・字）as the units and their households as the load.
The stated measure of a good allocation is

* **balance** — the largest 調査員 load ÷ the mean load (1.0 is perfect);
* **contiguity** — each 調査員's units form one connected area (units are neighbours when their borders share
  a line, not just a point).

:func:`allocate_survey_units` grows one area per 調査員 from seeds spread over the city (always giving the next
neighbouring unit to the lightest area), then moves border units to a lighter neighbouring area while that
brings the loads closer to their mean (lower sum of squares) and keeps every area connected. It is a heuristic, not an optimum: the result
reports its measures so that a person can judge and adjust it.
"""

from __future__ import annotations

from collections import deque

import geopandas as gpd
import numpy as np
import pandas as pd

from curriculum.errors import CurriculumError

__all__ = ["compute_adjacency", "allocate_survey_units", "evaluate_allocation"]


def compute_adjacency(units: gpd.GeoDataFrame, *, min_shared_m: float = 1.0) -> dict[int, set[int]]:
    """隣り合う単位: for each row position, the positions whose border shares ≥ ``min_shared_m`` metres.

    ``units`` must be in a projected CRS in metres (e.g. the 平面直角座標系).

    >>> import shapely
    >>> g = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(2, 1, 3, 2)], crs="EPSG:6676")
    >>> compute_adjacency(g, min_shared_m=0.5)
    {0: {1}, 1: {0}, 2: set()}
    """
    if units.crs is None or not units.crs.is_projected:
        raise CurriculumError("隣り合う単位の計算には、メートル単位の投影座標系が必要です。", "a projected CRS in metres is needed",
                              fix="units.to_crs(平面直角座標系の EPSG) にしてから渡してください（curriculum.geo.plane_rectangular_crs）。")
    geoms = units.geometry.values
    left, right = units.sindex.query(geoms, predicate="intersects")
    neighbours = {i: set() for i in range(len(units))}
    for i, j in zip(left.tolist(), right.tolist()):
        if i < j and geoms[i].boundary.intersection(geoms[j].boundary).length >= min_shared_m:
            neighbours[i].add(j)
            neighbours[j].add(i)
    return neighbours


def _connected(members: set[int], neighbours: dict[int, set[int]]) -> bool:
    if len(members) <= 1:
        return True
    start = next(iter(members))
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in neighbours[queue.popleft()] & members:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return len(seen) == len(members)


def evaluate_allocation(units: gpd.GeoDataFrame, assignment, *, load: str, neighbours=None) -> pd.DataFrame:
    """割り当ての評価: per 調査員 — units, load, load ÷ mean, contiguous; ``attrs`` has the overall balance.

    >>> import shapely
    >>> g = gpd.GeoDataFrame({"households": [10, 20, 30]}, geometry=[shapely.box(i, 0, i + 1, 1) for i in range(3)], crs="EPSG:6676")
    >>> table = evaluate_allocation(g, [1, 2, 1], load="households", neighbours={0: {1}, 1: {0, 2}, 2: {1}})
    >>> table[["units", "load", "contiguous"]].values.tolist(), table.attrs["balance"]
    ([[2, 40, False], [1, 20, True]], 1.3333333333333333)
    """
    neighbours = neighbours if neighbours is not None else compute_adjacency(units)
    assignment = np.asarray(assignment)
    rows = []
    for area in sorted(set(assignment.tolist())):
        members = set(np.flatnonzero(assignment == area).tolist())
        rows.append({"area": area, "units": len(members), "load": units[load].to_numpy()[list(members)].sum(),
                     "contiguous": _connected(members, neighbours)})
    table = pd.DataFrame(rows).set_index("area")
    table["load_ratio"] = table["load"] / table["load"].mean()
    table.attrs["balance"] = float(table["load"].max() / table["load"].mean())
    table.attrs["all_contiguous"] = bool(table["contiguous"].all())
    return table


def allocate_survey_units(units: gpd.GeoDataFrame, n_areas: int, *, load: str, improve_rounds: int = 200) -> pd.Series:
    """調査員ごとの担当区域: an area number (1…n) for each unit, as a Series aligned with ``units``.

    ``units``: polygons in a projected CRS (metres) with a numeric ``load`` column (e.g. 世帯数).
    """
    if not 1 <= n_areas <= len(units):
        raise CurriculumError(f"調査員の数 {n_areas} は 1 以上、単位の数（{len(units)}）以下にしてください。",
                              f"n_areas must be between 1 and {len(units)}")
    weights = pd.to_numeric(units[load], errors="coerce")
    if weights.isna().any() or (weights < 0).any():
        raise CurriculumError(f"負担の列「{load}」に数値でない値か負の値があります。", f"bad values in {load!r}",
                              fix="秘匿などで値のない単位は、推計値を入れるか除いてから割り当ててください。")
    weights = weights.to_numpy(dtype=float)
    neighbours = compute_adjacency(units)
    centres = np.column_stack([units.geometry.centroid.x, units.geometry.centroid.y])
    # Seeds spread over the city: start from the heaviest unit, then repeatedly take the farthest from all seeds.
    seeds = [int(np.argmax(weights))]
    distance = np.hypot(*(centres - centres[seeds[0]]).T)
    while len(seeds) < n_areas:
        seeds.append(int(np.argmax(distance)))
        distance = np.minimum(distance, np.hypot(*(centres - centres[seeds[-1]]).T))
    area = np.full(len(units), -1)
    loads = np.zeros(n_areas)
    for number, seed in enumerate(seeds):
        area[seed], loads[number] = number, weights[seed]
    # Grow: the lightest area that still has an unassigned neighbour takes its nearest one.
    while (area < 0).any():
        grown = False
        for number in np.argsort(loads):
            frontier = {j for i in np.flatnonzero(area == number) for j in neighbours[i] if area[j] < 0}
            if frontier:
                pick = min(frontier, key=lambda j: np.hypot(*(centres[j] - centres[seeds[number]])))
                area[pick] = number
                loads[number] += weights[pick]
                grown = True
                break
        if not grown:  # units not reachable through shared borders (islands): nearest seed, reported by evaluate
            for j in np.flatnonzero(area < 0):
                number = int(np.argmin([np.hypot(*(centres[j] - centres[s])) for s in seeds]))
                area[j] = number
                loads[number] += weights[j]
    # Improve: move border units to a lighter neighbouring area while that lowers the sum of squared loads
    # (the loads move towards their mean) and the area left behind stays connected.
    for _ in range(improve_rounds):
        best = None
        for i in range(len(units)):
            source = area[i]
            for target in {area[j] for j in neighbours[i]} - {source}:
                change = 2 * weights[i] * (loads[target] - loads[source] + weights[i])
                if change >= 0 or (best is not None and change >= best[0]):
                    continue
                rest = set(np.flatnonzero(area == source).tolist()) - {i}
                if rest and _connected(rest, neighbours):
                    best = (change, i, target)
        if best is None:
            break
        _, i, target = best
        loads[area[i]] -= weights[i]
        loads[target] += weights[i]
        area[i] = target
    return pd.Series(area + 1, index=units.index, name="area")
