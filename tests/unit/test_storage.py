"""The data file (store/datafile/storage.py) and how the desk uses it: atomic, private, shared."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from chief.store.datafile import storage
from chief.store.domain.board import Problem
from chief.store.desk import Desk
from chief.store.sync.replica import NewerSchema
from chief.store.datafile.storage import (
    BACKUP_EVERY_S,
    BACKUP_KEEP,
    TEMP_PREFIX,
    CorruptFile,
    DataFileError,
    backup,
    backup_dir,
    keep_aside,
    list_backups,
    lock_path,
    newest_good_backup,
    parse,
    read_file,
    serialize,
    write_atomic,
)


def temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(TEMP_PREFIX))


def item_record(title: str, **fields) -> dict:
    record = {
        "title": title, "notes": "", "kind": "task", "important": False, "urgent": False, "due": None,
        "category": None, "assignee": None, "source": None, "status": "open", "effort": None,
        "created": "2026-11-20T01:00:00Z", "updated": "2026-11-20T01:00:00Z", "done_at": None,
        "taken_at": None, "snoozed_until": None, "waiting_on": None, "follow_up": None, "deferrals": 0,
    }
    record.update(fields)
    return record


def write_tables(path: Path, tables: dict) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialize(tables), encoding="utf-8")
    os.chmod(path, 0o600)
    return path.read_bytes()


# serialize / parse -----------------------------------------------------------


def test_serialize_exact_layout():
    data = {
        "team": {"M2": {"name": "张伟", "capacity": 1800}},
        "items": {"B": {"title": "b", "a": 1}, "A": {"z": None, "title": "会议"}},
    }
    assert serialize(data) == (
        "{\n"
        '"items": {\n'
        '"A": {"title": "会议", "z": null},\n'
        '"B": {"a": 1, "title": "b"}\n'
        "},\n"
        '"team": {\n'
        '"M2": {"capacity": 1800, "name": "张伟"}\n'
        "}\n"
        "}\n"
    )


def test_round_trip_keeps_chinese_and_escapes_controls(tmp_path):
    title = "起草报告 \x1b[31mred\x1b[0m tab\there\nnew\x00nul \"q\" \\ back"
    data = {"items": {f"K{i}": {"title": title, "n": i, "tags": ["张", {"x": [1, 2.5, True]}]} for i in range(3)},
            "meta": {"chief": {"schema": 1}}, "empty": {}}
    text = serialize(data)
    assert parse(text, tmp_path / "f.json") == data
    raw = text.encode("utf-8")
    assert "起草报告".encode("utf-8") in raw and b"\\u8d77" not in raw  # Chinese stays Chinese
    assert b"\x1b" not in raw and b"\x00" not in raw and b"\t" not in raw
    assert b"\\u001b" in raw
    records = [line for line in text.splitlines() if line.startswith('"K')]
    assert len(records) == 3 and all(line.count('"title"') == 1 for line in records)  # one record per line
    assert text.count("\n") == 2 + 3 * 2 + 4  # outer braces, 3 table headers and closers, 4 records


def test_serialize_leaves_no_raw_c0_control_character():
    title = "".join(chr(c) for c in range(0x20))
    text = serialize({"items": {"A": {"title": title}}})
    assert [c for c in text if ord(c) < 0x20 and c != "\n"] == []
    assert text.count("\n") == 5


def test_serialize_keeps_one_record_per_line_for_unicode_line_breaks():
    """U+0085, U+2028 and U+2029 are line breaks to str.splitlines() and many
    editors; JSON allows them raw, so they must be escaped by hand."""
    title = "a\x85b\u2028c\u2029d"
    text = serialize({"items": {"A": {"title": title}, "B": {"title": "x"}}})
    assert json.loads(text)["items"]["A"]["title"] == title
    assert len(text.splitlines()) == 6
    assert '"title": "a\\u0085b\\u2028c\\u2029d"' in text


def test_serialize_leaves_no_raw_del_or_c1_control_character():
    """DEL and the C1 controls are control characters too (tui/text.py escapes
    them for the terminal; U+009B is a one-character CSI to some terminals), and
    the serialize docstring says control characters are escaped."""
    title = "a\x7fb\x9bc\x80d\x9fe"
    text = serialize({"items": {"A": {"title": title}}})
    assert json.loads(text)["items"]["A"]["title"] == title
    assert [hex(ord(c)) for c in text if ord(c) == 0x7F or 0x80 <= ord(c) < 0xA0] == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "is empty"),
        ("  \n", "is empty"),
        ('{"items": {"A": {"title"', "is not valid JSON (line 1"),
        ("[1, 2]", "is JSON but not a Chief database"),
        ('{"items": [1]}', "is JSON but not a Chief database"),
    ],
)
def test_parse_refuses_what_is_not_a_database(tmp_path, text, message):
    with pytest.raises(CorruptFile) as caught:
        parse(text, tmp_path / "f.json")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_read_file_missing_and_not_utf8(tmp_path):
    assert read_file(tmp_path / "nope.json") == (None, None)
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"items": {"A": {"title": "\xff"}}}')
    with pytest.raises(CorruptFile, match="is not UTF-8 text"):
        read_file(bad)
    with pytest.raises(DataFileError, match="is a directory"):
        read_file(tmp_path)


# write_atomic -------------------------------------------------------------------


def test_write_atomic_is_private_and_leaves_no_temp(tmp_path):
    path = tmp_path / "chief.json"
    path.write_text("old")
    os.chmod(path, 0o644)
    signature = write_atomic(path, serialize({"items": {"A": {"title": "张"}}}))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert storage.is_private(path)
    assert read_file(path)[0] == {"items": {"A": {"title": "张"}}}
    assert signature == storage.Signature.of(path)
    assert temp_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chief.json"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_full_disk_keeps_the_old_file(tmp_path, monkeypatch, failing):
    path = tmp_path / "chief.json"
    old = write_tables(path, {"items": {"A": item_record("old")}})

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(storage.os, failing, full)
        with pytest.raises(DataFileError) as caught:
            write_atomic(path, serialize({"items": {}}))
    assert str(caught.value) == f"cannot save {path}: the disk is full"
    assert path.read_bytes() == old
    assert temp_files(tmp_path) == []


def test_full_disk_during_a_desk_command(desk, data_file, monkeypatch):
    desk.capture("first")
    old = data_file.read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(storage.os, "fsync", full)  # the temp file cannot be made durable: no room
        with pytest.raises(DataFileError, match="the disk is full"):
            desk.capture("second")
    assert data_file.read_bytes() == old
    assert temp_files(data_file.parent) == []
    assert [i.title for i in Desk(data_file).board().items.values()] == ["first"]


# the file replaced underneath ---------------------------------------------------


def replace_by_rename(path: Path, tables: dict) -> None:
    """What a sync tool does: write a new file elsewhere, rename it over ours."""
    other = path.with_name("incoming.tmp")
    other.write_text(serialize(tables), encoding="utf-8")
    os.replace(other, path)


def test_replacement_by_rename_is_seen(desk, data_file):
    item, _ = desk.capture("mine")
    assert desk.changed_on_disk() is False
    desk.board()
    assert desk.changed_on_disk() is False
    data, _ = read_file(data_file)
    data["items"]["01SYNCED0000000000000000AA"] = item_record("from the laptop")
    replace_by_rename(data_file, data)
    assert desk.changed_on_disk() is True
    board = desk.board()
    assert sorted(i.title for i in board.items.values()) == ["from the laptop", "mine"]
    assert desk.changed_on_disk() is False


def test_command_is_applied_again_after_a_replacement(desk, data_file, monkeypatch):
    desk.capture("mine")
    data, _ = read_file(data_file)
    data["items"]["01SYNCED0000000000000000AA"] = item_record("from the laptop", extra_field={"k": "值"})
    calls = []
    real_read = storage.read_file
    real_read_text = storage.read_file_text

    def read_then_replaced(path, **kwargs):
        result = real_read_text(path, **kwargs)
        calls.append(path)
        if len(calls) == 1:
            replace_by_rename(data_file, data)  # after our read, before our write
        return result

    import chief.store.sync.replica

    monkeypatch.setattr(chief.store.sync.replica, "read_file_text", read_then_replaced)
    item, _ = Desk(data_file).capture("added meanwhile")  # a fresh process: it reads the file
    assert len(calls) == 2
    saved, _ = real_read(data_file)
    titles = sorted(r["title"] for r in saved["items"].values())
    assert titles == ["added meanwhile", "from the laptop", "mine"]
    assert saved["items"]["01SYNCED0000000000000000AA"]["extra_field"] == {"k": "值"}
    assert item.id in saved["items"]


def test_a_file_that_keeps_changing_is_refused(desk, data_file, monkeypatch):
    desk.capture("mine")
    before = data_file.read_bytes()
    real_read = storage.read_file
    real_read_text = storage.read_file_text
    count = []

    def always_replaced(path, **kwargs):
        result = real_read_text(path, **kwargs)
        count.append(1)
        data = json.loads(before)
        data["items"][f"01SYNCED00000000000000000{len(count)}"] = item_record(f"sync {len(count)}")
        replace_by_rename(data_file, data)
        return result

    import chief.store.sync.replica

    monkeypatch.setattr(chief.store.sync.replica, "read_file_text", always_replaced)
    monkeypatch.setattr(storage.platform_io, "exchange", storage.platform_io._no_exchange)  # nothing to swap with
    with pytest.raises(DataFileError, match="keeps changing underneath"):
        Desk(data_file).capture("never saved")
    monkeypatch.undo()
    titles = sorted(r["title"] for r in real_read(data_file)[0]["items"].values())
    assert "never saved" not in titles
    assert len(count) == chief.store.sync.replica.ATTEMPTS


def test_a_file_that_keeps_changing_is_saved_over_at_last_and_kept_beside(desk, data_file, monkeypatch):
    """Where the system can swap, the last attempt saves and keeps the replacement it displaced as a copy."""
    desk.capture("mine")
    before = data_file.read_bytes()
    real_read_text = storage.read_file_text
    count = []

    def always_replaced(path, **kwargs):
        result = real_read_text(path, **kwargs)
        count.append(1)
        data = json.loads(before)
        data["items"][f"01SYNCED00000000000000000{len(count)}"] = item_record(f"sync {len(count)}")
        replace_by_rename(data_file, data)
        return result

    import chief.store.sync.replica

    monkeypatch.setattr(chief.store.sync.replica, "read_file_text", always_replaced)
    Desk(data_file).capture("saved at last")
    monkeypatch.undo()
    assert len(count) == chief.store.sync.replica.ATTEMPTS
    titles = sorted(i.title for i in Desk(data_file).board().items.values())  # absorbs the copy
    last = len(count)  # each replacement drops the one before it (the sync tool's doing); the last two are ours to keep
    assert titles == ["mine", "saved at last", f"sync {last - 1}", f"sync {last}"]
    assert read_file(data_file)[0] is not None and temp_files(data_file.parent) == []


# the lock ---------------------------------------------------------------------------

HOLDER = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.readline()
lock.release()
print("released", flush=True)
"""


