"""Backups, archives and restores for data files of any name, and the lock and mode around them.

- A data file with no extension (``chief``), a dot file, several dots
  (``chief.v2.json``) or a space: its backups are listed, rotated to
  ``BACKUP_KEEP`` and offered by ``chief doctor`` like ``chief.json``'s.
- Conflict copies of the yearly archives (Syncthing, Dropbox and Nextcloud
  spellings) are merged into the archive and moved aside when the archives
  are read; ``chief doctor`` lists them and says when an archive is damaged.
- The restore command Chief prints is valid shell for any path (apostrophe,
  spaces, ``$``, backslash, tab, newline, a bidi override): bash reads it back
  as exactly the backup's path, and running it restores the file.
- ``chief doctor --restore`` waits while another process holds the lock, and
  past its bound says so in one line with the file unchanged.
- A git merge or checkout that leaves the data file at 0644: the next Chief
  command (``chief list``, which saves nothing) makes it 0600, bytes unchanged.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from chief.store.exchange import doctor as doctor_module
from chief.store.datafile import storage
from chief.store.domain.config import Settings
from chief.store.desk import Desk
from chief.store.exchange.doctor import doctor
from chief.store.datafile.lock import hold
from chief.store.sync.replica import archive_path
from chief.store.datafile.storage import BACKUP_EVERY_S, BACKUP_KEEP, backup_dir, list_backups, lock_path, read_file, serialize
from chief.tui.cli import main

from faults.test_backups_and_doctor import ShiftedClock

NAMES = ["chief", ".chief", "chief.v2.json", "chief.v2", "my chief"]
HOSTILE_PATHS = ["it's here", "two  spaces", "$HOME and `date`", "back\\slash", "tab\there", "new\nline",
                 "\u202eevil", "中文 备份", "\"quoted\""]


def done_record(title: str) -> dict:
    return {"title": title, "status": "done", "created": "2024-01-02T01:00:00Z", "updated": "2025-03-01T01:00:00Z",
            "done_at": "2025-03-01T01:00:00Z", "_stamps": {"_": "2025-03-01T01:00:00.000Z-0000-device"}}


# backups of any name --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_backups_of_any_name_are_listed_rotated_and_offered(tmp_path, local_state, frozen_time, monkeypatch, name,
                                                          report):
    path = tmp_path / "sync" / name
    clock = ShiftedClock(-3600 * 24)
    monkeypatch.setattr(storage, "time", clock)
    saves = BACKUP_KEEP + 4
    for n in range(saves):
        clock.shift += BACKUP_EVERY_S + 1
        Desk(path).capture(f"save {n}")
    on_disk = sorted(p.name for p in backup_dir(path).iterdir())
    assert len(on_disk) == BACKUP_KEEP, f"rotation kept {len(on_disk)}: {on_disk}"
    listed = list_backups(path)
    assert sorted(p.name for p in listed) == on_disk
    assert all(read_file(p)[0] is not None for p in listed)
    report_text, healthy = doctor(path, Settings())
    assert healthy and report_text.count("(good, ") == BACKUP_KEEP, report_text
    report(f"backups of a data file named {name!r}", saves=saves, kept=len(on_disk), lost=0)


# archive conflict copies -------------------------------------------------------------------------


def _copy_names(archive: Path) -> list[str]:
    """What Syncthing, Dropbox and Nextcloud call a conflicting copy of ``archive`` (extension: the last dot's)."""
    stem, suffix = archive.stem, archive.suffix
    return [f"{stem}.sync-conflict-20261125-101500-ABCDEFG{suffix}",
            f"{stem} (Li's conflicted copy 2026-11-25){suffix}",
            f"{stem} (conflicted copy 2026-11-25 101500){suffix}"]


@pytest.mark.parametrize("name", ["chief.json", "chief", "chief.v2.json"])
def test_archive_conflict_copies_are_merged_and_doctor_checks_archives(tmp_path, local_state, frozen_time, name,
                                                                      report):
    path = tmp_path / "sync" / name
    desk = Desk(path)
    desk.capture("live item")
    archive = archive_path(path, 2025)
    meta = {"chief": {"schema": 2, "database_id": "01ARCHIVEDB000000000000000"}}
    archive.write_text(serialize({"meta": meta, "items": {"01ARCHIVED0000000000000000": done_record("here")}}))
    copies = [archive.with_name(n) for n in _copy_names(archive)]
    for number, copy in enumerate(copies):
        copy.write_text(serialize({"meta": meta, "items": {f"01FROMCOPY{number}000000000000000": done_record(f"copy {number}")}}))

    said, healthy = doctor(path, Settings())
    assert healthy, said
    for copy in copies:
        assert f"conflict copy waiting to be merged (chief archive merges it): {copy}" in said
    assert f"  {archive}  (good, 1 items)" in said

    titles = {a.item.title for a in Desk(path).archived()}
    assert titles == {"here", "copy 0", "copy 1", "copy 2"}
    assert [c.name for c in copies if c.exists()] == []  # moved aside, once merged
    data, _ = read_file(archive)
    assert {r["title"] for r in data["items"].values()} == titles
    assert len(list((local_state / "absorbed").iterdir())) == len(copies)

    archive.write_bytes(b"{ damaged")
    said, healthy = doctor(path, Settings())
    assert not healthy and f"  {archive}  (PROBLEM: " in said and "\n  OK" not in said
    report(f"archive conflict copies ({name})", copies=len(copies), lost=0)


# restore commands --------------------------------------------------------------------------------


def _bash_reads(word: str) -> bytes:
    done = subprocess.run(["bash", "-c", f"printf '%s' {word}"], capture_output=True, check=True, timeout=60)
    return done.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_shell_words_read_back_as_the_path():
    from chief.store.exchange.doctor import shell_word

    for text in [*HOSTILE_PATHS, "/plain/path.json", "caf\udce9"]:
        word = shell_word(text)
        assert "\n" not in word and word.isprintable(), repr(word)
        assert _bash_reads(word) == os.fsencode(text), repr(text)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_printed_restore_command_restores_any_path(tmp_path, env, report):
    folder = tmp_path / "it's $HOME\nand a tab\there"
    path = folder / "chief's file"
    env = {**env, "CHIEF_FILE": str(path), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"}
    chief = [sys.executable, "-m", "chief.tui"]
    subprocess.run([*chief, "add", "one"], env=env, check=True, capture_output=True, timeout=60)
    good = path.read_bytes()
    storage.keep_aside(path, "")  # a good backup, taken now (a hard link: the damage must be a new file)
    path.unlink()
    path.write_bytes(b"garbage")

    failed = subprocess.run([*chief, "list"], env=env, capture_output=True, text=True, timeout=60)
    assert failed.returncode == 2 and len(failed.stderr.splitlines()) == 1, failed.stderr
    command = re.search(r"restore it: (chief doctor --restore .*)\)$", failed.stderr.strip()).group(1)
    assert path.read_bytes() == b"garbage"
    restored = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60)
    assert restored.returncode == 0, restored.stderr
    assert path.read_bytes() == good
    report("restore command printed for a hostile path, run by bash", trials=1, lost=0)


# restore and the lock ----------------------------------------------------------------------------


def test_restore_says_so_in_one_line_when_the_lock_stays_busy(data_file, local_state, frozen_time, monkeypatch, capsys):
    Desk(data_file).capture("one")
    chosen = storage.keep_aside(data_file, "")
    Desk(data_file).capture("two")
    before = data_file.read_bytes()
    kept_before = sorted(backup_dir(data_file).iterdir())
    monkeypatch.setattr(doctor_module, "RESTORE_WAIT_S", 0.2, raising=False)
    with hold(lock_path(data_file), 1):
        code = main(["--file", str(data_file), "doctor", "--restore", str(chosen)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "locked by another Chief process" in err, err
    assert "nothing was restored" in err and "Traceback" not in err
    assert data_file.read_bytes() == before
    assert sorted(backup_dir(data_file).iterdir()) == kept_before


def test_restore_waits_for_a_save_in_progress(data_file, local_state, frozen_time, capsys):
    Desk(data_file).capture("one")
    chosen = storage.keep_aside(data_file, "")
    Desk(data_file).capture("two")
    held, release = threading.Event(), threading.Event()

    def saver() -> None:
        with hold(lock_path(data_file), 5):
            held.set()
            release.wait(0.3)  # a save that takes a while, then lets go

    thread = threading.Thread(target=saver)
    thread.start()
    held.wait(5)
    try:
        code = main(["--file", str(data_file), "doctor", "--restore", str(chosen)])
    finally:
        release.set()
        thread.join()
    assert code == 0, capsys.readouterr().err
    assert data_file.read_bytes() == chosen.read_bytes()


# the mode a checkout leaves -----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_merge_or_checkout_at_0644_is_private_again_after_the_next_command(tmp_path, env, frozen_time, report):
    from system.test_git_sync import Repo

    repo = Repo(tmp_path / "repo", "chief.json", env, tmp_path)
    old_umask = os.umask(0o022)  # git writes what the umask allows: 0644
    try:
        repo.init()
        Desk(repo.file).capture("base")
        repo.chief("office", "git-setup")
        repo.commit("base")
        repo.git("checkout", "-q", "-b", "side")
        Desk(repo.file).capture("side")
        repo.commit("side")
        repo.git("checkout", "-q", "main")
        Desk(repo.file).capture("main")
        repo.commit("main")
        trials = 0
        for step in (("merge", "--no-edit", "side"), ("checkout", "-q", "HEAD~1"), ("checkout", "-q", "main")):
            repo.git(*step)
            assert stat.S_IMODE(repo.file.stat().st_mode) == 0o644, f"after git {step[0]} the file should be 0644"
            before = repo.file.read_bytes()
            repo.chief("office", "list")
            assert stat.S_IMODE(repo.file.stat().st_mode) == 0o600, f"git {step[0]}: still open to others"
            assert repo.file.read_bytes() == before
            trials += 1
    finally:
        os.umask(old_umask)
    report("data file made 0644 by git, private again after the next command", trials=trials, lost=0)
