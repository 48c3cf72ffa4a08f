"""Checking the data file and restoring a backup, for ``chief doctor``.

The doctor never changes the data file while checking. Restoring keeps the
current file aside (in the backup folder) before the backup replaces it.
"""

from __future__ import annotations

import os
import shlex
import stat
import time
from collections import Counter
from pathlib import Path

from chief.store.domain import wallclock
from chief.store.i18n import _
from chief.store.domain.board import Board
from chief.store.domain.calendar import report as calendar_report
from chief.store.sync.hlc import stamp_time
from chief.store.domain.config import Settings
from chief.store.datafile.conflict_copies import find_copies
from chief.store.sync.git_driver import git_report
from chief.store.datafile import journal, paths
from chief.store.datafile.lock import LockBusy, hold
from chief.store.reports.printable import printable
from chief.store.sync.poison import UNREADABLE, quarantined_files
from chief.store.sync.replica import upgrade
from chief.store.datafile.storage import (
    DataFileError,
    SaveError,
    backup_dir,
    keep_aside,
    list_backups,
    lock_path,
    parse,
    read_file,
    write_atomic,
)


RESTORE_WAIT_S = 15  # as long as any command waits for the lock
WRITE_WAIT_S = 1  # the report waits this long for a write under way, then reads the file as it is


def shell_word(text: str) -> str:
    """``text`` as one shell word that a user can paste, printed on one line.

    ``shlex.quote`` for anything printable (apostrophes, spaces, ``$``);
    a name with a line break or another control character is written in
    ``$'...'`` form (bash, zsh, ksh), its bytes escaped, since a raw one
    would break the line and be shown escaped anyway.
    """
    if text.isprintable():
        return shlex.quote(text)
    escaped = []
    for char in text:
        if char in "\\'":
            escaped.append("\\" + char)
        elif char.isprintable():
            escaped.append(char)
        else:
            escaped.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogateescape" if
                                                                     "\udc80" <= char <= "\udcff" else "surrogatepass"))
    return "$'" + "".join(escaped) + "'"


def restore_command(backup: Path) -> str:
    return f"chief doctor --restore {shell_word(str(backup))}"


def _backups_report(path: Path) -> list[str]:
    lines = []
    for candidate in list_backups(path):
        try:
            data, _signature = read_file(candidate)
            count = len((data or {}).get("items", {}))
            verdict = _('good, {count} items').format(count=count)
        except DataFileError as err:
            verdict = _('unusable: {err}').format(err=err)
        lines.append(_("  {path}  ({verdict})").format(path=candidate, verdict=verdict))
    return lines or [_("  none yet (one is kept at most every 10 minutes, before a save)")]


def _archives_report(path: Path) -> tuple[list[str], bool]:
    """Each yearly archive's verdict and its conflict copies not merged yet; whether all are sound.

    Like the data file's, an archive's copies are only listed here: reading the
    archives (``chief archive``, the dashboard) merges them.
    """
    from chief.store.sync.archive import archive_files

    lines: list[str] = []
    sound = True
    for archive in archive_files(path):
        try:
            data, _signature = read_file(archive)
            verdict = _('good, {count} items').format(count=len((data or {}).get('items', {})))
        except DataFileError as err:
            sound = False
            verdict = _('PROBLEM: {err}').format(err=err)
        lines.append(_("  {path}  ({verdict})").format(path=archive, verdict=verdict))
        copies, warnings = find_copies(archive, None)
        lines.extend(_('  conflict copy waiting to be merged (chief archive merges it): {path}').format(path=c.path) for c in copies)
        lines.extend(f"  {warning}" for warning in warnings)
        sound = sound and not warnings
    return lines, sound


def _let_a_write_finish(path: Path) -> None:
    """Wait (a second at most) for a write under way to end: a capture's child still writing its item, say."""
    if not path.is_file():
        return  # no lock file made for a file that is not there
    try:
        with hold(lock_path(path), WRITE_WAIT_S):
            pass
    except (LockBusy, OSError):
        pass  # a dashboard saving all the while, a folder that takes no lock file: the file as it is


def _journal_report(path: Path) -> list[str]:
    """What this machine's journal holds that the file may not have yet, and journals set aside (store/datafile/journal.py)."""
    real = paths.real(path)
    entries, _present = journal.read(real)
    lines = [_("  changes waiting in this machine's journal, which the file may not have yet (any Chief command "
               "merges them): {count}").format(count=len(entries))] if entries else []
    for kept in journal.set_aside_ones(real):
        lines.append(_("  a journal of another database that was at this path, kept and not merged: {path}").format(path=kept))
    return lines


