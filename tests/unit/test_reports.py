"""Interrupt statistics, the daily brief and the weekly review: exact figures, frozen time.

The clock is frozen at Wednesday 25 Nov 2026 10:00 in Asia/Shanghai, so "today"
is 25 Nov and "this week" is Monday 23 Nov 00:00 to Monday 30 Nov 00:00. Most
tests build a board from records written by hand (every timestamp chosen);
the command-line tests make the file through the desk, as a user would.
"""

from __future__ import annotations

import datetime
import json
import os
import stat

import pendulum
import pytest
from markdown_it import MarkdownIt

from conftest import FROZEN_TZ
from chief.store.domain import wallclock
from chief.store.domain.board import Board
from chief.store.reports.brief import brief_dir, daily_brief, md, parse_day, write_brief
from chief.store.reports.chart import bar, duration_words, hour_chart, pad, plain
from chief.store.domain.config import Settings
from chief.store.desk import Desk
from chief.store.reports.review import quadrant_when_done, review_lines, weekly_review
from chief.store.reports.stats import (
    day_period,
    interrupt_stats,
    needs_archive,
    stats_lines,
    this_week,
    today,
)
from chief.store.exchange.output_files import OutputNotWritten
from chief.store.domain.when import WhenError

pytestmark = pytest.mark.usefixtures("frozen_time")

HOSTILE = "# 标题 | a\nb [x](http://e.com) <b>y</b> *z* `c` ~s~ _u_ &amp; \\"
HOSTILE_MD = r"\# 标题 \| a b \[x\](http://e.com) \<b\>y\</b\> \*z\* \`c\` \~s\~ \_u\_ \&amp; \\"


def at(local: str) -> str:
    """'2026-11-25 08:10' in the frozen zone, as the UTC stamp the file stores."""
    return wallclock.utc_stamp(pendulum.parse(local, tz=FROZEN_TZ))


def rec(title: str, **fields) -> dict:
    record = {"title": title, "kind": "task", "status": "open", "created": at("2026-11-20 09:00"), "updated": at("2026-11-20 09:00")}
    record.update(fields)
    return record


def interrupt(title: str, came: str, taken: str | None = None, closed: str | None = None, **fields) -> dict:
    status = fields.pop("status", "done" if closed else "doing" if taken else "open")
    return rec(title, kind="interrupt", status=status, urgent=True, created=at(came),
               taken_at=at(taken) if taken else None, done_at=at(closed) if closed else None, **fields)


def board_of(items: list[dict] | dict[str, dict], team: dict[str, dict] | None = None, settings: Settings | None = None) -> Board:
    table = items if isinstance(items, dict) else {f"I{n:02d}": r for n, r in enumerate(items)}
    return Board.from_data({"items": table, "team": team or {}}, settings or Settings(), wallclock.now())


# interrupts, measured ------------------------------------------------------------


def stats_board() -> Board:
    return board_of([
        interrupt("机房报警", "2026-11-25 08:10", "2026-11-25 08:15", "2026-11-25 08:40", source="保卫科"),
        interrupt("副局长要求提交情况说明", "2026-11-25 08:50", "2026-11-25 09:10", source="副局长"),
        interrupt("Visitor at the gate", "2026-11-25 09:05"),
        interrupt("停电通知", "2026-11-25 09:30", "2026-11-25 09:31", "2026-11-25 09:50", source="保卫科", status="dropped"),
        interrupt("Printer on fire", "2026-11-24 17:00", "2026-11-24 17:10", "2026-11-25 09:00", source="Li Na"),
        interrupt("Last week's alarm", "2026-11-22 23:30", "2026-11-22 23:40", "2026-11-23 00:30", source="保卫科"),
        rec("not an interrupt", created=at("2026-11-25 08:00")),
    ])


