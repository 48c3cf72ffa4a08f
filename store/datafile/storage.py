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
import io
import os
import stat
import time

from chief.store import json_text
from chief.store.datafile import afterwards, notes, paths, platform_io
from chief.store.i18n import N_, _
from chief.store.i18n.reasons import json_reason, os_reason
from chief.store.sync.merge import merge_record
from chief.store.errors import ChiefError
from chief.store.lazy_pattern import lazy_compile
from chief.store.structs import replace, struct

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Callable, Iterable, Iterator
    from chief.store.datafile.reread import Earlier

TEMP_PREFIX = ".~tmp."  # dot-tilde names are ignored by Dropbox and Nextcloud; see the README for .stignore
LOCK_PREFIX = ".~lock."
BACKUP_KEEP = 5
BACKUP_EVERY_S = 10 * 60


class DataFileError(ChiefError):
    """The data file cannot be used; the message is one line for the user."""


class SaveError(DataFileError):
    """The file could not be written (full disk, read-only, locked); what we had is kept."""


class Replaced(SaveError):
    """Another program replaced the file while we saved: nothing of ours was written; read it again and redo."""


class CorruptFile(DataFileError):
    """The data file is not a Chief database (garbage, truncated or empty)."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


@struct(frozen=True)
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


def _beside(path: str | os.PathLike[str], name: str) -> str:
    """``path.with_name(name)``, as text."""
    return os.path.join(os.path.dirname(paths.path_text(path)), name)


def lock_path_text(path: str | os.PathLike[str]) -> str:
    """The lock file beside the data file."""
    return _beside(path, LOCK_PREFIX + os.path.basename(paths.path_text(path)))


def lock_path(path: str | os.PathLike[str]) -> Path:
    """:func:`lock_path_text` as a ``Path``."""
    return paths.as_path(lock_path_text(path))


def backup_dir_text(path: str | os.PathLike[str]) -> str:
    # a dot-tilde name: local to this machine, like the temp and lock files (see the README)
    return _beside(path, ".~" + os.path.basename(paths.path_text(path)) + ".backups")


def backup_dir(path: str | os.PathLike[str]) -> Path:
    """:func:`backup_dir_text` as a ``Path``."""
    return paths.as_path(backup_dir_text(path))


# Characters JSON allows raw but that should never sit raw in the file: DEL and
# the C1 controls (terminal escapes), and what str.splitlines() and editors take
# for line breaks. Escaped, the file stays "one record per line" and inert.
# A lone surrogate (from a "\ud800" another machine wrote) cannot be UTF-8 at
# all: escaped, it is written back exactly as it came (see store/sync/poison.py).
_RAW_UNSAFE = lazy_compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")  # none is printable: see escape_unsafe
_encode = json_text.encoder(ensure_ascii=False, sort_keys=True)  # json.JSONEncoder(these).encode, made once: C speed
# A key written without escapes: one or more of these (stripping them all leaves nothing; no pattern to compile).
PLAIN_KEY_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.-"


def escape_unsafe(text: str) -> str:
    if text.isprintable() or not _RAW_UNSAFE.search(text):  # each character it escapes is unprintable to Python
        return text
    return _RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _key(key: str) -> str:
    return f'"{key}"' if key and not key.strip(PLAIN_KEY_CHARACTERS) else _encode(str(key))


def table_header(table: str) -> str:
    """A table's header line as it is in the file."""
    return escape_unsafe(_key(table) + ": {")


def record_line(key: str, record: Any) -> str:
    """One record as its line in the file (without the comma that may follow it)."""
    return escape_unsafe(f"{_key(key)}: {_encode(record)}")


def serialize(data: dict[str, dict[str, Any]]) -> str:
    """The file's text: tables and records in key order, one record per line.

    Python's C JSON encoder is only used without ``indent``, so each record is
    dumped flat and the lines are joined by hand. Control characters are
    escaped by ``json`` whatever ``ensure_ascii`` says; the few it leaves raw
    are escaped here, a few hundred lines at a time (see ``_pieces``).
    """
    return "".join(_pieces(data))


def serialize_bytes(data: dict[str, dict[str, Any]]) -> bytes:
    """``serialize(data)`` encoded, without ever holding the whole file as text.

    A large file's text is twice its bytes and more (one Chinese character
    makes every character of a str take two bytes), and building it took a
    list of every line besides: some 25 MB at 10,000 items, held at once with
    the bytes it then encoded to. Here each piece is encoded as it comes, into
    one buffer that becomes the bytes without a copy.
    """
    buffer = io.BytesIO()
    for piece in _pieces(data):
        buffer.write(piece.encode("utf-8"))
    return buffer.getvalue()


