"""受講者名簿: read the HR roster CSV (職員番号, 氏名, 所属, メール) and import it into the gradebook.

A 広域 cohort (staff of several municipalities) may add the optional column 自治体コード: each trainee's
notebooks then use that trainee's city (autograde sets ``CURRICULUM_CITY_CODE`` for their submissions and
the hub gives it to their server); an empty cell means the cohort's city. Codes are checked with
:func:`curriculum.city.lookup_city`.

The CSV is what Excel writes: UTF-8 with or without BOM (「CSV UTF-8」) or CP932 (「CSV（コンマ区切り）」).
A 職員番号 has one canonical form, lower case (:func:`canonical_id`), because JupyterHub lower-cases user
names: ``A1001`` and ``a1001`` are the same person, and two rows that differ only in case are rejected.
Every row is checked first; the gradebook is written only when the whole file is valid, in one
transaction, so a bad roster never leaves half the staff imported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from curriculum.data.text import decode
from curriculum.errors import CurriculumError, DataNotFoundError

COLUMNS = {  # canonical name -> accepted header spellings
    "職員番号": ("職員番号", "職員id", "職員ID", "id", "ID"),
    "氏名": ("氏名", "名前", "name"),
    "所属": ("所属", "所属課", "部署", "課"),
    "メール": ("メール", "メールアドレス", "email", "e-mail", "Eメール"),
}
OPTIONAL = {"自治体コード": ("自治体コード", "市区町村コード", "団体コード", "city_code")}
_SAFE_ID = re.compile(r"^[A-Za-z0-9_\-]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def canonical_id(staff_id: str) -> str:
    """職員番号の正規形: lower case and without surrounding spaces (what JupyterHub uses as the user name).

    >>> canonical_id(" A1001 ")
    'a1001'
    """
    return staff_id.strip().lower()


@dataclass(frozen=True)
class Trainee:
    """受講者: one roster row."""

    staff_id: str
    name: str
    department: str
    email: str
    city_code: str = ""  # 5-digit 全国地方公共団体コード; empty: the cohort's city

    def __post_init__(self):
        object.__setattr__(self, "staff_id", canonical_id(self.staff_id))  # one form, however it was written

    @property
    def last_first(self) -> tuple[str, str]:
        """(姓, 名) split at the first space (half- or full-width); the whole name as 姓 otherwise."""
        parts = re.split(r"[ 　]+", self.name.strip(), maxsplit=1)
        return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")


def decode_roster(data: bytes, path: Path) -> str:
    """名簿の文字コード判定: UTF-8 (BOM or not) first, then CP932; anything else is an error naming the fix.

    >>> decode_roster("職員番号".encode("cp932"), Path("r.csv"))
    '職員番号'
    """
    text, _ = decode(data, path, what="名簿",
                     fix="Excel で「名前を付けて保存」→「CSV UTF-8（コンマ区切り）」で保存し直してください")
    return text


def read_roster(path: Path) -> list[Trainee]:
    """名簿を読む: parse and check the whole roster; raise one error listing every problem.

    Checks: encoding, the four columns, empty or unusable 職員番号 (used in folder names: 半角英数字),
    duplicate 職員番号 (ignoring letter case), empty 氏名, malformed メール (empty メール is allowed).
    Every 職員番号 is returned in its canonical lower-case form.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "roster.csv"
    >>> _ = p.write_text("職員番号,氏名,所属,メール\\nT001,練習 太郎,総務課,t001@example.jp\\n", encoding="utf-8-sig")
    >>> read_roster(p)[0].last_first
    ('練習', '太郎')
    """
    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError("名簿ファイルがありません", "roster file not found", path=path,
                              fix="--roster に名簿 CSV のパスを指定してください")
    text = decode_roster(path.read_bytes(), path)
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise CurriculumError("名簿が空です", "roster is empty", path=path, fix="1 行目に 職員番号,氏名,所属,メール の見出しを書いてください")
    header = [h.strip() for h in rows[0]]
    index, missing = {}, []
    for canonical, spellings in COLUMNS.items():
        hits = [i for i, h in enumerate(header) if h in spellings or h.lower() in (s.lower() for s in spellings)]
        if hits:
            index[canonical] = hits[0]
        else:
            missing.append(canonical)
    for canonical, spellings in OPTIONAL.items():
        hits = [i for i, h in enumerate(header) if h.lower() in (s.lower() for s in spellings)]
        if hits:
            index[canonical] = hits[0]
    if missing:
        raise CurriculumError(f"名簿に必要な列がありません: {'、'.join(missing)}（見つかった見出し: {'、'.join(header)}）",
                              f"missing roster columns: {missing}", path=path,
                              fix="1 行目を 職員番号,氏名,所属,メール にしてください")
    problems, trainees, seen = [], [], {}
    for lineno, row in enumerate(rows[1:], start=2):
        row = row + [""] * (len(header) - len(row))
        value = {k: row[i].strip() for k, i in index.items()}
        city, city_problem = _city_of(value.get("自治体コード", ""))
        if city_problem:
            problems.append(f"{lineno} 行目: {city_problem}")
        written = value["職員番号"]
        sid = canonical_id(written)
        if not sid:
            problems.append(f"{lineno} 行目: 職員番号が空です")
            continue
        if not _SAFE_ID.match(sid):
            problems.append(f"{lineno} 行目: 職員番号「{written}」に使えない文字があります（半角英数字・_・- のみ）")
            continue
        if sid in seen:
            first_line, first_written = seen[sid]
            same = "" if first_written == written else f"（{first_line} 行目は「{first_written}」。大文字・小文字の違いは同じ人として扱います）"
            problems.append(f"{lineno} 行目: 職員番号「{written}」が {first_line} 行目と重複しています{same}")
            continue
        seen[sid] = (lineno, written)
        if not value["氏名"]:
            problems.append(f"{lineno} 行目: 職員番号「{sid}」の氏名が空です")
        if value["メール"] and not _EMAIL.match(value["メール"]):
            problems.append(f"{lineno} 行目: メール「{value['メール']}」の形が正しくありません")
        trainees.append(Trainee(sid, value["氏名"], value["所属"], value["メール"], city))
    if problems:
        raise CurriculumError("名簿に問題があるため、1 人も取り込んでいません:\n  " + "\n  ".join(problems),
                              f"roster has {len(problems)} problem(s); nothing was imported", path=path,
                              fix="上の行を直して、もう一度実行してください")
    if not trainees:
        raise CurriculumError("名簿に受講者の行がありません", "roster has no rows", path=path, fix="2 行目以降に受講者を書いてください")
    return trainees


def _city_of(text: str) -> tuple[str, str]:
    """(5-digit code, "") for a valid 自治体コード or an empty cell, ("", the Japanese problem) otherwise."""
    if not text:
        return "", ""
    from curriculum.city import lookup_city

    try:
        return lookup_city(text).code, ""
    except CurriculumError as err:
        return "", f"自治体コード「{text}」: {err.ja}"


def import_roster(course_dir: Path, trainees: list[Trainee]) -> int:
    """名簿を成績簿に取り込む: add or update every trainee in one transaction; return the count.

    The 所属 is not a gradebook field; it is kept in ``roster.csv`` in the course folder (written only
    after the gradebook commit succeeded).
    """
    from nbgrader.api import Student

    from curriculum.course.config import open_gradebook

    course_dir = Path(course_dir)
    with open_gradebook(course_dir) as gb:
        try:
            existing = {s.id: s for s in gb.db.query(Student).all()}
            for t in trainees:
                last, first = t.last_first
                student = existing.get(t.staff_id) or Student(id=t.staff_id)
                student.last_name, student.first_name, student.email = last, first, t.email or None
                gb.db.add(student)
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise
    write_roster_copy(course_dir, trainees)
    return len(trainees)


def write_roster_copy(course_dir: Path, trainees: list[Trainee]) -> Path:
    """名簿の控え: ``roster.csv`` (UTF-8 with BOM, opens in Excel) written atomically."""
    from curriculum.course.config import ROSTER_NAME

    path = Path(course_dir) / ROSTER_NAME
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        with_city = any(t.city_code for t in trainees)
        writer.writerow(list(COLUMNS) + (list(OPTIONAL) if with_city else []))
        for t in trainees:
            writer.writerow([t.staff_id, t.name, t.department, t.email] + ([t.city_code] if with_city else []))
    tmp.replace(path)
    return path


def load_course_roster(course_dir: Path) -> list[Trainee]:
    """講座の名簿: the roster kept in the course folder (empty when none was imported)."""
    from curriculum.course.config import ROSTER_NAME

    path = Path(course_dir) / ROSTER_NAME
    return read_roster(path) if path.is_file() else []


def trainee_city_codes(course_dir: Path) -> dict[str, str]:
    """{職員番号: 自治体コード} of the trainees whose roster row names their own city (広域 cohorts)."""
    return {t.staff_id: t.city_code for t in load_course_roster(course_dir) if t.city_code}
