"""Merging two copies of the data, field by field, with nothing lost.

Every field of every record carries the stamp of the change that set it
(``_stamps``; ``"*"`` is the stamp of the fields not listed, normally the
record's creation). Merging keeps, for each field, the value with the greater
stamp, so two machines that edited different fields of one item both keep
their edit, and of two edits to one field the later wins.

Deleting is a stamped tombstone: ``_deleted`` holds the field stamps the
deleter had seen. A record is gone only while no field carries a change the
deleter had not seen; an edit made after or concurrently with the delete
brings it back, so nothing typed disappears silently.

A field that holds a map of records of its own (``NESTED``: an item's steps)
is merged the same way one level down: record by record, each field by its
own stamp (``_stamps`` inside the step), each removal a tombstone of its own
(``_deleted``), so two machines ticking different steps while apart both
count and a step added on each side gives both. The field's own stamp is the
greater of the two, so an item's tombstone still sees any step change.

The merge is commutative, associative and idempotent (the property tests
check it with three replicas), so copies can be merged in any order, any
number of times, and all machines converge to the same data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from chief.store import json_text
from chief.store.sync.hlc import bound_now
from chief.store.structs import field, struct

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


STAMPS = "_stamps"
DELETED = "_deleted"
ARCHIVE = "_archive"  # the year of the archive file a deleted record went to
DEFAULT = "*"
META = "meta"
META_KEY = "chief"
TOMBSTONE_DAYS = 30
NESTED = frozenset({"steps"})  # fields holding a map of records, merged record by record (see above)

if TYPE_CHECKING:
    Record = dict[str, Any]
    Data = dict[str, dict[str, Any]]


_dump = json_text.encoder(sort_keys=True, ensure_ascii=False, default=str)  # json.dumps(value, these options)


def stamps_of(record: Mapping[str, Any]) -> Mapping[str, str]:
    stamps = record.get(STAMPS)
    return stamps if isinstance(stamps, dict) else {}


def field_stamp(record: Mapping[str, Any], name: str) -> str:
    stamps = stamps_of(record)
    stamp = stamps.get(name, stamps.get(DEFAULT, ""))
    return stamp if isinstance(stamp, str) else ""


def field_names(record: Mapping[str, Any]) -> set[str]:
    return {k for k in record if k != STAMPS}


def newest_stamp(record: Mapping[str, Any]) -> str:
    return max((field_stamp(record, f) for f in field_names(record)), default="")


def newest_nested_stamp(record: Mapping[str, Any]) -> str:
    """The greatest stamp inside the record's nested records (its steps); "" for none."""
    newest = ""
    for name in NESTED:
        value = record.get(name)
        if isinstance(value, dict):
            for inner in value.values():
                if isinstance(inner, dict):
                    newest = max(newest, newest_stamp(inner))
    return newest


def is_live(record: Any) -> bool:
    """False only for a tombstone that no later or concurrent edit has overtaken."""
    if not isinstance(record, dict):
        return True  # not ours to judge: shown as a problem, never dropped
    seen = record.get(DELETED)
    if not isinstance(seen, dict):
        return True
    seen_default = _as_stamp(seen.get(DEFAULT, ""))
    for name in field_names(record) - {DELETED, ARCHIVE}:
        if field_stamp(record, name) > _as_stamp(seen.get(name, seen_default)):
            return True
    return False


def _as_stamp(value: Any) -> str:
    """A tombstone's stamp; anything else, or one from the future (damage), is no stamp at all.

    A record with such a tombstone is live, so it is shown as a problem
    (store/sync/poison.py) instead of crashing a comparison, or of being deleted
    by a stamp no later edit could ever beat.
    """
    if not isinstance(value, str) or value > bound_now():
        return ""
    return value


def merge_record(a: Any, b: Any) -> Any:
    """One record from two copies: for each field the value with the greater stamp."""
    if a is b or a == b:
        return a
    if not isinstance(a, dict) or not isinstance(b, dict):
        # a damaged record on one side: keep a record if there is one, else decide by content
        return max((a, b), key=lambda r: (isinstance(r, dict), _dump(r)))
    default = min(field_stamp(a, DEFAULT), field_stamp(b, DEFAULT)) if STAMPS in a and STAMPS in b else ""
    merged: Record = {}
    stamps: dict[str, str] = {}
    for name in sorted(field_names(a) | field_names(b)):
        if name not in b:
            value, stamp = a[name], field_stamp(a, name)
        elif name not in a:
            value, stamp = b[name], field_stamp(b, name)
        elif name in NESTED and isinstance(a[name], dict) and isinstance(b[name], dict):
            value, stamp = _merge_nested(a[name], b[name]), max(field_stamp(a, name), field_stamp(b, name))
        else:
            value, stamp = _later(a, b, name)
        merged[name] = value
        if stamp != default:
            stamps[name] = stamp
    if default:
        stamps[DEFAULT] = default
    if stamps:
        merged[STAMPS] = stamps
    if merged.get(ARCHIVE) and not is_live(merged):
        return archived_stub(merged)
    return merged


