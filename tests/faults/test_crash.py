"""Crash: writers SIGKILLed at random moments never leave a bad file and never lose an acknowledged write.

Two writers, each in a loop until it is killed:

(a) ``chief add`` / ``chief done``: a process calling ``chief.tui.cli.main`` in a
    loop and printing each id only after ``main`` returned 0 (as the user sees
    the id printed); a quarter of the commands mark an acknowledged item done.
(b) the real dashboard under Pilot (``dashdriver.py crash``): n, the title
    typed, Enter; a number key 1-4 on the new item; sometimes d. Each change
    is printed as soon as ``app.board`` shows it and nothing is unsaved: the
    dashboard paints before it writes the file (the change journaled, durably,
    store/datafile/journal.py), so a kill lands between the paint and the save too;
    after each kill one command (``chief list``) runs on the machine, as the user's next.

Half the kills come from outside after a random delay; the other half are
crash points (``crashpoint.py``): the writer kills itself just before its Nth
open/write/fsync/close/rename/link/unlink in chief.store.datafile.storage (and the journal), with a clock that
makes every save take a backup and rotate, so the kills land in every window
of a save. tests/system/test_concurrency.py kills ``chief add`` at random times; this
adds done, the dashboard, the crash points and backups.

After every kill the file must parse (``read_file``), hold no unreadable
record, and hold every acknowledged write: captured ids with their titles,
acknowledged quadrant moves, acknowledged done.
"""

from __future__ import annotations

import os
import random
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pendulum
import pytest

from faults.faultkit import HERE, Lines, no_dupes, stderr_of, temp_files
from chief.store.domain.board import Board
from chief.store.domain.config import Settings
from chief.store.domain.quadrant import flags_of
from chief.store.datafile.storage import list_backups, read_file

CLI_TRIALS = 56
DASHBOARD_TRIALS = 16
LANES = 2
MIN_CLI_WRITES = 220  # acknowledged writes: 220 + 80 = the 300 the issue asks for, at least
MIN_DASHBOARD_WRITES = 80

WRITER = r"""
import contextlib, io, random, sys
sys.path.insert(0, sys.argv[3])
from faults import crashpoint
crashpoint.install()
from chief.tui.cli import main
generation, rng = sys.argv[1], random.Random(int(sys.argv[2]))
print("ready", flush=True)
ids, n = [], 0
while True:
    out = io.StringIO()
    if ids and rng.random() < 0.25:
        target = ids.pop(rng.randrange(len(ids)))
        with contextlib.redirect_stdout(out):
            rc = main(["done", target])
        line = f"ack done {target}"
    else:
        title = f"c{generation}.{n}"
        n += 1
        with contextlib.redirect_stdout(out):
            rc = main(["add", title])
        item_id = out.getvalue().split()[0] if rc == 0 else ""
        ids.append(item_id)
        line = f"ack add {item_id} {title}"
    if rc != 0:
        print(f"failed rc={rc} {out.getvalue()!r}", flush=True)
        sys.exit(3)
    print(line, flush=True)
"""


class Ledger:
    """Every acknowledged write, and what the file must therefore hold."""

    def __init__(self) -> None:
        self.added: dict[str, str] = {}  # id -> title
        self.moved: dict[str, int] = {}  # id -> quadrant
        self.done: set[str] = set()
        self.count = 0
        self.lost: list[str] = []
        self.unreadable: list[str] = []
        self.failures: list[str] = []

    def take(self, lines: list[str]) -> None:
        for line in lines:
            words = line.split()
            if not words or words[0] != "ack":
                if line.strip() and line.strip() != "ready":
                    self.failures.append(line.strip())
                continue
            self.count += 1
            if words[1] == "add":
                self.added[words[2]] = " ".join(words[3:])
            elif words[1] == "move":
                self.moved[words[2]] = int(words[3])
            elif words[1] == "done":
                self.done.add(words[2])

    def check(self, path: Path, trial: str) -> dict:
        """The file after a kill: it parses, and every acknowledged write is in it."""
        try:
            data, _ = read_file(path)
        except Exception as problem:  # noqa: BLE001 - any failure to read is the finding
            self.unreadable.append(f"{trial}: {problem}")
            return {}
        items = (data or {}).get("items", {})
        board = Board.from_data(data, Settings(), pendulum.now("UTC"))
        if board.problems:
            self.unreadable.append(f"{trial}: unreadable records {board.problems}")
        missing = []
        for item_id, title in self.added.items():
            record = items.get(item_id)
            if not isinstance(record, dict) or record.get("title") != title:
                missing.append(f"add {item_id} {title}")
        for item_id, quadrant in self.moved.items():
            record = items.get(item_id) or {}
            if (record.get("important"), record.get("urgent")) != flags_of(quadrant) or record.get("status") == "inbox":
                missing.append(f"move {item_id} {quadrant}")
        for item_id in self.done:
            if (items.get(item_id) or {}).get("status") != "done":
                missing.append(f"done {item_id}")
        self.lost += [m for m in missing if m not in self.lost]
        return items


