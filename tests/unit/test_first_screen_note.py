"""The kept first screen (store/datafile/first_screen.py) is shown only for the very file, settings and moment it was kept for.

Anything that may make it untrue means no first board (``Desk.first_board`` is
None) and the file is read as always: the file written since (by a capture from
the shell, by another program, replaced whole, touched in place), a journal or a
conflict copy waiting, other settings, another language or zone, a note that
does not read, a clock outside its window. The note is private, like the journal.
"""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from apptools import seed
from chief.store.datafile import afterwards, first_screen, journal
from chief.store.desk import Desk
from chief.store.domain import first_board
from chief.store.domain.config import Settings

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture
def kept(data_file):
    """A seeded file whose first screen this machine kept after showing it."""
    seed(data_file)
    desk = Desk(data_file)
    desk.keep_first_screen(desk.board())
    afterwards.settle()
    assert Desk(data_file).first_board() is not None
    return data_file


def test_kept_privately_like_the_journal(kept):
    note = first_screen.note_path(kept)
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    assert stat.S_IMODE(note.parent.stat().st_mode) == 0o700
    assert "起草年度工作总结报告" in note.read_text(encoding="utf-8")  # titles: user data, as the journal holds


def test_the_first_board_is_for_painting_only(kept):
    first = Desk(kept).first_board()
    assert first.partial and not Desk(kept).board().partial
    assert first.listed("inbox") == Desk(kept).board().listed("inbox")


def test_a_capture_from_the_shell_since(kept):
    Desk(kept).capture("from the shell")
    assert Desk(kept).first_board() is None


def test_the_file_replaced_with_the_same_bytes(kept):
    copy = kept.with_name("copy.json")
    shutil.copy2(kept, copy)
    os.replace(copy, kept)  # what a sync tool does: another inode, whatever the bytes
    assert Desk(kept).first_board() is None


def test_the_file_touched_in_place(kept):
    stamp = kept.stat().st_mtime_ns
    os.utime(kept, ns=(stamp + 1_000, stamp + 1_000))
    assert Desk(kept).first_board() is None


def test_bytes_this_machine_did_not_note(kept):
    from chief.store.datafile import fingerprints, paths

    (paths.state_dir() / fingerprints.NOTE).unlink()
    assert Desk(kept).first_board() is None


def test_a_journal_waiting(kept):
    journal.append(kept, None, {"items": {}})
    assert Desk(kept).first_board() is None


def test_a_conflict_copy_beside_the_file(kept):
    shutil.copy(kept, kept.with_name(f"{kept.stem} (conflicted copy 2026-11-20 101010){kept.suffix}"))
    assert Desk(kept).first_board() is None


@pytest.mark.parametrize("settings", [Settings(horizon_days=3), Settings(private_categories=("documents",)),
                                      Settings(language="zh")])
def test_other_settings(kept, settings):
    assert Desk(kept, settings).first_board() is None


def test_another_language(kept, monkeypatch):
    from chief.store.i18n import set_language

    set_language("zh")
    try:
        assert Desk(kept).first_board() is None
    finally:
        set_language("en")


def test_another_zone(kept, monkeypatch):
    monkeypatch.setenv("CHIEF_TZ", "Europe/Paris")
    assert Desk(kept).first_board() is None


def test_another_version(kept, monkeypatch):
    monkeypatch.setattr("chief.store.version.__version__", "99.0")
    assert Desk(kept).first_board() is None


@pytest.mark.parametrize("moment", ["2026-11-25T09:59:00", "2026-11-29T10:00:00"])
def test_a_clock_outside_its_window(kept, monkeypatch, moment):
    from conftest import FROZEN_NOW

    assert FROZEN_NOW == "2026-11-25T10:00:00"  # kept then, for four days
    monkeypatch.setenv("CHIEF_NOW", moment)
    assert Desk(kept).first_board() is None


def test_a_later_clock_inside_its_window_moves_items_as_the_full_board(kept, monkeypatch):
    monkeypatch.setenv("CHIEF_NOW", "2026-11-28T08:30:00")  # Saturday morning: Wednesday's and Friday's dues are overdue now
    first, full = Desk(kept).first_board(), Desk(kept).board()
    assert first is not None
    for slot in first_board.SLOTS:
        assert [i.id for i in first._groups.lists[slot]] == [i.id for i in full._groups.lists[slot]]
        assert first.listed(slot) == full.listed(slot)
    assert first.overdue_count() == full.overdue_count() > 0


@pytest.mark.parametrize("damage", ["{", "[]", '{"key": {}, "inputs": {}}', "garbage\x00"])
def test_a_note_that_does_not_read(kept, damage):
    first_screen.note_path(kept).write_text(damage, encoding="utf-8")
    assert Desk(kept).first_board() is None


def test_inputs_damaged_under_a_matching_key(kept):
    note = first_screen.note_path(kept)
    found = json.loads(note.read_text(encoding="utf-8"))
    found["inputs"]["lists"] = {"1": {"count": "many"}}
    note.write_text(json.dumps(found), encoding="utf-8")
    assert Desk(kept).first_board() is None


def test_not_kept_for_a_file_this_machine_did_not_write(data_file):
    seed(data_file)
    from chief.store.datafile import fingerprints, paths

    (paths.state_dir() / fingerprints.NOTE).unlink()  # as if synced in from another machine
    desk = Desk(data_file)
    desk.keep_first_screen(desk.board())
    afterwards.settle()
    assert not first_screen.note_path(data_file).exists()


def test_not_kept_while_a_change_waits_for_the_file(data_file):
    seed(data_file)
    desk = Desk(data_file)
    board = desk.board()
    desk.save_after_paint(lambda: None)
    desk.capture("journaled, not yet written")  # in the journal only (the dashboard's way)
    desk.keep_first_screen(desk.board_after_command())
    desk.keep_first_screen(board)
    afterwards.settle()
    assert not first_screen.note_path(data_file).exists()
