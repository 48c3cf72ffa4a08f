"""Export (JSON, CSV, Markdown, iCalendar) and import (Taskwarrior, Chief's CSV).

The CLI runs through ``main(argv)`` on temp files with the frozen clock; assertions are
on the data file. A bad file must end as one line on stderr, exit status 2, and
the data file byte-for-byte as it was.
"""

from __future__ import annotations

import csv
from chief.store.structs import replace
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FROZEN_STAMP, FROZEN_TZ
from chief.store.desk import Desk
from chief.store.exchange.export import COLUMNS, csv_value, export_csv, export_md
from chief.store.datafile.storage import read_file

HOSTILE = '=HYPERLINK("http://x"), "quoted"; a,b \x1b[2J\x07 tab\tcr\r\nnext line * _ [l](u) <b> \x9b'
CHINESE = "起草年度工作总结报告"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # any raw control character but \t and \n


def items_of(path: Path) -> dict:
    data, _ = read_file(path)
    return {key: {k: v for k, v in record.items() if k != "_stamps"} for key, record in data["items"].items()}


def one_line_error(result, *needles: str) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("chief: ") and result.stderr.count("\n") == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    return result.stderr


@pytest.fixture
def state(tmp_path, monkeypatch):
    """In-process desks use the same private state dir as the commands."""
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture
def filled(desk, state, data_file):
    """A member, and items in every state: Chinese, hostile, timed, done, dropped; ids by name."""
    from chief.store.domain import wallclock
    from chief.store.domain.quickadd import parse_capture
    from chief.store.domain.when import parse_when

    member = desk.team_add("张伟", capacity_hours=30)
    ids = {}
    ids["report"] = desk.capture(f"* ! {CHINESE} ^fri @张伟 #documents ~1h30m from:主任")[0].id
    ids["call"] = desk.capture("call Li ^tomorrow 15:00 #reception")[0].id
    ids["phone"] = desk.capture("phone from:boss", kind="interrupt")[0].id
    hostile = desk.add(replace(parse_capture("placeholder", wallclock.now()), title=HOSTILE))[0]
    ids["hostile"] = desk.edit(hostile.id, {"notes": "line one\n- not a list\n\x1b]0;pwned\x07 # heading?"}).id
    ids["done"] = desk.done(desk.capture("* finished thing")[0].id).id
    ids["dropped"] = desk.drop(desk.capture("dropped thing")[0].id).id
    ids["waiting"] = desk.capture("* wait for the leader")[0].id
    desk.wait(ids["waiting"], "主任", parse_when("mon", wallclock.now()))
    ids["member"] = member.id
    return ids


# export ------------------------------------------------------------------------------


def test_export_json_is_list_json(run_main, filled):
    for extra in ([], ["--all"]):
        exported = run_main("export", "--format", "json", *extra, check=True).stdout
        assert exported == run_main("list", "--json", *extra, check=True).stdout
    rows = json.loads(run_main("export", "--format", "json", check=True).stdout)
    assert {r["id"] for r in rows} == {filled[k] for k in ("report", "call", "phone", "hostile", "waiting")}
    assert next(r for r in rows if r["id"] == filled["hostile"])["title"] == HOSTILE
    assert not CONTROL.search(exported)  # JSON escapes them


def read_csv_text(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(rows[0], (csv_value(c) for c in row))) for row in rows[1:]]


