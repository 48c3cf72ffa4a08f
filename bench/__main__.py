"""Chief's benchmarks: one table of figures against the budgets of issue 6.

    python -m bench                      # 5,000 and 10,000 items, 3 runs each
    python -m bench --sizes 200 --runs 1 # what CI runs, to keep it working

The dashboard figures are taken in a real terminal (tmux), not the headless
driver. Each figure is the median of the runs. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate

BUDGETS = {  # figure: (at 5,000, at 10,000), in the unit shown
    "launch to first items painted (s)": (0.6, 0.9),
    "key to screen: 1 on an inbox item (ms)": (50, 80),
    "chief add, whole process (ms)": (80, 120),
    "one durable save of one change (ms)": (25, 50),
    "merge of two replicas, 500 edits each (s)": (0.3, 0.5),
    "peak memory of the dashboard (MB)": (120, 150),
}


class Terminal:
    """A program in a tmux session of a fixed size: send keys, read the screen."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], size=(120, 40)) -> None:
        self.name = name
        self.started = time.perf_counter()
        envs = [f"{k}={v}" for k, v in env.items()]
        subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]),
                        "env", "-u", "PYTHONDONTWRITEBYTECODE", *envs, *command], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def wait(self, test, timeout: float = 20.0) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if test(self.screen()):
                return time.perf_counter()
            time.sleep(0.002)
        raise TimeoutError(f"not seen on screen within {timeout} s:\n{self.screen()}")

    def keys(self, *keys: str) -> float:
        sent = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)
        return sent

    def pid(self) -> int:
        out = subprocess.run(["tmux", "list-panes", "-t", self.name, "-F", "#{pane_pid}"], capture_output=True, text=True).stdout
        return int(out.split()[0])

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _peak_mb(pid: int) -> float:
    """The highest resident memory of the process tree under ``pid`` (the env wrapper execs Python)."""
    best = 0.0
    for candidate in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    best = max(best, int(line.split()[1]) / 1024)
        except OSError:
            pass
    return best


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _env(state: Path) -> dict[str, str]:
    return {"CHIEF_STATE_DIR": str(state), "TERM": "xterm-256color", "CHIEF_CONFIG": str(state / "none.toml")}


