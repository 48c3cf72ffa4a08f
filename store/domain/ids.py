"""Record ids: ULIDs made with the standard library.

Two machines inserting while apart must never pick the same id, so ids are
random (80 bits) and sortable by creation time (48 bits of milliseconds), never
TinyDB's counter. Within one process ids are strictly increasing even inside
one millisecond, so records made in a burst keep their order.
"""

from __future__ import annotations

import os
import _thread
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
_lock = _thread.allocate_lock()
_last = 0


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def new_id() -> str:
    """A new 26-character ULID, greater than any made before in this process.

    Ids made in one burst take the following milliseconds rather than counting
    up the random part, so no two of them share the first ten characters: the
    part of an id that ``chief list`` shows and ``chief done`` takes.
    """
    global _last
    with _lock:
        millis = max(time.time_ns() // 1_000_000, (_last >> 80) + 1)
        value = millis << 80 | int.from_bytes(os.urandom(10), "big")
        _last = value
    return _encode(value, 26)


def derived_id(key: str, millis: int) -> str:
    """A ULID made from ``key`` and a time, with no randomness: the same key always gives the same id.

    Two machines that derive a record's id while apart (importing the same
    task, adding the same person) make one record, which a merge joins.
    """
    import hashlib  # not on the capture path

    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return _encode((max(0, min(millis, 2**48 - 1)) << 80) | int.from_bytes(digest[:10], "big"), 26)


def member_id(name: str) -> str:
    """A team member's id from the name, case and spacing ignored (see ``derived_id``)."""
    import hashlib

    key = "member:" + " ".join(name.split()).casefold()
    return derived_id(key, int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[10:16], "big"))


def shown_width(ids: Iterable[str], minimum: int = 10) -> int:
    """How many leading characters tell each of ``ids`` from all the others (at least ``minimum``).

    Lists print ids this wide, so every id a list shows works as a prefix.
    Neighbours in sorted order share the longest prefixes, so one pass will do.
    """
    ordered = sorted(ids)
    needed = max((len(os.path.commonprefix([a, b])) + 1 for a, b in zip(ordered, ordered[1:])), default=0)
    return max(minimum, min(needed, 26))


def is_id(text: str) -> bool:
    """Whether ``text`` looks like a ULID (used to tell ids from prefixes)."""
    return len(text) == 26 and all(c in _ALPHABET for c in text.upper())
