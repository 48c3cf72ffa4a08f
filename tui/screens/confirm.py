"""Unsaved changes: save, discard, or keep editing.

Escape is the key people press most, often by reflex; on a form with typed
changes it must not throw them away without a word (and there is no undo for
text never saved). The dialog answers "save", "discard" or "keep"; Escape and
Enter keep editing, the safest answer. Text typed on right after the Escape
never reaches its one-letter keys (tui/typeahead.py).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from chief.store import _
from chief.tui.widgets.fitting_footer import SaidFooter

SAVE, DISCARD, KEEP = "save", "discard", "keep"


class ConfirmDiscard(ModalScreen[str]):
    """Asks what to do with a form's unsaved changes; answers SAVE, DISCARD or KEEP."""

    DEFAULT_CSS = """
    ConfirmDiscard { align: center middle; background: $background 60%; }
    ConfirmDiscard #confirm-dialog {
        width: 60; max-width: 100%; height: auto;
        border: round $warning; border-title-color: $warning; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    ConfirmDiscard #confirm-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmDiscard #confirm-buttons Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("s,ctrl+s", "answer('save')", "Save", id="confirm-save"),
        Binding("d", "answer('discard')", "Discard", id="confirm-discard"),
        Binding("escape,k", "answer('keep')", "Keep editing", id="confirm-keep"),
    ]
    AUTO_FOCUS = "#confirm-keep-button"

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what  # what is unsaved, in a few words: "Your changes to this item"

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog") as frame:
            frame.border_title = _("Unsaved changes")
            yield Static(Content(_("{what} are not saved yet.").format(what=self.what)))
            with Horizontal(id="confirm-buttons"):
                yield Button(_("Save (s)"), id="confirm-save-button", variant="primary", compact=True)
                yield Button(_("Discard (d)"), id="confirm-discard-button", variant="error", compact=True)
                yield Button(_("Keep editing (Esc)"), id="confirm-keep-button", compact=True)
        yield SaidFooter()

    def action_answer(self, choice: str) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        answers = {"confirm-save-button": SAVE, "confirm-discard-button": DISCARD, "confirm-keep-button": KEEP}
        self.dismiss(answers.get(event.button.id or "", KEEP))