def test_stats_today_counts_the_interrupts_that_arrived_today():
    board = stats_board()
    stats = interrupt_stats(board, today(board.now))
    assert (stats.arrived, stats.taken, stats.resolved, stats.waiting) == (4, 3, 2, 1)
    assert stats.median_take_s == 300.0  # 5m, 20m, 1m
    assert stats.median_resolve_s == 1500.0  # 30m and 20m (a dropped interrupt is resolved too)
    assert stats.by_source == (("保卫科", 2), ("副局长", 1), (None, 1))
    assert stats.by_hour[8] == 2 and stats.by_hour[9] == 2 and sum(stats.by_hour) == 4


def test_stats_this_week_is_monday_to_sunday():
    board = stats_board()
    stats = interrupt_stats(board, this_week(board.now))
    assert stats.period.label == "Mon 23 - Sun 29 Nov 2026"
    assert (stats.arrived, stats.taken, stats.resolved, stats.waiting) == (5, 4, 3, 1)
    assert stats.median_take_s == 450.0  # 1m, 5m, 10m, 20m: the mean of the middle two
    assert stats.median_resolve_s == 1800.0  # 20m, 30m, 16h
    assert stats.by_source == (("保卫科", 2), ("Li Na", 1), ("副局长", 1), (None, 1))
    assert [h for h, n in enumerate(stats.by_hour) if n] == [8, 9, 17]
    assert stats.hours(Settings()) == list(range(8, 18))  # the working day, widened to 08:00


def test_stats_as_json_and_empty():
    board = stats_board()
    found = interrupt_stats(board, today(board.now)).to_json()
    assert found["start"] == "2026-11-25T00:00:00+08:00" and found["end"] == "2026-11-26T00:00:00+08:00"
    assert found["by_source"][0] == {"source": "保卫科", "count": 2}
    empty = interrupt_stats(board_of([]), today(board.now))
    assert (empty.arrived, empty.median_take_s, empty.median_resolve_s, empty.by_source) == (0, None, None, ())
    assert "median time to take -  ·  to resolve -" in plain(stats_lines(empty, Settings()))


def test_a_time_before_the_arrival_counts_as_zero():
    """Two machines' clocks apart: taken 'before' it arrived."""
    board = board_of([interrupt("skewed", "2026-11-25 09:00", "2026-11-25 08:59", "2026-11-25 08:58")])
    stats = interrupt_stats(board, today(board.now))
    assert (stats.median_take_s, stats.median_resolve_s) == (0.0, 0.0)


def test_archived_interrupts_can_be_added_and_the_board_copy_wins():
    board = stats_board()
    from chief.store.domain.model import Item

    archived = [
        Item.from_record("OLD", interrupt("archived one", "2026-11-25 07:00", "2026-11-25 07:02", "2026-11-25 07:30")),
        Item.from_record("I00", interrupt("stale copy", "2026-11-25 06:00")),  # the board has I00: ignored
    ]
    stats = interrupt_stats(board, today(board.now), archived)
    assert stats.arrived == 5 and stats.by_hour[7] == 1 and stats.by_hour[6] == 0
    assert not needs_archive(this_week(board.now), Settings(), board.now)
    assert needs_archive(this_week(board.now), Settings(archive_after_days=1), board.now)


def test_periods_follow_local_days_and_clock_changes():
    berlin = pendulum.datetime(2026, 3, 29, 12, tz="Europe/Berlin")  # clocks go forward at 02:00
    day = today(berlin)
    assert (day.end - day.start).in_hours() == 23
    sunday = pendulum.datetime(2026, 11, 29, 23, 59, tz=FROZEN_TZ)
    assert this_week(sunday).start == pendulum.datetime(2026, 11, 23, tz=FROZEN_TZ)
    monday = pendulum.datetime(2026, 11, 30, 0, 0, tz=FROZEN_TZ)
    assert this_week(monday).start == monday
    assert day_period(datetime.date(2026, 11, 20), FROZEN_TZ).label == "Fri 20 Nov 2026"


def test_bars_are_drawn_in_eighths():
    assert bar(0, 5, 10) == ""
    assert bar(5, 5, 10) == "█" * 10
    assert bar(1, 8, 1) == "▏"
    assert bar(1, 1000, 10) == "▏"  # one is never drawn as none
    assert bar(3, 4, 3) == "██▎"  # 2.25 cells


