"""Finding Chinese names and titles by pinyin: ``@zw`` finds 张伟, ``/hy`` finds 会议纪要.

A chief typing in a hurry does not switch the input method to type a name: they
type its pinyin initials (``zw``), its full pinyin (``zhangwei``) or a mix of
both (``zhangw``). Each Han character of the text may be spelled by any
non-empty start of any of its readings, so initials, full syllables and mixes
are all one rule; other characters spell themselves and spaces are skipped.
Polyphonic characters accept every reading pypinyin knows (曾 is ``zeng`` and
``ceng``), since a search that misses is worse than one that offers a choice.

pypinyin loads its dictionaries in about a fifth of a second, so it is
imported here, on first need, and only for a text that has Han characters and a
query that is Latin letters: a capture that names no one never loads it.

Every reading of every character is all a title needs (``every``), and that
is pypinyin's character table alone, read from its data file (under 1 MB
resident): importing pypinyin itself loads its phrase dictionary and
segmenter, 56 MB, which only the usual reading of a name in context needs
(``every=False``, the quick-add's ``@zw``). The in-context readings of
pypinyin's phrase dictionary are all in the character table but for five
rare ones (乐亭 lao, 彰明较着 zhu, 旋干转坤 qian, 火燵 ta): the filter does
not find those by that reading.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

from chief.store.lazy_pattern import lazy_compile

# The CJK Unified Ideographs and their extension A, where every name and title lives.
_HAN = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))


def has_han(text: str) -> bool:
    """Whether ``text`` has a Han character, the only ones pinyin can spell."""
    return any(low <= ord(ch) <= high for ch in text for low, high in _HAN)


def is_pinyin_query(query: str) -> bool:
    """A query pinyin can match: Latin letters only (what an input method leaves in English mode)."""
    return bool(query) and query.isascii() and query.isalpha()


_ENTRY = lazy_compile(r'^"(\d+)":\s*"([^"\\]*)"', re.MULTILINE)  # one line of pinyin_dict.json: "20013": "zhōng,zhòng",


_FIRST, _LAST = 0x3400, 0xFAFF  # the code points of _HAN lie between these


@lru_cache(maxsize=1)
def _character_table() -> list[str | None] | None:
    """pypinyin's readings of each Han character ("zhōng,zhòng"), by code point from ``_FIRST``, read without importing pypinyin.

    Only the characters :func:`has_han` knows are kept, each distinct string of
    readings once, in a list indexed by code point (under 1 MB; a dict keyed by
    the code points took 2.6); the file's entries are picked out by a pattern,
    never parsed as one big JSON object of every character. None when the data file is not where
    pypinyin keeps it (another layout of the package): then pypinyin itself
    answers, at its memory's cost.
    """
    import importlib.util  # here, on first need: a capture without Han characters never loads it

    spec = importlib.util.find_spec("pypinyin")  # finds the package without running it
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return None
    try:
        with open(os.path.join(list(folders)[0], "pinyin_dict.json"), encoding="utf-8") as file:
            text = file.read()
    except (OSError, ValueError):
        return None
    table: list[str | None] = [None] * (_LAST - _FIRST + 1)
    said: dict[str, str] = {}  # one string per distinct set of readings
    for entry in _ENTRY.finditer(text):
        point = int(entry.group(1))
        if any(low <= point <= high for low, high in _HAN):
            table[point - _FIRST] = said.setdefault(entry.group(2), entry.group(2))
    return table if said else None


def toneless(reading: str) -> str:
    """A reading as pypinyin's ``Style.NORMAL`` writes it: no tone marks, ``ü`` as ``v``, ``ê`` kept."""
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v").replace("e\u0302", "ê")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=4096)
def _readings_of(ch: str) -> frozenset[str]:
    """Every toneless reading of one Han character, lower case, ``ü`` typed as ``v``."""
    table = _character_table()
    if table is not None:
        at = ord(ch) - _FIRST
        said = table[at] if 0 <= at < len(table) else None
        readings = (toneless(reading) for reading in (said or "").split(","))
        return frozenset(reading for reading in readings if reading.isalpha())
    from pypinyin import Style, pinyin  # on first need only: see the module docstring

    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(reading.lower() for group in found for reading in group if reading.isalpha())


