"""The pieces every item dialog shares.

``Dialog`` is the frame every dialog shares; ``ItemDialog`` adds the title
line of a dialog about one item (the title is user data, masked in privacy mode); ``ParsedInput`` is an input read
as you type, with what was understood, or the error, on the line under it.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable, TypeVar

import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from chief.store import wallclock
from chief.store import Board
from chief.store import Settings
from chief.store import falls_due_first
from chief.store import Item
from chief.store import Due, parse_when
from chief.store import N_, _
from chief.tui.widgets.typed_input import TypedInput
from chief.tui.host import chief_app
from chief.tui.screens.board_view import BoardView
from chief.tui.toasts import place_toasts_by
from chief.tui.widgets.item_list import shown_title

T = TypeVar("T")
WHEN_HINT = N_("fri 14:00, in 3d, 2026-12-01")  # the placeholder: examples of the WHEN grammar, said when shown
Reader = Callable[[str], tuple[Any, str]]  # text -> (value, what was understood); ValueError when unreadable


class Dialog(BoardView, ModalScreen[T]):
    """A dialog centred over the dashboard, its own keys in its footer: the frame every dialog shares.

    The app calls ``board_changed`` when the file changes while the dialog is
    open (another process, the clock, privacy mode).
    """

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog #dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        border-title-color: $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    Dialog .dialog-item { text-style: bold; color: $foreground; }
    Dialog .dialog-hint { color: $foreground-muted; }
    Dialog .dialog-nudge { color: $warning; }
    Dialog .dialog-nudge.-strong { text-style: bold; }
    Dialog .dialog-label { color: $foreground-muted; margin-top: 1; }
    Dialog Input, Dialog TextArea { background: $panel; }
    """
    # Textual's own Tab binding runs an app action, and the dashboard refuses
    # app actions while a dialog is open; the dialog moves focus itself.
    BINDINGS = [
        Binding("tab", "next_field", "Next field", show=False, id="dialog-next-field"),
        Binding("shift+tab", "previous_field", "Previous field", show=False, id="dialog-previous-field"),
    ]

    def __init__(self, board: Board, privacy: bool = False) -> None:
        super().__init__()
        self.board = board
        self.privacy = privacy

    def board_changed(self, board: Board) -> None:
        self.board = board
        self.privacy = chief_app(self).privacy

    def on_resize(self) -> None:
        self.call_after_refresh(self.place_toasts)

    def place_toasts(self) -> None:
        """Toasts under or above the dialog, or over its top rows: never across a field's edge (tui/toasts.py)."""
        boxes = self.query("#dialog")
        if boxes and self.is_attached:
            place_toasts_by(self, boxes.first().region, footer=1, inside="top")

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def unsaved(self) -> bool:
        """Whether the form holds changes that Escape would lose (a form with typed fields says)."""
        return False

    def action_save(self) -> None:
        """Save the form (a form with typed fields does it)."""

    def action_cancel(self) -> None:
        """Escape: an unchanged form closes at once; a changed one asks save, discard or keep editing."""
        if not self.unsaved():
            self.dismiss(None)
            return
        from chief.tui.screens.confirm import DISCARD, SAVE, ConfirmDiscard

        def answered(choice: str | None) -> None:
            if choice == SAVE:
                self.action_save()
            elif choice == DISCARD:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(_("Your changes")), answered)


