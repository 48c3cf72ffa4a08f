"""The real dashboard, started the way ``chief`` starts it, driven by keys under Pilot.

Run as ``python dashdriver.py MODE ARGS...`` with the environment of the
``env`` fixture. ``chief.tui.cli.main(["dashboard"])`` runs as for a user (signals,
config, the one-line refusal of a bad file); only the terminal is replaced:
``ChiefApp.run`` opens the app headless under ``run_test`` and hands the Pilot
to the mode. A change is acknowledged on stdout as soon as the app shows it in
``app.board`` and ``app.desk.unsaved`` is False: once it is durable, in the file or
in the journal of changes painted before their save (store/datafile/journal.py),
which the next command on the machine merges into the file.

Modes:

``crash GEN SEED``
    capture ``dGEN.N`` (n, typing, enter), move it with 1-4, sometimes d;
    forever, until killed. Prints ``ack add ID TITLE``, ``ack move ID Q``, ``ack done ID``.
``triage STOPFILE SEED``
    triage the inbox with the triage screen (t, then 1-4 or d on the item shown)
    until STOPFILE exists; prints ``ack move ID Q`` / ``ack done ID``, then ``bye``.
``script``
    one command per stdin line, each answered by ``state {json}``:
    ``capture TEXT``, ``move Q`` (on the selected item), ``state``,
    ``wait-saved SECONDS``, ``limit BYTES`` / ``unlimit`` (RLIMIT_FSIZE, soft), ``quit``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import sys
import time

from chief.store.domain.quadrant import flags_of

SIZE = (120, 40)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def saved(app, pilot, condition, timeout: float = 15.0, what: str = ""):
    """Wait until ``condition(board)`` is true of the app's board and nothing is unsaved."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition(app.board)
        if found and not app.desk.unsaved:
            return found
        if time.monotonic() > deadline:
            say(f"stuck waiting for {what}: unsaved={app.desk.unsaved} problem={app.desk.replica.save_problem!r} "
                f"screen={type(app.screen).__name__} said={app.said[-3:]!r} trace={app.trace[-4:]!r}")
            sys.exit(4)
        await pilot.pause(0.02)


def by_title(title: str):
    def find(board):
        return next((i for i in board.items.values() if i.title == title), None)

    return find


def moved(item_id: str, quadrant: int):
    important, urgent = flags_of(quadrant)

    def check(board):
        item = board.items.get(item_id)
        return item is not None and (item.important, item.urgent) == (important, urgent) and item.status != "inbox"

    return check


def is_done(item_id: str):
    return lambda board: item_id in board.items and board.items[item_id].status == "done"


async def focus(app, pilot, item_id: str) -> bool:
    app.dashboard.focus_item(item_id)
    await pilot.pause()
    return app.selected_item is not None and app.selected_item.id == item_id


async def crash(app, pilot, gen: str, seed: str) -> None:
    rng = random.Random(int(seed))
    say("ready")
    n = 0
    while True:
        title = f"d{gen}.{n}"
        await pilot.press("n")
        await pilot.press(*title)
        await pilot.press("enter")
        item = await saved(app, pilot, by_title(title))
        say(f"ack add {item.id} {title}")
        quadrant = rng.randint(1, 4)
        if await focus(app, pilot, item.id):
            app.typeahead.typed_in_field(None, float("-inf"))  # a pause after typing: the digit is a board key
            await pilot.press(str(quadrant))
            await saved(app, pilot, moved(item.id, quadrant))
            say(f"ack move {item.id} {quadrant}")
            if rng.random() < 0.3 and await focus(app, pilot, item.id):
                await pilot.press("d")
                await saved(app, pilot, is_done(item.id))
                say(f"ack done {item.id}")
        n += 1


async def until(pilot, condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.01)
    return True


