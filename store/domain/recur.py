"""Recurring duties: the rule, as typed after ``every:``, and when the next one is due.

A duty repeats on a fixed schedule (every weekday at 9:00, every Monday, the
1st of the month) or a number of days after the last one was done. Only one
instance is open at a time: the next one is made when the current one is
closed, due at the first occurrence after *now*, so a duty missed during a
holiday comes back once, not once per missed day.

The rule is stored as the words that were typed (normalised), so the data
file stays readable: ``weekday 9:00``, ``mon,thu``, ``1st``, ``3d-after``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from chief.store.domain.config import DAY_WORDS, WEEKDAYS
from chief.store.i18n import N_, _
from chief.store.domain.when import Due, WhenError, _clock, _is_chinese
from chief.store.errors import ChiefError
from chief.store.structs import struct

_SETS = {"day": tuple(range(7)), "daily": tuple(range(7)), "weekday": tuple(range(5)), "weekdays": tuple(range(5)),
         "工作日": tuple(range(5))}  # every:工作日 is every:weekday: the office's working days
WORKING = tuple(range(5))  # "weekday": every working day of the office's calendar, not merely Monday to Friday
WorkingDay = Callable[[datetime.date], bool]
_MONTHDAY = re.compile(r"(\d{1,2})(st|nd|rd|th)")
_AFTER = re.compile(r"(\d{1,3})([dw])-after")
EXAMPLES = N_("every:weekday 9:00, every:mon, every:mon,thu, every:1st, every:3d-after")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# The Chinese rules, read as the English ones they mean: the data file keeps the English words.
_ZH_EVERY_DAY = frozenset({"每天", "每日", "天天"})
_ZH_WORKING_DAYS = frozenset({"工作日", "每个工作日", "每工作日"})
_ZH_WEEKDAY = re.compile(r"(?:每个?)?(?:周|星期|礼拜)([一二三四五六日天])")
_ZH_LAST_DAY = frozenset({"每月最后一天", "每个月最后一天", "每月底", "每月末"})  # every:31st: a short month uses its last day
_ZH_MONTHDAY = re.compile(r"每个?月(.+?)[日号]")
_ZH_LIST = re.compile(r"[、，,]")


class RuleError(ChiefError, ValueError):
    """A rule that cannot be read; one line for the user."""


@struct(frozen=True)
class Rule:
    """When a duty comes back. Exactly one of weekdays, monthday and after_days is set."""

    weekdays: tuple[int, ...] = ()  # 0 is Monday
    monthday: int = 0  # 1..31; a short month uses its last day
    after_days: int = 0  # N days after the last one was done
    at: datetime.time | None = None  # None: due all day

    @classmethod
    def parse(cls, text: str) -> "Rule":
        """Read ``weekday 9:00``, ``mon,thu``, ``1st``, ``3d-after`` (what follows ``every:``)."""
        words = text.lower().split()
        if not words or len(words) > 2:
            raise RuleError(_("cannot understand the repeat 'every:{text}' (try: {EXAMPLES})").format(text=text, EXAMPLES=_(EXAMPLES)))
        at = None
        if len(words) == 2:
            try:
                at = _clock(words[1])
            except WhenError as err:
                raise RuleError(str(err)) from None
            if at is None:
                raise RuleError(_("'{value}' is not a time of day (try: every:weekday 9:00)").format(value=words[1]))
        spec = words[0]
        if _is_chinese(spec):
            spec = _from_chinese(spec, text)
        if spec in _SETS:
            return cls(weekdays=_SETS[spec], at=at)
        if all(part in DAY_WORDS for part in spec.split(",")):
            return cls(weekdays=tuple(sorted({DAY_WORDS[p] for p in spec.split(",")})), at=at)
        if match := _MONTHDAY.fullmatch(spec):
            day = int(match[1])
            if not 1 <= day <= 31:
                raise RuleError(_('no day {day} in a month (try: every:1st, every:15th)').format(day=day))
            return cls(monthday=day, at=at)
        if match := _AFTER.fullmatch(spec):
            days = int(match[1]) * (7 if match[2] == "w" else 1)
            if days < 1:
                raise RuleError(_("a duty cannot come back 0 days after it was done"))
            return cls(after_days=days, at=at)
        raise RuleError(_("cannot understand the repeat 'every:{text}' (try: {EXAMPLES})").format(text=text, EXAMPLES=_(EXAMPLES)))

    @classmethod
    def from_stored(cls, text: str) -> "Rule":
        return cls.parse(text)

    def stored(self) -> str:
        """The rule as it is kept in the data file: the words a user would type."""
        if self.after_days:
            spec = f"{self.after_days // 7}w-after" if self.after_days % 7 == 0 else f"{self.after_days}d-after"
        elif self.monthday:
            spec = f"{self.monthday}{_suffix(self.monthday)}"
        elif self.weekdays == tuple(range(7)):
            spec = "day"
        elif self.weekdays == tuple(range(5)):
            spec = "weekday"
        else:
            spec = ",".join(WEEKDAYS[d] for d in self.weekdays)
        return f"{spec} {self.at.hour}:{self.at.minute:02d}" if self.at else spec

    def describe(self) -> str:
        """In words, for the screen: "every weekday at 9:00", "3 days after the last one"."""
        at = f" at {self.at.hour}:{self.at.minute:02d}" if self.at else ""
        if self.after_days:
            unit = f"{self.after_days // 7} week" if self.after_days % 7 == 0 else f"{self.after_days} day"
            plural = "" if unit.startswith("1 ") else "s"
            return f"{unit}{plural} after the last one was done{at}"
        if self.monthday:
            return f"every month on the {self.monthday}{_suffix(self.monthday)}{at}"
        words = self.stored().split()[0]
        named = {"day": "every day", "weekday": "every weekday"}.get(words)
        return (named or "every " + ", ".join(WEEKDAYS[d].capitalize() for d in self.weekdays)) + at

    # occurrences -------------------------------------------------------------

    def _matches(self, day: datetime.date, working_day: WorkingDay | None = None) -> bool:
        """Whether the rule falls on ``day``; ``every:weekday`` asks the office's calendar when it is given."""
        if self.weekdays == WORKING and working_day is not None:
            return working_day(day)
        if self.weekdays:
            return day.weekday() in self.weekdays
        last = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        return day.day == min(self.monthday, last.day)

    def _due_on(self, day: datetime.date, zone: datetime.tzinfo) -> Due:
        if self.at is None:
            return Due(day)
        return Due(datetime.datetime.combine(day, self.at, tzinfo=zone))

    def first(self, now: datetime.datetime, working_day: WorkingDay | None = None) -> Due:
        """The first occurrence from ``now`` on: today counts, while its time has not passed.

        ``working_day`` is the office's calendar (``Settings.is_working_day``);
        without it ``every:weekday`` means Monday to Friday.
        """
        zone = now.tzinfo
        if self.after_days:
            return self._due_on(now.date(), zone)  # type: ignore[arg-type]
        if self.at is None:
            return Due(self._first_day(now.date(), working_day))
        return self._first_moment_after(now, working_day)

    def next(self, current: Due | None, now: datetime.datetime, working_day: WorkingDay | None = None) -> Due:
        """The occurrence after the one just closed: after its due and never in the past.

        Closing Monday's daily duty late on Wednesday brings back Wednesday's,
        not Tuesday's: missed days do not pile up.
        """
        zone = now.tzinfo
        if self.after_days:
            return self._due_on(now.date() + datetime.timedelta(days=self.after_days), zone)  # type: ignore[arg-type]
        if self.at is None:
            start = now.date()
            if current is not None:
                start = max(start, _local_day(current, zone) + datetime.timedelta(days=1))
            return Due(self._first_day(start, working_day))
        reference = now
        if current is not None:
            end = current.at if not current.all_day else datetime.datetime.combine(current.at, datetime.time.max, tzinfo=zone)
            reference = max(now, end).astimezone(zone)  # a stored due is in UTC: days are local
        return self._first_moment_after(reference, working_day)

    def _first_day(self, start: datetime.date, working_day: WorkingDay | None = None) -> datetime.date:
        for offset in range(400):  # every rule matches within a year
            day = start + datetime.timedelta(days=offset)
            if self._matches(day, working_day):
                return day
        raise RuleError(_("'every:{value}' never comes back").format(value=self.stored()))

    def _first_moment_after(self, reference: datetime.datetime, working_day: WorkingDay | None = None) -> Due:
        day = reference.date()
        while True:
            day = self._first_day(day, working_day)
            moment = datetime.datetime.combine(day, self.at, tzinfo=reference.tzinfo)  # type: ignore[arg-type]
            if moment > reference:
                return Due(moment)
            day += datetime.timedelta(days=1)


