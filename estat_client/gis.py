"""統計GIS（e-Stat 地図で見る統計）: official download URLs and file names, no appId needed.

Pure functions build the URL and the file name e-Stat gives each download, for

* 地域メッシュ統計 (census mesh tables): ``tbl{statsId}{S|H|Q}{1st mesh}.zip``
* 地域メッシュ境界 (mesh boundaries): ``{S|H|Q}DDSW{S|H|Q}{1st mesh}.zip``
* 小地域（町丁・字等）境界: ``A00200521{year}{DD|XY}SWC{city code}.zip``

Downloading is left to the caller: the curriculum package fetches these files through its
catalogue (cache, sha256, 出典) in ``curriculum.data.statistics_gis``. Sources: GEO-NOTES §2 and §4
(statsIds cross-checked with real files ``tblT001101H5240.zip``, ``HDDSWH5240.zip``).

This package stands alone, so the mesh sizes and the statsId table below are written here;
in the curriculum package they live in ``curriculum.mesh`` and the dataset catalogue, and a
test (``tests/estat/test_estat_gis.py``) checks that the copies agree.
"""

from __future__ import annotations

import re

from estat_client.errors import EStatArgumentError

GIS_DATA_URL = "https://www.e-stat.go.jp/gis/statmap-search/data"

#: Mesh letter → size: S 1km (3次, 8 digits), H 500m (4次, 9), Q 250m (5次, 10).
MESH_LEVELS = {"S": ("1km", 8), "H": ("500m", 9), "Q": ("250m", 10)}

#: 国勢調査 地域メッシュ統計「人口等基本集計」 statsId → mesh letter (GEO-NOTES §2.1).
CENSUS_MESH_STATS = {
    "T001140": "S", "T001141": "H", "T001142": "Q",  # 2020
    "T001100": "S", "T001101": "H", "T001102": "Q",  # 2020, second series (same 50 columns)
    "T000846": "S", "T000847": "H", "T000876": "Q",  # 2015
    "T000608": "S", "T000609": "H", "T000649": "Q",  # 2010
    "T000148": "S", "T000387": "H", "T000652": "Q",  # 2005
}

_ALIASES = {
    "s": "S", "1km": "S", "1000m": "S", "1000": "S", "3": "S", "3次": "S",
    "h": "H", "500m": "H", "500": "H", "4": "H", "4次": "H",
    "q": "Q", "250m": "Q", "250": "Q", "5": "Q", "5次": "Q",
}


def _bad(ja: str, en: str, fix: str) -> EStatArgumentError:
    return EStatArgumentError(ja, en, fix=fix)


def mesh_letter(level: str | int) -> str:
    """メッシュの大きさ → e-Stat の記号 S / H / Q.

    >>> mesh_letter("500m"), mesh_letter("S"), mesh_letter(250)
    ('H', 'S', 'Q')
    """
    letter = _ALIASES.get(str(level).strip().lower()) or (str(level) if str(level) in MESH_LEVELS else None)
    if letter is None:
        raise _bad(
            f"メッシュの大きさ {level!r} が分かりません", f"unknown mesh level {level!r}",
            "'1km'（S）, '500m'（H）, '250m'（Q）のどれかを指定してください。",
        )
    return letter


def _mesh1(mesh1: str | int) -> str:
    code = str(mesh1).strip()
    if not re.fullmatch(r"\d{4}", code):
        raise _bad(
            f"第1次地域区画コード {mesh1!r} は4桁の数字ではありません", f"1st mesh code must be 4 digits: {mesh1!r}",
            "例: 燕市は 5638（緯度×1.5 の整数2桁 + 経度−100 の整数2桁）。",
        )
    return code


def _stats_letter(stats_id: str, level: str | None) -> str:
    if not re.fullmatch(r"T\d{6}", str(stats_id)):
        raise _bad(
            f"統計表ID {stats_id!r} の形が違います", f"statsId must look like T001141: {stats_id!r}",
            "統計GISの統計表ID（例: T001141 = 2020年 500mメッシュ 人口等基本集計）を指定してください。",
        )
    if level is not None:
        return mesh_letter(level)
    if stats_id not in CENSUS_MESH_STATS:
        raise _bad(
            f"統計表ID {stats_id} のメッシュの大きさが分かりません", f"unknown statsId {stats_id}; pass level=",
            "level='1km' / '500m' / '250m' を指定してください。",
        )
    return CENSUS_MESH_STATS[stats_id]


def census_mesh_url(stats_id: str, mesh1: str | int, *, level: str | None = None) -> str:
    """地域メッシュ統計のダウンロード URL（1次メッシュ1つ分、appId 不要）.

    >>> census_mesh_url("T001141", 5638)
    'https://www.e-stat.go.jp/gis/statmap-search/data?statsId=T001141&code=5638&downloadType=2'
    """
    _stats_letter(stats_id, level)
    return f"{GIS_DATA_URL}?statsId={stats_id}&code={_mesh1(mesh1)}&downloadType=2"


