"""Yearly archive files, so the live file stays small for years.

Items done or dropped more than ``archive_after_days`` ago move to
``NAME.archive-YEAR.json`` beside the data file (the year they were closed),
written the same safe way and merged the same way on every machine. The move
is crash-safe: the archive is written first, then the item's record in the
live file shrinks to a stub (where it went, which changes it had seen). If a
machine that had not archived the item yet changes it, the change outranks
the stub and the item comes back by itself, made whole from the archive.

A sync tool makes conflict copies of an archive as of the data file
(``chief.archive-2025.sync-conflict-....json``); they are merged into the
archive, and moved aside, whenever the archives are read or written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pendulum

from chief.store.domain.board import ITEMS
from chief.store.domain.config import Settings
from chief.store.datafile.conflict_copies import find_copies
from chief.store.sync.merge import content, is_live, merge_data
from chief.store.domain.model import InvalidRecord, Item
from chief.store.sync.replica import Replica, Tx, archive_path
from chief.store.datafile.storage import DataFileError, read_file
from chief.store.i18n import _
from chief.store.domain.wallclock import utc_stamp
from chief.store.structs import struct


def _archive_name(path: Path) -> re.Pattern[str]:
    """How the names of ``path``'s yearly archives look (see ``archive_path``), the year captured."""
    return re.compile(rf"{re.escape(path.stem)}\.archive-(\d{{4}}){re.escape(path.suffix)}")


def archive_files(path: Path) -> list[Path]:
    pattern = _archive_name(path)
    try:
        found = [p for p in path.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return []
    return sorted(found)


def archive_year(path: Path, archive: Path) -> int:
    """The year of one of ``path``'s archives, from its name (``chief.archive-2025`` has no extension to strip)."""
    return int(_archive_name(path).fullmatch(archive.name).group(1))  # type: ignore[union-attr]


def absorb_copies(path: Path, settings: Settings | None = None) -> list[str]:
    """Merge the conflict copies of every yearly archive into it; warnings about those that cannot be.

    The archive's own Replica does it, as for the data file: under the
    archive's lock, the copy moved aside only after the merged archive is
    safely written. A busy archive is left for the next time.
    """
    warnings: list[str] = []
    for archive in archive_files(path):
        copies, problems = find_copies(archive, None)  # strict names only: an archive's id is not the file's
        warnings.extend(problems)
        if not copies:
            continue
        try:
            Replica(archive, settings or Settings()).apply(lambda tx: None, wait=0.5)
        except DataFileError as err:  # a damaged archive, a full disk: the copies stay, and are read as they are
            warnings.append(_("{archive}: its conflict copies are not merged yet ({err})").format(archive=archive, err=err))
    return warnings


def read_archive(archive: Path) -> dict | None:
    """One archive's tables with its conflict copies merged in (read only: for use under the live file's lock)."""
    data, _signature = read_file(archive)
    copies, _problems = find_copies(archive, None)
    if not copies:
        return data
    return merge_data(data, *(c.data for c in copies))


@struct(frozen=True)
class Archived:
    item: Item
    year: int


def due_for_archive(data: dict, settings: Settings, now: pendulum.DateTime) -> dict[int, dict[str, dict]]:
    """Closed items older than the setting, by the year they were closed: {year: {id: record}}."""
    cutoff = utc_stamp(now.subtract(days=settings.archive_after_days))
    found: dict[int, dict[str, dict]] = {}
    for key, record in data.get(ITEMS, {}).items():
        if not isinstance(record, dict) or not is_live(record):
            continue
        done_at = record.get("done_at")
        if record.get("status") in ("done", "dropped") and isinstance(done_at, str) and done_at < cutoff:
            if done_at[:4].isdigit():
                found.setdefault(int(done_at[:4]), {})[key] = record
    return found


def move_old(live: Replica, settings: Settings, now: pendulum.DateTime) -> int:
    """Move old closed items to their yearly archives; returns how many moved."""
    absorb_copies(live.path, settings)
    by_year = due_for_archive(live.read(), settings, now)
    moved = 0
    for year, records in sorted(by_year.items()):
        archive = Replica(archive_path(live.path, year), settings)
        archive.apply(lambda tx: None, extra={ITEMS: records})  # first the archive, safely written ...

        def leave_stubs(tx: Tx, year: int = year, ids: list[str] = list(records)) -> int:  # ... then the stubs
            still = [key for key in ids if tx.get(ITEMS, key) is not None]
            for key in still:
                tx.archive(key, year)
            return len(still)

        moved += live.apply(leave_stubs)[0]
    return moved


def read_archived(path: Path, live_ids: set[str]) -> tuple[list[Archived], list[str]]:
    """Every archived item not back on the live board, and warnings about unreadable archives."""
    found: list[Archived] = []
    warnings = absorb_copies(path)
    for archive in archive_files(path):
        try:
            data = read_archive(archive)
        except DataFileError as err:
            warnings.append(str(err))
            continue
        year = archive_year(path, archive)
        for key, record in content(data).get(ITEMS, {}).items():
            if key in live_ids:
                continue
            try:
                found.append(Archived(Item.from_record(key, record), year))
            except InvalidRecord as err:
                warnings.append(_("{archive}: item {key}: {err}").format(archive=archive, key=key, err=err))
    return sorted(found, key=lambda a: (a.item.done_at or "", a.item.id)), warnings
