"""The lock around every read-modify-write of the data file.

On POSIX this is ``flock`` on a lock file beside the data file, taken
directly: the same lock ``filelock`` takes, at none of its import cost, which
matters on the capture path (``chief add`` runs from scripts all day).
Elsewhere ``filelock`` does the job.
"""

from __future__ import annotations

import os
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class LockBusy(Exception):
    """Another process held the lock for longer than we were willing to wait."""


class LockFailed(OSError):
    """The lock file could not be made (a read-only disk, a folder that takes no files): an OSError, told apart."""


class hold:  # noqa: N801  (used as the function it was: ``with hold(path, 15):``)
    """Hold the lock at ``path`` for the ``with`` block, waiting at most ``timeout`` seconds.

    A class with ``__enter__``/``__exit__``, not ``contextlib.contextmanager``: the same
    behaviour (the lock is taken on entering, released however the block ends, and an
    exception passes through), without importing ``contextlib`` on a capture's path.
    """

    def __init__(self, path: str | os.PathLike[str], timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None
        self._filelock: Any = None

    def __enter__(self) -> hold:
        path, timeout = self.path, self.timeout
        if fcntl is None:
            from filelock import FileLock, Timeout

            lock = FileLock(str(path), timeout=timeout)
            try:
                lock.acquire()
            except Timeout:
                raise LockBusy(str(path)) from None
            self._filelock = lock
            return self
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
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def fileno(self) -> int | None:
        """The lock file's descriptor while this process holds an ``flock`` on it; else None."""
        return self._fd

    def hand_over(self) -> bool:
        """Let a forked child keep the lock: this process closes its descriptor without unlocking.

        ``flock`` belongs to the open file, which the child shares: it holds the lock
        until it ends (or lets go), so nobody reads the data file between the two.
        False where the lock is not an inherited ``flock`` (Windows): keep it here.
        """
        fd, self._fd = self._fd, None
        if fd is None:
            return False
        os.close(fd)
        return True

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._filelock is not None:
            lock, self._filelock = self._filelock, None
            lock.release()
            return
        fd, self._fd = self._fd, None
        if fd is not None:
            # closed, not unlocked first: closing lets the lock go, unless a child forked meanwhile shares the
            # descriptor (a capture's, store/datafile/capture.py), when an unlock would free it under the child's
            # write (a Ctrl-C between the fork and hand_over, say)
            os.close(fd)
