"""Undo and redo for every command, field by field.

A change remembers each record it touched as it was before and after. Undo
puts back only the fields the command changed, so an edit made meanwhile by
another process to other fields of the same record survives the undo.

The command line's history outlives each ``chief`` process: :class:`SavedHistory`
keeps it per data file in this machine's state folder, and an undo from there
first checks (:func:`check_replay`) that the fields it sets back still hold what
the command left, since anything may have happened in between.
"""

from __future__ import annotations

import os
from chief.store import json_text
from chief.store.structs import struct

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from types import TracebackType
    from typing import Any, Iterable
    Record = dict[str, Any]


@struct(frozen=True)
class Touch:
    """One record as a command found it and left it (None: not there)."""

    table: str
    id: str
    before: Record | None  # None: the command created it
    after: Record | None  # None: the command removed it

    def reversed(self) -> "Touch":
        return Touch(self.table, self.id, self.after, self.before)

    def changed_fields(self) -> set[str]:
        before, after = self.before or {}, self.after or {}
        return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@struct(frozen=True)
class Change:
    """What one command did, in words and in records."""

    description: str
    touches: tuple[Touch, ...]

    def reversed(self) -> "Change":
        return Change(self.description, tuple(t.reversed() for t in reversed(self.touches)))


class History:
    """The undo and redo stacks of one session (one process)."""

    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    def record(self, change: Change) -> None:
        if not change.touches:
            return
        self._undo.append(change)
        del self._undo[: -self.limit]
        self._redo.clear()

    def recorded(self) -> list[Change]:
        """The steps that can be undone, oldest first."""
        return list(self._undo)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def pop_undo(self) -> Change | None:
        return self._undo.pop() if self._undo else None

    def pop_redo(self) -> Change | None:
        return self._redo.pop() if self._redo else None

    def push_undone(self, change: Change) -> None:
        self._redo.append(change)

    def push_redone(self, change: Change) -> None:
        self._undo.append(change)

    # kept between runs ------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {"undo": [change_json(c) for c in self._undo], "redo": [change_json(c) for c in self._redo]}

    @classmethod
    def from_json(cls, found: Any, limit: int = 500) -> "History":
        """The stacks as :meth:`to_json` wrote them; what cannot be read is left out (it only costs an undo)."""
        history = cls(limit)
        if isinstance(found, dict):
            history._undo = _changes(found.get("undo"))[-limit:]
            history._redo = _changes(found.get("redo"))[-limit:]
        return history


def change_json(change: Change) -> dict[str, Any]:
    return {"description": change.description,
            "touches": [{"table": t.table, "id": t.id, "before": t.before, "after": t.after} for t in change.touches]}


def _changes(found: Any) -> list[Change]:
    changes = []
    for entry in found if isinstance(found, list) else []:
        try:
            touches = tuple(Touch(str(t["table"]), str(t["id"]), _record(t["before"]), _record(t["after"])) for t in entry["touches"])
            changes.append(Change(str(entry["description"]), touches))
        except (KeyError, TypeError, ValueError):
            continue
    return changes


def _record(found: Any) -> Record | None:
    if found is None or isinstance(found, dict):
        return found
    raise ValueError("not a record")


