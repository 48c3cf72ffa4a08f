"""The first screen's board (store/domain/first_board.py) is the full board's first screen, at any moment it holds for.

Random boards (every state, dues from last week to next month, snoozes and
follow-ups ending at any time, emergencies, removed members) give their
inputs at one moment; at random later moments inside the inputs' window, the
board made from the inputs (after a JSON round trip, as they are kept) must
show exactly what the full board of the same records shows then: the first
rows of every list in order, every list's length, the header's counts, the
open emergencies, every member's load and what sets each panel's column widths
(the different dues, assignees and categories of each list's first rows). Lists
are kept short here (3 rows, and a few rows for the column widths) so that
cutting them is tested too.
"""

from __future__ import annotations

import json
import random

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FROZEN_NOW, FROZEN_TZ
from chief.store.domain import board as board_module, first_board
from chief.store.domain.board import COLUMNS_FROM, INBOX, INTERRUPTS, Board
from chief.store.domain.config import Settings
from chief.store.domain.first_board import SLOTS, FirstBoard, first_screen
from chief.store.domain.model import Item
from chief.store.domain.steps import emergencies
from chief.store.domain.wallclock import utc_stamp
from chief.store.sync.hlc import make_stamp

START = pendulum.parse(FROZEN_NOW, tz=FROZEN_TZ)
HOUR = 3600
DAY = 86_400


def stamp(seconds: int) -> str:
    return utc_stamp(START.add(seconds=seconds))


def data_of(seed: int, count: int) -> dict:
    rng = random.Random(seed)
    new_id = lambda: f"01J{rng.getrandbits(92):023X}"  # noqa: E731
    mark = {"*": make_stamp(1_700_000_000_000, 0, "testtest")}
    team = {new_id(): {"name": f"Member {n}", "capacity": rng.choice([0, 600, 2400]), "away": n == 4,
                       "removed": n == 5, "_stamps": mark} for n in range(6)}
    items = {}
    for n in range(count):
        status = rng.choice(("inbox", "open", "open", "doing", "waiting", "done", "dropped"))
        due = rng.choice((None, None, (START.add(days=rng.randint(-5, 12))).format("YYYY-MM-DD"),
                          stamp(rng.randint(-72, 400) * HOUR)))
        record = Item(
            id="", title=f"item {n}", kind=rng.choice(("task", "task", "interrupt")), important=rng.random() < 0.5,
            urgent=rng.random() < 0.3, due=due, assignee=rng.choice((None, "01JNOBODY", *team)), status=status,
            effort=rng.choice((None, 30, 240)), created=stamp(-rng.randint(0, 30 * DAY)), updated=stamp(0),
            done_at=stamp(-60) if status in ("done", "dropped") else None,
            taken_at=rng.choice((None, stamp(-120))),
            snoozed_until=rng.choice((None, None, None, stamp(rng.randint(-2 * DAY, 8 * DAY)))),
            follow_up=stamp(rng.randint(-2 * DAY, 8 * DAY)) if status == "waiting" and rng.random() < 0.7 else None,
            waiting_on="Li" if status == "waiting" else None,
            emergency=stamp(-rng.randint(1, 5000)) if rng.random() < 0.05 else None,
        ).to_record()
        items[new_id()] = {**record, "_stamps": mark}
    items[new_id()] = {"title": 5, "_stamps": mark}  # a record that cannot be read: a problem, said on the first screen too
    meta = {"chief": {"schema": 2, "database_id": new_id(), "clock": mark["*"]}}
    return {"items": items, "team": team, "meta": meta}


def screen(board: Board, rows: int) -> dict:
    """What the dashboard's first screen reads off a board: each list's first ``rows``, the counts, the team."""
    return {
        "lists": {slot: [i.id for i in board._groups.lists[slot][:rows]] for slot in SLOTS},
        "listed": {slot: board.listed(slot) for slot in SLOTS},
        "overdue": board.overdue_count(),
        "put_away": board.put_away_count(),
        "emergencies": [i.id for i in emergencies(board)],
        "loads": {m.id: board.load(m.id) for m in board.members.values()},
        "busiest": [m.id for m in board.members_by_busiest()],
        "problems": [str(p) for p in board.problems],
        "placed": {i.id: (board.placement(i).quadrant, board.placement(i).urgent_because)
                   for slot in SLOTS for i in board._groups.lists[slot][:rows]},
        "columns": {slot: tuple(map(frozenset, board.column_values(board._groups.lists[slot]))) for slot in SLOTS},
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), count=st.integers(0, 60), horizon=st.integers(0, 3),
       written=st.integers(-DAY, DAY), later=st.lists(st.integers(0, 4 * DAY - 1), min_size=1, max_size=4),
       columns=st.integers(1, 8))