def test_a_lock_held_by_another_process_makes_the_command_wait(desk, data_file):
    desk.capture("before")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_path(data_file))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        outcome = {}

        def command():
            try:
                outcome["item"] = desk.capture("while locked")[0]
            except Exception as err:  # pragma: no cover - reported by the assertion below
                outcome["error"] = err

        worker = threading.Thread(target=command)
        worker.start()
        worker.join(1.0)
        assert worker.is_alive(), outcome  # still waiting for the lock
        assert [i.title for i in Desk(data_file).board().items.values()] == ["before"]
        holder.stdin.write("go\n")
        holder.stdin.flush()
        worker.join(20)
        assert not worker.is_alive()
        assert "error" not in outcome, outcome
        titles = sorted(i.title for i in Desk(data_file).board().items.values())
        assert titles == ["before", "while locked"]
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_never_released_gives_a_one_line_error(desk, data_file, monkeypatch):
    from chief.store.datafile import lock
    from chief.store.sync import replica

    desk.capture("before")
    before = data_file.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_path(data_file))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        # the transaction waits 0.3 s for the lock instead of its real 15 s
        monkeypatch.setattr(replica, "hold", lambda path, timeout: lock.hold(path, 0.3))
        with pytest.raises(DataFileError, match="is locked by another Chief process"):
            desk.capture("never")
        assert data_file.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


