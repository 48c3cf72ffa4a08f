"""The assign dialog: hand an item (or every marked item) to a team member, best offer first.

Fairness is part of the chief's job, so the picker shows everyone's load
before the choice is made: members who are in, have spare capacity and
usually handle the item's category come first (``assign_offers``), the
overloaded are in the warning colour and away members are last, dimmed, with
when they are back, so work does not land on a desk nobody sits at. Typing
narrows the list the way Chief reads names everywhere (``name_matches``: "zw"
and "zhangwei" find 张伟, case and width ignored); the arrow keys still move.
A typed name that is nobody in the team is offered as a new member on a row
of its own: choosing that row, or ctrl+n, adds them and assigns. Enter alone
on a typo never adds anyone: with no match it only says so.

Handing on an away member's items (``plan``): each item is shown with the
member recommended for it (``hand_on_plan``), and the first row, chosen at
first, gives each to the one shown; picking a member gives them all to that
member.
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

from chief.store import Board
from chief.store import due_short, format_effort
from chief.store import Item, Member
from chief.store import assign_offers, away_words, load_percent
from chief.store import fold, is_me, name_key, name_matches
from chief.tui.widgets.typed_input import TypedInput
from chief.tui.screens.dialog import ItemDialog
from chief.tui.text import fit, printable
from chief.tui.widgets.item_list import shown_title
from chief.tui.widgets.team_list import load_bar
from chief.tui.widgets.fitting_footer import SaidFooter
from chief.store import N_, _, ngettext

ME = "@me"  # the option meaning "back to the chief"; member ids are ULIDs, never this
NEW = "@new"  # the option adding the typed name to the team
EACH = "@each"  # the option (and the answer) "each item to the member recommended for it"
ME_LABEL = N_("Me (the chief)")  # said when shown
BAR_WIDTH = 10
AWAY_WIDTH = BAR_WIDTH + 5 + 8  # where an away member's bar, percent and count were: when they are back
LISTED = 5  # marked items named in the dialog; the rest counted


@dataclass(frozen=True)
class NewMember:
    """The answer "add this person to the team, then assign": the name as typed."""

    name: str


def member_row(board: Board, member: Member, current: bool) -> Content:
    """One line: name, role, load bar and percent, open count; overload marked; away: dimmed, with when they are back."""
    load = board.load(member.id)
    away = away_words(board, member)
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


def me_row(current: bool, hint: str = N_("keep it yourself")) -> Content:
    """The chief's own row: "Me (the chief)" and what choosing it means (``hint``, a msgid)."""
    return Content.assemble(("● " if current else "  ", "$primary"), fit(_(ME_LABEL), 15), (_(hint), "$foreground-muted"))


def new_row(name: str) -> Content:
    return Content.assemble(("+ ", "$accent"), (_("add {name} to the team and assign (ctrl+n)").format(name=printable(name)),
                                                "$accent"))


def each_row() -> Content:
    return Content.assemble(("▸ ", "$primary"), (_("Each to the member shown (recommended)"), "bold"))


class NameFilter(TypedInput):
    """The dialog's filter. Its own Enter (the field reads Enter in turn with the typed keys) picks the
    highlighted row, so the footer shows it: the screen's Enter binding is hidden behind the field's."""

    BINDINGS = [Binding("enter", "submit", "Assign")]


