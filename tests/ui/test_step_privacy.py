"""In privacy mode a confidential item's steps are masked in the step view's toasts as in its rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from apptools import make_app, pause_typing
from chief.store.desk import Desk
from chief.tui.screens.steps import StepsScreen
from chief.tui.widgets.step_list import StepList

pytestmark = pytest.mark.usefixtures("frozen_time")

SECRET = "Collect the cipher telegram from room 3"


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))


def _toasts(app) -> str:
    return "\n".join(str(notice.message) for notice in app._notifications)


async def test_step_toasts_quote_no_masked_step(data_file: Path):
    desk = Desk(data_file)
    item_id = desk.capture("* Review the filing list #confidential")[0].id
    desk.step_add(item_id, SECRET)
    app = make_app(data_file)

    def at_secret() -> None:
        texts = [step.text for step in Desk(data_file).board().items[item_id].steps]
        app.screen.query_one(StepList).highlighted = texts.index(SECRET)

    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("p")  # privacy mode
        app.dashboard.focus_item(item_id)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, StepsScreen)
        said = []
        for words, keys in (("Step done:", "space"), ("Step open again:", "space"), ("Step removed:", "D")):
            at_secret()
            await pilot.press(keys)
            await pilot.pause()
            said.append(_toasts(app))
            assert words in said[-1] and SECRET not in said[-1], said[-1]
        await pilot.press("a")
        pause_typing(app)
        app.screen.query_one("#step-input", Input).insert_text_at_cursor("Seal the secret envelope")
        await pilot.press("enter")
        await pilot.pause()
        assert "Step added:" in _toasts(app) and "secret envelope" not in _toasts(app)
        texts = [step.text for step in Desk(data_file).board().items[item_id].steps]
        assert SECRET not in texts and "Seal the secret envelope" in texts  # every key did its work
