"""練習用の統計表: SSDSE-A-style rows and an e-Stat census mesh table for 練習県 (fictional).

The files have the exact layout of the real ones (encoding, header rows, codes, 秘匿 marks),
so the same readers and lessons work on them; every name in them says 練習.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from curriculum import mesh
from curriculum.data.census_mesh import census_stats_id
from curriculum.practice.world import PREF_NAME, PracticeCity

# (code, reference year, label) — a subset of SSDSE-A-2026's real columns.
SSDSE_COLUMNS = [
    ("A1101", "2020", "総人口"), ("A110101", "2020", "総人口（男）"), ("A110102", "2020", "総人口（女）"),
    ("A1301", "2020", "15歳未満人口"), ("A1302", "2020", "15～64歳人口"), ("A1303", "2020", "65歳以上人口"),
    ("A1419", "2020", "75歳以上人口"), ("A1700", "2020", "外国人人口"),
    ("A4101", "2023", "出生数"), ("A4200", "2023", "死亡数"),
    ("A5101", "2024", "転入者数（日本人移動者）"), ("A5102", "2024", "転出者数（日本人移動者）"),
    ("A7101", "2020", "世帯数"), ("A710101", "2020", "一般世帯数"), ("A810105", "2020", "単独世帯数"),
    ("B1101", "2024", "総面積（北方地域及び竹島を除く）"), ("B1103", "2024", "可住地面積"),
    ("C2108", "2021", "事業所数（民営）"), ("C2208", "2021", "従業者数（民営）"),
    ("D2203", "2022", "経常収支比率（市町村財政）"),
    ("I510120", "2023", "一般病院数"), ("I5102", "2023", "一般診療所数"), ("I6100", "2022", "医師数"),
]
TOTAL_POPULATION = 240_000


def city_populations(cities: list[PracticeCity], seed: int = 0) -> dict[str, int]:
    """Total population per practice municipality (fixed by the weights, jittered by the seed)."""
    rng = np.random.default_rng(seed + 2)
    weights = np.array([c.weight for c in cities]) * rng.uniform(0.95, 1.05, len(cities))
    return {c.city_code: int(round(TOTAL_POPULATION * w / weights.sum())) for c, w in zip(cities, weights)}


def make_ssdse_rows(cities: list[PracticeCity], areas_km2: dict[str, float], seed: int = 0) -> pd.DataFrame:
    """One SSDSE-A-style row per practice municipality, internally consistent (parts sum to totals)."""
    rng = np.random.default_rng(seed + 3)
    populations = city_populations(cities, seed)
    rows = []
    for rank, city in enumerate(cities):
        total = populations[city.city_code]
        elderly_share = 0.26 + 0.04 * rank + rng.uniform(-0.01, 0.01)
        child_share = 0.13 - 0.01 * rank + rng.uniform(-0.005, 0.005)
        male = int(total * rng.uniform(0.480, 0.495))
        young, old = int(total * child_share), int(total * elderly_share)
        households = int(total / rng.uniform(2.3, 2.7))
        area = areas_km2[city.city_code]
        rows.append({
            "A1101": total, "A110101": male, "A110102": total - male,
            "A1301": young, "A1302": total - young - old, "A1303": old,
            "A1419": int(old * rng.uniform(0.50, 0.58)), "A1700": int(total * rng.uniform(0.004, 0.02)),
            "A4101": int(total * rng.uniform(0.004, 0.007)), "A4200": int(total * rng.uniform(0.011, 0.016)),
            "A5101": int(total * rng.uniform(0.015, 0.03)), "A5102": int(total * rng.uniform(0.018, 0.033)),
            "A7101": households, "A710101": households - int(rng.integers(5, 40)),
            "A810105": int(households * rng.uniform(0.25, 0.36)),
            "B1101": round(area * 100), "B1103": round(area * rng.uniform(55, 85)),
            "C2108": int(total * rng.uniform(0.04, 0.055)), "C2208": int(total * rng.uniform(0.38, 0.5)),
            "D2203": round(float(rng.uniform(84, 98)), 1),
            "I510120": max(1, int(total / 25_000)), "I5102": int(total / 1_300), "I6100": int(total * 0.0019),
        })
    frame = pd.DataFrame(rows, index=[c.city_code for c in cities])
    frame.insert(0, "Municipality", [c.name for c in cities])
    frame.insert(0, "Prefecture", PREF_NAME)
    return frame


def write_ssdse_a(frame: pd.DataFrame, dest: Path) -> Path:
    """Write rows in SSDSE-A's exact layout: CP932, LF, three header rows (code, year, label)."""
    codes = ["SSDSE-A-2026", "Prefecture", "Municipality"] + [c for c, _, _ in SSDSE_COLUMNS]
    years = ["", "", "年度"] + [y for _, y, _ in SSDSE_COLUMNS]
    labels = ["地域コード", "都道府県", "市区町村"] + [label for _, _, label in SSDSE_COLUMNS]
    lines = [",".join(codes), ",".join(years), ",".join(labels)]
    for code, row in frame.iterrows():
        values = [f"R{code}", row["Prefecture"], row["Municipality"]]
        values += [f"{row[c]:.1f}" if c == "D2203" else str(int(row[c])) for c, _, _ in SSDSE_COLUMNS]
        lines.append(",".join(values))
    dest.write_bytes(("\n".join(lines) + "\n").encode("cp932"))
    return dest


# --- census mesh table -------------------------------------------------------------------------

UNSUPPRESSED = {1, 2, 3, 34, 35}  # 人口総数 and 世帯数 are never 秘匿 (as in the real files)


