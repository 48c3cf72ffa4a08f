"""The header line: today's date and time, and the counts that matter."""

from __future__ import annotations

import pendulum
from rich.text import Text
from textual.widgets import Static


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
    ) -> None:
        """``day_note``: today or tomorrow is a holiday or a make-up working day ("tomorrow: National Day")."""
        for short in (False, True):  # the short words when the long ones do not fit the width
            line = self._line(now, short, overdue=overdue, interrupts=interrupts, inbox=inbox, put_away=put_away,
                              privacy=privacy, filter_text=filter_text, alert=alert, day_note=day_note)
            if line.cell_len <= (self.size.width or self.app.size.width):
                break
        self.update(line, layout=False)  # one line, always: no layout pass (it runs every second)

    def _line(self, now: pendulum.DateTime, short: bool, *, overdue: int, interrupts: int, inbox: int, put_away: int,
              privacy: bool, filter_text: str, alert: str, day_note: str = "") -> Text:
        title = self.get_component_rich_style("status-header--title")
        count = self.get_component_rich_style("status-header--count")
        alert_style = self.get_component_rich_style("status-header--alert")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(" Chief ", title)
        line.append(f" {now.format('ddd D MMM HH:mm' if short else 'ddd D MMM YYYY  HH:mm')}  ")
        if day_note:  # a holiday or a make-up working day, today or tomorrow: it changes the day's plans
            line.append(f" {day_note} ", count)
            line.append("" if short else " ")
        waiting = "interrupt waiting" if interrupts == 1 else "interrupts waiting"
        for number, label, urgent in (
            (overdue, "overdue", overdue > 0),
            (interrupts, ("interrupt" if interrupts == 1 else "interrupts") if short else waiting, interrupts > 0),
            (inbox, "inbox" if short else "in inbox", False),
            (put_away, "put away" if short else "put away till later", False),  # snoozed, or waiting with a follow-up
        ):
            line.append(f" {number} {label} ", alert_style if urgent else count)
            line.append("" if short else " ")
        if privacy:
            line.append(" PRIVACY ", alert_style)
            line.append(" ")
        if filter_text:
            line.append(" filter: ", count)
            line.append(filter_text)
            line.append(" ")
        if alert:
            line.append(f" {alert} ", alert_style)
        return line
