"""The header line: today's date and time, and the counts that matter."""

from __future__ import annotations

import pendulum
from rich.text import Text
from textual.widgets import Static

from chief.store import _, language, ngettext
from chief.tui.text import clip


def running_clock(seconds: int) -> str:
    """Time since an emergency arrived, as a running clock: 4:05, 1:02:03 (hours go past 24)."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class StatusHeader(Static):
    """Date, clock and counts; problems (unsaved change, bad records) in the error colour."""

    COMPONENT_CLASSES = {"status-header--alert", "status-header--count", "status-header--title"}

    def show(
        self,
        now: pendulum.DateTime,
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
    ) -> None:
        """``day_note``: today or tomorrow is a holiday or a make-up working day ("tomorrow: National Day").

        ``emergency``: the oldest open emergency as (title as it may be shown, seconds since it
        arrived, how many more are open): its clock runs in the header until it is closed;
        ``marked``: how many items are marked, in words ("3 marked: a assigns them all, Esc clears").
        """
        for short in (False, True):  # the short words when the long ones do not fit the width
            line = self._line(now, short, overdue=overdue, interrupts=interrupts, inbox=inbox, put_away=put_away,
                              privacy=privacy, filter_text=filter_text, alert=alert, day_note=day_note,
                              emergency=emergency, marked=marked)
            if line.cell_len <= (self.size.width or self.app.size.width):
                break
        self.update(line, layout=False)  # one line, always: no layout pass (it runs every second)

    def _line(self, now: pendulum.DateTime, short: bool, *, overdue: int, interrupts: int, inbox: int, put_away: int,
              privacy: bool, filter_text: str, alert: str, day_note: str = "",
              emergency: tuple[str, int, int] | None = None, marked: str = "") -> Text:
        title = self.get_component_rich_style("status-header--title")
        count = self.get_component_rich_style("status-header--count")
        alert_style = self.get_component_rich_style("status-header--alert")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(" Chief ", title)
        # the date's pattern is a message too: a Chinese header reads "12月2日 周三 15:00"
        pattern = _("ddd D MMM HH:mm") if short else _("ddd D MMM YYYY  HH:mm")
        line.append(f" {now.format(pattern, locale=language())}  ")
        if emergency is not None:
            emergency_title, seconds, more = emergency  # user data: never the name of a style
            line.append(" " + _("EMERGENCY {clock}").format(clock=running_clock(seconds)) + " ", alert_style)
            if not short:
                line.append(" " + clip(emergency_title, 24))
            if more:
                line.append(" " + _("+{count} more").format(count=more), alert_style)
            line.append("  ")
        if day_note:  # a holiday or a make-up working day, today or tomorrow: it changes the day's plans
            line.append(f" {day_note} ", count)
            line.append("" if short else " ")
        for words, number, urgent in (
            (_("{count} overdue"), overdue, overdue > 0),
            (ngettext("{count} interrupt", "{count} interrupts", interrupts) if short
             else ngettext("{count} interrupt waiting", "{count} interrupts waiting", interrupts), interrupts, interrupts > 0),
            (_("{count} inbox") if short else _("{count} in inbox"), inbox, False),
            (_("{count} put away") if short else _("{count} put away till later"), put_away, False),  # snoozed, or waiting
        ):
            line.append(f" {words.format(count=number)} ", alert_style if urgent else count)
            line.append("" if short else " ")
        if marked:
            line.append(f" {marked} ", title)
            line.append(" ")
        if privacy:
            line.append(" " + _("PRIVACY") + " ", alert_style)
            line.append(" ")
        if filter_text:
            line.append(" " + _("filter:") + " ", count)
            line.append(filter_text)
            line.append(" ")
        if alert:
            line.append(f" {alert} ", alert_style)
        return line