def test_hour_chart_is_scaled_to_the_width():
    by_hour = [0] * 24
    by_hour[8], by_hour[9] = 2, 1
    lines = hour_chart(by_hour, [8, 9, 10], 20)
    assert plain(lines).splitlines() == [
        "08 " + "█" * 15 + " 2",
        "09 " + "█" * 7 + "▌" + " " * 7 + " 1",
        "10 " + " " * 15 + " 0",
    ]
    assert all(len(line) == 20 for line in plain(lines).splitlines())
    assert dict(lines[0])["08 "] == "muted" and lines[0][1] == ("█" * 15, "bar")


def test_durations_and_padding_in_words():
    assert [duration_words(s) for s in (None, 0, 59, 60, 3900, 7200, 93600, 172800)] == [
        "-", "0s", "59s", "1m", "1h 05m", "2h", "1d 2h", "2d"]
    assert pad("保卫科", 8) == "保卫科  " and pad("保卫科保卫科", 8) == "保卫科… "


def test_stats_report_as_text():
    board = stats_board()
    text = plain(stats_lines(interrupt_stats(board, today(board.now)), board.settings, 40))
    assert text.splitlines()[:3] == [
        "Interrupts today, Wed 25 Nov 2026",
        "arrived 4  ·  taken 3  ·  resolved 2  ·  waiting 1",
        "median time to take 5m  ·  to resolve 25m",
    ]
    assert "08 " + "█" * 35 + " 2" in text
    assert text.endswith("By source\n保卫科      2\n副局长      1\n(not said)  1")


# the daily brief -------------------------------------------------------------------

TEAM = {
    "M1": {"name": "张伟", "capacity": 1800},
    "M2": {"name": "Li Na", "capacity": 2400},
    "M3": {"name": "王|芳", "capacity": 1200, "away": True},
}


def brief_board() -> Board:
    return board_of({
        "A1": rec("起草年度工作总结报告", status="done", done_at=at("2026-11-25 09:30"), assignee="M1", category="documents"),
        "A2": rec("Order toner", status="dropped", done_at=at("2026-11-25 08:00")),
        "A3": rec("Done yesterday", status="done", done_at=at("2026-11-24 17:00")),
        "A4": rec("准备局长来访材料", status="doing", due=at("2026-11-26 09:00")),
        "A5": rec("通知各科室参加安全检查", assignee="M2"),
        "A6": rec("Reply to Finance", due="2026-11-24", important=True),
        "A7": rec("差旅费报销标准", status="waiting", waiting_on="主任", waiting_since=at("2026-11-23 14:00"),
                  follow_up=at("2026-11-27 09:00")),
        "A8": rec(HOSTILE, assignee="M1"),
        "B1": interrupt("机房报警", "2026-11-25 08:10", "2026-11-25 08:15", "2026-11-25 08:40", source="保卫科"),
        "B2": interrupt("副局长要求提交情况说明", "2026-11-25 09:00", "2026-11-25 09:20", source="副局长", important=True),
        "B3": interrupt("Visitor at the gate", "2026-11-25 09:45"),
        "A9": rec("明天的会议室预订", due="2026-11-26", category="logistics"),
        "AA": rec("snoozed, delegated", assignee="M2", snoozed_until=at("2026-11-27 09:00")),
    }, TEAM)


