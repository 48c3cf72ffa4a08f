"""Items into Chief: Taskwarrior's ``task export`` JSON, and Chief's own CSV.

Everything is read and checked first; only a file without a single problem is
imported, in one transaction (locked, merged, atomic, undoable). A problem is
one line naming the record or the line, and the data file is not touched.

Importing never changes an item that is already there: a Taskwarrior task is
known by its uuid (kept in the item, and the item's id is made from it, so
two machines importing the same file while apart make the same item), a CSV
row by its id. Importing the same file again adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any, Callable

import pendulum

from chief.store.domain import wallclock
from chief.store.i18n import _, ngettext
from chief.store.i18n.reasons import csv_reason, json_reason, type_words
from chief.store.domain.board import ITEMS, TEAM, Board
from chief.store.desk import CommandError, Desk
from chief.store.exchange.export import COLUMNS, csv_value
from chief.store.domain.ids import derived_id, is_id, member_id, new_id
from chief.store.sync.merge import ARCHIVE
from chief.store.domain.model import KINDS, STATUSES, InvalidRecord, Item, Member
from chief.store.domain.recur import Rule, RuleError
from chief.store.sync.replica import Tx
from chief.store.reports.printable import not_text, printable
from chief.store.datafile.storage import DataFileError, read_regular
from chief.store.domain.when import Due
from chief.store.structs import field, struct

FORMATS = ("taskwarrior", "csv")
TASKWARRIOR = "taskwarrior"  # the item field that keeps a task's uuid and tags: {"uuid": ..., "tags": [...]}
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOOSE_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_TW_STATUSES = {"pending": "open", "waiting": "open", "completed": "done", "deleted": "dropped", "recurring": None}
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


class BadImport(CommandError):
    """A file that cannot be imported; one line naming the file and the record or line."""


@struct
class Incoming:
    """One item read from the file, checked, waiting for the transaction."""

    where: str  # "record 3" or "line 4" in the user's language (_record, _line), for messages
    item_id: str
    record: dict[str, Any]
    uuid: str | None = None  # a Taskwarrior task's uuid
    assignee_name: str | None = None  # CSV: the member, by name ...
    assignee_id: str | None = None  # ... and by id


@struct
class Plan:
    source: str  # the file as the user named it
    format: str
    items: list[Incoming]
    templates: int = 0  # Taskwarrior's recurring templates, not imported (their instances are)


@struct
class Result:
    format: str
    added: list[Item] = field(default_factory=list)
    already: int = 0
    members: list[Member] = field(default_factory=list)
    templates: int = 0


# reading the file ---------------------------------------------------------------


def read_plan(path: Path, fmt: str | None, *, name: str | None = None) -> Plan:
    """Read and check the whole file; raises BadImport on the first problem."""
    name = name or str(path)
    if path.is_dir():
        raise BadImport(_('{name} is a folder, not a file').format(name=name))
    try:
        found = read_regular(path, follow=True)  # never a FIFO, a device or 64 MiB+ into memory
    except DataFileError as err:
        raise BadImport(str(err).replace(str(path), name, 1)) from None
    if found is None:
        raise BadImport(_('{name}: no such file').format(name=name))
    raw = found[0]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise BadImport(_('{name} line {line}: not UTF-8 text (byte 0x{value:02x})').format(name=name, line=line, value=raw[err.start])) from None
    if not text.strip():
        raise BadImport(_('{name} is empty: nothing to import').format(name=name))
    fmt = fmt or detect(text)
    now = wallclock.now()
    if fmt == TASKWARRIOR:
        return _read_taskwarrior(text, name, now)
    if fmt == "csv":
        return _read_csv(text, name)
    raise BadImport(_("unknown import format '{fmt}' (choose from {value})").format(fmt=fmt, value=', '.join(FORMATS)))


def detect(text: str) -> str:
    """Taskwarrior's export is JSON; anything else is read as CSV."""
    return TASKWARRIOR if text.lstrip()[:1] in ("[", "{") else "csv"


def _problem(name: str, where: str, message: str) -> BadImport:
    return BadImport(_("{name} {where}: {message}").format(name=name, where=where, message=message))


