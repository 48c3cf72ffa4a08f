"""Changes the dashboard has shown but not yet written into the data file, kept durable meanwhile.

A save of the data file rewrites and flushes the whole file (tens of
milliseconds at 10,000 items), and a keystroke should not wait for it before
the board moves. So the dashboard saves in two steps (``Replica.defer_saves``):
inside the keystroke, under the data file's lock, the records the command
changed are appended to this journal and flushed to disk (one small write and
one fsync: well under a millisecond); then the board is painted; right after
the paint the data file is saved as always, and the journal emptied.

The journal is one file per data file in the machine's state dir (never in the
synced folder: it is this machine's, like the device id). Each line is one
command's records, exactly as the data file will hold them (stamps included),
with the id of the database they belong to. Whoever opens the data file next
on this machine, under the lock, merges the journal in like any conflict copy
(``Replica._gather``), saves and empties it. The field-level merge makes that
safe however late it comes, and if it comes twice: each field keeps its newest
stamp, so a line merged again changes nothing, and a later change (from any
machine) still wins over it. So a change on screen is never lost to a crash of
the dashboard between the paint and the save (the fault suite kills it there).

A line cut short by a crash was never acknowledged (the paint comes after the
flush): it is skipped, and the next line appended starts on a line of its own; a
line that could not be written whole (a full disk) is cut back off at once.
Lines of another database (the file at this path was replaced by another one)
are not merged into it: the journal is set aside beside itself, and said.
"""

from __future__ import annotations

import os
import time

from chief.store import json_text
from chief.store.datafile import paths, platform_io

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    Data = dict[str, dict[str, Any]]


def _sha256(data: bytes) -> str:
    """SHA-256 from the interpreter's own module when it has one: hashlib would first load OpenSSL's
    libcrypto (a few ms of every dashboard's start, which reads the journal). The same digest either way."""
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[no-redef]  # CPython 3.12 and later
        except ImportError:
            from hashlib import sha256
    return sha256(data).hexdigest()


def journal_path_text(path: str | os.PathLike[str]) -> str:
    """The journal of the data file ``path`` (resolved) in this machine's state dir, as text (a capture loads no pathlib)."""
    name = _sha256(str(path).encode("utf-8", "surrogatepass"))[:20]
    return os.path.join(paths.state_dir_text(), "journals", f"{name}.jsonl")


def journal_path(path: Path) -> Path:
    """The journal of the data file ``path`` (a resolved path) in this machine's state dir."""
    return paths.as_path(journal_path_text(path))


def prepare(path: Path) -> None:
    """Make the journal of ``path`` exist, durably, if it does not yet (raises OSError when it cannot).

    The dashboard calls it once its board is on screen, so that its first keystroke appends to
    a journal that is there, instead of making a folder and a file and flushing their names
    (about 1 ms of a first key, more when the disk is busy). Harmless at any time: an existing
    journal is left as it is.
    """
    target = journal_path(path)
    if target.exists():
        return
    fd, _created = _open(target, os.O_WRONLY)
    try:
        platform_io.flush_file(fd)
    finally:
        os.close(fd)
    platform_io.flush_folder(target.parent)


def _open(target: str | os.PathLike[str], flags: int) -> tuple[int, bool]:
    """The journal ``target`` opened with ``flags`` (made, with its folder, if it was not there); whether it was made.

    A made journal's name is to be flushed in its folder once (it is emptied, never removed).
    """
    created = not os.path.exists(target)
    if created:
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
    return os.open(target, flags | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600), created


