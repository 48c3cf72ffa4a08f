"""Text from data files made safe to print: control characters become visible.

Titles, names, ids and keys come from the user and from other machines; an
escape sequence in one must never reach a terminal as a command, and a bidi
override or an invisible character must never reorder or hide what is shown.
This module is the one place that decides what is shown inert, and how:

- C0 and C1 controls and DEL as ``\\x1b``;
- bidi controls (U+061C, U+200E/200F, U+202A-202E, U+2066-2069) and
  invisible characters (U+200B, U+2060-2064, U+FEFF, ...) as ``\\u202e``: the
  same notation, which a user can read and JSON reads back exactly;
- ZWJ and ZWNJ (U+200D, U+200C) only where they join nothing: they are kept
  inside an emoji sequence (👩‍💻) and between letters of the scripts that
  need them (Persian, Arabic, the Indic scripts), shown elsewhere (``Zh\\u200dao``);
- an undecodable byte of a file name (Python's surrogate escape) as ``\\xe9``,
  any other lone surrogate as ``\\ud800``, so printing never fails.

Chinese and every other visible character are left as they are.
"""

from __future__ import annotations

from functools import lru_cache

from chief.store.lazy_pattern import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

_CONTROLS = [*range(0x20), 0x7F, *range(0x80, 0xA0)]
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_INVISIBLE = [0x180E, 0x200B, *range(0x2060, 0x2065), *range(0x206A, 0x2070), 0xFEFF, *range(0xFFF9, 0xFFFC)]


@lru_cache(maxsize=1)  # built on the first text that needs it (some 2,100 code points): most never do
def _visible() -> dict[int, str]:
    """How each character that must not be printed raw is shown instead."""
    shown = {c: f"\\x{c:02x}" for c in _CONTROLS}
    shown.update({c: f"\\u{c:04x}" for c in [*_BIDI, *_INVISIBLE]})
    shown.update({c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)})  # lone surrogates (from JSON "\ud800")
    shown.update({c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)})  # a byte of a non-UTF-8 file name
    return shown


@lru_cache(maxsize=1)
def _one_line() -> dict[int, str]:
    return {**_visible(), 0x09: " ", 0x0A: " ", 0x0D: " ", 0x2028: " ", 0x2029: " "}


@lru_cache(maxsize=1)
def _lines() -> dict[int, str]:
    return {**_visible(), 0x09: "    ", 0x0A: "\n", 0x2028: "\n", 0x2029: "\n"}


_JOINER = lazy_compile("[\u200c\u200d]")
# Where a joiner does visible work: emoji (with their variation selector and
# skin tones), and the joining scripts from Arabic to Sinhala, Mongolian and
# the Arabic presentation forms.
_EMOJI = ((0x2190, 0x21FF), (0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0xFE0F, 0xFE0F), (0x1F000, 0x1FAFF))
_JOINING = ((0x0600, 0x0DFF), (0x1800, 0x18AF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC))


def _char_class(codes: list[int]) -> re.Pattern[str]:
    """A regex matching any of ``codes``, written as ranges."""
    import re  # imported with the first JSON to print: a capture prints none

    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in runs) + "]")


@lru_cache(maxsize=1)  # built on first use (some 2,300 code points): `chief add` prints no JSON
def _in_json() -> re.Pattern[str]:
    """In JSON: what printable shows, and the line separators; not the joiners, not JSON's own layout."""
    return _char_class([c for c in [*_visible(), 0x2028, 0x2029] if c not in (0x09, 0x0A, 0x0D)])


def _within(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _joiner_shown(text: str, index: int) -> bool:
    """True when the joiner at ``index`` joins nothing visible and must be shown.

    ZWJ glues emoji into one picture (👨‍👩‍👧) and, like ZWNJ, shapes letters in
    Persian, Arabic and the Indic scripts: there it is part of the text. Between
    Latin or Chinese letters, at an end, or next to another hidden character it
    only hides a difference ("Zhao" and "Zh\u200dao" look alike), so it is shown.
    """
    if index == 0 or index == len(text) - 1:
        return True
    before, after = text[index - 1], text[index + 1]
    if text[index] == "\u200d" and _within(before, _EMOJI) and _within(after, _EMOJI):
        return False
    return not (_within(before, _JOINING) and _within(after, _JOINING))


def _joiners(text: str) -> str:
    """``text`` with the joiners that join nothing shown as escapes."""
    if "\u200c" not in text and "\u200d" not in text:
        return text
    return _JOINER.sub(lambda m: f"\\u{ord(m.group()):04x}" if _joiner_shown(text, m.start()) else m.group(), text)


def printable(text: str) -> str:
    """One line: tabs and line breaks become spaces, other controls visible escapes."""
    if text.isprintable():  # every character the tables change is one Python calls unprintable (a test holds this)
        return text
    return _joiners(text.translate(_one_line()))


def printable_lines(text: str) -> str:
    """Several lines (notes): line breaks kept, other controls visible escapes."""
    if text.isprintable():
        return text
    return _joiners(text.translate(_lines()))


def inert_json(text: str) -> str:
    """JSON text for people and scripts: every character ``printable`` would show is a ``\\u`` escape.

    Lossless (a JSON reader gets the data back exactly), yet a terminal shows
    no escape sequence, no reordered text and nothing hidden; a lone surrogate
    becomes an escape instead of text that cannot be written out. The line
    breaks and tabs left raw are JSON's own layout (inside strings they are
    already escaped).
    """
    text = _joiners(text)
    in_json = _in_json()
    if not in_json.search(text):
        return text
    return in_json.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def not_text(value: object) -> str | None:
    """The first string in ``value`` (a string, or lists and maps of them) that is not valid UTF-8, else None.

    Such a string holds a lone surrogate: Python's stand-in for a byte that
    was not UTF-8 on the command line, or a JSON ``"\\ud800"`` escape. It can
    be neither saved nor printed, so it is refused where it comes in.
    """
    if isinstance(value, str):
        if value.isascii():
            return None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value
        return None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple)):
        for part in value:
            if (bad := not_text(part)) is not None:
                return bad
    return None
