"""Other systems: a save on Windows and macOS keeps every guarantee it has on Linux, and never crashes.

Each test pretends to be another system in this process: ``os.name`` and
``sys.platform`` say so while ``chief.store.datafile.platform_io`` chooses its primitives
(as it does once at start-up), and chief.store.datafile.storage and chief.store.datafile.platform_io then
see an ``os`` that behaves as that system's does:

- Windows: a folder cannot be opened with ``os.open`` (PermissionError);
  ``ctypes.CDLL(None)`` raises; a file opened without ``O_BINARY`` is in
  text mode (each ``\\n`` written becomes ``\\r\\n``); ``os.replace`` fails
  with PermissionError while another program holds the file open.
- macOS: ``fcntl.F_FULLFSYNC`` exists and is the real flush (fsync alone
  leaves the data in the drive's cache); the C library has ``renamex_np``
  with ``RENAME_SWAP``, not ``renameat2``.
- Linux without ``renameat2`` (an old C library, a file system that refuses).

Every test asserts on the data file's bytes. On the original build (before
``chief.store.datafile.platform_io``) each of them fails: a traceback on Windows, \\r\\n in
the file, no F_FULLFSYNC, a sync tool's file written over.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import sys
from pathlib import Path

import pytest

from faults.faultkit import temp_files
from chief.store.datafile import storage
from chief.store.desk import Desk
from chief.store.datafile.storage import read_file, serialize
from chief.tui.cli import main

try:
    from chief.store.datafile import platform_io
except ImportError:  # the original build: the tests below then fail on what they check
    platform_io = None

CONFLICT_GLOB = "*.sync-conflict-*"


def titles_in(path: Path) -> list[str]:
    data, _ = read_file(path)
    return sorted(r["title"] for r in data["items"].values() if isinstance(r, dict) and "title" in r)


def assert_chief_bytes(path: Path) -> None:
    """The file is exactly what Chief serializes: binary, one record per line, no \\r anywhere."""
    raw = path.read_bytes()
    assert b"\r" not in raw
    data, _ = read_file(path)
    assert raw == serialize(data).encode("utf-8")


class PretendOs:
    """``os`` as chief.store.datafile.storage and chief.store.datafile.platform_io see it on another system (everything else is real)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.text_mode: set[int] = set()
        self.held: int = 0  # on Windows: how many more replaces fail, the file being open elsewhere
        self.replace_refusals = 0
        self.dir_opens: list[str] = []
        if name == "nt":
            self.O_BINARY = 0x8000

    def open(self, path, flags, mode=0o777, **kwargs):
        if self.name == "nt":
            if os.path.isdir(path):
                self.dir_opens.append(str(path))
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            binary = flags & self.O_BINARY
            fd = os.open(path, flags & ~self.O_BINARY, mode, **kwargs)
            if not binary:
                self.text_mode.add(fd)
            return fd
        return os.open(path, flags, mode, **kwargs)

    def write(self, fd, data):
        if fd in self.text_mode:  # the C runtime's text mode: what was asked is not what lands
            os.write(fd, bytes(data).replace(b"\n", b"\r\n"))
            return len(data)
        return os.write(fd, data)

    def close(self, fd):
        self.text_mode.discard(fd)
        return os.close(fd)

    def replace(self, src, dst):
        if self.held and Path(dst).name == "chief.json":
            self.held -= 1
            self.replace_refusals += 1
            raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used "
                                  "by another process", str(src))
        return os.replace(src, dst)

    def __getattr__(self, name):
        return getattr(os, name)


@pytest.fixture
def pretend(monkeypatch):
    """``pretend("windows" | "macos" | "linux")``: this process now chose that system's primitives."""

    def become(system: str) -> PretendOs:
        fake = PretendOs("nt" if system == "windows" else "posix")
        platform = {"windows": "win32", "macos": "darwin", "linux": "linux"}[system]
        monkeypatch.setattr(storage, "os", fake)
        if platform_io is not None:
            monkeypatch.setattr(platform_io, "os", fake)
            with monkeypatch.context() as choosing:  # only while choosing: pathlib reads os.name too
                choosing.setattr(sys, "platform", platform)
                platform_io.choose()
            assert platform_io.SYSTEM == system
        if system == "windows":
            def no_dlopen_of_none(*args, **kwargs):
                raise TypeError("LoadLibrary() argument 1 must be str, not None")  # as ctypes.CDLL(None) on Windows
            monkeypatch.setattr(ctypes, "CDLL", no_dlopen_of_none)
        return fake

    return become


