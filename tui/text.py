"""Plain-text helpers for terminal output without textual or rich.

Chinese characters take two terminal cells; columns are padded by cells, not
by characters, so tables line up. Control characters from item text are
shown as visible escapes, never sent to the terminal.
"""

from __future__ import annotations

import unicodedata

from chief.store import printable, printable_lines  # noqa: F401  (the faces print through these)


def cell_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def cell_width_of(text: str, limit: int) -> int:
    """The cell width of ``text``, counted no further than ``limit`` cells (a huge title costs no more)."""
    return min(cell_width(text[:limit]), limit)


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, with an ellipsis when cut.

    Only as much of the text as fits is looked at, so a megabyte-long title
    costs no more to show than a short one.
    """
    used = 0
    for index, char in enumerate(text):
        used += cell_width(char)
        if used > width:
            kept, room = [], width - 1
            for c in text[:index]:
                room -= cell_width(c)
                if room < 0:
                    break
                kept.append(c)
            return "".join(kept) + "…"
    return text


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells (with an ellipsis) and padded to exactly that."""
    text = clip(text, width)
    return text + " " * (width - cell_width(text))


def one_line(pasted: str) -> str:
    """A paste (or an input method's commit) as one line of a field: its line breaks and tabs become
    spaces, other control characters go; a two-line notice pasted as a title keeps its second line."""
    text = " ".join(pasted.replace("\t", " ").splitlines())
    return "".join(c for c in text if c.isprintable())
