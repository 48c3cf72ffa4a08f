"""The app: the desk, the theme, the keys, the file watcher, and the commands the keys run.

The panels live on the dashboard screen (tui/screens/dashboard.py). A
keystroke travels one way: key -> binding -> action -> desk command -> atomic
save -> the new board handed to the dashboard and to the screen on top. A
change from another process arrives the same way, from the watcher's
``FileChanged`` onwards.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input

from chief.store import paths
from chief.store import wallclock
from chief.store import Board
from chief.store import Desk
from chief.store import ChiefError
from chief.store import Item
from chief.store import StepChange
from chief.store import QUADRANTS
from chief.store import next_one_words, snoozed_words
from chief.store import N_, _, ngettext, take_calendar_notices
from chief.store import DataFileError, SaveError, os_reason
from chief.themes import CHIEF_DEFAULTS, DEFAULT_THEME, check_theme, load_themes
from chief.tui import crash
from chief.tui.css_cache import keep_rules
from chief.tui.bindings import APP_BINDINGS, ITEM_ACTIONS, MEMBER_ACTIONS, TEAM_BINDINGS
from chief.tui.keymap import check_keymap
from chief.tui.layout import BoardArea
from chief.tui.marks import Marking
from chief.tui.text import one_line
from chief.tui.messages import FileChanged
from chief.tui.screens.board_view import BoardView
from chief.tui.screens.dashboard import DashboardScreen
from chief.tui.team_actions import TeamActions
from chief.tui.text import printable, printable_lines
from chief.tui.typeahead import ENTER, TypeAheadGuard
from chief.tui.watcher import FileWatcher
from chief.tui.widgets.item_list import mask, shown_title
from chief.tui.widgets.quick_add import QuickAdd
from chief.tui.widgets.row_list import RowList
from chief.tui.widgets.typed_input import TypedInput

COMMAND_ERRORS = ChiefError  # everything a user may be told, in one line (store/errors.py)
TOASTS_SHOWN = 2  # toasts at once: the detail strip under them has two lines
ARCHIVE_FIRST_S = 5  # after the first paint, never in its way
ARCHIVE_EVERY_S = 3600
TICK_AFTER_S = 0.2  # the tick runs just after each minute begins
KEEP_AFTER_S = 1.0  # the first screen is kept for the next launch once saves pause this long
KEEP_AGAIN_S = 86_400  # opened from a first screen kept this long ago: kept again, so that it holds days more


APP_ACTIONS = frozenset(binding.action.split("(")[0] for binding in APP_BINDINGS)
EXPORT_FORMATS = {"csv": N_("CSV (spreadsheets)"), "ics": N_("iCalendar (Thunderbird, todoman)"), "md": "Markdown", "json": "JSON"}
MODAL_ACTIONS = frozenset({"privacy"})  # what still works while a dialog is open
DASHBOARD_ACTIONS = frozenset({"quick_add", "filter", "focus_side", "triage", "zoom"})  # their widgets live on the dashboard
# Textual's own palette commands that Chief keeps, said in the user's language (Screenshot is Chief's: see take_screenshot)
TEXTUAL_COMMANDS = frozenset({"Theme", "Quit", "Keys", "Maximize", "Minimize"})
TEXTUAL_WORDS = (  # their names and helps as Textual gives them, here so that the catalog holds them
    N_("Keys"), N_("Maximize"), N_("Minimize"), N_("Change the current theme"), N_("Quit the application as soon as possible"),
    N_("Show help for the focused widget and a summary of available keys"), N_("Hide the keys and widget help panel"),
    N_("Maximize the focused widget"), N_("Minimize the widget and restore to normal size"),
)
SCREENSHOT_DIR = "screenshots"  # beside the data file, like briefs/ and exports/
# Actions whose key opens an input: the text typed right behind the key is the input's (tui/typeahead.py).
OPENS_AN_INPUT = frozenset({"quick_add", "filter", "edit", "assign", "wait", "snooze", "command_palette"})
OPENING_WAIT_S = 3.0  # keys held behind such a key wait at most this long for its binding to run
# The app's actions that still work while the focus is in a text field (the others are board keys: never from a field)
TEXT_FIELD_ACTIONS = frozenset({"help", "privacy"})


def _bilingual_commands() -> type:
    """Textual's system commands, found by their English names too (loaded when the palette first opens)."""
    from chief.tui.palette import BilingualCommands

    return BilingualCommands


def _item_search() -> type:
    """The palette's item search (loaded when the palette first opens: not a module of the first paint)."""
    from chief.tui.commands import ItemSearch

    return ItemSearch


def _text_fields() -> tuple[type, ...]:
    """The widgets typed text goes into: Input, and TextArea once a screen has loaded it.

    No TextArea can have the focus before its module is loaded (the item editor's notes
    load it), and importing it for this check alone costs the dashboard's start some 30 ms.
    """
    area = sys.modules.get("textual.widgets._text_area")
    return (Input,) if area is None else (Input, area.TextArea)


def _to_next_minute() -> float:
    return 60 - time.time() % 60 + TICK_AFTER_S


def _ui_state_path() -> Path:
    return paths.state_dir() / "ui.json"


