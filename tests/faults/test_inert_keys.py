"""Record keys are data too; bidi and invisible characters are shown, not obeyed.

A data file is written by hand, as another machine could: the ids of items
and of a team member, a device id and a table name hold an OSC escape (window
title), BEL, a one-character C1 CSI, a newline, a carriage return, NEL, a
line separator, a right-to-left override, a bidi isolate, a zero-width space
and a BOM. Titles and names hold bidi overrides and zero-width characters
next to plain Chinese, an emoji ZWJ sequence and Persian with its ZWNJ.

Every command that prints an id or a title is run in a subprocess on it (the
text list, ``waiting``, ``team list``, done/drop/snooze/wait/resume, archive
and ``list --archived``, ``merge``'s report, every export format, the reports
and ``doctor``): no output may carry a raw control character, a bidi control
or an invisible character, and the escaped id must be shown (``\\x1b``,
``\\u202e``). JSON output must still carry every id and title exactly. The
iCalendar file's UID is checked in the file. CSV to a terminal is checked
through a pseudo-terminal. The dashboard is opened on the file (rows, detail
strip, palette, the toast naming a conflict copy whose file name holds
escapes) and every rendered segment is checked the same way.

Where a joiner does visible work it stays: 👩‍💻 and Persian's ZWNJ are shown as
written, and Chinese is untouched.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import tty
from pathlib import Path

import pytest
from apptools import screen_text

from faults.faultkit import controls, segment_texts, until
from chief.store.desk import Desk
from chief.tui.app import ChiefApp

BAD = "\x1b]0;pwn\x07\x9b31m\n\r\x85\u2028\u202e\u2066\u200b\ufeff-"
SHOWN = "\\x1b]0;pwn\\x07\\x9b31m"  # how the start of BAD must appear
CUT = "\\x1b"  # lists show ids cut to the shortest unique prefix: the escape still shows where it starts
OPEN, DROP, SNOOZE, WAIT, WAITING, OLD = ("01OPENA" + BAD, "01DROPB" + BAD, "01SNOOZEC" + BAD, "01WAITD" + BAD,
                                          "01WAITINGE" + BAD, "01OLDF" + BAD)
MEMBER = "01MEMBERG" + BAD
INCOMING = "01MERGEH" + BAD
DEVICE = "dev" + BAD
TABLE = "sync" + BAD

EMOJI = "👩\u200d💻"
PERSIAN = "می\u200cخواهم"
TITLES = {
    OPEN: "pay \u202eevil.exe\u202c now 中文标题",
    DROP: "Zh\u200bao's \u2067isolated\u2069 note",
    SNOOZE: f"{EMOJI} code review",
    WAIT: f"{PERSIAN} \u200fRTL mark",
    WAITING: "\ufeffhidden start \u2060word joiner",
    OLD: "closed long ago \u202d override",
}
STAMP = "2026-11-20T01:00:00Z"
# What must never be printed raw: controls (but the line break between lines), bidi, invisible characters.
HIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200c\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def hidden(text: str) -> list[str]:
    """The characters in ``text`` a terminal would obey or hide (a joiner doing visible work is fine)."""
    text = text.replace(EMOJI, "").replace(PERSIAN, "")
    return sorted({f"U+{ord(c):04X}" for c in HIDDEN.findall(text)} | ({"U+200D"} if "\u200d" in text else set()))


def record(title: str, **fields) -> dict:
    base = {"title": title, "notes": "", "kind": "task", "important": True, "urgent": False, "due": None,
            "category": None, "assignee": None, "source": None, "status": "open", "effort": None,
            "created": STAMP, "updated": STAMP, "done_at": None, "taken_at": None, "snoozed_until": None,
            "waiting_on": None, "follow_up": None, "deferrals": 0}
    return base | fields


def keys_text(items: dict[str, dict], devices: dict[str, str] | None = None) -> str:
    """A data file as another machine wrote it (one record per line), keys and all."""
    meta = {"chief": {"schema": 2, "database_id": "01DB0000000000000000000000", "devices": devices or {}}}
    team = {MEMBER: {"name": "Zh\u202eoah \u200b", "role": "", "capacity": 2400, "categories": [], "away": False}}
    tables = {"items": items, "meta": meta, "team": team, TABLE: {BAD: {"x": 1}}}
    parts = []
    for name, rows in tables.items():
        body = ",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in rows.items())
        parts.append(f"{json.dumps(name)}: {{\n{body}\n}}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def seed_items() -> dict[str, dict]:
    return {
        OPEN: record(TITLES[OPEN], assignee=MEMBER),
        DROP: record(TITLES[DROP], source="Zh\u200bao"),
        SNOOZE: record(TITLES[SNOOZE]),
        WAIT: record(TITLES[WAIT]),
        WAITING: record(TITLES[WAITING], status="waiting", waiting_on="\u202eiL", follow_up="2026-11-30T01:00:00Z"),
        OLD: record(TITLES[OLD], status="done", done_at="2026-10-01T01:00:00Z", updated="2026-10-01T01:00:00Z"),
    }


@pytest.fixture
def keyed_file(data_file: Path) -> Path:
    data_file.parent.mkdir(parents=True, exist_ok=True)
    data_file.write_text(keys_text(seed_items(), {DEVICE: "001795571772438-000000-dev"}), encoding="utf-8")
    os.chmod(data_file, 0o600)
    return data_file


def test_the_one_escaper_decides():
    """The choices, in one place: what is shown as an escape and what is left as written."""
    from chief.store.reports.printable import inert_json, printable, printable_lines

    assert printable("a\u202eb\u2066c\u200bd\ufeffe\u200ef\u061cg") == "a\\u202eb\\u2066c\\u200bd\\ufeffe\\u200ef\\u061cg"
    assert printable("中文标题，没有变化") == "中文标题，没有变化"
    assert printable(EMOJI + " 👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈") == EMOJI + " 👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈"
    assert printable(PERSIAN) == PERSIAN and printable("क्\u200dष") == "क्\u200dष"
    assert printable("Zh\u200dao") == "Zh\\u200dao"  # joins nothing: it only hides a difference
    assert printable("张\u200d三") == "张\\u200d三" and printable("\u200d👩") == "\\u200d👩"
    assert printable("caf\udce9") == "caf\\xe9" and printable("x\ud800") == "x\\ud800"
    assert printable_lines("a\nb\u2028c\u202e") == "a\nb\nc\\u202e"
    for text in [BAD, *TITLES.values(), "caf\udce9"]:
        shown = inert_json(json.dumps(text, ensure_ascii=False))
        assert json.loads(shown) == text and hidden(shown) == []


def _check(out: str, findings: list[str], where: str) -> None:
    found = hidden(out)
    if found:
        findings.append(f"{where}: {found}")


COMMANDS = [
    (["list"], "01OPENA" + CUT), (["list", "--all"], "01OLDF" + CUT), (["list", "--json"], None), (["waiting"], "01WAITINGE"),
    (["waiting", "--json"], None), (["team", "list"], "\\u202e"), (["team", "list", "--json"], None),
    (["done", "01OPENA"], "01OPENA" + SHOWN), (["drop", "01DROPB"], "01DROPB" + SHOWN),
    (["snooze", "01SNOOZEC", "mon", "9:00"], "01SNOOZEC" + SHOWN), (["wait", "01WAITD", "Li"], "01WAITD" + SHOWN),
    (["resume", "01WAITINGE"], "01WAITINGE" + SHOWN), (["archive"], "archived 1 item(s)"),
    (["list", "--archived"], "01OLDF" + CUT), (["list", "--archived", "--json"], None),
    (["merge", "{other}"], "01MERGEH" + SHOWN), (["export"], None), (["export", "--all", "--format", "md"], "中文标题"),
    (["export", "--all", "--format", "ics"], "UID:01OPENA\\\\x1b]0"),
    (["stats", "--week"], None), (["review"], None), (["brief"], None), (["doctor"], "dev"),
    (["forget-device", DEVICE], None),
]


def test_every_command_shows_keys_and_hidden_characters_inert(keyed_file, run_chief, tmp_path, report):
    other = tmp_path / "other.json"
    other.write_text(keys_text({**seed_items(), INCOMING: record("came from afar \u202e")}), encoding="utf-8")
    findings: list[str] = []
    for argv, shown in COMMANDS:
        args = [a.format(other=other) for a in argv]
        result = run_chief(*args)
        where = "chief " + " ".join(argv[:3])
        assert "Traceback" not in result.stderr, (where, result.stderr)
        assert result.returncode in (0, 1), (where, result.stderr)  # doctor says 1 about the odd table/device
        _check(result.stdout, findings, where + " (stdout)")
        _check(result.stderr, findings, where + " (stderr)")
        if shown is not None and shown not in result.stdout:
            findings.append(f"{where}: {shown!r} not shown in {result.stdout[:300]!r}")
        if "--json" in argv or argv == ["export"]:
            rows = json.loads(result.stdout)
            exact = {row.get("id"): row.get("title", row.get("name")) for row in rows}
            wanted = {MEMBER: "Zh\u202eoah \u200b"} if argv[0] == "team" else {k: v for k, v in TITLES.items() if k in exact}
            if not wanted or any(exact[k] != v for k, v in wanted.items()):
                findings.append(f"{where}: JSON does not carry the ids and titles exactly")
    report("inert keys: commands on a file whose keys hold escapes", commands=len(COMMANDS),
           with_findings=len(findings))
    assert findings == [], "\n".join(findings)
    saved = keyed_file.read_text(encoding="utf-8")
    assert controls(saved, allow="\n") == [], "the file keeps every control character escaped"
    assert json.loads(saved)[TABLE] == {BAD: {"x": 1}}, "the unknown table and its key survive as they came"


@pytest.mark.parametrize("suffix", [".ics", ".md", ".csv", ".json"])
def test_export_files_keep_keys_inert(keyed_file, run_chief, tmp_path, suffix):
    """iCalendar's UID and Markdown are for people: inert. CSV and JSON files keep the data exact, as for titles."""
    out = tmp_path / f"out{suffix}"
    result = run_chief("export", "--all", "--output", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_bytes().decode("utf-8-sig")
    if suffix in (".ics", ".md"):
        assert hidden(text.replace("\r\n", "\n")) == []
    if suffix == ".ics":
        assert "UID:01OPENA\\\\x1b]0" in text.replace("\r\n ", "")  # the escape shown, its backslash escaped
    if suffix == ".json":
        assert hidden(text) == [] and {row["id"] for row in json.loads(text)} >= set(TITLES)
    if suffix == ".csv":  # read back exactly, so that an import of it changes nothing
        assert OPEN in text and result.stdout.count("\n") == 1 and hidden(result.stdout) == []


def test_csv_to_a_terminal_is_inert(keyed_file, env):
    """``chief export --format csv`` on a terminal (a pseudo-terminal here) escapes ids like titles."""
    leader, follower = pty.openpty()
    tty.setraw(follower)  # the bytes as written: no CR added before each LF
    try:
        proc = subprocess.run([sys.executable, "-m", "chief.tui", "export", "--all", "--format", "csv"], env=env,
                              stdout=follower, stderr=subprocess.PIPE, timeout=60)
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the writer is gone and everything is read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    out = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert proc.returncode == 0, proc.stderr
    assert "01OPENA" + SHOWN in out
    assert hidden(out) == []


def _screen_hidden(app) -> list[str]:
    return hidden("".join(segment_texts(app)))


async def test_the_dashboard_shows_keys_and_hidden_characters_inert(keyed_file, local_state, frozen_time, report):
    conflict = keyed_file.with_name("chief (\x1b]0;pwn\x07\u202e conflicted copy).json")
    conflict.write_text("{ not json", encoding="utf-8")  # a damaged copy a peer synced: named in a toast
    app = ChiefApp(Desk(keyed_file), remember_theme=False)
    findings: list[str] = []
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        await until(pilot, lambda: bool(app._notifications), timeout=5)
        await pilot.pause(0.3)
        toasts = [n.message for n in app._notifications]
        shown = ""
        for where, item_id in (("rows, detail strip on the open item", OPEN), ("detail strip, waiting", WAITING),
                               ("detail strip, emoji", SNOOZE), ("detail strip, Persian", WAIT)):
            app.dashboard.focus_item(item_id)
            app.clear_notifications()  # toasts lie over the detail strip: the strip itself is read here
            await pilot.pause()
            if _screen_hidden(app):
                findings.append(f"{where}: {_screen_hidden(app)}")
            shown += screen_text(app)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen is not app.dashboard, timeout=5)
        await pilot.press(*"pay")
        await pilot.pause(0.5)  # the palette searches in the background
        if _screen_hidden(app):
            findings.append(f"palette: {_screen_hidden(app)}")
        palette = screen_text(app)
        await pilot.press("escape")
        app.dashboard.focus_item(DROP)
        await pilot.pause()
        app.typeahead.typed_in_field(None, float("-inf"))  # a pause after typing: "d" is a board key, not typed ahead
        await pilot.press("d")  # a toast quoting the title
        await pilot.pause(0.3)
        if _screen_hidden(app):
            findings.append(f"toast after done: {_screen_hidden(app)}")
        running = app.is_running
    report("inert keys: dashboard", screens=7, toasts=len(toasts), with_findings=len(findings))
    assert running
    assert findings == [], "\n".join(findings)
    assert any("\\x1b]0;pwn\\x07\\u202e conflicted copy" in t for t in toasts), toasts
    assert "\\u202eevil.exe\\u202c" in shown and "中文标题" in shown and EMOJI in shown
    assert "\\u202eevil.exe" in palette
