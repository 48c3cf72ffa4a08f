"""Capture: a new item's record, and the short path that adds it to a file we wrote.

``chief add`` runs from scripts and other shells all day, so it must not pay
for parsing the whole file. A new item is an insert under a fresh id: nothing
in the file can conflict with it. When the file's bytes are exactly the bytes
Chief last wrote (checked by size and checksum, see ``chief.store.datafile.fingerprints``), they are
known to be a valid database in Chief's own layout, one record per line, and
the capture is a splice: the new item's line goes into the items table, the
meta line gets the new clock mark, and the file is replaced atomically as
always. In every other case (a file changed by a sync tool or a hand, a
conflict copy waiting, an older schema) the caller takes the full path
through ``Desk``, which reads, merges and validates everything.
"""

from __future__ import annotations

import errno
import os
import stat
import zlib

from chief.store import json_text
from chief.store.domain import wallclock
from chief.store.i18n import N_, _
from chief.store.domain.board import ITEMS, META, TEAM, Board, NotFound
from chief.store.domain.config import Settings
from chief.store.errors import CommandError
from chief.store.domain.model import SCHEMA, Item, Step
from chief.store.domain.procedures import Procedure, procedure_for_category
from chief.store.domain.quickadd import Capture, parse_capture, resolve_choice
from chief.store.datafile.splice import key_at
from chief.store.structs import replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any
    from chief.store.sync.undo import Change

NO_MEMBERS = N_("no members yet: add one with 'chief team add NAME'")


def resolve_member(board: Board, member: str) -> str:
    """A member by name (or unique name prefix), or by id (or unique id prefix)."""
    if member in board.team:
        return member
    if len(member) >= 4:
        try:
            return board.find_member(member).id
        except NotFound:
            pass
    choices = {m.id: m.name for m in board.team.values()}
    return resolve_choice(member, choices, N_("member"), empty_hint=NO_MEMBERS)


def new_item_record(capture: Capture, kind: str, board: Board, settings: Settings, stamp: str) -> dict[str, Any]:
    """The stored record of a captured item, with names resolved against the team and the config."""
    assignee = resolve_member(board, capture.assignee) if capture.assignee is not None else None
    category = None
    if capture.category is not None:
        category = resolve_choice(capture.category, {c: c for c in settings.categories}, N_("category"))
    triaged = capture.triaged or kind == "interrupt"
    item = Item(
        id="",
        title=capture.title,
        kind=kind,
        important=capture.important,
        urgent=capture.urgent,
        due=capture.due.stored() if capture.due else None,
        category=category,
        assignee=assignee,
        source=capture.source,
        status="open" if triaged else "inbox",
        effort=capture.effort,
        created=stamp,
        updated=stamp,
        repeat=capture.repeat,
    )
    procedure = capture_procedure(capture, category, settings)
    if procedure is not None:
        item = replace(item, steps=procedure_steps(procedure, item, board, settings))
    return item.to_record()


def capture_procedure(capture: Capture, category: str | None, settings: Settings) -> Procedure | None:
    """The procedure a new item gets its steps from: the one named (proc:NAME), else its category's."""
    if capture.procedure is not None:
        name = resolve_choice(capture.procedure, {n: n for n in settings.procedures}, N_("procedure"))
        return settings.procedures[name]
    return procedure_for_category(settings.procedures, category)


def procedure_steps(procedure: Procedure, item: Item, board: Board, settings: Settings) -> tuple[Step, ...]:
    """A procedure's steps for ``item``: due times from the item's, each who found in the team (name, then role).

    A who that names nobody in the team (a role nobody holds yet) leaves the
    step unassigned rather than refusing the item.
    """
    from chief.store.domain.ids import new_id
    from chief.store.domain.quadrant import parse_due
    from chief.store.domain.steps import offset_due
    from chief.store.domain.when import Due

    due = parse_due(item)
    now = wallclock.in_zone(board.now) if due is not None else None
    tz = now.tzinfo if now is not None else None
    made = []
    for n, step in enumerate(procedure.steps, 1):
        step_due = offset_due(due, step.offset, settings, tz) if due is not None else None
        if step_due is not None and due is not None and step_due.deadline(tz) < now:
            # work that arrives late: a step that "should" have been done already is due today, not born overdue
            today = Due(now.date())
            step_due = due if due.deadline(tz) < today.deadline(tz) else today
        made.append(Step(id=new_id(), text=step.text, order=n, who=_who(board, step.who),
                         due=step_due.stored() if step_due else None, kind="report" if step.report else "step"))
    return tuple(made)


def _who(board: Board, who: str | None) -> str | None:
    """A member by name or id, else the first member present who holds that role; None when nobody fits."""
    if not who:
        return None
    try:
        return resolve_member(board, who)
    except (CommandError, NotFound, ValueError):
        pass
    folded = who.casefold()
    holders = sorted((m for m in board.team.values() if m.role.casefold() == folded), key=lambda m: (board.is_away(m), m.name))
    return holders[0].id if holders else None


