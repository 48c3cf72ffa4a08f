"""The WHEN grammar, with the clock frozen by passing an explicit ``now``."""

from __future__ import annotations

import datetime

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chief.store.domain import wallclock
from chief.store.domain.when import Due, WhenError, duration_parts, parse_when, parse_when_prefix

SH = "Asia/Shanghai"
WED = pendulum.datetime(2026, 11, 25, 10, 0, tz=SH)  # a Wednesday morning
LATE = pendulum.datetime(2026, 11, 25, 23, 50, tz=SH)  # ten minutes to midnight
SUN = pendulum.datetime(2026, 11, 29, 20, 0, tz=SH)  # a Sunday evening
YEAR_END = pendulum.datetime(2026, 12, 31, 16, 0, tz=SH)  # a Thursday, month and year end
LEAP_FEB = pendulum.datetime(2028, 2, 10, 10, 0, tz=SH)


def day(year: int, month: int, dom: int) -> pendulum.Date:
    return pendulum.Date(year, month, dom)


def at(year: int, month: int, dom: int, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(year, month, dom, hour, minute, tz=SH)


ALL_DAY = [
    ("today", WED, day(2026, 11, 25)),
    ("TODAY", WED, day(2026, 11, 25)),
    ("tomorrow", WED, day(2026, 11, 26)),
    ("tmr", WED, day(2026, 11, 26)),
    ("Tom", WED, day(2026, 11, 26)),
    ("tomorrow", LATE, day(2026, 11, 26)),
    ("tomorrow", YEAR_END, day(2027, 1, 1)),
    ("fri", WED, day(2026, 11, 27)),
    ("Friday", WED, day(2026, 11, 27)),
    ("thu", WED, day(2026, 11, 26)),
    ("thurs", WED, day(2026, 11, 26)),
    ("tues", WED, day(2026, 12, 1)),
    ("mon", WED, day(2026, 11, 30)),
    ("wed", WED, day(2026, 12, 2)),  # today's weekday means a week on
    ("sun", WED, day(2026, 11, 29)),
    ("mon", SUN, day(2026, 11, 30)),
    ("sun", SUN, day(2026, 12, 6)),
    ("fri", YEAR_END, day(2027, 1, 1)),
    ("next mon", WED, day(2026, 11, 30)),
    ("next monday", WED, day(2026, 11, 30)),
    ("next wed", WED, day(2026, 12, 2)),
    ("next fri", WED, day(2026, 12, 4)),
    ("next sun", WED, day(2026, 12, 6)),
    ("Next Week", WED, day(2026, 11, 30)),
    ("next mon", SUN, day(2026, 11, 30)),
    ("next sun", SUN, day(2026, 12, 6)),
    ("next week", SUN, day(2026, 11, 30)),
    ("in 3d", WED, day(2026, 11, 28)),
    ("3d", WED, day(2026, 11, 28)),
    ("+3d", WED, day(2026, 11, 28)),
    ("in 0d", WED, day(2026, 11, 25)),
    ("in 1w", WED, day(2026, 12, 2)),
    ("1W", WED, day(2026, 12, 2)),
    ("2w3d", WED, day(2026, 12, 12)),
    ("in 1d", YEAR_END, day(2027, 1, 1)),
    ("2026-12-01", WED, day(2026, 12, 1)),
    ("2027-02-28", WED, day(2027, 2, 28)),
    ("12-01", WED, day(2026, 12, 1)),
    ("11-25", WED, day(2026, 11, 25)),  # today is not past
    ("11-24", WED, day(2027, 11, 24)),  # yesterday means next year
    ("1-5", WED, day(2027, 1, 5)),
    ("02-29", WED, day(2028, 2, 29)),  # the next 29 February
    ("12-31", YEAR_END, day(2026, 12, 31)),
    ("01-01", YEAR_END, day(2027, 1, 1)),
]

TIMED = [
    ("eod", WED, at(2026, 11, 25, 18)),
    ("EOD", LATE, at(2026, 11, 25, 18)),  # already past: still today's end, overdue
    ("eow", WED, at(2026, 11, 27, 18)),
    ("eow", SUN, at(2026, 12, 4, 18)),
    ("eow", YEAR_END, at(2027, 1, 1, 18)),
    ("eom", WED, at(2026, 11, 30, 18)),
    ("eom", YEAR_END, at(2026, 12, 31, 18)),
    ("eom", LEAP_FEB, at(2028, 2, 29, 18)),
    ("in 2h", WED, at(2026, 11, 25, 12)),
    ("2h", WED, at(2026, 11, 25, 12)),
    ("+2h", WED, at(2026, 11, 25, 12)),
    ("in 30m", WED, at(2026, 11, 25, 10, 30)),
    ("30M", WED, at(2026, 11, 25, 10, 30)),
    ("in 1h30m", WED, at(2026, 11, 25, 11, 30)),
    ("in 1d2h", WED, at(2026, 11, 26, 12)),
    ("in 30m", LATE, at(2026, 11, 26, 0, 20)),
    ("in 9h", YEAR_END, at(2027, 1, 1, 1)),
    ("3pm", WED, at(2026, 11, 25, 15)),
    ("3:30pm", WED, at(2026, 11, 25, 15, 30)),
    ("3:30PM", WED, at(2026, 11, 25, 15, 30)),
    ("15:00", WED, at(2026, 11, 25, 15)),
    ("9:30", WED, at(2026, 11, 26, 9, 30)),  # passed today: tomorrow
    ("10:00", WED, at(2026, 11, 26, 10)),  # this very minute is not still to come
    ("10am", WED, at(2026, 11, 26, 10)),
    ("noon", WED, at(2026, 11, 25, 12)),
    ("noon", LATE, at(2026, 11, 26, 12)),
    ("12pm", WED, at(2026, 11, 25, 12)),
    ("12am", WED, at(2026, 11, 26, 0)),
    ("0:00", LATE, at(2026, 11, 26, 0)),
    ("23:55", LATE, at(2026, 11, 25, 23, 55)),
    ("tomorrow 9:30", WED, at(2026, 11, 26, 9, 30)),
    ("tomorrow@9:30", WED, at(2026, 11, 26, 9, 30)),
    ("TOMORROW 3PM", WED, at(2026, 11, 26, 15)),
    ("today 15:00", WED, at(2026, 11, 25, 15)),
    ("today 9:00", WED, at(2026, 11, 25, 9)),  # an explicit day is never moved
    ("fri 14:00", WED, at(2026, 11, 27, 14)),
    ("fri@2pm", WED, at(2026, 11, 27, 14)),
    ("next mon 10am", WED, at(2026, 11, 30, 10)),
    ("in 3d 10:00", WED, at(2026, 11, 28, 10)),
    ("12-01 noon", WED, at(2026, 12, 1, 12)),
    ("2026-12-01 10:00", WED, at(2026, 12, 1, 10)),
    ("2026-12-01T10:00", WED, at(2026, 12, 1, 10)),
    ("2026-12-01t10:00", WED, at(2026, 12, 1, 10)),
    ("2026-12-01T10:00:00+08:00", WED, at(2026, 12, 1, 10)),
    ("2026-12-01T02:00:00Z", WED, at(2026, 12, 1, 10)),
    ("2026-12-01T10:00:00+00:00", WED, at(2026, 12, 1, 18)),
    ("  tomorrow   9:30 ", WED, at(2026, 11, 26, 9, 30)),
]


@pytest.mark.parametrize(("text", "now", "expected"), ALL_DAY)
def test_all_day_words(text, now, expected):
    due = parse_when(text, now)
    assert due.all_day
    assert due == Due(expected)


@pytest.mark.parametrize(("text", "now", "expected"), TIMED)
def test_timed_words(text, now, expected):
    due = parse_when(text, now)
    assert not due.all_day
    assert due == Due(expected)
    assert wallclock.zone_name(due.at) == SH  # results are in now's zone


def test_day_end_is_configurable():
    due = parse_when("eow", WED, day_end=datetime.time(17, 30))
    assert due == Due(at(2026, 11, 27, 17, 30))


def test_a_day_whose_midnight_is_skipped_is_that_day(monkeypatch):
    """Havana's clocks skip midnight into 8 March 2026: at midnight the day before, "tomorrow 9:30" is the 8th
    (pendulum's ``now.on(8 March)`` slid back to 23:00 on the 7th and read it as the 7th)."""
    now = pendulum.datetime(2026, 3, 7, 5, 0, tz="UTC").in_timezone("America/Havana")  # midnight, fold 0
    assert parse_when("tomorrow 9:30", now).at.isoformat() == "2026-03-08T09:30:00-04:00"


def test_day_then_time_keeps_local_clock_across_a_dst_change():
    now = pendulum.datetime(2026, 3, 7, 10, 0, tz="America/New_York")  # clocks go forward on the 8th
    due = parse_when("tomorrow 9:30", now)
    assert due.at.isoformat() == "2026-03-08T09:30:00-04:00"


ERRORS = [
    ("frday", "'frday'", None),
    ("3", "'3'", "a bare number is not a time"),
    ("today 8", "'8'", "morning or evening? write 8am or 8pm"),  # a bare hour after a day, outside 9-18 either way
    ("1/12", "'1/12'", "slash dates are ambiguous"),
    ("fri 12/1", "'12/1'", "slash dates are ambiguous"),
    ("2026-02-30", "'2026-02-30'", "no such date"),
    ("2026-13-01T10:00", "'2026-13-01T10:00'", "no such date or time"),
    ("02-30", "'02-30'", "no such date"),
    ("13-01", "'13-01'", "no such date"),
    ("25:00", "'25:00'", "no such time of day"),
    ("fri 25:00", "'25:00'", "no such time of day"),
    ("9:60", "'9:60'", "no such time of day"),
    ("13pm", "'13pm'", "no such time of day"),
    ("0am", "'0am'", "no such time of day"),
    ("9.30", "'9.30'", None),
    ("next", "'next'", None),
    ("next frday", "'next frday'", None),
    ("next month", "'next month'", None),
    ("in", "'in'", None),
    ("in x", "'in x'", None),
    ("in 3", "'in 3'", None),
    ("tomorrow foo", "'foo'", None),
    ("eod 10:00", "'10:00'", None),
    ("next mon 10am extra", "'extra'", None),
    ("tomorrow@", "'tomorrow@'", None),
    ("@", "'@'", None),
    ("1m1h", "'1m1h'", None),
    ("in 99999999d", "'99999999d'", "too far away"),
    ("9999-12-31T23:00:00-05:00", "'9999-12-31T23:00:00-05:00'", "too far away"),
]


@pytest.mark.parametrize(("text", "named", "reason"), ERRORS)
def test_errors_name_the_bad_token(text, named, reason):
    with pytest.raises(WhenError) as caught:
        parse_when(text, WED)
    message = str(caught.value)
    assert f"cannot understand the time {named}" in message
    assert message.endswith("(try: today, tomorrow, fri, next mon, in 3d, eod, eow, 15:00, 3pm, 2026-12-01)")
    assert "\n" not in message
    if reason:
        assert f"{named}: {reason}" in message


def test_error_message_in_full():
    with pytest.raises(WhenError) as caught:
        parse_when("frday", WED)
    assert str(caught.value) == (
        "cannot understand the time 'frday' "
        "(try: today, tomorrow, fri, next mon, in 3d, eod, eow, 15:00, 3pm, 2026-12-01)"
    )
    assert caught.value.token == "frday"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_is_an_error(text):
    with pytest.raises(WhenError, match=r"^no time given \(try: "):
        parse_when(text, WED)


PREFIXES = [
    (["tomorrow", "9:30", "call", "Li"], Due(at(2026, 11, 26, 9, 30)), 2),
    (["fri", "report"], Due(day(2026, 11, 27)), 1),
    (["next", "mon", "10am", "meeting"], Due(at(2026, 11, 30, 10)), 3),
    (["next", "mon", "meeting"], Due(day(2026, 11, 30)), 2),
    (["in", "2h", "call"], Due(at(2026, 11, 25, 12)), 2),
    (["tomorrow@9:30", "call"], Due(at(2026, 11, 26, 9, 30)), 1),
    (["3pm"], Due(at(2026, 11, 25, 15)), 1),
    (["tomorrow", "9", "call"], Due(at(2026, 11, 26, 9)), 2),  # a bare hour after a day: 9:00
    (["tomorrow", "3", "call"], Due(at(2026, 11, 26, 15)), 2),  # the 3 o'clock inside the working day
    (["fri", "50", "copies"], Due(day(2026, 11, 27)), 1),  # no hour: a title word
    (["9am", "tomorrow", "call"], Due(at(2026, 11, 26, 9)), 2),  # the day after its time
    (["3pm", "next", "mon", "call"], Due(at(2026, 11, 30, 15)), 3),
    (["eod", "eod"], Due(at(2026, 11, 25, 18)), 1),
]


@pytest.mark.parametrize(("words", "expected", "used"), PREFIXES)
def test_prefix_takes_the_longest_run(words, expected, used):
    assert parse_when_prefix(words, WED) == (expected, used)


@pytest.mark.parametrize(
    ("words", "named"),
    [
        (["frday", "report"], "'frday'"),
        (["report"], "'report'"),
        (["next", "frday", "report"], "'next frday'"),  # the attempt that got furthest
        (["1/12", "x"], "'1/12': slash dates are ambiguous"),
        (["fri", "25:00"], "'25:00': no such time of day"),  # never "fri" with 25:00 left in the title
        (["tomorrow", "24:61", "call"], "'24:61': no such time of day"),
        (["fri", "13pm", "call"], "'13pm': no such time of day"),
        (["tomorrow", "8", "call"], "'8': morning or evening"),
    ],
)
def test_prefix_errors(words, named):
    with pytest.raises(WhenError, match=f"^cannot understand the time {named}"):
        parse_when_prefix(words, WED)


def test_prefix_of_nothing():
    with pytest.raises(WhenError, match="^no time given"):
        parse_when_prefix([], WED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1h30m", {"h": 1, "m": 30}),
        ("2w3d", {"w": 2, "d": 3}),
        ("45M", {"m": 45}),
        ("", None),
        ("30", None),
        ("m30", None),
        ("1m1h", None),  # largest unit first
        ("1h1h", None),
        ("1.5h", None),
    ],
)
def test_duration_parts(text, expected):
    assert duration_parts(text) == expected


