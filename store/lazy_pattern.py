"""Regular expressions compiled at their first use.

Compiling a pattern costs 0.1 to 0.9 ms (a class of Unicode ranges costs the
most), and ``chief add`` is a process of some 45 ms that uses few of the
patterns its modules declare: compiled at import, they were about a twentieth
of a capture. A :class:`LazyPattern` is declared like a compiled pattern and
used like one; it compiles on the first attribute read, then answers from its
own attributes at a compiled pattern's speed. ``re`` itself is imported then too:
with the ``enum`` it imports it is some 4 ms of a process's start (issue 17), and a
capture compiles no pattern unless its text needs one.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

IGNORECASE = 2  # re.IGNORECASE, for a module that declares a pattern without importing re (a test holds them equal)

_BOUND = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "pattern", "flags", "groups",
          "groupindex")


class LazyPattern:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.__dict__["_source"] = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        import re

        compiled = re.compile(*self._source)
        self.__dict__.update({bound: getattr(compiled, bound) for bound in _BOUND})
        self.__dict__["compiled"] = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern compiled at its first use (see the module's docstring)."""
    return LazyPattern(pattern, flags)
