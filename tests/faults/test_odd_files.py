"""Files that are not what they seem: a conflict copy, an archive or the data file that is a
symbolic link, a FIFO, a device, or enormous.

A peer can sync anything under a name Chief reads. Chief never follows it:
a conflict copy that is not a regular file of sane size is not read, is left
where it is, and is named in one warning (``chief doctor``, which then does
not say OK, and the dashboard). A data file or archive of that kind stops the
command with one line and exit status 2, everything byte for byte as it was.
Every variant checks the bytes of the data file and of the private file a
hostile link points at.
"""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from faults.faultkit import controls, notes_of, until
from chief.store.desk import Desk
from chief.store.sync.merge import is_live
from chief.store.datafile.storage import MAX_FILE_BYTES, DataFileError, read_file, read_file_text, read_regular
from chief.tui.app import ChiefApp

SECRET = "c2VjcmV0LXRva2Vu"
PRIVATE = '{"auths": {"registry.example.com": {"auth": "%s"}}}\n' % SECRET  # tables of records, to a naive reader
OLD_NOW = "2026-10-01T10:00:00"
STRICT_NAMES = ["chief.sync-conflict-20261125-101500-ABCDEFG.json", "chief (Li's conflicted copy 2026-11-25).json",
                "chief (conflicted copy 2026-11-25 101500).json", "chief_conflict-20261125-101500.json"]


def chief(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chief.tui", *args], env=env, text=True, encoding="utf-8",
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=60)


def one_line(result: subprocess.CompletedProcess, *needles: str) -> str:
    """Exit 2, one line on stderr naming the trouble, nothing raw, nothing on stdout."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == "" and result.stderr.count("\n") == 1 and result.stderr.startswith("chief: "), result.stderr
    assert controls(result.stderr, allow="\n") == []
    for needle in needles:
        assert needle in result.stderr, result.stderr
    return result.stderr


def titles(path: Path) -> list[str]:
    data, _ = read_file(path)
    return sorted(r["title"] for r in (data or {}).get("items", {}).values() if isinstance(r, dict) and is_live(r))


@pytest.fixture
def private(tmp_path: Path) -> Path:
    found = tmp_path / "home" / ".docker" / "config.json"
    found.parent.mkdir(parents=True)
    found.write_text(PRIVATE)
    found.chmod(0o600)
    return found


@pytest.fixture
def filled(data_file: Path, env: dict[str, str]) -> Path:
    data_file.parent.mkdir(parents=True)
    assert chief(env, "add", "already here").returncode == 0
    return data_file


def _what(path: Path) -> tuple:
    """How a planted file looks, to check it is left exactly as it was."""
    st = os.lstat(path)
    return stat.S_IFMT(st.st_mode), os.readlink(path) if path.is_symlink() else st.st_size, st.st_mtime_ns


# the planted conflict copies: (make it, the words the warning must say)

def _link_to(target: str | Path):
    return lambda path, private: path.symlink_to(private if target == "private" else target)


def _fifo(path: Path, private: Path) -> None:
    os.mkfifo(path, 0o600)


def _enormous(path: Path, private: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used


COPIES = {
    "a link to a private file": (_link_to("private"), "is a symbolic link: not read, left where it is"),
    "a link to /dev/zero": (_link_to("/dev/zero"), "is a symbolic link: not read, left where it is"),
    "a link to a missing file": (_link_to("/nonexistent/secret.json"), "is a symbolic link: not read"),
    "a FIFO": (_fifo, "is a FIFO: not read, left where it is"),
    "enormous": (_enormous, "larger than 64 MiB"),
}


@pytest.mark.parametrize("name", STRICT_NAMES)
@pytest.mark.parametrize("case", COPIES)
def test_a_hostile_conflict_copy_is_never_followed(case, name, filled, private, env, report):
    make, words = COPIES[case]
    planted = filled.with_name(name)
    make(planted, private)
    before = _what(planted)

    added = chief(env, "add", "while the copy sits there")
    assert added.returncode == 0, added.stderr
    listed = chief(env, "list")
    assert listed.returncode == 0 and SECRET not in listed.stdout
    assert titles(filled) == ["already here", "while the copy sits there"]
    assert SECRET.encode() not in filled.read_bytes()
    assert _what(planted) == before, "the copy was moved or changed"
    assert private.read_text() == PRIVATE

    doctor = chief(env, "doctor")
    assert doctor.returncode == 1, doctor.stdout  # not healthy while it is there
    named = [line for line in doctor.stdout.splitlines() if name in line]
    assert len(named) == 1 and words in named[0], doctor.stdout
    assert "  OK" not in doctor.stdout.splitlines() and SECRET not in doctor.stdout
    report(f"hostile conflict copy: {case}", trials=3, lost=0)


def test_the_dashboard_names_it_once(filled, private, monkeypatch):
    """The dashboard (the real app, in-process): one notification naming the copy, the header's alert, no read."""
    planted = filled.with_name(STRICT_NAMES[0])
    planted.symlink_to(private)
    for name, value in (("CHIEF_NOW", "2026-11-25T10:00:00"), ("CHIEF_TZ", "Asia/Shanghai")):
        monkeypatch.setenv(name, value)

    async def run() -> tuple[list[str], str]:
        app = ChiefApp(Desk(filled), remember_theme=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: any(STRICT_NAMES[0] in n for n in notes_of(app)), timeout=5)
            await pilot.press("n", *"typed", "enter")
            await until(pilot, lambda: "typed" in titles(filled), timeout=5)
            return notes_of(app), app.alert

    notes, alert = asyncio.run(run())
    naming = [n for n in notes if STRICT_NAMES[0] in n]
    assert len(naming) == 1 and "symbolic link: not read" in naming[0], notes
    assert alert == "see the message: chief doctor"
    assert planted.is_symlink() and private.read_text() == PRIVATE
    assert titles(filled) == ["already here", "typed"] and SECRET.encode() not in filled.read_bytes()