def test_first_screen_is_the_full_boards(monkeypatch, seed, count, horizon, written, later, columns):
    monkeypatch.setattr(first_board, "ROWS", 3)
    monkeypatch.setattr(first_board, "COLUMNS_FROM", columns)
    monkeypatch.setattr(board_module, "COLUMNS_FROM", columns)
    config = Settings(horizon_days=horizon)
    data = data_of(seed, count)
    then = START.add(seconds=written)
    until = then.int_timestamp + 4 * DAY
    inputs = json.loads(json.dumps(first_screen(Board.from_data(data, config, then), until)))
    for seconds in later:
        now = then.add(seconds=seconds)
        whole = Board.from_data(data, config, now)
        for rows in (3, 2, 1):  # the terminal's lines: rows past them are not read
            made = FirstBoard.made(inputs, config, now, rows)
            assert made is not None
            shown = screen(made, rows)
            assert shown == screen(whole, rows)
            for slot in SLOTS:  # at least the rows kept, or the whole list; every row listed is the full list's
                listed = [i.id for i in made._groups.lists[slot]]
                assert len(listed) >= min(rows, whole.listed(slot))
                assert listed == [i.id for i in whole._groups.lists[slot][:len(listed)]]


@pytest.mark.parametrize("seed, horizon", [(6, 0), (7, 2)])
def test_movers_not_kept_whole_are_where_the_full_board_has_them_all_through_the_window(monkeypatch, seed, horizon):
    """The movers no panel can show are kept as their states (list, overdue, load) from change to change: at
    every hour of the window, and just before and at each midnight, the counts and loads are the full board's."""
    monkeypatch.setattr(first_board, "ROWS", 3)
    config = Settings(horizon_days=horizon)
    data = data_of(seed, 400)
    until = START.int_timestamp + 4 * DAY
    inputs = json.loads(json.dumps(first_screen(Board.from_data(data, config, START), until)))
    assert sum("states" in mover for mover in inputs["movers"].values()) > 20
    midnight = START.start_of("day")
    moments = [START.add(hours=h, minutes=7) for h in range(0, 4 * 24 - 1, 2)]
    moments += [midnight.add(days=d, seconds=s) for d in (1, 2, 3) for s in (-1, 0)]
    for now in moments:
        assert screen(FirstBoard.made(inputs, config, now), 3) == screen(Board.from_data(data, config, now), 3), now


def test_kept_are_few_on_a_large_board():
    """Only each list's first rows, the movers and the emergencies are kept, not the open items."""
    data = data_of(1, 2000)
    inputs = first_screen(Board.from_data(data, Settings(), START), START.int_timestamp + 4 * DAY)
    open_items = sum(1 for r in data["items"].values() if r.get("status") not in ("done", "dropped"))
    emergency = sum(1 for r in data["items"].values() if r.get("emergency") and r.get("status") not in ("done", "dropped"))
    assert len(inputs["movers"]) < open_items / 2  # due within the window and the horizon, or put away until then
    whole = [key for key in inputs["movers"] if key in inputs["items"]]  # those a panel may show
    assert all("states" not in inputs["movers"][key] for key in whole)
    assert len(whole) < len(inputs["movers"]) / 2  # the others: where they are over the window, no record
    assert len(inputs["items"]) <= len(SLOTS) * first_board.ROWS + len(whole) + emergency


@pytest.mark.parametrize("offset", [-1, 4 * DAY])
def test_no_first_board_outside_its_window(offset):
    data = data_of(2, 30)
    inputs = first_screen(Board.from_data(data, Settings(), START), START.int_timestamp + 4 * DAY)
    assert FirstBoard.made(inputs, Settings(), START.add(seconds=offset)) is None
    assert FirstBoard.made(inputs, Settings(), START.add(seconds=offset + 1 if offset < 0 else offset - 1)) is not None


def test_a_kept_record_that_no_longer_reads_makes_no_first_board():
    data = data_of(3, 30)
    inputs = json.loads(json.dumps(first_screen(Board.from_data(data, Settings(), START), START.int_timestamp + DAY)))
    key = inputs["lists"]["1"]["top"][0] if inputs["lists"]["1"]["top"] else next(iter(inputs["items"]))
    inputs["items"][key]["title"] = ""
    assert FirstBoard.made(inputs, Settings(), START) is None


