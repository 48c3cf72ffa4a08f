"""The board after a command, derived from the last one (store/board_update.py), is the full build's.

Random sequences of the desk's commands (and of clock moves) run on a small
realistic file; after each, the board ``Desk.board()`` gives is compared with
a board built in full from the same data at the same moment, view by view.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FROZEN_NOW, FROZEN_TZ
from chief.store.domain import board_update
from chief.store.domain.board import ITEMS, Board, NotFound
from chief.store.sync.hlc import make_stamp
from chief.store.domain.config import Settings
from chief.store.desk import CommandError, Desk
from chief.store.domain.model import InvalidRecord, Item
from chief.store.domain.quickadd import QuickAddError
from chief.store.domain.steps import emergencies
from chief.store.datafile.storage import read_file, serialize, write_atomic
from chief.store.domain.wallclock import utc_stamp
from chief.store.domain.when import Due

START = pendulum.parse(FROZEN_NOW, tz=FROZEN_TZ)
COMMAND_ERRORS = (CommandError, NotFound, QuickAddError, InvalidRecord)


def generate(path: Path, count: int, *, seed: int) -> Path:
    """A file of ``count`` items around the frozen moment, in every state, and five members.

    A few old tombstones, seen by every device, are there too: the first save drops them.
    """
    rng = random.Random(seed)
    new_id = lambda: f"01J{rng.getrandbits(92):023X}"  # noqa: E731  (the same file for the same seed)
    mark = {"*": make_stamp(1_700_000_000_000, 0, "testtest")}
    team = {new_id(): {"name": f"Member {n}", "capacity": rng.choice([600, 2400]), "away": n == 4, "_stamps": mark}
            for n in range(5)}
    items = {}
    for n in range(count):
        status = rng.choice(("inbox", "open", "open", "doing", "waiting", "done", "dropped"))
        due = rng.choice((None, None, f"2026-11-{rng.randint(22, 30)}", stamp(rng.randint(-72, 240) * 3600)))
        record = Item(
            id="", title=f"item {n}", kind=rng.choice(("task", "task", "interrupt")), important=rng.random() < 0.5,
            urgent=rng.random() < 0.3, due=due, assignee=rng.choice((None, *team)), status=status,
            effort=rng.choice((None, 30, 240)), created=stamp(-rng.randint(0, 30 * 86400)), updated=stamp(0),
            done_at=stamp(-60) if status in ("done", "dropped") else None,
            taken_at=rng.choice((None, stamp(-120))),
            snoozed_until=rng.choice((None, None, None, stamp(rng.randint(-100, 100)))),
            follow_up=stamp(rng.randint(-100, 100)) if status == "waiting" and rng.random() < 0.7 else None,
        ).to_record()
        items[new_id()] = {**record, "_stamps": mark}
    for _ in range(count // 10):
        items[new_id()] = {"_deleted": dict(mark), "_stamps": {**mark, "_deleted": mark["*"]}}
    seen = make_stamp(1_750_000_000_000, 0, "testtest")
    meta = {"chief": {"schema": 2, "database_id": new_id(), "clock": seen, "devices": {"testtest": seen}}}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, serialize({"items": items, "team": team, "meta": meta}))
    return path


def views(board: Board) -> dict:
    """Everything the dashboard reads off a board."""
    return {
        "quadrants": [[i.id for i in board.quadrant(n)] for n in range(1, 5)],
        "inbox": [i.id for i in board.inbox()],
        "interrupts": [i.id for i in board.interrupts()],
        "overdue": board.overdue_count(),
        "put_away": board.put_away_count(),
        "loads": {m.id: board.load(m.id) for m in board.team.values()},
        "by_load": [m.id for m in board.members_by_load()],
        "items": list(board.items.items()),  # in order, every field
        "raw": list(board.raw_items.items()),
        "open": [i.id for i in board.open_items()],
        "problems": board.problems,
        "emergencies": [i.id for i in emergencies(board)],
        "placements": {k: (p.quadrant, p.urgent_because) for k, p in ((k, board.placement(i)) for k, i in board.items.items())},
    }


def full(board: Board) -> Board:
    """The same data at the same moment, built from nothing (no shared cache)."""
    return Board.from_data(board._data, board.settings, board.now)


class Spy:
    """Counts the boards ``Desk.board()`` derived instead of building them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.derived = self.declined = 0
        real = getattr(board_update.after, "__wrapped__", board_update.after)  # hypothesis runs the test again and again

        def after(*args, **kwargs):
            board = real(*args, **kwargs)
            if board is None:
                self.declined += 1
            else:
                self.derived += 1
            return board

        after.__wrapped__ = real  # type: ignore[attr-defined]
        monkeypatch.setattr(board_update, "after", after)


