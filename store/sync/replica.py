"""This machine's copy of the data, kept in step with the file and its conflict copies.

Every command is a read-merge-modify-write under a lock: read the file, merge
in any conflict copy a synchroniser left beside it and what this process
already knows (so a file replaced by an older version loses nothing), apply
the change with fresh clock stamps, and write the result atomically. If a sync
tool replaced the file by rename while we worked (it does not take our lock),
the command runs again on the new content. Conflict copies are moved aside
only after the merged file is safely written.

When a save fails (a full disk, a read-only file), the change is kept here,
marked unsaved, and goes out with the next successful save.
"""

from __future__ import annotations

import copy
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Callable, TypeVar

from chief.store.domain.lazy_pendulum import pendulum
from tinydb import TinyDB
from tinydb.table import Document, Table

from chief.store.domain import wallclock
from chief.store.i18n import _
from chief.store.i18n.reasons import os_reason
from chief.store.datafile import fingerprints, journal, platform_io
from chief.store.domain.board import ITEMS, META, TEAM, Board, NotFound
from chief.store.sync.hlc import HybridClock, device_id, stamp_time
from chief.store.domain.config import Settings
from chief.store.datafile.conflict_copies import ConflictCopy, find_copies, set_aside
from chief.store.sync.undo import Touch
from chief.store.domain.ids import new_id
from chief.store.datafile.lock import LockBusy, LockFailed, hold
from chief.store.sync.merge import (
    ARCHIVE,
    DEFAULT,
    DELETED,
    NESTED,
    STAMPS,
    collectable,
    nested_content,
    stamp_nested,
    is_live,
    field_stamp,
    merge_data,
    merge_record,
    newest_stamp,
    newest_nested_stamp,
    stamps_of,
    tombstone,
)
from chief.store.domain.model import SCHEMA
from chief.store.reports.printable import printable
from chief.store.sync.poison import clean_meta, quarantine_path, quarantine_text
from chief.store.datafile.reread import Earlier, layout_exact
from chief.store.datafile.splice import splice_bytes
from chief.store.datafile.storage import (
    ChiefStorage,
    CorruptFile,
    Replaced,
    DataFileError,
    SaveError,
    Signature,
    backup,
    keep_private,
    lock_path,
    read_file,
    read_file_text,
    remove_stale_temp_files,
    require_regular,
    serialize,
    serialize_bytes,
    write_atomic,
)

def archive_path(path: Path, year: int) -> Path:
    """The yearly archive beside the data file: NAME.archive-YEAR.json."""
    return path.with_name(f"{path.stem}.archive-{year}{path.suffix}")


ATTEMPTS = 8  # reads of a file a sync tool keeps replacing; the last save keeps what landed as a conflict copy
COLLECT_EVERY_S = 60  # tombstone collection is housekeeping: a minute late costs nothing
# SCHEMA 2: every field carries a clock stamp (_stamps), deletes are tombstones
T = TypeVar("T")
Data = dict[str, dict[str, Any]]


class NewerSchema(DataFileError):
    """The file was written by a newer Chief; refusing protects its fields."""


class RecordTable(Table):
    """A TinyDB table keyed by ULID strings, never by TinyDB's counter."""

    document_id_class = str
    default_query_cache_capacity = 0

    def _get_next_id(self) -> str:
        return new_id()

    def _update_table(self, updater: Any) -> None:
        """TinyDB's table update, without its two conversions of the whole table.

        TinyDB copies the table twice per change to turn ids into the id class
        and back; ours are strings both ways. A table the transaction owns (the
        command's merged copy, made fresh by ``Replica.apply``: no board, no
        earlier data holds it) is changed in place; any other is copied once, at
        C speed, and the copy is the transaction's own from then on (nothing
        that holds the old one sees the change). At 20,000 items the copy was
        about 0.3 ms of every keystroke.
        """
        storage = self._storage
        tables = storage.read()
        if tables is None:
            tables = {}
        table = tables.get(self.name)
        owns = getattr(storage, "owns", None)
        if owns is None or not owns(self.name, table):
            table = dict(table or {})
            tables[self.name] = table
            if owns is not None:
                storage.adopt(self.name, table)
        updater(table)
        storage.write(tables)
        self.clear_cache()


