"""``chief``'s main: parse, refuse what is not text, run the command, one line per error.

Every problem a user may be told is a ``ChiefError``: it ends as one line on
stderr and its exit code (2 when nothing was changed), never a traceback.
"""

from __future__ import annotations

import os
import sys

from chief.store import paths
from chief.store import CorruptFile, newest_good_backup
from chief.store import ChiefError, ExitCode
from chief.store import not_text
from chief.store import _
from chief.tui.cli.desks import forget_desks, remember_steps, say_notices
from chief.tui.cli.words import (CAPTURES, GROUPS, PATH_ARGUMENTS, UsageError, command_named, config_named, handler_for,
                                  opens_dashboard, plain_capture, plain_dashboard)
from chief.tui.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn, Sequence, TextIO
    import argparse
    from types import SimpleNamespace


def _explain(err: Exception, args: argparse.Namespace | SimpleNamespace | None) -> str:
    message = str(err)
    if isinstance(err, CorruptFile) and args is not None and err.path is not None and str(err.path) == paths.data_file_text(args.file):
        good = newest_good_backup(paths.data_file(args.file))
        if good:
            from chief.store import restore_command

            message += _("; nothing was changed. Newest good backup: {backup} (restore it: {command})").format(
                backup=good, command=restore_command(good))
        else:
            message += _("; nothing was changed, and there is no backup to restore")
    return message


class OutputLost(Exception):
    """Standard output could not be written (a full disk, an I/O error): the command itself was carried out.

    Told apart from the command's own errors, which are said as "nothing was changed" (exit 2): a
    capture whose line could not be printed has still saved its item, and a script must not add it again.
    """

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _ReportedOutput:
    """``sys.stdout`` for a command: a failure to write it raises :class:`OutputLost` (a reader gone stays
    ``BrokenPipeError``); everything else is the stream's own."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._reported(self._stream.write, text)

    def flush(self) -> None:
        self._reported(self._stream.flush)

    @staticmethod
    def _reported(call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as err:
            raise OutputLost(err) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _exit_now(code: int) -> NoReturn:
    """End a capture process without the interpreter's teardown (5 ms of freeing modules).

    Its work is done: the file is written, fsynced and unlocked, and what it
    has to say is flushed here. Only for a real process, never an in-process call.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = ExitCode.BROKEN_PIPE
    except OutputLost as lost:
        code = _say_output_lost(lost)
    os._exit(code)


def _say_output_lost(lost: OutputLost) -> int:
    """The one line for output that could not be written; its exit status.

    What is still buffered for stdout is let go (to /dev/null), so that the interpreter's own flush at
    its end does not fail again.
    """
    from chief.store import os_reason

    try:
        _stdout_to_devnull()
    except OSError:
        pass
    try:
        print("chief: " + printable(_("the command was carried out, but its output could not be written: {reason}").format(
            reason=os_reason(lost.error))), file=sys.stderr)
    except OSError:
        pass
    return ExitCode.OUTPUT_LOST


def _stdout_to_devnull() -> None:
    """Point stdout's descriptor at /dev/null: what is still buffered for it goes nowhere, without an error."""
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, sys.stdout.fileno())
    os.close(quiet)


def refuse_non_text(args: argparse.Namespace | SimpleNamespace) -> None:
    """Stop before anything is read or written when a text argument holds bytes that are not UTF-8.

    Python decodes the command line with surrogate escapes, so ``chief add
    $'caf\\xe9'`` arrives as a string that cannot be saved, printed or sent to
    JSON. It is refused here, where the command line enters, for every
    subcommand at once.
    """
    for name, value in vars(args).items():
        bad = None if name in PATH_ARGUMENTS else not_text(value)
        if bad is not None:
            raise UsageError(_("{name} '{text}' is not valid UTF-8 text: nothing was changed "
                               "(set the terminal or the script to UTF-8)").format(name=name.replace("_", "-").upper(), text=printable(bad)))


