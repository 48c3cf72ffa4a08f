"""The data file: a TinyDB JSON file that survives crashes and sync tools.

TinyDB's own ``JSONStorage`` keeps the file open and writes in place, which a
crash can truncate and a file synchroniser (which replaces files by rename)
silently defeats. This storage opens the file on every read and replaces it
atomically on every write: temp file in the same directory, fsync, rename,
fsync of the directory. The file is private (0600), UTF-8 with Chinese kept
as Chinese, one record per line with sorted keys, so diffs stay readable.
"""

from __future__ import annotations

import datetime
import errno
import json
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from chief.store.sync.merge import merge_record
from chief.store.errors import ChiefError

TEMP_PREFIX = ".~tmp."  # dot-tilde names are ignored by Dropbox and Nextcloud; see the README for .stignore
LOCK_PREFIX = ".~lock."
BACKUP_KEEP = 5
BACKUP_EVERY_S = 10 * 60


class DataFileError(ChiefError):
    """The data file cannot be used; the message is one line for the user."""


class SaveError(DataFileError):
    """The file could not be written (full disk, read-only, locked); what we had is kept."""


class CorruptFile(DataFileError):
    """The data file is not a Chief database (garbage, truncated or empty)."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class Signature:
    """What a file looked like when we read it, to notice a replacement since."""

    inode: int
    size: int
    mtime_ns: int
    mode: int  # a chmod is a change too: the file may have become unreadable

    @classmethod
    def of(cls, path: Path) -> "Signature | None":
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        return cls.from_stat(st)

    @classmethod
    def from_stat(cls, st: os.stat_result) -> "Signature":
        return cls(st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode)


def lock_path(path: Path) -> Path:
    return path.with_name(LOCK_PREFIX + path.name)


def backup_dir(path: Path) -> Path:
    # a dot-tilde name: local to this machine, like the temp and lock files (see the README)
    return path.with_name(".~" + path.name + ".backups")


# Characters JSON allows raw but that should never sit raw in the file: DEL and
# the C1 controls (terminal escapes), and what str.splitlines() and editors take
# for line breaks. Escaped, the file stays "one record per line" and inert.
_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # built once: C speed, no set-up per record
_PLAIN_KEY = re.compile(r"[0-9A-Za-z_.-]+")


def escape_unsafe(text: str) -> str:
    if not _RAW_UNSAFE.search(text):
        return text
    return _RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _key(key: str) -> str:
    return f'"{key}"' if _PLAIN_KEY.fullmatch(key) else _ENCODER.encode(str(key))


def table_header(table: str) -> str:
    """A table's header line as it is in the file."""
    return escape_unsafe(_key(table) + ": {")


def record_line(key: str, record: Any) -> str:
    """One record as its line in the file (without the comma that may follow it)."""
    return escape_unsafe(f"{_key(key)}: {_ENCODER.encode(record)}")


def serialize(data: dict[str, dict[str, Any]]) -> str:
    """The file's text: tables and records in key order, one record per line.

    Python's C JSON encoder is only used without ``indent``, so each record is
    dumped flat and the lines are joined by hand. Control characters are
    escaped by ``json`` whatever ``ensure_ascii`` says; the few it leaves raw
    are escaped here, in one pass over the whole text.
    """
    lines = ["{"]
    tables = sorted(data)
    encode = _ENCODER.encode
    for t, table in enumerate(tables):
        lines.append(table_header(table))
        records = data[table]
        keys = sorted(records)
        last = len(keys) - 1
        lines.extend(f"{_key(key)}: {encode(records[key])}{',' if r < last else ''}" for r, key in enumerate(keys))
        lines.append("}," if t < len(tables) - 1 else "}")
    lines.append("}")
    return escape_unsafe("\n".join(lines) + "\n")


def _joining_duplicates(found: list[str] | None):
    """A JSON object hook for keys given twice (a hand edit, a bad merge): merge, never drop.

    Two records under one id are two copies of one record, so they are merged
    field by field like any two copies; other repeated keys keep the last value.
    """

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                if found is not None:
                    found.append(key)
                if isinstance(result[key], dict) and isinstance(value, dict):
                    value = merge_record(result[key], value)
            result[key] = value
        return result

    return hook


