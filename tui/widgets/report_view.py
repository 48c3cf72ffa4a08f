"""A report drawn from ``chief.store.reports.chart`` lines: the same figures the command line prints, in colour.

The lines are built for the widget's width (bars scale to it) and rebuilt
when the width changes. Every part becomes a ``rich.text.Text`` span, never
markup, so a title or a source name is shown exactly as typed.
"""

from __future__ import annotations

from typing import Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Static

from chief.store import Line

ROLES = ("heading", "muted", "bar", "bad")


class ReportView(Static):
    """``lines_for(width)`` drawn with a style per role; rebuilt by :meth:`show` and on resize."""

    COMPONENT_CLASSES = {f"report-view--{role}" for role in ROLES}
    DEFAULT_CSS = """
    ReportView { height: auto; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    ReportView > .report-view--heading { color: $primary; text-style: bold; }
    ReportView > .report-view--muted { color: $foreground-muted; }
    ReportView > .report-view--bar { color: $accent; }
    ReportView > .report-view--bad { color: $error; text-style: bold; }
    """

    def __init__(self, lines_for: Callable[[int], list[Line]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines_for = lines_for
        self._width = 0

    def on_mount(self) -> None:
        self.show()

    def on_resize(self, event: events.Resize) -> None:
        if self.content_size.width != self._width:
            self.show()

    def show(self) -> None:
        """Build the lines again (new data, or a new width)."""
        self._width = self.content_size.width
        styles = {role: self.get_component_rich_style(f"report-view--{role}") for role in ROLES}
        text = Text(end="")
        for number, line in enumerate(self.lines_for(self._width or 76)):
            if number:
                text.append("\n")
            for part, role in line:
                text.append(part, styles.get(role, Style()))
        self.update(text)
