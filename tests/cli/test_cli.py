"""The ``chief`` command as a user runs it: ``main(argv)`` on temp files, frozen time.

Most tests call ``main`` in this process (``run_main``); a few run a real
``python -m chief.tui`` (``run_chief``) for what only a process shows: the
installed entry point and the capture path's quick exit (``_exit_now``).

Every problem must end as exit status 2, exactly one line on stderr starting
with "chief: ", and the data file byte-for-byte as it was.
"""

from __future__ import annotations

import json
import os
import re
import stat

import pytest

from conftest import FROZEN_STAMP
from chief.store.datafile.storage import backup_dir, list_backups, read_file

ID = r"[0-9A-HJKMNP-TV-Z]{26}"


def added_id(result) -> str:
    assert result.returncode == 0, result.stderr
    match = re.match(rf"({ID})  ", result.stdout)
    assert match, result.stdout
    return match.group(1)


def items_of(path) -> dict:
    data, _ = read_file(path)
    return data["items"]


# help and version ---------------------------------------------------------------


def test_version_has_one_source(run_chief):
    """`chief --version` and the installed package's metadata both read store/version.py."""
    from importlib.metadata import version

    from chief.store.version import __version__

    result = run_chief("--version", check=True)
    assert result.stdout == f"chief {__version__}\n"
    assert version("chief-triage") == __version__


@pytest.mark.parametrize(
    "argv",
    [[], ["add"], ["interrupt"], ["list"], ["done"], ["dashboard"], ["demo"], ["doctor"], ["team"],
     ["team", "add"], ["team", "list"]],
    ids=lambda a: " ".join(a) or "chief",
)
def test_help_of_every_command(run_main, data_file, argv):
    result = run_main(*argv, "--help", check=True)
    assert result.stdout.startswith("usage: chief")
    assert result.stderr == ""
    assert not data_file.exists()


def test_main_help_lists_every_command(run_main):
    out = run_main("--help", check=True).stdout
    for name in ("add", "interrupt", "list", "done", "dashboard", "demo", "doctor", "team"):
        assert re.search(rf"^\s+{name}\s", out, re.MULTILINE), name


# capture --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line",
    [
        ("call Li ^tomorrow 9:30", "Delegate: call Li  (due Thu 26 Nov 2026 09:30 (in 23h))"),
        ("plain thing", "Inbox: plain thing"),
        ("* report", "Schedule: report"),
        ("* ! fire", "Do now: fire"),
        ("x ^fri", "Later: x  (due Fri 27 Nov 2026, all day (in 2d))"),
        ("x ^eod", "Delegate: x  (due Wed 25 Nov 2026 18:00 (in 8h))"),
    ],
)
def test_add_prints_id_landing_and_due(run_main, data_file, text, line):
    result = run_main("add", text)
    item_id = added_id(result)
    assert result.stdout == f"{item_id}  {line}\n"
    assert result.stderr == ""
    assert list(items_of(data_file)) == [item_id]


def test_add_with_every_mark(run_main, data_file):
    run_main("team", "add", "张伟", "--capacity", "30", check=True)
    result = run_main("add", "*", "起草报告", "^fri", "@张", "#doc", "~1h30m", "from:主任")
    item_id = added_id(result)
    assert result.stdout == (
        f"{item_id}  Schedule: 起草报告  (due Fri 27 Nov 2026, all day (in 2d), @张伟, #documents, ~1h30m, from 主任)\n"
    )
    saved = items_of(data_file)[item_id]
    assert (saved["title"], saved["due"], saved["effort"], saved["source"], saved["created"]) == (
        "起草报告", "2026-11-27", 90, "主任", FROZEN_STAMP)


def test_add_shows_control_characters_escaped(run_chief, data_file):
    result = run_chief("add", "evil \x1b[2J title")
    item_id = added_id(result)
    assert result.stdout == f"{item_id}  Inbox: evil \\x1b[2J title\n"
    assert items_of(data_file)[item_id]["title"] == "evil \x1b[2J title"  # stored as typed


