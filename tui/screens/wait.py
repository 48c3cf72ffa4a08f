"""The waiting-for dialog: the item waits on someone until a follow-up.

Asking a leader for instructions, or a colleague for a draft, parks an item
that is not the chief's to move. It should come back by itself: the follow-up
defaults to two working days on (the start of that day; Thursday's is
Monday), and saying "none" keeps the item on the board marked "waiting".
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from chief.store import Board
from chief.store import Settings
from chief.store import default_follow_up
from chief.store import Item
from chief.store import time_words
from chief.store import Due, due_echo
from chief.tui.screens.dialog import ItemDialog, ParsedInput, local_text, parse_for
from chief.tui.text import printable
from chief.tui.widgets.fitting_footer import SaidFooter
from chief.store import _

NO_FOLLOW_UP = frozenset({"none", "no", "-", "never"})
NO_FOLLOW_UP_ZH = frozenset({"无", "不催办", "不用", "不"})  # the same answer typed in Chinese, in either language


class WaitScreen(ItemDialog[tuple[str, Due | None] | None]):
    """Who the item waits for and when to chase; dismisses with (who, follow-up or None)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="wait-save"),
        Binding("escape", "cancel", "Cancel", id="wait-cancel"),
    ]
    AUTO_FOCUS = "#wait-who Input"

    def __init__(self, board: Board, item: Item, settings: Settings, privacy: bool) -> None:
        super().__init__(board, item, privacy)
        self.settings = settings
        self.names = [m.name for m in board.members_by_load()]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = _("Waiting for")
            yield self.title_line()
            yield Static(_("Who (a leader, a colleague, a department):"), classes="dialog-label")
            yield ParsedInput(
                self._read_who,
                value=printable(self.item.waiting_on or ""),
                placeholder=_("Director Zhao, or a team member"),
                suggester=SuggestFromList(self.names, case_sensitive=False),
                id="wait-who",
            )
            yield Static(_("Follow up (empty: in 2 working days; none: no follow-up):"), classes="dialog-label")
            yield ParsedInput(self._read_follow_up, value=self._follow_up_text(), placeholder=_("in 2 working days"),
                              id="wait-follow-up")
            yield Static(_("Enter or Ctrl+S saves · → completes a name · Esc cancels"), classes="dialog-hint")
        yield SaidFooter()

    def _follow_up_text(self) -> str:
        """The follow-up to keep; one that has passed is not offered again (empty: the default)."""
        if self.item.follow_up and self.item.follow_up > self.board.now_stamp:
            return local_text(self.item.follow_up, self.board.now)
        if self.item.follow_up:
            return ""
        return "none" if self.item.waiting_on else ""

    def _read_who(self, text: str) -> tuple[str, str]:
        who = " ".join(text.split())
        if not who:
            raise ValueError(_("say who the item is waiting for"))
        known = any(name.casefold() == who.casefold() for name in self.names)
        return who, _("a team member") if known else ""

    def _read_follow_up(self, text: str) -> tuple[Due | None, str]:
        words = text.strip()
        if words.casefold() in NO_FOLLOW_UP or words in NO_FOLLOW_UP_ZH:
            return None, _("no follow-up: it stays on the board, marked waiting")
        if words:
            due = parse_for(self.board, self.settings, words)
        else:
            due = default_follow_up(self.settings, self.board.now)
        moment = due.moment(self.settings.day_start, self.board.now.timezone)
        if moment <= self.board.now:
            raise ValueError(_("{when} has already passed: follow up at a later time").format(when=time_words(moment, year=True)))
        when = due_echo(Due(moment), self.board.now)
        if self.board.placement(self.item).overdue:  # a late item stays on the board
            said = _("follow up {when}") if words else _("follow up {when} (the default)")
        else:
            said = _("comes back {when}") if words else _("comes back {when} (the default)")
        return due, said.format(when=when) + self.falls_due_first(moment)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def unsaved(self) -> bool:
        return any(field.changed for field in self.query(ParsedInput))

    def action_save(self) -> None:
        """Save when both fields read well; otherwise show why and stay open."""
        fields = [self.query_one("#wait-who", ParsedInput), self.query_one("#wait-follow-up", ParsedInput)]
        bad = [field for field in fields if not field.check(insist=True)]
        if bad:
            self.app.bell()
            bad[0].focus_input()
            return
        self.dismiss((fields[0].value, fields[1].value))
