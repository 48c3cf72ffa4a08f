"""The one API the command line and the dashboard both call.

Every command is a read-modify-write of the data file under a lock: read the
file fresh, apply the change, write it back atomically. A command therefore
never overwrites a change another process made since it last looked. If a sync
tool replaced the file by rename while we worked (it does not take our lock),
the command is applied again on the new content.
"""

from __future__ import annotations

import os
from pathlib import Path
from functools import cached_property
from typing import Any, Callable, Iterable, Mapping, TypeVar

from chief.store.domain.lazy_pendulum import pendulum

from chief.store.i18n import N_, _, ngettext, pgettext
from chief.store.datafile import paths
from chief.store.domain import wallclock
from chief.store.domain.board import ParseCache, ITEMS, TEAM, Board, NotFound
from chief.store.domain.config import Settings
from chief.store.reports.in_words import capture_notes, due_echo, due_short, landing, procedure_words, understood
from chief.store.errors import CommandError
from chief.store.lazy_module import imported_at_first_use
from chief.store.sync.merge import NESTED, Arrivals, arrivals, content, replay_nested
from chief.store.domain.model import DEFAULT_CAPACITY, SCHEMA, Item, Member
from chief.store.domain.quadrant import QUADRANTS, flags_of, parse_due
from chief.store.domain.steps import fresh_steps
from chief.store.domain.quickadd import Capture, QuickAddError, fold, parse_capture, resolve_choice
from chief.store.datafile.storage import DataFileError, SaveError, read_file
from chief.store.domain.when import Due
from chief.store.desk_steps import KEEP, StepCommands

# What only the commands need, loaded by the first one: the dashboard paints the first screen this machine
# kept without them (store/lazy_module.py), and the full board after it loads the replica (TinyDB) at once.
board_update = imported_at_first_use("chief.store.domain.board_update")
team = imported_at_first_use("chief.store.domain.team")
_capture = imported_at_first_use("chief.store.datafile.capture")
_ids = imported_at_first_use("chief.store.domain.ids")
_recur = imported_at_first_use("chief.store.domain.recur")
_replica = imported_at_first_use("chief.store.sync.replica")
_undo = imported_at_first_use("chief.store.sync.undo")

TYPE_CHECKING = False
if TYPE_CHECKING:
    from chief.store.sync.replica import Replica, Tx
    from chief.store.sync.undo import Change, History

T = TypeVar("T")
FOLLOW_UP_WORKING_DAYS = 2  # a wait with no follow-up given comes back this many working days on


def consistent_wait(item: Item, changes: dict[str, Any], stamp: str) -> dict[str, Any]:
    """Edited Waiting for, Follow up and Status made to agree, as the w and r keys leave them.

    Naming someone to wait for makes an open item wait (from now); clearing the
    name ends the wait; leaving the wait drops its follow-up. A follow-up with
    nobody to wait for, or a wait on nobody, is refused in one line.
    """
    if not {"status", "waiting_on", "follow_up"} & changes.keys():
        return changes  # an edit of other fields leaves the wait as it is, whatever it is
    status = changes.get("status", item.status)
    who = changes.get("waiting_on", item.waiting_on)
    if "waiting_on" in changes and "status" not in changes and item.is_open:
        status = changes["status"] = "waiting" if who else ("open" if item.status == "waiting" else item.status)
    if status == "waiting" and not who:
        raise CommandError(_("say who the item is waiting for (Waiting for), or change its status"))
    if status == "waiting" and (item.status != "waiting" or who != item.waiting_on):
        changes.setdefault("waiting_since", stamp)  # a new wait, or a wait on someone else
    if status != "waiting" and item.status == "waiting":
        changes.setdefault("follow_up", None)
    if status != "waiting" and changes.get("follow_up"):
        raise CommandError(_("a follow-up needs someone to wait for: fill in Waiting for, or snooze the item instead"))
    return changes


def _taker(board: Board, who: str | None) -> str | None:
    """The member id an item is handed to: None (the chief) for None or "me", else the member named."""
    return None if who is None or team.is_me(who) else _capture.resolve_member(board, who)


def default_follow_up(settings: Settings, now: pendulum.DateTime) -> Due:
    """When a wait comes back if nobody says: two working days on (Thursday's is Monday)."""
    return Due(settings.next_working_day(now.date(), FOLLOW_UP_WORKING_DAYS))