# -- Due ---------------------------------------------------------------------


def test_stored_forms():
    assert Due(day(2026, 11, 27)).stored() == "2026-11-27"
    assert Due(at(2026, 11, 27, 15)).stored() == "2026-11-27T07:00:00Z"


def test_from_stored_reads_both_forms():
    all_day = Due.from_stored("2026-11-27")
    timed = Due.from_stored("2026-11-27T07:00:00Z")
    assert all_day.all_day and all_day.at == day(2026, 11, 27)
    assert not timed.all_day and timed == Due(at(2026, 11, 27, 15))


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "tomorrow",
        " 2026-11-27",
        "2026-11-27T07:00:00",  # no zone
        "2026-11-27T07:00:00+08:00",  # stored times are always UTC with Z
        "2026-11-27 07:00:00Z",
        "2026-11-27T07:00Z",
        "2026-02-30",
        "2026-11-27T25:00:00Z",
        "27-11-2026",
        None,
        20261127,
        datetime.date(2026, 11, 27),
    ],
)
def test_from_stored_rejects_anything_else(bad):
    with pytest.raises(ValueError) as caught:
        Due.from_stored(bad)
    assert "\n" not in str(caught.value)
    assert "due time" in str(caught.value)


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(9998, 12, 31)))
def test_all_day_round_trip(date):
    due = Due(date)
    assert Due.from_stored(due.stored()) == due
    assert Due.from_stored(due.stored()).stored() == due.stored()


