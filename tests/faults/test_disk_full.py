"""Disk full: a save that cannot be written fails with one clear line, and nothing is lost.

Three ways to fill the disk, from the least to the most privileged:

- RLIMIT_FSIZE in a subprocess (any user, any CI): every write past the limit
  fails with EFBIG (Chief ignores SIGXFSZ, so it is an error, not a death).
  ``chief add``/``done``/``team add`` must exit 2 with one line and leave the
  file, its backups and its folder as they were; the real dashboard (in a
  subprocess, the limit set and lifted from inside) must keep the change,
  say UNSAVED, and save it once the limit is lifted.
- chief.store.datafile.storage's ``os.write`` failing with ENOSPC, in-process, for the
  dashboard under Pilot: the message, the header, the change on screen, the
  polls that keep trying, and the save once space is back.
- a real, tiny tmpfs filled to the last byte (only where ``mount`` is allowed,
  e.g. as root in a container; skipped elsewhere).
"""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from apptools import screen_text

from faults.faultkit import (
    Lines,
    notes_of,
    send,
    state_line,
    stderr_of,
    temp_files,
    until,
)
from chief.store.datafile import storage
from chief.store.desk import Desk
from chief.store.datafile.storage import list_backups, read_file
from chief.tui.app import ChiefApp

SIZE = (120, 40)


def listing(folder: Path) -> dict[str, bytes]:
    """Every file in the data folder (lock file aside) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".~lock.")}


def titles_in(path: Path) -> list[str]:
    data, _ = read_file(path)
    return sorted(r["title"] for r in data["items"].values())


def _limit(size: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))

    return apply


def _one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and result.stderr.endswith("\n"), result.stderr
    return lines[0]


# the command line, with a file size limit ----------------------------------------------------

@pytest.mark.parametrize("argv", [["add", "one item too many"], ["done", "{id}"], ["team", "add", "Zhao Lei"]],
                         ids=["add", "done", "team add"])
def test_a_command_past_the_file_size_limit_says_so_and_changes_nothing(run_chief, env, data_file, argv, report):
    first = run_chief("add", "first item", check=True).stdout.split()[0]
    run_chief("add", "second item", check=True)  # keeps a backup of the one-item file
    before = listing(data_file.parent)
    backups = {p.name: p.read_bytes() for p in list_backups(data_file)}
    limited = subprocess.run([sys.executable, "-m", "chief.tui", *[a.format(id=first) for a in argv]],
                             env={**env, "PYTHONDONTWRITEBYTECODE": "1"}, preexec_fn=_limit(data_file.stat().st_size),
                             text=True, encoding="utf-8", capture_output=True, timeout=60)
    line = _one_line(limited)  # a death by SIGXFSZ would show as returncode -25 here
    report(f"disk full: chief {' '.join(argv[:2]) if argv[0] == 'team' else argv[0]}", trials=1, lost=int(listing(data_file.parent) != before))
    assert line == f"chief: cannot save {data_file}: the file size limit was reached"
    assert listing(data_file.parent) == before  # the file byte for byte, no temp file, nothing new
    assert {p.name: p.read_bytes() for p in list_backups(data_file)} == backups
    assert run_chief(*[a.format(id=first) for a in argv]).returncode == 0  # and with room, it works


# the dashboard, in-process, ENOSPC -----------------------------------------------------------


class FullDisk:
    """chief.store.datafile.storage's ``os`` on a full disk: files can be created, not written."""

    def __init__(self) -> None:
        self.writes = 0

    def write(self, fd, data):
        self.writes += 1
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(os, name)


async def test_dashboard_keeps_the_change_while_the_disk_is_full(data_file, local_state, frozen_time, monkeypatch,
                                                                 report):
    seeding = Desk(data_file)
    seeding.capture("already saved")
    mover = seeding.capture("to move while full")[0]
    old = data_file.read_bytes()
    full = FullDisk()
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(storage, "os", full)
        await pilot.press("n")
        await pilot.press(*"typed while full")
        await pilot.press("enter")
        message = f"cannot save {data_file}: the disk is full"
        # the file is written after the paint (store/datafile/journal.py): on a loaded machine a pause or two later
        assert await until(pilot, lambda: any(message in note for note in notes_of(app)), timeout=5), notes_of(app)
        await pilot.pause()
        assert app.is_running
        assert app.desk.unsaved and app.alert.startswith("UNSAVED")
        assert "UNSAVED" in screen_text(app)
        assert "typed while full" in [i.title for i in app.board.items.values()]
        assert "typed while full" in screen_text(app)  # the change stays visible, pending
        app.dashboard.focus_item(mover.id)
        await pilot.pause()
        app.typeahead.typed_in_field(None, float("-inf"))  # a pause after typing: "3" is a board key, not typed ahead
        await pilot.press("3")
        await pilot.pause()
        assert app.board.items[mover.id].urgent and not app.board.items[mover.id].important
        await pilot.pause(1.3)  # two or three polls try again, and fail again
        attempts = full.writes
        assert attempts >= 3, "the polls must keep retrying the save"
        assert app.is_running and app.desk.unsaved
        assert data_file.read_bytes() == old and temp_files(data_file.parent) == []
        assert sum(message in note for note in notes_of(app)) <= 2, "said once, not at every poll"

        monkeypatch.setattr(storage, "os", os)  # space is back
        saved = await until(pilot, lambda: not app.desk.unsaved, timeout=3)
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        assert saved, "the next poll saves what was waiting"
        assert app.alert == "" and "UNSAVED" not in header
        assert app.is_running
    data, _ = read_file(data_file)
    by_title = {r["title"]: r for r in data["items"].values()}
    lost = [t for t in ("already saved", "to move while full", "typed while full") if t not in by_title]
    report("disk full: dashboard (ENOSPC)", trials=1, failed_saves=attempts, lost=len(lost))
    assert lost == []
    assert (by_title["to move while full"]["important"], by_title["to move while full"]["urgent"]) == (False, True)
    assert temp_files(data_file.parent) == []


