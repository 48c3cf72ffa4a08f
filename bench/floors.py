"""The floors every figure is measured against, in the same run: what Textual, Taskwarrior
and Python themselves take on this machine at this moment.

The machine is shared and its speed drifts by a third over a day; a figure alone says
little, its ratio to a floor taken between Chief's own runs says what Chief costs.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.terminal import Terminal, user_environ

BARE_APP = Path(__file__).with_name("bare_app.py")


def python_startup_ms(runs: int = 21) -> float:
    """``python -c pass``: the floor under every process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=user_environ(), check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_app_run(name: str) -> tuple[float, float]:
    """One run of the bare app: seconds to its first paint, milliseconds from a key to the screen."""
    term = Terminal(name, [sys.executable, str(BARE_APP)], {"TERM": "xterm-256color"})
    try:
        painted = term.wait(lambda s: "West (0)" in s and "North (0)" in s, what="the bare app's panels")
        time.sleep(0.3)
        sent = term.keys("1")
        shown = term.wait(lambda s: "North (1)" in s, what="the bare app's answer to its key")
        return painted - term.started, (shown - sent) * 1000
    finally:
        term.close()


class TaskAdd:
    """Taskwarrior's ``task add`` with 5,000 pending tasks: the floor for ``chief add``."""

    PENDING = 5000

    def __init__(self, work: Path) -> None:
        self.task = shutil.which("task")
        self.reason = "" if self.task else "Taskwarrior (`task`) is not installed"
        self.folder = work / "taskwarrior"
        self.env = {**user_environ(), "TASKRC": str(self.folder / "taskrc"), "TASKDATA": str(self.folder / "data")}
        self.count = 0
        if self.task:
            self._fill()

    def _fill(self) -> None:
        (self.folder / "data").mkdir(parents=True, exist_ok=True)
        (self.folder / "taskrc").write_text(
            f"data.location={self.folder / 'data'}\nconfirmation=off\nhooks=off\nnews.version=99.99.99\n", encoding="utf-8")
        tasks = [{"uuid": str(uuid.UUID(int=n + 1)), "status": "pending", "description": f"pending task {n}",
                  "entry": "20260101T000000Z", "modified": "20260101T000000Z"} for n in range(self.PENDING)]
        batch = self.folder / "import.json"
        batch.write_text(json.dumps(tasks), encoding="utf-8")
        done = subprocess.run([self.task, "import", str(batch)], env=self.env, capture_output=True, text=True)
        pending = self.folder / "data" / "pending.data"
        lines = pending.read_text(encoding="utf-8").count("\n") if pending.exists() else 0
        if done.returncode != 0 or lines < self.PENDING:
            self.task, self.reason = None, f"`task import` did not give {self.PENDING} pending tasks: {done.stderr.strip()[:200]}"

    def run(self) -> float:
        """Milliseconds for one ``task add``, the whole process."""
        self.count += 1
        start = time.perf_counter()
        subprocess.run([self.task, "add", f"captured {self.count}"], env=self.env, check=True, capture_output=True)
        return (time.perf_counter() - start) * 1000


def durable_write_ms(source: Path, target: Path) -> float:
    """Milliseconds to write ``source``'s bytes durably as ``target``: the disk's floor under a save.

    What any careful program does to replace a file: a new file written and flushed, renamed
    over the old one, and the folder flushed so that the new name lasts.
    """
    data = source.read_bytes()
    start = time.perf_counter()
    temp = target.with_name(target.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, target)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return (time.perf_counter() - start) * 1000
