"""Git as the synchroniser: a merge driver that merges the data file field by field.

``chief git-setup`` registers the driver in the repository that holds the data
file (the driver in .git/config, since git never takes drivers from the
repository itself, and a line in .gitattributes that names the file), so that
``git merge`` of two branches that both changed the file ends with exit 0 and
both sides' edits. Each clone runs it once.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from chief.store.errors import GitError
from chief.store.sync.merge import merge_data
from chief.store.datafile.storage import DataFileError, read_file, serialize, write_atomic

DRIVER = "chief"


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"git {args[0]} failed")
    return done.stdout.strip()


def git_setup(data_file: Path) -> list[str]:
    """Register the merge driver for ``data_file``; returns what was done, in words."""
    folder = data_file.parent
    if not folder.is_dir():
        raise GitError(f"{folder} does not exist")
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel"))
    except GitError:
        raise GitError(f"{folder} is not inside a git repository (git init there first)") from None
    command = f"{shlex.quote(sys.executable)} -m chief.tui merge-driver %O %A %B"
    _git(top, "config", f"merge.{DRIVER}.name", "Chief: merge the data file field by field")
    _git(top, "config", f"merge.{DRIVER}.driver", command)
    relative = data_file.resolve().relative_to(top.resolve()).as_posix()
    line = f"/{relative} merge={DRIVER}"
    attributes = top / ".gitattributes"
    present = attributes.read_text(encoding="utf-8").splitlines() if attributes.exists() else []
    done = [f"merge driver '{DRIVER}' set in {top / '.git' / 'config'}: {command}"]
    if line not in present:
        text = "\n".join([*present, line]) + "\n"
        attributes.write_text(text, encoding="utf-8")
        done.append(f"added '{line}' to {attributes} (commit it, and run 'chief git-setup' in every clone)")
    else:
        done.append(f"{attributes} already has '{line}'")
    ignore = top / ".gitignore"
    wanted = [".~*"]  # backups, lock and temp files: all local to one machine
    present = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    missing = [w for w in wanted if w not in present]
    if missing:
        ignore.write_text("\n".join([*present, *missing]) + "\n", encoding="utf-8")
        done.append(f"added {', '.join(missing)} to {ignore} (backups, lock and temp files stay local)")
    return done


def merge_driver(base: Path, ours: Path, theirs: Path) -> None:
    """What git calls: merge ``theirs`` into ``ours`` in place (the base is not needed)."""
    mine, _ = read_file(ours)
    other, _ = read_file(theirs)
    if mine is None or other is None:
        raise DataFileError("a side of the merge is missing")
    write_atomic(ours, serialize(merge_data(mine, other)))