def parse(text: str | list[str], settings: Settings, now: Any) -> Capture:
    return parse_capture(text, now, day_start=settings.day_start, day_end=settings.day_end,
                         working_day=settings.is_working_day)


# the short path ----------------------------------------------------------------


_ITEMS_HEAD = b'{\n"items": {\n'
_META_HEAD = b'\n},\n"meta": {\n'
_TEAM_HEAD = b'\n},\n"team": {\n'
_END = b'\n}\n}\n'


class _Layout:
    """Where the tables sit in a file in Chief's own layout (see ``storage.serialize``).

    Records are one per line and JSON escapes every line break inside them,
    so a closing brace at the start of a line can only end a table: the
    tables are found by searching the bytes, without decoding or splitting.
    """

    def __init__(self, raw: bytes) -> None:
        if not raw.startswith(_ITEMS_HEAD[:-1]):
            raise ValueError(_("not Chief's layout"))
        # the line break before "},": from the end, past the team and meta lines only (once in the file: see above)
        self.items_end = raw.rfind(_META_HEAD, len(_ITEMS_HEAD) - 2)
        if self.items_end < 0:
            raise ValueError(_("not Chief's layout"))
        meta_start = self.items_end + len(_META_HEAD)
        meta_end = raw.find(_TEAM_HEAD, meta_start)
        if meta_end < 0 or b"\n" in raw[meta_start:meta_end]:
            raise ValueError(_("not Chief's layout"))  # exactly one meta record
        self.meta = raw[meta_start:meta_end].decode("utf-8")
        team = raw[meta_end + len(_TEAM_HEAD) :]
        if team == b"}\n}\n":
            self.team = ""
        elif team.endswith(_END):
            self.team = team[: -len(_END)].decode("utf-8")
        else:
            raise ValueError(_("not Chief's layout"))
        self.meta_span = (meta_start, meta_end)

    def items_empty(self) -> bool:
        return self.items_end == len(_ITEMS_HEAD) - 1


def _insertion(raw: bytes, layout: _Layout, key: str) -> int:
    """Where the line of a new key goes among the item lines: the start of the first greater line.

    A binary search over byte offsets: a new id is nearly always the greatest
    (ids begin with the time), so this is a few comparisons, not a pass.
    """
    low, high = len(_ITEMS_HEAD), layout.items_end + 1  # line starts lie in [low, high)
    while low < high:
        mid = (low + high) // 2
        start = raw.rfind(b"\n", 0, mid) + 1  # the start of the line holding ``mid``
        start = max(start, len(_ITEMS_HEAD))
        end = raw.index(b"\n", start) + 1
        if key_at(raw, start) < key:
            low = end
        else:
            high = start
    return low


def _splice_points(raw: bytes, layout: _Layout, key: str) -> tuple[int, str]:
    """Where a new item's line goes: the end of the bytes kept before it, and how ("first", "last" or "between").

    Everything before that offset is written back unchanged, so its checksum
    serves twice: to know the bytes are ours and, carried on, for the note of
    the new bytes.
    """
    if layout.items_empty():
        return layout.items_end + 1, "first"
    at = _insertion(raw, layout, key)
    if at > layout.items_end:
        return layout.items_end, "last"
    return at, "between"


def _records(block: str) -> dict[str, Any]:
    return json_text.loads("{" + block + "}") if block.strip() else {}


def added_words(kind: str, title: str) -> str:
    """What a capture did, as undo says it: "add item 'TITLE'", "add interrupt 'TITLE'"."""
    return (_("add interrupt '{title}'") if kind == "interrupt" else _("add item '{title}'")).format(title=title)


def capture_change(item: Item) -> Change:
    """A captured item as one step to undo (whichever path saved it): the record it added."""
    from chief.store.sync.merge import ARCHIVE, DELETED, STAMPS
    from chief.store.sync.undo import Change, Touch

    record = {k: v for k, v in item.to_record().items() if k not in (STAMPS, DELETED, ARCHIVE)}  # bookkeeping is the file's
    return Change(added_words(item.kind, item.title), (Touch(ITEMS, item.id, None, record),))


def quick_capture(
    path: str | os.PathLike[str], settings: Settings, text: str | list[str], kind: str = "task"
) -> tuple[Item, Board, list[str]]:
    """Capture one item the quickest safe way: the item, the board to describe it by, and notices.

    Into a file this machine wrote, the record is spliced into its bytes
    (:func:`capture_known_file`); anything else (a file a sync tool brought, a
    conflict copy waiting) goes through the desk's full read-merge-write, whose
    replica may have something to say once (the notices).
    """
    from chief.store.domain.calendar import take_calendar_notices  # a date past the holiday data says so once

    found = capture_known_file(path, settings, text, kind)
    if found is not None:
        item, board = found
        return item, board, take_calendar_notices()
    from chief.store.desk import Desk  # the full store: only when the short path cannot be taken

    desk = Desk(path, settings)
    item, board = desk.capture(text, kind=kind)
    notices = list(desk.replica.notices) + take_calendar_notices()
    desk.replica.notices.clear()
    return item, board, notices


