"""市民の健康促進の所管課データの様式: 特定健康診査の対象者数・受診者数（年度 × 性別 × 5歳階級）.

The city's 特定健診 受診率 by age is not in any national table a notebook can download: the city (as 国民健康保険
の保険者) reports it each year to the 国保連合会 as the 法定報告. The 健康づくり・国保担当課 holds the counts by sex
and 5-year age class; this template is how a notebook reads them. The denominator is the 法定報告's 対象者数
(the city's 国保 insured aged 40–74, less those excluded), **not** the whole population of that age: people in
社会保険 (会社の健保・協会けんぽ) are checked by their own insurer and are in neither count.
"""

from __future__ import annotations

from curriculum.templates.spec import Column, Template

#: 特定健診の対象年齢（40〜74歳）の 5 歳階級
CHECKUP_AGE_CLASSES = ("40～44歳", "45～49歳", "50～54歳", "55～59歳", "60～64歳", "65～69歳", "70～74歳")
SEXES = ("男", "女")

HEALTH_CHECKUPS = Template(
    id="health-checkups",
    title="特定健康診査の対象者数・受診者数（年度・性別・年齢階級別）",
    owner="健康づくり担当課・国民健康保険担当課",
    description="1 行 = 1 年度・1 性別・1 年齢階級。国保連合会に報告した特定健診の法定報告の数をそのまま書く。",
    columns=(
        Column("市区町村コード", "city_code", "code", pattern=r"\d{5}", example="15213",
               description="全国地方公共団体コード（5桁、検査数字なし）"),
        Column("年度", "year", "integer", min=2008, max=2100, example="2023", description="法定報告の年度（西暦）"),
        Column("性別", "sex", "choice", choices=SEXES, example="女"),
        Column("年齢階級", "age_class", "choice", choices=CHECKUP_AGE_CLASSES, example="60～64歳",
               description="年度末（3月31日）時点の年齢の 5 歳階級（法定報告と同じ）"),
        Column("対象者数", "eligible", "integer", unit="人", min=0, example="1250",
               description="法定報告の対象者数（40〜74歳の国保被保険者から、年度途中の加入・脱退者や除外対象を除いた数）。"
                           "その年齢の人口ではない"),
        Column("受診者数", "examined", "integer", unit="人", min=0, example="520",
               description="法定報告の受診者数（人間ドック等の結果を受領した人を含む）"),
        Column("備考", "note", "text", required=False, example="", description="集計方法の変更など"),
    ),
    unique=("city_code", "year", "sex", "age_class"),
    notes=(
        "受診率の分母は対象者数（国保被保険者）です。人口を分母にすると、社会保険の加入者の分だけ受診率が低く見えます。",
        "受診者数が対象者数を超える行は読み込めません（分子と分母の年度・年齢の数え方がそろっているか確かめてください）。",
        "10 人未満のセルも数字のまま書いてください。公表するときの秘匿は分析の後で行います。",
    ),
)
