"""観光振興の所管課データの様式: 観光入込客数（観光地点 × 月）.

Municipal visitor numbers are not in any national statistic: 宿泊旅行統計調査 stops at the prefecture, and
観光入込客統計 is compiled by the prefecture from what each city counts at its 観光地点. The city's 観光担当課
holds the monthly counts per spot; this template is how a notebook reads them. The spot types follow 観光庁
「観光入込客統計に関する共通基準」's 分類 so that spots can be compared between cities.
"""

from __future__ import annotations

from curriculum.templates.spec import Column, Template

#: 観光地点の分類（観光入込客統計に関する共通基準の観光目的の分類）
SPOT_TYPES = ("自然", "歴史・文化", "温泉・健康", "スポーツ・レクリエーション", "都市型観光（買物・食等）", "その他", "行祭事・イベント")
COUNT_METHODS = ("実数", "推計")

TOURISM_VISITORS = Template(
    id="tourism-visitors",
    title="観光入込客数（観光地点別・月別）",
    owner="観光担当課（商工観光課など）",
    description="1 行 = 1 つの観光地点の 1 か月。県に報告している観光入込客統計の地点別・月別の数をそのまま書く。",
    columns=(
        Column("市区町村コード", "city_code", "code", pattern=r"\d{5}", example="15213",
               description="全国地方公共団体コード（5桁、検査数字なし）"),
        Column("観光地点名", "spot", "text", example="道の駅つばめ", description="県の観光入込客統計と同じ地点名"),
        Column("地点の分類", "spot_type", "choice", choices=SPOT_TYPES, example="都市型観光（買物・食等）",
               description="観光入込客統計に関する共通基準の分類"),
        Column("年月", "month", "month", example="2023-08", description="集計した月（2023-08 の形）"),
        Column("入込客数", "visitors", "integer", unit="人", min=0, example="41200",
               description="その月の観光入込客数（延べ人数）。数えていない月は行を作らない（0 と書かない）"),
        Column("県外客の割合", "outside_share", "number", unit="％", min=0, max=100, required=False, example="38",
               description="調査している地点だけ。わからなければ空欄"),
        Column("集計方法", "method", "choice", choices=COUNT_METHODS, example="実数",
               description="実数 = 入場券・レジ・カウンターで数えた／推計 = 駐車台数などからの推計"),
        Column("備考", "note", "text", required=False, example="", description="休館・工事・集計方法の変更など"),
    ),
    unique=("spot", "month"),
    notes=(
        "イベントは開催した月だけ行を作ります。開催しなかった月を 0 人とすると、季節指数が実際より偏ります。",
        "集計方法を途中で変えた地点は、備考に変更した月を書いてください（前年比が比べられなくなります）。",
    ),
)
