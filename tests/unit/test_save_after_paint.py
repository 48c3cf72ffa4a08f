"""The dashboard's two-step save (store/datafile/journal.py): journaled in the keystroke, written after the paint.

A change journaled and not yet in the file is never lost: whoever opens the
file next on this machine (a new dashboard after a crash, a command line)
merges the journal in, saves it and empties the journal; a change made
elsewhere meanwhile is merged, never written over.
"""

from __future__ import annotations

import json

import pytest

from chief.store.datafile import journal
from chief.store.datafile.storage import read_file, serialize
from chief.store.desk import Desk


def _dashboard_desk(path) -> tuple[Desk, list[int]]:
    desk = Desk(path)
    due: list[int] = []
    desk.keep_housekeeping_out_of_saves()
    desk.save_after_paint(lambda: due.append(1))
    return desk, due


def _in_file(path, item_id: str) -> dict:
    return read_file(path)[0]["items"].get(item_id) or {}


def test_a_command_is_journaled_then_saved_after_the_paint(data_file):
    Desk(data_file).capture("first")
    desk, due = _dashboard_desk(data_file)
    item = desk.board().inbox()[0]
    before = data_file.read_bytes()
    desk.move(item.id, 1)
    assert due == [1]  # the app is told to save once it has painted
    assert data_file.read_bytes() == before  # not yet in the file ...
    entries, present = journal.read(data_file)
    assert present and entries[0][1]["items"][item.id]["important"] is True  # ... but durably journaled
    assert not desk.unsaved  # nothing to warn about: the header says nothing
    assert desk.board_after_command().quadrant(1)[0].id == item.id
    assert desk.save_deferred() is False  # the cheap way: the file was as we wrote it
    assert _in_file(data_file, item.id)["important"] is True
    assert journal.read(data_file) == ([], False)  # emptied


def test_a_change_journaled_before_a_crash_is_merged_by_the_next_command(data_file, run_main):
    Desk(data_file).capture("first")
    desk, _due = _dashboard_desk(data_file)
    item = desk.board().inbox()[0]
    desk.move(item.id, 2)
    del desk  # killed after the paint, before the save: the journal has it, the file not
    assert _in_file(data_file, item.id)["important"] is False
    board = Desk(data_file).board()  # the next Chief on this machine (the same state dir)
    assert board.quadrant(2)[0].id == item.id
    assert _in_file(data_file, item.id)["important"] is True  # merged, saved ...
    assert journal.read(data_file) == ([], False)  # ... and the journal emptied


def test_a_journaled_change_does_not_win_over_a_later_one(data_file):
    Desk(data_file).capture("first")
    desk, _due = _dashboard_desk(data_file)
    item = desk.board().inbox()[0]
    desk.move(item.id, 2)
    line = journal.journal_path(data_file).read_text()
    other = Desk(data_file)
    other.move(item.id, 4)  # later, on this machine: merges the journal, then changes the item again
    journal.journal_path(data_file).write_text(line)  # the journal back (a lost truncation after a power cut)
    assert Desk(data_file).board().items[item.id].important is False  # the older journaled move loses
    assert _in_file(data_file, item.id)["important"] is False


def test_a_save_after_another_process_wrote_merges_both(data_file):
    Desk(data_file).capture("first")
    desk, _due = _dashboard_desk(data_file)
    item = desk.board().inbox()[0]
    desk.move(item.id, 1)
    Desk(data_file).capture("from the shell")  # lands between the paint and the save
    assert desk.save_deferred() is True  # the full way: read, merged, saved
    items = {r["title"]: r for r in read_file(data_file)[0]["items"].values()}
    assert items["first"]["important"] is True and "from the shell" in items
    assert journal.read(data_file) == ([], False)


