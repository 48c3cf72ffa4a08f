"""The team's keys: open a member's plate, add, edit, send away, welcome back, remove; fairness.

A mixin of ``ChiefApp``, so that these actions run like the item keys do: a
dialog asks, then one desk command runs through ``run_command`` (one undo
each), and the board the command left is shown. The member they act on is
the one under the Team panel's cursor, or the one whose plate is open
(``BoardView.selected_member``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from chief.store import Item, Member
from chief.store import QUADRANTS
from chief.store import away_warnings, capacity_words, holder_words
from chief.store import _, ngettext
from chief.tui.screens.board_view import BoardView
from chief.tui.text import printable

if TYPE_CHECKING:
    from chief.tui.app import ChiefApp


class TeamActions:
    """The actions of the Team panel's keys (``TEAM_BINDINGS``) and of the plate."""

    @property
    def selected_member(self: "ChiefApp") -> Member | None:
        view = self.screen
        return view.selected_member if isinstance(view, BoardView) else None

    def _with_member(self: "ChiefApp", then: Callable[[Member], Any]) -> None:
        member = self.selected_member
        if member is None:
            self.bell()
            return
        then(member)

    def action_member_plate(self: "ChiefApp") -> None:
        from chief.tui.screens.plate import PlateScreen

        self._with_member(lambda member: self.push_screen(PlateScreen(member.id)))

    def action_member_add(self: "ChiefApp", name: str = "") -> None:
        """``N``: the member form, empty (or with a name typed elsewhere)."""
        from chief.tui.screens.member_form import MemberForm

        def save(values: dict[str, Any]) -> bool:
            before = set(self.board.members)
            added = self.run_command(lambda: self.desk.team_add(**values), lambda member: self._added_words(member, before))
            return added is not None

        self.push_screen(MemberForm(self.board, self.desk.settings, None, save, name=name))

    def _added_words(self: "ChiefApp", member: Member, before: set[str]) -> str:
        """"Added to the team: 王芳", or for a removed member's name "Back on the team: 张伟, the same member (科员, 30h a week)"."""
        if member.id not in before:
            return _("Added to the team: {name}").format(name=printable(member.name))
        return _("Back on the team: {name}, the same member ({role}, {hours})").format(
            name=printable(member.name), role=printable(member.role) or _("no role"), hours=capacity_words(member.capacity))

    def action_member_edit(self: "ChiefApp") -> None:
        from chief.tui.screens.member_form import MemberForm

        def edit(member: Member) -> None:
            def save(values: dict[str, Any]) -> bool:
                if not values:
                    return True  # nothing changed: nothing written, nothing to undo
                changed = self.run_command(lambda: self.desk.team_edit(member.id, **values),
                                           lambda found: _("Saved: {name}").format(name=printable(found.name)))
                return changed is not None

            self.push_screen(MemberForm(self.board, self.desk.settings, member, save))

        self._with_member(edit)

    def action_member_remove(self: "ChiefApp") -> None:
        from chief.tui.screens.member_dialogs import RemoveScreen

        def remove(member: Member) -> None:
            def answered(hand_to: str | None) -> None:
                if hand_to is None:
                    return
                self.run_command(lambda: self.desk.team_remove(member.id, hand_to=hand_to or None),
                                 lambda found: _("Removed from the team: {name} (u to undo)").format(name=printable(found.name)))

            self.push_screen(RemoveScreen(self.board, member, self.privacy), answered)

        self._with_member(remove)

    def action_member_away(self: "ChiefApp") -> None:
        from chief.tui.screens.member_dialogs import AwayScreen

        def away(member: Member) -> None:
            def answered(answer: tuple[str | None, str] | None) -> None:
                if answer is None:
                    return
                until, reason = answer
                done = self.run_command(lambda: self.desk.team_away(member.id, until=until, reason=reason),
                                        lambda found: _("Away: {name}").format(name=printable(found.name)))
                if done is not None:
                    self.offer_hand_on(done)

            self.push_screen(AwayScreen(self.board, self.desk.settings, member, self.privacy), answered)

        self._with_member(away)

    def offer_hand_on(self: "ChiefApp", member: Member) -> None:
        """The away member's open items due before they are back, each shown with whom it is recommended for;
        Enter hands each to the one shown, or a member picked takes them all: one step, one undo."""
        from chief.store import due_before_return, hand_on_plan  # the team's rules: loaded by the first hand-on

        items = due_before_return(self.board, member.id)
        if not items:
            return
        title = ngettext("Due before {name} is back: {count} item", "Due before {name} is back: {count} items",
                         len(items)).format(name=printable(member.name), count=len(items))
        self.assign_several(items, title=title, leave_out=member.id, plan=hand_on_plan(self.board, items, member.id))

    def action_member_back(self: "ChiefApp") -> None:
        def back(member: Member) -> None:
            self.run_command(lambda: self.desk.team_back(member.id),
                             lambda found: _("Back at work: {name}").format(name=printable(found.name)))

        self._with_member(back)

    def action_fairness(self: "ChiefApp") -> None:
        from chief.tui.screens.fairness import FairnessScreen

        self.push_screen(FairnessScreen(self.board, privacy=self.privacy))

    # assigning several items at once --------------------------------------------------------------

    def assign_several(self: "ChiefApp", items: list[Item], *, title: str = "", leave_out: str | None = None,
                       plan: list[tuple[Item, Member | None]] | None = None) -> None:
        """The Assign dialog for several items; the chosen member gets them all in one command (one undo);
        with a ``plan``, Enter gives each item to the member recommended for it (one command too)."""
        from chief.tui.screens.assign import EACH, AssignScreen, NewMember

        def answered(answer: str | NewMember | None) -> None:
            if answer is None:
                return
            ids = [item.id for item in items]
            if isinstance(answer, NewMember):
                done = self.add_and_assign(answer.name, ids)
            elif answer == EACH and plan is not None:
                takers = {item.id: (who.id if who is not None else None) for item, who in plan}
                done = self.run_command(lambda: self.desk.assign_each(takers), self._assigned_words)
            else:
                done = self.run_command(lambda: self.desk.assign_many(ids, answer or None), self._assigned_words)
            if done is not None:
                self._warn_away(done)
            if done is not None and any(i.id in self.marked for i in items):
                self.clear_marks()

        self.push_screen(AssignScreen(self.board, items[0], self.privacy, items=items, heading=title, leave_out=leave_out,
                                      plan=plan), answered)

    def _warn_away(self: "ChiefApp", items: list[Item]) -> None:
        """Work given to someone away is allowed (the chief knows best), and said: one line each, after the toast."""
        for line in away_warnings(self.board, (item.assignee for item in items)):
            self.call_after_refresh(lambda line=line: self.notify(line, severity="warning", markup=False, timeout=6))

    def add_and_assign(self: "ChiefApp", name: str, item_ids: list[str]) -> Any:
        """Someone new, typed in the Assign dialog: added to the team and given the items, one undo for both."""
        return self.run_command(lambda: self.desk.add_and_assign(name, item_ids), self._assigned_words)

    def _assigned_words(self: "ChiefApp", items: list[Item]) -> str:
        if not items:
            return _("No change")
        if len(items) == 1:  # and where it now sits: an inbox item given to someone goes to Delegate
            quadrant = self.board.placement(items[0]).quadrant if items[0].status != "inbox" else None
            place = f" ({_(QUADRANTS[quadrant])})" if quadrant else ""
            return f"{self._title(items[0])} → {holder_words(self.board, items[0])}{place}"
        holders = {item.assignee for item in items}
        if len(holders) > 1:  # each to its own member (the away flow)
            return ngettext("{count} item handed on, each to the member shown",
                            "{count} items handed on, each to the member shown", len(items)).format(count=len(items))
        return ngettext("{count} item → {who}", "{count} items → {who}", len(items)).format(
            count=len(items), who=holder_words(self.board, items[0]))
