"""Which bytes of a data file this machine wrote itself, so they need no parsing to be trusted.

After every save Chief notes the file's size and checksum in the local state
dir. A later process that finds exactly those bytes knows they are a valid
database in Chief's own layout (it wrote them), so a capture can splice in a
line instead of parsing thousands of records. The note is about content, not
names or times: a file replaced by a sync tool, edited by hand, or restored
from a backup has other bytes and is read the full way. Losing the note only
costs speed, so it is written without fsync.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

from chief.store.datafile import paths

NOTE = "known-files.json"
KEEP = 16  # data files remembered per machine


def _fingerprint(data: bytes) -> str:
    return f"{len(data)}:{zlib.crc32(data):08x}"


def _read(note: Path) -> dict[str, str]:
    try:
        found = json.loads(note.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(found, dict) else {}


def is_known(path: Path, data: bytes) -> bool:
    """Whether ``data`` are the very bytes this machine last wrote to ``path``."""
    return _read(paths.state_dir() / NOTE).get(str(path)) == _fingerprint(data)


def remember(path: Path, data: bytes) -> None:
    """Note that ``path`` now holds ``data``, written by us (never fails a save)."""
    folder = paths.state_dir()
    note = folder / NOTE
    try:
        known = _read(note)
        known.pop(str(path), None)
        known[str(path)] = _fingerprint(data)
        kept = dict(list(known.items())[-KEEP:])
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = folder / f".{NOTE}.{os.getpid()}"
        tmp.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(tmp, note)
    except OSError:
        pass