def _later(a: Record, b: Record, name: str) -> tuple[Any, str]:
    """The value of ``name`` with the greater stamp, and that stamp; equal stamps: by content, either way round.

    The same as taking the greater of (stamp, JSON of the value), but the JSON,
    the slow part, is made only when the stamps tie.
    """
    stamp_a, stamp_b = field_stamp(a, name), field_stamp(b, name)
    if stamp_a != stamp_b:
        return (a[name], stamp_a) if stamp_a > stamp_b else (b[name], stamp_b)
    if a[name] == b[name] or _dump(a[name]) >= _dump(b[name]):
        return a[name], stamp_a
    return b[name], stamp_b


def _merge_nested(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """A map of records from two copies: each record merged as a record (see ``merge_record``)."""
    if a == b:
        return a
    return {key: merge_record(a[key], b[key]) if key in a and key in b else a.get(key, b.get(key))
            for key in sorted(a.keys() | b.keys())}


def stamp_nested(current: Any, wanted: Mapping[str, Any], stamp: str) -> dict[str, Any]:
    """The nested records ``wanted`` says, each changed field stamped ``stamp``, written over ``current``.

    ``wanted`` is what a command (or an undo) wants the map to hold, as values
    (``Tx.get`` hands records out that way: live entries, no stamps): a record
    missing from it is removed (a tombstone of its own; one already removed
    stays as it is), a new one is added, one removed before comes back, and of
    the others only the fields whose value differs get the new stamp, so a
    merge with another machine's change to another step, or another field of
    the same step, keeps both. An undo puts back values, never old stamps.
    """
    now = dict(current) if isinstance(current, dict) else {}
    result: dict[str, Any] = {}
    for key in sorted(now.keys() | wanted.keys()):
        old, new = now.get(key), wanted.get(key)
        if key not in wanted:
            result[key] = _nested_removed(old, stamp)
            continue
        if not isinstance(new, dict):  # not a record: never written over what is there
            result[key] = new if old is None else old
            continue
        if not isinstance(old, dict):
            result[key] = {**new, STAMPS: {DEFAULT: stamp}}
            continue
        record, stamps = dict(old), dict(stamps_of(old))
        for name in sorted(new.keys() | (field_names(old) - {DELETED, ARCHIVE})):
            if name in new and (name not in old or old[name] != new[name]):
                record[name], stamps[name] = new[name], stamp
        if not is_live(old):  # wanted again: the step comes back
            record[DELETED], stamps[DELETED] = None, stamp
        record[STAMPS] = stamps
        result[key] = record
    return result


def nested_changes(before: Any, after: Any) -> dict[str, tuple[Record | None, Record | None, set[str]]]:
    """What a command did to a nested map (as ``Tx.get`` hands it out), entry by entry.

    For each entry it changed: the entry before (None: the command made it),
    after (None: it removed it), and the names of the fields whose value
    differs. Undo's check (``check_replay``) and its replay (:func:`replay_nested`)
    both read a command's step change from here.
    """
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    changes = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        old = old if isinstance(old, dict) else None
        new = new if isinstance(new, dict) else None
        if old != new:
            names = {n for n in (old or {}).keys() | (new or {}).keys() if (old or {}).get(n) != (new or {}).get(n)}
            changes[key] = (old, new, names)
    return changes


def replay_nested(current: Any, before: Any, after: Any) -> dict[str, Any]:
    """What an undo (or redo) wants a nested map to hold: ``current`` with only the change from ``before`` to ``after`` made.

    A command's record of a step map holds every step; putting all of it back
    would also take back another machine's tick that arrived since. As for a
    record's fields (store/sync/undo.py), only the steps and fields the command
    changed are set back; everything else stays as it is now.
    """
    wanted = {k: dict(v) if isinstance(v, dict) else v for k, v in (current if isinstance(current, dict) else {}).items()}
    for key, (old, new, names) in nested_changes(before, after).items():
        if new is None:
            wanted.pop(key, None)  # the command made it: the undo removes it
        elif old is None or not isinstance(wanted.get(key), dict):
            wanted[key] = dict(new)  # it comes back
        else:
            wanted[key].update((name, new[name]) for name in names if name in new)
    return wanted


def _nested_removed(record: Any, stamp: str) -> Any:
    """A nested record removed: a tombstone of the stamps it had (an edit made concurrently brings it back)."""
    if not isinstance(record, dict) or not is_live(record):
        return record
    return {**record, DELETED: tombstone(record), STAMPS: {**stamps_of(record), DELETED: stamp}}


def archived_stub(record: Mapping[str, Any]) -> Record:
    """What an archived record leaves in the live file: where it went, and what it had seen.

    Its values live in the archive file; if a change it had not seen brings it
    back, the archived copy is merged in again (see ``Replica``), so nothing
    made before the archiving is lost either.
    """
    stamps = stamps_of(record)
    kept = {name: stamps[name] for name in (DEFAULT, DELETED, ARCHIVE) if name in stamps}
    stub: Record = {DELETED: record.get(DELETED), ARCHIVE: record.get(ARCHIVE)}
    if kept:
        stub[STAMPS] = kept
    return stub


_META_SHAPES = {"devices": dict, "forgotten": list}


def _merge_meta(a: Any, b: Any) -> Any:
    """The database's own record: versions and clocks by maximum, known devices by union."""
    if a == b or not isinstance(a, dict) or not isinstance(b, dict):
        return merge_record(a, b)
    merged: Record = {}
    for name in sorted(a.keys() | b.keys()):
        if name not in b or name not in a:
            merged[name] = a.get(name, b.get(name))
        elif name == "database_id":
            merged[name] = min(a[name], b[name], key=_dump)
        elif name in ("schema", "clock"):
            merged[name] = max(a[name], b[name], key=lambda v: (isinstance(v, (int, str)), _dump(v)))
        elif name == "devices" and isinstance(a[name], dict) and isinstance(b[name], dict):
            merged[name] = {d: max(a[name].get(d, ""), b[name].get(d, ""), key=_dump) for d in a[name].keys() | b[name].keys()}
        elif name == "forgotten" and isinstance(a[name], list) and isinstance(b[name], list):
            merged[name] = sorted(set(map(str, a[name])) | set(map(str, b[name])))
        elif name in _META_SHAPES:  # one side damaged: the value of the right shape wins, never the damage
            shape = _META_SHAPES[name]
            merged[name] = max(a[name], b[name], key=lambda v: (isinstance(v, shape), _dump(v)))
        else:
            merged[name] = max(a[name], b[name], key=_dump)
    return merged


def merge_data(*copies: Mapping[str, Any] | None) -> Data:
    """All copies merged into one; the order does not matter.

    The same object given twice counts once (the file as we last wrote it is
    often also what we know): one copy alone is just copied, table by table.
    """
    distinct = [c for n, c in enumerate(copies) if c and all(c is not d for d in copies[:n])]
    if len(distinct) == 1:
        return {table: dict(records) for table, records in distinct[0].items() if isinstance(records, dict)}
    result: Data = {}
    for copy in distinct:
        if not copy:
            continue
        for table, records in copy.items():
            if not isinstance(records, dict):
                continue
            target = result.setdefault(table, {})
            merge_one = _merge_meta if table == META else merge_record
            for key, record in records.items():
                target[key] = merge_one(target[key], record) if key in target else record
    return result


@struct
class Arrivals:
    """What a merge brought into the file, in items (for ``chief merge``)."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.deleted)


def arrivals(before: Mapping[str, Any], after: Mapping[str, Any], table: str = "items") -> Arrivals:
    """Which records are new, changed or deleted in ``after`` compared with ``before``."""
    old, new = before.get(table, {}) or {}, after.get(table, {}) or {}
    found = Arrivals()
    for key, record in new.items():
        previous = old.get(key)
        if previous is None or not is_live(previous):
            if is_live(record):
                found.new.append(key)
        elif not is_live(record):
            found.deleted.append(key)
        elif previous != record:
            found.changed.append(key)
    found.deleted.extend(key for key in old.keys() - new.keys() if is_live(old[key]))
    found.deleted.sort()
    return found


def tombstone(record: Mapping[str, Any]) -> dict[str, str]:
    """What a deleter records: the stamp of every field as it saw them (the common one once)."""
    default = field_stamp(record, DEFAULT)
    seen = {DEFAULT: default}
    for name in field_names(record) - {DELETED, ARCHIVE}:
        stamp = field_stamp(record, name)
        if stamp != default:
            seen[name] = stamp
    return seen


def collectable(record: Any, now_s: float, device_marks: Iterable[str], stamp_seconds) -> bool:
    """A tombstone old enough, and seen by every known device, may finally be dropped."""
    if is_live(record) or not isinstance(record, dict):
        return False
    deleted_at = field_stamp(record, DELETED)
    if not deleted_at:
        return False
    try:
        age_days = (now_s - stamp_seconds(deleted_at)) / 86400
    except ValueError:
        return False
    return age_days > TOMBSTONE_DAYS and all(mark > deleted_at for mark in device_marks)


def nested_content(value: Any) -> Any:
    """A nested map as the user sees it: its live records without their bookkeeping."""
    if not isinstance(value, dict):
        return value
    return {key: {k: v for k, v in r.items() if k not in (STAMPS, DELETED)} if isinstance(r, dict) else r
            for key, r in value.items() if is_live(r)}


def content(data: Mapping[str, Any] | None) -> Data:
    """What the user sees in the data: live records without their stamps, and no clock bookkeeping.

    Two copies with the same content hold the same items and team, whatever
    their stamps; tests and ``chief merge`` compare copies this way.
    """
    seen: Data = {}
    for table, records in (data or {}).items():
        if not isinstance(records, dict):
            continue
        if table == META:
            seen[table] = {
                key: {k: v for k, v in r.items() if k not in ("clock", "devices")} if isinstance(r, dict) else r
                for key, r in records.items()
            }
            continue
        seen[table] = {
            key: {k: nested_content(v) if k in NESTED else v for k, v in r.items() if k not in (STAMPS, DELETED, ARCHIVE)}
            if isinstance(r, dict) else r
            for key, r in records.items()
            if is_live(r)
        }
    return seen
