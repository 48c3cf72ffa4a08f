"""Yearly archive files, so the live file stays small for years.

Items done or dropped more than ``archive_after_days`` ago move to
``NAME.archive-YEAR.json`` beside the data file (the year they were closed),
written the same safe way and merged the same way on every machine. The move
is crash-safe: the archive is written first, then the item's record in the
live file shrinks to a stub (where it went, which changes it had seen). If a
machine that had not archived the item yet changes it, the change outranks
the stub and the item comes back by itself, made whole from the archive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pendulum

from chief.store.domain.board import ITEMS
from chief.store.domain.config import Settings
from chief.store.sync.merge import content, is_live
from chief.store.domain.model import InvalidRecord, Item
from chief.store.sync.replica import Replica, Tx, archive_path
from chief.store.datafile.storage import DataFileError, read_file
from chief.store.domain.wallclock import utc_stamp


def archive_files(path: Path) -> list[Path]:
    pattern = re.compile(rf"{re.escape(path.stem)}\.archive-(\d{{4}}){re.escape(path.suffix)}")
    try:
        found = [p for p in path.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return []
    return sorted(found)


@dataclass(frozen=True)
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
    warnings: list[str] = []
    for archive in archive_files(path):
        try:
            data, _ = read_file(archive)
        except DataFileError as err:
            warnings.append(str(err))
            continue
        year = int(archive.stem.rsplit("-", 1)[1])
        for key, record in content(data).get(ITEMS, {}).items():
            if key in live_ids:
                continue
            try:
                found.append(Archived(Item.from_record(key, record), year))
            except InvalidRecord as err:
                warnings.append(f"{archive}: item {key}: {err}")
    return sorted(found, key=lambda a: (a.item.done_at or "", a.item.id)), warnings
