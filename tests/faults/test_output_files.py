"""Writing an output over Chief's own files: every command that writes a file refuses.

``chief brief --output`` and ``chief export --output`` (and the dashboard's
brief and export, through the same helper, ``chief.store.exchange.output_files.write_output``)
must never write over the data file, a yearly archive, a backup, a conflict
copy, the config, or anything in Chief's folders, whatever the spelling: the
path itself, ``..``, a symbolic link, a hard link, a name Chief would take for
an archive or a conflict copy. Each refusal is one line and exit status 2,
with every one of Chief's files byte for byte as before. What is written is
written atomically (a new inode) with mode 0600.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import written

from faults.faultkit import controls
from chief.store.reports.brief import write_brief
from chief.store.desk import Desk
from chief.store.exchange.export import write_export
from chief.store.exchange.output_files import OutputRefused, write_output
from chief.store.datafile.storage import backup_dir, list_backups

OLD_NOW = "2026-10-01T10:00:00"


def chief(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "chief.tui", *args], env=env, text=True, encoding="utf-8",
                            capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    written(env, args)  # a capture's file is written by the child it forked
    return result


@pytest.fixture
def office(data_file: Path, env: dict[str, str], tmp_path: Path) -> dict[str, Path]:
    """A data file with an archive, a backup, an absorbed conflict copy and a config; the paths by name."""
    data_file.parent.mkdir(parents=True)
    old = {**env, "CHIEF_NOW": OLD_NOW}
    closed = chief(old, "add", "closed long ago").stdout.split()[0]
    assert chief(old, "done", closed).returncode == 0
    copy = data_file.with_name("chief.sync-conflict-20261125-101500-ABCDEFG.json")
    copy.write_bytes(data_file.read_bytes())
    for args in (["add", "open item"], ["archive"]):  # the add absorbs the copy; archive makes the yearly file
        assert chief(env, *args).returncode == 0
    Path(env["CHIEF_CONFIG"]).write_text("archive_after_days = 14\n")
    absorbed = list((Path(env["CHIEF_STATE_DIR"]) / "absorbed").iterdir())
    found = {"data file": data_file, "archive": data_file.with_name("chief.archive-2026.json"),
             "backup": list_backups(data_file)[0], "absorbed copy": absorbed[0], "config": Path(env["CHIEF_CONFIG"]),
             "lock": data_file.with_name(".~lock.chief.json"),
             "device id": next(p for p in Path(env["CHIEF_STATE_DIR"]).iterdir() if p.is_file())}
    for path in found.values():
        assert path.is_file(), path
    return found


def chiefs_files(office: dict[str, Path], env: dict[str, str]) -> dict[str, bytes]:
    """Every file Chief owns, by path: its bytes (and the names in its folders)."""
    roots = [office["data file"].parent, Path(env["CHIEF_STATE_DIR"])]
    found = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                found[str(path)] = path.read_bytes()
    found["config"] = office["config"].read_bytes()
    return found


def spellings(office: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """Ways of naming Chief's own files from outside: as given, through '..', a symlink, a hard link."""
    data = office["data file"]
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    found = {name: path for name, path in office.items()}
    found["data file via '..'"] = data.parent / ".." / data.parent.name / data.name
    found["a relative path to the data file"] = Path(os.path.relpath(data))
    for name in ("data file", "archive", "backup", "config"):
        link = out / f"link-to-{name.replace(' ', '-')}.md"
        link.symlink_to(office[name])
        found[f"a symlink to the {name}"] = link
        hard = out / f"hard-link-to-{name.replace(' ', '-')}.md"
        os.link(office[name], hard)
        found[f"a hard link to the {name}"] = hard
    link_folder = out / "linked-data-folder"
    link_folder.symlink_to(data.parent, target_is_directory=True)
    found["the data file through a linked folder"] = link_folder / data.name
    found["a new file in the backups folder"] = backup_dir(data) / "brief.md"
    found["a new file in the state folder"] = office["device id"].parent / "brief.md"
    found["a new name Chief takes for an archive"] = data.with_name("chief.archive-2031.json")
    found["a new name Chief takes for a conflict copy"] = data.with_name("chief (Li's conflicted copy 2026-11-26).json")
    found["a new name of Chief's temp files"] = data.with_name(".~tmp.chief.json.1.2")
    return found


