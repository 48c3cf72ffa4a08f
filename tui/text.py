"""Plain-text helpers for terminal output without textual or rich.

Chinese characters take two terminal cells; columns are padded by cells, not
by characters, so tables line up. Control characters from item text are
shown as visible escapes, never sent to the terminal.
"""

from __future__ import annotations

import unicodedata

from chief.store import printable, printable_lines  # noqa: F401  (the faces print through these)


class _Cells(dict):
    """A character's cells as ``str.translate`` reads them: nothing for a combining mark, two spaces for a wide
    (East Asian "W" or "F") character, one for any other. Each character is looked up in ``unicodedata`` once;
    then a title's width is worked out at C speed (the panels measure every row they show)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if unicodedata.combining(char):
            cells = ""
        else:
            cells = "  " if unicodedata.east_asian_width(char) in ("W", "F") else " "
        if len(self) >= CELLS_KEPT:  # a hostile file's thousands of distinct characters do not grow it for ever
            self.clear()
        self[code] = cells
        return cells


CELLS_KEPT = 20_000
_CELLS = _Cells()


def cell_width(text: str) -> int:
    if text.isascii():  # one cell each, control characters included (they are shown escaped, one cell each)
        return len(text)
    return len(text.translate(_CELLS))


def cell_width_of(text: str, limit: int) -> int:
    """The cell width of ``text``, counted no further than ``limit`` cells (a huge title costs no more)."""
    return min(cell_width(text[:limit]), limit)


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, with an ellipsis when cut.

    Only as much of the text as fits is looked at, so a megabyte-long title
    costs no more to show than a short one.
    """
    if text.isascii():
        return text if len(text) <= width or not text else text[:max(width - 1, 0)] + "…"
    if len(text) <= width and cell_width(text) <= width:  # a short title that fits, the most common: at C speed
        return text
    cells = _CELLS
    used = 0
    for index, char in enumerate(text):
        used += len(cells[ord(char)])
        if used > width:
            kept, room = [], width - 1
            for c in text[:index]:
                room -= len(cells[ord(c)])
                if room < 0:
                    break
                kept.append(c)
            return "".join(kept) + "…"
    return text


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells (with an ellipsis) and padded to exactly that."""
    text = clip(text, width)
    return text + " " * (width - cell_width(text))


_NO_LINE_START = frozenset("，。、；：？！）」』】》〉…,.;:?!)]}")  # punctuation that stays with what it follows


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: broken at spaces and between wide characters.

    Chinese has no spaces to break at, and Python's ``textwrap`` counts characters, not cells:
    a line of Chinese it wraps for 80 columns is up to 160 wide. Here a line breaks between any
    two wide characters (never before a closing mark such as ，or ）, which may hang one or two
    cells past ``width``) and at spaces between words; a word wider than ``width`` stays whole.
    """
    pieces: list[str] = []  # a space, a wide character, or a run of other characters (a word)
    for char in text:
        if char.isspace():
            pieces.append(" ")
        elif pieces and pieces[-1] != " " and cell_width(char) == 1 and cell_width(pieces[-1][-1]) == 1:
            pieces[-1] += char
        else:
            pieces.append(char)
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for piece in pieces:
        if piece == " ":
            if line:
                line.append(piece)
                used += 1
            continue
        cells = cell_width(piece)
        if line and used + cells > width and piece[0] not in _NO_LINE_START:
            lines.append("".join(line).rstrip())
            line, used = [], 0
        line.append(piece)
        used += cells
    if line:
        lines.append("".join(line).rstrip())
    return lines


def one_line(pasted: str) -> str:
    """A paste (or an input method's commit) as one line of a field: its line breaks and tabs become
    spaces, other control characters go; a two-line notice pasted as a title keeps its second line."""
    text = " ".join(pasted.replace("\t", " ").splitlines())
    return "".join(c for c in text if c.isprintable())