def make_mesh_details(populations: pd.Series, elderly_share: pd.Series, seed: int = 0, *,
                      stats_id: str | None = None) -> pd.DataFrame:
    """The 50 columns of a 2020 mesh table for meshes with the given populations, parts consistent with totals.

    ``stats_id`` names the columns (same layout for T001140–T001142 and T001100–T001102); by default
    the catalogue's 2020 table for the level of the index's mesh codes (500 m → T001141).
    """
    if stats_id is None:
        stats_id = census_stats_id(mesh.level_of(populations.index.to_numpy()))
    rng = np.random.default_rng(seed + 4)
    n = len(populations)
    total = populations.to_numpy().astype(np.int64)
    elderly = np.minimum(np.round(total * elderly_share.to_numpy()).astype(np.int64), total)
    young = np.minimum(np.round((total - elderly) * rng.uniform(0.12, 0.2, n)).astype(np.int64), total - elderly)
    working = total - elderly - young
    over15 = working + elderly
    over75 = np.round(elderly * rng.uniform(0.45, 0.6, n)).astype(np.int64)
    over85 = np.round(over75 * rng.uniform(0.25, 0.4, n)).astype(np.int64)
    over95 = np.round(over85 * rng.uniform(0.0, 0.1, n)).astype(np.int64)
    over18 = over15 - np.round(young * 0.2).clip(max=over15 - elderly).astype(np.int64)
    over20 = over18 - np.round(young * 0.13).clip(max=over18 - elderly).astype(np.int64)
    foreign = rng.binomial(total, 0.01)
    households = np.where(total > 0, np.maximum(1, np.round(total / rng.uniform(2.2, 2.8, n))), 0).astype(np.int64)
    columns = {}
    for number, both in ((1, total), (4, young), (7, over15), (10, working), (13, over18), (16, over20),
                         (19, elderly), (22, over75), (25, over85), (28, over95), (31, foreign)):
        male = rng.binomial(both, 0.48)
        columns[number], columns[number + 1], columns[number + 2] = both, male, both - male
    columns[34] = households
    columns[35] = households
    sizes = np.zeros((n, 7), dtype=np.int64)
    for i, h in enumerate(households):
        sizes[i] = rng.multinomial(h, [0.3, 0.3, 0.17, 0.13, 0.06, 0.03, 0.01])
    for k in range(7):
        columns[36 + k] = sizes[:, k]
    columns[43] = households - sizes[:, 0] - rng.binomial(households - sizes[:, 0], 0.03)
    columns[44] = rng.binomial(columns[43], 0.8)
    columns[45] = columns[43] - columns[44]
    columns[46] = rng.binomial(households - sizes[:, 0], 0.1)
    columns[47] = np.minimum(households, elderly)
    columns[48] = rng.binomial(sizes[:, 0], 0.08)
    columns[49] = np.minimum(sizes[:, 0] - columns[48], rng.binomial(elderly, 0.15))
    columns[50] = np.minimum(sizes[:, 1], rng.binomial(elderly // 2, 0.4))
    return pd.DataFrame({f"{stats_id}{k:03d}": columns[k] for k in range(1, 51)}, index=populations.index)


def apply_secrecy(details: pd.DataFrame, neighbours: dict[str, list[str]], *, max_households: int = 3) -> pd.DataFrame:
    """秘匿処理 like e-Stat's: meshes with ≤ ``max_households`` households pass their detail to a neighbour.

    Returns the table with KEY_CODE, HTKSYORI, HTKSAKI, GASSAN and the value columns as text,
    ``*`` where suppressed. Totals (人口総数, 世帯数) of donor meshes stay visible.
    """
    values = details.copy()
    stats_id = values.columns[0][:7]  # T001141001 → T001141: the table's own statistics id
    small = set(values.index[values[f"{stats_id}034"] <= max_households])
    receiver_of: dict[str, str] = {}
    for code in sorted(small):
        candidates = [n for n in neighbours.get(code, []) if n in values.index and n not in small]
        if candidates:
            # the least populated neighbour, so the receiving meshes show the >100 % trap of naive shares
            receiver_of[code] = min(candidates, key=lambda n: (values.at[n, f"{stats_id}001"], n))
    detail_columns = [c for c in values.columns if int(c[-3:]) not in UNSUPPRESSED]
    for donor, receiver in receiver_of.items():
        values.loc[receiver, detail_columns] += values.loc[donor, detail_columns]
    text = values.astype(str)
    for donor in receiver_of:
        text.loc[donor, detail_columns] = "*"
    donors_by_receiver: dict[str, list[str]] = {}
    for donor, receiver in receiver_of.items():
        donors_by_receiver.setdefault(receiver, []).append(donor)
    text.insert(0, "GASSAN", [";".join(sorted(donors_by_receiver.get(c, []))) for c in text.index])
    text.insert(0, "HTKSAKI", [receiver_of.get(c, "") for c in text.index])
    text.insert(0, "HTKSYORI", ["2" if c in receiver_of else "1" if c in donors_by_receiver else "0" for c in text.index])
    text.insert(0, "KEY_CODE", text.index)
    return text.reset_index(drop=True)


def write_census_mesh_zip(table: pd.DataFrame, dest: Path, *, member: str, labels: dict[int, str]) -> Path:
    """Write the e-Stat layout: a zip with one CP932, CRLF, two-header-row text file."""
    header = ",".join(table.columns)
    label_row = ",,,," + ",".join("\u3000" + labels[int(c[-3:])].replace(" ", "\u3000") for c in table.columns[4:])
    body = [",".join(row) for row in table.itertuples(index=False, name=None)]
    text = "\r\n".join([header, label_row, *body]) + "\r\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo(member, date_time=(2022, 6, 24, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, text.encode("cp932"))
    dest.write_bytes(buffer.getvalue())
    return dest
