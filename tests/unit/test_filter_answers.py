"""The board filter keeps its answer per item: a key that changes one item matches one item.

``ItemFilter.shown`` must always give what matching every item again gives
(the fast path == the slow path), while matching only the items it has not
seen: an item never changes in place, and besides the item the answer depends
only on the members' names.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from chief.store.desk import Desk
from chief.tui.filtering import ItemFilter

TITLES = ("起草会议纪要", "会议室预订", "Reply to Finance", "审核保密文件", "回复办公厅来函", "hy notes")


@pytest.fixture
def counted(monkeypatch):
    """How many times an item was matched one by one."""
    calls: list[str] = []
    real = ItemFilter.matches

    def matches(self, board, item):
        calls.append(item.id)
        return real(self, board, item)

    monkeypatch.setattr(ItemFilter, "matches", matches)
    return calls


_SEEDED: list[bytes] = []  # the file _filled makes, made once


def _filled(desk: Desk) -> None:
    if not _SEEDED:
        desk.team_add("张伟")
        desk.team_add("Li Na")
        for n, title in enumerate(TITLES * 3):
            desk.capture(f"{title} {n}" + (" @张伟" if n % 2 else ""))
        _SEEDED.append(desk.path.read_bytes())
    else:
        desk.path.parent.mkdir(parents=True, exist_ok=True)
        desk.path.write_bytes(_SEEDED[0])


def _slow(text: str, board, items):
    matcher = ItemFilter(text)
    return [item for item in items if matcher.matches(board, item)]


def test_a_key_matches_only_the_item_it_changed(desk, counted):
    _filled(desk)
    board = desk.board()
    shown = ItemFilter("hy")  # pinyin: 会议 and the Latin "hy"
    first = shown.shown(board, board.inbox())
    assert [i.title for i in first] == [i.title for i in _slow("hy", board, board.inbox())]
    assert len(first) == 9
    counted.clear()
    target = first[0]
    desk.move(target.id, 1)
    after = desk.board_after_command()
    inbox, do_now = shown.shown(after, after.inbox()), shown.shown(after, after.quadrant(1))
    assert counted == [target.id]  # the moved item, a new object; every other one was answered before
    assert [i.id for i in do_now] == [target.id]
    assert [i.id for i in inbox] == [i.id for i in first[1:]]


def test_an_edited_item_is_matched_again(desk, counted):
    _filled(desk)
    board = desk.board()
    shown = ItemFilter("finance")
    before = shown.shown(board, board.inbox())
    item = before[0]
    desk.edit(item.id, {"title": "Reply to the bank"})
    after = desk.board()
    assert item.id not in [i.id for i in shown.shown(after, after.inbox())]
    assert len(shown.shown(after, after.inbox())) == len(before) - 1


def test_a_renamed_member_is_found_by_the_new_name(desk):
    _filled(desk)
    board = desk.board()
    shown = ItemFilter("@zw")
    assert len(shown.shown(board, board.inbox())) == 9
    desk.team_edit("张伟", name="王芳")
    board = desk.board()
    assert shown.shown(board, board.inbox()) == []  # same item objects, other names: answered afresh
    assert len(ItemFilter("@wf").shown(board, board.inbox())) == 9


def test_a_panel_with_the_same_items_gets_the_same_list_back(desk, counted):
    _filled(desk)
    board = desk.board()
    shown = ItemFilter("会议")
    first = shown.shown(board, board.inbox(), "inbox")
    again = shown.shown(board, list(board.inbox()), "inbox")  # a copy of the list, the same items
    assert again is first
    assert shown.shown(board, board.inbox()[1:], "inbox") == [i for i in first if i is not board.inbox()[0]]


def test_no_filter_is_the_boards_own_list(desk):
    _filled(desk)
    board = desk.board()
    assert ItemFilter("  ").shown(board, board.inbox()) is board.inbox()


def test_answers_of_replaced_items_are_let_go(desk):
    _filled(desk)
    shown = ItemFilter("x")
    board = desk.board()
    ids = [i.id for i in board.inbox()]
    for round_ in range(130):  # every edit makes a new item object; the old ones must not pile up
        desk.edit(ids[round_ % len(ids)], {"notes": f"round {round_}"})
        board = desk.board_after_command()
        shown.shown(board, board.inbox())
    assert len(shown._kept) <= 2 * len(board.items) + 1000
    live = {id(item) for item in board.items.values()}
    assert sum(1 for key in shown._kept if key in live) == len(board.inbox())


def test_a_list_a_key_changed_is_answered_from_the_last_answer(desk, monkeypatch):
    """The inbox after a move out of it, and Schedule after a move into it: no look at the other items of either list."""
    _filled(desk)
    board = desk.board()
    shown = ItemFilter("会议")
    before = {panel: shown.shown(board, items, panel) for panel, items in (("inbox", board.inbox()), ("q2", board.quadrant(2)))}
    looked: list[int] = []
    real = ItemFilter._found
    monkeypatch.setattr(ItemFilter, "_found", lambda self, board, items: (looked.append(len(items)), real(self, board, items))[1])
    moved = before["inbox"][1]
    desk.move(moved.id, 2)
    board = desk.board_after_command()
    inbox, schedule = shown.shown(board, board.inbox(), "inbox"), shown.shown(board, board.quadrant(2), "q2")
    assert looked == []
    assert [i.id for i in inbox] == [i.id for i in before["inbox"] if i is not moved] == [i.id for i in _slow("会议", board, board.inbox())]
    assert [i.id for i in schedule] == [moved.id] == [i.id for i in _slow("会议", board, board.quadrant(2))]


@hsettings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 17), st.sampled_from(["move", "move1", "done", "title", "assign", "rename"])), max_size=8),
       st.sampled_from(["hy", "会议", "@z", "@li", "re fin", "#", "sh @zw", "h"]))
def test_kept_answers_are_the_answers_of_a_fresh_match(tmp_path_factory, steps, text):
    path = tmp_path_factory.mktemp("filter") / "chief.json"
    desk = Desk(path)
    _filled(desk)
    shown = ItemFilter(text)
    board = desk.board()
    li_na = desk.member("Li Na").id
    shown.shown(board, board.inbox(), "inbox")
    for index, step in steps:
        item_id = sorted(board.items)[index]
        if step == "move":
            desk.move(item_id, 2)
        elif step == "move1":
            desk.move(item_id, 1)
        elif step == "done":
            if board.items[item_id].is_open:
                desk.done(item_id)
        elif step == "title":
            desk.edit(item_id, {"title": f"会议 {index}"})
        elif step == "assign":
            desk.assign_many([item_id], li_na)
        else:
            desk.team_edit(li_na, name=f"张力{index}")
        board = desk.board_after_command()
        for panel, items in (("inbox", board.inbox()), ("q1", board.quadrant(1)), ("q2", board.quadrant(2)), ("", board.quadrant(4))):
            assert [i.id for i in shown.shown(board, items, panel)] == [i.id for i in _slow(text, board, items)]
