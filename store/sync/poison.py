"""Values from another machine that Chief cannot understand: found, named, set aside.

A sync tool can bring anything into the file: JSON nested a thousand levels
deep, a lone surrogate escape ("\\ud800", which no UTF-8 file and no terminal
can hold), a clock that is a number, a list where a map belongs, stamps that
are not stamps. One such value must never stop the chief's work, so each is
set aside and everything else keeps working. Where it goes depends on whose
it is:

- A record (an item, a member) is the user's work, maybe written by a newer
  Chief: it stays in the file exactly as the other machine wrote it, is
  listed as a problem (the dashboard's header, ``chief doctor``) and is left
  out of the board. Every machine keeps the same bytes, merges still agree,
  and fixing it on the machine that wrote it fixes it everywhere. A record
  nested too deeply to be read at all is kept in the file as its JSON text
  (``{"_unreadable": TEXT}``): the same content, in a form that can be read.
- A value of the meta record is Chief's own bookkeeping (the clock, the
  devices' marks, the database id): Chief cannot work around a bad one, so it
  is replaced, and the bad value is quarantined first, in a file beside the
  data file (NAME.quarantined-TIME-PID.json, mode 0600) that ``chief doctor``
  names until the user deletes it.
"""

from __future__ import annotations

import os
import time

from chief.store.i18n import _
from chief.store.sync.hlc import bound_now, is_stamp_text, parse_stamp
from chief.store.sync.merge import DELETED, STAMPS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Mapping

NESTED_STEPS = "steps"  # an item's steps: records with stamps of their own (merge.NESTED)

# Chief writes records four levels deep at most; 32 leaves a newer Chief room and keeps every recursive
# step on a record (copying, comparing, encoding) far from Python's recursion limit.
MAX_DEPTH = 32
UNREADABLE = "_unreadable"  # a record kept as its JSON text: it could not be read as JSON


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (it cannot be written as UTF-8 or shown).

    Surrogates are the only characters strict UTF-8 refuses, and none is printable: most
    text is answered by ``isascii``/``isprintable`` at C speed, the rest by encoding it.
    """
    if text.isascii() or text.isprintable():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _content_trouble(value: Any, depth: int = 0) -> str | None:
    """Why a value cannot be used: text that is not Unicode, or nesting too deep; None when it can."""
    stack = [(value, depth)]
    while stack:
        current, level = stack.pop()
        kind = type(current)
        if kind is str:
            if not current.isascii() and has_surrogate(current):  # isascii inline: every field of every record
                return _("holds text that is not valid Unicode (a lone surrogate)")
        elif kind is dict or kind is list:
            if level >= MAX_DEPTH:
                return _("is nested more than {depth} levels deep").format(depth=MAX_DEPTH)
            if kind is dict:
                stack.extend((k, level) for k in current)
                stack.extend((v, level + 1) for v in current.values())
            else:
                stack.extend((v, level + 1) for v in current)
    return None


def _record_content_trouble(record: Mapping[str, Any], depth: int = 0) -> str | None:
    """``_content_trouble`` for a record, its plain fields checked in place (most are short ASCII).

    An item's steps are records too (``depth`` 2 below the item): each is checked the same way.
    """
    for name, value in record.items():
        if name == NESTED_STEPS and depth == 0 and type(value) is dict:
            for key, step in value.items():
                if not key.isascii() and has_surrogate(key):  # isascii inline: every field of every record
                    return _("holds a field name that is not valid Unicode (a lone surrogate)")
                trouble = _record_content_trouble(step, 2) if type(step) is dict else _content_trouble(step, 2)
                if trouble:
                    return trouble
            continue
        if not name.isascii() and has_surrogate(name):  # isascii inline: every field of every record
            return _("holds a field name that is not valid Unicode (a lone surrogate)")
        kind = type(value)
        if kind is str:
            if not value.isascii() and has_surrogate(value):  # isascii inline: every field of every record
                return _("holds text that is not valid Unicode (a lone surrogate)")
        elif kind is dict and all(type(v) is str and v.isascii() and k.isascii() for k, v in value.items()):
            continue  # a map of plain text, such as the stamps: nothing deeper to look at
        elif kind is dict or kind is list:
            trouble = _content_trouble(value, depth + 1)
            if trouble:
                return trouble
    return None


def _newest_in(stamps: Any) -> str | None:
    """The greatest stamp of a stamp map, "" for an empty one; None when it is not a map of text."""
    if type(stamps) is not dict:
        return None
    for value in stamps.values():
        if type(value) is not str:
            return None
    return max(stamps.values(), default="")


def record_trouble(record_id: str, record: Mapping[str, Any]) -> str | None:
    """Why a stored record cannot be used as it is (set aside, kept in the file), or None.

    Checked for every record a board reads: its bookkeeping (stamps, the
    tombstone) must be what Chief writes, its newest stamp must not be from
    the future (it would win every merge against later edits, see
    store/sync/hlc.py), no text in it may hold a lone surrogate, and it may not
    be nested deeper than MAX_DEPTH. Written for speed: it runs on every
    record a board parses.
    """
    if has_surrogate(record_id):
        return _("its id is not valid Unicode (a lone surrogate)")
    if UNREADABLE in record:
        return _("it was nested too deeply to read and is kept in the file as text")
    newest = ""
    for name in (STAMPS, DELETED):
        if name in record and not (name == DELETED and record[name] is None):
            found = _newest_in(record[name])
            if found is None:
                return _("its {name} is not a map of clock stamps").format(name=name)
            newest = max(newest, found)
    if NESTED_STEPS in record:
        found = _nested_newest(record[NESTED_STEPS])
        if found is None:
            return _("its steps are not a map of records with clock stamps")
        newest = max(newest, found)
    if newest:
        if not is_stamp_text(newest):
            return _("its stamp {stamp} is not a clock stamp").format(stamp=repr(newest[:40]))
        if newest > bound_now():
            return _("it is stamped in the future ({day}): a clock that far ahead cannot be right").format(day=_when(newest))
    return _record_content_trouble(record)


def _nested_newest(steps: Any) -> str | None:
    """The greatest stamp of an item's steps (store/sync/merge.py NESTED), or None when their bookkeeping is damaged.

    Each step carries stamps of its own; one from the future would win every
    merge against later ticks of that step, so it is judged as a record's are.
    """
    if type(steps) is not dict:
        return None
    newest = ""
    for step in steps.values():
        if type(step) is not dict:
            return None
        for name in (STAMPS, DELETED):
            if name in step and not (name == DELETED and step[name] is None):
                found = _newest_in(step[name])
                if found is None or (found and not is_stamp_text(found)):
                    return None
                newest = max(newest, found)
    return newest


def _when(stamp: str) -> str:
    try:
        return time.strftime("%Y-%m-%d", time.gmtime(parse_stamp(stamp)[0] / 1000))
    except (ValueError, OverflowError, OSError):
        return "?"


def _good_stamp(value: Any, bound: str) -> bool:
    try:
        parse_stamp(value)
    except ValueError:
        return False
    return value <= bound


def _good_name(value: Any) -> bool:
    return isinstance(value, str) and not has_surrogate(value)


def clean_meta(meta: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The meta record with every value Chief cannot use taken out, and those values by name.

    Values are judged one by one (one bad device mark does not cost the
    others). The schema is not judged here: a schema Chief does not know may
    be a newer Chief's, and ``replica.upgrade`` refuses the file for it.
    """
    if not isinstance(meta, dict):
        return {}, {"chief": meta}
    bound = bound_now()
    kept, aside = dict(meta), {}
    checks = {
        "database_id": _good_name,
        "clock": lambda v: _good_stamp(v, bound),
    }
    for name, good in checks.items():
        if name in kept and not good(kept[name]):
            aside[name] = kept.pop(name)
    devices = kept.get("devices")
    if devices is not None:
        if not isinstance(devices, dict):
            aside["devices"] = kept.pop("devices")
        else:
            bad = {d: m for d, m in devices.items() if not (_good_name(d) and _good_stamp(m, bound))}
            if bad:
                aside["devices"] = bad
                kept["devices"] = {d: m for d, m in devices.items() if d not in bad}
    forgotten = kept.get("forgotten")
    if forgotten is not None:
        if not isinstance(forgotten, list):
            aside["forgotten"] = kept.pop("forgotten")
        else:
            bad_names = [d for d in forgotten if not _good_name(d)]
            if bad_names:
                aside["forgotten"] = bad_names
                kept["forgotten"] = [d for d in forgotten if _good_name(d)]
    for name in [n for n in kept if n not in ("schema", "devices", "forgotten")]:
        if name == UNREADABLE or not _good_name(name) or _content_trouble(kept[name], 1):
            aside[name] = kept.pop(name)
    return kept, aside