@pytest.fixture(autouse=True)
def _rechoose_after(monkeypatch):
    """After each test: the real ``os`` back first, then this machine's own primitives chosen again."""
    yield
    if platform_io is not None:
        monkeypatch.undo()
        platform_io.choose()


def cli_add(data_file: Path, monkeypatch, title: str, capsys) -> tuple[int, str]:
    monkeypatch.setenv("CHIEF_FILE", str(data_file))
    capsys.readouterr()
    code = main(["add", title])
    return code, capsys.readouterr().err


# Windows ---------------------------------------------------------------------------


def test_windows_saves_the_exact_bytes_without_ctypes_or_opening_a_folder(pretend, data_file, local_state,
                                                                          frozen_time, monkeypatch, capsys, report):
    fake = pretend("windows")
    results = [cli_add(data_file, monkeypatch, f"on windows {n}", capsys) for n in range(3)]  # new file, then splices
    desk = Desk(data_file)
    desk.capture("through the dashboard's path")
    assert results == [(0, "")] * 3
    assert titles_in(data_file) == ["on windows 0", "on windows 1", "on windows 2", "through the dashboard's path"]
    assert_chief_bytes(data_file)
    assert fake.dir_opens == []
    assert temp_files(data_file.parent) == []
    report("other systems: windows saves", trials=4, lost=0)


def test_windows_waits_for_a_file_another_program_holds_open(pretend, data_file, local_state, frozen_time,
                                                             monkeypatch, capsys):
    fake = pretend("windows")
    waits = []
    if platform_io is not None:
        monkeypatch.setattr(platform_io, "_sleep", waits.append)
    assert cli_add(data_file, monkeypatch, "first", capsys) == (0, "")
    fake.held = 3  # a virus scanner has it open for a moment
    assert cli_add(data_file, monkeypatch, "second", capsys) == (0, "")
    assert fake.replace_refusals == 3 and len(waits) == 3
    assert titles_in(data_file) == ["first", "second"]
    assert_chief_bytes(data_file)
    assert temp_files(data_file.parent) == []


def test_windows_a_file_held_open_for_good_gives_one_line(pretend, data_file, local_state, frozen_time, monkeypatch,
                                                          capsys):
    fake = pretend("windows")
    if platform_io is not None:
        monkeypatch.setattr(platform_io, "_sleep", lambda s: None)
    assert cli_add(data_file, monkeypatch, "first", capsys) == (0, "")
    before = data_file.read_bytes()
    fake.held = 10**6
    code, err = cli_add(data_file, monkeypatch, "never saved", capsys)
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "another program keeps it open" in err, err
    assert data_file.read_bytes() == before
    assert temp_files(data_file.parent) == [] and list(data_file.parent.glob(CONFLICT_GLOB)) == []


# macOS -----------------------------------------------------------------------------


class FakeLibSystem:
    """macOS's C library as far as a save uses it: renamex_np with RENAME_SWAP, no renameat2."""

    RENAME_SWAP = 2

    def __init__(self) -> None:
        self.swaps: list[int] = []
        self._linux = ctypes.CDLL(None, use_errno=True)

    def renamex_np(self, first: bytes, second: bytes, flags: int) -> int:
        self.swaps.append(flags)
        assert flags == self.RENAME_SWAP
        return self._linux.renameat2(-100, first, -100, second, 2)  # the same atomic swap, done by this machine