def _kill_plan(rng: random.Random, trial: int, kill_at: tuple[int, int], delays: tuple[float, float]
               ) -> tuple[dict[str, str], float | None]:
    """Even trials: a kill from outside after a random delay; odd ones: a crash point inside."""
    if trial % 2 == 0:
        return {}, rng.uniform(*delays)
    return {"FAULT_KILL_AT": str(rng.randint(*kill_at)), "FAULT_FAST_BACKUPS": str(trial + 1)}, None


def _run_trials(procs, env, data_file, ledger: Ledger, rng: random.Random, trials: int, start,
                kill_at: tuple[int, int], delays: tuple[float, float], first: int = 0, reopen=None) -> dict:
    """``reopen``: what the user does next after a kill, before the file is checked (the dashboard's lanes:
    a command on the same machine, which merges the changes the dashboard painted and had only journaled)."""
    items: dict = {}
    for trial in range(first, first + trials):
        extra, delay = _kill_plan(rng, trial, kill_at, delays)
        proc = start(trial, {**env, **extra})
        lines = Lines(proc.stdout)
        try:
            assert lines.expect("ready", 30) == "ready\n"
            if delay is None:  # a crash point: the writer kills itself
                proc.wait(timeout=60)
            else:
                if trial % 4 == 0:  # some kills only after a first acknowledged write
                    lines.expect("ack ", 30)
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
        finally:
            procs.stop(proc)
        lines.drain()
        ledger.take([line for line in lines.seen if line.endswith("\n")])  # a line cut by the kill was never seen
        if proc.returncode != -signal.SIGKILL:
            ledger.failures.append(f"trial {trial}: exit {proc.returncode}: {stderr_of(proc)}")
        elif err := stderr_of(proc):
            ledger.failures.append(f"trial {trial}: stderr {err!r}")
        if reopen is not None:
            reopen()
        items = ledger.check(data_file, f"trial {trial}")
    return items


def _after_all(run_chief, data_file: Path) -> list[str]:
    """One more command cleans what the killed writers left (temp files), and every backup is a good copy."""
    run_chief("list", check=True)
    bad_backups = []
    for candidate in list_backups(data_file):
        try:
            read_file(candidate)
        except Exception as problem:  # noqa: BLE001
            bad_backups.append(f"{candidate.name}: {problem}")
    return bad_backups


@pytest.mark.slow
def test_chief_add_and_done_killed_at_random_moments(procs, env, data_file, run_chief, report):
    seed = int(os.environ.get("CHIEF_TEST_SEED", time.time_ns() % 10**6))
    rng = random.Random(seed)
    ledger = Ledger()

    def start(trial, environ):
        return procs.python(WRITER, trial, rng.randrange(10**6), str(HERE.parent), env=environ)

    started = time.monotonic()
    trials = CLI_TRIALS
    items = _run_trials(procs, env, data_file, ledger, rng, trials, start, kill_at=(1, 120), delays=(0.0, 0.15))
    while ledger.count < MIN_CLI_WRITES and trials < 3 * CLI_TRIALS:  # a loaded machine acknowledges less per kill
        items = _run_trials(procs, env, data_file, ledger, rng, 8, start, kill_at=(1, 120), delays=(0.0, 0.15),
                            first=trials)
        trials += 8
    bad_backups = _after_all(run_chief, data_file)
    titles = [r.get("title") for r in read_file(data_file)[0]["items"].values()]
    report("crash: chief add/done", seed=seed, trials=trials, acknowledged=ledger.count, lost=len(ledger.lost),
           unreadable=len(ledger.unreadable), items=len(items), backups=len(list_backups(data_file)),
           seconds=f"{time.monotonic() - started:.1f}")
    assert ledger.failures == []
    assert ledger.unreadable == []
    assert ledger.lost == []
    assert no_dupes(titles) == [], "a capture was saved twice"
    assert temp_files(data_file.parent) == [], "a later command must remove what killed writers left"
    assert bad_backups == []
    assert len(ledger.added) <= len(items) <= len(ledger.added) + trials  # at most one unacknowledged per kill
    assert ledger.count >= MIN_CLI_WRITES, f"only {ledger.count} acknowledged writes"


