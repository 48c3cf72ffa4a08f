"""A capture started with stdin, stdout or stderr closed, each of its two guards on its own.

``chief add X <&- >&- 2>&-`` (a daemon's job, a careless script): the first file opened takes the
lowest free number, so without care the data file's lock could be descriptor 0, which the
capture's child points at /dev/null, letting the lock go while it writes. ``main`` gives a closed
standard stream /dev/null before anything is opened, and the child spares the descriptors it
keeps (the lock, the old file) whatever their numbers. Each is tested here alone, in a fresh
interpreter with the three closed.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the standard streams of a POSIX process")


def _closed_run(code: str, tmp_path) -> dict:
    """Run ``code`` with descriptors 0-2 closed; what it wrote to ``out.txt`` (a repr of a dict)."""
    out = tmp_path / "out.txt"

    def close_three() -> None:
        for fd in (0, 1, 2):
            os.close(fd)

    subprocess.run([sys.executable, "-c", code, str(out)], preexec_fn=close_three, timeout=60, check=True)
    return eval(out.read_text())  # noqa: S307  (written by the code above)


def test_main_gives_closed_standard_streams_dev_null_before_anything_is_opened(tmp_path):
    code = """
import os, subprocess, sys
from chief.tui.cli.run import _fill_closed_standard_streams
_fill_closed_standard_streams()
opened = os.open(sys.argv[1] + ".lock", os.O_RDWR | os.O_CREAT)
seen = subprocess.run(["sh", "-c", "[ -e /proc/self/fd/0 ] && echo open || echo closed"], capture_output=True, text=True)
print("an error line", file=sys.stderr)  # to /dev/null, not to stdout: a script's answer stays clean
with open(sys.argv[1], "w") as out:
    out.write(repr({"lock": opened, "devnull": [os.path.samefile(f"/proc/self/fd/{fd}", os.devnull) for fd in (0, 1, 2)],
                    "streams": [s is not None for s in (sys.stdin, sys.stdout, sys.stderr)], "child": seen.stdout.strip()}))
"""
    found = _closed_run(code, tmp_path)
    assert found["lock"] > 2
    assert found["devnull"] == [True, True, True] and found["streams"] == [True, True, True]
    assert found["child"] == "open"  # a program Chief runs (git) finds them open too


def test_the_child_spares_the_descriptors_it_keeps_whatever_their_numbers(tmp_path):
    code = """
import os, sys
from chief.store.datafile.capture import _detach
kept = os.open(sys.argv[1] + ".lock", os.O_RDWR | os.O_CREAT)  # descriptor 0: the three are closed
before = os.fstat(kept).st_ino
_detach({kept, None})
with open(sys.argv[1], "w") as out:
    out.write(repr({"kept": kept, "same": os.fstat(kept).st_ino == before,
                    "one_two": [os.path.samefile(f"/proc/self/fd/{fd}", os.devnull) for fd in (1, 2)]}))
"""
    found = _closed_run(code, tmp_path)
    assert found["kept"] == 0 and found["same"]  # still the lock file, not /dev/null
    assert found["one_two"] == [True, True]


def test_with_stderr_closed_an_error_line_never_lands_in_the_answer(env, run_chief):
    """`out=$(chief add ... 2>&-)`: Python prints to stdout what it cannot print to a missing stderr."""
    run_chief("add", "the first item", check=True)

    def close_stderr() -> None:
        os.close(2)

    done = subprocess.run([sys.executable, "-m", "chief.tui", "add", "回电话 @nobody"], env=env, preexec_fn=close_stderr,
                          stdout=subprocess.PIPE, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 2 and done.stdout == ""


def test_the_child_lists_its_descriptors_instead_of_closing_every_number(tmp_path):
    from chief.store.datafile.capture import _open_descriptors

    fd = os.open(tmp_path / "f", os.O_RDWR | os.O_CREAT)
    try:
        listed = _open_descriptors()
        assert fd in listed and {0, 1, 2} <= set(listed) and len(listed) < 4096
    finally:
        os.close(fd)
