"""Capture: a new item's record, and the short path that adds it to a file we wrote.

``chief add`` runs from scripts and other shells all day, so it must not pay
for parsing the whole file. A new item is an insert under a fresh id: nothing
in the file can conflict with it. When the file's bytes are exactly the bytes
Chief last wrote (checked by size and checksum, see ``chief.store.datafile.fingerprints``), they are
known to be a valid database in Chief's own layout, one record per line, and
the capture is a splice: the new item's line goes into the items table, the
meta line gets the new clock mark, and the file is replaced atomically as
always. The bytes are read in chunks as they are copied (``_OldFile``; the
whole file is read only when the new line does not go last, or the meta and
team lines are longer than 64 KB), and the copy takes the file's place only
once their checksum matched the note. In every other case (a file changed by a sync tool or a hand, a
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
    from typing import Any, Iterator
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


class _NotOurs(ValueError):
    """The file is not (or is no longer) bytes this machine wrote in Chief's layout: the full path reads it."""


class _OldFile:
    """The file a capture splices into, read only where it must be: its last lines whole, the rest in chunks.

    The short path copies the file's bytes into the new one unchanged. Read in
    one piece, a 6 MB file (10,000 items) cost a fresh process some 3 ms of
    page faults on top of the copy; read in chunks into one buffer, the same
    memory is used again for every chunk. Reads go through a file object
    (``seek`` and ``readinto``: ``os.pread`` is not on every system), and a
    file that is shorter than its status said raises ``_NotOurs``.
    """

    CHUNK = 256 * 1024  # a chunk stays in the processor's cache between its read, its checksum and its write
    TAIL = 64 * 1024  # the meta and team lines, and the last item's, for nearly any file

    def __init__(self, fd: int, size: int) -> None:
        self.size = size
        self._file = open(fd, "rb", buffering=0)  # owns ``fd``: closed by close(), at the latest by the caller
        self._buffer: memoryview | None = None
        self.tail_start, self.tail = size, bytearray()

    def close(self) -> None:
        """Let the file go (again is fine): Windows refuses to rename over a file open in this process."""
        self._file.close()

    def fileno(self) -> int | None:
        """The open file's descriptor; None once closed."""
        return None if self._file.closed else self._file.fileno()

    def read_tail(self, length: int) -> None:
        """Hold the last ``length`` bytes (all of them if fewer) in memory."""
        start = max(0, self.size - length)
        self.tail = bytearray(self.size - start)
        self._read(start, len(self.tail), memoryview(self.tail))
        self.tail_start = start

    def starts_with(self, prefix: bytes) -> bool:
        if self.size < len(prefix):
            return False
        return self._read(0, len(prefix), memoryview(bytearray(len(prefix)))) == prefix

    def _read(self, start: int, count: int, into: memoryview) -> memoryview:
        try:
            self._file.seek(start)
            got = 0
            while got < count:
                n = self._file.readinto(into[got:count])
                if not n:
                    raise _NotOurs("shorter than its status said")
                got += n
        except OSError as err:
            raise _NotOurs(str(err)) from None
        return into[:count]

    def chunks(self, start: int, end: int) -> Iterator[memoryview]:
        """The bytes from ``start`` to ``end``: views of the tail where it holds them, else chunks in one buffer.

        A chunk is only good until the next is asked for (it is the same buffer).
        """
        if start >= self.tail_start:
            if end > start:
                yield memoryview(self.tail)[start - self.tail_start : end - self.tail_start]
            return
        if self._buffer is None:
            self._buffer = memoryview(bytearray(self.CHUNK))
        middle = min(end, self.tail_start)
        while start < middle:
            count = min(self.CHUNK, middle - start)
            yield self._read(start, count, self._buffer)
            start += count
        if end > middle:
            yield from self.chunks(middle, end)

    def crc(self, start: int, end: int, crc: int = 0) -> int:
        """``zlib.crc32`` of the bytes from ``start`` to ``end``, carried on from ``crc``."""
        for chunk in self.chunks(start, end):
            crc = zlib.crc32(chunk, crc)
        return crc


