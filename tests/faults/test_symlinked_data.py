"""The data file behind a symbolic link: a chief keeps chief.json in Dropbox and links to it.

Every variant (CHIEF_FILE at a link, the default path at a link, a relative
link, the data folder a link) runs the commands that save (add twice, so the
fast capture path too, done, archive, doctor) and the dashboard's save path
(the Desk API). Required after each: the link is still a link to the same
place, the target holds every item, and everything Chief keeps beside the
file (lock, backups, archive, trust note) is beside the target, never beside
the link, with no temp file left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FROZEN_TZ, written
from faults.faultkit import temp_files
from chief.store.datafile import paths
from chief.store.desk import Desk
from chief.store.sync.merge import is_live
from chief.store.datafile.storage import backup_dir, list_backups, lock_path, read_file

OLD_NOW = "2026-10-01T10:00:00"  # closed then, archived by a command run at the frozen now (55 days on)


def chief(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "chief.tui", *args], env=env, text=True, encoding="utf-8",
                            capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode in (0, 1), (args, result.returncode, result.stderr)  # doctor says 1 for a warning
    assert "Traceback" not in result.stderr
    written(env, args)  # a capture's file is written by the child it forked
    return result


def titles(path: Path) -> list[str]:
    data, _ = read_file(path)
    records = (data or {}).get("items", {}).values()
    return sorted(r["title"] for r in records if isinstance(r, dict) and is_live(r) and "title" in r)


def _file_link(tmp_path: Path, env: dict[str, str]) -> tuple[Path, Path, dict[str, str]]:
    target = tmp_path / "Dropbox" / "chief.json"
    link = tmp_path / "home" / "chief.json"
    link.parent.mkdir()
    link.symlink_to(target)
    return link, target, {**env, "CHIEF_FILE": str(link)}


def _default_path_link(tmp_path: Path, env: dict[str, str]) -> tuple[Path, Path, dict[str, str]]:
    target = tmp_path / "Dropbox" / "chief.json"
    link = tmp_path / "xdg" / "chief" / "chief.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    environ = {k: v for k, v in env.items() if k != "CHIEF_FILE"}
    return link, target, {**environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}


def _relative_link(tmp_path: Path, env: dict[str, str]) -> tuple[Path, Path, dict[str, str]]:
    target = tmp_path / "Dropbox" / "work" / "chief.json"
    link = tmp_path / "home" / "chief.json"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "Dropbox" / "work" / "chief.json")
    return link, target, {**env, "CHIEF_FILE": str(link)}


def _folder_link(tmp_path: Path, env: dict[str, str]) -> tuple[Path, Path, dict[str, str]]:
    real_folder = tmp_path / "Dropbox" / "chief"
    folder = tmp_path / "home" / "chief"
    folder.parent.mkdir()
    real_folder.mkdir(parents=True)
    folder.symlink_to(real_folder, target_is_directory=True)
    return folder / "chief.json", real_folder / "chief.json", {**env, "CHIEF_FILE": str(folder / "chief.json")}


VARIANTS = {"CHIEF_FILE is a link": _file_link, "the default path is a link": _default_path_link,
            "a relative link": _relative_link, "the folder is a link": _folder_link}


def link_of(given: Path) -> Path:
    """The link in ``given``'s path (the file itself, or its folder)."""
    return given if given.is_symlink() else given.parent


def check_link_kept(given: Path, target: Path, pointed: str) -> None:
    link = link_of(given)
    assert link.is_symlink(), f"{link} was replaced by a regular file or folder"
    assert os.readlink(link) == pointed
    assert target.is_file() and not target.is_symlink()
    assert given.resolve() == target.resolve()


def check_beside_target(given: Path, target: Path) -> None:
    """The lock, backups and temp files are beside the target, and nothing of Chief's is beside the link."""
    assert lock_path(target).exists()
    assert temp_files(target.parent) == []
    if link_of(given) == given:  # a file link: its folder holds only the link
        assert sorted(p.name for p in given.parent.iterdir()) == [given.name]


@pytest.mark.parametrize("variant", VARIANTS)
def test_commands_save_through_the_link(variant, tmp_path, env, report):
    given, target, environ = VARIANTS[variant](tmp_path, env)
    pointed = os.readlink(link_of(given))
    environ = {**environ, "CHIEF_NOW": OLD_NOW}
    old = chief(environ, "add", "closed long ago").stdout.split()[0]
    chief(environ, "done", old)
    check_link_kept(given, target, pointed)
    environ["CHIEF_NOW"] = env["CHIEF_NOW"]
    chief(environ, "add", "first through the link")
    chief(environ, "add", "second, spliced in")  # the fast capture path, on the bytes it trusts
    keep = chief(environ, "add", "to be done").stdout.split()[0]
    chief(environ, "done", keep)
    check_link_kept(given, target, pointed)
    assert titles(target) == ["closed long ago", "first through the link", "second, spliced in", "to be done"]

    moved = chief(environ, "archive").stdout
    assert "archived 1 item" in moved
    archive = target.with_name("chief.archive-2026.json")
    assert titles(archive) == ["closed long ago"]
    check_link_kept(given, target, pointed)

    doctor = chief(environ, "doctor").stdout
    assert f"data file: {target}" in doctor and "OK" in doctor, doctor
    assert list_backups(target), "no backup beside the target"
    assert backup_dir(target).is_dir()
    check_beside_target(given, target)
    known = json.loads((Path(env["CHIEF_STATE_DIR"]) / "known-files.json").read_text())
    assert sorted(known) == sorted([str(archive.resolve()), str(target.resolve())])  # the target's bytes, not the link's
    report(f"symlinked data file ({variant})", commands=8, lost=0)


@pytest.mark.parametrize("variant", VARIANTS)
def test_dashboard_saves_through_the_link(variant, tmp_path, env, monkeypatch):
    """The dashboard's save path (the Desk it drives), with the same checks."""
    given, target, environ = VARIANTS[variant](tmp_path, env)
    for name in ("CHIEF_FILE", "XDG_DATA_HOME", "CHIEF_NOW", "CHIEF_TZ"):
        if name in environ:
            monkeypatch.setenv(name, environ[name])
    pointed = os.readlink(link_of(given))
    desk = Desk(paths.data_file())
    assert desk.path == target.resolve()
    first = desk.capture("typed in the dashboard")[0]
    desk.done(first.id)
    desk.capture("and another")
    desk.undo()
    check_link_kept(given, target, pointed)
    assert titles(target) == ["typed in the dashboard"]
    check_beside_target(given, target)

    again = Desk(given)  # the API given the link itself resolves it too
    again.capture("from a second desk")
    check_link_kept(given, target, pointed)
    assert titles(target) == ["from a second desk", "typed in the dashboard"]


def test_two_spellings_share_one_lock(tmp_path, env):
    """Through the link or straight at the target: one file, so one lock, one trust note, one backup folder."""
    given, target, _ = _file_link(tmp_path, env)
    assert lock_path(Desk(given).path) == lock_path(Desk(target).path)
    assert paths.data_file(str(given)) == paths.data_file(str(target))


def test_a_dangling_link_creates_the_target(tmp_path, env):
    """A link whose target does not exist yet (a new Dropbox folder): the first save makes the target."""
    given, target, environ = _file_link(tmp_path, env)
    target.parent.mkdir()
    chief(environ, "add", "the very first")
    assert given.is_symlink() and titles(target) == ["the very first"]


@pytest.fixture(autouse=True)
def _timezone(monkeypatch):
    monkeypatch.setenv("CHIEF_TZ", FROZEN_TZ)
