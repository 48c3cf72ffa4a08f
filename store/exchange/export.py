"""Items out of Chief: CSV (Chief's own, read back by ``chief.store.exchange.importing``), Markdown and iCalendar.

The JSON export is ``chief list --json`` and lives with it in the CLI.

Item text is user data from any machine. The CSV keeps it exactly (it is read
back), except that a cell a spreadsheet would run as a formula gets a leading
apostrophe, taken off again on import. Markdown and iCalendar are read by
people and by other programs: control characters become visible escapes
there, and Markdown's own marks in a title are escaped.
"""

from __future__ import annotations

import csv
import json
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from chief.store.domain.board import Board
from chief.store.i18n import _
from chief.store.reports.in_words import format_effort, item_json, marks_in_full, md_line, md_text, time_words, understood
from chief.store.domain.recur import Rule, RuleError
from chief.store.domain.model import Item
from chief.store.reports.printable import printable, printable_lines

if TYPE_CHECKING:
    from chief.store.desk import Desk
    from chief.store.domain.when import Due

FORMATS = ("json", "csv", "md", "ics")

# Chief's CSV: one header row, then one item a row. Times as stored (UTC, "Z"),
# an all-day due as a plain date, yes/no for flags, effort in minutes.
COLUMNS = (
    "id", "title", "notes", "kind", "status", "important", "urgent", "due", "category",
    "assignee", "assignee_id", "source", "effort_minutes", "created", "updated", "done_at",
    "taken_at", "snoozed_until", "waiting_on", "follow_up", "waiting_since", "deferrals", "repeat", "series",
    "steps",  # JSON: the item's steps in order, each {"id", "text", "done", ...} (empty: none)
)
BOM = "\ufeff"  # written in front of a CSV file so that Excel reads it as UTF-8
FORMULA_START = tuple("=+-@\t\r'")  # a cell starting so gets a "'" in front (and loses it on import)

# iCalendar PRIORITY by quadrant: 1-4 high, 5 medium, 6-9 low (RFC 5545; Thunderbird shows these).
ICS_PRIORITY = {1: 1, 2: 3, 3: 5, 4: 9}
ICS_STATUS = {"inbox": "NEEDS-ACTION", "open": "NEEDS-ACTION", "waiting": "NEEDS-ACTION",
              "doing": "IN-PROCESS", "done": "COMPLETED", "dropped": "CANCELLED"}
PRODID = "-//Chief//Chief export//EN"


def ordered(items: Iterable[Item]) -> list[Item]:
    """Oldest first, the order of ``chief list --json``."""
    return sorted(items, key=lambda i: (i.created, i.id))


# CSV --------------------------------------------------------------------------


def csv_cell(text: str) -> str:
    """A cell as written: a leading apostrophe when a spreadsheet would read a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_value(text: str) -> str:
    """A cell as read back: the apostrophe ``csv_cell`` added taken off."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def csv_row(board: Board, item: Item) -> dict[str, str]:
    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    row = {name: text(getattr(item, name, None)) for name in COLUMNS if hasattr(item, name)}
    row["assignee"] = text(board.team[item.assignee].name if item.assignee in board.team else None)
    row["assignee_id"] = text(item.assignee)
    row["effort_minutes"] = text(item.effort)
    row["steps"] = steps_cell(item)
    return row


def steps_cell(item: Item) -> str:
    """An item's steps in one CSV cell: a JSON list, in order, each step's fields and its id."""
    if not item.steps:
        return ""
    return json.dumps([{"id": step.id, **step.to_record()} for step in item.steps], ensure_ascii=False)


def export_csv(board: Board, items: Iterable[Item], *, for_terminal: bool = False, bom: bool = False) -> str:
    """Chief's CSV; ``for_terminal`` shows control characters as escapes (not read back exactly)."""
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: quotes where needed, CRLF line ends
    writer.writerow(COLUMNS)
    for item in ordered(items):
        row = csv_row(board, item)
        cells = [csv_cell(row[name]) for name in COLUMNS]
        writer.writerow([printable_lines(c) for c in cells] if for_terminal else cells)
    return (BOM if bom else "") + out.getvalue()


# Markdown ---------------------------------------------------------------------

def _section(board: Board, item: Item) -> tuple[int, str]:
    """Where the item goes in the Markdown list: the board's panels, then the put-away and the closed."""
    if item.status == "done":
        return 9, _("Done")
    if item.status == "dropped":
        return 10, _("Dropped")
    if not board.on_board(item):
        return (7, _("Waiting for")) if item.status == "waiting" else (8, _("Snoozed"))
    if item.in_interrupt_queue:
        return 0, _("Interrupts")
    placement = board.placement(item)
    return (placement.quadrant or 5), _(placement.name)


