"""The assign dialog: hand an item (or every marked item) to a team member, best offer first.

Fairness is part of the chief's job, so the picker shows everyone's load
before the choice is made: members who are in, have spare capacity and
usually handle the item's category come first (``assign_offers``), the
overloaded are in the warning colour and away members are last, dimmed, with
when they are back, so work does not land on a desk nobody sits at. Typing
filters by name; the arrow keys still move. A typed name that is nobody in the
team is offered as a new member (Enter adds them, then assigns): the dialog
never silently does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from chief.store import Board, Load
from chief.store import due_short, format_effort
from chief.store import Item, Member
from chief.store import assign_offers, away_words, load_percent
from chief.store import fold
from chief.tui.widgets.typed_input import TypedInput
from chief.tui.screens.dialog import ItemDialog
from chief.tui.text import fit, printable
from chief.tui.widgets.item_list import shown_title
from chief.tui.widgets.team_list import load_bar
from chief.tui.widgets.fitting_footer import SaidFooter
from chief.store import N_, _, ngettext

ME = "@me"  # the option meaning "back to the chief"; member ids are ULIDs, never this
NEW = "@new"  # the option adding the typed name to the team
ME_LABEL = N_("Me (the chief)")  # said when shown
BAR_WIDTH = 10
AWAY_WIDTH = BAR_WIDTH + 5 + 8  # where an away member's bar, percent and count were: when they are back
LISTED = 5  # marked items named in the dialog; the rest counted


@dataclass(frozen=True)
class NewMember:
    """The answer "add this person to the team, then assign": the name as typed."""

    name: str


def member_row(member: Member, load: Load, current: bool, away: str = "") -> Content:
    """One line: name, role, load bar and percent, open count; overload marked; away: dimmed, with when they are back."""
    load_style = "$foreground-muted" if away else ("$warning" if load.overloaded else "$load-ok")
    parts: list[str | tuple[str, str]] = [
        ("● " if current else "  ", "$primary"),
        (fit(printable(member.name), 14), "$foreground-muted" if away else ""),
        " ",
        (fit(printable(member.role), 14), "$foreground-muted"),
        " ",
    ]
    if away:  # bar, percent and open count give way to when they are back, as on the Team panel
        parts.append((fit(away, AWAY_WIDTH), "$foreground-muted italic"))
    else:
        parts += [(load_bar(load, BAR_WIDTH), load_style), (f"{load_percent(load):>5}", load_style),
                  (_("{count:>3} open").format(count=load.open), "$foreground-muted")]
    if load.overdue:
        parts.append((" " + _("{count} late").format(count=load.overdue), "$error"))
    return Content.assemble(*parts)


def me_row(current: bool) -> Content:
    return Content.assemble(("● " if current else "  ", "$primary"), fit(_(ME_LABEL), 15), (_("keep it yourself"), "$foreground-muted"))


def new_row(name: str) -> Content:
    return Content.assemble(("+ ", "$accent"), (_("add {name} to the team and assign").format(name=printable(name)), "$accent"))


class AssignScreen(ItemDialog["str | NewMember | None"]):
    """Pick who does the item(s): a member id, "" for the chief, a ``NewMember``, None when cancelled."""

    DEFAULT_CSS = """
    AssignScreen #assign-members { height: auto; max-height: 12; border: none; padding: 0; background: $surface; }
    AssignScreen #assign-filter { margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "pick", "Assign", id="assign-pick"),  # in the filter, its Enter picks (_filter_entered)
        Binding("up", "move('up')", "Up", show=False, id="assign-up"),
        Binding("down", "move('down')", "Down", show=False, id="assign-down"),
        Binding("escape", "cancel", "Cancel", id="assign-cancel"),
    ]
    AUTO_FOCUS = "#assign-filter"

    def __init__(self, board: Board, item: Item, privacy: bool, *, items: list[Item] | None = None, heading: str = "",
                 leave_out: str | None = None) -> None:
        """``items``: several to assign at once (``item`` is the first: the offers follow its category);
        ``heading`` says why they are together; ``leave_out``: a member not to offer (the one going away)."""
        super().__init__(board, item, privacy)
        self.items = items or [item]
        self.heading = heading
        self.members = [m for m in assign_offers(board, item, board.today) if m.id != leave_out]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = _("Assign to")
            if len(self.items) == 1 and not self.heading:
                yield self.title_line()
            else:
                yield from self._several()
            yield TypedInput(placeholder=_("type a name to filter, or a new name to add"), id="assign-filter", compact=True)
            members = OptionList(id="assign-members", markup=False)
            members.can_focus = False  # typing stays in the filter; the arrows move here
            yield members
            yield Static(Content(self._hint()), classes="dialog-hint")
        yield SaidFooter()

    def _several(self) -> ComposeResult:
        """What is being assigned together: the heading, then the titles (as data, masked in privacy mode)."""
        count = len(self.items)
        heading = self.heading or ngettext("{count} marked item", "{count} marked items", count).format(count=count)
        yield Static(Content(heading), classes="dialog-item")
        for item in self.items[:LISTED]:
            due = self.board.due(item)
            when = f"  ({printable(due_short(due, self.board.now))})" if due is not None else ""
            yield Static(Content("· " + shown_title(item, self.privacy, self.board) + when), classes="dialog-hint")
        if count > LISTED:
            yield Static(Content(_("… and {count} more").format(count=count - LISTED)), classes="dialog-hint")

    def _hint(self) -> str:
        if not self.members:
            return _("no team yet: type a name to add someone")
        effort = self.item.effort
        if effort:
            size = f"~{format_effort(effort)}"
        else:
            size = _("no estimate (counts {minutes}m)").format(minutes=self.board.settings.default_effort)
        if len(self.items) > 1:
            total = sum(i.effort if i.effort is not None else self.board.settings.default_effort for i in self.items)
            return _("best offers first · these items: ~{size}").format(size=format_effort(total))
        return _("best offers first · this item: {size}").format(size=size)

    def on_mount(self) -> None:
        self._show("")

    def _preselected(self) -> str:
        """The current assignee; for an unassigned item the least loaded member who is in.

        Not "Me": picking the chief moves an inbox item out of the inbox, and
        Enter on what was already there should not change anything by surprise.
        """
        if self.assignee:
            return self.assignee
        present = [m for m in self.members if not self.board.is_away(m)]
        return present[0].id if present else ME

    @property
    def assignee(self) -> str | None:
        """Who has the item(s) now: the member they all share, else None."""
        holders = {item.assignee for item in self.items}
        return holders.pop() if len(holders) == 1 else None

    def _show(self, text: str) -> None:
        """List the members whose name contains ``text``; keep the highlight if it is still shown."""
        options = self.query_one("#assign-members", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else self._preselected()
        typed = " ".join(text.split())
        wanted = fold(typed)
        rows = []
        if wanted in fold(ME_LABEL) or wanted in fold(_(ME_LABEL)):  # its English words find it too
            rows.append(Option(me_row(all(not i.assignee for i in self.items)), id=ME))
        for member in self.members:
            if wanted in fold(member.name):
                away = away_words(self.board, member)
                rows.append(Option(member_row(member, self.board.load(member.id), member.id == self.assignee, away),
                                   id=member.id))
        if typed and not any(fold(m.name) == wanted for m in self.members):  # nobody by that name: offer to add them
            rows.append(Option(new_row(typed), id=NEW))
        options.clear_options()
        options.add_options(rows)
        ids = [row.id for row in rows]
        if not ids:
            return
        if wanted:  # the best match is a member, unless only "Me" (or adding someone) is left
            target = next((i for i in ids if i not in (ME, NEW)), ids[0])  # ("Me" is listed before adding someone)
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

    @on(Input.Submitted, "#assign-filter")
    def _filter_entered(self, event: Input.Submitted) -> None:
        """Enter in the filter, read in turn after the name typed before it: pick."""
        event.stop()
        self._pick_now()

    def action_pick(self) -> None:
        # Enter is read before the name typed just ahead of it has reached the field: pick once the field has it
        field = self.query_one("#assign-filter", TypedInput)
        field.closing()
        field.call_later(self._pick_now)

    def _pick_now(self) -> None:
        self._show(self.query_one("#assign-filter", TypedInput).value)
        option = self.query_one("#assign-members", OptionList).highlighted_option
        if option is None:
            self.app.bell()
            return
        self._answer(option.id)

    @on(OptionList.OptionSelected, "#assign-members")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._answer(event.option.id)

    def _answer(self, option_id: str | None) -> None:
        if option_id == NEW:
            self.dismiss(NewMember(" ".join(self.query_one("#assign-filter", Input).value.split())))
        else:
            self.dismiss("" if option_id == ME else option_id)