# backups ------------------------------------------------------------------------------


class ShiftedClock:
    """chief.store.datafile.storage's ``time`` module with the wall clock moved by ``shift`` seconds."""

    def __init__(self, shift: float = 0.0) -> None:
        self.shift = shift

    def time(self) -> float:
        return time.time() + self.shift

    def time_ns(self) -> int:
        return time.time_ns() + int(self.shift * 10**9)

    def __getattr__(self, name):
        return getattr(time, name)


def test_backups_are_hard_links_made_at_most_every_interval(desk, data_file, monkeypatch):
    clock = ShiftedClock()
    monkeypatch.setattr(storage, "time", clock)
    desk.capture("one")  # creates the file: nothing to back up yet
    assert list_backups(data_file) == []
    first_inode = os.stat(data_file).st_ino
    first_bytes = data_file.read_bytes()
    desk.capture("two")
    desk.capture("three")
    backups = list_backups(data_file)
    assert len(backups) == 1
    assert os.stat(backups[0]).st_ino == first_inode  # a hard link to the replaced file
    assert backups[0].read_bytes() == first_bytes
    assert backups[0].parent == backup_dir(data_file)
    clock.shift = BACKUP_EVERY_S - 5  # not quite the interval later: still no new backup
    desk.capture("four")
    assert len(list_backups(data_file)) == 1
    clock.shift = BACKUP_EVERY_S + 5  # the interval has passed: the next save makes one
    before_five = data_file.read_bytes()
    desk.capture("five")
    backups = list_backups(data_file)
    assert len(backups) == 2
    assert [b.read_bytes() for b in backups] == [before_five, first_bytes]  # newest first


