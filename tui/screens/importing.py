"""The import dialog: a file to read in, checked as it is typed.

The whole file is read and checked while the path is typed, so the dialog
says "Taskwarrior export: 12 items" or the line that is wrong before
anything is imported; nothing is half-imported either way.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from chief.store import _
from chief.store import BadImport, read_plan
from chief.tui.screens.dialog import ParsedInput


class ImportScreen(ModalScreen[Path | None]):
    """Asks for the file; answers its path, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import-cancel"),
    ]
    DEFAULT_CSS = """
    ImportScreen { align: center middle; background: $background 60%; }
    #import-dialog {
        width: 80; max-width: 100%; height: auto;
        border: round $primary; border-title-color: $primary; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    #import-dialog .dialog-hint { color: $foreground-muted; }
    #import-dialog Input { background: $panel; }
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder  # where a relative path is looked for: the data file's folder

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog") as dialog:
            dialog.border_title = _("Import a file")
            yield Static(
                Content(_("Taskwarrior's  task export  JSON, or a CSV exported by Chief. Relative to {folder}").format(
                    folder=self.folder)),
                classes="dialog-hint",
            )
            yield ParsedInput(self._read, placeholder="~/tasks.json", id="import-path")
            yield Static(_("Enter imports · Esc cancels"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(ParsedInput).focus_input()

    def _path(self, text: str) -> Path:
        return (self.folder / Path(text.strip()).expanduser()).absolute()

    def _read(self, text: str) -> tuple[Path, str]:
        if not text.strip():
            raise ValueError(_("type the path of the file to import"))
        path = self._path(text)
        try:
            plan = read_plan(path, None, name=path.name)
        except BadImport as err:
            raise ValueError(str(err)) from None
        kind = _("Taskwarrior export") if plan.format != "csv" else _("Chief CSV")
        return path, _("{kind}: {count} item(s); those already here are left as they are").format(kind=kind, count=len(plan.items))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        field = self.query_one(ParsedInput)
        if field.check(insist=True):
            self.dismiss(field.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
