"""Private files, backups that keep a good copy, and the doctor.

- The data file, its backups (and their folder), the lock file and a rescued
  file are created private (0600, folders 0700) whatever the umask, also when
  a backup has to be copied because a hard link is refused; a data file made
  0644 by hand becomes 0600 at the next save.
- Backup rotation never drops the last good copy, however many garbage copies
  are newer (``keep_aside`` / ``backup`` with a shifted clock, as
  tests/unit/test_storage.py does), also through the real path: repeated
  ``doctor --restore`` over a damaged file, then saves.
- ``chief doctor`` reports invalid records, ids given twice, conflict copies
  not yet absorbed (and one that cannot be read), the backups with a verdict
  each, devices and a too-open mode, and changes nothing while doing it.
- ``chief doctor --restore BACKUP`` restores safely: the current file is kept
  aside byte for byte (and named), the restored file is the backup byte for
  byte and private; with no current file there is nothing to keep aside.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import written

from chief.store.datafile import storage
from chief.store.desk import Desk
from chief.store.exchange.doctor import restore
from chief.store.datafile.storage import (
    BACKUP_EVERY_S,
    BACKUP_KEEP,
    DataFileError,
    SaveError,
    backup,
    backup_dir,
    keep_aside,
    list_backups,
    lock_path,
    newest_good_backup,
    read_file,
    serialize,
    write_atomic,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def item_record(title: str) -> dict:
    return {"title": title, "status": "open", "created": "2026-11-20T01:00:00Z", "updated": "2026-11-20T01:00:00Z"}


class ShiftedClock:
    """chief.store.datafile.storage's ``time`` with the wall clock moved by ``shift`` seconds."""

    def __init__(self, shift: float = 0.0) -> None:
        self.shift = shift

    def time(self) -> float:
        return time.time() + self.shift

    def time_ns(self) -> int:
        return time.time_ns() + int(self.shift * 10**9)

    def __getattr__(self, name):
        return getattr(time, name)


# private ----------------------------------------------------------------------------------------


