"""The short capture path: a splice into a file this machine wrote, and when it stands aside.

The short path must write exactly the bytes the full path would, and must
give way to the full path whenever the file is not what this machine wrote.
It reads the file in chunks, its last lines (meta, team, the last item) from
a tail held in memory: the checks below hold it to the full path's bytes for
every size of tail and chunk, including ones that cut lines, the meta record
and the file's head in two, and to its trust when bytes change in place.
"""

from __future__ import annotations

import itertools
import os
import json
import shutil
import sys
import tracemalloc
from pathlib import Path

import pytest

from chief.store.datafile import paths
from chief.store.datafile import capture, fingerprints, storage
from chief.store.datafile.capture import capture_known_file
from chief.store.domain.config import Settings
from chief.store.desk import Desk
from chief.store.domain.quickadd import QuickAddError
from chief.store.datafile.storage import parse, serialize

IDS = (f"01ZZ{n:022d}" for n in itertools.count())


def _seeded(path: Path) -> Desk:
    desk = Desk(path)
    desk.team_add("王芳", capacity_hours=30)
    desk.team_add("Li Wei")
    for n in range(30):
        desk.capture(f"任务 {n} #documents" if n % 3 else f"task {n} ^tomorrow")
    return desk


def _canonical(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return serialize(parse(text, path)) == text


def _between(path: Path) -> str:
    """A new id strictly between two neighbours among the file's items, never one of them."""
    ids = sorted(Desk(path).board().items)
    digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return next(c for k in range(5, 15) for c in (ids[k][:-1] + d for d in digits) if ids[k - 1] < c < ids[k])


def test_short_path_writes_what_the_full_path_writes(tmp_path, frozen_time, monkeypatch):
    short, full = tmp_path / "short" / "chief.json", tmp_path / "full" / "chief.json"
    _seeded(short)
    full.parent.mkdir()
    full.write_bytes(short.read_bytes())
    for text in ["* 给办公厅回电话 @王 ~15m from:主任", "! ring \"Li\" #doc", "plain words"]:
        item_id = next(IDS)
        monkeypatch.setattr("chief.store.domain.ids.new_id", lambda: item_id)
        monkeypatch.setattr("chief.store.sync.replica.new_id", lambda: item_id)
        ticks = next(itertools.count())  # the same clock readings for both paths
        clock = itertools.count(1_796_100_000_000 + ticks * 1000)
        monkeypatch.setattr("chief.store.sync.hlc.time.time_ns", lambda: next(clock) * 1_000_000)
        found = capture_known_file(short, Settings(), text)
        assert found is not None, "the file this machine wrote was not trusted"
        clock = itertools.count(1_796_100_000_000 + ticks * 1000)
        Desk(full).capture(text)
        assert short.read_bytes() == full.read_bytes()
    assert _canonical(short)


def test_an_id_that_sorts_in_the_middle_goes_in_its_place(tmp_path, frozen_time, monkeypatch):
    path = tmp_path / "chief.json"
    _seeded(path)
    middle = _between(path)
    monkeypatch.setattr("chief.store.domain.ids.new_id", lambda: middle)
    item, _ = capture_known_file(path, Settings(), "squeezed in")
    assert item.id == middle
    assert _canonical(path)
    assert Desk(path).board().items[middle].title == "squeezed in"


def test_first_item_into_an_empty_items_table(tmp_path, frozen_time):
    path = tmp_path / "chief.json"
    Desk(path).team_add("张伟")
    item, board = capture_known_file(path, Settings(), "第一件事 @张")
    assert board.member_name(item.assignee) == "张伟"
    assert _canonical(path)
    assert [i.title for i in Desk(path).board().items.values()] == ["第一件事"]


@pytest.mark.parametrize("where", ["first", "last", "between"])
def test_the_note_a_short_capture_leaves_names_the_bytes_it_wrote(tmp_path, frozen_time, monkeypatch, where):
    """The checksum is carried on from the bytes kept as they were: it must be the new file's, wherever the line went."""
    path = tmp_path / "chief.json"
    if where == "first":
        Desk(path).team_add("张伟")
    else:
        _seeded(path)
    fingerprints.settle()
    with monkeypatch.context() as patch:
        if where == "between":
            middle = _between(path)
            patch.setattr("chief.store.domain.ids.new_id", lambda: middle)
        item, _ = capture_known_file(path, Settings(), f"spliced {where}")
    assert where != "between" or item.id == middle
    assert fingerprints.is_known(path, path.read_bytes())  # worked out afresh over the whole file
    assert _canonical(path)
    assert capture_known_file(path, Settings(), "and the next one splices too") is not None


def test_the_backup_of_bytes_known_ours_is_not_read_again(tmp_path, frozen_time, monkeypatch):
    """Rotation keeps the last good copy; a capture knows its backup is one without parsing it (a full read)."""
    from chief.store.datafile import storage

    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()
    shutil.rmtree(storage.backup_dir(path), ignore_errors=True)  # ten minutes on: the next save keeps a backup
    before = path.read_bytes()

    def refused(_path):
        raise AssertionError("a backup of bytes known good was read again")

    with monkeypatch.context() as patch:
        patch.setattr(storage, "newest_good_backup", refused)
        assert capture_known_file(path, Settings(), "with a backup") is not None
    kept = storage.list_backups(path)
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert storage.newest_good_backup(path) == kept[0]  # what the reading would have found


def test_bytes_in_another_layout_take_the_full_path(tmp_path, frozen_time):
    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()
    pretty = json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=4, ensure_ascii=False).encode("utf-8")
    path.write_bytes(pretty)
    fingerprints.remember(path, pretty)  # even noted as ours, bytes in another layout are not spliced
    assert capture_known_file(path, Settings(), "after a reformat") is None
    assert path.read_bytes() == pretty