def test_export_csv(run_main, filled, data_file, tmp_path):
    out = tmp_path / "out" / "items.csv"
    out.parent.mkdir()
    result = run_main("export", "--all", "--output", str(out), check=True)  # the format from the name
    assert result.stdout == f"exported 7 item(s) as csv to {out}\n"
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode()) and raw.count(b"\r\n") >= 8  # a BOM for Excel; RFC 4180 lines
    rows = {r["id"]: r for r in read_csv_text(raw.decode("utf-8"))}
    stored = items_of(data_file)
    assert list(rows) == sorted(stored, key=lambda k: (stored[k]["created"], k))
    report = rows[filled["report"]]
    assert {k: report[k] for k in ("title", "status", "important", "urgent", "due", "category", "assignee",
                                   "assignee_id", "source", "effort_minutes", "created")} == {
        "title": CHINESE, "status": "open", "important": "yes", "urgent": "yes", "due": "2026-11-27",
        "category": "documents", "assignee": "张伟", "assignee_id": filled["member"], "source": "主任",
        "effort_minutes": "90", "created": FROZEN_STAMP}
    assert rows[filled["call"]]["due"] == "2026-11-26T07:00:00Z"  # 15:00 in Shanghai, stored UTC
    assert rows[filled["hostile"]]["title"] == HOSTILE  # kept exactly, commas, quotes, newlines and all
    assert rows[filled["done"]]["done_at"] == FROZEN_STAMP
    assert rows[filled["waiting"]]["waiting_on"] == "主任"
    # a formula never reaches a spreadsheet as one
    assert f'{filled["hostile"]},"\'=HYPERLINK(' in raw.decode("utf-8")
    open_only = read_csv_text(run_main("export", "--format", "csv", check=True).stdout)
    assert {r["status"] for r in open_only} == {"open", "inbox", "waiting"}


def test_csv_for_a_terminal_shows_controls_as_escapes(desk, state, filled):
    text = export_csv(desk.board(), desk.board().items.values(), for_terminal=True)
    assert not CONTROL.search(text.replace("\r\n", "\n"))
    assert "\\x1b[2J" in text


def test_export_md(run_main, filled):
    text = run_main("export", "--format", "md", "--all", check=True).stdout
    assert not CONTROL.search(text)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Chief: all items", "## Interrupts (1)", "## Do now (1)", "## Delegate (1)", "## Inbox (1)",
                        "## Waiting for (1)", "## Done (1)", "## Dropped (1)"]
    assert f"- {CHINESE} — due Fri 27 Nov 2026, all day (in 2d), @张伟, #documents, ~1h30m, from 主任" in text
    hostile = next(line for line in text.splitlines() if "HYPERLINK" in line)
    assert hostile.startswith("- \\=HYPERLINK") and "\\\\x1b\\[2J" in hostile and "\\[l\\](u) \\<b\\>" in hostile
    assert "  \\- not a list" in text and "\\\\x1b\\]0;pwned\\\\x07 \\# heading?" in text  # notes cannot start blocks
    assert "- wait for the leader — waiting on 主任 until Mon 30 Nov 2026 09:00" in text
    open_only = run_main("export", "--format", "md", check=True).stdout
    assert "## Done" not in open_only and "# Chief: open items" in open_only


def test_export_ics_parses_back(run_main, filled):
    from icalendar import Calendar

    raw = run_main("export", "--format", "ics", "--all", check=True).stdout
    assert not CONTROL.search(raw.replace("\r\n", "\n"))
    calendar = Calendar.from_ical(raw)
    assert str(calendar["version"]) == "2.0"
    todos = {str(t["uid"]): t for t in calendar.walk("VTODO")}
    assert set(todos) == {f"{filled[k]}@chief" for k in ("report", "call", "phone", "hostile", "done", "dropped", "waiting")}
    report = todos[f"{filled['report']}@chief"]
    assert str(report["summary"]) == CHINESE
    assert report["due"].dt == dt.date(2026, 11, 27) and not isinstance(report["due"].dt, dt.datetime)
    assert (str(report["status"]), int(report["priority"]), [str(c) for c in report["categories"].cats]) == (
        "NEEDS-ACTION", 1, ["documents"])
    assert report["created"].dt == report["dtstamp"].dt == dt.datetime(2026, 11, 25, 2, tzinfo=dt.timezone.utc)
    assert "Assigned to: 张伟" in str(report["description"]) and "From: 主任" in str(report["description"])
    call = todos[f"{filled['call']}@chief"]
    assert call["due"].dt == dt.datetime(2026, 11, 26, 7, tzinfo=dt.timezone.utc)
    assert int(call["priority"]) == 5  # urgent (due tomorrow), not important: Delegate
    done = todos[f"{filled['done']}@chief"]
    assert (str(done["status"]), done["completed"].dt, int(done["percent-complete"])) == (
        "COMPLETED", dt.datetime(2026, 11, 25, 2, tzinfo=dt.timezone.utc), 100)
    assert str(todos[f"{filled['dropped']}@chief"]["status"]) == "CANCELLED"
    assert "priority" not in todos[f"{filled['hostile']}@chief"]  # the inbox: not triaged, no priority
    hostile = str(todos[f"{filled['hostile']}@chief"]["summary"])
    assert hostile.startswith('=HYPERLINK("http://x"), "quoted"; a,b \\x1b[2J\\x07') and "\n" not in hostile
    # the same items give the same file: nothing in it depends on when it was exported
    assert run_main("export", "--format", "ics", "--all", check=True).stdout == raw


