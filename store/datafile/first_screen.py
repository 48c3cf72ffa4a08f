"""The first screen kept beside this machine's state, so that the dashboard opens without reading the file.

After the dashboard saves (and after it has read a file this machine wrote),
the inputs of its first screen (store/domain/first_board.py: each list's first
rows as records, the lists' lengths, the counts, the loads) are written here, in
the thread that does what a save need not wait for (``afterwards``). The next
dashboard on this machine paints its first screen from them, then reads the
file and shows the full board before any key acts.

They are shown only for the very file they were taken from, so nothing false
is ever painted. The key holds the data file's path, inode, size, modification
time (to the nanosecond) and mode as the save left them, and the checksum of
the bytes; the file must still have all of those, and the checksum must be the
one this machine noted for the file after its last save
(``fingerprints``: a file written since by anyone, a capture from the shell
included, has another note or another inode, size or time). The key also holds
what shapes the board besides the file: the settings, the language, the time
zone, Chief's version and the data's schema. A journal waiting to be merged
(``journal``) or a possible conflict copy beside the file means the file is not
all there is: then nothing is kept or shown. Any mismatch, or a note that
cannot be read, means the file is read as always.

The note holds titles and notes, like the journal: it is private (0600 in a
0700 folder), replaced whole through a rename, and only the newest notes of
:data:`notes.KEEP_FILES` data files are kept. Losing it costs one slower launch.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Mapping

from chief.store.datafile import afterwards, fingerprints, journal, notes, paths
from chief.store.datafile.conflict_copies import copies_beside
from chief.store.datafile.storage import Signature

FOLDER = "first-screen"
SUFFIX = ".json"
FORMAT = 2  # of this note; another one is not read (1: the first 200 rows of each list as records)


def note_path(path: Path, folder: Path | None = None) -> Path:
    return notes.per_data_file((folder or paths.state_dir()) / FOLDER, path, SUFFIX)


def _alone(path: Path) -> bool:
    """No journal waiting and no possible conflict copy: the file is all there is to read."""
    return not journal.waiting(path) and not copies_beside(path)


def _file_key(signature: Signature) -> dict[str, int]:
    return {"inode": signature.inode, "size": signature.size, "mtime_ns": signature.mtime_ns, "mode": signature.mode}


def keep_later(path: Path, signature: Signature, data: bytes, shaped_by: Mapping[str, Any],
               inputs: Callable[[], dict[str, Any]]) -> None:
    """Write the first screen of the file ``path`` holding ``data`` (as ``signature`` says), in the afterwards thread.

    ``shaped_by``: what besides the file shapes the board (settings, language...);
    ``inputs`` makes the first screen's inputs (it runs in the thread).
    """
    folder = paths.state_dir()
    afterwards.later((FOLDER, folder, path), _keep, folder, path, signature, data, dict(shaped_by), inputs)


def _keep(folder: Path, path: Path, signature: Signature, data: bytes, shaped_by: dict[str, Any],
          inputs: Callable[[], dict[str, Any]]) -> None:
    fingerprint = fingerprints.fingerprint_of(data)
    note = note_path(path, folder)
    if fingerprints.noted(path, folder) != fingerprint or not _alone(path):
        note.unlink(missing_ok=True)  # bytes this machine did not write, or not all there is: nothing to show
        return
    key = {"format": FORMAT, "file": str(path), **_file_key(signature), "fingerprint": fingerprint, **shaped_by}
    notes.replace_note(note, json.dumps({"key": key, "inputs": inputs()}, ensure_ascii=False, separators=(",", ":")))
    notes.keep_newest(note, SUFFIX)


def kept(path: Path, shaped_by: Mapping[str, Any]) -> dict[str, Any] | None:
    """The first screen's inputs kept for the file ``path`` exactly as it is now, or None."""
    try:
        with open(note_path(path), encoding="utf-8") as handle:
            found = json.load(handle)
        signature = Signature.of(path)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(found, dict) or not isinstance(found.get("key"), dict) or not isinstance(found.get("inputs"), dict):
        return None
    key = found["key"]
    if signature is None or key != {"format": FORMAT, "file": str(path), **_file_key(signature),
                                     "fingerprint": key.get("fingerprint"), **shaped_by}:
        return None
    known = fingerprints.noted(path)
    if known is None or known != key["fingerprint"] or not _alone(path):
        return None
    return found["inputs"]
