"""pendulum, loaded on first use.

pendulum (with dateutil behind it) is a fifth of ``chief add``'s start-up, and
a capture with no date never needs it. The modules on the capture path
(board, quadrant, when, quickadd, timebase) take ``pendulum`` from here: the
name costs nothing until one of its attributes is used. The stdlib's
LazyLoader cannot do this on Python 3.11, where an ``import`` statement itself
touches the module and loads it.
"""

from __future__ import annotations

import importlib
from typing import Any


class _OnFirstUse:
    """A module's name that imports it at the first attribute read."""

    def __init__(self, name: str) -> None:
        self.__dict__["_name"] = name

    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self._name)
        self.__dict__.update(vars(module))  # from now on, plain attribute reads
        return getattr(module, attr)


pendulum: Any = _OnFirstUse("pendulum")
