"""Text from data files made safe to print: control characters become visible.

Titles, names and ids come from the user and from other machines; an escape
sequence in one must never reach a terminal as a command.
"""

from __future__ import annotations

_VISIBLE = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_ONE_LINE = {**_VISIBLE, 0x09: " ", 0x0A: " ", 0x0D: " ", 0x2028: " ", 0x2029: " "}
_LINES = {**_VISIBLE, 0x09: "    ", 0x0A: "\n", 0x2028: "\n", 0x2029: "\n"}


def printable(text: str) -> str:
    """One line: tabs and line breaks become spaces, other controls visible escapes."""
    return text.translate(_ONE_LINE)


def printable_lines(text: str) -> str:
    """Several lines (notes): line breaks kept, other controls visible escapes."""
    return text.translate(_LINES)