def _is_file(path: str | os.PathLike[str]) -> bool:
    """``Path(path).is_file()``: False for a name that is missing (or a link loop), an error raised for others."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError as err:
        if err.errno not in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP) and getattr(err, "winerror", None) not in (21, 123, 1921):
            raise
        return False
    except ValueError:
        return False


def capture_known_file(
    path: str | os.PathLike[str], settings: Settings, text: str | list[str], kind: str = "task"
) -> tuple[Item, Board] | None:
    """Add a captured item to ``path`` by splicing, or None when the full path must do it.

    Raises QuickAddError, NotFound or CommandError for text that cannot be
    captured, exactly as the full path would, before anything is written.
    ``path`` may be text (``chief add`` gives ``paths.data_file_text``): nothing here needs pathlib.
    """
    from chief.store.datafile import fingerprints
    from chief.store.sync.hlc import HybridClock, device_id
    from chief.store.datafile.conflict_copies import find_copies
    from chief.store.domain.ids import new_id
    from chief.store.datafile.lock import LockBusy, LockFailed, hold
    from chief.store.sync.merge import DEFAULT, STAMPS
    from chief.store.datafile.storage import (Replaced, Signature, SaveError, keep_backup, lock_path_text, read_regular, record_line,
                               remove_stale_temp_files,
                               write_atomic)

    now = wallclock.plain_now()
    capture = parse(text, settings, now)  # a bad line is refused before the file is touched
    if capture.due is not None:
        now = wallclock.in_zone(now)  # a due time is placed and said in the local zone (a named one: the stdlib's)
    if not _is_file(path):
        return None
    try:
        with hold(lock_path_text(path), 15):
            found = read_regular(path)  # a regular file of sane size, or one line saying what it is
            if found is None:
                return None
            raw, signature = found[0], Signature.from_stat(found[1])
            if not (signature.mode & stat.S_IRUSR and signature.mode & stat.S_IWUSR):
                return None  # a file its owner locked: the full path says so in its words
            try:
                layout = _Layout(raw)  # only searched, not trusted, until the checksum says these are our bytes
                item_id = new_id()
                head_end, inserted = _splice_points(raw, layout, item_id)
            except ValueError:
                return None  # not Chief's layout: not bytes we wrote either
            view = memoryview(raw)
            head = zlib.crc32(view[:head_end])  # the bytes kept as they are, checked and noted in one pass
            if not fingerprints.is_known(path, raw, crc=zlib.crc32(view[head_end:], head)):
                return None
            try:
                meta = json_text.loads("{" + layout.meta + "}")["chief"]
                team = _records(layout.team)
            except (ValueError, KeyError, TypeError):
                return None  # trusted bytes in another layout cannot happen; the full path decides
            if not isinstance(meta, dict) or meta.get("schema") != SCHEMA:
                return None
            if find_copies(path, meta.get("database_id"))[0]:
                return None  # a conflict copy to absorb: the full path merges it
            remove_stale_temp_files(path)
            board = Board({TEAM: team, META: {"chief": meta}}, settings, now)
            record = new_item_record(capture, kind, board, settings, wallclock.utc_stamp(now))
            clock = HybridClock(device_id())
            clock.observe(meta.get("clock"))
            record[STAMPS] = {DEFAULT: clock.now()}
            mark = clock.now()
            meta = {**meta, "clock": mark, "devices": {**(meta.get("devices") or {}), clock.device: mark}}

            line = record_line(item_id, record).encode("utf-8")
            meta_start, meta_end = layout.meta_span
            if inserted == "first":
                after = [line]
            elif inserted == "last":  # after the last line, which has no comma yet
                after = [b",\n", line]
            else:
                after = [line, b",\n", view[head_end : layout.items_end]]
            after += [view[layout.items_end : meta_start], record_line("chief", meta).encode("utf-8"), view[meta_end:]]
            crc, size = head, head_end
            for piece in after:
                crc, size = zlib.crc32(piece, crc), size + len(piece)
            data = [view[:head_end], *after]  # written piece by piece: the file's bytes are never copied
            keep_backup(path, good=signature)  # bytes known ours: the backup needs no reading to be known good
            write_atomic(path, data, expect=signature)
            fingerprints.remember_written(path, size, crc)
    except Replaced:
        return None  # a sync tool's rename landed meanwhile: the full path merges it
    except LockBusy:
        raise SaveError(_('{path} is locked by another Chief process (waited 15 s)').format(path=path)) from None
    except (LockFailed, PermissionError):
        return None  # no lock file can be made beside it: the full path says why, in the user's words
    shown = Board({ITEMS: {item_id: record}, TEAM: team, META: {"chief": meta}}, settings, now)
    return shown.item(item_id), shown


__all__ = ["CommandError", "capture_known_file", "new_item_record", "resolve_member"]
