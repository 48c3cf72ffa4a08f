"""The palette's and the filter's keystrokes at thousands of items, this tree against an older revision.

    python -m bench.search                                  # 10,000 and 20,000 items, against main
    python -m bench.search --before 3ea88e9 --sizes 10000 --runs 3

Each run is a fresh headless dashboard (Textual's test driver, 120x40) on a copy of a
file from ``bench.generate``; the two trees' runs alternate, so that a busy moment of
the shared machine weighs on both. A figure is the median of the runs:

- palette "r", "re", "rep": the keys typed one by one into the command palette (ctrl+p),
  each from the key until the palette's list is refreshed; "会": typed into a palette
  opened afresh;
- the longest the event loop was blocked during that key (a freeze: no key, no repaint),
  beside the longest gap in a second when nothing happens (the machine's own noise);
- filter "re" -> "repo": "/" then "re", and the two keys "p", "o", each until the board is
  shown again (the whole keystroke: the matching and the repaint of the panels);
- filter matching only: the matching part of those keystrokes, in process, as the
  dashboard does it (a new filter per keystroke before, ``ItemFilter.typed`` after).

The older tree is a ``git archive`` of the revision, loaded in place of the installed
``chief`` through a ``chief`` folder put first on ``sys.path`` (store, tui and themes
link to the archive). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
PALETTE_KEYS = ("r", "e", "p")
FIGURES = ("palette r", "palette re", "palette rep", "palette 会", "freeze r", "freeze re", "freeze rep", "freeze 会", "freeze idle",
           "filter rep", "filter repo", "matching rep", "matching repo")


def _older_tree(revision: str, into: Path) -> Path:
    """``revision`` unpacked into ``into``, with a ``chief`` folder beside it to put first on sys.path."""
    tree = into / "tree"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(HERE), "archive", revision], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    package = into / "path" / "chief"
    package.mkdir(parents=True)
    for name in ("store", "tui", "themes"):
        (package / name).symlink_to(tree / name)
    return into / "path"


async def _stall_watch(gaps: list[float], stop: asyncio.Event) -> None:
    """The longest time the event loop did not come back to this task (it asks every 2 ms)."""
    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(0.002)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


async def _timed(app, pilot, key: str, done) -> tuple[float, float]:
    """(ms from the key until ``done()``, the longest event-loop block in ms)."""
    gaps: list[float] = []
    stop = asyncio.Event()
    watch = asyncio.create_task(_stall_watch(gaps, stop))
    await asyncio.sleep(0.01)
    gaps.clear()
    start = time.perf_counter()
    await pilot.press(key)
    while not done():
        await asyncio.sleep(0.001)
    took = time.perf_counter() - start
    stop.set()
    await watch
    return took * 1000, max(gaps, default=0) * 1000


def _child(path: Path) -> dict[str, float]:
    """One run, in this process, of whichever ``chief`` is first on sys.path."""
    from textual.command import CommandPalette

    import chief.tui.app
    from chief.store import Desk
    from chief.tui.app import ChiefApp
    from chief.tui.filtering import ItemFilter

    figures: dict[str, float] = {}

    def palette_idle(app) -> bool:
        screen = app.screen
        return isinstance(screen, CommandPalette) and not any(
            not worker.is_finished for worker in app.workers if worker.node in (screen, app))

    chief.tui.app.ARCHIVE_FIRST_S = chief.tui.app.ARCHIVE_EVERY_S = 10**6  # every item stays in the live file
    async def run() -> None:
        app = ChiefApp(Desk(path), remember_theme=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            board = app.board
            gaps: list[float] = []
            stop = asyncio.Event()
            watch = asyncio.create_task(_stall_watch(gaps, stop))
            await asyncio.sleep(1)  # nothing happening: the machine's own noise, the floor of a freeze
            stop.set()
            await watch
            figures["freeze idle"] = max(gaps, default=0) * 1000
            await pilot.press("ctrl+p")
            await pilot.pause(0.3)
            typed = ""
            for key in PALETTE_KEYS:
                typed += key
                took, froze = await _timed(app, pilot, key, lambda: palette_idle(app))
                figures[f"palette {typed}"], figures[f"freeze {typed}"] = took, froze
            await pilot.press("escape")
            await pilot.pause(0.2)
            await pilot.press("ctrl+p")
            await pilot.pause(0.3)
            took, froze = await _timed(app, pilot, "会", lambda: palette_idle(app))
            figures["palette 会"], figures["freeze 会"] = took, froze
            await pilot.press("escape")
            await pilot.pause(0.2)
            await pilot.press("slash", "r", "e")
            await pilot.pause(0.3)
            for text in ("rep", "repo"):
                app.typeahead.typed_in_field(None, float("-inf"))
                shown = app.dashboard.item_filter
                took, _froze = await _timed(app, pilot, text[-1], lambda: app.dashboard.item_filter is not shown)
                await pilot.pause()
                figures[f"filter {text}"] = took
            lists = {f"q{n}": board.quadrant(n) for n in (1, 2, 3, 4)}
            lists |= {"interrupts": board.interrupts(), "inbox": board.inbox()}
            last = ItemFilter("re")
            for items_name, items in lists.items():
                last.shown(board, items, items_name)
            for text in ("rep", "repo"):
                start = time.perf_counter()
                new = last.typed(text) if hasattr(last, "typed") else ItemFilter(text)
                for items_name, items in lists.items():
                    new.shown(board, items, items_name)
                figures[f"matching {text}"] = (time.perf_counter() - start) * 1000
                last = new

    asyncio.run(run())
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="main", help="the older revision to compare with (default: main)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(Path(args.child))))
        return 0
    from bench.generate import generate
    from bench.terminal import user_environ

    work = Path(tempfile.mkdtemp(prefix="chief-bench-search-"))
    try:
        older = _older_tree(args.before, work / "before")
        trees = {"before": older, "after": None}
        table: dict[int, dict[str, dict[str, float]]] = {}
        for size in [int(s) for s in args.sizes.split(",")]:
            source = generate(work / f"items-{size}.json", size)
            samples: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
            for run in range(args.runs):
                for name, extra_path in (trees.items() if run % 2 == 0 else reversed(list(trees.items()))):
                    copy = work / f"run-{name}.json"
                    shutil.copy(source, copy)
                    state = work / f"state-{name}-{size}-{run}"
                    env = {**user_environ(), "CHIEF_STATE_DIR": str(state), "CHIEF_CONFIG": str(state / "none.toml"),
                           "CHIEF_LANG": "en", "PYTHONPATH": os.pathsep.join(filter(None, [str(extra_path or ""), str(HERE)]))}
                    out = subprocess.run([sys.executable, "-m", "bench.search", "--child", str(copy)], env=env, cwd=str(HERE),
                                         capture_output=True, text=True, timeout=900)
                    if out.returncode:
                        print(out.stderr, file=sys.stderr)
                        return 1
                    for figure, value in json.loads(out.stdout.strip().splitlines()[-1]).items():
                        samples[name].setdefault(figure, []).append(value)
            table[size] = {name: {f: statistics.median(v) for f, v in got.items()} for name, got in samples.items()}
        sizes = list(table)
        print(f"{'figure (ms, median of ' + str(args.runs) + ')':<28}" + "".join(f"{f'{size:,} before':>16}{'after':>9}{'ratio':>7}" for size in sizes))
        for figure in FIGURES:
            row = f"{figure:<28}"
            for size in sizes:
                before, after = table[size]["before"].get(figure), table[size]["after"].get(figure)
                if before is None or after is None:
                    row += f"{'-':>16}{'-':>9}{'-':>7}"
                    continue
                row += f"{before:>16.0f}{after:>9.0f}{after / before if before else 0:>7.2f}"
            print(row)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