def _user_environ() -> dict[str, str]:
    """This environment as a user's shell has it: Python writes and reuses its bytecode.

    PYTHONDONTWRITEBYTECODE (set in some CI and sandbox images) would make
    every run compile Chief's modules again, which no installed copy does.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _startup_ms() -> float:
    """How long a bare Python takes to start and stop here: the floor under every figure above."""
    times = []
    for _ in range(21):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=_user_environ(), check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _chief() -> str:
    """The ``chief`` command measured: the one on PATH, for the dashboard and for ``chief add`` alike."""
    return shutil.which("chief") or "chief"


def _install_kind() -> str:
    """Which copy of Chief that command runs: an install in site-packages, or a source tree."""
    script = Path(_chief()).read_text(encoding="utf-8", errors="replace")
    python = script.splitlines()[0].removeprefix("#!").strip() if script.startswith("#!") else sys.executable
    found = subprocess.run([python, "-c", "import chief.tui; print(chief.tui.__file__)"], capture_output=True, text=True,
                           cwd="/", env=_user_environ()).stdout.strip()
    return f"a regular install ({_chief()})" if "site-packages" in found else f"the source tree at {Path(found).parent.parent}"


def dashboard_figures(data: Path, work: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    launches, keys, memory = [], [], []
    chief = [_chief()]
    for run in range(runs):
        copy = work / f"dash{run}.json"
        shutil.copy(data, copy)
        term = Terminal(f"chiefbench{os.getpid()}{run}", [*chief, "--file", str(copy)], _env(work / f"state{run}"))
        try:
            seen = term.wait(lambda s: "Do now (" in s and "Team (" in s)
            launches.append(seen - term.started)
            time.sleep(0.5)
            target = "BENCH-TARGET"
            subprocess.run([*chief, "--file", str(copy), "add", target], env={**_user_environ(), **_env(work / f"state{run}")},
                           check=True, capture_output=True)
            time.sleep(1.5)  # the poll brings it in: it sits at the end of the inbox
            term.keys("/")
            time.sleep(0.2)
            term.keys(*target)
            term.wait(lambda s: target in s)
            term.keys("Enter")
            time.sleep(0.5)  # the filter leaves the cursor on the only match, in the inbox
            term.wait(lambda s: "Do now (0)" in s)  # the filter shows only the target, still in the inbox
            sent = term.keys("1")
            shown = term.wait(lambda s: "Do now (1)" in s)  # it moved, and the panel repainted
            keys.append((shown - sent) * 1000)
            memory.append(_peak_mb(term.pid()))
        finally:
            term.close()
    return launches, keys, memory


def add_figures(data: Path, work: Path, runs: int) -> list[float]:
    copy = work / "add.json"
    shutil.copy(data, copy)
    env = {**_user_environ(), **_env(work / "state-add")}
    times = []
    for n in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([_chief(), "--file", str(copy), "add", f"captured {n}"], env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return times[1:]  # the first run writes the .pyc files and makes the first backup


def save_figures(data: Path, work: Path, runs: int) -> list[float]:
    from chief.store.desk import Desk

    copy = work / "save.json"
    shutil.copy(data, copy)
    desk = Desk(copy)
    ids = sorted(desk.board().raw_items)
    desk.edit(ids[0], {"notes": "warm"})
    times = []
    for n in range(max(runs, 5)):
        start = time.perf_counter()
        desk.edit(ids[(n * 97) % len(ids)], {"notes": f"note {n}"})
        times.append((time.perf_counter() - start) * 1000)
    return times


def _diverge(data: dict, device: str, edits: int, seed: int) -> dict:
    from chief.store.sync.hlc import make_stamp
    from chief.store.sync.merge import STAMPS

    rng = random.Random(seed)
    items = dict(data["items"])
    keys = sorted(items)
    for n in range(edits):
        key = rng.choice(keys)
        record = dict(items[key])
        field = rng.choice(["notes", "title", "status", "effort"])
        record[field] = {"notes": f"{device} {n}", "title": f"{record['title']} ({device})", "status": "open", "effort": 45}[field]
        record[STAMPS] = {**record.get(STAMPS, {}), field: make_stamp(1_796_000_000_000 + n, 0, device)}
        items[key] = record
    return {**data, "items": items}


def merge_figures(data: Path, work: Path, runs: int) -> list[float]:
    from chief.store.desk import Desk
    from chief.store.datafile.storage import read_file, serialize, write_atomic

    base, _ = read_file(data)
    times = []
    for run in range(runs):
        ours, theirs = work / f"ours{run}.json", work / f"theirs{run}.json"
        write_atomic(ours, serialize(_diverge(base, "officexxxx", 500, run)))
        write_atomic(theirs, serialize(_diverge(base, "laptopxxxx", 500, run + 100)))
        start = time.perf_counter()
        Desk(ours).merge_file(theirs)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not shutil.which("tmux") or not shutil.which("chief"):
        print("the benchmark needs tmux and the chief command on PATH", file=sys.stderr)
        return 2
    results: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="chief-bench-") as folder:
            work = Path(folder)
            data = generate(work / "chief.json", size)
            launches, keys, memory = dashboard_figures(data, work, args.runs)
            results[size] = {
                "launch to first items painted (s)": statistics.median(launches),
                "key to screen: 1 on an inbox item (ms)": statistics.median(keys),
                "chief add, whole process (ms)": statistics.median(add_figures(data, work, args.runs)),
                "one durable save of one change (ms)": statistics.median(save_figures(data, work, args.runs)),
                "merge of two replicas, 500 edits each (s)": statistics.median(merge_figures(data, work, args.runs)),
                "peak memory of the dashboard (MB)": max(memory),
            }
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}, Chief from {_install_kind()}")
    print(f"this machine's speed during the run: `python -c pass` took {_startup_ms():.1f} ms (median of 21), "
          "a yardstick for comparing runs on shared hardware")
    header = "| figure | " + " | ".join(f"{s:,} items (budget)" for s in args.sizes) + " |"
    print(header)
    print("|---|" + "---|" * len(args.sizes))
    for figure, budgets in BUDGETS.items():
        cells = []
        for size in args.sizes:
            value = results[size][figure]
            budget = budgets[0] if size <= 5000 else budgets[1]
            mark = "" if value <= budget else " OVER"
            cells.append(f"{value:.3g} ({budget:g}){mark}")
        print(f"| {figure} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