def _may_repeat_keys(text: str, data: Any) -> bool:
    """Whether the text may hold a key twice (json.loads silently keeps the last).

    Chief writes one record per line, so more record lines than records means a
    repeated id; the slow, careful parse runs only then (or on a hand-made file).
    """
    if not isinstance(data, dict):
        return False
    lines = text.count('\n"')
    return lines != len(data) + sum(len(t) for t in data.values() if isinstance(t, dict))


def parse(text: str, path: Path, duplicates: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Read the file's text into tables, refusing anything that is not one."""
    if not text or text.isspace():  # isspace, not strip: no copy of a large file
        raise CorruptFile(f"{path} is empty", path)
    try:
        data = json.loads(text)
        if duplicates is not None or _may_repeat_keys(text, data):
            data = json.loads(text, object_pairs_hook=_joining_duplicates(duplicates))
    except json.JSONDecodeError as err:
        raise CorruptFile(f"{path} is not valid JSON (line {err.lineno}: {err.msg})", path) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptFile(f"{path} is JSON but not a Chief database (expected tables of records)", path)
    return data


def read_file(path: Path) -> tuple[dict[str, dict[str, Any]] | None, Signature | None]:
    """The file's tables and signature; ``(None, None)`` when it does not exist."""
    data, signature, _ = read_file_text(path)
    return data, signature


def read_file_text(path: Path) -> tuple[dict[str, dict[str, Any]] | None, Signature | None, bytes | None]:
    """The file's tables, signature and content as read (bytes, for splicing saves); all None when it does not exist."""
    try:
        if not os.stat(path).st_mode & stat.S_IRUSR:
            raise PermissionError
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except FileNotFoundError:
        return None, None, None
    except IsADirectoryError:
        raise DataFileError(f"{path} is a directory, not a data file") from None
    except PermissionError:
        raise DataFileError(f"cannot read {path}: permission denied") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorruptFile(f"{path} is not UTF-8 text (byte {err.start})", path) from None
    return parse(text, path), Signature.from_stat(st), raw


def check_writable(path: Path) -> None:
    """Refuse to replace a file its owner made read-only.

    The mode is checked, not ``os.access``: root may write anything, but a
    chmod -w is the user saying "do not change this file".
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if not mode & stat.S_IWUSR:
        raise SaveError(f"{path} is read-only: nothing was saved (chmod u+w to allow changes)")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temp_files(path: Path) -> None:
    """Remove temp files left by writers that were killed mid-save.

    Called under the lock: no writer of ours is saving right now, so every
    temp file of this data file is a leftover.
    """
    for leftover in path.parent.glob(f"{TEMP_PREFIX}{path.name}.*"):
        try:
            leftover.unlink()
        except OSError:
            pass


def _exchange(first: Path, second: Path) -> bool:
    """Swap two files atomically (Linux renameat2 RENAME_EXCHANGE); False where that is not possible."""
    import ctypes  # only when saving over a file we read

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, rename_exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOENT, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code))


def _same_file(found: Signature | None, expected: Signature) -> bool:
    return found is not None and (found.inode, found.size, found.mtime_ns) == (
        expected.inode, expected.size, expected.mtime_ns)


def displaced_copy_path(path: Path) -> Path:
    """Where a version that landed while we saved is kept: a name Chief absorbs like Syncthing's."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    tag = "CHIEF" + "".join("0123456789ABCDEFGHJKMNPQRSTVWXYZ"[b % 32] for b in os.urandom(2))
    return path.with_name(f"{path.stem}.sync-conflict-{stamp}-{tag}{path.suffix}")


def write_atomic(path: Path, text: str | bytes, expect: Signature | None = None) -> Signature:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file, never half.

    With ``expect`` (the file as we read it), the new file is swapped in
    atomically and the file it displaced is checked: if a sync tool had put
    another version there meanwhile, that version is kept beside the file as
    a conflict copy, merged on the next read, instead of being lost.
    """
    directory = path.parent
    tmp = directory / f"{TEMP_PREFIX}{path.name}.{os.getpid()}.{time.monotonic_ns()}"
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except PermissionError:
        raise SaveError(f"cannot write in {directory}: permission denied") from None
    except OSError as err:
        raise SaveError(f"cannot write in {directory}: {err.strerror}") from None
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        check_writable(path)
        if expect is not None and _exchange(tmp, path):
            if _same_file(Signature.of(tmp), expect):
                os.unlink(tmp)
            else:
                os.replace(tmp, displaced_copy_path(path))
        else:
            os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(err, OSError):
            reason = {
                errno.ENOSPC: "the disk is full",
                errno.EDQUOT: "the disk quota is used up",
                errno.EFBIG: "the file size limit was reached",
            }.get(err.errno, err.strerror)
            raise SaveError(f"cannot save {path}: {reason}") from None
        raise
    _fsync_dir(directory)
    return Signature.of(path)  # type: ignore[return-value]


def backup(path: Path, *, keep: int = BACKUP_KEEP, every_s: float = BACKUP_EVERY_S) -> Path | None:
    """Keep the current file as a backup before it is replaced, at most one per ``every_s``.

    A hard link costs nothing: the atomic rename that follows gives ``path`` a
    new inode while the link keeps the old content. Only called on a file we
    have just read successfully, so every backup is a good copy, and rotation
    drops only the oldest beyond ``keep``.
    """
    existing = list_backups(path)
    if existing and time.time() - backup_time(existing[0]) < every_s:
        return None
    try:
        target = keep_aside(path, "")
    except OSError:
        return None  # no room or no right to keep one: the save itself will say what is wrong
    last_good = newest_good_backup(path)
    for old in list_backups(path)[keep:]:
        if old != last_good:  # rotation never drops the last good copy
            old.unlink(missing_ok=True)
    return target


def keep_aside(path: Path, label: str) -> Path:
    """Keep the file's current content in the backup folder, named by time (and label)."""
    folder = backup_dir(path)
    folder.mkdir(mode=0o700, exist_ok=True)
    now_ns = time.time_ns()
    stamp = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(now_ns // 10**9))}.{now_ns % 10**9:09d}Z"
    target = folder / f"{path.stem}.{stamp}{'.' + label if label else ''}{path.suffix}"
    try:
        os.link(path, target)
    except OSError:
        target.write_bytes(path.read_bytes())
        os.chmod(target, 0o600)
    return target


_BACKUP_STAMP = re.compile(r"\.(\d{8}T\d{6})\.(\d{9})Z")


def backup_time(backup_path: Path) -> float:
    """When a backup was taken, from its name (a hard link keeps the old file's mtime)."""
    found = _BACKUP_STAMP.search(backup_path.name)
    if not found:
        return backup_path.stat().st_mtime
    text = found.group(1)  # YYYYmmddTHHMMSS, UTC (read by hand: strptime costs a capture 2 ms of imports)
    try:
        moment = datetime.datetime(int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[9:11]), int(text[11:13]),
                                   int(text[13:15]), tzinfo=datetime.timezone.utc)
    except ValueError:  # a name that only looks like ours
        return backup_path.stat().st_mtime
    return moment.timestamp() + int(found.group(2)) / 10**9


def list_backups(path: Path) -> list[Path]:
    """Backups of ``path``, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.name.startswith(path.stem + ".") and p.suffix == path.suffix]
    return sorted(found, key=backup_time, reverse=True)


def newest_good_backup(path: Path) -> Path | None:
    for candidate in list_backups(path):
        try:
            read_file(candidate)
        except DataFileError:
            continue
        return candidate
    return None


class ChiefStorage(Storage):
    """TinyDB storage over the safe file, with an explicit batch for transactions.

    Inside :meth:`batch` TinyDB's reads and writes go to memory, so a command
    that does several table operations reads the file once and writes it once.
    Outside a batch every read opens the file and every write replaces it.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._batch: dict[str, dict[str, Any]] | None = None
        self.dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._batch is not None:
            return self._batch
        data, _ = read_file(self.path)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._batch is not None:
            self._batch = data
            self.dirty = True
            return
        write_atomic(self.path, serialize(data))

    def begin(self, data: dict[str, dict[str, Any]]) -> None:
        self._batch = data
        self.dirty = False

    def end(self) -> dict[str, dict[str, Any]]:
        data, self._batch = self._batch or {}, None
        return data

    def close(self) -> None:
        self._batch = None


def is_private(path: Path) -> bool:
    """Whether only the owner can read the file (the data is confidential work)."""
    return stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0