def test_export_refuses_to_write_over_the_data_file(run_main, filled, data_file):
    before = data_file.read_bytes()
    one_line_error(run_main("export", "--format", "csv", "--output", str(data_file)), "is the data file itself")
    assert data_file.read_bytes() == before


# Chief's CSV back in ---------------------------------------------------------------------


def test_csv_round_trip_into_an_empty_file_and_again(run_main, filled, data_file, env, tmp_path):
    out = tmp_path / "all.csv"
    run_main("export", "--all", "--format", "csv", "--output", str(out), check=True)
    fresh = tmp_path / "fresh" / "chief.json"
    other = {**env, "CHIEF_FILE": str(fresh)}
    result = run_main("import", str(out), env=other, check=True)
    assert result.stdout.splitlines()[0] == f"added team member 张伟 ({filled['member']})"
    assert result.stdout.splitlines()[-1] == f"imported 7 new item(s) from {out} (csv); 0 already here, left as they are"
    assert items_of(fresh) == items_of(data_file)  # every field of every item, ids too
    data, _ = read_file(fresh)
    assert [m["name"] for m in data["team"].values()] == ["张伟"] and list(data["team"]) == [filled["member"]]
    before = fresh.read_bytes()
    again = run_main("import", str(out), env=other, check=True)
    assert again.stdout == f"imported 0 new item(s) from {out} (csv); 7 already here, left as they are\n"
    assert fresh.read_bytes() == before
    # and into the file it came from: nothing changes there either
    before = data_file.read_bytes()
    run_main("import", str(out), check=True)
    assert data_file.read_bytes() == before


def test_csv_written_by_hand(run_main, data_file, tmp_path):
    """Only a title column is needed; names find members; rows without ids still import once."""
    run_main("team", "add", "张伟", check=True)
    path = tmp_path / "hand.csv"
    path.write_text("Title,Important,Due,Assignee\n"
                    "写材料,yes,2026-12-01 14:00,张伟\n"
                    "'=1+1,,,\n"
                    "\n"
                    "third,no,2026-12-02,新同事\n", encoding="utf-8")
    run_main("import", str(path), check=True)
    items = {r["title"]: r for r in items_of(data_file).values()}
    data, _ = read_file(data_file)
    members = {m["name"]: k for k, m in data["team"].items()}
    assert set(members) == {"张伟", "新同事"}
    assert (items["写材料"]["important"], items["写材料"]["due"], items["写材料"]["status"],
            items["写材料"]["assignee"]) == (True, "2026-12-01T06:00:00Z", "open", members["张伟"])
    assert (items["=1+1"]["status"], items["=1+1"]["created"]) == ("inbox", FROZEN_STAMP)
    assert items["third"]["assignee"] == members["新同事"]
    before = data_file.read_bytes()
    run_main("import", str(path), check=True)
    assert data_file.read_bytes() == before


# Taskwarrior --------------------------------------------------------------------------------