def test_files_are_private_whatever_the_umask(env, data_file, tmp_path, report):
    def careless_umask() -> None:
        os.umask(0)

    def chief(*argv: str) -> None:
        done = subprocess.run([sys.executable, "-m", "chief.tui", *argv], env=env, preexec_fn=careless_umask,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr

    chief("add", "first")
    chief("add", "second")  # keeps the first file as a backup
    chief("add", "third")
    written(env)  # its file is written by the child it forked (store/datafile/capture.py)
    [kept] = list_backups(data_file)
    found = {
        "data file": mode(data_file),
        "data folder": mode(data_file.parent),
        "backup": mode(kept),
        "backup folder": mode(backup_dir(data_file)),
        "lock file": mode(lock_path(data_file)),
    }
    report("private files", files=len(found), too_open=sum(m & 0o077 != 0 for m in found.values()))
    assert found == {"data file": 0o600, "data folder": 0o700, "backup": 0o600, "backup folder": 0o700,
                     "lock file": 0o600}


def test_a_backup_copied_instead_of_linked_is_private(tmp_path, monkeypatch):
    path = tmp_path / "chief.json"
    write_atomic(path, serialize({"items": {"A": item_record("x")}}))

    class NoLinks:
        def link(self, *args, **kwargs):
            raise OSError(errno.EPERM, "links not allowed here")

        def __getattr__(self, name):
            return getattr(os, name)

    monkeypatch.setattr(storage, "os", NoLinks())
    old = os.umask(0)
    try:
        target = keep_aside(path, "")
    finally:
        os.umask(old)
    assert target.read_bytes() == path.read_bytes()
    assert os.stat(target).st_ino != os.stat(path).st_ino  # a copy, not a link
    assert mode(target) == 0o600


def test_a_hand_made_open_file_becomes_private_at_the_next_save(desk, data_file):
    desk.capture("one")
    os.chmod(data_file, 0o644)
    desk.capture("two")
    assert mode(data_file) == 0o600


def test_the_rescued_file_is_private(desk, data_file, local_state):
    desk.capture("one")
    desk.board()
    data_file.write_bytes(b"\x00garbage")  # another program wrote over it
    old = os.umask(0)
    try:
        with pytest.raises(SaveError, match="nothing was written over it"):
            desk.capture("two")
    finally:
        os.umask(old)
    [rescued] = data_file.parent.glob("chief.rescued-*.json")
    assert mode(rescued) == 0o600
    assert data_file.read_bytes() == b"\x00garbage"


# rotation -----------------------------------------------------------------------------------------


def _aside(path: Path, text: str, clock: ShiftedClock, step: float = 60) -> Path:
    """Make ``text`` the file and keep it aside as a backup, ``step`` seconds after the last one."""
    write_atomic(path, text)
    made = keep_aside(path, "")
    clock.shift += step
    return made


GARBAGE = ['{"items": {"A": {"tit', "", "\x00\x01binary", "[1, 2, 3]\n", "not json\n", '{"items": [1]}\n', "{"]


def test_rotation_keeps_the_only_good_backup_behind_many_garbage_ones(tmp_path, monkeypatch, report):
    path = tmp_path / "chief.json"
    clock = ShiftedClock(-3600 * 24)
    monkeypatch.setattr(storage, "time", clock)
    good = _aside(path, serialize({"items": {"A": item_record("the last good copy")}}), clock)
    good_bytes = good.read_bytes()
    for text in GARBAGE:  # newer and newer garbage
        _aside(path, text, clock)
    write_atomic(path, "garbage again")
    clock.shift = 0
    made = backup(path, every_s=0)  # rotation with only garbage above the good copy
    kept = list_backups(path)
    survivors = [p for p in kept if p.read_bytes() == good_bytes]
    report("backup rotation: garbage newer than the good copy", backups_made=len(GARBAGE) + 2,
           good_copies_left=len(survivors), lost=int(not survivors))
    assert made is not None and made in kept
    assert survivors == [good], "rotation dropped the last good copy"
    assert newest_good_backup(path) == good
    assert len(kept) == BACKUP_KEEP + 1  # the newest five, and the good copy beyond them


def test_rotation_keeps_the_newest_good_copy_when_there_are_several(tmp_path, monkeypatch):
    path = tmp_path / "chief.json"
    clock = ShiftedClock(-3600 * 24)
    monkeypatch.setattr(storage, "time", clock)
    _aside(path, serialize({"items": {"A": item_record("older good")}}), clock)
    newer = _aside(path, serialize({"items": {"A": item_record("newer good")}}), clock)
    for text in GARBAGE:
        _aside(path, text, clock)
    write_atomic(path, "{")
    clock.shift = 0
    backup(path, every_s=0)
    assert newest_good_backup(path) == newer
    assert read_file(newer)[0]["items"]["A"]["title"] == "newer good"


def test_repeated_damage_and_restores_never_leave_no_good_backup(data_file, local_state, frozen_time, monkeypatch,
                                                                 report):
    """The real path: a damaged file restored again and again ('replaced' garbage copies pile up), then saves."""
    clock = ShiftedClock(-3600 * 24)
    monkeypatch.setattr(storage, "time", clock)
    desk = Desk(data_file)
    desk.capture("one")
    clock.shift += BACKUP_EVERY_S + 1
    desk.capture("two")  # keeps a backup of the one-item file
    for n in range(BACKUP_KEEP + 2):
        clock.shift += 60
        data_file.write_bytes(f"damage {n}".encode())
        restore(data_file, newest_good_backup(data_file))  # keeps the damaged file aside, labelled
    for n in range(3):
        clock.shift += BACKUP_EVERY_S + 1
        Desk(data_file).capture(f"after restore {n}")  # each save backs up and rotates
    good = []
    for candidate in list_backups(data_file):
        try:
            read_file(candidate)
            good.append(candidate)
        except DataFileError:
            pass
    report("backup rotation: repeated damage and restore", restores=BACKUP_KEEP + 2, good_backups=len(good),
           lost=int(not good))
    assert good, "no good backup left"
    assert read_file(data_file)[0] is not None


# the doctor ---------------------------------------------------------------------------------------


def test_doctor_reports_everything_and_changes_nothing(run_chief, env, data_file, tmp_path, report):
    run_chief("add", "first", check=True)
    run_chief("add", "second", check=True)  # a backup of the one-item file
    data, _ = read_file(data_file)
    database = data["meta"]["chief"]["database_id"]
    first_id = next(k for k, r in data["items"].items() if r["title"] == "first")
    data["items"]["01BADRECORD000000000000000"] = {"title": ["not", "text"]}
    lines = serialize(data).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f'"{first_id}"'))
    lines.insert(at, lines[at] if lines[at].endswith(",") else lines[at] + ",")  # the same id twice
    data_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(data_file, 0o644)
    copy = data_file.with_name("chief.sync-conflict-20261125-101500-ABCDEFG.json")
    copy.write_text(serialize({"meta": {"chief": {"schema": 2, "database_id": database}},
                               "items": {"01FROMLAPTOP00000000000000": item_record("from the laptop")}}))
    broken = data_file.with_name("chief.sync-conflict-20261125-101501-ABCDEFG.json")
    broken.write_text("{ broken")
    garbage_backup = backup_dir(data_file) / "chief.20200101T000000.000000000Z.json"
    garbage_backup.write_text("not json")
    before = {p.name: p.read_bytes() for p in data_file.parent.iterdir() if p.is_file()}
    absorbed_before = sorted((tmp_path / "state").rglob("*"))

    result = run_chief("doctor")
    out = result.stdout
    expected = {
        "invalid record": "  unreadable record, set aside and kept in the file: items 01BADRECORD000000000000000: ",
        "id twice": f"  note: id {first_id} appears twice in the file",
        "copy to absorb": f"  conflict copy waiting to be merged (any Chief command absorbs it): {copy}",
        "unreadable copy": f"  conflict copy {broken} cannot be read (",
        "mode": "  warning: others can read it (mode 0644)",
        "backups": f"backups ({backup_dir(data_file)}), newest first:",
        "good backup": "(good, 1 items)",
        "garbage backup": f"  {garbage_backup}  (unusable: ",
        "device": "  device ",
    }
    missing = [name for name, text in expected.items() if text not in out]
    report("doctor", findings=len(expected), missed=len(missing))
    assert result.returncode == 1, (result.returncode, out, result.stderr)
    assert missing == [], f"doctor did not report: {missing}\n{out}"
    assert "  OK" not in out.splitlines()
    after = {p.name: p.read_bytes() for p in data_file.parent.iterdir() if p.is_file()}
    assert after == before, "the doctor must change nothing (it absorbed or rewrote something)"
    assert mode(data_file) == 0o644
    assert sorted((tmp_path / "state").rglob("*")) == absorbed_before