def test_dashboard_killed_at_random_moments(procs, env, tmp_path, run_chief, report):
    """Two lanes at once (one data file each), so the slow start of a dashboard is paid twice as fast."""
    seed = int(os.environ.get("CHIEF_TEST_SEED", time.time_ns() % 10**6)) + 1
    lanes = []
    for lane in range(LANES):
        path = tmp_path / f"lane{lane}" / "chief.json"
        lanes.append((path, {**env, "CHIEF_FILE": str(path), "CHIEF_STATE_DIR": str(tmp_path / f"state{lane}")},
                      Ledger(), random.Random(seed * 10 + lane), lane))

    def run_lane(path, environ, ledger, rng, lane):
        def start(trial, extra_env):  # titles d<lane><trial>.<n>: unique over both lanes
            return procs.dashboard("crash", f"{lane}{trial:02d}", rng.randrange(10**6), env=extra_env)

        def reopen():  # the next command on this machine: it merges what the killed dashboard had journaled
            if path.exists():
                run_chief("list", env=environ, check=True)

        trials = DASHBOARD_TRIALS // LANES
        found = _run_trials(procs, environ, path, ledger, rng, trials, start, kill_at=(10, 220), delays=(0.2, 2.2),
                            reopen=reopen)
        while ledger.count < MIN_DASHBOARD_WRITES // LANES and trials < 3 * DASHBOARD_TRIALS // LANES:
            found = _run_trials(procs, environ, path, ledger, rng, 2, start, kill_at=(10, 220), delays=(0.2, 2.2),
                                first=trials, reopen=reopen)  # a loaded machine acknowledges less per kill: a few more
            trials += 2
        ran.append(trials)
        return found

    started = time.monotonic()
    ran: list[int] = []
    with ThreadPoolExecutor(LANES) as pool:
        results = list(pool.map(lambda lane: run_lane(*lane), lanes))
    items = sum(len(found) for found in results)
    ledgers = [lane[2] for lane in lanes]
    bad_backups, titles, leftovers, unacknowledged = [], [], [], []
    for (path, environ, ledger, _, _), found in zip(lanes, results):
        bad_backups += _after_all(lambda *argv, environ=environ, **kw: run_chief(*argv, env=environ, **kw), path)
        titles += [r.get("title") for r in read_file(path)[0]["items"].values()]
        leftovers += temp_files(path.parent)
        unacknowledged.append(len(read_file(path)[0]["items"]) - len(ledger.added))
    count = sum(ledger.count for ledger in ledgers)
    lost = [m for ledger in ledgers for m in ledger.lost]
    unreadable = [m for ledger in ledgers for m in ledger.unreadable]
    failures = [m for ledger in ledgers for m in ledger.failures]
    report("crash: dashboard keys", seed=seed, trials=sum(ran), acknowledged=count, lost=len(lost),
           unreadable=len(unreadable), items=items, seconds=f"{time.monotonic() - started:.1f}")
    assert failures == []
    assert unreadable == []
    assert lost == []
    assert no_dupes(titles) == [], "a capture was saved twice"
    assert leftovers == []
    assert bad_backups == []
    assert all(0 <= extra <= max(ran) for extra in unacknowledged)  # at most one per kill
    assert count >= MIN_DASHBOARD_WRITES, f"only {count} acknowledged writes"
