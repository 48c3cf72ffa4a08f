"""What every command starts from: the desk for ``--file`` and ``--config``, and where its output goes.

The desks a command opened are remembered so that what their replicas had to say
once (a meta value quarantined, a file written again) is said on stderr when the
command ends, and not at all when it failed (then its one line is the reason).
"""

from __future__ import annotations

import sys

from chief.store import paths
from chief.store import Settings, load_settings, take_calendar_notices
from chief.store import CommandError
from chief.store import _
from chief.tui.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from chief.store import Desk


def open_desk(args: argparse.Namespace) -> Desk:
    from chief.store import Desk  # the full store: not needed by a capture into a file we wrote

    settings: Settings = load_settings(paths.config_file(args.config))
    desk = Desk(paths.data_file(args.file), settings)
    _OPENED.append(desk)
    return desk


_OPENED: list[Desk] = []  # the desks this command opened, whose notices are said when it ends


def say_notices() -> None:
    """What a command's replicas had to say once (meta values quarantined, a file written again), on stderr."""
    while _OPENED:
        replica = _OPENED.pop().replica
        say_lines(replica.notices)
        replica.notices.clear()
    say_lines(take_calendar_notices())  # a year past the holiday data: said once, whatever the command


def remember_steps() -> None:
    """What the command changed, kept in this machine's state folder for ``chief undo`` (one step per change)."""
    from chief.store import SavedHistory

    for desk in _OPENED:
        SavedHistory(desk.path).remember(desk.history.recorded())


def say_lines(notices: list[str]) -> None:
    """Notices from the store, each one warning line on stderr."""
    for notice in notices:
        print("chief: " + _("warning: {notice}").format(notice=printable(notice)), file=sys.stderr)


def forget_desks() -> None:
    """The command failed: its one line is the reason, and what its desks had to say is not said."""
    _OPENED.clear()


def desk_with_data(args: argparse.Namespace) -> Desk:
    """The desk for a report or an export: an empty brief from a mistyped path must not go to the leaders."""
    desk = open_desk(args)
    if not desk.path.exists():
        raise CommandError(_("no data file at {path}: nothing to report (check --file or $CHIEF_FILE)").format(path=printable(str(desk.path))))
    return desk


def write_output(args: argparse.Namespace, text: str) -> Path:
    """--output FILE: atomically, private, and never over the data file or anything else of Chief's."""
    from chief.store import write_output

    return write_output(args.output, text, paths.data_file(args.file), config=paths.config_file(args.config))

