"""TinyDB's storage over the safe file: the full store's way in, kept apart so that a capture never imports TinyDB."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from chief.store.datafile.storage import read_file, serialize, write_atomic


class ChiefStorage(Storage):
    """TinyDB storage over the safe file, with an explicit batch for transactions.

    Inside :meth:`batch` TinyDB's reads and writes go to memory, so a command
    that does several table operations reads the file once and writes it once.
    Outside a batch every read opens the file and every write replaces it.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._batch: dict[str, dict[str, Any]] | None = None
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

    def begin(self, data: dict[str, dict[str, Any]]) -> None:
        self._batch = data
        self.dirty = False

    def end(self) -> dict[str, dict[str, Any]]:
        data, self._batch = self._batch or {}, None
        return data

    def close(self) -> None:
        self._batch = None