def test_interrupt(run_chief, data_file):
    result = run_chief("interrupt", "phone", "from:boss")
    item_id = added_id(result)
    assert result.stdout == f"{item_id}  Interrupts: phone  (from boss)\n"
    saved = items_of(data_file)[item_id]
    assert (saved["kind"], saved["status"], saved["taken_at"]) == ("interrupt", "open", None)


def test_data_file_is_created_private_in_a_new_directory(run_main, tmp_path, env):
    path = tmp_path / "not" / "yet" / "there" / "chief.json"
    env = {**env, "CHIEF_FILE": str(path)}
    run_main("add", "first", env=env, check=True)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) & 0o077 == 0
    assert [r["title"] for r in items_of(path).values()] == ["first"]


def test_file_option_wins_over_the_environment(run_main, tmp_path, data_file):
    other = tmp_path / "other.json"
    run_main("add", "x", "--file", str(other), check=True)
    run_main("--file", str(other), "add", "y", check=True)
    assert sorted(r["title"] for r in items_of(other).values()) == ["x", "y"]
    assert not data_file.exists()


# listing ------------------------------------------------------------------------------


@pytest.fixture
def populated(run_main, data_file):
    """A team of one and five items; returns their ids by title."""
    run_main("team", "add", "张伟", "--capacity", "30", "--role", "clerk", check=True)
    captures = [
        ("plain thing", "add", "plain thing"),
        ("起草报告", "add", "* ! 起草报告 ^tomorrow @张伟 #documents ~30m"),
        ("urgent one", "add", "! urgent one"),
        ("to finish", "add", "to finish"),
        ("to drop", "add", "to drop"),
        ("phone", "interrupt", "phone"),
    ]
    return {title: added_id(run_main(command, text)) for title, command, text in captures}


def test_list(run_main, populated):
    out = run_main("list", check=True).stdout
    assert out.splitlines()[0] == "Interrupts"
    assert [line for line in out.splitlines() if line and not line.startswith(" ")] == [
        "Interrupts", "Do now", "Delegate", "Inbox"]
    assert f"  {populated['起草报告'][:10]}  tomorrow         @张伟       #documents      起草报告  [steps 0/6]\n" in out
    for title in ("plain thing", "urgent one", "to finish", "to drop", "phone"):
        assert re.search(rf"^  {populated[title][:10]}  .*{title}$", out, re.MULTILINE), title


def test_list_on_a_missing_file_creates_nothing(run_main, data_file):
    result = run_main("list", check=True)
    assert result.stdout == 'No items yet: capture one with  chief add "..."\n'
    assert not data_file.exists() and not data_file.parent.exists()


def test_done_by_prefix_and_list_all(run_main, desk, data_file, populated):
    result = run_main("done", populated["to finish"][:12].lower())
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{populated['to finish']}  done: to finish\n"
    desk.drop(populated["to drop"])
    open_titles = {row["title"] for row in json.loads(run_main("list", "--json", check=True).stdout)}
    assert open_titles == {"plain thing", "起草报告", "urgent one", "phone"}
    rows = json.loads(run_main("list", "--json", "--all", check=True).stdout)
    assert {row["title"]: row["status"] for row in rows} == {
        "plain thing": "inbox", "起草报告": "open", "urgent one": "open", "to finish": "done",
        "to drop": "dropped", "phone": "open"}
    text = run_main("list", "--all", check=True).stdout
    assert "\nDone\n" in text and "\nDropped\n" in text


