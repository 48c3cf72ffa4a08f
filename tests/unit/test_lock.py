"""The data file's lock (store/datafile/lock.py): held for the block, released however it ends."""

from __future__ import annotations

import os
import time

import pytest

from chief.store.datafile.lock import LockBusy, LockFailed, hold


def test_the_lock_is_held_in_the_block_and_released_after(tmp_path):
    path = tmp_path / ".~lock.chief.json"
    with hold(str(path), 1):
        with pytest.raises(LockBusy):  # another open of the lock file: flock refuses it while held
            with hold(path, 0.02):
                pass
    with hold(path, 0.02):  # released: taken again at once
        pass


def test_an_error_in_the_block_passes_through_and_releases_the_lock(tmp_path):
    path = tmp_path / ".~lock.chief.json"
    with pytest.raises(KeyError, match="inside"):
        with hold(path, 1):
            raise KeyError("inside")
    with hold(path, 0.02):
        pass
    lock = hold(path, 1)
    with pytest.raises(ZeroDivisionError):
        with lock:
            1 / 0  # noqa: B018
    with lock:  # the same object again, as a new one
        pass


def test_a_lock_file_that_cannot_be_made_is_lock_failed(tmp_path):
    with pytest.raises(LockFailed):
        with hold(tmp_path / "no such folder" / ".~lock.x", 0.02):
            pass


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a capture's child is forked")
def test_leaving_the_block_does_not_free_the_lock_a_forked_child_still_holds(tmp_path):
    """A Ctrl-C between a capture's fork and its hand-over leaves the block by an exception: the child,
    which shares the lock's descriptor and writes under it, keeps the lock until it ends."""
    path = tmp_path / ".~lock.chief.json"
    with pytest.raises(KeyboardInterrupt):
        with hold(path, 1):
            child = os.fork()
            if child == 0:
                time.sleep(1)
                os._exit(0)
            raise KeyboardInterrupt
    try:
        with pytest.raises(LockBusy):
            with hold(path, 0.05):
                pass
    finally:
        os.waitpid(child, 0)
    with hold(path, 0.05):  # the child's end let it go
        pass
