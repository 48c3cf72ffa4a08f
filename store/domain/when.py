"""The WHEN grammar: the few words people type for a due time.

A secretariat head types "fri", "tomorrow 9:30" or "eod" dozens of times a day,
so the grammar is small, forgiving about case, and strict about anything it does
not understand: a guessed due time is worse than a clear error.

Every answer is a :class:`Due`: either a whole day ("all day", it only becomes
overdue when the day ends) or an exact moment.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from chief.store.domain.lazy_pendulum import pendulum

from chief.store.domain import wallclock
from chief.store.domain.wallclock import utc_stamp
from chief.store.errors import ChiefError
from chief.store.i18n import N_, _

EXAMPLES = N_("today, tomorrow, fri, next mon, in 3d, eod, eow, 15:00, 3pm, 2026-12-01")
DAY_START = datetime.time(9, 0)
DAY_END = datetime.time(18, 0)
MAX_WORDS = 3  # the longest WHEN ("next mon 10am") is three words

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TOMORROW = frozenset({"tomorrow", "tmr", "tom"})
_DURATION = re.compile(r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?(am|pm)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}t.+")
_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")
_STORED_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class WhenError(ChiefError, ValueError):
    """A WHEN that cannot be understood; the message is one line for the user."""

    def __init__(self, token: str, reason: str | None = None) -> None:
        self.token = token
        what = _("cannot understand the time '{token}'").format(token=token) if token else _("no time given")
        detail = _(": {reason}").format(reason=reason) if reason else ""
        message = _("{what}{detail} (try: {examples})")
        super().__init__(message.format(what=what, detail=detail, examples=_(EXAMPLES)))


def duration_parts(text: str) -> dict[str, int] | None:
    """Split "1h30m" into {"h": 1, "m": 30}; None when it is not a duration.

    Shared by due offsets ("in 3d") and effort estimates ("~1h30m") so both
    read durations the same way: units w, d, h, m, largest first, each once.
    """
    match = _DURATION.fullmatch(text.lower())
    if not match or not text:
        return None
    return {unit: int(n) for unit, n in zip("wdhm", match.groups()) if n is not None}


@dataclass(frozen=True)
class Due:
    """When an item is due: a whole day, or an exact (timezone-aware) moment."""

    at: pendulum.DateTime | pendulum.Date

    def __post_init__(self) -> None:
        # Normalise stdlib values so every method can rely on pendulum's API.
        if isinstance(self.at, datetime.datetime):
            if self.at.tzinfo is None:
                raise ValueError("a timed due needs a timezone")
            object.__setattr__(self, "at", pendulum.instance(self.at))
        elif isinstance(self.at, datetime.date):
            object.__setattr__(self, "at", pendulum.Date(self.at.year, self.at.month, self.at.day))
        else:
            raise ValueError(f"a due time must be a date or a datetime, not {type(self.at).__name__}")

    @property
    def all_day(self) -> bool:
        """True for a whole-day due (a date without a time)."""
        return not isinstance(self.at, datetime.datetime)

    def stored(self) -> str:
        """The text kept in the data file: a plain date, or a UTC moment."""
        return self.at.isoformat() if self.all_day else utc_stamp(self.at)

    @classmethod
    def from_stored(cls, text: str) -> Due:
        """Read back what :meth:`stored` wrote; anything else is a ValueError."""
        if not isinstance(text, str):
            raise ValueError(f"a stored due time must be text, not {type(text).__name__}")
        try:
            if _ISO_DATE.fullmatch(text):
                return cls(datetime.date.fromisoformat(text))
            if _STORED_MOMENT.fullmatch(text):
                return cls(datetime.datetime.fromisoformat(text))
        except ValueError:
            pass
        raise ValueError(f"not a stored due time: {text!r}")

    def deadline(self, tz) -> pendulum.DateTime:
        """The moment it becomes overdue; a whole day lasts until midnight in ``tz``."""
        if self.all_day:
            day = self.at.add(days=1)
            return pendulum.datetime(day.year, day.month, day.day, tz=tz)
        return self.at.in_timezone(tz)

    def moment(self, day_start: datetime.time, tz) -> pendulum.DateTime:
        """When a snooze or follow-up at this time ends: a whole day starts with the working day."""
        if self.all_day:
            return pendulum.datetime(self.at.year, self.at.month, self.at.day, day_start.hour, day_start.minute, tz=tz)
        return self.at.in_timezone(tz)  # type: ignore[union-attr]

    def is_overdue(self, now: pendulum.DateTime) -> bool:
        """True once ``now`` has reached the deadline."""
        return now >= self.deadline(now.tz)

    def describe(self, now: pendulum.DateTime) -> str:
        """A few words for a table cell: "today 15:00", "fri", "in 12d", "2h overdue"."""
        if self.is_overdue(now):
            return self._overdue_words(now)
        day = self._local_day(now)
        days = (day - now.date()).days
        if days == 0:
            words = "today"
        elif days == 1:
            words = "tomorrow"
        elif days <= 6:
            words = day.format("ddd").lower()
        else:
            return f"in {days}d"
        return words if self.all_day else f"{words} {self.at.in_timezone(now.tz).format('H:mm')}"

    def echo(self, now: pendulum.DateTime) -> str:
        """The understood time in full, so the user can check what was meant."""
        return f"{self.plain(now)} ({self._relative(now)})"

    def plain(self, now: pendulum.DateTime) -> str:
        """The date (and time) alone, for an item that is closed: it can no longer be late."""
        if self.all_day:
            return f"{self.at.format('ddd D MMM YYYY')}, all day"
        return self.at.in_timezone(now.tz).format("ddd D MMM YYYY HH:mm")

    def short(self, now: pendulum.DateTime) -> str:
        """The date alone in a few characters, for a closed item's table cell: "27 Nov", "27 Nov 15:00"."""
        if self.all_day:
            return self.at.format("D MMM")
        return self.at.in_timezone(now.tz).format("D MMM H:mm")

    def _local_day(self, now: pendulum.DateTime) -> pendulum.Date:
        return self.at if self.all_day else self.at.in_timezone(now.tz).date()

    def _overdue_words(self, now: pendulum.DateTime) -> str:
        if self.all_day:
            return f"{(now.date() - self.at).days}d overdue"
        return f"{_span(now - self.at)} overdue"

    def _relative(self, now: pendulum.DateTime) -> str:
        if self.is_overdue(now):
            return self._overdue_words(now)
        if not self.all_day:
            return f"in {_span(self.at - now)}"
        days = (self.at - now.date()).days
        return {0: "today", 1: "tomorrow"}.get(days, f"in {days}d")


