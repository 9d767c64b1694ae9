"""提出物の回収: from nbgrader's exchange, or from a folder / zip of files (LMS or mail downloads).

Nothing a trainee sent is lost, and nothing replaces a better submission:

- every received notebook is kept in ``submitted/<職員番号>/<課題>/versions/<UTC 時刻>/`` (nbgrader is
  told to ignore that folder), broken ones included;
- a notebook becomes the submission only when its nbgrader metadata shows it is a notebook of this
  assignment (the checksums of its locked cells match the released version), it is valid JSON, and
  it is newer than the submission already collected;
- every file that was not taken is listed with the reason, and :attr:`CollectReport.refused` is true
  (the CLI then exits non-zero);
- from the exchange, a submission whose Unix owner is not the trainee it claims to be from is refused
  and named with its owner (nbgrader's own ``collect`` only logs "claims to be submitted by X but is
  owned by Y" and copies it anyway).

Like nbgrader's ``zip_collect``, in files the 職員番号 is read from each file name
(``T0001_b01_question.ipynb``, ``練習太郎_T0001.ipynb``, ``T0001/b01_question.ipynb`` inside a zip): an id
counts when it is not part of a longer run of letters and digits, in any letter case.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.course import config as cfg
from curriculum.errors import CurriculumError

VERSIONS_DIR = "versions"  # inside submitted/<id>/<assignment>/; listed in CourseDirectory.ignore
TIMESTAMP_NAME = "timestamp.txt"  # nbgrader's submission time file
_STAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"


@dataclass
class CollectReport:
    """回収結果: trainees collected, files refused with the reason, and notes (nothing refused)."""

    collected: dict[str, list[str]] = field(default_factory=dict)  # 職員番号 -> notebook ids
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, Japanese reason): refused
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, Japanese note): kept as a version only

    @property
    def refused(self) -> bool:
        """True when any received file was refused (the command then exits non-zero)."""
        return bool(self.skipped)

    def text(self) -> str:
        lines = [f"回収: {len(self.collected)} 名（{sum(len(v) for v in self.collected.values())} ファイル）"]
        lines += [f"  取り込まなかったファイル: {name} — {why}" for name, why in self.skipped]
        lines += [f"  参考: {name} — {why}" for name, why in self.notes]
        return "\n".join(lines)


@dataclass
class _Received:
    """One received file: where it came from, who sent it, when, and its bytes."""

    name: str
    data: bytes
    stamp: dt.datetime  # aware
    student: str | None = None
    extra: dict[str, bytes] = field(default_factory=dict)  # other files of an exchange submission


def match_student(name: str, ids: list[str]) -> list[str]:
    """ファイル名から職員番号を探す: every id that appears in ``name`` not inside a longer id-like run (any case).

    >>> match_student("練習太郎_T0001_b01.ipynb", ["t0001", "t0010", "t000"])
    ['t0001']
    >>> match_student("b01_question.ipynb", ["t0001"])
    []
    """
    hits = []
    for sid in ids:
        if re.search(rf"(?<![A-Za-z0-9]){re.escape(sid)}(?![A-Za-z0-9])", name, flags=re.IGNORECASE):
            hits.append(sid)
    return hits


def _fingerprint(nb: dict) -> tuple[set[str], set[str]]:
    """(grade ids, checksums of locked cells) from a notebook's nbgrader cell metadata."""
    ids, sums = set(), set()
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        meta = (cell.get("metadata") or {}).get("nbgrader") or {} if isinstance(cell, dict) else {}
        if not isinstance(meta, dict) or "grade_id" not in meta:
            continue
        ids.add(str(meta["grade_id"]))
        if meta.get("locked") and meta.get("checksum"):
            sums.add(str(meta["checksum"]))
    return ids, sums


