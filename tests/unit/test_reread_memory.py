"""Re-reading a file another process changed: the replica lets go of the old file's bytes (issue 17: peak memory).

The dashboard keeps the bytes of the file as last read or written, for saves
that splice a few lines and for the next re-read, which compares the new
bytes with them line by line (tests/unit/test_reread_lines.py); the replica
itself holds them no longer once the file changed, and the comparison lets
go of them before any full parse.
"""

from __future__ import annotations

from chief.store.desk import Desk
from chief.store.domain.config import Settings
from chief.store.sync import replica as replica_module


def test_the_old_bytes_are_not_held_while_the_changed_file_is_read(desk, data_file, monkeypatch):
    desk.capture("first")
    desk.board()
    assert desk.replica._raw is not None  # kept for the next save's splice
    Desk(data_file, Settings()).capture("from elsewhere")  # another process writes the file
    held: list[object] = []
    real = replica_module.read_file_text

    def reading(path, **kwargs):
        held.append(desk.replica._raw)
        return real(path, **kwargs)

    monkeypatch.setattr(replica_module, "read_file_text", reading)
    board = desk.board()
    assert held == [None]
    assert sorted(i.title for i in board.items.values()) == ["first", "from elsewhere"]
    assert desk.replica._raw == data_file.read_bytes()  # the new bytes, for the next save
    item, _ = desk.capture("after")
    assert "after" in data_file.read_text(encoding="utf-8")
