"""女性の就労（M字カーブ）と昼夜間人口の様式: tables from the 2020 census that are not in the offline data.

Both come from e-Stat (令和2年国勢調査: 就業状態等基本集計 and 従業地・通学地集計; catalogue entries
``census-2020-labour-force-age`` and ``census-2020-daytime-population`` say where). A city downloads its rows as
CSV and copies them into these templates, or its 統計担当 fills them in from the published tables. Offline, the
product uses labelled practice data in the same templates (:mod:`curriculum.practice.labour`).
"""

from __future__ import annotations

from curriculum.templates.spec import Column, Template

#: 15歳以上の年齢5歳階級 as the census publishes them (85歳以上 is the top class).
LABOUR_AGES = tuple(f"{a}-{a + 4}" for a in range(15, 85, 5)) + ("85+",)
SEXES = ("男", "女")

LABOUR_FORCE_BY_AGE = Template(
    id="labour-force-by-age",
    title="男女・年齢（5歳階級）別 労働力状態（15歳以上人口）",
    owner="統計担当課（国勢調査の公表値を写す）",
    description="1 行 = 1 つの性別 × 年齢5歳階級。令和2年国勢調査 就業状態等基本集計の市区町村の値をそのまま書く。",
    columns=(
        Column("市区町村コード", "city_code", "code", pattern=r"\d{5}", example="15213",
               description="全国地方公共団体コード（5桁、検査数字なし）"),
        Column("性別", "sex", "choice", choices=SEXES, example="女"),
        Column("年齢階級", "age", "choice", choices=LABOUR_AGES, example="30-34",
               description="15-19 … 80-84、85歳以上は 85+"),
        Column("就業者", "employed", "integer", unit="人", min=0, example="1520"),
        Column("完全失業者", "unemployed", "integer", unit="人", min=0, example="41"),
        Column("非労働力人口", "not_in_labour_force", "integer", unit="人", min=0, example="430"),
        Column("労働力状態不詳", "unknown", "integer", unit="人", min=0, required=False, example="95",
               description="労働力状態が「不詳」の人。労働力率の分母には入れない"),
    ),
    unique=("city_code", "sex", "age"),
    notes=(
        "労働力率 =（就業者 + 完全失業者）÷（就業者 + 完全失業者 + 非労働力人口）× 100。「不詳」は分母に入れません"
        "（国勢調査の公表値と同じ定義）。",
        "年齢階級は 15-19 から 85+ まで、男女それぞれ 15 行（合計 30 行）を書いてください。",
    ),
)

DAY_NIGHT_POPULATION = Template(
    id="day-night-population",
    title="昼夜間人口（常住人口・昼間人口）",
    owner="統計担当課（国勢調査の公表値を写す）",
    description="1 行 = 1 市区町村。令和2年国勢調査 従業地・通学地集計の常住人口（夜間人口）、昼間人口、流入・流出人口。",
    columns=(
        Column("市区町村コード", "city_code", "code", pattern=r"\d{5}", example="15213"),
        Column("市区町村名", "city_name", "text", example="燕市"),
        Column("常住人口", "resident", "integer", unit="人", min=0, example="77201",
               description="夜間人口（その市に住んでいる人）"),
        Column("流入人口", "inflow", "integer", unit="人", min=0, example="15000",
               description="他市区町村からその市へ通勤・通学する人（15歳未満の通学者を含む）"),
        Column("流出人口", "outflow", "integer", unit="人", min=0, example="14000",
               description="その市から他市区町村へ通勤・通学する人"),
        Column("昼間人口", "daytime", "integer", unit="人", min=0, example="78201",
               description="常住人口 + 流入人口 − 流出人口（従業地・通学地「不詳」を除く公表値）"),
    ),
    unique=("city_code",),
    notes=("昼夜間人口比率 = 昼間人口 ÷ 常住人口 × 100。100 を超える市は、働きに・学びに来る人の方が多い市です。",),
)
