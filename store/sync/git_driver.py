"""Git as the synchroniser: a merge driver that merges the data file field by field.

``chief git-setup`` registers the driver in the repository that holds the data
file (the driver in .git/config, since git never takes drivers from the
repository itself, and a line in .gitattributes that names the file), so that
``git merge`` of two branches that both changed the file ends with exit 0 and
both sides' edits. Each clone runs it once.

The file's path goes into .gitattributes as a pattern, so its glob characters
are escaped and a path with spaces or quotes is written C-quoted, the two ways
gitattributes(5) offers; git itself is then asked whether the line names the
file. The driver runs inside the repository being merged, so it is started
with Python's isolated mode (no current folder on ``sys.path``): a committed
``chief.tui.py`` or ``json.py`` must never run as the driver.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from chief.store.errors import GitError
from chief.store.i18n import _
from chief.store.sync.merge import merge_data
from chief.store.datafile.storage import DataFileError, read_file, serialize, write_atomic

DRIVER = "chief"


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError(_("git is not installed")) from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else _("git {command} failed").format(command=args[0]))
    return done.stdout.strip()


_GLOB = re.compile(r"([\\*?\[\]])")  # what wildmatch would read as a pattern, not a character
_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
ISOLATED = ("-I", "-P")  # isolated mode; else only the unsafe path left out (a --user install needs its site)


def attributes_pattern(relative: str) -> str:
    """The .gitattributes pattern that names exactly ``relative`` (a path from the top, with /).

    Glob characters are escaped with a backslash; a pattern with whitespace, a
    quote or a control character is C-quoted (backslashes doubled inside), as
    gitattributes(5) allows. The leading slash anchors it, so a name that
    starts with ``!`` or ``#`` is neither a negation nor a comment.
    """
    pattern = "/" + _GLOB.sub(r"\\\1", relative)
    if not re.search(r'[\s"\x00-\x1f\x7f]', pattern):
        return pattern
    quoted = "".join(_C_ESCAPES.get(c) or (f"\\{ord(c):03o}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in pattern)
    return f'"{quoted}"'


def driver_command(entry: str) -> str:
    """The command git runs, for the console script's ``module:function`` (``chief.tui.cli:main``).

    ``python -m`` would put the current folder, the repository being merged,
    first on ``sys.path``; ``-c`` with ``-I`` (or ``-P``) puts nothing of it
    there. The first flag under which Chief imports from a neutral folder wins.
    """
    module, _colon, function = entry.partition(":")
    code = f"import sys; from {module} import {function}; sys.exit({function}())"
    with tempfile.TemporaryDirectory() as neutral:
        for flag in ISOLATED:
            probe = subprocess.run([sys.executable, flag, "-c", f"import {module}"], cwd=neutral, capture_output=True,
                                   check=False, timeout=60)
            if probe.returncode == 0:
                return f"{shlex.quote(sys.executable)} {flag} -c {shlex.quote(code)} merge-driver %O %A %B"
    raise GitError(_('{executable} cannot import {module} in isolated mode: reinstall Chief').format(executable=sys.executable, module=module))


def driver_problems(command: str) -> list[str]:
    """What is wrong with a configured driver command (one set by an older git-setup, a removed venv)."""
    try:
        words = shlex.split(command)
    except ValueError:
        return [_("the merge driver command cannot be read: {command}").format(command=command)]
    if not words:
        return [_("the merge driver command is empty")]
    problems = []
    if Path(words[0]).name.startswith("python") and not any(flag in words[1:2] for flag in ISOLATED):
        problems.append(_("the merge driver can run code from the repository being merged (set by an older Chief)"))
    if os.path.isabs(words[0]) and not os.access(words[0], os.X_OK):
        problems.append(_("the merge driver's program {program} is gone").format(program=words[0]))
    return problems


def _names_file(top: Path, relative: str) -> bool:
    """Whether git, reading every .gitattributes, gives ``relative`` our merge driver."""
    done = subprocess.run(["git", "-C", str(top), "check-attr", "-z", "--stdin", "merge"], input=os.fsencode(relative) + b"\0",
                          capture_output=True, check=False, timeout=60)
    fields = done.stdout.split(b"\0")
    return done.returncode == 0 and len(fields) >= 3 and fields[2] == DRIVER.encode()


def git_setup(data_file: Path, entry: str = "chief.tui.cli:main") -> list[str]:
    """Register the merge driver for ``data_file``; returns what was done, in words."""
    folder = data_file.parent
    if not folder.is_dir():
        raise GitError(_('{folder} does not exist').format(folder=folder))
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel"))
    except GitError:
        raise GitError(_('{folder} is not inside a git repository (git init there first)').format(folder=folder)) from None
    try:
        relative = data_file.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise GitError(_('{data_file} is not inside the repository at {top}').format(data_file=data_file, top=top)) from None
    command = driver_command(entry)
    try:
        before = _git(top, "config", "--local", "--get", f"merge.{DRIVER}.driver")
    except GitError:
        before = ""
    _git(top, "config", f"merge.{DRIVER}.name", "Chief: merge the data file field by field")
    _git(top, "config", f"merge.{DRIVER}.driver", command)
    line = f"{attributes_pattern(relative)} merge={DRIVER}"
    attributes = top / ".gitattributes"
    present = attributes.read_text(encoding="utf-8").splitlines() if attributes.exists() else []
    done = [_("merge driver '{driver}' set in {config}: {command}").format(driver=DRIVER, config=top / ".git" / "config", command=command)]
    if before and before != command:
        done.append(_("(it replaces the driver set before: {before})").format(before=before))
    if line not in present:
        unescaped = f"/{relative} merge={DRIVER}"  # what an older git-setup wrote: wrong for a name with pattern characters
        kept = [old for old in present if old != unescaped]
        attributes.write_text("\n".join([*kept, line]) + "\n", encoding="utf-8")
        done.append(_("added '{line}' to {attributes} (commit it, and run 'chief git-setup' in every clone)").format(line=line, attributes=attributes))
    else:
        done.append(_("{attributes} already has '{line}'").format(attributes=attributes, line=line))
    if not _names_file(top, relative):
        raise GitError(_('git does not give {relative} the merge driver: another .gitattributes line overrides it').format(relative=relative))
    ignore = top / ".gitignore"
    wanted = [".~*"]  # backups, lock and temp files: all local to one machine
    present = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    missing = [w for w in wanted if w not in present]
    if missing:
        ignore.write_text("\n".join([*present, *missing]) + "\n", encoding="utf-8")
        done.append(_("added {names} to {ignore} (backups, lock and temp files stay local)").format(names=", ".join(missing), ignore=ignore))
    return done


def git_report(data_file: Path) -> list[str]:
    """Problems with the git set-up of ``data_file``, for ``chief doctor`` (none outside git)."""
    try:
        folder = data_file.parent
        top = Path(_git(folder, "rev-parse", "--show-toplevel"))
        command = _git(top, "config", "--local", "--get", f"merge.{DRIVER}.driver")
    except (GitError, OSError):
        return []  # not in git, or no driver set: git is not the synchroniser here
    problems = driver_problems(command)
    try:
        relative = data_file.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        relative = None
    if relative is not None and not _names_file(top, relative):
        problems.append(_(".gitattributes does not give {relative} the merge driver").format(relative=relative))
    return [_("git: {problem}; run 'chief git-setup' to fix it").format(problem=p) for p in problems]


def merge_driver(base: Path, ours: Path, theirs: Path) -> None:
    """What git calls: merge ``theirs`` into ``ours`` in place (the base is not needed)."""
    mine, _signature = read_file(ours)
    other, _signature = read_file(theirs)
    if mine is None or other is None:
        raise DataFileError(_("a side of the merge is missing"))
    write_atomic(ours, serialize(merge_data(mine, other)))
