"""所管課が持つデータの様式（テンプレート）と検証: city-held data templates and their validator.

Much of the data a theme needs is held by the city, not published (観光入込客数, 就学援助, 業務量調査 …).
For each such table the product gives a **template** — columns with Japanese names, types, units and an
example row — and a **validator** that a 所管課's file must pass before any notebook reads it:

* encoding UTF-8 (with or without BOM) or CP932, as Excel writes it; UTF-16 is refused with the fix;
* the header must name every required column (a near miss gets 「もしかして」);
* codes keep their leading zeros and must match their pattern (5-digit 全国地方公共団体コード …);
* numbers may have thousands separators and full-width digits, but never a unit or a 秘匿 mark mixed into
  the column (「1.2万」「12人」「*」 are errors naming the row and column: units must not be mixed silently);
* choices, ranges, dates and months are checked, and rows that must be unique are;
* **nothing is half-loaded**: every problem is collected and one error lists them all (row numbers as in
  Excel, the header being row 1), so the file can be fixed in one pass.

A template is data (:class:`Template` of :class:`Column`); the theme modules in this package define theirs,
and :func:`curriculum.templates.get_template` finds them by id.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from curriculum.data.numbers import NO_DATA_MARKS
from curriculum.data.text import decode
from curriculum.errors import DataFormatError

__all__ = ["Column", "Template", "TemplateError", "KINDS", "read_template_file", "check_template_file", "city_rows"]

#: Column kinds: text, code (digits kept as text), integer, number, date (YYYY-MM-DD), month (YYYY-MM), choice.
KINDS = ("text", "code", "integer", "number", "date", "month", "choice")
_MAX_LISTED = 30
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_UNIT_HINT = re.compile(r"[万千百億円人件時間分回％%個枚台世帯名ha㎡km]")


class TemplateError(DataFormatError):
    """A 所管課 file does not follow its template; ``problems`` lists (row, column, message) for each issue."""

    def __init__(self, ja: str, en: str, *, path=None, fix=None, problems=()):
        self.problems = list(problems)
        super().__init__(ja, en, path=path, fix=fix)


@dataclass(frozen=True)
class Column:
    """One column of a template.

    Parameters
    ----------
    name : str
        The header as it appears in the file (Japanese), e.g. ``"入込客数"``.
    key : str
        The English identifier the frame uses, e.g. ``"visitors"``.
    kind : {"text", "code", "integer", "number", "date", "month", "choice"}
    unit : str
        The one unit of the column (人, 円, 時間 …): written in the template's description, never in a cell.
    required : bool
        Whether every row needs a value.
    pattern : str, optional
        Regular expression a ``code`` (or ``text``) value must match in full.
    choices : tuple of str
        Allowed values of a ``choice`` column.
    min, max : float, optional
        Allowed range of a number.
    example : str
        The value of the example row.
    description : str
        What the column holds, for the template's documentation.
    """

    name: str
    key: str
    kind: str = "text"
    unit: str = ""
    required: bool = True
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    example: str = ""
    description: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")  # a programming error in a template, not user input
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"choice column {self.name!r} needs choices")

    @property
    def header(self) -> str:
        """The header with its unit, as the blank template shows it: ``入込客数（人）``."""
        return f"{self.name}（{self.unit}）" if self.unit else self.name


@dataclass(frozen=True)
class Template:
    """A city-held table's template: id, title, owner (所管課), columns and the keys that must be unique."""

    id: str
    title: str
    owner: str
    description: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def example_frame(self) -> pd.DataFrame:
        """The example row, with the file's headers."""
        return pd.DataFrame([[c.example for c in self.columns]], columns=[c.header for c in self.columns])

    def write_blank(self, path: str | Path, *, encoding: str = "utf-8-sig", example: bool = True) -> Path:
        """Write the template as CSV (header with units, plus the example row unless ``example=False``).

        The default UTF-8 with BOM opens in Excel without mojibake; ``encoding="cp932"`` is accepted too.
        """
        path = Path(path)
        frame = self.example_frame() if example else self.example_frame().iloc[0:0]
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(path, index=False, encoding=encoding)
        return path

    def describe(self) -> pd.DataFrame:
        """One row per column: 列名, 型, 単位, 必須, 条件, 例, 説明 — the template's documentation."""
        rows = []
        for c in self.columns:
            rule = c.pattern or ("／".join(c.choices) if c.choices else "")
            if c.min is not None or c.max is not None:
                rule = f"{'' if c.min is None else c.min}〜{'' if c.max is None else c.max}"
            rows.append({"列名": c.header, "キー": c.key, "型": c.kind, "単位": c.unit, "必須": "○" if c.required else "",
                         "条件": rule, "例": c.example, "説明": c.description})
        return pd.DataFrame(rows)


