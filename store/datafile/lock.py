"""The lock around every read-modify-write of the data file.

On POSIX this is ``flock`` on a lock file beside the data file, taken
directly: the same lock ``filelock`` takes, at none of its import cost, which
matters on the capture path (``chief add`` runs from scripts all day).
Elsewhere ``filelock`` does the job.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class LockBusy(Exception):
    """Another process held the lock for longer than we were willing to wait."""


class LockFailed(OSError):
    """The lock file could not be made (a read-only disk, a folder that takes no files): an OSError, told apart."""


@contextmanager
def hold(path: Path, timeout: float) -> Iterator[None]:
    """Hold the lock at ``path`` for the ``with`` block, waiting at most ``timeout`` seconds."""
    if fcntl is None:
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(path), timeout=timeout):
                yield
        except Timeout:
            raise LockBusy(str(path)) from None
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except PermissionError:
        raise
    except OSError as err:
        raise LockFailed(err.errno, err.strerror, err.filename) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockBusy(str(path)) from None
                time.sleep(0.005)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
