"""Crash points: a writer that SIGKILLs itself just before its Nth file-system call.

Imported by a writer process (a ``chief add`` loop or the dashboard driver)
when ``FAULT_KILL_AT`` is set. ``chief.store.datafile.storage`` then sees an ``os`` whose
open/write/fsync/close/replace/link/unlink count their calls (in chief.store.datafile.platform_io and .journal too), and the process
dies by SIGKILL before the Nth one: between writing the temp file and its
fsync, between the fsync and the rename, between the rename and the fsync of
the folder, in the middle of a backup's rotation. Random timing alone rarely
lands in those windows; counting calls lands in each of them.

``FAULT_FAST_BACKUPS=GEN`` also moves chief.store.datafile.storage's wall clock eleven
minutes on at every reading (and GEN days on per writer, so the clock never
goes back between writers): every save then makes a backup and rotates the
folder, so the crash points fall inside backups too.
"""

from __future__ import annotations

import os
import signal
import time

COUNTED = frozenset({"open", "write", "fsync", "close", "replace", "link", "unlink"})


class _CountingOs:
    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.calls = 0

    def __getattr__(self, name: str):
        real = getattr(os, name)
        if name not in COUNTED:
            return real

        def counted(*args, **kwargs):
            self.calls += 1
            if self.calls == self.kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return counted


class _FastClock:
    STEP = 11 * 60

    def __init__(self, generation: int) -> None:
        self.shift = generation * 86400.0

    def time(self) -> float:
        self.shift += self.STEP
        return time.time() + self.shift

    def time_ns(self) -> int:
        return time.time_ns() + int(self.shift * 10**9)

    def __getattr__(self, name: str):
        return getattr(time, name)


def install() -> None:
    from chief.store.datafile import journal
    from chief.store.datafile import platform_io
    from chief.store.datafile import storage

    kill_at = int(os.environ.get("FAULT_KILL_AT") or 0)
    if kill_at:
        # one count over all three: the flushes and renames of a save live in chief.store.datafile.platform_io,
        # the dashboard's journal of changes painted before their save in chief.store.datafile.journal
        storage.os = platform_io.os = journal.os = _CountingOs(kill_at)  # type: ignore[assignment]
    generation = os.environ.get("FAULT_FAST_BACKUPS")
    if generation:
        storage.time = _FastClock(int(generation))  # type: ignore[assignment]
