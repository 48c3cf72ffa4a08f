"""The local zone's rules on the stdlib give pendulum's answer, and a wall-clock time is normalised as pendulum does."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pendulum
import pytest

from chief.store.domain import wallclock

ZONES = ("Asia/Shanghai", "America/New_York", "Europe/London", "America/Havana", "Australia/Lord_Howe")


@pytest.mark.parametrize("tz", [None, "America/New_York", ":Europe/London", "Asia/Shanghai", "UTC", "Not/A_Zone", ""])
def test_the_system_zone_is_pendulums(tz):
    """Each process finds its zone once, as pendulum does: so one fresh process per setting of TZ."""
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "CHIEF_TZ")}
    if tz is not None:
        env["TZ"] = tz
    code = ("import pendulum; from chief.store.domain import wallclock; "
            "z = wallclock.zone(); print(getattr(z, 'key', None), pendulum.local_timezone().name, wallclock.local_zone().name, "
            "'pendulum' in __import__('sys').modules)")
    result = subprocess.run([sys.executable, "-c", code], env=env, text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    stdlib, theirs, ours, _loaded = result.stdout.split()
    assert stdlib == theirs == ours


def test_chief_tz_names_the_zone(monkeypatch):
    monkeypatch.setenv("CHIEF_TZ", "Europe/London")
    assert wallclock.zone().key == "Europe/London" == wallclock.local_zone().name
    monkeypatch.setenv("CHIEF_TZ", "Not/A_Zone")
    with pytest.raises(wallclock.ClockSettingError):
        wallclock.zone()


def _transitions(zone: str) -> list[datetime.datetime]:
    """Naive wall times around each change of offset in ``zone`` in 2026 (the gap, the repeated hour, midnight)."""
    tz = pendulum.timezone(zone)
    found, offset = [], None
    for hours in range(366 * 24):
        moment = pendulum.datetime(2026, 1, 1, tz="UTC").add(hours=hours).in_timezone(tz)
        if offset is not None and moment.utcoffset() != offset:
            for minutes in range(-150, 151, 15):
                wall = (moment + datetime.timedelta(minutes=minutes)).naive()
                found.append(datetime.datetime(wall.year, wall.month, wall.day, wall.hour, wall.minute))
        offset = moment.utcoffset()
    return found


@pytest.mark.parametrize("zone", ZONES)
def test_a_wall_time_is_normalised_as_pendulum_does(zone):
    tz = wallclock.zone_named(zone)
    for wall in _transitions(zone):
        for fold in (0, 1):
            theirs = pendulum.datetime(wall.year, wall.month, wall.day, wall.hour, wall.minute, tz=zone, fold=fold)
            ours = wallclock.wall(wall, wall.hour, wall.minute, tz, fold=fold)
            assert ours.isoformat() == theirs.isoformat(), (wall, fold)
            assert ours.timestamp() == theirs.timestamp()