class _Layout:
    """Where the tables sit in a file in Chief's own layout (see ``storage.serialize``), found from its tail.

    Records are one per line and JSON escapes every line break inside them,
    so a closing brace at the start of a line can only end a table: the
    tables are found by searching the bytes, without decoding or splitting.
    All offsets are the file's. ``Short`` asks for a longer tail.
    """

    class Short(Exception):
        """The tail held in memory does not reach back far enough."""

    def __init__(self, old: _OldFile) -> None:
        tail, at = old.tail, old.tail_start
        # the line break before "},": from the end, past the team and meta lines only (once in the file: see above)
        found = tail.rfind(_META_HEAD, max(len(_ITEMS_HEAD) - 2 - at, 0))
        if found < 0:
            raise self.Short if at else _NotOurs(_("not Chief's layout"))
        self.items_end = at + found
        meta_start = self.items_end + len(_META_HEAD)
        meta_end = tail.find(_TEAM_HEAD, meta_start - at) + at
        if meta_end < at or b"\n" in tail[meta_start - at : meta_end - at]:
            raise _NotOurs(_("not Chief's layout"))  # exactly one meta record
        self.meta = tail[meta_start - at : meta_end - at].decode("utf-8")
        team = tail[meta_end - at + len(_TEAM_HEAD) :]
        if team == b"}\n}\n":
            self.team = ""
        elif team.endswith(_END):
            self.team = team[: -len(_END)].decode("utf-8")
        else:
            raise _NotOurs(_("not Chief's layout"))
        self.meta_span = (meta_start, meta_end)

    def items_empty(self) -> bool:
        return self.items_end == len(_ITEMS_HEAD) - 1


def _layout(old: _OldFile) -> _Layout:
    """The layout, from a tail long enough to hold the meta and team lines (the whole file if it must)."""
    old.read_tail(_OldFile.TAIL)
    try:
        return _Layout(old)
    except _Layout.Short:
        old.read_tail(old.size)
        return _Layout(old)


def _insertion(raw: bytes, layout: _Layout, key: str) -> int:
    """Where the line of a new key goes among the item lines: the start of the first greater line.

    A binary search over byte offsets of the whole file (``raw``), for a key
    that is not the greatest: a new id nearly always is (ids begin with the time).
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


def _splice_points(old: _OldFile, layout: _Layout, key: str) -> tuple[int, str]:
    """Where a new item's line goes: the end of the bytes kept before it, and how ("first", "last" or "between").

    Everything before that offset is written back unchanged, so its checksum
    serves twice: to know the bytes are ours and, carried on, for the note of
    the new bytes. The last item's line is looked at in the tail; only a key
    that sorts before it makes the whole file read, to search.
    """
    if layout.items_empty():
        return layout.items_end + 1, "first"
    end = layout.items_end - old.tail_start
    if end > 0:
        start = old.tail.rfind(b"\n", 0, end) + 1  # the last item line's start
        if (start > 0 or old.tail_start == 0) and key_at(old.tail, start) < key:
            return layout.items_end, "last"
    if old.tail_start:
        seen, seen_at = old.tail, old.tail_start
        old.read_tail(old.size)
        if old.tail[seen_at:] != seen:  # the layout was found in those bytes: they must be the ones checked
            raise _NotOurs("changed while it was read")
    at = _insertion(old.tail, layout, key)
    if at > layout.items_end:
        return layout.items_end, "last"
    return at, "between"


class _Copy:
    """The new file's pieces, the old file's checksum worked out as its bytes go by.

    The bytes kept before the new line are read once: their checksum is both
    the start of the old file's (:meth:`old_crc`, checked against the note by the
    capture's ``ready`` hook, before the copy is flushed or renamed) and of the
    new file's (noted after).
    """

    def __init__(self, old: _OldFile, head_end: int, after: list[bytes | tuple[int, int]]) -> None:
        self._old, self._head_end, self._after = old, head_end, after
        self.head_crc = self.crc = 0
        self.size = head_end + sum(piece[1] - piece[0] if isinstance(piece, tuple) else len(piece) for piece in after)

    def __iter__(self) -> Iterator[memoryview | bytes]:
        crc = 0
        for chunk in self._old.chunks(0, self._head_end):
            crc = zlib.crc32(chunk, crc)
            yield chunk
        self.head_crc = crc
        for piece in self._after:
            for chunk in self._old.chunks(*piece) if isinstance(piece, tuple) else (piece,):
                crc = zlib.crc32(chunk, crc)
                yield chunk
        self.crc = crc

    def old_crc(self) -> int:
        """The old file's checksum: the bytes kept (already summed), then the rest of it."""
        return self._old.crc(self._head_end, self._old.size, self.head_crc)


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
    path: str | os.PathLike[str], settings: Settings, text: str | list[str], kind: str = "task", *, later: bool = False
) -> tuple[Item, Board, list[str]]:
    """Capture one item the quickest safe way: the item, the board to describe it by, and notices.

    Into a file this machine wrote, the record is spliced into its bytes
    (:func:`capture_known_file`); anything else (a file a sync tool brought, a
    conflict copy waiting) goes through the desk's full read-merge-write, whose
    replica may have something to say once (the notices).
    """
    from chief.store.domain.calendar import take_calendar_notices  # a date past the holiday data says so once

    found = capture_known_file(path, settings, text, kind, later=later)
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


