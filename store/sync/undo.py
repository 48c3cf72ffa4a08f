"""Undo and redo for every command, field by field.

A change remembers each record it touched as it was before and after. Undo
puts back only the fields the command changed, so an edit made meanwhile by
another process to other fields of the same record survives the undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Record = dict[str, Any]


@dataclass(frozen=True)
class Touch:
    table: str
    id: str
    before: Record | None  # None: the command created it
    after: Record | None  # None: the command removed it

    def reversed(self) -> "Touch":
        return Touch(self.table, self.id, self.after, self.before)

    def changed_fields(self) -> set[str]:
        before, after = self.before or {}, self.after or {}
        return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@dataclass(frozen=True)
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
