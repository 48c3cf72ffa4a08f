"""The data file itself: ``doctor``, ``merge``, git (``git-setup``, ``merge-driver``) and
``forget-device``."""

from __future__ import annotations

import argparse
from pathlib import Path

from chief.store import paths
from chief.store import load_settings
from chief.store import CommandError
from chief.tui.cli.desks import open_desk
from chief.store import _, ngettext
from chief.tui.cli.parser import Command, Parser
from chief.store import not_text
from chief.tui.text import fit, printable, printable_lines


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    doctor = command("doctor", _("check the data file, list backups, restore one"))
    doctor.add_argument("--restore", metavar="BACKUP", help=_("restore this backup (the current file is kept aside)"))

    merge = command("merge", _("merge another copy of the data file into this one, and say what came in"))
    merge.add_argument("other", metavar="OTHER.json")
    command("git-setup", _("register Chief's merge driver in the git repository that holds the data file"))
    driver = command("merge-driver", _("the git merge driver (git calls it: chief merge-driver %%O %%A %%B)"))
    driver.add_argument("base", metavar="BASE")
    driver.add_argument("ours", metavar="OURS")
    driver.add_argument("theirs", metavar="THEIRS")
    forget = command("forget-device", _("stop waiting for a machine that will never sync again"))
    forget.add_argument("device", metavar="DEVICE")


def cmd_doctor(args: argparse.Namespace) -> int:
    from chief.store import doctor, restore

    desk_path = paths.data_file(args.file)
    if args.restore:
        print(printable_lines(restore(desk_path, Path(args.restore))))
        return 0
    report, healthy = doctor(desk_path, load_settings(paths.config_file(args.config)))
    print(report)
    return 0 if healthy else 1


def cmd_merge(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    came = desk.merge_file(Path(args.other))
    if not came:
        print(_("nothing new in {file}").format(file=printable(args.other)))
        return 0
    board = desk.board()
    for label, ids in ((_("new"), came.new), (_("changed"), came.changed), (_("deleted"), came.deleted)):
        for item_id in ids:
            title = board.items[item_id].title if item_id in board.items else ""
            print(f"{fit(label, 8)} {printable(item_id)}  {printable(title)}")  # cells, not characters (新增 is 4)
    print(_("merged {file}: {new} new, {changed} changed, {deleted} deleted").format(
        file=printable(args.other), new=len(came.new), changed=len(came.changed), deleted=len(came.deleted)))
    return 0


def cmd_git_setup(args: argparse.Namespace) -> int:
    from chief.tui.cli.run import main  # the console script's function, for the driver's command line

    from chief.store import git_setup

    data_file = paths.data_file(args.file)
    if not_text(str(data_file.absolute())) is not None:  # git's answers and .gitattributes are UTF-8 text
        raise CommandError(_("{path} is not a UTF-8 path: git-setup cannot name it in .gitattributes; "
                             "move the data file to a folder whose path is UTF-8").format(path=printable(str(data_file))))
    for line in git_setup(data_file, entry=f"{main.__module__}:{main.__name__}"):  # the console script
        print(printable(line))  # it names the data file: any bytes a file name may hold
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from chief.store import merge_driver

    merge_driver(Path(args.base), Path(args.ours), Path(args.theirs))
    return 0


def cmd_forget_device(args: argparse.Namespace) -> int:
    if open_desk(args).forget_device(args.device):
        print(_("forgot device {device}: its tombstones no longer wait for it").format(device=printable(args.device)))
        return 0
    raise CommandError(_("no device '{device}' in this file (see 'chief doctor')").format(device=printable(args.device)))


HANDLERS = {
    "doctor": cmd_doctor,
    "merge": cmd_merge,
    "git-setup": cmd_git_setup,
    "merge-driver": cmd_merge_driver,
    "forget-device": cmd_forget_device,
}