class Desk(StepCommands):
    """Chief's commands over one data file (the step commands are in store/desk_steps.py)."""

    def __init__(self, path: str | os.PathLike[str], settings: Settings | None = None) -> None:
        self.path = paths.real(path)  # a link to a file in Dropbox: work on the file it leads to
        self.settings = settings or Settings()
        self._cache = ParseCache()
        self._last: Board | None = None  # the last board made: the next one is derived from it when it can be
        self._made: Any = None  # the data our last command left
        self._touched: set[str] = set()  # the items our commands changed since the last board
        self._made_from: Any = None  # the data our last command changed only in items it touched (the replica's word), if known
        self._replica_settings: dict[str, Any] = {}  # the dashboard's ways of saving, for the replica when it is made

    @cached_property
    def replica(self) -> Replica:
        """The file as this process knows it (store/sync/replica.py), made at its first use: the kept first screen
        is painted without it."""
        replica = _replica.Replica(self.path, self.settings)
        for name, value in self._replica_settings.items():
            setattr(replica, name, value)
        return replica

    @property
    def opened(self) -> Replica | None:
        """The replica once something has used it; None before (nothing read or written: no problem to tell)."""
        return self.__dict__.get("replica")

    def _set_replica(self, **settings: Any) -> None:
        """Settings of the replica's saves: set now if it is made, else when it is (the dashboard sets them first)."""
        self._replica_settings.update(settings)
        if "replica" in self.__dict__:
            for name, value in settings.items():
                setattr(self.replica, name, value)

    @cached_property
    def history(self) -> History:
        """What undo and redo walk (store/sync/undo.py)."""
        return _undo.History()

    # reading ---------------------------------------------------------------

    def board(self) -> Board:
        """The data as it is now (merged with any conflict copy); a missing file is an empty board.

        After this Desk's own commands, and nothing from elsewhere, the board is
        the last one with the changed items moved (see store/domain/board_update.py).
        """
        data, now, last = self.replica.read(), wallclock.now(), self._last
        board = None
        if last is not None and (data is last._data or data is self._made):  # else: read after another's change
            board = board_update.after(last, data, self._touched, self.settings, now, self._cache,
                                       base=self._made_from if data is self._made else None)
        self._last, self._touched = board or Board.from_data(data, self.settings, now, self._cache), set()
        return self._last

    # the dashboard's first screen (store/domain/first_board.py, store/datafile/first_screen.py) ---------

    def _shaped_by(self, now: pendulum.DateTime) -> dict[str, Any]:
        """What besides the file shapes the first screen: a kept one made under anything else is not shown."""
        from chief.store.datafile.journal import _sha256  # the interpreter's own: hashlib would load OpenSSL at start
        from chief.store.i18n import language
        from chief.store.version import __version__

        return {"version": __version__, "schema": SCHEMA, "language": language(), "zone": wallclock.zone_name(now),
                "settings": _sha256(repr(self.settings).encode("utf-8", "surrogatepass"))}

    def first_board(self, rows: Any = None) -> Board | None:
        """The dashboard's first screen, from what this machine kept after it last wrote this very file; else None.

        A board for painting only (``partial``): read the file (:meth:`board`) before any command.
        ``rows``: the most rows a panel can show, when known (store/domain/first_board.py's ``Rows``: the terminal's
        lines, or each list's from its counts): the rows past them are not read.
        """
        from chief.store.datafile import first_screen
        from chief.store.domain.first_board import FirstBoard

        now = wallclock.zoned_now()  # no pendulum before the first paint
        inputs = first_screen.kept(self.path, self._shaped_by(now))
        if inputs is None:
            return None
        try:
            return FirstBoard.made(inputs, self.settings, now, rows)
        except (LookupError, TypeError, ValueError, AttributeError):  # a note that is not what we write: the file's way
            return None

    def keep_first_screen(self, board: Board) -> None:
        """``board`` is on screen: keep its first screen for the next dashboard, in a thread, if it is the file's as written."""
        from chief.store.datafile import first_screen
        from chief.store.domain import first_board

        replica = self.replica
        if (board.partial or board._data is not replica.known or replica.unsaved or replica.deferred or replica.damaged
                or replica.signature is None or replica._raw is None):
            return
        until = wallclock.seconds(board.now) + first_board.KEEP_S
        board._groups, board._tallies, board.problems  # worked out here, not in the thread
        first_screen.keep_later(self.path, replica.signature, replica._raw, self._shaped_by(board.now),
                                lambda: first_board.first_screen(board, until))

    def changed_on_disk(self) -> bool:
        """Whether the file changed, a conflict copy appeared, or an unsaved change waits."""
        return self.replica.pending()

    @property
    def unsaved(self) -> bool:
        return self.replica.unsaved

    # the transaction -------------------------------------------------------

    def _apply(self, description: str | Callable[[], str], command: Callable[[Tx], T], *, record: bool = True) -> T:
        """Run ``command`` on the merged tables and save; remember it for undo.

        ``description`` may be a function, read after the command ran (it may
        name the item the command found).
        """
        words = description if callable(description) else lambda: description
        self._made_from = None
        try:
            result, self._made, touches = self.replica.apply(command)
        except SaveError as err:
            if record:  # the change is kept, unsaved: it can still be undone
                self.history.record(_undo.Change(words(), tuple(getattr(err, "touches", ()))))
            raise
        self._touched.update(touch.id for touch in touches if touch.table == ITEMS)
        if all(touch.table == ITEMS for touch in touches):
            self._made_from = self.replica.last_base
        if record:
            self.history.record(_undo.Change(words(), tuple(touches)))
        return result

    # other copies ----------------------------------------------------------

    def merge_file(self, other: Path) -> Arrivals:
        """Merge another copy of the data into the file; what came in, in items."""
        incoming, _signature = read_file(other, follow=True)  # a file the user named: a link is theirs to follow
        if incoming is None:
            raise CommandError(_('no file at {other}').format(other=other))
        _replica.upgrade(incoming, other)  # a copy from a newer Chief is refused by its own name
        before = content(self.replica.read())
        _before, after, _rest = self.replica.apply(lambda tx: None, extra=incoming)
        return arrivals(before, content(after))

    def keep_housekeeping_out_of_saves(self) -> None:
        """For a long-running dashboard that calls ``housekeeping`` on a timer: no save (so no
        keystroke) then pays for a pass over every record to drop old tombstones, nor waits
        for the checksum of what it wrote or the removal of the old file (done in a thread);
        and the memory of the file's bytes a save or a re-read lets go goes back to the system."""
        # give_back_blocks: from its first re-read or save, after the first paint
        self._set_replica(collect_in_saves=False, work_later=True, give_back_blocks=True)

    def save_after_paint(self, due: Callable[[], None]) -> None:
        """For the dashboard: a command's change goes durably to the journal inside the keystroke, and
        ``due`` is told that the data file waits for :meth:`save_deferred`, to be called once the board
        is painted (see store/datafile/journal.py; the next command saves it first in any case)."""
        self._set_replica(defer_saves=True, on_deferred=due)

    def prepare_journal(self) -> None:
        """Make the journal of :meth:`save_after_paint` ready, so that the first keystroke only appends to it.

        For the dashboard, once its board is on screen; if it cannot be made now, the first
        command finds out as before (and saves the file at once instead)."""
        self.replica.prepare_journal()

    def save_deferred(self) -> bool:
        """Write the journaled changes into the data file now (raises SaveError if it cannot: they stay journaled).

        True when the file had changed meanwhile: it was read and merged, and the board is to be read again.
        """
        return self.replica.save_deferred()

    def archive_old(self) -> int:
        """Move items closed long enough ago to the yearly archive files."""
        from chief.store.sync.archive import move_old

        return move_old(self.replica, self.settings, wallclock.now())

    def housekeeping(self) -> int:
        """Archive old closed items and drop the tombstones every machine has seen; how many items moved."""
        moved = self.archive_old()
        self.replica.collect_tombstones()
        return moved

    def board_after_command(self) -> Board:
        """The board this desk's last command left, for the face to repaint from.

        It is derived from the last board and the data the command saved, without
        reading or stat-ing the file it has just written; a change that lands from
        elsewhere afterwards comes in through :meth:`changed_on_disk` and :meth:`board`.
        With no command since the last board (or an unsaved change), it is :meth:`board`.
        """
        last, made = self._last, self._made
        if last is None or made is None or made is last._data or self.replica.unsaved or made is not self.replica.known:
            return self.board()
        now = wallclock.now()
        board = board_update.after(last, made, self._touched, self.settings, now, self._cache, base=self._made_from)
        self._last, self._touched = board or Board.from_data(made, self.settings, now, self._cache), set()
        return self._last

    def read_when(self, words: str | Iterable[str]) -> Due:
        """A WHEN as the user typed it, read against their working day."""
        from chief.store.domain.when import parse_when

        text = words if isinstance(words, str) else " ".join(words)
        return parse_when(text, wallclock.now(), day_start=self.settings.day_start, day_end=self.settings.day_end,
                          working_day=self.settings.is_working_day)

    def default_follow_up(self) -> Due:
        """When a wait comes back if nobody says: two working days on."""
        return default_follow_up(self.settings, wallclock.now())

    def report_data(self, period_of: Callable[[pendulum.DateTime], Any]) -> tuple[Board, list[Item]]:
        """The board, and the archived items too when the period reaches past ``archive_after_days``.

        ``period_of`` gives the report's period from the board's now. A report of
        a file that is not there is refused: an empty brief from a mistyped path
        must not go to the leaders.
        """
        from chief.store.reports.stats import needs_archive

        if not self.path.exists():
            raise CommandError(_('no data file at {path}: nothing to report (check --file or $CHIEF_FILE)').format(path=self.path))
        board = self.board()
        period = period_of(board.now)
        archived = [a.item for a in self.archived()] if needs_archive(period, self.settings, board.now) else []
        return board, archived

    def archived(self) -> list:
        """The archived items (those not back on the board), oldest first."""
        from chief.store.sync.archive import read_archived

        found, _rest = read_archived(self.path, set(self.board().raw_items))
        return found

    def forget_device(self, device: str) -> bool:
        return _replica.forget_device(self.replica, device)

    # capture ---------------------------------------------------------------

    def capture(self, text: str | Iterable[str], *, kind: str = "task") -> tuple[Item, Board]:
        """Quick-add: parse the text, resolve names, and save the new item."""
        capture = parse_capture(
            text if isinstance(text, str) else list(text),
            wallclock.now(),
            day_start=self.settings.day_start,
            day_end=self.settings.day_end,
            working_day=self.settings.is_working_day,
        )
        return self.add(capture, kind=kind)

    def add(self, capture: Capture, *, kind: str = "task") -> tuple[Item, Board]:
        def command(tx: Tx) -> tuple[Item, Board]:
            board = tx.board(self.settings)
            record = _capture.new_item_record(capture, kind, board, self.settings, tx.stamp)
            item_id = tx.insert(ITEMS, record)
            board = tx.board(self.settings)
            return board.item(item_id), board

        return self._apply(_capture.added_words(kind, capture.title), command)

    def preview(self, text: str, kind: str, board: Board) -> tuple[bool, str]:
        """How quick-add text would be understood, without saving: (ok, words)."""
        try:
            capture = parse_capture(text, board.now, day_start=self.settings.day_start, day_end=self.settings.day_end,
                                    working_day=self.settings.is_working_day)
            record = _capture.new_item_record(capture, kind, board, self.settings, wallclock.utc_stamp(board.now))
        except QuickAddError as err:
            return False, str(err)
        item = Item.from_record("preview", record)
        words = [_("{where}: {title}").format(where=landing(board, item), title=item.title), *understood(board, item),
                 *procedure_words(capture, item, self.settings), *capture_notes(board, item)]
        return True, _(", ").join(words)

    # changing items --------------------------------------------------------

    def _change_item(self, item_id: str, description: str, fields: Callable[[Item, Tx], dict[str, Any]]) -> Item:
        """Find the item by id prefix, compute the fields to set, and save them."""

        said = [f"{description} '{item_id}'"]

        def command(tx: Tx) -> Item:
            item = tx.board(self.settings).find_item(item_id)
            said[0] = _("{action} '{title}'").format(action=pgettext("action", description), title=item.title)  # for undo
            changes = fields(item, tx)
            if changes:
                tx.update(ITEMS, item.id, changes)
            return tx.board(self.settings).item(item.id)

        return self._apply(lambda: said[0], command)

    @staticmethod
    def _taken(item: Item, tx: Tx) -> dict[str, Any]:
        """An interrupt leaves the queue the first time anyone decides about it.

        It stays urgent (that is what an interrupt is) unless the decision says
        otherwise: delegating an emergency must not drop it into Later.
        """
        return {"taken_at": tx.stamp, "urgent": True} if item.in_interrupt_queue else {}

    def move(self, item_id: str, quadrant: int) -> Item:
        """Put the item into a quadrant (this is how inbox items and interrupts are triaged)."""
        if quadrant not in QUADRANTS:
            raise CommandError(_('no quadrant {quadrant} (1 Do now, 2 Schedule, 3 Delegate, 4 Later)').format(quadrant=quadrant))
        important, urgent = flags_of(quadrant)

        def fields(item: Item, tx: Tx) -> dict[str, Any]:
            status = "open" if item.status in ("inbox", "waiting") else item.status
            return {**self._taken(item, tx), "important": important, "urgent": urgent, "status": status}

        return self._change_item(item_id, _("move to {quadrant}").format(quadrant=pgettext("action", QUADRANTS[quadrant])), fields)

    def done(self, item_id: str) -> Item:
        def fields(item: Item, tx: Tx) -> dict[str, Any]:
            if item.status == "done":
                raise CommandError(_("'{title}' is already done").format(title=item.title))
            self._next_instance(item, tx)
            return {"status": "done", "done_at": tx.stamp, **self._taken(item, tx)}

        return self._change_item(item_id, "done", fields)

    def drop(self, item_id: str) -> Item:
        """Drop the item; for a recurring duty, this time only (the next one is made)."""

        def fields(item: Item, tx: Tx) -> dict[str, Any]:
            if not item.is_open:
                raise CommandError((_("'{title}' is already done") if item.status == "done" else _("'{title}' is already dropped")).format(title=item.title))
            self._next_instance(item, tx)
            return {"status": "dropped", "done_at": tx.stamp, **self._taken(item, tx)}

        return self._change_item(item_id, "drop", fields)

    def _next_instance(self, item: Item, tx: Tx) -> None:
        """A recurring duty being closed makes its next instance, due at the next occurrence.

        The next id is derived from this one, so two machines closing the same
        instance make the same next one (a merge joins them), and closing it
        again after a reopen does not make a second.
        """
        if not item.repeat or not item.is_open:
            return
        try:
            rule = _recur.Rule.from_stored(item.repeat)
        except _recur.RuleError:
            return  # a rule from a newer Chief: the duty stops here rather than guessing
        next_id = _recur.next_instance_id(item.id)
        if tx.get(ITEMS, next_id) is not None:
            return
        due = rule.next(parse_due(item), tx.now, self.settings.is_working_day)
        follows = Item(
            id="", title=item.title, notes=item.notes, important=item.important, urgent=item.urgent,
            due=due.stored(), category=item.category, assignee=item.assignee, source=item.source,
            status="open", effort=item.effort, created=tx.stamp, updated=tx.stamp,
            repeat=item.repeat, series=item.series or item.id, extra={},
            steps=fresh_steps(item.steps),  # the duty's checklist again, nothing ticked
        )
        tx.insert(ITEMS, follows.to_record(), next_id)

    def reopen(self, item_id: str) -> Item:
        return self._change_item(item_id, "reopen", lambda item, tx: {"status": "open", "done_at": None})

    def take(self, item_id: str) -> Item:
        """Take an interrupt now: it is being handled, by the chief."""
        return self._change_item(
            item_id,
            "take",
            lambda item, tx: {"status": "doing", "taken_at": item.taken_at or tx.stamp, "important": True, "urgent": True},
        )

    def assign(self, item_id: str, member: str | None) -> Item:
        """Delegate to a team member (by id prefix or name), or back to the chief with None or "me".

        An untriaged inbox item handed to someone is delegated work: it goes to
        Delegate (urgent, not important), where the chief looks for what others
        do, never to Later by default. Kept by the chief, it stays in the inbox.
        """

        def fields(item: Item, tx: Tx) -> dict[str, Any]:
            return self._assigned(item, _taker(tx.board(self.settings), member), tx)

        return self._change_item(item_id, "assign", fields)

    def _hand_over(self, tx: Tx, takers: Mapping[str, str | None]) -> list[Item]:
        """Each item (by id prefix) to its member id (None: the chief), inside one command; the items as they are after."""
        board = tx.board(self.settings)
        items = [board.find_item(i) for i in takers]
        for item, member_id in zip(items, takers.values()):
            tx.update(ITEMS, item.id, self._assigned(item, member_id, tx))
        board = tx.board(self.settings)
        return [board.item(item.id) for item in items]

    def _assigned(self, item: Item, member_id: str | None, tx: Tx) -> dict[str, Any]:
        """The fields of an item handed to ``member_id`` (None: the chief), the one rule for one item or many.

        An untriaged inbox item handed to someone is delegated work: Delegate
        (urgent), never Later by default; kept by the chief it stays in the inbox.
        """
        if item.status == "inbox":
            return {"assignee": None} if member_id is None else {"assignee": member_id, "status": "open", "urgent": True}
        return {"assignee": member_id, "status": item.status, **self._taken(item, tx)}

    def mark_important(self, item_id: str, important: bool) -> Item:
        """Importance is the chief's judgement: set or cleared on its own, an interrupt stays in its queue."""
        return self._change_item(item_id, "important" if important else "not important",
                                 lambda item, tx: {"important": important})

    def snooze(self, item_id: str, until: Due) -> Item:
        """Put the item away until ``until``; every snooze is counted.

        Snoozing an interrupt is a decision (a call-back at a set time), so it
        leaves the queue, as after any other decision, and comes back urgent.
        """

        def fields(item: Item, tx: Tx) -> dict[str, Any]:
            moment = self._moment(until, tx.now)
            if moment <= tx.now:
                raise CommandError(_('cannot snooze until {value}: that is not in the future').format(value=due_echo(until, tx.now)))
            board = tx.board(self.settings)
            if board.placement(item).overdue:  # a late item is never put away (Board.on_board)
                due = due_short(board.due(item), tx.now)  # type: ignore[arg-type]
                raise CommandError(_("'{title}' is {due}: a snooze would not hide it; give it a new due time or delegate it").format(title=item.title, due=due))
            return {"snoozed_until": wallclock.utc_stamp(moment), "deferrals": item.deferrals + 1, **self._taken(item, tx)}

        return self._change_item(item_id, "snooze", fields)

    def wait(self, item_id: str, waiting_on: str, follow_up: Due | None) -> Item:
        """The item waits on someone (a leader's decision, a colleague) until the follow-up."""
        if not waiting_on.strip():
            raise CommandError(_("say who the item is waiting for"))

        def fields(item: Item, tx: Tx) -> dict[str, Any]:
            stamp = None
            if follow_up is not None:
                moment = self._moment(follow_up, tx.now)
                if moment <= tx.now:
                    raise CommandError(_('cannot follow up {value}: that is not in the future').format(value=due_echo(follow_up, tx.now)))
                stamp = wallclock.utc_stamp(moment)
            same_wait = item.status == "waiting" and item.waiting_since and item.waiting_on == waiting_on.strip()
            since = item.waiting_since if same_wait else tx.stamp  # waiting on someone else starts a new wait
            return {
                "status": "waiting", "waiting_on": waiting_on.strip(), "follow_up": stamp, "waiting_since": since,
                **self._taken(item, tx),
            }

        return self._change_item(item_id, "waiting for", fields)

    def resume(self, item_id: str) -> Item:
        """Back on the board now: the wait is over (what it waited for came), or the snooze ends early."""

        def fields(item: Item, tx: Tx) -> dict[str, Any]:
            if not item.can_resume(tx.stamp):
                raise CommandError(_("'{title}' is neither waiting nor snoozed: it is on the board already").format(title=item.title))
            changes: dict[str, Any] = {"status": "open", "follow_up": None} if item.status == "waiting" else {}
            return changes | ({"snoozed_until": None} if item.is_snoozed(tx.stamp) else {})

        return self._change_item(item_id, "back on the board", fields)

    def edit(self, item_id: str, changes: dict[str, Any], *, assignee: Any = KEEP) -> Item:
        """Set fields from the editor; the record class checks every value.

        ``assignee`` (a member's name or id prefix, or None or "me" for the chief) hands
        the edited item over as :meth:`assign` does, in the same step to undo.
        """

        def fields(item: Item, tx: Tx) -> dict[str, Any]:
            wanted = consistent_wait(item, dict(changes), tx.stamp)
            merged = {**item.to_record(), **wanted}
            edited = Item.from_record(item.id, merged)  # raises InvalidRecord on a bad value
            if assignee is not KEEP:
                wanted.update(self._assigned(edited, _taker(tx.board(self.settings), assignee), tx))
            return {k: v for k, v in wanted.items() if getattr(item, k, object()) != v}

        return self._change_item(item_id, "edit", fields)

    def _moment(self, due: Due, now: pendulum.DateTime) -> pendulum.DateTime:
        return due.moment(self.settings.day_start, now.timezone)

    # the team --------------------------------------------------------------

    @staticmethod
    def _capacity(capacity_hours: float) -> int:
        """Weekly capacity in minutes; 0 is someone who takes no new work."""
        if not 0 <= capacity_hours <= 168:
            raise CommandError(_('capacity must be between 0 and 168 hours a week, got {capacity_hours:g}').format(capacity_hours=capacity_hours))
        return round(capacity_hours * 60)

    def _categories(self, categories: Iterable[str]) -> tuple[str, ...]:
        chosen = (resolve_choice(c, {k: k for k in self.settings.categories}, N_("category")) for c in categories)
        return tuple(dict.fromkeys(chosen))  # the order typed, each once

    @staticmethod
    def _member(board: Board, reference: str, *, removed_too: bool = False) -> Member:
        """A member by name, id or unique prefix; a removed one only when ``removed_too`` (by exact name or id)."""
        if removed_too:
            gone = board.members.get(reference.strip().upper()) or team.named(board, reference, removed=True)
            if gone is not None and gone.removed and team.named(board, reference, removed=False) is None:
                return gone
        return board.team[_capture.resolve_member(board, reference)]

    def _change_member(self, reference: str, description: str, fields: Callable[[Member, Tx], dict[str, Any]], *,
                       removed_too: bool = False) -> Member:
        """Find the member (by name, id or prefix), compute the fields to set, and save them: the twin of ``_change_item``.

        ``description`` is a msgid with ``{name}`` (marked with ``N_``), said in
        the language of the moment for undo; ``fields`` may change items in the
        same transaction too (one command, one undo).
        """
        said = [_(description).format(name=reference)]

        def command(tx: Tx) -> Member:
            found = self._member(tx.board(self.settings), reference, removed_too=removed_too)
            said[0] = _(description).format(name=found.name)  # for undo
            wanted = fields(found, tx)
            now = tx.get(TEAM, found.id) or {}  # as the command has left it so far (``fields`` may have written it)
            changes = {k: v for k, v in wanted.items() if now.get(k) != v}
            if changes:
                tx.update(TEAM, found.id, changes)
            return tx.board(self.settings).members[found.id]

        return self._apply(lambda: said[0], command)

    def _member_fields(self, name: str | None, role: str | None, capacity_hours: float | None,
                       categories: Iterable[str] | None) -> dict[str, Any]:
        """The stored fields of a member for what was given (None: not given), checked; a name is never empty."""
        fields: dict[str, Any] = {}
        if name is not None:
            fields["name"] = " ".join(name.split())
            if not fields["name"]:
                raise CommandError(_("the member's name is empty"))
        if role is not None:
            fields["role"] = role.strip()
        if capacity_hours is not None:
            fields["capacity"] = self._capacity(capacity_hours)
        if categories is not None:
            fields["categories"] = list(self._categories(categories))
        return fields

    def team_add(self, name: str, *, capacity_hours: float | None = None, role: str | None = None,
                 categories: Iterable[str] | None = None) -> Member:
        """Add a member; capacity 0 is allowed (someone who takes no new work). Not given: 40 hours, no role, any category.

        Names are unique ignoring case and width. The name of a removed member
        brings that member back (same id, so their closed items are theirs
        again): what is given now replaces their role, capacity or categories,
        the rest is kept as it was (``Member.removed`` was True before: say so).
        """
        given = self._member_fields(name, role, capacity_hours, categories)
        said = [_("add member '{name}'").format(name=given["name"])]

        def command(tx: Tx) -> Member:
            member, back = self._add_member(tx, given)
            if back:
                said[0] = _("bring back member '{name}'").format(name=member.name)
            return member

        return self._apply(lambda: said[0], command)

    def _add_member(self, tx: Tx, given: dict[str, Any]) -> tuple[Member, bool]:
        """Add a member with the ``given`` fields in ``tx``, or bring back a removed one by that name; (member, brought back)."""
        board = tx.board(self.settings)
        known = team.named(board, given["name"], removed=False)
        if known is not None:
            raise CommandError(_("there is already a member named '{name}'").format(name=known.name))
        gone = team.named(board, given["name"], removed=True)
        if gone is not None:  # back on the team, under the same id: what is given replaces, the rest is kept
            tx.update(TEAM, gone.id, {**given, "removed": False, **team.AWAY_RESET})
            return tx.board(self.settings).members[gone.id], True
        member = Member(id="", name=given["name"], role=given.get("role", ""), capacity=given.get("capacity", DEFAULT_CAPACITY),
                        categories=tuple(given.get("categories", ())))
        record = member.to_record()
        wanted = _ids.member_id(member.name)  # the same person added on two machines is one member
        added = tx.insert(TEAM, record, None if wanted in tx.data.get(TEAM, {}) else wanted)
        return Member.from_record(added, record), False

    def add_and_assign(self, name: str, item_ids: Iterable[str]) -> list[Item]:
        """Someone new (or a removed member, back) added to the team and given the items: one command, one undo."""
        given = self._member_fields(name, None, None, None)
        wanted = list(dict.fromkeys(item_ids))
        if not wanted:
            raise CommandError(_("no items to assign"))

        def command(tx: Tx) -> list[Item]:
            member, _back = self._add_member(tx, given)
            return self._hand_over(tx, {item_id: member.id for item_id in wanted})

        return self._apply(ngettext("add {name} and assign {n} item", "add {name} and assign {n} items", len(wanted)).format(
            name=given["name"], n=len(wanted)), command)

    def team_edit(self, member: str, *, name: str | None = None, role: str | None = None,
                  capacity_hours: float | None = None, categories: Iterable[str] | None = None) -> Member:
        """Change a member's name, role, capacity or usual categories; items follow by id."""
        fields = self._member_fields(name, role, capacity_hours, categories)

        def edit(found: Member, tx: Tx) -> dict[str, Any]:
            if "name" in fields:
                other = team.named(tx.board(self.settings), fields["name"])
                if other is not None and other.id != found.id:
                    message = (_("a removed member was named '{name}': adding that name brings them back") if other.removed
                               else _("there is already a member named '{name}'"))
                    raise CommandError(message.format(name=other.name))
            return fields

        return self._change_member(member, N_("edit member '{name}'"), edit)

    def team_remove(self, member: str, *, hand_to: str | None = None) -> Member:
        """Take a member off the team; their open items go to ``hand_to`` first.

        ``hand_to`` is another member, ``"me"`` (the chief: the item stays where
        it is) or ``"inbox"`` (to be triaged again, on the board now); it is
        required when they have open items. The member stays as a tombstone
        (``removed``), so their closed items keep a name. A member removed
        already can be named again to hand on items another machine gave them
        while apart from the removal.
        """

        def remove(found: Member, tx: Tx) -> dict[str, Any]:
            board = tx.board(self.settings)
            items = team.open_items_of(board, found.id)
            if found.removed and not items:
                raise CommandError(_("{name} is not on the team").format(name=found.name))
            if items and hand_to is None:
                raise CommandError(ngettext(
                    "{name} has {n} open item: say who takes it (a member, me, or inbox)",
                    "{name} has {n} open items: say who takes them (a member, me, or inbox)", len(items),
                ).format(name=found.name, n=len(items)))
            taker = None  # with nothing open and nobody named, their open steps become the chief's
            if items or hand_to is not None:
                taker, changes = self._hand_on(board, found, hand_to)
                for item in items:
                    tx.update(ITEMS, item.id, changes(item))
            self._hand_on_steps(tx, found, taker)
            return {"removed": True}

        return self._change_member(member, N_("remove member '{name}'"), remove, removed_too=True)

    def _hand_on_steps(self, tx: Tx, leaving: Member, taker: str | None) -> None:
        """The open steps a leaving member had on open items go to ``taker`` (None: the chief's, unassigned)."""
        from chief.store.domain.model import STEPS
        from chief.store.domain.steps import raw_steps

        for item in tx.board(self.settings).open_items():
            theirs = [step for step in item.steps if step.who == leaving.id and not step.done]
            if theirs:
                steps = raw_steps(tx.get(ITEMS, item.id))
                for step in theirs:
                    steps[step.id] = {**steps[step.id], "who": taker}
                tx.update(ITEMS, item.id, {STEPS: steps})

    def _hand_on(self, board: Board, leaving: Member, hand_to: str | None) -> tuple[str | None, Callable[[Item], dict[str, Any]]]:
        """Who takes a leaving member's items (a member id; None: the chief or the inbox), and the fields of each item."""
        target = (hand_to or "").strip()
        if team.is_me(target):
            return None, lambda item: {"assignee": None}
        if fold(target) in (team.TO_INBOX, fold(_("inbox"))):
            def to_inbox(item: Item) -> dict[str, Any]:
                back = {"assignee": None, "status": "inbox", "snoozed_until": None}
                return back | ({"follow_up": None} if item.status == "waiting" else {})
            return None, to_inbox
        taker = self._member(board, target)
        if taker.id == leaving.id:
            raise CommandError(_("{name}'s items cannot go to {name}: name someone else, me, or inbox").format(name=leaving.name))
        return taker.id, lambda item: {"assignee": taker.id}

    def member(self, reference: str, *, removed_too: bool = False) -> Member:
        """A member by name, id or unique prefix (as ``assign`` takes them); a removed one by name or id if asked."""
        return self._member(self.board(), reference, removed_too=removed_too)

    def team_away(self, member: str, *, until: str | None = None, reason: str | None = None,
                  hand_to: str | None = None) -> Member:
        """Mark a member away (leave, trip, sick), back by themselves on ``until`` (WHEN text or ISO day).

        ``reason`` None keeps the reason of someone away already (a new return
        day alone changes only that).

        With ``hand_to`` (a member, "me" or "inbox", as ``team_remove`` takes it)
        their open items due before they are back are handed on in the same
        command: one undo takes back both.
        """

        def away(found: Member, tx: Tx) -> dict[str, Any]:
            back = team.return_day(until, self.settings, tx.now).isoformat() if until and until.strip() else None
            why = team.reason_code(reason) if reason is not None else (found.away_reason if found.away else "")
            fields = {"away": True, "away_until": back, "away_reason": why}
            if hand_to is not None:
                board = tx.board(self.settings)
                changes = self._hand_on(board, found, hand_to)[1]
                tx.update(TEAM, found.id, fields)  # away first: what falls due before they are back depends on it
                for item in team.due_before_return(tx.board(self.settings), found.id):
                    tx.update(ITEMS, item.id, changes(item))
            return fields

        return self._change_member(member, N_("mark '{name}' away"), away)

    def team_back(self, member: str) -> Member:
        """A member who was away is back today."""

        def back(found: Member, tx: Tx) -> dict[str, Any]:
            if not found.away:
                raise CommandError(_("{name} is not away").format(name=found.name))
            return dict(team.AWAY_RESET)

        return self._change_member(member, N_("'{name}' back at work"), back)

    def assign_many(self, item_ids: Iterable[str], member: str | None) -> list[Item]:
        """Delegate several items to one member (or back to the chief with None or "me"): one command, one undo."""
        wanted = list(dict.fromkeys(item_ids))
        if not wanted:
            raise CommandError(_("no items to assign"))
        return self.assign_each({item_id: member for item_id in wanted})

    def assign_each(self, takers: Mapping[str, str | None]) -> list[Item]:
        """Delegate each item (by id prefix) to its own member (name, id or prefix; None or "me": the chief): one undo.

        What the away flow does when each item goes to the member recommended for it.
        """
        if not takers:
            raise CommandError(_("no items to assign"))

        def command(tx: Tx) -> list[Item]:
            board = tx.board(self.settings)
            found = {who: _taker(board, who) for who in set(takers.values())}
            return self._hand_over(tx, {item_id: found[who] for item_id, who in takers.items()})

        count = len(takers)
        return self._apply(ngettext("assign {n} item", "assign {n} items", count).format(n=count), command)

    # undo ------------------------------------------------------------------

    def undo(self) -> Change | None:
        """Take back the last command of this session; returns what was undone."""
        change = self.history.pop_undo()
        if change is None:
            return None
        self._replay(change.reversed())
        self.history.push_undone(change)
        return change

    def redo(self) -> Change | None:
        change = self.history.pop_redo()
        if change is None:
            return None
        self._replay(change)
        self.history.push_redone(change)
        return change

    def replay_saved(self, change: Change, *, undo: bool) -> None:
        """Undo (or redo) a change remembered from an earlier run of the command line.

        Anything may have happened since: a field it would set back that was
        changed meanwhile, or its item gone or back, refuses the whole step in
        one line and the file stays as it is. Other fields of the same item
        were not the command's, and keep their new values.
        """
        try:
            self._replay(change.reversed() if undo else change, check=True)
        except _undo.Conflict as err:
            record = err.touch.before or err.touch.after or {}
            thing = record.get("title") or record.get("name") or err.touch.id
            what = (_("cannot undo {what}") if undo else _("cannot redo {what}")).format(what=change.description)
            if err.fields:
                why = _("{thing} was changed since ({fields})").format(thing=thing, fields=", ".join(err.fields))
            elif err.touch.before is None:
                why = _("{thing} is there again").format(thing=thing)
            else:
                why = _("{thing} is no longer there").format(thing=thing)
            raise CommandError(_("{what}: {why}; nothing was changed").format(what=what, why=why)) from None

    def _replay(self, change: Change, *, check: bool = False) -> None:
        """Set back the fields a change touched, leaving other fields as they are now.

        With ``check``, a record that no longer holds what the change expects
        stops it (:class:`Conflict`) before anything is written.
        """

        def command(tx: Tx) -> None:
            for touch in change.touches:
                current = tx.get(touch.table, touch.id)
                if check:
                    _undo.check_replay(touch, current, nested=NESTED)
                if touch.after is None:
                    tx.remove(touch.table, touch.id)
                elif current is None:
                    tx.insert(touch.table, dict(touch.after), touch.id)
                else:
                    fields = {k: touch.after.get(k) for k in touch.changed_fields() if k != "updated"}
                    for name in NESTED & fields.keys():  # steps: only those the command changed
                        fields[name] = replay_nested(current.get(name), (touch.before or {}).get(name), touch.after.get(name))
                    tx.update(touch.table, touch.id, fields)

        self._apply(change.description, command, record=False)


__all__ = ["Desk", "CommandError", "QuickAddError", "NotFound", "DataFileError", "SCHEMA"]
