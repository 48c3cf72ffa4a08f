"""Recurring duties: the rule, the next occurrence, and one open instance at a time."""

from __future__ import annotations

import datetime

import pendulum
import pytest

from chief.store.domain import wallclock
from chief.store.desk import Desk
from chief.store.domain.quickadd import QuickAddError
from chief.store.domain.recur import Rule, RuleError, next_instance_id
from chief.store.domain.when import Due

ZONE = pendulum.timezone("Asia/Shanghai")
WED_10 = pendulum.datetime(2026, 11, 25, 10, 0, tz=ZONE)  # the frozen now: a Wednesday


def at(day: int, hour: int = 0, minute: int = 0, month: int = 11) -> pendulum.DateTime:
    return pendulum.datetime(2026, month, day, hour, minute, tz=ZONE)


@pytest.mark.parametrize(("typed", "stored", "words"), [
    ("weekday 9:00", "weekday 9:00", "every weekday at 9:00"),
    ("WEEKDAYS 9am", "weekday 9:00", "every weekday at 9:00"),
    ("day", "day", "every day"),
    ("mon", "mon", "every Mon"),
    ("thursday,mon", "mon,thu", "every Mon, Thu"),
    ("1st", "1st", "every month on the 1st"),
    ("22nd 3pm", "22nd 15:00", "every month on the 22nd at 15:00"),
    ("3d-after", "3d-after", "3 days after the last one was done"),
    ("2w-after", "2w-after", "2 weeks after the last one was done"),
    ("7d-after", "1w-after", "1 week after the last one was done"),
])
def test_rules_read_store_and_say_themselves(typed, stored, words):
    rule = Rule.parse(typed)
    assert rule.stored() == stored
    assert Rule.from_stored(stored) == rule
    assert rule.describe() == words


@pytest.mark.parametrize("typed", ["", "sometimes", "32nd", "0th", "mon,funday", "0d-after", "weekday 25:00",
                                   "weekday soon", "day 9:00 extra"])
def test_bad_rules_are_one_line(typed):
    with pytest.raises(RuleError) as caught:
        Rule.parse(typed)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("rule", "first"), [
    ("weekday 9:00", at(26, 9)),  # today's 9:00 has passed
    ("weekday 11:00", at(25, 11)),  # today's 11:00 has not
    ("day", datetime.date(2026, 11, 25)),  # all day: today counts
    ("fri", datetime.date(2026, 11, 27)),
    ("sat,sun", datetime.date(2026, 11, 28)),
    ("1st", datetime.date(2026, 12, 1)),
    ("31st", datetime.date(2026, 11, 30)),  # November has 30 days: its last day
    ("3d-after", datetime.date(2026, 11, 25)),
])
def test_the_first_occurrence(rule, first):
    assert Rule.parse(rule).first(WED_10).at == first


@pytest.mark.parametrize(("rule", "current", "now", "following"), [
    ("weekday 9:00", Due(at(26, 9)), at(26, 10), at(27, 9)),  # done Thursday: Friday
    ("weekday 9:00", Due(at(27, 9)), at(27, 9, 30), at(30, 9)),  # done Friday: Monday, not the weekend
    ("weekday 9:00", Due(at(16, 9)), WED_10, at(26, 9)),  # a week late: tomorrow, once
    ("weekday 9:00", Due(at(26, 9)), WED_10, at(27, 9)),  # done early: after its own time
    ("day", Due(datetime.date(2026, 11, 23)), WED_10, datetime.date(2026, 11, 25)),  # Monday's, late: today's
    ("day", Due(datetime.date(2026, 11, 25)), WED_10, datetime.date(2026, 11, 26)),  # today's: tomorrow's
    ("1st", Due(datetime.date(2026, 11, 1)), WED_10, datetime.date(2026, 12, 1)),
    ("31st", Due(datetime.date(2026, 12, 31)), at(31, 12, month=12), datetime.date(2027, 1, 31)),
    ("3d-after", Due(datetime.date(2026, 11, 20)), WED_10, datetime.date(2026, 11, 28)),  # from when it was done
    ("1w-after", None, WED_10, datetime.date(2026, 12, 2)),
])
def test_the_next_occurrence(rule, current, now, following):
    assert Rule.parse(rule).next(current, now).at == following