BRIEF = f"""\
# Daily brief: Wednesday 25 November 2026

Written Wed 25 Nov 2026 10:00 (Asia/Shanghai). Done and interrupts are for the day; the other sections are the state at the time of writing.

## Today (1)

- 副局长要求提交情况说明 (doing)

## Done (2), and 1 dropped

- 机房报警 (interrupt, done 08:40)
- 起草年度工作总结报告 (@张伟, documents, done 09:30)

## In progress (3)

- 准备局长来访材料 (doing, due Thu 26 Nov 09:00)
- 通知各科室参加安全检查 (@Li Na)
- {HOSTILE_MD} (@张伟)

## Overdue (1)

- Reply to Finance (due Tue 24 Nov (1d overdue))

## Waiting on a decision (1)

- 差旅费报销标准 (on 主任 since Mon 23 Nov 14:00, 1d 20h so far, follow up Fri 27 Nov 09:00)

## Interrupts (3 arrived, 1 resolved, 1 not taken yet)

Of those that arrived: median time to take 12m, to resolve 30m.

- 机房报警 (from 保卫科, arrived 08:10, taken 08:15, resolved 08:40)
- 副局长要求提交情况说明 (from 副局长, arrived 09:00, taken 09:20, being handled)
- Visitor at the gate (arrived 09:45, not taken yet)

## Team load

| member | load | open | overdue | waiting |
|---|---:|---:|---:|---:|
| Li Na | 2% | 2 | 0 | 0 |
| 张伟 | 2% | 1 | 0 | 0 |
| 王\\|芳 (away) | 0% | 0 | 0 | 0 |

## Planned for Thu 26 Nov (2)

- 准备局长来访材料 (09:00)
- 明天的会议室预订 (all day, logistics)
"""


def test_the_brief_for_today():
    assert daily_brief(brief_board()) == BRIEF


def test_a_hostile_title_cannot_break_the_brief():
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(daily_brief(brief_board()))
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    assert headings == ["h1"] + ["h2"] * 8
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not kinds & {"link_open", "html_inline", "html_block", "code_inline", "em_open", "strong_open", "s_open",
                        "hr", "blockquote_open", "ordered_list_open", "code_block", "fence"}
    assert [t.type for t in tokens].count("table_open") == 1
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 4  # the header and three members: the '|' in 王|芳 stayed in its cell
    inline = [t.content for t in tokens if t.type == "inline"]
    rendered = MarkdownIt("commonmark").renderInline(HOSTILE_MD)
    assert "<" not in rendered.replace("&lt;", "") and "http://e.com" in rendered
    assert any(HOSTILE_MD in line for line in inline)


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("- not a list", r"\- not a list"),
        ("1. not ordered", r"1\. not ordered"),
        ("> not a quote", r"\> not a quote"),
        ("+ plus", r"\+ plus"),
        ("---", r"\---"),
        ("line\u2028break\ttab\x1b[2J", r"line break tab\\x1b\[2J"),
        ("  padded  ", "padded"),
        ("普通的标题", "普通的标题"),
    ],
)
def test_markdown_escape(text, escaped):
    assert md(text) == escaped


def test_a_huge_title_is_cut():
    assert md("长" * 10_000) == "长" * 500 + "…"


def test_the_brief_for_yesterday_lists_what_was_done_that_day():
    text = daily_brief(brief_board(), datetime.date(2026, 11, 24))
    assert text.startswith("# Daily brief: Tuesday 24 November 2026\n")
    assert "## Done (1)\n\n- Done yesterday (done 17:00)\n" in text
    assert "## Interrupts (0 arrived, 0 resolved)\n\n_none_\n" in text
    assert "## Planned for Wed 25 Nov (0)\n\n_nothing due_\n" in text


def test_an_empty_brief_has_every_section():
    text = daily_brief(board_of([]))
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# Daily brief: Wednesday 25 November 2026", "## Today (0)", "## Done (0)", "## In progress (0)", "## Overdue (0)",
        "## Waiting on a decision (0)", "## Interrupts (0 arrived, 0 resolved)", "## Team load",
        "## Planned for Thu 26 Nov (0)",
    ]
    assert "_no team members_" in text


def test_an_overdue_item_that_waits_is_listed_once_and_says_on_whom():
    board = board_of([rec("逾期待批", status="waiting", waiting_on="主任", due="2026-11-23")])
    text = daily_brief(board)
    assert "- 逾期待批 (due Mon 23 Nov (2d overdue), waiting on 主任)" in text
    assert text.count("逾期待批") == 1


