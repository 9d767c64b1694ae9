"""地場産業の所管課データの様式: 産業中分類の市の集計（経済センサス／工業統計）と 事業者アンケート.

SSDSE-A has 産業大分類 only, for one year: the 中分類 that shows *which* manufacturing (金属製品? 生産用機械?)
and the trend over census years are in 経済センサス‐活動調査 and 工業統計（経済構造実態調査）, whose
municipal tables the city's 商工担当課 usually keeps (or downloads from e-Stat). The 事業者アンケート is the
city's own survey of local firms.
"""

from __future__ import annotations

from curriculum.templates.spec import Column, Template

SOURCES = ("経済センサス‐活動調査", "経済センサス‐基礎調査", "工業統計調査", "経済構造実態調査")
EMPLOYEE_BANDS = ("1～4人", "5～9人", "10～19人", "20～29人", "30～99人", "100人以上")
OUTLOOKS = ("増加", "横ばい", "減少", "わからない")
STAFFING = ("不足", "適正", "過剰")
SUCCESSION = ("決まっている", "候補がいる", "いない", "不要（廃業予定を含む）")

INDUSTRY_CENSUS_CITY = Template(
    id="industry-census-city",
    title="産業中分類別 事業所数・従業者数・製造品出荷額等（市の集計）",
    owner="商工担当課（商工振興課など）",
    description="1 行 = 1 つの調査年の 1 つの産業中分類。経済センサス・工業統計の市区町村別の表を書き写す（秘匿は空欄）。",
    columns=(
        Column("市区町村コード", "city_code", "code", pattern=r"\d{5}", example="15213",
               description="全国地方公共団体コード（5桁、検査数字なし）"),
        Column("調査年", "year", "integer", min=1950, max=2100, example="2021", description="調査の年（西暦）"),
        Column("調査名", "source", "choice", choices=SOURCES, example="経済センサス‐活動調査",
               description="数字を書き写した統計調査"),
        Column("産業中分類コード", "industry_code", "code", pattern=r"\d{2}", example="24",
               description="日本標準産業分類の中分類コード（2桁、例: 24 金属製品製造業）"),
        Column("産業中分類名", "industry", "text", example="金属製品製造業", description="中分類の名称"),
        Column("事業所数", "establishments", "integer", unit="事業所", min=0, required=False, example="652",
               description="秘匿（X）は空欄にする"),
        Column("従業者数", "employees", "integer", unit="人", min=0, required=False, example="7318",
               description="秘匿（X）は空欄にする"),
        Column("製造品出荷額等", "shipments", "integer", unit="万円", min=0, required=False, example="16550000",
               description="製造業だけ。万円単位（百万円の表は 100 倍して書く）。秘匿は空欄"),
    ),
    unique=("year", "industry_code"),
    notes=(
        "秘匿（X）や「-」は空欄にします。0 と書くと、実際にはある事業所が無いことになってしまいます。",
        "製造品出荷額等の単位は万円にそろえます。表によって百万円・千円があるので、書き写す前に確かめてください。",
        "従業者 4 人以上の事業所だけの表（工業統計）と全事業所の表（経済センサス）は、同じ列に混ぜずに調査名で分けます。",
    ),
)

BUSINESS_SURVEY = Template(
    id="business-survey",
    title="事業者アンケート（地場産業の現状と課題）",
    owner="商工担当課（商工会議所・商工会と共同で実施することが多い）",
    description="1 行 = 1 事業者の回答。選択式の設問は選択肢の文字をそのまま、自由記述は 1 セルに書く。",
    columns=(
        Column("回答番号", "response_id", "code", pattern=r"\d{1,6}", example="1", description="回答ごとの通し番号"),
        Column("産業中分類コード", "industry_code", "code", pattern=r"\d{2}", example="24",
               description="主な事業の中分類コード（2桁）"),
        Column("従業者規模", "size_band", "choice", choices=EMPLOYEE_BANDS, example="10～19人", description="常用の従業者数"),
        Column("売上の見通し", "sales_outlook", "choice", choices=OUTLOOKS, example="横ばい", description="今後 3 年の売上の見通し"),
        Column("人手の過不足", "staffing", "choice", choices=STAFFING, example="不足", description="いまの人手"),
        Column("後継者", "successor", "choice", choices=SUCCESSION, example="いない", description="事業を継ぐ人"),
        Column("新しい取引先の開拓", "new_customers", "choice", choices=("している", "していない"), example="している",
               description="この 3 年で新しい取引先（海外・他産業を含む）を開拓したか"),
        Column("困りごと", "issue", "text", required=False, example="若手の採用が難しい", description="自由記述"),
    ),
    unique=("response_id",),
    notes=("個人や事業者が特定できる自由記述は、集計の前に所管課で伏せてください。",),
)
