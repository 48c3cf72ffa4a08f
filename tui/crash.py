"""When the dashboard meets an error nobody expected: a private log, the draft kept, one line.

Textual's own handler prints a traceback with every local variable in it,
which puts titles on the terminal whatever privacy mode says. Chief writes
the traceback (without locals) to a log file in the local state folder,
readable by the user only, keeps the half-typed capture for the next start,
and says one line after the screen is closed.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from pathlib import Path

from chief.store import paths
from chief.store import printable
from chief.store import _

LOG_NAME = "crash.log"
DRAFT_NAME = "draft.json"
LOG_LIMIT = 1_000_000  # bytes: an old log is started afresh rather than grown for ever


def _private_write(target: Path, data: bytes, *, append: bool) -> None:
    """Write ``data`` to a file only the user can read (0600 even if it existed with another mode)."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o600)
    try:
        if hasattr(os, "fchmod"):  # not on Windows
            os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)


def write_log(error: BaseException) -> Path | None:
    """Append the error's traceback to the crash log; its path, or None when it cannot be written."""
    target = paths.state_dir() / LOG_NAME
    lines = traceback.format_exception(type(error), error, error.__traceback__)  # no locals: no titles from them
    entry = f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} chief dashboard\n{''.join(lines)}\n"
    try:
        fresh = target.exists() and target.stat().st_size > LOG_LIMIT
        _private_write(target, entry.encode("utf-8", "backslashreplace"), append=not fresh)
    except OSError:
        return None
    return target


def keep_draft(text: str, kind: str) -> Path | None:
    """Keep a half-typed capture for the next start; its path, or None when there was none or no room."""
    if not text.strip():
        return None
    target = paths.state_dir() / DRAFT_NAME
    try:
        _private_write(target, json.dumps({"text": text, "kind": kind}).encode("ascii"), append=False)
    except OSError:
        return None
    return target


def take_draft() -> tuple[str, str] | None:
    """The capture kept by a crash, as (text, kind), removed from the state folder; None when there is none."""
    target = paths.state_dir() / DRAFT_NAME
    try:
        kept = json.loads(target.read_text(encoding="ascii"))
        target.unlink()
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or not isinstance(kept.get("text"), str):
        return None
    return kept["text"], "interrupt" if kept.get("kind") == "interrupt" else "task"


def crash_line(log: Path | None, draft: Path | None) -> str:
    """The one line the user reads after the dashboard closed on an unexpected error."""
    if log:
        where = _("the details are in {path}").format(path=printable(str(log)))
    else:
        where = _("the details could not be written to the state folder")
    kept = _("; the half-typed item comes back in the quick-add bar next time") if draft else ""
    return _("the dashboard stopped on an unexpected error; everything saved is safe, {where}{kept}").format(
        where=where, kept=kept)
