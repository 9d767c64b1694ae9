"""外国人材の指標: 在留資格の区分, 構成比 and 特化係数, per-capita and per-employee values, peers and change.

The 36 在留資格 of 在留外国人統計 are grouped the way 出入国在留管理庁 explains them: 技能実習, 特定技能, 専門的・技術的分野
(教授 … 技能, 介護, 高度専門職), the residence-based statuses 身分に基づく在留資格 (永住者, 日本人の配偶者等, 永住者の配偶者等,
定住者), 特別永住者, 留学, 家族滞在, 特定活動 and その他 (文化活動, 研修). A label not in these lists is an error,
never silently put in a group.

Two facts every comparison here must carry: the residents are counted **where they live** (a 技能実習生 working in
the next town counts there), and municipalities with 10 or fewer foreign residents are not listed in the
在留外国人統計 (their values are missing, not 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from curriculum.analysis.compare import compute_size_band, get_same_band
from curriculum.analysis.decompose import compute_change_components, compute_contribution
from curriculum.analysis.location_quotient import compute_location_quotient, compute_shares
from curriculum.errors import DataFormatError

__all__ = ["STATUS_GROUPS", "require_listed", "status_group", "get_status_groups", "get_categories", "compute_composition",
           "compute_foreign_indicators", "get_size_peers", "compute_status_change", "compute_foreign_movement"]

STATUS_GROUPS = ("技能実習", "特定技能", "専門的・技術的分野", "身分に基づく在留資格", "特別永住者", "留学", "家族滞在",
                 "特定活動", "その他")
_PROFESSIONAL = {"教授", "芸術", "宗教", "報道", "経営・管理", "法律・会計業務", "医療", "研究", "教育",
                 "技術・人文知識・国際業務", "企業内転勤", "介護", "興行", "技能"}
_STATUS_BASED = {"永住者", "日本人の配偶者等", "永住者の配偶者等", "定住者"}
_OWN_GROUP = {"特別永住者", "留学", "家族滞在", "特定活動"}
_OTHER = {"文化活動", "研修"}


def require_listed(table: pd.DataFrame, city_code: str) -> str:
    """The city's code if the 在留外国人統計 table lists it; else a clear error (10 人以下 are not listed).

    >>> t = pd.DataFrame({"総数": [556]}, index=["15213"])
    >>> require_listed(t, "15213")
    '15213'
    """
    from curriculum.errors import DataNotFoundError

    city_code = str(city_code)
    if city_code not in table.index:
        raise DataNotFoundError(
            f"市区町村コード {city_code} は在留外国人統計の表に載っていません。在留外国人が 10 人以下の市区町村は"
            "「その他の合計」にまとめられ、市区町村ごとの数は公表されていません。",
            f"{city_code} is not listed in the 在留外国人統計 table (10 or fewer foreign residents are pooled)",
            fix="CITY_CODE を確かめてください。外国人住民の少ない市町村では、住民基本台帳（外国人住民）の表だけが使えます。")
    return city_code


def status_group(label: str) -> str:
    """在留資格の区分: the group of one 在留資格 label as the table writes it.

    >>> status_group("技能実習2号ロ"), status_group("高度専門職1号ロ"), status_group("定住者")
    ('技能実習', '専門的・技術的分野', '身分に基づく在留資格')
    """
    if label.startswith("技能実習"):
        return "技能実習"
    if label.startswith("特定技能"):
        return "特定技能"
    if label.startswith("高度専門職") or label in _PROFESSIONAL:
        return "専門的・技術的分野"
    if label in _STATUS_BASED:
        return "身分に基づく在留資格"
    if label in _OWN_GROUP:
        return label
    if label in _OTHER:
        return "その他"
    raise DataFormatError(f"在留資格「{label}」の区分が分かりません。", f"unknown residence status {label!r}",
                          fix="在留外国人統計の在留資格別の表（read_zairyu_municipal）の列をそのまま渡してください。")


def get_categories(table: pd.DataFrame) -> pd.DataFrame:
    """The category columns (在留資格 or 国籍) of a 在留外国人統計 table, as counts (areas × categories)."""
    return table[list(table.attrs["categories"])].astype("int64")


def get_status_groups(table: pd.DataFrame) -> pd.DataFrame:
    """在留資格を区分に集計: areas × :data:`STATUS_GROUPS` (counts); each row adds up to 総数.

    >>> t = pd.DataFrame({"総数": [10], "技能実習1号ロ": [3], "技能実習2号ロ": [4], "永住者": [3]}, index=["15213"])
    >>> t.attrs["categories"] = ["技能実習1号ロ", "技能実習2号ロ", "永住者"]
    >>> get_status_groups(t).loc["15213", ["技能実習", "身分に基づく在留資格"]].tolist()
    [7, 3]
    """
    counts = get_categories(table)
    groups = counts.T.groupby([status_group(c) for c in counts.columns]).sum().T
    return groups.reindex(columns=list(STATUS_GROUPS), fill_value=0)


def compute_composition(counts: pd.DataFrame, city_code: str) -> pd.DataFrame:
    """構成比と特化係数: one row per category for ``city_code``, compared with 全国 and its prefecture.

    ``counts`` is areas × categories (:func:`get_status_groups` or :func:`get_categories`). 全国 and 県 are sums over
    the listed areas (all rows; those whose code starts with the city's 2 digits), so municipalities not listed
    (10 人以下) are left out of both. Columns: 人数, 構成比, 全国の構成比, 県の構成比, 特化係数（全国）, 特化係数（県）.

    >>> c = pd.DataFrame({"技能実習": [30, 10], "永住者": [70, 90]}, index=["15213", "13101"])
    >>> compute_composition(c, "15213").loc["技能実習", ["構成比", "全国の構成比", "特化係数（全国）"]].round(3).tolist()
    [0.3, 0.2, 1.5]
    """
    city_code = str(city_code)
    if city_code not in counts.index:
        raise DataFormatError(f"市区町村コード {city_code} が在留外国人統計の表にありません。",
                              f"{city_code} is not listed in the table",
                              fix="在留外国人が 10 人以下の市区町村は表に載りません（注）。コードも確かめてください。")
    city = counts.loc[city_code]
    national = counts.sum()
    pref = counts[counts.index.astype(str).str.startswith(city_code[:2])].sum()
    profile = pd.DataFrame({
        "人数": city,
        "構成比": compute_shares(city),
        "全国の構成比": compute_shares(national),
        "県の構成比": compute_shares(pref),
        "特化係数（全国）": compute_location_quotient(city, national),
        "特化係数（県）": compute_location_quotient(city, pref),
    })
    profile.index.name = "区分"
    return profile


def compute_foreign_indicators(municipal: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """市区町村ごとの外国人材の指標: one row per municipality of ``municipal`` (SSDSE-A with A1700 and industries).

    Columns: Municipality, Prefecture, 総人口 (A1101), 外国人人口 (A1700, 国勢調査 2020), 外国人の割合 (A1700 ÷ A1101),
    在留外国人 (総数, 2021年12月末), 技能実習, 技能実習（人口千人当たり）, 製造業の従業者 (C220837, 2021年6月, 事業所の所在地),
    製造業の構成比 (C220837 ÷ C2208), 技能実習（製造業従業者千人当たり）, 人口規模. A municipality not listed in the
    在留外国人統計 (10 人以下) has 在留外国人 and 技能実習 missing, not 0.

    >>> m = pd.DataFrame({"Municipality": ["A市"], "Prefecture": ["X県"], "A1101": [10000], "A1700": [200],
    ...                   "C2208": [4000], "C220837": [1000]}, index=["15213"])
    >>> s = pd.DataFrame({"総数": [180], "技能実習2号ロ": [50], "永住者": [130]}, index=["15213"])
    >>> s.attrs["categories"] = ["技能実習2号ロ", "永住者"]
    >>> compute_foreign_indicators(m, s).loc["15213", ["外国人の割合", "技能実習（人口千人当たり）", "技能実習（製造業従業者千人当たり）"]].tolist()
    [0.02, 5.0, 50.0]
    """
    groups = get_status_groups(status)
    population = municipal["A1101"].astype("float64")
    employees = municipal["C220837"].astype("float64")
    table = pd.DataFrame({
        "Municipality": municipal["Municipality"],
        "Prefecture": municipal["Prefecture"],
        "総人口": municipal["A1101"],
        "外国人人口": municipal["A1700"],
        "外国人の割合": municipal["A1700"].astype("float64") / population.where(population > 0),
        "在留外国人": status["総数"].reindex(municipal.index).astype("Float64"),
        "技能実習": groups["技能実習"].reindex(municipal.index).astype("Float64"),
    }, index=municipal.index)
    table["技能実習（人口千人当たり）"] = (table["技能実習"] / population.where(population > 0) * 1000).astype("float64")
    table["製造業の従業者"] = municipal["C220837"]
    table["製造業の構成比"] = employees / municipal["C2208"].astype("float64").replace(0, np.nan)
    table["技能実習（製造業従業者千人当たり）"] = (table["技能実習"] / employees.where(employees > 0) * 1000).astype("float64")
    table["人口規模"] = compute_size_band(municipal["A1101"])
    return table


def get_size_peers(indicators: pd.DataFrame, city_code: str) -> pd.DataFrame:
    """人口規模が同じ区分の市区町村 (the city included): the peers come from the data, never from a typed list."""
    return get_same_band(indicators, str(city_code), column="総人口")


def compute_status_change(before: pd.DataFrame, after: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """在留資格の区分ごとの増減と寄与率 between two tables (e.g. 2020年12月末 → 2021年12月末) for one area.

    Columns: the two dates (``attrs["as_of"]``), 増減, 伸び率 and 寄与率 (each group's share of the total change).

    >>> b = pd.DataFrame({"総数": [100], "技能実習2号ロ": [60], "永住者": [40]}, index=["15000"])
    >>> a = pd.DataFrame({"総数": [90], "技能実習2号ロ": [45], "永住者": [45]}, index=["15000"])
    >>> for t, d in ((b, "2020-12-31"), (a, "2021-12-31")):
    ...     t.attrs = {"categories": ["技能実習2号ロ", "永住者"], "as_of": d}
    >>> compute_status_change(b, a, "15000").loc["技能実習", ["増減", "寄与率"]].tolist()
    [-15.0, 1.5]
    """
    first = get_status_groups(before).loc[str(area_code)].astype("float64")
    last = get_status_groups(after).loc[str(area_code)].astype("float64")
    change = last - first
    table = pd.DataFrame({before.attrs["as_of"]: first, after.attrs["as_of"]: last, "増減": change,
                          "伸び率": change / first.replace(0, np.nan),
                          "寄与率": compute_contribution(change)})
    table.index.name = "区分"
    return table


def compute_foreign_movement(juki: pd.DataFrame, city_code: str) -> pd.Series:
    """外国人住民の増減の分解 (one year) for ``city_code``: the population a year before and after, 増減, 増減率,
    自然増減, 社会増減 and its parts (国内・国外の転入超過, その他), from the 住基【外国人住民】 table.

    >>> j = pd.DataFrame({"population": [595], "change": [43], "births": [0], "deaths": [3], "in_domestic": [129],
    ...                   "in_abroad": [88], "in_other": [2], "out_domestic": [81], "out_abroad": [85],
    ...                   "out_other": [7]}, index=["15213"])
    >>> compute_foreign_movement(j, "15213")[["前年1月1日の人口", "増減", "国外との転入超過"]].tolist()
    [552.0, 43.0, 3.0]
    """
    row = juki.loc[[str(city_code)]]
    parts = compute_change_components(row).iloc[0].astype("float64")
    population = float(row["population"].iloc[0])
    change = float(row["change"].iloc[0])
    if parts["change"] != change:
        raise DataFormatError("人口動態の内訳の合計が増減数と合いません。", "movement parts do not add up to 増減",
                              fix="公式の表をそのまま使ってください。")
    return pd.Series({
        "前年1月1日の人口": population - change, "1月1日の人口": population, "増減": change,
        "増減率": change / (population - change), "自然増減": parts["natural_change"], "社会増減": parts["social_change"],
        "国内との転入超過": parts["net_domestic"], "国外との転入超過": parts["net_abroad"], "その他": parts["net_other"],
    })
