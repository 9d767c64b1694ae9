"""Roster errors (each kind) leave the gradebook untouched; good rosters import in every Excel encoding."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import FIXTURES, write_roster

from curriculum.course.cohort import create_cohort
from curriculum.course.config import open_gradebook
from curriculum.course.roster import import_roster, read_roster
from curriculum.errors import CurriculumError


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_roster_encodings_excel_writes(tmp_path, encoding):
    trainees = read_roster(write_roster(tmp_path / "r.csv", encoding=encoding))
    assert [(t.staff_id, t.name, t.department, t.last_first) for t in trainees[:2]] == [
        ("t0001", "練習 太郎", "総務課", ("練習", "太郎")), ("t0002", "見本 花子", "企画財政課", ("見本", "花子"))]


BAD = {
    "duplicate": ("職員番号,氏名,所属,メール\nT1,練習 太郎,総務課,\nT1,見本 花子,総務課,\n", "utf-8", "3 行目: 職員番号「T1」が 2 行目と重複"),
    "same id in another case": ("職員番号,氏名,所属,メール\nA1001,練習 太郎,総務課,\na1001,見本 花子,総務課,\n", "utf-8",
                                "3 行目: 職員番号「a1001」が 2 行目と重複しています（2 行目は「A1001」。大文字・小文字の違いは同じ人として扱います）"),
    "empty id": ("職員番号,氏名,所属,メール\n,練習 太郎,総務課,\n", "utf-8", "2 行目: 職員番号が空です"),
    "bad id": ("職員番号,氏名,所属,メール\nT 1,練習 太郎,総務課,\n", "utf-8", "使えない文字"),
    "missing column": ("職員番号,氏名,メール\nT1,練習 太郎,\n", "utf-8", "必要な列がありません: 所属"),
    "bad email": ("職員番号,氏名,所属,メール\nT1,練習 太郎,総務課,not-an-address\n", "utf-8", "メール「not-an-address」"),
    "utf-16": ("職員番号,氏名,所属,メール\nT1,練習 太郎,総務課,\n", "utf-16", "UTF-16"),
    "bad city check digit": ("職員番号,氏名,所属,メール,自治体コード\nT1,練習 太郎,総務課,,152130\n", "utf-8",
                             "2 行目: 自治体コード「152130」: 市区町村コード 152130 の検査数字"),
    "city not a code": ("職員番号,氏名,所属,メール,自治体コード\nT1,練習 太郎,総務課,,燕市\n", "utf-8",
                        "2 行目: 自治体コード「燕市」"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_roster_errors_import_nothing(tmp_path, kind):
    text, encoding, fragment = BAD[kind]
    roster = tmp_path / "bad.csv"
    roster.write_bytes(text.encode(encoding))
    with pytest.raises(CurriculumError) as err:
        create_cohort(tmp_path / "course", year=2026, theme="観光振興", start=dt.date(2026, 5, 11), roster=roster,
                      source_root=FIXTURES)
    assert fragment in str(err.value) and "bad.csv" in str(err.value)
    assert not (tmp_path / "course").exists()  # checked before anything was written


def test_undecodable_roster(tmp_path):
    roster = tmp_path / "bin.csv"
    roster.write_bytes(b"\x81\x00\xff\xfe\x80" * 3)
    with pytest.raises(CurriculumError, match="文字コードを判定できません"):
        read_roster(roster)


def test_import_is_one_transaction(tmp_path):
    paths = create_cohort(tmp_path / "course", year=2026, theme="観光振興", start=dt.date(2026, 5, 11),
                          roster=write_roster(tmp_path / "r.csv"), source_root=FIXTURES)
    course = paths["course_dir"]
    with open_gradebook(course) as gb:
        assert sorted(s.id for s in gb.students) == ["t0001", "t0002", "t0003", "t0004", "t0005"]
        assert (gb.find_student("t0001").last_name, gb.find_student("t0001").first_name) == ("練習", "太郎")
        assert [(a.name, a.duedate.isoformat()) for a in sorted(gb.assignments, key=lambda a: a.name)] == [
            ("t01_pandas", "2026-06-01T08:00:00"), ("tourism", "2026-10-28T08:00:00")]
    from curriculum.course.roster import Trainee

    bad = [Trainee("T0100", "練習 一子", "総務課", ""), Trainee("t0100", "重複", "総務課", "")]
    with pytest.raises(Exception):
        import_roster(course, bad)  # the duplicate fails the commit: the first row must be rolled back too
    with open_gradebook(course) as gb:
        assert "t0100" not in {s.id for s in gb.students}
    plan = paths["plan_md"].read_text(encoding="utf-8")
    assert "令和8年度 職員向けデータ分析研修 実施計画（テーマ: 観光振興）" in plan
    assert "| 2026-11-09 | 最終発表会 | 最終発表会（市長・幹部への提言） |" in plan
    assert "follow_up/tourism/" in plan  # the missing follow-up notebook is named in the plan


def test_existing_course_is_not_overwritten(tmp_path):
    kwargs = dict(year=2026, theme="観光振興", start=dt.date(2026, 5, 11), roster=write_roster(tmp_path / "r.csv"),
                  source_root=FIXTURES)
    create_cohort(tmp_path / "course", **kwargs)
    with pytest.raises(CurriculumError, match="すでに使われています"):
        create_cohort(tmp_path / "course", **kwargs)



def test_wide_area_roster_gives_each_trainee_a_city(tmp_path):
    """広域 cohorts: the optional 自治体コード column (5 digits or 6 with check digit; empty = the cohort's city)
    is kept in the course's roster copy and reaches the hub: the cohort's city for everyone, the trainee's own
    city for that trainee's server (pre-spawn hook of the generated jupyterhub_config.py)."""
    import os

    from realdata import REAL_DATA

    from curriculum.course.roster import load_course_roster, trainee_city_codes
    from curriculum.hub.setup import plan_hub, render_hub_config

    if not (REAL_DATA / "ssdse").exists() and not os.environ.get("CI"):
        pytest.skip("the municipality list (SSDSE-A) is not here")
    roster = tmp_path / "r.csv"
    roster.write_bytes("職員番号,氏名,所属,メール,自治体コード\nT0001,練習 太郎,総務課,,\nT0002,見本 花子,三条市 総務課,,152048\n"
                       "T0003,架空 一郎,加茂市 企画課,,15209\n".encode("cp932"))
    course = create_cohort(tmp_path / "course", year=2026, theme="観光振興", start=dt.date(2026, 5, 11), roster=roster,
                           source_root=FIXTURES, city_code="15213")["course_dir"]
    assert [(t.staff_id, t.city_code) for t in load_course_roster(course)] == [
        ("t0001", ""), ("t0002", "15204"), ("t0003", "15209")]
    assert trainee_city_codes(course) == {"t0002": "15204", "t0003": "15209"}
    plan = plan_hub(course, instructors=["sensei"], etc_dir=tmp_path / "etc")
    from traitlets.config import Config

    config = Config()
    exec(compile(render_hub_config(plan), "jupyterhub_config.py", "exec"), {"get_config": lambda: config})
    assert config.Spawner.environment["CURRICULUM_CITY_CODE"] == "15213"
    from jupyterhub.spawner import LocalProcessSpawner

    class User:  # what the hub passes: an object with the user's name
        def __init__(self, name):
            self.name = name

    spawners = {name: LocalProcessSpawner(config=config, user=User(name)) for name in ("t0001", "t0002", "t0003")}
    for spawner in spawners.values():
        config.Spawner.pre_spawn_hook(spawner)
    assert {n: s.environment["CURRICULUM_CITY_CODE"] for n, s in spawners.items()} == {
        "t0001": "15213", "t0002": "15204", "t0003": "15209"}
