"""The WHEN grammar: the few words people type for a due time.

A secretariat head types "fri", "tomorrow 9:30" or "eod" dozens of times a day,
so the grammar is small, forgiving about case, and strict about anything it does
not understand: a guessed due time is worse than a clear error.

Every answer is a :class:`Due`: either a whole day ("all day", it only becomes
overdue when the day ends) or an exact moment.

The grammar and :class:`Due` are the stdlib's ``datetime`` in a ``zoneinfo``
zone (a dated ``chief add`` loads no pendulum), with pendulum's answers: a
wall-clock time is normalised as ``pendulum.datetime`` does
(:func:`wallclock.wall`), an offset in hours or minutes moves the moment, in
days the calendar, as pendulum's ``add`` does, and the words are pendulum's
English formats (:func:`english`).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Sequence

from chief.store.domain import wallclock
from chief.store.domain.wallclock import utc_stamp
from chief.store.errors import ChiefError
from chief.store.i18n import N_, _
from chief.store.structs import struct
from chief.store.domain.forms import (clock_groups, duration_groups, is_date_text, is_iso_moment_text, is_utc_time_text,
                                      month_day)

DAY_START = datetime.time(9, 0)
DAY_END = datetime.time(18, 0)
MAX_WORDS = 3  # the longest WHEN ("next mon 10am") is three words

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TOMORROW = frozenset({"tomorrow", "tmr", "tom"})
# The forms below (durations, clocks, ISO and month-day dates, stored moments) are read by hand, as their
# regular expressions read them (store/domain/forms.py): a dated capture imports no re.
_ONE_DAY = datetime.timedelta(days=1)
_UTC = datetime.timezone.utc

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # pendulum's English "ddd"
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # its "MMM"
# What WhenError may say after "cannot understand the time": marked for the catalogs, said through _().
REASONS = (
    N_("no such date"), N_("no such date or time"), N_("no such time of day"), N_("too far away"),
    N_("slash dates are ambiguous, write 2026-12-01 or 12-01"), N_("a bare number is not a time, write 3pm or 15:00"),
)
EXAMPLES = N_("today, tomorrow, fri, next mon, in 3d, eod, eow, 15:00, 3pm, 2026-12-01")


class WhenError(ChiefError, ValueError):
    """A WHEN that cannot be understood; the message is one line for the user.

    ``definite``: the word is a time of day, only a wrong one ("25:00", "13pm",
    "明天25点"): quick-add must say so, not read fewer words and leave it in the title.
    """

    def __init__(self, token: str, reason: str | None = None, *, definite: bool = False, past: bool = False) -> None:
        self.token = token
        self.definite = definite or past
        if past:  # "yesterday", "昨天", "上周五": understood, and refused for what it is
            super().__init__(_("'{token}' is in the past: only today or a later day will do").format(token=token))
            return
        if not token:
            message = _("no time given (try: {examples})")
        elif reason:
            message = _("cannot understand the time '{token}': {reason} (try: {examples})")
        else:
            message = _("cannot understand the time '{token}' (try: {examples})")
        super().__init__(message.format(token=token, reason=_(reason) if reason else "", examples=_(EXAMPLES)))


def duration_parts(text: str) -> dict[str, int] | None:
    """Split "1h30m" into {"h": 1, "m": 30}; None when it is not a duration.

    Shared by due offsets ("in 3d") and effort estimates ("~1h30m") so both
    read durations the same way: units w, d, h, m, largest first, each once.
    """
    groups = duration_groups(text.lower())
    if groups is None or not text:
        return None
    return {unit: int(n) for unit, n in zip("wdhm", groups) if n is not None}


def english(value: datetime.date, pattern: str) -> str:
    """``value`` in pendulum's English format ``pattern`` (:func:`in_pattern`'s tokens): "ddd D MMM YYYY HH:mm" is
    "Fri 27 Nov 2026 15:00". Plain tables, not the C library's locale: the same words on every machine."""
    return in_pattern(value, pattern, "en")


