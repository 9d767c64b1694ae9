"""The progress dashboard: people (not trainee × assignment rows) per 所属, late work, waiting trainees."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from coursefixture import AID, copy_course

from curriculum.course.dashboard import write_dashboard
from curriculum.course.manual import set_manual_score
from curriculum.course.report import write_reports


class Tables(HTMLParser):
    """Every <table> of a page as a list of rows of cell texts (the stdlib is enough; no lxml)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def table_after(page: str, heading: str) -> list[dict]:
    """The first table after an <h2> heading, as records."""
    parser = Tables()
    parser.feed(page[page.index(f"<h2>{heading}"):])
    head, *rows = parser.tables[0]
    return [dict(zip(head, row)) for row in rows]


def test_department_counts_people_not_rows(graded_course, tmp_path):
    page = write_dashboard(graded_course, tmp_path / "d.html").read_text(encoding="utf-8")
    rows = {r["所属"]: r for r in table_after(page, "所属別")}
    # 総務課 t0001 t0003, 企画財政課 t0002 alone, 健康福祉課 t0004 t0005; two assignments each
    assert {k: r["対象"] for k, r in rows.items()} == {"総務課": "2", "企画財政課": "1", "健康福祉課": "2"}
    assert {k: r["提出"] for k, r in rows.items()} == {"総務課": "3", "企画財政課": "2", "健康福祉課": "3"}
    assert {k: r["提出率"] for k, r in rows.items()} == {"総務課": "75.0", "企画財政課": "100.0", "健康福祉課": "75.0"}
    by_assignment = {r["課題"]: r["対象"] for r in table_after(page, "課題別")}
    assert by_assignment == {AID: "5", "elderly_transit": "5"}


def test_dashboard_summary_late_and_waiting(graded_course, tmp_path):
    course = copy_course(graded_course, tmp_path / "course")
    set_manual_score(course, AID, "t0001", AID, "q3_answer", 2.0)
    set_manual_score(course, AID, "t0005", AID, "q3_answer", 1.0)
    paths = write_reports(course, tmp_path / "out", issued=dt.date(2026, 11, 9))
    page = paths["dashboard"].read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 2
    assert "受講者 5 名、修了 2 名（全課題を提出・採点済みで得点率 60% 以上）、判定保留 3 名、提出遅れ 1 件" in page
    late = table_after(page, "提出遅れと期限の延長")
    assert [(r["職員番号"], r["課題"], r["遅延"], r["延長期限"]) for r in late] == [("t0005", AID, "遅れ", "")]
    waiting = table_after(page, "修了判定の保留")
    assert [(r["職員番号"], r["待ち"]) for r in waiting] == [
        ("t0002", f"採点待ち: {AID}（講師の採点）"), ("t0003", "未提出: elderly_transit"), ("t0004", "未提出: elderly_transit")]