class ChiefDB(TinyDB):
    table_class = RecordTable


def upgrade(data: Data | None, path: Path, unusable: dict[str, Any] | None = None) -> Data:
    """The tables at this schema: a new database, an older one migrated, a newer one refused.

    Schema 1 records have no stamps; they read as stamped at the beginning of
    time, so any stamped change wins over them. Nothing else needs moving.
    Meta values Chief cannot use are taken out (into ``unusable``, to be
    quarantined by the save that drops them; see store/sync/poison.py).
    """
    data = data if data is not None else {}
    meta_table = data[META] = dict(data.get(META) or {})
    meta, aside = clean_meta(meta_table.get("chief", {}))  # before any deep copy: a value may be nested too deep
    if unusable is not None:
        unusable.update(aside)
    schema = meta.get("schema", SCHEMA)
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise DataFileError(_('{path}: its schema version {value} is not a number').format(path=path, value=printable(repr(schema)[:40])))
    meta = meta_table["chief"] = copy.deepcopy(meta)  # ours to change from here
    if schema > SCHEMA:
        raise NewerSchema(
            _('{path} was written by a newer Chief (schema {schema}, this one knows {SCHEMA}): upgrade Chief to use it').format(path=path, schema=schema, SCHEMA=SCHEMA)
        )
    meta["schema"] = SCHEMA
    meta.setdefault("database_id", new_id())
    data.setdefault(ITEMS, {})
    data.setdefault(TEAM, {})
    return data