ZONES = st.sampled_from([SH, "UTC", "America/New_York", "Asia/Kolkata"])


@given(
    st.datetimes(min_value=datetime.datetime(1900, 1, 2), max_value=datetime.datetime(9998, 12, 30)),
    ZONES,
)
@settings(max_examples=200)
def test_timed_round_trip(naive_utc, zone):
    moment = pendulum.instance(naive_utc.replace(microsecond=0), tz="UTC").in_timezone(zone)
    due = Due(moment)
    back = Due.from_stored(due.stored())
    assert not back.all_day
    # Compare instants: Python never calls times in a repeated DST hour equal across zones.
    assert back.at.timestamp() == moment.timestamp()
    assert back.stored() == due.stored()


def test_due_normalises_stdlib_values_and_rejects_naive_times():
    assert type(Due(pendulum.Date(2026, 11, 27)).at) is datetime.date  # a plain stdlib value, whatever was given
    aware = datetime.datetime(2026, 11, 27, 7, tzinfo=datetime.timezone.utc)
    assert Due(aware).stored() == "2026-11-27T07:00:00Z"
    with pytest.raises(ValueError, match="needs a timezone"):
        Due(datetime.datetime(2026, 11, 27, 7))
    with pytest.raises(ValueError, match="not str"):
        Due("2026-11-27")