COMMANDS = {"brief": ["brief", "--output"], "export": ["export", "--format", "csv", "--output"]}


@pytest.mark.parametrize("command", COMMANDS)
def test_outputs_never_go_over_chiefs_files(command, office, env, tmp_path, report):
    cases = spellings(office, tmp_path)
    before = chiefs_files(office, env)
    written_over = []
    for name, target in cases.items():
        result = chief(env, *COMMANDS[command], str(target))
        assert result.returncode == 2, (name, result.stdout, result.stderr)
        assert result.stdout == "" and result.stderr.count("\n") == 1 and result.stderr.startswith("chief: "), (
            name, result.stderr)
        assert "Chief does not write its output there" in result.stderr, (name, result.stderr)
        assert controls(result.stderr, allow="\n") == []
        if chiefs_files(office, env) != before:
            written_over.append(name)
    assert written_over == []
    assert not (backup_dir(office["data file"]) / "brief.md").exists()
    report(f"{command} --output over Chief's own files", spellings=len(cases), written_over=len(written_over))


@pytest.mark.parametrize("command", COMMANDS)
def test_an_output_is_atomic_and_private(command, office, env, tmp_path):
    target = tmp_path / "report.out"
    target.write_text("an older report\n")
    os.chmod(target, 0o644)
    inode = target.stat().st_ino
    result = chief(env, *COMMANDS[command], str(target))
    assert result.returncode == 0, result.stderr
    st = target.stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_ino != inode  # replaced by rename, private
    assert ("# Daily brief" if command == "brief" else "open item") in target.read_text(encoding="utf-8-sig")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~tmp.")]


def test_an_output_link_of_the_users_is_followed_and_kept(office, env, tmp_path):
    """A link the user made (to a folder in Dropbox): the file it leads to is written, the link stays."""
    real = tmp_path / "Dropbox" / "brief.md"
    real.parent.mkdir()
    link = tmp_path / "brief.md"
    link.symlink_to(real)
    assert chief(env, "brief", "--output", str(link)).returncode == 0
    assert link.is_symlink() and "# Daily brief" in real.read_text() and stat.S_IMODE(real.stat().st_mode) == 0o600


@pytest.mark.parametrize("what", ["a FIFO", "a folder"])
def test_an_output_that_is_not_a_file(what, office, env, tmp_path):
    target = tmp_path / "odd"
    os.mkfifo(target) if what == "a FIFO" else target.mkdir()
    for command in COMMANDS.values():
        result = chief(env, *command, str(target))
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert ("is a FIFO" if what == "a FIFO" else "is a directory") in result.stderr


def test_the_dashboards_writes_use_the_same_guard(office, env, monkeypatch):
    """The dashboard's brief and export: a folder of Chief's refused, a peer's planted link replaced, never followed."""
    for name in ("CHIEF_NOW", "CHIEF_TZ"):
        monkeypatch.setenv(name, env[name])
    desk = Desk(office["data file"])
    before = chiefs_files(office, env)
    with pytest.raises(OutputRefused, match="backups folder"):
        write_brief(desk, directory=backup_dir(office["data file"]))
    with pytest.raises(OutputRefused, match="the data file itself"):
        write_output(office["data file"].parent / "x" / ".." / "chief.json", "x", desk.path)
    planted = office["data file"].parent / "briefs" / "brief-2026-11-25.md"
    planted.parent.mkdir()
    planted.symlink_to(office["archive"])  # a peer's link under the name the dashboard writes
    written = write_brief(desk)
    assert written == planted and not planted.is_symlink() and "# Daily brief" in planted.read_text()
    exported = write_export(desk, "csv")
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    assert chiefs_files(office, env) == {**before, **{str(p): p.read_bytes() for p in (planted, exported)}}