def _load_ui_state() -> dict[str, Any]:
    try:
        state = json.loads(_ui_state_path().read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


class ChiefApp(Marking, TeamActions, App[int]):
    CSS_PATH = "chief.tcss"
    TITLE = "Chief"
    BINDINGS = APP_BINDINGS
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {_bilingual_commands, _item_search}  # providers Textual loads when the palette opens

    privacy: reactive[bool] = reactive(False, init=False)

    def __init__(self, desk: Desk, *, remember_theme: bool = True, first: Board | None = None) -> None:
        self._in_textuals_init = True  # see get_css_variables
        super().__init__()
        self.__dict__.pop("_in_textuals_init", None)  # (a Textual that did not ask: every later call answers)
        self.desk = desk
        desk.keep_housekeeping_out_of_saves()  # it runs on its own timer (_archive), never in a keystroke
        desk.save_after_paint(self._save_due)  # a command's change is journaled; the file is written after the paint
        self._save_scheduled = False
        # ``first``: the first screen kept from this machine's last save (Desk.first_board), painted while
        # the file is read; what is typed or clicked meanwhile waits in ``_held`` for the full board.
        self.board: Board = first if first is not None else desk.board()
        self._held: list[events.Event] | None = [] if self.board.partial else None
        self._kept_at = self.board.moment if self.board.partial else None  # when the first screen shown was kept
        self._shown_at: float | None = None  # when the first board was on screen (the terminal Chief's since before)
        self._keep_timer: Timer | None = None
        self._boards_gone: list[Board] = []  # boards replaced since the last paint: freed after it (see refresh_board)
        self.file_problem = ""  # why the file cannot be read right now
        self._archived_cache: list | None = None
        self._last_told = ""
        self._keys_state: tuple = ()  # what the footer's keys were last worked out from
        self._watcher: FileWatcher | None = None
        self.typeahead = TypeAheadGuard()  # keys typed on after an input closed never run as board keys
        self._typeahead_timer: Timer | None = None
        self._opening_key: events.Key | None = None  # a key that opens an input, until its binding has run
        self._opening_keys_cache: frozenset[str] | None = None
        self.remember_theme = remember_theme
        self.crash_note = ""  # the one line to say after the screen closed on an unexpected error
        self.command_english: dict[str, str] = {}  # a palette command's shown name -> its English name
        self.marked: dict[str, None] = {}  # items marked with v, in order (see tui/marks.py)
        for theme in load_themes():
            self.register_theme(theme)
        check_theme(desk.settings.theme, self.available_themes)
        self._start_in_theme(self._starting_theme())
        if desk.settings.keymap:
            self.set_keymap(check_keymap(desk.settings.keymap))

    def _starting_theme(self) -> str:
        """The palette's last choice, unless the config's theme changed since it was made."""
        configured = self.desk.settings.theme
        state = _load_ui_state() if self.remember_theme else {}
        chosen = state.get("theme")
        if chosen in self.available_themes and state.get("config_theme") == configured:
            return chosen
        return configured if configured in self.available_themes else DEFAULT_THEME

    def _start_in_theme(self, name: str) -> None:
        """The theme to start in, set the way Textual's watcher sets it but without the CSS re-parse it queues.

        Before the app runs no CSS is parsed yet: the stylesheet needs only the theme's variables, and
        its first parse (the first screen's) reads them. Textual's watcher would parse every rule again
        right after that first parse, and empty the parse cache the first screen's own parse reuses:
        two whole parses of the CSS in every start in a theme other than Textual's default.
        """
        if name == self.theme:
            self.stylesheet.set_variables(self.get_css_variables())
            return
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        classes = {old: False for old in self.classes if old.startswith("-theme-")}
        classes.update({f"-theme-{theme.name}": True, "-dark-mode": theme.dark, "-light-mode": not theme.dark})
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables; none while Textual's ``__init__`` makes the stylesheet: that would work out Textual's
        default theme's (some 200 colours, 4 million instructions), and the starting theme's are set right after,
        before any CSS is parsed (:meth:`_start_in_theme`)."""
        if self.__dict__.pop("_in_textuals_init", False):
            return {}
        return super().get_css_variables()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Chief's variables for any theme (Textual's own too): the Okabe-Ito colours."""
        return dict(CHIEF_DEFAULTS)

    # the dashboard -------------------------------------------------------------

    def get_driver_class(self) -> type:
        """Textual's driver; on a POSIX terminal, one that can wait for a frame to be out (tui/frame_out.py)."""
        driver = super().get_driver_class()
        if driver.__module__ == "textual.drivers.linux_driver" and driver.__name__ == "LinuxDriver":
            from chief.tui.frame_out import FrameDriver

            return FrameDriver
        return driver

    def post_display_hook(self) -> None:
        """A frame was handed to the terminal: it goes out before anything that follows the paint runs."""
        wait_out = getattr(self._driver, "wait_out", None)
        if wait_out is not None:
            wait_out()

    def get_default_screen(self) -> DashboardScreen:
        self._dashboard = DashboardScreen()
        return self._dashboard

    @property
    def dashboard(self) -> DashboardScreen:
        """The dashboard screen, at the bottom of the stack whatever is on top of it."""
        return self._dashboard

    async def on_mount(self) -> None:
        if self.is_web:  # in a browser tab: close once the server that links it to the tab has gone
            from chief.tui.browser import watch_client

            reader = getattr(self._driver, "_key_thread", None)
            if reader is not None:
                loop = asyncio.get_running_loop()
                watch_client(reader, lambda: loop.call_soon_threadsafe(self.exit))
        # The dashboard composes in its own task, after this; the app is ready (and a test's
        # Pilot starts) only once the first board is on screen, as when the app held the panels.
        await self._dashboard.shown.wait()

    def first_board_fits(self) -> None:
        """The kept first screen's panels, laid out, show only rows it holds; else (a panel taller than the rows read
        of its list, tui/layout.py's first_rows) the file is read now, before the first paint, as when nothing was kept."""
        if not self.board.partial:
            return
        shown = self._dashboard.query_one(BoardArea).rows_shown() or dict.fromkeys((1, 2, 3, 4, "interrupts", "inbox"),
                                                                                self.size.height)
        if all(self.board.holds(slot, rows) for slot, rows in shown.items()):
            return
        try:
            board = self.desk.board()
        except DataFileError as err:  # gone bad since this machine wrote it: said as when it is bad at start
            self.crash_note = str(err)
            self.exit(return_code=2)
            return
        self._kept_at = None
        self.refresh_board(board)
        self.call_after_refresh(self._release_held)  # keys typed while Chief started: handed on once it is painted

    def dashboard_shown(self) -> None:
        """The first board is on screen: the full one next if it was the kept first screen; then the clocks."""
        self._shown_at = time.monotonic()
        if self.board.partial:
            self.call_after_refresh(self._full_board)  # (the footer's keys are in that first paint)
        else:
            self._board_ready()

    def _release_held(self) -> None:
        """The keys and pastes held while the first screen was only a picture: run now, in the order typed."""
        held, self._held = self._held or [], None
        for event in held:
            self.post_message(event)

    def _full_board(self) -> None:
        """The kept first screen is painted: read the file, show the full board; the keys held run on it, in order.

        They are posted before the file is read, so they come before any key typed during the read.
        """
        self._release_held()
        try:
            board = self.desk.board()
        except DataFileError as err:  # gone bad since this machine wrote it: said as when it is bad at start
            self.crash_note = str(err)
            self.exit(return_code=2)
            return
        self.refresh_board(board)
        self._board_ready()

    def _board_ready(self) -> None:
        """The full board is on screen: keep it out of the collector, start the clocks and the watcher."""
        self.call_after_refresh(self._after_first_paint)
        self.set_timer(ARCHIVE_FIRST_S, self._archive)
        self.set_interval(ARCHIVE_EVERY_S, self._archive)
        self._watcher = FileWatcher(lambda: self.desk.changed_on_disk(), lambda: self.post_message(FileChanged()))
        self._watcher.start()
        self.set_timer(_to_next_minute(), self._tick)
        self.set_interval(1, self._refresh_header)
        kept = crash.take_draft()
        if kept is not None:  # typed before an unexpected error closed the dashboard last time
            text, kind = kept
            bar = self.dashboard.panel(QuickAdd)
            bar.open(kind)
            bar.query_one(Input).value = text

    def _after_first_paint(self) -> None:
        """The collector back on (``chief`` turns it off until here), past what the first board built.

        The thousands of objects of the first board live all day: they are kept out of the
        collector's full passes, which would otherwise land in some keystroke (tens of ms at 10,000 items).
        Then the first screen is kept for the next launch (in a thread, store/datafile/first_screen.py).
        """
        gc.freeze()
        gc.enable()
        keep_rules()  # stylesheets parsed for the first time on this machine, for the next start
        self.desk.prepare_journal()  # so that the first key appends to it (store/datafile/journal.py)
        if self._kept_at is None or wallclock.seconds(self.board.now) - self._kept_at >= KEEP_AGAIN_S:
            self.desk.keep_first_screen(self.board)

    # typed-ahead keys ------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.key == "ctrl+j" and not event.is_forwarded and self._typed_before_shown(event):
            # Enter typed while Chief started: until Textual takes the terminal, the terminal turns Enter into a
            # newline (its ICRNL), which Textual reads as Ctrl+J; "n", a title and Enter typed at once lost the Enter
            event.key, event.character = "enter", "\r"  # the same event, in its place among the keys
        if self._held is not None and isinstance(event, (events.InputEvent, events.Paste)) and not event.is_forwarded:
            self._held.append(event)  # the kept first screen is only a picture: this waits for the full board
            return
        if isinstance(event, events.Key) and not event.is_forwarded and self._typed_ahead(event):
            event.stop()
            event.prevent_default()
            return
        if isinstance(event, events.Paste) and not event.is_forwarded and not isinstance(self.focused, _text_fields()):
            # an input method's commit (or a paste) right behind n: the bar's, like typed keys
            text = one_line(event.text)
            if text and all(self.typeahead.hold(character, character, event.time) for character in text):
                self._restart_typeahead_timer()
                event.stop()
                event.prevent_default()
                return
            if text and self.typeahead.swallow(text[0], text[0], event.time, screen=self.screen, in_form=False):
                # committed right after a field closed (the name typed on behind Enter): said, never dropped
                self.typeahead.swallowed.extend(text[1:])
                self._restart_typeahead_timer()
                event.stop()
                event.prevent_default()
                return
        await super().on_event(event)

    def _typed_before_shown(self, event: events.Key) -> bool:
        """Read before the first board was on screen (typed before or as the terminal became Chief's)."""
        return self._shown_at is None or event.time <= self._shown_at

    def _typed_ahead(self, event: events.Key) -> bool:
        """Whether the key is text typed ahead (see tui/typeahead.py): then it is held for its input, or dropped."""
        now = event.time  # when the key was read, not when it is handled: keys typed during a slow save queue up
        focused = self.focused
        if isinstance(focused, _text_fields()):
            self._let_held_in(focused)
            if event.is_printable or event.key in ("enter", "backspace", "delete"):  # typing, not Escape or Tab
                self.typeahead.typed_in_field(self.screen, now)
            return False
        if self.typeahead.hold(event.character, event.key, now):
            self._restart_typeahead_timer()
            return True
        in_form = focused is not None and not isinstance(focused, RowList)
        if not self.typeahead.swallow(event.character, event.key, now, screen=self.screen, in_form=in_form):
            if event.key in self._opening_keys:  # the focus chain's bindings are looked at only for these few keys
                active = self.screen.active_bindings.get(event.key)
                if active is not None and active.binding.action.split("(")[0] in OPENS_AN_INPUT:
                    self.typeahead.opening(now)
                    self._opening_key = event
            return False
        self._restart_typeahead_timer()
        return True

    def keys_of(self, binding: Binding) -> list[str]:
        """The keys a binding answers to now: the user's keymap for its id, else its own."""
        keys = self._keymap.get(binding.id, binding.key) if binding.id else binding.key
        return [key.strip() for key in keys.split(",")]

    @property
    def _opening_keys(self) -> frozenset[str]:
        """The keys that may open an input, from the bindings as the keymap left them (worked out once)."""
        if self._opening_keys_cache is None:
            keys = {self.COMMAND_PALETTE_BINDING}
            for binding in APP_BINDINGS:
                if binding.action.split("(")[0] in OPENS_AN_INPUT:
                    keys.update(self.keys_of(binding))
            self._opening_keys_cache = frozenset(keys)
        return self._opening_keys_cache

    def _on_key(self, event: events.Key) -> None:
        # Textual's App._on_key runs next (every class's handler runs): the bindings, once the key came back up
        if event is self._opening_key:
            self.call_later(self._opening_key_ran)

    def _opening_key_ran(self) -> None:
        """The key that opens an input has run: its input has the focus (or a dialog's will, once mounted)."""
        self._opening_key = None
        if self.typeahead.held and isinstance(self.focused, _text_fields()):
            self._let_held_in(self.focused)

    def _restart_typeahead_timer(self) -> None:
        if self._typeahead_timer is not None:
            self._typeahead_timer.stop()
        self._typeahead_timer = self.set_timer(self.typeahead.pause_s, self._say_typed_ahead)

    def _let_held_in(self, focused: Any) -> None:
        """The keys typed behind the key that opened this input go into it, in their order, before any typed after them.

        They are handed over as keys, Enter included: the input reads them as if typed there (the quick-add
        bar saves at each Enter and stays open; a dialog's field submits).
        """
        held = self.typeahead.opened()
        if not held:
            return
        if isinstance(focused, _text_fields()):
            for character in held:
                key = events.Key("enter" if character == ENTER else "space" if character == " " else character, character)
                focused._forward_event(key)
        else:
            self.typeahead.swallowed.extend(held)  # no input took the focus: said, never run as keys
            self._restart_typeahead_timer()

    @on(TypedInput.TypedAhead)
    def _typed_into_a_closed_field(self, event: TypedInput.TypedAhead) -> None:
        """Typed on into a field that closed meanwhile: into the form's next field, or said (never a board key)."""
        focused = self.focused
        if isinstance(focused, _text_fields()) and focused.screen is event.screen:
            self.typeahead.typed_in_field(self.screen, time.monotonic())
            if isinstance(focused, Input):
                focused.insert_text_at_cursor(event.text)
            else:
                focused.insert(event.text)
            return
        self.typeahead.typed_in_field(event.screen, time.monotonic())  # the run goes on: the keys behind these wait too
        self.typeahead.swallowed.extend(event.text)
        self._restart_typeahead_timer()

    def _say_typed_ahead(self) -> None:
        """The typing paused: text held for an input goes into it; what no input took is said."""
        if self.typeahead.held and isinstance(self.focused, _text_fields()):
            self._let_held_in(self.focused)
        if self.typeahead.held and self._opening_key is not None and time.monotonic() - self._opening_key.time < OPENING_WAIT_S:
            self._restart_typeahead_timer()  # the key that opens the input has not run yet (a busy machine): keep them
            return
        self._opening_key = None
        self.typeahead.swallowed.extend(self.typeahead.opened())
        swallowed = self.typeahead.take_swallowed()
        if swallowed:
            self.notify(_("Not run as keys: '{keys}' (typed right after the input closed; pause a moment before a key)").format(
                keys=swallowed), severity="warning", markup=False, timeout=4)

    # unexpected errors ---------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """An error nobody expected: logged privately, the capture kept, one line after the screen closes.

        Textual's own handler renders a traceback with local variables (item
        titles among them) to the terminal, bypassing privacy mode; nothing of
        it is used. The error is still kept for ``run_test`` to raise in tests.
        """
        self._return_code = 2
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        if not self.crash_note:
            self.crash_note = crash.crash_line(crash.write_log(error), self._keep_draft())
        self._close_messages_no_wait()

    def _keep_draft(self) -> Path | None:
        """The quick-add bar's text, kept for the next start (the bar may be gone already: then nothing)."""
        try:
            bar = self.dashboard.panel(QuickAdd)
            return crash.keep_draft(bar.query_one(Input).value, bar.kind) if bar.display else None
        except Exception:  # noqa: BLE001 - closing after an unexpected error: keep what can be kept
            return None

    def on_unmount(self) -> None:
        keep_rules()  # a theme chosen meanwhile: its stylesheets too
        if self._watcher is not None:
            self._watcher.close()
        try:
            self.desk.save_deferred()
        except COMMAND_ERRORS:
            pass  # closing: the change stays in the journal, merged by the next command (store/datafile/journal.py)
        else:
            self.desk.keep_first_screen(self.board)  # if the board is the file's as written (the thread ends its jobs)

    # saving after the paint ----------------------------------------------------

    def _save_due(self) -> None:
        """A command's change is journaled: the data file is written once the board it changed is painted."""
        if not self._save_scheduled and self.is_running:
            self._save_scheduled = True
            self.call_after_refresh(self._save_after_paint)

    def _save_after_paint(self) -> None:
        self._save_scheduled = False
        try:
            merged = self.desk.save_deferred()
        except SaveError as err:
            self._last_told = str(err)  # said here; the watcher's re-read will not repeat it
            self.notify(_("Kept, not saved yet: {error}").format(error=err), severity="warning", markup=False, timeout=10)
            self._refresh_header()
            return
        except COMMAND_ERRORS as err:
            self._tell(str(err))
            return
        if merged:  # the file had changed meanwhile: what came with it is shown too
            self.refresh_board()
        self._keep_later()

    def _keep_later(self) -> None:
        """The first screen kept for the next launch, once saves have paused for a second (not after each key)."""
        if self._keep_timer is not None:
            self._keep_timer.stop()
        self._keep_timer = self.set_timer(KEEP_AFTER_S, lambda: self.desk.keep_first_screen(self.board))

    # the board ---------------------------------------------------------------

    def refresh_board(self, board: Board | None = None, *, after_command: bool = False) -> None:
        """Show ``board`` (or re-read the file); every panel keeps its cursor on its item.

        ``after_command``: the board the desk's last command left, without reading
        the file it has just written again (the watcher brings what comes later).
        """
        if board is None:
            try:
                board = self.desk.board_after_command() if after_command else self.desk.board()
                self.file_problem = ""
            except DataFileError as err:
                self.file_problem = str(err)
                self._tell(str(err))
                self._refresh_header()
                return
        if board is not self.board:
            self._let_go_after_paint(self.board)
        self.board = board
        self.prune_marks(board)
        dashboard = self._dashboard
        dashboard.board_changed(board)
        dashboard.refresh_header()
        self._refresh_keys()
        dashboard.show_detail()
        view = self.screen
        if view is not dashboard and isinstance(view, BoardView):
            if view.is_mounted:
                view.board_changed(board)
            else:  # still mounting (a poll right after the key that opened it): its widgets are not there yet
                view.call_later(view.board_changed, board)
        replica = self.desk.opened  # None on the kept first screen: the file is read right after it is painted
        if replica is not None:
            for problem in [replica.save_problem, *replica.warnings]:
                if problem:
                    self._tell(problem)
        for notice in [*(replica.notices if replica is not None else ()), *take_calendar_notices()]:
            self.notify(notice, severity="warning", markup=False, timeout=10)
        if replica is not None:
            replica.notices.clear()

    def _let_go_after_paint(self, board: Board) -> None:
        """Hold the board just replaced until the new one is painted.

        What only the old board held (its copies of the lists and tables, and the data it was
        made from: tens of thousands of entries at 20,000 items) is freed when its last
        reference goes, which would be inside the keystroke; here it goes after the paint.
        """
        if not self._boards_gone:
            self.call_after_refresh(self._boards_gone.clear)
        self._boards_gone.append(board)

    @property
    def alert(self) -> str:
        """The one problem the header shows, most serious first; derived, never stale."""
        replica = self.desk.opened  # None: nothing read or written yet (the kept first screen), nothing to say of it
        if self.file_problem:
            return _("FILE PROBLEM: see the message; nothing is lost")
        if replica is not None and replica.unsaved:
            return _("UNSAVED: file damaged, kept beside it") if replica.damaged else _("UNSAVED: will retry")
        if self.board.problems:
            return _("{count} unreadable record(s) set aside: chief doctor").format(count=len(self.board.problems))
        if replica is not None and replica.warnings:
            return _("see the message: chief doctor")
        return ""

    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every toast, made inert: errors and notices quote titles, ids, names and paths from the file.

        Toasts lie over the two-line detail strip (chief.tcss says why; other screens place them
        clear of their keys, tui/toasts.py), so at most two show: a
        message said again replaces itself, the newest notice replaces the notice shown, and a
        problem (a warning or an error) is never pushed away by a routine notice, only by two
        newer problems.
        """
        said, headed = printable_lines(message), printable(title)
        # Textual keeps the toasts shown in the private _notifications and takes one away with _unnotify
        # (tests/ui/test_toasts_clear.py pins both, so an upgrade that changes them fails a test, not a user)
        shown = [n for n in self._notifications if not (n.message == said and n.title == headed)]
        for gone in [n for n in self._notifications if n not in shown]:
            self._unnotify(gone, refresh=False)
        if severity == "information":
            for notice in [n for n in shown if n.severity == "information"]:
                self._unnotify(notice, refresh=False)
                shown.remove(notice)
            if len(shown) >= TOASTS_SHOWN:  # two problems showing: they stay, the routine notice is not shown
                return
        while len(shown) >= TOASTS_SHOWN:
            oldest = next((n for n in shown if n.severity == "information"), shown[0])
            self._unnotify(oldest, refresh=False)
            shown.remove(oldest)
        place = getattr(self.screen, "place_toasts", None)  # a screen that says where its toasts go (tui/toasts.py)
        if callable(place):
            place()  # from the layout as it is now: the toast is laid out after this
        super().notify(said, title=headed, severity=severity, timeout=timeout, markup=markup)

    def _tell(self, message: str) -> None:
        """Say a problem once, not on every re-read while it lasts."""
        if message != self._last_told:
            self._last_told = message
            self.notify(message, severity="error", markup=False, timeout=10)

    def _refresh_header(self) -> None:
        self._dashboard.refresh_header()

    @on(FileChanged)
    def _file_changed(self) -> None:
        """Pick up changes other processes (``chief add``, a sync tool) made to the file.

        The watcher's thread saw a change; asking again here drops what this
        app's own save has meanwhile made current.
        """
        if self.desk.changed_on_disk() and self.is_running:
            self.refresh_board()

    def _archive(self) -> None:
        """Housekeeping: items closed long ago to the yearly archive (a small live file), old tombstones out."""
        try:
            moved = self.desk.housekeeping()
        except COMMAND_ERRORS as err:
            self._tell(_("archiving skipped: {error}").format(error=err))
            return
        self._archived_cache = None
        if moved:
            self.refresh_board()

    def archived_items(self) -> list:
        """Archived items for the palette's search, read once per archiving."""
        if self._archived_cache is None:
            try:
                self._archived_cache = self.desk.archived()
            except COMMAND_ERRORS:
                self._archived_cache = []
        return self._archived_cache

    def _tick(self) -> None:
        """Time moves: waiting times grow, items become overdue, snoozes end.

        It runs as each minute begins: where items sit is worked out per minute,
        so the full pass over the views happens here, and a keystroke later in
        the minute only updates the items it changed.
        """
        if self.is_running:
            self.refresh_board()
            self.set_timer(_to_next_minute(), self._tick)

    # the selection -----------------------------------------------------------

    @property
    def selected_item(self) -> Item | None:
        """The item the next decision applies to: under the dashboard's cursor, or the screen on top's."""
        view = self.screen
        return view.selected_item if isinstance(view, BoardView) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.screen
        if action in APP_ACTIONS and action not in TEXT_FIELD_ACTIONS and isinstance(self.focused, _text_fields()):
            return False  # typing: a key bound on the board (ctrl+r, or a user's own) never acts on the board from a field
        if isinstance(view, ModalScreen) and action in APP_ACTIONS and action not in MODAL_ACTIONS:
            if not (isinstance(view, BoardView) and action in view.APP_ACTIONS_HERE):
                return False  # a dialog is open: its keys are its own, and the app actions it lends itself
        if action in DASHBOARD_ACTIONS and view is not self._dashboard:
            return False
        if action in MEMBER_ACTIONS:
            return True if self.selected_member is not None else None
        if action == "assign" and self.marked:
            return True  # the marked items, wherever the cursor is
        if action in ITEM_ACTIONS:
            item = self.selected_item
            if item is None:
                return None
            if action == "resume":  # a waiting item, or one snoozed and back early because it fell due
                return True if item.can_resume(self.board.now_stamp) else None
        return True  # undo and redo stay lit: with nothing to take back they say so (a footer rebuild costs 30 ms)

    @on(RowList.CursorMoved)
    def _cursor_moved(self) -> None:
        self._refresh_keys()

    def on_descendant_focus(self) -> None:
        if self.typeahead.held and isinstance(self.focused, _text_fields()):
            self._let_held_in(self.focused)  # (on the way, the focus may rest on a panel: the keys wait)
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Refresh the footer only when what ``check_action`` answers can have changed.

        Textual rebuilds the whole footer on every refresh, which costs a cursor
        move 30 ms; what the keys depend on is small and known.
        """
        # (keys hidden from the footer, like r on a waiting item, are checked when pressed)
        state = (self.screen, self.selected_item is None, self.focused)
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    # running commands --------------------------------------------------------

    def run_command(self, command: Callable[[], Any], done: Callable[[Any], str] | None = None) -> Any:
        """Run a desk command; say what happened, or the one-line reason it did not.

        The collector waits for the paint: a pass over the young objects the command
        made (or a full one after a large re-read) would otherwise land in the keystroke.
        """
        if gc.isenabled():
            gc.disable()
            self.call_after_refresh(gc.enable)
        try:
            result = command()
        except SaveError as err:
            # the change is made and kept here, just not in the file yet: say so, and carry on
            self._last_told = str(err)  # said here; the watcher's re-read will not repeat it
            self.notify(_("Kept, not saved yet: {error}").format(error=err), severity="warning", markup=False, timeout=10)
            self.refresh_board()
            return getattr(err, "result", None)
        except COMMAND_ERRORS as err:
            self.notify(str(err), severity="error", markup=False, timeout=6)
            return None
        self.refresh_board(after_command=True)
        if done is not None:
            # The toast comes one frame after the board: mounting it takes a layout pass
            # that repaints the whole screen, and the board is what the user looks at.
            said = done(result)
            self.call_after_refresh(lambda: self.notify(said, markup=False, timeout=3))
        return result

    def _with_item(self, command: Callable[[Item], Any], done: Callable[[Any], str]) -> Any:
        item = self.selected_item
        if item is None:
            self.bell()
            return None
        return self.run_command(lambda: command(item), done)

    def _title(self, item: Item) -> str:
        return shown_title(item, self.privacy, self.board)

    # actions ------------------------------------------------------------------

    def action_quick_add(self, kind: str) -> None:
        self._dashboard.open_quick_add(kind)

    def action_move(self, quadrant: int) -> None:
        def done(item: Item) -> str:
            placement = self.board.placement(item)
            if placement.quadrant != quadrant:
                return _("{title} stays in {quadrant}: {why}").format(
                    title=self._title(item), quadrant=placement.name_said, why=placement.because_said)
            return _("{quadrant}: {title}").format(quadrant=_(QUADRANTS[quadrant]), title=self._title(item))

        self._with_item(lambda item: self.desk.move(item.id, quadrant), done)

    def action_done(self) -> None:
        self._with_item(lambda item: self.desk.done(item.id), lambda item: _("Done: {title}").format(title=self._title(item)) + next_one_words(self.board, item))

    def action_resume(self) -> None:
        self._with_item(lambda item: self.desk.resume(item.id), lambda item: _("Back on the board: {title}").format(title=self._title(item)))

    def action_drop(self) -> None:
        self._with_item(
            lambda item: self.desk.drop(item.id),
            lambda item: _("Dropped: {title}{next} (u to undo)").format(title=self._title(item), next=next_one_words(self.board, item)),
        )

    def action_take(self) -> None:
        self._with_item(lambda item: self.desk.take(item.id), lambda item: _("Taken now: {title}").format(title=self._title(item)))

    def action_toggle_important(self) -> None:
        def done(item: Item) -> str:
            said = _("Important: {title}") if item.important else _("Not important: {title}")
            where = "" if item.in_interrupt_queue else " (" + self.board.placement(item).name_said + ")"
            return said.format(title=self._title(item)) + where

        self._with_item(lambda item: self.desk.mark_important(item.id, not item.important), done)

    def action_edit(self) -> None:
        from chief.tui.screens.editor import EditorScreen

        self._ask(
            lambda item: EditorScreen(self.board, item, self.desk.settings),
            lambda item, changes: self.desk.edit(item.id, changes) if changes else None,
            lambda item: _("Saved: {title}").format(title=self._title(item)),
        )

    def action_steps(self) -> None:
        """The selected item's steps, to tick, add, edit, move and remove."""
        from chief.tui.screens.steps import StepsScreen

        item = self.selected_item
        if item is None:
            self.bell()
            return
        self.push_screen(StepsScreen(self.board, item, self.privacy))

    def action_emergency(self) -> None:
        """The selected item (an interrupt, mostly) becomes an emergency: first in Do now, with its flow's steps."""
        def done(change: StepChange) -> str:
            count = len(change.item.steps)
            return _("Emergency: {title}").format(title=self._title(change.item)) + (
                ngettext(" (1 step: c shows it)", " ({count} steps: c shows them)", count).format(count=count) if count else "")

        change = self._with_item(lambda item: self.desk.make_emergency(item.id), done)
        if change is not None:
            self._dashboard.focus_item(change.item.id)

    def action_assign(self) -> None:
        """The item under the cursor, or every marked item, to one member (tui/team_actions.py)."""
        marked = self.marked_items()
        item = self.selected_item
        if marked or item is not None:
            self.assign_several(marked or [item])  # type: ignore[list-item]
        else:
            self.bell()


    def action_snooze(self) -> None:
        from chief.tui.screens.snooze import SnoozeScreen

        self._ask(
            lambda item: SnoozeScreen(self.board, item, self.desk.settings, self.privacy),
            lambda item, until: self.desk.snooze(item.id, until),
            lambda item: _("Snoozed ({marks}): {title}").format(marks=snoozed_words(item, short=True), title=self._title(item)),
        )

    def action_wait(self) -> None:
        from chief.tui.screens.wait import WaitScreen

        self._ask(
            lambda item: WaitScreen(self.board, item, self.desk.settings, self.privacy),
            lambda item, answer: self.desk.wait(item.id, answer[0], answer[1]),
            lambda item: _("Waiting for {who}: {title}").format(who=item.waiting_on, title=self._title(item)),
        )

    def _ask(
        self,
        dialog: Callable[[Item], ModalScreen[Any]],
        command: Callable[[Item, Any], Any],
        done: Callable[[Item], str],
    ) -> None:
        """Open a dialog about the selected item, then run the command with its answer."""
        item = self.selected_item
        if item is None:
            self.bell()
            return

        def answered(answer: Any) -> None:
            if answer is not None:
                self.run_command(lambda: command(item, answer), lambda result: done(result) if result else _("No change"))

        self.push_screen(dialog(item), answered)

    def action_triage(self) -> None:
        from chief.tui.screens.triage import TriageScreen

        queue = [i.id for i in [*self.board.interrupts(), *self.board.inbox()]]
        if not queue:
            self.notify(_("Nothing to triage: the inbox and the interrupt queue are empty"), timeout=3)
            return
        self.push_screen(TriageScreen(queue))

    def action_help(self) -> None:
        from chief.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.help_rows()))

    def help_rows(self) -> list[tuple[str, str, str]]:
        """(keys, what it does, binding id) for every binding, with the user's keymap applied."""
        from chief.tui.screens.help import HelpScreen
        from chief.tui.screens.plate import PlateScreen
        from chief.tui.screens.triage import TriageScreen
        from chief.tui.widgets.step_list import StepList

        rows = []
        for binding in [*APP_BINDINGS, *RowList.BINDINGS, *TEAM_BINDINGS, *PlateScreen.OWN_BINDINGS, *QuickAdd.BINDINGS, *TriageScreen.BINDINGS, *(b for b in StepList.BINDINGS if b.show),
                        *HelpScreen.BINDINGS]:
            shown = ", ".join(self.get_key_display(Binding(key, "")) for key in self.keys_of(binding))
            rows.append((shown, _(binding.description), binding.id or ""))
        return rows

    def go_to_item(self, item_id: str) -> None:
        """Show an item wherever it is (the command palette's "go to item")."""
        while self.screen is not self._dashboard:
            self.pop_screen()
        if self._dashboard.item_filter.text:
            self._dashboard.clear_filter()
        self._dashboard.focus_item(item_id)

    def bring_back(self, item_id: str) -> None:
        """A put-away item back on the board now (the caller rang back early), with the cursor on it."""
        item = self.run_command(lambda: self.desk.resume(item_id), lambda item: _("Back on the board: {title}").format(title=self._title(item)))
        if item is not None:
            self.go_to_item(item.id)

    def action_waiting_list(self) -> None:
        from chief.tui.screens.waiting import WaitingScreen

        self.push_screen(WaitingScreen(self.board, privacy=self.privacy))

    def action_stats(self) -> None:
        from chief.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.board))

    def action_review(self) -> None:
        from chief.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.board, privacy=self.privacy))

    def action_brief(self) -> None:
        from chief.store import write_brief

        path = self.run_command(lambda: write_brief(self.desk), lambda path: _("Today's brief written to {path}").format(path=path))
        self.hand_over(path)

    def export(self, fmt: str) -> None:
        """Write the open items as ``fmt`` beside the data file, in exports/, and say where."""
        from chief.store import write_export

        self.hand_over(self.run_command(lambda: write_export(self.desk, fmt), lambda path: _("Exported to {path}").format(path=path)))

    def hand_over(self, path: Path | None, *, name: str = "file") -> None:
        """In a browser, a file Chief wrote (beside the data file, on the server) also comes down as a download."""
        if path is not None and self.is_web:
            self.deliver_text(path, save_filename=path.name, encoding="utf-8", name=name)

    def take_screenshot(self) -> None:
        """Textual's Screenshot: an SVG of the screen in screenshots/ beside the data file (and a download in a browser).

        Beside a data file kept inside one of Chief's own folders (its state folder),
        nothing is written: the screenshot goes to the user's downloads folder, as Textual's would.
        """
        from chief.store import OutputRefused, write_numbered

        svg, name = self.export_screenshot(), f"screenshot-{self.board.now.format('YYYY-MM-DD')}"
        try:
            try:
                path = write_numbered(self.desk.path.parent / SCREENSHOT_DIR, name, "svg", svg, self.desk.path)
            except OutputRefused:  # the data file is in one of Chief's own folders: the downloads folder
                from platformdirs import user_downloads_path

                path = write_numbered(user_downloads_path(), name, "svg", svg, self.desk.path)
        except COMMAND_ERRORS as err:  # a folder that cannot be made, a name of Chief's own: one line, nothing written
            self.notify(_("Screenshot not saved: {error}").format(error=err), severity="error", markup=False, timeout=6)
            return
        self.notify(_("Screenshot saved to {path}").format(path=path), markup=False, timeout=4)
        self.hand_over(path, name="screenshot")

    @on(events.DeliveryComplete)
    def _delivered(self, event: events.DeliveryComplete) -> None:
        """Textual would say "Saved screenshot" in English, its path as markup: the toast above said it already."""
        event.prevent_default()

    @on(events.DeliveryFailed)
    def _not_delivered(self, event: events.DeliveryFailed) -> None:
        event.prevent_default()
        self.notify(_("The browser did not get the file: {reason}").format(reason=event.exception), severity="error", markup=False)

    def action_import_file(self) -> None:
        from chief.tui.screens.importing import ImportScreen

        def chosen(path: Path | None) -> None:
            if path is not None:
                from chief.store import import_file

                self.run_command(
                    lambda: import_file(self.desk, path),
                    lambda result: _("Imported {count} new item(s) from {file}; {already} already here").format(
                        count=len(result.added), file=path.name, already=result.already),
                )

        self.push_screen(ImportScreen(self.desk.path.parent), chosen)

    def action_undo(self) -> None:
        self.run_command(self.desk.undo, lambda change: self._told(_("Undone: {what}"), change) if change else _("Nothing to undo"))

    def action_redo(self) -> None:
        self.run_command(self.desk.redo, lambda change: self._told(_("Redone: {what}"), change) if change else _("Nothing to redo"))

    def _told(self, what: str, change: Any) -> str:  # what: "Undone: {what}", said in the user's language
        """What undo or redo did, in words; a confidential title stays masked in privacy mode."""
        words = printable(change.description)
        private = self.desk.settings.is_private
        confidential = any(private((t.before or t.after or {}).get("category")) for t in change.touches)
        if self.privacy and confidential:
            words = words.split(" '", 1)[0] + f" '{mask()}'"
        return what.format(what=words)

    def action_privacy(self) -> None:
        self.privacy = not self.privacy

    def watch_privacy(self) -> None:
        if self.is_mounted:
            self.refresh_board(self.board)
            self.notify(_("Privacy mode on: confidential items masked") if self.privacy else _("Privacy mode off"), timeout=2)

    def action_filter(self) -> None:
        self._dashboard.open_filter()

    def key_escape(self) -> None:
        if not self.clear_marks():  # the marks first, then the filter
            self._dashboard.clear_filter()

    def action_focus_side(self, direction: str) -> None:
        """Move to the panel beside this one on screen (h/l, left/right)."""
        self._dashboard.focus_side(direction)

    def action_zoom(self) -> None:
        """The focused panel on the whole screen, and back (z; Escape also brings it back)."""
        self._dashboard.toggle_zoom()

    # theme --------------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        if self.remember_theme and self.is_mounted:
            state = _load_ui_state()
            state["theme"] = theme
            state["config_theme"] = self.desk.settings.theme
            try:
                _ui_state_path().parent.mkdir(parents=True, exist_ok=True)
                _ui_state_path().write_text(json.dumps(state), encoding="utf-8")
            except OSError as err:
                self.notify(_("Theme not remembered: {reason}").format(reason=os_reason(err)), severity="warning", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the dashboard with its keys, plus Textual's theme, quit, keys, maximize and screenshot.

        Names are shown in the user's language; ``command_english`` keeps each
        one's English name, which the palette matches as well.
        """
        for command in super().get_system_commands(screen):
            if command.title in TEXTUAL_COMMANDS:
                callback = command.callback
                if command.title in ("Maximize", "Minimize") and screen is self._dashboard:
                    callback = self.action_zoom  # the same as z: the panel alone, the header, detail and footer kept
                yield self._said_command(command.title, _(command.help), callback, discover=command.discover)
        yield self._said_command("Screenshot", _("Save an SVG picture of the screen in {folder}/ beside the data file").format(
            folder=SCREENSHOT_DIR), lambda: self.set_timer(0.1, self.take_screenshot))  # once the palette has closed
        for binding in [*APP_BINDINGS, *TEAM_BINDINGS]:  # a member command acts on the Team panel's member
            if binding.action.startswith("quit"):
                continue
            shown = ", ".join(self.get_key_display(Binding(key, "")) for key in self.keys_of(binding))
            yield self._said_command(binding.description, _("key: {keys}").format(keys=shown),
                                     lambda a=binding.action: self.run_action(a))
        for fmt, name in EXPORT_FORMATS.items():
            yield self._said_command(f"Export open items: {name}",
                                     _("writes exports/…{suffix} beside the data file").format(suffix=fmt),
                                     lambda f=fmt: self.export(f),
                                     title=_("Export open items: {format}").format(format=_(name)))
        yield self._said_command("Import a file", _("Taskwarrior's task export, or Chief's CSV"), self.action_import_file)

    def _said_command(self, english: str, help_text: str, callback: Callable[[], Any], *,
                      title: str | None = None, discover: bool = True) -> SystemCommand:
        """A palette command named in the user's language, its English name remembered for matching."""
        title = title or _(english)
        self.command_english[title] = english
        return SystemCommand(title, help_text, callback, discover)

    def action_show_help_panel(self) -> None:
        """The palette's Keys: Textual's keys panel, in the user's language."""
        from chief.tui.widgets.key_panel import SaidHelpPanel

        if not self.screen.query("HelpPanel"):
            self.screen.mount(SaidHelpPanel())

    def action_command_palette(self) -> None:
        """Chief's palette: Textual's, speaking the user's language."""
        from chief.tui.palette import ChiefPalette

        if self.use_command_palette and not ChiefPalette.is_open(self):
            self.push_screen(ChiefPalette(id="--command-palette"))

    def search_themes(self) -> None:
        """Textual's theme picker, its placeholder in the user's language."""
        from textual.theme import ThemeProvider

        from chief.tui.palette import ChiefPalette

        self.push_screen(ChiefPalette(providers=[ThemeProvider], placeholder=_("Search for themes…")))
