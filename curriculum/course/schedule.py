"""研修日程: a cohort's calendar mirroring 燕市's program (集合研修 → ベーシック課題 → ワークショップ × N → 中間発表 → 最終発表会).

燕市 runs ベーシック編 (basic method, for everyone) and then フォローアップ編 (volunteers from the basic
course tackle the year's theme), "about half a year" from the first session to the final presentation.
Dates here are proposals HR can edit in the plan; events that fall on a weekend move to Monday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from curriculum.errors import CurriculumError

DUE_TIME = dt.time(17, 0)
JST = dt.timezone(dt.timedelta(hours=9), "JST")


@dataclass(frozen=True)
class Event:
    """日程の 1 行: kind (集合研修, 課題期限, ワークショップ, 中間発表, 最終発表会), date, label."""

    kind: str
    date: dt.date
    label: str


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def compute_schedule(start: dt.date, *, workshops: int = 4, months: int = 6) -> list[Event]:
    """日程を作る: the cohort calendar from the first 集合研修 day.

    Parameters
    ----------
    start : datetime.date
        First day of the 集合研修 (ベーシック編, two days).
    workshops : int
        Number of フォローアップ編 workshops (1-12).
    months : int
        Months from the first day to the 最終発表会 (燕市: about six).

    Examples
    --------
    >>> for e in compute_schedule(dt.date(2026, 5, 11), workshops=2):
    ...     print(e.date, e.kind, e.label)
    2026-05-11 集合研修 ベーシック編 集合研修 1日目
    2026-05-12 集合研修 ベーシック編 集合研修 2日目
    2026-06-01 課題期限 ベーシック課題の提出期限
    2026-06-15 ワークショップ フォローアップ編 ワークショップ 1（テーマ説明・問いとグループ決め）
    2026-08-04 ワークショップ フォローアップ編 ワークショップ 2
    2026-09-23 中間発表 中間発表（分析の方向と途中結果）
    2026-10-28 課題期限 フォローアップ課題の提出期限
    2026-11-09 最終発表会 最終発表会（市長・幹部への提言）
    """
    if not 1 <= workshops <= 12:
        raise CurriculumError(f"ワークショップの回数 {workshops} は 1〜12 にしてください", "workshops must be 1-12",
                              fix="--workshops 4 のように指定してください")
    if not 3 <= months <= 12:
        raise CurriculumError(f"期間 {months} か月は 3〜12 にしてください", "months must be 3-12", fix="--months 6 のように指定してください")
    final = _weekday(start + dt.timedelta(days=round(months * 30.4)))
    events = [Event("集合研修", _weekday(start), "ベーシック編 集合研修 1日目"),
              Event("集合研修", _weekday(_weekday(start) + dt.timedelta(days=1)), "ベーシック編 集合研修 2日目")]
    basic_due = _weekday(start + dt.timedelta(days=21))
    events.append(Event("課題期限", basic_due, "ベーシック課題の提出期限"))
    first_ws = _weekday(basic_due + dt.timedelta(days=14))
    midterm = _weekday(final - dt.timedelta(days=47))
    step = (midterm - first_ws) / workshops
    for k in range(workshops):
        label = "フォローアップ編 ワークショップ " + str(k + 1) + ("（テーマ説明・問いとグループ決め）" if k == 0 else "")
        events.append(Event("ワークショップ", _weekday(first_ws + step * k), label))
    events.append(Event("中間発表", midterm, "中間発表（分析の方向と途中結果）"))
    events.append(Event("課題期限", _weekday(final - dt.timedelta(days=12)), "フォローアップ課題の提出期限"))
    events.append(Event("最終発表会", final, "最終発表会（市長・幹部への提言）"))
    return events


def due_datetime(day: dt.date) -> dt.datetime:
    """提出期限の日時: 17:00 JST on that day, as a timezone-aware datetime (nbgrader stores UTC).

    >>> due_datetime(dt.date(2026, 6, 1)).isoformat()
    '2026-06-01T17:00:00+09:00'
    """
    return dt.datetime.combine(day, DUE_TIME, tzinfo=JST)


def basic_due(events: list[Event]) -> dt.date:
    """ベーシック課題の期限日."""
    return next(e.date for e in events if e.label.startswith("ベーシック課題"))


def follow_up_due(events: list[Event]) -> dt.date:
    """フォローアップ課題の期限日."""
    return next(e.date for e in events if e.label.startswith("フォローアップ課題"))
