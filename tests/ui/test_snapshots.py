"""How the screens look: SVG snapshots at fixed sizes, with frozen time.

The data has Chinese titles, an overdue item, interrupts and a team, so a
change in alignment, colour or layout shows up as a diff. Update snapshots
deliberately with ``pytest --snapshot-update`` and look at the report.
"""

from __future__ import annotations

import pytest

from apptools import make_app, seed

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))


def _app(data_file, theme: str):
    seed(data_file)
    app = make_app(data_file)
    app.theme = theme
    return app


async def _no_blink(pilot) -> None:
    """A blinking cursor would make every snapshot flaky."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("theme", ["chief-dark", "chief-light"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_main_screen(snap_compare, data_file, theme, size):
    assert snap_compare(_app(data_file, theme), terminal_size=size, run_before=_no_blink)


def test_main_screen_high_contrast(snap_compare, data_file):
    assert snap_compare(_app(data_file, "chief-contrast"), terminal_size=(120, 40), run_before=_no_blink)


def test_quick_add_with_preview(snap_compare, data_file):
    async def type_capture(pilot):
        await pilot.press("n", *"* 通知 ^fri 15:00 @li #rec")
        await _no_blink(pilot)

    assert snap_compare(_app(data_file, "chief-dark"), terminal_size=(120, 40), run_before=type_capture)


def test_privacy_mode(snap_compare, data_file):
    async def privacy(pilot):
        await pilot.press("p")
        await _no_blink(pilot)

    assert snap_compare(_app(data_file, "chief-dark"), terminal_size=(80, 24), run_before=privacy)


def test_triage_mode(snap_compare, data_file):
    async def triage(pilot):
        await pilot.press("t")
        await _no_blink(pilot)

    assert snap_compare(_app(data_file, "chief-dark"), terminal_size=(120, 40), run_before=triage)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_editor(snap_compare, data_file, size):
    async def edit(pilot):
        await pilot.press("e")
        await _no_blink(pilot)

    assert snap_compare(_app(data_file, "chief-dark"), terminal_size=size, run_before=edit)


def test_help(snap_compare, data_file):
    async def help_screen(pilot):
        await pilot.press("question_mark")
        await _no_blink(pilot)

    assert snap_compare(_app(data_file, "chief-dark"), terminal_size=(120, 40), run_before=help_screen)


@pytest.mark.parametrize("key", ["a", "s", "w"])
def test_item_dialogs(snap_compare, data_file, key):
    async def dialog(pilot):
        await pilot.press(key)
        await _no_blink(pilot)

    assert snap_compare(_app(data_file, "chief-light"), terminal_size=(80, 24), run_before=dialog)
