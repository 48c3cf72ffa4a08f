"""The team in the store (issue 14): members away, removed, renamed; plates, offers, loads, fairness.

Time is frozen at Wednesday 2026-11-25 10:00 in Asia/Shanghai. Every check of a
saved result reads the file again through a fresh Desk.
"""

from __future__ import annotations

import json

import pendulum
import pytest

from conftest import FROZEN_TZ
from chief.store import (
    assign_offers, away_words, due_before_return, fairness, fairness_lines, load_percent, load_words, member_json,
    member_plate, name_key, orphan_words, plain, set_language,
)
from chief.store.desk import CommandError, Desk
from chief.store.errors import ChiefError
from chief.store.domain import wallclock
from chief.store.domain.board import Board, NotFound
from chief.store.domain.config import Settings
from chief.store.domain.model import Member
from chief.store.reports.brief import daily_brief
from chief.store.sync.merge import content
from chief.store.datafile.storage import read_file


def tables(path) -> dict:
    data, _signature = read_file(path)
    return content(data)


def fresh(path) -> Board:
    return Desk(path).board()


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


@pytest.fixture
def team(desk):
    """张伟 (30 h, documents), Li Na (40 h), 王芳 (capacity 0)."""
    return {
        "zw": desk.team_add("张伟", capacity_hours=30, role="科员", categories=["documents"]),
        "ln": desk.team_add("Li Na"),
        "wf": desk.team_add("王芳", capacity_hours=0),
    }


# the record ------------------------------------------------------------------------------


@pytest.mark.parametrize("field, value, reason", [
    ("away_until", 20261201, "away_until has the wrong type (int)"),
    ("away_until", "next friday", "away_until is not a day"),
    ("away_until", "2026-02-30", "away_until is not a day"),
    ("away_reason", ["leave"], "away_reason has the wrong type (list)"),
    ("removed", "yes", "removed has the wrong type (str)"),
    ("removed", 1, "removed has the wrong type (int)"),
    ("capacity", -60, "capacity is out of range"),
    ("capacity", True, "capacity has the wrong type (bool)"),
])
def test_a_hostile_member_record_is_a_problem_not_a_crash(frozen_time, field, value, reason):
    team = {"M1": {"name": "张伟", "capacity": 1800, "categories": [], "away": True, field: value},
            "M2": {"name": "Li Na", "capacity": 2400, "categories": [], "away": False}}
    board = Board.from_data({"team": team}, Settings(), wallclock.now())
    assert list(board.team) == ["M2"]
    assert [(p.id, p.reason[:len(reason)]) for p in board.problems] == [("M1", reason)]


def test_fields_an_undo_cleared_read_as_their_defaults():
    record = {"name": "张伟", "capacity": 1800, "categories": [], "away": False, "away_until": None,
              "away_reason": None, "removed": None}
    member = Member.from_record("M1", record)
    assert (member.away_until, member.away_reason, member.removed) == (None, "", False)
    assert Member("M1", "张伟").to_record() == {"name": "张伟", "role": "", "capacity": 2400, "categories": [], "away": False}


# names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["li na", "LI  NA", "Ｌｉ Ｎａ", "ＬＩ　ＮＡ"])
def test_names_are_unique_ignoring_case_width_and_spacing(desk, data_file, team, name):
    before = data_file.read_bytes()
    with pytest.raises(CommandError, match="there is already a member named 'Li Na'"):
        desk.team_add(name)
    with pytest.raises(CommandError, match="there is already a member named 'Li Na'"):
        desk.team_edit("张伟", name=name)
    assert data_file.read_bytes() == before
    assert name_key(name) == name_key("Li Na")


def test_a_rename_keeps_every_item_and_undo_takes_it_back(desk, data_file, team):
    item, _board = desk.capture("* 起草通知 @张伟")
    renamed = desk.team_edit("张伟", name="张 伟 (综合)", role="副科长", capacity_hours=35, categories=["rec", "doc"])
    assert renamed.id == team["zw"].id
    saved = tables(data_file)["team"][team["zw"].id]
    assert (saved["name"], saved["role"], saved["capacity"], saved["categories"]) == (
        "张 伟 (综合)", "副科长", 2100, ["reception", "documents"])
    board = fresh(data_file)
    assert board.items[item.id].assignee == team["zw"].id and board.member_name(item.assignee) == "张 伟 (综合)"
    desk.team_edit("张 伟 (综合)", name="张伟 (综合)")  # only its spacing: the same member may take it
    desk.undo()
    desk.undo()
    saved = tables(data_file)["team"][team["zw"].id]
    assert (saved["name"], saved["role"], saved["capacity"], saved["categories"]) == ("张伟", "科员", 1800, ["documents"])