def test_deadline():
    assert Due(day(2026, 11, 25)).deadline(SH) == at(2026, 11, 26, 0)
    assert Due(day(2026, 11, 25)).deadline("UTC") == pendulum.datetime(2026, 11, 26, tz="UTC")
    assert Due(day(2026, 12, 31)).deadline(SH) == at(2027, 1, 1, 0)
    assert Due(at(2026, 11, 25, 15)).deadline("UTC") == at(2026, 11, 25, 15)


@pytest.mark.parametrize(
    ("due", "now", "overdue"),
    [
        (Due(day(2026, 11, 25)), LATE, False),  # all day lasts until midnight
        (Due(day(2026, 11, 25)), at(2026, 11, 25, 23, 59), False),
        (Due(day(2026, 11, 25)), at(2026, 11, 26, 0), True),
        (Due(at(2026, 11, 25, 10)), WED, True),  # at the very moment
        (Due(at(2026, 11, 25, 10, 1)), WED, False),
        (Due(at(2026, 11, 25, 9, 59)), WED, True),
    ],
)
def test_is_overdue(due, now, overdue):
    assert due.is_overdue(now) is overdue


DESCRIBE = [
    (Due(at(2026, 11, 25, 15)), WED, "today 15:00"),
    (Due(day(2026, 11, 25)), WED, "today"),
    (Due(at(2026, 11, 26, 9, 30)), WED, "tomorrow 9:30"),
    (Due(day(2026, 11, 26)), WED, "tomorrow"),
    (Due(at(2026, 11, 27, 14)), WED, "fri 14:00"),
    (Due(day(2026, 11, 27)), WED, "fri"),
    (Due(day(2026, 12, 1)), WED, "tue"),  # six days on
    (Due(day(2026, 12, 2)), WED, "in 7d"),
    (Due(day(2026, 12, 7)), WED, "in 12d"),
    (Due(at(2026, 12, 7, 10)), WED, "in 12d"),
    (Due(at(2026, 11, 25, 9, 35)), WED, "25m overdue"),
    (Due(at(2026, 11, 25, 7)), WED, "3h overdue"),
    (Due(at(2026, 11, 23, 10)), WED, "2d overdue"),
    (Due(pendulum.datetime(2026, 11, 25, 9, 59, 30, tz=SH)), WED, "1m overdue"),  # never "0m"
    (Due(day(2026, 11, 23)), WED, "2d overdue"),
    (Due(day(2026, 11, 24)), WED, "1d overdue"),
    (Due(day(2026, 11, 25)), LATE, "today"),  # not overdue until the day ends
    (Due(day(2026, 11, 25)), at(2026, 11, 26, 0), "1d overdue"),
    (Due(at(2026, 11, 26, 0, 10)), LATE, "tomorrow 0:10"),
    (Due(day(2027, 1, 1)), YEAR_END, "tomorrow"),
    (Due.from_stored("2026-11-25T07:00:00Z"), WED, "today 15:00"),  # shown in now's zone
]


