"""Chief in the shell around it: ``completion`` (bash, zsh, fish) and ``man``.

Both are generated from the parser itself (every group's ``add_parsers``), so a
command added anywhere is completed and documented without a list to keep:
the completion by shtab, the manual page here (roff, from the same parser).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from chief.store import _, ExitCode, os_reason
from chief.store import CommandError
from chief.tui.cli.parser import PATH_ARGUMENTS, Command, Parser, build_parser
from chief.tui.text import printable

SHELLS = ("bash", "zsh", "fish")


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    completion = command("completion", _("print the completion script for bash, zsh or fish, made from this command line"))
    completion.add_argument("shell", nargs="?", choices=SHELLS, help=_("the shell (default: the one $SHELL names)"))
    completion.add_argument("--install", action="store_true", help=_("write it where the shell loads completions from, and say where"))
    manual = command("man", _("print the manual page (roff): man -l <(chief man)"))
    manual.add_argument("--install", action="store_true", help=_("write it to the user's manual folder (~/.local/share/man/man1), and say where"))


# what the shells are given -------------------------------------------------------------


def full_parser() -> argparse.ArgumentParser:
    """The whole command line, its file arguments marked for path completion."""
    import shtab

    parser = build_parser()
    for each in _parsers(parser):
        for action in each._actions:
            if action.dest in PATH_ARGUMENTS:
                action.complete = shtab.FILE  # type: ignore[attr-defined]
    return parser


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parser and every subcommand's, depth first."""
    found = [parser]
    for name, sub in _subcommands(parser):
        found += _parsers(sub)
    return found


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.items())
    return []


def completion_script(shell: str) -> str:
    """The completion script for ``shell``, made by shtab from :func:`full_parser`."""
    import shtab

    return shtab.complete(full_parser(), shell=shell)


def _install_target(shell: str) -> tuple[Path, str]:
    """Where ``shell`` loads a user's completions from, and what to add to its config to make it do so ("" if nothing)."""
    from chief.store import paths

    data, config = paths.xdg_base("data"), paths.xdg_base("config")
    if shell == "bash":  # bash-completion 2 loads it on the first Tab after 'chief'
        return data / "bash-completion" / "completions" / "chief", ""
    if shell == "fish":
        return config / "fish" / "completions" / "chief.fish", ""
    folder = data / "zsh" / "site-functions"
    return folder / "_chief", _("add to ~/.zshrc, before compinit:  fpath=({folder} $fpath)").format(folder=folder)


def _write(target: Path, text: str) -> None:
    from chief.store import write_output
    from chief.store import paths

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CommandError(_("cannot make the folder {folder}: {reason}").format(folder=target.parent, reason=os_reason(err))) from None
    write_output(target, text, paths.data_file(None))


def cmd_completion(args: argparse.Namespace) -> int:
    shell = args.shell or Path(os.environ.get("SHELL", "")).name
    if shell not in SHELLS:
        raise CommandError(_("say which shell: chief completion bash, zsh or fish"))
    script = completion_script(shell)
    if not args.install:
        sys.stdout.write(script)
        return ExitCode.OK
    target, then = _install_target(shell)
    _write(target, script)
    print(_("wrote the {shell} completion to {path}; it works in a new shell").format(shell=shell, path=printable(str(target))))
    if then:
        print(then)
    return ExitCode.OK


# the manual page ---------------------------------------------------------------------------


def roff(text: str) -> str:
    """Text as literal roff: backslashes and hyphens escaped, and no line starting as a request."""
    text = printable(text).replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def _usage(parser: argparse.ArgumentParser) -> str:
    """The usage line from the command's name on (without argparse's "usage:", 用法：)."""
    usage = " ".join(parser.format_usage().split())
    return usage[usage.find(parser.prog):] if parser.prog in usage else usage


