"""Concurrent writers: a dashboard triaging, four ``chief add`` loops and a sync tool, all at once.

- the real dashboard (``dashdriver.py triage``) opens the triage screen and
  decides each inbox item with 1-4 or d, acknowledging a decision only once
  it is saved;
- four processes each run ``chief add`` 100 times;
- a third party behaves as Syncthing does every 100 ms: it snapshots the file,
  merges it into "the other machine" (a second Desk on its own path and state
  dir, so its own device id), captures "from the other machine N" there, and
  brings the result back by rename. Just before the rename it checks that
  the file did not change since the snapshot; if it did, it writes its version
  as ``chief.sync-conflict-YYYYMMDD-HHMMSS-ABCDEFG.json`` beside the file instead.
  The rename itself is an atomic exchange (renameat2 RENAME_EXCHANGE, where the
  file system has it), so a local write that lands between the check and the
  rename is caught too and kept as a conflict copy: the third party never
  loses a write itself, and anything missing at the end is Chief's doing.

At the end (after one final ``chief list``, which absorbs conflict copies)
every item of every writer and every acknowledged decision is in the file,
each once, and no conflict copy is left beside it.

A push of the other machine's that a later snapshot no longer holds was
written over by Chief (only Chief writes the file besides the sync tool, and
a merge never drops an item): in real life Syncthing would then carry that
older file back to the other machine, so such an overwrite is counted and
must be 0.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import os
import re
import subprocess
import threading
import time
from pathlib import Path

from faults.faultkit import Lines, no_dupes, send, stderr_of, temp_files
from chief.store.desk import Desk
from chief.store.domain.quadrant import flags_of
from chief.store.datafile import platform_io
from chief.store.datafile import storage
from chief.store.datafile.storage import parse, read_file, serialize

WORKERS = 4
ADDS = 100
SYNC_EVERY_S = 0.1
MIN_ACKS = 20  # decisions the dashboard must have saved and acknowledged
DEVICE = "ABCDEFG"  # the other machine's short Syncthing device id, as in its conflict names

WORKER = r"""
import contextlib, io, sys
from chief.tui.cli import main
worker = sys.argv[1]
print("ready", flush=True)
sys.stdin.readline()
failures = []
for n in range(int(sys.argv[2])):
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        if main(["add", f"w{worker} n{n}"]) != 0:
            failures.append(err.getvalue().strip())
print(f"failures={len(failures)} {failures[:3]!r}", flush=True)
"""

_libc = ctypes.CDLL(None, use_errno=True)
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically; False when the file system cannot (then a plain rename is used)."""
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


def _signature(st: os.stat_result) -> tuple[int, int, int]:
    """What a sync tool compares to tell that a file changed: inode, size, modification time."""
    return st.st_ino, st.st_size, st.st_mtime_ns


