"""The date, time and duration forms a capture reads, checked by hand instead of by regular expression.

Each function answers exactly as the pattern in its docstring did under ``re.fullmatch``
(``\\d`` is any Unicode decimal digit, as ``str.isdecimal`` says; ``.`` anything but a
line feed): ``tests/unit/test_forms.py`` holds each to its pattern on thousands of random
texts. A capture checks the stamps of its new item and reads "~30m", "15:00" or
"2026-12-01"; with these it imports no ``re`` (with the ``enum`` it loads, some 4 ms of
a 40 to 80 ms ``chief add``, issue 17).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

STORED_DATE = r"\d{4}-\d{2}-\d{2}"  # is_date_text's pattern
STORED_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"  # is_utc_time_text's pattern


def compiled_stored_forms() -> tuple[Callable[[str], object], Callable[[str], object]]:
    """``is_utc_time_text`` and ``is_date_text`` as their compiled patterns' ``fullmatch`` (a match, or None).

    For a whole file's records: the C matcher answers in a third of the hand check's time (0.35
    against 1.2 us a stamp; some 40 ms of a 20,000-item file's reading), and every path that reads
    a whole file has ``re`` loaded already. A capture, reading one record, compiles nothing.
    """
    import re

    return re.compile(STORED_TIME).fullmatch, re.compile(STORED_DATE).fullmatch


def is_date_text(text: str) -> bool:
    r"""``\d{4}-\d{2}-\d{2}``: a stored day (the form, not whether the day exists)."""
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdecimal()


def is_utc_time_text(text: str) -> bool:
    r"""``\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z``: a stored moment, in UTC to the second."""
    return (len(text) == 20 and text[10] == "T" and text[13] == ":" and text[16] == ":" and text[19] == "Z"
            and is_date_text(text[:10]) and (text[11:13] + text[14:16] + text[17:19]).isdecimal())


def is_iso_moment_text(text: str) -> bool:
    r"""``\d{4}-\d{2}-\d{2}t.+``: a typed ISO moment, lowered ("2026-12-01t15:00")."""
    return len(text) > 11 and text[10] == "t" and is_date_text(text[:10]) and "\n" not in text[11:]


def month_day(text: str) -> tuple[str, str] | None:
    r"""``(\d{1,2})-(\d{1,2})``: the month's and the day's digits, or None."""
    month, dash, day = text.partition("-")
    if dash and 0 < len(month) <= 2 and 0 < len(day) <= 2 and month.isdecimal() and day.isdecimal():
        return month, day
    return None


def duration_groups(text: str) -> tuple[str | None, str | None, str | None, str | None] | None:
    r"""``(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?``: the digits before w, d, h and m (None for a unit not given).

    None when the text is not of that form; the empty text is (every unit left out), as it matched.
    """
    groups: list[str | None] = [None, None, None, None]
    at, end = 0, len(text)
    for index, unit in enumerate("wdhm"):
        digits = at
        while digits < end and text[digits].isdecimal():
            digits += 1
        if digits > at and digits < end and text[digits] == unit:  # a unit is a letter: the digits are all its own
            groups[index] = text[at:digits]
            at = digits + 1
    return (groups[0], groups[1], groups[2], groups[3]) if at == end else None


def clock_groups(text: str) -> tuple[str, str | None, str | None] | None:
    r"""``(\d{1,2})(?::(\d{2}))?(am|pm)?``: the hour's digits, the minutes' (or None), "am"/"pm" (or None); or None."""
    half = text[-2:] if text.endswith(("am", "pm")) else None
    hour, colon, minutes = (text[:-2] if half else text).partition(":")
    if not (0 < len(hour) <= 2 and hour.isdecimal()):
        return None
    if colon and not (len(minutes) == 2 and minutes.isdecimal()):
        return None
    return hour, minutes if colon else None, half
