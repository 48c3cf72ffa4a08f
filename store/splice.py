"""Writing a one-record change without re-encoding the whole file.

Chief's file has one record per line in key order, so a change to a few
records is a change to a few lines: the new text is the old text with those
lines replaced, inserted or removed. This keeps a save of one change cheap at
any file size. Whenever the old text is not exactly in Chief's own layout
(a hand edit, another tool), ``splice`` returns None and the caller encodes
the whole file instead; a test checks that both ways give the same bytes.
"""

from __future__ import annotations

import bisect
from typing import Any, Mapping

from store.storage import record_line, table_header

Data = Mapping[str, Mapping[str, Any]]


def _index(lines: list[str], old: Data) -> dict[str, tuple[int, int, list[str]]] | None:
    """Each table's first and last record line and its keys, if the layout is Chief's own."""
    found: dict[str, tuple[int, int, list[str]]] = {}
    tables = sorted(old)
    position = 1
    if not lines or lines[0] != "{":
        return None
    for t, table in enumerate(tables):
        if position >= len(lines) or lines[position] != table_header(table):
            return None
        start = position + 1
        count = len(old[table])
        end = start + count
        keys = []
        for line in lines[start:end]:
            if not line.startswith('"'):
                return None
            close = line.find('"', 1)
            if close < 0 or line[close : close + 3] != '": ':
                return None
            keys.append(line[1:close])
        if keys != sorted(old[table]) or end >= len(lines):
            return None
        if lines[end] != ("}," if t < len(tables) - 1 else "}"):
            return None
        found[table] = (start, end, keys)
        position = end + 1
    if lines[position:] != ["}", ""]:
        return None
    return found


def splice(old_text: str, old: Data, new: Data) -> str | None:
    """The text for ``new``, made from ``old_text`` (the text of ``old``), or None."""
    if sorted(old) != sorted(new):
        return None
    lines = old_text.split("\n")
    index = _index(lines, old)
    if index is None:
        return None
    out: list[str] = []
    cursor = 0
    for table in sorted(new):
        start, end, keys = index[table]
        before, after = old[table], new[table]
        changed = {k for k, r in after.items() if before.get(k) is not r and before.get(k) != r}
        removed = before.keys() - after.keys()
        out.extend(lines[cursor:start])
        cursor = end
        if not changed and not removed:
            out.extend(lines[start:end])
            continue
        # every line carries its comma while we work; only the last one loses it at the end
        body = lines[start:end]
        if body:
            body[-1] += ","
        current = list(keys)
        for key in sorted(removed, reverse=True):
            at = bisect.bisect_left(current, key)
            del current[at], body[at]
        for key in sorted(changed):
            at = bisect.bisect_left(current, key)
            line = record_line(key, after[key]) + ","
            if at < len(current) and current[at] == key:
                body[at] = line
            else:
                current.insert(at, key)
                body.insert(at, line)
        if body:
            body[-1] = body[-1][:-1]
        out.extend(body)
    out.extend(lines[cursor:])
    return "\n".join(out)