@pytest.mark.parametrize(
    "text, day",
    [("yesterday", "2026-11-24"), ("Yesterday", "2026-11-24"), ("today", "2026-11-25"), ("2026-11-20", "2026-11-20"),
     ("tomorrow 9:00", "2026-11-26"), ("fri", "2026-11-27")],
)
def test_brief_dates_are_read_with_the_when_grammar(text, day):
    assert parse_day(text, wallclock.now()).isoformat() == day


def test_a_bad_brief_date_is_a_when_error():
    with pytest.raises(WhenError):
        parse_day("the day before", wallclock.now())


def test_write_brief_beside_the_data_file(desk, data_file):
    desk.capture("* 起草年度工作总结报告 ^fri")
    path = write_brief(desk)
    assert path == data_file.parent / "briefs" / "brief-2026-11-25.md" == brief_dir(data_file) / "brief-2026-11-25.md"
    assert path.read_text(encoding="utf-8") == daily_brief(desk.board())
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # as private as the data file it comes from
    again = write_brief(desk, data_file.parent / "elsewhere", datetime.date(2026, 11, 24))
    assert again == data_file.parent / "elsewhere" / "brief-2026-11-24.md" and again.exists()
    assert sorted(p.name for p in path.parent.iterdir()) == ["brief-2026-11-25.md"]  # no temp file left


def test_write_brief_where_it_cannot_says_so_in_one_line(desk, tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputNotWritten, match="cannot make the folder") as caught:
        write_brief(desk, blocker / "briefs")
    assert "\n" not in str(caught.value)


# the weekly review -------------------------------------------------------------------


def review_board(**settings) -> Board:
    return board_of({
        # done this week, each sitting in a different quadrant when it was done
        "D1": rec("起草年度工作总结报告", status="done", important=True, due=at("2026-11-24 18:00"),
                  done_at=at("2026-11-24 09:00"), assignee="M1", effort=180),  # due that day: Do now
        "D2": rec("修订接待规范", status="done", important=True, due="2026-12-10", done_at=at("2026-11-23 15:00"),
                  assignee="M1", effort=240),  # far off: Schedule
        "D3": interrupt("Server room alarm", "2026-11-25 08:00", "2026-11-25 08:05", "2026-11-25 08:30"),  # Delegate
        "D4": rec("Order toner", status="done", done_at=at("2026-11-25 09:00"), assignee="M2"),  # Later, 30m default
        "D5": rec("Reply to Finance", status="done", important=True, due=at("2026-11-23 12:00"),
                  done_at=at("2026-11-24 03:00"), effort=60),  # done 15h late: Do now, and slipped
        "X1": rec("done last week", status="done", done_at=at("2026-11-22 20:00"), assignee="M2"),
        "X2": rec("dropped this week", status="dropped", done_at=at("2026-11-24 10:00")),
        # open
        "O1": rec("审核保密文件归档清单", due="2026-11-24", category="confidential", assignee="M2"),  # slipped
        "O2": rec("Call back Mr. Zhou", due=at("2026-11-25 09:00")),  # slipped: an hour ago
        "O3": rec("Due this evening", due=at("2026-11-25 18:00")),  # not yet
        "O4": rec("Overdue since last week", due="2026-11-20"),
        "P1": rec("Draft the holiday duty roster", deferrals=5),
        "P2": rec("整理上月会议纪要", deferrals=3, assignee="M1"),
        "P3": rec("put off twice", deferrals=2),
        "P4": rec("put off but done", deferrals=4, status="done", done_at=at("2026-11-20 10:00")),
    }, TEAM, Settings(**settings))


def test_review_done_and_slipped():
    review = weekly_review(review_board())
    assert [i.id for i in review.done] == ["D2", "D5", "D1", "D3", "D4"]
    assert review.dropped == 1
    assert [(s.item.id, s.done, round(s.late_s)) for s in review.slipped] == [
        ("D5", True, 15 * 3600),
        ("O1", False, 10 * 3600),  # the whole day of 24 Nov ended at midnight
        ("O2", False, 3600),
    ]
    assert review.overdue_before == 1