def _normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip()
    return re.sub(r"\s+", "", text)


def _match_headers(header: list[str], template: Template, path, problems) -> dict[int, Column]:
    """Map file column positions to template columns by name (with or without the unit in brackets)."""
    wanted = {}
    for column in template.columns:
        for alias in (column.name, column.header):
            wanted[_normalise_header(alias)] = column
    found: dict[int, Column] = {}
    for index, cell in enumerate(header):
        column = wanted.get(_normalise_header(cell))
        if column is None:
            continue
        if column in found.values():
            problems.append((1, cell, f"列「{column.name}」が2回あります"))
        found[index] = column
    for column in template.columns:
        if column not in found.values():
            near = difflib.get_close_matches(column.name, [str(h) for h in header], n=1, cutoff=0.5)
            hint = f"（もしかして「{near[0]}」?）" if near else ""
            if column.required or not near:
                level = "必須の列" if column.required else "列"
                if column.required:
                    problems.append((1, column.name, f"{level}「{column.header}」がありません{hint}"))
    return found


def _parse_cell(raw: str, column: Column):
    """(value, problem) for one cell; value is None for an empty cell."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if text == "":
        return None, ("必須の値が空です" if column.required else None)
    if column.kind in ("integer", "number"):
        plain = text.replace(",", "") if _GROUPED.match(text) else text
        if not _NUMBER.match(plain):
            if _UNIT_HINT.search(text):
                return None, f"数値の列に単位や文字が入っています（{raw!r}）。単位は見出しの（{column.unit or '単位'}）だけに書き、セルには数字だけを入れてください"
            if text in NO_DATA_MARKS:  # the marks of official tables (curriculum.data.numbers)
                return None, f"数値の列に記号 {raw!r} があります。秘匿・該当なしは空欄にし、備考列に理由を書いてください"
            return None, f"数値として読めません（{raw!r}）"
        value = float(plain)
        if column.kind == "integer":
            if value != int(value):
                return None, f"整数の列に小数があります（{raw!r}）"
            value = int(value)
        if column.min is not None and value < column.min:
            return None, f"{value:g} は下限 {column.min:g} より小さい値です"
        if column.max is not None and value > column.max:
            return None, f"{value:g} は上限 {column.max:g} より大きい値です"
        return value, None
    if column.kind == "date":
        try:
            return pd.Timestamp(text.replace("/", "-")).date().isoformat(), None
        except ValueError:
            return None, f"日付として読めません（{raw!r}）。2024-04-01 の形で書いてください"
    if column.kind == "month":
        match = re.fullmatch(r"(\d{4})[-/年](\d{1,2})月?", text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            return None, f"年月として読めません（{raw!r}）。2024-04 の形で書いてください"
        return f"{match.group(1)}-{int(match.group(2)):02d}", None
    if column.kind == "choice":
        # the cell was NFKC-normalised above, so compare with normalised choices and return the template's spelling
        choices = {unicodedata.normalize("NFKC", choice): choice for choice in column.choices}
        if text not in choices:
            return None, f"{raw!r} は選べる値（{'／'.join(column.choices)}）のどれでもありません"
        return choices[text], None
    if column.pattern and not re.fullmatch(column.pattern, text):
        extra = "（Excel で開いて先頭の 0 が消えていませんか？）" if column.kind == "code" and text.isdigit() else ""
        return None, f"{raw!r} が形式 {column.pattern} に合いません{extra}"
    return text, None


def read_template_file(path: str | Path, template: Template) -> pd.DataFrame:
    """所管課のファイルを様式どおりに読む: validate a CSV against its template and return a tidy frame.

    The frame has the template's keys as columns (codes as text, numbers as numbers) and
    ``attrs["template"]`` = the template id. Any problem raises one :class:`TemplateError` that lists
    every problem with its row (the header is row 1, as in Excel) and column; nothing is half-loaded.
    """
    path = Path(path)
    if not path.is_file():
        from curriculum.errors import DataNotFoundError

        raise DataNotFoundError(f"ファイル {path} が見つかりません。", f"file {path} not found", path=path,
                                fix=f"様式「{template.title}」のファイルのパスを確認してください。")
    raw = path.read_bytes()
    if not raw.strip():
        raise TemplateError("ファイルが空です。", "the file is empty", path=path,
                            fix=f"curriculum template write {template.id} で様式を作り、データを入れてください。")
    if raw[:2] == b"PK":
        raise TemplateError("Excel ブック（.xlsx）のままです。CSV で保存してください。", "an .xlsx workbook, not CSV",
                            path=path, fix="Excel の「名前を付けて保存」で「CSV UTF-8（コンマ区切り）」を選んでください。")
    try:
        text, _ = decode(raw, path, what=f"様式「{template.title}」のファイル")
    except DataFormatError as err:
        raise TemplateError(err.ja, err.en, path=path, fix=err.fix) from None
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    problems: list[tuple[int, str, str]] = []
    found = _match_headers(rows[0], template, path, problems)
    records = []
    # The same text in the same column always parses the same way: parse each distinct cell once
    # (a 住基 extract repeats its sexes, months and 町丁目 codes hundreds of thousands of times).
    parsed: dict[int, dict[str, tuple]] = {index: {} for index in found}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) > len(rows[0]) and any(cell.strip() for cell in row[len(rows[0]):]):
            problems.append((line, "", f"見出しより多い {len(row)} 列があります（区切りのコンマがずれています）"))
        record = {}
        for index, column in found.items():
            cell = row[index] if index < len(row) else ""
            known = parsed[index]
            if cell not in known:
                known[cell] = _parse_cell(cell, column)
            value, problem = known[cell]
            if problem:
                problems.append((line, column.name, problem))
            record[column.key] = value
        records.append((line, record))
    if not records:
        problems.append((2, "", "データの行がありません"))
    if template.unique and not problems:
        seen: dict[tuple, int] = {}
        for line, record in records:
            key = tuple(record.get(k) for k in template.unique)
            if key in seen:
                names = "・".join(template.column(k).name for k in template.unique)
                problems.append((line, names, f"{names} が {seen[key]} 行目と同じです（重複）"))
            else:
                seen[key] = line
    if problems:
        listed = "\n".join(f"  {line} 行目" + (f"「{col}」" if col else "") + f": {msg}"
                           for line, col, msg in problems[:_MAX_LISTED])
        more = f"\n  …ほか {len(problems) - _MAX_LISTED} 件" if len(problems) > _MAX_LISTED else ""
        raise TemplateError(
            f"様式「{template.title}」に合わないところが {len(problems)} 件あります（1 件も読み込んでいません）:\n{listed}{more}",
            f"{len(problems)} problem(s) against template {template.id}; nothing was loaded",
            path=path, fix=f"上の行と列を直して、もう一度読み込んでください（様式の説明: curriculum template show {template.id}）。",
            problems=problems)
    frame = pd.DataFrame([record for _, record in records], columns=[c.key for c in template.columns if c in found.values()])
    for column in template.columns:
        if column.key not in frame:
            frame[column.key] = None
        elif column.kind == "integer":
            frame[column.key] = frame[column.key].astype("Int64")
        elif column.kind == "number":
            frame[column.key] = frame[column.key].astype("Float64")
        else:
            frame[column.key] = frame[column.key].astype(object).where(frame[column.key].notna(), None)
    frame = frame[[c.key for c in template.columns]]
    frame.attrs["template"] = template.id
    return frame


def city_rows(table: pd.DataFrame, city_code: str, *, path: str | Path) -> pd.DataFrame:
    """One municipality's rows of a validated template table (``city_code`` column), renumbered from 0.

    A file without that city's rows is an error naming the code and the codes the file has.
    """
    rows = table[table["city_code"] == str(city_code)].reset_index(drop=True)
    if rows.empty:
        raise DataFormatError(f"ファイルに市区町村コード {city_code} の行がありません（ある: {sorted(set(table['city_code']))}）。",
                              f"no rows for city {city_code}", path=path,
                              fix="CITY_CODE とファイルの市区町村コードが同じか確かめてください。")
    return rows


def check_template_file(path: str | Path, template: Template) -> str:
    """Validate a file and return a one-line Japanese summary (raises :class:`TemplateError` on problems)."""
    frame = read_template_file(path, template)
    return f"OK: 様式「{template.title}」に合っています（{len(frame):,} 行）。"
