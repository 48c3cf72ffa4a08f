"""The user's settings, from a TOML file, checked key by key.

A bad config must never end in a traceback: every problem is one line that
names the file and the key, so the user can fix it in one go.
"""

from __future__ import annotations

from functools import cached_property

import datetime as dt
import os

from chief.store.domain import calendar as workcal  # not 'calendar': Settings has a field of that name
from chief.store.domain.model import DEFAULT_CATEGORIES, DEFAULT_PRIVATE, ZH_DEFAULT_CATEGORIES
from chief.store.domain.procedures import Procedure, default_procedures, read_procedures
from chief.store.i18n import N_, _
from chief.store.i18n.reasons import os_reason, toml_reason
from chief.store.errors import ChiefError
from chief.store.structs import field, struct

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping



class ConfigError(ChiefError, ValueError):
    """A config problem, one line naming the key."""


def default_categories() -> tuple[str, ...]:
    """The five kinds of work, in the interface's language (chosen before any Settings is made)."""
    from chief.store.i18n import language

    return ZH_DEFAULT_CATEGORIES if language() == "zh" else DEFAULT_CATEGORIES


@struct(frozen=True)
class Settings:
    """What the config file says (or the defaults): how the board sorts, who I am, the working days."""

    theme: str = "chief-dark"
    categories: tuple[str, ...] = field(default_factory=default_categories)
    horizon_days: int = 1  # urgent when due before the end of this many days after today
    day_start: dt.time = dt.time(9, 0)
    day_end: dt.time = dt.time(18, 0)
    default_effort: int = 30  # minutes counted for an item with no estimate
    archive_after_days: int = 14  # closed items older than this move to the yearly archive
    keymap: Mapping[str, str] = field(default_factory=dict)
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # 0 is Monday
    language: str | None = None  # "en" or "zh"; None: from CHIEF_LANG or the locale (store/i18n)
    calendar: str | None = None  # "cn" or "none"; None: China's with a Chinese interface (store/domain/calendar.py)
    holidays: frozenset[dt.date] = frozenset()  # the unit's own days off, or a year the calendar data lacks
    workdays: frozenset[dt.date] = frozenset()  # the unit's own working days (make-up weekends)
    private_categories: tuple[str, ...] = DEFAULT_PRIVATE  # masked in privacy mode (compared case-insensitively)
    procedures: Mapping[str, Procedure] = field(default_factory=default_procedures)  # by name (store/domain/procedures.py)

    def minutes_counted(self, effort: int | None) -> int:
        """An item's effort as loads and shares count it: its estimate, or ``default_effort`` when it has none."""
        return effort if effort is not None else self.default_effort

    def is_working_day(self, day: dt.date) -> bool:
        """Whether the office works on ``day``: the config's lists, the official calendar, then working_days."""
        return workcal.is_working_day(self, day)

    def next_working_day(self, day: dt.date, after: int = 1) -> dt.date:
        """The ``after``-th working day after ``day`` (Friday's next one is Monday; 30 September 2026's is 8 October)."""
        for _step in range(after):
            day += dt.timedelta(days=1)
            for _skipped in range(366):  # no calendar is closed for a year; past that, the day as it is
                if self.is_working_day(day):
                    break
                day += dt.timedelta(days=1)
        return day

    @cached_property
    def _private_folded(self) -> frozenset[str]:
        return frozenset(c.casefold() for c in self.private_categories)

    def is_private(self, category: str | None) -> bool:
        """Whether items of ``category`` are masked in privacy mode (asked per row: the folded set is made once)."""
        return category is not None and category.casefold() in self._private_folded


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = {name: n for n, name in enumerate(WEEKDAYS)} | {
    full: n for n, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}


def _parse_clock(text: str) -> dt.time:
    hours, _colon, minutes = text.partition(":")
    return dt.time(int(hours), int(minutes or 0))


def _working_hours(value: Any) -> tuple[dt.time, dt.time]:
    start, sep, end = str(value).partition("-")
    if not isinstance(value, str) or not sep:
        raise ValueError
    first, last = _parse_clock(start.strip()), _parse_clock(end.strip())
    if first >= last:
        raise ValueError
    return first, last


def _working_days(value: Any) -> tuple[int, ...]:
    """ "mon-fri", "mon-sat", "mon,tue,thu", or a list of day names: at least one day."""
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list) and all(isinstance(part, str) for part in value):
        parts = value
    else:
        raise ValueError
    days: set[int] = set()
    for part in parts:
        first, dash, last = part.strip().lower().partition("-")
        last = last if dash else first
        if first not in DAY_WORDS or last not in DAY_WORDS:
            raise ValueError
        start, end = DAY_WORDS[first], DAY_WORDS[last]
        days.update(range(start, end + 1) if start <= end else (*range(start, 7), *range(end + 1)))
    if not days:
        raise ValueError
    return tuple(sorted(days))


def _categories(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(c, str) and c.strip() for c in value):
        raise ValueError
    names = tuple(c.strip() for c in value)
    if len({n.casefold() for n in names}) != len(names):
        raise ValueError
    return names


def _days(value: Any) -> frozenset[dt.date]:
    """A list of ISO dates ("2026-10-08"): TOML dates or strings."""
    if not isinstance(value, list):
        raise ValueError
    days = set()
    for entry in value:
        if isinstance(entry, dt.datetime) or not isinstance(entry, (str, dt.date)):
            raise ValueError
        days.add(entry if isinstance(entry, dt.date) else dt.date.fromisoformat(entry.strip()))
    return frozenset(days)


