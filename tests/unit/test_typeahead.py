"""The typed-ahead guard's timing, with the clock given by the test."""

from __future__ import annotations

from chief.tui.typeahead import PAUSE_S, TypeAheadGuard

BOARD, DIALOG = object(), object()


def _typed(guard: TypeAheadGuard, text: str, start: float, gap: float = 0.1, **where) -> list[bool]:
    return [guard.swallow(c, c, start + i * gap, **where) for i, c in enumerate(text)]


def test_a_word_typed_on_after_the_input_closed_is_swallowed_whole_and_said_once():
    guard = TypeAheadGuard()
    guard.typed_in_field(BOARD, 10.0)
    assert _typed(guard, "drafting", 10.1, screen=BOARD, in_form=False) == [True] * 8  # 0.8 s, each key 0.1 s after the last
    assert guard.take_swallowed() == "drafting"
    assert guard.take_swallowed() == ""


def test_a_key_after_a_pause_runs():
    guard = TypeAheadGuard()
    guard.typed_in_field(BOARD, 10.0)
    assert guard.swallow("d", "d", 10.0 + PAUSE_S - 0.01, screen=BOARD, in_form=False)
    assert not guard.swallow("d", "d", 10.0 + 2 * PAUSE_S, screen=BOARD, in_form=False)


def test_enter_and_space_are_typed_keys_and_arrows_are_not():
    guard = TypeAheadGuard()
    guard.typed_in_field(BOARD, 10.0)
    assert guard.swallow(" ", "space", 10.1, screen=BOARD, in_form=False)
    assert guard.swallow("\r", "enter", 10.2, screen=BOARD, in_form=False)
    assert not guard.swallow(None, "down", 10.3, screen=BOARD, in_form=False)
    assert not guard.swallow(None, "escape", 10.3, screen=BOARD, in_form=False)


def test_filling_a_form_is_not_typing_ahead_but_a_new_dialog_is():
    guard = TypeAheadGuard()
    guard.typed_in_field(DIALOG, 10.0)
    assert not guard.swallow(" ", "space", 10.1, screen=DIALOG, in_form=True)  # Tab to a checkbox, space ticks it
    assert guard.swallow("d", "d", 10.1, screen=BOARD, in_form=True)  # a confirmation's buttons, on another screen