@pytest.mark.parametrize("change", [
    lambda i: i["lists"]["1"].update(count=-5),
    lambda i: i["lists"]["inbox"].update(count="many"),
    lambda i: i["lists"]["2"].update(count=True),
    lambda i: i["lists"]["1"].update(count=len(i["lists"]["1"]["top"]) - 1),
    lambda i: i.update(overdue=-1),
    lambda i: i.update(put_away=1.5),
    lambda i: i["tallies"].update(X=[30, -1, 0, 0, 0]),
], ids=["negative", "text", "bool", "fewer than its rows", "overdue", "put away", "load"])
def test_counts_that_are_not_counts_make_no_first_board(change):
    """A note this machine did not write (a hand, another tool) may hold anything: a count shown on the first
    screen must be one, else the file is read as when nothing was kept."""
    data = data_of(3, 30)
    inputs = json.loads(json.dumps(first_screen(Board.from_data(data, Settings(), START), START.int_timestamp + DAY)))
    assert FirstBoard.made(json.loads(json.dumps(inputs)), Settings(), START) is not None  # the control
    change(inputs)
    assert FirstBoard.made(inputs, Settings(), START) is None


def test_inbox_and_interrupts_are_lists_too():
    assert INBOX in SLOTS and INTERRUPTS in SLOTS


def test_a_terminal_taller_than_the_rows_kept_is_not_shown_the_first_board():
    """A panel shows fewer rows than the terminal has lines: up to ROWS lines, the rows kept fill every panel;
    a board made for fewer lines fills a terminal of those."""
    data = data_of(2, 30)
    inputs = first_screen(Board.from_data(data, Settings(), START), START.int_timestamp + 4 * DAY)
    board = FirstBoard.made(inputs, Settings(), START)
    assert board.fits_lines(first_board.ROWS) and not board.fits_lines(first_board.ROWS + 1)
    short = FirstBoard.made(inputs, Settings(), START, 24)
    assert short.fits_lines(24) and not short.fits_lines(25)
    assert first_board.ROWS < COLUMNS_FROM  # the widths' inputs reach further than the rows kept as records


def test_a_short_terminal_reads_fewer_of_the_records_kept():
    """Each list's rows past the terminal's lines are not read; the movers and the emergencies always are."""
    data = data_of(1, 2000)
    inputs = json.loads(json.dumps(first_screen(Board.from_data(data, Settings(), START), START.int_timestamp + 4 * DAY)))
    tall, short = FirstBoard.made(inputs, Settings(), START), FirstBoard.made(inputs, Settings(), START, 10)
    assert len(tall.items) == len(inputs["items"])
    assert len(short.items) < len(tall.items) * 0.75
    movers = {key for key in inputs["movers"] if key in inputs["items"]}
    emergency = {key for key, record in inputs["items"].items() if record.get("emergency")}
    assert movers | emergency <= set(short.items)
    assert all(key in short.items for spec in inputs["lists"].values() for key in spec["top"][:10])


@pytest.mark.parametrize("seed", [4, 5])
def test_a_panels_column_widths_are_the_full_boards_on_a_large_board(seed):
    """At the real sizes (ROWS kept of each list, the widths set by the first COLUMNS_FROM): a panel lines its
    columns up as on the full board, at any moment the first board holds for, so nothing shifts when it comes."""
    from chief.tui.widgets.item_list import ItemList

    data = data_of(seed, 3000)
    inputs = json.loads(json.dumps(first_screen(Board.from_data(data, Settings(), START), START.int_timestamp + 4 * DAY)))
    for seconds in (0, 7 * HOUR, DAY + 13 * HOUR, 4 * DAY - 1):
        now = START.add(seconds=seconds)
        made, whole = FirstBoard.made(inputs, Settings(), now), Board.from_data(data, Settings(), now)
        for slot in SLOTS:
            assert whole.listed(slot) > COLUMNS_FROM or slot == INTERRUPTS
            widths = [ItemList._column_widths(None, board, board._groups.lists[slot]) for board in (made, whole)]  # type: ignore[arg-type]
            assert widths[0] == widths[1], (slot, seconds)


def test_kept_records_read_as_the_same_items_without_stamps_or_default_fields():
    """The note keeps a record without its stamps and the fields holding their default (None, "", False, 0): the same item."""
    board = Board.from_data(data_of(3, 300), Settings(), START)
    inputs = first_screen(board, START.int_timestamp + 4 * DAY)
    kept = {key: record for key, record in inputs["items"].items() if key in board.items}
    assert len(kept) > 50
    assert not any("_stamps" in record or None in record.values() for record in kept.values())
    assert not any(r.get("notes") == "" or r.get("important") is False or r.get("deferrals") == 0 for r in kept.values())
    assert all(Item.from_record(key, record) == board.items[key] for key, record in kept.items())
    assert sum(len(json.dumps(r)) for r in kept.values()) < 0.7 * sum(len(json.dumps(board.raw_items[k])) for k in kept)
