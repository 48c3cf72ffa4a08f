"""The file goes away or goes bad while the dashboard runs.

Each variant, with the real dashboard under Pilot: the trouble happens, a
change is made on the dashboard (n, typed, Enter), then the trouble ends.
Required throughout: a clear message (a notification, and the header's
alert), no crash, nothing written over (garbage and empty files keep their
bytes, a read-only file keeps its bytes and mode), the in-memory state kept
(every item still on the board, the new one too), and everything written out
once the file is usable again. A damaged file is never written over: the
data goes beside it (``NAME.rescued-*.json``) and the message says where.

A read-only folder means nothing to root (CAP_DAC_OVERRIDE), and the tests
run as root in CI containers: that variant runs the dashboard in a
subprocess whose capability bounding set lacks the DAC overrides (as root
without them, mode bits apply); where that cannot be arranged it is skipped
with the reason. As any other user it needs nothing special.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from apptools import screen_text

from faults.faultkit import (
    Lines,
    mode_bits_bind,
    notes_of,
    send,
    state_line,
    stderr_of,
    temp_files,
    until,
    without_dac_override,
)
from chief.store.desk import Desk
from chief.store.exchange.doctor import restore
from chief.store.datafile.storage import list_backups, read_file
from chief.tui.app import ChiefApp

SIZE = (120, 40)
TYPED = "typed during the trouble"
SEEDED = ("first item", "second item")


def titles_in(path: Path) -> list[str]:
    data, _ = read_file(path)
    return sorted(r["title"] for r in data["items"].values() if isinstance(r, dict) and "title" in r)


def rescued(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.rescued-*{path.suffix}"))


# each variant: (break it, make it usable again, what the message must say, bytes that must stay)

def _delete(path: Path) -> None:
    path.unlink()


def _chmod(mode: int) -> Callable[[Path], None]:
    return lambda path: os.chmod(path, mode)


def _write(content: bytes) -> Callable[[Path], None]:
    def replace(path: Path) -> None:
        other = path.with_name("incoming.tmp")
        other.write_bytes(content)
        os.replace(other, path)  # as a sync tool brings a damaged copy: by rename

    return replace


def _restore_backup(path: Path) -> None:
    restore(path, list_backups(path)[-1])  # what 'chief doctor --restore BACKUP' does


def _remove_garbage(path: Path) -> None:
    path.unlink()


def _remove_folder(path: Path) -> None:
    shutil.rmtree(path.parent)


def _folder_back(path: Path) -> None:
    path.parent.mkdir(mode=0o700, exist_ok=True)


GARBAGE = b"\x89PNG\r\n\x1a\n\x00\x00 not a chief file \xff\xfe"
VARIANTS = {
    # name: (trouble, cure, words the message must contain, does the file keep its bytes while in trouble)
    "deleted": (_delete, None, ["{path}"], False),
    "read-only": (_chmod(0o400), _chmod(0o600), ["read-only"], True),
    "garbage": (_write(GARBAGE), _restore_backup, ["damaged", "nothing was written over it", "{rescued}"], True),
    "empty": (_write(b""), _remove_garbage, ["damaged", "is empty", "{rescued}"], True),
    "folder removed": (_remove_folder, _folder_back, ["{folder}", "is gone"], False),
}


@pytest.mark.slow
@pytest.mark.parametrize("variant", list(VARIANTS))
async def test_the_file_goes_away_or_bad_while_the_dashboard_runs(variant, data_file, local_state, frozen_time,
                                                                  report):
    trouble, cure, words, kept_bytes = VARIANTS[variant]
    seeding = Desk(data_file)
    for title in SEEDED:
        seeding.capture(title)  # the second save keeps a backup of the first
    app = ChiefApp(Desk(data_file), remember_theme=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        trouble(data_file)
        troubled = data_file.read_bytes() if data_file.exists() else None
        troubled_mode = os.stat(data_file).st_mode if data_file.exists() else None
        await pilot.pause(0.7)  # a poll sees the trouble
        assert app.is_running
        await pilot.press("n")
        await pilot.press(*TYPED)
        await pilot.press("enter")
        await pilot.pause(0.7)  # and the next poll

        said = " | ".join(notes_of(app))
        rescue = rescued(data_file)
        expected = [w.format(rescued=rescue[0] if rescue else "<no rescued file>", path=data_file,
                             folder=data_file.parent) for w in words]
        on_board = sorted(i.title for i in app.board.items.values())
        during = {
            "running": app.is_running,
            "alert": app.alert,
            "on_board": on_board,
            "on_screen": TYPED in screen_text(app),
            "bytes_kept": (data_file.read_bytes() if data_file.exists() else None) == troubled,
            "mode_kept": (os.stat(data_file).st_mode if data_file.exists() else None) == troubled_mode,
            "temp_files": temp_files(data_file.parent) if data_file.parent.exists() else [],
            "folder_recreated": variant == "folder removed" and data_file.parent.exists(),
        }

        if cure is not None:
            cure(data_file)
        saved = await until(pilot, lambda: not app.desk.unsaved and data_file.exists(), timeout=4)
        await pilot.pause(0.7)
        after_alert, still_running = app.alert, app.is_running
    lost = sorted({*SEEDED, TYPED} - set(titles_in(data_file))) if data_file.exists() else [*SEEDED, TYPED]
    report(f"file trouble: {variant}", trials=1, lost=len(lost))

    assert during["running"] and still_running
    assert all(w in said for w in expected), f"the message must say {expected}; it said: {said!r}"
    assert during["on_board"] == sorted([*SEEDED, TYPED]), "the in-memory state is kept"
    assert during["on_screen"]
    if kept_bytes:
        assert during["bytes_kept"], "nothing may be written over the file while it is in trouble"
        assert during["mode_kept"]
        assert during["alert"].startswith(("UNSAVED", "FILE PROBLEM")), during["alert"]
    assert during["temp_files"] == []
    assert not during["folder_recreated"], "a folder that went away (an unmounted sync folder) is not Chief's to recreate"
    assert saved, "once the file is usable again, what was kept is written out"
    assert lost == []
    assert after_alert == ""
    if variant in ("garbage", "empty"):
        assert len(rescue) == 1, "the data goes beside the damaged file"
        assert sorted([*SEEDED, TYPED]) == titles_in(rescue[0])
        assert stat.S_IMODE(os.stat(rescue[0]).st_mode) == 0o600
    if variant == "garbage":
        kept = [p for p in list_backups(data_file) if ".replaced" in p.name]
        assert [p.read_bytes() for p in kept] == [GARBAGE], "restoring keeps the garbage aside, never drops it"


# the folder made read-only -----------------------------------------------------------------------

def test_the_folder_made_read_only_while_the_dashboard_runs(procs, env, data_file, run_chief, tmp_path, report):
    if not mode_bits_bind(tmp_path / "probe"):
        pytest.skip("a read-only folder does not stop this user (root, and CAP_DAC_OVERRIDE cannot be dropped here)")

    for title in SEEDED:
        run_chief("add", title, check=True)
    before = data_file.read_bytes()
    dashboard = procs.dashboard("script", env=env, stdin=subprocess.PIPE, preexec_fn=without_dac_override)
    lines = Lines(dashboard.stdout)
    try:
        assert lines.expect("ready", 30) == "ready\n", stderr_of(dashboard)
        os.chmod(data_file.parent, 0o500)
        send(dashboard, f"capture {TYPED}")
        during = state_line(lines)
        send(dashboard, "wait-saved 1")
        still = state_line(lines)
        kept = data_file.read_bytes() == before
        leftovers = temp_files(data_file.parent)
    finally:
        os.chmod(data_file.parent, 0o700)
    send(dashboard, "wait-saved 5")
    after = state_line(lines)
    send(dashboard, "quit")
    dashboard.wait(timeout=30)
    lost = sorted({*SEEDED, TYPED} - set(titles_in(data_file)))
    report("file trouble: folder read-only", trials=1, lost=len(lost))
    assert during["running"] and still["running"] and after["running"]
    assert any("permission denied" in n for n in during["notes"]), during["notes"]
    assert during["alert"].startswith("UNSAVED") and still["unsaved"]
    assert TYPED in during["titles"] and TYPED in still["titles"]
    assert kept and leftovers == []
    assert not after["unsaved"] and after["alert"] == "", after
    assert lost == []
    assert dashboard.returncode == 0, stderr_of(dashboard)
