"""The current time, in one place, so tests and scripts can freeze it.

Everything that depends on "now" asks :func:`now`. Setting ``CHIEF_NOW`` to an
ISO 8601 time freezes it for a whole process (the CLI tests run subprocesses
with a frozen clock this way); the local zone comes from ``TZ`` as usual.

The local zone has one set of rules, :func:`zone`: ``CHIEF_TZ``, else the
system's zone found as pendulum finds it (``TZ``, /etc/timezone, the link
/etc/localtime), as a stdlib ``zoneinfo`` zone, so the WHEN grammar and a dated
capture need no pendulum. :func:`local_zone` is the same zone as pendulum's
Timezone, for the dashboard's code that uses pendulum's API.
"""

from __future__ import annotations

import datetime
import os
import sys

from chief.store.domain.lazy_pendulum import pendulum
from chief.store.errors import ChiefError
from chief.store.i18n import _


class ClockSettingError(ChiefError, ValueError):
    """``CHIEF_NOW`` or ``CHIEF_TZ`` set to something that is not a time or a zone: one line, nothing done."""


def _shown(value: str) -> str:
    from chief.store.reports.printable import printable  # the one escaper; only a bad setting needs it

    return printable(value)


def _zone_error(name: str) -> ClockSettingError:
    return ClockSettingError(_("CHIEF_TZ is not a time zone: '{value}' (e.g. Asia/Shanghai)").format(value=_shown(name)))


def _frozen_error(text: str) -> ClockSettingError:
    return ClockSettingError(_("CHIEF_NOW is not a time: '{value}' (e.g. 2026-12-02T09:00)").format(value=_shown(text)))


def local_zone() -> pendulum.Timezone:
    """The zone times are shown in (stored times are always UTC), as pendulum's Timezone: :func:`zone`'s."""
    found = zone()
    if isinstance(found, pendulum.Timezone):
        return found
    key = getattr(found, "key", None)
    return pendulum.timezone(key) if key else pendulum.local_timezone()


def zone() -> datetime.tzinfo:
    """The zone times are shown in, as a stdlib zone: ``CHIEF_TZ``, else the system's (see :func:`system_zone`)."""
    name = os.environ.get("CHIEF_TZ")
    if not name:
        return system_zone()
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # not found is a KeyError; a name like "../x" a ValueError
        raise _zone_error(name) from None


_system_zone: datetime.tzinfo | None = None


def system_zone() -> datetime.tzinfo:
    """The system's zone, found once a process as pendulum's ``local_timezone()`` finds it, without pendulum.

    The usual cases are read here: ``TZ`` naming a zone, /etc/timezone, the
    link /etc/localtime (its path's shortest tail that names a zone, as pendulum
    tries them). Anything else (``TZ`` naming a file, a clock file of
    /etc/sysconfig, Windows, macOS) is pendulum's to say, and its Timezone is a
    stdlib zone too.
    """
    global _system_zone
    if _system_zone is None:
        _system_zone = _unix_zone() or pendulum.local_timezone()
    return _system_zone


def _unix_zone() -> datetime.tzinfo | None:
    """pendulum's ``_get_unix_timezone`` for its usual answers; None where it must decide itself."""
    if not sys.platform.startswith("linux"):
        return None
    import zoneinfo

    def named(name: str) -> datetime.tzinfo | None:
        try:
            return zoneinfo.ZoneInfo(name)
        except (KeyError, ValueError, OSError):
            return None

    tz = os.environ.get("TZ")
    if tz:
        tz = tz.removeprefix(":")
        if os.path.isfile(tz):
            return None  # a zone file by its path: pendulum reads it
        found = named(tz)
        if found is not None:
            return found
    if os.path.isfile("/etc/timezone"):
        with open("/etc/timezone", "rb") as file:
            said = file.read()
        if not said.startswith(b"TZif2"):
            name = said.strip().decode().partition(" ")[0].partition("#")[0]
            return named(name.replace(" ", "_"))  # None for a name that is no zone: pendulum says so its way
    if os.path.isfile("/etc/sysconfig/clock") or os.path.isfile("/etc/conf.d/clock"):
        return None
    if os.path.isfile("/etc/localtime") and os.path.islink("/etc/localtime"):
        parts = [part.replace(" ", "_") for part in reversed(os.path.realpath("/etc/localtime").split(os.sep)) if part]
        for count in range(1, len(parts) + 1):
            found = named(os.sep.join(reversed(parts[:count])))
            if found is not None:
                return found
    return None