def test_an_edit_refuses_bad_values_and_changes_nothing(desk, data_file, team):
    before = data_file.read_bytes()
    for kwargs, message in [({"capacity_hours": 169}, "capacity must be between 0 and 168 hours a week, got 169"),
                            ({"name": "  "}, "the member's name is empty"),
                            ({"categories": ["nonsense"]}, "unknown category")]:
        with pytest.raises(ChiefError, match=message):
            desk.team_edit("Li Na", **kwargs)
    with pytest.raises(ChiefError, match="unknown member 'nobody'"):
        desk.team_edit("nobody", role="x")
    assert data_file.read_bytes() == before


# capacity 0 -----------------------------------------------------------------------------


def test_capacity_zero_is_someone_who_takes_no_new_work(desk, data_file, team):
    board = fresh(data_file)
    idle = board.load(team["wf"].id)
    assert (idle.ratio, idle.percent, load_percent(idle)) == (0.0, 0, "0%")
    desk.capture("* 校对 @王芳 ~1h")
    busy = fresh(data_file).load(team["wf"].id)
    assert (busy.ratio, busy.percent, load_percent(busy), busy.overloaded, busy.spare) == (float("inf"), None, "∞", True, 0)
    assert member_json(fresh(data_file), team["wf"])["load_percent"] is None


# removing ------------------------------------------------------------------------------


def test_removing_a_member_with_open_items_asks_where_they_go(desk, data_file, team):
    desk.capture("* 起草通知 @张伟")
    desk.capture("! 订会议室 @张伟")
    before = data_file.read_bytes()
    with pytest.raises(CommandError) as caught:
        desk.team_remove("张伟")
    assert str(caught.value) == "张伟 has 2 open items: say who takes them (a member, me, or inbox)"
    with pytest.raises(CommandError, match="张伟's items cannot go to 张伟"):
        desk.team_remove("张伟", hand_to="张伟")
    with pytest.raises(ChiefError, match="unknown member 'nobody'"):
        desk.team_remove("张伟", hand_to="nobody")
    assert data_file.read_bytes() == before


@pytest.mark.parametrize("hand_to, assignee, statuses", [
    ("Li Na", "ln", {"open", "waiting"}),
    ("me", None, {"open", "waiting"}),
    ("inbox", None, {"inbox"}),
])
def test_removing_hands_every_open_item_on_and_keeps_a_tombstone(desk, data_file, team, hand_to, assignee, statuses):
    done, _board = desk.capture("* 上周的简报 @张伟")
    desk.done(done.id)
    kept, _board = desk.capture("* 起草通知 @张伟")
    waiting, _board = desk.capture("* 等批示 @张伟")
    desk.wait(waiting.id, "局长", None)
    snoozed, _board = desk.capture("* 整理档案 @张伟")
    desk.snooze(snoozed.id, desk.read_when(["fri"]))
    removed = desk.team_remove("张伟", hand_to=hand_to)
    assert removed.removed and tables(data_file)["team"][team["zw"].id]["removed"] is True
    board = fresh(data_file)
    taker = team[assignee].id if assignee else None
    assert {board.items[i.id].assignee for i in (kept, waiting, snoozed)} == {taker}
    assert {board.items[i.id].status for i in (kept, waiting, snoozed)} <= statuses
    if hand_to == "inbox":  # to be triaged again: on the board now
        assert {i.id for i in board.inbox()} == {kept.id, waiting.id, snoozed.id}
    assert team["zw"].id not in board.team and board.members[team["zw"].id].removed
    assert board.items[done.id].assignee == team["zw"].id and board.member_name(done.assignee) == "张伟"
    assert board.orphaned() == []
    desk.undo()  # one undo: the member and every item back
    board = fresh(data_file)
    assert team["zw"].id in board.team
    assert {board.items[i.id].assignee for i in (kept, waiting, snoozed)} == {team["zw"].id}
    assert board.items[waiting.id].status == "waiting" and board.items[snoozed.id].snoozed_until