def test_doctor_restore_keeps_the_current_file_aside(run_chief, data_file, report):
    run_chief("add", "first", check=True)
    run_chief("add", "second", check=True)  # the one-item file is kept as a backup
    [chosen] = list_backups(data_file)
    run_chief("add", "third", check=True)
    current = data_file.read_bytes()
    result = run_chief("doctor", "--restore", str(chosen))
    kept = [p for p in list_backups(data_file) if ".replaced" in p.name]
    report("doctor --restore", trials=1, lost=int(not kept or kept[0].read_bytes() != current))
    assert result.returncode == 0, result.stderr
    assert len(kept) == 1 and kept[0].read_bytes() == current, "the file it replaced must be kept, byte for byte"
    assert result.stdout == f"restored {chosen} to {data_file}; the file it replaced is kept at {kept[0]}\n"
    assert data_file.read_bytes() == chosen.read_bytes()
    assert mode(data_file) == 0o600 and mode(kept[0]) == 0o600
    assert [i["title"] for i in read_file(data_file)[0]["items"].values()] == ["first"]
    again = run_chief("doctor", "--restore", str(kept[0]))  # and back: nothing was lost by restoring
    assert again.returncode == 0, again.stderr
    assert sorted(i["title"] for i in read_file(data_file)[0]["items"].values()) == ["first", "second", "third"]


def test_doctor_restore_without_a_current_file(run_chief, data_file):
    run_chief("add", "first", check=True)
    run_chief("add", "second", check=True)
    [chosen] = list_backups(data_file)
    data_file.unlink()
    result = run_chief("doctor", "--restore", str(chosen))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"restored {chosen} to {data_file}\n"
    assert data_file.read_bytes() == chosen.read_bytes() and mode(data_file) == 0o600
