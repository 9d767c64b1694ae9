"""女性の就労（M字カーブ）と昼夜間人口: rates from the census templates of :mod:`curriculum.templates.labour`.

* :func:`labour_force_rates` — 労働力率 by sex and age class, 「不詳」 left out of the denominator as the census
  does; a table that lacks an age class of a sex is refused (a missing row would bend the curve silently);
* :func:`m_curve_dip` — where the women's curve dips between its two peaks, and by how many points;
* :func:`day_night_ratio` — 昼夜間人口比率, with the identity 昼間 = 常住 + 流入 − 流出 checked row by row.
"""

from __future__ import annotations

import pandas as pd

from curriculum.errors import DataFormatError
from curriculum.templates.labour import LABOUR_AGES, SEXES

__all__ = ["labour_force_rates", "m_curve_dip", "day_night_ratio"]


def labour_force_rates(table: pd.DataFrame, city_code: str) -> pd.DataFrame:
    """労働力率（%）: rows = age classes 15-19 … 85+, columns 男 / 女, for one municipality.

    ``table`` is a validated ``labour-force-by-age`` file (:func:`curriculum.templates.spec.read_template_file`).
    """
    rows = table[table["city_code"] == city_code]
    if rows.empty:
        raise DataFormatError(f"労働力状態の表に市区町村コード {city_code} の行がありません。",
                              f"no rows for {city_code}", fix="市区町村コードの列を確かめてください。")
    missing = [f"{sex} {age}" for sex in SEXES for age in LABOUR_AGES
               if not ((rows["sex"] == sex) & (rows["age"] == age)).any()]
    if missing:
        raise DataFormatError(f"労働力状態の表（{city_code}）に足りない行があります: {'、'.join(missing)}",
                              f"missing rows for {city_code}: {missing}",
                              fix="男女それぞれ 15-19 から 85+ までの 15 行を書いてください。")
    labour = rows["employed"] + rows["unemployed"]
    rates = (labour / (labour + rows["not_in_labour_force"]) * 100).to_numpy()
    frame = pd.DataFrame({"sex": rows["sex"].to_numpy(), "age": rows["age"].to_numpy(), "rate": rates})
    out = frame.pivot(index="age", columns="sex", values="rate").reindex(index=list(LABOUR_AGES), columns=list(SEXES))
    out.index.name, out.columns.name = "年齢階級", None
    return out


def m_curve_dip(rates: pd.Series) -> dict:
    """M字の底: the lowest class between the first peak (20–34) and the second peak (after the dip, up to 54).

    Returns ``{"first_peak": age, "bottom": age, "second_peak": age, "depth": points}``, ``depth`` being the
    smaller of the two peaks minus the bottom (0 when the curve has no dip: a plain hump).
    """
    ages = list(rates.index)
    window = [a for a in ages if 20 <= int(a.split("-")[0].rstrip("+")) <= 54]
    values = rates.loc[window]
    first = values.loc[[a for a in window if int(a.split("-")[0]) <= 34]].idxmax()
    after = values.loc[window[window.index(first) + 1:]]
    bottom = after.idxmin()
    rest = after.loc[after.index[list(after.index).index(bottom):]]
    second = rest.idxmax()
    depth = max(0.0, min(values[first], values[second]) - values[bottom])
    return {"first_peak": first, "bottom": bottom, "second_peak": second, "depth": float(depth)}


def day_night_ratio(table: pd.DataFrame) -> pd.DataFrame:
    """昼夜間人口比率（%）per municipality of a ``day-night-population`` table.

    The identity 昼間人口 = 常住人口 + 流入人口 − 流出人口 must hold; a row where it does not is an error naming
    the municipality (a typo in one column would otherwise change the ratio silently).
    """
    expected = table["resident"] + table["inflow"] - table["outflow"]
    wrong = table.loc[expected != table["daytime"], "city_code"].tolist()
    if wrong:
        raise DataFormatError(
            f"昼間人口が「常住人口 + 流入人口 − 流出人口」と合わない行があります: {'、'.join(wrong)}",
            f"daytime != resident + inflow - outflow for {wrong}",
            fix="公表値を写し間違えていないか、4 つの列を確かめてください。",
        )
    out = table.set_index("city_code")[["city_name", "resident", "daytime"]].copy()
    out["ratio"] = out["daytime"] / out["resident"] * 100
    return out
