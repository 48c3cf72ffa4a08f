"""pendulum, loaded on first use.

pendulum (with dateutil behind it) is a fifth of ``chief add``'s start-up, and
a capture with no date never needs it. The modules on the capture path
(board, quadrant, when, quickadd, timebase) take ``pendulum`` from here: the
name costs nothing until one of its attributes is used. The stdlib's
LazyLoader cannot do this on Python 3.11, where an ``import`` statement itself
touches the module and loads it.

When pendulum is loaded, ``dateutil.parser`` is made lazy first (:func:`defer_dateutil`):
pendulum imports it at its own import only as a fallback for texts its ISO 8601
parser refuses, and it pulls in ``dateutil.tz`` and ``relativedelta`` with it,
more than half of pendulum's import time. Here LazyLoader works: pendulum's
``from dateutil import parser`` only binds the name, and the first use of
``parser.parse`` loads the real module.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

_DEFERRED = "dateutil.parser"


def defer_dateutil() -> None:
    """Make ``dateutil.parser`` load on first use, if nothing has loaded it yet (never fails)."""
    if _DEFERRED in sys.modules or "pendulum" in sys.modules:
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec(_DEFERRED)
        if spec is None or spec.loader is None:
            return
        loader = importlib.util.LazyLoader(spec.loader)
        spec.loader = loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[_DEFERRED] = module
        loader.exec_module(module)
        sys.modules["dateutil"].parser = module  # what pendulum's "from dateutil import parser" finds
    except (ImportError, AttributeError, ValueError):
        sys.modules.pop(_DEFERRED, None)  # the plain import then, as before


class _OnFirstUse:
    """A module's name that imports it at the first attribute read."""

    def __init__(self, name: str) -> None:
        self.__dict__["_name"] = name

    def __getattr__(self, attr: str) -> Any:
        if self._name == "pendulum":
            defer_dateutil()
        module = importlib.import_module(self._name)
        self.__dict__.update(vars(module))  # from now on, plain attribute reads
        return getattr(module, attr)


pendulum: Any = _OnFirstUse("pendulum")
