"""デモ: the whole data flow on offline data, in a few seconds (the README's main-job command).

1. builds the practice data (練習県, 練習用・架空) and reads every file back with the real readers;
2. computes the elderly share per municipality and per 500 m mesh, showing the 秘匿 trap;
3. writes a bar chart (PNG) and a folium map (HTML) labelled 練習用・架空データ;
4. if real data is in the cache ($CURRICULUM_DATA_DIR), checks it against official totals;
5. runs the HR and instructor flow on fictional trainees (cohort → build → submissions → parallel
   autograde → feedback → grades, dashboard, 修了証): :func:`curriculum.course.demo.run_course_demo`.
"""

from __future__ import annotations

from pathlib import Path

from curriculum.errors import CurriculumError
from curriculum.provenance import PRACTICE_ATTRIBUTION, PRACTICE_LABEL


def run_demo(
    out: str | Path = "out/demo", *, practice_dir: str | Path | None = None, course: bool = True, echo=print
) -> dict[str, Path]:
    """Run the demo and return the paths of what it wrote (``course=False`` skips step 5)."""
    from curriculum.practice.build import build_practice_data

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    echo(f"== 1. 練習用データを作る（{PRACTICE_LABEL}データ）")
    files = build_practice_data(practice_dir or out / "practice_data")
    echo(f"   {len(files)} ファイル → {files['ssdse'].parent}")
    results = _practice_analysis(files, out, echo)
    echo(f"   {PRACTICE_ATTRIBUTION}")
    echo("== 4. 実データの確認（キャッシュにあるもの）")
    _real_data_checks(echo)
    if course:
        from curriculum.course.demo import run_course_demo

        echo("== 5. 人事・講師の流れ（架空の受講者で コホート作成 → 採点 → 成績・修了証）")
        for name, path in run_course_demo(out / "course_demo", echo=lambda line: echo(f"   {line}")).items():
            results[f"講座: {name}"] = path
    echo("== できあがったもの")
    for name, path in results.items():
        echo(f"   {name}: {path}")
    return results


def _practice_analysis(files: dict[str, Path], out: Path, echo) -> dict[str, Path]:
    from curriculum.data import (
        compute_mesh_share, merge_mesh_statistics, read_census_mesh, read_gtfs_jp, read_mesh_boundary,
        read_n03, read_p04, read_ssdse,
    )

    echo("== 2. 市町村ごとの高齢化率（SSDSE 形式）")
    ssdse = read_ssdse(files["ssdse"])
    ssdse["elderly_share"] = ssdse["A1303"] / ssdse["A1101"]
    ranking = ssdse.sort_values("elderly_share", ascending=False)
    for code, row in ranking.iterrows():
        echo(f"   {code} {row['Municipality']:6s} 総人口 {int(row['A1101']):>7,} 人  65歳以上 {row['elderly_share']:.1%}")

    echo("== 3. 500m メッシュの高齢化率（秘匿処理を考慮）")
    table = read_census_mesh(files["census_mesh"])
    total, elderly = (f"{table.attrs['stats_id']}{n:03d}" for n in (1, 19))  # 人口総数, 65歳以上人口
    naive = table[elderly] / table[total]
    shares = compute_mesh_share(table, elderly)
    echo(f"   人口のあるメッシュ {len(table):,} / Σ人口 {int(table[total].sum()):,} 人"
         f"（市町村の合計 {int(ssdse['A1101'].sum()):,} 人と一致）")
    echo(f"   単純に 65歳以上/総人口 を計算すると 100% を超えるメッシュ: {int((naive > 1).sum())} 件"
         f" → 合算グループで計算すると最大 {float(shares['share'].max()):.1%}")
    meshes = merge_mesh_statistics(read_mesh_boundary(files["mesh_boundary"]), table)
    meshes = meshes.merge(shares[["share", "basis"]], left_on="KEY_CODE", right_index=True, how="left")
    echo(f"   陸のメッシュ {len(meshes):,}（うち人が住んでいない {int((~meshes['populated']).sum()):,}）")

    feed = read_gtfs_jp(files["gtfs"])
    hospitals = read_p04(files["p04"], kinds=(1,))
    cities = read_n03(files["n03"])
    chart = _bar_chart(ranking, out / "elderly_share_by_city.png")
    folium_map = _map(meshes, cities, feed, hospitals, out / "elderly_share_map.html")
    return {"グラフ": chart, "地図": folium_map, "練習用データ": files["ssdse"].parent}


