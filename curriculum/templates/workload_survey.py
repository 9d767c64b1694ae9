"""業務量調査票（旭川市の全庁業務量調査の形）: the template each 課 fills in, one row per 作業.

旭川市 broke every task of the whole city hall down to 作業 level and recorded 業務フロー, 業務量（時間）,
業務の性質（コア／ノンコア）, 職員の種別 and 根拠法令, analysed with ONE city-wide classification so that
課 and cities can be compared. The classification below is this product's 全庁統一の業務分類; a city may
replace it, but every 課 must use the same one.
"""

from __future__ import annotations

from curriculum.templates.spec import Column, Template

#: 全庁統一の業務分類 (one list for every 課, so that 課 and cities can be compared).
CATEGORIES = ("庶務", "窓口・受付", "審査・決定", "相談・指導", "企画・計画", "調整・会議", "調査・統計", "施設管理",
              "徴収・収納", "給付・支払", "検査・監督", "広報", "情報システム", "その他")
NATURES = ("コア", "ノンコア")
STAFF_TYPES = ("正規職員", "会計年度任用職員", "委託")
DIGITAL = ("済", "一部", "未")

WORKLOAD_SURVEY = Template(
    id="workload-survey",
    title="業務量調査票",
    owner="行政改革課（各課が記入）",
    description="1 行 = 1 つの作業。業務を作業の単位まで分け、年間の時間・件数、性質、担い手、紙の枚数、電子化の状況を書く。",
    columns=(
        Column("部", "department", "text", example="市民部", description="部・局の名称"),
        Column("課", "section", "text", example="市民課", description="課・室の名称"),
        Column("業務分類", "category", "choice", choices=CATEGORIES, example="窓口・受付",
               description="全庁統一の業務分類（どの課も同じ一覧から選ぶ）"),
        Column("業務名", "task", "text", example="住民票の写し等の交付", description="事務分掌に書かれる単位の業務"),
        Column("作業名", "step", "text", example="申請書の受付", description="業務を手順ごとに分けた作業"),
        Column("手順", "step_order", "integer", min=1, example="1", description="業務フローの中での順番（1 から）"),
        Column("年間時間", "hours", "number", unit="時間", min=0, example="820",
               description="この作業に 1 年間で使う延べ時間（全員分）"),
        Column("年間件数", "cases", "integer", unit="件", min=0, required=False, example="24000",
               description="1 年間に処理する件数（数えられる作業だけ）"),
        Column("性質", "nature", "choice", choices=NATURES, example="ノンコア",
               description="コア = 職員でなければできない（判断・裁量・公権力の行使）／ノンコア = 職員でなくてもできる"),
        Column("職員の種別", "staff_type", "choice", choices=STAFF_TYPES, example="会計年度任用職員",
               description="いまこの作業を主に担っている人"),
        Column("根拠法令", "legal_basis", "text", required=False, example="住民基本台帳法 第12条",
               description="作業の根拠となる法令・条例（なければ空欄）"),
        Column("紙の枚数", "paper_sheets", "integer", unit="枚／年", min=0, example="24000",
               description="1 年間に使う紙の枚数（申請書・決裁・控えなど）"),
        Column("電子化", "digital", "choice", choices=DIGITAL, example="一部",
               description="済 = 紙を使わずに完結／一部 = 一部の手順だけ電子／未 = 紙が中心"),
    ),
    unique=("section", "task", "step"),
    notes=(
        "時間は「その作業に使った延べ時間」です。1 人が 1 日 2 時間、年 240 日なら 480 時間と書きます。",
        "性質の判断に迷う作業は「コア」とし、理由を備考欄ではなく調査の聞き取りで確認します。",
    ),
)
