"""Input that is not text: bytes on the command line, lone surrogates in imports.

Linux hands a program its arguments as bytes; Python decodes them as UTF-8
with surrogate escapes, so ``chief add $'caf\\xe9'`` arrives as a string that
can be neither saved nor printed. Each case runs the real ``chief`` in a
subprocess with a BYTES argv (as a shell would pass it) on a data file with
items in it, and checks: exit status 2, one line on stderr that is itself
valid UTF-8 with no control character, nothing on stdout, no traceback, and
the data file byte for byte as it was.

Every subcommand that takes text is tried: capture text (and its from:, @,
#, ^ parts), ids, WHEN, WHO, team names, roles, categories, devices, dates,
option values and the subcommand word itself.

File names are the exception, by design: a Linux path is bytes, and a file
whose name is not UTF-8 is still the user's file. ``--file``, ``--output``,
``import FILE`` and ``merge OTHER`` with such a name work, and the name is
printed with the odd byte as ``\\xe9``. ``git-setup`` refuses it in one line,
because ``.gitattributes`` is UTF-8 text.

Imports: a Taskwarrior export holding ``"\\ud800"`` (or a surrogate escape)
in any string, or a key, and a CSV holding bytes that are not UTF-8, are
refused in one line naming the record or line; the data file is unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from faults.faultkit import controls
from chief.store.desk import Desk

E9 = b"\xe9"  # Latin-1 e-acute: not UTF-8 on its own


@pytest.fixture
def seeded(data_file: Path, env, local_state, frozen_time) -> tuple[Path, dict[str, str]]:
    """A data file with a member, an open item and a waiting item; returns it and the ids."""
    desk = Desk(data_file)
    member = desk.team_add("Zhao", capacity_hours=40, role="", categories=[])
    task = desk.capture(["write", "the", "report", "#documents"])[0]
    waiting = desk.capture(["ask", "about", "budget"])[0]
    desk.wait(waiting.id, "Li", None)
    return data_file, {"member": member.id, "task": task.id, "waiting": waiting.id}


def run_bytes(env: dict[str, str], *args: bytes | str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m chief.tui ARGS`` with arguments passed as bytes, output kept as bytes."""
    argv = [os.fsencode(sys.executable), b"-m", b"tui", *(a if isinstance(a, bytes) else a.encode() for a in args)]
    return subprocess.run(argv, env=env, capture_output=True, timeout=60, cwd=cwd)