def _span(delta: datetime.timedelta) -> str:
    """A length of time in its largest whole unit: "25m", "3h", "2d" (at least 1m)."""
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 24 * 60:
        return f"{minutes // 60}h"
    return f"{minutes // (24 * 60)}d"


def parse_when(
    text: str,
    now: pendulum.DateTime,
    *,
    day_start: datetime.time = DAY_START,
    day_end: datetime.time = DAY_END,
) -> Due:
    """Understand a whole WHEN text, in ``now``'s timezone, or raise WhenError.

    ``day_start`` and ``day_end`` are the user's working day, passed as a pair:
    ``day_end`` ends eod, eow, eom and 下班前; both together decide what a bare
    Chinese hour means ("3点" is 15:00, the only 3 o'clock inside the working day).
    """
    return _Reader(now, day_start, day_end).read(text.split())


def parse_when_prefix(
    words: Sequence[str],
    now: pendulum.DateTime,
    *,
    day_start: datetime.time = DAY_START,
    day_end: datetime.time = DAY_END,
) -> tuple[Due, int]:
    """The longest run of leading words (at most three) that is one WHEN.

    Quick-add needs this: in "^tomorrow 9:30 call Li" only the words the grammar
    understands belong to the due time, and the rest is the title. When even the
    first word fails, the error of the longest attempt is raised: it got furthest,
    so it names the real culprit ("next frday", not "next").
    """
    reader = _Reader(now, day_start, day_end)
    failure: WhenError | None = None
    for count in range(min(MAX_WORDS, len(words)), 0, -1):
        try:
            return reader.read(words[:count]), count
        except WhenError as err:
            failure = failure or err
    raise failure or WhenError("")


