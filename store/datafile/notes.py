"""This machine's notes about its data files, in the local state folder (never synced).

Two kinds are kept per data file: the fingerprint of the bytes this machine last
wrote (``fingerprints``: one small note, keyed by the data file's path) and the
command line's undo history (``chief.store.sync.undo.SavedHistory``: one file a
data file, appended to). They share these rules: the folder and every note are
private (they hold titles and notes, like the data file), a note is replaced
whole through a temp file named by the process and a rename, and a machine
remembers its last :data:`KEEP_FILES` data files. Losing a note costs speed or
an undo, never data, so none of this is fsynced.
"""

from __future__ import annotations

import os
import zlib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

KEEP_FILES = 16  # data files remembered per machine


def remove(path: str | os.PathLike[str]) -> None:
    """Unlink ``path``; a name already gone is fine (``Path.unlink(missing_ok=True)``, without pathlib)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def replace_note(note: str | os.PathLike[str], text: str | bytes) -> None:
    """Write ``note`` whole and private: a temp file beside it, then a rename. Raises OSError."""
    note = os.fspath(note)
    folder = os.path.dirname(note) or "."
    os.makedirs(folder, mode=0o700, exist_ok=True)
    tmp = os.path.join(folder, f".{os.path.basename(note)}.{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        os.replace(tmp, note)
    except BaseException:
        remove(tmp)
        raise


def keyed(found: Any, key: str, value: Any) -> dict[str, Any]:
    """A keyed note (data file path -> value) with ``key`` set last, only the newest :data:`KEEP_FILES` kept."""
    notes = dict(found) if isinstance(found, dict) else {}
    notes.pop(key, None)
    notes[key] = value
    return dict(list(notes.items())[-KEEP_FILES:])


def per_data_file(folder: str | Path, data_file: Path | str, suffix: str) -> str | Path:
    """The note of one data file in ``folder``, named by a checksum of its path.

    The name is short and safe whatever the path holds; a note keeps the path
    itself too, so that two paths with the same checksum never read each other's.
    The note is the same kind of path as ``folder``: text (the capture's) or a ``Path``.
    """
    name = f"{zlib.crc32(os.fsencode(str(data_file))):08x}{suffix}"
    return os.path.join(folder, name) if isinstance(folder, str) else folder / name


def keep_newest(note: str | os.PathLike[str], suffix: str) -> None:
    """Beside ``note`` (just written), remove all but the :data:`KEEP_FILES` newest notes ending in ``suffix`` (never fails)."""
    note = os.fspath(note)
    name = os.path.basename(note)
    try:
        found = [(entry.stat().st_mtime_ns, entry.path) for entry in os.scandir(os.path.dirname(note) or ".")
                 if entry.name.endswith(suffix) and entry.name != name]
    except OSError:
        return
    for _, path in sorted(found)[: max(0, len(found) - (KEEP_FILES - 1))]:
        try:
            os.unlink(path)
        except OSError:
            pass