def test_a_file_idle_for_long_is_backed_up_once_not_at_every_save(desk, data_file):
    """A hard link keeps the *content's* mtime, so the interval must not be measured
    from the backup's mtime (it once was: after an idle hour, the first backup
    looked an hour old and the very next save made another)."""
    desk.capture("one")
    old = time.time() - 3600
    os.utime(data_file, (old, old))  # the file sat untouched for an hour
    desk.capture("two")
    desk.capture("three")
    desk.capture("four")
    assert len(list_backups(data_file)) == 1


def _versions(path: Path, count: int, clock: ShiftedClock, step: float) -> None:
    """Save ``count`` versions of ``path``, each backed up, ``step`` seconds apart."""
    for n in range(count):
        write_atomic(path, serialize({"items": {"A": item_record(f"version {n}")}}))  # a new inode each time
        backup(path, every_s=0)
        clock.shift += step


def _titles(paths: list[Path]) -> list[str]:
    return [read_file(p)[0]["items"]["A"]["title"] for p in paths]


def test_rotation_keeps_the_newest(tmp_path, monkeypatch):
    path = tmp_path / "chief.json"
    clock = ShiftedClock(-3600 * 24)
    monkeypatch.setattr(storage, "time", clock)
    _versions(path, BACKUP_KEEP + 3, clock, 3600)  # a day ago, an hour apart
    assert _titles(list_backups(path)) == [f"version {n}" for n in range(BACKUP_KEEP + 2, 2, -1)]
    write_atomic(path, serialize({"items": {"A": item_record("current")}}))
    clock.shift = 0
    made = backup(path)
    kept = list_backups(path)
    assert kept[0] == made
    assert _titles(kept) == ["current", "version 7", "version 6", "version 5", "version 4"]
    assert len(list(backup_dir(path).iterdir())) == BACKUP_KEEP


def test_rotation_of_backups_made_within_one_second_keeps_the_newest(tmp_path):
    """Backups made within one second still sort by time, so rotation drops the
    oldest (it once named them by ``monotonic_ns() % 10**6``, which sorted at random)."""
    path = tmp_path / "chief.json"
    _versions(path, BACKUP_KEEP + 3, ShiftedClock(), 0)
    assert _titles(list_backups(path)) == [f"version {n}" for n in range(BACKUP_KEEP + 2, 2, -1)]


def test_newest_good_backup_skips_a_corrupt_one(tmp_path, monkeypatch):
    path = tmp_path / "chief.json"
    clock = ShiftedClock(-3600)
    monkeypatch.setattr(storage, "time", clock)
    for text in [serialize({"items": {"A": item_record("older")}}), serialize({"items": {"A": item_record("good")}}),
                 '{"items": {"A": {"tit', ""]:
        write_atomic(path, text)
        keep_aside(path, "")
        clock.shift += 60
    (backup_dir(path) / "other.20261105T090000.000000000Z.json").write_text("{}")  # not a backup of this file
    backups = list_backups(path)
    assert len(backups) == 4
    assert backups[0].read_bytes() == b""
    assert newest_good_backup(path) == backups[2]
    assert _titles([backups[2]]) == ["good"]
    assert newest_good_backup(tmp_path / "nothing.json") is None


# refusing to change files it must not ----------------------------------------------------


