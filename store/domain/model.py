"""The records Chief keeps: items and team members, and how they are read.

Records live in the data file as plain dicts. These classes are typed, frozen
views of them. Fields this version does not know are kept in ``extra`` and
written back untouched: a newer Chief on another machine may have added them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from chief.store.errors import ChiefError
from chief.store.i18n import _
from chief.store.i18n.reasons import type_words
from chief.store.structs import field, struct
from chief.store.domain.forms import compiled_stored_forms, is_date_text, is_utc_time_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable


SCHEMA = 2  # the data file's layout version; a newer one is refused, an older one upgraded

STATUSES = ("inbox", "open", "doing", "waiting", "done", "dropped")
OPEN_STATUSES = frozenset({"inbox", "open", "doing", "waiting"})
CLOSED_STATUSES = frozenset({"done", "dropped"})
KINDS = ("task", "interrupt")
DEFAULT_CATEGORIES = ("daily affairs", "reception", "documents", "confidential", "logistics")
ZH_DEFAULT_CATEGORIES = ("日常事务", "接待", "文稿", "机要保密", "后勤")  # the same five, in a Chinese interface
DEFAULT_PRIVATE = ("confidential", "机要保密")  # masked in privacy mode unless the config says otherwise


# The stored stamps' forms as the fast readers check them: by hand for a record or two (a capture loads no
# ``re``), as compiled patterns once a whole file is read (reading_many).
_stored_time: Callable[[str], object] = is_utc_time_text
_stored_date: Callable[[str], object] = is_date_text


def reading_many() -> None:
    """Thousands of records are to be read: the stamps' forms are checked by their compiled patterns from now on."""
    global _stored_time, _stored_date
    if _stored_time is is_utc_time_text:
        _stored_time, _stored_date = compiled_stored_forms()


DEFAULT_CAPACITY = 40 * 60  # a new member's week in effort minutes, unless told otherwise


class InvalidRecord(ChiefError, ValueError):
    """A record in the data file that cannot be read as what it claims to be."""


def _check_poison(record_id: str, record: Mapping[str, Any]) -> None:
    """Refuse a record whose bookkeeping or text another machine damaged (see store/sync/poison.py)."""
    from chief.store.sync.poison import record_trouble  # the model itself needs nothing else from the store

    trouble = record_trouble(record_id, record)
    if trouble:
        raise InvalidRecord(trouble)


def _check(value: Any, types: type | tuple[type, ...], name: str, *, optional: bool = True) -> Any:
    if value is None and optional:
        return None
    # bool is an int in Python; an effort of True is not a number of minutes.
    if (isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))) or not isinstance(value, types):
        raise InvalidRecord(_("{name} has the wrong type ({type})").format(name=name, type=type_words(value)))
    return value