def test_a_member_with_nothing_open_is_removed_at_once_and_their_name_brings_them_back(desk, data_file, team):
    desk.team_remove("Li Na")
    with pytest.raises(CommandError, match="Li Na is not on the team"):
        desk.team_remove("Li Na")
    with pytest.raises(ChiefError, match="unknown member"):
        desk.capture("x @li")
    with pytest.raises(CommandError, match="a removed member was named 'Li Na'"):
        desk.team_edit("张伟", name="li na")
    back = desk.team_add("ＬＩ ＮＡ", capacity_hours=20)
    assert back.id == team["ln"].id and not back.removed and back.capacity == 1200
    assert fresh(data_file).team[team["ln"].id].name == "ＬＩ ＮＡ"


# away ---------------------------------------------------------------------------------


@pytest.mark.parametrize("until, day", [
    ("fri", "2026-11-27"),
    ("下周一", "2026-11-30"),
    ("2026-12-07", "2026-12-07"),
    ("in 3d", "2026-11-28"),
    (None, None),
])
def test_away_until_a_day_in_words_or_iso(desk, data_file, team, until, day):
    member = desk.team_away("张伟", until=until, reason="请假")
    assert (member.away, member.away_until, member.away_reason) == (True, day, "leave")
    saved = tables(data_file)["team"][team["zw"].id]
    assert (saved["away"], saved.get("away_until"), saved["away_reason"]) == (True, day, "leave")


@pytest.mark.parametrize("until, message", [
    ("today", "the day they are back must be after today"),
    ("2026-11-20", "the day they are back must be after today"),
    ("2026-13-01", "not a day: 2026-13-01"),
    ("someday", "someday"),
])
def test_away_refuses_a_return_day_that_is_not_ahead(desk, data_file, team, until, message):
    before = data_file.read_bytes()
    with pytest.raises(ChiefError, match=message):
        desk.team_away("张伟", until=until)
    assert data_file.read_bytes() == before


def test_an_away_member_is_back_by_themselves_on_the_return_day(desk, data_file, team, monkeypatch):
    desk.team_away("张伟", until="fri", reason="trip")
    board = fresh(data_file)
    zw = board.team[team["zw"].id]
    assert board.is_away(zw) and away_words(board, zw) == "on a trip until Fri"
    set_language("zh")
    assert away_words(board, zw) == "出差，周五返岗"
    set_language("en")
    monkeypatch.setenv("CHIEF_NOW", "2026-11-27T08:00:00")
    before = data_file.read_bytes()
    board = fresh(data_file)
    assert not board.is_away(board.team[team["zw"].id]) and away_words(board, board.team[team["zw"].id]) == ""
    assert data_file.read_bytes() == before


def test_back_and_its_undo(desk, data_file, team):
    with pytest.raises(CommandError, match="张伟 is not away"):
        desk.team_back("张伟")
    desk.team_away("张伟", until="2026-12-07")
    desk.team_back("张伟")
    saved = tables(data_file)["team"][team["zw"].id]
    assert (saved["away"], saved["away_until"], saved["away_reason"]) == (False, None, "")
    desk.undo()
    assert fresh(data_file).team[team["zw"].id].away_until == "2026-12-07"


def test_away_lists_what_falls_due_before_the_return_and_hands_it_on_in_one_undo(desk, data_file, team):
    soon, _board = desk.capture("* 报送材料 @张伟 ^thu")
    late, _board = desk.capture("* 年终总结 @张伟 ^2026-12-10")
    undated, _board = desk.capture("* 整理书柜 @张伟")
    on_return, _board = desk.capture("* 周一例会 @张伟 ^mon")
    desk.team_away("张伟", until="mon")
    board = fresh(data_file)
    assert [i.id for i in due_before_return(board, team["zw"].id)] == [soon.id]
    assert due_before_return(board, team["ln"].id) == []  # not away
    desk.team_back("张伟")
    desk.team_away("张伟", until="mon", hand_to="Li Na")
    board = fresh(data_file)
    assert [board.items[i.id].assignee for i in (soon, late, undated, on_return)] == [
        team["ln"].id, team["zw"].id, team["zw"].id, team["zw"].id]
    change = desk.history.recorded()[-1]  # one step for the member, one for the item handed on: no empty step
    assert [(t.table, t.id) for t in change.touches].count(("team", team["zw"].id)) == 1
    assert all(t.changed_fields() for t in change.touches)
    desk.undo()
    board = fresh(data_file)
    assert board.items[soon.id].assignee == team["zw"].id and not board.team[team["zw"].id].away
    desk.team_away("张伟")  # no return day: every dated item of theirs
    assert [i.id for i in due_before_return(fresh(data_file), team["zw"].id)] == [soon.id, on_return.id, late.id]


