"""A long-running dashboard gives the memory of large freed blocks back to the system (issue 17: peak memory).

A save or a re-read at 10,000 items makes and frees megabytes of file bytes;
glibc's default (a threshold that rises to the largest block freed) serves
them from the heap, whose holes stay resident. ``give_back_large_blocks``
fixes the threshold at 1 MiB, so each such block is unmapped when freed.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from chief.store.datafile import platform_io

GROWTH = """
import re, sys
from chief.store.datafile import platform_io
def rss():
    return int(re.search(r"VmRSS:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
if sys.argv[1] == "given back":
    assert platform_io.give_back_large_blocks()
if sys.argv[1] == "dashboard":
    from chief.store.desk import Desk
    desk = Desk(sys.argv[2])
    desk.keep_housekeeping_out_of_saves()
    desk.capture("first")  # asked at the first save (or re-read), after the first paint
first = b"x" * (20 << 20)  # a large block, freed: by default the threshold rises to its size
del first
start = rss()
second = b"y" * (10 << 20)  # now below the threshold: from the heap, which keeps it
del second
print(rss() - start)
"""


def _growth_kib(how: str, *args: str) -> int:
    return int(subprocess.run([sys.executable, "-c", GROWTH, how, *args], capture_output=True, text=True, check=True).stdout)


@pytest.mark.skipif(platform_io.SYSTEM != "linux" or not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_a_freed_large_block_goes_back_to_the_system(tmp_path):
    if _growth_kib("as is") < 8 * 1024:
        pytest.skip("this C library gives large blocks back by itself")
    assert _growth_kib("given back") < 1024
    assert _growth_kib("dashboard", str(tmp_path / "chief.json")) < 1024  # what the dashboard's desk asks for


def test_elsewhere_nothing_is_asked(monkeypatch):
    monkeypatch.setattr(platform_io, "SYSTEM", "macos")
    assert platform_io.give_back_large_blocks() is False


def test_the_dashboard_asks_only_at_its_first_save_or_re_read(tmp_path, monkeypatch):
    """Not before the first paint (the C library is reached through ctypes, which the start-up leaves out)."""
    from chief.store.desk import Desk

    asked = []
    monkeypatch.setattr(platform_io, "give_back_large_blocks", lambda: asked.append(1) or True)
    Desk(tmp_path / "chief.json").capture("there")
    desk = Desk(tmp_path / "chief.json")
    desk.keep_housekeeping_out_of_saves()
    desk.board()
    assert asked == []  # the first reading: before the first paint
    Desk(tmp_path / "chief.json").capture("from the shell")
    desk.board()  # a re-read
    desk.capture("mine")
    assert asked == [1]  # once
