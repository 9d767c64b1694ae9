"""統計データブック（草加市の「統計データブック」に倣う）: one municipality's book in HTML and PDF from real data.

Sections: 人口 (census 2020 pyramid, 住基 2013 / 2018 / 2023, 将来人口推計 by コーホート変化率法 beside 社人研),
社会 (households, schools, 保育, medical), 経済 (industry structure, 特化係数, 就業), 財政 (SSDSE-A's
municipal finance items), each indicator with its rank in the prefecture, the neighbours (touching
boundaries, where the N03 boundaries are in the cache) and five peers (closest in size and structure);
a choropleth of the prefecture; an 出典 line under every chart and table.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.analysis.projection import IPSS_DATE_2050, project_city
from curriculum.errors import CurriculumError, DataFormatError, DataNotFoundError

__all__ = ["INDICATORS", "DataBook", "compute_indicators", "compute_peers", "compute_rankings",
           "compute_location_quotients", "build_databook", "render_html", "load_sources", "write_databook"]

SSDSE_SOURCE = "出典：独立行政法人統計センター「SSDSE-A-2026 市区町村」を加工して作成"
CENSUS_SOURCE = "出典：総務省統計局「令和2年国勢調査」（e-Stat）を加工して作成"
JUKI_SOURCE = "出典：総務省「住民基本台帳に基づく人口、人口動態及び世帯数」（各年）を加工して作成"
IPSS_SOURCE = "出典：国立社会保障・人口問題研究所「日本の地域別将来推計人口」（平成30年推計・令和5年推計）"
N03_SOURCE = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成"

#: (field, 指標名, numerator, denominator or None, scale, unit)
INDICATORS = [
    ("人口", "総人口", "A1101", None, 1, "人"),
    ("人口", "高齢化率", "A1303", "A1101", 100, "%"),
    ("人口", "年少人口割合", "A1301", "A1101", 100, "%"),
    ("人口", "外国人人口割合", "A1700", "A1101", 100, "%"),
    ("社会", "1世帯あたり人員", "A710201", "A710101", 1, "人"),
    ("社会", "単独世帯割合", "A810105", "A710101", 100, "%"),
    ("社会", "小学校数（人口1万人あたり）", "E2101", "A1101", 10_000, "校"),
    ("社会", "保育所等数（0〜14歳1千人あたり）", "J250302", "A1301", 1_000, "か所"),
    ("社会", "一般病院数（人口10万人あたり）", "I510120", "A1101", 100_000, "施設"),
    ("社会", "医師数（人口10万人あたり）", "I6100", "A1101", 100_000, "人"),
    ("経済", "第2次産業就業者割合", "F2211", "F1102", 100, "%"),
    ("経済", "第3次産業就業者割合", "F2221", "F1102", 100, "%"),
    ("経済", "完全失業率", "F1107", ("F1102", "F1107"), 100, "%"),
    ("経済", "製造業従業者割合（民営）", "C220837", "C2208", 100, "%"),
    ("財政", "経常収支比率", "D2203", None, 1, "%"),
    ("財政", "実質公債費比率", "D2211", None, 1, "%"),
    ("財政", "歳出決算総額（1人あたり）", "D3203", "A1101", 1_000, "千円"),
    ("財政", "民生費の割合", "D320303", "D3203", 100, "%"),
]


def compute_indicators(ssdse: pd.DataFrame) -> pd.DataFrame:
    """指標表: one row per municipality, one column per indicator of :data:`INDICATORS` (plus 都道府県)."""
    out = pd.DataFrame(index=ssdse.index)
    out["都道府県"] = ssdse["Prefecture"]
    out["市区町村"] = ssdse["Municipality"]
    for _, name, numerator, denominator, scale, _ in INDICATORS:
        value = ssdse[numerator].astype(float)
        if isinstance(denominator, tuple):
            value = value / ssdse[list(denominator)].astype(float).sum(axis=1)
        elif denominator is not None:
            value = value / ssdse[denominator].astype(float).replace(0, np.nan)
        out[name] = value * scale
    return out


def compute_rankings(indicators: pd.DataFrame, city_code: str) -> pd.DataFrame:
    """県内順位: each indicator's value, its rank among the prefecture's municipalities (1 = largest) and the median."""
    pref = indicators.loc[city_code, "都道府県"]
    same = indicators[indicators["都道府県"] == pref]
    rows = []
    for field_name, name, *_rest, unit in INDICATORS:
        column = same[name].dropna()
        value = indicators.loc[city_code, name]
        rank = int((column > value).sum() + 1) if pd.notna(value) else None
        rows.append({"分野": field_name, "指標": name, "値": value, "単位": unit, "県内順位": rank,
                     "市町村数": len(column), "県内の中央値": column.median()})
    return pd.DataFrame(rows)


def compute_peers(indicators: pd.DataFrame, city_code: str, *, n: int = 5) -> pd.DataFrame:
    """類似団体: the ``n`` municipalities closest in log(人口), 高齢化率 and 第2次産業就業者割合 (standardised)."""
    populated = indicators[indicators["総人口"] > 0]
    features = pd.DataFrame({"size": np.log(populated["総人口"]), "old": populated["高齢化率"],
                             "industry": populated["第2次産業就業者割合"]}).dropna()
    z = (features - features.mean()) / features.std()
    distance = np.sqrt(((z - z.loc[city_code]) ** 2).sum(axis=1)).drop(city_code)
    peers = distance.nsmallest(n).index
    return indicators.loc[peers, ["都道府県", "市区町村", "総人口", "高齢化率", "第2次産業就業者割合"]].assign(
        距離=distance[peers].round(2))


def compute_location_quotients(ssdse: pd.DataFrame, city_code: str) -> pd.Series:
    """特化係数（従業者数・民営）: the industry's share in the city ÷ its share in Japan."""
    labels = ssdse.attrs["labels"]
    codes = [c for c in ssdse.columns if c.startswith("C2208") and c != "C2208"]
    city = ssdse.loc[city_code, codes].astype(float) / float(ssdse.loc[city_code, "C2208"])
    nation = ssdse[codes].astype(float).sum() / float(ssdse["C2208"].astype(float).sum())
    quotient = (city / nation).rename(lambda c: labels[c].replace("従業者数（民営）（", "").rstrip("）"))
    return quotient.sort_values(ascending=False)


