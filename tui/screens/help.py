"""Help: every key as it is bound now, the quick-add syntax, and how to remap keys.

The rows come from the app's live bindings with the user's keymap applied, so
help never disagrees with the keyboard. The groups stand in columns side by
side as far as the width allows, so at 120x40 every key is on one screen; a
key (``i``) shows each row's binding id, which is exactly what the config
file's ``[keymap]`` table takes.
"""

from __future__ import annotations

from pathlib import Path

from itertools import combinations

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
from chief.tui.text import cell_width
from chief.tui.screens.framed import SCROLL_HINT, FramedScreen

GROUPS = (N_("Capture"), N_("Triage"), N_("Move"), N_("Views"), N_("In the step view (c)"), N_("Team"), N_("Other"))  # said when shown
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
    "important": "Triage",
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
    "steps": "Views",
    "emergency": "Triage",
    "step-": "In the step view (c)",
    "mark": "Triage",
    "member-": "Team",
    "plate-": "Team",
    "fairness": "Team",
}
# Keys that Textual binds, not Chief (no id: the [keymap] table does not move them): (keys, what, group).
TEXTUAL_KEYS = (("tab", N_("Next panel"), "Move"), ("shift+tab", N_("Previous panel"), "Move"))
PALETTE = N_("Command palette")  # its key is the app's COMMAND_PALETTE_BINDING
HELP_SCROLL_HINT = N_("i ids · ↑↓ PgUp PgDn scroll · Esc closes")  # said where shown
COLUMN_GAP = 3  # cells between two columns of groups
WHAT_MAX = 24  # a description is wrapped past this many cells (none is that long in either language)

QUICK_ADD = (  # (mark, what it means, what fills {examples}): the words said when shown, examples translated too
    ("*", N_("important"), ""),
    ("!", N_("urgent (both: * ! or *!)"), ""),
    (N_("@member"), N_("assign to a team member (the start of a name is enough)"), ""),
    (N_("#category"), N_("file under a category"), ""),
    (N_("^when"), N_("due: {examples}"), WHEN_EXAMPLES),
    ("~30m", N_("effort: {examples}"), EFFORT_EXAMPLES),
    (N_("from:who"), N_("who raised it, e.g. from:副局长"), ""),
    (N_("every:rule"), N_("a recurring duty: {examples}"), REPEAT_EXAMPLES),
    (N_("proc:name"), N_("add a standard procedure's steps, e.g. proc:reception"), ""),
)
QUICK_ADD_EXAMPLE = N_("! 通知各科室参加周五安全检查 ^fri 10am @Chen #daily ~30m from:主任")


def group_of(binding_id: str) -> str:
    """The help group of a binding id: an exact entry, then the longest prefix, else Other."""
    if binding_id.startswith("textual:"):  # a key Textual binds: its group after the colon
        return binding_id.split(":", 1)[1]
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


def balanced(heights: list[int], columns: int) -> list[int]:
    """Where to start each column so that groups keep their order and the tallest column is as short as can be."""
    count = len(heights)
    columns = max(1, min(columns, count))
    best: tuple[int, list[int]] | None = None
    for cuts in combinations(range(1, count), columns - 1):
        starts = [0, *cuts]
        tallest = max(sum(heights[a:b]) for a, b in zip(starts, [*cuts, count]))
        if best is None or tallest < best[0]:
            best = (tallest, starts)
    return best[1] if best else [0]