class _Reader:
    """Reads one WHEN (a list of words) relative to a fixed ``now``."""

    def __init__(self, now: datetime.datetime, day_start: datetime.time, day_end: datetime.time) -> None:
        self.now = wallclock.in_pendulum(now)  # a capture without a date never loads pendulum
        self.today = self.now.date()
        self.day_start = day_start
        self.day_end = day_end

    def read(self, words: Sequence[str]) -> Due:
        """The Due for exactly these words: every word must be used.

        Full-width digits and colons ("１５：００", as a Chinese input method types
        them) are read as their half-width selves. Chinese has no spaces between
        words, so a Chinese WHEN is read as one run of text however it was spaced
        ("明天 下午3点" is "明天下午3点").
        """
        words = [unicodedata.normalize("NFKC", word) for word in words]
        if any(_HAN.search(word) for word in words):
            return _ChineseReader(self).read("".join(words))
        words = _unglue(words)
        if not words:
            raise WhenError("")
        due, used = self._day_then_clock(words) or self._moment(words)
        if used < len(words):
            raise _unknown(words[used])
        return due

    # -- a day, optionally followed by a time of day ------------------------

    def _day_then_clock(self, words: list[str]) -> tuple[Due, int] | None:
        found = self._day(words)
        if found is None:
            return None
        day, used = found
        clock = _clock(words[used]) if used < len(words) else None
        if clock is None:
            return Due(day), used
        return Due(self._at(day, clock)), used + 1

    def _day(self, words: list[str]) -> tuple[pendulum.Date, int] | None:
        """A calendar day from the leading words, with how many words it took."""
        first = words[0].lower()
        if first == "next":
            return self._next(words), 2
        if first == "in" and len(words) > 1:
            days = _whole_days(words[1])
            return None if days is None else (self._offset_day(words[1], days), 2)
        simple = self._simple_day(words[0])
        return None if simple is None else (simple, 1)

    def _simple_day(self, word: str) -> pendulum.Date | None:
        lowered = word.lower()
        if lowered == "today":
            return self.today
        if lowered in _TOMORROW:
            return self.today.add(days=1)
        weekday = _weekday(lowered)
        if weekday is not None:
            return self.today.add(days=(weekday - self.today.weekday() - 1) % 7 + 1)
        days = _whole_days(lowered)
        if days is not None:
            return self._offset_day(word, days)
        if _ISO_DATE.fullmatch(lowered):
            return _calendar_date(word, *map(int, lowered.split("-")))
        match = _MONTH_DAY.fullmatch(lowered)
        if match:
            return self._month_day(word, int(match[1]), int(match[2]))
        return None

    def _next(self, words: list[str]) -> pendulum.Date:
        """"next mon" is Monday-based: the weekday in the week after this one."""
        phrase = " ".join(words[:2])
        target = words[1].lower() if len(words) > 1 else ""
        weekday = 0 if target == "week" else _weekday(target)
        if weekday is None:
            raise WhenError(phrase)
        return self.today.add(days=7 - self.today.weekday() + weekday)

    def _offset_day(self, word: str, days: int) -> pendulum.Date:
        return _guard(word, lambda: self.today.add(days=days))

    def _month_day(self, word: str, month: int, day: int) -> pendulum.Date:
        """"12-01": the next 1 December, this year if it is still to come."""
        for year in range(self.today.year, self.today.year + 9):  # 9 years always hold a 29 Feb
            try:
                date = pendulum.Date(year, month, day)
            except ValueError:
                continue
            if date >= self.today:
                return date
        raise WhenError(word, _("no such date"))

    # -- an exact moment ----------------------------------------------------

    def _moment(self, words: list[str]) -> tuple[Due, int]:
        """A timed WHEN; the last resort, so it raises when nothing fits."""
        first = words[0].lower()
        if first == "in":
            return Due(self._offset_moment(words[1:2], " ".join(words[:2]))), 2
        if first in ("eod", "eow", "eom"):
            return Due(self._at(self._end_day(first), self.day_end)), 1
        if _ISO_MOMENT.fullmatch(first):
            return Due(self._iso_moment(words[0])), 1
        clock = _clock(words[0])
        if clock is not None:
            return Due(self._next_occurrence(clock)), 1
        if duration_parts(first.removeprefix("+")):
            return Due(self._offset_moment(words[:1], words[0])), 1
        raise _unknown(words[0])

    def _end_day(self, anchor: str) -> pendulum.Date:
        if anchor == "eod":
            return self.today
        if anchor == "eow":  # this Friday; at the weekend, the coming one
            return self.today.add(days=(4 - self.today.weekday()) % 7)
        return self.today.end_of("month")

    def _offset_moment(self, offset: Sequence[str], label: str) -> pendulum.DateTime:
        """``now`` moved by the offset word ("2h", "+30m"), if there is one."""
        parts = duration_parts(offset[0].lower().removeprefix("+")) if offset else None
        if not parts:
            raise WhenError(label)
        units = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
        return _guard(label, lambda: self.now.add(**{units[u]: n for u, n in parts.items()}))

    def _iso_moment(self, word: str) -> pendulum.DateTime:
        try:
            parsed = datetime.datetime.fromisoformat(word.upper())
        except ValueError:
            raise WhenError(word, _("no such date or time")) from None
        if parsed.tzinfo is None:
            return pendulum.instance(parsed, tz=self.now.tz)
        return _guard(word, lambda: pendulum.instance(parsed).in_timezone(self.now.tz))

    def _next_occurrence(self, clock: datetime.time) -> pendulum.DateTime:
        """A bare time of day means the next time the clock shows it."""
        moment = self._at(self.today, clock)
        return moment if moment > self.now else self._at(self.today.add(days=1), clock)

    def _at(self, day: pendulum.Date, clock: datetime.time) -> pendulum.DateTime:
        return self.now.on(day.year, day.month, day.day).at(clock.hour, clock.minute)