@struct(frozen=True, slots=True)
class Item:
    """One piece of work: a task, or an interrupt that arrived unannounced."""

    id: str
    title: str
    notes: str = ""
    kind: str = "task"
    important: bool = False
    urgent: bool = False
    due: str | None = None
    category: str | None = None
    assignee: str | None = None
    source: str | None = None
    status: str = "inbox"
    effort: int | None = None
    created: str = ""
    updated: str = ""
    done_at: str | None = None
    taken_at: str | None = None
    snoozed_until: str | None = None
    waiting_on: str | None = None
    follow_up: str | None = None
    waiting_since: str | None = None
    deferrals: int = 0
    repeat: str | None = None  # a recurring duty's rule, as chief.store.domain.recur writes it
    series: str | None = None  # the id of the first item of a recurring duty
    emergency: str | None = None  # when the item was declared an emergency (a stored time): first in Do now
    steps: tuple["Step", ...] = ()  # the checklist, in order; removed steps are not here (see Step)
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_snoozed(self, now_stamp: str) -> bool:
        """Open and put away by a snooze that has not ended at ``now_stamp`` (a stored time)."""
        return self.is_open and bool(self.snoozed_until) and self.snoozed_until > now_stamp  # type: ignore[operator]

    def can_resume(self, now_stamp: str) -> bool:
        """Whether "back on the board now" means anything: it waits on someone, or a snooze still runs."""
        return self.status == "waiting" or self.is_snoozed(now_stamp)

    @property
    def is_interrupt(self) -> bool:
        return self.kind == "interrupt"

    @property
    def in_interrupt_queue(self) -> bool:
        """An interrupt nobody has taken yet: it waits in the queue, oldest first."""
        return self.kind == "interrupt" and self.taken_at is None and self.is_open

    @classmethod
    def from_record(cls, item_id: str, record: Mapping[str, Any]) -> "Item":
        """Read a stored record, refusing wrong types instead of guessing."""
        if not isinstance(record, Mapping):
            raise InvalidRecord(_("item {id} is a {type}, not a record").format(id=item_id, type=type_words(record)))
        _check_poison(item_id, record)
        fast = _fast_item(cls, item_id, record)  # a board reads every item: the usual case first
        if fast is not None:
            return fast
        values: dict[str, Any] = {"id": item_id}
        for name, types, optional in _ITEM_FIELDS:
            if name in record:
                values[name] = _check(record[name], types, name, optional=optional)
        if "title" not in values or not values["title"].strip():
            raise InvalidRecord(_("title is missing or empty"))
        if values.get("status", "inbox") not in STATUSES:
            raise InvalidRecord(_("unknown status {status}").format(status=repr(values["status"])))
        if values.get("kind", "task") not in KINDS:
            raise InvalidRecord(_("unknown kind {kind}").format(kind=repr(values["kind"])))
        for name in _STAMP_FIELDS:
            value = values.get(name)
            if value and not is_utc_time_text(value) and not (name == "due" and is_date_text(value)):
                raise InvalidRecord(_("{name} is not a stored time: {value}").format(name=name, value=repr(value[:40])))
        if "steps" in record:
            values["steps"] = _read_steps(record["steps"])
        values["extra"] = {k: v for k, v in record.items() if k not in _ITEM_NAMES and k != STEPS}
        return cls(**values)

    def to_record(self) -> dict[str, Any]:
        """The stored form: every known field, plus the unknown ones kept as they came.

        Steps are written as their live records (with their own stamps); a
        change to an existing item's steps goes through the desk, which works on
        the stored mapping, removed steps and all (see store/domain/steps.py).
        """
        record = dict(self.extra)
        for name in _ITEM_NAMES:
            record[name] = getattr(self, name)
        if self.emergency is None:
            del record["emergency"]  # written only when set: most items never are one
        if self.steps:
            record[STEPS] = {step.id: step.to_record() for step in self.steps}
        return record

    def step(self, step_id: str) -> "Step | None":
        return next((s for s in self.steps if s.id == step_id), None)


_ITEM_FIELDS: tuple[tuple[str, Any, bool], ...] = (
    ("title", str, False),
    ("notes", str, False),
    ("kind", str, False),
    ("important", bool, False),
    ("urgent", bool, False),
    ("due", str, True),
    ("category", str, True),
    ("assignee", str, True),
    ("source", str, True),
    ("status", str, False),
    ("effort", int, True),
    ("created", str, False),
    ("updated", str, False),
    ("done_at", str, True),
    ("taken_at", str, True),
    ("snoozed_until", str, True),
    ("waiting_on", str, True),
    ("follow_up", str, True),
    ("waiting_since", str, True),
    ("deferrals", int, False),
    ("repeat", str, True),
    ("series", str, True),
    ("emergency", str, True),
)
_STAMP_FIELDS = ("due", "created", "updated", "done_at", "taken_at", "snoozed_until", "follow_up", "waiting_since",
                 "emergency")
_ITEM_NAMES = tuple(field[0] for field in _ITEM_FIELDS)
ITEM_FIELDS = _ITEM_NAMES
# The fast reading's view of the fields: each with its one exact type (str, bool or int, never a subclass:
# a bool is not an int here), whether it may be None, and whether it holds a stored time.
_FAST_FIELDS = tuple((name, types, optional, name in _STAMP_FIELDS) for name, types, optional in _ITEM_FIELDS)
_KNOWN_KEYS = frozenset(_ITEM_NAMES) | {"steps"}