def in_zone(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` as a plain stdlib datetime in the local zone (a pendulum DateTime: in its own zone).

    What the WHEN grammar reads a time relative to; a naive moment is UTC, as pendulum takes one.
    """
    loaded = sys.modules.get("pendulum")
    if loaded is not None and isinstance(moment, loaded.DateTime):
        return plain(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(zone())


def plain(moment: datetime.datetime) -> datetime.datetime:
    """The same wall time, zone and fold as a stdlib datetime (a pendulum DateTime's arithmetic is pendulum's)."""
    if type(moment) is datetime.datetime:
        return moment
    return datetime.datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
                             moment.microsecond, tzinfo=moment.tzinfo, fold=moment.fold)


def wall(day: datetime.date, hour: int, minute: int, tz: datetime.tzinfo, *, fold: int = 1) -> datetime.datetime:
    """The moment a clock in ``tz`` shows ``day`` at ``hour:minute``, normalised as ``pendulum.datetime`` does.

    A time the clock skips (spring forward) moves by the gap: forward with
    ``fold`` 1 (pendulum's default), back with 0; a time it shows twice is the
    later with ``fold`` 1, the earlier with 0.
    """
    moment = datetime.datetime(day.year, day.month, day.day, hour, minute, fold=fold)
    before = tz.utcoffset(moment.replace(fold=0))
    after = tz.utcoffset(moment.replace(fold=1))
    if before is not None and after is not None and after > before:  # skipped
        moment = moment + ((after - before) if fold else (before - after))  # datetime arithmetic: fold is 0 again
    return moment.replace(tzinfo=tz)


def zone_name(moment: datetime.datetime) -> str:
    """The name of ``moment``'s zone, as pendulum's ``timezone_name`` says it ("Asia/Shanghai")."""
    tz = moment.tzinfo
    return getattr(tz, "key", None) or getattr(tz, "name", None) or str(tz)


def zone_named(name: str) -> datetime.tzinfo:
    """The zone :func:`zone_name` named (stdlib; pendulum's for a name only it knows)."""
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return pendulum.timezone(name)


def in_pendulum(moment: datetime.datetime) -> pendulum.DateTime:
    """The same moment as a pendulum DateTime in the local zone (for code that uses pendulum's API)."""
    if isinstance(moment, pendulum.DateTime):
        return moment
    return pendulum.instance(moment).in_timezone(local_zone())


def plain_now() -> datetime.datetime:
    """:func:`now` as a stdlib datetime: all that stamping a capture needs, without loading pendulum."""
    frozen = os.environ.get("CHIEF_NOW")
    local = zone() if os.environ.get("CHIEF_TZ") else None  # None: the C library's local time, cheaper than finding its zone's name
    if not frozen:
        return datetime.datetime.now(local).astimezone(local)
    try:
        moment = datetime.datetime.fromisoformat(frozen)
    except ValueError:
        return now()  # a form only pendulum reads
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local) if local is not None else moment.astimezone()
    return moment.astimezone(local)


def now() -> pendulum.DateTime:
    """The current local time, or the frozen one from ``CHIEF_NOW``."""
    frozen = os.environ.get("CHIEF_NOW")
    if frozen:
        zone = local_zone()
        try:
            moment = pendulum.parse(frozen, tz=zone)
        except ValueError:  # pendulum's ParserError is one
            raise _frozen_error(frozen) from None
        if not isinstance(moment, pendulum.DateTime):  # a duration or a bare time of day: not a moment
            raise _frozen_error(frozen)
        return moment.in_timezone(zone)
    return pendulum.now(local_zone())


def seconds(moment: datetime.datetime) -> int:
    """``moment`` in whole seconds since the epoch: pendulum's ``int_timestamp``, for a stdlib datetime too."""
    return int(moment.timestamp())


def zoned_now() -> datetime.datetime:
    """:func:`now` as a stdlib datetime in :func:`zone`: the dashboard's first screen is painted without pendulum.

    The same moment and zone as :func:`now` (``CHIEF_NOW`` included; a form only pendulum reads is its to read).
    """
    frozen = os.environ.get("CHIEF_NOW")
    if not frozen:
        return datetime.datetime.now(zone())
    try:
        moment = datetime.datetime.fromisoformat(frozen)
    except ValueError:
        return plain(now())
    if moment.tzinfo is None:  # a wall time in the local zone, normalised as pendulum reads one (the later of two)
        on_clock = wall(moment.date(), moment.hour, moment.minute, zone())
        return on_clock.replace(second=moment.second, microsecond=moment.microsecond)
    return moment.astimezone(zone())


def utc_stamp(moment: datetime.datetime) -> str:
    """A moment as the UTC ISO 8601 text stored in the data file (stdlib: no formatter to load)."""
    u = moment.astimezone(datetime.timezone.utc)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"