def test_review_quadrant_mix_is_where_each_item_sat_when_done():
    review = weekly_review(review_board())
    assert review.quadrant_of_done == {"D2": 2, "D5": 1, "D1": 1, "D3": 3, "D4": 4}
    assert [(s.quadrant, s.count, s.effort) for s in review.mix] == [(1, 2, 240), (2, 1, 240), (3, 1, 30), (4, 1, 30)]
    assert review.share(2) == (0.2, 240 / 540)


def test_urgency_when_done_uses_the_horizon_at_that_moment():
    board = review_board()
    item = board.items["D2"]  # due 10 Dec
    assert quadrant_when_done(item, pendulum.datetime(2026, 12, 8, 12, tz=FROZEN_TZ), 1) == 2
    assert quadrant_when_done(item, pendulum.datetime(2026, 12, 9, 12, tz=FROZEN_TZ), 1) == 1  # due tomorrow then
    assert quadrant_when_done(item, pendulum.datetime(2026, 12, 8, 12, tz=FROZEN_TZ), 2) == 1  # a wider horizon


def test_review_throughput_lists_every_member():
    review = weekly_review(review_board())
    assert [(t.name, t.done, t.away) for t in review.throughput] == [
        ("张伟", 2, False), ("me (the chief)", 2, False), ("Li Na", 1, False), ("王|芳", 0, True)]


def test_review_put_off_three_or_more_times():
    assert [i.id for i in weekly_review(review_board()).put_off] == ["P1", "P2"]


def test_review_as_text_masks_titles_when_asked():
    board = review_board()
    review = weekly_review(board)
    text = plain(review_lines(review, board, 80))
    lines = text.splitlines()
    assert lines[0] == "Weekly review, Mon 23 - Sun 29 Nov 2026  as of Wed 25 Nov 10:00"
    assert "  Mon 23 15:00  Schedule  @张伟      修订接待规范" in lines  # a Chinese name padded by cells
    assert "  due Tue 24 Nov       open, 1d overdue     @Li Na     审核保密文件归档清单" in lines
    assert "  due Mon 23 Nov 12:00 done 15h late" + " " * 19 + "Reply to Finance" in lines
    assert "  and 1 still overdue from before this week" in lines
    assert "  2 Schedule  " + "█" * 15 + " " * 18 + "1   20%       4h" in lines
    assert lines[lines.index("  Schedule, the important and not urgent:") + 1] == (
        "    1 of 5 done items (20%), 4h of 9h estimated effort (44%)")  # two lines at 80 columns, one when wide
    wide = plain(review_lines(review, board, 120)).splitlines()
    assert "  Schedule, the important and not urgent: 1 of 5 done items (20%), 4h of 9h estimated effort (44%)" in wide
    assert "  王|芳 (away)" + " " * 36 + "  0" in lines
    assert "   5x             Draft the holiday duty roster" in lines
    masked = plain(review_lines(review, board, 80, title=lambda i: "▒▒" if i.category == "confidential" else i.title))
    assert "审核保密文件归档清单" not in masked and "open, 1d overdue     @Li Na     ▒▒" in masked


def test_review_json():
    board = review_board()
    found = weekly_review(board).to_json(board)
    assert found["week_start"] == "2026-11-23T00:00:00+08:00"
    assert found["quadrant_mix"][1] == {"quadrant": 2, "name": "Schedule", "done": 1, "effort_minutes": 240}
    assert found["slipped"][0] == {"id": "D5", "title": "Reply to Finance", "assignee": None, "due": at("2026-11-23 12:00"),
                                   "deadline": "2026-11-23T12:00:00+08:00", "late_seconds": 54000, "done": True}
    assert found["throughput"][0] == {"member": "张伟", "member_id": "M1", "done": 2}
    json.dumps(found)  # plain data


# the command line ------------------------------------------------------------------


