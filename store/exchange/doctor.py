"""Checking the data file and restoring a backup, for ``chief doctor``.

The doctor never changes the data file while checking. Restoring keeps the
current file aside (in the backup folder) before the backup replaces it.
"""

from __future__ import annotations

import os
import stat
import time
from collections import Counter
from pathlib import Path

from chief.store.domain import wallclock
from chief.store.domain.board import Board
from chief.store.sync.hlc import stamp_time
from chief.store.domain.config import Settings
from chief.store.datafile.conflict_copies import find_copies
from chief.store.datafile.lock import hold
from chief.store.reports.printable import printable
from chief.store.sync.replica import upgrade
from chief.store.datafile.storage import (
    DataFileError,
    backup_dir,
    keep_aside,
    list_backups,
    lock_path,
    parse,
    read_file,
    write_atomic,
)


def _backups_report(path: Path) -> list[str]:
    lines = []
    for candidate in list_backups(path):
        try:
            data, _ = read_file(candidate)
            count = len((data or {}).get("items", {}))
            verdict = f"good, {count} items"
        except DataFileError as err:
            verdict = f"unusable: {err}"
        lines.append(f"  {candidate}  ({verdict})")
    return lines or ["  none yet (one is kept at most every 10 minutes, before a save)"]


def doctor(path: Path, settings: Settings) -> tuple[str, bool]:
    """A report on the data file, and whether it is healthy."""
    lines = [f"data file: {path}"]
    healthy = True
    try:
        data, _ = read_file(path)
        if data is None:
            lines.append("  does not exist yet: it is created by the first capture")
        else:
            data = upgrade(data, path)
            board = Board.from_data(data, settings, wallclock.now())
            st = os.stat(path)
            mode = stat.S_IMODE(st.st_mode)
            meta = board.meta
            lines.append(f"  {st.st_size} bytes, mode {mode:04o}, schema {meta.get('schema')}, database {meta.get('database_id')}")
            statuses = Counter(i.status for i in board.items.values())
            lines.append("  items: " + (", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) or "none"))
            lines.append(f"  team: {len(board.team)} members")
            if mode & 0o077:
                lines.append(f"  warning: others can read it (mode {mode:04o}); chmod 600 '{path}'")
            for problem in board.problems:
                healthy = False
                lines.append(f"  unreadable record, set aside and kept in the file: {printable(str(problem))}")
            duplicates: list[str] = []
            parse(path.read_text(encoding="utf-8"), path, duplicates)
            for key in duplicates:
                lines.append(f"  note: id {printable(key)} appears twice in the file; the copies are merged on the next save")
            devices = meta.get("devices") or {}
            forgotten = set(meta.get("forgotten") or [])
            for device, mark in sorted(devices.items()):
                state = " (forgotten)" if device in forgotten else ""
                lines.append(f"  device {printable(str(device))}: last saved {_when(mark)}{state}")
            copies, warnings = find_copies(path, meta.get("database_id"))
            for copy in copies:
                lines.append(f"  conflict copy waiting to be merged (any Chief command absorbs it): {copy.path}")
            for warning in warnings:
                healthy = False
                lines.append(f"  {warning}")
            if healthy:
                lines.append("  OK")
    except DataFileError as err:
        healthy = False
        lines.append(f"  PROBLEM: {err}")
        lines.append("  nothing was changed; restore a good backup with: chief doctor --restore BACKUP")
    lines.append(f"backups ({backup_dir(path)}), newest first:")
    lines.extend(_backups_report(path))
    return "\n".join(printable(line) for line in lines), healthy  # names and ids come from the file


def _when(stamp: str) -> str:
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp_time(stamp)))
    except (ValueError, TypeError):
        return "?"


def restore(path: Path, chosen: Path) -> str:
    """Put a backup in place of the data file, keeping the current file aside."""
    data, _ = read_file(chosen)  # refuses a bad backup before anything moves
    if data is None:
        raise DataFileError(f"no backup at {chosen}")
    text = chosen.read_text(encoding="utf-8")
    with hold(lock_path(path), 15):
        kept = keep_aside(path, "replaced") if path.exists() else None
        write_atomic(path, text)
    aside = f"; the file it replaced is kept at {kept}" if kept else ""
    return f"restored {chosen} to {path}{aside}"
