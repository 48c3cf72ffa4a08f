"""Files the user asks Chief to write (a brief, an export): never over Chief's own files.

``chief brief --output`` and ``chief export --output`` take any path, and the
dashboard writes briefs and exports into folders beside the data file. A
typo, a symbolic link, a hard link or another spelling of a path (``..``, a
case-insensitive disk) must never turn such a write into one over the data
file, a yearly archive, a backup, a conflict copy waiting to be merged, the
config, or anything in Chief's local folders. Paths are compared resolved,
and files and folders by identity (device and inode) as well. The output is
written like the data file: temp file, fsync, rename, mode 0600 (the work is
confidential).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from chief.store.datafile import paths
from chief.store.i18n import N_, _
from chief.store.datafile.conflict_copies import absorbed_dir, looks_like_copy
from chief.store.errors import CommandError
from chief.store.datafile.storage import SYMLINK, SaveError, backup_dir, odd_kind, write_atomic
from chief.store.i18n.reasons import os_reason

_WALK_LIMIT = 10_000  # files looked at for a hard link into Chief's folders: they hold a few hundred


class OutputNotWritten(CommandError):
    """An output (a brief, an export, a screenshot) could not be written: a full disk, a folder
    that cannot be made. Not a SaveError: the data file is not concerned, nothing waits to be saved."""


class OutputRefused(CommandError):
    """The output path is one of Chief's own files or folders, or not a file; the message is one line."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _own_name(name: str, data_file: Path) -> str:
    """What Chief keeps under ``name`` beside the data file ("" if nothing): its names, present or not.

    A new file under such a name would be taken for an archive or a conflict
    copy to merge, so the names are refused whether or not the file exists.
    """
    stem, suffix = re.escape(data_file.stem), re.escape(data_file.suffix)
    if name == data_file.name:
        return N_("the data file itself")
    if name.startswith(".~"):  # TEMP_PREFIX, LOCK_PREFIX and the backups folder all begin so
        return N_("one of Chief's working files (lock, temp file, backups)")
    if re.fullmatch(rf"{stem}\.archive-\d{{4}}.*{suffix}", name):
        return N_("a yearly archive of the data file")
    if re.fullmatch(rf"{stem}\.rescued-.*{suffix}", name):
        return N_("a rescue copy of the data file")
    if looks_like_copy(name, data_file):
        return N_("a conflict copy of the data file")
    return ""


def _folders(data_file: Path) -> dict[tuple[int, int], str]:
    """Chief's own folders that exist, by identity."""
    found = {}
    for folder, words in ((backup_dir(data_file), N_("the backups folder")), (paths.state_dir(), N_("Chief's state folder")),
                          (absorbed_dir(), N_("the folder of absorbed conflict copies"))):
        identity = _identity(folder)
        if identity is not None:
            found[identity] = words
    return found


def _files(data_file: Path, config: Path | None) -> dict[tuple[int, int], str]:
    """Chief's own files beside the data file (and the config), by identity."""
    found = {}
    try:
        names = os.listdir(data_file.parent)
    except OSError:
        names = []
    for name in names:
        words = _own_name(name, data_file)
        identity = _identity(data_file.parent / name) if words else None
        if identity is not None:
            found[identity] = words
    if config is not None and (identity := _identity(config)) is not None:
        found[identity] = N_("Chief's config file")
    return found


def _linked_into(identity: tuple[int, int], folders: list[Path]) -> bool:
    """Whether a file with several names has one inside these folders (a hard link to a backup)."""
    seen = 0
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                seen += 1
                if seen > _WALK_LIMIT:
                    return False
                if _identity(Path(root) / name) == identity:
                    return True
    return False


def refuse_chiefs_own(target: Path, data_file: Path, *, config: Path | None = None, follow: bool = True) -> None:
    """Raise OutputRefused when writing ``target`` (resolved) would touch Chief's own files.

    Without ``follow``, a link at ``target`` is what the rename replaces, so the
    link itself is compared, not the file it leads to (which stays untouched).
    """
    folders = _folders(data_file)
    for ancestor in [target.parent, *target.parent.parents]:
        words = folders.get(_identity(ancestor))  # type: ignore[arg-type]
        if words:
            raise OutputRefused(_('{target} is in {words}: Chief does not write its output there').format(target=target, words=_(words)))
    if _identity(target.parent) == _identity(data_file.parent):
        words = _own_name(target.name, data_file)
        if words:
            raise OutputRefused(_('{target} is {words}: Chief does not write its output there (choose another name)').format(target=target, words=_(words)))
    try:
        st = os.stat(target) if follow else os.lstat(target)
    except OSError:
        return  # a new file, in no folder of ours, under no name of ours
    words = _files(data_file, config).get((st.st_dev, st.st_ino))
    if words is None and st.st_nlink > 1:
        inside = [f for f in (backup_dir(data_file), paths.state_dir()) if f.is_dir()]
        words = N_("a hard link to one of Chief's files") if _linked_into((st.st_dev, st.st_ino), inside) else None
    if words:
        raise OutputRefused(_('{target} is {words}: Chief does not write its output there').format(target=target, words=_(words)))


def write_output(target: str | os.PathLike[str], text: str | bytes, data_file: Path, *,
                 config: Path | None = None, follow: bool = True) -> Path:
    """Write a file the user asked for, atomically and private (0600); the path written.

    ``follow``: the user typed the path, so a symbolic link there is theirs
    and the file it leads to is written (the link survives, as for the data
    file). The dashboard's own writes into synced folders pass False: a link
    a peer put there is replaced, never followed.
    """
    given = Path(target).expanduser().absolute()
    where = paths.real(given) if follow else paths.real(given.parent) / given.name
    kind = odd_kind(where)
    if kind and not (kind == SYMLINK and not follow):
        raise OutputRefused(_("{given} is {kind}, not a file Chief can write (print with '-' instead)").format(given=given, kind=_(kind)))
    refuse_chiefs_own(where, paths.real(data_file), config=config, follow=follow)
    try:
        write_atomic(where, text)
    except SaveError as err:
        raise OutputNotWritten(str(err)) from None
    return where


def write_numbered(folder: Path, stem: str, suffix: str, text: str | bytes, data_file: Path) -> Path:
    """A new file ``stem.suffix`` in ``folder`` (a dashboard's export, a screenshot), ``stem-2.suffix`` if taken...

    The folder is made private if missing; the file is written like any output
    (atomically, 0600), never over an earlier one, never following a link a
    peer put in a synced folder.
    """
    target = folder / f"{stem}.{suffix}"
    number = 2
    while target.exists() or target.is_symlink():
        target = folder / f"{stem}-{number}.{suffix}"
        number += 1
    make_output_folder(target, data_file)
    return write_output(target, text, data_file, follow=False)


def make_output_folder(target: Path, data_file: Path) -> None:
    """The folder ``target`` goes in (briefs/, exports/, screenshots/ beside the data file), made
    private if missing, and only after checking that it is none of Chief's own."""
    refuse_chiefs_own(target.absolute(), paths.real(data_file), follow=False)
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as err:
        raise OutputNotWritten(_("cannot make the folder {folder}: {reason}").format(folder=target.parent, reason=os_reason(err))) from None