def at(seconds: int) -> str:
    """CHIEF_NOW ``seconds`` after the start."""
    return START.add(seconds=seconds).strftime("%Y-%m-%dT%H:%M:%S")


def stamp(seconds: int) -> str:
    """A stored time ``seconds`` after the start (seconds included, to test the second-exact put-away)."""
    return utc_stamp(START.add(seconds=seconds))


CAPTURES = ["plain words", "* important one", "! urgent one", "* ! both", "due soon ^tomorrow", "later ^fri",
            "起草 报告 ^today 17:00 ~1h", "* call back ^today 10:05"]
EDITS = st.one_of(
    st.fixed_dictionaries({"title": st.sampled_from(["edited", "改过的"])}),
    st.fixed_dictionaries({"effort": st.sampled_from([None, 5, 90, 600])}),
    st.fixed_dictionaries({"important": st.booleans()}),
    st.fixed_dictionaries({"urgent": st.booleans()}),
    st.fixed_dictionaries({"due": st.sampled_from([None, "2026-11-25", "2026-11-26", "2026-12-20", "2026-11-25T02:01:00Z", "2026-11-24T09:00:00Z"])}),
    st.fixed_dictionaries({"snoozed_until": st.integers(-30, 90)}),  # seconds from the clock (see ``run``)
    st.fixed_dictionaries({"follow_up": st.integers(-30, 90), "status": st.just("waiting")}),
    st.fixed_dictionaries({"status": st.sampled_from(["inbox", "open", "doing", "waiting"])}),
    st.fixed_dictionaries({"kind": st.sampled_from(["task", "interrupt"]), "taken_at": st.sampled_from([None, stamp(0)])}),
    st.fixed_dictionaries({"emergency": st.sampled_from([None, stamp(-30), stamp(-90)])}),
)
UNTIL = st.one_of(
    st.just(Due(pendulum.Date(2026, 11, 26))),
    st.integers(1, 180).map(lambda m: Due(START.add(minutes=m))),
)
STEPS = st.one_of(
    st.tuples(st.just("capture"), st.sampled_from(CAPTURES), st.sampled_from(["task", "interrupt"])),
    st.tuples(st.just("move"), st.integers(0, 10**6), st.integers(1, 4)),
    st.tuples(st.sampled_from(["done", "drop", "reopen", "take"]), st.integers(0, 10**6)),
    st.tuples(st.just("assign"), st.integers(0, 10**6), st.one_of(st.none(), st.integers(0, 19))),
    st.tuples(st.just("snooze"), st.integers(0, 10**6), UNTIL),
    st.tuples(st.just("wait"), st.integers(0, 10**6), st.one_of(st.none(), UNTIL)),
    st.tuples(st.just("edit"), st.integers(0, 10**6), EDITS),
    st.tuples(st.just("edit"), st.integers(0, 10**6), st.fixed_dictionaries({"snoozed_until": st.integers(-10, 20)})),
    st.tuples(st.sampled_from(["undo", "redo"])),
    st.tuples(st.just("tick"), st.sampled_from([-7, -3, 2, 5, 11, 29, 60, 3600, 86400])),  # seconds on (or back)
)


