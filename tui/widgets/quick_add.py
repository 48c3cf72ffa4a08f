"""The quick-add bar: the same syntax as ``chief add``, understood as you type.

The preview line shows where the item will land (quadrant or inbox), its due
time, assignee and category; a parse error shows there too and Enter then
saves nothing. The bar is never rebuilt by a board refresh, so text typed
into it survives changes arriving from other processes.

Capture comes in bursts (a meeting's five action points, a phone call's three
requests), so Enter saves and the bar stays open, cleared, with the count of
items captured since it opened in its frame; Escape or Enter on an empty line
closes it. Escape on typed text does not throw it away at once: the preview
asks, and a second Escape discards it.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from chief.store import N_, _, ngettext
from chief.tui.widgets.typed_input import TypedInput

Previewer = Callable[[str, str], tuple[bool, str]]  # (text, kind) -> (ok, words)

HINT = N_("title  * important  ! urgent  @member  #category  ^when  ~30m  from:who  every:mon")
INTERRUPT_HINT = N_("what happened  * important  from:who  @member  #category  ^when")
READY = N_("Enter saves and keeps the bar open for the next; Escape or Enter on an empty line closes")


class QuickAdd(Vertical):
    BINDINGS = [Binding("escape", "close", "Cancel", id="quick-add-cancel")]

    class Submitted(Message):
        def __init__(self, text: str, kind: str) -> None:
            super().__init__()
            self.text = text
            self.kind = kind

    class Closed(Message):
        """The bar was closed (after any number of saved items)."""

    def __init__(self, previewer: Previewer, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.previewer = previewer
        self.kind = "task"
        self.captured = 0  # items saved since the bar opened
        self._discard_asked = False  # Escape was pressed once on typed text

    def compose(self) -> ComposeResult:
        yield Static(id="quick-add-preview")
        yield TypedInput(placeholder=_(HINT), id="quick-add-input", select_on_focus=False, take=self._take)

    @property
    def field(self) -> TypedInput:
        return self.query_one("#quick-add-input", TypedInput)

    def open(self, kind: str) -> None:
        if not self.display or kind != self.kind:
            self.captured = 0
        self.kind = kind
        self.display = True
        self._discard_asked = False
        self.set_class(kind == "interrupt", "-interrupt")
        self.field.placeholder = _(INTERRUPT_HINT if kind == "interrupt" else HINT)
        self._frame()
        # At once, not after the keys already queued: "n" then the title typed fast (or on a busy machine)
        # must never leave the title's letters to the board's keys while the focus is on its way.
        self.screen.set_focus(self.field)
        self._preview(self.field.value)

    def _frame(self) -> None:
        self.border_title = _("New interrupt") if self.kind == "interrupt" else _("New item")
        self.border_subtitle = ngettext("{count} captured", "{count} captured", self.captured).format(
            count=self.captured) if self.captured else ""

    def action_close(self) -> None:
        """Escape: closes an empty bar; on typed text it asks first, and a second Escape discards."""
        text = self.field.value
        if text.strip() and not self._discard_asked:
            self._discard_asked = True
            preview = self.query_one("#quick-add-preview", Static)
            preview.update(Text(_("Not saved yet: Escape again discards it, Enter saves it, or keep typing")))
            preview.set_class(True, "-error")
            self.app.bell()
            return
        self.close()

    def close(self) -> None:
        self.field.value = ""
        self._discard_asked = False
        self.display = False
        self.post_message(self.Closed())

    @on(Input.Changed, "#quick-add-input")
    def _changed(self, event: Input.Changed) -> None:
        self._discard_asked = False
        self._preview(event.value)

    def _preview(self, text: str) -> None:
        preview = self.query_one("#quick-add-preview", Static)
        if not text.strip():
            preview.update(Text(_(READY), style="dim"))
            preview.set_class(False, "-error")
            return
        ok, words = self.previewer(text, self.kind)
        preview.update(Text(("→ " if ok else "✗ ") + words))
        preview.set_class(not ok, "-error")

    def _take(self, text: str) -> bool:
        """Enter on text, read in turn with the keys around it: a readable line is taken (the field clears at once)."""
        ok, _said = self.previewer(text, self.kind)
        if not ok:
            self.app.bell()
        return ok

    @on(Input.Submitted, "#quick-add-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.close()
            return
        self.post_message(self.Submitted(event.value, self.kind))  # taken: the field is already cleared for the next

    def saved(self) -> None:
        """The app saved the item: the count in the frame (the field was cleared when Enter took the text)."""
        self.captured += 1
        self._frame()

    def not_saved(self, text: str) -> None:
        """The app could not save it (the reason is said): the text back in the field, unless the next is being typed."""
        self.field.give_back(text)