def test_read_only_file_is_refused_and_unchanged(desk, data_file):
    desk.capture("one")
    desk.capture("two")
    os.chmod(data_file, 0o400)
    before = data_file.read_bytes()
    with pytest.raises(DataFileError) as caught:
        desk.capture("three")
    assert "is read-only: nothing was saved" in str(caught.value)
    assert data_file.read_bytes() == before
    assert stat.S_IMODE(os.stat(data_file).st_mode) == 0o400
    assert temp_files(data_file.parent) == []
    # reading still works, and the change is kept, unsaved, until the file can be written again
    assert desk.unsaved
    assert sorted(i.title for i in desk.board().items.values()) == ["one", "three", "two"]
    assert sorted(i.title for i in Desk(data_file).board().items.values()) == ["one", "two"]
    os.chmod(data_file, 0o600)
    desk.board()  # the next read saves what was waiting
    assert not desk.unsaved
    assert sorted(i.title for i in Desk(data_file).board().items.values()) == ["one", "three", "two"]


def test_unreadable_file_is_refused(desk, data_file):
    desk.capture("one")
    os.chmod(data_file, 0o000)
    before = data_file.read_bytes()  # root can still read it
    with pytest.raises(DataFileError, match="permission denied"):
        Desk(data_file).board()
    with pytest.raises(DataFileError, match="permission denied"):
        desk.capture("two")
    assert data_file.read_bytes() == before
    os.chmod(data_file, 0o600)
    assert [i.title for i in desk.board().items.values()] == ["one"]


def test_newer_schema_is_refused_and_unchanged(desk, data_file):
    before = write_tables(data_file, {
        "meta": {"chief": {"schema": 99, "database_id": "01DB0000000000000000000000", "new_thing": [1]}},
        "items": {"01AAAAAAAAAAAAAAAAAAAAAAAA": item_record("from the future", hologram=True)},
    })
    with pytest.raises(NewerSchema, match="schema 99"):
        desk.board()
    with pytest.raises(NewerSchema):
        desk.capture("new")
    with pytest.raises(NewerSchema):
        desk.done("01AAAA")
    assert data_file.read_bytes() == before


def test_unknown_fields_and_tables_survive_commands(desk, data_file):
    item_id = "01AAAAAAAAAAAAAAAAAAAAAAAA"
    member_id = "01MMMMMMMMMMMMMMMMMMMMMMMM"
    future_item = {"colour": "红", "sub": {"a": [1, {"b": None}]}, "n": 1.5}
    future_member = {"phone": "010-1234", "skills": ["速记"]}
    future_table = {"R1": {"event": "sync", "at": "2026-11-01T00:00:00Z"}, "R2": {"event": "x", "list": [3, 2, 1]}}
    future_meta = {"device_names": {"d1": "笔记本"}}
    write_tables(data_file, {
        "meta": {"chief": {"schema": 1, "database_id": "01DB0000000000000000000000", **future_meta}},
        "items": {item_id: item_record("keep my fields", **future_item)},
        "team": {member_id: {"name": "Li Na", "role": "", "capacity": 2400, "categories": [], "away": False,
                             **future_member}},
        "sync_log": future_table,
    })
    desk.done(item_id[:6])
    desk.capture("another @li")
    desk.undo()
    desk.redo()
    saved, _ = read_file(data_file)
    assert {k: saved["items"][item_id][k] for k in future_item} == future_item
    assert saved["items"][item_id]["status"] == "done"
    assert {k: saved["team"][member_id][k] for k in future_member} == future_member
    assert saved["sync_log"] == future_table
    assert saved["meta"]["chief"]["device_names"] == future_meta["device_names"]
    assert saved["meta"]["chief"]["database_id"] == "01DB0000000000000000000000"
    assert len(saved["items"]) == 2


def test_invalid_records_are_problems_and_stay_in_the_file(desk, data_file):
    bad_title = item_record("x")
    bad_title["title"] = 42
    bad_due = item_record("due is a list", due=["2026-11-30"])
    bad_member = {"name": ["not", "a", "name"]}
    write_tables(data_file, {
        "items": {"01BADTITLE0000000000000000": bad_title, "01BADDUE000000000000000000": bad_due,
                  "01GOOD00000000000000000000": item_record("good")},
        "team": {"01BADMEMBER000000000000000": bad_member},
    })
    board = desk.board()
    assert list(board.items) == ["01GOOD00000000000000000000"]
    assert sorted(board.problems, key=lambda p: (p.table, p.id)) == [
        Problem("items", "01BADDUE000000000000000000", "due has the wrong type (list)"),
        Problem("items", "01BADTITLE0000000000000000", "title has the wrong type (int)"),
        Problem("team", "01BADMEMBER000000000000000", "name has the wrong type (list)"),
    ]
    desk.capture("new item")
    desk.done("01GOOD")
    saved, _ = read_file(data_file)
    assert saved["items"]["01BADTITLE0000000000000000"] == bad_title
    assert saved["items"]["01BADDUE000000000000000000"] == bad_due
    assert saved["team"]["01BADMEMBER000000000000000"] == bad_member
    assert len(saved["items"]) == 4