# plates, loads, offers -------------------------------------------------------------------


def test_the_plate_holds_every_open_item_grouped_with_overdue_first(desk, data_file, team):
    later, _board = desk.capture("* 筹备年会 @张伟 ^2026-12-20")
    overdue, _board = desk.capture("* 报送材料 @张伟 ^2026-11-20")
    waiting, _board = desk.capture("* 等批示 @张伟 ^2026-12-15")
    desk.wait(waiting.id, "局长", desk.read_when(["mon"]))
    snoozed, _board = desk.capture("* 订车 @张伟 ! ^2026-12-01")
    desk.snooze(snoozed.id, desk.read_when(["fri"]))
    desk.capture("* 别人的 @li")
    board = fresh(data_file)
    plate = member_plate(board, team["zw"].id)
    assert [(group.label, [i.title for i in group.items]) for group in plate] == [
        ("Do now", ["报送材料", "订车"]),
        ("Schedule", ["等批示", "筹备年会"]),
    ]
    load = board.load(team["zw"].id)
    assert (load.open, load.waiting, load.snoozed, load.overdue) == (4, 1, 1, 1)
    assert load_words(load) == "4 open (1 snoozed, 1 waiting), 1 overdue"
    assert sum(len(g.items) for g in plate) == load.open == member_json(board, board.team[team["zw"].id])["open"]
    set_language("zh")
    assert [g.label for g in member_plate(board, team["zw"].id)] == ["立即办", "计划办"]


def test_most_loaded_first_and_stable(desk, data_file, team):
    desk.capture("* a @li ~4h")
    desk.capture("* b @张伟 ~4h")
    desk.team_add("Zhao", capacity_hours=40)
    desk.team_add("Bai", capacity_hours=40)
    board = fresh(data_file)
    assert [m.name for m in board.members_by_busiest()] == ["张伟", "Li Na", "Bai", "Zhao", "王芳"]
    assert [m.name for m in fresh(data_file).members_by_busiest()] == ["张伟", "Li Na", "Bai", "Zhao", "王芳"]


def test_offers_put_spare_capacity_and_the_usual_category_first_and_those_away_last(desk, data_file, team):
    desk.team_add("Zhao", capacity_hours=40, categories=["documents"])
    desk.team_add("Bai", capacity_hours=2, categories=["documents"])
    desk.capture("* big @bai ~3h")  # over capacity
    desk.capture("* some @li ~2h")
    desk.team_away("Zhao", until="mon")
    item, _board = desk.capture("* 起草通知 #doc")
    board = fresh(data_file)
    names = [m.name for m in assign_offers(board, board.items[item.id])]
    assert names == ["张伟", "Li Na", "Bai", "王芳", "Zhao"]
    assert [m.name for m in assign_offers(board)] == ["张伟", "Li Na", "Bai", "王芳", "Zhao"]
    plain_item, _board = desk.capture("* 订车")
    board = fresh(data_file)
    assert [m.name for m in assign_offers(board, board.items[plain_item.id])][:2] == ["张伟", "Li Na"]


def test_assign_many_is_one_undo(desk, data_file, team):
    a, _board = desk.capture("* a")
    b, _board = desk.capture("b")
    c, _board = desk.capture("* c @张伟")
    items = desk.assign_many([a.id, b.id, c.id[:12]], "Li Na")
    assert [i.assignee for i in items] == [team["ln"].id] * 3 and items[1].status == "open"
    desk.undo()
    board = fresh(data_file)
    assert [board.items[i.id].assignee for i in (a, b, c)] == [None, None, team["zw"].id]
    assert board.items[b.id].status == "inbox"
    before = data_file.read_bytes()
    with pytest.raises(NotFound):
        desk.assign_many([a.id, "ZZZZ"], "Li Na")
    with pytest.raises(CommandError, match="no items to assign"):
        desk.assign_many([], "Li Na")
    assert data_file.read_bytes() == before


# reports --------------------------------------------------------------------------------