class _Splice:
    """A captured item's line, ready to go into the file ``old`` holds open, and the writing of it.

    Made by :func:`_prepare_splice` under the lock; written by :meth:`write`, in
    this process or (``chief add``) in a child it hands the lock to (:func:`_write_later`).
    """

    def __init__(self, path: str, old: _OldFile, signature: Any, layout: _Layout, head_end: int, inserted: str,
                 item_id: str, record: dict[str, Any], team: dict[str, Any], meta: dict[str, Any]) -> None:
        from chief.store.datafile.storage import record_line

        self.path, self.old, self.signature, self.layout = path, old, signature, layout
        self.head_end, self.inserted = head_end, inserted
        self.item_id, self.record, self.team, self.meta = item_id, record, team, meta
        self.line = record_line(item_id, record).encode("utf-8")
        self.meta_line = record_line("chief", meta).encode("utf-8")

    def ours(self) -> bool:
        return _ours(self.path, self.old)

    def size(self) -> int:
        """The new file's size."""
        meta_start, meta_end = self.layout.meta_span
        return self.old.size + len(self.line) + (len(b",\n") if self.inserted != "first" else 0) \
            - (meta_end - meta_start) + len(self.meta_line)

    def write(self) -> None:
        """Replace the file with the old bytes and the new line: atomically, checked as it is copied, noted.

        Raises ``_NotOurs`` (copied bytes that were not this machine's: the copy is thrown
        away), ``Replaced`` (another file took the name) or ``SaveError``.
        """
        from chief.store.datafile import fingerprints
        from chief.store.datafile.storage import Replaced, Signature, keep_backup, remove_stale_temp_files, write_atomic

        path, old, layout = self.path, self.old, self.layout
        remove_stale_temp_files(path)
        meta_start, meta_end = layout.meta_span
        after: list[bytes | tuple[int, int]]
        if self.inserted == "first":
            after = [self.line]
        elif self.inserted == "last":  # after the last line, which has no comma yet
            after = [b",\n", self.line]
        else:
            after = [self.line, b",\n", (self.head_end, layout.items_end)]
        after += [(layout.items_end, meta_start), self.meta_line, (meta_end, old.size)]
        copy = _Copy(old, self.head_end, after)

        def checked() -> None:
            if not fingerprints.is_known_sum(path, old.size, copy.old_crc()):
                raise _NotOurs("not the bytes this machine wrote")
            if Signature.of(path) != self.signature:  # the name holds another file (or this one grew) now:
                raise Replaced("replaced while Chief copied it")  # no backup of bytes nobody checked
            old.close()  # checked: nothing more is read, and Windows cannot rename over a file we hold open
            keep_backup(path, good=self.signature)  # bytes known ours: the backup needs no reading to be known good

        written = write_atomic(path, copy, expect=self.signature, ready=checked)
        fingerprints.remember_written(path, copy.size, copy.crc, written)