@pytest.mark.external
def test_taskwarrior_real_export(run_main, data_file, env, tmp_path):
    task = shutil.which("task")
    if task is None:
        pytest.skip("taskwarrior is not installed (apt-get install taskwarrior)")
    rc = tmp_path / "taskrc"
    rc.write_text("", encoding="utf-8")
    tw_env = {**env, "TASKRC": str(rc), "TASKDATA": str(tmp_path / "task"), "TZ": FROZEN_TZ}

    def tw(*args: str) -> str:
        result = subprocess.run([task, "rc.confirmation=off", "rc.verbose=nothing", "rc.hooks=off", "rc.json.array=on",
                                 *args], env=tw_env, text=True, capture_output=True, timeout=30)
        assert result.returncode == 0, result.stderr
        return result.stdout

    tw("add", CHINESE, "due:2026-12-01", "priority:H", "project:Documents", "+report", "+年度")
    tw("+LATEST", "annotate", "主任要求周五前初稿")
    tw("add", "call Li", "due:2026-11-26T15:30", "priority:M")
    tw("add", "sort the mail")
    tw("add", "finished thing", "project:logistics")
    tw("+LATEST", "done")
    tw("add", "deleted thing")
    tw("+LATEST", "delete")
    export = tmp_path / "tasks.json"
    export.write_text(tw("export"), encoding="utf-8")
    tasks = {t["description"]: t for t in json.loads(export.read_text(encoding="utf-8"))}
    assert len(tasks) == 5

    result = run_main("import", str(export), check=True)
    assert result.stdout.splitlines()[-1] == (
        f"imported 5 new item(s) from {export} (taskwarrior); 0 already here, left as they are")
    items = {r["title"]: r for r in items_of(data_file).values()}
    assert set(items) == set(tasks)
    report = items[CHINESE]
    assert (report["due"], report["important"], report["category"], report["status"]) == (
        "2026-12-01", True, "documents", "open")  # a local midnight is a whole day; the configured spelling
    assert report["notes"].splitlines()[1:] == ["tags: +report +年度"]
    assert report["notes"].splitlines()[0].endswith(" 主任要求周五前初稿")
    assert report["taskwarrior"] == {"uuid": tasks[CHINESE]["uuid"], "tags": ["report", "年度"]}
    assert report["created"] == dt.datetime.strptime(tasks[CHINESE]["entry"], "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (items["call Li"]["due"], items["call Li"]["important"], items["call Li"]["status"]) == (
        "2026-11-26T07:30:00Z", False, "open")
    assert items["sort the mail"]["status"] == "inbox"  # nothing said where it belongs
    assert (items["finished thing"]["status"], items["finished thing"]["category"]) == ("done", "logistics")
    assert items["finished thing"]["done_at"] == dt.datetime.strptime(
        tasks["finished thing"]["end"], "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")
    assert items["deleted thing"]["status"] == "dropped"

    before = data_file.read_bytes()
    again = run_main("import", str(export), check=True)
    assert again.stdout == f"imported 0 new item(s) from {export} (taskwarrior); 5 already here, left as they are\n"
    assert data_file.read_bytes() == before


def tw_task(uuid_tail: str, **fields) -> dict:
    return {"uuid": f"00000000-0000-4000-8000-{uuid_tail:0>12}", "entry": "20261120T010000Z",
            "modified": "20261121T010000Z", "status": "pending", **fields}


