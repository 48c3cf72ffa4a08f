"""A compiled catalog (``.mo``) read message by message, where the standard library reads all of it.

``gettext.GNUTranslations`` decodes every message of a catalog into a dict when it opens it
(some 760 for the command line's, 2 to 3 ms), and ``gettext`` imports ``re`` (and ``re``
``enum``, some 5 ms) for the plural rules: a Chinese ``chief add`` paid both to say one
line. Here the catalog's original strings are sorted once, as bytes (a C sort of some 760
short strings), and a message is found by bisection and decoded alone.

This reader answers as ``GNUTranslations`` does (its ``gettext``, ``ngettext``,
``pgettext`` and fallbacks) for the catalogs it knows how to read: UTF-8, one plural form
(Chinese has one). Any other catalog is handed to ``GNUTranslations`` (:func:`open_catalog`).
tests/unit/test_mo_file.py holds every message of every catalog to ``GNUTranslations``.
"""

from __future__ import annotations

from bisect import bisect_left
from struct import unpack_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAGIC_LITTLE, MAGIC_BIG = 0x950412DE, 0xDE120495
CONTEXT = "%s\x04%s"  # gettext's key of a message in a context


class NotPlain(ValueError):
    """A catalog this reader leaves to ``gettext``: another charset, more than one plural form, damaged tables."""


class MoCatalog:
    """One compiled catalog, its messages looked up in its bytes; a chain's member like GNUTranslations."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 20:
            raise NotPlain("too short for a catalog")
        magic = unpack_from("<I", data)[0]
        order = "<" if magic == MAGIC_LITTLE else ">" if magic == MAGIC_BIG else None
        if order is None:
            raise NotPlain("not a compiled catalog")
        _revision, count, originals, translations = unpack_from(order + "4I", data, 4)
        try:  # (length, offset) of each original, then of each translation, as flat tuples: one call each
            self._originals = unpack_from(f"{order}{2 * count}I", data, originals)
            self._translations = unpack_from(f"{order}{2 * count}I", data, translations)
        except Exception as err:  # noqa: BLE001 - a table past the end: a damaged file, read by gettext's rules
            raise NotPlain("damaged tables") from err
        self._data, self._count = data, count
        self._fallback: Any = None
        originals = self._originals
        keys = [data[offset:offset + length] for length, offset in zip(originals[0::2], originals[1::2])]
        # Sorted here: Babel sorts a catalog's messages without their contexts ("type\x04bool" among the b's)
        self._order = sorted(range(count), key=keys.__getitem__)
        self._keys = [keys[index] for index in self._order]
        header = self._translated(self._order[0]).decode("ascii", "replace") if count and not self._keys[0] else ""
        fields = {name.strip().lower(): value.strip() for name, _colon, value in
                  (line.partition(":") for line in header.splitlines()) if _colon}
        charset = fields.get("content-type", "").lower().partition("charset=")[2].strip()
        plural = fields.get("plural-forms", "").replace(" ", "").lower()  # none: gettext takes English's two forms
        if charset not in ("utf-8", "utf8", "") or not plural.startswith("nplurals=1;"):
            raise NotPlain("not UTF-8 with one plural form")

    def _translated(self, index: int) -> bytes:
        length, offset = self._translations[2 * index], self._translations[2 * index + 1]
        return self._data[offset:offset + length]

    def _find(self, message: str, *, plural: bool) -> str | None:
        """The translation of ``message`` (a plural message's one form), or None.

        ``gettext`` and ``pgettext`` take a plain message or a plural one (its form for 1), a plain
        one first; ``ngettext`` only a plural one, as GNUTranslations answers.
        """
        wanted = message.encode("utf-8", "surrogatepass")
        keys = self._keys
        low = bisect_left(keys, wanted)
        # "message" itself, then "message\0its plural" (NUL sorts before every other byte)
        for place in range(low, min(low + 2, self._count)):
            singular, nul, _plural = keys[place].partition(b"\0")
            if singular != wanted:
                break
            if nul or not plural:
                return self._translated(self._order[place]).partition(b"\0")[0].decode("utf-8")
        return None

    def add_fallback(self, fallback: Any) -> None:
        if self._fallback is not None:
            self._fallback.add_fallback(fallback)
        else:
            self._fallback = fallback

    def gettext(self, message: str) -> str:
        found = self._find(message, plural=False)
        if found is not None:
            return found
        return self._fallback.gettext(message) if self._fallback is not None else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self._find(singular, plural=True)
        if found is not None:
            return found
        if self._fallback is not None:
            return self._fallback.ngettext(singular, plural, n)
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        found = self._find(CONTEXT % (context, message), plural=False)
        if found is not None:
            return found
        return self._fallback.pgettext(context, message) if self._fallback is not None else message


def open_catalog(path: str) -> Any:
    """The catalog at ``path``: read where asked, or by ``gettext`` when it is not one this reader knows."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return MoCatalog(data)
    except NotPlain:
        import gettext
        from io import BytesIO

        return gettext.GNUTranslations(BytesIO(data))
