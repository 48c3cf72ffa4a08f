"""The first screen's clock without pendulum: the same moment, zone and words as pendulum's.

The dashboard paints its kept first screen before pendulum is loaded
(wallclock.zoned_now, when.in_pattern); the full board that follows uses
pendulum. Both must say the same, or the header and the rows would change at
the second paint.
"""

from __future__ import annotations

import datetime
import random

import pendulum
import pytest

from chief.store.domain import wallclock
from chief.store.domain.when import in_pattern

ZONES = ("Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe")
# the header's patterns in both catalogs (tui/widgets/status_header.py), and tokens a translator might add
PATTERNS = ("ddd D MMM YYYY  HH:mm", "ddd D MMM HH:mm", "HH:mm", "YYYY年M月D日 dddd  HH:mm", "M月D日 ddd HH:mm",
            "YYYY-MM-DD H:mm", "dddd, D MMM", "DD/MM")
ODD_PATTERNS = ("Do MMMM", "[at] HH:mm", "hh:mm A", "Q", "x", "dd")  # pendulum's to say


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("zone", ZONES)
def test_the_header_says_a_moment_as_pendulum_does(language, zone):
    rng = random.Random(f"{language}{zone}")
    tz = wallclock.zone_named(zone)
    for _ in range(400):
        moment = datetime.datetime(2026, 1, 1, tzinfo=tz) + datetime.timedelta(minutes=rng.randrange(60 * 24 * 800))
        for pattern in PATTERNS + ODD_PATTERNS:
            assert in_pattern(moment, pattern, language) == pendulum.instance(moment).format(pattern, locale=language), pattern


def test_a_pattern_with_words_of_its_own_keeps_them():
    moment = datetime.datetime(2026, 12, 3, 9, 5, tzinfo=wallclock.zone_named("Asia/Shanghai"))
    assert in_pattern(moment, "YYYY年M月D日 dddd  HH:mm", "zh") == "2026年12月3日 星期四  09:05"
    assert in_pattern(moment, "ddd D MMM YYYY  HH:mm", "en") == "Thu 3 Dec 2026  09:05"


@pytest.mark.parametrize("frozen", ["2026-12-03T09:05:07", "2026-12-03T09:05:07+00:00", "2026-03-08T02:30:00",
                                    "2026-11-01T01:30:00", "2026-12-03T23:59:59.5-05:00", "2026-12-03"])
@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Shanghai"])
def test_the_first_screens_clock_is_nows(monkeypatch, frozen, zone):
    """The same moment and zone as :func:`wallclock.now`, a frozen clock and its skipped and doubled hours included."""
    monkeypatch.setenv("CHIEF_NOW", frozen)
    monkeypatch.setenv("CHIEF_TZ", zone)
    ours, theirs = wallclock.zoned_now(), wallclock.now()
    assert type(ours) is datetime.datetime
    # by the clock (an aware time with fold 1 never equals one in another zone object: PEP 495)
    assert ours.timestamp() == theirs.timestamp() and ours.utcoffset() == theirs.utcoffset()
    assert (ours.year, ours.month, ours.day, ours.hour, ours.minute, ours.second) == (
        theirs.year, theirs.month, theirs.day, theirs.hour, theirs.minute, theirs.second)
    assert wallclock.zone_name(ours) == theirs.timezone_name
    assert wallclock.seconds(ours) == theirs.int_timestamp


def test_the_first_screens_clock_runs(monkeypatch):
    monkeypatch.delenv("CHIEF_NOW", raising=False)
    monkeypatch.setenv("CHIEF_TZ", "Asia/Shanghai")
    before = wallclock.now()
    ours = wallclock.zoned_now()
    assert before <= ours <= wallclock.now()
    assert wallclock.zone_name(ours) == "Asia/Shanghai"