def test_taskwarrior_mapping(desk, state, data_file, tmp_path):
    from chief.store.exchange.importing import import_file

    tasks = [
        tw_task("1", description="eod due", due="20261125T155959Z"),  # 23:59:59 in Shanghai: a whole day
        tw_task("2", description="started", start="20261124T010000Z"),
        tw_task("3", description="hidden until", wait="20261201T010000Z", status="waiting"),
        tw_task("4", description="template", status="recurring", recur="weekly", due="20261130T160000Z"),
        tw_task("5", description="instance", parent="00000000-0000-4000-8000-000000000004", recur="weekly",
                due="20261130T160000Z"),
        tw_task("6", description="  \x1b[31mred\x1b[0m title  ", priority="L", project="home.garden",
                annotations=[{"entry": "20261124T200000Z", "description": "late note"}, {"description": "no date"}]),
    ]
    path = tmp_path / "tw.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    result = import_file(desk, path)
    assert (len(result.added), result.templates, result.already) == (5, 1, 0)
    items = {r["title"]: r for r in items_of(data_file).values()}
    assert items["eod due"]["due"] == "2026-11-25"
    assert items["started"]["status"] == "doing"
    assert (items["hidden until"]["status"], items["hidden until"]["snoozed_until"]) == ("inbox", "2026-12-01T01:00:00Z")
    assert items["instance"]["due"] == "2026-12-01" and "template" not in items
    red = items["\x1b[31mred\x1b[0m title"]
    assert (red["status"], red["important"], red["category"]) == ("open", False, "home.garden")
    assert red["notes"] == "2026-11-25 late note\nno date"  # the annotation's day in the local zone
    assert all(r["created"] == "2026-11-20T01:00:00Z" and r["updated"] == "2026-11-21T01:00:00Z" for r in items.values())
    # the id comes from the uuid: another machine importing the same file makes the same items
    assert set(items_of(data_file)) == {i.id for i in result.added}
    assert import_file(desk, path).already == 5
    # and the import is one undoable change
    desk.undo()
    assert desk.board().items == {}
    assert len(import_file(desk, path).added) == 5


# bad files ---------------------------------------------------------------------------------

GOOD_TASK = {"uuid": "00000000-0000-4000-8000-000000000001", "description": "fine", "status": "pending"}


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("tasks.json", json.dumps([GOOD_TASK, {**GOOD_TASK, "uuid": "00000000-0000-4000-8000-000000000002"},
                                   {**GOOD_TASK, "uuid": "00000000-0000-4000-8000-000000000003", "due": "garbage"}]),
         "tasks.json record 3: due is not a date: 'garbage'"),
        ("tasks.json", '[\n{"uuid": "x",\n "description": }\n]', "tasks.json line 3: not JSON (Expecting value)"),
        ("tasks.json", json.dumps([GOOD_TASK, {"description": "no id"}]), "tasks.json record 2: no uuid"),
        ("tasks.json", json.dumps([GOOD_TASK, GOOD_TASK]),
         "tasks.json record 2: uuid 00000000-0000-4000-8000-000000000001 appears twice (also record 1)"),
        ("tasks.json", json.dumps([{**GOOD_TASK, "description": " "}]), "record 1: description is missing or empty"),
        ("tasks.json", json.dumps([{**GOOD_TASK, "status": "zombie"}]), "record 1: unknown status 'zombie'"),
        ("tasks.json", json.dumps([{**GOOD_TASK, "tags": "notalist"}]), "record 1: tags is not a list of words"),
        ("tasks.json", json.dumps([GOOD_TASK, "just text"]), "record 2: is a str, not a task"),
        ("chief.csv", "id,title,due\n,ok,2026-12-01\n,\"two\nlines\",\n,bad,13/1/2026\n",
         "chief.csv line 5: due is not a date: '13/1/2026'"),  # the line counts the quoted line break
        ("chief.csv", "title,colour\nx,red\n", "chief.csv line 1: unknown column 'colour'"),
        ("chief.csv", "title,important\nx,maybe\n", "chief.csv line 2: important is not yes or no: 'maybe'"),
        ("chief.csv", "title,status\nx,finished\n", "chief.csv line 2: unknown status 'finished'"),
        ("chief.csv", "title,effort_minutes\nx,-5\n", "chief.csv line 2: effort_minutes is negative: -5"),
        ("chief.csv", "id,title\nnot-an-id,x\n", "chief.csv line 2: id is not a Chief id: 'not-an-id'"),
        ("chief.csv", "title\n\"open quote\n", "chief.csv line 2: not CSV"),
        ("chief.csv", "title,notes\nx,y,z\n", "chief.csv line 2: 3 cells, but the header has 2 columns"),
        ("chief.csv", "title,notes\n\x1b[2J,y\n", None),  # a control-character title is fine: see below
        ("notes.txt", "just some words\n", "notes.txt is neither a Taskwarrior export nor Chief's CSV"),
        ("empty.csv", "", "empty.csv is empty: nothing to import"),
    ],
    ids=lambda v: v[:24] if isinstance(v, str) else None,
)
def test_bad_file_changes_nothing(run_main, data_file, tmp_path, name, content, message):
    run_main("add", "already here", check=True)
    before = data_file.read_bytes()
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_main("import", str(path))
    if message is None:
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout
        assert "\x1b[2J" in {r["title"] for r in items_of(data_file).values()}
        return
    error = one_line_error(result, message)
    assert "\x1b" not in error
    assert data_file.read_bytes() == before
    assert sorted(p.name for p in data_file.parent.iterdir() if not p.name.startswith(".~")) == ["chief.json"]


