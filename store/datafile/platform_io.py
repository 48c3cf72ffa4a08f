"""How a save reaches the disk on each system: one function per primitive, chosen once per process.

A save needs four things from the system, and each system gives them
differently (see ``SYSTEMS``):

- ``exchange(a, b)``: swap two names atomically, so that a file a sync tool
  renamed into place while we saved is displaced, never destroyed. Linux has
  ``renameat2(RENAME_EXCHANGE)``, macOS ``renamex_np(RENAME_SWAP)``; both are
  reached through ``_ctypes`` (the C module behind ctypes, whose own import
  costs more than the call), loaded at the first exchange only. Elsewhere, or on a file
  system that refuses (FAT, SMB), it returns False and the caller replaces.
- ``flush_file(fd)``: make a file's bytes durable. ``fsync``, except on macOS,
  where fsync only reaches the drive's cache and ``F_FULLFSYNC`` is the real
  flush (fsync when a file system refuses it).
- ``flush_folder(folder)``: make a rename durable. POSIX fsyncs the folder;
  Windows cannot open a folder with ``os.open`` and journals renames on NTFS,
  so there it does nothing.
- ``replace(src, dst)``: ``os.replace``. On Windows a file another program
  holds open (a virus scanner, an editor, the sync tool) refuses to be
  replaced for a moment: there it retries with bounded backoff, then raises
  ``FileBusy`` with one line for the user.

A long-running dashboard asks one more thing of the C library:
``give_back_large_blocks()``, so that the memory of a large file's bytes, freed
after a save or a re-read, goes back to the system at once (glibc; a no-op
elsewhere).

``OPEN_FLAGS`` opens a new temp file: private, exclusive, and binary
(``O_BINARY`` on Windows, where text mode would turn ``\\n`` into ``\\r\\n``).
"""

from __future__ import annotations

import errno
import os
import sys
import time

from chief.store.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Callable

SYSTEMS = ("linux", "macos", "windows", "posix")
REPLACE_TRIES = 12  # on Windows: 12 tries, waits doubling from 5 ms up to 0.25 s, about 1.5 s in all
REPLACE_FIRST_WAIT_S = 0.005
REPLACE_MAX_WAIT_S = 0.25
_LIBSYSTEM = "/usr/lib/libSystem.B.dylib"  # macOS's C library (in the dyld cache; dlopen by this name works)
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS sys/stdio.h
_AT_FDCWD = -100
_NOT_SUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOENT, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV})

_sleep = time.sleep  # the backoff's wait (tests count the waits instead of waiting)


class FileBusy(OSError):
    """Windows kept refusing to replace a file another program holds open."""


def system_name() -> str:
    """Which family of primitives this process uses, from ``os.name`` and ``sys.platform``."""
    if os.name == "nt":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    if sys.platform.startswith("linux"):
        return "linux"
    return "posix"


# exchange ------------------------------------------------------------------------


class _CLibrary:
    """A C library's functions as ``ctypes.CDLL(name, use_errno=True)`` gives them (each returns a C int and keeps
    errno), made with ``_ctypes``, the C module behind ctypes: importing ctypes itself defines some thirty types
    and costs ``chief add`` a twentieth of its time, for the one function a save calls."""

    def __init__(self, name: str | None) -> None:
        import _ctypes

        class CInt(_ctypes._SimpleCData):  # ctypes.c_int
            _type_ = "i"

        class Function(_ctypes.CFuncPtr):  # what CDLL makes for a library opened with use_errno=True
            _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_USE_ERRNO
            _restype_ = CInt

        self._function = Function
        self._handle = _ctypes.dlopen(name, _ctypes.RTLD_LOCAL)  # ctypes' default mode (dlopen adds RTLD_NOW)

    def __getattr__(self, symbol: str) -> Any:
        if symbol.startswith("__"):
            raise AttributeError(symbol)
        function = self._function((symbol, self))  # AttributeError when the library has no such symbol
        setattr(self, symbol, function)
        return function


def _libc() -> Any:
    """The C library's symbols (libSystem on macOS, the process's own elsewhere); None when it cannot be reached."""
    name = _LIBSYSTEM if SYSTEM == "macos" else None
    try:
        return _CLibrary(name)
    except (ImportError, OSError, TypeError, AttributeError):  # another Python's _ctypes: ctypes itself then
        pass
    try:
        import ctypes

        return ctypes.CDLL(name, use_errno=True)
    except (ImportError, OSError, TypeError):
        return None


