"""Reading a changed data file again by its changed lines only.

The dashboard holds the file's bytes as last read or written, and the data they
hold. When another process changes the file (a capture from the shell, a sync
tool bringing another machine's edits), most of its lines are the same bytes as
before: Chief's layout is one record per line, in key order (see
``storage.serialize``). ``changed_lines`` compares the new bytes with the old,
table by table, and parses only the lines that differ; every record on an
unchanged line is the very object held before. So a re-read costs memory and
time for what changed, not for the whole file: the old and the new file are not
both parsed and alive at once, and the board's cache of parsed items (keyed by
the record object) keeps every unchanged item as it was.

Within a table, the common start and end of the two bodies are found by
comparing bytes (C speed), so a capture's one new line and its meta line are
all the Python work there is; the lines between are compared as sets.

The old bytes must be exactly ``serialize(old)`` encoded (``layout_exact``
checks bytes the caller cannot vouch for; a save's own bytes are). The new
bytes are judged line by line: each changed line must be one whole record,
``"key": value`` and its comma, valid UTF-8 and JSON, with no key given twice,
in the same tables as before. Anything else (a table added or removed, a hand
edit spread over lines, a key twice, bytes that are not UTF-8, nesting too deep
to read) gives None, and the caller reads the file the full way, with the full
way's checks and messages: the result is always what the full reading gives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from chief.store.datafile.splice import _tables, key_at
from chief.store.datafile.storage import record_line, table_header

Data = dict[str, dict[str, Any]]

_BLOCK = 1 << 16  # bytes compared at a time while looking for the first difference


def _same_prefix(a: bytes, a_start: int, a_end: int, b: bytes, b_start: int, b_end: int) -> int:
    """How many bytes ``a[a_start:a_end]`` and ``b[b_start:b_end]`` have in common at their start."""
    limit = min(a_end - a_start, b_end - b_start)
    done = 0
    while done < limit:
        size = min(_BLOCK, limit - done)
        if a[a_start + done : a_start + done + size] == b[b_start + done : b_start + done + size]:
            done += size
            continue
        low, high = 0, size  # the first ``low`` bytes of this block are the same; some byte before ``high`` is not
        while high - low > 1:
            mid = (low + high) // 2
            if a[a_start + done : a_start + done + mid] == b[b_start + done : b_start + done + mid]:
                low = mid
            else:
                high = mid
        return done + low
    return limit


def _same_suffix(a: bytes, a_start: int, a_end: int, b: bytes, b_start: int, b_end: int) -> int:
    """How many bytes ``a[a_start:a_end]`` and ``b[b_start:b_end]`` have in common at their end."""
    limit = min(a_end - a_start, b_end - b_start)
    done = 0
    while done < limit:
        size = min(_BLOCK, limit - done)
        if a[a_end - done - size : a_end - done] == b[b_end - done - size : b_end - done]:
            done += size
            continue
        low, high = 0, size
        while high - low > 1:
            mid = (low + high) // 2
            if a[a_end - done - mid : a_end - done] == b[b_end - done - mid : b_end - done]:
                low = mid
            else:
                high = mid
        return done + low
    return limit


def _lines(raw: bytes, start: int, end: int, last: bool) -> list[bytes] | None:
    """The record lines in ``raw[start:end]`` (empty, or a line break before each line), each without its comma.

    Every line but the table's last (``last``: this stretch ends the table) has
    its comma; the table's last has none. None when that is not so.
    """
    if start == end:
        return []
    lines = raw[start + 1 : end].split(b"\n")
    for n, line in enumerate(lines):
        if last and n == len(lines) - 1:
            if line.endswith(b","):
                return None
        elif line.endswith(b","):
            lines[n] = line[:-1]
        else:
            return None
    return lines


def _record(line: bytes) -> tuple[str, Any] | None:
    """The key and record of one line that holds exactly one record, read as the full reading reads it; else None."""
    try:
        found = json.loads("{" + line.decode("utf-8") + "}")  # strict UTF-8, as the full reading decodes
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if len(found) != 1:
        return None
    return next(iter(found.items()))


def _table(old_raw: bytes, old_span: tuple[int, int], new_raw: bytes, new_span: tuple[int, int],
           old_records: Mapping[str, Any]) -> tuple[dict[str, Any], bool] | None:
    """One table of the new bytes, and whether its lines are still exactly ``record_line`` in key order; or None."""
    old_h, old_close = old_span
    new_h, new_close = new_span
    head = _same_prefix(old_raw, old_h, old_close, new_raw, new_h, new_close)
    tail = _same_suffix(old_raw, old_h + head, old_close, new_raw, new_h + head, new_close)
    # What differs lies between a line break before the first difference and one after the last
    # (or the end of the body); the bytes before and after are the same lines in both.
    start = max(new_raw.rfind(b"\n", new_h, new_h + head), new_h) - new_h
    new_end = new_raw.find(b"\n", new_close - tail, new_close)
    new_end = (new_close if new_end < 0 else new_end) - new_h
    old_end = new_end - (new_close - new_h) + (old_close - old_h)
    old_lines = _lines(old_raw, old_h + start, old_h + old_end, old_h + old_end == old_close)
    new_lines = _lines(new_raw, new_h + start, new_h + new_end, new_h + new_end == new_close)
    if old_lines is None or new_lines is None:
        return None
    records = dict(old_records)
    if not old_lines and not new_lines:
        return records, True
    try:
        gone = {line: key_at(line + b"\n", 0) for line in old_lines}  # (an escaped key is read up to the line's end)
    except ValueError:
        return None
    staying = set(new_lines)
    replaced = {key for line, key in gone.items() if line not in staying}  # changed or removed: their lines went
    if not replaced <= records.keys():
        return None
    exact = True
    keys: list[str] = []
    for line in new_lines:
        key = gone.get(line)
        if key is None:  # a changed or new line: the only ones parsed
            found = _record(line)
            if found is None:
                return None
            key = found[0]
            if key in replaced:
                replaced.discard(key)  # a changed record, in its place among the others
            elif key in records:  # a key twice: the full reading merges the copies
                return None
            records[key] = found[1]
            exact = exact and record_line(key, found[1]).encode("utf-8") == line
        keys.append(key)
    for key in replaced:  # the records whose lines are gone and not back
        del records[key]
    if len(records) != len(old_records) - len(old_lines) + len(new_lines):
        return None  # a line given twice
    if exact:  # in key order with the unchanged lines around them: as serialize writes the table
        if start:
            keys.insert(0, key_at(new_raw, new_raw.rfind(b"\n", new_h, new_h + start) + 1))
        if new_h + new_end < new_close:
            keys.append(key_at(new_raw, new_h + new_end + 1))
        exact = all(a < b for a, b in zip(keys, keys[1:]))
    return records, exact


def changed_lines(old_raw: bytes, old: Mapping[str, Mapping[str, Any]], new_raw: bytes) -> tuple[Data, bool] | None:
    """The tables ``new_raw`` holds, read by the lines that differ from ``old_raw``; or None (read the full way).

    ``old_raw`` must be exactly ``serialize(old)`` encoded. Every record on a
    line that did not change is the very object ``old`` holds. The flag says
    whether ``new_raw`` is exactly ``serialize`` of the result too (then a save
    may splice into it).
    """
    tables = sorted(old)
    try:
        old_spans = _tables(old_raw, tables)
        new_spans = _tables(new_raw, tables)
        result: Data = {}
        exact = True
        for table in tables:
            found = _table(old_raw, old_spans[table], new_raw, new_spans[table], old[table])
            if found is None:
                return None
            result[table], table_exact = found
            exact = exact and table_exact
    except (ValueError, IndexError, TypeError):  # a layout that is not Chief's, a key that is not JSON
        return None
    return result, exact


def layout_exact(raw: bytes, data: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether ``raw`` is exactly ``serialize(data)`` encoded, checked line by line without building the whole text.

    For bytes read from a file this machine cannot vouch for (another
    machine's, a generator's): once they are known to be Chief's exact layout,
    a re-read compares lines against them and a save splices into them.
    """
    tables = sorted(data)
    if not tables or not all(isinstance(data[t], dict) for t in tables):
        return False
    if raw.count(b"\n") != 2 + sum(2 + len(data[t]) for t in tables):
        return False  # not one line per record: not the layout, without encoding anything
    at = 0
    if not raw.startswith(b"{\n", at):
        return False
    at += 2
    for number, table in enumerate(tables):
        header = table_header(table).encode("utf-8") + b"\n"
        if not raw.startswith(header, at):
            return False
        at += len(header)
        records = data[table]
        last = len(records) - 1
        for n, key in enumerate(sorted(records)):
            line = record_line(key, records[key]).encode("utf-8") + (b",\n" if n < last else b"\n")
            if not raw.startswith(line, at):
                return False
            at += len(line)
        close = b"},\n" if number < len(tables) - 1 else b"}\n"
        if not raw.startswith(close, at):
            return False
        at += len(close)
    return raw[at:] == b"}\n"


class Earlier:
    """The bytes of the file as last read or written, and the data they hold, for the next read of it.

    ``read_changed`` lets go of the bytes once it has compared them, so that a
    full reading after it does not hold them too, and says whether the new
    bytes are exactly Chief's layout of what they hold (``exact``).
    """

    __slots__ = ("raw", "data", "exact")

    def __init__(self, raw: bytes, data: Mapping[str, Mapping[str, Any]]) -> None:
        self.raw: bytes | None = raw
        self.data: Mapping[str, Mapping[str, Any]] | None = data
        self.exact = False


def read_changed(earlier: Earlier, raw: bytes) -> Data | None:
    """The tables ``raw`` holds, read against ``earlier`` (see ``changed_lines``); None: read the whole file."""
    old_raw, old = earlier.raw, earlier.data
    earlier.raw = earlier.data = None
    if old_raw is None or old is None:
        return None
    found = changed_lines(old_raw, old, raw)
    del old_raw, old
    if found is None:
        return None
    earlier.exact = found[1]
    return found[0]
