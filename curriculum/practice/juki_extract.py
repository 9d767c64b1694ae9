"""練習用・架空の住基抽出: a deterministic 住民基本台帳 extract in the 見える化 templates, shaped like a real city.

* Residents on the base date (default 2023-01-01) add up **exactly** to the municipality's published 住基
  table by sex and 5-year age (``juki-age-2023``; Σ published classes).
* Their 町丁目 follow the 2015 census 小地域 populations of the same city (``estat-shochiiki-2015-niigata-dbf``,
  新潟県 only): each 町丁目 gets its share by the largest-remainder rule.
* 町丁目 are grouped into fictional 小学校区, 中学校区, 行政センター and 地域包括支援センター named 練習…;
  households, birth months within the class and the monthly 異動 are random but seeded.

Every file name carries the practice label (練習用・架空), and so does :data:`PROVENANCE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.errors import DataFormatError
from curriculum.provenance import PRACTICE, PRACTICE_ATTRIBUTION, PRACTICE_LABEL, Provenance
from curriculum.templates.juki_extract import JUKI_AREAS, JUKI_EVENTS, JUKI_RESIDENTS

__all__ = ["JukiExtract", "make_juki_extract", "write_juki_extract", "chome_sizes", "allocate", "month_after",
           "snapshot_date", "PROVENANCE"]

PROVENANCE = Provenance(PRACTICE, f"住民基本台帳 匿名化抽出（{PRACTICE_LABEL}）", PRACTICE_ATTRIBUTION,
                        note="年齢×性別の合計は公表の住基年齢階級別人口に、町丁目の大きさは 2015 年小地域人口に合わせてある")
# Monthly probabilities of each 異動 (rough magnitudes of a Japanese city, not any city's numbers).
_RATES = {"転入": 0.0030, "転出": 0.0032, "転居": 0.0035, "出生": 0.00050, "死亡": 0.0010}
_OUTSIDE = "99999"


@dataclass
class JukiExtract:
    """A practice extract: the area table, and per month (``YYYY-MM``) the residents at month end and the 異動."""

    city_code: str
    areas: pd.DataFrame
    residents: dict[str, pd.DataFrame]
    events: dict[str, pd.DataFrame]
    provenance: Provenance = PROVENANCE


def month_after(month: str, n: int = 1) -> str:
    """``"2022-12"`` → ``"2023-01"``.

    >>> month_after("2022-12"), month_after("2023-01", 3)
    ('2023-01', '2023-04')
    """
    year, mon = map(int, month.split("-"))
    index = year * 12 + mon - 1 + n
    return f"{index // 12}-{index % 12 + 1:02d}"


def snapshot_date(month: str) -> date:
    """The 基準日 of a month's residents: the first day of the next month (= the end of ``month``).

    >>> snapshot_date("2022-12")
    datetime.date(2023, 1, 1)
    """
    return date.fromisoformat(month_after(month) + "-01")


def allocate(total: int, weights) -> np.ndarray:
    """Split ``total`` in proportion to ``weights`` by the largest-remainder rule (sums exactly).

    >>> allocate(10, [1, 1, 1]).tolist()
    [4, 3, 3]
    """
    weights = np.asarray(weights, dtype=float)
    if total < 0 or weights.sum() <= 0:
        raise DataFormatError("配分する人数か重みが不正です。", "bad total or weights")
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    rest = total - counts.sum()
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:rest]] += 1
    return counts


def chome_sizes(shochiiki: pd.DataFrame, city_code: str) -> pd.DataFrame:
    """The 町丁目 of a city with their 2015 population (multi-part 町丁目 summed; empty ones dropped).

    For a 政令市 (e.g. 15100) the 小地域 rows of all its 区 are used.
    """
    codes = shochiiki["city_code"].astype(str)
    rows = shochiiki[codes.str[:3] == city_code[:3]] if city_code[2] == "1" and city_code[:2] != "13" else \
        shochiiki[codes == city_code]
    if rows.empty:
        raise DataFormatError(f"市区町村 {city_code} の 2015 年小地域人口がありません（新潟県の市町村だけ収録）。",
                              f"no 2015 小地域 rows for {city_code}", fix="新潟県の市町村コード（例 15213）を指定してください。")
    names = rows.get("MOJI", rows["KEY_CODE"]).astype(str)
    table = (rows.assign(name=names).groupby("KEY_CODE", as_index=False)
             .agg(population=("JINKO", "sum"), name=("name", "first")))
    table = table[table["population"] > 0].sort_values("KEY_CODE").reset_index(drop=True)
    return table.rename(columns={"KEY_CODE": "chome_code", "name": "chome_name"})


def _area_table(chome: pd.DataFrame) -> pd.DataFrame:
    """Fictional districts: consecutive 町丁目 (by code) into 小学校区 of ~5,000 people, 2–3 of those per 中学校区 …"""
    total = chome["population"].sum()
    n_elementary = max(3, round(total / 5000))
    cumulative = (chome["population"].cumsum() - chome["population"] / 2) / total
    elementary = np.minimum((cumulative * n_elementary).astype(int), n_elementary - 1)
    junior = elementary // 2
    center = junior // 2
    care = elementary // 3
    return pd.DataFrame({
        "chome_code": chome["chome_code"],
        "chome_name": chome["chome_name"],
        "center": [f"練習第{c + 1}行政センター" for c in center],
        "junior_high": [f"練習第{j + 1}中学校区" for j in junior],
        "elementary": [f"練習第{e + 1}小学校区" for e in elementary],
        "care_center": [f"練習第{c + 1}地域包括支援センター" for c in care],
    })


def _birth_months(ages: np.ndarray, on: date, rng) -> list[str]:
    """A birth month giving the completed age ``ages`` on ``on`` (birthday taken as the end of the birth month)."""
    months = rng.integers(1, 13, size=len(ages))
    # age on `on` = on.year − year − (1 if month >= on.month else 0)
    years = on.year - ages - (months >= on.month).astype(int)
    return [f"{y:04d}-{m:02d}" for y, m in zip(years, months)]


def make_juki_extract(city_code: str, age_table: pd.DataFrame, shochiiki: pd.DataFrame, *, months: int = 3,
                      seed: int = 0, scale: float = 1.0, other_cities: list[str] | None = None) -> JukiExtract:
    """練習用の住基抽出を作る: residents on ``age_table``'s date and ``months`` further months of 異動.

    Parameters
    ----------
    city_code : str
        5-digit code of the city whose shape to copy (新潟県, for the 小地域 sizes), e.g. ``"15213"``.
    age_table : DataFrame
        :func:`curriculum.data.juki_age.read_juki_age` of the base date (``juki-age-2023``).
    shochiiki : DataFrame
        :func:`curriculum.data.shochiiki.read_shochiiki` of the 新潟県 dbf.
    months : int
        Months after the base month to simulate (the base month itself is ``YYYY-MM`` before the table's date).
    scale : float
        Multiply the population (e.g. 0.5 for a ~400,000 city from 新潟市); with 1.0 the totals equal the table.
    other_cities : list of str
        Codes to draw 転入元・転出先 from (default: the other municipalities of the table).
    """
    rng = np.random.default_rng(seed)
    classes = age_table.attrs["age_classes"]
    rows = age_table[(age_table["city_code"] == city_code) & age_table["sex"].isin(["male", "female"])]
    if len(rows) != 2:
        raise DataFormatError(f"住基の表に市区町村 {city_code} がありません。", f"{city_code} not in the 住基 table",
                              fix="5 桁の全国地方公共団体コードを指定してください。")
    base_date = date.fromisoformat(age_table.attrs["as_of"])
    if base_date.day != 1:
        raise DataFormatError("住基の表の基準日が月初ではありません（1月1日の表を使ってください）。", "base date is not a 1st")
    base_month = month_after(base_date.strftime("%Y-%m"), -1)
    sexes, ages = [], []
    for sex_en, sex_ja in (("male", "男"), ("female", "女")):
        counts = rows.set_index("sex").loc[sex_en, classes].astype(int).to_numpy()
        if scale != 1.0:
            counts = np.round(counts * scale).astype(int)
        for cls, n in zip(classes, counts):
            start = int(cls.split("-")[0].rstrip("+"))
            ages.append(start + rng.integers(0, 5, size=n))
            sexes.append(np.full(n, sex_ja))
    ages = np.concatenate(ages)
    sexes = np.concatenate(sexes)
    chome = chome_sizes(shochiiki, city_code)
    per_chome = allocate(len(ages), chome["population"])
    order = rng.permutation(len(ages))
    chome_of = np.repeat(chome["chome_code"].to_numpy(), per_chome)
    residents = pd.DataFrame({"birth_month": np.array(_birth_months(ages, base_date, rng))[order],
                              "sex": sexes[order], "chome_code": chome_of})
    residents["household_id"] = _households(residents["chome_code"], rng)
    residents.insert(0, "resident_id", [f"{i:07d}" for i in range(1, len(residents) + 1)])
    codes = other_cities or sorted(set(age_table["city_code"]) - {city_code, "00000"})
    extract = JukiExtract(city_code, _area_table(chome), {base_month: residents}, {})
    extract.events[base_month] = _events(residents, base_month, chome, codes, city_code, rng, arrivals_only=True)[0]
    current, next_id = residents, len(residents) + 1
    for step in range(1, months + 1):
        month = month_after(base_month, step)
        events, current, next_id = _events(current, month, chome, codes, city_code, rng, next_id=next_id)
        extract.residents[month] = current
        extract.events[month] = events
    return extract


def _households(chome_codes: pd.Series, rng) -> list[str]:
    """Households of 1–5 people inside each 町丁目 (mean ≈ 2.3)."""
    ids = np.empty(len(chome_codes), dtype=object)
    counter = 0
    for _, index in chome_codes.groupby(chome_codes, sort=False).groups.items():
        index = np.asarray(index)
        sizes = rng.choice([1, 2, 3, 4, 5], size=len(index), p=[0.35, 0.3, 0.17, 0.12, 0.06])
        members = np.repeat(np.arange(len(sizes)), sizes)[:len(index)]
        ids[index] = [f"H{counter + m:07d}" for m in members]
        counter += int(members.max()) + 1
    return list(ids)


def _events(residents: pd.DataFrame, month: str, chome: pd.DataFrame, codes: list[str], city_code: str, rng, *,
            next_id: int = 0, arrivals_only: bool = False):
    """One month of 異動 applied to ``residents``; returns (events, residents at month end, next id)."""
    year, mon = map(int, month.split("-"))
    days = (snapshot_date(month) - date(year, mon, 1)).days
    n = len(residents)
    pref = city_code[:2]
    near = [c for c in codes if c[:2] == pref] or codes
    records = []

    def other_city():
        if rng.random() < 0.05:
            return _OUTSIDE
        pool = near if rng.random() < 0.6 else codes
        return pool[rng.integers(0, len(pool))]

    def day():
        return f"{month}-{rng.integers(1, days + 1):02d}"

    chome_codes = chome["chome_code"].to_numpy()
    if arrivals_only:
        return _base_month_events(residents, month, chome_codes, other_city, day, rng), residents, next_id
    leaving = rng.random(n) < (_RATES["転出"] + _RATES["死亡"])
    dying = rng.random(n) < _RATES["死亡"] / (_RATES["転出"] + _RATES["死亡"])
    moving = ~leaving & (rng.random(n) < _RATES["転居"])
    stay = residents[~leaving].copy()
    for (_, person), dies in zip(residents[leaving].iterrows(), dying[leaving]):
        kind = "死亡" if dies else "転出"
        records.append([day(), kind, person["birth_month"], person["sex"], person["chome_code"], None,
                        other_city() if kind == "転出" else None])
    weights = chome["population"].to_numpy() / chome["population"].sum()
    moved = stay.index.intersection(residents.index[moving])
    new_chome = rng.choice(chome_codes, size=len(moved), p=weights)
    for (index, person), target in zip(stay.loc[moved].iterrows(), new_chome):
        if target == person["chome_code"]:
            continue
        records.append([day(), "転居", person["birth_month"], person["sex"], target, person["chome_code"], None])
        stay.loc[index, "chome_code"] = target
    arrivals = []
    n_in = rng.binomial(n, _RATES["転入"])
    n_birth = rng.binomial(n, _RATES["出生"])
    end = snapshot_date(month)
    for kind, count in (("転入", n_in), ("出生", n_birth)):
        if count == 0:
            continue
        ages = np.zeros(count, dtype=int) if kind == "出生" else np.clip(rng.normal(30, 14, size=count), 0, 95).astype(int)
        births = _birth_months(ages, end, rng)
        if kind == "出生":
            births = [month] * count
        sexes = rng.choice(["男", "女"], size=count)
        targets = rng.choice(chome_codes, size=count, p=weights)
        for b, s, t in zip(births, sexes, targets):
            records.append([day(), kind, b, s, t, None, other_city() if kind == "転入" else None])
            arrivals.append([b, s, t])
    newcomers = pd.DataFrame(arrivals, columns=["birth_month", "sex", "chome_code"])
    newcomers["household_id"] = [f"N{month.replace('-', '')}{i:06d}" for i in range(len(newcomers))]
    newcomers.insert(0, "resident_id", [f"{next_id + i:07d}" for i in range(len(newcomers))])
    after = pd.concat([stay, newcomers], ignore_index=True)
    events = pd.DataFrame(records, columns=[c.key for c in JUKI_EVENTS.columns])
    return events.sort_values("date", kind="stable").reset_index(drop=True), after, next_id + len(newcomers)


def _base_month_events(residents, month, chome_codes, other_city, day, rng) -> pd.DataFrame:
    """異動 of the base month: its end-of-month residents are the calibrated ones, so arrivals, births and
    moves are drawn from them and the people who left are drawn as look-alikes of them."""
    n = len(residents)
    records = []
    born = residents[residents["birth_month"] == month]
    for _, person in born.iterrows():
        records.append([day(), "出生", person["birth_month"], person["sex"], person["chome_code"], None, None])
    for kind in ("転入", "転居", "転出", "死亡"):
        sample = residents.iloc[rng.choice(n, size=rng.binomial(n, _RATES[kind]), replace=False)]
        for _, person in sample.iterrows():
            other = None if kind in ("転居", "死亡") else other_city()
            before = chome_codes[rng.integers(0, len(chome_codes))] if kind == "転居" else None
            if kind == "転居" and before == person["chome_code"]:
                continue
            records.append([day(), kind, person["birth_month"], person["sex"], person["chome_code"], before, other])
    events = pd.DataFrame(records, columns=[c.key for c in JUKI_EVENTS.columns])
    return events.sort_values("date", kind="stable").reset_index(drop=True)


def write_juki_extract(extract: JukiExtract, folder: str | Path) -> Path:
    """Write the extract as template CSV files (UTF-8 with BOM), every file name labelled 練習用・架空.

    ``{folder}/areas_練習用・架空.csv``, ``{folder}/YYYY-MM/residents_練習用・架空.csv`` and
    ``events_練習用・架空.csv``; the folder is created with mode 0o700 (only its owner reads it).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    label = PRACTICE_LABEL
    _write(extract.areas, JUKI_AREAS, folder / f"areas_{label}.csv")
    for month, residents in extract.residents.items():
        (folder / month).mkdir(exist_ok=True, mode=0o700)
        _write(residents, JUKI_RESIDENTS, folder / month / f"residents_{label}.csv")
        _write(extract.events[month], JUKI_EVENTS, folder / month / f"events_{label}.csv")
    return folder


def _write(frame: pd.DataFrame, template, path: Path) -> None:
    out = frame[[c.key for c in template.columns]].copy()
    out.columns = [c.name for c in template.columns]
    out.to_csv(path, index=False, encoding="utf-8-sig")
