"""The stylesheets kept between launches (tui/css_cache.py): read back, they are the rules Textual parses,
the screen is the same, and a stale, foreign or damaged file is parsed again, never trusted."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet

from apptools import make_app, screen_text, seed
from chief.tui import css_cache

SIZE = (120, 40)


@pytest.fixture
def office(data_file: Path, frozen_time: None) -> Path:
    seed(data_file)
    return data_file


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Textual's parses (one per stylesheet parsed, not read back); the hook is undone after the test."""
    monkeypatch.setattr(Stylesheet, "_parse_rules", Stylesheet._parse_rules)  # restored after the test
    seen: list[str] = []
    real = textual_stylesheet.parse
    monkeypatch.setattr(textual_stylesheet, "parse", lambda scope, css, read_from, **k: (seen.append(str(read_from)),
                                                                                          real(scope, css, read_from, **k))[1])
    return seen


async def _start(path: Path, theme: str | None = None) -> tuple[str, Stylesheet]:
    """One dashboard, as `chief` starts it: the screen it shows and its stylesheet."""
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if theme is not None:
            app.theme = theme
            await pilot.pause()
        shown = screen_text(app)
        stylesheet = app.stylesheet
    return shown, stylesheet


def _said(value: object) -> str:
    return repr(sorted(value)) if isinstance(value, (set, frozenset)) else repr(value)  # a set's order is its history's


def _as_css(stylesheet: Stylesheet) -> list[tuple]:
    """The stylesheet's rules as text: each rule's selectors, flags and every declaration with its value."""
    return [(repr(rule.selector_set), rule.errors, rule.is_default_rules, rule.tie_breaker, sorted(rule.selector_names),
             sorted(rule.pseudo_classes), sorted((name, _said(value)) for name, value in rule.styles.get_rules().items()))
            for rule in stylesheet.rules]


async def test_the_second_start_parses_nothing_and_looks_the_same(office, tmp_path, parses):
    plain_screen, plain = await _start(office)  # Textual's own way, no rules kept
    parsed = len(parses)
    assert parsed > 5
    css_cache.use_kept_rules(tmp_path)
    first_screen, first = await _start(office)
    assert (tmp_path / css_cache.FILE_NAME).stat().st_mode & 0o077 == 0  # private, as every note
    parses.clear()
    second_screen, second = await _start(office)
    assert parses == []  # every stylesheet read back
    assert plain_screen == first_screen == second_screen
    assert _as_css(plain) == _as_css(first) == _as_css(second)


async def test_another_theme_is_parsed_for_itself(office, tmp_path, parses):
    css_cache.use_kept_rules(tmp_path)
    await _start(office)
    parses.clear()
    _shown, light = await _start(office, theme="textual-light")
    assert parses  # the light theme's variables: parsed, not the dark rules read back
    css_cache.use_kept_rules(tmp_path)  # as the next start: the light theme's rules are kept too
    parses.clear()
    _shown, again = await _start(office, theme="textual-light")
    assert parses == [] and _as_css(again) == _as_css(light)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("0.0.0", {})), pickle.dumps(["a list"]),
                                    pickle.dumps((css_cache._versions(), {"key": b"\x80\x05broken"}))],
                         ids=["empty", "garbage", "another Textual", "another shape", "a broken entry"])
async def test_a_note_that_cannot_be_used_is_parsed_again_and_written_anew(office, tmp_path, parses, damage):
    _shown, plain = await _start(office)
    (tmp_path / css_cache.FILE_NAME).write_bytes(damage)
    css_cache.use_kept_rules(tmp_path)
    parses.clear()
    shown, kept = await _start(office)
    assert parses and _as_css(kept) == _as_css(plain) and "Do now" in shown
    versions, entries = pickle.loads((tmp_path / css_cache.FILE_NAME).read_bytes())
    assert versions == css_cache._versions() and entries


async def test_a_folder_that_cannot_be_written_costs_only_speed(office, tmp_path, parses):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    css_cache.use_kept_rules(blocked)
    shown, _stylesheet = await _start(office)
    assert "Do now" in shown and blocked.read_text() == "x"
