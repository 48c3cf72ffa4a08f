"""The quick-add bar: the same syntax as ``chief add``, understood as you type.

The preview line shows where the item will land (quadrant or inbox), its due
time, assignee and category; a parse error shows there too and Enter then
saves nothing. The bar is never rebuilt by a board refresh, so text typed
into it survives changes arriving from other processes.
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

from chief.store import N_, _

Previewer = Callable[[str, str], tuple[bool, str]]  # (text, kind) -> (ok, words)

HINT = N_("title  * important  ! urgent  @member  #category  ^when  ~30m  from:who  every:mon")


class QuickAdd(Vertical):
    BINDINGS = [Binding("escape", "close", "Cancel", id="quick-add-cancel")]

    class Submitted(Message):
        def __init__(self, text: str, kind: str) -> None:
            super().__init__()
            self.text = text
            self.kind = kind

    def __init__(self, previewer: Previewer, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.previewer = previewer
        self.kind = "task"

    def compose(self) -> ComposeResult:
        yield Static(id="quick-add-preview")
        yield Input(placeholder=_(HINT), id="quick-add-input", select_on_focus=False)

    def open(self, kind: str) -> None:
        self.kind = kind
        self.display = True
        self.border_title = _("New interrupt") if kind == "interrupt" else _("New item")
        self.set_class(kind == "interrupt", "-interrupt")
        field = self.query_one(Input)
        field.focus()
        self._preview(field.value)

    def action_close(self) -> None:
        self.query_one(Input).value = ""
        self.display = False
        self.post_message(self.Closed())

    class Closed(Message):
        """The bar was closed without saving."""

    @on(Input.Changed, "#quick-add-input")
    def _changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def _preview(self, text: str) -> None:
        preview = self.query_one("#quick-add-preview", Static)
        if not text.strip():
            preview.update(Text(_("Type the item; Enter saves, Escape cancels"), style="dim"))
            preview.set_class(False, "-error")
            return
        ok, words = self.previewer(text, self.kind)
        preview.update(Text(("→ " if ok else "✗ ") + words))
        preview.set_class(not ok, "-error")

    @on(Input.Submitted, "#quick-add-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ok, _said = self.previewer(event.value, self.kind)
        if ok:
            self.post_message(self.Submitted(event.value, self.kind))
        else:
            self.app.bell()

    def saved(self) -> None:
        """The app saved the item: clear and close."""
        self.query_one(Input).value = ""
        self.display = False
