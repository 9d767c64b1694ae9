"""こどもの貧困の所管課データの様式: 就学援助の認定者数（小学校区別・年度別）.

The relative poverty rate cannot be measured for a municipality from published statistics; what a city holds are
administrative counts of families who receive support — 就学援助 (教育委員会), 児童扶養手当 (子育て支援課), 生活保護
(福祉事務所) — and, where it ran one, a 子どもの生活実態調査. Each is a **proxy**: it counts families who applied
and were approved, not all families in need. The template below is for 就学援助, the proxy most cities have by
school district; its counts are about children and families, so a published table suppresses every figure under
10 persons for a district (:mod:`curriculum.analysis.suppression`).
"""

from __future__ import annotations

from curriculum.templates.spec import Column, Template

SCHOOL_TYPES = ("小学校", "中学校")

SCHOOL_AID = Template(
    id="school-aid-district",
    title="就学援助の認定者数（小学校区別・年度別）",
    owner="教育委員会（学校教育課・教育総務課など）",
    description=("1 行 = 1 つの年度の 1 つの小学校区の 1 つの学校種。児童生徒数はその年度の 5月1日現在、"
                 "認定者数はその年度に認定した児童生徒の実人数。名前や住所など個人が分かる情報は書かない。"),
    columns=(
        Column("市区町村コード", "city_code", "code", pattern=r"\d{5}", example="15213",
               description="全国地方公共団体コード（5桁、検査数字なし）"),
        Column("年度", "year", "integer", min=2000, max=2100, example="2023", description="年度（西暦）"),
        Column("地区", "district", "text", example="燕東小学校区", description="小学校区の名前（年度で変えない）"),
        Column("学校種", "school_type", "choice", choices=SCHOOL_TYPES, example="小学校",
               description="小学校（義務教育学校の前期課程を含む）／中学校（後期課程を含む）"),
        Column("児童生徒数", "pupils", "integer", unit="人", min=0, example="412",
               description="その地区に住む児童生徒数（5月1日現在、市立学校の在籍者）。分母になるので必ず書く"),
        Column("要保護", "aid_protected", "integer", unit="人", min=0, example="6",
               description="要保護児童生徒（生活保護を受けている世帯）の認定者数"),
        Column("準要保護", "aid_quasi", "integer", unit="人", min=0, example="48",
               description="準要保護児童生徒（市が要保護に準ずると認めた世帯）の認定者数"),
        Column("備考", "note", "text", required=False, example="",
               description="認定基準（生活保護基準の何倍か）の変更、学区の再編など"),
    ),
    unique=("year", "district", "school_type"),
    notes=(
        "このファイルは所管課の中で扱うもので、公表しません。公表する表では 10 人未満の数を秘匿します（合計から逆算できるセルも）。",
        "認定基準（例: 生活保護基準の 1.3 倍）を変えた年度は備考に書きます。基準が変わると、困っている家庭が同じでも受給率が変わります。",
        "要保護 + 準要保護 は児童生徒数を超えられません（検証で確かめます）。",
    ),
)