def test_the_next_command_saves_what_waits_first(data_file):
    Desk(data_file).capture("first")
    Desk(data_file).capture("second")
    desk, _due = _dashboard_desk(data_file)
    first, second = sorted(desk.board().inbox(), key=lambda i: i.title)
    desk.move(first.id, 1)
    desk.move(second.id, 3)  # before any paint: the first move is written into the file first
    assert _in_file(data_file, first.id)["important"] is True
    desk.save_deferred()
    assert _in_file(data_file, second.id)["urgent"] is True
    assert desk.undo() is not None  # one undo still takes back one key
    desk.save_deferred()
    assert _in_file(data_file, second.id)["urgent"] is False and _in_file(data_file, first.id)["important"] is True


def test_a_line_cut_short_by_a_crash_is_skipped(data_file):
    Desk(data_file).capture("first")
    desk, _due = _dashboard_desk(data_file)
    item = desk.board().inbox()[0]
    desk.move(item.id, 1)
    target = journal.journal_path(data_file)
    whole = target.read_bytes()
    target.write_bytes(whole + whole[: len(whole) // 2])  # a second line, cut short
    assert [db for db, _records in journal.read(data_file)[0]] == [json.loads(whole)["db"]]
    assert Desk(data_file).board().items[item.id].important is True


def test_a_journal_of_another_database_is_set_aside_not_merged(data_file, tmp_path):
    Desk(data_file).capture("first")
    desk, _due = _dashboard_desk(data_file)
    item = desk.board().inbox()[0]
    desk.move(item.id, 1)
    other = tmp_path / "other.json"
    Desk(other).capture("another database")
    data_file.write_bytes(other.read_bytes())  # another file put at this path
    fresh = Desk(data_file)
    board = fresh.board()
    assert item.id not in board.items
    assert any("another database" in notice for notice in fresh.replica.notices)
    assert journal.read(data_file) == ([], False)
    assert list(journal.journal_path(data_file).parent.glob("*.unmerged-*.jsonl"))  # kept, not lost


def test_the_save_after_the_paint_looks_only_at_the_records_touched(data_file, monkeypatch):
    from chief.store.datafile import splice

    for title in ("first", "second", "third"):
        Desk(data_file).capture(title)
    desk, _due = _dashboard_desk(data_file)
    first, second, _third = sorted(desk.board().inbox(), key=lambda i: i.title)
    desk.move(first.id, 1)
    desk.save_deferred()  # from here the desk's data is the file's own: the next save knows what it touched
    scanned: list[int] = []
    real = splice._changes
    monkeypatch.setattr(splice, "_changes", lambda before, after: scanned.append(len(after)) or real(before, after))
    desk.move(second.id, 2)
    desk.save_deferred()
    assert 3 not in scanned  # the items were not scanned (only the small tables were) ...
    assert _in_file(data_file, second.id)["important"] is True  # ... and the line was spliced right
    assert data_file.read_bytes() == serialize(read_file(data_file)[0]).encode("utf-8")  # exactly Chief's layout


def test_a_save_after_the_paint_that_finds_the_file_locked_says_so_and_keeps_the_change(data_file):
    import pytest

    from chief.store.datafile.lock import hold
    from chief.store.datafile.storage import SaveError, lock_path

    Desk(data_file).capture("first")
    desk, _due = _dashboard_desk(data_file)
    item = desk.board().inbox()[0]
    desk.move(item.id, 1)
    with hold(lock_path(data_file), 1):  # another Chief holds the lock
        with pytest.raises(SaveError, match="locked"):
            desk.replica.save_deferred(wait=0.1)
    assert desk.unsaved and journal.read(data_file)[1]  # kept here and in the journal ...
    assert desk.board().quadrant(1)[0].id == item.id  # ... and the next read saves it
    assert _in_file(data_file, item.id)["important"] is True and not desk.unsaved
    assert journal.read(data_file) == ([], False)


def test_the_journal_is_found_under_the_name_it_always_had(data_file, tmp_path):
    """A journal left by an earlier Chief (named by hashlib's SHA-256 of the file's path) is the one read now."""
    import hashlib

    resolved = data_file.resolve()
    name = hashlib.sha256(str(resolved).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    assert journal.journal_path(resolved).name == f"{name}.jsonl"
    odd = tmp_path / "dé\udcff" / "chief.json"  # a path that is not valid UTF-8, as a file system may hold
    assert journal.journal_path(odd).name == hashlib.sha256(str(odd).encode("utf-8", "surrogatepass")).hexdigest()[:20] + ".jsonl"


def test_a_prepared_journal_exists_durably_and_a_full_one_is_left_as_it_is(data_file, monkeypatch):
    from chief.store.datafile import platform_io

    desk, _due = _dashboard_desk(data_file)
    target = journal.journal_path(desk.replica.path)
    assert not target.exists()
    flushed: list[str] = []
    monkeypatch.setattr(platform_io, "flush_file", lambda fd: flushed.append("file"))
    monkeypatch.setattr(platform_io, "flush_folder", lambda folder: flushed.append(str(folder)))
    desk.prepare_journal()
    assert target.exists() and target.read_bytes() == b""
    assert flushed == ["file", str(target.parent)]  # the empty file, then its name
    target.write_bytes(b'{"partial": ')  # a line cut short (or any content): never touched by preparing
    flushed.clear()
    desk.prepare_journal()
    assert target.read_bytes() == b'{"partial": ' and flushed == []


def test_a_journal_that_cannot_be_made_is_no_error_until_a_command_needs_it(data_file, monkeypatch):
    desk, due = _dashboard_desk(data_file)
    monkeypatch.setattr(journal, "prepare", lambda path: (_ for _ in ()).throw(PermissionError("read-only state")))
    desk.prepare_journal()  # nothing raised: the first command finds out (and saves at once)


def test_a_journaled_stamp_ahead_of_this_clock_is_observed(data_file):
    """A capture's line was stamped by its own process's clock, which may have seen a later mark: the
    process that merges it moves its clock past it, so its next change sorts after the capture."""
    import time

    from chief.store.domain.board import ITEMS
    from chief.store.sync.hlc import make_stamp, parse_stamp
    from chief.store.sync.merge import DEFAULT, STAMPS

    desk = Desk(data_file)
    desk.capture("first")
    ahead = make_stamp(int(time.time() * 1000) + 3_600_000, 7, "laptop0001")  # an hour ahead: under a day
    record = {**desk.board().raw_items[desk.board().inbox()[0].id]}
    captured = {**record, "title": "journaled", STAMPS: {DEFAULT: ahead}}
    journal.append(desk.path, desk.replica._database_id(None), {ITEMS: {"01ZZZZZZZZZZZZZZZZZZZZZZZZ": captured}})
    merging = Desk(data_file)
    merging.board()  # merges the journal
    assert parse_stamp(merging.replica.clock.now())[:2] > parse_stamp(ahead)[:2]


def test_a_line_appended_after_one_cut_short_stays_whole(data_file):
    """A crash left half a line: the next line starts on a line of its own, and take_back removes it alone."""
    target = journal.journal_path(data_file)
    journal.append(data_file, "db", {"items": {"a": {"title": "first"}}})
    whole = target.read_bytes()
    target.write_bytes(whole + whole[: len(whole) // 2])  # a second line, cut short by a crash
    start, length = journal.append(data_file, "db", {"items": {"b": {"title": "after the crash"}}})
    entries, _present = journal.read(data_file)
    assert [records["items"] for _db, records in entries] == [{"a": {"title": "first"}}, {"b": {"title": "after the crash"}}]
    journal.take_back(data_file, start, length)
    assert target.read_bytes() == whole + whole[: len(whole) // 2]


def test_a_line_that_cannot_be_written_whole_is_cut_back_off(data_file, monkeypatch):
    """A full disk stops the write half-way: no torn line is left for the next append to run on into."""
    from chief.store.datafile import platform_io

    journal.append(data_file, "db", {"items": {"a": {"title": "first"}}})
    before = journal.journal_path(data_file).read_bytes()
    real = platform_io.write_all

    def half_then_full(fd: int, data: bytes) -> None:
        real(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(platform_io, "write_all", half_then_full)
    with pytest.raises(OSError):
        journal.append(data_file, "db", {"items": {"b": {"title": "no room"}}})
    assert journal.journal_path(data_file).read_bytes() == before
