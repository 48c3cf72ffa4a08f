"""The desk's commands (store/desk.py) and quadrant derivation (store/domain/quadrant.py).

Time is frozen at Wednesday 2026-11-25 10:00 in Asia/Shanghai (02:00 UTC).
Every check of a saved result reads the file again through a fresh Desk.
"""

from __future__ import annotations

import pendulum
import pytest

from conftest import FROZEN_NOW, FROZEN_STAMP, FROZEN_TZ
from chief.store.domain.board import NotFound
from chief.store.desk import CommandError, Desk
from chief.store.domain.ids import is_id
from chief.store.domain.model import InvalidRecord, Item
from chief.store.domain.quadrant import QUADRANTS, flags_of, horizon_end, place, quadrant_of
from chief.store.domain.quickadd import QuickAddError
from chief.store.sync.merge import content
from chief.store.datafile.storage import read_file
from chief.store.domain.when import Due

NOW = pendulum.parse(FROZEN_NOW, tz=FROZEN_TZ)
TOMORROW = pendulum.Date(2026, 11, 26)


def tables(path) -> dict:
    """The file's content as a user sees it: live records, without clock stamps."""
    data, _ = read_file(path)
    return content(data)


def fresh(path):
    """The file as another process sees it now."""
    return Desk(path).board()


def record(path, item_id: str) -> dict | None:
    return tables(path)["items"].get(item_id)


# capture -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, status, important, urgent, quadrant",
    [
        ("plain words", "inbox", False, False, None),
        ("* important one", "open", True, False, 2),
        ("! urgent one", "open", False, True, 3),
        ("* ! both", "open", True, True, 1),
        ("due soon ^tomorrow", "open", False, False, 3),  # urgent from the due time, flag not set
        ("due later ^fri", "open", False, False, 4),
    ],
)
def test_capture_lands_in_inbox_or_quadrant(desk, data_file, text, status, important, urgent, quadrant):
    item, board = desk.capture(text)
    saved = fresh(data_file).items[item.id]
    assert (saved.status, saved.important, saved.urgent, saved.kind) == (status, important, urgent, "task")
    board = fresh(data_file)
    assert board.placement(saved).quadrant == quadrant
    if quadrant is None:
        assert [i.id for i in board.inbox()] == [item.id]
        assert all(board.quadrant(q) == [] for q in QUADRANTS)
    else:
        assert board.inbox() == []
        assert [i.id for i in board.quadrant(quadrant)] == [item.id]
    assert saved.created == saved.updated == FROZEN_STAMP


def test_capture_records_every_mark(desk, data_file):
    member = desk.team_add("张伟", capacity_hours=30)
    item, _ = desk.capture("* 起草 报告 ^tomorrow 9:30 @张 #doc ~1h30m from:主任")
    record = dict(tables(data_file)["items"][item.id])
    steps = record.pop("steps")  # a documents item gets the documents procedure's steps
    assert [s["order"] for s in steps.values()] == [1, 2, 3, 4, 5, 6] and not any(s["done"] for s in steps.values())
    assert record == {
        "title": "起草 报告", "notes": "", "kind": "task", "important": True, "urgent": False,
        "due": "2026-11-26T01:30:00Z", "category": "documents", "assignee": member.id, "source": "主任",
        "status": "open", "effort": 90, "created": FROZEN_STAMP, "updated": FROZEN_STAMP, "done_at": None,
        "taken_at": None, "snoozed_until": None, "waiting_on": None, "follow_up": None, "deferrals": 0,
        "waiting_since": None, "repeat": None, "series": None,
    }


def test_capture_accepts_argv_words(desk, data_file):
    item, _ = desk.capture(["call", "Li", "^fri"])
    assert (item.title, item.due) == ("call Li", "2026-11-27")