def test_a_file_changed_by_anyone_else_takes_the_full_path(tmp_path, frozen_time):
    path = tmp_path / "chief.json"
    _seeded(path)
    text = path.read_text(encoding="utf-8")
    assert text.count('"任务 1"') == 1
    path.write_text(text.replace('"任务 1"', '"任务 1 (edited by hand)"'), encoding="utf-8")
    assert capture_known_file(path, Settings(), "after a hand edit") is None
    Desk(path).capture("after a hand edit")
    assert capture_known_file(path, Settings(), "now trusted again") is not None  # the full path wrote it
    titles = {i.title for i in Desk(path).board().items.values()}
    assert {"任务 1 (edited by hand)", "after a hand edit", "now trusted again"} <= titles


def test_a_conflict_copy_takes_the_full_path(tmp_path, frozen_time):
    path = tmp_path / "chief.json"
    _seeded(path)
    copy = tmp_path / "chief.sync-conflict-20261125-101010-ABCDEFG.json"
    copy.write_bytes(path.read_bytes())
    assert capture_known_file(path, Settings(), "with a copy waiting") is None


def test_no_note_no_short_path(tmp_path, frozen_time):
    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()  # the desk's saves note their bytes in a thread
    (paths.state_dir() / fingerprints.NOTE).unlink()
    assert capture_known_file(path, Settings(), "unknown bytes") is None
    assert capture_known_file(tmp_path / "missing.json", Settings(), "no file") is None


def test_a_bad_line_is_refused_before_the_file_is_touched(tmp_path, frozen_time):
    path = tmp_path / "chief.json"
    _seeded(path)
    before = path.read_bytes()
    with pytest.raises(QuickAddError):
        capture_known_file(path, Settings(), "call ^someday-maybe")
    with pytest.raises(QuickAddError):
        capture_known_file(path, Settings(), "call @nobody")
    assert path.read_bytes() == before


def test_the_note_is_about_content(tmp_path, frozen_time):
    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()
    note = json.loads((paths.state_dir() / fingerprints.NOTE).read_text())
    assert list(note) == [str(path)]
    assert fingerprints.is_known(path, path.read_bytes())
    assert not fingerprints.is_known(path, path.read_bytes() + b" ")


def test_many_short_captures_keep_the_file_whole(env, run_main, data_file):
    run_main("team", "add", "王芳", check=True)
    for n in range(12):
        run_main("add", f"快速 {n} @王", check=True)
    board = Desk(data_file).board()
    assert sorted(i.title for i in board.items.values()) == sorted(f"快速 {n}" for n in range(12))
    assert _canonical(data_file)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rules are Linux's")
