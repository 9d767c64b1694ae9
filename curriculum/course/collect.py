"""提出物の回収: from nbgrader's exchange, or from a folder / zip of files (LMS or mail downloads).

Like nbgrader's ``zip_collect``, the 職員番号 is read from each file name (``T0001_b01_question.ipynb``,
``練習太郎_T0001.ipynb``, ``T0001/b01_question.ipynb`` inside a zip): an id counts when it is not part of a
longer run of letters and digits. Files that name no trainee, or two, are reported and not copied;
when a trainee sent the same notebook twice the newest one is kept.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.course import config as cfg
from curriculum.errors import CurriculumError


@dataclass
class CollectReport:
    """回収結果: trainees collected, and files set aside with the reason."""

    collected: dict[str, list[str]] = field(default_factory=dict)  # 職員番号 -> notebook ids
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, Japanese reason)

    def text(self) -> str:
        lines = [f"回収: {len(self.collected)} 名（{sum(len(v) for v in self.collected.values())} ファイル）"]
        lines += [f"  取り込まなかったファイル: {name} — {why}" for name, why in self.skipped]
        return "\n".join(lines)


def collect_from_exchange(course_dir: Path, assignment_id: str) -> list[str]:
    """交換フォルダから回収する: nbgrader ``collect`` (latest submission per trainee); return 職員番号."""
    api = cfg.make_api(course_dir)
    outcome = api.collect(assignment_id)
    if not outcome.get("success"):
        raise CurriculumError("交換フォルダから回収できませんでした", f"collect failed: {(outcome.get('error') or '')[-300:]}",
                              path=course_dir, fix="課題を配布（release）済みか、交換フォルダの場所（nbgrader_config.py の Exchange.root）を確認してください")
    root = Path(course_dir) / "submitted"
    return sorted(p.name for p in root.iterdir() if (p / assignment_id).is_dir()) if root.is_dir() else []


def match_student(name: str, ids: list[str]) -> list[str]:
    """ファイル名から職員番号を探す: every id that appears in ``name`` not inside a longer id-like run.

    >>> match_student("練習太郎_T0001_b01.ipynb", ["T0001", "T0010", "T000"])
    ['T0001']
    >>> match_student("b01_question.ipynb", ["T0001"])
    []
    """
    hits = []
    for sid in ids:
        if re.search(rf"(?<![A-Za-z0-9]){re.escape(sid)}(?![A-Za-z0-9])", name):
            hits.append(sid)
    return hits


def _match_notebook(name: str, notebooks: list[str], assignment_id: str, *, loose: bool) -> str | None:
    """The notebook a file is for: the longest notebook id in its path; with one notebook, a path naming
    the assignment; with ``loose`` (no file names the assignment at all), any file."""
    hits = [nb for nb in notebooks if nb in name]
    if hits:
        return max(hits, key=len)
    if len(notebooks) == 1 and (assignment_id in name or loose):
        return notebooks[0]
    return None


def _iter_files(source: Path):
    """Yield (display name, bytes loader, timestamp) for every .ipynb in a folder or zip (zips nested once)."""
    def from_zip(zf: zipfile.ZipFile, prefix: str):
        for info in zf.infolist():
            if info.is_dir() or "__MACOSX" in info.filename:
                continue
            name = info.filename
            if name.lower().endswith(".ipynb"):
                yield f"{prefix}{name}", (lambda zf=zf, info=info: zf.read(info)), dt.datetime(*info.date_time).astimezone()
            elif name.lower().endswith(".zip"):
                import io

                inner = zipfile.ZipFile(io.BytesIO(zf.read(info)))
                yield from from_zip(inner, f"{prefix}{name}/")

    if source.is_file() and source.suffix.lower() == ".zip":
        yield from from_zip(zipfile.ZipFile(source), "")
        return
    for path in sorted(source.rglob("*")):
        if ".ipynb_checkpoints" in path.parts or not path.is_file():
            continue
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        rel = str(path.relative_to(source))
        if path.suffix.lower() == ".ipynb":
            yield rel, path.read_bytes, stamp
        elif path.suffix.lower() == ".zip":
            yield from from_zip(zipfile.ZipFile(path), f"{rel}/")


def collect_from_files(course_dir: Path, assignment_id: str, source: Path) -> CollectReport:
    """フォルダや zip から回収する: put each trainee's notebook in ``submitted/<職員番号>/<課題>/``.

    Parameters
    ----------
    course_dir : Path
        The course folder (its roster gives the 職員番号 to look for).
    assignment_id : str
        Assignment the files belong to (its released notebooks give the notebook names).
    source : Path
        A folder (searched recursively) or a .zip file, e.g. an LMS download.

    Examples
    --------
    >>> report = collect_from_files(Path("course"), "b01_question", Path("downloads.zip"))  # doctest: +SKIP
    """
    from curriculum.course.roster import load_course_roster

    course_dir, source = Path(course_dir), Path(source)
    if not source.exists():
        raise CurriculumError("回収元のフォルダや zip がありません", "source not found", path=source,
                              fix="ダウンロードしたフォルダか zip ファイルのパスを指定してください")
    ids = [t.staff_id for t in load_course_roster(course_dir)]
    if not ids:
        raise CurriculumError("講座に名簿がないため、ファイル名から職員番号を判定できません", "course has no roster", path=course_dir,
                              fix="`curriculum cohort create` で名簿を取り込んだ講座フォルダを指定してください")
    released = course_dir / "release" / assignment_id
    notebooks = sorted(p.stem for p in released.glob("*.ipynb"))
    if not notebooks:
        raise CurriculumError(f"課題 {assignment_id} の受講者版がありません", "assignment not built", path=released,
                              fix="先に `curriculum course build` を実行してください")
    best: dict[tuple[str, str], tuple[dt.datetime, str, object]] = {}
    report = CollectReport()
    files = list(_iter_files(source))
    loose = not any(assignment_id in name or any(nb in name for nb in notebooks) for name, _, _ in files)
    for name, load, stamp in files:
        sids = match_student(name, ids)
        if len(sids) != 1:
            report.skipped.append((name, "ファイル名に名簿の職員番号がありません" if not sids else f"職員番号が複数あります（{'、'.join(sids)}）"))
            continue
        nb = _match_notebook(name, notebooks, assignment_id, loose=loose)
        if nb is None:
            report.skipped.append((name, f"この課題のノートブックと判定できません（{'、'.join(notebooks)} を名前に含めてください）"))
            continue
        key = (sids[0], nb)
        if key in best:
            older = min(best[key][0], stamp)
            report.skipped.append((best[key][1] if best[key][0] == older else name, "同じ受講者の古い提出（新しい方を採用）"))
            if stamp <= best[key][0]:
                continue
        best[key] = (stamp, name, load)
    for (sid, nb), (stamp, _name, load) in sorted(best.items()):
        dest = course_dir / "submitted" / sid / assignment_id
        dest.mkdir(parents=True, exist_ok=True)
        (dest / f"{nb}.ipynb").write_bytes(load())
        utc = stamp.astimezone(dt.timezone.utc)
        (dest / "timestamp.txt").write_text(utc.strftime("%Y-%m-%d %H:%M:%S.%f UTC"), encoding="utf-8")
        report.collected.setdefault(sid, []).append(nb)
    return report


def copy_release(course_dir: Path, assignment_id: str, student_id: str) -> Path:
    """受講者版をそのまま提出物にする（未回答の提出の再現用）: copy ``release/`` to ``submitted/``."""
    src = Path(course_dir) / "release" / assignment_id
    dest = Path(course_dir) / "submitted" / student_id / assignment_id
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    return dest