def test_interrupt_goes_to_the_interrupt_queue(desk, data_file):
    task, _ = desk.capture("older task")
    first, _ = desk.capture("phone call from:boss", kind="interrupt")
    second, _ = desk.capture("visitor at the door", kind="interrupt")
    board = fresh(data_file)
    assert [i.id for i in board.interrupts()] == [first.id, second.id]  # oldest first
    saved = board.items[first.id]
    assert (saved.kind, saved.status, saved.taken_at, saved.source) == ("interrupt", "open", None, "boss")
    assert [i.id for i in board.inbox()] == [task.id]
    assert all(board.quadrant(q) == [] for q in QUADRANTS)  # queued interrupts are in no quadrant
    assert board.placement(saved).reason == "Delegate: not important, urgent (an interrupt not yet taken)"


def test_ids_are_ulids(desk, data_file):
    items = [desk.capture(f"item {n}")[0] for n in range(5)]
    member = desk.team_add("Li Na")
    ids = [i.id for i in items] + [member.id]
    assert all(len(i) == 26 and is_id(i) and not i.isdigit() for i in ids)
    assert [i.id for i in items] == sorted(i.id for i in items)  # sortable by creation
    data = tables(data_file)
    assert sorted(data["items"]) == sorted(i.id for i in items)
    assert list(data["team"]) == [member.id]
    assert is_id(data["meta"]["chief"]["database_id"]) and data["meta"]["chief"]["schema"] == 2


def test_bad_capture_changes_nothing(desk, data_file):
    desk.capture("first")
    before = data_file.read_bytes()
    for text in ["* !", "x @nobody", "x #nosuchcategory", "x ^blorp", "x ~forever"]:
        with pytest.raises(QuickAddError):
            desk.capture(text)
    assert data_file.read_bytes() == before
    assert desk.history.can_undo  # only the first capture is in the history
    desk.undo()
    assert desk.history.can_undo is False


# moving and closing --------------------------------------------------------------


@pytest.mark.parametrize("quadrant", [1, 2, 3, 4])
def test_move_inbox_item_to_each_quadrant(desk, data_file, quadrant):
    item, _ = desk.capture("triage me")
    moved = desk.move(item.id[:8].lower(), quadrant)  # a prefix, any case
    board = fresh(data_file)
    saved = board.items[item.id]
    assert (saved.important, saved.urgent) == flags_of(quadrant)
    assert saved.status == "open"
    assert [i.id for i in board.quadrant(quadrant)] == [item.id]
    assert board.inbox() == []
    assert moved == saved


def test_move_refuses_a_quadrant_that_does_not_exist(desk, data_file):
    item, _ = desk.capture("x")
    before = data_file.read_bytes()
    with pytest.raises(CommandError, match="no quadrant 5"):
        desk.move(item.id, 5)
    assert data_file.read_bytes() == before


def test_move_an_interrupt_takes_it_out_of_the_queue(desk, data_file):
    item, _ = desk.capture("phone", kind="interrupt")
    desk.move(item.id, 2)
    board = fresh(data_file)
    saved = board.items[item.id]
    assert (saved.taken_at, saved.status, saved.important, saved.urgent) == (FROZEN_STAMP, "open", True, False)
    assert board.interrupts() == []
    assert [i.id for i in board.quadrant(2)] == [item.id]


def test_move_a_waiting_item_opens_it_and_a_done_item_stays_done(desk, data_file):
    waiting, _ = desk.capture("* waits")
    desk.wait(waiting.id, "director", None)
    done, _ = desk.capture("* finished")
    desk.done(done.id)
    desk.move(waiting.id, 1)
    desk.move(done.id, 1)
    board = fresh(data_file)
    assert board.items[waiting.id].status == "open"
    assert board.items[done.id].status == "done"


