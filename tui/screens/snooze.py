"""The snooze dialog, and the pieces every item dialog shares.

Snoozing puts an item out of sight until a time; the chief types any WHEN
("15:00", "明天9点") and sees at once which real moment it means, or picks one
of four presets: its digit alone then Enter (a lone digit is never a time), or
the arrows and Enter on the list. The cursor starts in the field, so a time
typed fast behind "s" goes into it whole: a time starting with a digit never
picks a preset by its first key. The dialog also says how often the item was pushed away before:
hard things should be faced, not moved up and down the list.
"""

from __future__ import annotations

import pendulum
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from chief.store import Board
from chief.store import Settings
from chief.store import Item
from chief.store import time_words
from chief.store import Due, due_echo, due_short
from chief.tui.screens.dialog import WHEN_HINT, ItemDialog, ParsedInput, at_clock, parse_for
from chief.tui.text import fit
from chief.tui.widgets.fitting_footer import SaidFooter
from chief.store import N_, _, ngettext

# the snooze dialog ----------------------------------------------------------

LATER_HOURS = 3
PRESETS = 4  # picked with the digits 1-4


def _round_up(moment: pendulum.DateTime, minutes: int = 15) -> pendulum.DateTime:
    """A clean clock time (13:15, not 13:07): nobody needs a snooze to the minute."""
    moment = moment.replace(second=0, microsecond=0)
    extra = -moment.minute % minutes
    return moment.add(minutes=extra)


def presets(now: pendulum.DateTime, settings: Settings) -> list[tuple[str, pendulum.DateTime]]:
    """The four usual answers to "not now", as (name, moment), earliest first, on working days.

    "Later today" is three hours on (not before the day starts, nor after it
    ends), offered only on a working day with an hour of it left. The others
    are mornings of working days (Friday's "next working day" is Monday), the
    nearest kinds first; a day already offered is not offered twice.
    """
    today = now.date()
    day_start, day_end = at_clock(now, settings.day_start), at_clock(now, settings.day_end)
    choices = []
    if settings.is_working_day(today) and now.add(hours=1) <= day_end:
        choices.append((N_("Later today"), min(max(_round_up(now.add(hours=LATER_HOURS)), day_start), day_end)))
    following = settings.next_working_day(today)
    candidates = [
        (N_("Tomorrow") if following == today.add(days=1) else N_("Next working day"), following),
        (N_("Next week"), today.add(days=7 - today.weekday())),
        (N_("In a week"), today.add(weeks=1)),
        (N_("In 2 working days"), settings.next_working_day(today, 2)),
        (N_("In two weeks"), today.add(weeks=2)),
    ]
    seen: set = set()
    for name, day in candidates:
        day = day if settings.is_working_day(day) else settings.next_working_day(day)
        if day not in seen and len(choices) < PRESETS:
            seen.add(day)
            choices.append((name, _morning(now, day, settings)))
    return sorted(choices, key=lambda choice: choice[1])


def _morning(now: pendulum.DateTime, day: pendulum.Date, settings: Settings) -> pendulum.DateTime:
    """The start of the working day on ``day``, in ``now``'s zone."""
    return at_clock(now.set(year=day.year, month=day.month, day=day.day), settings.day_start)


def nudge(deferrals: int) -> str:
    """What the count of earlier snoozes says; empty for a first snooze."""
    if deferrals <= 0:
        return ""
    if deferrals >= 3:
        return _("snoozed {count}x before: it keeps coming back. Face it: do it, delegate it or drop it").format(count=deferrals)
    return ngettext("snoozed once before", "snoozed {count}x before", deferrals).format(count=deferrals)