def _prepare_splice(
    path: str, old: _OldFile, st: os.stat_result, settings: Settings, capture: Capture, kind: str, now: Any
) -> _Splice | None:
    """The captured item's line and where it goes in the file ``old`` holds open, or None: the full path must do it.

    Nothing here is trusted until the old bytes' checksum matches the note of
    what this machine last wrote. That checksum is worked out while the bytes
    are copied into the new file (read once, in chunks), and compared before
    the copy is flushed or renamed: bytes that are not ours only cost a copy
    that is thrown away (``_NotOurs``), and the full path reads them. An error
    in the captured text that depends on the file (a member not in its team) is
    said only once the bytes are checked, so it is said of the file as it is.
    """
    from chief.store.datafile import fingerprints
    from chief.store.datafile.conflict_copies import find_copies
    from chief.store.datafile.storage import Signature
    from chief.store.domain.ids import new_id
    from chief.store.sync.hlc import HybridClock, device_id
    from chief.store.sync.merge import DEFAULT, STAMPS

    signature = Signature.from_stat(st)
    if not (signature.mode & stat.S_IRUSR and signature.mode & stat.S_IWUSR):
        return None  # a file its owner locked: the full path says so in its words
    if fingerprints.noted_size(path) != st.st_size:
        return None  # the note's size alone says these are not our bytes: no copy to throw away
    try:
        if not old.starts_with(_ITEMS_HEAD[:-1]):
            return None  # not Chief's layout: not bytes we wrote either
        layout = _layout(old)  # only searched, not trusted, until the checksum says these are our bytes
        item_id = new_id()
        head_end, inserted = _splice_points(old, layout, item_id)
        meta = json_text.loads("{" + layout.meta + "}")["chief"]
        team = _records(layout.team)
    except (ValueError, KeyError, TypeError, RecursionError):
        return None  # not Chief's layout (trusted bytes in another cannot happen): the full path decides
    if not isinstance(meta, dict) or meta.get("schema") != SCHEMA:
        return None

    try:
        if find_copies(path, meta.get("database_id"))[0]:
            return None  # a conflict copy to absorb: the full path merges it
        board = Board({TEAM: team, META: {"chief": meta}}, settings, now)
        record = new_item_record(capture, kind, board, settings, wallclock.utc_stamp(now))
        clock = HybridClock(device_id())
        clock.observe(meta.get("clock"))
        record[STAMPS] = {DEFAULT: clock.now()}
        mark = clock.now()
        meta = {**meta, "clock": mark, "devices": {**(meta.get("devices") or {}), clock.device: mark}}
        return _Splice(path, old, signature, layout, head_end, inserted, item_id, record, team, meta)
    except Exception:
        # said only of bytes known ours (an unknown member, say); of others (a team edited by hand,
        # a value a peer damaged) the full path reads the whole file and decides
        if _ours(path, old):
            raise
        return None


def _ours(path: str, old: _OldFile) -> bool:
    """Whether the old file's bytes are the ones this machine last wrote (read whole, in chunks)."""
    from chief.store.datafile import fingerprints

    return fingerprints.is_known_sum(path, old.size, old.crc(0, old.size))


def _room_to_write(path: str, size: int) -> bool:
    """Whether writing a file of ``size`` bytes beside ``path`` should not fail for want of room or rights.

    Asked before a capture answers and leaves the writing to a child (:func:`_write_later`):
    a full disk, a file size limit (``ulimit -f``) or a folder without write rights are
    then found here, and the capture writes the file itself and says why it cannot.
    """
    folder = os.path.dirname(path) or "."
    try:
        room = os.statvfs(folder)
        if room.f_bavail * room.f_frsize < size + (1 << 20) or not os.access(folder, os.W_OK | os.X_OK):
            return False
    except (OSError, AttributeError):
        return False
    try:
        import resource
    except ImportError:
        return True
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return limit == resource.RLIM_INFINITY or limit >= size


_YES = frozenset({"1", "true", "yes", "on"})
_NO = frozenset({"0", "false", "no", "off"})
# a first process whose end is the job's end: a container's shell or init shim (a host's init, a long-lived
# container's supervisor or agent is not one of them)
_JOB_ENDERS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox",
                         "tini", "docker-init", "dumb-init", "catatonit"})


