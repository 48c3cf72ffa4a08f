"""Triage: the interrupt queue and the inbox, one item at a time, one key per decision.

The screen decides nothing itself. The app's own bindings (1-4, d, x, a, s, w,
T, u) act on ``selected_item`` and call the desk; after every command the app
hands the new board to ``board_changed``, and the screen works out from the
board alone what happened: the item it showed left the queue (decided), an
undone item came back (shown again), another process took an item away
(passed over). So a decision made here is exactly a decision made on the
dashboard, with the same undo.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from chief.store import Board
from chief.store import landing, local_time, marks, snoozed_words, understood
from chief.store import Item
from chief.tui.host import chief_app
from chief.store import N_, _, pgettext
from chief.tui.screens.board_view import BoardView
from chief.tui.text import clip, printable
from chief.tui.toasts import place_toasts
from chief.tui.widgets.item_list import shown_title, since

# (binding id, what the key does here): the legend finds each id's live key; the words are said when shown.
DECISIONS = (
    ("quadrant-1", N_("Do now")),
    ("quadrant-2", N_("Schedule")),
    ("quadrant-3", N_("Delegate")),
    ("quadrant-4", N_("Later")),
    ("take", N_("take it now")),
    ("assign", N_("assign")),
    ("snooze", N_("snooze")),
    ("wait", N_("waiting for")),
    ("done", N_("done")),  # said as an action (办结), not a state: see _cell
    ("drop", N_("drop")),
)
MOVES = (("triage-skip", N_("skip")), ("important", N_("important on/off")), ("undo", N_("undo")), ("triage-leave", N_("leave")),
         ("help", N_("help")))
LAST_DECISION_S = 4  # how long "→ Do now" stays up: the app's notification says the rest


def pending_ids(board: Board) -> list[str]:
    """What still waits for a decision, in triage order: interrupts, then the inbox."""
    return [item.id for item in (*board.interrupts(), *board.inbox())]


def decision_words(board: Board, before: Item | None, after: Item) -> str:
    """What was decided about an item that left the queue, read from its new state."""
    if after.status == "done":
        return _("Done")
    if after.status == "dropped":
        return _("Dropped")
    if after.snoozed_until and not board.on_board(after):
        return _("Snoozed ({marks})").format(marks=snoozed_words(after, short=True))
    if after.status == "waiting":
        return _("Waiting for {who}").format(who=printable(after.waiting_on or "?"))
    if after.status == "doing":
        return _("Taken now")
    words = board.placement(after).name_said
    if after.assignee and (before is None or before.assignee != after.assignee):
        words += f" @{printable(board.member_name(after.assignee) or '')}"
    return words


def live_keys(screen: Screen) -> dict[str, list[str]]:
    """Binding id -> the keys that fire it on ``screen`` now (keymap and screen overrides applied)."""
    keys: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        if active.binding.id:
            keys.setdefault(active.binding.id, []).append(screen.app.get_key_display(active.binding))
    return keys


class ItemCard(VerticalScroll):
    """The item under triage in full: big title, the facts, the notes (scrolls when long)."""

    COMPONENT_CLASSES = {"item-card--label", "item-card--overdue", "item-card--mark"}
    DEFAULT_CSS = """
    ItemCard {
        height: auto;
        max-height: 100%;
        border: round $inbox;
        border-title-color: $inbox;
        border-title-style: bold;
        border-subtitle-color: $foreground-muted;
        background: $surface;
        padding: 0 2;
    }
    ItemCard:focus { background-tint: $foreground 3%; }
    ItemCard.-interrupt { border: round $interrupt; border-title-color: $interrupt; }
    ItemCard > .item-card--label { color: $foreground-muted; }
    ItemCard > .item-card--overdue { color: $error; text-style: bold; }
    ItemCard > .item-card--mark { color: $warning; }
    #triage-title {
        padding: 1 1;
        margin: 1 0;
        text-style: bold;
        color: $foreground;
        background: $panel;
        border-left: thick $accent;
    }
    #triage-notes { margin-top: 1; color: $foreground; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="triage-title", markup=False)
        yield Static(id="triage-facts", markup=False)
        yield Static(id="triage-notes", markup=False)

    def show(self, board: Board, item: Item, privacy: bool) -> None:
        self.set_class(item.is_interrupt, "-interrupt")
        self.border_title = _("Interrupt") if item.is_interrupt else _("Inbox")
        self.query_one("#triage-title", Static).update(Text(shown_title(item, privacy, board)))
        self.query_one("#triage-facts", Static).update(self._facts(board, item))
        notes = self.query_one("#triage-notes", Static)
        notes.update(self._notes(item, privacy and board.settings.is_private(item.category)))
        notes.display = bool(item.notes.strip())

    def _facts(self, board: Board, item: Item) -> RenderableType:
        label = self.get_component_rich_style("item-card--label")
        table = Table.grid(padding=(0, 2))
        table.add_column(style=label, no_wrap=True)
        table.add_column()
        for name, value in self._fact_rows(board, item):
            table.add_row(name, value)
        return table

    def _fact_rows(self, board: Board, item: Item) -> list[tuple[str, Text]]:
        label = self.get_component_rich_style("item-card--label")
        rows = [(_("Kind"), Text(_("interrupt") if item.is_interrupt else _("task")))]
        details = understood(board, item)  # the same words capture echoed back
        if details:
            overdue = board.placement(item).overdue and board.due(item) is not None
            style = self.get_component_rich_style("item-card--overdue") if overdue else Style()
            line = Text(printable(details[0]), style if details[0].startswith("due ") else Style())
            line.append("".join(f"  {printable(part)}" for part in details[1:]))
            rows.append((_("Details"), line))
        waited = Text(since(board, item.created, room=True))
        waited.append("  " + _("(arrived {when})").format(when=local_time(board, item.created)), label)
        rows.append((_("Waiting") if item.is_interrupt else _("Captured"), waited))
        rows.append((_("Now in"), self._where(board, item)))
        found = marks(board, item)
        if found:
            rows.append((_("Marks"), Text(" · ".join(found), self.get_component_rich_style("item-card--mark"))))
        return rows

    @staticmethod
    def _where(board: Board, item: Item) -> Text:
        """Where the item sits and why; for an interrupt, where it would go as it stands."""
        placement = board.placement(item)
        if not item.in_interrupt_queue:
            return Text(placement.reason_said)
        return Text(_("{where}, waiting to be taken; as it stands → {reason}").format(
            where=landing(board, item), reason=placement.reason_said))

    @staticmethod
    def _notes(item: Item, masked: bool) -> Text:
        if masked:
            return Text(_("(notes hidden in privacy mode)"))
        return Text("\n".join(printable(line) for line in item.notes.strip().splitlines()))