@dataclass
class DataBook:
    """What the book shows; :func:`write_databook` renders it."""

    city_code: str
    name: str
    rankings: pd.DataFrame
    peers: pd.DataFrame
    neighbours: pd.DataFrame
    quotients: pd.Series
    juki_series: pd.DataFrame
    projection: pd.DataFrame
    figures: dict[str, tuple[str, str]] = field(default_factory=dict)  # title -> (png base64, 出典)
    notes: list[str] = field(default_factory=list)


def _figure_png(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _boundaries(codes: list[str]):
    """The N03 boundaries in the cache for these municipalities (政令市 from their 区); missing ones listed."""
    import geopandas as gpd

    from curriculum.data import read_n03
    from curriculum.data.fetching import path as cached_path

    frames, missing = [], []
    for code in codes:
        parts = [code] if not (code[2] == "1" and code[:2] != "13") else [f"{code[:4]}{i}" for i in range(1, 10)]
        found = []
        for part in parts:
            try:
                found.append(read_n03(cached_path("ksj-n03-city", city_code=part)))
            except (DataNotFoundError, CurriculumError):
                continue
        if found:
            shape = pd.concat(found).dissolve()
            shape["city_code"] = code
            frames.append(shape[["city_code", "geometry"]])
        else:
            missing.append(code)
    if not frames:
        return None, missing
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs), missing