def _fast_item(cls: type, item_id: str, record: Mapping[str, Any]) -> "Item | None":
    """An item as Chief writes it (a dict of plain values), read in one pass; None for anything else.

    It accepts a subset of what the full reading in :meth:`Item.from_record`
    accepts, and gives the very same item for it (tests/unit/test_model_fast.py
    holds it to that): anything unusual (another mapping type, a subclass of a
    value's type, a missing title, an unknown status or kind, a time that is not
    a stored time) goes to the full reading, which takes it or says why not.
    The poison checks run before it, for every record, as for the full reading.
    """
    if type(record) is not dict:
        return None
    values: dict[str, Any] = {"id": item_id}
    for name, kind, optional, stamp in _FAST_FIELDS:
        if name in record:
            value = record[name]
            if type(value) is not kind:
                if value is None and optional:
                    values[name] = None
                    continue
                return None
            if stamp and value and not _stored_time(value) and not (name == "due" and _stored_date(value)):
                return None
            values[name] = value
    title = values.get("title")
    if title is None or not title.strip() or values.get("status", "inbox") not in STATUSES or values.get("kind", "task") not in KINDS:
        return None
    if "steps" in record:
        values["steps"] = _read_steps(record["steps"])
    values["extra"] = {k: v for k, v in record.items() if k not in _KNOWN_KEYS}
    return cls(**values)


STEPS = "steps"  # the item field that holds its steps: step id -> step record
STEP_KINDS = ("step", "report")  # "report": reporting back to whoever raised the item (see Item.source)


@struct(frozen=True, slots=True)
class Step:
    """One step of an item's checklist.

    Stored in the item's ``steps`` field as a mapping from step id to a record
    of its own, with its own field stamps (``_stamps``) and tombstone
    (``_deleted``), so that two machines ticking or adding different steps
    while apart both keep their change (store/sync/merge.py merges the mapping
    step by step, field by field). ``order`` is a number: steps are shown by
    order, then id; moving a step gives it a number between its new neighbours.
    """

    id: str
    text: str
    done: bool = False
    done_at: str | None = None  # when it was ticked (a stored time)
    who: str | None = None  # a team member's id
    due: str | None = None  # a stored due time (a date or a UTC moment), as Item.due
    order: float = 0
    kind: str = "step"
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_report(self) -> bool:
        return self.kind == "report"

    @classmethod
    def from_record(cls, step_id: str, record: Mapping[str, Any]) -> "Step":
        if type(record) is not dict and not isinstance(record, Mapping):
            raise InvalidRecord(_("step {id} is a {type}, not a record").format(id=repr(step_id[:40]), type=type_words(record)))
        fast = _fast_step(step_id, record)  # a board reads every step of every item: the usual case first
        if fast is not None:
            return fast
        text = _check(record.get("text"), str, _("a step's text"), optional=False)
        if not text.strip():
            raise InvalidRecord(_("a step's text is empty"))
        order = _check(record.get("order", 0), (int, float), _("a step's order"), optional=False)
        if order != order or order in (float("inf"), float("-inf")):
            raise InvalidRecord(_("a step's order is not a number"))
        kind = _check(record.get("kind", "step"), str, _("a step's kind"), optional=False)
        values = dict(
            id=step_id,
            text=text,
            done=_check(record.get("done", False), bool, _("a step's done"), optional=False),
            done_at=_check(record.get("done_at"), str, _("a step's done_at")),
            who=_check(record.get("who"), str, _("a step's who")),
            due=_check(record.get("due"), str, _("a step's due")),
            order=order,
            kind=kind if kind in STEP_KINDS else "step",  # a newer Chief's kind: a plain step here
        )
        for name in ("done_at", "due"):
            value = values[name]
            if value and not is_utc_time_text(value) and not (name == "due" and is_date_text(value)):
                raise InvalidRecord(_("a step's {name} is not a stored time: {value}").format(name=name, value=repr(value[:40])))
        # the step's own stamps and tombstone are bookkeeping the transaction keeps, not part of the step
        return cls(**values, extra={k: v for k, v in record.items() if k not in _STEP_NAMES and k not in _STEP_BOOKKEEPING})

    def to_record(self) -> dict[str, Any]:
        record = dict(self.extra)
        for name in _STEP_NAMES:
            record[name] = getattr(self, name)
        return record


_STEP_NAMES = ("text", "done", "done_at", "who", "due", "order", "kind")
_STEP_BOOKKEEPING = ("_stamps", "_deleted")


def _fast_step(step_id: str, record: Mapping[str, Any]) -> Step | None:
    """A step as Chief writes it, read without a check per field; None for anything else (the full reading says why)."""
    text, done, order, kind = record.get("text"), record.get("done", False), record.get("order", 0), record.get("kind", "step")
    done_at, who, due = record.get("done_at"), record.get("who"), record.get("due")
    if not (type(text) is str and text.strip() and type(done) is bool and (type(order) is int or type(order) is float)
            and order == order and -1e300 < order < 1e300 and kind in STEP_KINDS
            and (who is None or type(who) is str)
            and (done_at is None or (type(done_at) is str and _stored_time(done_at)))
            and (due is None or (type(due) is str and (_stored_time(due) or _stored_date(due))))):
        return None
    known = len(_STEP_NAMES) + ("_stamps" in record) + ("_deleted" in record)
    extra = {k: v for k, v in record.items() if k not in _STEP_NAMES and k not in _STEP_BOOKKEEPING} if len(record) > known else {}
    return Step(step_id, text, done, done_at, who, due, order, kind, extra)