LARGE_BLOCK = 1 << 20  # bytes: blocks this large get their own mapping, returned to the system when freed
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def give_back_large_blocks() -> bool:
    """Have glibc map every block of LARGE_BLOCK or more on its own, and unmap it when it is freed; whether it took.

    By default glibc raises that threshold to the size of the largest block
    freed so far (up to 32 MiB), so the file's bytes a dashboard makes at each
    save and re-read (megabytes at 10,000 items) come from the heap, whose
    holes are seldom given back: the process grows by some 10 MB over a
    working session at 10,000 items. Elsewhere (macOS, Windows, musl) nothing.
    """
    if SYSTEM != "linux":
        return False
    mallopt = getattr(_libc(), "mallopt", None)
    try:
        return bool(mallopt is not None and mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK))
    except (OSError, TypeError, ValueError):
        return False


def _errno() -> int:
    """errno as the last C call through :func:`_libc` left it (ctypes' get_errno is this one)."""
    import _ctypes

    return _ctypes.get_errno()


class _Exchange:
    """An atomic swap through a C function looked up at the first call (ctypes costs a capture time)."""

    def __init__(self, symbol: str, call: Callable[[Any, bytes, bytes], int]) -> None:
        self.symbol = symbol
        self.call = call
        self.function: Any = None
        self.looked_up = False

    def __call__(self, first: Path, second: Path) -> bool:
        if not self.looked_up:
            self.looked_up = True
            self.function = getattr(_libc(), self.symbol, None)  # a C library without it: None, from then on
        if self.function is None:
            return False
        if self.call(self.function, os.fsencode(first), os.fsencode(second)) == 0:
            return True
        code = _errno()
        if code in _NOT_SUPPORTED:
            return False  # this file system cannot swap (or the file is gone): the caller replaces
        raise OSError(code, os.strerror(code))


def _no_exchange(first: Path, second: Path) -> bool:
    """No atomic swap on this system: the caller checks, then replaces."""
    return False


# flushes -------------------------------------------------------------------------


def write_all(fd: int, data: bytes | memoryview) -> None:
    """Write every byte (``os.write`` may write fewer than asked, on a pipe, a full disk, a signal)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _full_fsync(fd: int) -> None:
    """macOS: F_FULLFSYNC asks the drive itself to flush; fsync where the file system refuses it."""
    import fcntl

    try:
        fcntl.fcntl(fd, fcntl.F_FULLFSYNC)  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        os.fsync(fd)


def _fsync(fd: int) -> None:
    os.fsync(fd)


def _posix_flush_folder(directory: Path) -> None:
    """fsync the folder so the rename itself survives a power cut."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        try:
            flush_file(fd)
        except OSError as err:
            if err.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise  # a file system that cannot flush folders (some network ones) says so: nothing more to do
    finally:
        os.close(fd)


def _no_flush_folder(directory: Path) -> None:
    """Windows: a folder cannot be opened with os.open; NTFS journals the rename itself."""


# replace -------------------------------------------------------------------------


def _replace(src: Path, dst: Path) -> None:
    os.replace(src, dst)


def _replace_retrying(src: Path, dst: Path) -> None:
    """Windows: another program holding ``dst`` open refuses the rename for a moment; wait, then say so."""
    wait = REPLACE_FIRST_WAIT_S
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(src, dst)
            return
        except PermissionError:  # ERROR_ACCESS_DENIED / ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION
            if attempt == REPLACE_TRIES - 1:
                break
            _sleep(wait)
            wait = min(wait * 2, REPLACE_MAX_WAIT_S)
    raise FileBusy(errno.EACCES, _("another program keeps it open (an editor, a virus scanner or a sync tool?)"))


# the choice ----------------------------------------------------------------------

SYSTEM = ""
OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL
exchange: Callable[[Path, Path], bool] = _no_exchange
flush_file: Callable[[int], None] = _fsync
flush_folder: Callable[[Path], None] = _posix_flush_folder
replace: Callable[[Path, Path], None] = _replace


def choose() -> str:
    """Pick this process's primitives (at import; again in tests that pretend to be another system)."""
    global SYSTEM, OPEN_FLAGS, exchange, flush_file, flush_folder, replace
    SYSTEM = system_name()
    OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    exchange, flush_file, flush_folder, replace = _no_exchange, _fsync, _posix_flush_folder, _replace
    if SYSTEM == "linux":
        exchange = _Exchange("renameat2", lambda f, a, b: f(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE))
    elif SYSTEM == "macos":
        exchange = _Exchange("renamex_np", lambda f, a, b: f(a, b, _RENAME_SWAP))
        flush_file = _full_fsync
    elif SYSTEM == "windows":
        flush_folder, replace = _no_flush_folder, _replace_retrying
    return SYSTEM


choose()