LEGEND_GAP = 2  # cells between two columns of the legend


def _rows(cells: list[Text], columns: int) -> list[list[Text]]:
    return [cells[i:i + columns] for i in range(0, len(cells), columns)]


class KeyLegend(Static):
    """The decisions and their keys as they are bound now (the user's keymap included)."""

    COMPONENT_CLASSES = {"key-legend--key", "key-legend--heading"}
    DEFAULT_CSS = """
    KeyLegend { height: auto; padding: 0 1; background: $panel; color: $foreground; }
    KeyLegend > .key-legend--key { color: $accent; text-style: bold; }
    KeyLegend > .key-legend--heading { color: $foreground-muted; }
    """
    _shown_for: int | None = None  # the width the keys were last laid out for

    def show_keys(self, screen: Screen) -> None:
        keys = live_keys(screen)
        key_style = self.get_component_rich_style("key-legend--key")
        heading = self.get_component_rich_style("key-legend--heading")
        decisions = [self._cell(keys.get(i), words, key_style) for i, words in DECISIONS]
        moves = [self._cell(keys.get(i), words, key_style) for i, words in MOVES]
        room = (self.size.width or self.app.size.width) - self.styles.gutter.width
        for columns in range(5, 0, -1):  # as many columns as fit whole: a narrow screen gets more rows, no key cut
            rows = [*_rows(decisions, columns), *_rows(moves, columns)]
            widths = [max(row[c].cell_len for row in rows if c < len(row)) for c in range(columns)]
            if sum(widths) + LEGEND_GAP * (columns - 1) <= room:
                break
        table = Table.grid(padding=(0, LEGEND_GAP))
        for row in rows:
            table.add_row(*row)
        self.update(self._with_heading(table, heading))
        self._shown_for = room

    def on_resize(self) -> None:
        room = self.size.width - self.styles.gutter.width
        if self._shown_for not in (None, room) and isinstance(self.screen, Screen):
            self.show_keys(self.screen)

    @staticmethod
    def _with_heading(table: Table, heading: Style) -> RenderableType:
        outer = Table.grid()
        outer.add_row(Text(_("Decide with one key (the item then leaves the queue):"), heading))
        outer.add_row(table)
        return outer

    @staticmethod
    def _cell(keys: list[str] | None, words: str, key_style: Style) -> Text:
        cell = Text(no_wrap=True, overflow="ellipsis")
        cell.append("/".join(keys) if keys else "-", key_style)
        cell.append(" " + pgettext("action", words))
        return cell