def run(desk: Desk, step: tuple, clock: list[int]) -> None:
    name, *args = step
    board = desk._last
    ids = sorted(board.items) if board is not None else []
    pick = lambda n: ids[n % len(ids)] if ids else "NOPE"  # noqa: E731
    team = sorted(board.team) if board is not None else []
    if name == "tick":
        clock[0] += args[0]
        os.environ["CHIEF_NOW"] = at(clock[0])
    elif name == "capture":
        desk.capture(args[0], kind=args[1])
    elif name == "move":
        desk.move(pick(args[0]), args[1])
    elif name in ("done", "drop", "reopen", "take"):
        getattr(desk, name)(pick(args[0]))
    elif name == "assign":
        desk.assign(pick(args[0]), None if args[1] is None or not team else team[args[1] % len(team)])
    elif name == "snooze":
        desk.snooze(pick(args[0]), args[1])
    elif name == "wait":
        desk.wait(pick(args[0]), "director", args[1])
    elif name == "edit":
        moments = ("snoozed_until", "follow_up")
        desk.edit(pick(args[0]), {k: stamp(clock[0] + v) if k in moments else v for k, v in args[1].items()})
    elif name in ("undo", "redo"):
        getattr(desk, name)()


def check(monkeypatch: pytest.MonkeyPatch, seed: int, steps: list[tuple[tuple, bool]], *, dashboard: bool = False) -> None:
    """Run the steps on a fresh file; after each, the desk's board must be the full build.

    ``dashboard``: as the dashboard runs them: each command journaled, its board the one
    the command left (``board_after_command``), the file written after it (``save_deferred``).
    """
    clock = [0]
    monkeypatch.setenv("CHIEF_NOW", at(0))
    with tempfile.TemporaryDirectory() as folder:
        desk = Desk(generate(Path(folder) / "chief.json", 40, seed=seed), Settings(horizon_days=1))
        if dashboard:
            desk.keep_housekeeping_out_of_saves()
            desk.save_after_paint(lambda: None)
        last = desk.board()
        seen = views(last)
        for step, look in steps:
            try:
                run(desk, step, clock)
            except COMMAND_ERRORS:
                pass
            board = desk.board_after_command() if dashboard else desk.board()
            if dashboard:
                desk.save_deferred()
            if seen is not None:  # the board it came from is as it was: it shares what did not change, and copies the rest
                assert views(last) == seen, step
            last, seen = board, None
            if look:  # else the next board is derived from one whose views were never worked out
                seen = views(board)
                assert seen == views(full(board)), step


@pytest.mark.slow
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 1000), steps=st.lists(st.tuples(STEPS, st.booleans()), min_size=3, max_size=40))
def test_the_board_after_commands_is_the_full_build(monkeypatch, frozen_time, seed, steps):
    check(monkeypatch, seed, steps)


@pytest.mark.slow
@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 1000), steps=st.lists(st.tuples(STEPS, st.booleans()), min_size=3, max_size=40))
def test_the_dashboards_board_after_commands_is_the_full_build(monkeypatch, frozen_time, seed, steps):
    check(monkeypatch, seed, steps, dashboard=True)


TIME_STEPS = st.one_of(  # what is put away, to the second, and the clock moving a few seconds on or back
    st.tuples(st.just("edit"), st.integers(0, 10**6), st.fixed_dictionaries({"snoozed_until": st.integers(-10, 20)})),
    st.tuples(st.just("edit"), st.integers(0, 10**6), st.fixed_dictionaries({"follow_up": st.integers(-10, 20), "status": st.just("waiting")})),
    st.tuples(st.sampled_from(["done", "reopen", "undo"]), st.integers(0, 10**6)),
    st.tuples(st.just("tick"), st.sampled_from([-7, -3, 2, 5, 11])),
)


@pytest.mark.slow
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 1000), steps=st.lists(st.tuples(TIME_STEPS, st.booleans()), min_size=3, max_size=30))
def test_the_board_as_the_clock_moves_within_a_minute_is_the_full_build(monkeypatch, frozen_time, seed, steps):
    check(monkeypatch, seed, steps)