# the data file itself -------------------------------------------------------------------------

def _device(tmp_path: Path, env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    link = tmp_path / "chief.json"
    link.symlink_to("/dev/null")
    return link, {**env, "CHIEF_FILE": str(link)}


def _data_fifo(tmp_path: Path, env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    fifo = tmp_path / "chief.json"
    os.mkfifo(fifo, 0o600)
    return fifo, {**env, "CHIEF_FILE": str(fifo)}


def _data_link_to_fifo(tmp_path: Path, env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    fifo, environ = _data_fifo(tmp_path, env)
    link = tmp_path / "link.json"
    link.symlink_to(fifo)
    return link, {**environ, "CHIEF_FILE": str(link)}


def _data_enormous(tmp_path: Path, env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    big = tmp_path / "chief.json"
    _enormous(big, big)
    return big, {**env, "CHIEF_FILE": str(big)}


DATA = {"a link to a device": (_device, "is a device"), "a FIFO": (_data_fifo, "is a FIFO"),
        "a link to a FIFO": (_data_link_to_fifo, "is a FIFO"), "enormous": (_data_enormous, "larger than 64 MiB")}


@pytest.mark.parametrize("case", DATA)
@pytest.mark.parametrize("command", [["add", "a new item"], ["list"], ["done", "01ABC"], ["doctor"], ["archive"]])
def test_a_data_file_that_is_not_a_file(case, command, tmp_path, env):
    make, words = DATA[case]
    given, environ = make(tmp_path, env)
    before = sorted((p.name, _what(p)) for p in tmp_path.iterdir())
    made = Path(os.path.realpath(given)).parent
    result = chief(environ, *command)
    if command == ["doctor"]:
        assert result.returncode == 1 and "PROBLEM" in result.stdout and words in result.stdout, result.stdout
    else:
        one_line(result, words)
    # the device id may be made; beside a regular (enormous) file, so may the lock, as for any command
    ignored = {"state", ".~lock.chief.json"} if case == "enormous" else {"state"}
    after = sorted((p.name, _what(p)) for p in tmp_path.iterdir() if p.name not in ignored)
    assert after == [entry for entry in before if entry[0] not in ignored]  # nothing made, moved or written
    if case != "enormous":
        assert not list(made.glob(".~*")), "a lock or temp file was made beside a FIFO or a device"


def test_an_archive_that_is_a_link_is_refused(filled, private, env):
    """``chief archive`` would write the archive: never through a peer's link, never with the private file in it."""
    old = {**env, "CHIEF_NOW": OLD_NOW}
    closed = chief(old, "add", "closed long ago").stdout.split()[0]
    assert chief(old, "done", closed).returncode == 0
    archive = filled.with_name("chief.archive-2026.json")
    archive.symlink_to(private)
    before = filled.read_bytes()
    one_line(chief(env, "archive"), str(archive), "is a symbolic link")
    assert filled.read_bytes() == before and archive.is_symlink() and private.read_text() == PRIVATE
    listed = chief(env, "list", "--archived", "--json")
    assert listed.returncode == 0 and SECRET not in listed.stdout


# the reader itself --------------------------------------------------------------------------------

def test_the_reader_checks_the_open_file_not_the_name(tmp_path, monkeypatch):
    """TOCTOU: the name looked like a regular file, but what was opened is a FIFO; fstat catches it."""
    fifo = tmp_path / "chief.json"
    os.mkfifo(fifo, 0o600)
    regular = tmp_path / "regular"
    regular.write_text("{}")
    real_lstat = os.lstat
    monkeypatch.setattr(os, "lstat", lambda p, *a, **k: real_lstat(regular) if Path(p) == fifo else real_lstat(p, *a, **k))
    with pytest.raises(DataFileError, match="is a FIFO"):
        read_regular(fifo)


def test_the_reader_never_follows_a_link_it_did_not_resolve(tmp_path, private):
    """The data file's link is resolved once per command; a link found at read time is a swap: refused."""
    link = tmp_path / "chief.json"
    link.symlink_to(private)
    with pytest.raises(DataFileError, match="is a symbolic link"):
        read_file_text(link)
    assert read_regular(link, follow=True)[0] == PRIVATE.encode()  # a file the user named (chief merge, import)


def test_merge_and_import_refuse_a_fifo_in_one_line(filled, tmp_path, env):
    fifo = tmp_path / "incoming.json"
    os.mkfifo(fifo, 0o600)
    before = filled.read_bytes()
    one_line(chief(env, "merge", str(fifo)), "is a FIFO")
    one_line(chief(env, "import", str(fifo)), "is a FIFO")
    assert filled.read_bytes() == before