def test_linux_folders_are_where_platformdirs_puts_them(monkeypatch):
    import platformdirs

    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "CHIEF_FILE", "CHIEF_CONFIG", "CHIEF_STATE_DIR"):
        monkeypatch.delenv(variable, raising=False)
    assert paths.data_file() == Path(platformdirs.user_data_dir("chief")) / "chief.json"
    assert paths.config_file() == Path(platformdirs.user_config_dir("chief")) / "config.toml"
    assert paths.state_dir() == Path(platformdirs.user_state_dir("chief"))
    monkeypatch.setenv("XDG_STATE_HOME", "/srv/state")
    assert paths.state_dir() == Path(platformdirs.user_state_dir("chief")) == Path("/srv/state/chief")


def _temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{storage.TEMP_PREFIX}*"))


@pytest.mark.parametrize("tail", [1, 40, 333, 10**6])
@pytest.mark.parametrize("chunk", [1, 97, 256 * 1024])
@pytest.mark.parametrize("where", ["last", "between", "first"])
def test_every_tail_and_chunk_writes_what_the_full_path_writes(tmp_path, frozen_time, monkeypatch, tail, chunk, where):
    short, full = tmp_path / "short" / "chief.json", tmp_path / "full" / "chief.json"
    if where == "first":
        Desk(short).team_add("张伟")
    else:
        _seeded(short)
    fingerprints.settle()
    full.parent.mkdir()
    full.write_bytes(short.read_bytes())
    item_id = _between(short) if where == "between" else next(IDS)
    monkeypatch.setattr("chief.store.domain.ids.new_id", lambda: item_id)
    monkeypatch.setattr("chief.store.sync.replica.new_id", lambda: item_id)
    monkeypatch.setattr(capture._OldFile, "TAIL", tail)
    monkeypatch.setattr(capture._OldFile, "CHUNK", chunk)
    clock = itertools.count(1_796_100_000_000)
    monkeypatch.setattr("chief.store.sync.hlc.time.time_ns", lambda: next(clock) * 1_000_000)
    found = capture_known_file(short, Settings(), "给办公厅回电话 @王 ~15m" if where != "first" else "第一件事 @张")
    assert found is not None, "the file this machine wrote was not trusted"
    assert found[0].id == item_id
    clock = itertools.count(1_796_100_000_000)
    Desk(full).capture("给办公厅回电话 @王 ~15m" if where != "first" else "第一件事 @张")
    assert short.read_bytes() == full.read_bytes()
    assert fingerprints.is_known(short, short.read_bytes())  # the note names the bytes written, worked out afresh
    assert _temp_files(short.parent) == []


@pytest.mark.parametrize("where", ["head", "middle", "tail"])
def test_bytes_changed_in_place_are_found_before_the_copy_lands(tmp_path, frozen_time, monkeypatch, where):
    """A program that rewrites the file in place (same name, same size) leaves bytes the note does not name.

    The short path copies them into its temp file before their checksum is
    complete; the copy is thrown away, no backup is kept of them, the file is
    as the program left it, and the full path takes the capture.
    """
    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()
    storage.keep_backup(path, every_s=0)
    backups = storage.list_backups(path)
    raw = path.read_bytes()
    monkeypatch.setattr(capture._OldFile, "TAIL", 200)  # the head and the middle are read in chunks
    at = {"head": raw.index("任务 1".encode()), "middle": raw.index("任务 20".encode()), "tail": raw.rindex("王芳".encode())}[where]
    edited = raw[:at] + raw[at:at + 3].replace("任".encode(), "仼".encode()).replace("王".encode(), "玉".encode()) + raw[at + 3:]
    assert len(edited) == len(raw) and edited != raw
    with open(path, "r+b") as handle:  # in place: the same inode, as rsync --inplace or an editor that truncates
        handle.write(edited)
    assert capture_known_file(path, Settings(), "after an in-place edit") is None
    assert path.read_bytes() == edited
    assert _temp_files(tmp_path) == []
    assert storage.list_backups(path) == backups
    Desk(path).capture("after an in-place edit")  # the full path reads what is there
    assert capture_known_file(path, Settings(), "trusted again") is not None


def test_an_error_that_depends_on_the_file_is_said_only_of_bytes_known_ours(tmp_path, frozen_time):
    """``@王芳`` in a file whose team was edited by hand is the full path's to judge, with the whole file read."""
    path = tmp_path / "chief.json"
    _seeded(path)
    raw = path.read_bytes()
    with pytest.raises(QuickAddError):
        capture_known_file(path, Settings(), "call @nobody")  # bytes known ours: said at once, nothing written
    assert path.read_bytes() == raw
    path.write_bytes(raw.replace("王芳".encode(), "玉芳".encode()))  # not ours any more
    assert capture_known_file(path, Settings(), "call @王芳") is None
    with pytest.raises(QuickAddError):
        Desk(path).capture("call @王芳")
    assert _temp_files(tmp_path) == []