def test_bad_bytes_and_missing_files(run_main, data_file, tmp_path):
    run_main("add", "already here", check=True)
    before = data_file.read_bytes()
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"title\nok\ncaf\xe9\n")
    one_line_error(run_main("import", str(latin)), "latin.csv line 3: not UTF-8 text (byte 0xe9)")
    one_line_error(run_main("import", str(tmp_path / "missing.json")), "missing.json: no such file")
    chief_data = tmp_path / "other.json"
    shutil.copy(data_file, chief_data)
    one_line_error(run_main("import", str(chief_data)), "is a Chief data file", "chief merge")
    listing = tmp_path / "list.json"
    listing.write_text(run_main("export", "--format", "json", check=True).stdout, encoding="utf-8")
    one_line_error(run_main("import", str(listing)), "looks like Chief's JSON export")
    assert data_file.read_bytes() == before


@pytest.mark.parametrize(
    "argv, message",
    [
        (["export", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["import", "x.json", "--format", "todo.txt"], "argument --format: invalid choice: 'todo.txt'"),
        (["import"], "the following arguments are required: FILE"),
    ],
)
def test_unknown_format(run_main, data_file, argv, message):
    run_main("add", "already here", check=True)
    before = data_file.read_bytes()
    one_line_error(run_main(*argv), message)
    assert data_file.read_bytes() == before


def test_help(run_main):
    for command in ("export", "import"):
        assert run_main(command, "--help", check=True).stdout.startswith(f"usage: chief {command}")


def test_md_escaping_unit(desk, state):
    desk.capture("\\# not a heading")
    desk.capture("1. not a numbered list")
    text = export_md(desk.board(), desk.board().items.values())
    assert "- \\# not a heading" in text and "- 1\\. not a numbered list" in text


def test_dangling_assignee_id_is_kept(run_main, data_file, tmp_path):
    """An item whose member is not in the team (as in the file it came from) keeps that member's id."""
    path = tmp_path / "dangling.csv"
    path.write_text("id,title,assignee_id\n01KB3000000000000000000000,x,01KB3000000000000000000001\n", encoding="utf-8")
    run_main("import", str(path), check=True)
    assert items_of(data_file)["01KB3000000000000000000000"]["assignee"] == "01KB3000000000000000000001"
    data, _ = read_file(data_file)
    assert data["team"] == {}


def test_csv_repeat_rules_are_read_or_refused(run_main, data_file, tmp_path):
    good = tmp_path / "duties.csv"
    good.write_text("title,repeat\n周会,every:mon 9:30\n值班,1st\n", encoding="utf-8")
    run_main("import", str(good), check=True)
    repeats = {i.title: i.repeat for i in Desk(data_file).board().items.values()}
    assert repeats == {"周会": "mon 9:30", "值班": "1st"}
    before = data_file.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("title,repeat\nfine,weekday\nbroken,blah blah\n", encoding="utf-8")
    result = run_main("import", str(bad))
    assert result.returncode == 2 and "line 3" in result.stderr and result.stderr.count("\n") == 1
    assert data_file.read_bytes() == before


def test_hand_made_rows_get_ids_a_prefix_can_tell_apart(run_main, data_file, tmp_path):
    rows = tmp_path / "hand.csv"
    rows.write_text("title\n" + "".join(f"事项 {n}\n" for n in range(20)), encoding="utf-8")
    run_main("import", str(rows), check=True)
    ids = list(Desk(data_file).board().items)
    assert len({i[:6] for i in ids}) == 20
    run_main("done", ids[0][:10], check=True)


def test_ics_carries_fixed_schedules_as_rrules(desk, run_main):
    import icalendar

    for text in ["晨会 every:weekday 9:00", "周报 every:fri", "月底盘点 every:31st", "值班 every:day", "浇花 every:3d-after"]:
        desk.capture(text)
    calendar = icalendar.Calendar.from_ical(run_main("export", "--format", "ics", check=True).stdout)
    rules = {str(t["summary"]): t.get("rrule") for t in calendar.walk("VTODO")}
    assert rules["晨会"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert rules["周报"].to_ical() == b"FREQ=WEEKLY;BYDAY=FR"
    assert rules["月底盘点"].to_ical() == b"FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"
    assert rules["值班"].to_ical() == b"FREQ=DAILY"
    assert rules["浇花"] is None  # "3 days after the last one" has no RRULE
    todo = next(t for t in calendar.walk("VTODO") if str(t["summary"]) == "晨会")
    assert todo.decoded("dtstart") == todo.decoded("due")


def test_a_closed_item_is_never_overdue(desk, state, run_main):
    """Done late is not overdue: list, JSON and Markdown give a closed item's due as a plain date."""
    late = desk.capture("* late report ^2026-11-20")[0]
    desk.done(late.id)
    listing = run_main("list", "--all", check=True).stdout
    row = next(line for line in listing.splitlines() if "late report" in line)
    assert "20 Nov" in row and "overdue" not in row, row
    record = next(r for r in json.loads(run_main("export", "--all", check=True).stdout) if r["id"] == late.id)
    assert record["overdue"] is False and record["status"] == "done"
    markdown = run_main("export", "--format", "md", "--all", check=True).stdout
    line = next(line for line in markdown.splitlines() if "late report" in line)
    assert "due Fri 20 Nov 2026, all day" in line and "overdue" not in line, line
    still_open = desk.capture("* open late ^2026-11-20")[0]
    assert json.loads(run_main("list", "--json", check=True).stdout)[-1]["overdue"] is True, still_open


def test_every_id_a_list_prints_works(run_main, data_file, tmp_path):
    """Tasks entered in the same second share their first ten characters: the lists print as many as tell them apart."""
    tasks = [tw_task(str(n), description=f"task {n}") for n in range(1, 6)]
    (tmp_path / "tw.json").write_text(json.dumps(tasks), encoding="utf-8")
    run_main("import", str(tmp_path / "tw.json"), check=True)
    shown = [line.split()[0] for line in run_main("list", check=True).stdout.splitlines() if "task " in line]
    assert len(shown) == 5 and len({len(s) for s in shown}) == 1 and len(shown[0]) > 10
    for prefix in shown:
        run_main("done", prefix, check=True)
    assert all(record["status"] == "done" for record in items_of(data_file).values())


def test_two_machines_importing_one_csv_make_one_member(run_main, env, tmp_path):
    """Assignees added by an import get their id from the name, so a merge joins them."""
    (tmp_path / "hand.csv").write_text("title,assignee\n起草通知,张伟\n", encoding="utf-8")
    office, laptop = tmp_path / "office.json", tmp_path / "laptop.json"
    run_main("--file", str(office), "import", str(tmp_path / "hand.csv"), check=True)
    run_main("--file", str(laptop), "import", str(tmp_path / "hand.csv"), env={**env, "CHIEF_STATE_DIR": str(tmp_path / "s2")},
              check=True)
    run_main("--file", str(office), "merge", str(laptop), check=True)
    team = json.loads(run_main("--file", str(office), "team", "list", "--json", check=True).stdout)
    assert [m["name"] for m in team] == ["张伟"]
    run_main("--file", str(office), "add", "校对 @张伟", check=True)


def test_a_csv_saved_by_a_spreadsheet(run_main, data_file, tmp_path):
    """Excel in Chinese saves dates as 2026/12/1; two rows typed alike are two items, imported once."""
    path = tmp_path / "excel.csv"
    path.write_text("\ufefftitle,due\n打印材料,2026/12/1\n打印材料,2026/12/1\n接待来访,2026/12/2 9:30\n", encoding="utf-8")
    run_main("import", str(path), check=True)
    dues = sorted((r["title"], r["due"]) for r in items_of(data_file).values())
    assert dues == [("打印材料", "2026-12-01"), ("打印材料", "2026-12-01"), ("接待来访", "2026-12-02T01:30:00Z")]
    before = data_file.read_bytes()
    run_main("import", str(path), check=True)
    assert data_file.read_bytes() == before
    path.write_text("title,due\nbad,2026/13/1\n", encoding="utf-8")
    one_line_error(run_main("import", str(path)), "line 2: due is not a date: '2026/13/1'")
    assert data_file.read_bytes() == before


def test_ics_repeats_an_early_duty_on_the_local_weekdays(desk, run_main):
    """07:30 in Shanghai is the day before in UTC: the rule is written in the office's zone, with its VTIMEZONE."""
    import icalendar
    from dateutil.rrule import rrulestr

    desk.capture("早班签到 every:weekday 7:30")
    text = run_main("export", "--format", "ics", check=True).stdout
    assert "DTSTART;TZID=Asia/Shanghai:20261126T073000" in text and "BEGIN:VTIMEZONE" in text
    todo = icalendar.Calendar.from_ical(text).walk("VTODO")[0]
    start = todo.decoded("dtstart")
    days = list(rrulestr(todo["rrule"].to_ical().decode(), dtstart=start))[:10]
    assert [(d.strftime("%a"), d.strftime("%H:%M")) for d in days][:6] == [
        ("Thu", "07:30"), ("Fri", "07:30"), ("Mon", "07:30"), ("Tue", "07:30"), ("Wed", "07:30"), ("Thu", "07:30")]
    assert all(d.weekday() < 5 for d in days)


def test_a_closed_row_without_a_closing_time_gets_one(run_main, data_file, tmp_path):
    path = tmp_path / "closed.csv"
    path.write_text("title,status,updated\n老的事,done,2026-11-20 09:00\n新的事,dropped,\n", encoding="utf-8")
    run_main("import", str(path), check=True)
    closed = {r["title"]: r["done_at"] for r in items_of(data_file).values()}
    assert closed == {"老的事": "2026-11-20T01:00:00Z", "新的事": FROZEN_STAMP}


def test_readable_exports_leave_out_a_private_categorys_notes(desk, state, run_main, data_file):
    """A Markdown list or a calendar is printed, shared and synced to servers: a confidential
    item's notes stay out of them; the CSV, Chief's own data, keeps them."""
    secret = desk.capture("密电签收 #confidential")[0]
    desk.edit(secret.id, {"notes": "密码本在三号保险柜"})
    plain = desk.capture("会议通知 #documents")[0]
    desk.edit(plain.id, {"notes": "三楼会议室"})
    for fmt in ("md", "ics"):
        text = run_main("export", "--format", fmt, check=True).stdout
        assert "密电签收" in text and "保险柜" not in text, fmt
        assert "三楼会议室" in text, fmt
    assert "三号保险柜" in run_main("export", "--format", "csv", check=True).stdout


def test_an_ics_description_speaks_the_users_language(desk, state, run_main, zh_env):
    from icalendar import Calendar

    desk.team_add("张伟")
    desk.capture("起草通知 @张伟 from:主任 ~1h")
    raw = run_main("export", "--format", "ics", env=zh_env, check=True).stdout
    [todo] = Calendar.from_ical(raw).walk("VTODO")
    assert str(todo["description"]).splitlines() == ["承办人：张伟", "来源：主任", "工作量：1h"]  # effort as quick-add writes it, in both languages
