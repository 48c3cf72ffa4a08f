"""The header line: today's date and time, and the counts that matter."""

from __future__ import annotations

import datetime

from rich.text import Text

from chief.store import _, language, ngettext
from chief.store import in_pattern
from chief.tui.text import clip
from chief.tui.widgets.fixed_lines import FixedLines


def running_clock(seconds: int) -> str:
    """Time since an emergency arrived, as a running clock: 4:05, 1:02:03 (hours go past 24)."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


# What a narrow header leaves out, least useful first, until the line fits: counts of nothing, what
# to do with marked items (help says it too), the app's name, the put-away count, a holiday note,
# the date (the time stays), the filter's words cut short, the inbox count. Never left out: the
# alert, an emergency's clock, the interrupts, overdue items, privacy mode, how many are marked,
# that a filter is on.
DROPPED_FIRST = ("nothing", "marks hint", "name", "put away", "day note", "date", "filter words", "inbox")


class StatusHeader(FixedLines):
    """Date, clock and counts; problems (unsaved change, bad records) in the error colour."""

    COMPONENT_CLASSES = {"status-header--alert", "status-header--count", "status-header--title"}
    _shown: tuple[datetime.datetime, dict] | None = None  # what was last shown: fitted again at once on a resize

    def show_again(self) -> None:
        """What was last shown, fitted and coloured afresh."""
        if self._shown is not None:
            now, fields = self._shown
            self.show(now, **fields)
        else:
            super().show_again()

    def show(
        self,
        now: datetime.datetime,
        *,
        overdue: int,
        interrupts: int,
        inbox: int,
        put_away: int = 0,
        privacy: bool,
        filter_text: str = "",
        alert: str = "",
        day_note: str = "",
        emergency: tuple[str, int, int] | None = None,
        marked: str = "",
        marked_short: str = "",
    ) -> None:
        """``day_note``: today or tomorrow is a holiday or a make-up working day ("tomorrow: National Day").

        ``emergency``: the oldest open emergency as (title as it may be shown, seconds since it
        arrived, how many more are open): its clock runs in the header until it is closed;
        ``marked``: how many items are marked, in words ("3 marked: a assigns them all, Esc clears"),
        and ``marked_short`` the same said short ("3 marked"), for a narrow header.
        """
        fields = dict(overdue=overdue, interrupts=interrupts, inbox=inbox, put_away=put_away, privacy=privacy,
                      filter_text=filter_text, alert=alert, day_note=day_note, emergency=emergency, marked=marked,
                      marked_short=marked_short or marked)
        self._shown = (now, fields)
        width = self.size.width or self.app.size.width
        styles = tuple(map(self.get_component_rich_style, ("status-header--title", "status-header--count", "status-header--alert")))
        line = self._line(now, False, styles, **fields)
        if line.cell_len > width:  # the short words, then the least useful parts dropped one by one
            for dropped in range(len(DROPPED_FIRST) + 1):
                line = self._line(now, True, styles, drop=DROPPED_FIRST[:dropped], **fields)
                if line.cell_len <= width:
                    break
        line.truncate(width, overflow="ellipsis")  # still too wide (a tiny terminal): cut by cells, with an ellipsis
        self.say(line)  # one line, always: no layout pass; the clock's tick every second paints once a minute

    def _line(self, now: datetime.datetime, short: bool, styles: tuple, *, overdue: int, interrupts: int, inbox: int, put_away: int,
              privacy: bool, filter_text: str, alert: str, day_note: str = "",
              emergency: tuple[str, int, int] | None = None, marked: str = "", marked_short: str = "",
              drop: tuple[str, ...] = ()) -> Text:
        title, count, alert_style = styles  # the header's title, count and alert styles, from its CSS
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        if "name" not in drop:
            line.append(" Chief ", title)
        # the date's pattern is a message too: a Chinese header reads "12月2日 周三 15:00"
        pattern = "HH:mm" if "date" in drop else _("ddd D MMM HH:mm") if short else _("ddd D MMM YYYY  HH:mm")
        line.append(f" {in_pattern(now, pattern, language())} " + ("" if short else " "))
        gap = "" if short else " "  # between two parts (each has a space either side)
        if alert and short:  # narrow: the problem comes first, where no cut can reach it
            line.append(f" {alert} ", alert_style)
        if emergency is not None:
            emergency_title, seconds, more = emergency  # user data: never the name of a style
            line.append(" " + _("EMERGENCY {clock}").format(clock=running_clock(seconds)) + " ", alert_style)
            if not short:
                line.append(" " + clip(emergency_title, 24))
            if more:
                line.append(" " + _("+{count} more").format(count=more), alert_style)
            line.append(" " + gap)
        if day_note and "day note" not in drop:  # a holiday or a make-up working day, today or tomorrow: it changes the day's plans
            line.append(f" {day_note} ", count)
            line.append(gap)
        for key, words, number, urgent in (
            ("overdue", _("{count} overdue"), overdue, overdue > 0),
            ("interrupts", ngettext("{count} interrupt", "{count} interrupts", interrupts) if short
             else ngettext("{count} interrupt waiting", "{count} interrupts waiting", interrupts), interrupts, interrupts > 0),
            ("inbox", _("{count} inbox") if short else _("{count} in inbox"), inbox, False),
            ("put away", _("{count} put away") if short else _("{count} put away till later"), put_away, False),  # snoozed, or waiting
        ):
            if key in drop or (not number and "nothing" in drop and key != "interrupts"):
                continue
            line.append(f" {words.format(count=number)} ", alert_style if urgent else count)
            line.append(gap)
        if marked:
            line.append(f" {marked_short if 'marks hint' in drop else marked} ", title)
            line.append(gap)
        if privacy:
            line.append(" " + _("PRIVACY") + " ", alert_style)
            line.append(gap)
        if filter_text:
            line.append(" " + _("filter:") + " ", count)
            line.append(clip(filter_text, 8) if "filter words" in drop else filter_text)
            line.append(" ")
        if alert and not short:
            line.append(f" {alert} ", alert_style)
        return line