def _md_details(board: Board, item: Item) -> list[str]:
    """The item's details and marks in full, as the command line says them, the user's text literal Markdown."""
    return [*understood(board, item, text=md_text), *marks_in_full(board, item, year=True, text=md_text)]


def export_md(board: Board, items: Iterable[Item], *, everything: bool = False) -> str:
    """A readable list, grouped like the dashboard: interrupts, the quadrants, the inbox, then the rest."""
    title = _("all items") if everything else _("open items")
    exported_at = _("Exported {when} ({zone}).").format(when=time_words(board.now, year=True), zone=board.now.timezone_name)
    lines = [f"# Chief: {title}", "", exported_at, ""]
    sections: dict[tuple[int, str], list[Item]] = {}
    for item in items:
        sections.setdefault(_section(board, item), []).append(item)
    if not sections:
        lines += [_("No items."), ""]
    for (_order, name), members in sorted(sections.items()):
        lines += ["## " + _("{section} ({n})").format(section=name, n=len(members)), ""]
        for item in sorted(members, key=board.order_key):  # as the dashboard sorts its lists
            details = _md_details(board, item)
            lines.append(f"- {md_text(item.title)}" + (f" — {_(', ').join(details)}" if details else ""))
            for note in _shared_notes(board, item).splitlines():
                if note.strip():
                    lines.append("  " + md_line(note))
        lines.append("")
    return "\n".join(lines)


# iCalendar --------------------------------------------------------------------


def _utc(stamp: str | None) -> dt.datetime | None:
    if not stamp:
        return None
    try:
        return dt.datetime.fromisoformat(stamp).astimezone(dt.timezone.utc)
    except ValueError:
        return None


def export_ics(board: Board, items: Iterable[Item]) -> str:
    """One VTODO per item (RFC 5545), for Thunderbird, todoman and other CalDAV clients."""
    from icalendar import Calendar, Todo  # only an ics export pays for the import

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    first = dt.date.max  # the earliest recurring start: its time zone's rules are written from then on
    for item in ordered(items):
        todo = Todo()
        todo.add("uid", f"{printable(item.id)}@chief")  # an id from another machine is data too
        # Without METHOD, DTSTAMP is when the information was last revised (RFC 5545 3.8.7.2).
        todo.add("dtstamp", _utc(item.updated) or _utc(item.created) or board.now.in_timezone("UTC"))
        todo.add("summary", printable(item.title))
        description = _ics_description(board, item)
        if description:
            todo.add("description", description)
        due = board.due(item)
        if due is not None:
            repeat = ics_recurrence(item.repeat) if item.is_open else None
            if due.all_day:
                when = dt.date(due.at.year, due.at.month, due.at.day)
            elif repeat is not None:
                when = _wall_clock(due, board)  # its weekdays and month days are the office's, not UTC's
                first = min(first, when.date())  # type: ignore[union-attr]
            else:
                when = _utc(due.stored())
            todo.add("due", when)
            if repeat is not None:  # a recurrence in a VTODO counts from its DTSTART (RFC 5545 3.8.5.3)
                todo.add("dtstart", when)
                todo.add("rrule", repeat)
        todo.add("status", ICS_STATUS[item.status])
        if item.status == "done" and _utc(item.done_at):
            todo.add("completed", _utc(item.done_at))
            todo.add("percent-complete", 100)
        if _utc(item.created):
            todo.add("created", _utc(item.created))
        if _utc(item.updated):
            todo.add("last-modified", _utc(item.updated))
        quadrant = None if item.status == "inbox" and not item.is_interrupt else board.placement(item).quadrant
        if quadrant:
            todo.add("priority", ICS_PRIORITY[quadrant])
        if item.category:
            todo.add("categories", [printable(item.category)])
            if board.settings.is_private(item.category):
                todo.add("class", "CONFIDENTIAL")
        calendar.add_component(todo)
    if first < dt.date.max:
        calendar.add_missing_timezones(first_date=first)
    return calendar.to_ical().decode("utf-8")