def _unglue(words: Sequence[str]) -> list[str]:
    """"tomorrow@9:30" is two words glued with '@'; an empty side is an error."""
    split: list[str] = []
    for word in words:
        parts = word.split("@")
        if "" in parts and len(parts) > 1:
            raise WhenError(word)
        split.extend(parts)
    return split


def _weekday(word: str) -> int | None:
    """Monday is 0; any start of a day's name of three letters or more counts."""
    if len(word) < 3:
        return None
    return next((i for i, name in enumerate(_WEEKDAYS) if name.startswith(word)), None)


def _whole_days(word: str) -> int | None:
    """The days in "3d", "+1w" or "2w3d"; None if it is not a days-and-weeks offset."""
    parts = duration_parts(word.lower().removeprefix("+"))
    if not parts or not set(parts) <= {"w", "d"}:
        return None
    return parts.get("w", 0) * 7 + parts.get("d", 0)


def _clock(word: str) -> datetime.time | None:
    """A time of day ("15:00", "3pm", "3:30pm", "noon"); None if it does not look like one.

    A bare number ("3") is deliberately not a time: it is too easy to mistype.
    """
    lowered = word.lower()
    if lowered == "noon":
        return datetime.time(12, 0)
    match = _CLOCK.fullmatch(lowered)
    if not match or not (match[2] or match[3]):
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        valid = 1 <= hour <= 12
        hour = hour % 12 + (12 if half == "pm" else 0)
    else:
        valid = hour <= 23
    if not valid or minute > 59:
        raise WhenError(word, _("no such time of day"))
    return datetime.time(hour, minute)


def _calendar_date(word: str, year: int, month: int, day: int) -> pendulum.Date:
    try:
        return pendulum.Date(year, month, day)
    except ValueError:
        raise WhenError(word, _("no such date")) from None