class AssignScreen(ItemDialog["str | NewMember | None"]):
    """Pick who does the item(s): a member id, "" for the chief, ``EACH`` (each to the one shown), a ``NewMember``,
    None when cancelled."""

    DEFAULT_CSS = """
    AssignScreen #assign-members { height: auto; max-height: 12; border: none; padding: 0; background: $surface; }
    AssignScreen #assign-filter { margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "pick", "Assign", id="assign-pick"),  # in the filter, its Enter picks (_filter_entered)
        Binding("up", "move('up')", "Up", show=False, id="assign-up"),
        Binding("down", "move('down')", "Down", show=False, id="assign-down"),
        Binding("ctrl+n", "add_new", "Add to the team", id="assign-add"),
        Binding("escape", "cancel", "Cancel", id="assign-cancel"),
    ]
    AUTO_FOCUS = "#assign-filter"

    def __init__(self, board: Board, item: Item, privacy: bool, *, items: list[Item] | None = None, heading: str = "",
                 leave_out: str | None = None, plan: list[tuple[Item, Member | None]] | None = None) -> None:
        """``items``: several to assign at once (``item`` is the first: the offers follow its category);
        ``heading`` says why they are together; ``leave_out``: a member not to offer (the one going away);
        ``plan``: the member recommended for each item (``hand_on_plan``), offered first as one choice."""
        super().__init__(board, item, privacy)
        self.items = items or [item]
        self.heading = heading
        self.plan = {i.id: who for i, who in plan} if plan else None
        self.members = [m for m in assign_offers(board, item, board.today) if m.id != leave_out]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as frame:
            frame.border_title = _("Assign to")
            if len(self.items) == 1 and not self.heading:
                yield self.title_line()
            else:
                yield from self._several()
            yield NameFilter(placeholder=_("type a name to filter, or a new name to add"), id="assign-filter", compact=True)
            members = OptionList(id="assign-members", markup=False)
            members.can_focus = False  # typing stays in the filter; the arrows move here
            yield members
            yield Static(Content(self._hint()), classes="dialog-hint assign-hint")
        yield SaidFooter()

    def _several(self) -> ComposeResult:
        """What is being assigned together: the heading, then the titles (as data, masked in privacy mode)."""
        count = len(self.items)
        heading = self.heading or ngettext("{count} marked item", "{count} marked items", count).format(count=count)
        yield Static(Content(heading), classes="dialog-item")
        listed = count if self.plan is not None and count <= 2 * LISTED else LISTED  # a plan shows every item it can
        for item in self.items[:listed]:
            yield Static(self._listed(item), classes="dialog-hint assign-listed", name=item.id)
        if count > listed:
            yield Static(Content(_("… and {count} more").format(count=count - listed)), classes="dialog-hint")

    def _listed(self, item: Item) -> Content:
        """One item of several: "· title (due)", and with a plan "→ who is recommended for it"."""
        due = self.board.due(item)
        when = f"  ({printable(due_short(due, self.board.now))})" if due is not None else ""
        line = Content("· " + shown_title(item, self.privacy, self.board) + when)
        if self.plan is None:
            return line
        who = self.plan.get(item.id)
        return line + Content.assemble(("  → " + (printable(who.name) if who is not None else _("you")), "$primary"))

    def board_changed(self, board: Board) -> None:
        """The titles of several items are masked (or shown) again when privacy mode turns, as the single title is."""
        super().board_changed(board)
        by_id = {item.id: item for item in self.items}
        for line in self.query(".assign-listed").results(Static):
            if line.name in by_id:
                line.update(self._listed(by_id[line.name]))

    def _hint(self) -> str:
        if not self.members:
            return _("no team yet: type a name, then ctrl+n adds them")
        effort = self.item.effort
        if effort:
            size = f"~{format_effort(effort)}"
        else:
            size = _("no estimate (counts {minutes}m)").format(minutes=self.board.settings.default_effort)
        if len(self.items) > 1:
            total = sum(self.board.settings.minutes_counted(i.effort) for i in self.items)
            return _("best offers first · these items: ~{size}").format(size=format_effort(total))
        return _("best offers first · this item: {size}").format(size=size)

    _shown_text = ""  # the filter text the list was last made for

    def on_mount(self) -> None:
        self._show("")

    def _preselected(self) -> str:
        """What Enter does at first: with a plan, each to the one shown; else the current assignee; for an
        unassigned item the least loaded member who is in.

        Not "Me": picking the chief moves an inbox item out of the inbox, and
        Enter on what was already there should not change anything by surprise.
        """
        if self.plan is not None:
            return EACH
        if self.assignee and any(m.id == self.assignee for m in self.members):
            return self.assignee
        present = [m for m in self.members if not self.board.is_away(m)]
        return present[0].id if present else ME

    @property
    def assignee(self) -> str | None:
        """Who has the item(s) now: the member they all share, else None."""
        holders = {item.assignee for item in self.items}
        return holders.pop() if len(holders) == 1 else None

    def _show(self, text: str) -> None:
        """List the members ``text`` may name (as Chief reads names: pinyin too), best first; keep the highlight if shown.

        A name that is nobody's gets a row of its own to add them; it is never
        highlighted by itself, so Enter on a typo adds nobody.
        """
        self._shown_text = text
        options = self.query_one("#assign-members", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else self._preselected()
        typed = " ".join(text.split())
        wanted = fold(typed)
        rows = []
        if self.plan is not None and not wanted:
            rows.append(Option(each_row(), id=EACH))
        if wanted in fold(ME_LABEL) or wanted in fold(_(ME_LABEL)) or is_me(typed):  # its English words find it too
            rows.append(Option(me_row(all(not i.assignee for i in self.items)), id=ME))
        by_id = {m.id: m for m in self.members}
        for member_id in name_matches(typed, {m.id: m.name for m in self.members}):
            rows.append(Option(member_row(self.board, by_id[member_id], member_id == self.assignee), id=member_id))
        if typed and len(rows) == 0:  # a name that is nobody's: adding them is a row of its own (ctrl+n adds any new name)
            rows.append(Option(new_row(typed), id=NEW))
        options.clear_options()
        options.add_options(rows)
        ids = [row.id for row in rows]
        found = [i for i in ids if i != NEW]
        if not found:  # nobody by that name: nothing is chosen until the user says so (a row, or ctrl+n)
            options.highlighted = None
        elif wanted:  # the best match is a member, unless only "Me" is left
            options.highlighted = ids.index(next((i for i in found if i != ME), found[0]))
        else:
            target = highlighted if highlighted in found else self._preselected()
            options.highlighted = ids.index(target) if target in found else 0
        self._say_nobody(typed if not found else "")

    def _say_nobody(self, typed: str) -> None:
        hint = self.query_one(".dialog-hint.assign-hint", Static)
        if typed:
            hint.update(Content(_("nobody in the team is called {name}: ctrl+n adds them").format(name=printable(typed))))
        else:
            hint.update(Content(self._hint()))

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
        value = self.query_one("#assign-filter", TypedInput).value
        if value != self._shown_text:  # a name typed just ahead of Enter: list it first (a row the arrows chose stays)
            self._show(value)
        option = self.query_one("#assign-members", OptionList).highlighted_option
        if option is None:  # nothing chosen (a name that is nobody's): say how to add them, add nobody
            self.app.bell()
            return
        self._answer(option.id)

    def action_add_new(self) -> None:
        """ctrl+n: the typed name as a new member of the team, then assigned; only when it is nobody's name yet."""
        field = self.query_one("#assign-filter", TypedInput)
        field.closing()  # as Enter: once the name typed just ahead of it is in the field
        field.call_later(self._add_now)

    def _add_now(self) -> None:
        typed = " ".join(self.query_one("#assign-filter", Input).value.split())
        if not typed or is_me(typed) or any(name_key(m.name) == name_key(typed) for m in self.members):
            self.app.bell()
            return
        self._answer(NEW)

    @on(OptionList.OptionSelected, "#assign-members")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._answer(event.option.id)

    def _answer(self, option_id: str | None) -> None:
        if option_id == NEW:
            self.dismiss(NewMember(" ".join(self.query_one("#assign-filter", Input).value.split())))
        else:
            self.dismiss("" if option_id == ME else option_id)