def test_done_drop_reopen(desk, data_file):
    a, _ = desk.capture("* a")
    b, _ = desk.capture("* b")
    desk.done(a.id)
    desk.drop(b.id)
    board = fresh(data_file)
    assert (board.items[a.id].status, board.items[a.id].done_at) == ("done", FROZEN_STAMP)
    assert (board.items[b.id].status, board.items[b.id].done_at) == ("dropped", FROZEN_STAMP)
    assert board.open_items() == [] and board.quadrant(2) == []
    with pytest.raises(CommandError, match="'a' is already done"):
        desk.done(a.id)
    desk.reopen(a.id)
    desk.reopen(b.id)
    board = fresh(data_file)
    assert [(i.status, i.done_at) for i in board.open_items()] == [("open", None), ("open", None)]
    assert [i.id for i in board.quadrant(2)] == [a.id, b.id]


def test_done_an_interrupt_marks_it_taken(desk, data_file):
    item, _ = desk.capture("phone", kind="interrupt")
    desk.done(item.id)
    saved = fresh(data_file).items[item.id]
    assert (saved.status, saved.taken_at, saved.done_at) == ("done", FROZEN_STAMP, FROZEN_STAMP)


def test_unknown_and_ambiguous_ids(desk, data_file):
    a, _ = desk.capture("a")
    b, _ = desk.capture("b")
    before = data_file.read_bytes()
    common = "".join(x for x, y in zip(a.id, b.id) if x == y)[:3]
    assert a.id.startswith(common) and b.id.startswith(common) and common
    with pytest.raises(NotFound, match=f"ambiguous item id '{common}' \\(matches: {a.id}, {b.id}\\)"):
        desk.done(common)
    with pytest.raises(NotFound, match="no item with id 'ZZZZ'"):
        desk.done("ZZZZ")
    with pytest.raises(NotFound, match="no item id given"):
        desk.done("  ")
    assert data_file.read_bytes() == before


def test_take_an_interrupt(desk, data_file):
    item, _ = desk.capture("visitor", kind="interrupt")
    desk.take(item.id)
    board = fresh(data_file)
    saved = board.items[item.id]
    assert (saved.status, saved.taken_at, saved.important, saved.urgent) == ("doing", FROZEN_STAMP, True, True)
    assert board.interrupts() == []
    assert [i.id for i in board.quadrant(1)] == [item.id]


# delegating --------------------------------------------------------------------------


@pytest.fixture
def team(desk):
    """Three members; returns their ids by name."""
    return {name: desk.team_add(name).id for name in ("Li Na", "Li Wei", "张伟")}


@pytest.mark.parametrize("token, name", [("Li Na", "Li Na"), ("li wei", "Li Wei"), ("张", "张伟"), ("na", "Li Na")])
def test_assign_by_name_and_prefix(desk, data_file, team, token, name):
    item, _ = desk.capture("delegate me")
    desk.assign(item.id, token)
    board = fresh(data_file)
    saved = board.items[item.id]
    assert saved.assignee == team[name]
    assert saved.status == "open"  # an inbox item assigned is triaged
    assert board.member_name(saved.assignee) == name


def test_assign_by_member_id_and_back_to_the_chief(desk, data_file, team):
    item, _ = desk.capture("* x")
    desk.assign(item.id, team["Li Wei"])
    assert fresh(data_file).items[item.id].assignee == team["Li Wei"]
    desk.assign(item.id, None)
    assert fresh(data_file).items[item.id].assignee is None


@pytest.mark.parametrize("me", ["me", "@me", "ME"])
def test_me_hands_an_item_back_to_the_chief_in_assign_and_edit(desk, data_file, team, me):
    """"me" means the chief in every command that names a taker, not only in the several-item ones."""
    item, _ = desk.capture("* x")
    desk.assign(item.id, "Li Wei")
    desk.assign(item.id, me)
    assert fresh(data_file).items[item.id].assignee is None
    desk.assign(item.id, "Li Wei")
    desk.edit(item.id, {"title": "y"}, assignee=me)
    saved = fresh(data_file).items[item.id]
    assert (saved.assignee, saved.title) == (None, "y")


def test_assign_by_member_id_prefix(desk, data_file, team):
    """The docstring of Desk.assign says "by id prefix or name", and `chief team
    list` shows 10-character id prefixes; a unique one must find the member."""
    item, _ = desk.capture("* x")
    desk.assign(item.id, team["张伟"][:10])
    assert fresh(data_file).items[item.id].assignee == team["张伟"]


