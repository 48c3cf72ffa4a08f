"""Writing a few changed records without re-encoding the whole file.

Chief's file has one record per line in key order (see ``storage.serialize``),
so a change to a few records is a change to a few lines: the new bytes are the
old bytes with those lines replaced, inserted or removed. ``splice_bytes``
finds them without decoding, splitting or joining the whole file: the tables
by their header lines, searched from the end of the file (a record line never
holds a raw line break, since JSON escapes them and ``storage`` escapes
U+2028/2029, so a line ``"name": {`` can only open a table and a line starting
with ``}`` can only close one); the records by a binary search over line starts
within their table. The Python work is proportional to the changes; the rest
is ``bytes.rfind`` and one ``b"".join`` over zero-copy slices.

The old bytes must be exactly ``serialize(old)`` encoded: then the result is
exactly ``serialize(new)`` encoded (a property test checks it). The caller
only passes bytes known to be in that layout (bytes it wrote itself, or bytes
``chief.store.datafile.fingerprints`` knows this machine wrote). Whatever is not as expected
(a line that is not the record it should be, a table missing, a table added)
gives None, and the caller encodes the whole file instead.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from itertools import compress, repeat

from chief.store.datafile.storage import record_line, table_header
from chief.store.json_text import scanstring

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    Data = Mapping[str, Mapping[str, Any]]

_MISSING = object()
_END = b"\n}\n}\n"  # the last table's closing line, then the file's


class _Mismatch(ValueError):
    """The bytes are not the layout of the old data."""


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[list[str], set[str]]:
    """The keys of ``after`` that are new or changed, and the keys it no longer has.

    A record that is the very object we wrote is unchanged: records are never
    changed in place (a transaction copies one before changing it). The
    identity test runs in C, through ``map`` and ``compress``; only the few
    records that are other objects are compared, in Python.
    """
    keys = list(after)
    other = compress(keys, map(operator.is_not, map(before.get, keys, repeat(_MISSING)), after.values()))
    changed = [k for k in other if before.get(k, _MISSING) != after[k]]
    kept = len(after) - sum(1 for k in changed if k not in before)
    removed = before.keys() - after.keys() if kept != len(before) else set()  # kept == all: none removed
    return changed, removed


def _changes_among(before: Mapping[str, Any], after: Mapping[str, Any], keys: Iterable[str]) -> tuple[list[str], set[str]]:
    """``_changes`` when only ``keys`` can differ: every other key of either table is the same record object in both.

    The dashboard's save knows which records its commands touched since the
    bytes were written (``Replica``): then a save of one change looks at one
    record, not at every record of a large table (a property test holds it to
    the scan).
    """
    changed = [k for k in keys if k in after and before.get(k, _MISSING) is not after[k] and before.get(k, _MISSING) != after[k]]
    removed = {k for k in keys if k in before and k not in after}
    return changed, removed


def _tables(raw: bytes, tables: list[str]) -> dict[str, tuple[int, int]]:
    """Each table's body as (the line break that ends its header, the one before its closing line).

    The body is ``raw[h:close]``: empty, or one ``\\n`` + record line per
    record, with a comma between records. The headers are found from the end
    of the file, so reaching the small tables after a large one costs nothing.
    """
    found: dict[str, tuple[int, int]] = {}
    close = len(raw) - len(_END) if tables else 0
    if not tables or raw[close:] != _END:
        raise _Mismatch("not Chief's layout")
    for number in range(len(tables) - 1, -1, -1):
        header = b"\n" + table_header(tables[number]).encode("utf-8") + b"\n"
        if number == 0:
            at = 1
            if raw[:1] != b"{" or not raw.startswith(header, at):
                raise _Mismatch("not Chief's layout")
        else:
            at = raw.rfind(header, 0, close + 1)
        h = at + len(header) - 1
        if at < 1 or h > close:
            raise _Mismatch(f"table {tables[number]!r} not found")
        found[tables[number]] = (h, close)
        if number:
            if raw[at - 3 : at] != b"\n},":
                raise _Mismatch("not Chief's layout")
            close = at - 3
    return found


def key_at(raw: bytes, start: int) -> str:
    """The key of the record line starting at ``start`` (Chief's layout: one record a line, the key first).

    The capture fast path reads its insertion point with it too.
    """
    if raw[start : start + 1] != b'"':
        raise _Mismatch("not a record line")
    quote = raw.index(b'"', start + 1)
    key = raw[start + 1 : quote]
    if b"\\" not in key:
        return key.decode("utf-8")
    line = raw[start : raw.index(b"\n", start)].decode("utf-8")  # an escaped key: JSON reads it
    return scanstring(line, 1)[0]


def _line_start(raw: bytes, h: int, close: int, key: str) -> int:
    """Where the line of ``key`` is or would go: the start of the first line whose key is not less.

    ``close + 1`` when every key is less. A binary search over byte offsets:
    every line start in ``[h + 1, close]`` follows a line break.
    """
    low, high = h + 1, close + 1
    while low < high:
        mid = (low + high) // 2
        start = raw.rfind(b"\n", h, mid) + 1  # the start of the line holding ``mid``
        end = raw.index(b"\n", start)
        if key_at(raw, start) < key:
            low = end + 1
        else:
            high = start
    return low


def _table(raw: bytes, h: int, close: int, before: Mapping[str, Any], after: Mapping[str, Any],
           changed: list[str], removed: set[str]) -> list[Any]:
    """The new body of one table, as pieces to join.

    The body is handled as if its last line had a comma too (a virtual comma
    at ``close``): then every record is one unit, line break + line + comma,
    and inserting or removing a unit never touches its neighbours. The one
    comma too many, at the very end, is dropped at the end.
    """
    view = memoryview(raw)
    body_end = close + 1 if close > h else h  # where the body ends, virtual comma included
    edits: list[tuple[int, int, str, bytes]] = []  # (start, end, key, new bytes); ``close`` is the virtual comma
    for key in removed:
        start = _line_start(raw, h, close, key)
        end = _old_line_end(raw, start, close, key, before[key])
        edits.append((start - 1, end + 1, key, b""))  # the unit: line break, line, comma
    for key in changed:
        start = _line_start(raw, h, close, key)
        line = record_line(key, after[key]).encode("utf-8")
        if key in before:
            end = _old_line_end(raw, start, close, key, before[key])
            edits.append((start, end, key, line))
        else:
            if start <= close and key_at(raw, start) == key:
                raise _Mismatch(f"{key!r} is in the bytes but not in the old data")
            at = start - 1 if start <= close else body_end
            edits.append((at, at, key, b"\n" + line + b","))
    edits.sort()
    pieces: list[Any] = []
    cursor = h
    for start, end, _key, new in edits:
        if start < cursor:
            raise _Mismatch("overlapping changes")
        _body(view, pieces, cursor, start, close)
        pieces.append(new)
        cursor = end
    _body(view, pieces, cursor, body_end, close)
    while pieces and not pieces[-1]:
        pieces.pop()
    if pieces:
        if pieces[-1][-1:] != b",":
            raise _Mismatch("a record line without its comma")
        pieces[-1] = pieces[-1][:-1]
    return pieces


def _old_line_end(raw: bytes, start: int, close: int, key: str, record: Any) -> int:
    """Where the line of ``key`` ends (its comma, virtual for the last), checked against its old record."""
    line = record_line(key, record).encode("utf-8")
    end = start + len(line)
    if start > close or not raw.startswith(line, start):
        raise _Mismatch(f"the line of {key!r} is not its old record")
    if end != close and raw[end : end + 2] != b",\n":
        raise _Mismatch(f"the line of {key!r} is not its old record")
    return end


def _body(view: memoryview, pieces: list[Any], start: int, end: int, close: int) -> None:
    """Body bytes ``[start, end)`` unchanged; ``close`` is the position of the virtual comma."""
    if start >= end:
        return
    if end > close:  # takes in the virtual comma after the last line
        pieces.append(view[start:close])
        pieces.append(b",")
    else:
        pieces.append(view[start:end])


def splice_bytes(raw: bytes, old: Data, new: Data, touched: Mapping[str, Iterable[str]] | None = None) -> bytes | None:
    """The bytes of ``new``, made from ``raw`` (exactly the encoded ``serialize(old)``), or None.

    ``touched``: for some tables, the only keys whose records can differ
    between ``old`` and ``new`` (see ``_changes_among``); the other tables are scanned.
    """
    tables = sorted(new)
    if sorted(old) != tables:
        return None  # a table added or removed: rare, the whole file is encoded
    changes = {}
    for table in tables:
        keys = touched.get(table) if touched is not None else None
        changed, removed = _changes(old[table], new[table]) if keys is None else _changes_among(old[table], new[table], keys)
        if changed or removed:
            changes[table] = (changed, removed)
    if not changes:
        return raw
    try:
        spans = _tables(raw, tables)
        view = memoryview(raw)
        out: list[Any] = []
        cursor = 0
        for table, (changed, removed) in changes.items():  # in table order, as ``tables`` is
            h, close = spans[table]
            out.append(view[cursor:h])
            out.extend(_table(raw, h, close, old[table], new[table], changed, removed))
            cursor = close
        out.append(view[cursor:])
        return b"".join(out)
    except (ValueError, IndexError):  # _Mismatch, a key not UTF-8 or not JSON, a line without its end
        return None


def splice(old_text: str, old: Data, new: Data) -> str | None:
    """``splice_bytes`` for text (the text of ``old`` in Chief's layout); saves use the bytes."""
    spliced = splice_bytes(old_text.encode("utf-8"), old, new)
    return None if spliced is None else spliced.decode("utf-8")