async def triage(app, pilot, stopfile: str, seed: str) -> None:
    from chief.tui.screens.triage import TriageScreen

    def in_triage() -> bool:
        return isinstance(app.screen, TriageScreen) and app.screen.is_mounted

    rng = random.Random(int(seed))
    say("ready")
    decided: set[str] = set()
    while not os.path.exists(stopfile):
        if not isinstance(app.screen, TriageScreen):
            if app.board.inbox():
                said = len(app.said)
                await pilot.press("t")  # Pilot can return before the screen is up: wait for it
                await until(pilot, lambda said=said: in_triage() or len(app.said) > said)
            else:
                await pilot.pause(0.05)
            continue
        screen = app.screen
        await until(pilot, in_triage)
        item = screen.selected_item
        if item is None or screen.finished:
            await pilot.press("escape")
            await until(pilot, lambda screen=screen: app.screen is not screen)
            continue
        if item.id in decided or item.status != "inbox":
            await pilot.press("space")  # skip what another process already decided
            continue
        key = rng.choice("1234d")
        what = f"{key} on {item.id} {item.title!r}"
        for _attempt in range(3):
            said, traced_before = len(app.said), len(app.trace)
            await pilot.press(key)
            if await until(pilot, lambda said=said: len(app.said) > said, timeout=3):
                break
            # the key did nothing at all (no action, or the bell): say so, and press it again
            say(f"dropped {what} screen={type(app.screen).__name__} trace={app.trace[traced_before:]!r}")
        if key == "d":
            await saved(app, pilot, is_done(item.id), what=what)
            say(f"ack done {item.id}")
        else:
            await saved(app, pilot, moved(item.id, int(key)), what=what)
            say(f"ack move {item.id} {key}")
        decided.add(item.id)
    if isinstance(app.screen, TriageScreen):
        await pilot.press("escape")
    await saved(app, pilot, lambda board: True)
    say(f"bye decided={len(decided)}")


def state(app) -> dict:
    from faults.faultkit import notes_of, screen_controls

    header = app.dashboard.panel("#header")
    return {
        "running": app.is_running,
        "unsaved": app.desk.unsaved,
        "alert": app.alert,
        "header": str(header.render()),
        "notes": notes_of(app),
        "titles": sorted(i.title for i in app.board.items.values()),
        "problem": app.desk.replica.save_problem,
        "controls": screen_controls(app),
    }


async def script(app, pilot) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    say("ready")
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        command, _, rest = line.rstrip("\n").partition(" ")
        if command == "quit":
            return
        if command == "limit":
            resource.setrlimit(resource.RLIMIT_FSIZE, (int(rest), hard))
        elif command == "unlimit":
            resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
        elif command == "capture":
            await pilot.press("n")
            await pilot.press(*rest)
            await pilot.press("enter")
            await pilot.pause()
        elif command == "move":
            app.typeahead.typed_in_field(None, float("-inf"))  # a pause after typing: the key is a board key
            await pilot.press(rest)
            await pilot.pause()
        elif command == "wait-saved":
            deadline = time.monotonic() + float(rest)
            while app.desk.unsaved and time.monotonic() < deadline:
                await pilot.pause(0.05)
            await pilot.pause(0.1)
        say("state " + json.dumps(state(app)))


def main() -> int:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # tests/, for faults.faultkit
    mode, args = sys.argv[1], sys.argv[2:]
    import textual._wait

    # Pilot waits for the app to be idle in 20 ms sleeps; 2 ms ones make the keys ten times faster.
    # Only the harness's patience changes: every acknowledgement is read from the app's state.
    textual._wait.SLEEP_GRANULARITY, textual._wait.SLEEP_IDLE = 0.002, 0.0005
    from faults import crashpoint

    crashpoint.install()
    import chief.tui.app
    from chief.tui.cli import main as chief_main

    async def session(app) -> int:
        app.said = []  # every notification, kept after its toast has gone
        notify = app.notify

        def remember(message, *args, **kwargs):
            app.said.append(str(message))
            return notify(message, *args, **kwargs)

        app.notify = remember
        app.trace = []  # actions and bells, to explain a key that did nothing
        bell, move, done = app.bell, app.action_move, app.action_done

        def traced(name, action):
            def run(*args):
                app.trace.append(f"{name}{args} selected={app.selected_item and app.selected_item.id}")
                return action(*args)

            return run

        app.bell, app.action_move, app.action_done = traced("bell", bell), traced("move", move), traced("done", done)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            if mode == "crash":
                await crash(app, pilot, *args)
            elif mode == "triage":
                await triage(app, pilot, *args)
            else:
                await script(app, pilot)
        return 0

    # the terminal, swapped for Pilot: everything else is ``chief`` as the user starts it
    chief.tui.app.ChiefApp.run = lambda app, *a, **k: asyncio.run(session(app))
    return chief_main(["dashboard"])


if __name__ == "__main__":
    sys.exit(main())