def _child_outlives_us() -> bool:
    """Whether a child left writing the file survives this process's end and its caller's.

    Not where the end of the job ends every process in it, with the state folder (and so the
    journal) often thrown away too: when this process is the first of its PID namespace (a
    container's command) or its parent is (a container's ``sh -c``; on a host, init runs it as a
    service), when that first process is a shell or an init shim (a container that ends with its
    script, however deep the capture runs in it), or when a systemd unit runs it (``INVOCATION_ID``:
    the unit's end kills what is left in its group). ``CHIEF_CAPTURE_WAIT=1`` asks for the same
    anywhere (a CI job's last step), as ``chief add --wait`` does for one capture;
    ``CHIEF_CAPTURE_WAIT=0`` answers first even in those places (a long-lived container whose
    first process is a shell, a shell inside a systemd unit that runs all day).
    """
    asked = os.environ.get("CHIEF_CAPTURE_WAIT", "").strip().lower()
    if asked in _YES:
        return False
    if asked in _NO:
        return True
    if "INVOCATION_ID" in os.environ or os.getpid() == 1 or os.getppid() == 1:
        return False
    return _first_process_name() not in _JOB_ENDERS


def _first_process_name() -> str:
    """The name of process 1 as this process's namespace sees it (Linux); empty where it cannot be read."""
    try:
        with open("/proc/1/comm", "rb") as comm:
            return comm.read(64).decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _write_later(splice: _Splice, lock: Any, settings: Settings) -> bool:
    """Answer now, write the file in a moment: the record durable in the journal, then a child writes it.

    The capture's record goes to this machine's journal first (store/datafile/journal.py:
    appended and fsynced), so it is safe once this returns True. The file is then written
    by a forked child that inherits the lock (nobody reads the file in between: the next
    command waits for the child, then finds the item in the file), detached from the
    terminal, saying nothing; it removes the journal's line once the file holds it. If
    the child cannot write the file, the line stays and the next Chief command or the
    dashboard on this machine merges it, as it merges any journal. False (nothing
    journaled, nothing forked) when it cannot be done that way: the caller writes now.
    """
    from chief.store.datafile import fingerprints, journal

    if not hasattr(os, "fork") or not _child_outlives_us() or not _room_to_write(splice.path, splice.size()):
        return False
    # the very file this machine wrote (its note names its inode, time and size), or else bytes checked whole;
    # either way the child's copy checks them again as it goes
    if not (fingerprints.still_as_written(splice.path, splice.signature) or splice.ours()):
        raise _NotOurs("not the bytes this machine wrote")  # the full path reads them, before anything is said
    try:
        start, length = journal.append(splice.path, splice.meta.get("database_id"), {ITEMS: {splice.item_id: splice.record}})
    except (OSError, TypeError, ValueError):
        return False
    try:
        detached, told = os.pipe()  # closed by the child once it has left the caller's session: see below
    except OSError:
        journal.take_back(splice.path, start, length)
        return False
    try:
        child = os.fork()
    except OSError:
        os.close(detached)
        os.close(told)
        journal.take_back(splice.path, start, length)
        return False
    if child:
        # answer only once the child is out of the caller's process group and session: a kill of the whole
        # group as the capture returns (a Ctrl-C, a job's end) must not find it there (some 0.1 ms)
        os.close(told)
        while os.read(detached, 1):
            pass
        os.close(detached)
        return lock.hand_over()  # the child holds the lock now (True on every system with fork)
    os.close(detached)
    _write_in_child(splice, settings, start, length, {lock.fileno(), splice.old.fileno()}, told)  # never returns
    return False  # not reached


def _detach(keep: set[int | None]) -> None:
    """Leave the caller's session and let go of every descriptor inherited from it but ``keep``.

    Its own session: a Ctrl-C or a closed terminal in the shell does not stop the write. Its
    stdin, stdout, stderr become /dev/null and any other inherited descriptor is closed, so
    whoever waits for the caller's pipes to close (``$(chief add ...)``, a script's ``3>``
    redirection, a CI runner) does not wait for the child. ``main`` has made sure that the
    descriptors kept (the lock, the old file) are not among 0-2, but they are spared even so.
    """
    os.setsid()
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        if fd not in keep:
            os.dup2(quiet, fd)
    for fd in _open_descriptors():
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass  # the listing's own, closed already