def test_assign_an_interrupt_takes_it(desk, data_file, team):
    item, _ = desk.capture("phone", kind="interrupt")
    desk.assign(item.id, "张伟")
    saved = fresh(data_file).items[item.id]
    assert (saved.assignee, saved.taken_at, saved.status) == (team["张伟"], FROZEN_STAMP, "open")


@pytest.mark.parametrize(
    "token, message",
    [
        ("zhao", "unknown member 'zhao' (choices: Li Na, Li Wei, 张伟)"),
        ("li", "ambiguous member 'li' (matches: Li Na, Li Wei)"),
    ],
)
def test_assign_unknown_or_ambiguous_member(desk, data_file, team, token, message):
    item, _ = desk.capture("x")
    before = data_file.read_bytes()
    with pytest.raises(QuickAddError) as caught:
        desk.assign(item.id, token)
    assert str(caught.value) == message
    assert data_file.read_bytes() == before


# snooze, wait, edit -------------------------------------------------------------------------


def test_snooze_until_tomorrow_counts_deferrals(desk, data_file, monkeypatch):
    item, _ = desk.capture("* report")
    desk.snooze(item.id, Due(TOMORROW))
    board = fresh(data_file)
    saved = board.items[item.id]
    assert saved.snoozed_until == "2026-11-26T01:00:00Z"  # 09:00 local, the start of the working day
    assert saved.deferrals == 1
    assert board.on_board(saved) is False
    assert board.quadrant(2) == [] and saved.status == "open"
    desk.snooze(item.id, Due(pendulum.datetime(2026, 11, 27, 15, 0, tz=FROZEN_TZ)))
    saved = fresh(data_file).items[item.id]
    assert (saved.snoozed_until, saved.deferrals) == ("2026-11-27T07:00:00Z", 2)
    monkeypatch.setenv("CHIEF_NOW", "2026-11-27T15:00:00")  # the moment comes: back on the board
    board = fresh(data_file)
    assert board.on_board(board.items[item.id]) is True
    assert [i.id for i in board.quadrant(2)] == [item.id]


@pytest.mark.parametrize(
    "until",
    [
        Due(pendulum.Date(2026, 11, 24)),
        Due(pendulum.Date(2026, 11, 25)),  # today means 09:00 today, already past at 10:00
        Due(pendulum.datetime(2026, 11, 25, 10, 0, tz=FROZEN_TZ)),  # exactly now
    ],
    ids=["yesterday", "today", "now"],
)
def test_snooze_into_the_past_is_refused(desk, data_file, until):
    item, _ = desk.capture("x")
    before = data_file.read_bytes()
    with pytest.raises(CommandError, match="is not in the future"):
        desk.snooze(item.id, until)
    assert data_file.read_bytes() == before


def test_wait_with_and_without_follow_up(desk, data_file, monkeypatch):
    a, _ = desk.capture("* needs a decision")
    b, _ = desk.capture("* needs a file", kind="interrupt")
    desk.wait(a.id, "  Director Zhao ", Due(pendulum.datetime(2026, 11, 26, 15, 0, tz=FROZEN_TZ)))
    desk.wait(b.id, "Finance", None)
    board = fresh(data_file)
    sa, sb = board.items[a.id], board.items[b.id]
    assert (sa.status, sa.waiting_on, sa.follow_up) == ("waiting", "Director Zhao", "2026-11-26T07:00:00Z")
    assert (sb.status, sb.waiting_on, sb.follow_up, sb.taken_at) == ("waiting", "Finance", None, FROZEN_STAMP)
    assert board.on_board(sa) is False  # put away until the follow-up
    assert board.on_board(sb) is True
    monkeypatch.setenv("CHIEF_NOW", "2026-11-26T15:00:00")
    board = fresh(data_file)
    assert board.on_board(board.items[a.id]) is True
    with pytest.raises(CommandError, match="say who the item is waiting for"):
        desk.wait(a.id, "  ", None)


