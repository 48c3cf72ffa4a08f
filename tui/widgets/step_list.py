"""An item's steps, ticked, added, edited, moved and removed where they are shown.

The same panel sits in the step view (``c`` on the board) and in the editor.
Every change is one desk command, saved at once and undone with ``u`` like
any other; the panel only draws the steps the board holds and turns keys into
those commands. Step texts and names are user data: drawn as Text, never as
markup, with control characters made visible.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from chief.store import Board, Desk
from chief.store import KEEP, Item, Step, StepChange
from chief.store import due_short, local_time, step_due
from chief.store import N_, _, ngettext
from chief.tui.widgets.typed_input import TypedInput
from chief.tui.host import chief_app
from chief.tui.screens.dialog import local_text
from chief.tui.text import cell_width, clip, fit, printable
from chief.tui.widgets.item_list import mask

STEP_HINT = N_("step  @member  ^when (Enter saves, Escape cancels)")
KEYS_HINT = N_("space tick · a add · e edit · K/J move · D remove")  # where no footer says the keys (the editor)
TICK, OPEN = "✓", "☐"


class StepList(OptionList):
    """The steps, one per line; the keys act on the highlighted one."""

    BINDINGS = [
        Binding("space,x", "tick", "Tick", id="step-tick"),
        Binding("a,n", "add", "Add", id="step-add"),
        Binding("e", "edit", "Edit", id="step-edit"),
        Binding("K", "move(-1)", "Move up", id="step-move-up"),
        Binding("J", "move(1)", "Move down", id="step-move-down"),
        Binding("D", "remove", "Remove", id="step-remove"),
        # the same on the keys other programs use (help lists the letters)
        Binding("shift+up", "move(-1)", "Move up", show=False, id="step-move-up-arrow"),
        Binding("shift+down", "move(1)", "Move down", show=False, id="step-move-down-arrow"),
        Binding("delete", "remove", "Remove", show=False, id="step-remove-delete"),
        Binding("d", "item_done", "Item done", id="step-item-done"),
        Binding("j", "cursor_down", "Down", show=False, id="step-down"),
        Binding("k", "cursor_up", "Up", show=False, id="step-up"),
        Binding("g", "first", "First", show=False, id="step-first"),
        Binding("G", "last", "Last", show=False, id="step-last"),
    ]

    def on_resize(self) -> None:
        self._panel.refit()

    def action_tick(self) -> None:
        self._panel.tick()

    def action_add(self) -> None:
        self._panel.open_input(None)

    def action_edit(self) -> None:
        self._panel.edit_selected()

    def action_move(self, offset: int) -> None:
        self._panel.move(offset)

    def action_remove(self) -> None:
        self._panel.remove()

    def action_item_done(self) -> None:
        self._panel.item_done()

    @property
    def _panel(self) -> "StepsPanel":
        panel = self.parent
        assert isinstance(panel, StepsPanel)
        return panel


class StepsPanel(Vertical):
    """Progress, the steps, and a line to type a step into."""

    # the rows' colours, from the theme (a row is one Text: its parts are styled from these)
    COMPONENT_CLASSES = {"steps-panel--tick", "steps-panel--number", "steps-panel--done", "steps-panel--aside",
                         "steps-panel--late"}
    DEFAULT_CSS = """
    StepsPanel { height: auto; }
    StepsPanel > .steps-panel--tick { color: $success; text-style: bold; }
    StepsPanel > .steps-panel--number { color: $foreground-muted; }
    StepsPanel > .steps-panel--done { color: $foreground-muted; text-style: strike; }
    StepsPanel > .steps-panel--aside { color: $foreground-muted; }
    StepsPanel > .steps-panel--late { color: $error; text-style: bold; }
    StepsPanel > #steps-progress { color: $foreground-muted; }
    StepsPanel > #step-list, StepsPanel > #step-list:focus { height: auto; border: none; padding: 0; background: $surface; }
    StepsPanel > #step-input { display: none; border: none; height: 1; padding: 0; background: $panel; }
    StepsPanel > #step-input.-open { display: block; }
    StepsPanel > #steps-offer { color: $warning; text-style: bold; height: auto; }
    StepsPanel > #steps-offer.-quiet { display: none; }
    """

    def __init__(self, board: Board, item: Item, privacy: bool = False, *, hint: bool = False, rows: int = 20,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows  # steps shown before the list scrolls
        self._fitted = -1  # the list width the rows were last laid out for
        self.hint = hint  # say the keys beside the progress
        self.board = board
        self.item = item
        self.privacy = privacy
        self.editing: str | None = None  # the step being edited; None while adding
        self.offer = False  # the last step was just ticked: d marks the item done
        self._typed_who: str | None = None  # the name put in the line being edited (@Li for Li Na)

    def compose(self) -> ComposeResult:
        yield Static(id="steps-progress")
        yield StepList(id="step-list")
        yield TypedInput(placeholder=_(STEP_HINT), id="step-input", select_on_focus=False, take=self._take)
        yield Static(id="steps-offer", classes="-quiet")

    def on_mount(self) -> None:
        self.query_one(StepList).styles.max_height = self.rows
        self._fill()  # again on the first resize (refit): the columns need the real width

    def on_resize(self) -> None:
        self.refit()

    def refit(self) -> None:
        """The columns are laid out in cells of the width there is: again when it changes (a scrollbar came)."""
        width = self.query_one(StepList).scrollable_content_region.width
        if width != self._fitted:
            self._fitted = width
            self._fill()

    # drawing -------------------------------------------------------------------

    def show(self, board: Board, privacy: bool) -> None:
        """A new board: the item as it is now (another machine may have ticked a step meanwhile)."""
        self.board = board
        self.privacy = privacy
        self.item = board.items.get(self.item.id, self.item)
        self._fill()

    @property
    def steps(self) -> list[Step]:
        return list(self.item.steps)

    def _fill(self) -> None:
        steps = self.steps
        done = sum(1 for step in steps if step.done)
        progress = self.query_one("#steps-progress", Static)
        if steps:
            said = ngettext("{done}/{count} step done", "{done}/{count} steps done", len(steps)).format(done=done, count=len(steps))
            progress.update(Text(said + (" · " + _(KEYS_HINT) if self.hint else "")))
        else:
            progress.update(Text(_("No steps yet: a adds one")))
        options = self.query_one(StepList)
        kept = options.highlighted_option.id if options.highlighted_option is not None else None
        # the list's own width once laid out (less its scrollbar, if the screen is short); before that, the panel's
        laid_out = options.scrollable_content_region.width if options.size.width else 0
        width = max(30, laid_out or (self.size.width or self.app.size.width - 16) - (1 if len(steps) > self.rows else 0))
        options.set_options([Option(self._row(number, step, width), id=step.id) for number, step in enumerate(steps, 1)])
        options.display = bool(steps)
        ids = [step.id for step in steps]
        if ids:
            options.highlighted = ids.index(kept) if kept in ids else min(options.highlighted or 0, len(ids) - 1)
        self.offer = self.offer and bool(steps) and done == len(steps) and self.item.is_open
        self._show_offer()

    def _row(self, number: int, step: Step, width: int) -> Text:
        """Tick, number, text; who, due and when it was done at the right, in cells."""
        board = self.board
        who = board.member_name(step.who) if step.who else None
        due = step_due(step)
        late = not step.done and due is not None and due.deadline(board.now.timezone) <= board.now
        words = [f"@{clip(printable(who), 10)}" if who else "",
                 due_short(due, board.now) if due is not None and not step.done else "",
                 _("done {when}").format(when=local_time(board, step.done_at, day=board.now.date())) if step.done_at and step.done else ""]
        right = "  ".join(word for word in words if word)
        style = self.get_component_rich_style
        row = Text(no_wrap=True, overflow="ellipsis", end="")
        row.append(f"{TICK if step.done else OPEN} ", style("steps-panel--tick") if step.done else "")
        row.append(f"{number:>2} ", style("steps-panel--number"))
        room = max(8, width - 5 - cell_width(right) - 2)
        row.append(fit(self._said(step), room), style("steps-panel--done") if step.done else "")
        row.append("  ")
        row.append(right, style("steps-panel--late") if late else style("steps-panel--aside"))
        row.truncate(width, overflow="ellipsis")
        return row

    def _said(self, step: Step) -> str:
        """A step's text as it may be shown, in a row or a toast: masked for a private item in privacy mode
        (a visitor at the desk reads no step)."""
        if self.privacy and self.board.settings.is_private(self.item.category):
            return mask()
        return printable(step.text)

    def _show_offer(self) -> None:
        line = self.query_one("#steps-offer", Static)
        line.set_class(not self.offer, "-quiet")
        line.update(Text(_("All steps done: d marks the item done")) if self.offer else "")

    # the highlighted step --------------------------------------------------------

    @property
    def selected(self) -> Step | None:
        options = self.query_one(StepList)
        steps = self.steps
        if options.highlighted is None or not 0 <= options.highlighted < len(steps):
            return None
        return steps[options.highlighted]

    def _select(self, step_id: str) -> None:
        options = self.query_one(StepList)
        ids = [step.id for step in self.steps]
        if step_id in ids:
            options.highlighted = ids.index(step_id)

    # commands ---------------------------------------------------------------------

    def _run(self, command: Callable[[], Any], words: Callable[[Any], str] | None) -> Any:
        return chief_app(self).run_command(command, words)

    def _chosen(self) -> tuple[Desk, str, Step] | None:
        """The desk, the item's id and the highlighted step; None (and a bell) when no step is highlighted."""
        step = self.selected
        if step is None:
            self.app.bell()
            return None
        return chief_app(self).desk, self.item.id, step

    def tick(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        desk, item_id, step = chosen
        if step.done:
            self._run(lambda: desk.step_untick(item_id, step.id), lambda result: _("Step open again: {step}").format(
                step=self._said(step)))
            self.offer = False
            self._show_offer()
            return
        result = self._run(lambda: desk.step_tick(item_id, step.id), lambda result: _("Step done: {step}").format(
            step=self._said(step)))
        if result is not None:
            self.offer = result.all_done  # the last open step: offer to close the item
            self._show_offer()
            self.query_one(StepList).action_cursor_down()

    def open_input(self, step: Step | None) -> None:
        field = self.query_one("#step-input", Input)
        self.editing = step.id if step is not None else None
        field.value = self._as_typed(step) if step is not None else ""
        field.add_class("-open")
        field.focus()

    def _as_typed(self, step: Step) -> str:
        """The step as one would type it: ``Book the hall @Li ^2026-11-26 10:00``, to be changed in place."""
        typed = [printable(step.text)]
        self._typed_who = None
        name = self.board.member_name(step.who) if step.who else None
        if name:
            self._typed_who = name if " " not in name.strip() else name.split()[0]
            typed.append("@" + self._typed_who)
        if step.due:
            typed.append("^" + local_text(step.due, self.board.now))
        return " ".join(typed)

    def edit_selected(self) -> None:
        step = self.selected
        if step is None:
            self.open_input(None)  # nothing to edit yet: type the first step
            return
        self.open_input(step)

    def close_input(self) -> None:
        field = self.query_one("#step-input", Input)
        field.value = ""
        field.remove_class("-open")
        self.editing = None
        self.query_one(StepList).focus()

    def key_escape(self, event) -> None:
        """Escape in the step line cancels the typing (the dialog's own Escape closes it otherwise)."""
        field = self.query_one("#step-input", Input)
        if field.has_class("-open"):
            event.stop()
            event.prevent_default()
            self.close_input()

    def _take(self, text: str) -> bool | None:
        """Enter on a new step is taken at once (the line clears in turn with the keys); an edited one is submitted."""
        return True if self.editing is None else None

    @on(Input.Submitted, "#step-input")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.close_input()
            return
        desk = chief_app(self).desk
        item_id, editing = self.item.id, self.editing
        if editing is None:
            change = self._run(lambda: desk.step_add(item_id, text), lambda change: _("Step added: {step}").format(
                step=self._said(change.step)))
            if change is not None:
                self._select(change.step.id)  # (Enter cleared the line at once: ready for the next one, as on paper)
                return
            self.query_one("#step-input", TypedInput).give_back(text)
        else:
            step = self.item.step(editing)
            kept_who = self._typed_who

            def edit() -> StepChange:
                words, who, due = desk.parse_step(text)
                return desk.step_edit(
                    item_id, editing, words, parse=False,
                    who=KEEP if who is not None and who == kept_who else who,  # the name as shown: kept, not looked up again
                    due=KEEP if step is not None and (due.stored() if due else None) == step.due else due)

            change = self._run(edit, lambda change: _("Step saved"))
            if change is not None:
                self.close_input()
                self._select(editing)
                return
        self.app.bell()  # refused: the reason is in the notice; the text stays to be fixed

    def move(self, offset: int) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        desk, item_id, step = chosen
        position = [s.id for s in self.steps].index(step.id) + offset
        if not 0 <= position < len(self.steps):
            self.app.bell()
            return
        if self._run(lambda: desk.step_move(item_id, step.id, position + 1), None) is not None:
            self._select(step.id)

    def remove(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        desk, item_id, step = chosen
        self._run(lambda: desk.step_remove(item_id, step.id),
                  lambda result: _("Step removed: {step} (u to undo)").format(step=self._said(step)))

    def item_done(self) -> None:
        if not self.item.is_open:
            self.app.bell()
            return
        app = chief_app(self)
        item_id = self.item.id
        title = app._title(self.item)
        if app.run_command(lambda: app.desk.done(item_id), lambda item: _("Done: {title}").format(title=title)) is not None:
            self.offer = False
            self._show_offer()
