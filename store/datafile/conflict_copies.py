"""Conflict copies left by file synchronisers, found and absorbed.

When two machines change the file while apart, the synchroniser keeps one
version and writes the other beside it under a name of its own. Chief merges
every such copy into the data file, then moves it to a local, unsynced
folder (never deleted, never edited in place). Strict patterns are taken on
sight; loose ones (a "(1)" or " 2" suffix) only when the copy's database id
is ours, since such names are also what people give their own files.
"""

from __future__ import annotations

import os
import time
from functools import lru_cache

from chief.store.datafile import paths
from chief.store.datafile.storage import DataFileError, odd_kind, read_file
from chief.store.i18n import _
from chief.store.structs import struct

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from pathlib import Path
    from typing import Any



@struct(frozen=True)
class ConflictCopy:
    """A conflict copy a sync tool left beside the data file, and what it holds."""

    path: Path
    data: dict[str, Any]


@lru_cache(maxsize=32)  # asked on every poll of the dashboard: compile once
def _patterns(stem: str, suffix: str) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    import re  # only when a name beside the file may be a copy: a capture's usual folder has none

    s, x = re.escape(stem), re.escape(suffix)
    strict = [
        # Syncthing: NAME.sync-conflict-20261125-101500-ABCDEFG.json, and the older form without the device
        re.compile(rf"{s}\.sync-conflict-\d{{8}}-\d{{6}}(-[A-Z0-9]{{7}})?{x}"),
        # Dropbox: NAME (Li's conflicted copy 2026-11-25).json, and its localised forms
        re.compile(rf"{s} \([^()]*conflicted copy[^()]*\){x}"),
        # Nextcloud / ownCloud: NAME (conflicted copy 2026-11-25 101500).json and NAME_conflict-20261125-101500.json
        re.compile(rf"{s} \(conflicted copy \d{{4}}-\d{{2}}-\d{{2}} \d{{6}}\){x}"),
        re.compile(rf"{s}_conflict-\d{{8}}-\d{{6}}{x}"),
    ]
    loose = [
        re.compile(rf"{s}-[A-Za-z0-9][A-Za-z0-9_.-]*{x}"),  # OneDrive: NAME-MACHINE.json
        re.compile(rf"{s} \(\d+\){x}"),  # Google Drive: NAME (1).json
        re.compile(rf"{s} \d+{x}"),  # iCloud: NAME 2.json
    ]
    return strict, loose


def _may_be_copy(name: str, stem: str, suffix: str) -> bool:
    """Whether ``name`` begins the way every pattern above does (a cheap test before the patterns)."""
    rest = name[len(stem):]
    return name.startswith(stem) and name.endswith(suffix) and rest.startswith(
        (".sync-conflict-", " ", "_conflict-", "-"))


def copies_beside(path: str | os.PathLike[str]) -> bool:
    """Whether any name beside ``path`` may be a conflict copy of it (names only: nothing is read)."""
    folder, stem, suffix = paths.name_parts(path)
    try:
        return any(_may_be_copy(name, stem, suffix) for name in os.listdir(folder))
    except OSError:
        return False


def _database_id(data: dict[str, Any] | None) -> str | None:
    meta = (data or {}).get("meta", {})
    chief = meta.get("chief") if isinstance(meta, dict) else None
    return chief.get("database_id") if isinstance(chief, dict) else None


def find_copies(path: str | os.PathLike[str], database_id: str | None) -> tuple[list[ConflictCopy], list[str]]:
    """The conflict copies beside ``path`` that can be merged, and warnings about the rest."""
    found: list[ConflictCopy] = []
    warnings: list[str] = []
    folder, stem, suffix = paths.name_parts(path)
    try:
        names = sorted(n for n in os.listdir(folder) if _may_be_copy(n, stem, suffix))
    except OSError:
        return [], []
    if not names:
        return [], []  # the usual case: nothing to match, no patterns to compile (a capture's 1 ms)
    from pathlib import Path  # a copy's path is a Path, as it was (no capture gets this far without a name to match)

    strict, loose = _patterns(stem, suffix)
    for name in names:
        is_strict = any(p.fullmatch(name) for p in strict)
        if not is_strict and not any(p.fullmatch(name) for p in loose):
            continue
        candidate = Path(folder, name)
        kind = odd_kind(candidate)  # a peer's link to a private file or to /dev/zero: never followed
        if kind:
            if is_strict:
                warnings.append(_("conflict copy {copy} is {kind}: not read, left where it is").format(copy=candidate, kind=_(kind)))
            continue
        try:
            data, _signature = read_file(candidate)
        except DataFileError as err:
            if is_strict:
                warnings.append(_("conflict copy {copy} cannot be read ({err}); left where it is").format(copy=candidate, err=err))
            continue
        if data is None:
            continue
        if not is_strict and (database_id is None or _database_id(data) != database_id):
            continue
        found.append(ConflictCopy(candidate, data))
    return found, warnings


def absorbed_dir() -> Path:
    return paths.state_dir() / "absorbed"


def set_aside(copy: ConflictCopy) -> Path:
    """Move an absorbed copy to the local folder (only after the merged file is written)."""
    folder = absorbed_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{time.strftime('%Y%m%dT%H%M%S')}.{copy.path.name}"
    try:
        os.replace(copy.path, target)
    except OSError:  # another filesystem: copy, then remove
        target.write_bytes(copy.path.read_bytes())
        copy.path.unlink()
    return target


def looks_like_copy(name: str, path: str | os.PathLike[str]) -> bool:
    """Whether ``name`` is what a synchroniser calls a conflict copy of ``path`` (the strict names only)."""
    _folder, stem, suffix = paths.name_parts(path)
    return _may_be_copy(name, stem, suffix) and any(p.fullmatch(name) for p in _patterns(stem, suffix)[0])
