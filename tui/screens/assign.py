"""The assign dialog: hand an item to a team member, least loaded first.

Fairness is part of the chief's job, so the picker shows everyone's load
before the choice is made: the emptiest desk is on top, the overloaded are in
the warning colour and away members are dimmed, so work does not land on a
desk nobody sits at. Typing filters by name; the arrow keys still move.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from chief.store import Board, Load
from chief.store import format_effort
from chief.store import Item, Member
from chief.store import fold
from chief.tui.screens.dialog import ItemDialog
from chief.tui.text import fit, printable
from chief.tui.widgets.team_list import load_bar
from chief.tui.widgets.fitting_footer import SaidFooter
from chief.store import N_, _

ME = "@me"  # the option meaning "back to the chief"; member ids are ULIDs, never this
ME_LABEL = N_("Me (the chief)")  # said when shown
BAR_WIDTH = 10


def member_row(member: Member, load: Load, current: bool) -> Content:
    """One line: name, role, load bar and percent, open count; away and overload marked."""
    away = member.away
    load_style = "$foreground-muted" if away else ("$warning" if load.overloaded else "$load-ok")
    parts: list[str | tuple[str, str]] = [
        ("● " if current else "  ", "$primary"),
        (fit(printable(member.name), 14), "$foreground-muted" if away else ""),
        " ",
        (fit(printable(member.role), 14), "$foreground-muted"),
        " ",
        (load_bar(load, BAR_WIDTH), load_style),
        (f"{load.percent:>4}%", load_style),
        (_("{count:>3} open").format(count=load.open), "$foreground-muted"),
    ]
    if load.overdue:
        parts.append((" " + _("{count} late").format(count=load.overdue), "$error"))
    if away:
        parts.append((" " + _("away"), "$foreground-muted italic"))
    return Content.assemble(*parts)


def me_row(current: bool) -> Content:
    return Content.assemble(("● " if current else "  ", "$primary"), fit(_(ME_LABEL), 15), (_("keep it yourself"), "$foreground-muted"))


class AssignScreen(ItemDialog[str | None]):
    """Pick who does the item: a member id, "" for the chief, None when cancelled."""

    DEFAULT_CSS = """
    AssignScreen #assign-members { height: auto; max-height: 12; border: none; padding: 0; background: $surface; }
    AssignScreen #assign-filter { margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "pick", "Assign", priority=True, id="assign-pick"),
        Binding("up", "move('up')", "Up", show=False, id="assign-up"),
        Binding("down", "move('down')", "Down", show=False, id="assign-down"),
        Binding("escape", "cancel", "Cancel", id="assign-cancel"),
    ]
    AUTO_FOCUS = "#assign-filter"

    def __init__(self, board: Board, item: Item, privacy: bool) -> None:
        super().__init__(board, item, privacy)
        self.members = board.members_by_load()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = _("Assign to")
            yield self.title_line()
            yield Input(placeholder=_("type a name to filter"), id="assign-filter", compact=True)
            members = OptionList(id="assign-members", markup=False)
            members.can_focus = False  # typing stays in the filter; the arrows move here
            yield members
            yield Static(Content(self._hint()), classes="dialog-hint")
        yield SaidFooter()

    def _hint(self) -> str:
        if not self.members:
            return _("no team yet: chief team add NAME")
        effort = self.item.effort
        if effort:
            size = f"~{format_effort(effort)}"
        else:
            size = _("no estimate (counts {minutes}m)").format(minutes=self.board.settings.default_effort)
        return _("least loaded first · this item: {size}").format(size=size)

    def on_mount(self) -> None:
        self._show("")

    def _preselected(self) -> str:
        """The current assignee; for an unassigned item the least loaded member who is in.

        Not "Me": picking the chief moves an inbox item out of the inbox, and
        Enter on what was already there should not change anything by surprise.
        """
        if self.item.assignee:
            return self.item.assignee
        present = [m for m in self.members if not m.away]
        return present[0].id if present else ME

    def _show(self, text: str) -> None:
        """List the members whose name contains ``text``; keep the highlight if it is still shown."""
        options = self.query_one("#assign-members", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else self._preselected()
        wanted = fold(text.strip())
        rows = []
        if wanted in fold(ME_LABEL) or wanted in fold(_(ME_LABEL)):  # its English words find it too
            rows.append(Option(me_row(not self.item.assignee), id=ME))
        for member in self.members:
            if wanted in fold(member.name):
                rows.append(Option(member_row(member, self.board.load(member.id), member.id == self.item.assignee), id=member.id))
        options.clear_options()
        options.add_options(rows)
        ids = [row.id for row in rows]
        if not ids:
            return
        if wanted:  # the best match is a member, unless only "Me" is left
            target = next((i for i in ids if i != ME), ids[0])
        else:
            target = highlighted if highlighted in ids else self._preselected()
        options.highlighted = ids.index(target) if target in ids else 0

    @on(Input.Changed, "#assign-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    def action_move(self, direction: str) -> None:
        options = self.query_one("#assign-members", OptionList)
        if direction == "up":
            options.action_cursor_up()
        else:
            options.action_cursor_down()

    def action_pick(self) -> None:
        option = self.query_one("#assign-members", OptionList).highlighted_option
        if option is None:
            self.app.bell()
            return
        self._answer(option.id)

    @on(OptionList.OptionSelected, "#assign-members")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._answer(event.option.id)

    def _answer(self, option_id: str | None) -> None:
        self.dismiss("" if option_id == ME else option_id)
