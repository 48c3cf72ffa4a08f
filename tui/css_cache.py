"""The dashboard's stylesheets, parsed once per machine and kept between launches.

Textual parses every stylesheet (Chief's, and each widget's default CSS) at every
start: some 40 million instructions, a twentieth of the launch to the first items.
The rules parsed are kept in the machine's state folder (never synced, private like
its other notes) and read back at the next start, which takes a tenth of the time.

An entry is keyed by everything the parse reads: the CSS text, where it came from,
its flags, and the theme's variables (substituted while parsing); the file is keyed
by the versions of Python and Textual (its parser's files as installed). The rules are kept as pickles, as Python keeps
its bytecode beside the code: in the user's own state folder, which nothing syncs. A stylesheet that changed, a
theme not seen before, a file from another version or a file that cannot be read is
parsed as before, and the file is written again. Textual is pinned, and
tests/ui/test_css_cache.py holds the rules read back to the rules parsed.
"""

from __future__ import annotations

import os
import pickle
import sys

import textual
from textual.css import model, styles, stylesheet
from textual.css.stylesheet import Stylesheet

from chief.store import paths, replace_note

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

FILE_NAME = "stylesheets"
KEEP = 64  # entries: the stylesheets of a few themes and screens


def _versions() -> tuple:
    """Python's version, and which Textual made the rules: its parser's and its rules' modules as installed (path,
    size, time). ``textual.__version__`` would ask importlib.metadata, which costs more than the parse it saves."""
    try:
        found = [(module.__file__, os.stat(module.__file__)) for module in (textual, model, styles, stylesheet)]
    except (OSError, TypeError):  # a Textual not installed as files: nothing kept
        return ()
    return (sys.hexversion, *((path, status.st_size, status.st_mtime_ns) for path, status in found))


class _Kept:
    """The entries read from the file (key -> pickled rules), and the rules parsed since."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.versions: tuple = ()
        self.entries: dict[str, bytes] | None = None  # None: not read yet
        self.parsed: dict[str, list] = {}  # rules parsed in this process, pickled when kept (after the first paint)

    def read(self) -> dict[str, bytes]:
        if self.entries is None:
            self.entries = {}
            if self.path is not None:
                try:
                    versions, entries = pickle.loads(self.path.read_bytes())
                    if versions == self.versions and isinstance(entries, dict):
                        self.entries = entries
                except Exception:  # noqa: BLE001 - a note unreadable for any reason: parsed again, written anew
                    pass
        return self.entries


_KEPT = _Kept()
_PARSE = Stylesheet._parse_rules  # Textual's own


_THEME: list = [None, ""]  # the variables last said, and how: a stylesheet's variables are one dict until the theme changes


def _key(stylesheet: Stylesheet, css: str, read_from: Any, is_default_rules: bool, tie_breaker: int, scope: str) -> str:
    """Everything the parse reads, as one text: compared whole, so two stylesheets never share an entry."""
    variables = stylesheet._variables
    if _THEME[0] is not variables:
        _THEME[:] = [variables, repr(sorted(variables.items()))]
    return repr((css, read_from, is_default_rules, tie_breaker, scope)) + _THEME[1]


def _parse_rules(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False, tie_breaker: int = 0,
                 scope: str = "") -> list:
    """Textual's ``Stylesheet._parse_rules``, answered from the kept rules when they are kept."""
    if (css, read_from, is_default_rules, tie_breaker, scope) in self._parse_cache:
        return _PARSE(self, css, read_from, is_default_rules, tie_breaker, scope)  # Textual's own cache, as before
    entries = _KEPT.read()
    key = _key(self, css, read_from, is_default_rules, tie_breaker, scope)
    kept = entries.get(key)
    if kept is not None:
        try:
            rules = pickle.loads(kept)
        except Exception:  # noqa: BLE001 - a damaged entry: parsed again
            entries.pop(key, None)
        else:
            self._parse_cache[(css, read_from, is_default_rules, tie_breaker, scope)] = rules
            return rules
    rules = _PARSE(self, css, read_from, is_default_rules, tie_breaker, scope)  # errors raise here, as before
    if not any(rule.errors for rule in rules):
        _KEPT.parsed[key] = rules
    return rules


def use_kept_rules(folder: Path | None = None) -> None:
    """From now on, stylesheets are parsed once per machine (kept in ``folder``, the state folder by default)."""
    _KEPT.versions = _versions()
    _KEPT.path = (folder or paths.state_dir()) / FILE_NAME if _KEPT.versions else None
    _KEPT.entries, _KEPT.parsed = None, {}
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]


def stop_keeping_rules() -> None:
    """From now on, stylesheets are parsed by Textual alone and nothing is kept: :func:`use_kept_rules` undone.

    The tests call it after each test: ``chief`` run in the test process turns keeping on for the process.
    """
    Stylesheet._parse_rules = _PARSE  # type: ignore[method-assign]
    _KEPT.path, _KEPT.entries, _KEPT.parsed = None, None, {}


def keep_rules() -> None:
    """Write the rules parsed since the file was read, beside the others (never fails: a note costs only speed)."""
    if not _KEPT.parsed or _KEPT.path is None or _KEPT.entries is None:
        return
    parsed, _KEPT.parsed = _KEPT.parsed, {}
    for key, rules in parsed.items():
        try:
            _KEPT.entries[key] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - rules that cannot be kept are parsed next time too
            pass
    entries = dict(list(_KEPT.entries.items())[-KEEP:])
    try:
        replace_note(_KEPT.path, pickle.dumps((_KEPT.versions, entries), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