def test_a_capture_does_not_hold_the_file_in_memory(tmp_path, frozen_time):
    """Some 3,000 items (1.5 MB): the capture's own allocations peak at a few chunks, not the file's size."""
    path = tmp_path / "chief.json"
    desk = _seeded(path)
    data = storage.parse(path.read_text(encoding="utf-8"), path)
    record = next(iter(data["items"].values()))
    data["items"].update({f"01AA{n:022d}": {**record, "title": f"事项 {n}"} for n in range(3000)})
    raw = storage.serialize_bytes(data)
    path.write_bytes(raw)
    fingerprints.remember(path, raw)
    del desk, data
    tracemalloc.start()
    try:
        assert capture_known_file(path, Settings(), "one more") is not None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(raw) > 1_000_000
    assert peak < len(raw) / 2, f"{peak:,} bytes at the peak for a file of {len(raw):,}"
    assert Desk(path).board().items  # still a whole file
    assert fingerprints.is_known(path, path.read_bytes())


@pytest.mark.parametrize("damage", [
    ('"name": "王芳"', '"name": 5'),
    ('"name": "王芳"', '"name": ' + "[" * 1000 + "]" * 1000),  # deeper than Python's recursion limit
    ('"capacity": 1800', '"capacity": {"a": null}'),
    ('"clock": "', '"clock": ["'),
    ('"database_id": "', '"database_id": {"x": "'),
])
def test_hostile_values_in_a_file_not_ours_go_to_the_full_path(tmp_path, frozen_time, damage):
    """The tail is read before the checksum is complete: what a peer damaged there never escapes as an error."""
    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()
    text = path.read_text(encoding="utf-8")
    old, new = damage
    assert old in text, old
    if old == '"clock": "':
        head, _, rest = text.rpartition(old)
        quote = rest.index('"')
        hostile = head + '"clock": ["' + rest[:quote] + '"]' + rest[quote + 1:]
    elif old == '"database_id": "':
        head, _, rest = text.rpartition(old)
        quote = rest.index('"')
        hostile = head + '"database_id": {"x": "' + rest[:quote] + '"}' + rest[quote + 1:]
    else:
        hostile = text.replace(old, new)
    path.write_text(hostile, encoding="utf-8")
    before = path.read_bytes()
    for line in ("call @王芳", "plain words"):
        assert capture_known_file(path, Settings(), line) is None
        assert path.read_bytes() == before
    assert _temp_files(tmp_path) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads this process's descriptors in /proc")