def choose_language(words: Sequence[str]) -> str:
    """The language of everything this run says: the config's ``language``, else the environment's.

    Chosen before the parser is built, so that ``--help`` speaks it too. A config
    that cannot be read is the command's to report (in the language of the
    environment); it is not an error here.
    """
    from chief.store import choose, load_settings

    try:
        configured = load_settings(paths.config_file_text(config_named(words))).language  # text: no pathlib for a capture
    except ChiefError:
        configured = None
    return choose(configured)


def say_matches(err: ChiefError) -> None:
    """After "'report' is in the titles of 3 open items", which they are: one line each, id and title, to pick from."""
    from chief.store import AmbiguousTitle

    if isinstance(err, AmbiguousTitle):
        for item in err.matches:
            print(f"  {printable(item.id[:err.width])}  {printable(item.title)}", file=sys.stderr)


def _ignore_file_size_limit() -> None:
    """Past a file size limit (SIGXFSZ), a write fails with an error to report instead of killing the process.

    Through ``_signal``, the C module behind ``signal``: importing ``signal`` builds three enums, a
    fiftieth of ``chief add``; the handler set is the same.
    """
    try:
        import _signal as signals
    except ImportError:  # another Python
        import signal as signals
    if hasattr(signals, "SIGXFSZ"):
        signals.signal(signals.SIGXFSZ, signals.SIG_IGN)


def _fill_closed_standard_streams() -> None:
    """Put /dev/null in place of a closed stdin, stdout or stderr, before any file is opened.

    Started with one closed (``chief add X >&-``, a daemon's job), the next file opened takes its
    number: the data file's lock, say, which a capture's child then points at /dev/null, letting
    the lock go while it writes. What would have been printed there is lost, as the caller chose:
    an error line included (Python prints to stdout what it cannot print to a missing stderr, into
    what a script takes for the answer). A program Chief runs (git) finds the three open too.
    """
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:
                os.dup2(opened, fd)  # inheritable, as the three are
                os.close(opened)
            else:
                os.set_inheritable(fd, True)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        _fill_closed_standard_streams()
    _ignore_file_size_limit()
    args = None
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        choose_language(words)
        args = plain_capture(words) or plain_dashboard(words)  # `chief add TEXT`, `chief`: no parser to build
        if args is None:
            from chief.tui.cli.parser import build_parser

            named = command_named(words)
            # the named command's parser only; `chief` alone (or with --file, --config) the dashboard's: not every group's
            only = named if named in GROUPS else "dashboard" if opens_dashboard(words) else None
            args = build_parser(only=only).parse_args(words)
        refuse_non_text(args)
        if argv is None and args.command is not None and not isinstance(sys.stdout, _ReportedOutput):
            sys.stdout = _ReportedOutput(sys.stdout)  # type: ignore[assignment]  # (the dashboard's own stays as it is)
        # a capture run as its own process may answer before the file is written (store/datafile/capture.py)
        args.own_process = argv is None and args.command in CAPTURES
        code = handler_for(args.command)(args)
        remember_steps()
        say_notices()
        if argv is None and args.command in CAPTURES:
            _exit_now(code)
        sys.stdout.flush()  # a full disk is said here, while the command's words can still be chosen
        return code
    except OutputLost as lost:
        forget_desks()
        return _say_output_lost(lost)
    except ChiefError as err:
        forget_desks()  # one line: the reason the command did not run
        print(f"chief: {printable(_explain(err, args))}", file=sys.stderr)  # one line, whatever was typed
        say_matches(err)
        return err.exit_code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # `chief list | head`: the reader has what it wanted
        _stdout_to_devnull()
        return ExitCode.BROKEN_PIPE
    except OSError as err:  # a disk or file problem no command foresaw: one line, never a traceback
        from chief.store import os_reason

        forget_desks()
        said = _("{path}: {reason}").format(path=err.filename, reason=os_reason(err)) if err.filename else os_reason(err)
        print(f"chief: {printable(said)}", file=sys.stderr)
        return ExitCode.FAILED