class SyncTool(threading.Thread):
    """The other machine and the synchroniser between it and the data file."""

    def __init__(self, path: Path, other: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.remote = Desk(other)  # its own file; its device id comes from CHIEF_STATE_DIR, set by the test
        self.stop = threading.Event()
        self.rounds = self.pushes = self.conflicts = self.races_caught = self.overwritten = 0
        self.exchange_works: bool | None = None
        self.created: list[str] = []  # titles captured on the other machine
        self.last_push: str | None = None  # the id of the newest remote item in the last clean push
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.round()
            except Exception as err:  # noqa: BLE001 - reported by the test
                self.errors.append(f"{type(err).__name__}: {err}")
            self.stop.wait(SYNC_EVERY_S)
        try:
            self.round()  # the writers have stopped: one quiet round, as a sync tool keeps syncing
        except Exception as err:  # noqa: BLE001
            self.errors.append(f"final round: {type(err).__name__}: {err}")

    def _snapshot(self) -> tuple[dict, tuple] | None:
        try:
            with open(self.path, "rb") as handle:
                st = os.fstat(handle.fileno())
                raw = handle.read()
        except FileNotFoundError:
            return None
        return parse(raw.decode("utf-8"), self.path), _signature(st)

    def _conflict_name(self) -> Path:
        moment = dt.datetime.now()
        while True:
            name = self.path.with_name(f"{self.path.stem}.sync-conflict-{moment:%Y%m%d-%H%M%S}-{DEVICE}{self.path.suffix}")
            if not name.exists():
                return name
            moment += dt.timedelta(seconds=1)

    def round(self) -> None:
        snapshot = self._snapshot()
        if snapshot is None:
            return
        data, signature = snapshot
        self.rounds += 1
        if self.last_push is not None and self.last_push not in data.get("items", {}):
            self.overwritten += 1  # our last replacement was written over by a save that had read the file before it
        self.last_push = None
        self.remote.replica.apply(lambda tx: None, extra=data)  # the other machine receives this one's changes
        title = f"from the other machine {len(self.created)}"
        item, _ = self.remote.capture(title)
        self.created.append(title)
        incoming = self.path.with_name(f".syncthing.{self.path.name}.tmp")
        incoming.write_bytes(self.remote.path.read_bytes())
        os.chmod(incoming, 0o600)
        if _signature(os.stat(self.path)) != signature:
            os.replace(incoming, self._conflict_name())  # changed here meanwhile: keep ours beside it
            self.conflicts += 1
            return
        if self.exchange_works is not False:
            self.exchange_works = exchange(incoming, self.path)
        if not self.exchange_works:
            os.replace(incoming, self.path)
        else:
            if _signature(os.stat(incoming)) != signature:
                # a local save landed between the check and the rename: it is kept as a conflict copy
                os.replace(incoming, self._conflict_name())
                self.races_caught += 1
            else:
                incoming.unlink()
        self.pushes += 1
        self.last_push = item.id


CONFLICT = re.compile(r".*\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}\.json")


def test_dashboard_four_writers_and_a_sync_tool_at_once(procs, env, data_file, run_chief, tmp_path, monkeypatch,
                                                         frozen_time, report):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "other-machine-state"))
    run_chief("add", "the first item", check=True)
    stopfile = tmp_path / "stop-triage"
    started = time.monotonic()

    dashboard = procs.dashboard("triage", stopfile, 7, env=env)
    dash = Lines(dashboard.stdout)
    assert dash.expect("ready", 30) == "ready\n", stderr_of(dashboard)
    workers = [procs.python(WORKER, w, ADDS, env=env, stdin=subprocess.PIPE) for w in range(WORKERS)]
    for worker in workers:
        assert worker.stdout.readline() == "ready\n", stderr_of(worker)
    sync = SyncTool(data_file, tmp_path / "other" / "chief.json")
    sync.start()
    try:
        for worker in workers:
            send(worker, "go")
        results = [worker.communicate(timeout=120) for worker in workers]
        # the dashboard goes on triaging what is left, for a while, and on a loaded machine until it has
        # decided the MIN_ACKS checked below: its pace there is the machine's, not Chief's
        deadline, patience = time.monotonic() + 5, time.monotonic() + 120
        while time.monotonic() < patience:
            decided = sum(line.startswith("ack") for line in dash.seen)
            if decided >= 60 or (decided >= MIN_ACKS and time.monotonic() >= deadline):
                break
            with contextlib.suppress(TimeoutError):
                dash.get(0.2)
        stopfile.touch()
        bye = dash.expect("bye", 60)
        dashboard.wait(timeout=30)
    finally:
        sync.stop.set()
        sync.join(timeout=30)
    assert not sync.is_alive()
    acks = [line.split() for line in dash.seen if line.startswith("ack ")]
    dropped = [line for line in dash.seen if line.startswith("dropped ")]  # a key that did nothing; pressed again
    stuck = [line for line in dash.seen if not line.startswith(("ack ", "ready", "bye", "dropped "))]

    final = run_chief("list")
    data, _ = read_file(data_file)
    items = data["items"]
    titles = [r.get("title") for r in items.values()]
    expected = [f"w{w} n{n}" for w in range(WORKERS) for n in range(ADDS)] + ["the first item", *sync.created]
    lost = sorted(set(expected) - set(titles))
    wrong = []
    for _, verb, item_id, *rest in acks:
        record = items.get(item_id) or {}
        if verb == "done" and record.get("status") != "done":
            wrong.append(f"done {item_id}")
        if verb == "move" and (record.get("important"), record.get("urgent")) != flags_of(int(rest[0])):
            wrong.append(f"move {item_id} {rest[0]}")
    copies_left = [p.name for p in data_file.parent.iterdir() if CONFLICT.fullmatch(p.name)]
    leftovers = temp_files(data_file.parent) + [p.name for p in data_file.parent.glob(".syncthing.*")]
    report("concurrent writers", adds=WORKERS * ADDS, dashboard_acks=len(acks), sync_rounds=sync.rounds,
           pushes=sync.pushes, conflict_copies=sync.conflicts + sync.races_caught, races_caught=sync.races_caught,
           exchange=sync.exchange_works, dropped_keys=len(dropped), overwritten_pushes=sync.overwritten, other_machine_items=len(sync.created),
           lost=len(lost) + len(wrong), seconds=f"{time.monotonic() - started:.1f}")

    assert sync.errors == []
    for worker, (out, err) in zip(workers, results):
        assert worker.returncode == 0 and out.startswith("failures=0 "), (out, err)
    assert stuck == [] and bye.startswith("bye"), (stuck, stderr_of(dashboard))
    assert dashboard.returncode == 0, stderr_of(dashboard)
    assert final.returncode == 0 and final.stderr == "", final.stderr
    assert len(acks) >= MIN_ACKS, f"the dashboard decided only {len(acks)} items"
    assert sync.pushes >= 5 and sync.conflicts + sync.races_caught >= 1, "the sync tool must both replace and conflict"
    assert lost == [], f"{len(lost)} items lost: {lost[:10]}"
    assert wrong == [], f"acknowledged decisions lost: {wrong[:10]}"
    assert no_dupes(titles) == []
    assert copies_left == [], "the final chief list must absorb every conflict copy"
    assert leftovers == []
    assert sync.overwritten == 0, (
        f"Chief wrote over {sync.overwritten} replacement(s) the sync tool had renamed into place while it saved")


