"""TinyDB's storage over the safe file: the full store's way in, kept apart so that a capture never imports TinyDB."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from chief.store.datafile.storage import read_file, serialize, write_atomic


class ChiefStorage(Storage):
    """TinyDB storage over the safe file, with an explicit batch for transactions.

    Inside a batch (:meth:`begin` .. :meth:`end`) TinyDB's reads and writes go
    to memory, so a command that does several table operations reads the file
    once and writes it once. Outside a batch every read opens the file and every
    write replaces it.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._batch: dict[str, dict[str, Any]] | None = None
        self._own: dict[str, dict[str, Any]] = {}  # tables of the batch nobody outside it holds: changed in place
        self.dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._batch is not None:
            return self._batch
        data, _signature = read_file(self.path)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._batch is not None:
            self._batch = data
            self.dirty = True
            return
        write_atomic(self.path, serialize(data))

    def begin(self, data: dict[str, dict[str, Any]], *, own: bool = False) -> None:
        """Start a batch on ``data``; ``own``: its tables are fresh copies no one else holds.

        A table of the batch's own is changed in place by TinyDB's updates; any
        other is copied first, so that whoever holds it does not see the change.
        """
        self._batch = data
        self._own = {name: table for name, table in data.items() if isinstance(table, dict)} if own else {}
        self.dirty = False

    def owns(self, name: str, table: Any) -> bool:
        """Whether ``table`` is the batch's own table ``name`` (no one outside the batch holds it)."""
        return self._batch is not None and table is not None and self._own.get(name) is table

    def adopt(self, name: str, table: dict[str, Any]) -> None:
        """``table``, just made inside the batch, is its own from now on."""
        if self._batch is not None:
            self._own[name] = table

    def end(self) -> dict[str, dict[str, Any]]:
        data, self._batch, self._own = self._batch or {}, None, {}
        return data

    def close(self) -> None:
        self._batch, self._own = None, {}