def _wall_clock(due: Due, board: Board) -> dt.datetime | None:
    """A timed due as the office's wall-clock time with its named zone (TZID), so that a
    calendar repeats it on the right local days; UTC when the zone has no name a calendar knows."""
    import zoneinfo

    name = board.now.timezone_name
    try:
        zone = zoneinfo.ZoneInfo(name) if name != "UTC" else None
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        zone = None
    if zone is None:
        return _utc(due.stored())
    local = due.local(board.now.timezone)
    return dt.datetime(local.year, local.month, local.day, local.hour, local.minute, local.second, tzinfo=zone)


def ics_recurrence(stored: str | None) -> dict[str, Any] | None:
    """A recurring duty's rule as an iCalendar RRULE; None for "N days after the last one" (no RRULE says that)."""
    if not stored:
        return None
    try:
        rule = Rule.from_stored(stored)
    except RuleError:
        return None
    if rule.after_days:
        return None
    if rule.monthday:
        if rule.monthday <= 28:
            return {"freq": "monthly", "bymonthday": [rule.monthday]}
        # Chief's 31st is the last day of a short month: the last of the days 28..31 the month has
        return {"freq": "monthly", "bymonthday": list(range(28, rule.monthday + 1)), "bysetpos": [-1]}
    if len(rule.weekdays) == 7:
        return {"freq": "daily"}
    return {"freq": "weekly", "byday": [("MO", "TU", "WE", "TH", "FR", "SA", "SU")[d] for d in rule.weekdays]}


def _shared_notes(board: Board, item: Item) -> str:
    """The notes a readable export carries: none of a private category's (a list or a calendar is
    printed, shared and synced to servers; the CSV and JSON, Chief's own data, keep them)."""
    if board.settings.is_private(item.category):
        return ""
    return printable_lines(item.notes).strip()


def _ics_description(board: Board, item: Item) -> str:
    notes = _shared_notes(board, item)
    lines = [notes] if notes else []
    facts = []
    if item.assignee:
        facts.append(_("Assigned to: {name}").format(name=printable(board.member_name(item.assignee) or "")))
    if item.source:
        facts.append(_("From: {who}").format(who=printable(item.source)))
    if item.waiting_on:
        facts.append(_("Waiting on: {who}").format(who=printable(item.waiting_on)))
    if item.effort:
        facts.append(_("Effort: {effort}").format(effort=format_effort(item.effort)))
    if facts:
        lines.append("\n".join(facts))
    return "\n\n".join(lines)


def export_text(board: Board, items: Iterable[Item], fmt: str, *, everything: bool = False,
                for_terminal: bool = False, bom: bool = False) -> str:
    """The export in ``fmt`` (csv, md or ics; json is the CLI's ``list --json``)."""
    if fmt == "csv":
        return export_csv(board, items, for_terminal=for_terminal, bom=bom)
    if fmt == "md":
        return export_md(board, items, everything=everything)
    if fmt == "ics":
        return export_ics(board, items)
    raise ValueError(_('unknown export format {fmt!r}').format(fmt=fmt))


def export_json(board: Board, items: Iterable[Item]) -> str:
    """The records of ``chief list --json``; no raw control character gets out."""
    import json

    from chief.store.reports.printable import inert_json

    return inert_json(json.dumps([item_json(board, i) for i in ordered(items)], ensure_ascii=False, indent=2)) + "\n"


FORMATS_BY_ENDING = {".csv": "csv", ".md": "md", ".ics": "ics"}  # anything else: JSON


def export_format(asked: str | None, output: Path | None) -> str:
    """The format asked for; else the one the output file's ending names; else JSON."""
    return asked or FORMATS_BY_ENDING.get(output.suffix.lower() if output else "", "json")


def exported(board: Board, fmt: str, *, everything: bool = False, for_terminal: bool = False,
             bom: bool = False) -> tuple[str, list[Item]]:
    """The export's text in ``fmt`` and the items it holds: the open ones, or with ``everything`` all."""
    items = list(board.items.values()) if everything else board.open_items()
    if fmt == "json":  # the records of  chief list --json
        return export_json(board, items), items
    return export_text(board, items, fmt, everything=everything, for_terminal=for_terminal, bom=bom), items


def write_export(desk: "Desk", fmt: str, *, everything: bool = False) -> Path:
    """Write an export beside the data file, in exports/, named by date (the dashboard's export).

    A private file (the work is confidential), written atomically; a second
    export the same day gets a new name rather than replacing the first.
    """
    from chief.store.exchange.output_files import write_numbered

    board = desk.board()
    text, _items = exported(board, fmt, everything=everything, bom=fmt == "csv")
    return write_numbered(desk.path.parent / "exports", f"chief-{board.now.format('YYYY-MM-DD')}", fmt, text, desk.path)