def _open_descriptors() -> list[int]:
    """This process's open descriptors, listed by the system (Linux, the BSDs, macOS).

    Listed, not every number below the limit closed: where ``os.closerange`` has no
    ``close_range`` call (kernels before 5.9, some containers' filters) it closes them one by
    one, and a container's limit of a million or a billion descriptors would hold the lock for
    seconds or minutes. Where nothing lists them, the numbers up to 4,096.
    """
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return [int(name) for name in os.listdir(folder) if name.isdigit()]
        except OSError:
            continue
    return list(range(4096))


def _write_in_child(splice: _Splice, settings: Settings, start: int, length: int, keep: set[int | None],
                    told: int) -> None:
    """The forked child: write the file, take the journal's line back, end (see :func:`_write_later`).

    It holds the lock (a descriptor in ``keep``) from the fork to its end (the lock is let go as the process ends).
    Its end of the pipe ``told`` is closed once it has detached, which lets the capture answer.
    """
    from chief.store.datafile import journal

    try:
        try:
            _detach(keep)  # closes ``told`` with the other descriptors it inherited
        except (OSError, ValueError):
            pass
        try:
            os.close(told)  # (had detaching failed before it got there)
        except OSError:
            pass
        try:
            splice.write()
        except Exception:  # another file at the name, bytes not ours after all, a disk error: the full way merges the line
            splice.old.close()
            from chief.store.desk import Desk

            Desk(splice.path, settings).replica.apply(lambda tx: None, locked=True)  # the lock is still ours
        else:
            journal.take_back(splice.path, start, length)
    finally:
        os._exit(0)


def capture_known_file(
    path: str | os.PathLike[str], settings: Settings, text: str | list[str], kind: str = "task", *, later: bool = False
) -> tuple[Item, Board] | None:
    """Add a captured item to ``path`` by splicing, or None when the full path must do it.

    ``later`` (a ``chief add`` process, never an in-process call): answer once the record is
    durable in the journal and let a child write the file (:func:`_write_later`).

    Raises QuickAddError, NotFound or CommandError for text that cannot be
    captured, exactly as the full path would, before anything is written.
    ``path`` may be text (``chief add`` gives ``paths.data_file_text``): nothing here needs pathlib.
    """
    from chief.store.datafile import journal
    from chief.store.datafile.lock import LockBusy, LockFailed, hold
    from chief.store.datafile.storage import Replaced, SaveError, lock_path_text, open_regular

    now = wallclock.plain_now()
    capture = parse(text, settings, now)  # a bad line is refused before the file is touched
    if capture.due is not None:
        now = wallclock.in_zone(now)  # a due time is placed and said in the local zone (a named one: the stdlib's)
    if not _is_file(path):
        return None
    try:
        with hold(lock_path_text(path), 15) as lock:
            if journal.waiting(path):
                return None  # changes a dashboard or a capture left to merge first: the full path merges them
            found = open_regular(path)  # a regular file of sane size, or one line saying what it is
            if found is None:
                return None
            fd, st = found
            try:
                old = _OldFile(fd, st.st_size)
            except BaseException:
                os.close(fd)
                raise
            try:
                splice = _prepare_splice(path, old, st, settings, capture, kind, now)
                if splice is None:
                    return None
                if not (later and _write_later(splice, lock, settings)):
                    splice.write()
            finally:
                old.close()
            item_id, record, team, meta = splice.item_id, splice.record, splice.team, splice.meta
    except (Replaced, _NotOurs):
        return None  # a sync tool's rename landed meanwhile, or the bytes were not ours: the full path reads it
    except LockBusy:
        raise SaveError(_('{path} is locked by another Chief process (waited 15 s)').format(path=path)) from None
    except (LockFailed, PermissionError):
        return None  # no lock file can be made beside it: the full path says why, in the user's words
    shown = Board({ITEMS: {item_id: record}, TEAM: team, META: {"chief": meta}}, settings, now)
    return shown.item(item_id), shown


__all__ = ["CommandError", "capture_known_file", "new_item_record", "resolve_member"]
