"""住民基本台帳の匿名化抽出（見える化システム用）: the three files a city gives the 見える化 page each month.

Names, addresses and exact birth dates never leave the 住基 system: the extract keeps only 生年月, 性別,
町丁目 and an opaque 世帯番号 / 住民番号 that the city re-numbers for every extract. The files stay in a
folder only the instructor and the city's analysts can read (never the hub's shared data cache); only the
suppressed aggregates (:mod:`curriculum.apps.mieruka`) are published.
"""

from __future__ import annotations

from curriculum.templates.spec import Column, Template

__all__ = ["JUKI_RESIDENTS", "JUKI_EVENTS", "JUKI_AREAS", "EVENT_KINDS", "SEXES"]

SEXES = ("男", "女")
#: 異動事由 the page counts (転居 = a move inside the city).
EVENT_KINDS = ("転入", "転出", "転居", "出生", "死亡")
_CHOME = r"[0-9A-Za-z-]{1,16}"

JUKI_RESIDENTS = Template(
    id="juki-residents",
    title="住民基本台帳 匿名化抽出（住民）",
    owner="市民課（情報政策課が抽出）",
    description="1 行 = 基準日（月末）に住民登録のある 1 人。氏名・住所・生年月日は含めない（生年月まで）。",
    columns=(
        Column("住民番号", "resident_id", "code", pattern=r"[0-9A-Za-z]{1,20}", example="000001",
               description="抽出ごとに振り直す通し番号（住民票コード・宛名番号は使わない）"),
        Column("生年月", "birth_month", "month", example="1958-04", description="生まれた年と月（日は含めない）"),
        Column("性別", "sex", "choice", choices=SEXES, example="女"),
        Column("町丁目コード", "chome_code", "code", pattern=_CHOME, example="213084000",
               description="住所の町丁目（地区表の町丁目コードと同じ体系。国勢調査 小地域の KEY_CODE でもよい）"),
        Column("世帯番号", "household_id", "code", pattern=r"[0-9A-Za-z]{1,20}", example="H00001",
               description="抽出ごとに振り直す世帯の番号"),
    ),
    unique=("resident_id",),
    notes=("基準日はファイル名の年月（YYYY-MM）の月末。", "外国人住民を含む（住民基本台帳の総計と同じ）。"),
)

JUKI_EVENTS = Template(
    id="juki-events",
    title="住民基本台帳 匿名化抽出（異動）",
    owner="市民課（情報政策課が抽出）",
    description="1 行 = その月の 1 件の異動（転入・転出・転居・出生・死亡）。",
    columns=(
        Column("異動日", "date", "date", example="2023-01-16"),
        Column("異動事由", "kind", "choice", choices=EVENT_KINDS, example="転入"),
        Column("生年月", "birth_month", "month", example="1995-07"),
        Column("性別", "sex", "choice", choices=SEXES, example="男"),
        Column("町丁目コード", "chome_code", "code", pattern=_CHOME, example="213084000",
               description="転入・転居・出生は異動後、転出・死亡は異動前の町丁目"),
        Column("転居前町丁目コード", "from_chome_code", "code", required=False, pattern=_CHOME, example="",
               description="転居のときだけ: 転居前の町丁目"),
        Column("相手市区町村コード", "other_city_code", "code", required=False, pattern=r"\d{5}|99999", example="15100",
               description="転入元・転出先の全国地方公共団体コード（5 桁）。国外は 99999"),
    ),
)

JUKI_AREAS = Template(
    id="juki-areas",
    title="町丁目と地区の対応表",
    owner="企画課（各地区の所管課と確認）",
    description="1 行 = 1 町丁目。町丁目がどの行政センター・中学校区・小学校区・地域包括支援センターに属するか。",
    columns=(
        Column("町丁目コード", "chome_code", "code", pattern=_CHOME, example="213084000"),
        Column("町丁目名", "chome_name", "text", example="分水文京町"),
        Column("行政センター", "center", "text", example="分水地区"),
        Column("中学校区", "junior_high", "text", example="分水中学校区"),
        Column("小学校区", "elementary", "text", example="分水小学校区"),
        Column("地域包括支援センター", "care_center", "text", example="分水地域包括支援センター"),
    ),
    unique=("chome_code",),
)