_SPELLINGS: dict[frozenset[str], frozenset[str]] = {}  # a few thousand distinct sets of readings at most


def _spelling(readings: frozenset[str]) -> frozenset[str]:
    """One shared set per set of readings: the cache of :func:`syllables` holds pointers, not copies."""
    return _SPELLINGS.setdefault(readings, readings)


@lru_cache(maxsize=32768)
def syllables(text: str, every: bool = True) -> tuple[frozenset[str], ...]:
    """What each non-space character of ``text`` may be spelled as, in order.

    With ``every`` a Han character takes all its readings (机 is ``ji`` and the
    rare ``wei``); without, only the one pypinyin reads in context (会 in 会计 is
    ``kuai``), so that a name can be found by its usual reading before a rare one.

    Cached for every title and note of a large board (reading in context costs
    pypinyin some 200 µs a title, a filter keystroke then costs seconds at
    20,000 items): the sets are shared (:func:`_spelling`), so a title costs
    the cache about 200 bytes.
    """
    chars = [ch for ch in text if not ch.isspace()]
    if every:  # every reading of each character: the character table alone (see the module docstring)
        return tuple(_spelling(_readings_of(ch) if has_han(ch) else frozenset({ch.casefold()})) for ch in chars)
    from pypinyin import Style, lazy_pinyin

    in_context = lazy_pinyin("".join(chars), style=Style.NORMAL, errors=lambda run: list(run))
    if len(in_context) != len(chars):
        in_context = [""] * len(chars)  # a reading that spans characters: the per-character ones still hold
    spelled = []
    for ch, context in zip(chars, in_context):
        if has_han(ch):
            usual = {context.lower()} if context.isalpha() else set()
            spelled.append(_spelling(frozenset(usual | _readings_of(ch)) if every or not usual else frozenset(usual)))
        else:
            spelled.append(_spelling(frozenset({ch.casefold()})))
    return tuple(spelled)


def _ends(query: str, spelled: tuple[frozenset[str], ...], start: int) -> set[int]:
    """The character indices where a spelling of all of ``query`` from ``start`` can end.

    Each character takes a non-empty start of one of its readings; a small
    search over (query position, character) pairs, as queries are a few letters.
    """
    ends: set[int] = set()
    seen: set[tuple[int, int]] = set()
    todo = [(0, start)]
    while todo:
        at, index = todo.pop()
        if (at, index) in seen:
            continue
        seen.add((at, index))
        if at == len(query):
            ends.add(index)
            continue
        if index == len(spelled):
            continue
        for reading in spelled[index]:
            size = 1
            while size <= len(reading) and at + size <= len(query) and reading[size - 1] == query[at + size - 1]:
                todo.append((at + size, index + 1))
                size += 1
    return ends


def _usable(query: str, text: str) -> bool:
    return is_pinyin_query(query) and has_han(text)


def pinyin_whole(query: str, text: str, every: bool = True) -> bool:
    """``query`` spells all of ``text``: ``zw`` and ``zhangwei`` for 张伟 (``every``: see :func:`syllables`)."""
    if not _usable(query, text):
        return False
    spelled = syllables(text, every)
    return len(spelled) in _ends(query.casefold(), spelled, 0)


def pinyin_starts(query: str, text: str, every: bool = True) -> bool:
    """``query`` spells the start of ``text``: ``zhang`` or ``z`` for 张伟 (``every``: see :func:`syllables`)."""
    return _usable(query, text) and bool(_ends(query.casefold(), syllables(text, every), 0))


def pinyin_find(query: str, text: str) -> tuple[int, int] | None:
    """Where ``query`` spells a run of ``text`` (``hy`` in 开会议事), as (start, end) offsets into ``text``.

    The first and longest run; None when pinyin does not match (or cannot: no
    Han characters, or a query that is not letters).
    """
    if not _usable(query, text):
        return None
    positions = [index for index, ch in enumerate(text) if not ch.isspace()]
    spelled = syllables(text)
    wanted = query.casefold()
    for start in range(len(spelled)):
        ends = _ends(wanted, spelled, start)
        if ends:
            return positions[start], positions[max(ends) - 1] + 1
    return None