def _options(parser: argparse.ArgumentParser, *, common: bool = True) -> list[str]:
    """The options and arguments of one parser; ``common=False`` leaves out --help, --file and --config (said once, above)."""
    lines = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        if not common and (isinstance(action, argparse._HelpAction) or action.dest in ("file", "config")):
            continue
        names = ", ".join(action.option_strings) or (action.metavar or action.dest)
        if action.option_strings and action.nargs != 0:
            names += " " + str(action.metavar or action.dest.upper())
        lines += [".TP", f"\\fB{roff(str(names))}\\fR", roff((action.help or "").replace("%%", "%"))]
    return lines


def _commands(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    helps = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
    lines = []
    for name, sub in _subcommands(parser):
        said = (helps.get(name) or sub.description or "").replace("%%", "%")
        lines += [".SS " + roff(f"{prefix} {name}"), roff(said), ".PP",
                  f"\\fB{roff(_usage(sub))}\\fR", *_options(sub, common=False)]
        lines += _commands(sub, f"{prefix} {name}")
    return lines


def man_page() -> str:
    """The manual page, chief(1), from the parser: every command with its options, the environment, the exit statuses."""
    from chief.tui import __version__

    parser = build_parser()
    lines = [
        f'.TH CHIEF 1 "" "chief {__version__}" "{roff(_("User Commands"))}"',
        ".ad l", ".nh",  # ragged right, no hyphens: Chinese is not justified by stretching spaces, nor hyphenated
        ".SH " + roff(_("NAME")), "chief \\- " + roff(parser.description or ""),
        ".SH " + roff(_("SYNOPSIS")), f"\\fB{roff(_usage(parser))}\\fR",
        ".SH " + roff(_("DESCRIPTION")), roff(parser.epilog or ""),
        ".SH " + roff(_("OPTIONS")), *_options(parser),
        ".SH " + roff(_("COMMANDS")), *_commands(parser, "chief"),
        ".SH " + roff(_("ENVIRONMENT")),
    ]
    for name, words in (
        ("CHIEF_FILE", _("the data file, when --file is not given")),
        ("CHIEF_CONFIG", _("the config file, when --config is not given")),
        ("CHIEF_STATE_DIR", _("this machine's state folder (device id, the command line's undo); never synced")),
        ("CHIEF_LANG", _("zh for Chinese, en for English, when the config does not say")),
        ("CHIEF_CAPTURE_WAIT", _("1: chief add and chief interrupt answer only once the data file holds the item; "
                                 "0: they answer once it is safe in this machine's journal even where they would "
                                 "otherwise wait (a container, a systemd unit); unset (or any other value): they wait only there")),
    ):
        lines += [".TP", f"\\fB{name}\\fR", roff(words)]
    lines += [".SH " + roff(_("EXIT STATUS"))]
    for code, words in (
        (ExitCode.OK, _("success")),
        (ExitCode.UNHEALTHY, _("chief doctor found a problem")),
        (ExitCode.FAILED, _("a usage error or a refused command: one line on stderr, and the data file unchanged")),
        (ExitCode.OUTPUT_LOST, _("the command was carried out, but its output could not be written (a full disk): "
                                 "one line on stderr")),
        (ExitCode.INTERRUPTED, _("interrupted (Ctrl-C)")),
        (ExitCode.BROKEN_PIPE, _("the reader of the output went away")),
    ):
        lines += [".TP", f"\\fB{int(code)}\\fR", roff(words)]
    lines += [".SH " + roff(_("SEE ALSO")), roff(_("chief completion, for the shell's Tab; the README for the dashboard's keys"))]
    return "\n".join(lines) + "\n"


def cmd_man(args: argparse.Namespace) -> int:
    page = man_page()
    if not args.install:
        sys.stdout.write(page)
        return ExitCode.OK
    from chief.store import paths

    target = paths.xdg_base("data") / "man" / "man1" / "chief.1"
    _write(target, page)
    print(_("wrote the manual page to {path}: man chief").format(path=printable(str(target))))
    return ExitCode.OK


HANDLERS = {
    "completion": cmd_completion,
    "man": cmd_man,
}
