"""The dashboard's saves note their bytes for captures in a thread (store/datafile/fingerprints.py).

The checksum of a large file is not in the keystroke that saved it; what the
note says, and what ``is_known`` answers, is the same as when it was written
in the save itself.
"""

from __future__ import annotations

import threading

from chief.store.datafile import fingerprints
from chief.store.datafile.capture import capture_known_file
from chief.store.domain.config import Settings


def test_a_save_notes_its_bytes_in_another_thread(desk, data_file, monkeypatch):
    threads: list[threading.Thread] = []
    real = fingerprints._write_note

    def noted(*args):
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(fingerprints, "_write_note", noted)
    item, _ = desk.capture("first")
    desk.move(item.id, 1)
    fingerprints.settle()
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    assert fingerprints.is_known(data_file, data_file.read_bytes())


def test_the_save_does_not_wait_for_the_note_and_is_known_does(desk, data_file, monkeypatch):
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
    assert not fingerprints._idle.is_set()
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
    assert fingerprints._idle.is_set()


def test_a_capture_in_the_same_process_splices_after_a_save(desk, data_file, frozen_time):
    """The capture fast path asks is_known right after a save whose note is still in the thread."""
    desk.capture("first")
    assert capture_known_file(data_file, Settings(), "spliced in") is not None
