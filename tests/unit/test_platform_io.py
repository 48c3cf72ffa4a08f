"""The C library as the exchange reaches it (store/datafile/platform_io.py): through ``_ctypes``, answering as
``ctypes.CDLL(None, use_errno=True)`` does, and an exchange that truly swaps where the system can."""

from __future__ import annotations

import ctypes
import errno
import os
import sys

import pytest

from chief.store.datafile import platform_io

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the process's own C library, as on Linux")


def test_the_c_library_answers_as_ctypes_does():
    lib, reference = platform_io._libc(), ctypes.CDLL(None, use_errno=True)
    assert isinstance(lib, platform_io._CLibrary)
    assert lib.getpid() == reference.getpid() == os.getpid()
    assert lib.close(-1) == -1 and platform_io._errno() == errno.EBADF  # errno kept, as use_errno keeps it
    assert reference.close(-1) == -1 and ctypes.get_errno() == errno.EBADF
    assert getattr(lib, "no_such_function_anywhere", None) is None
    assert lib.getpid is lib.getpid  # looked up once


def test_the_exchange_swaps_two_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_text("first")
    second.write_text("second")
    if not platform_io.exchange(first, second):
        pytest.skip("this file system cannot swap")
    assert (first.read_text(), second.read_text()) == ("second", "first")


def test_without_ctypes_private_module_ctypes_itself_is_used(monkeypatch):
    monkeypatch.setitem(sys.modules, "_ctypes", None)  # `import _ctypes` raises ImportError
    with pytest.raises(ImportError):
        platform_io._CLibrary(None)
    monkeypatch.undo()
    monkeypatch.setattr(platform_io, "_CLibrary", lambda name: (_ for _ in ()).throw(ImportError("no _ctypes")))
    lib = platform_io._libc()
    assert isinstance(lib, ctypes.CDLL) and lib.getpid() == os.getpid()