def _read_steps(value: Any) -> tuple[Step, ...]:
    """The live steps of a stored ``steps`` mapping, in order; a damaged step refuses the item."""
    from chief.store.sync.merge import is_live

    if not isinstance(value, Mapping):
        raise InvalidRecord(_("{name} has the wrong type ({type})").format(name="steps", type=type_words(value)))
    steps = [Step.from_record(step_id, record) for step_id, record in value.items() if is_live(record)]
    steps.sort(key=lambda s: (s.order, s.id))
    return tuple(steps)


@struct(frozen=True, slots=True)
class Member:
    """A member of the chief's team, with the effort they can take on in a week.

    ``away`` with ``away_until`` (the ISO day they are back; None: not known)
    and ``away_reason`` ("leave", "trip", "sick" or the chief's words): an away
    member is back by themselves on that day, with nothing written
    (:meth:`is_away`). ``removed`` is the tombstone of a member who left the
    team: the record stays, so closed items keep a name, and a machine that had
    not seen the removal cannot bring them back by merging (the field wins by
    its stamp like any other; nothing but an explicit re-add sets it back).
    Capacity 0 is a member who takes no new work.
    """

    id: str
    name: str
    role: str = ""
    capacity: int = DEFAULT_CAPACITY  # effort minutes per week
    categories: tuple[str, ...] = ()
    away: bool = False
    away_until: str | None = None
    away_reason: str = ""
    removed: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def is_away(self, today: datetime.date | str) -> bool:
        """Away on ``today``: marked away and not yet at the return day (which is a day back at work)."""
        if not self.away:
            return False
        day = today if isinstance(today, str) else today.isoformat()
        return self.away_until is None or day < self.away_until

    @classmethod
    def from_record(cls, member_id: str, record: Mapping[str, Any]) -> "Member":
        if not isinstance(record, Mapping):
            raise InvalidRecord(_("member {id} is a {type}, not a record").format(id=member_id, type=type_words(record)))
        _check_poison(member_id, record)
        name = _check(record.get("name"), str, "name", optional=False)
        if not name.strip():
            raise InvalidRecord(_("name is empty"))
        categories = _check(record.get("categories", []), list, "categories", optional=False)
        if not all(isinstance(c, str) for c in categories):
            raise InvalidRecord(_("categories must be a list of names"))
        capacity = _check(record.get("capacity", DEFAULT_CAPACITY), int, "capacity", optional=False)
        if not 0 <= capacity <= 168 * 60:
            raise InvalidRecord(_("capacity is out of range ({capacity})").format(capacity=capacity))
        until = _check(record.get("away_until"), str, "away_until")
        if until is not None and not _is_day(until):
            raise InvalidRecord(_("away_until is not a day: {value}").format(value=repr(until[:40])))
        return cls(
            id=member_id,
            name=name,
            role=_check(record.get("role", ""), str, "role", optional=False),
            capacity=capacity,
            categories=tuple(categories),
            away=_check(record.get("away", False), bool, "away", optional=False),
            away_until=until,
            away_reason=_check(record.get("away_reason"), str, "away_reason") or "",  # None: an undo of the first set
            removed=_check(record.get("removed"), bool, "removed") or False,
            extra={k: v for k, v in record.items() if k not in _MEMBER_NAMES},
        )

    def to_record(self) -> dict[str, Any]:
        """The stored form; the fields of being away or removed only once they were ever set."""
        record = dict(self.extra)
        record.update(
            name=self.name,
            role=self.role,
            capacity=self.capacity,
            categories=list(self.categories),
            away=self.away,
        )
        for name, default in (("away_until", None), ("away_reason", ""), ("removed", False)):
            if getattr(self, name) != default:
                record[name] = getattr(self, name)
        return record


def _is_day(text: str) -> bool:
    if not is_date_text(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_MEMBER_NAMES = ("name", "role", "capacity", "categories", "away", "away_until", "away_reason", "removed")