def test_edit_sets_fields(desk, data_file):
    item, _ = desk.capture("old title")
    desk.edit(item.id, {"title": "新标题", "effort": 45, "notes": "line one\nline two", "due": "2026-11-30"})
    saved = tables(data_file)["items"][item.id]
    assert (saved["title"], saved["effort"], saved["notes"], saved["due"]) == (
        "新标题", 45, "line one\nline two", "2026-11-30")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": ""}, "title is missing or empty"),
        ({"title": 5}, "title has the wrong type (int)"),
        ({"effort": "lots"}, "effort has the wrong type (str)"),
        ({"effort": True}, "effort has the wrong type (bool)"),
        ({"status": "finished"}, "unknown status 'finished'"),
        ({"important": "yes"}, "important has the wrong type (str)"),
    ],
)
def test_edit_refuses_a_bad_value(desk, data_file, changes, message):
    item, _ = desk.capture("x")
    before = data_file.read_bytes()
    with pytest.raises(InvalidRecord) as caught:
        desk.edit(item.id, changes)
    assert str(caught.value) == message
    assert data_file.read_bytes() == before


def test_edit_with_nothing_new_writes_nothing(desk, data_file):
    item, _ = desk.capture("same")
    before = data_file.read_bytes()
    desk.edit(item.id, {"title": "same"})
    assert data_file.read_bytes() == before


# the team --------------------------------------------------------------------------------


def test_team_add(desk, data_file):
    member = desk.team_add("  张伟  ", capacity_hours=30, role=" clerk ", categories=["doc", "conf"])
    assert tables(data_file)["team"] == {
        member.id: {"name": "张伟", "role": "clerk", "capacity": 1800, "categories": ["documents", "confidential"],
                    "away": False},
    }


@pytest.mark.parametrize("name", ["Li Na", "li na", "  LI   NA "])
def test_team_add_refuses_a_duplicate_name(desk, data_file, name):
    desk.team_add("Li Na")
    before = data_file.read_bytes()
    with pytest.raises(CommandError, match="there is already a member named"):
        desk.team_add(name)
    assert data_file.read_bytes() == before


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "  "}, "the member's name is empty"),
        ({"name": "x", "capacity_hours": -1}, "capacity must be between 0 and 168 hours a week, got -1"),
        ({"name": "x", "capacity_hours": 169}, "capacity must be between 0 and 168 hours a week, got 169"),
    ],
)
def test_team_add_refuses_bad_values(desk, data_file, kwargs, message):
    desk.team_add("Li Na")
    before = data_file.read_bytes()
    with pytest.raises(CommandError) as caught:
        desk.team_add(**kwargs)
    assert str(caught.value) == message
    assert data_file.read_bytes() == before


# undo and redo ----------------------------------------------------------------------------


def _new(desk, text="* base item", kind="task") -> str:
    return desk.capture(text, kind=kind)[0].id


def _done(desk) -> str:
    item_id = _new(desk)
    desk.done(item_id)
    return item_id