def test_list_json_fields(run_main, populated):
    rows = json.loads(run_main("list", "--json", check=True).stdout)
    by_title = {row["title"]: row for row in rows}
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)  # oldest first
    report = by_title["起草报告"]
    assert {k: report[k] for k in ("id", "title", "kind", "status", "quadrant", "important", "urgent", "due",
                                   "assignee", "category", "effort", "reason")} == {
        "id": populated["起草报告"], "title": "起草报告", "kind": "task", "status": "open", "quadrant": 1,
        "important": True, "urgent": True, "due": "2026-11-26", "assignee": "张伟", "category": "documents",
        "effort": 30, "reason": "Do now: important, urgent (marked urgent)",
    }
    assert report["assignee_id"] != "张伟" and len(report["assignee_id"]) == 26
    inbox = by_title["plain thing"]
    assert (inbox["quadrant"], inbox["status"], inbox["assignee"], inbox["due"], inbox["effort"]) == (
        None, "inbox", None, None, None)
    assert (by_title["urgent one"]["quadrant"], by_title["urgent one"]["urgent"]) == (3, True)
    assert (by_title["phone"]["kind"], by_title["phone"]["quadrant"]) == ("interrupt", 3)


def test_list_warns_about_unreadable_records(run_main, data_file, populated):
    data, _ = read_file(data_file)
    data["items"]["01BAD00000000000000000000Z"] = {"title": 42}
    from chief.store.datafile.storage import serialize

    data_file.write_text(serialize(data), encoding="utf-8")
    result = run_main("list", "--json")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 6
    assert result.stderr == (
        "chief: warning: set aside unreadable record items 01BAD00000000000000000000Z: title has the wrong type "
        "(int) (kept in the file; see 'chief doctor')\n")


# the team ---------------------------------------------------------------------------------


def test_team_add_and_list(run_main, data_file):
    result = run_main("team", "add", "张伟", "--capacity", "30", "--role", "clerk")
    assert result.returncode == 0, result.stderr
    member_id = re.match(rf"({ID})  added 张伟 \(30h a week\)\n$", result.stdout).group(1)
    run_main("team", "add", "Li", "Na", "--category", "rec", check=True)
    run_main("add", "* x @张伟 ~3h", check=True)
    run_main("add", "* y @张伟 ^2026-11-20", check=True)  # overdue, default effort 30m
    rows = json.loads(run_main("team", "list", "--json", check=True).stdout)
    assert rows == [  # most loaded first
        {"id": member_id, "name": "张伟", "role": "clerk", "capacity_hours": 30.0, "categories": [],
         "away": False, "away_until": None, "away_reason": "", "open": 2, "overdue": 1, "waiting": 0, "snoozed": 0,
         "load_percent": 12, "open_effort_minutes": 210},
        {"id": rows[1]["id"], "name": "Li Na", "role": "", "capacity_hours": 40.0, "categories": ["reception"],
         "away": False, "away_until": None, "away_reason": "", "open": 0, "overdue": 0, "waiting": 0, "snoozed": 0,
         "load_percent": 0, "open_effort_minutes": 0},
    ]
    text = run_main("team", "list", check=True).stdout.splitlines()
    assert text == [
        f"{member_id[:10]}  张伟              clerk           30h    12%  2 open, 1 overdue",
        f"{rows[1]['id'][:10]}  Li Na                             40h     0%  0 open",
    ]


def test_team_list_empty(run_main):
    assert run_main("team", "list", check=True).stdout == (
        "No team members yet: add one with  chief team add NAME --capacity HOURS\n")
    assert json.loads(run_main("team", "list", "--json", check=True).stdout) == []


# the doctor --------------------------------------------------------------------------------