def _released_fingerprints(course_dir: Path, assignment_id: str) -> dict[str, tuple[set[str], set[str]]]:
    released = course_dir / "release" / assignment_id
    prints = {p.stem: _fingerprint(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(released.glob("*.ipynb"))}
    if not prints:
        raise CurriculumError(f"課題 {assignment_id} の受講者版がありません", "assignment not built", path=released,
                              fix="先に `curriculum course build` を実行してください")
    return prints


def identify_notebook(data: bytes, released: dict[str, tuple[set[str], set[str]]]) -> tuple[str | None, str]:
    """どのノートブックか: (notebook id, "") from the nbgrader metadata, or (None, Japanese reason).

    A file belongs to a released notebook when some of its locked cells carry that notebook's
    checksums and it has no graded cell the notebook does not have.
    """
    try:
        nb = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, "ノートブックのファイルが壊れています（JSON として読めません）。保存し直して再提出してもらってください"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, "ノートブックの形式ではありません（cells がありません）"
    ids, sums = _fingerprint(nb)
    if not ids:
        return None, "採点用の情報（nbgrader のメタデータ）がありません。配布されたノートブックに書き込んで提出してもらってください"
    best, best_hits = None, 0
    for nb_id, (rel_ids, rel_sums) in released.items():
        hits = len(sums & rel_sums)
        if hits > best_hits and ids <= rel_ids:
            best, best_hits = nb_id, hits
    if best is None:
        return None, f"この課題（{'、'.join(released)}）のノートブックではありません（別の課題のものです）"
    return best, ""


def _existing_stamp(folder: Path) -> dt.datetime | None:
    path = folder / TIMESTAMP_NAME
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8").strip()
    for fmt in (_STAMP_FORMAT, "%Y-%m-%d %H:%M:%S.%f %Z", "%Y-%m-%d %H:%M:%S %Z", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.timezone.utc)
        except ValueError:
            continue
    from dateutil.parser import parse

    stamp = parse(text)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


def _keep_version(dest: Path, item: _Received) -> Path:
    """Store a received file under ``versions/<UTC time>/`` (never overwriting an earlier copy)."""
    utc = item.stamp.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    base = dest / VERSIONS_DIR / utc
    folder, n = base, 1
    name = Path(item.name).name
    while (folder / name).exists():
        if (folder / name).read_bytes() == item.data:
            return folder / name
        n += 1
        folder = base.with_name(f"{utc}-{n}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(item.data)
    return folder / name


def _accept(course_dir: Path, assignment_id: str, items: list[_Received], report: CollectReport) -> None:
    """The common rules for files and exchange submissions (``item.student`` already known)."""
    released = _released_fingerprints(course_dir, assignment_id)
    best: dict[tuple[str, str], _Received] = {}
    for item in items:
        dest = course_dir / "submitted" / item.student / assignment_id
        _keep_version(dest, item)
        nb_id, why = identify_notebook(item.data, released)
        if nb_id is None:
            report.skipped.append((item.name, why))
            continue
        key = (item.student, nb_id)
        if key in best:
            older, newer = sorted([best[key], item], key=lambda r: r.stamp)
            report.notes.append((older.name, f"同じ受講者のより新しい提出（{newer.name}）を採用しました（古い方は versions/ に保存）"))
            item = newer
        best[key] = item
    for (sid, nb_id), item in sorted(best.items()):
        dest = course_dir / "submitted" / sid / assignment_id
        target = dest / f"{nb_id}.ipynb"
        existing = _existing_stamp(dest) if target.is_file() else None
        if target.is_file() and target.read_bytes() == item.data:
            report.notes.append((item.name, "回収済みの提出と同じ内容です"))
            continue
        if existing is not None and item.stamp <= existing:
            local = existing.astimezone(dt.timezone(dt.timedelta(hours=9))).strftime("%Y-%m-%d %H:%M")
            report.skipped.append((item.name, f"回収済みの提出（{local} 日本時間）より古いため、置き換えていません（versions/ に保存）"))
            continue
        dest.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".ipynb.part")
        tmp.write_bytes(item.data)
        tmp.replace(target)
        for rel, data in item.extra.items():
            path = dest / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (dest / TIMESTAMP_NAME).write_text(item.stamp.astimezone(dt.timezone.utc).strftime(_STAMP_FORMAT), encoding="utf-8")
        report.collected.setdefault(sid, []).append(nb_id)


def _roster_ids(course_dir: Path) -> list[str]:
    from curriculum.course.roster import load_course_roster

    ids = [t.staff_id for t in load_course_roster(course_dir)]
    if not ids:
        raise CurriculumError("講座に名簿がないため、職員番号を判定できません", "course has no roster", path=course_dir,
                              fix="`curriculum cohort create` で名簿を取り込んだ講座フォルダを指定してください")
    return ids


def _owner(path: Path) -> str:
    import pwd

    uid = path.stat().st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def collect_from_exchange(course_dir: Path, assignment_id: str) -> CollectReport:
    """交換フォルダから回収する: every submission in the exchange's ``inbound`` folder, by the rules above.

    Each submission folder (``<user>+<assignment>+<time>+<random>``) must belong, as must every file in
    it, to the Unix user it names; otherwise it is refused and the report names the owner.
    """
    from nbgrader.utils import parse_utc

    course_dir = Path(course_dir).resolve()
    config = cfg.load_config(course_dir)
    inbound = Path(config.Exchange.root) / config.CourseDirectory.course_id / "inbound"
    if not inbound.is_dir():
        raise CurriculumError("交換フォルダに提出の受け口（inbound）がありません", "exchange inbound folder not found", path=inbound,
                              fix="課題を配布（release）済みか、nbgrader_config.py の Exchange.root を確認してください")
    ids = {sid.lower(): sid for sid in _roster_ids(course_dir)}
    items, report = [], CollectReport()
    for folder in sorted(inbound.glob(f"*+{assignment_id}+*")):
        parts = folder.name.rsplit("+", 3)
        if not folder.is_dir() or len(parts) < 3 or parts[1] != assignment_id:
            continue
        claimed, stamp = parts[0], parse_utc(parts[2])
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.timezone.utc)
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        wrong = [(p, _owner(p)) for p in [folder, *files] if _owner(p).lower() != claimed.lower()]
        if wrong:
            path, owner = wrong[0]
            report.skipped.append((str(path), f"{claimed} の提出とされていますが、ファイルの所有者は {owner} です（なりすましの疑い）。"
                                   f"取り込んでいません / claims to be submitted by {claimed} but is owned by {owner}"))
            continue
        if claimed.lower() not in ids:
            report.skipped.append((str(folder), f"提出者 {claimed} は講座の名簿にいません"))
            continue
        sid = ids[claimed.lower()]
        notebooks = [p for p in files if p.suffix == ".ipynb" and ".ipynb_checkpoints" not in p.parts]
        extra = {str(p.relative_to(folder)): p.read_bytes() for p in files
                 if p.suffix != ".ipynb" and p.name != TIMESTAMP_NAME and ".ipynb_checkpoints" not in p.parts}
        if not notebooks:
            report.skipped.append((str(folder), "提出にノートブック（.ipynb）がありません"))
            continue
        for p in notebooks:
            items.append(_Received(f"{folder.name}/{p.relative_to(folder)}", p.read_bytes(), stamp, sid, extra))
    _accept(course_dir, assignment_id, items, report)
    return report


