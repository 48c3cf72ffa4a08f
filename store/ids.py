"""Record ids: ULIDs made with the standard library.

Two machines inserting while apart must never pick the same id, so ids are
random (80 bits) and sortable by creation time (48 bits of milliseconds), never
TinyDB's counter. Within one process ids are strictly increasing even inside
one millisecond, so records made in a burst keep their order.
"""

from __future__ import annotations

import os
import threading
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
_lock = threading.Lock()
_last = 0


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def new_id() -> str:
    """A new 26-character ULID, greater than any made before in this process."""
    global _last
    with _lock:
        value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
        if value <= _last:
            value = _last + 1
        _last = value
    return _encode(value, 26)


def is_id(text: str) -> bool:
    """Whether ``text`` looks like a ULID (used to tell ids from prefixes)."""
    return len(text) == 26 and all(c in _ALPHABET for c in text.upper())
