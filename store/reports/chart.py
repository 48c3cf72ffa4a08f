"""Text building blocks for reports: bars, lengths of time, columns padded by cells.

The command line prints these as plain text and the dashboard colours them, so
both show the same figures laid out the same way. A report is a list of
``Line``s, each a list of ``(text, role)`` parts; the role ("heading", "muted",
"bar", "bad", or "" for plain) is all the dashboard needs to style a part.
"""

from __future__ import annotations

import unicodedata
from typing import Sequence

# Eighths of a cell, so a bar grows smoothly: 1/8 is "▏", 8/8 is "█".
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"

Part = tuple[str, str]  # (text, role)
Line = list[Part]


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar of ``value`` out of ``top``, at most ``width`` cells, in eighths.

    A value above zero always shows at least a sliver, so "one" never looks like "none".
    """
    if value <= 0 or top <= 0 or width <= 0:
        return ""
    eighths = round(min(value / top, 1.0) * width * 8)
    whole, rest = divmod(max(eighths, 1), 8)
    return FULL * whole + (EIGHTHS[rest] if rest else "")


def duration_words(seconds: float | None) -> str:
    """A length of time for a report: "40s", "12m", "1h 05m", "2d 3h"; "-" when there is none."""
    if seconds is None:
        return "-"
    seconds = max(0, round(seconds))
    from chief.store.i18n import language

    if language() == "zh":
        return zh_duration(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes:02d}m" if minutes else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h" if hours else f"{days}d"


def zh_duration(seconds: int) -> str:
    """:func:`duration_words` in Chinese: 40秒, 12分钟, 1小时05分, 2天3小时."""
    if seconds < 60:
        return f"{seconds}秒"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}分钟"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}小时{minutes:02d}分" if minutes else f"{hours}小时"
    days, hours = divmod(hours, 24)
    return f"{days}天{hours}小时" if hours else f"{days}天"


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (a Chinese character takes two)."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text
    )


def pad(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells (with an ellipsis) and padded to exactly that."""
    if cells(text) > width:
        kept, used = [], 0
        for char in text:
            used += cells(char)
            if used > width - 1:
                break
            kept.append(char)
        text = "".join(kept) + "…"
    return text + " " * (width - cells(text))


def hour_chart(
    by_hour: Sequence[int], hours: Sequence[int], width: int, *, role: str = "bar"
) -> list[Line]:
    """One line per hour: "09 ███▌      3", the bars scaled so the busiest hour fills ``width``.

    ``width`` is the whole line; the hour label and the count take what they
    need and the bar gets the rest (at least 4 cells).
    """
    top = max((by_hour[h] for h in hours), default=0)
    digits = len(str(top))
    bar_width = max(4, width - 2 - 1 - 1 - digits)
    lines: list[Line] = []
    for hour in hours:
        count = by_hour[hour]
        drawn = bar(count, top, bar_width)
        lines.append([
            (f"{hour:02d} ", "muted"),
            (drawn, role),
            (" " * (bar_width - len(drawn)) + f" {count:>{digits}}", "" if count else "muted"),
        ])
    return lines


def plain(lines: Sequence[Line]) -> str:
    """The lines as plain text, for the command line."""
    return "\n".join("".join(text for text, _ in line).rstrip() for line in lines)
