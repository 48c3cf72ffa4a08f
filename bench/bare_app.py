"""The floor for the dashboard's figures: a bare Textual app that paints four bordered panels.

It does what any Textual app with Chief's shape must do (import Textual, build four
widgets, lay them out, paint) and nothing of Chief's own; one bound key changes one
panel. Run as a script: ``python bench/bare_app.py``.
"""

from textual.app import App, ComposeResult
from textual.containers import Grid
from textual.widgets import Static


class BareApp(App):
    CSS = """
    Grid { grid-size: 2 2; }
    Static { border: round $accent; height: 1fr; }
    """
    BINDINGS = [("1", "press", "Press")]

    def compose(self) -> ComposeResult:
        with Grid():
            for name in ("North", "East", "South", "West"):
                panel = Static(f"{name} panel", id=name.lower())
                panel.border_title = f"{name} (0)"
                yield panel

    def action_press(self) -> None:
        panel = self.query_one("#north", Static)
        panel.border_title = "North (1)"
        panel.update("pressed")


if __name__ == "__main__":
    BareApp().run()
