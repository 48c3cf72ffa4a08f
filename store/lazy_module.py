"""A module loaded at the first read of one of its names.

The dashboard paints its first screen from what this machine kept (store/datafile/first_screen.py):
that needs the board and a few of its helpers, not the modules behind the commands that come
after it (the replica with TinyDB, undo, capture, recurrence, the team's rules), some 22 million
instructions of a launch of 1,270 (issue 17). A façade that needs such a module only inside its
commands (store/desk.py) names it with :func:`imported_at_first_use`: the name costs nothing until one of
its attributes is read, then each read is the module's own (a test that patches the module is seen).
The stdlib's LazyLoader cannot do this on Python 3.11, where an ``import`` statement itself touches
the module and loads it.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any


class OnFirstUse:
    """A module's name that imports the module at the first attribute read."""

    def __init__(self, name: str) -> None:
        self.__dict__["_name"] = name

    def _load(self) -> ModuleType:
        """The module, imported now (store/domain/lazy_pendulum.py imports pendulum its own way)."""
        return importlib.import_module(self._name)

    def _module(self) -> ModuleType:
        module = self.__dict__.get("_loaded")
        if module is None:
            module = self.__dict__["_loaded"] = self._load()
        return module

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._module(), attr)

    def __repr__(self) -> str:
        return f"<{self._name}, loaded at first use>"


def imported_at_first_use(name: str) -> Any:
    """The module ``name``, imported when one of its attributes is first read (see the module's docstring)."""
    return OnFirstUse(name)
