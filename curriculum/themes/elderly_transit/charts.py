"""グラフ（高齢者の公共交通）: seaborn charts with Japanese labels and the practice mark.

Uses :func:`curriculum.plotting.set_theme` (never plain ``sns.set_theme()``, which drops the
Japanese font). A chart says in its title what it is drawn from when that is not all real data —
（練習用・架空を含む） or （再構成データを含む）, from the least real input's provenance record — and a
practice chart says so under it too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.provenance import REAL, Provenance

__all__ = ["plot_coverage_by_district", "plot_elderly_share_vs_distance", "plot_mesh_map"]


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    from curriculum.plotting import set_theme

    set_theme(style="whitegrid")
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    return ax.figure, ax


def _finish(fig, ax, title: str, source: str, provenance: Provenance | None) -> None:
    from curriculum.plotting import add_source_note

    mixed = provenance is not None and provenance.kind != REAL
    ax.set_title(f"{title}（{provenance.label}を含む）" if mixed else title)
    add_source_note(fig, source, practice=provenance is not None and provenance.is_practice)
    fig.tight_layout(rect=(0, 0.05, 1, 1))


def plot_coverage_by_district(summary: pd.DataFrame, *, ax=None, provenance: Provenance | None = None,
                              source: str = "出典：国勢調査・国土数値情報ほかを加工して作成",
                              title: str = "地区別 高齢者の公共交通の圏域カバー率（推計）"):
    """地区別カバー率の棒グラフ: area-weighted and centroid-based coverage side by side.

    Parameters
    ----------
    summary : DataFrame from ``compute_coverage_summary(..., by="district")``.
    provenance : Provenance, optional
        The least real record of the layers the summary comes from
        (``least_real(provenance_of(meshes), provenance_of(district_list))``); default: all real.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> s = pd.DataFrame({"coverage_area": [0.2, 0.5], "coverage_centroid": [0.1, 0.6]}, index=["A地区", "B地区"])
    >>> from curriculum.provenance import PRACTICE_ATTRIBUTION
    >>> fig = plot_coverage_by_district(s, provenance=Provenance("practice", "地区", PRACTICE_ATTRIBUTION))
    >>> fig.axes[0].get_title()
    '地区別 高齢者の公共交通の圏域カバー率（推計）（練習用・架空を含む）'
    >>> fig.canvas.draw(); bool(fig.axes[0].get_legend().get_window_extent().x0 >= fig.axes[0].get_window_extent().x1)
    True
    """
    fig, ax = _axes(ax, (8.5, 0.5 * len(summary) + 2))
    import seaborn as sns

    long = summary[["coverage_area", "coverage_centroid"]].rename(
        columns={"coverage_area": "面積按分", "coverage_centroid": "重心判定"}).rename_axis("地区").reset_index()
    long = long.melt(id_vars="地区", var_name="推計の方法", value_name="カバー率")
    long["カバー率"] = long["カバー率"].astype(float) * 100
    sns.barplot(data=long, y="地区", x="カバー率", hue="推計の方法", ax=ax, orient="h")
    ax.legend(title="推計の方法", fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)  # beside the bars
    ax.set_xlabel("65歳以上人口のうちバス停・駅の圏域に住む割合（%、推計）")
    ax.set_ylabel("")
    _finish(fig, ax, title, source, provenance)
    return fig


def plot_elderly_share_vs_distance(meshes: pd.DataFrame, *, distance: str = "hospital_distance_m", ax=None,
                                   provenance: Provenance | None = None, hue: str | None = "bus_round_trip",
                                   source: str = "出典：国勢調査・国土数値情報（医療機関）ほかを加工して作成",
                                   title: str = "高齢化率と病院までの距離（メッシュ別）"):
    """高齢化率と距離の散布図: one dot per populated mesh, size = 65歳以上人口.

    Parameters
    ----------
    meshes : DataFrame with ``elderly_share``, ``elderly`` and the ``distance`` column (metres).
    hue : str, optional
        Colour by this column (default ``bus_round_trip``: バスで通院できるか), if present.
    provenance : Provenance, optional
        The least real record of the layers drawn (e.g. ``least_real(provenance_of(meshes), provenance_of(feed))``).

    Examples
    --------
    >>> m = pd.DataFrame({"elderly_share": [0.2, 0.4], "elderly": [10, 30], "population": [50, 75],
    ...                   "hospital_distance_m": [800, 4000]})
    >>> fig = plot_elderly_share_vs_distance(m)
    >>> fig.axes[0].get_xlabel()
    '最寄りの病院までの直線距離（km）'
    >>> legend = fig.axes[0].get_legend()   # drawn outside the plotting area, never over the dots
    >>> fig.canvas.draw(); bool(legend.get_window_extent().x0 >= fig.axes[0].get_window_extent().x1)
    True
    """
    fig, ax = _axes(ax, (8.5, 4.5))
    import seaborn as sns

    data = meshes[meshes["population"] > 0] if "population" in meshes else meshes
    data = pd.DataFrame({
        "km": data[distance].astype(float) / 1000,
        "share": data["elderly_share"].astype(float) * 100,
        "elderly": data["elderly"].astype(float),
        **({"hue": data[hue].map({True: "できる", False: "できない"}).fillna(data[hue].astype(str))}
           if hue and hue in data else {}),
    }).replace([np.inf, -np.inf], np.nan).dropna(subset=["km", "share"])
    sns.scatterplot(data=data, x="km", y="share", size="elderly", sizes=(10, 250), alpha=0.6, ax=ax,
                    hue="hue" if "hue" in data else None, legend="brief")
    if "hue" in data:
        handles, labels = ax.get_legend_handles_labels()
        labels = ["バスで通院（乗換なし）" if x == "hue" else "65歳以上人口" if x == "elderly" else x for x in labels]
        # Outside the axes: the 右上 corner (old, far from a hospital) is what the trainee is asked to look at.
        ax.legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
    elif ax.get_legend() is not None:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
    ax.set_xlabel("最寄りの病院までの直線距離（km）")
    ax.set_ylabel("65歳以上の割合（%）")
    _finish(fig, ax, title, source, provenance)
    return fig


def plot_mesh_map(meshes, column: str, *, boundary=None, stations=None, hospitals=None, ax=None,
                  provenance: Provenance | None = None, title: str = "メッシュ別", label: str | None = None,
                  source: str = "出典：国勢調査 地域メッシュ統計・国土数値情報（行政区域・鉄道・医療機関）を加工して作成",
                  crs: str | None = None):
    """メッシュの塗り分け地図 with what a reader needs to find their way: the city boundary, stations with their
    names, hospitals, a north arrow and a 1 km scale bar; the colour bar sits beside the map, never over it.

    Drawn in the 平面直角座標系 (``crs``, default ``meshes.attrs["plane_crs"]``) so that distances are true.

    Examples
    --------
    >>> import shapely, geopandas as gpd
    >>> m = gpd.GeoDataFrame({"v": [0.2, 0.4]}, geometry=[shapely.box(0, 0, 500, 500), shapely.box(500, 0, 1000, 500)],
    ...                      crs="EPSG:6676")
    >>> st = gpd.GeoDataFrame({"stop_name": ["燕"]}, geometry=[shapely.Point(500, 250)], crs="EPSG:6676")
    >>> fig = plot_mesh_map(m, "v", stations=st, crs="EPSG:6676")
    >>> [t.get_text() for t in fig.axes[0].texts][:2]
    ['燕', 'N']
    """
    fig, ax = _axes(ax, (8, 7))
    crs = crs or meshes.attrs.get("plane_crs") or meshes.estimate_utm_crs()
    data = meshes.to_crs(crs)
    data.plot(column=column, ax=ax, cmap="YlOrRd", edgecolor="#bbbbbb", linewidth=0.2, legend=True,
              legend_kwds={"label": label or column, "shrink": 0.6, "location": "right", "pad": 0.02})
    if boundary is not None:
        boundary.to_crs(crs).boundary.plot(ax=ax, color="#222222", linewidth=1.2)
    minx, miny, maxx, maxy = data.total_bounds  # the meshes set the extent: points farther away stay off the map
    pad = 0.03 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_autoscale_on(False)
    if hospitals is not None and len(hospitals):
        hospitals.to_crs(crs).plot(ax=ax, marker="P", color="#2ca02c", markersize=70, edgecolor="white", zorder=4)
    if stations is not None and len(stations):
        points = stations.to_crs(crs).drop_duplicates("stop_name")
        points.plot(ax=ax, marker="s", color="#1f3a93", markersize=30, zorder=5)
        for row in points.itertuples():
            ax.annotate(row.stop_name, (row.geometry.x, row.geometry.y), xytext=(4, 4), textcoords="offset points",
                        fontsize=8, color="#1f3a93", zorder=6,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.annotate("N", xy=(0.95, 0.97), xytext=(0.95, 0.87), xycoords="axes fraction", ha="center", va="center",
                fontsize=11, arrowprops={"arrowstyle": "-|>", "color": "#222222"})
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    bar_x, bar_y = x0 + 0.05 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    ax.plot([bar_x, bar_x + 1000], [bar_y, bar_y], color="#222222", linewidth=3)
    ax.text(bar_x + 500, bar_y + 0.015 * (y1 - y0), "1 km", ha="center", fontsize=8)
    ax.set_axis_off()
    ax.set_aspect("equal")
    _finish(fig, ax, title, source, provenance)
    return fig
