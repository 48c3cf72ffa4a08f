"""The merge: field by field, nothing lost, the same result in any order.

Two levels: the merge laws on arbitrary stamped records (hypothesis), and
three real replicas (three files, three device ids, clocks that disagree)
making random edits, deletes and merges until they all converge.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chief.store.sync.hlc import HybridClock, make_stamp, parse_stamp
from chief.store.desk import Desk
from chief.store.sync.merge import DEFAULT, DELETED, STAMPS, content, is_live, merge_data, merge_record
from chief.store.datafile.storage import read_file
from chief.store.reports.in_words import marks_in_full

# arbitrary stamped records ------------------------------------------------------

stamps = st.builds(make_stamp, st.integers(0, 50), st.integers(0, 3), st.sampled_from(["aaaa", "bbbb", "cccc"]))
values = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3))
names = st.sampled_from(["title", "notes", "due", "status", DELETED])


@st.composite
def records(draw):
    fields = draw(st.dictionaries(names, values, max_size=4))
    if DELETED in fields and fields[DELETED] is not None:
        fields[DELETED] = draw(st.dictionaries(st.sampled_from(["title", "notes", DEFAULT]), stamps, min_size=1))
    own = draw(st.dictionaries(st.sampled_from([*fields, DEFAULT]), stamps))
    if own:
        fields[STAMPS] = own
    return fields


tables = st.fixed_dictionaries({"items": st.dictionaries(st.sampled_from(["A", "B", "C"]), records(), max_size=3)})


@st.composite
def with_steps(draw):
    """A record whose ``steps`` field is a map of stamped records (store/sync/merge.py NESTED)."""
    record = draw(records())
    record["steps"] = draw(st.dictionaries(st.sampled_from(["s1", "s2", "s3"]), records(), max_size=3))
    record.setdefault(STAMPS, {})["steps"] = draw(stamps)
    return record


@given(with_steps(), with_steps(), with_steps())
def test_merging_steps_keeps_the_merge_laws(a, b, c):
    assert merge_record(a, b) == merge_record(b, a)
    assert merge_record(merge_record(a, b), c) == merge_record(a, merge_record(b, c))
    once = merge_record(a, b)
    assert merge_record(once, once) == once and merge_record(once, a) == once


@pytest.mark.slow
@given(records(), records())
def test_merge_record_is_commutative(a, b):
    assert merge_record(a, b) == merge_record(b, a)


@given(records(), records(), records())
def test_merge_record_is_associative(a, b, c):
    assert merge_record(merge_record(a, b), c) == merge_record(a, merge_record(b, c))


@given(records(), records())
def test_merge_record_is_idempotent(a, b):
    once = merge_record(a, b)
    assert merge_record(once, once) == once
    assert merge_record(once, a) == once and merge_record(once, b) == once


@given(st.lists(tables, min_size=1, max_size=4), st.randoms())
def test_merge_data_ignores_order(copies, random):
    shuffled = list(copies)
    random.shuffle(shuffled)
    assert merge_data(*copies) == merge_data(*shuffled)


def test_later_stamp_wins_per_field_and_other_fields_survive():
    a = {"title": "old", "notes": "mine", STAMPS: {DEFAULT: make_stamp(1, 0, "aaaa"), "notes": make_stamp(5, 0, "aaaa")}}
    b = {"title": "new", "notes": "", STAMPS: {DEFAULT: make_stamp(1, 0, "aaaa"), "title": make_stamp(7, 0, "bbbb")}}
    merged = merge_record(a, b)
    assert (merged["title"], merged["notes"]) == ("new", "mine")


def test_an_edit_the_deleter_had_not_seen_brings_the_record_back():
    base = {"title": "x", STAMPS: {DEFAULT: make_stamp(1, 0, "aaaa")}}
    deleted = {**base, DELETED: {DEFAULT: make_stamp(1, 0, "aaaa")}, STAMPS: {**base[STAMPS], DELETED: make_stamp(9, 0, "aaaa")}}
    edited = {**base, "title": "y", STAMPS: {**base[STAMPS], "title": make_stamp(3, 0, "bbbb")}}  # earlier clock, unseen
    assert not is_live(deleted)
    assert is_live(merge_record(deleted, edited))
    assert merge_record(deleted, edited)["title"] == "y"


def test_the_clock_moves_past_what_it_sees_and_never_back():
    wall = iter([100, 100, 50, 50, 50])  # observe() reads the wall clock too, for its future bound
    clock = HybridClock("aaaa", wall_ms=lambda: next(wall))
    first, second = clock.now(), clock.now()
    clock.observe(make_stamp(500, 7, "bbbb"))
    third, fourth = clock.now(), clock.now()
    assert first < second < third < fourth
    assert parse_stamp(third)[:2] == (500, 8)


# three real replicas ------------------------------------------------------------


class Machine:
    """One machine: its own file, its own device id, a clock that may be off."""

    def __init__(self, folder: Path, name: str, skew_ms: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "chief.json"
        self.desk = Desk(self.path)
        self.ticks = itertools.count()
        base = 1_790_000_000_000 + skew_ms
        self.desk.replica.clock = HybridClock(name.ljust(10, "x"), wall_ms=lambda: base + next(self.ticks))

    def items(self) -> dict:
        data, _ = read_file(self.path)
        return content(data)["items"]


operations = st.lists(
    st.tuples(
        st.integers(0, 2),  # which machine
        st.sampled_from(["add", "title", "notes", "done", "move", "delete", "merge", "archive",
                         "step", "tick", "step-move", "step-remove", "undo"]),
        st.integers(0, 5),  # which item (by position) or which machine to merge from
        st.text(alphabet="abc张", min_size=1, max_size=4),
    ),
    min_size=1,
    max_size=25,
)


def _act(machines: list[Machine], who: int, op: str, pick: int, text: str) -> None:
    machine = machines[who]
    if op == "merge":
        source = machines[pick % 3]
        if source is not machine and source.path.exists():
            machine.desk.merge_file(source.path)
        return
    if op == "add" or not machine.path.exists():
        machine.desk.capture(text)
        return
    ids = sorted(machine.desk.board().items)
    if not ids:
        return
    item = ids[pick % len(ids)]
    if op == "title":
        machine.desk.edit(item, {"title": text})
    elif op == "notes":
        machine.desk.edit(item, {"notes": text})
    elif op == "done":
        machine.desk.done(item) if machine.desk.board().items[item].status != "done" else machine.desk.reopen(item)
    elif op == "move":
        machine.desk.move(item, pick % 4 + 1)
    elif op == "delete":
        machine.desk.replica.apply(lambda tx: tx.remove("items", item))
    elif op == "step":
        machine.desk.step_add(item, text)
    elif op in ("tick", "step-move", "step-remove"):
        steps = machine.desk.board().items[item].steps
        if not steps:
            return
        step = pick % len(steps) + 1
        if op == "tick":
            (machine.desk.step_untick if steps[step - 1].done else machine.desk.step_tick)(item, step)
        elif op == "step-move":
            machine.desk.step_move(item, step, len(steps) - step + 1)
        else:
            machine.desk.step_remove(item, step)
    elif op == "undo":
        machine.desk.undo()
    elif op == "archive":  # closed long ago: it moves to this machine's yearly archive
        machine.desk.edit(item, {"status": "done", "done_at": "2026-01-05T09:00:00Z"})
        machine.desk.archive_old()


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_three_replicas_converge_whatever_the_order(tmp_path_factory, monkeypatch, ops):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    root = tmp_path_factory.mktemp("machines")
    machines = [Machine(root / f"m{i}", f"dev{i}", skew) for i, skew in enumerate((0, 40_000, -90_000))]
    for who, op, pick, text in ops:
        _act(machines, who, op, pick, text)
    # everyone meets everyone, twice, in a fixed round
    for source, target in [(a, b) for a in machines for b in machines if a is not b] * 2:
        if source.path.exists():
            target.desk.merge_file(source.path)
    views = [m.items() for m in machines if m.path.exists()]
    assert all(view == views[0] for view in views)


def test_concurrent_edits_of_different_fields_both_survive(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    office, laptop = Machine(tmp_path / "office", "office", 0), Machine(tmp_path / "laptop", "laptop", 5_000)
    item, _ = office.desk.capture("* budget review")
    laptop.desk.merge_file(office.path)
    office.desk.edit(item.id, {"notes": "ask Finance"})
    laptop.desk.edit(item.id, {"title": "budget review 2027"})
    laptop.desk.move(item.id, 1)
    office.desk.merge_file(laptop.path)
    laptop.desk.merge_file(office.path)
    assert office.items() == laptop.items()
    merged = office.items()[item.id]
    assert (merged["title"], merged["notes"], merged["urgent"]) == ("budget review 2027", "ask Finance", True)


def test_the_later_of_two_edits_to_one_field_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    office, laptop = Machine(tmp_path / "office", "office", 0), Machine(tmp_path / "laptop", "laptop", 0)
    item, _ = office.desk.capture("call Li")
    laptop.desk.merge_file(office.path)
    office.desk.edit(item.id, {"title": "call Li at 3"})
    for _ in range(5):
        next(laptop.ticks)  # the laptop's edit is later
    laptop.desk.edit(item.id, {"title": "call Li at 4"})
    office.desk.merge_file(laptop.path)
    assert office.items()[item.id]["title"] == "call Li at 4"


def test_a_delete_then_a_merge_reports_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    office, laptop = Machine(tmp_path / "office", "office", 0), Machine(tmp_path / "laptop", "laptop", 0)
    keep, _ = office.desk.capture("keep")
    gone, _ = office.desk.capture("gone")
    laptop.desk.merge_file(office.path)
    laptop.desk.replica.apply(lambda tx: tx.remove("items", gone.id))
    laptop.desk.capture("new on the laptop")
    laptop.desk.edit(keep.id, {"notes": "changed"})
    came = office.desk.merge_file(laptop.path)
    assert (len(came.new), came.changed, came.deleted) == (1, [keep.id], [gone.id])
    assert sorted(i["title"] for i in office.items().values()) == ["keep", "new on the laptop"]


@pytest.mark.parametrize("name, strict", [
    ("chief.sync-conflict-20261125-101500-ABCDEFG.json", True),
    ("chief.sync-conflict-20261125-101500.json", True),
    ("chief (Li's conflicted copy 2026-11-25).json", True),
    ("chief (conflicted copy 2026-11-25 101500).json", True),
    ("chief_conflict-20261125-101500.json", True),
    ("chief-OFFICE-PC.json", False),
    ("chief (1).json", False),
    ("chief 2.json", False),
])
def test_conflict_copies_are_absorbed_and_set_aside(tmp_path, monkeypatch, name, strict):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    home = Machine(tmp_path / "sync", "home", 0)
    home.desk.capture("mine")
    other = Machine(tmp_path / "elsewhere", "other", 0)
    if strict:
        other.desk.capture("from a conflict")
    else:  # loose names are taken only from the same database
        other.path.write_bytes(home.path.read_bytes())
        other.desk = Desk(other.path)
        other.desk.replica.clock = HybridClock("otherxxxxx")
        other.desk.capture("from a conflict")
    copy = home.path.with_name(name)
    copy.write_bytes(other.path.read_bytes())
    board = Desk(home.path).board()
    assert sorted(i.title for i in board.items.values()) == ["from a conflict", "mine"]
    assert not copy.exists()
    assert sorted(i["title"] for i in home.items().values()) == ["from a conflict", "mine"]
    assert any(p.name.endswith(name) for p in (tmp_path / "state" / "absorbed").iterdir())


def test_a_loose_name_from_another_database_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    home = Machine(tmp_path / "sync", "home", 0)
    home.desk.capture("mine")
    stranger = Machine(tmp_path / "stranger", "strange", 0)
    stranger.desk.capture("not ours")
    copy = home.path.with_name("chief (1).json")
    copy.write_bytes(stranger.path.read_bytes())
    assert [i.title for i in Desk(home.path).board().items.values()] == ["mine"]
    assert copy.exists()


def test_the_same_person_added_on_two_machines_is_one_member(tmp_path, monkeypatch):
    """Member ids come from the name, so a merge joins them and @name stays unambiguous."""
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    office, laptop = Machine(tmp_path / "office", "office", 0), Machine(tmp_path / "laptop", "laptop", 0)
    office.desk.team_add("张伟", capacity_hours=30)
    laptop.desk.team_add(" 张伟 ", capacity_hours=20)
    laptop.desk.team_add("Li Na")
    office.desk.merge_file(laptop.path)
    team = office.desk.board().team
    assert sorted(m.name for m in team.values()) == ["Li Na", "张伟"]
    item, _ = office.desk.capture("draft the notice @张伟")
    assert office.desk.board().member_name(item.assignee) == "张伟"


# the team across machines (issue 14) ---------------------------------------------------------


def _two_machines(tmp_path, monkeypatch):
    """An office and a laptop that share one team (张伟, Li Na), then work apart."""
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    office, laptop = Machine(tmp_path / "office", "office", 0), Machine(tmp_path / "laptop", "laptop", 5)
    office.desk.team_add("张伟", capacity_hours=30, role="科员")
    office.desk.team_add("Li Na")
    laptop.desk.merge_file(office.path)
    return office, laptop


def _team(machine) -> dict:
    data, _signature = read_file(machine.path)
    return {r["name"]: r for r in content(data)["team"].values()}


def test_a_member_edited_on_two_machines_keeps_both_edits(tmp_path, monkeypatch):
    office, laptop = _two_machines(tmp_path, monkeypatch)
    office.desk.team_edit("张伟", capacity_hours=20)
    laptop.desk.team_edit("张伟", role="副科长", categories=["doc"])
    laptop.desk.team_away("Li Na", until="2026-12-07", reason="trip")
    office.desk.team_edit("Li Na", name="李娜")
    office.desk.merge_file(laptop.path)
    laptop.desk.merge_file(office.path)
    for machine in (office, laptop):
        team = _team(machine)
        assert (team["张伟"]["capacity"], team["张伟"]["role"], team["张伟"]["categories"]) == (1200, "副科长", ["documents"])
        assert (team["李娜"]["away"], team["李娜"]["away_until"], team["李娜"]["away_reason"]) == (True, "2026-12-07", "trip")
    assert _team(office) == _team(laptop)


def test_a_removal_is_not_undone_by_a_machine_that_had_not_seen_it(tmp_path, monkeypatch):
    """The tombstone wins over concurrent edits; what the other machine gave the member is not left with nobody."""
    office, laptop = _two_machines(tmp_path, monkeypatch)
    old, _board = office.desk.capture("* 起草通知 @张伟")
    laptop.desk.merge_file(office.path)
    office.desk.team_remove("张伟", hand_to="Li Na")
    laptop.desk.team_edit("张伟", capacity_hours=10, role="借调")  # apart: the laptop still has 张伟
    laptop.desk.team_away("张伟", until="mon")
    new, _board = laptop.desk.capture("! 订会议室 @张伟")
    for first, second in ((office, laptop), (laptop, office)):
        first.desk.merge_file(second.path)
    for machine in (office, laptop):
        board = machine.desk.board()
        zw = next(m for m in board.members.values() if m.name == "张伟")
        assert zw.removed and zw.id not in board.team and zw.capacity == 600  # removed, with the laptop's edits
        assert board.items[old.id].assignee == next(m.id for m in board.team.values() if m.name == "Li Na")
        assert board.holder(board.items[new.id]) is None  # the chief's, counted in nobody's load
        assert [i.id for i in board.orphaned()] == [new.id]
        assert "was 张伟's (removed)" in marks_in_full(board, board.items[new.id])
        assert sum(board.load(m.id).open for m in board.team.values()) == 1
    laptop.desk.team_remove("张伟", hand_to="inbox")  # the straggler handed on as the removal would have
    board = laptop.desk.board()
    assert board.orphaned() == [] and board.items[new.id].status == "inbox" and board.items[new.id].assignee is None
    office.desk.merge_file(laptop.path)
    assert content(read_file(office.path)[0]) == content(read_file(laptop.path)[0])


def test_a_member_brought_back_on_one_machine_and_edited_on_the_other(tmp_path, monkeypatch):
    office, laptop = _two_machines(tmp_path, monkeypatch)
    office.desk.team_remove("Li Na")
    laptop.desk.merge_file(office.path)
    laptop.desk.team_add("li na", capacity_hours=20)  # back, the same member
    office.desk.team_edit("张伟", role="科长助理")
    office.desk.merge_file(laptop.path)
    board = office.desk.board()
    assert sorted(m.name for m in board.team.values()) == ["li na", "张伟"]
    assert len(board.members) == 2
