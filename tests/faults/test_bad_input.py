"""Bad config and bad command-line input: one clear line, exit status 2, the data file untouched.

tests/cli/test_cli.py covers the common cases (an unknown member, an unreadable
file, one bad config value, a TOML syntax error...). This covers the rest:
every config key with bad values (the test fails if a key is added without
a case here), unknown keys, TOML that is not TOML, a config that cannot be
read, the dashboard's own checks (theme, keymap), and every command with bad
arguments, ids, WHEN, members, files to merge or restore, devices, including
input with control characters and newlines (the message must still be one
line, with nothing raw a terminal would act on).

Every case: exit status 2, nothing on stdout, exactly one line on stderr
starting with "chief: ", no raw control character in it, and the data file
and its folder byte for byte as before.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from faults.faultkit import controls, mode_bits_bind, without_dac_override
from chief.store.domain import config
from chief.store.desk import Desk
from chief.store.datafile.storage import read_file, serialize

BAD_RECORD = "01BADRECORD000000000000000"
ESC = "\x1b]0;pwned\x07\x1b[2J"


@pytest.fixture
def office(data_file: Path, env: dict, monkeypatch) -> dict[str, str]:
    """A data file with a member, open/done items, a backup and a bad record, made with the desk in-process."""
    monkeypatch.setenv("CHIEF_STATE_DIR", env["CHIEF_STATE_DIR"])
    monkeypatch.setenv("CHIEF_NOW", env["CHIEF_NOW"])
    monkeypatch.setenv("CHIEF_TZ", env["CHIEF_TZ"])
    desk = Desk(data_file)
    ids = {"open": desk.capture("the one item")[0].id}  # the next save keeps a backup of this file
    ids["done"] = desk.capture("finished item")[0].id
    desk.done(ids["done"])
    desk.team_add("Li Na")
    data, _ = read_file(data_file)
    data["items"][BAD_RECORD] = {"title": 7}  # from another machine: kept, set aside
    data_file.write_text(serialize(data), encoding="utf-8")
    return ids


def folder_state(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.is_file() and not p.name.startswith(".~lock.")}


def run(argv: list[str], env: dict, *, preexec=None, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chief.tui", *argv], env=env, text=True, encoding="utf-8",
                          errors="surrogateescape", capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout,
                          preexec_fn=preexec)


def check_refusal(result: subprocess.CompletedProcess, pattern: str | None, **names: Path) -> str:
    """Exit 2, one line on stderr starting with "chief: ", nothing raw, nothing on stdout; the line."""
    assert result.returncode == 2, (result.returncode, result.stdout[-300:], result.stderr[-600:])
    assert result.stdout == ""
    assert controls(result.stderr, allow="\n") == [], f"raw control characters on stderr: {result.stderr!r}"
    lines = result.stderr.split("\n")
    assert len(lines) == 2 and lines[1] == "", f"not exactly one line: {result.stderr!r}"
    assert lines[0].startswith("chief: "), lines[0]
    if pattern is not None:
        expected = pattern.format(**{k: re.escape(str(v)) for k, v in names.items()})
        assert re.fullmatch(expected, lines[0][len("chief: "):]), lines[0]
    return lines[0]


# the config ------------------------------------------------------------------------------------

MUST = r"{config}: '%s' must be .+, got .+"
CONFIG_CASES = {
    # name: (config text, what follows "chief: ")
    "language unknown": ('language = "fr"', MUST % "language"),
    "language spelled as a locale": ('language = "zh_CN"', MUST % "language"),
    "language number": ("language = 1", MUST % "language"),
    "theme empty": ('theme = ""', MUST % "theme"),
    "theme blank": ('theme = "   "', MUST % "theme"),
    "theme number": ("theme = 42", MUST % "theme"),
    "theme list": ('theme = ["chief-dark"]', MUST % "theme"),
    "categories empty": ("categories = []", MUST % "categories"),
    "categories not a list": ('categories = "documents"', MUST % "categories"),
    "categories same name twice": ('categories = ["Documents", "documents"]', MUST % "categories"),
    "categories blank name": ('categories = ["ok", "  "]', MUST % "categories"),
    "categories numbers": ("categories = [1, 2]", MUST % "categories"),
    "horizon_days negative": ("horizon_days = -1", MUST % "horizon_days"),
    "horizon_days too many": ("horizon_days = 31", MUST % "horizon_days"),
    "horizon_days fraction": ("horizon_days = 1.5", MUST % "horizon_days"),
    "horizon_days boolean": ("horizon_days = true", MUST % "horizon_days"),
    "working_hours backwards": ('working_hours = "18:00-09:00"', MUST % "working_hours"),
    "working_hours empty day": ('working_hours = "09:00-09:00"', MUST % "working_hours"),
    "working_hours no range": ('working_hours = "09:00"', MUST % "working_hours"),
    "working_hours no such hour": ('working_hours = "25:00-26:00"', MUST % "working_hours"),
    "working_hours words": ('working_hours = "nine-five"', MUST % "working_hours"),
    "working_hours number": ("working_hours = 9", MUST % "working_hours"),
    "working_hours table": ("working_hours = {start = 9}", MUST % "working_hours"),
    "working_days no such day": ('working_days = "mon-funday"', MUST % "working_days"),
    "working_days open range": ('working_days = "mon-"', MUST % "working_days"),
    "working_days empty": ('working_days = ""', MUST % "working_days"),
    "working_days number": ("working_days = 5", MUST % "working_days"),
    "working_days list of numbers": ("working_days = [1, 2]", MUST % "working_days"),
    "default_effort zero": ("default_effort = 0", MUST % "default_effort"),
    "default_effort over a day": ("default_effort = 1441", MUST % "default_effort"),
    "default_effort text": ('default_effort = "30"', MUST % "default_effort"),
    "default_effort fraction": ("default_effort = 30.5", MUST % "default_effort"),
    "archive_after_days zero": ("archive_after_days = 0", MUST % "archive_after_days"),
    "archive_after_days too many": ("archive_after_days = 3651", MUST % "archive_after_days"),
    "archive_after_days text": ('archive_after_days = "14"', MUST % "archive_after_days"),
    "language unknown": ('language = "fr"', MUST % "language"),
    "language number": ("language = 1", MUST % "language"),
    "calendar unknown": ('calendar = "us"', MUST % "calendar"),
    "calendar boolean": ("calendar = true", MUST % "calendar"),
    "holidays not a list": ('holidays = "2026-10-08"', MUST % "holidays"),
    "holidays no such date": ('holidays = ["2026-02-30"]', MUST % "holidays"),
    "holidays a moment": ("holidays = [2026-10-08T09:00:00]", MUST % "holidays"),
    "workdays numbers": ("workdays = [20261010]", MUST % "workdays"),
    "workdays also a holiday": ('holidays = ["2026-10-10"]\nworkdays = [2026-10-10]',
                                r"{config}: 2026-10-10 is in both 'holidays' and 'workdays'"),
    "private_categories not a list": ('private_categories = "confidential"', MUST % "private_categories"),
    "private_categories no such category": ('private_categories = ["secret"]',
                                            r"{config}: 'private_categories' names 'secret', which is not a category .+"),
    "procedures not a table": ("procedures = 3", MUST % "procedures"),
    "procedures steps a number": ("[procedures.x]\nsteps = 5", MUST % r"procedures\.x"),
    "procedures step a number": ("[procedures.x]\nsteps = [42]", MUST % r"procedures\.x"),
    "procedures bad offset": ('[procedures.x]\nsteps = [{text = "a", offset = "zz"}]', MUST % r"procedures\.x"),
    "procedures no such category": ('[procedures.x]\ncategory = "nope"\nsteps = ["a"]',
                                    r"{config}: procedure 'x' names the category 'nope', which is not a category .+"),
    "keymap text": ('keymap = "d"', MUST % "keymap"),
    "keymap number value": ("[keymap]\ndone = 1", MUST % "keymap"),
    "keymap nested table": ("[keymap.done]\nkey = \"d\"", MUST % "keymap"),
    "unknown key": ('colour = "red"\nhorizon_days = 2', r"{config}: unknown key 'colour' \(known: .+\)"),
    "unknown table": ("[extra]\nx = 1", r"{config}: unknown key 'extra' \(known: .+\)"),
    "key with escapes": (f'"{ESC}" = 1'.replace("\x1b", "\\u001b").replace("\x07", "\\u0007"),
                         r"{config}: unknown key .+ \(known: .+\)"),
    "toml key twice": ("horizon_days = 1\nhorizon_days = 2", r"{config}: not valid TOML \(.+\)"),
    "toml unterminated string": ('theme = "chief-dark', r"{config}: not valid TOML \(.+\)"),
    "toml not utf-8": (b"theme = \"\xff\xfe\"\n", r"{config}: not valid TOML \(.+\)"),
    "toml binary garbage": (b"\x00\x01\x02\x89PNG", r"{config}: not valid TOML \(.+\)"),
}
DASHBOARD_CONFIG = {
    # checked when the dashboard opens (the command line does not use them)
    "theme unknown": ('theme = "nosuch"', r"config: 'theme' must be one of .+, got 'nosuch'"),
    "keymap unknown binding": ('[keymap]\nnosuch = "z"', r".*\[keymap\].*'nosuch'.*"),
    "keymap not a key": ('[keymap]\ndone = "banana"', r".*'banana'.*"),
    "keymap key taken twice": ('[keymap]\ndone = "q"', r".*'q'.*"),
    "keymap empty keys": ('[keymap]\ndone = ""', r".*done.*"),
}


def test_every_config_key_has_bad_values_here():
    keys = set(getattr(config, "_KEYS", {}))
    assert keys, "chief.store.domain.config._KEYS moved: update this test"
    covered = {name.split()[0] for name in CONFIG_CASES}
    assert keys <= covered, f"config keys without a bad-value case: {sorted(keys - covered)}"


def _write_config(env: dict, text: str | bytes) -> None:
    Path(env["CHIEF_CONFIG"]).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


@pytest.mark.parametrize("case", list(CONFIG_CASES))
def test_bad_config(office, env, data_file, case):
    text, pattern = CONFIG_CASES[case]
    _write_config(env, text)
    before = folder_state(data_file)
    argvs = [["add", "x"], ["list"], []] if case.startswith(("theme", "toml", "unknown")) else [["add", "x"]]
    for argv in argvs:  # [] is the dashboard: refused before the screen opens
        check_refusal(run(argv, env), pattern, config=env["CHIEF_CONFIG"])
        assert folder_state(data_file) == before


@pytest.mark.parametrize("case", list(DASHBOARD_CONFIG))
def test_bad_dashboard_config(office, env, data_file, case):
    text, pattern = DASHBOARD_CONFIG[case]
    _write_config(env, text)
    before = folder_state(data_file)
    check_refusal(run([], env, timeout=20), pattern, config=env["CHIEF_CONFIG"])
    assert folder_state(data_file) == before


def test_a_config_that_cannot_be_read(office, env, data_file, tmp_path):
    before = folder_state(data_file)
    folder = tmp_path / "config-folder"
    folder.mkdir()
    as_file = tmp_path / "a-file"
    as_file.write_text("")
    cases = [(folder, r"{config}: cannot read \(Is a directory\)"),
             (as_file / "config.toml", r"{config}: cannot read \(Not a directory\)")]
    for path, pattern in cases:
        for argv in (["add", "x"], ["list"], []):
            check_refusal(run(argv, {**env, "CHIEF_CONFIG": str(path)}), pattern, config=path)
    assert folder_state(data_file) == before


def test_a_config_without_read_permission(office, env, data_file, tmp_path):
    if not mode_bits_bind(tmp_path / "probe"):
        pytest.skip("chmod 000 does not stop this user (root, and CAP_DAC_OVERRIDE cannot be dropped here)")
    _write_config(env, "horizon_days = 2\n")
    os.chmod(env["CHIEF_CONFIG"], 0)
    before = folder_state(data_file)
    for argv in (["add", "x"], ["list"]):
        check_refusal(run(argv, env, preexec=without_dac_override), r"{config}: cannot read \(Permission denied\)",
                      config=env["CHIEF_CONFIG"])
    assert folder_state(data_file) == before


# the command line ------------------------------------------------------------------------------

CAPACITY = r"capacity must be between 0 and 168 hours a week, got .+"
WHEN = r"cannot understand the time '%s'.*"
CLI_CASES = {
    # name: (argv, what follows "chief: "); {open} {done} {other} {garbage} {empty} {folder} are filled in
    "team add capacity negative": (["team", "add", "Zhao", "--capacity", "-5"], CAPACITY),
    "team add capacity too many": (["team", "add", "Zhao", "--capacity", "169"], CAPACITY),
    "team add capacity nan": (["team", "add", "Zhao", "--capacity", "nan"], CAPACITY),
    "team add capacity inf": (["team", "add", "Zhao", "--capacity", "inf"], CAPACITY),
    "team add capacity overflow": (["team", "add", "Zhao", "--capacity", "1e309"], CAPACITY),
    "team add capacity words": (["team", "add", "Zhao", "--capacity", "lots"],
                                r"argument --capacity: invalid float value: 'lots' .+"),
    "team add blank name": (["team", "add", "   "], r"the member's name is empty"),
    "team add unknown category": (["team", "add", "Zhao", "--category", "nosuch"], r"unknown category 'nosuch' .+"),
    "team add role missing": (["team", "add", "Zhao", "--role"], r"argument --role: expected one argument .+"),
    "team add same name": (["team", "add", "LI NA"], r"there is already a member named 'Li Na'"),
    "team bad subcommand": (["team", "fire", "Li"], r"argument COMMAND: invalid choice: 'fire' .+"),
    "done empty id": (["done", ""], r"no item id given"),
    "done blank id": (["done", "   "], r"no item id given"),
    "done a bad record": (["done", BAD_RECORD[:6]], r"item %s cannot be read \(.+\); see 'chief doctor'" % BAD_RECORD),
    "done twice by prefix": (["done", "{done}"], r"'finished item' is already done"),
    "done two ids": (["done", "{open}", "{done}"], r"unrecognized arguments: .+"),
    "done id with a newline": (["done", "ab\ncd"], r"no item with id .+"),
    "done id with escapes": (["done", ESC], r"no item with id .+"),
    "drop a done item": (["drop", "{done}"], r"'finished item' is already done"),
    "resume an item on the board": (["resume", "{open}"], r"'.+' is neither waiting nor snoozed: it is on the board already"),
    "snooze no time": (["snooze", "{open}"], r"the following arguments are required: WHEN .+"),
    "snooze a bad time": (["snooze", "{open}", "next", "blursday"], WHEN % "next blursday"),
    "snooze into the past": (["snooze", "{open}", "2020-01-01"], r"cannot snooze until .+: that is not in the future"),
    "snooze time with escapes": (["snooze", "{open}", f"tomor{ESC}row"], r"cannot understand the time .+"),
    "wait on nobody": (["wait", "{open}", "  "], r"say who the item is waiting for"),
    "wait follow-up in the past": (["wait", "{open}", "主任", "--follow-up", "2020-01-01"],
                                   r"cannot follow up .+: that is not in the future"),
    "wait both follow-up choices": (["wait", "{open}", "主任", "--follow-up", "fri", "--no-follow-up"],
                                    r"argument --no-follow-up: not allowed with argument --follow-up .+"),
    "add nothing": (["add", ""], r"the title is empty"),
    "add only marks": (["add", "* ! ~30m"], r"the title is empty"),
    "add no such date": (["add", "x ^2026-02-30"], WHEN % "2026-02-30"),
    "add no such hour": (["add", "x ^25:00"], WHEN % "25:00"),
    "add year zero": (["add", "x ^0000-01-01"], WHEN % "0000-01-01"),
    "add too far away": (["add", "x ^in 99999999d"], WHEN % "99999999d"),
    "add empty due": (["add", "x due:"], r"missing due time after 'due:' .+"),
    "add caret alone": (["add", "x ^"], r"missing due time after '\^' .+"),
    "add two due times": (["add", "x ^fri ^mon"], r"more than one due time: .+"),
    "add zero effort": (["add", "x ~0m"], r"cannot understand the effort '~0m' .+"),
    "add empty member": (["add", "x @"], r"missing assignee after '@' .+"),
    "add empty category": (["add", "x #"], r"missing category after '#' .+"),
    "add empty source": (["add", "x from:"], r"missing source after 'from:' .+"),
    "add member with escapes": (["add", f"x @{ESC}"], r"unknown member .+"),
    "add when with escapes": (["add", f"x ^tomor{ESC}row"], r"cannot understand the time .+"),
    "add when with a newline": (["add", "x", "due:tomor\nrow"], r"cannot understand the time .+"),
    "interrupt only marks": (["interrupt", "* !"], r"the title is empty"),
    "interrupt unknown member": (["interrupt", "x @zhao"], r"unknown member 'zhao' .+"),
    "list extra word": (["list", "foo"], r"'foo': name a member as @NAME \(or use --assignee NAME\)"),
    "list unknown option": (["list", "--json", "--frob"], r"unrecognized arguments: --frob .+"),
    "archive extra word": (["archive", "now"], r"unrecognized arguments: now .+"),
    "merge missing file": (["merge", "{other}"], r"no file at {other}"),
    "merge a folder": (["merge", "{folder}"], r"{folder} is a directory, not a data file"),
    "merge garbage": (["merge", "{garbage}"], r"{garbage} is not valid JSON \(line 1: [^)]+\)(; nothing was changed)?"),
    "merge empty file": (["merge", "{empty}"], r"{empty} is empty(; nothing was changed)?"),
    "merge JSON that is not a database": (["merge", "{notdb}"],
                                          r"{notdb} is JSON but not a Chief database \([^)]+\)(; nothing was changed)?"),
    "merge newer schema": (["merge", "{newer}"], r"{newer} was written by a newer Chief .+"),
    "restore missing backup": (["doctor", "--restore", "{other}"], r"no backup at {other}"),
    "restore a folder": (["doctor", "--restore", "{folder}"], r"{folder} is a directory, not a data file"),
    "restore empty backup": (["doctor", "--restore", "{empty}"], r"{empty} is empty(; nothing was changed)?"),
    "restore garbage backup": (["doctor", "--restore", "{garbage}"],
                               r"{garbage} is not valid JSON \(line 1: [^)]+\)(; nothing was changed)?"),
    "forget unknown device": (["forget-device", "nosuch"], r"no device 'nosuch' in this file \(see 'chief doctor'\)"),
    "forget device with a newline": (["forget-device", "a\nb"], r"no device .+ in this file \(see 'chief doctor'\)"),
    "merge-driver missing sides": (["merge-driver", "{other}", "{other}", "{other}"], r".+"),
    "file is a folder": (["--file", "{folder}", "list"], r"{folder} is a directory, not a data file"),
    "unknown command with escapes": ([f"frob{ESC}"], r"argument COMMAND: invalid choice: .+"),
}


@pytest.mark.parametrize("case", list(CLI_CASES))
def test_bad_command_line(office, env, data_file, tmp_path, case):
    argv, pattern = CLI_CASES[case]
    files = {"other": tmp_path / "nope.json", "folder": tmp_path / "a-folder", "garbage": tmp_path / "garbage.json",
             "empty": tmp_path / "empty.json", "notdb": tmp_path / "list.json", "newer": tmp_path / "newer.json"}
    files["folder"].mkdir()
    files["garbage"].write_bytes(b"garbage, not json\n")
    files["empty"].write_bytes(b"")
    files["notdb"].write_text("[1, 2]\n")
    files["newer"].write_text('{"meta": {"chief": {"schema": 99}}, "items": {}}\n')
    before = folder_state(data_file)
    result = run([a.format(**files, **office) for a in argv], env)
    check_refusal(result, pattern, config=env["CHIEF_CONFIG"], **files)
    assert folder_state(data_file) == before