_PIECE_LINES = 512  # lines joined, escaped and handed on at a time


def _pieces(data: dict[str, dict[str, Any]]) -> Iterator[str]:
    """The file's text in pieces of a few hundred whole lines, each escaped (``escape_unsafe`` works per character)."""
    lines = ["{"]
    tables = sorted(data)
    encode = _encode
    for t, table in enumerate(tables):
        lines.append(table_header(table))
        records = data[table]
        keys = sorted(records)
        last = len(keys) - 1
        for r, key in enumerate(keys):
            lines.append(f"{_key(key)}: {encode(records[key])}{',' if r < last else ''}")
            if len(lines) >= _PIECE_LINES:
                lines.append("")  # the line break after the piece's last line
                yield escape_unsafe("\n".join(lines))
                lines = []
        lines.append("}," if t < len(tables) - 1 else "}")
    lines.append("}")
    lines.append("")
    yield escape_unsafe("\n".join(lines))


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
        raise CorruptFile(_('{path} is empty').format(path=path), path)
    try:
        data = json_text.loads(text)
        if duplicates is not None or _may_repeat_keys(text, data):
            import json  # the hook is json's: only for a file that may repeat a key

            data = json.loads(text, object_pairs_hook=_joining_duplicates(duplicates))
    except RecursionError:
        from chief.store.sync.poison import read_by_lines  # rare: loaded only for such a file

        data = read_by_lines(text)  # a record nested too deeply for the reader: read record by record
    except ValueError as err:
        from json import JSONDecodeError  # what the reader raised has loaded it already

        if not isinstance(err, JSONDecodeError):
            raise  # not a reading error (an integer too long to convert, say): as before, not ours to word
        raise CorruptFile(_('{path} is not valid JSON (line {lineno}: {msg})').format(path=path, lineno=err.lineno, msg=json_reason(err)), path) from None
    if data is None:
        raise CorruptFile(_("{path} is nested too deeply to read, and not in Chief's one-record-per-line layout").format(path=path), path)
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptFile(_('{path} is JSON but not a Chief database (expected tables of records)').format(path=path), path)
    return data


def read_file(path: Path, *, follow: bool = False) -> tuple[dict[str, dict[str, Any]] | None, Signature | None]:
    """The file's tables and signature; ``(None, None)`` when it does not exist."""
    data, signature, _rest = read_file_text(path, follow=follow)
    return data, signature


# The largest file Chief reads. Ten years of a busy chief's items, archived yearly, stay
# well under 10 MB a file; parsing holds about ten times the file in memory, so 64 MiB
# (some 600 MB while parsing) is the most a laptop running other work can spare. Anything
# bigger is not a Chief file (a peer's /dev/zero, a disk image under the wrong name).
MAX_FILE_BYTES = 64 * 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO that slipped past the checks must not hang the open