class SnoozeScreen(ItemDialog[Due | None]):
    """Put the item away until a preset or a typed time; dismisses with the Due."""

    DEFAULT_CSS = """
    SnoozeScreen #snooze-presets { height: auto; max-height: 6; border: none; padding: 0; background: $surface; }
    SnoozeScreen #snooze-presets:focus { background-tint: $foreground 4%; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="snooze-cancel"),
        Binding("down", "to_presets", "Presets", show=False, id="snooze-to-presets"),
    ]
    AUTO_FOCUS = "#snooze-when Input"

    def __init__(self, board: Board, item: Item, settings: Settings, privacy: bool) -> None:
        super().__init__(board, item, privacy)
        self.settings = settings
        self.choices = presets(board.now, settings)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = _("Snooze until")
            yield self.title_line()
            warning, strong = nudge(self.item.deferrals), self.item.deferrals >= 3
            if self.board.placement(self.item).overdue:
                late = due_short(self.board.due(self.item), self.board.now)  # type: ignore[arg-type]
                warning = _("it is {late}: a snooze would not hide it. Give it a new due time (e) or delegate it (a)").format(late=late)
                strong = True
            if warning:
                yield Static(Content(warning), classes="dialog-nudge" + (" -strong" if strong else ""))
            yield OptionList(*self._options(), id="snooze-presets", markup=False)
            yield Static(_("Until (a time, or a preset's digit):"), classes="dialog-label")
            yield ParsedInput(self._read, placeholder=_(WHEN_HINT), id="snooze-when")
            yield Static(Content(_("type a time or a preset's 1-4, then Enter · ↓ presets · Esc cancels")),
                         classes="dialog-hint")
        yield SaidFooter()

    def _options(self) -> list[Option]:
        rows = []
        overdue = self.board.placement(self.item).overdue  # said once above the choices
        for number, (name, moment) in enumerate(self.choices, 1):
            shown = time_words(moment, day=self.board.now.date())
            late = "  " + _("(due before: back then)") if not overdue and self.falls_due_first(moment) else ""
            rows.append(Option(Content.assemble((f"{number}  ", "$foreground-muted"), fit(_(name), 18), (shown, "bold"),
                                                (late, "$warning")), id=str(number)))
        return rows

    def _read(self, text: str) -> tuple[Due, str]:
        if not text.strip():
            raise ValueError(_("type a time, or pick a preset with 1-4"))
        preset = self._preset(text)
        if preset is not None:
            name, moment = self.choices[preset]
            return Due(moment), _("preset {number}, {name}: until {when}").format(
                number=preset + 1, name=_(name), when=due_echo(Due(moment), self.board.now)) + self.falls_due_first(moment)
        due = parse_for(self.board, self.settings, text)
        moment = due.moment(self.settings.day_start, self.board.now.timezone)
        if moment <= self.board.now:
            raise ValueError(_("{when} has already passed: snooze until a later time").format(when=time_words(moment)))
        return due, _("until {when}").format(when=due_echo(Due(moment), self.board.now)) + self.falls_due_first(moment)

    def _preset(self, text: str) -> int | None:
        """The preset a lone digit names (1-4, as numbered on the list), or None."""
        words = text.strip()
        if len(words) == 1 and words.isdigit() and 1 <= int(words) <= len(self.choices):
            return int(words) - 1
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_presets" and not isinstance(self.focused, Input):
            return False  # on the list, the arrows move along it
        return True

    def action_to_presets(self) -> None:
        self.query_one("#snooze-presets", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        """Typed on the list (after Tab or ↓): the text goes to the field, digits too; it never picks by its first key."""
        if isinstance(self.focused, OptionList) and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            field = self.query_one("#snooze-when", ParsedInput)
            field.focus_input()
            field.type_in(event.character)

    def unsaved(self) -> bool:
        return bool(self.query_one("#snooze-when", ParsedInput).text.strip())

    def action_save(self) -> None:
        """Snooze until the typed time, if it reads well (Enter in the field, or Save when Escape asked)."""
        field = self.query_one("#snooze-when", ParsedInput)
        if field.check(insist=True):
            self.dismiss(field.value)
        else:
            self.app.bell()
            field.focus_input()

    def action_preset(self, index: int) -> None:
        self.dismiss(Due(self.choices[index][1]))

    @on(OptionList.OptionSelected, "#snooze-presets")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.action_preset(event.option_index)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
