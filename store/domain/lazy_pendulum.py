"""pendulum, loaded on first use.

pendulum (with dateutil behind it) is a fifth of ``chief add``'s start-up, and
a capture with no date never needs it. The modules on the capture path
(board, quadrant, when, quickadd, timebase) take ``pendulum`` from here: the
name costs nothing until one of its attributes is used. The stdlib's
LazyLoader cannot do this on Python 3.11, where an ``import`` statement itself
touches the module and loads it.

When pendulum is loaded from here, two modules it imports but a capture never
uses are made lazy first (:func:`on_first_use`), which halves what a dated
capture pays for it:

- ``dateutil.parser``, imported by pendulum's parser only as a fallback for
  texts its own ISO 8601 parser refuses; it brings dateutil.tz and
  relativedelta.
- ``importlib.resources``, imported by pendulum's ``Locale.load`` at every call,
  though it is used only to find a locale not yet loaded; it brings tempfile,
  shutil, zipfile, bz2 and lzma. English, the one locale Chief has pendulum
  format in (the Chinese words are Chief's own), is loaded the direct way
  (:func:`english_first`).

Here LazyLoader works: pendulum's ``from dateutil import parser`` (and
``from importlib import resources``) only binds the name, and the first use of
an attribute loads the real module, as any other import of it does.
"""

from __future__ import annotations

import importlib
import sys

from chief.store.lazy_module import OnFirstUse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

_UNUSED_BY_CAPTURE = ("dateutil.parser", "importlib.resources")


def on_first_use(name: str) -> None:
    """Make the module ``name`` load at its first attribute read, if nothing has loaded it yet (never fails)."""
    if name in sys.modules:
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return
        loader = importlib.util.LazyLoader(spec.loader)
        spec.loader = loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loader.exec_module(module)
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)  # what "from PARENT import CHILD" finds
    except (ImportError, AttributeError, ValueError, KeyError):
        sys.modules.pop(name, None)  # the plain import then, as before


def english_first() -> None:
    """Put pendulum's English locale in its cache the direct way, so ``Locale.load`` finds it there (never fails)."""
    try:
        from pendulum.locales.en.locale import locale
        from pendulum.locales.locale import Locale

        Locale._cache.setdefault("en", Locale("en", locale))
    except (ImportError, AttributeError, TypeError):
        pass  # another pendulum: its own way, as before


class _Pendulum(OnFirstUse):
    """pendulum's name (store/lazy_module.py), imported the light way; then its names are this object's own, read as
    plain attributes (the boards read pendulum in their loops)."""

    def _load(self) -> ModuleType:
        loading = "pendulum" not in sys.modules
        if loading:
            for name in _UNUSED_BY_CAPTURE:
                on_first_use(name)
        module = importlib.import_module("pendulum")
        if loading:
            english_first()
        self.__dict__.update(vars(module))  # from now on, plain attribute reads
        return module


pendulum: Any = _Pendulum("pendulum")


def import_pendulum() -> None:
    """Import pendulum now, the light way above, in a process sure to use it.

    Called before any module's plain ``import pendulum`` runs, it spares that process
    dateutil's parser (with dateutil.tz, zoneinfo and ctypes behind it) and
    importlib.resources until something uses them. The dashboard does not call it: its first
    paint needs no pendulum, and the full board's first use of the name above loads it this way.
    """
    pendulum.DateTime  # noqa: B018 - the first attribute read imports it