class Tx:
    """The tables inside one command: every change stamped, every touched record remembered."""

    def __init__(self, db: TinyDB, data: Data, clock: HybridClock, now: pendulum.DateTime) -> None:
        self.db = db
        self.data = data
        self.clock = clock
        self.now = now
        self.stamp = wallclock.utc_stamp(now)
        self.touches: list[Touch] = []
        self.dirty = False  # a change to save that is not a record anyone would undo

    def _own(self, table: str, record_id: str) -> None:
        """Copy a record before TinyDB changes it in place: the one we read may be shared."""
        records = self.data.setdefault(table, {})
        if record_id in records:
            records[record_id] = copy.deepcopy(records[record_id])

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """A live record without its bookkeeping fields, or None.

        Its nested records (the steps) are as the user sees them too: only the
        live ones, without stamps or tombstones. What commands, undo and the
        history see of a record is values; the stamps stay in the data, where
        ``stamp_nested`` finds them when the values are written back.
        """
        found = self.data.get(table, {}).get(record_id)
        if not isinstance(found, dict) or not is_live(found):
            return None
        return {k: copy.deepcopy(nested_content(v) if k in NESTED else v) for k, v in found.items() if k not in (STAMPS, DELETED)}

    def _follow(self, table: str, record_id: str) -> None:
        """Make the next stamp greater than every stamp of the record, so this change wins over what it replaces.

        The file's clock mark is normally ahead of every record already; a
        record carrying a stamp beyond it (a hand edit, another machine's
        damage) would otherwise beat this later change in every merge. A
        stamp the clock refuses (from the future) makes the record one that
        cannot be changed: it is a problem record, shown by 'chief doctor'.
        """
        newest = max(newest_stamp(self.data[table][record_id]), newest_nested_stamp(self.data[table][record_id]))
        if not self.clock.observe(newest):
            raise DataFileError(_("{table} {record_id} carries a damaged clock stamp and cannot be changed; see 'chief doctor'").format(table=table, record_id=record_id))

    def _write(self, table: str, record_id: str, fields: dict[str, Any]) -> None:
        self._follow(table, record_id)
        stamp = self.clock.now()
        self._own(table, record_id)
        current = self.data[table][record_id]
        stamps = dict(current.get(STAMPS) or {})
        stamps.update({name: stamp for name in fields})
        for name in NESTED & fields.keys():  # steps: each changed step field stamped, not the map as one value
            if isinstance(fields[name], dict):
                fields = {**fields, name: stamp_nested(current.get(name), fields[name], stamp)}
        self.db.table(table).update({**fields, STAMPS: stamps}, doc_ids=[record_id])

    def insert(self, table: str, record: dict[str, Any], record_id: str | None = None) -> str:
        record_id = record_id or new_id()
        existing = self.data.get(table, {}).get(record_id)
        if isinstance(existing, dict):  # a tombstone coming back (redo, undo of a delete)
            self._write(table, record_id, {**record, DELETED: None})
        else:
            self.db.table(table).insert(Document({**record, STAMPS: {DEFAULT: self.clock.now()}}, doc_id=record_id))
        self.touches.append(Touch(table, record_id, None, copy.deepcopy(record)))
        return record_id

    def update(self, table: str, record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        before = self.get(table, record_id)
        if before is None:
            raise NotFound(_('{table} {record_id} no longer exists').format(table=table, record_id=record_id))
        if table == ITEMS:
            fields = {**fields, "updated": self.stamp}
        changed = {k: v for k, v in fields.items() if before.get(k, object()) != v or k == "updated"}
        after = {**before, **fields}
        self._write(table, record_id, changed)
        self.touches.append(Touch(table, record_id, before, after))
        return after

    def archive(self, record_id: str, year: int) -> None:
        """Leave only a stub of an item whose full copy is now in the archive of ``year``."""
        current = self.data[ITEMS][record_id]
        # What it was, for the touch, as ``get`` gives it but not deep-copied: an archiving is never undone,
        # so nothing reads it, and the record it was read from is left as it is (replaced below, not changed).
        before = ({k: nested_content(v) if k in NESTED else v for k, v in current.items() if k not in (STAMPS, DELETED)}
                  if is_live(current) else None)
        self._follow(ITEMS, record_id)
        stamp = self.clock.now()
        stamps = {DEFAULT: field_stamp(current, DEFAULT), DELETED: stamp, ARCHIVE: stamp}
        self.data[ITEMS][record_id] = {
            DELETED: tombstone(current),
            ARCHIVE: year,
            STAMPS: {k: v for k, v in stamps.items() if v},
        }
        self.touches.append(Touch(ITEMS, record_id, before, None))

    def remove(self, table: str, record_id: str) -> None:
        """Delete as a stamped tombstone that remembers which changes the deleter had seen."""
        before = self.get(table, record_id)
        if before is not None:
            self._write(table, record_id, {DELETED: tombstone(self.data[table][record_id])})
            self.touches.append(Touch(table, record_id, before, None))

    def board(self, settings: Settings) -> Board:
        return Board.from_data(self.data, settings, self.now)


class Replica:
    """The data file as this process sees it, and the one way to change it."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self._db = ChiefDB(self.path, storage=ChiefStorage)
        self.clock = HybridClock(device_id())
        self.signature: Signature | None = None
        self.known: Data | None = None  # the merged state as of our last read or save
        self.unsaved = False  # ``known`` holds a change the file does not have yet
        self.warnings: list[str] = []  # problems that last (an unreadable conflict copy)
        self.notices: list[str] = []  # things to say once (the app takes them)
        self.save_problem = ""  # why the last save failed, while a change waits
        self.damaged = ""  # why the data file cannot be read, while we work from memory
        self.rescue: Path | None = None  # where our data went while the file is damaged
        self._raw: bytes | None = None  # the file's bytes as last read or written ...
        self._raw_data: Data | None = None  # ... the data they hold, for cheap saves ...
        self._raw_trusted: bool | None = None  # ... and whether they are serialize(_raw_data) (None: not asked yet)
        self._collected_at = -COLLECT_EVERY_S  # when tombstones were last collected (monotonic)
        # A short-lived command collects tombstones as it saves; the dashboard turns this off and
        # collects them on its own schedule, so that no keystroke pays for a pass over every record.
        self.collect_in_saves = True
        # The dashboard: what a save need not wait for (the note of its bytes, the removal of the old
        # file it swapped out) goes to a thread (store/datafile/afterwards.py). A command line process
        # does it all itself: a capture ends with os._exit, which would drop a thread's note.
        self.work_later = False
        # The dashboard: the file's bytes a re-read or a save frees go back to the system (platform_io); asked at
        # the first of them, after the first paint, where ctypes is loaded for the save's exchange anyway.
        self.give_back_blocks = False
        # The dashboard (``defer_saves``): a command's records go to the journal (store/datafile/journal.py),
        # durably, inside the keystroke; the data file is written by ``save_deferred`` right after the paint.
        self.defer_saves = False
        self.deferred = False  # ``known`` holds changes that only the journal has yet
        self.on_deferred: Callable[[], None] | None = None  # told when a save was deferred (the app schedules it)
        self._journal_read = False  # this save's data holds everything the journal held: empty it after the save
        self._merged_as_read = False  # the last ``_gather`` merged nothing into the file's data: no need to compare them
        # The data the last command's change was made on, when the data it left differs from it only in the
        # records its touches name (the dashboard's journaled command on what we knew; the deferred save's
        # splice relies on the same); None when that is not known.
        self.last_base: Data | None = None
        # While saves wait: the records the waiting commands touched, when ``known`` was the file's own data
        # before them (then only those can differ from the bytes last written: the save looks at nothing else).
        self._touched: dict[str, set[str]] | None = None

    # reading ---------------------------------------------------------------

    def _database_id(self, data: Data | None) -> str | None:
        meta = (data or self.known or {}).get(META, {}).get("chief", {})
        return meta.get("database_id") if isinstance(meta, dict) else None

    def _gather(self, extra: Data | None = None) -> tuple[Data, Data | None, Signature | None, list[ConflictCopy]]:
        """The file, its conflict copies, what we know (and ``extra``), merged."""
        current = Signature.of(self.path)
        if self.known is not None and not self.unsaved and current is not None and current == self.signature:
            on_disk, signature = self.known, current  # exactly what we last read or wrote: no need to parse it
        else:
            on_disk, signature = self._read()
        copies, self.warnings = find_copies(self.path, self._database_id(on_disk))
        if on_disk is None and self.known is not None and self.signature is not None and not self.damaged:
            self.notices.append(_("{path} was deleted: it is written again from what this Chief knows").format(path=self.path))
        merged = merge_data(on_disk, *(c.data for c in copies), self.known, extra)
        journaled = self._fold_journal(merged, on_disk)
        # What we know, alone, copied table by table (merge_data keeps only tables that are dicts, and
        # what we know only ever holds those): the merge equals the file without a look at every record.
        self._merged_as_read = (on_disk is not None and on_disk is self.known and not copies and not extra
                                and not journaled and all(isinstance(t, dict) for t in on_disk.values()))
        if on_disk is not self.known or copies or extra or journaled:  # what we know was made whole when it came in
            self._bring_back_archived(merged)
        return merged, on_disk, signature, copies

    def _fold_journal(self, data: Data, on_disk: Data | None) -> bool:
        """Merge into ``data`` (ours to change) what the journal holds; whether it held anything.

        Called under the lock, before a save: changes a dashboard on this machine
        showed and had not yet written into the file (it may have been killed
        right after the paint). See store/datafile/journal.py.
        """
        entries, present = journal.read(self.path)
        self._journal_read = present
        if not present:
            return False
        ours = self._database_id(on_disk) or self._database_id(data)
        if any(db is not None and ours is not None and db != ours for db, _records in entries):
            aside = journal.set_aside(self.path)
            self._journal_read = False
            self.notices.append(_("{name}: changes kept for another database at this path were not merged into it; "
                                  "they are kept in {aside}").format(name=self.path.name, aside=aside))
            return False
        for _db, records in entries:
            for table, found in records.items():
                if table == META:
                    continue
                target = data.setdefault(table, {})
                for key, record in found.items():
                    target[key] = merge_record(target[key], record) if key in target else record
                    for stamp in stamps_of(record).values():  # a capture's line was stamped by another process's clock
                        self.clock.observe(stamp)
        return bool(entries)

    def _bring_back_archived(self, merged: Data) -> None:
        """An archived item changed by a machine that had not archived it is back: make it whole.

        The stub in the live file has no values; the archive file has them, with
        their stamps, so merging the archived copy in restores every field that
        was set before the archiving, and the later change still wins.
        """
        items = merged.get(ITEMS, {})
        back = [k for k, r in items.items() if isinstance(r, dict) and r.get(ARCHIVE) and is_live(r)]
        for key in back:
            record = items[key]
            year = record[ARCHIVE]
            if isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 9999:  # never a path from the file
                from chief.store.sync.archive import read_archive  # the archive with its conflict copies (a cycle at import)

                try:
                    archived = read_archive(archive_path(self.path, year))
                except DataFileError as err:
                    self.warnings.append(_("item {key} is back from the archive, but {err}").format(key=key, err=err))
                    archived = None
                if archived is not None and isinstance(archived.get(ITEMS, {}).get(key), dict):
                    record = merge_record(record, archived[ITEMS][key])
            items[key] = {**record, ARCHIVE: None, STAMPS: {**stamps_of(record), ARCHIVE: self.clock.now()}}

    def _read(self) -> tuple[Data | None, Signature | None]:
        # The file as it was, to read the new one by its changed lines (store/datafile/reread.py): the records
        # of unchanged lines stay the objects we hold, and only what changed is parsed. Its bytes are let go
        # once compared, before any full reading; bytes that cannot be compared that way, before the read.
        if self.known is not None:
            self._give_back_blocks()
        since = self._earlier()
        self._raw = self._raw_data = self._raw_trusted = None
        try:
            on_disk, signature, self._raw = read_file_text(self.path, since=since)
            if signature is not None:
                signature = keep_private(self.path, signature)  # after a git merge or checkout: 0644 again
            # unless the lines showed the bytes exact, chief.store.datafile.fingerprints is asked at the next save
            self._raw_data, self._raw_trusted = on_disk, (True if since is not None and since.exact else None)
            self.damaged = ""
        except CorruptFile as err:
            if self.known is None:
                raise
            # garbage where the file was: work from what we know, never write over it
            self.damaged = str(err)
            on_disk, signature = None, Signature.of(self.path)
            self._raw = self._raw_data = self._raw_trusted = None
        return on_disk, signature

    def _raw_exact(self) -> bool:
        """Whether the bytes last read or written are exactly Chief's layout of the data they hold (asked once).

        Bytes read from the file are if this machine wrote them (``fingerprints``),
        or else if they prove to be, line by line (another machine's Chief writes
        the same layout); then saves splice into them and re-reads compare with them.
        """
        if self._raw is None or self._raw_data is None:
            return False
        if self._raw_trusted is None:
            self._raw_trusted = fingerprints.is_known(self.path, self._raw) or layout_exact(self._raw, self._raw_data)
        return self._raw_trusted

    def _give_back_blocks(self) -> None:
        if self.give_back_blocks:
            self.give_back_blocks = False
            platform_io.give_back_large_blocks()

    def _earlier(self) -> Earlier | None:
        """The bytes last read or written and the data they hold, for the next read, if they are exact."""
        return Earlier(self._raw, self._raw_data) if self._raw_exact() else None  # type: ignore[arg-type]

    def pending(self) -> bool:
        """Whether the file changed, a conflict copy appeared, or a change waits to be saved.

        Or the journal holds lines that are not ours to write: a capture's, whose child did not
        write the file (killed), or a killed dashboard's. ``read`` merges them and saves.
        """
        if self.unsaved or Signature.of(self.path) != self.signature:
            return True
        if not self.deferred and journal.waiting(self.path):
            return True
        copies, _warnings = find_copies(self.path, self._database_id(None))
        return bool(copies)

    def read(self) -> Data:
        """The current merged data; absorbs conflict copies and saves pending changes when it can."""
        if self.known is not None and not self.pending():
            return self.known
        if self.known is None and not self.path.exists() and not find_copies(self.path, None)[0]:
            self.signature = None
            return upgrade(None, self.path)  # nothing yet: reading creates no file and no folder
        try:
            return self.apply(lambda tx: None, wait=0.5)[1]
        except SaveError as err:
            # busy or unwritable: read without the lock and without writing; keep what is unsaved
            self.save_problem = str(err)
            merged, _on_disk, signature, _copies = self._gather()
            data = upgrade(merged, self.path)
            self.known = data
            if signature is not None:  # a vanished file keeps its last signature: it was there
                self.signature = signature
            return data

    # the transaction -------------------------------------------------------

    def _folder_gone(self) -> bool:
        """The folder was there and is not now: an unmounted or deleted sync folder, not ours to recreate."""
        return self.known is not None and self.signature is not None and not self.path.parent.is_dir()

    def _ensure_dir(self) -> None:
        if self.path.parent.is_dir():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as err:
            raise SaveError(_('cannot create {parent}: {strerror}').format(parent=self.path.parent, strerror=os_reason(err))) from None

    def apply(self, command: Callable[[Tx], T], *, wait: float = 15, extra: Data | None = None,
              locked: bool = False) -> tuple[T, Data, list[Touch]]:
        """Run ``command`` on the merged tables under the lock; save when anything changed.

        A failed save raises SaveError carrying the command's touches: the
        change itself is kept here (``unsaved``) and goes out with the next save.
        ``locked``: this process holds the lock already (a capture's child, handed it by
        its parent: store/datafile/capture.py), and keeps it after.
        """
        require_regular(self.path)  # a FIFO, a device or a peer's link: no lock or temp file beside it either
        folder_gone = self._folder_gone()
        if not folder_gone:
            self._ensure_dir()  # the first save makes the folder
        storage: ChiefStorage = self._db.storage  # type: ignore[assignment]
        self.last_base = None
        try:
            # with the folder gone there is nothing to lock: work from memory, and keep the change
            with nullcontext() if folder_gone or locked else hold(lock_path(self.path), wait):
                remove_stale_temp_files(self.path)
                if self.deferred:
                    self._write_deferred()  # what the last command journaled, into the file before this one reads
                for attempt in range(ATTEMPTS):
                    last = attempt == ATTEMPTS - 1  # then a rename landing as we save is kept as a copy
                    merged, on_disk, signature, copies = self._gather(extra)
                    differs = not self._merged_as_read and merged != (on_disk or {})
                    unusable: dict[str, Any] = {}
                    data = upgrade(merged, self.path, unusable)
                    self.clock.observe(data[META]["chief"].get("clock"))
                    storage.begin(data, own=True)  # merged is this command's own copy, table by table
                    tx = Tx(self._db, data, self.clock, wallclock.now())
                    try:
                        result = command(tx)
                    finally:
                        new = storage.end()
                    if not tx.touches and not tx.dirty and not differs and not copies and not unusable:
                        self.known, self.signature, self.unsaved, self.save_problem = new, signature, False, ""
                        if self._journal_read:  # all it held is in the file already
                            journal.clear(self.path)
                        return result, new, []
                    if Signature.of(self.path) != signature and not (last and signature is not None):
                        continue  # replaced underneath us by rename: do it again on the new file
                    if (self.defer_saves and tx.touches and signature is not None and not folder_gone
                            and not (tx.dirty or differs or copies or unusable or extra or self.damaged or self.unsaved)
                            and self._journal(new, tx.touches)):
                        if not self.deferred:
                            self._touched = {} if self.known is self._raw_data and self._raw_trusted else None
                        if self._touched is not None:
                            for touch in tx.touches:
                                self._touched.setdefault(touch.table, set()).add(touch.id)
                        if self._merged_as_read:  # what we knew, copied, and only the touched records changed
                            self.last_base = on_disk
                        self.known, self.signature, self.deferred = new, signature, True
                        if self.on_deferred is not None:
                            self.on_deferred()
                        return result, new, tx.touches
                    try:
                        if self.damaged:
                            self._rescue(new, changed=bool(tx.touches or tx.dirty or extra))
                        if unusable:
                            self._quarantine(unusable)
                        self._save(new, signature, insist=last)
                    except Replaced:
                        continue  # a sync tool's rename landed while we saved: it stays; merge it, do it again
                    except SaveError as err:
                        err.touches = tx.touches  # type: ignore[attr-defined]
                        err.result = result  # type: ignore[attr-defined]
                        raise
                    if self._journal_read:  # what it held is in the file now
                        journal.clear(self.path)
                    for found in copies:
                        set_aside(found)
                    return result, new, tx.touches
                raise SaveError(_('{path} keeps changing underneath: not saved, try again').format(path=self.path))
        except (LockBusy, LockFailed, PermissionError) as err:
            raise SaveError(self._lock_problem(err, wait)) from None

    def _lock_problem(self, err: Exception, wait: float) -> str:
        """Why the file's lock could not be had, in one line."""
        if isinstance(err, LockBusy):
            return _('{path} is locked by another Chief process (waited {wait:g} s)').format(path=self.path, wait=wait)
        if isinstance(err, LockFailed):
            return _('cannot lock {path}: {reason}').format(path=self.path, reason=os_reason(err))
        return _('cannot lock {path}: permission denied in {parent}').format(path=self.path, parent=self.path.parent)

    def prepare_journal(self) -> None:
        """The journal made ready for the first deferred save (store/datafile/journal.py); nothing when it cannot be."""
        try:
            journal.prepare(self.path)
        except OSError:
            pass  # the first command's append tries again, and saves the file at once if it cannot

    def _journal(self, data: Data, touches: list[Touch]) -> bool:
        """Append the records ``touches`` name, as ``data`` holds them, to the journal; False if it cannot be written."""
        records: Data = {}
        for touch in touches:
            record = data.get(touch.table, {}).get(touch.id)
            if record is not None:
                records.setdefault(touch.table, {})[touch.id] = record
        try:
            journal.append(self.path, self._database_id(data), records)
        except (OSError, TypeError, ValueError):  # no room, no right: the file is saved now instead, as always
            return False
        return True

    def _write_deferred(self) -> None:
        """Under the lock: the changes the journal holds into the data file, and the journal emptied.

        The file as we last wrote or read it: the cheap save of ``known``.
        Changed since (another process saved, a sync tool replaced it): the
        change becomes an unsaved one, which ``apply`` reads, merges and saves.
        A failed save leaves it unsaved too (and the journal as it is).
        """
        touched, self._touched = self._touched, None
        self.deferred, self.unsaved = False, True
        if self.damaged or self.known is None or Signature.of(self.path) != self.signature:
            return
        entries, present = journal.read(self.path)
        ours = self._database_id(self.known)
        for db, records in entries:
            if db is not None and ours is not None and db != ours:
                return  # not only ours: the full way sets it aside
            for table, found in records.items():
                current = self.known.get(table)
                if table == META or not isinstance(current, dict):
                    continue
                if any(key not in current or merge_record(current[key], record) is not current[key] for key, record in found.items()):
                    return  # another dashboard's lines: the full way
        try:
            self._save(self.known, self.signature, touched=touched)
        except SaveError:
            return
        if present:
            journal.clear(self.path)

    def save_deferred(self, wait: float = 15) -> bool:
        """Write what the last commands journaled into the data file (the dashboard calls it after the paint).

        True when that took the full way (the file had changed since: read and merged).
        """
        if not self.deferred:
            return False
        try:
            with hold(lock_path(self.path), wait):
                self._write_deferred()
        except (LockBusy, LockFailed, PermissionError) as err:  # kept here and in the journal: the next read saves it
            self.deferred, self.unsaved = False, True
            self.save_problem = self._lock_problem(err, wait)
            raise SaveError(self.save_problem) from None
        if not self.unsaved:
            return False
        self.apply(lambda tx: None)  # read, merge and save the full way (raises SaveError if it cannot)
        return True

    def _rescue(self, data: Data, *, changed: bool) -> None:
        """The data file is damaged: keep everything in a file beside it, and say so."""
        self.known, self.unsaved = data, True
        if self.rescue is None:
            self.rescue = self.path.with_name(f"{self.path.stem}.rescued-{time.strftime('%Y%m%dT%H%M%S')}{self.path.suffix}")
        if changed or not self.rescue.exists():
            write_atomic(self.rescue, serialize(data))
        raise SaveError(
            _("{path} is damaged ({damaged}); nothing was written over it: everything is kept in {rescue} (restore a backup with 'chief doctor')").format(path=self.path, damaged=self.damaged, rescue=self.rescue)
        )

    def _quarantine(self, values: dict[str, Any]) -> None:
        """Keep meta values Chief cannot use in a file beside the data file, before the save drops them."""
        target = quarantine_path(self.path)
        write_atomic(target, quarantine_text(self.path, values))
        names = ", ".join(sorted(printable(str(name)) for name in values))
        self.notices.append(
            _("{name}: meta values from another machine could not be used ({names}): replaced, the old values kept in {target}")
            .format(name=self.path.name, names=names, target=target)
        )

    def _save(self, data: Data, signature: Signature | None, insist: bool = False,
              touched: dict[str, set[str]] | None = None) -> None:
        """Stamp our device's mark, drop tombstones everyone has seen, and write atomically.

        ``touched``: the only records of those tables that can differ from the
        bytes last written (the splice then looks at nothing else).
        """
        self._give_back_blocks()
        meta = data[META]["chief"]
        mark = self.clock.now()
        meta["clock"] = mark
        meta["devices"] = {**(meta.get("devices") or {}), self.clock.device: mark}
        if self._collect_tombstones(data):
            touched = None  # records dropped that no command touched: the splice looks at every record
        before = self.known, self.unsaved
        self.known, self.unsaved = data, True  # until the write below succeeds
        if self._folder_gone():
            raise SaveError(_('the folder {parent} is gone: nothing was saved (your changes are kept here)').format(parent=self.path.parent))
        kept = backup(self.path, good=signature) if signature is not None else None  # a file we read: good
        encoded = None
        if self._raw_exact():
            encoded = splice_bytes(self._raw, self._raw_data, data, touched)  # a few lines, not the whole file
        if encoded is None:
            encoded = serialize_bytes(data)
        try:
            self.signature = write_atomic(self.path, encoded, expect=signature, insist=insist, remove_later=self.work_later)
        except SaveError as err:
            if kept is not None:  # not a backup of anything: the live file is unchanged
                kept.unlink(missing_ok=True)
            if isinstance(err, Replaced):
                self.known, self.unsaved = before  # the command runs again on the new file: not twice
                raise
            self.save_problem = str(err)
            raise
        self.unsaved, self.save_problem = False, ""
        self._raw, self._raw_data, self._raw_trusted = encoded, data, True
        note = fingerprints.remember_later if self.work_later else fingerprints.remember
        note(self.path, encoded, self.signature)  # a capture from another shell may now splice into it

    def _collect_tombstones(self, data: Data) -> bool:
        """In a save: drop tombstones every device has seen, at most once a minute (a pass over every record).

        Whether it looked (and may have dropped some).
        """
        if not self.collect_in_saves or time.monotonic() - self._collected_at < COLLECT_EVERY_S:
            return False
        self._collected_at = time.monotonic()
        drop_collectable(data)
        return True

    def collect_tombstones(self) -> int:
        """Drop the tombstones every device has seen now, saving only if any went; how many went."""

        def command(tx: Tx) -> int:
            gone = drop_collectable(tx.data)
            tx.dirty = bool(gone)
            return gone

        return self.apply(command)[0]


def drop_collectable(data: Data) -> int:
    """Delete from ``data`` the tombstones every device has seen since; how many were deleted."""
    meta = data[META]["chief"]
    forgotten = set(meta.get("forgotten") or [])
    marks = [m for d, m in (meta.get("devices") or {}).items() if d not in forgotten and isinstance(m, str)]
    now = time.time()
    gone = 0
    for table in (ITEMS, TEAM):
        records = data.get(table, {})
        for key in [k for k, r in records.items() if collectable(r, now, marks, stamp_time)]:
            del records[key]
            gone += 1
    return gone


def forget_device(replica: Replica, device: str) -> bool:
    """Stop waiting for a machine that will never come back before dropping tombstones."""

    def command(tx: Tx) -> bool:
        meta = tx.data[META]["chief"]
        if device not in (meta.get("devices") or {}):
            return False
        meta["forgotten"] = sorted(set(meta.get("forgotten") or []) | {device})
        tx.dirty = True
        return True

    return replica.apply(command)[0]