def test_the_brief_marks_who_is_away_and_until_when(desk, data_file, team):
    desk.capture("* a @张伟 ~3h")
    desk.team_away("张伟", until="fri", reason="sick")
    text = daily_brief(fresh(data_file))
    rows = [line for line in text.splitlines() if line.startswith("| ") and "%" in line]
    assert rows[-1] == "| 张伟 (off sick until Fri) | 10% | 1 | 0 | 0 |"
    assert "| 王芳 | 0% |" in text
    set_language("zh")
    assert "| 张伟（病假，周五返岗） | 10% | 1 | 0 | 0 |" in daily_brief(fresh(data_file))


def _stamp(local: str) -> str:
    return wallclock.utc_stamp(pendulum.parse(local, tz=FROZEN_TZ))


def _item(title: str, who: str | None, created: str, **fields) -> dict:
    record = {"title": title, "kind": "task", "status": "open", "important": True, "created": _stamp(created),
              "updated": _stamp(created), "assignee": who, "effort": 600}
    record.update(fields)
    return record


def test_fairness_over_the_last_weeks(frozen_time):
    team = {
        "ZW": {"name": "张伟", "capacity": 600, "categories": [], "away": False},  # 10h a week
        "LN": {"name": "Li Na", "capacity": 2400, "categories": [], "away": True, "away_until": "2026-11-30"},
        "WF": {"name": "王芳", "capacity": 0, "categories": [], "away": False},
        "GONE": {"name": "Old", "capacity": 2400, "categories": [], "away": False, "removed": True},
    }
    items = {
        # 张伟: 10 h open for weeks (two weeks running above 10 h with the next), 12 h done last week, late
        "A": _item("long job", "ZW", "2026-11-01 09:00"),
        "B": _item("done late", "ZW", "2026-11-16 09:00", status="done", done_at=_stamp("2026-11-20 18:00"),
                   due="2026-11-19", effort=720),
        "C": _item("still open, due passed", "ZW", "2026-11-17 09:00", due="2026-11-23", effort=60),
        "D": _item("an interrupt", "ZW", "2026-11-24 09:00", kind="interrupt", urgent=True, taken_at=_stamp("2026-11-24 09:05"),
                   status="done", done_at=_stamp("2026-11-24 10:00"), effort=30),
        # Li Na: 5 h done on time, 3 weeks ago
        "E": _item("on time", "LN", "2026-11-09 09:00", status="done", done_at=_stamp("2026-11-10 10:00"), due="2026-11-12",
                   effort=300),
        "F": _item("long before", "LN", "2026-09-01 09:00", status="done", done_at=_stamp("2026-09-02 10:00")),
        "G": _item("a removed member's", "GONE", "2026-11-20 09:00"),
        "H": _item("the chief's own", None, "2026-11-20 09:00"),
    }
    board = Board.from_data({"items": items, "team": team}, Settings(), wallclock.now())
    report = fairness(board, weeks=4)
    assert report.period.start.isoformat() == "2026-11-02T00:00:00+08:00"
    assert report.period.end.isoformat() == "2026-11-30T00:00:00+08:00"
    rows = {r.member.name: r for r in report.rows}
    assert list(rows) == ["张伟", "Li Na", "王芳"]  # most loaded first; capacity 0 with nothing: 0
    zw = rows["张伟"]
    assert (zw.assigned, zw.capacity, zw.done, zw.done_effort, zw.interrupts) == (600 + 720 + 60 + 30, 2400, 2, 750, 1)
    assert (zw.overdue, zw.done_late, zw.late) == (1, 1, 2)  # C overdue now; B done after its deadline
    # load is the Team panel's: open effort now (A and C, 11 h) against the weekly 10 h, whatever the period
    assert zw.load == board.load("ZW") and zw.percent == 110
    assert [round(w * 100) for w in zw.weekly] == [100, 100, 230, 115]
    assert zw.over_running
    ln = rows["Li Na"]
    assert (ln.assigned, ln.done, ln.late, ln.away, ln.percent) == (300, 1, 0, True, 0)
    assert not ln.over_running
    assert rows["王芳"].percent == 0 and rows["王芳"].load.ratio == 0.0
    assert report.spread is not None and report.spread[0] == 110
    data = report.to_json()
    assert data["above_capacity_two_weeks_running"] == ["张伟"] and data["spread_points"] == 110
    assert (data["members"][0]["load_percent"], data["members"][0]["late"]) == (110, 2)
    assert json.dumps(data, ensure_ascii=False)
    text = plain(fairness_lines(report, 100))
    assert "Above capacity two weeks running: 张伟" in text
    assert "Spread: 110 points between the most loaded (张伟, 110%) and the least (Li Na, 0%)" in text
    assert "as the Team panel counts it" in text and "slipped" not in text
    set_language("zh")
    assert "连续两周超负荷：张伟" in plain(fairness_lines(report, 100))