def read_repeat(text: str) -> str | None:
    """A recurring duty's rule as typed in a field or an option (with or without "every:"), stored; None when empty.

    Raises RuleError for a rule that cannot be read.
    """
    words = text.strip().removeprefix("every:")
    return Rule.parse(words).stored() if words else None


def _from_chinese(spec: str, text: str) -> str:
    """A Chinese rule as the English words it means: 每天 day, 工作日 weekday, 每周一、周四 mon,thu, 每月1日 1st, 每月最后一天 31st.

    Anything else is the one-line error that names the rule as typed.
    """
    if spec in _ZH_EVERY_DAY:
        return "day"
    if spec in _ZH_WORKING_DAYS:
        return "weekday"
    if spec in _ZH_LAST_DAY:
        return "31st"
    if match := _ZH_MONTHDAY.fullmatch(spec):
        from chief.store.domain.when_zh import _zh_number  # only for a Chinese rule

        day = _zh_number(match[1])
        if day is not None:
            if not 1 <= day <= 31:
                raise RuleError(_('no day {day} in a month (try: every:1st, every:15th)').format(day=day))
            return f"{day}{_suffix(day)}"
    parts = [_ZH_WEEKDAY.fullmatch(part) for part in _ZH_LIST.split(spec)]
    if all(parts):
        from chief.store.domain.when_zh import _ZH_WEEKDAYS  # the one table of 周一..周日 (天 as 日)

        return ",".join(WEEKDAYS[_ZH_WEEKDAYS[part[1]]] for part in parts)  # type: ignore[index]
    raise RuleError(_("cannot understand the repeat 'every:{text}' (try: {EXAMPLES})").format(text=text, EXAMPLES=_(EXAMPLES)))


def _local_day(due: Due, zone: datetime.tzinfo | None) -> datetime.date:
    return due.at if due.all_day else due.at.astimezone(zone).date()  # type: ignore[return-value]


def _suffix(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def next_instance_id(item_id: str) -> str:
    """The id of the instance that follows ``item_id``: the same on every machine.

    Two machines that close the same instance while apart make the same next
    instance, so a merge joins them instead of leaving two.
    """
    import hashlib  # only when a duty is closed: not on the capture path

    digest = hashlib.blake2b(f"next:{item_id}".encode(), digest_size=10).digest()
    number = int.from_bytes(digest, "big")
    tail = "".join(_CROCKFORD[(number >> shift) & 31] for shift in range(75, -1, -5))
    return (item_id[:10] + tail)[:26]
