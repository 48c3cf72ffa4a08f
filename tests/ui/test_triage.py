"""Triage mode, the help screen and the palette's item search, driven through the real app.

Every decision is checked on the data file itself (a fresh Desk reads it), not
on the screen: what matters is what was saved. The screen is checked as text,
the way the user sees it.
"""

from __future__ import annotations

import re
from contextlib import asynccontextmanager
from pathlib import Path

import pendulum
import pytest
from textual.command import CommandPalette

from apptools import make_app, pause_typing, screen_text
from conftest import FROZEN_NOW, FROZEN_STAMP, FROZEN_TZ
from chief.store.domain.board import Board
from chief.store.domain.config import Settings
from chief.store.desk import Desk
from chief.store.domain.when import Due
from chief.tui.app import ChiefApp
from chief.tui.commands import ItemSearch
from chief.tui.screens.help import HelpScreen, group_of
from chief.tui.screens.triage import TriageScreen
from chief.tui.widgets.item_list import MASK

INTERRUPT = "副局长要求下午三点前提交情况说明"
MINUTES = "整理上月会议纪要"
VISITORS = "领导交办：核实明天来访人员名单"
ROSTER = "Draft the holiday duty roster"
SIZE = (120, 40)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    monkeypatch.setenv("CHIEF_NOW", FROZEN_NOW)
    monkeypatch.setenv("CHIEF_TZ", FROZEN_TZ)
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    return monkeypatch


def capture_at(clock: pytest.MonkeyPatch, path: Path, at: str, text: str, kind: str = "task") -> str:
    """Capture at a given time of the frozen day, so the queue's order is known."""
    clock.setenv("CHIEF_NOW", f"2026-11-25T{at}:00")
    try:
        return Desk(path).capture(text, kind=kind)[0].id
    finally:
        clock.setenv("CHIEF_NOW", FROZEN_NOW)


