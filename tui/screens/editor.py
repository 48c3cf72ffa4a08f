"""The item editor: every field of one item, each checked as it is typed.

A wrong value is shown in red beside its field the moment it is typed, and
Save stays refused until everything reads well: an item saved with a due time
nobody meant is worse than one not saved yet. Saving sends only the fields the
chief changed, so an edit made meanwhile on another machine to another field
is kept, not overwritten with what the dialog showed when it opened.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from chief.store import wallclock
from chief.store import Board
from chief.store import Settings
from chief.store import consistent_wait
from chief.store import format_effort
from chief.store import CommandError
from chief.store import KINDS, STATUSES, Item
from chief.store import read_effort, read_repeat
from chief.store import RuleError
from chief.store import Due, due_echo, repeat_words
from chief.store import N_, _
from chief.tui.screens.dialog import WHEN_HINT, ItemDialog, ParsedInput, local_text, parse_for
from chief.tui.text import printable, printable_lines
from chief.tui.widgets.fitting_footer import SaidFooter
from chief.tui.widgets.step_list import StepsPanel

NONE = ""  # the Select value for "no category" and for "the chief himself"
# Each field's label, by the field's id (the "fix first" line names fields by these words too).
LABELS = {"title": N_("Title"), "notes": N_("Notes"), "kind": N_("Kind"), "due": N_("Due"), "category": N_("Category"),
          "assignee": N_("Assignee"), "source": N_("Source"), "status": N_("Status"), "effort": N_("Effort"),
          "waiting_on": N_("Waiting for"), "follow_up": N_("Follow up"), "repeat": N_("Repeats"), "steps": N_("Steps")}
# A typed field as the "fix first" line names it.
FIELD_WORDS = {"title": N_("title"), "due": N_("due"), "source": N_("source"), "effort": N_("effort"),
               "waiting_on": N_("waiting on"), "follow_up": N_("follow up"), "repeat": N_("repeat")}
# The words a kind or a status is shown as (the stored value stays the English word).
VALUE_WORDS = {"task": N_("task"), "interrupt": N_("interrupt"), "open": N_("open"), "doing": N_("doing"),
               "waiting": N_("waiting"), "done": N_("done"), "dropped": N_("dropped")}


def _choices(values: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """Select options: each stored value shown in the user's language."""
    return [(_(VALUE_WORDS.get(value, value)), value) for value in values]


def _row(name: str, field: Widget) -> Horizontal:
    """A field's label (by its id in LABELS) and the field on one line (the field's note wraps under it)."""
    return Horizontal(Static(_(LABELS[name]), classes="editor-label"), field, classes="editor-row")