# records too deep to read ---------------------------------------------------------------------


_TABLE_LINE = r'^("(?:[^"\\]|\\.)*"): \{$'  # text, compiled by re on a damaged file's first read
_RECORD_LINE = r'^("(?:[^"\\]|\\.)*"): (.*?),?$'


def read_by_lines(text: str) -> dict[str, dict[str, Any]] | None:
    """The tables of a file in Chief's layout, one record per line, each too-deep record kept as text.

    None when the text is not in that layout (then the caller refuses it as
    a whole, as before): only a file Chief wrote can be read record by record.
    """
    import json  # a damaged file's reading: not a capture's (json and re cost it some 9 ms to import)
    import re

    lines = text.split("\n")
    if not lines or lines[0] != "{":
        return None
    tables: dict[str, dict[str, Any]] = {}
    records: dict[str, Any] | None = None
    for line in lines[1:]:
        if records is None:
            found = re.match(_TABLE_LINE, line)
            if found:
                records = tables.setdefault(json.loads(found.group(1)), {})
            elif line not in ("}", ""):
                return None
            continue
        if line in ("}", "},"):
            records = None
            continue
        found = re.match(_RECORD_LINE, line)
        if not found:
            return None
        key = json.loads(found.group(1))
        body = found.group(2)
        try:
            records[key] = json.loads(body)
        except RecursionError:
            records[key] = {UNREADABLE: body}  # the same characters, as text
        except ValueError:
            return None
    return tables


# the quarantine for meta values ---------------------------------------------------------------


QUARANTINE_LABEL = "quarantined"


def quarantine_path(path: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.stem}.{QUARANTINE_LABEL}-{stamp}-{os.getpid()}{path.suffix}")


def quarantine_text(path: Path, values: Mapping[str, Any]) -> str:
    """What a quarantine file holds: where the values came from, and the values as they were."""
    import json  # indent: json's own writer

    record = {"from": str(path), "meta": dict(values), "note": "values Chief could not use; delete this file when reviewed"}
    return json.dumps(record, ensure_ascii=True, sort_keys=True, indent=1, default=repr) + "\n"


def quarantined_files(path: Path) -> list[Path]:
    """The quarantine files beside the data file, oldest first."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    prefix = f"{path.stem}.{QUARANTINE_LABEL}-"
    return sorted(path.parent / n for n in names if n.startswith(prefix) and n.endswith(path.suffix))
