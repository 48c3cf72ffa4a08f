"""The dialogs about one member: remove them (where do their open items go?), send them away.

Removing someone who still has open items must never leave an item with
nobody, so the dialog asks where the items go, best offers first: another
member, the chief, or back to the inbox; with nothing open it only asks to
confirm. Away asks for the reason and the day they are back (WHEN words:
"mon", "下周一", "12/7"; empty: not known), read as typed; the items due
before then are offered to hand on right after (tui/team_actions.py).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from chief.store import AWAY_REASONS, Board, ChiefError, Member, Settings
from chief.store import assign_offers, day_words, return_day
from chief.store import N_, _, ngettext
from chief.tui.screens.assign import me_row, member_row
from chief.tui.screens.dialog import Dialog, ParsedInput
from chief.tui.text import fit, printable
from chief.tui.widgets.fitting_footer import SaidFooter

TO_ME, TO_INBOX = "me", "inbox"  # the store's words for the chief and the inbox as hand_to
OTHER_REASON = N_("other")


class RemoveScreen(Dialog[str | None]):
    """Dismisses with where the items go (a member id, "me", "inbox"; "" when there are none), or None."""

    DEFAULT_CSS = """
    RemoveScreen #remove-to { height: auto; max-height: 12; border: none; padding: 0; background: $surface; margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "pick", "Remove from the team", priority=True, id="remove-pick"),
        Binding("escape", "cancel", "Keep them", id="remove-cancel"),
    ]

    def __init__(self, board: Board, member: Member, privacy: bool = False) -> None:
        super().__init__(board, privacy)
        self.member = member
        self.open_count = board.load(member.id).open

    def compose(self) -> ComposeResult:
        name = printable(self.member.name)
        with Vertical(id="dialog") as frame:
            frame.border_title = _("Remove from the team")
            yield Static(Content(name), classes="dialog-item")
            if self.open_count:
                yield Static(Content(ngettext("{name} has {count} open item. Hand it to:", "{name} has {count} open items. Hand them to:",
                                              self.open_count).format(name=name, count=self.open_count)))
                destinations = OptionList(id="remove-to", markup=False)
                yield destinations
            else:
                yield Static(Content(_("{name} has no open items.").format(name=name)))
            yield Static(Content(_("Their closed items keep their name in the reports. u undoes the removal.")), classes="dialog-hint")
        yield SaidFooter()

    def on_mount(self) -> None:
        if not self.open_count:
            return
        options = self.query_one("#remove-to", OptionList)
        rows = [Option(member_row(self.board, m, False), id=m.id)
                for m in assign_offers(self.board, None, self.board.today) if m.id != self.member.id]
        rows.append(Option(me_row(False, N_("they stay where they are")), id=TO_ME))
        rows.append(Option(Content.assemble("  ", fit(_("Inbox"), 15), (_("to be sorted again"), "$foreground-muted")),
                           id=TO_INBOX))
        options.add_options(rows)
        options.highlighted = 0
        options.focus()

    def action_pick(self) -> None:
        if not self.open_count:
            self.dismiss("")
            return
        option = self.query_one("#remove-to", OptionList).highlighted_option
        if option is None:
            self.app.bell()
            return
        self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#remove-to")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class AwayScreen(Dialog[tuple[str | None, str] | None]):
    """Dismisses with (the day they are back as ISO, or None: not known; the reason), or None."""

    DEFAULT_CSS = """
    AwayScreen .away-row { height: auto; margin-top: 1; }
    AwayScreen .away-label { width: 14; color: $foreground-muted; }
    AwayScreen .away-row > ParsedInput, AwayScreen .away-row > Select { width: 1fr; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Mark away", id="away-save"),
        Binding("escape", "cancel", "Cancel", id="away-cancel"),
    ]
    AUTO_FOCUS = "#away-until Input"

    def __init__(self, board: Board, settings: Settings, member: Member, privacy: bool = False) -> None:
        super().__init__(board, privacy)
        self.settings = settings
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = _("Away")
            yield Static(Content(printable(self.member.name)), classes="dialog-item")
            with Horizontal(classes="away-row"):
                yield Static(_("Back on"), classes="away-label")
                yield ParsedInput(self._read_day, placeholder=_("mon, in 5d, 2026-12-07 (empty: not known)"), id="away-until")
            with Horizontal(classes="away-row"):
                yield Static(_("Reason"), classes="away-label")
                reasons = [(_(words), code) for code, words in AWAY_REASONS.items()] + [(_(OTHER_REASON), "")]
                yield Select(reasons, value="leave", allow_blank=False, compact=True, id="away-reason")
            yield Static(Content(_("Enter marks them away; their items due before they are back are offered to hand on.")),
                         classes="dialog-hint")
        yield SaidFooter()

    def _read_day(self, text: str) -> tuple[str | None, str]:
        if not text.strip():
            return None, _("not known: they stay away until b marks them back")
        try:
            day = return_day(text, self.settings, self.board.now)
        except (ChiefError, ValueError) as err:
            raise ValueError(str(err)) from None
        return day.isoformat(), _("back on {day}").format(day=day_words(day))

    def action_save(self) -> None:
        field = self.query_one("#away-until", ParsedInput)
        if not field.check():
            field.focus_input()
            return
        reason = self.query_one("#away-reason", Select).value
        self.dismiss((field.value, reason if isinstance(reason, str) else ""))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()