# the dashboard, in a subprocess, EFBIG -------------------------------------------------------


def test_dashboard_past_the_file_size_limit_keeps_the_change_and_saves_it_later(procs, env, data_file, run_chief,
                                                                                report):
    run_chief("add", "already saved", check=True)
    old = data_file.read_bytes()
    dashboard = procs.dashboard("script", env={**env, "PYTHONDONTWRITEBYTECODE": "1"}, stdin=subprocess.PIPE)
    lines = Lines(dashboard.stdout)
    assert lines.expect("ready", 30) == "ready\n", stderr_of(dashboard)
    send(dashboard, f"limit {len(old)}")
    state_line(lines)
    send(dashboard, "capture written past the limit")
    full = state_line(lines)
    assert full["running"] and full["unsaved"], full
    assert any(f"cannot save {data_file}: the file size limit was reached" in n for n in full["notes"]), full["notes"]
    assert full["alert"].startswith("UNSAVED") and "UNSAVED" in full["header"], full
    assert "written past the limit" in full["titles"]
    assert data_file.read_bytes() == old and temp_files(data_file.parent) == []
    send(dashboard, "wait-saved 1.2")  # the polls retry, and fail again
    still = state_line(lines)
    assert still["running"] and still["unsaved"]
    assert data_file.read_bytes() == old and temp_files(data_file.parent) == []
    send(dashboard, "unlimit")
    state_line(lines)
    send(dashboard, "wait-saved 5")
    after = state_line(lines)
    send(dashboard, "quit")
    dashboard.wait(timeout=30)
    lost = [t for t in ("already saved", "written past the limit") if t not in titles_in(data_file)]
    report("disk full: dashboard (RLIMIT_FSIZE)", trials=1, lost=len(lost))
    assert not after["unsaved"] and after["alert"] == "" and "UNSAVED" not in after["header"], after
    assert lost == []
    assert dashboard.returncode == 0, stderr_of(dashboard)
    assert temp_files(data_file.parent) == []


# a real full file system -------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs, filled to the last byte by ``filler``; skipped where mounting is not allowed."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount_point)],
                                 capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as err:
        pytest.skip(f"cannot run mount: {err}")
    if mounted.returncode != 0:
        pytest.skip(f"mount -t tmpfs is not allowed here ({mounted.stderr.strip()}); RLIMIT_FSIZE covers this")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, timeout=10)


def fill(folder: Path) -> Path:
    """Take every free byte of the file system."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        chunk = b"x" * 4096
        try:
            while True:
                handle.write(chunk)
        except OSError as err:
            assert err.errno == errno.ENOSPC
        try:
            while True:
                handle.write(b"x")
        except OSError:
            pass
    return filler


async def test_a_real_full_disk(tiny_disk, run_chief, env, tmp_path, monkeypatch, frozen_time, report):
    path = tiny_disk / "chief.json"
    environ = {**env, "CHIEF_FILE": str(path)}
    run_chief("add", "before the disk filled", env=environ, check=True)
    filler = fill(tiny_disk)
    before = listing(tiny_disk)
    line = _one_line(run_chief("add", "one item too many", env=environ))
    assert line in (f"chief: cannot save {path}: the disk is full",
                    f"chief: cannot write in {tiny_disk}: No space left on device"), line
    assert listing(tiny_disk) == before and temp_files(tiny_disk) == []

    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))  # the state dir is not on the full disk
    app = ChiefApp(Desk(path), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.press(*"typed on a full disk")
        await pilot.press("enter")
        told = await until(pilot, lambda: any("the disk is full" in n or "No space left" in n for n in notes_of(app)), timeout=5)
        assert told, notes_of(app)  # the save comes after the paint: on a loaded machine, a pause or two later
        assert app.is_running and app.desk.unsaved and app.alert.startswith("UNSAVED")
        assert listing(tiny_disk) == before and temp_files(tiny_disk) == []
        filler.unlink()  # space is back
        saved = await until(pilot, lambda: not app.desk.unsaved, timeout=3)
        assert saved and app.alert == ""
    lost = [t for t in ("before the disk filled", "typed on a full disk") if t not in titles_in(path)]
    report("disk full: real tmpfs", trials=2, lost=len(lost))
    assert lost == []
    assert temp_files(tiny_disk) == []