# name -> (setup returning an item id or None, the command under test)
COMMANDS = {
    "add": (lambda desk: None, lambda desk, _: desk.capture("! new one ^tomorrow")),
    "interrupt": (lambda desk: None, lambda desk, _: desk.capture("phone", kind="interrupt")),
    "move": (lambda desk: _new(desk, "inbox thing"), lambda desk, i: desk.move(i, 1)),
    "move interrupt": (lambda desk: _new(desk, "phone", "interrupt"), lambda desk, i: desk.move(i, 4)),
    "done": (_new, lambda desk, i: desk.done(i)),
    "drop": (_new, lambda desk, i: desk.drop(i)),
    "reopen": (_done, lambda desk, i: desk.reopen(i)),
    "take": (lambda desk: _new(desk, "visitor", "interrupt"), lambda desk, i: desk.take(i)),
    "assign": (lambda desk: _new(desk, "inbox thing"), lambda desk, i: desk.assign(i, "Li")),
    "snooze": (_new, lambda desk, i: desk.snooze(i, Due(TOMORROW))),
    "wait": (_new, lambda desk, i: desk.wait(i, "director", Due(TOMORROW))),
    "edit": (_new, lambda desk, i: desk.edit(i, {"title": "edited", "effort": 20})),
    "team_add": (lambda desk: None, lambda desk, _: desk.team_add("Wang Fang", capacity_hours=20)),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_undo_and_redo_every_command(desk, data_file, name):
    desk.team_add("Li Na")
    desk.capture("unrelated")
    setup, command = COMMANDS[name]
    item_id = setup(desk)
    before = tables(data_file)
    command(desk, item_id)
    after = tables(data_file)
    assert after != before
    change = desk.undo()
    assert change is not None and change.touches
    assert tables(data_file) == before
    assert desk.redo() == change
    assert tables(data_file) == after
    assert desk.undo() == change
    assert tables(data_file) == before
    assert desk.history.can_undo  # the setup is still there to undo


def test_undo_then_redo_of_add_keeps_the_id(desk, data_file):
    item, _ = desk.capture("* keep my id")
    change = desk.undo()
    assert change.description == "add item 'keep my id'"
    assert item.id not in tables(data_file)["items"]
    desk.redo()
    assert tables(data_file)["items"][item.id]["title"] == "keep my id"


def test_nothing_to_undo_or_redo(desk, data_file):
    assert desk.undo() is None and desk.redo() is None
    desk.capture("x")
    assert desk.redo() is None
    desk.undo()
    desk.capture("y")  # a new command clears the redo stack
    assert desk.redo() is None


def test_undo_restores_only_the_fields_the_command_changed(desk, data_file, frozen_time):
    item, _ = desk.capture("* shared item")
    desk.done(item.id)
    other = Desk(data_file)  # another process
    other.edit(item.id, {"notes": "added on the laptop", "effort": 15})
    desk.undo()
    saved = tables(data_file)["items"][item.id]
    assert (saved["status"], saved["done_at"]) == ("open", None)
    assert (saved["notes"], saved["effort"]) == ("added on the laptop", 15)
    desk.redo()
    saved = tables(data_file)["items"][item.id]
    assert (saved["status"], saved["done_at"]) == ("done", FROZEN_STAMP)
    assert (saved["notes"], saved["effort"]) == ("added on the laptop", 15)


def test_undo_of_an_add_removes_the_item_even_after_other_changes(desk, data_file):
    item, _ = desk.capture("x")
    other_item, _ = Desk(data_file).capture("other process")
    desk.undo()
    assert list(tables(data_file)["items"]) == [other_item.id]


# quadrant derivation -------------------------------------------------------------------------


def _item(**fields) -> Item:
    fields.setdefault("status", "open")
    return Item(id="01AAAAAAAAAAAAAAAAAAAAAAAA", title="t", **fields)


HORIZON = horizon_end(NOW, 1)


def test_horizon_is_the_end_of_tomorrow():
    assert HORIZON == pendulum.datetime(2026, 11, 27, 0, 0, tz=FROZEN_TZ)
    assert horizon_end(NOW, 0) == pendulum.datetime(2026, 11, 26, 0, 0, tz=FROZEN_TZ)


@pytest.mark.parametrize(
    "fields, quadrant, urgent, overdue, reason",
    [
        ({"due": "2026-11-26"}, 3, True, False, "Delegate: not important, urgent (due tomorrow)"),
        ({"due": "2026-11-27"}, 4, False, False, "Later: not important, not urgent"),
        ({"due": "2026-11-26T15:59:00Z"}, 3, True, False, "Delegate: not important, urgent (due tomorrow 23:59)"),
        ({"due": "2026-11-26T16:01:00Z"}, 4, False, False, "Later: not important, not urgent"),
        ({"due": "2026-11-25", "important": True}, 1, True, False, "Do now: important, urgent (due today)"),
        ({"important": True}, 2, False, False, "Schedule: important, not urgent"),
        ({"urgent": True}, 3, True, False, "Delegate: not important, urgent (marked urgent)"),
        ({"urgent": True, "important": True, "due": "2026-12-20"}, 1, True, False,
         "Do now: important, urgent (marked urgent)"),
        ({"kind": "interrupt"}, 3, True, False, "Delegate: not important, urgent (an interrupt not yet taken)"),
        ({"kind": "interrupt", "taken_at": "2026-11-25T01:00:00Z"}, 4, False, False,
         "Later: not important, not urgent"),
        ({"status": "inbox", "urgent": True}, None, True, False, "Inbox: captured, not triaged yet"),
    ],
)
def test_place(fields, quadrant, urgent, overdue, reason):
    placement = place(_item(**fields), NOW, HORIZON)
    assert (placement.quadrant, placement.urgent, placement.overdue, placement.reason) == (
        quadrant, urgent, overdue, reason)


@pytest.mark.parametrize("due, words", [("2026-11-24", "1d overdue"), ("2026-11-25T01:00:00Z", "1h overdue")])
def test_overdue_is_urgent(due, words):
    placement = place(_item(due=due, important=True), NOW, HORIZON)
    assert (placement.quadrant, placement.urgent, placement.overdue) == (1, True, True)
    assert placement.reason == f"Do now: important, urgent ({words})"
    assert words in placement.reason


def test_horizon_follows_the_setting(desk, data_file):
    from chief.store.domain.config import Settings

    item, _ = desk.capture("x ^fri")
    assert Desk(data_file).board().placement(item).quadrant == 4
    assert Desk(data_file, Settings(horizon_days=2)).board().placement(item).quadrant == 3


def test_quadrant_and_flags_agree():
    assert [quadrant_of(*flags_of(q)) for q in QUADRANTS] == [1, 2, 3, 4]
    assert QUADRANTS == {1: "Do now", 2: "Schedule", 3: "Delegate", 4: "Later"}


def test_snoozing_an_interrupt_is_a_decision(desk, data_file, monkeypatch):
    """A call-back at a set time takes the interrupt: the queue, stats and brief agree it was decided."""
    call, _ = desk.capture("回电话给周先生 from:周先生", kind="interrupt")
    desk.snooze(call.id, Due(pendulum.datetime(2026, 11, 25, 15, 0, tz=FROZEN_TZ)))
    board = fresh(data_file)
    saved = board.items[call.id]
    assert (saved.taken_at, saved.urgent, saved.deferrals) == (FROZEN_STAMP, True, 1)
    assert board.interrupts() == []
    monkeypatch.setenv("CHIEF_NOW", "2026-11-25T15:00:00")
    board = fresh(data_file)
    assert board.on_board(saved) and board.placement(saved).urgent and board.interrupts() == []


def test_ids_made_in_a_burst_differ_in_the_first_ten_characters():
    """What the lists show of an id (ten characters, or more when needed) is always a usable prefix."""
    from chief.store.domain.ids import new_id, shown_width

    burst = [new_id() for _ in range(2000)]
    assert burst == sorted(burst) and len({i[:10] for i in burst}) == len(burst)
    assert shown_width(burst) == 10
    assert shown_width(["01ABCDEFGH" + "A" * 16, "01ABCDEFGH" + "AB" + "C" * 14, "01Z" + "0" * 23]) == 12
    assert shown_width([]) == shown_width(["01" + "0" * 24]) == 10


def test_a_renamed_members_name_can_be_added_again(desk, data_file):
    first = desk.team_add("Li Na")
    desk.replica.apply(lambda tx: tx.update("team", first.id, {"name": "Li Na (retired)"}))
    second = desk.team_add("li na")
    assert second.id != first.id and len(desk.board().team) == 2


def test_an_overdue_item_is_never_put_away(desk, data_file, monkeypatch):
    """A snooze or a wait past the due time ends when the item falls due: nothing late stays hidden."""
    tomorrow = Due(pendulum.datetime(2026, 11, 26, 9, 0, tz=FROZEN_TZ))
    a, _ = desk.capture("* 报送材料A ^today 15:00")
    b, _ = desk.capture("* 报送材料B ^today 15:00")
    desk.wait(a.id, "主任", tomorrow)
    desk.snooze(b.id, tomorrow)
    board = fresh(data_file)
    assert (board.put_away_count(), board.overdue_count(), board.quadrant(1)) == (2, 0, [])
    monkeypatch.setenv("CHIEF_NOW", "2026-11-25T15:00:00")
    board = fresh(data_file)
    assert (board.put_away_count(), board.overdue_count()) == (0, 2)
    assert sorted(i.title for i in board.quadrant(1)) == ["报送材料A", "报送材料B"]
    assert board.items[a.id].status == "waiting"  # still waiting on 主任, now late: chase it


def test_a_follow_up_in_the_past_is_refused_and_a_new_person_starts_a_new_wait(desk, data_file, monkeypatch):
    item, _ = desk.capture("* needs a decision")
    before = data_file.read_bytes()
    with pytest.raises(CommandError, match="cannot follow up Tue 24 Nov 2026, all day .*: that is not in the future"):
        desk.wait(item.id, "主任", Due(pendulum.Date(2026, 11, 24)))
    assert data_file.read_bytes() == before
    desk.wait(item.id, "主任", None)
    monkeypatch.setenv("CHIEF_NOW", "2026-11-25T11:00:00")
    assert desk.wait(item.id, "主任", None).waiting_since == FROZEN_STAMP  # the same wait goes on
    assert desk.wait(item.id, "办公厅", None).waiting_since == "2026-11-25T03:00:00Z"


def test_an_overdue_item_cannot_be_snoozed_out_of_sight(desk, data_file):
    """A snooze would not hide it (late is never hidden): refused in one line, with what to do instead."""
    item, _ = desk.capture("* 报送材料 ^2026-11-24")
    before = data_file.read_bytes()
    with pytest.raises(CommandError, match=r"'报送材料' is 1d overdue: a snooze would not hide it; give it a new due time"):
        desk.snooze(item.id, Due(pendulum.Date(2026, 11, 27)))
    assert data_file.read_bytes() == before


def test_assigning_an_inbox_item_delegates_it(desk, data_file, team):
    item, _ = desk.capture("book the car")
    desk.assign(item.id, "Li Na")
    board = fresh(data_file)
    saved = board.items[item.id]
    assert (saved.status, saved.urgent, saved.important) == ("open", True, False)
    assert board.placement(saved).name == "Delegate"  # never Later by default


def test_keeping_an_inbox_item_leaves_it_in_the_inbox(desk, data_file, team):
    item, _ = desk.capture("book the car")
    desk.assign(item.id, None)
    assert fresh(data_file).items[item.id].status == "inbox"


def test_importance_of_an_interrupt_is_set_without_taking_it(desk, data_file):
    item, _ = desk.capture("机要室：密电需立即签收", kind="interrupt")
    desk.mark_important(item.id, True)
    board = fresh(data_file)
    saved = board.items[item.id]
    assert saved.important and saved.in_interrupt_queue and saved.taken_at is None
    desk.undo()
    assert not fresh(data_file).items[item.id].important


def test_preview_says_an_important_interrupt_and_a_past_due(desk):
    board = desk.board()
    ok, words = desk.preview("* 机要室：密电需立即签收", "interrupt", board)
    assert ok and words == "Interrupts: 机要室：密电需立即签收, important"
    ok, words = desk.preview("call back ^today 9", "task", board)
    assert ok and words.endswith("(1h overdue), already overdue")
    ok, words = desk.preview("x ^in 2h", "task", board)
    assert ok and "(in 2h)" in words and "overdue" not in words
