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
    ) -> None:
        title = self.get_component_rich_style("status-header--title")
        count = self.get_component_rich_style("status-header--count")
        alert_style = self.get_component_rich_style("status-header--alert")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(" Chief ", title)
        line.append(f" {now.format('ddd D MMM YYYY  HH:mm')}  ")
        for number, label, urgent in (
            (overdue, "overdue", overdue > 0),
            (interrupts, "interrupt waiting" if interrupts == 1 else "interrupts waiting", interrupts > 0),
            (inbox, "in inbox", False),
            (put_away, "put away till later", False),  # snoozed, or waiting with a follow-up to come
        ):
            line.append(f" {number} {label} ", alert_style if urgent else count)
            line.append(" ")
        if privacy:
            line.append(" PRIVACY ", alert_style)
            line.append(" ")
        if filter_text:
            line.append(" filter: ", count)
            line.append(filter_text)
            line.append(" ")
        if alert:
            line.append(f" {alert} ", alert_style)
        self.update(line, layout=False)  # one line, always: no layout pass (it runs every second)