def test_a_bad_record_cannot_be_changed_by_prefix(desk, data_file):
    write_tables(data_file, {"items": {"01BADTITLE0000000000000000": item_record(7)}})
    before = data_file.read_bytes()
    from chief.store.domain.board import NotFound

    with pytest.raises(NotFound) as caught:
        desk.done("01BAD")
    assert "01BAD" in str(caught.value) and "\n" not in str(caught.value)
    assert data_file.read_bytes() == before


# a save of a few records splices lines instead of re-encoding the whole file ----------------

from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

from chief.store.datafile.splice import splice  # noqa: E402
from chief.store.datafile.storage import serialize as _serialize  # noqa: E402

_keys = st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=2, max_size=4)
_records = st.dictionaries(st.sampled_from(["title", "notes", "n"]), st.one_of(st.text(max_size=3), st.integers(), st.none()), max_size=3)
_tables = st.fixed_dictionaries({"items": st.dictionaries(_keys, _records, max_size=8), "meta": st.just({"chief": {"schema": 2}})})


@hsettings(max_examples=300, deadline=None)
@given(_tables, st.dictionaries(_keys, st.one_of(st.none(), _records), max_size=5))
def test_splice_gives_the_same_bytes_as_a_full_encode(old, changes):
    new = {"items": dict(old["items"]), "meta": old["meta"]}
    for key, record in changes.items():
        if record is None:
            new["items"].pop(key, None)
        else:
            new["items"][key] = record
    assert splice(_serialize(old), old, new) == _serialize(new)


def test_splice_refuses_a_layout_that_is_not_chiefs_own():
    old = {"items": {"A": {"t": 1}, "B": {"t": 2}}}
    hand_made = '{"items": {"A": {"t": 1},\n "B": {"t": 2}}}\n'
    assert splice(hand_made, old, {"items": {"A": {"t": 3}, "B": {"t": 2}}}) is None


def test_rotation_does_not_parse_again_the_file_the_save_just_read(tmp_path, monkeypatch):
    """The backup a save makes is a hard link to the file it read (and found good): rotation knows it is good
    without parsing it again (some 30 MB at 10,000 items); any other newest backup is still read."""
    path = tmp_path / "chief.json"
    clock = ShiftedClock(-3600 * 24)
    monkeypatch.setattr(storage, "time", clock)
    _versions(path, BACKUP_KEEP + 1, clock, 3600)
    write_atomic(path, serialize({"items": {"A": item_record("current")}}))
    clock.shift = 0
    read: list[Path] = []
    real = storage.read_file
    monkeypatch.setattr(storage, "read_file", lambda p, **kw: read.append(p) or real(p, **kw))
    made = backup(path, good=storage.Signature.of(path))
    assert read == []
    assert _titles(list_backups(path)) == ["current", "version 5", "version 4", "version 3", "version 2"]
    write_atomic(path, serialize({"items": {"A": item_record("newer")}}))
    clock.shift = 3600
    other = storage.Signature.of(made)  # not the file there now: the new backup is read, as always
    newest = backup(path, good=other)
    assert read == [newest]
    assert len(list_backups(path)) == BACKUP_KEEP
    monkeypatch.setattr(storage, "read_file", real)
    write_atomic(path, serialize({"items": {"A": item_record("nothing to drop")}}))
    for old in list_backups(path)[1:]:
        old.unlink()
    read.clear()
    monkeypatch.setattr(storage, "read_file", lambda p, **kw: read.append(p) or real(p, **kw))
    clock.shift = 7200
    backup(path)
    assert read == []  # fewer than the backups kept: nothing is dropped, nothing need be read


def test_write_atomic_takes_a_bytearray(tmp_path):
    from chief.store.datafile.storage import write_atomic

    path = tmp_path / "bytes.json"
    write_atomic(path, bytearray(b'{"made": "in a bytearray"}\n'))
    assert path.read_bytes() == b'{"made": "in a bytearray"}\n'
