"""Collection loses nothing and replaces nothing wrongly (issue 18): another assignment's notebooks, an
older download after a resubmission, a broken file and Windows' hidden extensions are refused and
listed, every received version is kept, and `grade collect` exits non-zero. From the exchange, a
submission owned by another Unix user than the trainee it names is refused and the owner is named."""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile

import pytest
from click.testing import CliRunner
from helpers import CORRECT, answer, new_course

from curriculum.cli.course import grade
from curriculum.course.collect import collect_from_exchange, collect_from_files
from curriculum.course.config import load_config

AID = "t01_pandas"
OTHER = "elderly_transit"


def _write(path, nb, when: dt.datetime):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


@pytest.fixture
def course(tmp_path):
    course = new_course(tmp_path)
    return course


def _release(course, aid):
    return json.loads(next((course / "release" / aid).glob("*.ipynb")).read_text(encoding="utf-8"))


def _submitted(course, sid):
    return json.loads((course / "submitted" / sid / AID / f"{AID}.ipynb").read_text(encoding="utf-8"))


def _versions(course, sid):
    return sorted(p.name for p in (course / "submitted" / sid / AID / "versions").rglob("*") if p.is_file())


def test_another_assignments_notebooks_never_replace_a_submission(course, tmp_path):
    day = dt.datetime(2026, 5, 20, 10, 0).astimezone()
    good = answer(_release(course, AID), CORRECT)
    for sid in ("T0001", "T0002", "T0003"):
        _write(tmp_path / "first" / f"{sid}_{AID}.ipynb", good, day)
    assert sorted(collect_from_files(course, AID, tmp_path / "first").collected) == ["t0001", "t0002", "t0003"]
    # the wrong download: the follow-up notebooks, named like this assignment's and newer
    wrong = _release(course, OTHER)
    with zipfile.ZipFile(tmp_path / "wrong.zip", "w") as zf:
        for sid in ("T0001", "T0002", "T0003"):
            zf.writestr(zipfile.ZipInfo(f"{sid}_{AID}.ipynb", date_time=(2026, 5, 25, 9, 0, 0)), json.dumps(wrong))
    report = collect_from_files(course, AID, tmp_path / "wrong.zip")
    assert report.collected == {} and report.refused
    assert [why for _, why in report.skipped] == ["この課題（t01_pandas）のノートブックではありません（別の課題のものです）"] * 3
    for sid in ("t0001", "t0002", "t0003"):
        assert _submitted(course, sid) == good
        assert _versions(course, sid) == [f"{sid.upper()}_{AID}.ipynb"] * 2  # both received files are kept


def test_an_older_download_never_replaces_a_resubmission(course, tmp_path):
    release = _release(course, AID)
    first = answer(release, {**CORRECT, "q1_answer": "total = 3000"})
    second = answer(release, CORRECT)
    _write(tmp_path / "old" / f"T0001_{AID}.ipynb", first, dt.datetime(2026, 5, 20, 10, 0).astimezone())
    _write(tmp_path / "new" / f"T0001_{AID}.ipynb", second, dt.datetime(2026, 5, 22, 10, 0).astimezone())
    assert collect_from_files(course, AID, tmp_path / "new").collected == {"t0001": [AID]}
    report = collect_from_files(course, AID, tmp_path / "old")
    assert report.collected == {} and report.refused
    assert "より古いため、置き換えていません" in report.skipped[0][1]
    assert _submitted(course, "t0001") == second
    assert len(_versions(course, "t0001")) == 2
    stamp = (course / "submitted" / "t0001" / AID / "timestamp.txt").read_text(encoding="utf-8")
    assert stamp.startswith(dt.datetime(2026, 5, 22, 10, 0).astimezone().astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"))
    # the same newer file again: nothing to do, nothing refused
    again = collect_from_files(course, AID, tmp_path / "new")
    assert (again.collected, again.refused) == ({}, False) and "同じ内容" in again.notes[0][1]


def test_broken_files_and_hidden_extensions_are_listed_and_refused(course, tmp_path):
    good = answer(_release(course, AID), CORRECT)
    _write(tmp_path / "in" / f"T0001_{AID}.ipynb", good, dt.datetime(2026, 5, 20, 10, 0).astimezone())
    assert collect_from_files(course, AID, tmp_path / "in").collected == {"t0001": [AID]}
    later = dt.datetime(2026, 5, 21, 10, 0).astimezone()
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / f"T0001_{AID}.ipynb").write_text('{"cells": [', encoding="utf-8")  # truncated upload
    os.utime(tmp_path / "more" / f"T0001_{AID}.ipynb", (later.timestamp(), later.timestamp()))
    _write(tmp_path / "more" / f"T0002_{AID}.ipynb.txt", good, later)
    (tmp_path / "more" / "T0003_感想.docx").write_bytes(b"PK\x03\x04")
    report = collect_from_files(course, AID, tmp_path / "more")
    reasons = dict(report.skipped)
    assert set(reasons) == {f"T0001_{AID}.ipynb", f"T0002_{AID}.ipynb.txt", "T0003_感想.docx"}
    assert "JSON として読めません" in reasons[f"T0001_{AID}.ipynb"]
    assert "「.ipynb.txt」" in reasons[f"T0002_{AID}.ipynb.txt"]
    assert "ノートブック（.ipynb）ではありません" in reasons["T0003_感想.docx"]
    assert _submitted(course, "t0001") == good  # the broken file did not replace the valid one
    assert len(_versions(course, "t0001")) == 2  # but it is kept
    result = CliRunner().invoke(grade, ["collect", AID, "--from", str(tmp_path / "more"), "--course-dir", str(course)])
    assert result.exit_code == 1
    assert f"T0002_{AID}.ipynb.txt" in result.output and "取り込まなかったファイルが 3 件" in result.output


def test_exchange_submission_owned_by_someone_else_is_refused(course):
    """nbgrader's exchange layout, written by root but claiming to come from t0002: refused, owner named."""
    config = load_config(course)
    inbound = os.path.join(config.Exchange.root, config.CourseDirectory.course_id, "inbound")
    folder = os.path.join(inbound, f"t0002+{AID}+2026-05-20 01:00:00.000000 UTC+abc123")
    os.makedirs(folder)
    with open(os.path.join(folder, f"{AID}.ipynb"), "w", encoding="utf-8") as fh:
        json.dump(answer(_release(course, AID), CORRECT), fh)
    report = collect_from_exchange(course, AID)
    assert report.collected == {} and report.refused
    name, why = report.skipped[0]
    assert name == folder and "ファイルの所有者は root です" in why and "claims to be submitted by t0002 but is owned by root" in why
    assert not (course / "submitted" / "t0002" / AID / f"{AID}.ipynb").exists()
    result = CliRunner().invoke(grade, ["collect", AID, "--course-dir", str(course)])
    assert result.exit_code == 1 and folder in result.output and "root" in result.output