# pendulum's words for "ddd", "dddd" and "MMM", in the two languages Chief speaks (its "en" and "zh" locales)
_PATTERN_WORDS = {
    "en": {"ddd": DAY_NAMES, "dddd": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
           "MMM": MONTH_NAMES},
    "zh": {"ddd": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
           "dddd": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
           "MMM": tuple(f"{month}月" for month in range(1, 13))},
}
_PATTERN_NUMBERS = {  # each worked out only when the pattern has it: a date has no hours
    "YYYY": lambda m: f"{m.year:d}", "MM": lambda m: f"{m.month:02d}", "M": lambda m: f"{m.month:d}",
    "DD": lambda m: f"{m.day:02d}", "D": lambda m: f"{m.day:d}", "HH": lambda m: f"{m.hour:02d}",
    "H": lambda m: f"{m.hour:d}", "mm": lambda m: f"{m.minute:02d}",
}
# The tokens by their first letter, longest first (as pendulum reads them); any other letter, "[" or "\\" is a
# token or an escape of pendulum's own. Read without ``re``: a dated capture says its due with them.
_PATTERN_TOKENS = {"Y": ("YYYY",), "M": ("MMM", "MM", "M"), "D": ("DD", "D"), "d": ("dddd", "ddd"), "H": ("HH", "H"),
                   "m": ("mm",)}
