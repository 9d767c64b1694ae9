"""curriculum.course.schedule: the cohort calendar (燕市: about six months, weekends moved to Monday) and due times."""

from __future__ import annotations

import datetime as dt

import pytest

from curriculum.course.schedule import JST, basic_due, compute_schedule, due_datetime, follow_up_due
from curriculum.errors import CurriculumError


def test_calendar_of_a_cohort_starting_on_a_monday():
    events = compute_schedule(dt.date(2026, 5, 11), workshops=4)
    assert [e.kind for e in events] == ["集合研修", "集合研修", "課題期限", "ワークショップ", "ワークショップ",
                                        "ワークショップ", "ワークショップ", "中間発表", "課題期限", "最終発表会"]
    assert all(e.date.weekday() < 5 for e in events)
    assert [e.date for e in events] == sorted(e.date for e in events)
    assert (basic_due(events), follow_up_due(events)) == (dt.date(2026, 6, 1), dt.date(2026, 10, 28))
    assert (events[-1].date - events[0].date).days == 182  # about half a year, as in 燕市


def test_a_start_on_saturday_moves_to_monday():
    events = compute_schedule(dt.date(2026, 5, 9), workshops=1)
    assert events[0].date == dt.date(2026, 5, 11) and events[1].date == dt.date(2026, 5, 12)


def test_due_time_is_17_00_japan_time_and_utc_8_00():
    due = due_datetime(dt.date(2026, 6, 1))
    assert due.tzinfo == JST and due.hour == 17
    assert due.astimezone(dt.timezone.utc).replace(tzinfo=None) == dt.datetime(2026, 6, 1, 8, 0)


@pytest.mark.parametrize("kwargs,message", [({"workshops": 0}, "ワークショップの回数 0"),
                                            ({"workshops": 13}, "ワークショップの回数 13"),
                                            ({"months": 2}, "期間 2 か月")])
def test_out_of_range_is_a_clear_error(kwargs, message):
    with pytest.raises(CurriculumError, match=message):
        compute_schedule(dt.date(2026, 5, 11), **kwargs)
