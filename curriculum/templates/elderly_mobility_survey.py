"""高齢者の移動に関するアンケート（個票）: the questionnaire export a city holds, one row per respondent.

Modelled on the 燕・弥彦地域公共交通網形成計画's 高齢者向けアンケート (燕市, 令和2年度 研修の根拠): age band,
driving licence, use of public transport, whether getting around is inconvenient, and the hardest trip.
A blank answer is 無回答 (left empty in the file, never coded as a value), so each percentage can state its base.
A city replaces the practice file with its own export in this layout (``curriculum template write
elderly-mobility-survey`` gives the blank form, ``curriculum template check`` the validation).
"""

from __future__ import annotations

from curriculum.templates.spec import Column, Template

AGE_BANDS = ("65〜69歳", "70〜74歳", "75〜79歳", "80〜84歳", "85歳以上")
#: Census 5-year classes that make each age band (for weighting to the population).
AGE_BAND_CLASSES = {"65〜69歳": ("65-69",), "70〜74歳": ("70-74",), "75〜79歳": ("75-79",), "80〜84歳": ("80-84",),
                    "85歳以上": ("85-89", "90-94", "95-99", "100+")}
LICENCE = ("持っている", "返納した", "持ったことがない")
#: Answers that make a respondent a 運転免許を持たない高齢者.
NON_DRIVER = ("返納した", "持ったことがない")
USE = ("利用している", "利用していない")
INCONVENIENCE = ("感じる", "やや感じる", "あまり感じない", "感じない")
#: Answers counted as 「移動に不便を感じる」.
INCONVENIENT = ("感じる", "やや感じる")
HARDEST_TRIP = ("病院・診療所", "買い物", "金融機関・役所", "知人宅・趣味", "特にない")

ELDERLY_MOBILITY_SURVEY = Template(
    id="elderly-mobility-survey",
    title="高齢者の移動に関するアンケート（個票）",
    owner="都市計画・公共交通の担当課（調査の委託先が集計前の個票を納品）",
    description="1 行 = 1 人の回答者。無回答は空欄のまま（「9」や「無回答」の文字は入れない）。",
    columns=(
        Column("回答者ID", "respondent_id", "code", pattern=r"\d{1,8}", example="1", description="調査票の通し番号"),
        Column("地区", "district", "text", example="燕地区", description="回答者の住む地区（市の地区割り）"),
        Column("年齢区分", "age_band", "choice", choices=AGE_BANDS, example="70〜74歳", description="回答時の年齢（5歳階級）"),
        Column("運転免許", "licence", "choice", choices=LICENCE, required=False, example="返納した",
               description="自動車の運転免許。空欄 = 無回答"),
        Column("公共交通の利用", "public_transport", "choice", choices=USE, required=False, example="利用している",
               description="バス・デマンド交通・鉄道を月 1 回以上利用しているか。空欄 = 無回答"),
        Column("移動の不便", "inconvenience", "choice", choices=INCONVENIENCE, required=False, example="やや感じる",
               description="ふだんの外出で不便を感じるか。空欄 = 無回答"),
        Column("最も困る外出先", "hardest_trip", "choice", choices=HARDEST_TRIP, required=False, example="病院・診療所",
               description="外出で最も困る行き先（1 つ）。空欄 = 無回答"),
    ),
    unique=("respondent_id",),
    notes=(
        "割合の分母（基数）は、その設問に答えた人です。無回答を分母に入れるかどうかを、表ごとに書きます。",
        "対象者の一部だけに聞いた設問（例: 免許を持たない人への設問）は、その人数が分母です。",
    ),
)