@pytest.fixture
def office(desk):
    """A file made through the desk: a team, interrupts with their times, a hostile title."""
    desk.team_add("张伟", capacity_hours=30)
    came = [("机房报警 from:保卫科", "2026-11-25 08:10", "2026-11-25 08:15", "2026-11-25 08:40"),
            ("副局长要求提交情况说明 from:副局长", "2026-11-25 09:00", "2026-11-25 09:20", None),
            ("Printer on fire from:保卫科", "2026-11-24 17:00", "2026-11-24 17:10", "2026-11-24 18:00")]
    for text, created, taken, closed in came:
        item, _ = desk.capture(text, kind="interrupt")
        fields = {"created": at(created), "taken_at": at(taken), "status": "done" if closed else "doing"}
        if closed:
            fields["done_at"] = at(closed)
        desk.edit(item.id, fields)
    done, _ = desk.capture("* 起草年度工作总结报告 @张伟 ^fri")
    desk.done(done.id)
    hostile, _ = desk.capture("placeholder")
    desk.edit(hostile.id, {"title": HOSTILE, "status": "open", "assignee": done.assignee})
    return desk


def test_cli_stats(run_main, office):
    result = run_main("stats", check=True)
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Interrupts today, Wed 25 Nov 2026",
        "arrived 2  ·  taken 2  ·  resolved 1  ·  waiting 0",
        "median time to take 12m  ·  to resolve 30m",
    ]
    assert "By source" in lines and "保卫科    1" in lines and "副局长    1" in lines
    assert lines[-1] == ("This week so far (Mon 23 - Sun 29 Nov 2026): 3 arrived, median time to take 10m, "
                         "to resolve 45m (chief stats --week)")
    assert result.stderr == ""


def test_cli_stats_week_json(run_main, office):
    found = json.loads(run_main("stats", "--week", "--json", check=True).stdout)
    assert (found["period"], found["arrived"], found["median_take_seconds"], found["median_resolve_seconds"]) == (
        "this week", 3, 600.0, 2700.0)
    assert found["by_source"] == [{"source": "保卫科", "count": 2}, {"source": "副局长", "count": 1}]
    assert [h for h, n in enumerate(found["by_hour"]) if n] == [8, 9, 17]


def test_cli_brief(run_main, office, data_file, tmp_path):
    text = run_main("brief", check=True).stdout
    assert text.startswith("# Daily brief: Wednesday 25 November 2026\n")
    assert "- 起草年度工作总结报告 (@张伟, done 10:00)" in text
    assert f"- {HOSTILE_MD} (@张伟)" in text
    yesterday = run_main("brief", "--date", "yesterday", check=True).stdout
    assert yesterday.startswith("# Daily brief: Tuesday 24 November 2026\n")
    assert "- Printer on fire (from 保卫科, arrived 17:00, taken 17:10, resolved 18:00)" in yesterday
    out = tmp_path / "brief.md"
    result = run_main("brief", "--date", "2026-11-20", "--output", str(out), check=True)
    assert result.stdout == f"wrote the brief for Fri 20 Nov 2026 to {out}\n"
    assert out.read_text(encoding="utf-8").startswith("# Daily brief: Friday 20 November 2026\n")


@pytest.mark.parametrize("argv", [["brief", "--date", "someday"], ["brief", "--date", "2026-02-30"],
                                  ["brief", "--output"], ["stats", "--month"], ["review", "--week"],
                                  ["review", "--date", "someday"], ["stats", "--week", "--date", "2026-02-30"]])
def test_cli_report_mistakes_are_one_line(run_main, office, data_file, argv):
    before = data_file.read_bytes()
    result = run_main(*argv)
    assert result.returncode == 2
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1 and result.stderr.startswith("chief: ")
    assert data_file.read_bytes() == before


def test_cli_brief_output_that_cannot_be_written(run_main, office, tmp_path):
    result = run_main("brief", "--output", str(tmp_path / "no" / "such" / "dir" / "b.md"))
    assert result.returncode == 2
    assert result.stderr.startswith("chief: cannot write ") and len(result.stderr.splitlines()) == 1