def build_databook(city_code: str, *, ssdse: pd.DataFrame, census: pd.DataFrame, juki: dict[str, pd.DataFrame],
                   ipss_2018: pd.DataFrame | None = None, ipss_2023: pd.DataFrame | None = None) -> DataBook:
    """データブックの中身を作る for ``city_code`` from already-read tables (see :func:`write_databook`)."""
    import matplotlib.pyplot as plt
    import matplotlib_fontja  # noqa: F401  (Japanese glyphs in the charts)

    if city_code not in ssdse.index:
        raise DataFormatError(f"市区町村コード {city_code} は SSDSE-A にありません。", f"{city_code} not in SSDSE-A",
                              fix="5 桁の全国地方公共団体コード（政令市は市のコード、例 15100）を指定してください。")
    indicators = compute_indicators(ssdse)
    name = f"{ssdse.loc[city_code, 'Prefecture']}{ssdse.loc[city_code, 'Municipality']}"
    book = DataBook(city_code, name, compute_rankings(indicators, city_code), compute_peers(indicators, city_code),
                    pd.DataFrame(), compute_location_quotients(ssdse, city_code), pd.DataFrame(), pd.DataFrame())
    # 人口ピラミッド（国勢調査 2020）
    rows = census[(census["city_code"] == city_code)].set_index("sex")
    classes = census.attrs["age_classes"]
    fig, ax = plt.subplots(figsize=(6, 4.2))
    ax.barh(classes, -rows.loc["male", classes].astype(float), color="#4c78a8", label="男")
    ax.barh(classes, rows.loc["female", classes].astype(float), color="#e45756", label="女")
    ax.set_title(f"{name} 人口ピラミッド（2020年10月1日）")
    ax.set_xlabel("人（左が男、右が女）")
    ax.legend()
    book.figures["人口ピラミッド"] = (_figure_png(fig), CENSUS_SOURCE)
    # 住基 2013 / 2018 / 2023
    series = []
    for label, table in juki.items():
        row = table[(table["city_code"] == city_code) & (table["sex"] == "total")]
        if len(row):
            row = row.iloc[0]
            old = [c for c in table.attrs["age_classes"] if int(c.split("-")[0].rstrip("+")) >= 65]
            series.append({"基準日": table.attrs["as_of"], "総人口": int(row["total"]), "65歳以上": int(row[old].sum())})
    book.juki_series = pd.DataFrame(series)
    # 将来人口推計（コーホート変化率法）と社人研
    tables = list(juki.values())
    result = project_city(tables[-2], tables[-1], city_code)
    steps = result["steps"].groupby("date")["total"].sum()
    projection = pd.DataFrame({"推計（コーホート変化率法）": steps.round()})
    projection.loc[IPSS_DATE_2050] = round(result["total"])
    projection = projection.sort_index()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(pd.to_datetime(projection.index), projection.iloc[:, 0], marker="o", label="コーホート変化率法（住基 2018→2023）")
    if ipss_2018 is not None and city_code in set(ipss_2018["city_code"]):
        ipss = ipss_2018[ipss_2018["city_code"] == city_code].set_index("year")["total"]
        ax.plot(pd.to_datetime([f"{y}-10-01" for y in ipss.index]), ipss.values, marker="s", label="社人研 平成30年推計")
        projection["社人研 平成30年推計"] = pd.Series({f"{y}-10-01": v for y, v in ipss.items()})
    if ipss_2023 is not None and city_code in ipss_2023.index:
        years = [c for c in ipss_2023.columns if isinstance(c, int)]
        ax.plot(pd.to_datetime([f"{y}-10-01" for y in years]), ipss_2023.loc[city_code, years].values, marker="^",
                label="社人研 令和5年推計")
        projection["社人研 令和5年推計"] = pd.Series({f"{y}-10-01": ipss_2023.loc[city_code, y] for y in years})
    ax.set_title(f"{name} 将来人口推計")
    ax.set_ylabel("人")
    ax.legend(fontsize=8)
    book.projection = projection.sort_index()
    book.figures["将来人口推計"] = (_figure_png(fig), f"{JUKI_SOURCE}／{IPSS_SOURCE}")
    book.notes.append(f"将来人口推計: 2018-01-01→2023-01-01 の住基表から求めた変化率を 5 年ごとに当てはめ、{IPSS_DATE_2050} は "
                      "2048-01-01 と 2053-01-01 の推計を日数で直線補間した値。住基（1月1日、住民登録）と社人研（国勢調査基準、10月1日）は基準が違う。")
    # 特化係数
    fig, ax = plt.subplots(figsize=(6, 4))
    book.quotients.sort_values().plot.barh(ax=ax, color="#72b7b2")
    ax.axvline(1, color="#333", linewidth=0.8)
    ax.set_title(f"{name} 産業別従業者の特化係数（全国 = 1）")
    book.figures["特化係数"] = (_figure_png(fig), SSDSE_SOURCE)
    # 隣接市町村とコロプレス（県内の境界がキャッシュにあるとき）
    pref_codes = list(indicators.index[indicators["都道府県"] == indicators.loc[city_code, "都道府県"]])
    shapes, missing = _boundaries(pref_codes)
    if shapes is not None and city_code in set(shapes["city_code"]):
        metric = shapes.to_crs(3857)  # a 50 m tolerance in metres: repaired outlines can leave hairline gaps
        own = metric[metric["city_code"] == city_code].geometry.iloc[0].buffer(50)
        touching = shapes[metric.geometry.intersects(own).to_numpy() & (shapes["city_code"] != city_code).to_numpy()]
        book.neighbours = indicators.loc[touching["city_code"], ["市区町村", "総人口", "高齢化率", "第2次産業就業者割合"]]
        mapped = shapes.merge(indicators[["高齢化率"]], left_on="city_code", right_index=True)
        fig, ax = plt.subplots(figsize=(6, 6))
        mapped.plot(column="高齢化率", cmap="OrRd", legend=True, ax=ax, edgecolor="#666", linewidth=0.3)
        shapes[shapes["city_code"] == city_code].boundary.plot(ax=ax, color="#000", linewidth=1.5)
        ax.set_title(f"{indicators.loc[city_code, '都道府県']} 市町村別 高齢化率（%）（太線が{name}）")
        ax.set_axis_off()
        book.figures["高齢化率の地図"] = (_figure_png(fig), f"{SSDSE_SOURCE}／{N03_SOURCE}")
        if missing:
            book.notes.append("地図と隣接の判定に境界がない市町村: " + "、".join(indicators.loc[missing, "市区町村"]))
    else:
        book.notes.append("この都道府県の行政区域の境界がキャッシュにないため、地図と隣接市町村は省略した（類似団体は表示）。")
    return book


