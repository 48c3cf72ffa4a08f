"""The hybrid logical clock that stamps every change, and this machine's device id.

A stamp is wall-clock milliseconds, a counter and the device id, formatted
with fixed widths so that string order is clock order. The clock never goes
backwards and always moves past any stamp it has seen, so a change made after
seeing another one sorts after it even when the two machines' clocks disagree.
The device id lives in the local state dir and never in the synced file.

The fields never widen (a wider field would sort before a narrower one and
make a later change lose): at the counter's limit the clock carries into the
milliseconds, as an odometer does. A stamp more than a day ahead of this
machine's wall clock is refused: no synced clock is that far off, so it can
only be damage or a hostile file, and following it would pin every later
stamp near it (and, near the end of the field, past it). A day is far more
than any real clock skew, and small enough that a refused stamp is never
waited out by accident.
"""

from __future__ import annotations

import os
import _thread
import time

from chief.store.datafile import notes, paths

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

_MS_WIDTH = 15  # milliseconds since 1970 fit in 13 digits until the year 2286; 15 leaves room
_COUNTER_WIDTH = 6
MAX_MS = 10**_MS_WIDTH - 1
MAX_COUNTER = 10**_COUNTER_WIDTH - 1
FUTURE_BOUND_MS = 24 * 3600 * 1000  # how far ahead of the wall clock a stamp may be (see above)
DEVICE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
DEVICE_LENGTH = 10


def make_stamp(ms: int, counter: int, device: str) -> str:
    """A stamp; ValueError for a time or counter that does not fit its field (it would sort wrong)."""
    if not (0 <= ms <= MAX_MS and 0 <= counter <= MAX_COUNTER):
        raise ValueError(f"clock value out of range: {ms}-{counter}")
    return f"{ms:0{_MS_WIDTH}d}-{counter:0{_COUNTER_WIDTH}d}-{device}"


_DEVICE_AT = _MS_WIDTH + 1 + _COUNTER_WIDTH + 1  # MILLISECONDS-COUNTER-DEVICE


def is_stamp_text(text: str) -> bool:
    """Whether ``text`` has a stamp's form: 15 ASCII digits, 6 more, then a device (``\\d{15}-\\d{6}-.+``).

    Every record's newest stamp is checked this way when the file is read: by hand, at C speed, no pattern.
    """
    head = text[:_DEVICE_AT]
    return (len(text) > _DEVICE_AT and text[_MS_WIDTH] == "-" and text[_DEVICE_AT - 1] == "-" and head.isascii()
            and text[:_MS_WIDTH].isdigit() and text[_MS_WIDTH + 1 : _DEVICE_AT - 1].isdigit())


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    """(milliseconds, counter, device) of a stamp; ValueError when it is not one (any type)."""
    if not isinstance(stamp, str):
        raise ValueError(f"not a clock stamp: a {type(stamp).__name__}")
    if not is_stamp_text(stamp):
        raise ValueError(f"not a clock stamp: {stamp[:40]!r}")
    return int(stamp[:_MS_WIDTH]), int(stamp[_MS_WIDTH + 1 : _DEVICE_AT - 1]), stamp[_DEVICE_AT:]


def future_bound(wall_ms: int) -> str:
    """The greatest stamp accepted at ``wall_ms``: every stamp above it is refused (see above)."""
    return make_stamp(min(wall_ms + FUTURE_BOUND_MS, MAX_MS), MAX_COUNTER, "~")  # "~" sorts after every device id


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


_bound_now: list = [-1, ""]  # (wall-clock second, its bound): one bound a second, not one a record


def bound_now() -> str:
    """The future bound at this second, for checking many stamps (a second's precision is plenty)."""
    second = int(time.time())
    if _bound_now[0] != second:
        _bound_now[:] = [second, future_bound(second * 1000)]
    return _bound_now[1]


def stamp_time(stamp: str) -> float:
    """The wall-clock seconds a stamp was made at (for ages, such as a tombstone's)."""
    return parse_stamp(stamp)[0] / 1000


class HybridClock:
    """Stamps for one device; thread-safe, monotonic, and pushed forward by what it sees."""

    def __init__(self, device: str, wall_ms: Callable[[], int] | None = None) -> None:
        self.device = device
        self._wall_ms = wall_ms or wall_clock_ms
        self._ms = 0
        self._counter = 0
        self._lock = _thread.allocate_lock()  # the documented primitive under threading.Lock, without threading's import

    def now(self) -> str:
        """A stamp greater than every stamp made or seen before.

        At the counter's limit the count carries into the milliseconds, so the
        stamp stays the same width and still sorts after the one before.
        """
        with self._lock:
            wall = min(self._wall_ms(), MAX_MS)
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            elif self._counter < MAX_COUNTER:
                self._counter += 1
            else:
                self._ms, self._counter = self._ms + 1, 0  # observe() keeps _ms a day from MAX_MS at most
            return make_stamp(self._ms, self._counter, self.device)

    def observe(self, stamp: object) -> bool:
        """Move past a stamp seen in the data, so our next change sorts after it.

        False when the stamp is refused: not a stamp at all, or more than a
        day ahead of our wall clock (followed, it would carry our clock there).
        """
        if not stamp:
            return True
        try:
            ms, counter, _device = parse_stamp(stamp)  # type: ignore[arg-type]
        except ValueError:
            return False
        with self._lock:
            if stamp > future_bound(self._wall_ms()):  # type: ignore[operator]
                return False
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter
            return True


def device_id(state: str | os.PathLike[str] | None = None) -> str:
    """This machine's id, made once and kept in the local state dir (never synced)."""
    folder = os.fspath(state) if state is not None else paths.state_dir_text()
    target = os.path.join(folder, "device-id")
    try:
        with open(target, encoding="ascii") as handle:
            found = handle.read().strip()
        if len(found) == DEVICE_LENGTH and all(c in DEVICE_ALPHABET for c in found):
            return found
    except (OSError, UnicodeDecodeError):
        pass
    made = "".join(DEVICE_ALPHABET[b % 32] for b in os.urandom(DEVICE_LENGTH))  # 32 divides 256: unbiased
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        tmp = os.path.join(folder, f".device-id.{os.getpid()}")
        with open(tmp, "w", encoding="ascii") as handle:
            handle.write(made + "\n")
        try:
            os.link(tmp, target)  # fails if another process made one first: use theirs
        except FileExistsError:
            notes.remove(tmp)
            return device_id(folder)
        notes.remove(tmp)
    except OSError:
        pass  # a read-only state dir: this run gets an id of its own, stamps still sort
    return made