def _iter_files(source: Path):
    """Yield (display name, bytes loader, timestamp) for every file in a folder or zip (zips nested once)."""
    def from_zip(zf: zipfile.ZipFile, prefix: str):
        for info in zf.infolist():
            if info.is_dir() or "__MACOSX" in info.filename:
                continue
            name = info.filename
            if name.lower().endswith(".zip"):
                try:
                    inner = zipfile.ZipFile(io.BytesIO(zf.read(info)))
                except zipfile.BadZipFile:
                    yield f"{prefix}{name}", None, None
                    continue
                yield from from_zip(inner, f"{prefix}{name}/")
            else:
                yield f"{prefix}{name}", (lambda zf=zf, info=info: zf.read(info)), dt.datetime(*info.date_time).astimezone()

    if source.is_file():
        if source.suffix.lower() != ".zip":
            raise CurriculumError("回収元はフォルダか zip ファイルにしてください", "source must be a folder or a .zip", path=source,
                                  fix="ダウンロードしたフォルダか zip ファイルのパスを指定してください")
        try:
            yield from from_zip(zipfile.ZipFile(source), "")
        except zipfile.BadZipFile as err:
            raise CurriculumError("zip ファイルが壊れていて開けません", "bad zip file", path=source,
                                  fix="ダウンロードし直してください") from err
        return
    for path in sorted(source.rglob("*")):
        if ".ipynb_checkpoints" in path.parts or not path.is_file():
            continue
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        rel = str(path.relative_to(source))
        if path.suffix.lower() == ".zip":
            try:
                yield from from_zip(zipfile.ZipFile(path), f"{rel}/")
            except zipfile.BadZipFile:
                yield rel, None, None
        else:
            yield rel, path.read_bytes, stamp


def _not_a_notebook(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".zip"):
        return "zip ファイルが壊れていて開けません"
    if lower.endswith(".ipynb.txt") or (".ipynb." in lower):
        return ("拡張子が「.ipynb」ではありません（Windows で拡張子が隠れていて「.ipynb.txt」などになった可能性）。"
                "名前を「….ipynb」に直して再提出してもらってください")
    return "ノートブック（.ipynb）ではありません"


def collect_from_files(course_dir: Path, assignment_id: str, source: Path) -> CollectReport:
    """フォルダや zip から回収する: put each trainee's notebook in ``submitted/<職員番号>/<課題>/``.

    Parameters
    ----------
    course_dir : Path
        The course folder (its roster gives the 職員番号 to look for).
    assignment_id : str
        Assignment the files belong to (its released notebooks identify the files by their metadata).
    source : Path
        A folder (searched recursively) or a .zip file, e.g. an LMS download.

    Examples
    --------
    >>> report = collect_from_files(Path("course"), "b01_question", Path("downloads.zip"))  # doctest: +SKIP
    """
    course_dir, source = Path(course_dir), Path(source)
    if not source.exists():
        raise CurriculumError("回収元のフォルダや zip がありません", "source not found", path=source,
                              fix="ダウンロードしたフォルダか zip ファイルのパスを指定してください")
    ids = _roster_ids(course_dir)
    _released_fingerprints(course_dir, assignment_id)  # a clear error before reading anything
    report, items = CollectReport(), []
    for name, load, stamp in _iter_files(source):
        if load is None or not name.lower().endswith(".ipynb"):
            report.skipped.append((name, _not_a_notebook(name)))
            continue
        sids = match_student(name, ids)
        if len(sids) != 1:
            report.skipped.append((name, "ファイル名に名簿の職員番号がありません" if not sids else f"職員番号が複数あります（{'、'.join(sids)}）"))
            continue
        items.append(_Received(name, load(), stamp, sids[0]))
    _accept(course_dir, assignment_id, items, report)
    return report
