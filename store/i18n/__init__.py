"""The translation layer: every word a person reads goes through :func:`_` (or :func:`ngettext`).

Chief speaks English (the source strings) and Simplified Chinese. The Chinese
words live in gettext catalogs under ``locale/zh/LC_MESSAGES/``: one ``.po``
file per area of Chief (the command line and reports, the dashboard, the
calendar...), compiled to ``.mo`` with Babel (``pybabel compile``, a developer's
tool; the compiled files are committed, and a test checks they match their
sources). At run time they are read message by message (``mo_file``, held to the standard
library's ``gettext``), and only when the language is Chinese: ``chief add`` in
English loads nothing.

The language is chosen once per process (:func:`choose`): the config's
``language``, else ``CHIEF_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``: one starting with ``zh`` means Chinese). The words every screen uses for
one idea are listed in ``docs/GLOSSARY-zh.md``.

Machine-readable output never goes through here: ``--json`` keys and values, CSV
headers, iCalendar fields and exit codes are the same in both languages.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol

LANGUAGES = ("en", "zh")
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")  # text: no pathlib on a capture's path


if TYPE_CHECKING:

    class _Catalog(Protocol):
        def gettext(self, message: str) -> str: ...
        def pgettext(self, context: str, message: str) -> str: ...
        def ngettext(self, singular: str, plural: str, n: int) -> str: ...


class _Source:
    """English: the source strings as they are (nothing to load)."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message


_catalog: _Catalog = _Source()
_language = "en"


def from_locale(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The language the environment asks for: CHIEF_LANG, else the POSIX locale variables, else English."""
    env = os.environ if environ is None else environ
    wanted = env.get("CHIEF_LANG", "").strip().lower()
    if wanted:
        return "zh" if wanted.startswith("zh") else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:  # the first one set decides, as POSIX has it
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def choose(configured: str | None = None, environ: dict[str, str] | None = None) -> str:
    """Set and return the language: the config's choice, else the environment's."""
    language = configured if configured in LANGUAGES else from_locale(environ)
    set_language(language)
    return language


def set_language(language: str) -> None:
    """Use ``language`` ("en" or "zh") from now on in this process."""
    global _catalog, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
    _language = language
    _catalog = _Source() if language == "en" else _load(language)


def language() -> str:
    """The language in use: "en" or "zh"."""
    return _language


ON_FIRST_MISS = ("ui.mo",)  # the dashboard's catalog: a command-line run finds its words before it


def _load(language: str) -> _Catalog:
    """Every compiled catalog of ``language``, chained: the first that knows a message answers.

    A message has the same words in every catalog that holds it (tests/unit/test_i18n.py),
    so the order only decides which file is read: the dashboard's catalog comes last and
    is read on the first message the others do not know (``chief add`` never needs it).
    """
    from chief.store.i18n.mo_file import open_catalog  # a message read where asked (gettext reads every one)

    folder = os.path.join(LOCALE_DIR, language, "LC_MESSAGES")
    try:
        names = [name for name in os.listdir(folder) if name.endswith(".mo")]  # what the glob "*.mo" found
    except OSError:
        names = []
    chain: Any = None
    for name in sorted(names, key=lambda name: (name in ON_FIRST_MISS, name)):
        mo = os.path.join(folder, name)
        if name in ON_FIRST_MISS and chain is not None:
            chain.add_fallback(_OnFirstMiss(mo))
            continue
        catalog = open_catalog(mo)
        if chain is None:
            chain = catalog
        else:
            chain.add_fallback(catalog)
    return chain if chain is not None else _Source()


class _OnFirstMiss:
    """A compiled catalog at the end of the chain, read when the first message reaches it."""

    def __init__(self, mo: str) -> None:
        self.mo = mo
        self.catalog: Any = None

    def _read(self) -> Any:
        if self.catalog is None:
            from chief.store.i18n.mo_file import open_catalog

            self.catalog = open_catalog(self.mo)
        return self.catalog

    def gettext(self, message: str) -> str:
        return self._read().gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._read().ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._read().pgettext(context, message)


def _(message: str) -> str:
    """``message`` in the user's language."""
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the user's language."""
    return _catalog.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the user's language, where the same English word says two things.

    "done" on a key is an action (办结), in a list a state (已办结): the context
    ("action") tells the catalogs which, while English stays one word.
    """
    return _catalog.pgettext(context, message)


def N_(message: str) -> str:
    """Marks a message for the catalogs where it is defined; it is translated where it is shown."""
    return message
