"""A sync tool's rename landing while Chief saves is never written over, not even into a conflict copy.

tests/faults/test_concurrent_writers.py meets these windows by chance under
load (``overwritten_pushes``); here each is made certain, at the exact
moment, in one process:

- between Chief's last check of the file and its swap: the swap displaces the
  sync tool's file, which must go straight back in place (a conflict copy is
  absorbed at the next command, but until then the sync tool sees a data
  file without its change and carries it back to the other machine);
- after Chief's rename, before its save returns (the folder's fsync): what
  Chief notes as "the file I wrote" must be its own file, not the sync
  tool's, or its next save takes the sync tool's file for its own and
  writes over it unread.
"""

from __future__ import annotations

import os
from pathlib import Path

from chief.store.datafile import storage
from chief.store.desk import Desk
from chief.store.datafile.storage import read_file, serialize

try:
    from chief.store.datafile import platform_io
except ImportError:  # the original build: the tests then fail on what they check
    platform_io = None

CONFLICT_GLOB = "*.sync-conflict-*"
THEIRS = "01FROMTHEOTHERMACHINE00000"


def titles_in(path: Path) -> list[str]:
    data, _ = read_file(path)
    return sorted(r["title"] for r in data["items"].values() if isinstance(r, dict) and "title" in r)


def their_version(data_file: Path) -> Path:
    """The other machine's file, one item more, written beside ours as a sync tool does before its rename."""
    theirs, _ = read_file(data_file)
    theirs["items"][THEIRS] = {
        "title": "from the other machine", "status": "inbox", "created": "2026-11-25T01:00:00Z",
        "updated": "2026-11-25T01:00:00Z"}
    incoming = data_file.with_name(f".syncthing.{data_file.name}.tmp")
    incoming.write_bytes(serialize(theirs).encode("utf-8"))
    return incoming


def test_a_rename_landing_just_before_the_swap_stays_in_place(data_file, local_state, frozen_time, monkeypatch,
                                                              report):
    """The sync tool's file must never leave the data file's name, not even into a conflict copy.

    A copy is absorbed at the next command, but until then the sync tool sees
    a data file without its change and carries it back to the other machine.
    """
    desk = Desk(data_file)
    desk.capture("mine")
    incoming = their_version(data_file)
    landed = []
    if platform_io is not None:
        owner, name = platform_io, "exchange"
    else:
        owner, name = storage, "_exchange"
    real_exchange = getattr(owner, name)

    def rename_lands_first(first, second):
        if not landed:  # every check is done: the sync tool's rename wins the race to the name
            landed.append(True)
            os.replace(incoming, data_file)
        return real_exchange(first, second)

    monkeypatch.setattr(owner, name, rename_lands_first)
    desk.capture("added during the race")
    assert landed
    on_disk = data_file.read_bytes()
    copies = sorted(p.name for p in data_file.parent.glob(CONFLICT_GLOB))
    lost_in_place = "from the other machine" not in titles_in(data_file)
    report("sync renames: just before the swap", trials=1, lost=int(lost_in_place))
    assert not lost_in_place, f"the sync tool's file was moved aside: {copies}"
    assert copies == []
    assert titles_in(data_file) == ["added during the race", "from the other machine", "mine"]
    assert on_disk == data_file.read_bytes()


def test_a_rename_landing_while_the_folder_is_flushed_is_read_before_the_next_save(data_file, local_state,
                                                                                   frozen_time, monkeypatch, report):
    desk = Desk(data_file)  # one long-lived desk, as the dashboard's
    desk.capture("mine")
    incoming = their_version(data_file)
    landed = []
    owner, name = (platform_io, "flush_folder") if platform_io is not None else (storage, "_fsync_dir")
    real_flush = getattr(owner, name)

    def rename_lands_after_ours(directory):
        if not landed:  # Chief's file is in place; the save has not returned yet
            landed.append(True)
            os.replace(incoming, data_file)
        return real_flush(directory)

    monkeypatch.setattr(owner, name, rename_lands_after_ours)
    desk.capture("saved as the sync tool renamed")
    monkeypatch.undo()
    assert landed
    assert "from the other machine" in titles_in(data_file)  # theirs is in place now
    desk.capture("the next keystroke")
    lost = [t for t in ("from the other machine", "mine", "saved as the sync tool renamed", "the next keystroke")
            if t not in titles_in(data_file)]
    report("sync renames: while the folder is flushed", trials=1, lost=len(lost))
    assert lost == [], f"written over by the next save: {lost}"
    assert list(data_file.parent.glob(CONFLICT_GLOB)) == []
