"""The daily brief's first section, Today (今日工作), and the notes under items: frozen time.

The clock stands at Wednesday 25 Nov 2026 10:00 in Shanghai. Today holds what
is due today, the Do now quadrant and what was snoozed but falls due today,
each with who has it; no item is in two of Today, In progress, Overdue and
Waiting, and Planned leaves out what Today shows.
"""

from __future__ import annotations

import datetime
import re

import pytest

from chief.store import i18n
from chief.store.domain.config import Settings
from chief.store.reports.brief import daily_brief
from test_reports import TEAM, at, board_of, interrupt, rec

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture
def zh():
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def section(text: str, heading: str) -> list[str]:
    """The lines of the section whose heading starts with ``heading`` (up to the next heading)."""
    found = re.search(rf"^## {re.escape(heading)}.*?\n\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert found, f"no section {heading!r} in:\n{text}"
    return [line for line in found.group(1).splitlines() if line]


def day_board(**extra):
    return board_of({
        "T1": rec("下午三点前报送值班表", due=at("2026-11-25 15:00"), assignee="M1"),
        "T2": rec("Book the meeting room", due="2026-11-25"),
        "T3": rec("局长讲话稿", important=True, urgent=True),  # Do now, no due
        "T4": rec("Snoozed but due today", due=at("2026-11-25 17:00"), snoozed_until=at("2026-11-25 16:00"), assignee="M2",
                  deferrals=3),
        "T5": rec("Do now, due next week", important=True, urgent=True, due="2026-12-02"),
        "T6": rec("Due tomorrow", due="2026-11-26"),
        "T7": rec("Late already", important=True, due=at("2026-11-25 09:00"), deferrals=1),
        "T8": rec("Waits on 主任, due today", status="waiting", waiting_on="主任", due=at("2026-11-25 18:00"),
                  waiting_since=at("2026-11-24 09:00")),
        "T9": rec("Do now and due tomorrow", important=True, urgent=True, due=at("2026-11-26 09:00"), status="doing"),
        "B1": interrupt("Visitor at the gate", "2026-11-25 09:45"),  # in the queue: the interrupts say it
        **extra,
    }, TEAM)


TODAY = [  # soonest due first (a whole day is due at its end)
    "- 下午三点前报送值班表 (due 15:00, @张伟)",
    "- Snoozed but due today (snoozed until 16:00, due 17:00, @Li Na, snoozed 3x)",
    "- Book the meeting room (due today)",
    "- Do now and due tomorrow (doing, due Thu 26 Nov 09:00)",
    "- Do now, due next week (due Wed 2 Dec)",
    "- 局长讲话稿",
]


def test_today_comes_first_and_holds_the_days_own_work():
    text = daily_brief(day_board())
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Today (6)"
    assert section(text, "Today") == TODAY


def test_no_item_is_in_two_of_today_in_progress_overdue_and_waiting():
    text = daily_brief(day_board())
    assert section(text, "Overdue") == ["- Late already (due Wed 25 Nov 09:00 (1h overdue), snoozed 1x)"]
    assert section(text, "Waiting on a decision") == [
        "- Waits on 主任, due today (on 主任 since Tue 24 Nov 09:00, 1d 1h so far, due 18:00)"]
    assert section(text, "In progress") == ["_none_"]
    assert section(text, "Planned for") == ["- Due tomorrow (all day)"]  # not "Do now and due tomorrow": Today has it
    listed = [line for name in ("Today", "In progress", "Overdue", "Waiting on a decision", "Planned for")
              for line in section(text, name) if line.startswith("- ")]
    titles = [re.sub(r" \(.*", "", line[2:]) for line in listed]
    assert len(titles) == len(set(titles)) == 9


def test_an_interrupt_being_handled_is_today_and_in_the_days_interrupts():
    board = day_board(B2=interrupt("机要室：密电需立即签收", "2026-11-25 09:00", "2026-11-25 09:05", important=True))
    text = daily_brief(board)
    assert "- 机要室：密电需立即签收 (doing)" in section(text, "Today")
    assert any(line.startswith("- 机要室：密电需立即签收 (arrived 09:00") for line in section(text, "Interrupts"))
    assert not any("Visitor at the gate" in line for line in section(text, "Today"))


def test_a_brief_of_another_day_lists_what_is_due_that_day():
    text = daily_brief(day_board(), datetime.date(2026, 11, 26))
    assert section(text, "Due Thu 26 Nov") == ["- Do now and due tomorrow (doing, due 09:00)", "- Due tomorrow (all day)"]


def test_an_empty_today_says_so():
    assert section(daily_brief(board_of([])), "Today (0)") == ["_nothing due_"]


def test_the_first_line_of_the_notes_is_a_sub_line():
    board = board_of({
        "N1": rec("局长讲话稿", important=True, urgent=True, notes="\n  第三稿，待主任审定  \n第二行不显示"),
        "N2": rec("Reply to Finance", due="2026-11-24", notes="- [x](http://e.com) *they* asked <b>twice</b>"),
        "N3": rec("Long notes", assignee="M1", notes="长" * 300),
        "N4": rec("No notes", important=True, urgent=True, notes="  \n "),
    }, TEAM)
    text = daily_brief(board)
    assert section(text, "Today") == ["- 局长讲话稿", "  - 第三稿，待主任审定", "- No notes"]
    assert section(text, "Overdue") == [
        "- Reply to Finance (due Tue 24 Nov (1d overdue))",
        r"  - \- \[x\](http://e.com) \*they\* asked \<b\>twice\</b\>",
    ]
    assert section(text, "In progress") == ["- Long notes (@张伟)", "  - " + "长" * 120 + "…"]
    assert "第二行不显示" not in text


def test_the_notes_of_a_private_category_never_reach_the_brief():
    settings = Settings(private_categories=("confidential",))
    board = board_of({
        "P1": rec("机要件", important=True, urgent=True, category="Confidential", notes="密码在保险柜第二格"),
        "P2": rec("Visit", important=True, urgent=True, category="reception", notes="car at 9"),
    }, TEAM, settings=settings)
    text = daily_brief(board)
    assert "密码" not in text
    assert section(text, "Today") == ["- 机要件 (Confidential)", "- Visit (reception)", "  - car at 9"]


def test_today_in_chinese(zh):
    text = daily_brief(day_board())
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## 一、今日工作（6项）"
    assert headings[1].startswith("## 二、今日已办结")
    today = section(text, "一、今日工作")
    assert today[0] == "- 下午三点前报送值班表（时限：15:00，@张伟）"
    assert today[1] == "- Snoozed but due today（稍后提醒至 16:00，时限：17:00，@Li Na，稍后提醒3次）"
    assert today[2] == "- Book the meeting room（时限：今天）"
    other = daily_brief(day_board(), datetime.date(2026, 11, 26))
    assert "## 一、11月26日 周四到期（2项）" in other
