"""Steps inside an item: an ordered checklist, read, changed and summed up.

An item's ``steps`` field maps a step id to a step record (see
``chief.store.domain.model.Step``). The functions here compute the mapping a
command wants; the transaction stamps each changed step field on its own
(``chief.store.sync.merge.stamp_nested``), so two machines ticking different
steps while apart both count.

A step is named by its number in the list as shown (1-based, what ``chief
steps ID`` prints) or by its id (a unique prefix will do).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Mapping

from chief.store.domain import wallclock
from chief.store.domain.ids import new_id
from chief.store.domain.model import STEPS, Item, Step
from chief.store.domain.when import Due
from chief.store.errors import CommandError
from chief.store.i18n import _
from chief.store.structs import struct

if TYPE_CHECKING:
    import pendulum

    from chief.store.domain.board import Board


@struct(frozen=True)
class StepChange:
    """What a step command left: the item, the step it was about, and whether every step is now done.

    ``all_done`` is true only for an open item whose last open step was just
    ticked: the moment to offer "mark the item done" (one key).
    """

    item: Item
    step: Step | None
    all_done: bool = False


@struct(frozen=True)
class StepInfo:
    """An item's steps summed up for its row and its detail strip."""

    done: int
    total: int
    next: Step | None  # the first open step, in order
    overdue: bool  # an open step's due time has passed
    early: bool  # an open step is due before the item is (or the item has no due time)
    first_due: Due | None  # the soonest due time of an open step

    @property
    def progress(self) -> str:
        """"2/5": steps done of steps."""
        return f"{self.done}/{self.total}"

    @property
    def all_done(self) -> bool:
        return self.total > 0 and self.done == self.total


def raw_steps(record: Mapping[str, Any] | None) -> dict[str, Any]:
    """The steps mapping of an item record (from ``Tx.get``: the live steps, as values), as a fresh dict."""
    found = (record or {}).get(STEPS)
    return {key: dict(value) if isinstance(value, dict) else value for key, value in found.items()} if isinstance(found, dict) else {}


def find_step(item: Item, ref: int | str) -> Step:
    """The step numbered ``ref`` (1-based, as listed) or with the id (prefix) ``ref``."""
    if isinstance(ref, str) and ref.strip().isdigit():
        ref = int(ref.strip())
    if isinstance(ref, int):
        if not item.steps:
            raise CommandError(_("'{title}' has no steps").format(title=item.title))
        if not 1 <= ref <= len(item.steps):
            raise CommandError(_("'{title}' has no step {number} (it has {count})").format(
                title=item.title, number=ref, count=len(item.steps)))
        return item.steps[ref - 1]
    wanted = ref.strip().upper()
    found = [s for s in item.steps if s.id.upper().startswith(wanted)] if wanted else []
    if len(found) != 1:
        raise CommandError(_("'{title}' has no step {number} (it has {count})").format(
            title=item.title, number=ref, count=len(item.steps)))
    return found[0]


def position(item: Item, step: Step) -> int:
    """The step's number in the list (1-based)."""
    return next(n for n, s in enumerate(item.steps, 1) if s.id == step.id)


def _order_between(before: float | None, after: float | None) -> float | None:
    """An order number between two neighbours (None: no room left, renumber)."""
    if before is None and after is None:
        return 1.0
    if before is None:
        return float(after) - 1  # type: ignore[arg-type]
    if after is None:
        return float(before) + 1
    middle = (float(before) + float(after)) / 2
    return middle if before < middle < after else None


def _place(steps: dict[str, Any], ordered: list[Step], moving: str, index: int) -> None:
    """Give step ``moving`` an order that puts it at ``index`` among ``ordered`` (which lacks it)."""
    before = ordered[index - 1].order if index > 0 else None
    after = ordered[index].order if index < len(ordered) else None
    order = _order_between(before, after)
    if order is None:  # no number left between the two: number them all again, 1, 2, 3...
        for n, step in enumerate([*ordered[:index], None, *ordered[index:]], 1):
            key = moving if step is None else step.id
            steps[key] = {**steps[key], "order": n}
        return
    steps[moving] = {**steps[moving], "order": order}


def added(record: Mapping[str, Any], item: Item, new: Step, at: int | None = None) -> tuple[dict[str, Any], str]:
    """The steps with ``new`` added at position ``at`` (1-based; None or past the end: last); and its id."""
    steps = raw_steps(record)
    step_id = new.id or new_id()
    steps[step_id] = {k: v for k, v in new.to_record().items()}
    ordered = list(item.steps)
    index = len(ordered) if at is None else max(0, min(at - 1, len(ordered)))
    _place(steps, ordered, step_id, index)
    return steps, step_id


