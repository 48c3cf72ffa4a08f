"""An input that reads its keys in the order they were typed, Enter and Escape included.

Textual runs an input's Enter (submit) and a dialog's Escape as key *bindings*,
when the key has travelled up to the app; the characters typed right behind
them are read by the input before that. Typed fast (or on a busy machine),
"任务一⏎任务二⏎" saved "任务一任务二", or lost "任" when the bar was cleared
after the save. Here:

- Enter is read by the field itself, in turn. A field that stays open for the
  next entry (the quick-add bar, the step line) gives a ``take`` callback: the
  text is handed over and the field cleared at that very key, so what is typed
  next starts the next entry.
- After a key that may close the field (Enter that is not taken, Escape, a
  dialog's own key such as Ctrl+S), the
  characters that follow are held: they go back into the field if it is still
  the one typed in once things settle (a refused Enter, Escape asking first), or
  to the app as typed ahead (``TypedAhead``) when the field has closed: then
  they go into the next field of a form, or are said, never run as board keys
  and never lost without a word (tui/typeahead.py).
- A key that reaches the field after it lost the focus (it was on its way when
  the field closed) is typed ahead too.
- An input method's commit (a Paste event: "起草" in one go) keeps the same place
  among the keys as typed characters do: held behind Enter, handed on or said.
"""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.dom import NoScreen
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from chief.tui.text import one_line
from chief.tui.typeahead import PAUSE_S

SETTLE_S = PAUSE_S  # how long held keys wait for a field that may close, while typing goes on


class TypedInput(Input):
    """An ``Input`` whose Enter and Escape keep their place among the typed keys (see the module)."""

    class TypedAhead(Message):
        """Characters typed into a field that has closed meanwhile: the app gives them to the next field, or says them."""

        def __init__(self, text: str, screen: object) -> None:
            super().__init__()
            self.text = text
            self.screen = screen

    def __init__(self, *args, take: Callable[[str], bool | None] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Enter on text: True when taken (the field clears at once and stays open), False when refused (the text
        # stays), None when it is an ordinary submit
        self.take = take
        self._held: list[str] = []
        self._settling = False
        self._settle_timer: Timer | None = None

    async def _on_key(self, event: events.Key) -> None:
        printable = event.is_printable and event.character is not None
        if printable and (self._settling or not self._open):
            event.stop()
            event.prevent_default()
            self._held.append(event.character or "")
            if self._open:
                self._settle_later()
            else:
                self._hand_on()
            return
        if event.key == "enter" and self._enter_bound():
            event.stop()
            event.prevent_default()
            await self._enter()
            return
        if event.key == "escape" or (not printable and self._bound_above(event.key)):
            self._settling = True  # the field may close (Escape, the form's Ctrl+S): what follows waits to see
            self._settle_later()
        # (Input's own _on_key runs next: Textual calls every class's handler unless the default is prevented)

    async def _on_paste(self, event: events.Paste) -> None:
        """An input method's commit (or a paste) behind a closing key waits with the typed keys, in its place."""
        if event.text and (self._settling or not self._open):
            event.stop()
            event.prevent_default()
            self._held.append(one_line(event.text))
            if self._open:
                self._settle_later()
            else:
                self._hand_on()
            return
        event.stop()
        event.prevent_default()  # Input's own keeps only the first line of a paste: all of it goes in, as one line
        line = one_line(event.text)
        if line:
            if self.selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *self.selection)

    def _bound_above(self, key: str) -> bool:
        """Whether ``key`` runs a binding of the dialog or the app (Ctrl+S saves and closes), not an editing key of the field."""
        if key in self._bindings.key_to_bindings or key in ("tab", "shift+tab"):
            return False  # the field's own keys; Tab moves to the next field, which takes what follows (the app's TypedAhead)
        try:
            return key in self.screen.active_bindings
        except NoScreen:
            return False

    def _enter_bound(self) -> bool:
        return any(binding.action == "submit" for binding in self._bindings.key_to_bindings.get("enter", []))

    async def _enter(self) -> None:
        text = self.value
        taken = self.take(text) if self.take is not None and text.strip() else None
        if taken is not None:
            if taken:
                self.value = ""  # now, before the next key: it starts the next entry
                self.post_message(self.Submitted(self, text, None))
            return  # refused: the text stays to be fixed
        self._settling = True
        await self.action_submit()
        self._settle_later()  # after the submit, whose handlers run first

    def closing(self) -> None:
        """A key that may close the field was read elsewhere (a dialog's Enter): the keys after it wait to see."""
        self._settling = True
        self._settle_later()

    def give_back(self, text: str) -> None:
        """A taken text could not be saved: back into the field, unless the next entry is already being typed."""
        if not self.value:
            self.value = text
            self.cursor_position = len(text)

    def _settle_later(self) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self._settle_timer = self.set_timer(SETTLE_S, self._settled)  # at the latest
        self._after_bubbling(self._settled)  # once the key's handlers have run: the field still open, or not

    def _after_bubbling(self, callback: Callable[[], None]) -> None:
        """``callback`` once what was just posted here (Submitted, the key) has travelled up to the app and run.

        A message bubbles from queue to queue, up the ancestors; a callback that
        follows it the same way, one queue at a time, arrives after it everywhere.
        """
        chain = self.ancestors_with_self  # up to the app

        def step(index: int) -> None:
            if index == len(chain):
                callback()
            else:
                chain[index].call_later(step, index + 1)

        step(0)

    def _settled(self) -> None:
        if self._settling:
            self._settle()

    def _settle(self) -> None:
        """The key that may have closed the field has been handled: held keys go back in, or on."""
        self._settling = False
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        if self._open:
            held, self._held = "".join(self._held), []
            if held:
                self.insert_text_at_cursor(held)
            return
        self._hand_on()

    @property
    def _open(self) -> bool:
        """Still the field being typed in: focused, shown, on the screen on top."""
        return self.screen.focused is self and self.screen.is_current and all(node.display for node in self.ancestors_with_self)

    def _hand_on(self) -> None:
        held, self._held = "".join(self._held), []
        if held:
            try:
                screen: object = self.screen
            except NoScreen:  # already taken off with its dialog
                screen = None
            self.app.post_message(self.TypedAhead(held, screen))

    def _on_blur(self, event: events.Blur) -> None:
        self._settling = False
        self._hand_on()  # (Input's own _on_blur runs next)

    def _on_unmount(self) -> None:
        self._hand_on()