def _calendar(value: Any) -> str:
    if value not in workcal.REGIONS:
        raise ValueError
    return value


def _names(value: Any) -> tuple[str, ...]:
    """A list of names, possibly empty (``private_categories = []`` masks nothing)."""
    if not isinstance(value, list) or not all(isinstance(c, str) and c.strip() for c in value):
        raise ValueError
    return tuple(c.strip() for c in value)


def _keymap(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError
    return dict(value)


def _whole(low: int, high: int):
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError
        return value

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError
    return value.strip()


def _language(value: Any) -> str:
    if value not in ("en", "zh"):
        raise ValueError
    return value


# key -> (reader, what a good value looks like)
_KEYS = {
    "theme": (_text, N_("a theme name, e.g. \"chief-light\"")),
    "categories": (_categories, N_("a list of distinct names, e.g. [\"documents\", \"reception\"]")),
    "horizon_days": (_whole(0, 30), N_("a whole number of days from 0 to 30")),
    "working_hours": (_working_hours, N_("a range like \"09:00-18:00\"")),
    "working_days": (_working_days, N_("days like \"mon-fri\" or \"mon,tue,wed,thu,fri,sat\"")),
    "default_effort": (_whole(1, 24 * 60), N_("minutes from 1 to 1440")),
    "archive_after_days": (_whole(1, 3650), N_("a whole number of days from 1 to 3650")),
    "language": (_language, N_("\"en\" (English) or \"zh\" (Simplified Chinese)")),
    "calendar": (_calendar, N_("\"cn\" (China's holidays and make-up working days) or \"none\" (plain working_days)")),
    "holidays": (_days, N_("a list of dates, e.g. [\"2026-10-08\"]")),
    "workdays": (_days, N_("a list of dates, e.g. [\"2026-10-10\"]")),
    "private_categories": (_names, N_("a list of category names, e.g. [\"confidential\"]")),
    "keymap": (_keymap, N_("a table of binding id = \"keys\", e.g. done = \"d,space\"")),
    "procedures": (read_procedures, N_("a table of procedures, each with steps = [\"...\"] and optionally category = \"...\" (or false to remove one)")),
}


def settings_from(table: Mapping[str, Any], source: str = "config") -> Settings:
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key not in _KEYS:
            raise ConfigError(_("{source}: unknown key '{key}' (known: {value})").format(source=source, key=key, value=', '.join(sorted(_KEYS))))
        reader, expected = _KEYS[key]
        try:
            value = reader(raw)
        except (ValueError, TypeError) as err:
            if key == "procedures" and err.args and isinstance(raw, dict) and err.args[0] in raw:
                name = err.args[0]
                raise ConfigError(_("{source}: '{key}' must be {expected}, got {raw!r}").format(
                    source=source, key=f"procedures.{name}", expected=_(expected), raw=raw[name])) from None
            raise ConfigError(_("{source}: '{key}' must be {expected}, got {raw!r}").format(source=source, key=key, expected=_(expected), raw=raw)) from None
        if key == "working_hours":
            values["day_start"], values["day_end"] = value
        else:
            values[key] = value
    _check_private(values, source)
    _check_procedures(values, source)
    if values.get("holidays", frozenset()) & values.get("workdays", frozenset()):
        both = min(values["holidays"] & values["workdays"])
        raise ConfigError(_("{source}: {day} is in both 'holidays' and 'workdays'").format(source=source, day=both))
    return Settings(**values)


def _check_private(values: dict[str, Any], source: str) -> None:
    """A private category must be a category: a misspelt one would leave titles unmasked without a word.

    Without a ``categories`` key the names are checked against both languages'
    defaults, so the check does not depend on the language chosen.
    """
    known = values.get("categories") or (*DEFAULT_CATEGORIES, *ZH_DEFAULT_CATEGORIES)
    folded = {c.casefold() for c in known}
    for name in values.get("private_categories", ()):
        if name.casefold() not in folded:
            raise ConfigError(_("{source}: 'private_categories' names '{name}', which is not a category (categories: {known})")
                              .format(source=source, name=name, known=", ".join(known)))


def _check_procedures(values: dict[str, Any], source: str) -> None:
    """A procedure's category must be a category: a misspelt one would never give an item its steps."""
    known = values.get("categories") or (*DEFAULT_CATEGORIES, *ZH_DEFAULT_CATEGORIES)
    folded = {c.casefold() for c in known}
    shipped = list(default_procedures().values())  # a shipped one whose category the config renamed just never applies
    for name, procedure in values.get("procedures", {}).items():
        if procedure.category and procedure not in shipped and procedure.category.casefold() not in folded:
            raise ConfigError(_("{source}: procedure '{name}' names the category '{category}', which is not a category "
                                "(categories: {known})").format(source=source, name=name, category=procedure.category,
                                                                known=", ".join(known)))


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Settings from ``path``; the defaults when the file does not exist."""
    try:
        with open(path, "rb") as handle:  # Path.read_bytes, without pathlib (a capture reads its settings here)
            raw = handle.read()
    except FileNotFoundError:
        return Settings()
    except OSError as err:
        raise ConfigError(_('{path}: cannot read ({strerror})').format(path=path, strerror=os_reason(err))) from None
    import tomllib  # only when there is a config file to read

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        reason = _("line {line}: byte 0x{value:02x} is not UTF-8").format(line=line, value=raw[err.start])
        raise ConfigError(_('{path}: not valid TOML ({err})').format(path=path, err=reason)) from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(_('{path}: not valid TOML ({err})').format(path=path, err=toml_reason(err))) from None
    return settings_from(table, str(path))