class EditorScreen(ItemDialog[dict[str, Any] | None]):
    """Edit an item; dismisses with the changed fields in stored form, or None."""

    DEFAULT_CSS = """
    EditorScreen #dialog { width: 90; }
    EditorScreen #editor-form { height: auto; max-height: 100%; scrollbar-size-vertical: 1; }
    EditorScreen .editor-row { height: auto; }
    EditorScreen .editor-label { width: 13; color: $foreground-muted; }
    EditorScreen .editor-row > ParsedInput, EditorScreen .editor-row > Select, EditorScreen .editor-row > TextArea { width: 1fr; }
    EditorScreen #notes { height: 4; }
    EditorScreen .editor-row > Checkbox { width: auto; margin-right: 2; }
    EditorScreen #editor-buttons { height: auto; dock: bottom; }
    EditorScreen #editor-status { width: 1fr; color: $error; }
    EditorScreen #editor-buttons Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor-save"),
        Binding("escape", "cancel", "Close", id="editor-discard"),
    ]
    AUTO_FOCUS = "#title Input"

    def __init__(self, board: Board, item: Item, settings: Settings) -> None:
        super().__init__(board, item)
        self.settings = settings

    # the form ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(id="dialog") as frame:
            frame.border_title = _("Edit item")
            yield Static(Content(self.board.placement(item).reason_said), classes="dialog-hint")
            with VerticalScroll(id="editor-form"):
                yield _row("title", ParsedInput(self._read_title, value=printable(item.title), id="title"))
                yield _row("notes", TextArea(printable_lines(item.notes), id="notes", soft_wrap=True, compact=True))
                yield _row("kind", Select(_choices(KINDS), value=item.kind, allow_blank=False, compact=True, id="kind"))
                with Horizontal(classes="editor-row"):
                    yield Static(_("Flags"), classes="editor-label")
                    yield Checkbox(_("Important"), item.important, compact=True, id="important")
                    yield Checkbox(_("Urgent"), item.urgent, compact=True, id="urgent")
                yield _row("due", self._when_field("due", item.due, _("empty: no due time")))
                yield _row("category", self._category())
                yield _row("assignee", self._assignee())
                yield _row("source", ParsedInput(_read_optional, value=printable(item.source or ""), placeholder=_("who raised it"),
                                                 id="source"))
                yield _row("status", Select(_choices(STATUSES), value=item.status, allow_blank=False, compact=True, id="status"))
                effort = format_effort(item.effort) if item.effort else ""
                yield _row("effort", ParsedInput(_read_effort, value=effort, placeholder="90m, 1h30m, 2h, 1d", id="effort"))
                yield _row("waiting_on", ParsedInput(_read_optional, value=printable(item.waiting_on or ""), id="waiting_on"))
                yield _row("follow_up", self._when_field("follow_up", item.follow_up, _("empty: no follow-up")))
                yield _row("repeat", ParsedInput(_read_repeat, value=printable(item.repeat or ""),
                                                 placeholder=_("weekday 9:00, mon,thu, 1st, 3d-after"), id="repeat"))
                # Steps are saved as they are changed (each one undoable), not with the form
                yield _row("steps", StepsPanel(self.board, item, self.privacy, hint=True, rows=8, id="editor-steps"))
            with Horizontal(id="editor-buttons"):
                yield Static(id="editor-status")
                yield Button(_("Save"), id="editor-save-button", variant="primary", compact=True)
                yield Button(_("Discard"), id="editor-discard-button", compact=True)
        yield SaidFooter()

    def _when_field(self, name: str, stored: str | None, empty: str) -> ParsedInput:
        def read(text: str) -> tuple[str | None, str]:
            if not text.strip():
                return None, empty
            due = parse_for(self.board, self.settings, text)
            if name == "due":
                return due.stored(), due_echo(due, self.board.now)
            moment = due.moment(self.settings.day_start, self.board.now.timezone)
            return wallclock.utc_stamp(moment), _("comes back {when}").format(when=due_echo(Due(moment), self.board.now))

        return ParsedInput(read, value=local_text(stored, self.board.now), placeholder=_(WHEN_HINT), id=name)

    def _category(self) -> Select[str]:
        names = list(self.settings.categories)
        if self.item.category and self.item.category not in names:
            names.append(self.item.category)  # from another machine's config: kept, not lost
        options = [(Text(_("none")), NONE), *((Text(printable(n)), n) for n in names)]
        return Select(options, value=self.item.category or NONE, allow_blank=False, compact=True, id="category")

    def _assignee(self) -> Select[str]:
        options = [(Text(_("me (the chief)")), NONE)]
        for member in sorted(self.board.team.values(), key=lambda m: m.name.casefold()):
            options.append((Text(printable(member.name) + (" " + _("(away)") if self.board.is_away(member) else "")), member.id))
        if self.item.assignee and self.item.assignee not in self.board.team:
            options.append((Text(_("? {id} (not in the team)").format(id=self.item.assignee[:8])), self.item.assignee))
        return Select(options, value=self.item.assignee or NONE, allow_blank=False, compact=True, id="assignee")

    def _read_title(self, text: str) -> tuple[str, str]:
        if not text.strip():
            raise ValueError(_("the title is empty"))
        return text.strip(), ""  # only read when changed: an untouched title is kept exactly

    # checking and saving -------------------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(self._refresh_status)  # after every field has read its first value

    def board_changed(self, board: Board) -> None:
        super().board_changed(board)
        self.query_one(StepsPanel).show(board, self.privacy)

    @on(Input.Changed)
    def _typed(self) -> None:
        self._refresh_status()

    def _refresh_status(self) -> None:
        if not self.query("#editor-save-button"):
            return  # an input spoke up before the whole form was mounted; on_mount catches up
        bad = [field for field in self.query(ParsedInput) if field.error is not None]
        names = _(", ").join(_(FIELD_WORDS.get(field.id, field.id)) for field in bad if field.id)
        self.query_one("#editor-status", Static).update(Content(_("fix first: {fields}").format(fields=names) if bad else ""))
        self.query_one("#editor-save-button", Button).disabled = bool(bad)

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the item, in the form the data file keeps them."""
        item = self.item
        values: dict[str, Any] = {
            # shown made safe (escapes visible): unchanged unless the user edited it
            "notes": item.notes if (notes := self.query_one("#notes", TextArea).text) == printable_lines(item.notes) else notes,
            "kind": self.query_one("#kind", Select).value,
            "important": self.query_one("#important", Checkbox).value,
            "urgent": self.query_one("#urgent", Checkbox).value,
            "status": self.query_one("#status", Select).value,
            "category": self.query_one("#category", Select).value or None,
            "assignee": self.query_one("#assignee", Select).value or None,
        }
        for field in self.query(ParsedInput):
            if field.changed and field.id:
                values[field.id] = field.value
        return {name: value for name, value in values.items() if getattr(item, name) != value}

    def unsaved(self) -> bool:
        """Anything typed or changed, even a field that does not read well yet: Escape asks before losing it."""
        return any(field.changed for field in self.query(ParsedInput)) or bool(self.changes())

    def action_save(self) -> None:
        bad = [field for field in self.query(ParsedInput) if not field.check(insist=True)]
        self._refresh_status()
        if bad:
            self.app.bell()
            bad[0].focus_input()
            return
        changes = self.changes()
        try:
            consistent_wait(self.item, dict(changes), wallclock.utc_stamp(self.board.now))
        except CommandError as err:  # said here, with the form still open: nothing typed is lost
            self.query_one("#editor-status", Static).update(Content(str(err)))
            self.app.bell()
            return
        self.dismiss(changes)

    @on(Button.Pressed, "#editor-save-button")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#editor-discard-button")
    def _discard_pressed(self) -> None:
        self.dismiss(None)  # the button says Discard: no question

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on to the next field, as in a paper form."""
        event.stop()
        self.focus_next()


def _read_optional(text: str) -> tuple[str | None, str]:
    """Free text; empty means none."""
    return (text.strip() or None), ""


def _read_effort(text: str) -> tuple[int | None, str]:
    """Minutes of work, read exactly as quick-add reads "~1h30m"."""
    minutes = read_effort(text)
    return minutes, (_("{minutes} min").format(minutes=minutes) if minutes is not None else "")


def _read_repeat(text: str) -> tuple[str | None, str]:
    """A recurring duty's rule, as after quick-add's "every:"; empty stops the repeating."""
    try:
        rule = read_repeat(text)
    except RuleError as err:
        raise ValueError(str(err)) from None
    if rule is None:
        return None, _("empty: does not repeat")
    return rule, repeat_words(rule) + _(" (the next one is made when this one is done)")