def test_an_item_put_away_for_seconds_comes_back_within_the_minute(desk, monkeypatch):
    item, _ = desk.capture("* ! soon")
    views(desk.board())
    desk.edit(item.id, {"snoozed_until": stamp(20)})
    assert desk.board().quadrant(1) == [] and desk.board().put_away_count() == 1
    monkeypatch.setenv("CHIEF_NOW", at(25))  # the same minute
    board = desk.board()
    assert [i.id for i in board.quadrant(1)] == [item.id] and board.put_away_count() == 0
    monkeypatch.setenv("CHIEF_NOW", at(10))  # the clock went back: put away again
    board = desk.board()
    assert board.quadrant(1) == [] and board.put_away_count() == 1


def test_boards_after_commands_are_derived(frozen_time, monkeypatch, tmp_path):
    """The property test above is not comparing full builds with full builds."""
    spy = Spy(monkeypatch)
    path = generate(tmp_path / "many.json", 200, seed=3)
    desk = Desk(path)
    board = desk.board()
    views(board)
    for n, item in enumerate(sorted(board.items)[:30]):
        [desk.move, lambda i, q: desk.assign(i, None), lambda i, q: desk.edit(i, {"effort": q})][n % 3](item, n % 4 + 1)
        board = desk.board()
        assert views(board) == views(full(board))
    assert (spy.derived, spy.declined) == (30, 0)
    assert len(board._data[ITEMS]) == 200  # the 20 tombstones were dropped on the way


def test_the_dashboards_key_is_not_checked_against_every_record(frozen_time, tmp_path, monkeypatch):
    """A journaled command on what the desk knew changed only the items it touched (the replica's word): no walk."""
    desk = Desk(generate(tmp_path / "many.json", 200, seed=5))
    desk.keep_housekeeping_out_of_saves()
    desk.save_after_paint(lambda: None)
    board = desk.board()
    views(board)
    walks = []
    real = board_update._same_except
    monkeypatch.setattr(board_update, "_same_except", lambda *a: walks.append(1) or real(*a))
    for n, item in enumerate([i.id for i in board.inbox()][:3]):
        desk.move(item, n + 1)
        board = desk.board_after_command()
        assert views(board) == views(full(board))
        desk.save_deferred()
    assert walks == []
    other = Desk(desk.path)
    other.capture("from another process")
    item = board.inbox()[0].id
    desk.move(item, 4)  # the file changed: the command read it in, and more than its item changed
    board = desk.board_after_command()
    assert views(board) == views(full(board)) and "from another process" in {i.title for i in board.items.values()}
    desk.save_deferred()
    desk.team_add("Li Wei")  # a team record touched
    desk.move(board.inbox()[0].id, 1)
    board = desk.board_after_command()
    assert views(board) == views(full(board)) and "Li Wei" in {m.name for m in board.members_by_load()}


def test_a_board_after_a_move_shares_the_lists_the_move_did_not_touch(frozen_time, tmp_path):
    """The panels see an unchanged list as the very same object; the two lists the item left and entered are new."""
    desk = Desk(generate(tmp_path / "many.json", 200, seed=5))
    before = desk.board()
    views(before)
    item = before.inbox()[0]
    kept = {n: [i.id for i in before.quadrant(n)] for n in range(1, 5)}
    desk.move(item.id, 4)
    after = desk.board()
    assert after.inbox() is not before.inbox() and after.quadrant(4) is not before.quadrant(4)
    assert all(after.quadrant(n) is before.quadrant(n) for n in (1, 2, 3)) and after.interrupts() is before.interrupts()
    assert item.id in [i.id for i in before.inbox()] and [i.id for i in before.quadrant(4)] == kept[4]  # the old board's own
    assert views(after) == views(full(after))