def test_doctor_on_a_good_file(run_main, data_file, populated):
    result = run_main("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"data file: {data_file}"
    assert re.fullmatch(rf"  \d+ bytes, mode 0600, schema 2, database {ID}", lines[1])
    assert lines[2] == "  items: 3 inbox, 3 open"
    assert lines[3] == "  team: 1 members"
    device = (data_file.parent.parent / "state" / "device-id").read_text().strip()
    assert re.fullmatch(rf"  device {device}: last saved \d{{4}}-\d\d-\d\d \d\d:\d\d", lines[4])
    assert lines[5] == "  OK"
    assert lines[6] == f"backups ({backup_dir(data_file)}), newest first:"


def test_doctor_on_a_missing_file(run_main, data_file):
    result = run_main("doctor")
    assert result.returncode == 0
    assert "  does not exist yet: it is created by the first capture\n" in result.stdout
    assert not data_file.exists()


def test_doctor_on_a_corrupt_file(run_main, data_file, populated):
    data_file.write_bytes(data_file.read_bytes()[:100])
    before = data_file.read_bytes()
    result = run_main("doctor")
    assert result.returncode == 1
    assert f"  PROBLEM: {data_file} is not valid JSON (line " in result.stdout
    assert "restore a good backup with: chief doctor --restore BACKUP" in result.stdout
    good = [p for p in list_backups(data_file)]
    assert good and f"  {good[0]}  (good, " in result.stdout
    assert data_file.read_bytes() == before


def test_doctor_names_unreadable_records(run_main, data_file, populated):
    data, _ = read_file(data_file)
    data["items"]["01BAD00000000000000000000Z"] = {"title": 42}
    from chief.store.datafile.storage import serialize

    data_file.write_text(serialize(data), encoding="utf-8")
    result = run_main("doctor")
    assert result.returncode == 1
    assert ("  unreadable record, set aside and kept in the file: items 01BAD00000000000000000000Z: "
            "title has the wrong type (int)\n") in result.stdout


def test_doctor_restore_keeps_the_replaced_file_aside(run_main, data_file):
    first = added_id(run_main("add", "first"))
    run_main("add", "second", check=True)  # this save keeps a backup of the one-item file
    [backup] = list_backups(data_file)
    good = backup.read_bytes()
    garbage = b"\x00\x01 not json at all"
    data_file.write_bytes(garbage)
    result = run_main("doctor", "--restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert data_file.read_bytes() == good
    assert list(items_of(data_file)) == [first]
    assert stat.S_IMODE(os.stat(data_file).st_mode) == 0o600
    kept = [p for p in list_backups(data_file) if ".replaced" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert result.stdout == f"restored {backup} to {data_file}; the file it replaced is kept at {kept[0]}\n"
    assert run_main("list", "--json", check=True).stdout.count('"title"') == 1


def test_doctor_refuses_to_restore_a_bad_backup(run_main, data_file, tmp_path):
    run_main("add", "first", check=True)
    before = data_file.read_bytes()
    bad = tmp_path / "bad-backup.json"
    bad.write_text("{ nope")
    result = run_main("doctor", "--restore", str(bad))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"chief: {bad} is not valid JSON")
    assert data_file.read_bytes() == before


# bad input: exit 2, one line, file unchanged ---------------------------------------------------


def _two_items(run, env):
    run("add", "second item", check=True)


def _team_li(run, env):
    run("team", "add", "Li Na", check=True)
    run("team", "add", "Li Wei", check=True)


def _write(content: bytes):
    def setup(run, env):
        with open(env["CHIEF_FILE"], "wb") as handle:
            handle.write(content)
    return setup


def _truncate(run, env):
    path = env["CHIEF_FILE"]
    with open(path, "rb") as handle:
        content = handle.read()
    with open(path, "wb") as handle:
        handle.write(content[: len(content) // 2])


def _newer_schema(run, env):
    from chief.store.datafile.storage import serialize

    data, _ = read_file(env["CHIEF_FILE"])
    data["meta"]["chief"]["schema"] = 99
    with open(env["CHIEF_FILE"], "w", encoding="utf-8") as handle:
        handle.write(serialize(data))


def _chmod(mode):
    def setup(run, env):
        os.chmod(env["CHIEF_FILE"], mode)
    return setup


def _bad_config(run, env):
    with open(env["CHIEF_CONFIG"], "w") as handle:
        handle.write('horizon_days = "x"\n')


BAD_INPUT = {
    # name: (setup, argv, the one line on stderr as a regex after "chief: ")
    "empty title": (None, ["add", "* !"], r"the title is empty"),
    "unknown member": (_team_li, ["add", "x @zhao"], r"unknown member 'zhao' \(choices: Li Na, Li Wei\)"),
    "unknown member, no team": (None, ["add", "x @zhao"], r"unknown member 'zhao' \(.+\)"),
    "ambiguous member": (_team_li, ["add", "x @li"], r"ambiguous member 'li' \(matches: Li Na, Li Wei\)"),
    "unknown category": (None, ["add", "x #nosuch"],
                         r"unknown category 'nosuch' \(choices: confidential, daily affairs, documents, logistics, "
                         r"reception\)"),
    "unparseable when": (None, ["add", "x ^blorp"], r"cannot understand the time 'blorp' \(try: .+\)"),
    "bad effort": (None, ["add", "x ~lots"], r"cannot understand the effort '~lots' .+"),
    "unknown id": (None, ["done", "ZZZZ"], r"no item with id 'ZZZZ', nor an open item with it in its title"),
    "ambiguous id": (_two_items, ["done", "0"], r"ambiguous item id '0' \(matches: .+, .+\)"),
    "newer schema": (_newer_schema, ["add", "x"],
                     r"{path} was written by a newer Chief \(schema 99, this one knows 2\): upgrade Chief to use it"),
    "read-only file": (_chmod(0o400), ["add", "x"],
                       r"{path} is read-only: nothing was saved \(chmod u\+w to allow changes\)"),
    "unreadable file": (_chmod(0o000), ["add", "x"], r"cannot read {path}: permission denied"),
    "unreadable file, list": (_chmod(0o000), ["list"], r"cannot read {path}: permission denied"),
    "unknown command": (None, ["frobnicate"], r"argument COMMAND: invalid choice: 'frobnicate' .+"),
    "bad option": (None, ["add", "--frob", "x"], r"unrecognized arguments: --frob .+"),
    "bad option value": (None, ["team", "add", "x", "--capacity", "lots"],
                         r"argument --capacity: invalid float value: 'lots' \(see 'chief team add --help'\)"),
    "bad capacity": (None, ["team", "add", "x", "--capacity", "168.5"],
                     r"capacity must be between 0 and 168 hours a week, got 168.5"),
    "duplicate member": (_team_li, ["team", "add", "li na"], r"there is already a member named 'Li Na'"),
    "missing argument": (None, ["done"], r"the following arguments are required: ID \(see 'chief done --help'\)"),
    "bad config": (_bad_config, ["add", "x"],
                   r"{config}: 'horizon_days' must be a whole number of days from 0 to 30, got 'x'"),
    "bad config, list": (_bad_config, ["list"], r"{config}: 'horizon_days' must be .+"),
}


def _check_one_line_error(result, pattern: str, env: dict) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stderr.endswith("\n")
    assert lines[0].startswith("chief: ")
    expected = pattern.format(path=re.escape(env["CHIEF_FILE"]), config=re.escape(env["CHIEF_CONFIG"]))
    assert re.fullmatch(expected, lines[0][len("chief: "):]), lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input(run_main, env, data_file, case):
    setup, argv, pattern = BAD_INPUT[case]
    run_main("add", "the one item", check=True)
    if setup:
        setup(run_main, env)
    before = data_file.read_bytes()
    before_mode = os.stat(data_file).st_mode
    result = run_main(*argv)
    _check_one_line_error(result, pattern, env)
    assert data_file.read_bytes() == before
    assert os.stat(data_file).st_mode == before_mode


def test_done_twice(run_main, env, data_file):
    item_id = added_id(run_main("add", "once"))
    run_main("done", item_id, check=True)
    before = data_file.read_bytes()
    _check_one_line_error(run_main("done", item_id), r"'once' is already done", env)
    assert data_file.read_bytes() == before


BROKEN_FILES = {
    "garbage": _write(b"\x89PNG\r\n\x1a\n garbage \xff\xfe"),
    "not json": _write(b"hello, this is not a database\n"),
    "truncated": _truncate,
    "empty": _write(b""),
}
BROKEN_MESSAGES = {
    "garbage": r"{path} is not UTF-8 text \(byte \d+\)",
    "not json": r"{path} is not valid JSON \(line 1: .+\)",
    "truncated": r"{path} is not valid JSON \(line \d+: .+\)",
    "empty": r"{path} is empty",
}


@pytest.mark.parametrize("with_backup", [True, False], ids=["with backup", "no backup"])
@pytest.mark.parametrize("argv", [["add", "x"], ["list"], ["done", "0"]], ids=lambda a: a[0])
@pytest.mark.parametrize("broken", list(BROKEN_FILES))
def test_broken_file_names_the_newest_good_backup(run_main, env, data_file, broken, argv, with_backup):
    run_main("add", "the one item", check=True)
    good = None
    if with_backup:
        run_main("add", "a second item", check=True)  # keeps a backup of the one-item file
        [good] = list_backups(data_file)
    BROKEN_FILES[broken](run_main, env)
    before = data_file.read_bytes()
    result = run_main(*argv)
    if good:
        tail = re.escape(f"; nothing was changed. Newest good backup: {good} "
                         f"(restore it: chief doctor --restore '{good}')")
    else:
        tail = re.escape("; nothing was changed, and there is no backup to restore")
    _check_one_line_error(result, BROKEN_MESSAGES[broken] + tail, env)
    assert data_file.read_bytes() == before
    assert list_backups(data_file) == ([good] if good else [])


def test_toml_syntax_error_in_config(run_main, env, data_file):
    with open(env["CHIEF_CONFIG"], "w") as handle:
        handle.write("horizon_days = \n")
    result = run_main("add", "x")
    _check_one_line_error(result, r"{config}: not valid TOML \(.+\)", env)
    assert not data_file.exists()


def test_unknown_config_key(run_main, env):
    with open(env["CHIEF_CONFIG"], "w") as handle:
        handle.write("colour = 'red'\n")
    _check_one_line_error(run_main("list"), r"{config}: unknown key 'colour' \(known: .+\)", env)


def test_config_is_used(run_main, env, data_file):
    with open(env["CHIEF_CONFIG"], "w") as handle:
        handle.write('horizon_days = 2\nworking_hours = "08:30-17:00"\n')
    result = run_main("add", "x ^fri")
    assert result.stdout.endswith("  Delegate: x  (due Fri 27 Nov 2026, all day (in 2d))\n")  # within 2 days
    result = run_main("add", "y ^eod")
    assert result.stdout.endswith("  Delegate: y  (due Wed 25 Nov 2026 17:00 (in 7h))\n")


@pytest.mark.parametrize("command", [["brief"], ["stats"], ["review"], ["export"], ["export", "--format", "md"]])
def test_reports_from_a_missing_file_are_refused(run_main, data_file, tmp_path, command):
    """A mistyped --file must not give the leaders an empty brief: one line, exit 2, nothing created."""
    result = run_main("--file", str(tmp_path / "typo.json"), *command)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"chief: no data file at {tmp_path / 'typo.json'}: nothing to report (check --file or $CHIEF_FILE)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state"] or not (tmp_path / "typo.json").exists()


def test_snooze_wait_resume_and_drop_from_a_script(run_main, data_file, env):
    """The decisions the dashboard makes in one key, for scripts: each says what it did, in local time."""
    item = run_main("add", "* 起草通知 ^today 15:00", check=True).stdout.split()[0]
    duty = run_main("add", "交班会 every:weekday at 9:00", check=True).stdout.split()[0]
    said = run_main("snooze", item[:12], "tomorrow", check=True).stdout
    assert said == f"{item}  snoozed until Thu 26 Nov 09:00 (1x): 起草通知 (but it is due today 15:00, and comes back then)\n"
    said = run_main("wait", item[:12], "办公厅", "王主任", check=True).stdout  # two working days on: Friday
    assert said.startswith(f"{item}  waiting on 办公厅 王主任, follow up Fri 27 Nov 09:00: 起草通知")
    assert run_main("wait", item[:12], "主任", "--follow-up", "mon", "10:00", check=True).stdout.startswith(
        f"{item}  waiting on 主任, follow up Mon 30 Nov 10:00")
    saved = read_file(data_file)[0]["items"][item]
    assert (saved["status"], saved["waiting_on"], saved["follow_up"]) == ("waiting", "主任", "2026-11-30T02:00:00Z")
    assert run_main("resume", item[:12], check=True).stdout == f"{item}  back on the board: 起草通知\n"
    before = data_file.read_bytes()
    for argv, message in [
        (("resume", item[:12]), "is neither waiting nor snoozed: it is on the board already"),
        (("wait", item[:12], "主任", "--follow-up", "2020-01-01"), "that is not in the future"),
        (("snooze", item[:12], "next blursday"), "cannot understand"),
        (("snooze", "ZZZZ", "tomorrow"), "no item with id 'ZZZZ'"),
    ]:
        result = run_main(*argv)
        assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert data_file.read_bytes() == before
    assert run_main("drop", duty[:12], check=True).stdout == f"{duty}  dropped: 交班会; the next one is due fri 9:00\n"


def test_list_and_waiting_say_put_away_times_in_local_time(run_main):
    later = run_main("add", "* 审核简报", check=True).stdout.split()[0]
    run_main("snooze", later, "fri", "14:00", check=True)
    assert "审核简报  [snoozed until Fri 27 Nov 14:00, snoozed 1x]" in run_main("list", check=True).stdout
    item = run_main("add", "* 回电话给周先生", check=True).stdout.split()[0]
    run_main("wait", item, "周先生", "--follow-up", "mon", check=True)
    run_main("snooze", item, "fri", "14:00", check=True)
    waiting = run_main("waiting", check=True).stdout
    assert "snoozed until Fri 27 Nov 14:00" in waiting and "UTC" not in waiting


def test_only_the_named_subcommand_is_built(run_main):
    """chief add builds one subcommand's parser; help and mistakes still see them all."""
    from chief.tui.cli import build_parser, command_named

    assert command_named(["--file", "x.json", "--config=c.toml", "add", "--file", "y"]) == "add"
    assert command_named(["--help"]) is None and command_named([]) is None
    assert list(build_parser(only="add")._subparsers._group_actions[0].choices) == ["add"]
    assert "snooze" in run_main("--help", check=True).stdout
    assert run_main("add", "--help", check=True).stdout.startswith("usage: chief add")
    assert "invalid choice: 'ad'" in run_main("ad", "x").stderr


def test_the_dashboard_builds_no_parser(run_main, monkeypatch, tmp_path):
    """`chief` and `chief --file F --config C` open the dashboard without building a parser (start-up); --help builds all."""
    from chief.tui.cli import dashboard, parser
    from chief.tui.cli.parser import opens_dashboard

    assert opens_dashboard([]) and opens_dashboard(["--file", "x.json", "--config=c.toml"])
    assert not opens_dashboard(["--file"]) and not opens_dashboard(["--help"]) and not opens_dashboard(["--file", "x", "-v"])
    built: list[str | None] = []
    real = parser.groups_for
    monkeypatch.setattr(parser, "groups_for", lambda only: built.append(only) or real(only))
    opened: list[object] = []
    monkeypatch.setitem(dashboard.HANDLERS, None, lambda args: opened.append(args.file) or 0)
    assert run_main("--file", str(tmp_path / "d.json")).returncode == 0
    assert built == [] and opened == [str(tmp_path / "d.json")]
    assert "snooze" in run_main("--file", str(tmp_path / "d.json"), "--help", check=True).stdout
    assert "expected one argument" in run_main("--file").stderr


def test_list_all_shows_each_closed_group_once_and_whole_due_times(run_main):
    for text in ["first ^tomorrow 18:00", "second", "third"]:
        run_main("add", text, check=True)
    ids = [line.split()[0] for line in run_main("list", check=True).stdout.splitlines() if line.startswith("  ")]
    run_main("done", ids[1], check=True)
    run_main("drop", ids[2], check=True)
    run_main("add", "fourth", check=True)
    run_main("done", [l.split()[0] for l in run_main("list", check=True).stdout.splitlines() if "fourth" in l][0], check=True)
    listing = run_main("list", "--all", check=True).stdout
    headings = [line for line in listing.splitlines() if line and not line.startswith(" ")]
    assert headings.count("Done") == 1 and headings.count("Dropped") == 1, listing
    assert "tomorrow 18:00" in listing


@pytest.mark.parametrize("name, value, said", [
    ("CHIEF_NOW", "garbage", "chief: CHIEF_NOW is not a time: 'garbage' (e.g. 2026-12-02T09:00)\n"),
    ("CHIEF_NOW", "2026-13-01", "chief: CHIEF_NOW is not a time: '2026-13-01' (e.g. 2026-12-02T09:00)\n"),
    ("CHIEF_NOW", "P1D", "chief: CHIEF_NOW is not a time: 'P1D' (e.g. 2026-12-02T09:00)\n"),
    ("CHIEF_NOW", "\x1b[31mred", "chief: CHIEF_NOW is not a time: '\\x1b[31mred' (e.g. 2026-12-02T09:00)\n"),
    ("CHIEF_TZ", "Mars/Base", "chief: CHIEF_TZ is not a time zone: 'Mars/Base' (e.g. Asia/Shanghai)\n"),
    ("CHIEF_TZ", "../../etc/passwd", "chief: CHIEF_TZ is not a time zone: '../../etc/passwd' (e.g. Asia/Shanghai)\n"),
])
@pytest.mark.parametrize("argv", [("list",), ("add", "call back ^fri 15:00"), ("add", "call back")])
def test_a_bad_clock_setting_is_one_line_and_changes_nothing(run_main, env, data_file, name, value, said, argv):
    """CHIEF_NOW and CHIEF_TZ are settings like any other: a bad one is said, never a traceback."""
    run_main("add", "before", check=True)
    before = data_file.read_bytes()
    result = run_main(*argv, env={**env, name: value})
    assert (result.returncode, result.stdout, result.stderr) == (2, "", said)
    assert data_file.read_bytes() == before


def test_a_bad_clock_setting_is_said_in_chinese(run_main, env):
    result = run_main("list", env={**env, "CHIEF_NOW": "明天", "CHIEF_LANG": "zh"})
    assert result.stderr == "chief: CHIEF_NOW 不是一个时间：'明天'（例如 2026-12-02T09:00）\n"


@pytest.mark.parametrize("lang, said", [("en", "chief: /data/chief.json: Input/output error\n"),
                                        ("zh", "chief: /data/chief.json：输入输出错误\n")])
def test_a_disk_error_no_command_foresaw_is_one_line(run_main, env, monkeypatch, lang, said):
    """Whatever the disk says in the middle of a command reaches the user as one line, exit 2, no traceback."""
    import errno

    from chief.tui.cli import run

    def failing(_args):
        raise OSError(errno.EIO, os.strerror(errno.EIO), "/data/chief.json")

    monkeypatch.setattr(run, "handler_for", lambda _command: failing)
    result = run_main("list", env={**env, "CHIEF_LANG": lang})
    assert (result.returncode, result.stdout, result.stderr) == (2, "", said)
