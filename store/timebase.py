"""The current time, in one place, so tests and scripts can freeze it.

Everything that depends on "now" asks :func:`now`. Setting ``CHIEF_NOW`` to an
ISO 8601 time freezes it for a whole process (the CLI tests run subprocesses
with a frozen clock this way); the local zone comes from ``TZ`` as usual.
"""

from __future__ import annotations

import os

import pendulum


def local_zone() -> pendulum.Timezone:
    """The zone times are shown in (stored times are always UTC)."""
    name = os.environ.get("CHIEF_TZ")
    return pendulum.timezone(name) if name else pendulum.local_timezone()


def now() -> pendulum.DateTime:
    """The current local time, or the frozen one from ``CHIEF_NOW``."""
    frozen = os.environ.get("CHIEF_NOW")
    if frozen:
        moment = pendulum.parse(frozen, tz=local_zone())
        return moment.in_timezone(local_zone())
    return pendulum.now(local_zone())


def utc_stamp(moment: pendulum.DateTime) -> str:
    """A moment as the UTC ISO 8601 text stored in the data file."""
    return moment.in_timezone("UTC").format("YYYY-MM-DDTHH:mm:ss[Z]")
