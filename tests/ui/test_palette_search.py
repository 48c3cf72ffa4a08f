"""The palette's item search at work: in a worker when there is much to match, narrowed as the query grows,
help text escaped once, and full-width text found as ``/`` and ``chief search`` find it."""

from __future__ import annotations

import threading

import pytest
from textual.command import CommandList, CommandPalette

from apptools import make_app
from chief.store import Desk
from chief.store.domain.when import Due
from chief.store.domain import wallclock
from chief.tui import commands
from chief.tui.app import ChiefApp
from chief.tui.commands import ItemSearch

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    if ItemSearch not in ChiefApp.COMMANDS:
        monkeypatch.setattr(ChiefApp, "COMMANDS", ChiefApp.COMMANDS | {ItemSearch})


def _offered(app) -> str:
    """The palette's list, as plain text (the dashboard behind it shows every item too)."""
    if not isinstance(app.screen, CommandPalette):
        return ""
    return "\n".join(str(getattr(option.prompt, "plain", option.prompt)) for option in app.screen.query_one(CommandList).options)


async def _settle(pilot, condition, seconds: float = 4.0) -> None:
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if condition():
            return
    raise AssertionError("the screen did not get there in time")


async def test_a_removed_members_name_with_brackets_shows_as_typed_in_the_help(data_file):
    desk = Desk(data_file)
    member = desk.team_add("[b]Li[/b]", capacity_hours=40)
    item = desk.capture("budget for the visit")[0]
    desk.team_remove(member.id)
    desk.edit(item.id, {"assignee": member.id})  # another machine gave it to them while apart from the removal
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"budget")
        await _settle(pilot, lambda: "budget for the visit" in _offered(app))
        text = _offered(app)
        assert "was [b]Li[/b]'s (removed)" in text  # before: escaped twice, shown as "was \[b]Li\[/b]'s"
        assert "\\[" not in text


async def test_a_search_of_many_items_runs_in_a_worker_and_enter_brings_a_snoozed_item_back(data_file, monkeypatch):
    monkeypatch.setattr(commands, "INLINE", 0)  # every search in the worker
    threads: list[bool] = []
    real = commands.scored
    monkeypatch.setattr(commands, "scored", lambda *a, **k: threads.append(threading.current_thread() is threading.main_thread())
                        or real(*a, **k))
    desk = Desk(data_file)
    for n in range(30):
        desk.capture(f"routine item {n}")
    target = desk.capture("visit of the ＡＢＣ delegation")[0]
    desk.snooze(target.id, Due(wallclock.now().add(days=3)))
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"abc dele")
        await _settle(pilot, lambda: "visit of the ＡＢＣ delegation" in _offered(app))
        assert threads and not any(threads)  # matched in the worker's thread, never in the event loop's
        await pilot.press("enter")
        await _settle(pilot, lambda: not isinstance(app.screen, CommandPalette))
        assert Desk(data_file).board().items[target.id].snoozed_until is None  # brought back, in the file
        assert app.selected_item.id == target.id


async def test_each_keystroke_matches_only_the_hits_of_the_query_it_extends(data_file, monkeypatch):
    desk = Desk(data_file)
    for title in ("budget review", "bus timetable", "buy toner", "call the bank", "draft minutes", "lunch"):
        desk.capture(title)
    seen: list[tuple[str, int]] = []
    real = commands.scored

    def scored(candidates, matcher, *args, **kwargs):
        seen.append((matcher.query, len(candidates)))
        return real(candidates, matcher, *args, **kwargs)

    monkeypatch.setattr(commands, "scored", scored)
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        for key in "bud":
            await pilot.press(key)
            await pilot.pause(0.1)
        await _settle(pilot, lambda: "budget review" in _offered(app) and "bus timetable" not in _offered(app))
        await pilot.press("backspace")
        await _settle(pilot, lambda: "bus timetable" in _offered(app))
    counts = dict(seen)
    assert counts["b"] == 6  # everything
    assert counts["bu"] < counts["b"]  # only the hits of "b"
    assert counts["bud"] <= counts["bu"]
    assert seen[-1][0] == "bu"  # back to "bu": its hits were kept, matched again
