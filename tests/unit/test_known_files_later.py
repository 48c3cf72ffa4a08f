"""What a save leaves to a thread (store/datafile/afterwards.py): the note of its bytes, the old file's removal.

The checksum of a large file and the removal of the file a dashboard's save
swapped out are not in the keystroke that saved; what the note says, what
``is_known`` answers and which files are left are the same as when the save
did it all itself.
"""

from __future__ import annotations

import threading
from pathlib import Path

from chief.store.datafile import afterwards, fingerprints, storage
from chief.store.datafile.capture import capture_known_file
from chief.store.datafile.storage import TEMP_PREFIX
from chief.store.desk import Desk
from chief.store.domain.config import Settings


def test_a_save_notes_its_bytes_in_another_thread(desk, data_file, monkeypatch):
    threads: list[threading.Thread] = []
    real = fingerprints._write_note

    def noted(*args):
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(fingerprints, "_write_note", noted)
    desk.keep_housekeeping_out_of_saves()  # what the dashboard does
    item, _ = desk.capture("first")
    desk.move(item.id, 1)
    fingerprints.settle()
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    assert fingerprints.is_known(data_file, data_file.read_bytes())


def test_the_save_does_not_wait_for_the_note_and_is_known_does(desk, data_file, monkeypatch):
    desk.keep_housekeeping_out_of_saves()
    desk.capture("first")
    fingerprints.settle()
    release, started = threading.Event(), threading.Event()
    real = fingerprints._write_note

    def held(*args):
        started.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(fingerprints, "_write_note", held)
    desk.capture("second")  # returns while the note is held back
    assert started.wait(10)
    assert not afterwards._idle.is_set()
    threading.Timer(0.05, release.set).start()
    assert fingerprints.is_known(data_file, data_file.read_bytes())  # waited for the note


def test_the_newest_bytes_of_a_file_win(tmp_path):
    path = tmp_path / "chief.json"
    for n in range(20):
        fingerprints.remember_later(path, f"version {n}".encode())
    assert fingerprints.is_known(path, b"version 19")
    assert not fingerprints.is_known(path, b"version 18")


def test_a_note_goes_to_the_state_folder_of_its_save(tmp_path, monkeypatch):
    first, second = tmp_path / "state1", tmp_path / "state2"
    monkeypatch.setenv("CHIEF_STATE_DIR", str(first))
    release = threading.Event()
    real = fingerprints._write_note
    monkeypatch.setattr(fingerprints, "_write_note", lambda *args: (release.wait(10), real(*args)))
    fingerprints.remember_later(tmp_path / "chief.json", b"bytes")
    monkeypatch.setenv("CHIEF_STATE_DIR", str(second))  # the next test's folder, say
    release.set()
    fingerprints.settle()
    assert (first / fingerprints.NOTE).exists() and not (second / fingerprints.NOTE).exists()


def test_a_failing_note_never_leaves_is_known_waiting(tmp_path, monkeypatch):
    def broken(*args):
        raise ValueError("not an OSError")

    monkeypatch.setattr(fingerprints, "_write_note", broken)
    fingerprints.remember_later(tmp_path / "chief.json", b"bytes")
    assert not fingerprints.is_known(tmp_path / "chief.json", b"bytes")
    assert afterwards._idle.is_set()


def test_a_capture_in_the_same_process_splices_after_a_save(desk, data_file, frozen_time):
    """The capture fast path asks is_known right after a save whose note is still in the thread."""
    desk.keep_housekeeping_out_of_saves()
    desk.capture("first")
    assert capture_known_file(data_file, Settings(), "spliced in") is not None


def _temps(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def test_the_dashboards_save_removes_the_old_file_in_a_thread(desk, data_file, monkeypatch):
    desk.keep_housekeeping_out_of_saves()  # what the dashboard does
    item, _ = desk.capture("first")
    afterwards.settle()
    old = data_file.read_bytes()
    release, removing = threading.Event(), []
    real = storage._remove

    def held(tmp):
        removing.append((threading.current_thread(), Path(tmp).read_bytes()))  # the temp name: text, as storage works
        release.wait(10)
        return real(tmp)

    monkeypatch.setattr(storage, "_remove", held)
    desk.move(item.id, 1)  # returns while the old file waits to be removed
    assert data_file.read_bytes() != old
    left = _temps(data_file.parent)
    assert len(left) == 1  # the old file, under the temp name only this save used
    release.set()
    afterwards.settle()
    assert removing and removing[0][0] is not threading.main_thread()
    assert removing[0][1] == old  # what was let go is the file the save replaced, nothing else
    assert _temps(data_file.parent) == []


def test_an_old_file_left_by_a_crash_is_swept_by_the_next_save(desk, data_file, monkeypatch):
    desk.keep_housekeeping_out_of_saves()
    item, _ = desk.capture("first")
    afterwards.settle()
    monkeypatch.setattr(storage, "_remove", lambda tmp: None)  # killed before the thread got to it
    desk.move(item.id, 1)
    afterwards.settle()
    assert len(_temps(data_file.parent)) == 1
    monkeypatch.undo()
    Desk(data_file).done(item.id)  # the next save, from any process, under the lock
    assert _temps(data_file.parent) == []
    assert Desk(data_file).board().items[item.id].status == "done"


def test_a_command_line_save_does_it_all_itself(desk, data_file, monkeypatch):
    """A capture ends with os._exit: a note left to a thread would be lost, and the next capture slow."""
    item, _ = desk.capture("first")
    monkeypatch.setattr(afterwards, "later", lambda *args: (_ for _ in ()).throw(AssertionError("no thread")))
    desk.move(item.id, 1)
    assert _temps(data_file.parent) == []
    assert fingerprints.is_known(data_file, data_file.read_bytes())