def test_a_replacement_landing_while_chief_saves_is_not_written_over(data_file, local_state, frozen_time, report):
    """The same race, made certain: the sync tool's rename lands after Chief checked the file, before its own rename.

    Chief checks the file's signature, then backs up, writes and fsyncs its
    temp file, then renames it over the data file: a replacement landing in
    that window (milliseconds: an fsync) is written over without being merged.
    """
    desk = Desk(data_file)
    desk.capture("mine")
    theirs, _ = read_file(data_file)
    theirs["items"]["01FROMTHEOTHERMACHINE00000"] = {
        "title": "from the other machine", "status": "inbox", "created": "2026-11-25T01:00:00Z",
        "updated": "2026-11-25T01:00:00Z"}
    incoming = data_file.with_name(f".syncthing.{data_file.name}.tmp")
    incoming.write_text(serialize(theirs), encoding="utf-8")

    class SyncLandsDuringTheSave:
        fired = False

        def fsync(self, fd):
            if not self.fired:  # the first fsync is of Chief's temp file: the check is done, the rename to come
                self.fired = True
                os.replace(incoming, data_file)
            return os.fsync(fd)

        def __getattr__(self, name):
            return getattr(os, name)

    landing = SyncLandsDuringTheSave()
    real = storage.os
    storage.os = platform_io.os = landing  # the temp file's flush is in chief.store.datafile.platform_io
    try:
        desk.capture("added while the file was replaced")
    finally:
        storage.os = platform_io.os = real
    titles = sorted(i.title for i in Desk(data_file).board().items.values())
    lost = [t for t in ("added while the file was replaced", "from the other machine", "mine") if t not in titles]
    report("concurrent writers: rename during a save", trials=1, lost=len(lost))
    assert landing.fired
    assert lost == [], f"written over: {lost}"