@pytest.mark.parametrize(("due", "now", "expected"), DESCRIBE)
def test_describe(due, now, expected):
    assert due.describe(now) == expected
    assert len(expected) <= 13


ECHO = [
    (Due(at(2026, 11, 27, 15)), WED, "Fri 27 Nov 2026 15:00 (in 2d)"),
    (Due(day(2026, 11, 27)), WED, "Fri 27 Nov 2026, all day (in 2d)"),
    (Due(at(2026, 11, 25, 9)), at(2026, 11, 25, 11), "Wed 25 Nov 2026 09:00 (2h overdue)"),
    (Due(day(2026, 11, 25)), WED, "Wed 25 Nov 2026, all day (today)"),
    (Due(day(2026, 11, 26)), WED, "Thu 26 Nov 2026, all day (tomorrow)"),
    (Due(day(2026, 11, 23)), WED, "Mon 23 Nov 2026, all day (2d overdue)"),
    (Due(at(2026, 11, 25, 10, 30)), WED, "Wed 25 Nov 2026 10:30 (in 30m)"),
    (Due(at(2026, 11, 25, 15)), WED, "Wed 25 Nov 2026 15:00 (in 5h)"),
    (Due.from_stored("2026-11-27T07:00:00Z"), WED, "Fri 27 Nov 2026 15:00 (in 2d)"),
    # rounded as a person says it: "^in 2h" echoed a moment after it was read
    (Due(at(2026, 11, 25, 12)), at(2026, 11, 25, 10).add(seconds=1), "Wed 25 Nov 2026 12:00 (in 2h)"),
    (Due(at(2026, 11, 25, 12)), at(2026, 11, 25, 10, 31), "Wed 25 Nov 2026 12:00 (in 1h)"),
    (Due(at(2026, 11, 25, 10, 59).add(seconds=59)), WED, "Wed 25 Nov 2026 10:59 (in 1h)"),
    (Due(at(2026, 11, 25, 9, 10)), WED, "Wed 25 Nov 2026 09:10 (50m overdue)"),
    (Due(at(2026, 11, 25, 8, 10)), WED, "Wed 25 Nov 2026 08:10 (2h overdue)"),
]


@pytest.mark.parametrize(("due", "now", "expected"), ECHO)
def test_echo(due, now, expected):
    assert due.echo(now) == expected


WORDS = (
    "today tomorrow next in fri mon week 3d 2h eod eow eom 3pm 15:00 noon 12-01 2026-12-01 @ + 1/12 x 0 25:00"
).split()


@given(st.one_of(st.text(max_size=30), st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)))
@settings(max_examples=300)
def test_any_text_gives_a_due_in_the_local_zone_or_a_when_error(text):
    try:
        due = parse_when(text, WED)
    except WhenError as err:
        assert "\n" not in str(err)
        return
    assert due.all_day or wallclock.zone_name(due.at) == SH