def doctor(path: Path, settings: Settings) -> tuple[str, bool]:
    """A report on the data file, its archives and git set-up, and whether all are healthy."""
    lines = [_('data file: {path}').format(path=path)]
    healthy = True
    _let_a_write_finish(path)
    git_problems = git_report(path)  # the merge driver of an older Chief, a .gitattributes line that misses
    archive_lines, archives_sound = _archives_report(path)
    try:
        data, _signature = read_file(path)
        if data is None:
            lines.append(_("  does not exist yet: it is created by the first capture"))
            lines.extend(_journal_report(path))
            lines.extend(f"  {problem}" for problem in git_problems)
            healthy = not git_problems and archives_sound
        else:
            set_aside: dict = {}
            data = upgrade(data, path, set_aside)
            board = Board.from_data(data, settings, wallclock.now())
            st = os.stat(path)
            mode = stat.S_IMODE(st.st_mode)
            meta = board.meta
            lines.append(_('  {st_size} bytes, mode {mode:04o}, schema {value}, database {value2}').format(st_size=st.st_size, mode=mode, value=meta.get('schema'), value2=meta.get('database_id')))
            statuses = Counter(i.status for i in board.items.values())
            counts = _(", ").join(_("{n} {status}").format(n=n, status=_(s)) for s, n in sorted(statuses.items()))
            lines.append(_("  items: {counts}").format(counts=counts or _("none")))
            lines.append(_('  team: {team} members').format(team=len(board.team)))
            if mode & 0o077:
                lines.append(_('  warning: others can read it (mode {mode:04o}); chmod 600 {value}').format(mode=mode, value=shell_word(str(path))))
            for problem in board.problems:
                healthy = False
                lines.append(_('  unreadable record, set aside and kept in the file: {value}').format(value=printable(str(problem))))
            for line in _poison_report(path, data, set_aside):
                healthy = False
                lines.append(line)
            duplicates: list[str] = []
            parse(path.read_text(encoding="utf-8"), path, duplicates)
            for key in duplicates:
                lines.append(_('  note: id {key} appears twice in the file; the copies are merged on the next save').format(key=printable(key)))
            devices = meta.get("devices") or {}
            forgotten = set(meta.get("forgotten") or [])
            for device, mark in sorted(devices.items()):
                state = _(" (forgotten)") if device in forgotten else ""
                lines.append(_('  device {value}: last saved {mark}{state}').format(value=printable(str(device)), mark=_when(mark), state=state))
            copies, warnings = find_copies(path, meta.get("database_id"))
            for copy in copies:
                lines.append(_('  conflict copy waiting to be merged (any Chief command absorbs it): {path}').format(path=copy.path))
            for warning in warnings:
                healthy = False
                lines.append(f"  {warning}")
            lines.extend(_journal_report(path))
            lines.extend(f"  {problem}" for problem in git_problems)
            healthy = healthy and not git_problems and archives_sound
            if healthy:
                lines.append(_("  OK"))
    except DataFileError as err:
        healthy = False
        lines.append(_('  PROBLEM: {err}').format(err=err))
        lines.extend(_journal_report(path))
        lines.append(_("  nothing was changed; restore a good backup with: chief doctor --restore BACKUP"))
        lines.extend(f"  {problem}" for problem in git_problems)
    if archive_lines:
        lines.append(_("yearly archives:"))
        lines.extend(archive_lines)
    lines.extend(calendar_report(settings, wallclock.now().date()))  # which years the holiday data covers
    lines.append(_('backups ({path}), newest first:').format(path=backup_dir(path)))
    lines.extend(_backups_report(path))
    return "\n".join(printable(line) for line in lines), healthy  # names and ids come from the file


def _poison_report(path: Path, data: dict, set_aside: dict) -> list[str]:
    """What another machine brought that Chief set aside, beyond the item and team records (store/sync/poison.py)."""
    lines = [
        _('  meta value {value} cannot be used: the next save replaces it and quarantines it beside the file').format(value=printable(str(name)))
        for name in sorted(set_aside)
    ]
    for table, records in sorted(data.items()):
        if table in ("items", "team") or not isinstance(records, dict):
            continue  # items and members are the board's problems
        for key, record in sorted(records.items()):
            if isinstance(record, dict) and UNREADABLE in record:
                lines.append(_('  unreadable record, kept in the file as text: {table} {key}').format(table=printable(table), key=printable(key)))
    for kept in quarantined_files(path):
        lines.append(_('  values set aside from the data file are kept in {kept}: review it, then delete it').format(kept=kept))
    return lines


def _when(stamp: str) -> str:
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp_time(stamp)))
    except (ValueError, TypeError):
        return "?"


def restore(path: Path, chosen: Path) -> str:
    """Put a backup in place of the data file, keeping the current file aside."""
    data, _signature = read_file(chosen)  # refuses a bad backup before anything moves
    if data is None:
        raise DataFileError(_('no backup at {chosen}').format(chosen=chosen))
    text = chosen.read_text(encoding="utf-8")
    try:
        with hold(lock_path(path), RESTORE_WAIT_S):  # a save in progress ends first
            kept = keep_aside(path, "replaced") if path.exists() else None
            write_atomic(path, text)
    except LockBusy:
        raise SaveError(_('{path} is locked by another Chief process (waited {RESTORE_WAIT_S:g} s): nothing was restored; close it and run {chosen} again').format(path=path, RESTORE_WAIT_S=RESTORE_WAIT_S, chosen=restore_command(chosen))) from None
    aside = _('; the file it replaced is kept at {kept}').format(kept=kept) if kept else ""
    return _('restored {chosen} to {path}{aside}').format(chosen=chosen, path=path, aside=aside)
