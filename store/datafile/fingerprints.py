"""Which bytes of a data file this machine wrote itself, so they need no parsing to be trusted.

After every save Chief notes the file's size and checksum in the local state
dir. A later process that finds exactly those bytes knows they are a valid
database in Chief's own layout (it wrote them), so a capture can splice in a
line instead of parsing thousands of records. The note is about content, not
names or times: a file replaced by a sync tool, edited by hand, or restored
from a backup has other bytes and is read the full way. Losing the note only
costs speed, so it is written without fsync.

Beside the content, a note names the file as written when the writer knows it: its
inode, modification time (to the nanosecond) and size, as the first screen's note
does. A file that still has exactly those (:func:`still_as_written`) was not
replaced since (a sync tool's or a checkout's file is a new inode) nor written to
(which sets the time): a capture then needs no reading of its bytes to trust them.
The capture's own copy still checks the checksum as it goes.

The dashboard notes its saves with :func:`remember_later`: the checksum of a
20,000-item file takes some 5 ms, which a keystroke should not wait for, so it
is worked out in a thread beside the paint (``zlib.crc32`` and the note's
write let the other thread run). Nothing is weakened by the delay, because the
note is about content: until it is written, another process finds no note (or
an older one) for the new bytes and reads the file the full way; a note written
late, after some later save replaced those bytes, names bytes that are no
longer there and matches nothing; and a note can only ever name bytes this
machine wrote. The thread is not a daemon, so a process that ends writes its
last note first, and :func:`is_known` waits for this process's own notes, so
what it answers never depends on the thread's timing.
"""

from __future__ import annotations

import _thread
import os
import zlib

from chief.store import json_text
from chief.store.datafile import afterwards, notes, paths

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

NOTE = "known-files.json"


def _fingerprint(data: bytes, crc: int | None = None) -> str:
    return _size_and_sum(len(data), zlib.crc32(data) if crc is None else crc)


def _size_and_sum(size: int, crc: int) -> str:
    return f"{size}:{crc:08x}"


def _read(note: str) -> dict[str, str]:
    try:
        with open(note, encoding="utf-8") as handle:
            found = json_text.loads(handle.read())
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(found, dict) else {}


def _folder(folder: str | os.PathLike[str] | None) -> str:
    """The folder of the note, as text: the state folder unless one is given."""
    return os.fspath(folder) if folder is not None else paths.state_dir_text()


def fingerprint_of(data: bytes) -> str:
    """What is noted of ``data``: its size and checksum (compared with :func:`noted`)."""
    return _fingerprint(data)


def _noted_whole(path: Path, folder: Path | None = None) -> str | None:
    """The note for ``path``: its fingerprint, then (after a space) the file as written, when known."""
    return _read(os.path.join(_folder(folder), NOTE)).get(str(path))


def noted(path: Path, folder: Path | None = None) -> str | None:
    """The fingerprint noted for ``path`` in ``folder`` (the state folder by default), None when there is none."""
    found = _noted_whole(path, folder)
    return found.partition(" ")[0] if found is not None else None


def _as_written(signature: Any) -> str:
    return f"{signature.inode}:{signature.mtime_ns}:{signature.size}"


def still_as_written(path: Path, signature: Any) -> bool:
    """Whether the file at ``path`` (``signature``: a ``storage.Signature`` of it) is the very file this machine last wrote there, unchanged.

    The same inode, modification time and size as noted when it was written (after this process's
    own notes); False when the note does not say (an older note, a writer that did not know).
    """
    settle()
    found = _noted_whole(path)
    written = found.partition(" ")[2] if found is not None else ""
    return bool(written) and written == _as_written(signature)


def noted_size(path: Path) -> int | None:
    """The size of the bytes noted for ``path`` (after this process's own notes), None when there is no note.

    A capture compares it with the file's size before reading a byte: a file of another size is not ours.
    """
    settle()
    found = noted(path)
    size = found.partition(":")[0] if found else ""
    return int(size) if size.isdigit() else None


def is_known(path: Path, data: bytes, *, crc: int | None = None) -> bool:
    """Whether ``data`` are the very bytes this machine last wrote to ``path``.

    ``crc``: their ``zlib.crc32``, when the caller worked it out on the way (a capture does, in pieces).
    """
    return is_known_sum(path, len(data), zlib.crc32(data) if crc is None else crc)


def is_known_sum(path: Path, size: int, crc: int) -> bool:
    """:func:`is_known`, for bytes of ``size`` whose ``zlib.crc32`` the caller worked out as it read them."""
    settle()
    return noted(path) == _size_and_sum(size, crc)


def remember_later(path: Path, data: bytes, written: Any = None) -> None:
    """:func:`remember`, in a thread (``chief.store.datafile.afterwards``): the save does not wait for its checksum."""
    folder = paths.state_dir_text()  # the folder as it is now, not when the thread gets to it
    afterwards.later((NOTE, folder, path), _write_note, folder, path, data, None, written)


def settle() -> None:
    """Wait until this process's notes are written."""
    afterwards.settle()


def remember(path: Path, data: bytes, written: Any = None, *, crc: int | None = None) -> None:
    """Note that ``path`` now holds ``data``, written by us (never fails a save); ``crc`` as for :func:`is_known`.

    ``written``: the file as we wrote it (a ``storage.Signature``: what ``write_atomic`` returns), if known.
    """
    _write_note(paths.state_dir_text(), path, data, crc, written)


def remember_written(path: Path, size: int, crc: int, written: Any = None) -> None:
    """:func:`remember`, from the size and checksum of bytes written in pieces (a capture's splice)."""
    _note(paths.state_dir_text(), path, _size_and_sum(size, crc), written)


_writing = _thread.allocate_lock()  # one writer of the note at a time (its temp file is named by the process)


def _write_note(folder: Path, path: Path, data: bytes, crc: int | None = None, written: Any = None) -> None:
    _note(folder, path, _fingerprint(data, crc), written)


def _note(folder: Path, path: Path, fingerprint: str, written: Any = None) -> None:
    if written is not None:
        fingerprint += " " + _as_written(written)
    note = os.path.join(_folder(folder), NOTE)
    try:
        with _writing:
            notes.replace_note(note, json_text.dumps(notes.keyed(_read(note), str(path), fingerprint)))
    except OSError:
        pass