SYMLINK = N_("a symbolic link")


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in English ("" for a regular file): ``_(kind)`` says it to the user."""
    for test, words in ((stat.S_ISLNK, SYMLINK), (stat.S_ISDIR, N_("a directory")), (stat.S_ISFIFO, N_("a FIFO")),
                        (stat.S_ISCHR, N_("a device")), (stat.S_ISBLK, N_("a device")), (stat.S_ISSOCK, N_("a socket"))):
        if test(mode):
            return words
    return "" if stat.S_ISREG(mode) else N_("not a regular file")


def odd_kind(path: Path) -> str:
    """What ``path`` is if it is there but not a regular file (SYMLINK, "a FIFO", ...; ``_(kind)`` for the user); else ""."""
    try:
        return _kind(os.lstat(path).st_mode)
    except OSError:
        return ""


def require_regular(path: Path) -> None:
    """Refuse, before any lock or temp file is made beside it, a data file that is a FIFO, a device, a link..."""
    kind = odd_kind(path)
    if kind:
        raise _not_a_file(path, kind)


def _not_a_file(path: Path, kind: str) -> DataFileError:
    return DataFileError(_("{path} is {kind}, not a data file").format(path=path, kind=_(kind)))


def _too_big(path: Path, size: int) -> DataFileError:
    return DataFileError(_("{path} is larger than {limit} MiB ({size:,} bytes): too big to be a Chief file, not read")
                         .format(path=path, limit=MAX_FILE_BYTES // 2**20, size=size))


def read_regular(path: Path, *, follow: bool = False) -> tuple[bytes, os.stat_result] | None:
    """The bytes and status of ``path`` if it is a regular file of sane size; None if it does not exist.

    Opened by :func:`open_regular`, which says why it reads nothing else. At
    most ``MAX_FILE_BYTES`` + 1 bytes are ever read into memory.
    """
    found = open_regular(path, follow=follow)
    if found is None:
        return None
    fd, st = found
    try:
        with open(fd, "rb", closefd=False) as handle:
            raw = handle.read(st.st_size + 1)  # one read of the size fstat gave (no 64 MiB buffer for a small file)
            if len(raw) > st.st_size:  # it grew while we read: the rest, bounded
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    except OSError as err:
        raise DataFileError(_('cannot read {path}: {strerror}').format(path=path, strerror=os_reason(err))) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(path, len(raw))
    return raw, st


def open_regular(path: Path, *, follow: bool = False) -> tuple[int, os.stat_result] | None:
    """A descriptor open for reading and the status of ``path`` if it is a regular file of sane size; None if it does not exist.

    A peer can sync anything under a name Chief reads: a symbolic link to a
    private file, a FIFO, a device. So the name is looked at first without
    following it (``follow`` only for a file the user named: ``chief merge``,
    ``chief import``), opened without following links and without blocking,
    and the open file itself checked (fstat: the name may have been swapped in
    between; another regular file, a sync tool's rename, is fine). The caller
    closes the descriptor.
    """
    try:
        before = os.stat(path) if follow else os.lstat(path)
        if _kind(before.st_mode):
            raise _not_a_file(path, _kind(before.st_mode))
        if before.st_size > MAX_FILE_BYTES:
            raise _too_big(path, before.st_size)
        if not before.st_mode & stat.S_IRUSR:
            raise PermissionError
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0) | (0 if follow else _NOFOLLOW))
    except FileNotFoundError:
        return None
    except PermissionError:
        raise DataFileError(_('cannot read {path}: permission denied').format(path=path)) from None
    except OSError as err:
        if err.errno == errno.ELOOP:  # became a link since the look
            raise _not_a_file(path, SYMLINK) from None
        raise DataFileError(_('cannot read {path}: {strerror}').format(path=path, strerror=os_reason(err))) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped since the look (a sync tool's rename to a new file is fine)
            raise _not_a_file(path, _kind(st.st_mode))
        if st.st_size > MAX_FILE_BYTES:
            raise _too_big(path, st.st_size)
    except OSError as err:
        os.close(fd)
        raise DataFileError(_('cannot read {path}: {strerror}').format(path=path, strerror=os_reason(err))) from None
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_file_text(path: Path, *, follow: bool = False, since: "Earlier | None" = None
                   ) -> tuple[dict[str, dict[str, Any]] | None, Signature | None, bytes | None]:
    """The file's tables, signature and content as read (bytes, for splicing saves); all None when it does not exist.

    Never follows a symbolic link unless ``follow`` (a file the user named):
    the data file's own link is resolved once, up front (``paths.data_file``).
    ``since``: the bytes last read or written and their data; only the lines
    that differ from them are parsed, when the file allows it (see
    ``chief.store.datafile.reread``), else the whole file is.
    """
    found = read_regular(path, follow=follow)
    if found is None:
        return None, None, None
    raw, st = found
    if since is not None:
        from chief.store.datafile.reread import read_changed  # built on this module

        data = read_changed(since, raw)
        if data is not None:
            return data, Signature.from_stat(st), raw
    return parse_bytes(raw, path), Signature.from_stat(st), raw


def parse_bytes(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
    """The tables in a data file's bytes: strict UTF-8, then ``parse``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorruptFile(_('{path} is not UTF-8 text (byte {start})').format(path=path, start=err.start), path) from None
    return parse(text, path)


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
        raise SaveError(_('{path} is read-only: nothing was saved (chmod u+w to allow changes)').format(path=path))


def _digits(text: str) -> bool:
    """ASCII digits only (str.isdigit also takes ² and ٣)."""
    return text.isascii() and text.isdigit()


def remove_stale_temp_files(path: Path) -> None:
    """Remove temp files left by writers that were killed mid-save.

    Called under the lock: no writer of ours is saving right now, so every
    temp file of this data file is a leftover.
    """
    prefix = f"{TEMP_PREFIX}{os.path.basename(path)}."
    folder = os.path.dirname(path)
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return  # as a glob of a folder that cannot be listed: nothing to remove
    for name in names:
        numbers = name[len(prefix):].split(".")  # NAME.PID.COUNT: not chief.json's when this is chief
        if not (name.startswith(prefix) and len(numbers) == 2 and all(map(_digits, numbers))):
            continue
        try:
            os.unlink(os.path.join(folder, name))
        except OSError:
            pass


def _same_file(found: Signature | None, expected: Signature) -> bool:
    return found is not None and (found.inode, found.size, found.mtime_ns) == (
        expected.inode, expected.size, expected.mtime_ns)


def displaced_copy_path(path: str | os.PathLike[str]) -> Path:
    """Where a version that landed while we saved is kept: a name Chief absorbs like Syncthing's."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    tag = "CHIEF" + "".join("0123456789ABCDEFGHJKMNPQRSTVWXYZ"[b % 32] for b in os.urandom(2))
    _folder, stem, suffix = paths.name_parts(path)
    return paths.as_path(_beside(path, f"{stem}.sync-conflict-{stamp}-{tag}{suffix}"))


def write_atomic(path: Path, text: str | bytes | Iterable[bytes | memoryview], expect: Signature | None = None, *,
                 insist: bool = False, remove_later: bool = False, ready: Callable[[], None] | None = None) -> Signature:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file, never half.

    ``text`` may be byte pieces, a list or an iterator, written one after
    another (a splice that never joins them into one copy of the file; an
    iterator may hand out the same buffer again once its last piece is written).
    ``ready`` is called once every piece is written, before anything is
    flushed or renamed: what it raises removes our copy and is raised (an
    ``OSError`` as ``SaveError``, as any; a capture checks there that the
    bytes it copied were the ones it trusted).

    With ``expect`` (the file as we read it), a file another program put in
    its place since is never written over: if the file changed by the time
    our copy is on disk, nothing is renamed and ``Replaced`` asks the caller
    to read again. The check and the rename are two steps, so the rename is
    an atomic exchange where the system has one (``chief.store.datafile.platform_io``): a
    replacement landing between them comes back out, is put back in place,
    and ``Replaced`` is raised too. ``insist`` (a caller that has read again
    enough times) swaps ours in anyway where the system can swap, keeping
    the file it displaced as a conflict copy, merged on the next read.

    ``remove_later`` (the dashboard) removes the old file a swap brought out
    in a thread (``chief.store.datafile.afterwards``), not in the keystroke: it
    is checked to be the file we read before it is let go, under a temp name
    only this save uses; a crash before the thread gets to it leaves a temp
    file, which the next save removes under the lock, as any killed writer's.
    """
    where = paths.path_text(path)  # a Path or text (a capture's): worked on as text, said as given
    directory = os.path.dirname(where) or "."
    tmp = os.path.join(directory, f"{TEMP_PREFIX}{os.path.basename(where)}.{os.getpid()}.{time.monotonic_ns()}")
    pieces = [text.encode("utf-8")] if isinstance(text, str) else [text] if isinstance(text, (bytes, bytearray, memoryview)) else text
    ours: Signature | None = None  # our temp file, once written
    try:
        fd = os.open(tmp, platform_io.OPEN_FLAGS, 0o600)
    except PermissionError:
        raise SaveError(_('cannot write in {directory}: permission denied').format(directory=directory)) from None
    except OSError as err:
        raise SaveError(_('cannot write in {directory}: {strerror}').format(directory=directory, strerror=os_reason(err))) from None
    try:
        try:
            for piece in pieces:
                view = memoryview(piece)  # written here, through this module's os: the fault tests' seam (a full disk)
                while view:
                    view = view[os.write(fd, view):]
            if ready is not None:
                ready()
            platform_io.flush_file(fd)
            ours = Signature.from_stat(os.fstat(fd))
        finally:
            os.close(fd)
        check_writable(path)
        if expect is None:
            platform_io.replace(tmp, path)
        else:
            _swap_in(tmp, path, expect, ours, insist, remove_later)
    except BaseException as err:
        if ours is None or _same_inode(Signature.of(tmp), ours):  # never a file a swap brought out to that name
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(err, OSError):
            reason = os_reason(err)  # a full disk: "the disk is full"
            raise SaveError(_('cannot save {path}: {reason}').format(path=path, reason=reason)) from None
        raise
    try:
        platform_io.flush_folder(directory)
    except OSError as err:
        raise SaveError(_('cannot save {path}: {strerror} (while flushing {directory})').format(path=path, strerror=os_reason(err), directory=directory)) from None
    # the signature of what WE wrote, never a stat of the name now: a sync tool's file renamed in since
    # would be taken for ours, and the next save would write over it without reading it
    return ours


def _swap_in(tmp: Path, path: Path, expect: Signature, ours: Signature, insist: bool, remove_later: bool = False) -> None:
    """Put our temp file in place of the file we read, never over one that landed since (see write_atomic)."""
    found = Signature.of(path)
    changed = found is not None and not _same_file(found, expect)
    if changed and not insist:
        raise Replaced(_('{path} was replaced while Chief saved: read again').format(path=path))
    if not platform_io.exchange(tmp, path):
        if changed:
            raise Replaced(_('{path} was replaced while Chief saved: read again').format(path=path))  # no swap here: never over it
        platform_io.replace(tmp, path)  # no atomic swap here: the check above is all there is
    elif _same_file(Signature.of(tmp), expect):
        if remove_later:
            afterwards.later(tmp, _remove, tmp)
        else:
            os.unlink(tmp)
    elif insist:  # read again enough times: ours stays, what landed is kept beside it and merged next time
        platform_io.replace(tmp, displaced_copy_path(path))
    else:
        _put_back(tmp, path, ours)


def _remove(tmp: Path) -> None:
    """The old file a save swapped out, let go in a thread (``storage.os``: the crash points count it too)."""
    notes.remove(tmp)  # (gone already when the next save's sweep of temp files got there first)


def _put_back(tmp: Path, path: Path, ours: Signature) -> None:
    """Our swap displaced a file that landed after the check: swap it back, then raise ``Replaced``.

    If our file is no longer the one in place (a third rename landed), or the
    swap back fails, whatever came out is kept as a conflict copy beside the
    file, merged on the next read: never lost.
    """
    if platform_io.exchange(tmp, path) and _same_inode(Signature.of(tmp), ours):
        os.unlink(tmp)
        raise Replaced(_('{path} was replaced while Chief saved: read again').format(path=path))
    platform_io.replace(tmp, displaced_copy_path(path))
    raise Replaced(_('{path} was replaced while Chief saved: read again').format(path=path))


def _same_inode(found: Signature | None, ours: Signature) -> bool:
    """Whether a name holds our own file (its inode cannot be reused: it is still linked)."""
    return found is not None and (found.inode, found.size) == (ours.inode, ours.size)


def backup(path: str | os.PathLike[str], *, keep: int = BACKUP_KEEP, every_s: float = BACKUP_EVERY_S,
           good: Signature | None = None) -> Path | None:
    """:func:`keep_backup`, the backup made (if one was) as a ``Path``."""
    made = keep_backup(path, keep=keep, every_s=every_s, good=good)
    return paths.as_path(made) if made is not None else None


def keep_backup(path: str | os.PathLike[str], *, keep: int = BACKUP_KEEP, every_s: float = BACKUP_EVERY_S,
                good: Signature | None = None) -> str | None:
    """Keep the current file as a backup before it is replaced, at most one per ``every_s``; the backup made, as text.

    A hard link costs nothing: the atomic rename that follows gives ``path`` a
    new inode while the link keeps the old content. Only called on a file we
    have just read successfully, so every backup is a good copy, and rotation
    drops only the oldest beyond ``keep``.

    ``good``: the file as the caller read it and knows it good (a capture
    checks its bytes are the ones this machine wrote; a save read and merged
    it). A backup that is still that very file needs no reading to be the last
    good copy rotation keeps; a full read of a backup is otherwise what finds
    it (a capture paid it once every ten minutes: 50 ms at 5,000 items; a
    dashboard's save some 30 MB at the peak at 10,000). With no backup to drop,
    nothing is read at all.
    """
    existing = _backup_entries(path)
    if existing and time.time() - existing[0][0] < every_s:
        return None
    try:
        target = _keep_aside(path, "")
    except OSError:
        return None  # no room or no right to keep one: the save itself will say what is wrong
    beyond = [candidate for _moment, candidate in _backup_entries(path)][keep:]
    if beyond:
        if good is not None and _same_file(Signature.of(target), good):
            last_good: str | None = target
        else:
            found = newest_good_backup(path)
            last_good = os.fspath(found) if found is not None else None
        for old in beyond:
            if old != last_good:  # rotation never drops the last good copy
                notes.remove(old)
    return target


def keep_aside(path: str | os.PathLike[str], label: str) -> Path:
    """Keep the file's current content in the backup folder, named by time (and label)."""
    return paths.as_path(_keep_aside(path, label))


def _keep_aside(path: str | os.PathLike[str], label: str) -> str:
    """:func:`keep_aside`, the copy's path as text."""
    folder = backup_dir_text(path)
    try:
        os.mkdir(folder, 0o700)  # Path.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        if not os.path.isdir(folder):
            raise
    now_ns = time.time_ns()
    stamp = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(now_ns // 10**9))}.{now_ns % 10**9:09d}Z"
    _folder, stem, suffix = paths.name_parts(path)
    target = os.path.join(folder, f"{stem}.{stamp}{'.' + label if label else ''}{suffix}")
    try:
        os.link(path, target)
    except OSError:
        with open(path, "rb") as source:
            content = source.read()
        with open(target, "wb") as copy:
            copy.write(content)
        os.chmod(target, 0o600)
    return target


_STAMP_LENGTH = len("20261203T051700.000000000Z")  # a backup's name: STEM.STAMP[.label]SUFFIX (see keep_aside)


def _backup_moment(name: str, stem: str, suffix: str) -> float | None:
    """When the backup named ``name`` was taken (UTC seconds), or None if it is not a backup of ``stem + suffix``.

    Read by hand as ``STEM\\.(\\d{8}T\\d{6})\\.(\\d{9})Z(\\.[A-Za-z]+)?SUFFIX`` (ASCII digits) would read
    it: a capture lists the backups every time, and neither a pattern nor strptime is worth its start-up.
    A name of that form with no such date (a 13th month) raises ValueError.
    """
    if not (name.startswith(stem + ".") and name.endswith(suffix)):
        return None
    middle = name[len(stem) + 1 : len(name) - len(suffix)]
    stamp, label = middle[:_STAMP_LENGTH], middle[_STAMP_LENGTH:]
    if not (len(stamp) == _STAMP_LENGTH and stamp[8] == "T" and stamp[15] == "." and stamp[25] == "Z"
            and _digits(stamp[:8]) and _digits(stamp[9:15]) and _digits(stamp[16:25])):
        return None
    if label and not (label[0] == "." and label[1:].isascii() and label[1:].isalpha()):
        return None
    moment = datetime.datetime(int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]), int(stamp[9:11]), int(stamp[11:13]),
                               int(stamp[13:15]), tzinfo=datetime.timezone.utc)
    return moment.timestamp() + int(stamp[16:25]) / 10**9


