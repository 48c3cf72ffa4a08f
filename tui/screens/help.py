"""Help: every key as it is bound now, the quick-add syntax, and how to remap keys.

The rows come from the app's live bindings with the user's keymap applied, so
help never disagrees with the keyboard. Each row shows its binding id, which
is exactly what the config file's ``[keymap]`` table takes.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from chief.store import paths
from chief.store import N_, _
from chief.store import EFFORT_EXAMPLES, REPEAT_EXAMPLES
from chief.store import EXAMPLES as WHEN_EXAMPLES
from chief.tui.host import chief_app
from chief.tui.screens.framed import SCROLL_HINT, FramedScreen

GROUPS = (N_("Capture"), N_("Triage"), N_("Move"), N_("Views"), N_("Other"))  # said when shown
# Binding id (exact, or a prefix ending in "-") -> group; ids not listed go under "Other".
GROUP_OF = {
    "quick-add": "Capture",
    "quick-add-": "Capture",
    "capture-interrupt": "Capture",
    "quadrant-": "Triage",
    "triage-": "Triage",
    "triage": "Triage",
    "done": "Triage",
    "drop": "Triage",
    "edit": "Triage",
    "assign": "Triage",
    "snooze": "Triage",
    "wait": "Triage",
    "take": "Triage",
    "cursor-": "Move",
    "focus-": "Move",
    "filter": "Views",
    "privacy": "Views",
    "waiting-list": "Views",
    "resume": "Triage",
    "stats": "Views",
    "review": "Views",
    "brief": "Views",
    "help": "Views",
}
QUICK_ADD = (  # (mark, what it means, what fills {examples}): the words said when shown
    ("*", N_("important"), ""),
    ("!", N_("urgent (both: * ! or *!)"), ""),
    (N_("@member"), N_("assign to a team member (the start of a name is enough)"), ""),
    (N_("#category"), N_("file under a category"), ""),
    (N_("^when"), N_("due: {examples}"), WHEN_EXAMPLES),
    ("~30m", N_("effort: {examples}"), EFFORT_EXAMPLES),
    (N_("from:who"), N_("who raised it, e.g. from:副局长"), ""),
    (N_("every:rule"), N_("a recurring duty: {examples}"), REPEAT_EXAMPLES),
)
QUICK_ADD_EXAMPLE = N_("! 通知各科室参加周五安全检查 ^fri 10am @Chen #daily ~30m from:主任")


def group_of(binding_id: str) -> str:
    """The help group of a binding id: an exact entry, then the longest prefix, else Other."""
    if binding_id in GROUP_OF:
        return GROUP_OF[binding_id]
    prefixes = [p for p in GROUP_OF if p.endswith("-") and binding_id.startswith(p)]
    return GROUP_OF[max(prefixes, key=len)] if prefixes else "Other"


def grouped(rows: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str, str]]]:
    """The rows by group, in GROUPS order, each group in the order the bindings were declared."""
    groups: dict[str, list[tuple[str, str, str]]] = {name: [] for name in GROUPS}
    for row in rows:
        groups[group_of(row[2])].append(row)
    return {name: found for name, found in groups.items() if found}


class HelpBody(Static):
    """The whole help text as one renderable, scrolled by the dialog."""

    COMPONENT_CLASSES = {"help-body--heading", "help-body--key", "help-body--muted"}
    DEFAULT_CSS = """
    HelpBody { height: auto; padding: 0 1; }
    HelpBody > .help-body--heading { color: $primary; text-style: bold; }
    HelpBody > .help-body--key { color: $accent; text-style: bold; }
    HelpBody > .help-body--muted { color: $foreground-muted; }
    """

    def __init__(self, rows: list[tuple[str, str, str]], categories: tuple[str, ...], config_path: Path) -> None:
        super().__init__()
        self.rows = rows
        self.categories = categories
        self.config_path = config_path

    def on_mount(self) -> None:
        self.update(self.render_help())

    def render_help(self) -> RenderableType:
        heading = self.get_component_rich_style("help-body--heading")
        key = self.get_component_rich_style("help-body--key")
        muted = self.get_component_rich_style("help-body--muted")
        parts: list[RenderableType] = []
        for name, rows in grouped(self.rows).items():
            parts.append(Text(_(name), heading))
            parts.append(self._table(rows, key, muted))
            parts.append(Text(""))
        parts.extend(self._quick_add(heading, key, muted))
        parts.extend(self._keymap(heading, key, muted))
        return Group(*parts)

    @staticmethod
    def _table(rows: list[tuple[str, str, str]], key: Style, muted: Style, what_width: int | None = 26) -> Table:
        """Keys, what they do, binding id; fixed widths so every group's columns line up."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style=key, width=10)
        table.add_column(width=what_width, ratio=None if what_width else 1)
        table.add_column(style=muted, no_wrap=True)
        for keys, what, binding_id in rows:
            table.add_row(Text(keys), Text(what), Text(binding_id))
        return table

    def _quick_add(self, heading: Style, key: Style, muted: Style) -> list[RenderableType]:
        syntax = [(_(mark), _(what).format(examples=examples)) for mark, what, examples in QUICK_ADD]
        syntax[3] = (_("#category"), _("one of: {categories}").format(categories=", ".join(self.categories)))
        return [
            Text(_("Quick add"), heading),
            Text(_("Type the title with any of these marks, in any order (the same as `chief add \"...\"`):")),
            self._table([(mark, what, "") for mark, what in syntax], key, muted, what_width=None),
            Text.assemble((_("e.g. "), muted), _(QUICK_ADD_EXAMPLE)),
            Text(_("Marked items go straight to their quadrant; the rest wait in the inbox."), muted),
            Text(""),
        ]

    def _keymap(self, heading: Style, key: Style, muted: Style) -> list[RenderableType]:
        example = Text.assemble(("[keymap]\n", key), 'done = "D"\n', 'quadrant-1 = "1,f5"')
        return [
            Text(_("Your own keys"), heading),
            Text(_("Remap any key by its id (the right-hand column) in the [keymap] table of the config file:")),
            Text(str(self.config_path), muted),
            example,
            Text(_("Several keys are separated by commas; restart Chief to apply."), muted),
        ]


class HelpScreen(FramedScreen[None]):
    """A dialog over the dashboard; it changes nothing, so any close key is safe."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close help", id="help-close")]
    FRAME_WIDTH = 96

    def __init__(self, rows: list[tuple[str, str, str]], *, config_path: Path | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.config_path = config_path or paths.config_file()

    def compose(self) -> ComposeResult:
        categories = tuple(chief_app(self).desk.settings.categories)
        with self.frame(_("Chief: keys"), _(SCROLL_HINT)):
            with VerticalScroll(classes="frame-scroll", id="help-scroll"):
                yield HelpBody(self.rows, categories, self.config_path)

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss()