def _guard(word: str, compute):
    """Run date arithmetic, turning "too far away" into a WhenError."""
    try:
        return compute()
    except (OverflowError, ValueError):
        raise WhenError(word, _("too far away")) from None


def _unknown(word: str) -> WhenError:
    """The error for a word nothing understood, with a hint for common slips."""
    if "/" in word:
        return WhenError(word, _("slash dates are ambiguous, write 2026-12-01 or 12-01"))
    if word.isdigit():
        return WhenError(word, _("a bare number is not a time, write 3pm or 15:00"))
    return WhenError(word)


# -- Chinese ------------------------------------------------------------------
#
# A Chinese WHEN is one run of text read left to right: an optional day (明天,
# 周五, 下周一, 3天后, 12月5日...), an optional part of the day (上午, 下午...)
# and an optional time of day (3点, 十点半, 15:00); or one of a few whole phrases
# (两小时后, 下班前, 本周内, 月底, 周末). The tables below are the whole vocabulary;
# anything else is an error that names the text, never a guess.

_HAN = re.compile(r"[\u4e00-\u9fff〇]")
_NUM = r"[0-9]+|[零〇一二两三四五六七八九十]+"
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_NUMBER = re.compile(
    r"(?P<tens>[二三四五六七八九])?十(?P<ones>[一二三四五六七八九])?"  # 十, 十五, 二十, 二十三
    r"|[零〇]?(?P<digit>[一二两三四五六七八九])|[零〇]"  # 五, 两, 零五, 零
)
_ZH_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}
_ZH_DAY_AND_PERIOD = {"今早": (0, "早上"), "今晚": (0, "晚上"), "明早": (1, "早上"), "明晚": (1, "晚上")}
_ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ZH_WEEK_AHEAD = {None: 0, "本": 0, "这": 0, "下": 1, "下下": 2}  # how many weeks on from this one
_ZH_MINUTES = {"半": 30, "一刻": 15, "三刻": 45, "整": 0, "钟": 0}


@dataclass(frozen=True)
class _Period:
    """A part of the day: which hours may be said in it, and what they mean on a 24-hour clock."""

    hours: tuple[tuple[int, int, int], ...]  # (lowest, highest, hours to add)
    example: int  # an hour that fits, for the hint when the hour is missing


_ZH_PERIODS = {
    "凌晨": _Period(((0, 5, 0),), 5),
    "早上": _Period(((5, 11, 0),), 8),
    "早晨": _Period(((5, 11, 0),), 8),
    "上午": _Period(((5, 11, 0),), 10),
    "中午": _Period(((11, 12, 0), (1, 1, 12), (13, 13, 0)), 12),
    "下午": _Period(((1, 7, 12), (13, 19, 0)), 3),
    "傍晚": _Period(((5, 7, 12), (17, 19, 0)), 6),
    "晚上": _Period(((6, 11, 12), (18, 23, 0)), 8),
}


def _alternatives(words) -> str:
    """A regex alternation of ``words``, longest first so "大后天" wins over "后天"."""
    return "|".join(sorted(words, key=len, reverse=True))


_ZH_AFTER = r"(?:以后|之后|后)"
_ZH_TIME_OFFSET = re.compile(rf"(?P<n>{_NUM})?个?(?P<half>半)?个?(?P<unit>小时|钟头|分钟){_ZH_AFTER}")
_ZH_DAY_OFFSET = re.compile(rf"(?P<n>{_NUM})个?(?P<unit>天|日|周|星期|礼拜){_ZH_AFTER}")
_ZH_DATE = re.compile(rf"(?:(?P<year>[0-9]{{4}})年)?(?P<month>{_NUM})月(?P<day>{_NUM})[日号]")
_ZH_DAY_OF_MONTH = re.compile(rf"(?P<day>{_NUM})[日号]")
_ZH_MONTH_END = re.compile(r"(?P<which>本|这个|下个?)?月底")
_ZH_WEEK = re.compile(r"(?:(?P<which>下下|下|本|这)个?)?(?:周|星期|礼拜)(?P<day>[一二三四五六日天]|末|内)?")
_ZH_RELATIVE_DAY = re.compile(_alternatives(_ZH_RELATIVE))
_ZH_DAY_PERIOD = re.compile(_alternatives(_ZH_DAY_AND_PERIOD))
_ZH_WORKDAY_END = re.compile(r"下班(?:之前|以前|前)")
_ZH_PERIOD = re.compile(_alternatives(_ZH_PERIODS))
_ZH_CLOCK = re.compile(
    rf"(?P<h24>[0-9]{{1,2}}):(?P<m24>[0-9]{{2}})"
    rf"|(?P<hour>{_NUM})[点时](?:(?P<word>{_alternatives(_ZH_MINUTES)})|(?P<minute>{_NUM})(?P<fen>分)?)?"
)