def moved(record: Mapping[str, Any], item: Item, step: Step, to: int) -> dict[str, Any]:
    """The steps with ``step`` moved to position ``to`` (1-based, kept within the list)."""
    steps = raw_steps(record)
    ordered = [s for s in item.steps if s.id != step.id]
    _place(steps, ordered, step.id, max(0, min(to - 1, len(ordered))))
    return steps


def changed(record: Mapping[str, Any], step: Step, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The steps with some fields of one step set."""
    steps = raw_steps(record)
    steps[step.id] = {**steps[step.id], **fields}
    return steps


def removed(record: Mapping[str, Any], step: Step) -> dict[str, Any]:
    """The steps without ``step`` (the transaction leaves a tombstone of it)."""
    steps = raw_steps(record)
    del steps[step.id]
    return steps


def fresh_steps(steps: tuple[Step, ...] | list[Step]) -> tuple[Step, ...]:
    """Copies of steps for a new item (the next instance of a duty): new ids, open, numbered 1, 2, 3..."""
    from chief.store.structs import replace

    return tuple(replace(step, id=new_id(), done=False, done_at=None, order=n) for n, step in enumerate(steps, 1))


def step_info(board: Board, item: Item) -> StepInfo | None:
    """Progress, next open step and due warnings of an item's steps; None without steps."""
    if not item.steps:
        return None
    from chief.store.domain.quadrant import _due_from_stored

    tz = board.now.tzinfo
    open_steps = [s for s in item.steps if not s.done]
    item_due = board.due(item)
    item_deadline = item_due.deadline(tz) if item_due else None
    overdue = early = False
    first: tuple[Any, Due] | None = None
    for step in open_steps:
        due = _due_from_stored(step.due) if step.due else None
        if due is None:
            continue
        deadline = due.deadline(tz)
        overdue = overdue or deadline <= board.now
        early = early or item_deadline is None or deadline < item_deadline
        if first is None or deadline < first[0]:
            first = (deadline, due)
    return StepInfo(
        done=len(item.steps) - len(open_steps),
        total=len(item.steps),
        next=open_steps[0] if open_steps else None,
        overdue=overdue,
        early=early,
        first_due=first[1] if first else None,
    )


def step_due(step: Step) -> Due | None:
    """A step's due time, or None when it has none (or one this version cannot read)."""
    from chief.store.domain.quadrant import _due_from_stored

    return _due_from_stored(step.due) if step.due else None


def shift_working_days(day: datetime.date, days: int, is_working_day) -> datetime.date:
    """``day`` moved by ``days`` working days (negative: back); 0 leaves it."""
    step = 1 if days > 0 else -1
    for _count in range(abs(days)):
        day += datetime.timedelta(days=step)
        for _skipped in range(366):
            if is_working_day(day):
                break
            day += datetime.timedelta(days=step)
    return day


def offset_due(due: Due | None, offset: str | None, settings, tz: pendulum.Timezone | Any) -> Due | None:
    """The due time ``offset`` ("-1d", "-2h", "+30m", "0") from the item's ``due``; None without either.

    Days count working days (the day before a Monday reception is Friday);
    hours and minutes count the clock, from the start of the working day when
    the item is due on a day.
    """
    if due is None or not offset:
        return None  # a step without an offset has no due time of its own
    sign, amount, unit = parse_offset(offset)
    if unit == "d":
        if due.all_day:
            return Due(shift_working_days(due.at, sign * amount, settings.is_working_day))  # type: ignore[arg-type]
        local = due.local(tz)  # the working day is the clock's on the office wall, not UTC's
        moved_day = shift_working_days(local.date(), sign * amount, settings.is_working_day)  # type: ignore[union-attr]
        moved = wallclock.wall(moved_day, local.hour, local.minute, local.tzinfo)  # type: ignore[union-attr]
        return Due(moved.replace(second=local.second))  # type: ignore[union-attr]
    moment = due.moment(settings.day_start, tz).astimezone(datetime.timezone.utc)  # the clock moves by elapsed time
    minutes = amount * (60 if unit == "h" else 1)
    return Due(moment + datetime.timedelta(minutes=sign * minutes))


def parse_offset(text: str) -> tuple[int, int, str]:
    """(sign, amount, unit) of an offset such as "-1d", "+2h", "-30m" or "0"; ValueError otherwise."""
    value = text.strip().lower()
    if value in ("0", "+0", "-0"):
        return 1, 0, "d"
    sign = -1 if value.startswith("-") else 1
    body = value.lstrip("+-")
    if len(body) < 2 or body[-1] not in "dhm" or not body[:-1].isdigit() or int(body[:-1]) > 10000:
        raise ValueError(text)
    return sign, int(body[:-1]), body[-1]


def emergencies(board: Board) -> list[Item]:
    """The open emergencies, the one that arrived first first (the header's clock runs from ``item.created``)."""
    return list(board._emergencies)  # kept by the board, and carried to the next one by board_update