def one_clear_line(result: subprocess.CompletedProcess) -> str:
    """stderr as one UTF-8 line with no control character, or an assertion saying what is wrong."""
    err = result.stderr.decode("utf-8")  # strict: what Chief says must itself be text
    assert "Traceback" not in err, err
    assert err.startswith("chief: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert controls(err, allow="\n") == [], err
    return err


def text_cases(ids: dict[str, str]) -> list[list[bytes | str]]:
    task, waiting = ids["task"], ids["waiting"]
    return [
        ["add", b"caf" + E9],
        ["add", "buy", b"caf" + E9, "beans"],
        ["add", "x", b"from:" + E9],
        ["add", "x", b"@" + E9],
        ["add", "x", b"#" + E9],
        ["add", "x", b"^" + E9],
        ["add", "x", b"every:" + E9],
        ["interrupt", b"the boss " + E9],
        ["done", b"01" + E9],
        ["drop", b"01" + E9],
        ["resume", b"01" + E9],
        ["snooze", task, b"tomorrow" + E9],
        ["snooze", b"01" + E9, "tomorrow"],
        ["wait", task, b"Zh" + E9],
        ["wait", task, "Li", "--follow-up", b"fri" + E9],
        ["wait", b"01" + E9, "Li"],
        ["resume", waiting.encode() + E9],
        ["team", "add", b"Zh" + E9],
        ["team", "add", "Qian", "--role", b"lead" + E9],
        ["team", "add", "Sun", "--category", b"documents" + E9],
        ["team", "add", "Wu", "--capacity", b"4" + E9],
        ["forget-device", b"dev" + E9],
        ["stats", "--date", b"yesterday" + E9],
        ["brief", "--date", b"today" + E9],
        ["review", "--date", b"last week" + E9],
        ["export", "--format", b"csv" + E9],
        ["import", "x.json", "--format", b"csv" + E9],
        ["list", b"--json" + E9],
        [b"li" + E9 + b"st"],
        [b"\xff\xfe"],
        ["team", b"\xe4\xb8"],  # a Chinese character cut in half
    ]


def test_text_that_is_not_utf8_is_refused_with_one_line(seeded, env, report):
    data_file, ids = seeded
    before = data_file.read_bytes()
    cases = text_cases(ids)
    failures = []
    for case in cases:
        result = run_bytes(env, *case)
        try:
            assert result.returncode == 2, result.returncode
            one_clear_line(result)
            assert result.stdout == b"", result.stdout
            assert data_file.read_bytes() == before, "the data file changed"
        except (AssertionError, UnicodeDecodeError) as err:
            failures.append(f"{case!r}: {err}; stderr={result.stderr[-300:]!r}")
    report("not text: bytes on the command line", cases=len(cases), refused=len(cases) - len(failures),
           lost=int(data_file.read_bytes() != before))
    assert failures == [], "\n".join(failures)


def test_the_refusal_names_the_argument_and_shows_the_byte(seeded, env):
    data_file, _ = seeded
    result = run_bytes(env, "add", b"caf" + E9)
    assert result.returncode == 2
    assert one_clear_line(result) == ("chief: TEXT 'caf\\xe9' is not valid UTF-8 text: nothing was changed "
                                      "(set the terminal or the script to UTF-8)\n")
    result = run_bytes(env, "team", "add", b"Zh" + E9)
    assert "NAME 'Zh\\xe9'" in one_clear_line(result)


def test_valid_utf8_still_works(seeded, env):
    data_file, _ = seeded
    result = run_bytes(env, "add", "café", "中文", "from:王", "👩\u200d💻")
    assert result.returncode == 0, result.stderr
    assert "café 中文 👩\u200d💻" in result.stdout.decode("utf-8")
    assert "café 中文 👩\u200d💻" in data_file.read_text(encoding="utf-8")


def test_a_file_name_that_is_not_utf8_is_a_real_file(tmp_path, env, report):
    """Paths are bytes on Linux: --file, --output, import and merge accept them and print \\xNN."""
    folder = os.path.join(os.fsencode(tmp_path), b"d" + E9)
    os.mkdir(folder)
    data = os.path.join(folder, b"chief" + E9 + b".json")
    steps = [
        (["--file", data, "add", "hello", "#documents"], 0, "Inbox: hello"),
        (["--file", data, "list"], 0, "hello"),
        (["--file", data, "list", "--json"], 0, '"hello"'),
        (["--file", data, "team", "add", "Zhao"], 0, "added Zhao"),
        (["--file", data, "doctor"], 0, "d\\xe9"),
        (["--file", data, "export", "--output", os.path.join(folder, b"out" + E9 + b".csv")], 0, "out\\xe9.csv"),
        (["--file", data, "brief", "--output", os.path.join(folder, b"brief" + E9 + b".md")], 0, "brief\\xe9.md"),
        (["--file", data, "import", os.path.join(folder, b"out" + E9 + b".csv")], 0, "out\\xe9.csv"),
        (["--file", os.path.join(folder, b"other" + E9 + b".json"), "add", "from the other copy"], 0, "Inbox"),
        (["--file", data, "merge", os.path.join(folder, b"other" + E9 + b".json")], 0, "other\\xe9.json"),
        (["--file", data, "import", os.path.join(folder, b"missing" + E9 + b".csv")], 2, "missing\\xe9.csv: no such file"),
    ]
    for args, code, said in steps:
        result = run_bytes(env, *args)
        out = (result.stdout + result.stderr).decode("utf-8")  # strict: never an undecodable byte printed
        assert result.returncode == code, out
        assert said in out, out
        assert "Traceback" not in out and controls(out, allow="\n") == [], out
    assert os.path.exists(data) and os.path.exists(os.path.join(folder, b"out" + E9 + b".csv"))
    titles = [row["title"] for row in json.loads(run_bytes(env, "--file", data, "list", "--json").stdout)]
    assert sorted(titles) == ["from the other copy", "hello"]
    report("not text: a data file whose path is not UTF-8", commands=len(steps) + 1, lost=0)


def test_git_setup_refuses_a_path_that_is_not_utf8(tmp_path, env):
    folder = os.path.join(os.fsencode(tmp_path), b"repo" + E9)
    os.mkdir(folder)
    subprocess.run(["git", "init", "-q", folder], check=True)
    data = os.path.join(folder, b"chief.json")
    assert run_bytes(env, "--file", data, "add", "x").returncode == 0
    before = Path(os.fsdecode(data)).read_bytes()
    result = run_bytes(env, "--file", data, "git-setup")
    assert result.returncode == 2
    assert "is not a UTF-8 path" in one_clear_line(result)
    assert not os.path.exists(os.path.join(folder, b".gitattributes"))
    assert Path(os.fsdecode(data)).read_bytes() == before


TASK = {"uuid": "12345678-1234-4234-8234-123456789abc", "description": "a fine task", "status": "pending",
        "entry": "20261101T090000Z"}


def _tw(**changes) -> str:
    """A Taskwarrior export of a good task and a second one with ``changes``, as JSON text (escapes kept)."""
    bad = {**TASK, "uuid": "12345678-1234-4234-8234-123456789abd", **changes}
    return json.dumps([TASK, bad])  # ensure_ascii: a lone surrogate is written as the escape "\ud800"


IMPORTS = {
    "description \\ud800": ("tw.json", _tw(description="bad \ud800 here").encode()),
    "project \\udce9": ("tw.json", _tw(project="p\udce9").encode()),
    "tag \\udfff": ("tw.json", _tw(tags=["ok", "\udfff"]).encode()),
    "annotation \\ud83d (half an emoji)": ("tw.json", _tw(annotations=[{"entry": "20261101T090000Z", "description": "\ud83d"}]).encode()),
    "a key \\ud800": ("tw.json", _tw(**{"x\ud800": 1}).encode()),
    "csv with a Latin-1 byte": ("in.csv", "title,status\nok,open\ncaf".encode() + E9 + b",open\n"),
    "csv in UTF-16": ("in.csv", "title,status\nok,open\n".encode("utf-16")),
    "taskwarrior JSON with a raw 0xff": ("tw.json", _tw(description="MARK").encode().replace(b"MARK", b"\xff")),
}


@pytest.mark.parametrize("case", list(IMPORTS))
def test_an_import_that_is_not_text_is_refused_whole(seeded, env, tmp_path, case, report):
    data_file, _ = seeded
    name, content = IMPORTS[case]
    source = tmp_path / name
    source.write_bytes(content)
    before = data_file.read_bytes()
    result = run_bytes(env, "import", str(source))
    line = one_clear_line(result)
    report(f"not text: import, {case}", exit=result.returncode, lost=int(data_file.read_bytes() != before))
    assert result.returncode == 2
    assert "record 2" in line or "line 3" in line or "not UTF-8" in line, line
    assert result.stdout == b""
    assert data_file.read_bytes() == before