def test_fairness_refuses_a_silly_number_of_weeks(frozen_time):
    board = Board.from_data({}, Settings(), wallclock.now())
    for weeks in (0, 53):
        with pytest.raises(CommandError, match="--weeks must be between 1 and 52"):
            fairness(board, weeks=weeks)
    assert fairness(board, weeks=1).rows == ()


def test_an_orphans_mark_says_whose_it_was(frozen_time):
    team = {"GONE": {"name": "张伟", "capacity": 2400, "categories": [], "away": False, "removed": True}}
    items = {"A": _item("给张伟的", "GONE", "2026-11-24 09:00"), "B": _item("nobody's id", "NOBODY", "2026-11-24 09:00")}
    board = Board.from_data({"items": items, "team": team}, Settings(), wallclock.now())
    assert [i.id for i in board.orphaned()] == ["A", "B"]
    assert [board.holder(i) for i in board.items.values()] == [None, None]
    assert orphan_words(board, board.items["A"]) == "was 张伟's (removed)"
    set_language("zh")
    assert orphan_words(board, board.items["A"]) == "原属张伟（已移出）"
    assert [g.label for g in member_plate(board, None)] == ["计划办"]


def test_a_leaving_members_open_steps_go_with_their_items(desk, data_file, team):
    """Steps name a member too: none is left pointing at someone who left (done steps keep their name)."""
    other, _board = desk.capture("* 筹备会议 @li")
    desk.step_add(other.id, "核对名单 @张伟")
    desk.step_add(other.id, "订会议室 @张伟")
    desk.step_tick(other.id, 2)
    mine, _board = desk.capture("* 起草通知 @张伟")
    desk.team_remove("张伟", hand_to="王芳")
    steps = fresh(data_file).items[other.id].steps
    assert [(s.text, s.who) for s in steps] == [("核对名单", team["wf"].id), ("订会议室", team["zw"].id)]
    assert fresh(data_file).items[mine.id].assignee == team["wf"].id
    desk.undo()
    assert [s.who for s in fresh(data_file).items[other.id].steps] == [team["zw"].id, team["zw"].id]
    desk.assign(mine.id, "Li Na")
    desk.team_remove("张伟")  # no open item of theirs: their open steps become yours
    assert [s.who for s in fresh(data_file).items[other.id].steps] == [None, team["zw"].id]


# the store review's findings on the team (issue 14) --------------------------------------------------------------


def test_a_step_by_role_goes_to_the_holder_who_is_in_today_not_by_the_raw_away_flag(frozen_time):
    from chief.store.datafile.capture import _who

    team = {  # Bai was away until Monday 23 Nov: back by themselves, though the flag was never cleared
        "BAI": {"name": "Bai", "role": "driver", "capacity": 2400, "categories": [], "away": True, "away_until": "2026-11-23"},
        "ZHOU": {"name": "Zhou", "role": "driver", "capacity": 2400, "categories": [], "away": False},
        "QIAN": {"name": "Qian", "role": "driver", "capacity": 2400, "categories": [], "away": True, "away_until": "2026-12-01"},
    }
    board = Board.from_data({"team": team}, Settings(), wallclock.now())
    assert _who(board, "driver") == "BAI"  # in today, first by name; Qian (away till Tue) would be last
    board = Board.from_data({"team": {k: v for k, v in team.items() if k != "BAI"} | {
        "ZHOU": {**team["ZHOU"], "name": "Zz"}}}, Settings(), wallclock.now())
    assert _who(board, "driver") == "ZHOU"


def test_team_commands_say_what_undo_takes_back_in_the_language_of_the_moment(desk, data_file, team):
    set_language("zh")
    item, _board = desk.capture("* 起草通知")
    desk.team_edit("张伟", role="副科长")
    assert desk.undo().description == "修改成员“张伟”"
    desk.team_away("王芳", until="2026-12-01")
    assert desk.undo().description == "标记“王芳”不在岗"
    desk.assign_many([item.id], "Li Na")
    assert desk.undo().description == "指派1项事项"
    desk.team_remove("王芳")
    assert desk.undo().description == "移出成员“王芳”"


