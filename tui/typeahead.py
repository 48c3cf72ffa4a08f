"""Typed-ahead protection: text meant for an input never runs as board keys.

The board's keys are single letters (d done, x drop, a assign...), and people
type faster than an input closes: "draft" typed just after Enter or Escape
closed the quick-add bar marked an item done, opened Assign and filled its
filter. So a key that carries a character (or Enter) reaches the board, or a
screen other than the one the typing was on (a dialog's buttons, the screen a
dialog closed onto), only after a pause: while keys keep coming less than
``PAUSE_S`` apart, the typing that began in a text field goes on, and its keys
are swallowed. Inside one form (Tab from the title to a checkbox, Enter to the
next field) nothing is swallowed: that is filling the form, not typing ahead.
What was swallowed is said once the run ends, so nothing vanishes without a word.

The other way round, a key that opens an input ("n", "/", "e"...) runs after
the keys queued behind it have been handed to the board: typed fast, or on a
busy machine, "n" and a title made the title's letters board keys. So the
printable keys (and Enter) that follow an opening key are held, and are handed
to the input in their order once it has the focus (or are said, when no input
took it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTER = "\r"  # Enter among the held keys: the input reads it in its turn (it may save and stay open, or close)
PAUSE_S = 0.5  # fast typing is 60-200 ms a key; a deliberate board key comes after a look at the screen


@dataclass
class TypeAheadGuard:
    """Decides, key by key, whether a key is still part of text typed into a field that has closed."""

    pause_s: float = PAUSE_S
    _last_typed: float = float("-inf")  # when the last key went into a text field (or was swallowed)
    _where: object = None  # the screen the typing was on
    swallowed: list[str] = field(default_factory=list)  # the characters of the current run, to say once
    held: list[str] = field(default_factory=list)  # typed behind a key that opens an input, for that input
    _opening: float | None = None  # when a key that opens an input was read, until an input takes the focus

    def typed_in_field(self, screen: object, now: float) -> None:
        """A key went into a text field on ``screen``: the run of typing goes on."""
        self._last_typed, self._where = now, screen

    def swallow(self, character: str | None, key: str, now: float, *, screen: object, in_form: bool) -> bool:
        """True when the key must be dropped: it comes too soon after typing, outside the form typed in.

        ``in_form``: the focus is on a control of a form (a checkbox, a button, a
        select), not on a board panel; on the screen the typing was on, such a
        key is the user filling the form.
        """
        if not (key == "enter" or (character is not None and character.isprintable())):
            return False
        if now - self._last_typed >= self.pause_s:
            return False
        if in_form and screen is self._where:
            return False
        self._last_typed = now  # the run goes on: the next key must wait for a pause too
        self.swallowed.append("⏎" if key == "enter" else character or "")
        return True

    def opening(self, now: float) -> None:
        """A key that opens an input was read: the keys typed right behind it are the input's."""
        self._opening = now

    def hold(self, character: str | None, key: str, now: float) -> bool:
        """True when the key is typed behind an opening key: kept for the input, not run on the board."""
        if self._opening is None or now - self._opening >= self.pause_s:
            return False
        if key != "enter" and (character is None or not character.isprintable()):
            return False
        self._opening = now
        self.held.append(ENTER if key == "enter" else character or "")
        return True

    def opened(self) -> str:
        """The focus has moved (into the input, or elsewhere): the text held for it, no longer held."""
        self._opening = None
        said, self.held = "".join(self.held), []
        return said

    def take_swallowed(self) -> str:
        """The characters swallowed since last asked (empty when none), Enter shown as ⏎."""
        said, self.swallowed = "".join(self.swallowed).replace(ENTER, "⏎"), []
        return said