def _backup_entries(path: str | os.PathLike[str]) -> list[tuple[float, str]]:
    """Backups of ``path`` and when each was taken (from its name: a hard link keeps the old file's mtime), newest first."""
    folder = backup_dir_text(path)
    if not os.path.isdir(folder):
        return []
    _folder, stem, suffix = paths.name_parts(path)
    found = []
    for name in os.listdir(folder):
        candidate = os.path.join(folder, name)
        try:
            moment = _backup_moment(name, stem, suffix)  # also for a file with no extension
        except ValueError:  # named as ours, with no such date: its mtime then
            moment = os.stat(candidate).st_mtime
        if moment is not None:
            found.append((moment, candidate))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return found


def list_backups(path: str | os.PathLike[str]) -> list[Path]:
    """Backups of ``path``, newest first."""
    return [paths.as_path(candidate) for _moment, candidate in _backup_entries(path)]


def newest_good_backup(path: Path) -> Path | None:
    for candidate in list_backups(path):
        try:
            read_file(candidate)
        except DataFileError:
            continue
        return candidate
    return None


def keep_private(path: Path, signature: Signature) -> Signature:
    """Take back what a checkout gave others (git writes files 0644): the data is confidential work.

    Returns the signature the file has now, so that the change of mode is not
    taken for a change of content. A file we may not chmod is left as it is.
    """
    if not signature.mode & 0o077:
        return signature
    try:
        os.chmod(path, stat.S_IMODE(signature.mode) & ~0o077)
    except OSError:
        return signature
    return replace(signature, mode=signature.mode & ~0o077)


def is_private(path: Path) -> bool:
    """Whether only the owner can read the file (the data is confidential work)."""
    return stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0


def __getattr__(name: str) -> Any:
    """``ChiefStorage`` on first use (``chief.store.datafile.tinystore``): a capture never loads TinyDB."""
    if name == "ChiefStorage":
        from chief.store.datafile.tinystore import ChiefStorage

        return ChiefStorage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