@pytest.fixture
def full_fsyncs(monkeypatch):
    """A fake F_FULLFSYNC: each call recorded (and an fsync done), as macOS's fcntl would flush."""
    calls: list[int] = []
    real = fcntl.fcntl
    monkeypatch.setattr(fcntl, "F_FULLFSYNC", 51, raising=False)

    def fake_fcntl(fd, cmd, *args):
        if cmd == 51:
            calls.append(fd)
            os.fsync(fd)
            return 0
        return real(fd, cmd, *args)

    monkeypatch.setattr(fcntl, "fcntl", fake_fcntl)
    return calls


def test_macos_flushes_with_full_fsync_and_swaps_with_renamex_np(pretend, full_fsyncs, data_file, local_state,
                                                                 frozen_time, monkeypatch, capsys):
    libsystem = FakeLibSystem()
    if platform_io is not None:
        monkeypatch.setattr(platform_io, "_libc", lambda: libsystem)
    pretend("macos")
    for n in range(3):
        assert cli_add(data_file, monkeypatch, f"on a mac {n}", capsys) == (0, "")
    Desk(data_file).capture("through the dashboard's path")
    assert titles_in(data_file) == ["on a mac 0", "on a mac 1", "on a mac 2", "through the dashboard's path"]
    assert_chief_bytes(data_file)
    assert len(full_fsyncs) >= 2 * 4, "each save flushes its file and its folder with F_FULLFSYNC"
    assert len(libsystem.swaps) == 3, "each save over a file read swaps it in with renamex_np(RENAME_SWAP)"
    assert temp_files(data_file.parent) == []


def test_macos_a_file_system_refusing_full_fsync_gets_fsync(pretend, data_file, local_state, frozen_time,
                                                            monkeypatch, capsys):
    monkeypatch.setattr(fcntl, "F_FULLFSYNC", 51, raising=False)
    refused, fsyncs = [], []
    real_fsync = os.fsync

    def refusing(fd, cmd, *args):
        refused.append(cmd)
        raise OSError(errno.ENOTSUP, "Operation not supported")  # an SMB share, a FAT stick

    monkeypatch.setattr(fcntl, "fcntl", refusing)
    fake = pretend("macos")
    fake.fsync = lambda fd: (fsyncs.append(fd), real_fsync(fd))[1]
    assert cli_add(data_file, monkeypatch, "on a share", capsys) == (0, "")
    assert cli_add(data_file, monkeypatch, "again", capsys) == (0, "")
    assert titles_in(data_file) == ["again", "on a share"]
    assert_chief_bytes(data_file)
    assert refused and len(fsyncs) >= len(refused), "every refused F_FULLFSYNC falls back to fsync"


# a system without an atomic swap ---------------------------------------------------


def test_without_renameat2_a_sync_tools_rename_during_a_save_is_not_written_over(pretend, data_file, local_state,
                                                                                 frozen_time, monkeypatch):
    class OldLibc:  # no renameat2: glibc before 2.28
        pass

    if platform_io is not None:
        monkeypatch.setattr(platform_io, "_libc", lambda: OldLibc())
    real_cdll = ctypes.CDLL
    monkeypatch.setattr(ctypes, "CDLL", lambda *a, **k: OldLibc() if a and a[0] is None else real_cdll(*a, **k))
    fake = pretend("linux")
    desk = Desk(data_file)
    desk.capture("mine")
    theirs, _ = read_file(data_file)
    theirs["items"]["01FROMTHEOTHERMACHINE00000"] = {
        "title": "from the other machine", "status": "inbox", "created": "2026-11-25T01:00:00Z",
        "updated": "2026-11-25T01:00:00Z"}
    incoming = data_file.with_name(f".syncthing.{data_file.name}.tmp")
    incoming.write_bytes(serialize(theirs).encode("utf-8"))
    landed = []
    real_fsync = os.fsync

    def fsync_then_sync_lands(fd):
        real_fsync(fd)
        if not landed:  # Chief's temp file is on disk; its rename is to come
            landed.append(True)
            os.replace(incoming, data_file)

    fake.fsync = fsync_then_sync_lands
    desk.capture("added while the file was replaced")
    assert landed
    assert titles_in(data_file) == ["added while the file was replaced", "from the other machine", "mine"]
    assert list(data_file.parent.glob(CONFLICT_GLOB)) == []
    assert_chief_bytes(data_file)