def _line(number: int) -> str:
    return _("line {number}").format(number=number)


def _record(number: int) -> str:
    return _("record {number}").format(number=number)


def _not_json(err: json.JSONDecodeError) -> str:
    return _("not JSON ({reason})").format(reason=json_reason(err))


def _shown(value: Any) -> str:
    """A value from the file, short, for a message: text quoted, anything else as JSON."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    short = text[:40] + ("..." if len(text) > 40 else "")
    return repr(short) if isinstance(value, str) else short


def _check_item(name: str, where: str, item_id: str, record: dict[str, Any]) -> dict[str, Any]:
    try:
        return Item.from_record(item_id, record).to_record()
    except InvalidRecord as err:
        raise _problem(name, where, str(err)) from None


def _spreadsheet(text: str) -> str:
    """A date as spreadsheets save it (2026/12/1, 2026.12.1 9:30) in ISO form; any other text as it is."""
    found = _LOOSE_DATE.fullmatch(text.strip())
    if found is None:
        return text.strip()
    year, month, day, hour, minute, second = found.groups()
    iso = f"{year}-{int(month):02d}-{int(day):02d}"
    return iso if hour is None else f"{iso} {int(hour):02d}:{minute}:{second or '00'}"


def _moment(value: Any, what: str) -> pendulum.DateTime:
    """An ISO 8601 time (Taskwarrior's 20261201T000000Z too); without a zone, the local one."""
    if not isinstance(value, str):
        raise ValueError(_('{what} is not a time: {value}').format(what=what, value=_shown(value)))
    try:
        moment = dt.datetime.fromisoformat(_spreadsheet(value))
        if moment.tzinfo is None:
            return pendulum.instance(moment, tz=wallclock.local_zone())
        return pendulum.instance(moment).in_timezone("UTC")
    except (ValueError, OverflowError):
        raise ValueError(_('{what} is not a time: {value}').format(what=what, value=_shown(value))) from None


def _stamp(value: Any, what: str) -> str:
    return wallclock.utc_stamp(_moment(value, what))


def _due(value: Any, what: str = "due", *, day_ends: bool = False) -> str:
    """A due time as stored: a plain date stays a whole day.

    With ``day_ends`` (Taskwarrior), a local midnight or 23:59:59 is a whole
    day too: that is how Taskwarrior writes ``due:fri`` and ``due:eod``.
    """
    if isinstance(value, str) and _DATE.fullmatch(_spreadsheet(value)):
        try:
            return Due(dt.date.fromisoformat(_spreadsheet(value))).stored()
        except ValueError:
            raise ValueError(_('{what} is not a date: {value}').format(what=what, value=_shown(value))) from None
    try:
        moment = _moment(value, what)
    except ValueError:
        raise ValueError(_('{what} is not a date: {value}').format(what=what, value=_shown(value))) from None
    local = moment.in_timezone(wallclock.local_zone())
    if day_ends and (local.hour, local.minute, local.second) in ((0, 0, 0), (23, 59, 59)):
        return Due(local.date()).stored()
    return Due(moment).stored()


# Taskwarrior --------------------------------------------------------------------


def _tw_records(text: str, name: str) -> list[tuple[int, Any]]:
    """The tasks in a ``task export``: a JSON array, or one object a line (rc.json.array=off)."""
    try:
        found = json.loads(text)
    except json.JSONDecodeError as err:
        if text.lstrip().startswith("["):
            raise _problem(name, _line(err.lineno), _not_json(err)) from None
    else:
        return list(enumerate(found if isinstance(found, list) else [found], 1))
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip().rstrip(",")
        if not line:
            continue
        try:
            records.append((len(records) + 1, json.loads(line)))
        except json.JSONDecodeError as err:
            raise _problem(name, _line(number), _not_json(err)) from None
    return records


def _read_taskwarrior(text: str, name: str, now: pendulum.DateTime) -> Plan:
    records = _tw_records(text, name)
    _refuse_chief_json(records, name)
    plan = Plan(name, TASKWARRIOR, [])
    seen: dict[str, str] = {}
    for number, task in records:
        where = _record(number)
        if (bad := not_text(task)) is not None:  # a "\ud800" escape: text that cannot be saved
            raise _problem(name, where, _("'{text}' is not valid UTF-8 text").format(text=printable(bad[:40])))
        try:
            incoming = _tw_item(task, where, now)
        except ValueError as err:
            raise _problem(name, where, str(err)) from None
        if incoming is None:
            plan.templates += 1
            continue
        if incoming.uuid in seen:
            raise _problem(name, where, _("uuid {uuid} appears twice (also {where})").format(uuid=incoming.uuid, where=seen[incoming.uuid]))
        seen[incoming.uuid] = where  # type: ignore[index]
        incoming.record = _check_item(name, where, incoming.item_id, incoming.record)
        plan.items.append(incoming)
    return plan


def _refuse_chief_json(records: list[tuple[int, Any]], name: str) -> None:
    """Chief's own data file and JSON export are not Taskwarrior's: say what to do instead."""
    first = records[0][1] if records else None
    if isinstance(first, dict) and "items" in first and "uuid" not in first:
        raise BadImport(_("{name} is a Chief data file, not a Taskwarrior export: use 'chief merge {name}'").format(name=name))
    if isinstance(first, dict) and "title" in first and "description" not in first:
        raise BadImport(_("{name} looks like Chief's JSON export; import reads Chief's CSV (chief export --format csv)").format(name=name))


def _tw_item(task: Any, where: str, now: pendulum.DateTime) -> Incoming | None:
    if not isinstance(task, dict):
        raise ValueError(_('is a {kind}, not a task').format(kind=type_words(task)))
    uuid = task.get("uuid")
    if not isinstance(uuid, str) or not _UUID.fullmatch(uuid):
        raise ValueError(_("no uuid") if uuid is None else _("uuid is not a UUID: {value}").format(value=_shown(uuid)))
    uuid = uuid.lower()
    status = task.get("status", "pending")
    if status not in _TW_STATUSES:
        raise ValueError(_('unknown status {status}').format(status=_shown(status)))
    if _TW_STATUSES[status] is None:
        return None  # a recurring task's template: its pending instances are tasks of their own
    description = task.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ValueError(_("description is missing or empty"))
    priority = task.get("priority")
    if priority is not None and not isinstance(priority, str):
        raise ValueError(_('priority is not text: {priority}').format(priority=_shown(priority)))
    project = task.get("project")
    if project is not None and (not isinstance(project, str)):
        raise ValueError(_('project is not text: {project}').format(project=_shown(project)))
    tags = task.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError(_('tags is not a list of words: {tags}').format(tags=_shown(tags)))
    times = {key: _moment(task[key], key) for key in ("entry", "modified", "end", "start", "wait") if task.get(key) is not None}
    due = _due(task["due"], day_ends=True) if task.get("due") is not None else None
    notes = [_annotation(a, n) for n, a in enumerate(_annotations(task), 1)]
    if tags:
        notes.append("tags: " + " ".join("+" + t for t in tags))

    chief_status = _TW_STATUSES[status]
    if chief_status == "open":
        if "start" in times:
            chief_status = "doing"
        elif not (priority or due):
            chief_status = "inbox"  # nothing says where it belongs: the chief triages it
    created = wallclock.utc_stamp(times["entry"]) if "entry" in times else None
    record: dict[str, Any] = {
        "title": description.strip(),
        "notes": "\n".join(notes),
        "status": chief_status,
        "important": priority == "H",
        "due": due,
        "category": (project.strip() or None) if project else None,
        TASKWARRIOR: {"uuid": uuid, **({"tags": list(tags)} if tags else {})},
    }
    if created:
        record["created"] = created
    if "modified" in times or created:
        record["updated"] = wallclock.utc_stamp(times["modified"]) if "modified" in times else created
    if chief_status in ("done", "dropped"):
        closed = times.get("end") or times.get("modified") or times.get("entry")
        record["done_at"] = wallclock.utc_stamp(closed) if closed else None
    if "wait" in times and times["wait"] > now and chief_status not in ("done", "dropped"):
        record["snoozed_until"] = wallclock.utc_stamp(times["wait"])  # hidden until then: Chief's snooze
    millis = int(times["entry"].timestamp() * 1000) if "entry" in times else 0
    return Incoming(where, derived_id(f"taskwarrior:{uuid}", millis), record, uuid=uuid)


def _annotations(task: dict[str, Any]) -> list[Any]:
    found = task.get("annotations", [])
    if not isinstance(found, list):
        raise ValueError(_('annotations is not a list: {found}').format(found=_shown(found)))
    return found


def _annotation(annotation: Any, number: int) -> str:
    if not isinstance(annotation, dict) or not isinstance(annotation.get("description"), str):
        raise ValueError(_('annotation {number} has no description').format(number=number))
    text = annotation["description"]
    if annotation.get("entry") is None:
        return text
    day = _moment(annotation["entry"], _("annotation {number}'s entry").format(number=number)).in_timezone(wallclock.local_zone())
    return f"{day.format('YYYY-MM-DD')} {text}"


# Chief's CSV --------------------------------------------------------------------


def _flag(value: str, what: str) -> bool:
    word = value.strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(_('{what} is not yes or no: {value}').format(what=what, value=_shown(value)))


def _count(value: str, what: str) -> int | None:
    if not value.strip():
        return None
    try:
        number = int(value.strip())
    except ValueError:
        raise ValueError(_('{what} is not a whole number: {value}').format(what=what, value=_shown(value))) from None
    if number < 0:
        raise ValueError(_('{what} is negative: {number}').format(what=what, number=number))
    return number


def _text(value: str) -> str | None:
    return value if value.strip() else None


_CSV_FIELDS: dict[str, Callable[[str, str], Any]] = {
    "title": lambda v, w: v,
    "notes": lambda v, w: v,
    "kind": lambda v, w: v.strip() or "task",
    "status": lambda v, w: v.strip() or None,
    "important": _flag,
    "urgent": _flag,
    "due": lambda v, w: _due(v.strip(), w) if v.strip() else None,
    "category": lambda v, w: _text(v),
    "source": lambda v, w: _text(v),
    "effort_minutes": _count,
    "created": lambda v, w: _stamp(v, w) if v.strip() else None,
    "updated": lambda v, w: _stamp(v, w) if v.strip() else None,
    "done_at": lambda v, w: _stamp(v, w) if v.strip() else None,
    "taken_at": lambda v, w: _stamp(v, w) if v.strip() else None,
    "snoozed_until": lambda v, w: _stamp(v, w) if v.strip() else None,
    "waiting_on": lambda v, w: _text(v),
    "follow_up": lambda v, w: _stamp(v, w) if v.strip() else None,
    "waiting_since": lambda v, w: _stamp(v, w) if v.strip() else None,
    "deferrals": lambda v, w: _count(v, w) or 0,
    "repeat": lambda v, w: _repeat(v),
    "series": lambda v, w: v.strip().upper() or None,
    "steps": lambda v, w: _steps(v),
}


def _steps(value: str) -> dict[str, Any] | None:
    """The steps cell (export.steps_cell) as the item's steps map; each step is checked with the item."""
    if not value.strip():
        return None
    try:
        found = json.loads(value)
    except (ValueError, RecursionError):
        raise ValueError(_("steps: not a JSON list of steps")) from None
    if not isinstance(found, list) or not all(isinstance(s, dict) and isinstance(s.get("id"), str) and s["id"].strip()
                                              for s in found):
        raise ValueError(_("steps: not a JSON list of steps"))
    steps = {s["id"].strip(): {k: v for k, v in s.items() if k != "id"} for s in found}
    if len(steps) != len(found):
        raise ValueError(_("steps: not a JSON list of steps"))
    return steps


def _repeat(value: str) -> str | None:
    """A recurring duty's rule, as quick-add or the editor writes it; refused if it cannot be read."""
    text = value.strip().removeprefix("every:")
    if not text:
        return None
    try:
        return Rule.parse(text).stored()
    except RuleError as err:
        raise ValueError(_('repeat: {err}').format(err=err)) from None


def _read_csv(text: str, name: str) -> Plan:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    plan = Plan(name, "csv", [])
    header: list[str] | None = None
    seen: dict[str, str] = {}
    repeats: dict[tuple, int] = {}  # identical rows so far: two rows typed alike are two items
    line = 1  # where the next row starts
    try:
        for row in reader:
            where, line = _line(line), reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = _csv_header(row, name, where)
                continue
            if len(row) > len(header):
                raise _problem(name, where, ngettext("{cells} cells, but the header has {columns} column",
                                                     "{cells} cells, but the header has {columns} columns",
                                                     len(header)).format(cells=len(row), columns=len(header)))
            cells = dict(zip(header, (csv_value(c) for c in row)))
            same = tuple(cells.items())
            repeats[same] = repeats.get(same, -1) + 1
            try:
                incoming = _csv_item(cells, where, repeats[same])
            except ValueError as err:
                raise _problem(name, where, str(err)) from None
            if incoming.item_id in seen:
                raise _problem(name, where, _("id {id} appears twice (also {where})").format(id=incoming.item_id, where=seen[incoming.item_id]))
            seen[incoming.item_id] = where
            incoming.record = _check_item(name, where, incoming.item_id, incoming.record)
            plan.items.append(incoming)
    except csv.Error as err:
        raise _problem(name, _line(reader.line_num), _("not CSV ({reason})").format(reason=csv_reason(err))) from None
    if header is None:
        raise BadImport(_('{name} is empty: nothing to import').format(name=name))
    return plan


def _csv_header(row: list[str], name: str, where: str) -> list[str]:
    header = [csv_value(cell).strip().lstrip("\ufeff").casefold() for cell in row]
    if "title" not in header:
        raise BadImport(
            _("{name} is neither a Taskwarrior export nor Chief's CSV: its first line has no 'title' column").format(name=name)
        )
    for column in header:
        if column not in COLUMNS:
            raise _problem(name, where, _("unknown column {column} (Chief's CSV has: {known})").format(
                column=_shown(column), known=", ".join(COLUMNS)))
        if header.count(column) > 1:
            raise _problem(name, where, _("column {column} appears twice").format(column=_shown(column)))
    return header


def _csv_item(cells: dict[str, str], where: str, repeat: int = 0) -> Incoming:
    """One row; ``repeat`` counts the identical rows above it (their ids must differ)."""
    values: dict[str, Any] = {}
    for column, value in cells.items():
        if column in _CSV_FIELDS:
            values[column] = _CSV_FIELDS[column](value, column)
    record: dict[str, Any] = {k: v for k, v in values.items() if k != "effort_minutes" and not (k == "steps" and v is None)}
    if "effort_minutes" in values:
        record["effort"] = values["effort_minutes"]
    if not record.get("title", "").strip():
        raise ValueError(_("title is empty"))
    if record.get("kind", "task") not in KINDS:
        raise ValueError(_('unknown kind {value} (task or interrupt)').format(value=_shown(record['kind'])))
    if record.get("status") is None:
        triaged = record.get("important") or record.get("urgent") or record.get("due") or record.get("kind") == "interrupt"
        record["status"] = "open" if triaged else "inbox"
    elif record["status"] not in STATUSES:
        raise ValueError(_('unknown status {value} ({value2})').format(value=_shown(record['status']), value2=', '.join(STATUSES)))
    for stamp in ("created", "updated"):
        if record.get(stamp) is None:
            record.pop(stamp, None)  # the transaction's time, filled in when it runs
    item_id = cells.get("id", "").strip().upper()
    if item_id and not is_id(item_id):
        raise ValueError(_('id is not a Chief id: {value}').format(value=_shown(cells['id'])))
    if not item_id:  # a row written by hand: the same row always gets the same id
        key = json.dumps([cells.get(c, "") for c in COLUMNS], ensure_ascii=False) + (f"#{repeat}" if repeat else "")
        if record.get("created"):
            millis = int(_moment(record["created"], "created").timestamp() * 1000)
        else:  # no time to begin the id with: the key's hash, so rows differ from the first character
            millis = int.from_bytes(hashlib.sha256(f"time:{key}".encode()).digest()[:6], "big")
        item_id = derived_id(f"csv:{key}", millis)
    assignee_id = cells.get("assignee_id", "").strip().upper() or None
    if assignee_id is not None and not is_id(assignee_id):
        raise ValueError(_('assignee_id is not a Chief id: {value}').format(value=_shown(cells['assignee_id'])))
    assignee_name = " ".join(cells.get("assignee", "").split()) or None
    return Incoming(where, item_id, record, assignee_name=assignee_name, assignee_id=assignee_id)


# the transaction ----------------------------------------------------------------


def import_file(desk: Desk, path: Path, fmt: str | None = None, *, name: str | None = None) -> Result:
    """Check the whole file, then add what is new in one transaction."""
    plan = read_plan(path, fmt, name=name)
    return apply_plan(desk, plan)


def apply_plan(desk: Desk, plan: Plan) -> Result:
    result = Result(plan.format, templates=plan.templates)

    def command(tx: Tx) -> Result:
        result.added, result.members, result.already = [], [], 0
        board = tx.board(desk.settings)
        present = tx.data.get(ITEMS, {})
        uuids = {
            item.extra[TASKWARRIOR].get("uuid")
            for item in board.items.values()
            if isinstance(item.extra.get(TASKWARRIOR), dict)
        }
        members = _Members(tx, board)
        categories = {c.casefold(): c for c in desk.settings.categories}  # a project named like one takes its spelling
        new_ids = []
        for incoming in plan.items:
            existing = present.get(incoming.item_id)
            archived = isinstance(existing, dict) and existing.get(ARCHIVE)
            if (existing is not None and (incoming.item_id in board.raw_items or archived)) or (
                incoming.uuid is not None and incoming.uuid in uuids
            ):
                result.already += 1
                continue
            record = dict(incoming.record)
            if not record.get("created"):
                record["created"] = tx.stamp
            if not record.get("updated"):
                record["updated"] = record["created"]
            if record.get("status") in ("done", "dropped") and not record.get("done_at"):
                record["done_at"] = record["updated"]  # closed by then at the latest: counted, and archived in time
            if incoming.uuid is not None and record.get("category"):
                record["category"] = categories.get(record["category"].casefold(), record["category"])
            if incoming.assignee_id or incoming.assignee_name:
                record["assignee"] = members.resolve(incoming)
            new_ids.append(tx.insert(ITEMS, record, incoming.item_id))
        result.members = members.added
        after = tx.board(desk.settings)
        result.added = [after.item(i) for i in new_ids]
        return result

    def description() -> str:
        return _("import {n} item(s) from {file}").format(n=len(result.added), file=Path(plan.source).name)

    return desk._apply(description, command)


class _Members:
    """The CSV's assignees: a member of the team by id or by name, or added to it."""

    def __init__(self, tx: Tx, board: Board) -> None:
        self.tx = tx
        self.board = board
        from chief.store.domain.team import name_key

        self.key = name_key  # one person ignoring case and width, as the team has it
        members = sorted(board.members.values(), key=lambda m: not m.removed)  # a member in the team over a removed one
        self.by_name = {name_key(m.name): m.id for m in members}  # a removed member's items stay theirs, never a twin
        self.added: list[Member] = []

    def resolve(self, incoming: Incoming) -> str:
        wanted_id, name = incoming.assignee_id, incoming.assignee_name
        if wanted_id in self.board.members:
            return wanted_id  # type: ignore[return-value]
        if name and self.key(name) in self.by_name:
            return self.by_name[self.key(name)]
        if not name:
            return wanted_id  # type: ignore[return-value]  # a member not known here, as in the file it came from
        wanted = wanted_id or member_id(name)
        added = new_id() if wanted in self.tx.data.get(TEAM, {}) else wanted
        member = Member(id="", name=name)
        self.tx.insert(TEAM, member.to_record(), added)
        self.added.append(Member.from_record(added, member.to_record()))
        self.by_name[self.key(name)] = added
        return added