def _table_html(frame: pd.DataFrame, source: str, *, index: bool = False) -> str:
    body = frame.to_html(index=index, na_rep="－", float_format=lambda v: f"{v:,.1f}", border=0, classes="t")
    return f"{body}<p class='source'>{html.escape(source)}</p>"


def render_html(book: DataBook) -> str:
    """The book as one self-contained HTML page (charts embedded as PNG)."""
    from matplotlib_fontja import __file__ as fontja_file

    font = Path(fontja_file).parent / "fonts" / "ipaexg.ttf"
    parts = [f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>{html.escape(book.name)} 統計データブック</title>
<style>@font-face {{ font-family: "IPAexGothic"; src: url("{font.as_uri()}"); }}
body {{ font-family: "IPAexGothic", sans-serif; margin: 1.5em; }} table.t {{ border-collapse: collapse; font-size: 9pt; }}
table.t td, table.t th {{ border: 1px solid #bbb; padding: 1px 6px; }} .source {{ font-size: 8pt; color: #555; }}
img {{ max-width: 100%; }} h2 {{ border-bottom: 2px solid #4c78a8; page-break-before: auto; }}
@page {{ size: A4; margin: 15mm; }}</style></head><body>
<h1>{html.escape(book.name)} 統計データブック</h1>"""]
    for field_name in ("人口", "社会", "経済", "財政"):
        parts.append(f"<h2>{field_name}</h2>")
        rows = book.rankings[book.rankings["分野"] == field_name].drop(columns="分野")
        parts.append(_table_html(rows, SSDSE_SOURCE))
        if field_name == "人口":
            for title in ("人口ピラミッド", "将来人口推計"):
                png, source = book.figures[title]
                parts.append(f"<h3>{title}</h3><img alt='{title}' src='data:image/png;base64,{png}'>"
                             f"<p class='source'>{html.escape(source)}</p>")
            parts.append("<h3>住民基本台帳人口</h3>" + _table_html(book.juki_series, JUKI_SOURCE))
            parts.append("<h3>将来人口推計（表）</h3>" + _table_html(book.projection.reset_index(names="時点"),
                                                               f"{JUKI_SOURCE}／{IPSS_SOURCE}"))
        if field_name == "経済":
            png, source = book.figures["特化係数"]
            parts.append(f"<h3>特化係数</h3><img alt='特化係数' src='data:image/png;base64,{png}'><p class='source'>{html.escape(source)}</p>")
    parts.append("<h2>近隣・類似団体との比較</h2>")
    if len(book.neighbours):
        parts.append("<h3>隣接する市町村</h3>" + _table_html(book.neighbours, f"{SSDSE_SOURCE}／{N03_SOURCE}", index=True))
    parts.append("<h3>類似団体（人口規模・高齢化率・第2次産業就業者割合が近い5団体）</h3>" + _table_html(book.peers, SSDSE_SOURCE, index=True))
    if "高齢化率の地図" in book.figures:
        png, source = book.figures["高齢化率の地図"]
        parts.append(f"<h3>高齢化率の地図</h3><img alt='地図' src='data:image/png;base64,{png}'><p class='source'>{html.escape(source)}</p>")
    parts.append("<h2>注記</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in book.notes) + "</ul></body></html>")
    return "".join(parts)


def load_sources(city_code: str | None = None) -> dict:
    """Read every real table the book uses from the catalogue (once; pass the result to :func:`write_databook`)."""
    from curriculum.data import fetch, read_ssdse
    from curriculum.data.census_age import read_census_age
    from curriculum.data.ipss import read_ipss_2018, read_ipss_2023_totals
    from curriculum.data.juki_age import read_juki_age

    return {
        "ssdse": read_ssdse(fetch("ssdse-a-2026", quiet=True)),
        "census": read_census_age(fetch("census-2020-age", quiet=True)),
        "juki": {y: read_juki_age(fetch(f"juki-age-{y}", quiet=True)) for y in ("2013", "2018", "2023")},
        "ipss_2018": read_ipss_2018(fetch("ipss-2018-municipal-both", quiet=True)),
        "ipss_2023": read_ipss_2023_totals(fetch("ipss-2023-niigata-totals", quiet=True)),
    }


def write_databook(city_code: str, out_dir: str | Path, *, pdf: bool = True, sources: dict | None = None) -> dict[str, Path]:
    """`curriculum databook`: write ``databook_{code}.html`` and its PDF (IPAex font embedded) into ``out_dir``."""
    sources = sources or load_sources()
    book = build_databook(city_code, **sources)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    page = render_html(book)
    paths = {"html": out / f"databook_{city_code}.html"}
    paths["html"].write_text(page, encoding="utf-8")
    if pdf:
        from weasyprint import HTML

        paths["pdf"] = out / f"databook_{city_code}.pdf"
        HTML(string=page, base_url=str(out)).write_pdf(paths["pdf"])
    return paths