class ItemDialog(Dialog[T]):
    """A dialog about one item (its title on top).

    When the file changes while it is open, the dialog reads times against the
    new ``now`` and re-masks the title if a visitor came in. ``item`` stays the
    item as it was when the dialog opened: the editor sends only what the user
    changed relative to it, so a change made meanwhile by another machine to
    another field survives.
    """

    def __init__(self, board: Board, item: Item, privacy: bool = False) -> None:
        super().__init__(board, privacy)
        self.item = item

    def title_line(self) -> Static:
        """The item's title as data, never markup; masked in privacy mode."""
        return Static(Content(shown_title(self.item, self.privacy, self.board)), classes="dialog-item", id="dialog-item")

    def falls_due_first(self, moment: pendulum.DateTime) -> str:
        """A note when the item falls due before ``moment``: it comes back then, overdue, not later."""
        note = falls_due_first(self.board, self.item, wallclock.utc_stamp(moment))
        return _("; {note}").format(note=note) if note else ""

    def board_changed(self, board: Board) -> None:
        super().board_changed(board)
        for line in self.query("#dialog-item").results(Static):
            line.update(Content(shown_title(self.item, self.privacy, self.board)))

class ParsedInput(Vertical):
    """An input read as you type, with what was understood (or why not) right under it.

    A misread time caught in the dialog costs a keystroke; caught on the board
    a day later it costs a missed deadline. An empty field nobody has touched
    yet is not an error: the complaint waits until the user types or saves.
    """

    DEFAULT_CSS = """
    ParsedInput { height: auto; }
    ParsedInput > Input { width: 1fr; }
    ParsedInput > .parsed-note { color: $foreground-muted; height: auto; }
    ParsedInput > .parsed-note.-error { color: $error; }
    ParsedInput > .parsed-note.-quiet { display: none; }
    """

    def __init__(
        self,
        reader: Reader,
        *,
        value: str = "",
        placeholder: str = "",
        suggester: Suggester | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.reader = reader
        self.initial = value
        self.value: Any = None
        self.error: str | None = None
        self.touched = False  # the text ever differed from what the form put there (typing 40 over 40 counts)
        self._input = TypedInput(value, placeholder, suggester=suggester, compact=True, select_on_focus=False)

    def compose(self) -> ComposeResult:
        yield self._input
        yield Static(classes="parsed-note")

    def on_mount(self) -> None:
        self.check()

    @property
    def text(self) -> str:
        return self._input.value

    @property
    def changed(self) -> bool:
        """Whether the user changed the text: an untouched field keeps the stored value exactly."""
        return self._input.value != self.initial

    @on(Input.Changed)
    def _changed(self) -> None:
        self.touched = self.touched or self.changed
        self.check()

    def check(self, *, insist: bool = False) -> bool:
        """Read the text now; with ``insist`` an empty untouched field complains too."""
        text = self._input.value
        try:
            self.value, words = self.reader(text)
            self.error = None
        except ValueError as err:
            self.value, self.error, words = None, str(err), str(err)
        quiet = not words or (self.error is not None and not insist and not text.strip() and not self.changed)
        note = self.query_one(".parsed-note", Static)
        note.update(Content(words))
        note.set_class(self.error is not None, "-error")
        note.set_class(quiet, "-quiet")
        return self.error is None

    def focus_input(self) -> None:
        self._input.focus()

    def type_in(self, text: str) -> None:
        """Text typed elsewhere in the form that belongs here (at the cursor)."""
        self._input.insert_text_at_cursor(text)


def local_text(stored: str | None, now: pendulum.DateTime) -> str:
    """A stored moment or date as WHEN text the user can edit: "2026-11-27 15:00" or "2026-11-27"."""
    if not stored:
        return ""
    try:
        due = Due.from_stored(stored)
    except ValueError:
        return stored  # unreadable: shown as it is, so the user sees and fixes it
    if due.all_day:
        return due.at.isoformat()
    return f"{due.local(now.timezone):%Y-%m-%d %H:%M}"


def parse_for(board: Board, settings: Settings, text: str) -> Due:
    """The WHEN grammar against the board's clock and the user's working day."""
    return parse_when(text, board.now, day_start=settings.day_start, day_end=settings.day_end,
                      working_day=settings.is_working_day)


def at_clock(day: pendulum.DateTime, clock: datetime.time) -> pendulum.DateTime:
    return day.at(clock.hour, clock.minute)


