"""The hybrid logical clock that stamps every change, and this machine's device id.

A stamp is wall-clock milliseconds, a counter and the device id, formatted
with fixed widths so that string order is clock order. The clock never goes
backwards and always moves past any stamp it has seen, so a change made after
seeing another one sorts after it even when the two machines' clocks disagree.
The device id lives in the local state dir and never in the synced file.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable

from chief.store.datafile import paths

_MS_WIDTH = 15  # milliseconds since 1970 fit in 13 digits until the year 2286; 15 leaves room
_COUNTER_WIDTH = 6
DEVICE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
DEVICE_LENGTH = 10


def make_stamp(ms: int, counter: int, device: str) -> str:
    return f"{ms:0{_MS_WIDTH}d}-{counter:0{_COUNTER_WIDTH}d}-{device}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    """(milliseconds, counter, device) of a stamp; ValueError when it is not one."""
    ms, counter, device = stamp.split("-", 2)
    if len(ms) != _MS_WIDTH or len(counter) != _COUNTER_WIDTH or not device:
        raise ValueError(f"not a clock stamp: {stamp!r}")
    return int(ms), int(counter), device


def stamp_time(stamp: str) -> float:
    """The wall-clock seconds a stamp was made at (for ages, such as a tombstone's)."""
    return parse_stamp(stamp)[0] / 1000


class HybridClock:
    """Stamps for one device; thread-safe, monotonic, and pushed forward by what it sees."""

    def __init__(self, device: str, wall_ms: Callable[[], int] | None = None) -> None:
        self.device = device
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._ms = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> str:
        """A stamp greater than every stamp made or seen before."""
        with self._lock:
            wall = self._wall_ms()
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._counter += 1
            return make_stamp(self._ms, self._counter, self.device)

    def observe(self, stamp: str | None) -> None:
        """Move past a stamp seen in the data, so our next change sorts after it."""
        if not stamp:
            return
        try:
            ms, counter, _ = parse_stamp(stamp)
        except ValueError:
            return
        with self._lock:
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter


def device_id(state: Path | None = None) -> str:
    """This machine's id, made once and kept in the local state dir (never synced)."""
    folder = state or paths.state_dir()
    target = folder / "device-id"
    try:
        found = target.read_text(encoding="ascii").strip()
        if len(found) == DEVICE_LENGTH and all(c in DEVICE_ALPHABET for c in found):
            return found
    except (OSError, UnicodeDecodeError):
        pass
    made = "".join(DEVICE_ALPHABET[b % 32] for b in os.urandom(DEVICE_LENGTH))  # 32 divides 256: unbiased
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = folder / f".device-id.{os.getpid()}"
        tmp.write_text(made + "\n", encoding="ascii")
        try:
            os.link(tmp, target)  # fails if another process made one first: use theirs
        except FileExistsError:
            tmp.unlink(missing_ok=True)
            return device_id(folder)
        tmp.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only state dir: this run gets an id of its own, stamps still sort
    return made