class HelpBody(Static):
    """The whole help text as one renderable, scrolled by the dialog; drawn again for a new width."""

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
        self.show_ids = False
        self._drawn_for: tuple[int, bool] | None = None

    def on_mount(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        width = self.content_region.width or max(20, self.app.size.width - 6)
        if self._drawn_for != (width, self.show_ids):
            self._drawn_for = (width, self.show_ids)
            self.update(self.render_help(width))

    def render_help(self, width: int = 90) -> RenderableType:
        heading = self.get_component_rich_style("help-body--heading")
        key = self.get_component_rich_style("help-body--key")
        muted = self.get_component_rich_style("help-body--muted")
        parts: list[RenderableType] = [self._keys(width, heading, key, muted), Text("")]
        parts.extend(self._quick_add(heading, key, muted))
        parts.extend(self._keymap(heading, key, muted))
        return Group(*parts)

    def _keys(self, width: int, heading: Style, key: Style, muted: Style) -> RenderableType:
        """The groups of keys in as many columns as fit side by side, each group whole, in order."""
        groups = list(grouped(self.rows).items())
        heights = [len(found) + 2 for _name, found in groups]
        for count in range(len(groups), 0, -1):
            starts = balanced(heights, count)
            stacks = [groups[a:b] for a, b in zip(starts, [*starts[1:], len(groups)])]
            widths = [self._widths([row for _name, found in stack for row in found]) for stack in stacks]
            if count == 1 or sum(sum(w) + 2 * (len(w) - 1) for w in widths) + COLUMN_GAP * (count - 1) <= width:
                break
        columns = []
        for stack, (key_width, what_width, *ids) in zip(stacks, widths):
            blocks = [Group(Text(_(name), heading), self._table(found, key, muted, key_width, what_width, ids[0] if ids else 0))
                      for name, found in stack]
            columns.append(Group(*_spaced(blocks)))
        if len(columns) == 1:
            return columns[0]
        grid = Table.grid(padding=(0, COLUMN_GAP, 0, 0))
        for _column in columns:
            grid.add_column(no_wrap=True)
        grid.add_row(*columns)
        return grid

    def _widths(self, rows: list[tuple[str, str, str]]) -> list[int]:
        """The cells of a column's keys, descriptions and (when shown) ids."""
        widths = [max(cell_width(keys) for keys, _what, _id in rows), min(WHAT_MAX, max(cell_width(what) for _keys, what, _id in rows))]
        if self.show_ids:
            widths.append(max(cell_width(binding_id) for _keys, _what, binding_id in rows if not binding_id.startswith("textual:")))
        return widths

    @staticmethod
    def _table(rows: list[tuple[str, str, str]], key: Style, muted: Style, key_width: int = 10,
               what_width: int | None = 26, id_width: int = 0) -> Table:
        """Keys, what they do, and (when asked) the binding id; fixed widths so every group's columns line up."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style=key, width=key_width, no_wrap=True)
        table.add_column(width=what_width, ratio=None if what_width else 1)
        if id_width:
            table.add_column(style=muted, width=id_width, no_wrap=True)
        for keys, what, binding_id in rows:
            shown_id = "" if binding_id.startswith("textual:") else binding_id
            table.add_row(Text(keys), Text(what), *([Text(shown_id)] if id_width else []))
        return table

    def _quick_add(self, heading: Style, key: Style, muted: Style) -> list[RenderableType]:
        syntax = [(_(mark), _(what).format(examples=_(examples) if examples else "")) for mark, what, examples in QUICK_ADD]
        syntax[3] = (_("#category"), _("one of: {categories}").format(categories=_(", ").join(self.categories)))
        return [
            Text(_("Quick add"), heading),
            Text(_("Type the title with any of these marks, in any order (the same as `chief add \"...\"`):")),
            self._table([(mark, what, "") for mark, what in syntax], key, muted, max(cell_width(m) for m, _w in syntax), None),
            Text.assemble((_("e.g. "), muted), _(QUICK_ADD_EXAMPLE)),
            Text(_("Marked items go straight to their quadrant; the rest wait in the inbox."), muted),
            Text(""),
        ]

    def _keymap(self, heading: Style, key: Style, muted: Style) -> list[RenderableType]:
        example = Text.assemble(("[keymap]\n", key), 'done = "D"\n', 'quadrant-1 = "1,f5"')
        return [
            Text(_("Your own keys"), heading),
            Text(_("Remap any key by its id (press i to show the ids) in the [keymap] table of the config file:")),
            Text(str(self.config_path), muted),
            example,
            Text(_("Several keys are separated by commas; restart Chief to apply."), muted),
        ]


class HelpScreen(FramedScreen[None]):
    """A dialog over the dashboard; it changes nothing, so any close key is safe."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help-close"),
        Binding("i", "toggle_ids", "Show binding ids", id="help-ids"),
    ]
    FRAME_WIDTH = 116  # three columns of keys at 120 columns; narrower terminals get one or two

    def __init__(self, rows: list[tuple[str, str, str]], *, config_path: Path | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.config_path = config_path or paths.config_file()

    def compose(self) -> ComposeResult:
        app = chief_app(self)
        categories = tuple(app.desk.settings.categories)
        shown = lambda keys: ", ".join(app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))  # noqa: E731
        extra = [(shown(keys), _(what), f"textual:{group}") for keys, what, group in TEXTUAL_KEYS]
        extra.append((shown(app.COMMAND_PALETTE_BINDING), _(PALETTE), "textual:Other"))
        with self.frame(_("Chief: keys"), _(HELP_SCROLL_HINT)):
            with VerticalScroll(classes="frame-scroll", id="help-scroll"):
                yield HelpBody([*self.rows, *extra], categories, self.config_path)

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_toggle_ids(self) -> None:
        """Show or hide each key's binding id (what the config file's [keymap] takes)."""
        body = self.query_one(HelpBody)
        body.show_ids = not body.show_ids
        body.redraw()

    def action_close(self) -> None:
        self.dismiss()


def _spaced(blocks: list[RenderableType]) -> list[RenderableType]:
    """Blocks with a blank line between each two."""
    spaced: list[RenderableType] = []
    for block in blocks:
        if spaced:
            spaced.append(Text(""))
        spaced.append(block)
    return spaced