def test_re_adding_a_removed_member_brings_them_back_with_what_was_typed_and_keeps_the_rest(desk, data_file, team):
    desk.team_away("张伟", until="2026-12-01")
    desk.team_remove("张伟")
    back = desk.team_add("张伟", capacity_hours=20)
    assert (back.id, back.removed, back.role, back.capacity, back.categories) == (team["zw"].id, False, "科员", 1200, ("documents",))
    assert not fresh(data_file).is_away(back)  # a member back on the team is in
    assert desk.undo().description == "bring back member '张伟'"
    assert fresh(data_file).members[team["zw"].id].removed


def test_handing_on_recommends_per_item_and_spreads_the_work(desk, data_file, team):
    from chief.store import hand_on_plan

    desk.team_edit("王芳", capacity_hours=10)
    first, _board = desk.capture("* 起草通知 @张伟 ~6h #documents")
    second, _board = desk.capture("* 校对 @张伟 ~6h")
    third, _board = desk.capture("* 装订 @张伟 ~6h")
    board = fresh(data_file)
    plan = [(item.title, who.name if who else None) for item, who in hand_on_plan(board, [board.items[i.id] for i in (first, second, third)], team["zw"].id)]
    # both idle: Li Na (40 h) by name, then 王芳 (10 h), the least loaded once the first is counted, then Li Na again
    assert plan == [("起草通知", "Li Na"), ("校对", "王芳"), ("装订", "Li Na")]
    desk.team_away("Li Na", until="2026-12-01")
    desk.team_away("王芳", until="2026-12-01")
    board = fresh(data_file)
    plan = hand_on_plan(board, [board.items[first.id], board.items[second.id]], team["zw"].id)
    assert [who for _item, who in plan] == [None, None]  # nobody in who takes work: the chief's
    desk.team_back("王芳")
    board = fresh(data_file)
    plan = hand_on_plan(board, [board.items[first.id], board.items[second.id]], team["zw"].id)
    assert [who.name if who else None for _item, who in plan] == ["王芳", "王芳"]
    changed = desk.assign_each({item.id: (who.id if who else None) for item, who in plan})
    assert [i.assignee for i in changed] == [team["wf"].id, team["wf"].id]
    assert desk.undo().description == "assign 2 items"
    assert {fresh(data_file).items[i].assignee for i in (first.id, second.id)} == {team["zw"].id}


def test_one_load_rule_for_capacity_zero():
    from chief.store.domain.board import Load, load_ratio, ratio_percent

    assert (load_ratio(0, 0), load_ratio(0, 0, 1), load_ratio(30, 0), load_ratio(30, 60)) == (0.0, float("inf"), float("inf"), 0.5)
    assert (ratio_percent(float("inf")), ratio_percent(12.5)) == (None, 1250)  # no 999 stand-in
    assert Load(effort=6000, capacity=60, open=1, overdue=0, waiting=0).percent == 10000


def test_one_me_and_an_away_reason_of_ones_own_is_printable(frozen_time):
    from chief.store import is_me

    assert all(is_me(w) for w in ("me", "ME", "@me", "＠ｍｅ", " me "))
    assert not is_me("mei")
    set_language("zh")
    assert is_me("我") and is_me("@我")
    set_language("en")
    team = {"ZW": {"name": "张伟", "capacity": 600, "categories": [], "away": True, "away_until": "2026-12-01",
                   "away_reason": "培训\x1b[31m"}}
    board = Board.from_data({"team": team}, Settings(), wallclock.now())
    assert away_words(board, board.team["ZW"]) == "培训\\x1b[31m until Tue"  # as every screen and line shows it


def test_someone_new_added_from_the_assign_dialog_and_given_the_items_is_one_undo(desk, data_file, team):
    first, _board = desk.capture("* 起草通知")
    second, _board = desk.capture("* 校对")
    given = desk.add_and_assign("刘洋", [first.id, second.id])
    added = next(m for m in fresh(data_file).team.values() if m.name == "刘洋")
    assert [i.assignee for i in given] == [added.id, added.id] and added.capacity == 2400
    assert desk.undo().description == "add 刘洋 and assign 2 items"
    assert "刘洋" not in {m.name for m in fresh(data_file).members.values()}
    assert {fresh(data_file).items[i].assignee for i in (first.id, second.id)} == {None}
    with pytest.raises(CommandError, match="there is already a member named '张伟'"):
        desk.add_and_assign("张伟", [first.id])
