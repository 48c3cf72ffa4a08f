"""A capture's child killed at every step of its write: nothing acknowledged is lost, the file never half.

``chief add`` answers once its item is durable in the journal; the child it forks
writes the file (store/datafile/capture.py). Here the child SIGKILLs itself
before its Nth file-system call (``crashpoint``: the temp file's open, each write,
the fsync, the rename, the folder's fsync, the backup, the journal's line taken
back), for every N from the first call to past the last. After each: the data
file parses, and what any Chief command reads (the file and the journal merged)
holds every item a capture printed.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys

import pytest

from chief.store.datafile import journal
from chief.store.datafile.storage import lock_path, read_file
from chief.store.desk import Desk

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the answer comes first only where a process can fork")

# The console script's path; in the forked child only, the crash points are installed first.
WRITER = """
import os, sys
sys.path.insert(0, os.environ["TESTS"])
from chief.store.datafile import capture
from faults import crashpoint
real = capture._write_in_child
def child(*args):
    crashpoint.install()
    real(*args)
capture._write_in_child = child
sys.argv = ["chief", *sys.argv[1:]]
from chief.tui.cli.run import main
sys.exit(main())
"""

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _free(path) -> None:
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the child holds it until it ends, killed or not
    finally:
        os.close(fd)


def test_no_capture_is_lost_whichever_step_of_its_write_is_killed(env, data_file, run_chief, report):
    run_chief("add", "seed", check=True)  # the file made the full way; every capture below answers first
    acknowledged, unreadable, answered_first = ["seed"], [], 0
    for kill_at in range(1, 19):
        title = f"第{kill_at}次"
        done = subprocess.run([sys.executable, "-c", WRITER, "add", title], text=True, encoding="utf-8",
                              env={**env, "FAULT_KILL_AT": str(kill_at), "TESTS": TESTS},
                              capture_output=True, timeout=60)
        assert done.returncode == 0 and title in done.stdout, done.stderr  # the parent is never the one killed
        acknowledged.append(title)
        _free(data_file)
        answered_first += journal.waiting(data_file) or title not in str(read_file(data_file)[0])
        try:
            read_file(data_file)
        except Exception as problem:  # noqa: BLE001  any failure to read is the finding
            unreadable.append(f"{kill_at}: {problem}")
        seen = {item.title for item in Desk(data_file).board().items.values()}  # merges the journal, saves
        lost = [t for t in acknowledged if t not in seen]
        assert not lost, (kill_at, lost)
        assert not journal.waiting(data_file)
    report("capture's child killed at each step", trials=len(acknowledged) - 1, lost=0)
    assert unreadable == []
    assert answered_first >= 5  # the kills did land before the file held the item (not only after)
    in_file = {record["title"] for record in read_file(data_file)[0]["items"].values()}
    assert set(acknowledged) <= in_file