def test_the_file_is_let_go_before_our_copy_takes_its_place(tmp_path, frozen_time, monkeypatch):
    """Windows refuses to rename over a file this process holds open: the old file is closed once checked."""
    import os

    from chief.store.datafile import platform_io

    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()
    held = []

    def open_on(target):
        found = os.stat(target)
        for name in os.listdir("/proc/self/fd"):
            try:
                st = os.fstat(int(name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == (found.st_dev, found.st_ino):
                held.append(int(name))

    for name in ("exchange", "replace"):
        swap = getattr(platform_io, name)
        monkeypatch.setattr(platform_io, name, lambda tmp, dst, swap=swap: (open_on(dst), swap(tmp, dst))[1])
    monkeypatch.setattr(storage, "keep_backup", lambda target, **kwargs: (open_on(target), None)[1])
    assert capture_known_file(path, Settings(), "let go first") is not None
    assert held == [], f"descriptors still on the data file when it was replaced: {held}"


def test_bytes_changed_between_the_tail_and_the_whole_read_are_not_trusted(tmp_path, frozen_time, monkeypatch):
    """A new id that sorts before the last line makes the whole file read after the tail. If another program's
    in-place bytes were there for the tail and ours are back for the whole read, the checksum matches the note:
    the tail the team and meta came from must be the end of the bytes checked, or they are taken on trust."""
    import os

    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()
    ours = path.read_bytes()
    monkeypatch.setattr("chief.store.domain.ids.new_id", lambda: _between(path))
    tail = len(ours) - ours.rindex(b'\n},\n"meta"') + 200  # the meta and team lines and a few items: not the file
    assert tail < len(ours) / 2
    monkeypatch.setattr(capture._OldFile, "TAIL", tail)
    at = ours.rindex("王芳".encode())
    st = os.stat(path)
    with open(path, "r+b") as handle:  # another program's bytes in place, its times kept (rsync --inplace -t)
        handle.write(ours[:at] + "玉芳".encode() + ours[at + len("玉芳".encode()):])
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    read_tail = capture._OldFile.read_tail

    def ours_again_for_the_whole_read(self, length):
        if length == self.size:
            with open(path, "r+b") as handle:
                handle.write(ours)
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return read_tail(self, length)

    monkeypatch.setattr(capture._OldFile, "read_tail", ours_again_for_the_whole_read)
    assert capture_known_file(path, Settings(), "call @玉芳") is None  # a member only the unchecked tail has
    assert path.read_bytes() == ours
    assert _temp_files(tmp_path) == []


def test_a_file_replaced_during_the_copy_is_not_kept_as_a_backup(tmp_path, frozen_time, monkeypatch):
    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()
    shutil.rmtree(storage.backup_dir(path), ignore_errors=True)  # ten minutes on: this capture would keep one
    chunks = capture._OldFile.chunks
    theirs = path.read_bytes().replace("王芳".encode(), "玉芳".encode())

    def replaced_meanwhile(self, start, end):
        if start == 0:  # the copy begins: a sync tool renames its own file over ours
            other = tmp_path / "theirs.tmp"
            other.write_bytes(theirs)
            other.replace(path)
        yield from chunks(self, start, end)

    monkeypatch.setattr(capture._OldFile, "chunks", replaced_meanwhile)
    assert capture_known_file(path, Settings(), "during a sync") is None
    assert path.read_bytes() == theirs
    assert storage.list_backups(path) == []
    assert _temp_files(tmp_path) == []


def test_a_file_of_another_size_than_noted_is_not_copied(tmp_path, frozen_time, monkeypatch):
    path = tmp_path / "chief.json"
    _seeded(path)
    fingerprints.settle()
    path.write_bytes(path.read_bytes().replace("王芳".encode(), "王芳芳".encode()))

    def refused(*args, **kwargs):
        raise AssertionError("bytes of another size than noted were copied")

    monkeypatch.setattr(storage, "write_atomic", refused)
    assert capture_known_file(path, Settings(), "not ours") is None


def test_a_capture_writes_itself_where_a_child_would_fail(tmp_path, monkeypatch):
    """No room for the new file, a file size limit below it, a folder it may not write in: the capture
    does not answer first (store/datafile/capture.py ``_room_to_write``), so the failure is said in one line."""
    import resource

    path = str(tmp_path / "chief.json")
    assert capture._room_to_write(path, 6_000_000)
    assert not capture._room_to_write(path, 1 << 62)  # more than the disk has
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    monkeypatch.setattr(resource, "getrlimit", lambda which: (5_999_999, limit[1]) if which == resource.RLIMIT_FSIZE else limit)
    assert not capture._room_to_write(path, 6_000_000)
    assert capture._room_to_write(path, 5_000_000)
    monkeypatch.setattr(capture.os, "access", lambda where, mode: False)
    assert not capture._room_to_write(path, 1_000)


def test_a_save_notes_the_file_as_written_and_any_change_unmakes_it(tmp_path, frozen_time):
    """What lets a capture trust a file without reading it: the note names the inode, time and size
    the save left; a new file (a sync tool's rename), a write or a touch is no longer that file."""
    path = tmp_path / "chief.json"
    Desk(path).capture("first")
    assert fingerprints.still_as_written(path, storage.Signature.of(path))
    shutil.copy(path, tmp_path / "copy.json")
    (tmp_path / "copy.json").replace(path)  # the same bytes, another file
    assert fingerprints.noted(path) == fingerprints.fingerprint_of(path.read_bytes())  # the content is still known
    assert not fingerprints.still_as_written(path, storage.Signature.of(path))
    Desk(path).capture("second")
    assert fingerprints.still_as_written(path, storage.Signature.of(path))
    os.utime(path, ns=(0, storage.Signature.of(path).mtime_ns + 1))
    assert not fingerprints.still_as_written(path, storage.Signature.of(path))
    Desk(path).capture("third")
    with open(path, "ab") as handle:
        handle.write(b" ")
    assert not fingerprints.still_as_written(path, storage.Signature.of(path))