def test_cli_review(run_main, office, env):
    text = run_main("review", env={**env, "COLUMNS": "80"}, check=True).stdout
    assert text.startswith("Weekly review, Mon 23 - Sun 29 Nov 2026  as of Wed 25 Nov 10:00\n\nDone this week: 3\n")
    assert "  Schedule, the important and not urgent:\n    1 of 3 done items (33%)" in text  # 80 columns
    found = json.loads(run_main("review", "--json", check=True).stdout)
    assert [d["title"] for d in found["done"]] == ["Printer on fire", "机房报警", "起草年度工作总结报告"]
    assert found["throughput"] == [{"member": "me (the chief)", "member_id": None, "done": 2},
                                   {"member": "张伟", "member_id": found["throughput"][1]["member_id"], "done": 1}]


def test_cli_reports_on_a_new_file(run_main, data_file):
    run_main("add", "the first capture", check=True)
    assert run_main("stats", check=True).stdout.startswith("Interrupts today, Wed 25 Nov 2026\narrived 0")
    assert "_none_" in run_main("brief", check=True).stdout
    assert "nothing done yet this week" in run_main("review", check=True).stdout


def test_cli_brief_for_a_day_long_ago_reads_the_archive(run_main, desk, data_file):
    item, _ = desk.capture("* 年终总结定稿")
    desk.done(item.id)
    desk.edit(item.id, {"done_at": at("2026-11-02 15:00")})
    assert desk.archive_old() == 1 and item.id not in desk.board().items
    text = run_main("brief", "--date", "2026-11-02", check=True).stdout
    assert "## Done (1)\n\n- 年终总结定稿 (done 15:00)\n" in text


def test_fridays_brief_plans_the_next_working_day_and_the_weekend_before_it(desk):
    for text in ["周末值班 ^2026-11-28", "周一交班会 ^2026-11-30 9:00", "周二的事 ^2026-12-01", "今天的事 ^2026-11-27"]:
        desk.capture(text)
    friday = daily_brief(desk.board(), datetime.date(2026, 11, 27))
    planned = friday.split("## Planned for ")[1]
    assert planned.startswith("Sat 28 to Mon 30 Nov (2)\n")
    assert "- 周末值班 (Sat, all day)" in planned and "- 周一交班会 (Mon 09:00)" in planned
    assert "周二" not in planned and "今天" not in planned
    six_days = Desk(desk.path, Settings(working_days=(0, 1, 2, 3, 4, 5)))
    saturday = daily_brief(six_days.board(), datetime.date(2026, 11, 27))
    assert saturday.split("## Planned for ")[1] == "Sat 28 Nov (1)\n\n- 周末值班 (all day)\n"


def test_cli_reports_of_an_earlier_day_or_week(run_main, office):
    """Monday morning's review is of last week; stats of any day or week."""
    yesterday = run_main("stats", "--date", "yesterday", check=True).stdout.splitlines()
    assert yesterday[:2] == ["Interrupts, Tue 24 Nov 2026", "arrived 1  ·  taken 1  ·  resolved 1  ·  waiting 0"]
    assert "This week so far" not in "\n".join(yesterday)
    week = json.loads(run_main("stats", "--week", "--date", "2026-11-18", "--json", check=True).stdout)
    assert (week["period"], week["arrived"]) == ("that week", 0)
    last = run_main("review", "--date", "last week", check=True).stdout
    assert last.startswith("Weekly review, Mon 16 - Sun 22 Nov 2026  as of Wed 25 Nov 10:00\n\nDone that week: 0\n")
    found = json.loads(run_main("review", "--date", "2026-11-27", "--json", check=True).stdout)
    assert len(found["done"]) == 3  # Friday is in this week


def test_stats_count_one_source_however_it_is_spelled():
    board = board_of([
        interrupt("a", "2026-11-25 08:10", source="Director Zhao"),
        interrupt("b", "2026-11-25 08:20", source="director  zhao"),
        interrupt("c", "2026-11-25 08:30", source="ＤＩＲＥＣＴＯＲ ZHAO"),
    ])
    assert interrupt_stats(board, today(board.now)).by_source == (("Director Zhao", 3),)