def census_mesh_filename(stats_id: str, mesh1: str | int, *, level: str | None = None) -> str:
    """地域メッシュ統計の公式ファイル名.

    >>> census_mesh_filename("T001141", "5638"), census_mesh_filename("T001142", "5638")
    ('tblT001141H5638.zip', 'tblT001142Q5638.zip')
    """
    return f"tbl{stats_id}{_stats_letter(stats_id, level)}{_mesh1(mesh1)}.zip"


def mesh_boundary_url(level: str | int, mesh1: str | int) -> str:
    """地域メッシュ境界（世界測地系 緯度経度, Shapefile）のダウンロード URL.

    >>> mesh_boundary_url("500m", 5638)
    'https://www.e-stat.go.jp/gis/statmap-search/data?dlserveyId=H&code=5638&coordSys=1&format=shape&downloadType=5'
    """
    return (
        f"{GIS_DATA_URL}?dlserveyId={mesh_letter(level)}&code={_mesh1(mesh1)}"
        "&coordSys=1&format=shape&downloadType=5"
    )


def mesh_boundary_filename(level: str | int, mesh1: str | int) -> str:
    """地域メッシュ境界の公式ファイル名（中身は ``MESH0{mesh1}.shp``）.

    >>> mesh_boundary_filename("H", 5638), mesh_boundary_filename("1km", 5638), mesh_boundary_filename("Q", 5638)
    ('HDDSWH5638.zip', 'SDDSWS5638.zip', 'QDDSWQ5638.zip')
    """
    letter = mesh_letter(level)
    return f"{letter}DDSW{letter}{_mesh1(mesh1)}.zip"


def _small_area_args(city_code: str | int, year: int, coord: str, datum: int) -> tuple[str, str, int, str]:
    code = str(city_code).strip().zfill(5)
    if not re.fullmatch(r"\d{5}", code):
        raise _bad(
            f"市区町村コード {city_code!r} は5桁の数字ではありません", f"city code must be 5 digits: {city_code!r}",
            "全国地方公共団体コードの上5桁（例: 燕市 15213）を指定してください。",
        )
    if int(year) not in (2000, 2005, 2010, 2015, 2020):
        raise _bad(f"{year} 年の小地域境界はありません", f"no small-area boundary for {year}", "国勢調査の年（2000〜2020）を指定してください。")
    if coord not in ("latlon", "plane"):
        raise _bad(f"座標系 {coord!r} が分かりません", f"coord must be 'latlon' or 'plane': {coord!r}", "'latlon'（緯度経度）か 'plane'（平面直角座標系）")
    if datum not in (2000, 2011):
        raise _bad(f"測地系 {datum!r} が分かりません", f"datum must be 2000 or 2011: {datum!r}", "2000（JGD2000）か 2011（JGD2011）")
    return code, str(int(year)), 1 if coord == "latlon" else 2, "DD" if coord == "latlon" else "XY"


def small_area_boundary_url(
    city_code: str | int, *, year: int = 2020, coord: str = "latlon", datum: int = 2000
) -> str:
    """小地域（町丁・字等）境界データのダウンロード URL（国勢調査、Shapefile）.

    ``coord`` 'latlon' = 世界測地系緯度経度 (coordSys=1), 'plane' = 平面直角座標系 (coordSys=2);
    ``datum=2011`` asks for the JGD2011 edition.

    >>> small_area_boundary_url("15213")
    'https://www.e-stat.go.jp/gis/statmap-search/data?dlserveyId=A002005212020&code=15213&coordSys=1&format=shape&downloadType=5'
    >>> small_area_boundary_url(15213, year=2015, coord="plane", datum=2011).split("?")[1]
    'dlserveyId=A002005212015&code=15213&coordSys=2&format=shape&downloadType=5&datum=2011'
    """
    code, year_text, coord_sys, _ = _small_area_args(city_code, year, coord, datum)
    url = (
        f"{GIS_DATA_URL}?dlserveyId=A00200521{year_text}&code={code}"
        f"&coordSys={coord_sys}&format=shape&downloadType=5"
    )
    return url + ("&datum=2011" if datum == 2011 else "")


def small_area_boundary_filename(
    city_code: str | int, *, year: int = 2020, coord: str = "latlon", datum: int = 2000
) -> str:
    """小地域境界の公式ファイル名（中身は 2020年 ``r2ka{code}.shp``、2015年 ``h27ka{code}.shp``）.

    >>> small_area_boundary_filename("15213"), small_area_boundary_filename("15213", coord="plane", datum=2011)
    ('A002005212020DDSWC15213.zip', 'A002005212020XYSWC15213-JGD2011.zip')
    """
    code, year_text, _, prefix = _small_area_args(city_code, year, coord, datum)
    return f"A00200521{year_text}{prefix}SWC{code}{'-JGD2011' if datum == 2011 else ''}.zip"