@pytest.fixture
def queue(clock: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """One interrupt and three inbox items: the queue is the interrupt, then the inbox oldest first."""
    path = tmp_path / "data" / "chief.json"
    Desk(path).team_add("王芳")
    ids = {
        "minutes": capture_at(clock, path, "08:00", MINUTES),
        "visitors": capture_at(clock, path, "08:10", VISITORS),
        "roster": capture_at(clock, path, "08:20", ROSTER),
        "interrupt": capture_at(clock, path, "08:30", f"{INTERRUPT} from:副局长", kind="interrupt"),
    }
    return path, ids


@pytest.fixture
def item_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The palette's item search, registered the way ChiefApp.COMMANDS does it."""
    if ItemSearch not in ChiefApp.COMMANDS:
        monkeypatch.setattr(ChiefApp, "COMMANDS", ChiefApp.COMMANDS | {ItemSearch})


def saved(path: Path) -> Board:
    return Desk(path).board()


@asynccontextmanager
async def chief(path: Path, *keys: str, size: tuple[int, int] = SIZE, settings: Settings | None = None):
    """The real dashboard on ``path``, with ``keys`` already pressed."""
    app = make_app(path, settings)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        yield app, pilot


async def settle(pilot, condition=lambda: True, seconds: float = 3.0) -> None:
    """Wait until ``condition`` holds (the palette searches in a worker), or fail."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause()
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen did not get there in time")


# triage ---------------------------------------------------------------------


async def test_triage_shows_the_oldest_interrupt_first_with_its_facts(queue) -> None:
    path, ids = queue
    async with chief(path, "t") as (app, pilot):
        assert isinstance(app.screen, TriageScreen)
        text = screen_text(app)
        assert "1 of 4" in text
        assert INTERRUPT in text
        assert "from 副局长" in text
        assert "Waiting" in text and "1h" in text  # arrived 08:30, now 10:00
        assert "Interrupts" in text
        for words in ("1 Do now", "2 Schedule", "3 Delegate", "4 Later", "T take it now", "n skip", "d/space done", "u undo", "esc leave"):
            assert words in text
        assert app.selected_item is not None and app.selected_item.id == ids["interrupt"]


async def test_do_now_takes_the_interrupt_and_moves_on(queue) -> None:
    path, ids = queue
    async with chief(path, "t", "1") as (app, pilot):
        item = saved(path).items[ids["interrupt"]]
        assert (item.important, item.urgent, item.status) == (True, True, "open")
        assert item.taken_at == FROZEN_STAMP
        text = screen_text(app)
        assert "2 of 4" in text and MINUTES in text
        assert "→ Do now" in text
        assert app.selected_item.id == ids["minutes"]


async def test_take_it_now_makes_the_interrupt_the_chiefs_own(queue) -> None:
    path, ids = queue
    async with chief(path, "t", "T") as (app, pilot):
        item = saved(path).items[ids["interrupt"]]
        assert (item.status, item.important, item.urgent, item.taken_at) == ("doing", True, True, FROZEN_STAMP)
        assert "→ Taken now" in screen_text(app)


async def test_skip_changes_nothing_in_the_file(queue) -> None:
    path, ids = queue
    before = path.read_bytes()
    async with chief(path, "t", "n", "n") as (app, pilot):
        assert "3 of 4" in screen_text(app)
        assert app.selected_item.id == ids["visitors"]
        assert path.read_bytes() == before


async def test_space_marks_done_in_triage_as_on_the_board(queue) -> None:
    """One meaning for space everywhere (done; a step's tick in the step view): only n skips."""
    path, ids = queue
    async with chief(path, "t", "space") as (app, pilot):
        board = saved(path)
        assert board.items[ids["interrupt"]].status == "done"
        assert "→ Done" in screen_text(app) and "2 of 4" in screen_text(app)


async def test_done_and_drop_decide_and_move_on(queue) -> None:
    path, ids = queue
    async with chief(path, "t", "n", "d", "x") as (app, pilot):
        board = saved(path)
        assert board.items[ids["minutes"]].status == "done"
        assert board.items[ids["visitors"]].status == "dropped"
        assert board.items[ids["interrupt"]].in_interrupt_queue  # skipped: untouched
        assert "4 of 4" in screen_text(app)


async def test_undo_brings_the_last_decided_item_back(queue) -> None:
    path, ids = queue
    async with chief(path, "t", "n", "2") as (app, pilot):
        assert saved(path).items[ids["minutes"]].status == "open"
        assert app.selected_item.id == ids["visitors"]
        await pilot.press("u")
        item = saved(path).items[ids["minutes"]]
        assert (item.status, item.important) == ("inbox", False)
        assert ids["minutes"] in [i.id for i in saved(path).inbox()]
        assert app.selected_item.id == ids["minutes"]
        assert "2 of 4" in screen_text(app)
        await pilot.press("3")  # decided again, then on to the item that was waiting
        assert saved(path).items[ids["minutes"]].status == "open"
        assert app.selected_item.id == ids["visitors"]


async def test_escape_leaves_triage_for_the_dashboard(queue) -> None:
    path, _ids = queue
    before = path.read_bytes()
    async with chief(path, "t", "escape") as (app, pilot):
        assert app.screen is app.dashboard
        assert "Do now" in screen_text(app)
        assert path.read_bytes() == before


async def test_the_end_counts_decisions_and_any_key_returns(queue) -> None:
    path, ids = queue
    async with chief(path, "t", "1", "n", "4", "d", size=(80, 24)) as (app, pilot):
        text = screen_text(app)
        assert "All triaged: 3 decided, 1 skipped" in text
        assert app.selected_item is None
        board = saved(path)
        assert board.items[ids["visitors"]].status == "open" and board.placement(board.items[ids["visitors"]]).quadrant == 4
        assert board.items[ids["roster"]].status == "done"
        await pilot.press("z")
        assert app.screen is app.dashboard


async def test_undo_on_the_end_screen_shows_the_last_item_again(queue) -> None:
    path, ids = queue
    async with chief(path, "t", "1", "1", "1", "1") as (app, pilot):
        assert "All triaged: 4 decided, 0 skipped" in screen_text(app)
        await pilot.press("u")
        assert isinstance(app.screen, TriageScreen)
        assert app.selected_item.id == ids["roster"]
        assert "4 of 4" in screen_text(app)
        assert saved(path).items[ids["roster"]].status == "inbox"


async def test_an_item_decided_elsewhere_is_passed_over(queue) -> None:
    path, ids = queue
    async with chief(path, "t") as (app, pilot):
        Desk(path).done(ids["minutes"])  # another process, e.g. `chief done`
        app.refresh_board()
        await pilot.press("1")
        assert app.selected_item.id == ids["visitors"]
        assert "3 of 4" in screen_text(app)
        await pilot.press("1", "1")
        assert "All triaged: 3 decided, 0 skipped (1 handled elsewhere)" in screen_text(app)


async def test_an_interrupt_arriving_during_triage_comes_next(queue, clock) -> None:
    path, ids = queue
    async with chief(path, "t", "n") as (app, pilot):
        assert app.selected_item.id == ids["minutes"]
        new = capture_at(clock, path, "09:59", "机房报警 from:保卫科", kind="interrupt")
        app.refresh_board()
        await pilot.pause()
        assert app.selected_item.id == ids["minutes"]  # the item being read stays
        assert "2 of 5" in screen_text(app)
        await pilot.press("n")
        assert app.selected_item.id == new
        assert "3 of 5" in screen_text(app)


async def test_privacy_masks_a_confidential_title_and_its_notes(clock, tmp_path) -> None:
    path = tmp_path / "chief.json"
    item_id = capture_at(clock, path, "09:00", "审核保密文件归档清单 #confidential")
    Desk(path).edit(item_id, {"notes": "第三份文件缺页"})
    async with chief(path, "t") as (app, pilot):
        assert "审核保密文件归档清单" in screen_text(app) and "第三份文件缺页" in screen_text(app)
        await pilot.press("p")
        text = screen_text(app)
        assert "审核保密文件归档清单" not in text and "第三份文件缺页" not in text
        assert MASK in text


async def test_titles_are_never_markup(clock, tmp_path) -> None:
    path = tmp_path / "chief.json"
    capture_at(clock, path, "09:00", "[bold]回复[/bold] the [red]ministry[/]")
    async with chief(path, "t") as (app, pilot):
        assert "[bold]回复[/bold] the [red]ministry[/]" in screen_text(app)


async def test_the_legend_follows_the_keymap(queue) -> None:
    path, ids = queue
    async with chief(path, "t", settings=Settings(keymap={"done": "D", "triage-skip": "k"})) as (app, pilot):
        text = screen_text(app)
        assert "D done" in text and "k skip" in text
        await pilot.press("k", "D")
        assert saved(path).items[ids["minutes"]].status == "done"


# help -----------------------------------------------------------------------


async def test_help_lists_the_keys_by_group(queue) -> None:
    path, _ids = queue
    async with chief(path, "question_mark", "i", size=(120, 80)) as (app, pilot):
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert re.search(r"\b1\s+Do now\s+quadrant-1\b", text)
        assert re.search(r"\bu\s+Undo\s+undo\b", text)
        assert re.search(r"d, space\s+Done\s+done\b", text)
        for heading in ("Capture", "Triage", "Move", "Views", "Other", "Quick add", "[keymap]"):
            assert heading in text
        assert "from:who" in text and "^when" in text
        await pilot.press("q")
        assert app.screen is app.dashboard
        assert app.is_running  # q closed help; it did not quit


async def test_help_shows_the_users_keymap(queue) -> None:
    path, _ids = queue
    async with chief(path, "question_mark", size=(120, 80), settings=Settings(keymap={"done": "D"})) as (app, pilot):
        assert re.search(r"\bD\s+Done\s", screen_text(app))
        assert not re.search(r"\bD\s+Done\s+done\b", screen_text(app))  # the ids only when asked
        await pilot.press("i")
        text = screen_text(app)
        assert re.search(r"\bD\s+Done\s+done\b", text)
        assert "d, space" not in text
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_help_scrolls_at_80_by_24(queue) -> None:
    path, _ids = queue
    async with chief(path, "f1", size=(80, 24)) as (app, pilot):
        assert "Your own keys" not in screen_text(app)
        await pilot.press("end")
        assert "Your own keys" in screen_text(app)
        await pilot.press("question_mark")
        assert app.screen is app.dashboard


def test_help_groups_come_from_binding_ids() -> None:
    assert group_of("quick-add") == group_of("quick-add-cancel") == "Capture"
    assert group_of("quadrant-3") == group_of("triage-skip") == group_of("done") == "Triage"
    assert group_of("cursor-page-down") == group_of("focus-left") == "Move"
    assert group_of("privacy") == "Views"
    assert group_of("undo") == group_of("something-new") == "Other"


# the palette's item search ----------------------------------------------------


async def test_palette_goes_to_an_item_by_part_of_its_chinese_title(queue, item_search) -> None:
    path, ids = queue
    async with chief(path) as (app, pilot):
        assert app.selected_item.id == ids["interrupt"]
        await pilot.press("ctrl+p")
        await pilot.press(*"会议纪要")
        await settle(pilot, lambda: MINUTES in screen_text(app))
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is app.dashboard)
        assert app.selected_item.id == ids["minutes"]


async def test_palette_brings_a_snoozed_item_back_early(queue, item_search) -> None:
    """The caller rang back before the snooze ended: the item comes back on the board, cursor on it."""
    path, ids = queue
    Desk(path).snooze(ids["minutes"], Due(pendulum.datetime(2026, 11, 27, 9, 0, tz=FROZEN_TZ)))
    async with chief(path) as (app, pilot):
        assert MINUTES not in screen_text(app)
        await pilot.press("ctrl+p")
        await pilot.press(*"会议纪要")
        await settle(pilot, lambda: "Enter brings it back now" in screen_text(app))
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is app.dashboard and app.selected_item.id == ids["minutes"])
    item = saved(path).items[ids["minutes"]]
    assert (item.snoozed_until, item.deferrals) == (None, 1)


async def test_palette_hits_are_plain_text_and_masked_in_privacy_mode(clock, tmp_path, item_search) -> None:
    path = tmp_path / "chief.json"
    capture_at(clock, path, "08:00", "[b]周报[/b] draft")
    capture_at(clock, path, "08:10", "审核保密文件归档清单 #confidential")
    async with chief(path, "ctrl+p", *"周报") as (app, pilot):
        await settle(pilot, lambda: "[b]周报[/b] draft" in screen_text(app))
        await pilot.press("ctrl+a", "backspace", *"保密")
        await settle(pilot, lambda: "审核保密文件归档清单" in screen_text(app))
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is app.dashboard)
        pause_typing(app)  # p right after typing into the palette would be typed ahead, not run
        await pilot.press("p", "ctrl+p", *"保密")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        assert "审核保密文件归档清单" not in screen_text(app)
