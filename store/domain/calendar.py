"""The working calendar: which days are working days, and what a day is (a holiday, a make-up working day).

A Chinese office works to the State Council's yearly holiday schedule: the
statutory holidays (春节, 国庆节...) are days off even on a weekday, and some
weekends before or after them are make-up working days (调休上班). Every
question Chief asks about working days (snooze choices, the default follow-up,
``eow``, the brief's next working day, the weekly review, ``every:weekday``)
goes through :func:`is_working_day`, behind ``Settings.is_working_day``.

A day is decided in this order, first answer wins:

1. the config's own lists (``holidays = [...]``, ``workdays = [...]``): a unit's
   closures, or a year the data does not cover yet;
2. with ``calendar = "cn"``, the official schedule from the ``chinese-calendar``
   package (offline data, 2004 to the newest year it was released with);
3. the config's ``working_days`` (Monday to Friday unless changed).

The package is imported on the first question about a day, never on the
capture path of an item without a date. Past its data the answer falls back to
step 3, and that is said once per year and process (:func:`take_notices`, and
``chief doctor``'s report): never a crash, never a silent guess.
"""

from __future__ import annotations

import datetime as dt

from chief.store.i18n import N_, _, ngettext

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable
    from chief.store.domain.config import Settings

REGIONS = ("cn", "none")
HOLIDAY = "holiday"
WORKDAY = "workday"

# The package's names for the holidays (its English), as Chief says them.
_HOLIDAY_NAMES = {
    "New Year's Day": N_("New Year's Day"),
    "Spring Festival": N_("Spring Festival"),
    "Tomb-sweeping Day": N_("Qingming Festival"),
    "Labour Day": N_("Labour Day"),
    "Dragon Boat Festival": N_("Dragon Boat Festival"),
    "Mid-autumn Festival": N_("Mid-Autumn Festival"),
    "National Day": N_("National Day"),
}
MAKE_UP = N_("make-up working day")
OWN_HOLIDAY = N_("day off (config)")

_years_told: set[int] = set()
_notices: list[str] = []


def region_of(settings: Settings) -> str:
    """The calendar in force: the config's, else China's for a Chinese interface and plain weekdays otherwise.

    The default follows the interface language because Chief's Chinese users
    work in Chinese offices, while an English interface must behave exactly as
    before (and may be used anywhere): ``calendar = "cn"`` turns it on in English.
    """
    if settings.calendar is not None:
        return settings.calendar
    from chief.store.i18n import language

    return "cn" if language() == "zh" else "none"


def official(day: dt.date) -> tuple[str, str | None] | None:
    """The State Council's word on ``day``: (HOLIDAY or WORKDAY, the holiday's name), ("", None) for an ordinary day.

    None when the data does not cover the day's year (or the package is missing).
    """
    try:
        import chinese_calendar
    except ImportError:
        return None
    try:
        day_off, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # the package's way of saying "no data for that year"
        return None
    if name is None:
        return ("", None)
    return (HOLIDAY if day_off else WORKDAY, str(name))


def coverage() -> tuple[int, int] | None:
    """The first and last year of the official data, or None when the package is missing."""
    try:
        from chinese_calendar import constants
    except ImportError:
        return None
    years = [day.year for day in constants.holidays]
    return (min(years), max(years)) if years else None


def is_working_day(settings: Settings, day: dt.date) -> bool:
    """Whether ``day`` is a working day under ``settings`` (see the module's order of rules)."""
    if day in settings.workdays:
        return True
    if day in settings.holidays:
        return False
    if region_of(settings) == "cn":
        said = official(day)
        if said is None:
            _tell_uncovered(settings, day.year)
        elif said[0]:
            return said[0] == WORKDAY
    return day.weekday() in settings.working_days


def day_note(settings: Settings, day: dt.date) -> str | None:
    """What ``day`` is, in the user's language, when it is not an ordinary day: "国庆节", "调休上班"; else None.

    An ordinary weekend says nothing: only holidays and make-up working days are news.
    """
    if day in settings.workdays:
        return _(MAKE_UP) if day.weekday() not in settings.working_days else None
    if day in settings.holidays:
        return _(OWN_HOLIDAY)
    if region_of(settings) != "cn":
        return None
    said = official(day)
    if said is None or not said[0]:
        return None
    if said[0] == WORKDAY:
        return _(MAKE_UP)
    return _(_HOLIDAY_NAMES.get(said[1] or "", N_("public holiday")))


_NEAR = (N_("today: {note}"), N_("tomorrow: {note}"))
_THAT = (N_("that day: {note}"), N_("the day after: {note}"))  # a brief for another day than today