class Conflict(ValueError):
    """A field an undo (or redo) would set back was changed since, or the record came or went: nothing is written."""

    def __init__(self, touch: Touch, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.touch = touch
        self.fields = fields


def check_replay(touch: Touch, current: Record | None, ignore: frozenset[str] = frozenset({"updated"}),
                 nested: frozenset[str] = frozenset()) -> None:
    """Raise :class:`Conflict` unless the record still holds what ``touch`` expects before it is replayed.

    Field by field: only the fields the command changed are compared, so an
    edit made meanwhile to other fields does not stand in the way (and survives).
    A ``nested`` field (the steps: a map of records) is compared entry by entry
    and field by field in the same way, as the replay sets them back
    (:func:`chief.store.sync.merge.replay_nested`).
    """
    if (touch.before is None) != (current is None):
        raise Conflict(touch, [])
    if current is None or touch.before is None:
        return
    before, after = touch.before, touch.after

    def differs(name: str) -> bool:
        if name in nested and after is not None:
            return _nested_differs(current.get(name), before.get(name), after.get(name))
        return current.get(name) != before.get(name)

    fields = before.keys() if after is None else touch.changed_fields()  # a removal takes every field with it
    changed = sorted(name for name in set(fields) - ignore if differs(name))
    if changed:
        raise Conflict(touch, changed)


def _nested_differs(current: Any, before: Any, after: Any) -> bool:
    """Whether an entry the command changed (in a map of records) no longer holds, in a field it changed, what it left."""
    from chief.store.sync.merge import nested_changes

    current = current if isinstance(current, dict) else {}
    for key, (old, new, names) in nested_changes(before, after).items():
        now = current.get(key) if isinstance(current.get(key), dict) else None
        if old is None or new is None or now is None:  # made or removed by the command: all of it, or none of it
            if now != old:
                return True
        elif any(now.get(name) != old.get(name) for name in names):
            return True
    return False


class SavedHistory:
    """This machine's command-line undo and redo, per data file, kept in the local state folder between runs.

    Each ``chief`` command is its own process: what it did is appended here so
    that ``chief undo`` (a later process) can take it back. The folder is per
    machine and never synced, so "the last command" is this machine's. The
    file holds titles and notes: it is private, like the data file. A file
    that cannot be read or written costs the undo, never the command.

    One file a data file (``cli-history/<checksum of its path>.jsonl``), one
    JSON line a step: the path it belongs to first, then ``{"do": change}`` for
    each step made and ``{"redo": change}`` for each step undone. A command
    only appends its line (:meth:`remember`), so its cost does not grow with
    the history or with the other data files'. Read in order, the lines give
    the stacks as :class:`History` keeps them (a new step empties the redo
    stack); ``chief undo`` and ``redo`` (:meth:`save`) write the file again
    with only what is kept, as does an append that takes it past
    :data:`TRIM_BYTES`.
    """

    FOLDER = "cli-history"
    SUFFIX = ".jsonl"
    LOCK = ".cli-history.lock"
    OLD = "cli-history.json"  # the one file of every data file's history before: no longer read
    KEEP_CHANGES = 100  # commands remembered per data file
    TRIM_BYTES = 4 << 20  # an append past this writes the file again, trimmed to KEEP_CHANGES and half this size

    def __init__(self, data_file: str | os.PathLike[str], folder: str | os.PathLike[str] | None = None) -> None:
        from chief.store.datafile import notes, paths

        self.key = str(data_file)
        self.folder = os.fspath(folder) if folder is not None else paths.state_dir_text()  # text: no pathlib for a capture
        self.path = notes.per_data_file(os.path.join(self.folder, self.FOLDER), self.key, self.SUFFIX)

    def locked(self) -> _Locked:
        """Hold the history's lock for a ``with`` block: two commands ending at once must not lose each other's step."""
        return _Locked(self)

    def _header(self) -> str:
        return json_text.dumps({"file": self.key}) + "\n"  # dumps escapes all: a path that is not UTF-8 is a key too

    def load(self) -> History:
        history = History(self.KEEP_CHANGES)
        try:
            with open(self.path, "rb") as handle:
                lines = handle.read().split(b"\n")
        except OSError:
            return history
        if _json_line(lines[0]) != {"file": self.key}:
            return history  # another data file's, by a checksum that happens to match: not ours to read
        for line in lines[1:]:
            entry = _json_line(line)
            if not isinstance(entry, dict):
                continue  # a line cut short or damaged costs only its step
            if "do" in entry:
                for change in _changes([entry["do"]]):
                    history.record(change)
            elif "redo" in entry:
                history._redo.extend(_changes([entry["redo"]]))
        del history._redo[: -self.KEEP_CHANGES]
        return history

    def save(self, history: History) -> None:
        """Write the history again, with only what is kept."""
        from chief.store.datafile import notes

        lines = [json_text.dumps({"do": change_json(c)}) + "\n" for c in history._undo[-self.KEEP_CHANGES:]]
        lines += [json_text.dumps({"redo": change_json(c)}) + "\n" for c in history._redo[-self.KEEP_CHANGES:]]
        while len(lines) > 1 and sum(map(len, lines)) > self.TRIM_BYTES // 2:
            del lines[0]  # steps of huge records: fewer of them, so that appends stay appends
        try:
            notes.replace_note(self.path, self._header() + "".join(lines))
            notes.remove(os.path.join(self.folder, self.OLD))
        except (OSError, ValueError):
            pass

    def remember(self, changes: Iterable[Change]) -> None:
        """Add what a command did (a new step makes the redo stack empty, as in any editor): one line appended."""
        changes = [c for c in changes if c.touches]
        if not changes:
            return
        text = "".join(json_text.dumps({"do": change_json(c)}) + "\n" for c in changes)
        with self.locked():
            try:
                size = self._append(text)
            except (OSError, ValueError):
                return
            if size > self.TRIM_BYTES:
                self.save(self.load())

    def _append(self, text: str) -> int:
        """Append ``text`` to this data file's history; the file's size after.

        A file that does not start with this data file's path (new, damaged,
        or another path's by a matching checksum) is started again with it.
        """
        from chief.store.datafile import notes, platform_io

        header = self._header().encode("utf-8")
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.lseek(fd, 0, os.SEEK_SET)  # to read whose it is; O_APPEND still writes at the end
            if os.read(fd, len(header)) == header:
                os.lseek(fd, -1, os.SEEK_END)
                if os.read(fd, 1) != b"\n":
                    text = "\n" + text  # a line cut short (a crash while appending) stays a line of its own
                platform_io.write_all(fd, text.encode("utf-8"))
                return os.fstat(fd).st_size
        finally:
            os.close(fd)
        notes.replace_note(self.path, self._header() + text)
        notes.keep_newest(self.path, self.SUFFIX)
        return len(header) + len(text.encode("utf-8"))


class _Locked:
    """:meth:`SavedHistory.locked`: the lock if it can be had, else the block without it; errors pass through."""

    def __init__(self, history: SavedHistory) -> None:
        self.history = history
        self.lock: Any = None

    def __enter__(self) -> None:
        from chief.store.datafile.lock import LockBusy, hold

        history = self.history
        try:
            os.makedirs(os.path.dirname(history.path), mode=0o700, exist_ok=True)
            lock = hold(os.path.join(history.folder, history.LOCK), 5)
            lock.__enter__()
            self.lock = lock
        except (OSError, LockBusy):
            pass  # without the lock: at worst a step is lost to undo (a replay checks before it writes)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.__exit__(kind, error, trace)


def _json_line(line: bytes) -> Any:
    try:
        return json_text.loads(line)
    except ValueError:
        return None
