"""Hostile content from another machine: shown literally or set aside, never executed, never a terminal escape.

The data file is written by hand, as another machine (or an attacker with
write access to the synced folder) could: Rich/Textual markup in titles and
notes, ANSI/OSC escape sequences (colour, window title, OSC 52 clipboard
write), C1 controls (U+009B is a one-character CSI), other control
characters, a 1 MB title, wrong types, unknown and missing fields, the same
id twice in one table, member names and record ids with escapes, a device
name with escapes.

The real dashboard is opened on it at 120x40 and 80x24 and walked through
every screen: the main board, triage, the editor, assign, snooze, wait,
help and the command palette searching for a hostile title. On every screen
the app must still be running and no rendered segment may hold a control
character (the strong check: nothing the terminal could take as an escape is
ever written), and the markup must show as typed. The bad records must be
listed as problems and still be in the file, unchanged, after a save; the
unknown fields and table must survive it too. ``chief list`` (text and JSON),
``team list`` and ``doctor`` must print no raw control character either.
A file from a newer schema is refused by every command with one line.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from apptools import screen_text

from faults.faultkit import controls, screen_controls, until
from chief.store.desk import Desk
from chief.store.datafile.storage import read_file
from chief.tui.app import ChiefApp

CLICK = "[@click=app.quit]x[/]"
LINK = "[link=file:///etc/passwd]y[/]"
BOLD = "[b]z[/b]"
ANSI = "\x1b[31mred\x1b[0m"
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
C1_CSI = "\x9b31m"
OTHERS = "nul\x00 bs\x08 cr\r vt\x0b ff\x0c del\x7f nel\x85 ls\u2028 ris\x1bc tab\t nl\n end"
EVIL = f"{ANSI} {OSC_TITLE} {OSC_CLIPBOARD} {C1_CSI} {OTHERS}"

STAMP = "2026-11-20T01:00:00Z"
HOSTILE = "01HOST1LE00000000000000000"
CLICKER = "01CL1CK0000000000000000000"
LINKER = "01L1NK00000000000000000000"
BOLDER = "01B0LD00000000000000000000"
WAITER = "01WA1TER000000000000000000"
HUGE = "01HVGE00000000000000000000"
FUTURE = "01FVTVRE000000000000000000"
MINIMAL = "01M1N1MA1000000000000000000"[:26]
DUP = "01DVP000000000000000000000"
EVIL_ID = "\x1b]0;id\x07\x9b2J-01EV1L1D"
EVIL_MEMBER = "01EV1LMEMBER00000000000000"
BAD_ITEMS = {
    "01BADT1TLE0000000000000000": {"title": 42},
    "01BADDVE000000000000000000": {"title": "due is a list", "due": ["2026-11-30"]},
    "01BAD1MP000000000000000000": {"title": "important is a string", "important": "yes"},
    "01N0T1TLE00000000000000000": {"notes": "no title at all"},
    "01STR1NG000000000000000000": "a string where a record should be",
    "01L1ST000000000000000000000"[:26]: [1, 2, 3],
    "\x1b[2J\x9bBAD-" + "0" * 10: {"title": ["escape id, bad record"]},
}
BAD_MEMBERS = {
    "01BADMEMBER000000000000000": {"name": ["not", "a", "name"]},
    "01BADCAPAC1TY0000000000000": {"name": "Capacity Wrong", "capacity": "lots"},
}
FUTURE_FIELDS = {"x-future": {"nested": [1, "two", {"three": None}], "esc": "\x1b[2J"}, "colour": "红", "n": 1.5}
FUTURE_TABLE = {"R1": {"event": "sync", "at": "2026-11-01T00:00:00Z"}, "R2": {"list": [3, 2, 1]}}
HUGE_TITLE = "huge " + "大" * 120 + "x" * (1_000_000 - 125)


def item(title, **fields):
    record = {"title": title, "notes": "", "kind": "task", "important": False, "urgent": False, "due": None,
              "category": None, "assignee": None, "source": None, "status": "open", "effort": None,
              "created": STAMP, "updated": STAMP, "done_at": None, "taken_at": None, "snoozed_until": None,
              "waiting_on": None, "follow_up": None, "deferrals": 0}
    record.update(fields)
    return record


def hostile_text(schema: int = 2) -> str:
    """The file as another machine wrote it, by hand: one record per line, one id twice."""
    items = [
        (HOSTILE, item(f"{CLICK} {LINK} {BOLD} {EVIL}", kind="interrupt", notes=f"{CLICK}\n{LINK}\n{EVIL}",
                       source=f"[b]boss[/b]{OSC_TITLE}", category=f"conf{ANSI}idential", assignee=EVIL_MEMBER,
                       waiting_on=f"{CLICK}{OSC_CLIPBOARD}")),
        (CLICKER, item(CLICK, important=True, urgent=True)),
        (LINKER, item(LINK, important=True, urgent=True)),
        (BOLDER, item(f"{BOLD} {ANSI}", important=True)),
        (WAITER, item(f"waiting {C1_CSI}", status="waiting", waiting_on=f"{LINK}{ANSI}", follow_up="2026-11-24T01:00:00Z",
                      assignee=EVIL_MEMBER, important=True)),
        (HUGE, item(HUGE_TITLE, status="inbox")),
        (FUTURE, item("keeps fields from the future", status="inbox", **FUTURE_FIELDS)),
        (MINIMAL, {"title": "minimal record"}),
        (EVIL_ID, item("an item whose id has escapes", status="inbox")),
        (DUP, item("dup first", notes="first copy", status="inbox")),
        *BAD_ITEMS.items(),
        (DUP, item("dup second", notes="second copy", status="inbox")),
    ]
    team = [
        (EVIL_MEMBER, {"name": f"Evil{OSC_TITLE} [b]Boss[/b]{C1_CSI}", "role": f"{ANSI}\x1b[2J", "capacity": 2400,
                       "categories": [], "away": False}),
        *BAD_MEMBERS.items(),
    ]
    meta = {"chief": {"schema": schema, "database_id": "01DB0000000000000000000000",
                      "devices": {f"dev{OSC_TITLE}\x9b": "001795571772438-000000-dev"}}}

    def table(name, rows):
        body = ",\n".join(f"{json.dumps(key)}: {json.dumps(value)}" for key, value in rows)
        return f"{json.dumps(name)}: {{\n{body}\n}}"

    tables = [table("items", items), table("meta", meta.items()), table("sync_log", FUTURE_TABLE.items()),
              table("team", team)]
    return "{\n" + ",\n".join(tables) + "\n}\n"


@pytest.fixture
def hostile_file(data_file: Path) -> Path:
    data_file.parent.mkdir(parents=True, exist_ok=True)
    data_file.write_text(hostile_text(), encoding="utf-8")
    os.chmod(data_file, 0o600)
    return data_file


def check_screen(app, findings: list[str], where: str, literal: str | None = None) -> None:
    """Note what is wrong on this screen (every screen is visited, then all findings are asserted)."""
    assert app.is_running, f"{where}: the app stopped (was markup executed?)"
    found = screen_controls(app)
    if found:
        findings.append(f"{where}: raw control characters reach the terminal: {found}")
    if literal is not None and literal not in screen_text(app):
        findings.append(f"{where}: {literal!r} is not shown literally")


async def open_on(app, pilot, item_id: str, key: str) -> None:
    app.dashboard.focus_item(item_id)
    await pilot.pause()
    assert app.selected_item is not None and app.selected_item.id == item_id
    await pilot.press(key)
    await until(pilot, lambda: app.screen is not app.dashboard, timeout=5)
    await pilot.pause()


async def close(app, pilot) -> None:
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is app.dashboard, timeout=5)
    await pilot.pause()


@pytest.mark.slow
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_every_screen_on_a_hostile_file(hostile_file, local_state, frozen_time, size, report):
    started = time.monotonic()
    app = ChiefApp(Desk(hostile_file), remember_theme=False)
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:  # toasts are drawn too
        await pilot.pause()
        opened = time.monotonic() - started
        wide = size[0] >= 120
        findings: list[str] = []
        problems = {(p.table, p.id) for p in app.board.problems}
        check_screen(app, findings, "main", CLICK if wide else "[@click")
        if wide:
            check_screen(app, findings, "main", LINK)
            check_screen(app, findings, "main", BOLD)

        moving = time.monotonic()
        app.dashboard.focus_item(HUGE)
        await pilot.pause()
        on_huge = app.selected_item is not None and app.selected_item.id == HUGE
        await pilot.press("down", "up")  # the cursor moves around the huge title (rendering it again)
        moved = time.monotonic() - moving
        check_screen(app, findings, "cursor on the 1 MB title", "huge 大大")

        await pilot.press("t")
        await until(pilot, lambda: app.screen is not app.dashboard, timeout=5)
        await pilot.pause()
        check_screen(app, findings, "triage", CLICK if wide else "[@click")
        await close(app, pilot)

        for key, name in (("e", "editor"), ("a", "assign"), ("s", "snooze"), ("w", "wait")):
            await open_on(app, pilot, HOSTILE, key)
            check_screen(app, findings, name, "[@click")
            await close(app, pilot)
        await open_on(app, pilot, WAITER, "w")
        check_screen(app, findings, "wait on a waiting item", "[link=")
        await close(app, pilot)

        app.dashboard.focus_item(HOSTILE)
        await pilot.pause()
        await pilot.press("2")  # the notification names the item: "Schedule: <title>"
        await pilot.pause(0.3)
        check_screen(app, findings, "notification after a decision on the hostile item", "Schedule: [@click")
        await pilot.press("u")  # "Undone: move to Schedule '<title>'"
        await pilot.pause(0.3)
        check_screen(app, findings, "notification after undo", "Undone")

        await pilot.press("question_mark")
        await until(pilot, lambda: app.screen is not app.dashboard, timeout=5)
        check_screen(app, findings, "help")
        await close(app, pilot)

        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen is not app.dashboard, timeout=5)
        await pilot.press(*"click")
        await pilot.pause(0.5)  # the palette searches in the background
        check_screen(app, findings, "palette", "[@click")
        await pilot.press("enter")  # go to the hostile item: markup in it must not run
        await pilot.pause(0.3)
        check_screen(app, findings, "after choosing a hostile title in the palette")
        await until(pilot, lambda: app.screen is app.dashboard, timeout=5)
        check_screen(app, findings, "main, at the end", "[@click")
        running = app.is_running
    report(f"hostile content: {size[0]}x{size[1]}", screens=14, open_seconds=f"{opened:.2f}",
           cursor_onto_1MB_seconds=f"{moved:.2f}", problems=len(problems), screens_with_findings=len(findings))
    assert running
    assert findings == [], "\n".join(findings)
    assert on_huge
    expected = {("items", key) for key in BAD_ITEMS} | {("team", key) for key in BAD_MEMBERS}
    assert problems == expected


async def test_bad_records_and_unknown_fields_survive_a_save(hostile_file, local_state, frozen_time, report):
    desk = Desk(hostile_file)
    board = desk.board()
    assert {p.id for p in board.problems} == set(BAD_ITEMS) | set(BAD_MEMBERS)
    assert EVIL_ID in board.items and DUP in board.items
    app = ChiefApp(desk, remember_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.dashboard.focus_item(CLICKER)
        await pilot.pause()
        await pilot.press("2")  # a save of the whole file, made by the dashboard
        await pilot.pause()
        assert not app.desk.unsaved and app.is_running
    saved, _ = read_file(hostile_file)
    items = saved["items"]
    lost = [key for key, record in BAD_ITEMS.items() if items.get(key) != record]
    lost += [key for key, record in BAD_MEMBERS.items() if saved["team"].get(key) != record]
    future = {k: items[FUTURE].get(k) for k in FUTURE_FIELDS}
    report("hostile content: bad records kept through a save", records=len(BAD_ITEMS) + len(BAD_MEMBERS),
           lost=len(lost) + (future != FUTURE_FIELDS) + (saved.get("sync_log") != FUTURE_TABLE))
    assert lost == [], "a bad record must stay in the file exactly as it came"
    assert future == FUTURE_FIELDS
    assert saved["sync_log"] == FUTURE_TABLE
    assert (items[CLICKER]["important"], items[CLICKER]["urgent"]) == (True, False)
    assert items[DUP]["title"] in ("dup first", "dup second")  # the two copies merged into one record
    assert hostile_file.read_text(encoding="utf-8").count(json.dumps(DUP)) == 1
    assert EVIL_ID in items and items[EVIL_ID]["title"] == "an item whose id has escapes"
    assert items[HOSTILE]["title"] == f"{CLICK} {LINK} {BOLD} {EVIL}"  # stored as it came, escapes and all
    raw = hostile_file.read_text(encoding="utf-8")
    assert controls(raw, allow="\n") == [], "the file itself keeps every control character escaped"


@pytest.mark.parametrize("argv", [["list"], ["list", "--all"], ["list", "--json"], ["list", "--json", "--all"],
                                  ["team", "list"], ["team", "list", "--json"], ["doctor"]],
                         ids=lambda a: " ".join(a))
def test_command_line_prints_no_raw_control_character(hostile_file, run_chief, argv, report):
    before = hostile_file.read_bytes()
    result = run_chief(*argv)
    found_out, found_err = controls(result.stdout, allow="\n"), controls(result.stderr, allow="\n")
    report(f"hostile content: chief {' '.join(argv)}", escapes_out=len(found_out), escapes_err=len(found_err))
    assert result.returncode in ((1,) if argv == ["doctor"] else (0,)), result.stderr
    assert found_out == [], f"stdout carries raw control characters {found_out}"
    assert found_err == [], f"stderr carries raw control characters {found_err}"
    assert "Traceback" not in result.stderr
    if "--json" in argv:
        rows = json.loads(result.stdout)
        if argv[0] == "list":
            titles = {row["id"]: row["title"] for row in rows}
            assert titles[HOSTILE] == f"{CLICK} {LINK} {BOLD} {EVIL}"  # JSON carries the data exactly
    assert hostile_file.read_bytes() == before or argv[0] != "doctor"


@pytest.mark.parametrize("argv", [["list"], ["list", "--json"], ["add", "x"], ["done", "01CL1CK"], ["team", "list"],
                                  ["team", "add", "Zhao"], ["merge", "{other}"], []],
                         ids=lambda a: " ".join(a) or "dashboard")
def test_a_file_from_a_newer_schema_is_refused_with_one_line(data_file, run_chief, tmp_path, argv):
    data_file.parent.mkdir(parents=True, exist_ok=True)
    data_file.write_text(hostile_text(schema=99), encoding="utf-8")
    before = data_file.read_bytes()
    other = tmp_path / "other.json"
    other.write_text(hostile_text(schema=2), encoding="utf-8")
    result = run_chief(*[a.format(other=other) for a in argv])
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr == (f"chief: {data_file} was written by a newer Chief (schema 99, this one knows 2): "
                             "upgrade Chief to use it\n")
    assert data_file.read_bytes() == before