def test_quick_add_reads_every(frozen_time):
    from chief.store.domain.quickadd import parse_capture

    capture = parse_capture("周会 every:mon 9:30 @王 #documents", wallclock.now())
    assert (capture.title, capture.repeat, capture.assignee) == ("周会", "mon 9:30", "王")
    assert capture.due == Due(at(30, 9, 30))
    given = parse_capture("report every:fri ^tomorrow", wallclock.now())
    assert given.due == Due(datetime.date(2026, 11, 26))  # a given due is the first one
    assert parse_capture(r"keep \every:day as words", wallclock.now()).title == "keep every:day as words"
    spoken = parse_capture("交班会 every:weekday at 9:00", wallclock.now())
    assert (spoken.title, spoken.repeat) == ("交班会", "weekday 9:00")
    assert parse_capture("meet at the gate every:fri", wallclock.now()).title == "meet at the gate"
    assert parse_capture("x every:fri at the gate", wallclock.now()).title == "x at the gate"
    with pytest.raises(QuickAddError, match="every:sometimes"):
        parse_capture("x every:sometimes", wallclock.now())
    with pytest.raises(QuickAddError, match="more than one repeat"):
        parse_capture("x every:mon every:tue", wallclock.now())


def test_done_makes_the_next_one_and_only_one(desk, monkeypatch):
    item, _ = desk.capture("晨会纪要 every:weekday 9:00 * ~30m")
    assert item.due == "2026-11-26T01:00:00Z" and item.repeat == "weekday 9:00"
    done = desk.done(item.id)
    board = desk.board()
    follows = board.items[next_instance_id(item.id)]
    assert done.status == "done"
    assert (follows.title, follows.status, follows.important, follows.effort) == ("晨会纪要", "open", True, 30)
    assert follows.due == "2026-11-27T01:00:00Z"  # Friday 9:00 in Shanghai
    assert (follows.repeat, follows.series) == ("weekday 9:00", item.id)
    assert [i.id for i in board.open_items()] == [follows.id]
    desk.reopen(item.id)
    desk.done(item.id)  # closing it again makes no second next one
    assert len([i for i in desk.board().open_items() if i.series == item.id]) == 1


def test_drop_skips_one_and_undo_takes_the_next_one_back(desk):
    item, _ = desk.capture("周报 every:fri")
    desk.drop(item.id)
    assert next_instance_id(item.id) in desk.board().items
    desk.undo()
    board = desk.board()
    assert next_instance_id(item.id) not in board.items
    assert board.items[item.id].status == "open"


def test_two_machines_closing_the_same_one_make_one_next(tmp_path, frozen_time):
    from chief.store.datafile.storage import read_file

    office, laptop = tmp_path / "office.json", tmp_path / "laptop.json"
    item, _ = Desk(office).capture("值班表 every:1st")
    laptop.write_bytes(office.read_bytes())
    Desk(office).done(item.id)
    Desk(laptop).done(item.id)
    merged = Desk(office)
    merged.merge_file(laptop)
    board = merged.board()
    assert [i.title for i in board.open_items()] == ["值班表"]
    assert read_file(office)[0]["items"][next_instance_id(item.id)]["due"] == "2027-01-01"


def test_the_cli_says_the_rule(run_main):
    out = run_main("add", "交接班 every:weekday 17:30", check=True).stdout
    assert "due Wed 25 Nov 2026 17:30" in out and "every weekday at 17:30" in out
    listed = run_main("list", check=True).stdout
    assert "every weekday at 17:30" in listed