_PATTERN_MARKS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz[\\")
_WORD_TOKENS = frozenset(("ddd", "dddd", "MMM"))


def _pattern_pieces(pattern: str) -> tuple[str, ...] | None:
    """``pattern`` cut into its text and its tokens (a key of _PATTERN_NUMBERS or of _PATTERN_WORDS's); None when it
    has a token or an escape of pendulum's own."""
    pieces: list[str] = []
    at, end = 0, len(pattern)
    while at < end:
        mark = pattern[at]
        if mark not in _PATTERN_MARKS:  # text between tokens, as it is
            start = at
            while at < end and pattern[at] not in _PATTERN_MARKS:
                at += 1
            pieces.append(pattern[start:at])
            continue
        token = next((t for t in _PATTERN_TOKENS.get(mark, ()) if pattern.startswith(t, at)), None)
        if token is None:
            return None
        pieces.append(token)
        at += len(token)
    return tuple(pieces)


_FORMS: dict[tuple[str, str], tuple[str, tuple[Callable[[datetime.date], str], ...]] | None] = {}


def _form(pattern: str, language: str) -> tuple[str, tuple[Callable[[datetime.date], str], ...]] | None:
    """``pattern`` as a format string and what says each of its tokens in ``language``; None: pendulum's to say."""
    pieces, words = _pattern_pieces(pattern), _PATTERN_WORDS.get(language)
    if pieces is None:
        return None
    text, sayers = [], []
    for piece in pieces:
        number = _PATTERN_NUMBERS.get(piece)
        if number is None and piece not in _WORD_TOKENS:
            text.append(piece.replace("{", "{{").replace("}", "}}"))
            continue
        if number is None:
            if words is None:
                return None
            names = words[piece]
            number = (lambda m, names=names: names[m.month - 1]) if piece == "MMM" else (lambda m, names=names: names[m.weekday()])
        text.append("{}")
        sayers.append(number)
    return "".join(text), tuple(sayers)


def in_pattern(moment: datetime.date, pattern: str, language: str) -> str:
    """``moment`` as pendulum's ``format(pattern, locale=language)`` says it, for the tokens Chief's patterns use in
    either language ("ddd D MMM YYYY  HH:mm", "YYYY年M月D日 dddd  HH:mm", "YYYY-MM-DD", "H:mm"): no pendulum to load,
    the dashboard's first screen included. Any other token (a translator's) is pendulum's to say.
    """
    key = (pattern, language)
    # read once a pattern and language: a panel says every row's due with one
    form = _FORMS[key] if key in _FORMS else _FORMS.setdefault(key, _form(pattern, language))
    if form is None:  # a token, an escape or a language of its own: pendulum's
        from chief.store.domain.lazy_pendulum import pendulum

        return pendulum.instance(moment).format(pattern, locale=language)
    text, sayers = form
    return text.format(*[say(moment) for say in sayers])


def elapsed(later: datetime.datetime, earlier: datetime.datetime) -> datetime.timedelta:
    """The time between two moments, whatever their zones (stdlib subtraction in one zone reads the wall clock)."""
    return wallclock.plain(later).astimezone(_UTC) - wallclock.plain(earlier).astimezone(_UTC)


def _zone(tz: datetime.tzinfo | str) -> datetime.tzinfo:
    return wallclock.zone_named(tz) if isinstance(tz, str) else tz


def _day_of(moment: datetime.date) -> datetime.date:
    """The calendar day of a date or a datetime, as a plain stdlib date."""
    return datetime.date(moment.year, moment.month, moment.day)


def end_of_month(day: datetime.date) -> datetime.date:
    """The last day of ``day``'s month."""
    first_of_next = datetime.date(day.year + 1, 1, 1) if day.month == 12 else datetime.date(day.year, day.month + 1, 1)
    return first_of_next - _ONE_DAY


@struct(frozen=True)
class Due:
    """When an item is due: a whole day, or an exact (timezone-aware) moment.

    ``at`` is a plain stdlib ``date`` or aware ``datetime`` (a pendulum value given
    is made one): code that wants pendulum's API on it makes its own.
    """

    at: datetime.datetime | datetime.date

    def __post_init__(self) -> None:
        if isinstance(self.at, datetime.datetime):
            if self.at.tzinfo is None:
                raise ValueError("a timed due needs a timezone")
            object.__setattr__(self, "at", wallclock.plain(self.at))
        elif isinstance(self.at, datetime.date):
            if type(self.at) is not datetime.date:
                object.__setattr__(self, "at", _day_of(self.at))
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
            if is_date_text(text):
                return cls(datetime.date.fromisoformat(text))
            if is_utc_time_text(text):
                return cls(datetime.datetime.fromisoformat(text))
        except ValueError:
            pass
        raise ValueError(f"not a stored due time: {text!r}")

    def deadline(self, tz: datetime.tzinfo | str) -> datetime.datetime:
        """The moment it becomes overdue, in ``tz`` (a zone or its name); a whole day lasts until midnight there."""
        tz = _zone(tz)
        if self.all_day:
            return wallclock.wall(self.at + _ONE_DAY, 0, 0, tz)
        return self.at.astimezone(tz)

    def moment(self, day_start: datetime.time, tz: datetime.tzinfo | str) -> datetime.datetime:
        """When a snooze or follow-up at this time ends, in ``tz`` (a zone or its name): a whole day starts with the working day."""
        tz = _zone(tz)
        if self.all_day:
            return wallclock.wall(self.at, day_start.hour, day_start.minute, tz)
        return self.at.astimezone(tz)  # type: ignore[union-attr]

    def local(self, tz: datetime.tzinfo | str) -> datetime.date:
        """The due's day, or its moment in ``tz`` (a zone or its name), as a plain stdlib value."""
        return self.at if self.all_day else self.at.astimezone(_zone(tz))  # type: ignore[union-attr]

    def local_day(self, tz: datetime.tzinfo | str) -> datetime.date:
        """The calendar day it falls on in ``tz`` (a zone or its name)."""
        return self.at if self.all_day else self.at.astimezone(_zone(tz)).date()  # type: ignore[union-attr]

    def is_overdue(self, now: datetime.datetime) -> bool:
        """True once ``now`` has reached the deadline."""
        return now >= self.deadline(now.tzinfo)  # type: ignore[arg-type]

    def describe(self, now: datetime.datetime) -> str:
        """A few words for a table cell: "today 15:00", "fri", "in 12d", "2h overdue"."""
        if self.is_overdue(now):
            return self._overdue_words(now)
        day = self.local_day(now.tzinfo)  # type: ignore[arg-type]
        days = (day - _day_of(now)).days
        if days == 0:
            words = "today"
        elif days == 1:
            words = "tomorrow"
        elif days <= 6:
            words = DAY_NAMES[day.weekday()].lower()
        else:
            return f"in {days}d"
        return words if self.all_day else f"{words} {english(self.local(now.tzinfo), 'H:mm')}"  # type: ignore[arg-type]

    def echo(self, now: datetime.datetime) -> str:
        """The understood time in full, so the user can check what was meant."""
        return f"{self.plain(now)} ({self._relative(now)})"

    def plain(self, now: datetime.datetime) -> str:
        """The date (and time) alone, for an item that is closed: it can no longer be late."""
        if self.all_day:
            return f"{english(self.at, 'ddd D MMM YYYY')}, all day"
        return english(self.local(now.tzinfo), "ddd D MMM YYYY HH:mm")  # type: ignore[arg-type]

    def short(self, now: datetime.datetime) -> str:
        """The date alone in a few characters, for a closed item's table cell: "27 Nov", "27 Nov 15:00"."""
        if self.all_day:
            return english(self.at, "D MMM")
        return english(self.local(now.tzinfo), "D MMM H:mm")  # type: ignore[arg-type]

    def _overdue_words(self, now: datetime.datetime) -> str:
        if self.all_day:
            return f"{(_day_of(now) - self.at).days}d overdue"
        return f"{_span(elapsed(now, self.at))} overdue"  # type: ignore[arg-type]

    def _relative(self, now: datetime.datetime) -> str:
        if self.is_overdue(now):
            return self._overdue_words(now)
        if not self.all_day:
            return f"in {_span(elapsed(self.at, now))}"  # type: ignore[arg-type]
        days = (self.at - _day_of(now)).days
        return {0: "today", 1: "tomorrow"}.get(days, f"in {days}d")


def span_parts(delta: datetime.timedelta, *, rounded: bool = False) -> tuple[int, str]:
    """A length of time in its largest unit: (25, "m"), (3, "h"), (2, "d"); at least one minute.

    ``rounded``: to the nearest unit, as a person says how far off a time is
    ("in 2h" for 1h59m59s, "2h overdue" for 1h50m); otherwise the whole units
    passed, as an age is said ("waiting 1h" until the second hour is full).
    """
    seconds = max(0.0, delta.total_seconds())
    minutes = max(1, int(seconds / 60 + 0.5) if rounded else int(seconds // 60))
    if minutes < 60:
        return minutes, "m"
    hours = minutes / 60
    if rounded and hours < 23.5:  # 1h59m is "2h", but 23h30m stays "23h", never "1d" for tomorrow morning
        return int(hours + 0.5), "h"
    if hours < 24:
        return int(hours), "h"
    return minutes // (24 * 60), "d"


def _span(delta: datetime.timedelta) -> str:
    """How far off a moment is, rounded as a person says it: "25m", "3h", "2d"."""
    count, unit = span_parts(delta, rounded=True)
    return f"{count}{unit}"


def parse_when(
    text: str,
    now: datetime.datetime,
    *,
    day_start: datetime.time = DAY_START,
    day_end: datetime.time = DAY_END,
    working_day: Callable[[datetime.date], bool] | None = None,
) -> Due:
    """Understand a whole WHEN text, in ``now``'s timezone, or raise WhenError.

    ``day_start`` and ``day_end`` are the user's working day, passed as a pair:
    ``day_end`` ends eod, eow, eom and 下班前; both together decide what a bare
    Chinese hour means ("3点" is 15:00, the only 3 o'clock inside the working day).
    ``working_day`` is the office's calendar (``Settings.is_working_day``): eow is
    its last working day of the week.
    """
    return _Reader(now, day_start, day_end, working_day).read(text.split())


def parse_when_prefix(
    words: Sequence[str],
    now: datetime.datetime,
    *,
    day_start: datetime.time = DAY_START,
    day_end: datetime.time = DAY_END,
    working_day: Callable[[datetime.date], bool] | None = None,
) -> tuple[Due, int]:
    """The longest run of leading words (at most three) that is one WHEN.

    Quick-add needs this: in "^tomorrow 9:30 call Li" only the words the grammar
    understands belong to the due time, and the rest is the title. When even the
    first word fails, the error of the longest attempt is raised: it got furthest,
    so it names the real culprit ("next frday", not "next").
    """
    reader = _Reader(now, day_start, day_end, working_day)
    failure: WhenError | None = None
    for count in range(min(MAX_WORDS, len(words)), 0, -1):
        try:
            due = reader.read(words[:count])
        except WhenError as err:
            if err.definite:  # "^fri 25:00": a wrong time is an error, not two title words
                raise
            failure = failure or err
            continue
        if count < len(words):
            _not_a_wrong_time(words[count])  # "^fri 9:60": never read "fri" and leave 9:60 in the title
        return due, count
    raise failure or WhenError("")


def _not_a_wrong_time(word: str) -> None:
    """Raise when ``word`` looks like a time of day but is not one ("25:00", "13pm")."""
    _clock(unicodedata.normalize("NFKC", word))


class _Reader:
    """Reads one WHEN (a list of words) relative to a fixed ``now``."""

    def __init__(self, now: datetime.datetime, day_start: datetime.time, day_end: datetime.time,
                 working_day: Callable[[datetime.date], bool] | None = None) -> None:
        self.now = wallclock.in_zone(now)  # a plain stdlib datetime in the local zone: no pendulum for a date
        self.today = self.now.date()
        self.day_start = day_start
        self.day_end = day_end
        self.working_day = working_day

    def read(self, words: Sequence[str]) -> Due:
        """The Due for exactly these words: every word must be used.

        Full-width digits and colons ("１５：００", as a Chinese input method types
        them) are read as their half-width selves. Chinese has no spaces between
        words, so a Chinese WHEN is read as one run of text however it was spaced
        ("明天 下午3点" is "明天下午3点").
        """
        words = [unicodedata.normalize("NFKC", word) for word in words]
        if any(_is_chinese(word) for word in words):
            from chief.store.domain.when_zh import ChineseReader  # loaded only for Chinese text

            return ChineseReader(self).read("".join(words))
        words = _unglue(words)
        if not words:
            raise WhenError("")
        due, used = self._day_then_clock(words) or self._clock_then_day(words) or self._moment(words)
        if used < len(words):
            raise _unknown(words[used])
        return due

    # -- a day, optionally followed by a time of day ------------------------

    def _day_then_clock(self, words: list[str]) -> tuple[Due, int] | None:
        found = self._day(words)
        if found is None:
            return None
        day, used = found
        clock = self._clock_after_day(words[used]) if used < len(words) else None
        if clock is None:
            return Due(day), used
        return Due(self._at(day, clock)), used + 1

    def _clock_after_day(self, word: str) -> datetime.time | None:
        """The time of day after a day: "15:00", "3pm", or a bare hour ("tomorrow 9" is 9:00)."""
        clock = _clock(word)
        if clock is None and word.isdigit() and len(word) <= 2 and int(word) <= 23:
            reason = N_("morning or evening? write {hour}am or {hour}pm")
            clock = self.in_working_day(int(word), 0, word, _(reason).format(hour=int(word)))
        return clock

    def in_working_day(self, hour: int, minute: int, token: str, ambiguous: str) -> datetime.time:
        """A bare hour: the one of 3:00 and 15:00 inside the working day ("3" is 15:00, "9" is 9:00).

        13 to 23 and 0 say which they are; an hour with both readings outside
        the working day (8 in a 9-18 day) is an error saying ``ambiguous``.
        """
        if hour == 0 or hour > 12:
            return datetime.time(hour, minute)
        readings = [datetime.time(h % 24, minute) for h in ((hour, hour + 12) if hour < 12 else (12, 0))]
        inside = [t for t in readings if self.day_start <= t <= self.day_end]
        if len(inside) != 1:
            raise WhenError(token, ambiguous, definite=True)
        return inside[0]

    def _clock_then_day(self, words: list[str]) -> tuple[Due, int] | None:
        """A time of day before its day: "9am tomorrow", "15:00 next mon" (as "tomorrow 9am")."""
        clock = _clock(words[0])
        if clock is None or len(words) < 2:
            return None
        found = self._day(words[1:])
        if found is None:
            return None
        day, used = found
        return Due(self._at(day, clock)), used + 1

    def _day(self, words: list[str]) -> tuple[datetime.date, int] | None:
        """A calendar day from the leading words, with how many words it took."""
        first = words[0].lower()
        if first == "next":
            return self._next(words), 2
        if first == "last" and len(words) > 1 and (words[1].lower() in ("week", "month", "year") or _weekday(words[1].lower()) is not None):
            raise WhenError(" ".join(words[:2]), past=True)  # "last fri"
        if first == "in" and len(words) > 1:
            days = _whole_days(words[1])
            return None if days is None else (self._offset_day(words[1], days), 2)
        simple = self._simple_day(words[0])
        return None if simple is None else (simple, 1)

    def _simple_day(self, word: str) -> datetime.date | None:
        lowered = word.lower()
        if lowered == "today":
            return self.today
        if lowered in _TOMORROW:
            return self.today + _ONE_DAY
        weekday = _weekday(lowered)
        if weekday is not None:
            return self.today + datetime.timedelta(days=(weekday - self.today.weekday() - 1) % 7 + 1)
        days = _whole_days(lowered)
        if days is not None:
            return self._offset_day(word, days)
        if is_date_text(lowered):
            return _calendar_date(word, *map(int, lowered.split("-")))
        found = month_day(lowered)
        if found:
            return self._month_day(word, int(found[0]), int(found[1]))
        return None

    def _next(self, words: list[str]) -> datetime.date:
        """"next mon" is Monday-based: the weekday in the week after this one."""
        phrase = " ".join(words[:2])
        target = words[1].lower() if len(words) > 1 else ""
        weekday = 0 if target == "week" else _weekday(target)
        if weekday is None:
            raise WhenError(phrase)
        return self.today + datetime.timedelta(days=7 - self.today.weekday() + weekday)

    def _offset_day(self, word: str, days: int) -> datetime.date:
        return _guard(word, lambda: self.today + datetime.timedelta(days=days))

    def _month_day(self, word: str, month: int, day: int) -> datetime.date:
        """"12-01": the next 1 December, this year if it is still to come."""
        for year in range(self.today.year, self.today.year + 9):  # 9 years always hold a 29 Feb
            try:
                date = datetime.date(year, month, day)
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
        if is_iso_moment_text(first):
            return Due(self._iso_moment(words[0])), 1
        clock = _clock(words[0])
        if clock is not None:
            return Due(self._next_occurrence(clock)), 1
        if duration_parts(first.removeprefix("+")):
            return Due(self._offset_moment(words[:1], words[0])), 1
        raise _unknown(words[0])

    def _end_day(self, anchor: str) -> datetime.date:
        if anchor == "eod":
            return self.today
        if anchor == "eow" and self.working_day is not None:  # the week's last working day (a make-up Saturday...)
            from chief.store.domain.calendar import end_of_week

            return _day_of(end_of_week(self.working_day, self.today))
        if anchor == "eow":  # this Friday; at the weekend, the coming one
            return self.today + datetime.timedelta(days=(4 - self.today.weekday()) % 7)
        return end_of_month(self.today)

    def _offset_moment(self, offset: Sequence[str], label: str) -> datetime.datetime:
        """``now`` moved by the offset word ("2h", "+30m"), if there is one."""
        parts = duration_parts(offset[0].lower().removeprefix("+")) if offset else None
        if not parts:
            raise WhenError(label)
        return _guard(label, lambda: self.later(days=parts.get("w", 0) * 7 + parts.get("d", 0),
                                                minutes=parts.get("h", 0) * 60 + parts.get("m", 0)))

    def later(self, *, days: int = 0, minutes: int = 0) -> datetime.datetime:
        """``now`` moved on, as pendulum's ``add`` moves it: by the clock in the zone when days are
        added (then normalised as :func:`wallclock.wall` does), else by elapsed time."""
        if days:
            moved = self.now.replace(tzinfo=None, fold=0) + datetime.timedelta(days=days, minutes=minutes)
            return wallclock.wall(moved, moved.hour, moved.minute, self.now.tzinfo).replace(  # type: ignore[arg-type]
                second=moved.second, microsecond=moved.microsecond)
        moved = self.now.astimezone(_UTC) + datetime.timedelta(minutes=minutes)
        return moved.astimezone(self.now.tzinfo)

    def _iso_moment(self, word: str) -> datetime.datetime:
        try:
            parsed = datetime.datetime.fromisoformat(word.upper())
        except ValueError:
            raise WhenError(word, _("no such date or time")) from None
        zone = self.now.tzinfo
        if parsed.tzinfo is None:  # a wall time in the local zone, normalised as pendulum reads one (fold 0)
            moment = wallclock.wall(parsed, parsed.hour, parsed.minute, zone, fold=parsed.fold)  # type: ignore[arg-type]
            return moment.replace(second=parsed.second, microsecond=parsed.microsecond)
        return _guard(word, lambda: parsed.astimezone(zone))

    def _next_occurrence(self, clock: datetime.time) -> datetime.datetime:
        """A bare time of day means the next time the clock shows it."""
        moment = self._at(self.today, clock)
        return moment if moment > self.now else self._at(self.today + _ONE_DAY, clock)

    def _at(self, day: datetime.date, clock: datetime.time) -> datetime.datetime:
        """``day`` at ``clock`` in now's zone, as pendulum's ``now.on(day).at(clock)``: with now's fold,
        which the first step sets to 0 when now's time of day falls in a gap on that day."""
        on_day = wallclock.wall(day, self.now.hour, self.now.minute, self.now.tzinfo, fold=self.now.fold)  # type: ignore[arg-type]
        return wallclock.wall(day, clock.hour, clock.minute, self.now.tzinfo, fold=on_day.fold)  # type: ignore[arg-type]


def _is_chinese(word: str) -> bool:
    """True when ``word`` holds a Chinese character (a plain comparison: a regex would cost a capture 2ms to compile)."""
    return any("\u4e00" <= char <= "\u9fff" or char == "〇" for char in word)


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
    match = clock_groups(lowered)
    if not match or not (match[1] or match[2]):
        return None
    hour, minute, half = int(match[0]), int(match[1] or 0), match[2]
    if half:
        valid = 1 <= hour <= 12
        hour = hour % 12 + (12 if half == "pm" else 0)
    else:
        valid = hour <= 23
    if not valid or minute > 59:
        raise WhenError(word, _("no such time of day"), definite=True)
    return datetime.time(hour, minute)


def _calendar_date(word: str, year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
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
    if word.lower() in ("yesterday", "yday"):
        return WhenError(word, past=True)
    return WhenError(word)