def _zh_number(text: str) -> int | None:
    """0-99 in Arabic or Chinese numerals ("15", "十五", "二十三", "两", "零五"); None otherwise."""
    if text.isascii() and text.isdigit():
        return int(text)
    match = _ZH_NUMBER.fullmatch(text)
    if not match:
        return None
    if "十" in text:
        return _ZH_DIGITS.get(match["tens"] or "一") * 10 + _ZH_DIGITS.get(match["ones"] or "零")
    return _ZH_DIGITS[match["digit"] or "零"]


@dataclass(frozen=True)
class _Step:
    """What one leading piece of a Chinese WHEN said: a day (maybe with a part of the day), or a whole Due."""

    end: int
    day: pendulum.Date | None = None
    period: str | None = None
    due: Due | None = None  # a phrase that is a WHEN on its own (月底, 本周内): nothing may follow it


class _ChineseReader:
    """Reads one Chinese WHEN, with the ``_Reader``'s clock and working day."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.today = reader.today

    def read(self, text: str) -> Due:
        """The Due for the whole of ``text``: every character must be used."""
        moment = self._time_offset(text)
        if moment is not None:
            return Due(moment)
        step = self._day_at(text, 0) or _Step(0)
        if step.due is not None:
            return self._finish(text, step.end, step.due)
        second = self._day_at(text, step.end) if step.end else None
        if second is not None:
            raise WhenError(text[: second.end], _("two days in one time"))
        workday_end = _ZH_WORKDAY_END.match(text, step.end)
        if workday_end and step.period is None:  # "明天下班前": that day's end of work
            due = Due(self.reader._at(step.day or self.today, self.reader.day_end))
            return self._finish(text, workday_end.end(), due)
        period, start, pos = self._period(text, step)
        time_of_day, pos = self._time_of_day(text, period, start, pos)
        if time_of_day is None:
            if step.day is None:
                raise _unknown(text)
            return self._finish(text, pos, Due(step.day))
        if step.day is None:  # "下午3点", as "3pm": the next time the clock shows it
            return self._finish(text, pos, Due(self.reader._next_occurrence(time_of_day)))
        return self._finish(text, pos, Due(self.reader._at(step.day, time_of_day)))

    @staticmethod
    def _period(text: str, step: _Step) -> tuple[str | None, int, int]:
        """The part of the day after the day (or in it, "今晚"), where it starts, and where it ends."""
        period, start, pos = step.period, step.end, step.end
        found = _ZH_PERIOD.match(text, pos)
        if found and period is None:
            period, start, pos = found[0], found.start(), found.end()
            found = _ZH_PERIOD.match(text, pos)
        if found:  # "今晚下午", "上午下午"
            raise WhenError(text[: found.end()], _("two parts of the day in one time"))
        return period, start, pos

    def _time_of_day(self, text: str, period: str | None, start: int, pos: int) -> tuple[datetime.time | None, int]:
        """The time of day at ``pos`` (read in ``period``, which began at ``start``) and where it ends."""
        clock = _ZH_CLOCK.match(text, pos)
        if clock:
            return self._clock(clock, period, text[start if period else pos : clock.end()]), clock.end()
        if period == "中午":  # noon needs no hour
            return datetime.time(12, 0), pos
        if period is not None:  # "明天上午" is not a time: 9:00? 11:59? say it
            example = f"{period}{_ZH_PERIODS[period].example}点"
            raise WhenError(text[:pos], _("say the hour, as in {example}").format(example=example))
        return None, pos

    @staticmethod
    def _finish(text: str, end: int, due: Due) -> Due:
        """``due``, once the whole text is used; a title glued to the time is an error, not a guess."""
        if end < len(text):
            reason = _("'{rest}' is not part of the time (a title goes after a space)")
            raise WhenError(text, reason.format(rest=text[end:]))
        return due

    # -- whole phrases ---------------------------------------------------------

    def _time_offset(self, text: str) -> pendulum.DateTime | None:
        """"两小时后", "半小时后", "一个半小时后", "30分钟后": now moved on; None for any other text."""
        match = _ZH_TIME_OFFSET.fullmatch(text)
        if not match:
            return None
        count = _zh_number(match["n"]) if match["n"] else 0
        half = match["half"] is not None
        if count is None or (match["n"] is None and not half) or (half and match["unit"] == "分钟"):
            raise WhenError(text)
        minutes = count if match["unit"] == "分钟" else count * 60 + (30 if half else 0)
        return _guard(text, lambda: self.reader.now.add(minutes=minutes))

    # -- days ------------------------------------------------------------------

    def _day_at(self, text: str, pos: int) -> _Step | None:
        """The day said at ``pos``, if one is: the table of day phrases, tried in order."""
        for pattern, read in (
            (_ZH_DAY_OFFSET, self._day_offset),
            (_ZH_DATE, self._date),
            (_ZH_DAY_OF_MONTH, self._day_of_month),
            (_ZH_MONTH_END, self._month_end),
            (_ZH_WEEK, self._week),
            (_ZH_DAY_PERIOD, self._day_and_period),
            (_ZH_RELATIVE_DAY, self._relative),
        ):
            match = pattern.match(text, pos)
            if match:
                return read(match)
        return None

    def _relative(self, match: re.Match) -> _Step:
        """今天, 明天, 后天, 大后天."""
        return _Step(match.end(), day=self.today.add(days=_ZH_RELATIVE[match[0]]))

    def _day_and_period(self, match: re.Match) -> _Step:
        """今晚, 明早: a day and a part of it in one word."""
        days, period = _ZH_DAY_AND_PERIOD[match[0]]
        return _Step(match.end(), day=self.today.add(days=days), period=period)

    def _day_offset(self, match: re.Match) -> _Step:
        """"3天后", "一周后": a whole day, as "in 3d" and "in 1w" are."""
        count = self._number(match, "n")
        days = count * (1 if match["unit"] in ("天", "日") else 7)
        return _Step(match.end(), day=_guard(match[0], lambda: self.today.add(days=days)))

    def _date(self, match: re.Match) -> _Step:
        """"2026年12月5日" exactly; "12月5号" the next 5 December, as "12-05" is."""
        month, dom = self._number(match, "month"), self._number(match, "day")
        if match["year"]:
            return _Step(match.end(), day=_calendar_date(match[0], int(match["year"]), month, dom))
        return _Step(match.end(), day=self.reader._month_day(match[0], month, dom))

    def _day_of_month(self, match: re.Match) -> _Step:
        """"5号": the next 5th, this month if it is still to come (a month without a 31st is skipped)."""
        dom = self._number(match, "day")
        year, month = self.today.year, self.today.month
        for _month in range(12):
            try:
                date = pendulum.Date(year, month, dom)
            except ValueError:
                date = None
            if date is not None and date >= self.today:
                return _Step(match.end(), day=date)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        raise WhenError(match[0], _("no such date"))

    def _month_end(self, match: re.Match) -> _Step:
        """月底 / 本月底 is eom; 下月底 the end of next month's last day."""
        last = self.reader._end_day("eom")
        if match["which"] and match["which"].startswith("下"):
            last = last.add(days=1).end_of("month")
        return _Step(match.end(), due=Due(self.reader._at(last, self.reader.day_end)))

    def _week(self, match: re.Match) -> _Step:
        """周五, 本周五, 下周一, 下下周三, 下周, 周末, 本周内 (Monday-based weeks, as "next mon" is)."""
        which, said = match["which"], match["day"]
        weeks = _ZH_WEEK_AHEAD[which]
        monday = self.today.subtract(days=self.today.weekday())
        if said is None:
            if not weeks:  # "周" or "本周" alone: which day?
                raise WhenError(match[0], _("which day? as in 周五 or 下周一"))
            return _Step(match.end(), day=monday.add(weeks=weeks))
        if said == "末":  # the weekend: due by its end, Sunday
            return _Step(match.end(), due=Due(monday.add(weeks=weeks, days=6)))
        if said == "内":  # by the end of the working week, as eow is
            if which is None:
                raise _unknown(match[0])
            last = self.reader._end_day("eow").add(weeks=weeks)
            return _Step(match.end(), due=Due(self.reader._at(last, self.reader.day_end)))
        weekday = _ZH_WEEKDAYS[said]
        if which is None:  # "周五", as "fri": the next one, today's weekday a week on
            return _Step(match.end(), day=self.today.add(days=(weekday - self.today.weekday() - 1) % 7 + 1))
        day = monday.add(weeks=weeks, days=weekday)
        if day < self.today:
            raise WhenError(match[0], _("that day of this week is already past"))
        return _Step(match.end(), day=day)

    @staticmethod
    def _number(match: re.Match, group: str) -> int:
        number = _zh_number(match[group])
        if number is None:
            raise WhenError(match[0])
        return number

    # -- a time of day -----------------------------------------------------------

    def _clock(self, match: re.Match, period: str | None, token: str) -> datetime.time:
        """The time of day said, read in its part of the day; a bare hour must be unambiguous."""
        if match["h24"]:
            hour, minute = int(match["h24"]), int(match["m24"])
        else:
            hour, minute = _zh_number(match["hour"]), self._minutes(match, token)
            if hour is None:
                raise WhenError(token)
        if hour > 23 or minute > 59:
            raise WhenError(token, _("no such time of day"))
        if period is not None:
            return self._in_period(hour, minute, period, token, match)
        if match["h24"] or hour == 0 or hour > 12:
            return datetime.time(hour, minute)
        return self._in_working_day(hour, minute, token)

    @staticmethod
    def _minutes(match: re.Match, token: str) -> int:
        """点半 30, 点一刻 15, 点三刻 45; 点45 / 点45分 / 点零五 / 点5分; "3点5" is refused (3:05 or 3:50?)."""
        if match["word"]:
            return _ZH_MINUTES[match["word"]]
        said = match["minute"]
        if said is None:
            return 0
        minute = _zh_number(said)
        clear = match["fen"] or len(said) == 2 and said.isascii() or "十" in said or said[0] in "零〇"
        if minute is None or not clear:
            raise WhenError(token, _("write the minutes with two digits or with 分, as in 3点05 or 3点5分"))
        return minute

    @staticmethod
    def _in_period(hour: int, minute: int, period: str, token: str, match: re.Match) -> datetime.time:
        """"下午3点" is 15:00 and "下午15点" too; "上午13点" says two different things."""
        said = f"{match['h24']}:{match['m24']}" if match["h24"] else f"{match['hour']}点"
        for low, high, add in _ZH_PERIODS[period].hours:
            if low <= hour <= high:
                return datetime.time(hour + add, minute)
        raise WhenError(token, _("there is no {hour} in the {period}").format(hour=said, period=period))

    def _in_working_day(self, hour: int, minute: int, token: str) -> datetime.time:
        """"3点" with no part of the day: the one of 03:00 and 15:00 inside the working day, else an error."""
        readings = [datetime.time(h % 24, minute) for h in ((hour, hour + 12) if hour < 12 else (12, 0))]
        inside = [t for t in readings if self.reader.day_start <= t <= self.reader.day_end]
        if len(inside) != 1:
            raise WhenError(token, _("morning or evening? put 上午, 下午 or 晚上 before it"))
        return inside[0]
