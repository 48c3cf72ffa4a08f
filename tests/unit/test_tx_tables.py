"""A command's tables: its own merged copy, changed in place; whatever else holds the data before it never sees a change."""

from __future__ import annotations

from chief.store.datafile.tinystore import ChiefStorage
from chief.store.desk import Desk
from chief.store.sync.replica import ChiefDB, Tx
from chief.store.sync.hlc import HybridClock, make_stamp
from chief.store.domain import wallclock

BASE = 1_764_000_000_000


def _clock() -> HybridClock:
    return HybridClock("bbbbbbbbbb", wall_ms=lambda: BASE + 1000)


def test_a_key_leaves_the_last_board_and_the_bytes_last_written_as_they_were(data_file):
    Desk(data_file).capture("first")
    desk = Desk(data_file)
    desk.keep_housekeeping_out_of_saves()
    desk.save_after_paint(lambda: None)
    board = desk.board()
    item = board.inbox()[0]
    known, record = desk.replica.known, desk.replica.known["items"][item.id]
    table = known["items"]
    desk.move(item.id, 1)
    assert desk.replica.known is not known and desk.replica.known["items"] is not table
    assert table[item.id] is record and record["status"] == "inbox"  # the old data, as the old board saw it
    assert board._data["items"] is table and board.inbox()[0].id == item.id
    assert desk.board_after_command().quadrant(1)[0].id == item.id
    desk.save_deferred()
    assert Desk(data_file).board().quadrant(1)[0].id == item.id


def test_a_table_the_batch_does_not_own_is_copied_before_a_change():
    held: dict = {}
    db = ChiefDB("unused.json", storage=ChiefStorage)
    data = {"team": held}
    db.storage.begin(data)  # not the batch's own: someone else holds it
    try:
        tx = Tx(db, data, _clock(), wallclock.now())
        tx.insert("team", {"name": "A"}, "R1")
        tx.insert("team", {"name": "B"}, "R2")
    finally:
        data = db.storage.end()
    assert held == {} and data["team"] is not held  # copied once, at the first change
    assert sorted(data["team"]) == ["R1", "R2"]


def test_a_table_the_batch_owns_is_changed_in_place():
    own = {"R": {"title": "old", "_stamps": {"*": make_stamp(BASE, 0, "aaaaaaaaaa")}}}
    db = ChiefDB("unused.json", storage=ChiefStorage)
    data = {"team": own}
    db.storage.begin(data, own=True)
    try:
        Tx(db, data, _clock(), wallclock.now()).update("team", "R", {"title": "new"})
    finally:
        data = db.storage.end()
    assert data["team"] is own and own["R"]["title"] == "new"


def test_a_merge_taken_as_the_file_is_the_file(data_file, monkeypatch):
    """Whenever ``apply`` skips comparing the merge with the file's data, they are equal (checked here every time)."""
    from chief.store.sync.replica import Replica

    gather, seen = Replica._gather, []

    def checked(self, extra=None):
        merged, on_disk, signature, copies = gather(self, extra)
        if self._merged_as_read:
            seen.append(1)
            assert merged == on_disk and merged is not on_disk
            assert all(merged[t] is not on_disk[t] for t in merged)  # the command's own tables
        return merged, on_disk, signature, copies

    monkeypatch.setattr(Replica, "_gather", checked)
    Desk(data_file).capture("first")
    desk = Desk(data_file)
    desk.keep_housekeeping_out_of_saves()
    desk.save_after_paint(lambda: None)
    item = desk.board().inbox()[0]
    desk.move(item.id, 1)  # journaled ...
    desk.move(item.id, 2)  # ... the first saved, then this one merged with what we know
    desk.save_deferred()
    other = Desk(data_file)
    other.capture("from another process")  # the file changed under the first desk: read, not taken as known
    copy = data_file.with_name("chief.sync-conflict-20261125-101010-ABCDEFG.json")
    copy.write_bytes(data_file.read_bytes())
    desk.move(item.id, 3)
    desk.save_deferred()
    desk.move(item.id, 4)
    desk.save_deferred()
    board = Desk(data_file).board()
    assert board.quadrant(4)[0].id == item.id and len(board.items) == 2
    assert seen  # the cheap way was taken