def _bar_chart(ranking, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from curriculum.plotting import add_source_note, set_theme

    set_theme(style="whitegrid")
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.barh(ranking["Municipality"][::-1], ranking["elderly_share"][::-1] * 100, color="#4c72b0")
    ax.set_xlabel("65歳以上人口の割合（%）")
    ax.set_title(f"練習県の市町村別 高齢化率（{PRACTICE_LABEL}データ）")
    add_source_note(fig, "出典：curriculum が生成した練習用データ", practice=True)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _map(meshes, cities, feed, hospitals, path: Path) -> Path:
    import folium

    from curriculum.webmap import ELDERLY_SHARE_STEPS, OFFLINE_NOTE, save_map, step_colour

    populated = meshes[meshes["populated"]].to_crs("EPSG:4326")
    centre = cities.to_crs("EPSG:4326").union_all().centroid
    fmap = folium.Map(location=[centre.y, centre.x], zoom_start=11, tiles=None)
    folium.TileLayer("OpenStreetMap", name=f"背景地図（{OFFLINE_NOTE}）").add_to(fmap)
    layer = folium.FeatureGroup(name=f"高齢化率（500m メッシュ、{PRACTICE_LABEL}）")
    folium.GeoJson(
        populated[["KEY_CODE", "share", "basis", "geometry"]].assign(share=lambda d: d["share"].astype(float).round(3)),
        style_function=lambda f: {"fillColor": step_colour(f["properties"]["share"], ELDERLY_SHARE_STEPS),
                                  "weight": 0, "fillOpacity": 0.7},
        tooltip=folium.GeoJsonTooltip(["KEY_CODE", "share", "basis"], aliases=["メッシュ", "65歳以上の割合", "計算単位"]),
    ).add_to(layer)
    layer.add_to(fmap)
    folium.GeoJson(cities.to_crs("EPSG:4326")[["name", "geometry"]], name="市町村界",
                   style_function=lambda f: {"fill": False, "color": "#333", "weight": 1.5}).add_to(fmap)
    stops = folium.FeatureGroup(name=f"バス停（{PRACTICE_LABEL}）")
    for stop in feed.feed.stops.itertuples():
        folium.CircleMarker([stop.stop_lat, stop.stop_lon], radius=3, color="#d62728", tooltip=stop.stop_name).add_to(stops)
    stops.add_to(fmap)
    clinics = folium.FeatureGroup(name=f"病院（{PRACTICE_LABEL}）")
    for row in hospitals.to_crs("EPSG:4326").itertuples():
        folium.CircleMarker([row.geometry.y, row.geometry.x], radius=7, color="#2ca02c", fill=True,
                            fill_opacity=0.9, tooltip=row.name).add_to(clinics)
    clinics.add_to(fmap)
    folium.LayerControl().add_to(fmap)
    fmap.get_root().html.add_child(folium.Element(_legend_html()))
    return save_map(fmap, path)


def _legend_html() -> str:
    from curriculum.webmap import ELDERLY_SHARE_STEPS, NO_VALUE_COLOUR, scale_rows, swatch

    return (
        '<div style="position:fixed;bottom:24px;left:8px;z-index:9999;background:white;padding:6px;font-size:12px">'
        "<b>65歳以上の割合</b>" + "".join(scale_rows(ELDERLY_SHARE_STEPS)) + swatch(NO_VALUE_COLOUR, "計算できない")
        + "<div>色のないマス: 人が住んでいないメッシュ</div>"
        f"<div style=\"margin-top:4px\">{PRACTICE_LABEL}データ（実在の地域ではありません）</div></div>"
    )


def _real_data_checks(echo) -> None:
    """Official totals from whatever real files the cache holds; a missing file is reported, not fatal."""
    from functools import cache

    from curriculum.data import fetch, read_census_mesh, read_n03, read_ssdse

    ssdse = cache(lambda: read_ssdse(fetch("ssdse-a-2026", quiet=True)))
    checks = [
        ("SSDSE-A-2026 Σ総人口", lambda: int(ssdse()["A1101"].sum()), 126_146_099),
        ("燕市の総人口（SSDSE-A-2026）", lambda: int(ssdse().loc["15213", "A1101"]), 77_201),
        ("メッシュ 5240 500m Σ人口", lambda: int(read_census_mesh(fetch("estat-census-mesh-2020", quiet=True, stats_id="T001101", mesh1="5240"))["T001101001"].sum()), 115_588),
        ("燕市の面積 km²（N03 修復後）", lambda: round(float(read_n03(fetch("ksj-n03-city", quiet=True, city_code="15213"))["area_km2"].iloc[0]), 1), 110.9),
    ]
    for label, compute, official in checks:
        try:
            value = compute()
        except CurriculumError as err:
            echo(f"   （{label}: 実データがキャッシュにないため省略 — {err.ja.splitlines()[0]}）")
            continue
        mark = "OK" if value == official else "NG"
        echo(f"   {mark} {label}: {value:,} （公表値 {official:,}）")
