"""The current time, in one place, so tests and scripts can freeze it.

Everything that depends on "now" asks :func:`now`. Setting ``CHIEF_NOW`` to an
ISO 8601 time freezes it for a whole process (the CLI tests run subprocesses
with a frozen clock this way); the local zone comes from ``TZ`` as usual.
"""

from __future__ import annotations

import datetime
import os

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


def _zone_named(name: str) -> pendulum.Timezone:
    try:
        return pendulum.timezone(name)
    except Exception:  # pendulum's InvalidTimezone, or a name that is not a zone's path at all
        raise _zone_error(name) from None


def _frozen_error(text: str) -> ClockSettingError:
    return ClockSettingError(_("CHIEF_NOW is not a time: '{value}' (e.g. 2026-12-02T09:00)").format(value=_shown(text)))


def local_zone() -> pendulum.Timezone:
    """The zone times are shown in (stored times are always UTC)."""
    name = os.environ.get("CHIEF_TZ")
    return _zone_named(name) if name else pendulum.local_timezone()


def in_pendulum(moment: datetime.datetime) -> pendulum.DateTime:
    """The same moment as a pendulum DateTime in the local zone (date arithmetic needs it)."""
    if isinstance(moment, pendulum.DateTime):
        return moment
    return pendulum.instance(moment).in_timezone(local_zone())


def plain_now() -> datetime.datetime:
    """:func:`now` as a stdlib datetime: all that stamping a capture needs, without loading pendulum."""
    frozen = os.environ.get("CHIEF_NOW")
    name = os.environ.get("CHIEF_TZ")
    if name:
        import zoneinfo

        try:
            zone: datetime.tzinfo | None = zoneinfo.ZoneInfo(name)
        except (KeyError, ValueError, OSError):  # not found is a KeyError; a name like "../x" a ValueError
            raise _zone_error(name) from None
    else:
        zone = None  # the system's local zone
    if not frozen:
        return datetime.datetime.now(zone).astimezone(zone)
    try:
        moment = datetime.datetime.fromisoformat(frozen)
    except ValueError:
        return now()  # a form only pendulum reads
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
    return moment.astimezone(zone)


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


def utc_stamp(moment: datetime.datetime) -> str:
    """A moment as the UTC ISO 8601 text stored in the data file (stdlib: no formatter to load)."""
    u = moment.astimezone(datetime.timezone.utc)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"