def near_days_note(settings: Settings, today: dt.date, *, is_today: bool = True) -> str:
    """Today's and tomorrow's notes in one short phrase ("tomorrow: National Day"); "" when both are ordinary.

    ``is_today=False`` says "that day" and "the day after", for a brief written about another day.
    """
    parts = []
    words_for = _NEAR if is_today else _THAT
    for day, words in ((today, words_for[0]), (today + dt.timedelta(days=1), words_for[1])):
        note = day_note(settings, day)
        if note:
            parts.append(_(words).format(note=note))
    return " · ".join(parts)


def week_note(settings: Settings, day: dt.date) -> str:
    """The working days of ``day``'s week (Monday to Sunday) and why, when a holiday or a make-up day changes them.

    "3 working days (National Day)": the weekly review reads a short week as
    short, not as a slow one. "" for an ordinary week.
    """
    monday = day - dt.timedelta(days=day.weekday())
    week = [monday + dt.timedelta(days=n) for n in range(7)]
    notes = [note for note in (day_note(settings, d) for d in week) if note]
    if not notes:
        return ""
    count = sum(1 for d in week if is_working_day(settings, d))
    named = " · ".join(dict.fromkeys(notes))  # each once, in the week's order
    return ngettext("{count} working day ({notes})", "{count} working days ({notes})", count).format(
        count=count, notes=named)


def end_of_week(is_working: Callable[[dt.date], bool], day: dt.date) -> dt.date:
    """The last working day of ``day``'s week (Monday to Sunday) from ``day`` on; if none is left, the next week's.

    ``eow`` in the National Day week of 2026 is the make-up Saturday, 10 October;
    on 2 October (a holiday, none left that week) it is that same Saturday.
    """
    start = day
    for _week in range(8):  # no calendar closes eight weeks running
        sunday = start + dt.timedelta(days=6 - start.weekday())
        candidate = sunday
        while candidate >= start:
            if is_working(candidate):
                return candidate
            candidate -= dt.timedelta(days=1)
        start = sunday + dt.timedelta(days=1)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)  # nothing works: this Friday, as plain weekdays have it


def _tell_uncovered(settings: Settings, year: int) -> None:
    """Say once per year and process that ``year`` falls back to the plain weekdays, unless the config lists it."""
    if year in _years_told:
        return
    _years_told.add(year)
    if any(day.year == year for day in (*settings.holidays, *settings.workdays)):
        return  # the unit has written that year's schedule in by hand
    _notices.append(uncovered_words(year))


def uncovered_words(year: int) -> str:
    """One line: which year is not covered, what Chief does instead, and how to fix it."""
    span = coverage()
    known = _("the holiday data covers {first}-{last}").format(first=span[0], last=span[1]) if span else _(
        "the chinese-calendar package is not installed")
    return _("China's holiday schedule for {year} is not known ({known}): working days that year are the plain "
             "working_days; list its holidays and make-up working days in the config (holidays = [...], "
             "workdays = [...]) or update chinese-calendar").format(year=year, known=known)


def take_calendar_notices() -> list[str]:
    """What the calendar has to say once (a year past its data), taken: the next call returns only new ones."""
    said = list(_notices)
    _notices.clear()
    return said


def report(settings: Settings, today: dt.date) -> list[str]:
    """``chief doctor``'s lines on the calendar: which one, the years it covers, and whether this year (and, from
    November, next year) is covered. Nothing for plain weekdays without days of the config's own."""
    region = region_of(settings)
    own = _("{holidays} own holidays, {workdays} own working days in the config").format(
        holidays=len(settings.holidays), workdays=len(settings.workdays))
    if region != "cn":  # plain weekdays: nothing to say unless the config lists days of its own
        listed = settings.holidays or settings.workdays
        return [_("calendar: plain working days (calendar = \"none\"); {own}").format(own=own)] if listed else []
    span = coverage()
    if span is None:
        return [_("calendar: China, but the chinese-calendar package is not installed: plain working days; {own}").format(
            own=own)]
    lines = [_("calendar: China's State Council holiday schedule, {first}-{last} (chinese-calendar); {own}").format(
        first=span[0], last=span[1], own=own)]
    ahead = (today.year, today.year + 1) if today.month >= 11 else (today.year,)  # next year's schedule is out by November
    for year in ahead:
        listed = any(day.year == year for day in (*settings.holidays, *settings.workdays))
        if not span[0] <= year <= span[1] and not listed:
            lines.append("  " + _("calendar warning: {words}").format(words=uncovered_words(year)))
    return lines
