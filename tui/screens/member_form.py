"""The member form: name, role, capacity (hours a week) and usual categories.

``N`` on the Team panel opens it empty, ``e`` with the member's values. A
value that cannot be right (an empty name, a capacity that is not 0 to 168
hours) is said under its field as it is typed, and Save stays refused; a
refusal from the store (a name the team already has, ignoring case and width)
is said in the dialog's status line, and the dialog stays open with what was
typed. Editing sends only the fields that changed, so a change made meanwhile
on another machine to another field is kept.
"""

from __future__ import annotations

from typing import Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, SelectionList, Static

from chief.store import DEFAULT_CAPACITY, Board, Member, Settings
from chief.store import N_, _
from chief.tui.screens.dialog import Dialog, ParsedInput
from chief.tui.text import printable
from chief.tui.widgets.fitting_footer import SaidFooter

MAX_HOURS = 168  # a week
LABELS = {"name": N_("Name"), "role": N_("Role"), "capacity": N_("Hours a week"), "categories": N_("Usually handles")}


def read_name(text: str) -> tuple[str, str]:
    name = " ".join(text.split())
    if not name:
        raise ValueError(_("the member's name is empty"))
    return name, ""


def read_role(text: str) -> tuple[str, str]:
    return " ".join(text.split()), ""


def read_hours(text: str) -> tuple[float, str]:
    """Hours a week: "30", "37.5", "30h", "30小时"; 0 is someone who takes no new work."""
    cleaned = text.strip().lower().removesuffix("小时").removesuffix("h").strip()
    try:
        hours = float(cleaned) if cleaned else float("nan")
    except ValueError:
        hours = float("nan")
    if not 0 <= hours <= MAX_HOURS:  # nan too
        raise ValueError(_("hours a week: a number from 0 to {most}, e.g. 40").format(most=MAX_HOURS))
    if hours == 0:
        return hours, _("takes no new work")
    return hours, ""


def _row(name: str, field: Any) -> Horizontal:
    return Horizontal(Static(_(LABELS[name]), classes="member-label"), field, classes="member-row")


class MemberForm(Dialog[None]):
    """Add (``member`` None) or edit a member; ``save(values)`` runs the command and says whether it took."""

    DEFAULT_CSS = """
    MemberForm #dialog { width: 70; }
    MemberForm .member-row { height: auto; }
    MemberForm .member-label { width: 16; color: $foreground-muted; }
    MemberForm .member-row > ParsedInput, MemberForm .member-row > SelectionList { width: 1fr; }
    MemberForm SelectionList { height: auto; max-height: 8; background: $panel; border: none; padding: 0; }
    MemberForm #member-buttons { height: auto; margin-top: 1; }
    MemberForm #member-status { width: 1fr; color: $error; }
    MemberForm #member-buttons Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="member-save"),
        Binding("escape", "cancel", "Cancel", id="member-cancel"),
    ]
    AUTO_FOCUS = "#name Input"

    def __init__(self, board: Board, settings: Settings, member: Member | None, save: Callable[[dict[str, Any]], bool],
                 *, name: str = "") -> None:
        super().__init__(board)
        self.settings = settings
        self.member = member
        self.save = save
        self.name_given = name

    def compose(self) -> ComposeResult:
        member = self.member
        with Vertical(id="dialog") as frame:
            frame.border_title = _("Edit team member") if member else _("Add a team member")
            name = printable(member.name) if member else self.name_given
            yield _row("name", ParsedInput(read_name, value=name, placeholder=_("e.g. 王芳"), id="name"))
            yield _row("role", ParsedInput(read_role, value=printable(member.role) if member else "",
                                           placeholder=_("e.g. 科员, documents"), id="role"))
            hours = f"{(member.capacity / 60) if member else DEFAULT_CAPACITY / 60:g}"
            yield _row("capacity", ParsedInput(read_hours, value=hours, placeholder="40", id="capacity"))
            chosen = set(member.categories) if member else set()
            known = list(self.settings.categories)
            known += [c for c in sorted(chosen) if c not in known]  # a category since dropped from the config stays
            choices = SelectionList[str](*[(Content(printable(c)), c, c in chosen) for c in known], id="categories", compact=True)
            yield _row("categories", choices)
            with Horizontal(id="member-buttons"):
                yield Static(id="member-status")
                yield Button(_("Save"), id="member-save-button", variant="primary", compact=True)
                yield Button(_("Cancel"), id="member-cancel-button", compact=True)
        yield SaidFooter()

    def values(self) -> dict[str, Any] | None:
        """What to send to the store (for an edit only what changed), or None while a field is wrong."""
        fields = {name: self.query_one(f"#{name}", ParsedInput) for name in ("name", "role", "capacity")}
        hours_given = fields["capacity"].touched
        wrong = [name for name, field in fields.items() if not field.check(insist=True)]
        status = self.query_one("#member-status", Static)
        if wrong:
            status.update(Content(_("fix first: {fields}").format(fields=_(", ").join(_(LABELS[n]) for n in wrong))))
            fields[wrong[0]].focus_input()
            return None
        name, role, hours = (fields[n].value for n in ("name", "role", "capacity"))
        categories = list(self.query_one("#categories", SelectionList).selected)
        member = self.member
        if member is None:  # only what was filled in: the name of a removed member brings them back with the rest kept
            given: dict[str, Any] = {"name": name}
            if role:
                given["role"] = role
            if hours_given:  # what the user typed, even 40 over a returning member's 30; untouched keeps theirs
                given["capacity_hours"] = hours
            if categories:
                given["categories"] = categories
            return given
        changed: dict[str, Any] = {}
        if name != member.name:
            changed["name"] = name
        if role != member.role:
            changed["role"] = role
        if round(hours * 60) != member.capacity:
            changed["capacity_hours"] = hours
        if set(categories) != set(member.categories):
            changed["categories"] = categories
        return changed

    def action_save(self) -> None:
        values = self.values()
        if values is None:
            return
        if self.save(values):
            self.dismiss(None)
        else:  # refused (the app said why, in a toast): say it here too, and keep what was typed
            self.query_one("#member-status", Static).update(Content(_("not saved: see the message")))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#member-save-button")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#member-cancel-button")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
