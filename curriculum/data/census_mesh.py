"""国勢調査 地域メッシュ統計: read e-Stat 統計GIS tables and handle 秘匿処理 (HTKSYORI / HTKSAKI / GASSAN).

秘匿処理 in one paragraph: a mesh with very few residents (HTKSYORI = 2) keeps its total
population and household count, but its detail cells (age groups …) are shown as ``*`` and
added to a neighbouring mesh (HTKSAKI). That receiving mesh (HTKSYORI = 1) lists its donors
in GASSAN. So ``65歳以上 / 総人口`` on a receiving mesh divides the group's elderly by one
mesh's residents and can exceed 100 %; shares must be computed on the merged group.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from curriculum.data.numbers import to_numbers
from curriculum.mesh import LEVEL_BY_LENGTH, LEVELS
from curriculum.data.text import csv_rows, decode, read_bytes
from curriculum.errors import DataFormatError

ID_COLUMNS = ["KEY_CODE", "HTKSYORI", "HTKSAKI", "GASSAN"]
SUPPRESSED = "*"
_VALUE_CODE = re.compile(r"^T\d{9}$")
# e-Stat publishes the census mesh statistics for these levels (1km 8 digits, 500m 9, 250m 10).
MESH_STATISTICS_LEVELS = ("1km", "500m", "250m")
_CODE_LENGTHS = [LEVELS[level][0] for level in MESH_STATISTICS_LEVELS]

# Labels of the 50 columns of the 2020 tables (T001140–T001142, T001100–T001102), by column number,
# as in the label row of the official files (the full-width spaces made half-width).
LABELS_2020 = dict(enumerate([
    "人口（総数）", "人口（総数） 男", "人口（総数） 女",
    "０～１４歳人口 総数", "０～１４歳人口 男", "０～１４歳人口 女",
    "１５歳以上人口 総数", "１５歳以上人口 男", "１５歳以上人口 女",
    "１５～６４歳人口 総数", "１５～６４歳人口 男", "１５～６４歳人口 女",
    "１８歳以上人口 総数", "１８歳以上人口 男", "１８歳以上人口 女",
    "２０歳以上人口 総数", "２０歳以上人口 男", "２０歳以上人口 女",
    "６５歳以上人口 総数", "６５歳以上人口 男", "６５歳以上人口 女",
    "７５歳以上人口 総数", "７５歳以上人口 男", "７５歳以上人口 女",
    "８５歳以上人口 総数", "８５歳以上人口 男", "８５歳以上人口 女",
    "９５歳以上人口 総数", "９５歳以上人口 男", "９５歳以上人口 女",
    "外国人人口 総数", "外国人人口 男", "外国人人口 女",
    "世帯総数", "一般世帯数",
    "１人世帯数 一般世帯数", "２人世帯数 一般世帯数", "３人世帯数 一般世帯数", "４人世帯数 一般世帯数",
    "５人世帯数 一般世帯数", "６人世帯数 一般世帯数", "７人以上世帯数 一般世帯数",
    "親族のみの世帯数 一般世帯数", "核家族世帯数 一般世帯数", "核家族以外の世帯数 一般世帯数",
    "６歳未満世帯員のいる世帯数 一般世帯数", "６５歳以上世帯員のいる世帯数 一般世帯数",
    "世帯主の年齢が２０～２９歳の１人世帯数 一般世帯数", "高齢単身世帯数 一般世帯数", "高齢夫婦世帯数 一般世帯数",
], start=1))


def read_census_mesh(path: str | Path) -> pd.DataFrame:
    """地域メッシュ統計を読む: one row per populated mesh, official column codes kept.

    Reads the e-Stat zip or its ``.txt`` member (CP932, two header rows, CRLF or LF) and
    the UTF-8 prefecture packages whose label row was removed.

    Returns
    -------
    pandas.DataFrame
        ``KEY_CODE`` (text), ``HTKSYORI`` (0/1/2), ``HTKSAKI`` and ``GASSAN`` (text or NA),
        then the value columns (``T001101001`` …) as nullable integers where ``*`` (秘匿)
        is NA, never 0. ``attrs``: ``labels`` (code → 日本語ラベル), ``stats_id``,
        ``mesh_level`` (``"1km"``/``"500m"``/``"250m"``), ``source_file``.
        A land mesh missing from the table has no residents (see ``read_mesh_boundary``).

    Examples
    --------
    >>> df = read_census_mesh(fetch("estat-census-mesh-2020", stats_id="T001101", mesh1="5240"))
    >>> int(df["T001101001"].sum())
    115588
    """
    raw, _ = read_bytes(path, member_suffix=".txt")
    text, _ = decode(raw, path)
    rows = csv_rows(text, path)
    header = [cell.strip() for cell in rows[0]]
    if header[:4] != ID_COLUMNS or not all(_VALUE_CODE.match(c) for c in header[4:]) or len(header) < 5:
        raise DataFormatError(
            "地域メッシュ統計の表ではないようです（1行目が KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T…… で始まらない）。"
            f" 1行目: {','.join(header[:5])} …",
            "not an e-Stat mesh statistics table (first row must be KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T…)",
            path=path,
            fix="統計GIS の「統計データ」（tbl で始まる zip / txt）を指定してください。境界データ（DDSW…）は read_mesh_boundary で読みます。",
        )
    body = rows[1:]
    has_label_row = body and body[0][0].strip() == ""
    labels_row = body[0] if has_label_row else None
    if has_label_row:
        body = body[1:]
    frame = pd.DataFrame(body, columns=header)
    frame = _parse_columns(frame, path)
    stats_id = header[4][:7]
    labels = {code: _label(code, labels_row[i] if labels_row else None) for i, code in enumerate(header) if i >= 4}
    level = LEVEL_BY_LENGTH.get(len(frame["KEY_CODE"].iloc[0])) if len(frame) else None
    frame.attrs = {"labels": labels, "stats_id": stats_id, "mesh_level": level, "source_file": str(path)}
    return frame


def _label(code: str, cell: str | None) -> str:
    if cell and cell.strip():
        return cell.replace("\u3000", " ").strip()
    return LABELS_2020.get(int(code[-3:]), code)


def _parse_columns(frame: pd.DataFrame, path) -> pd.DataFrame:
    key = frame["KEY_CODE"].str.strip()
    lengths = key.str.len()
    valid = key.str.fullmatch(r"\d+") & lengths.isin(_CODE_LENGTHS)
    if not valid.all() or lengths.nunique() > 1:
        bad = key[~valid | (lengths != lengths.iloc[0])].iloc[0]
        raise DataFormatError(
            f"KEY_CODE {bad!r} がメッシュコード（8〜10桁で全行同じ桁数）になっていません。"
            "Excel で開いて保存すると先頭の0が消えたり、指数表記になったりします。",
            f"KEY_CODE {bad!r} is not a mesh code of one consistent length",
            path=path,
            fix="元の zip / txt を Excel を通さずに読み込んでください。",
        )
    out = pd.DataFrame({"KEY_CODE": key})
    process = pd.to_numeric(frame["HTKSYORI"].str.strip(), errors="coerce")
    if not process.isin([0, 1, 2]).all():
        raise DataFormatError("HTKSYORI（秘匿処理）は 0, 1, 2 のはずです。", "HTKSYORI must be 0, 1 or 2", path=path)
    out["HTKSYORI"] = process.astype("int8")
    for column in ("HTKSAKI", "GASSAN"):
        out[column] = frame[column].str.strip().replace("", pd.NA)
    for column in frame.columns[4:]:
        # The mesh tables mark 秘匿 with '*' only: any other mark is an edited file.
        out[column] = to_numbers(frame[column], name=column, path=path, marks=(SUPPRESSED,)).astype("Int64")
    suppressed_elsewhere = out.iloc[:, 4:].isna().any(axis=1) & (out["HTKSYORI"] != 2)
    if suppressed_elsewhere.any():
        code = out.loc[suppressed_elsewhere, "KEY_CODE"].iloc[0]
        raise DataFormatError(
            f"メッシュ {code} は HTKSYORI が 2 ではないのに秘匿（*）の値があります。ファイルが編集されていないか確認してください。",
            f"mesh {code} has '*' cells but HTKSYORI is not 2",
            path=path,
        )
    return out


def compute_secrecy_groups(table: pd.DataFrame) -> pd.Series:
    """秘匿の合算グループ: for each KEY_CODE, the receiving mesh whose figures include it.

    A mesh with HTKSYORI 0 is its own group; a donor (2) belongs to its HTKSAKI; a receiver
    (1) is the head of its group.

    >>> t = pd.DataFrame({"KEY_CODE": ["a", "b", "c"], "HTKSYORI": [0, 1, 2], "HTKSAKI": [pd.NA, pd.NA, "b"]})
    >>> compute_secrecy_groups(t).tolist()
    ['a', 'b', 'b']
    """
    group = table["KEY_CODE"].where(table["HTKSYORI"] != 2, table["HTKSAKI"])
    return pd.Series(group.to_numpy(), index=table["KEY_CODE"].to_numpy(), name="group")


def compute_mesh_share(
    table: pd.DataFrame, numerator: str, *, denominator: str | None = None
) -> pd.DataFrame:
    """秘匿を考慮した割合: ``numerator / denominator`` per mesh, on the merged group where 秘匿 applies.

    For meshes in a 合算 group (HTKSYORI 1 or 2) the share is Σnumerator / Σdenominator over
    the whole group (the receiver's detail already includes its donors), so it never exceeds
    100 % the way the naive per-mesh ratio does. Every mesh of a group gets the group's share.

    Parameters
    ----------
    table : DataFrame from ``read_census_mesh``.
    numerator : str
        Column code, e.g. ``"T001101019"`` (65歳以上人口).
    denominator : str, optional
        Column code; default the table's total population (``…001``).

    Returns
    -------
    pandas.DataFrame indexed by KEY_CODE with ``numerator``, ``denominator`` (the mesh's own
    figures, NA where suppressed), ``group``, ``group_numerator``, ``group_denominator``,
    ``share`` (0–1) and ``basis`` (``"mesh"`` or ``"group"``; ``"incomplete group"`` when a
    donor listed in GASSAN is not in the table, e.g. it lies in another file).

    Examples
    --------
    >>> t = pd.DataFrame({"KEY_CODE": ["a", "b"], "HTKSYORI": [1, 2], "HTKSAKI": [pd.NA, "a"],
    ...                   "GASSAN": ["b", pd.NA], "T001": [10, 2], "T019": [7, pd.NA]})
    >>> compute_mesh_share(t, "T019", denominator="T001")["share"].round(3).tolist()
    [0.583, 0.583]
    """
    denominator = denominator or f"{numerator[:7]}001"
    for column in (numerator, denominator):
        if column not in table.columns:
            raise DataFormatError(
                f"列 {column} がメッシュ統計の表にありません。", f"column {column} not in the table",
                fix="read_census_mesh の戻り値の列コード（例: T001101019 = 65歳以上人口）を指定してください。",
            )
    group = compute_secrecy_groups(table).to_numpy()
    frame = pd.DataFrame({
        "numerator": table[numerator].to_numpy(),
        "denominator": table[denominator].to_numpy(),
        "group": group,
    }, index=pd.Index(table["KEY_CODE"].to_numpy(), name="KEY_CODE"))
    sums = frame.groupby("group")[["numerator", "denominator"]].sum(min_count=1)
    frame["group_numerator"] = frame["group"].map(sums["numerator"])
    frame["group_denominator"] = frame["group"].map(sums["denominator"])
    in_group = (table["HTKSYORI"].to_numpy() != 0)
    frame["basis"] = np.where(in_group, "group", "mesh")
    complete = _complete_groups(table)
    frame.loc[in_group & ~frame["group"].isin(complete).to_numpy(), "basis"] = "incomplete group"
    num = frame["group_numerator"].astype("Float64")
    den = frame["group_denominator"].astype("Float64")
    frame["share"] = (num / den.where(den > 0)).astype("Float64")
    return frame


def _complete_groups(table: pd.DataFrame) -> set:
    """Receivers all of whose GASSAN donors are present in the table."""
    present = set(table["KEY_CODE"])
    receivers = table[table["HTKSYORI"] == 1]
    return {
        code for code, donors in zip(receivers["KEY_CODE"], receivers["GASSAN"])
        if not isinstance(donors, str) or set(donors.split(";")) <= present
    }


CENSUS_MESH_DATASET = "estat-census-mesh-2020"


def census_mesh_stats(dataset_id: str = CENSUS_MESH_DATASET) -> pd.DataFrame:
    """国勢調査 地域メッシュ統計の統計表ID一覧: stats_id, level and mesh_letter, from the catalogue.

    The catalogue entry is the one place this table is written; everything else derives from it.

    >>> census_mesh_stats().loc["T001141"].tolist()
    ['500m', 'H']
    """
    from curriculum.data.catalogue import get_entry

    choices = get_entry(dataset_id).params["stats_id"]["choices"]
    table = pd.DataFrame([{"stats_id": key, "level": value["level"], "mesh_letter": value["mesh_letter"]}
                          for key, value in choices.items()])
    return table.set_index("stats_id")


def census_stats_id(level: str, dataset_id: str = CENSUS_MESH_DATASET) -> str:
    """The 2020 census mesh table (人口等基本集計, first series T00114x) for a mesh level.

    >>> census_stats_id("500m"), census_stats_id("1km")
    ('T001141', 'T001140')
    """
    table = census_mesh_stats(dataset_id)
    match = table.index[table["level"] == level]
    if not len(match):
        raise DataFormatError(f"地域メッシュ統計に {level!r} の統計表はありません。", f"no census mesh table for level {level!r}",
                              fix=f"{' / '.join(dict.fromkeys(table['level']))} のどれかを指定してください。")
    return str(match[0])