def append(path: str | os.PathLike[str], database_id: str | None, records: Data) -> tuple[int, int]:
    """Add one command's changed records to the journal, durably (raises OSError when it cannot).

    Where the line starts in the journal and its length: under the lock nobody else appends, so
    :func:`take_back` can remove exactly this line once the data file holds it.
    """
    line = json_text.dumps({"file": str(path), "db": database_id, "records": records}, ensure_ascii=True,
                      separators=(",", ":")) + "\n"
    target = journal_path_text(path)
    fd, created = _open(target, os.O_RDWR | os.O_APPEND)
    try:
        start = os.fstat(fd).st_size
        if start:
            os.lseek(fd, start - 1, os.SEEK_SET)  # (pread is not on Windows; writes go to the end all the same)
            if os.read(fd, 1) != b"\n":
                line = "\n" + line  # a line cut short by a crash stays apart, and this one whole
        try:
            platform_io.write_all(fd, line.encode("ascii"))
            platform_io.flush_file(fd)
        except BaseException:
            _cut(fd, start)  # no torn line left for the next append to run on into (a full disk, say)
            raise
    finally:
        os.close(fd)
    if created:
        platform_io.flush_folder(os.path.dirname(target))  # the new file's name is durable too
    return start, len(line)  # from ``start``: a line break put before the line goes with it


def _cut(fd: int, size: int) -> None:
    """Cut the journal open at ``fd`` back to ``size`` bytes, if it can be."""
    try:
        os.ftruncate(fd, size)
    except OSError:
        pass


def take_back(path: str | os.PathLike[str], start: int, length: int) -> None:
    """Remove the line :func:`append` placed at ``start`` (called under the lock, once the file holds it).

    Only when it is still the journal's last line; otherwise the journal is left whole (merging a
    line again changes nothing). Not flushed, as :func:`clear`.
    """
    try:
        fd = os.open(journal_path_text(path), os.O_WRONLY)
    except OSError:
        return
    try:
        if os.fstat(fd).st_size == start + length:
            os.ftruncate(fd, start)
    except OSError:
        pass
    finally:
        os.close(fd)


def waiting(path: str | os.PathLike[str]) -> bool:
    """Whether the journal holds anything: changes the data file may not have yet."""
    try:
        return os.stat(journal_path_text(path)).st_size > 0
    except OSError:
        return False


def read(path: Path) -> tuple[list[tuple[str | None, Data]], bool]:
    """Every whole line of the journal: (database id, records); and whether there was anything at all."""
    try:
        raw = journal_path(path).read_bytes()
    except OSError:
        return [], False
    found: list[tuple[str | None, Data]] = []
    for line in raw.split(b"\n")[:-1]:  # the last piece has no line break: cut short by a crash, or empty
        try:
            entry = json_text.loads(line.decode("utf-8"))
        except (ValueError, RecursionError, UnicodeDecodeError):
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("records"), dict):
            continue
        database = entry.get("db")
        tables = {table: {key: record for key, record in records.items() if isinstance(record, dict)}
                  for table, records in entry["records"].items() if isinstance(table, str) and isinstance(records, dict)}
        found.append((database if isinstance(database, str) else None, tables))
    return found, bool(raw)


def clear(path: Path) -> None:
    """Empty the journal: everything in it is in the data file now (called under the data file's lock).

    Emptied, not removed, so that the next keystroke needs no new name made
    durable. Not flushed: a journal that comes back after a power cut holds
    lines that are in the file already, and merging them again changes nothing.
    """
    try:
        fd = os.open(journal_path(path), os.O_WRONLY | os.O_TRUNC)
    except FileNotFoundError:
        return
    os.close(fd)


_UNMERGED = ".unmerged-"  # between a set-aside journal's name and the moment it was set aside


def set_aside_ones(path: Path) -> list[Path]:
    """The journals of ``path`` that :func:`set_aside` kept, oldest first."""
    source = journal_path(path)
    try:
        names = os.listdir(source.parent)
    except OSError:
        return []
    return [source.with_name(name) for name in sorted(names) if name.startswith(source.stem + _UNMERGED)]


def set_aside(path: Path) -> Path | None:
    """Keep a journal that cannot be merged (another database at this path) beside itself; where it went."""
    source = journal_path(path)
    target = source.with_name(f"{source.stem}{_UNMERGED}{time.strftime('%Y%m%dT%H%M%S')}.jsonl")
    try:
        os.replace(source, target)
    except OSError:
        return None
    return target