class TriageScreen(BoardView, Screen[None]):
    """Walks the queue the app built, showing the first item still waiting for a decision."""

    BINDINGS = [
        Binding("n", "skip", "Skip", id="triage-skip"),
        Binding("escape", "leave", "Leave triage", id="triage-leave"),
    ]
    DEFAULT_CSS = """
    TriageScreen { layout: vertical; background: $background; }
    #triage-bar { height: 1; background: $panel; }
    #triage-progress { width: 1fr; color: $foreground; text-style: bold; padding: 0 1; }
    #triage-last { width: auto; max-width: 60%; color: $success; text-style: bold; padding: 0 1; }
    #triage-body { height: 1fr; padding-bottom: 2; }  /* the toasts' two rows, clear of the card (see _place_toasts) */
    #triage-end {
        height: 1fr;
        content-align: center middle;
        text-align: center;
        display: none;
        color: $foreground;
    }
    TriageScreen.-finished #triage-body, TriageScreen.-finished KeyLegend { display: none; }
    TriageScreen.-finished #triage-end { display: block; }
    """

    def __init__(self, queue: list[str]) -> None:
        super().__init__()
        self.queue = list(queue)
        self.current: str | None = None
        self.finished = False
        self.decided: set[str] = set()
        self.skipped: set[str] = set()
        self._shown: Item | None = None  # the current item as last drawn, to tell what changed
        self._last_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="triage-bar"):
            yield Static(id="triage-progress", markup=False)
            yield Static(id="triage-last", markup=False)
        with Vertical(id="triage-body"):
            yield ItemCard(id="triage-card")
        yield KeyLegend(id="triage-legend")
        yield Static(id="triage-end", markup=False)

    def on_mount(self) -> None:
        self.board_changed(chief_app(self).board)
        self.query_one(ItemCard).focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self.place_toasts)

    def place_toasts(self) -> None:
        """Toasts just above the key legend, over the body's two spare rows: the keys stay readable,
        and no toast lies across the card's edges (where a Chinese character would be lost)."""
        legend = self.query_one(KeyLegend)
        place_toasts(self, bottom=legend.outer_size.height if legend.display and not self.finished else 0)

    def on_screen_resume(self) -> None:
        """Back from a dialog (assign, snooze...): the app refreshed the board while it was on top."""
        self.board_changed(chief_app(self).board)

    # what the app and its bindings read ---------------------------------------

    @property
    def selected_item(self) -> Item | None:
        """The item the app's decision keys act on: the one on screen."""
        if self.current is None:
            return None
        return chief_app(self).board.items.get(self.current)

    def board_changed(self, board: Board) -> None:
        """Work out from the new board what happened to the queue, then show the next item."""
        pending = pending_ids(board)
        waiting = set(pending)
        if not self.finished:
            self._take_in_new(board, pending)
        if self.current is not None and self.current not in waiting and self.current in board.items:
            self.decided.add(self.current)
            self._say(decision_words(board, self._shown, board.items[self.current]), board.items[self.current])
        back = [i for i in self.queue if i in self.decided and i in waiting]
        if back:  # undone: it is in the queue again, so it is shown again
            self.decided -= set(back)
            self._say(_("back in the queue"), board.items[back[0]])
        self.current = next((i for i in self.queue if i in waiting and i not in self.skipped and i not in self.decided), None)
        self.finished = self.current is None
        self._draw(board)

    def _take_in_new(self, board: Board, pending: list[str]) -> None:
        """Items that arrived during triage: interrupts come next, inbox items at the end."""
        known = set(self.queue)
        new = [i for i in pending if i not in known]
        after = self.queue.index(self.current) + 1 if self.current in known else len(self.queue)
        while after < len(self.queue) and self._is_interrupt(board, self.queue[after]):
            after += 1
        interrupts = [i for i in new if board.items[i].is_interrupt]
        self.queue[after:after] = interrupts
        self.queue.extend(i for i in new if not board.items[i].is_interrupt)

    @staticmethod
    def _is_interrupt(board: Board, item_id: str) -> bool:
        item = board.items.get(item_id)
        return item is not None and item.in_interrupt_queue

    @property
    def _privacy(self) -> bool:
        return chief_app(self).privacy

    # actions -------------------------------------------------------------------

    def action_skip(self) -> None:
        """Move past the item without changing anything: it stays in the inbox."""
        item = self.selected_item
        if item is None:
            return
        self.skipped.add(item.id)
        self._say(_("skipped"), item)
        self.board_changed(chief_app(self).board)

    def action_leave(self) -> None:
        self.dismiss()

    def on_key(self, event: events.Key) -> None:
        """On the end screen any key returns, except undo, which brings the last item back."""
        if not self.finished:
            return
        active = self.active_bindings.get(event.key)
        if active is not None and active.binding.action in ("undo", "redo"):
            return
        event.stop()
        event.prevent_default()
        self.dismiss()

    # drawing -------------------------------------------------------------------

    def _draw(self, board: Board) -> None:
        self.set_class(self.finished, "-finished")
        self.call_after_refresh(self.place_toasts)  # the legend's height, or none once finished
        progress = self.query_one("#triage-progress", Static)
        if self.current is None:
            progress.update(Text(_("Triage: done")))
            self.query_one("#triage-end", Static).update(self._summary())
            self._shown = None
            return
        item = board.items[self.current]
        card = self.query_one(ItemCard)
        if self._shown is None or self._shown.id != item.id:
            card.scroll_home(animate=False)
        self._shown = item
        position = _("{number} of {count}").format(number=self.queue.index(item.id) + 1, count=len(self.queue))
        progress.update(Text(_("Triage   {position}   {where}").format(position=position, where=landing(board, item))))
        card.border_subtitle = position
        card.show(board, item, self._privacy)
        self.query_one(KeyLegend).show_keys(self)

    def _summary(self) -> Text:
        elsewhere = [i for i in self.queue if i not in self.decided and i not in self.skipped]
        text = Text(_("All triaged: {decided} decided, {skipped} skipped").format(
            decided=len(self.decided), skipped=len(self.skipped)), style="bold")
        if elsewhere:
            text.append(" " + _("({count} handled elsewhere)").format(count=len(elsewhere)))
        text.append("\n\n")
        if self.skipped:
            text.append(_("Skipped items are still in the inbox.") + "\n")
        text.append(_("Press any key to return to the dashboard"))
        undo = live_keys(self).get("undo")
        text.append(" " + _("({keys} undoes the last decision).").format(keys="/".join(undo)) if undo else _("."))
        return text

    def _say(self, words: str, item: Item | None) -> None:
        """The decision just made, for a few seconds; the app's notification says the rest."""
        if item is not None:  # "→ Done: title", its colon as the language writes it (→ 已作废：标题)
            words = _("{said}: {title}").format(said=words, title=clip(shown_title(item, self._privacy, chief_app(self).board), 30))
        line = Text("→ " + words)
        self.query_one("#triage-last", Static).update(line)
        if self._last_timer is not None:
            self._last_timer.stop()
        self._last_timer = self.set_timer(LAST_DECISION_S, self._clear_last)

    def _clear_last(self) -> None:
        self.query_one("#triage-last", Static).update("")