def test_a_change_by_another_process_is_picked_up(data_file, frozen_time, monkeypatch):
    spy = Spy(monkeypatch)
    generate(data_file, 60, seed=11)
    mine, theirs = Desk(data_file), Desk(data_file)
    board = mine.board()
    views(board)
    first, second, third = [i.id for i in board.open_items()][:3]

    theirs.move(first, 1)  # only the other process: the file is read again, in full
    board = mine.board()
    assert [i.id for i in board.quadrant(1)].count(first) == 1
    assert views(board) == views(full(board))

    theirs.edit(second, {"title": "from the laptop"})
    mine.move(third, 4)  # our command reads their change in with it: not only our touch changed
    board = mine.board()
    assert board.items[second].title == "from the laptop" and not board.items[third].important
    assert views(board) == views(full(board))

    theirs.edit(third, {"notes": "theirs"})
    mine.edit(third, {"effort": 45})  # both changed the same item: it is read again from the merged data
    board = mine.board()
    assert (board.items[third].notes, board.items[third].effort) == ("theirs", 45)
    assert views(board) == views(full(board))
    assert (spy.declined, spy.derived) == (1, 1)  # the first board was not even tried: it was read again


def test_a_member_added_or_a_problem_record_means_a_full_build(desk, data_file, monkeypatch):
    spy = Spy(monkeypatch)
    item, _ = desk.capture("* one")
    views(desk.board())
    desk.team_add("Li Wei")  # team records changed
    board = desk.board()
    assert [m.name for m in board.members_by_load()] == ["Li Wei"]
    assert spy.declined == 1

    data, _ = read_file(data_file)
    data[ITEMS]["01BADBADBADBADBADBADBADBAD"] = {"title": 42}
    write_atomic(data_file, serialize(data))
    board = Desk(data_file).board()
    assert len(board.problems) == 1
    other = Desk(data_file)
    views(other.board())
    other.move(item.id, 3)
    board = other.board()
    assert len(board.problems) == 1 and [i.id for i in board.quadrant(3)] == [item.id]
    assert views(board) == views(full(board))
    assert spy.declined == 2


def test_dropped_tombstones_and_unknown_changes():
    """Tombstones may vanish between boards (they were not shown); any other unlisted change is refused."""
    now = pendulum.parse(FROZEN_NOW, tz=FROZEN_TZ)
    records = {f"0{n}": {"title": f"t{n}", "status": "open", "important": n % 2 == 0, "created": stamp(-n)} for n in range(8)}
    gone = {"_deleted": {"*": ""}, "_stamps": {"*": ""}}
    old_data = {"items": {**records, "0T": gone}, "team": {}, "meta": {}}
    old = Board.from_data(old_data, Settings(), now)
    views(old)
    new_data = {"items": {**records, "03": {**records["03"], "urgent": True}}, "team": {}, "meta": {"chief": {"clock": "x"}}}
    new = board_update.after(old, new_data, {"03"}, Settings(), now)
    assert new is not None and views(new) == views(Board.from_data(new_data, Settings(), now))
    assert board_update.after(old, new_data, set(), Settings(), now) is None  # 03 changed unannounced
    for other, moment in ((Settings(horizon_days=3), now), (Settings(), now.add(minutes=1)), (Settings(), now.subtract(seconds=1))):
        new = board_update.after(old, new_data, {"03"}, other, moment)  # the records, but not where they sit
        assert not {"_groups", "_tallies"} & new.__dict__.keys()
        assert views(new) == views(Board.from_data(new_data, other, moment))
    missing = {"items": {k: v for k, v in records.items() if k != "05"}, "team": {}, "meta": {}}
    assert board_update.after(old, missing, set(), Settings(), now) is None  # a live record vanished


async def test_the_dashboards_keystrokes_leave_tombstones_to_housekeeping(frozen_time, tmp_path):
    """No keystroke pays for a pass over every record: old tombstones go in the timed housekeeping."""
    from apptools import make_app

    path = generate(tmp_path / "many.json", 200, seed=5)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        item = app.board.inbox()[0]
        app.dashboard.focus_item(item.id)
        await pilot.press("1")
        await pilot.pause()
        assert len(read_file(path)[0][ITEMS]) == 220  # moved and saved; the 20 tombstones still there
        app._archive()
        assert len(read_file(path)[0][ITEMS]) == 200
