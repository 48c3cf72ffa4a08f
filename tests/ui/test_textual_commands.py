"""Textual's own palette commands kept beside Chief's: Screenshot, Keys, Maximize, in the user's language."""

from __future__ import annotations

import pytest

from chief.store import set_language
from apptools import make_app, screen_text, seed

SIZE = (120, 40)


@pytest.fixture
def seeded(data_file, frozen_time):
    seed(data_file)
    return data_file


async def _run_from_palette(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    for key in query:
        await pilot.press(key)
    await pilot.pause(0.5)  # the palette searches in a worker
    await pilot.press("enter")
    await pilot.pause(0.5)


async def test_screenshot_from_the_palette_writes_an_svg_beside_the_data_file(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await _run_from_palette(pilot, "screenshot")
        await pilot.pause(0.3)
        notes = " ".join(str(n.message) for n in app._notifications)
        again = app.take_screenshot  # a second one the same day gets a new name, the first is kept
        again()
        await pilot.pause()
    folder = seeded.parent / "screenshots"
    shots = sorted(folder.iterdir())
    assert [p.name for p in shots] == ["screenshot-2026-11-25-2.svg", "screenshot-2026-11-25.svg"]
    svg = shots[1].read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "1&#160;Do&#160;now" in svg or "Do&#160;now" in svg  # the board, not the palette over it
    assert "Search&#160;for&#160;commands" not in svg
    assert oct(shots[1].stat().st_mode & 0o777) == "0o600"
    assert str(shots[1]) in notes


async def test_screenshot_into_an_unwritable_folder_says_one_line(seeded):
    (seeded.parent / "screenshots").write_text("a file where the folder should be", encoding="utf-8")
    before = seeded.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.take_screenshot()
        await pilot.pause()
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
    assert len(errors) == 1 and "screenshots" in errors[0] and "\n" not in errors[0]
    assert seeded.read_bytes() == before


async def test_a_screenshot_beside_a_file_in_chiefs_state_folder_goes_to_the_downloads_folder(tmp_path, frozen_time, monkeypatch):
    import platformdirs

    inside = tmp_path / "state" / "chief.json"  # a data file put inside Chief's state folder, where no output is written
    seed(inside)
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "Downloads")
    app = make_app(inside)
    async with app.run_test(size=SIZE) as pilot:
        app.take_screenshot()
        await pilot.pause()
    assert [p.name for p in (tmp_path / "Downloads").iterdir()] == ["screenshot-2026-11-25.svg"]
    assert not (inside.parent / "screenshots").exists()


async def test_the_demo_writes_its_brief_and_screenshots_beside_it(tmp_path, frozen_time):
    from chief.store import demo_path

    demo = demo_path()
    seed(demo)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        app.take_screenshot()
        app.action_brief()
        await pilot.pause()
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
    assert errors == []
    assert [p.name for p in (demo.parent / "screenshots").iterdir()] == ["screenshot-2026-11-25.svg"]
    assert [p.name for p in (demo.parent / "briefs").iterdir()] == ["brief-2026-11-25.md"]


async def test_keys_and_maximize_are_in_the_palette_and_work(seeded):
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("Keys", "Maximize", "Screenshot", "Theme", "Quit"):
            assert wanted in titles, wanted
        await _run_from_palette(pilot, "maximize")
        assert app.screen.maximized is not None
        assert "Minimize" in [command.title for command in app.get_system_commands(app.screen)]
        await _run_from_palette(pilot, "minimize")
        assert app.screen.maximized is None
        await _run_from_palette(pilot, "keys")
        assert app.screen.query("HelpPanel")


async def test_textual_commands_speak_chinese(seeded):
    set_language("zh")
    try:
        app = make_app(seeded)
        async with app.run_test(size=SIZE) as pilot:
            said = {command.title: command.help for command in app.get_system_commands(app.screen)}
            assert {"截图", "按键", "最大化", "主题"} <= set(said)
            assert "数据文件旁" in said["截图"]
            await pilot.press("ctrl+p", *"截图")
            await pilot.pause(0.5)
            assert "截图" in screen_text(app)
            await pilot.press("escape")
            await _run_from_palette(pilot, "maximize")  # found by its English name too
            assert app.screen.maximized is not None
            await _run_from_palette(pilot, "minimize")
            await _run_from_palette(pilot, "按键")  # the keys panel, Textual's bindings and Chief's in Chinese
            text = screen_text(app)
            assert "下一个面板" in text and "办结" in text and "稍后" in text
            assert "Focus Next" not in text and "Scroll Left" not in text and "Done" not in text
    finally:
        set_language("en")


@pytest.mark.parametrize("output", ["export", "brief", "screenshot"])
async def test_an_output_that_cannot_be_written_says_so_and_nothing_else(tmp_path, frozen_time, output):
    """A folder that cannot be made is the output's failure: one error line, and never the data
    file's "kept, not saved yet" warning (the data file is not concerned)."""
    data = tmp_path / "data" / "chief.json"
    seed(data)
    for folder in ("exports", "briefs", "screenshots"):
        (data.parent / folder).write_text("a file where the folder goes", encoding="utf-8")
    before = data.read_bytes()
    app = make_app(data)
    async with app.run_test(size=SIZE) as pilot:
        {"export": lambda: app.export("md"), "brief": app.action_brief, "screenshot": app.take_screenshot}[output]()
        await pilot.pause()
        said = [(n.severity, str(n.message)) for n in app._notifications]
    assert [severity for severity, _message in said] == ["error"], said
    assert "\n" not in said[0][1] and "Kept" not in said[0][1]
    assert data.read_bytes() == before
