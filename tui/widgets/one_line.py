"""A line of Rich Text drawn as Textual draws a widget's text, without Textual's general way there.

Textual draws a widget's Rich Text by making it Content (every span's style made a
Textual style), wrapping and formatting it, then styling each run of characters
between span edges. For the footer's line of keys that is about a millisecond, paid
each time the keys change, which is often inside a keystroke (a key that empties a
panel dims the keys that need an item); the header's line is drawn again after most keys. A line that fits its width, in a widget that
aligns left with no selection, needs none of the wrapping: each run's style is the
widget's style with the spans over the run, in their order, added as Textual adds
them, and the run's cells keep their offset as Textual's do.

Anything else (a line too wide, a tab, a line break, a control character, a link, a
selection, another alignment, padded lines) is drawn Textual's way: :func:`one_line_strip`
says None. tests/ui/test_one_line.py holds the two ways to the same segments.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

LEFT_TOP = ("left", "top")


def one_line_strip(widget: Widget, text: Text, width: int, y: int = 0) -> Strip | None:
    """``text`` as ``Visual.to_strips(widget, visualize(widget, text), width, 1, widget.visual_style)[0]``, or None
    where only Textual's way draws it; ``y``: the line's place in a text of several lines (its cells' offsets say it)."""
    plain = text.plain
    cells = cell_len(plain)
    styles = widget.styles
    # isprintable: no control code (Content takes them out), tab or line break (formatting), nor a space
    # other than " " (the CJK full-width one is drawn Textual's way, to be sure); more characters than cells
    # (combining marks): a wrapping widget may trim the line's end
    if (not plain or not plain.isprintable() or cells > width or len(plain) > width or isinstance(text.style, str) and text.style
            or widget.text_selection is not None or styles.content_align != LEFT_TOP
            or styles.text_align not in ("left", "start") or styles.line_pad):
        return None
    ansi_theme = widget.app.ansi_theme
    get_style = widget.app.console.get_style
    spans: list[Style] = []
    edges: list[tuple[int, bool, int]] = []  # (offset, entering, span): where a span starts or ends
    # Content.from_rich_text: the text's own style is a span under all the others
    for start, end, style in ([(0, len(plain), text.style)] if text.style else []) + text.spans:
        if isinstance(style, str):
            style = get_style(style)
        if style.link or style._meta or end > len(plain):
            return None  # links are lit on hover; a span past the end: Textual's way
        if start < end:
            edges += ((start, True, len(spans)), (end, False, len(spans)))
        spans.append(_textual(style, ansi_theme))
    edges.sort()
    edges.append((len(plain), False, -1))
    base = widget.visual_style
    combined: dict[tuple[int, ...], Style] = {}  # the spans over a run -> its style, less the offset
    over: set[int] = set()
    segments: list[Segment] = []
    x = 0
    for offset, entering, index in edges:
        if offset > x:  # the run up to here, under the spans over it
            key = tuple(sorted(over))
            style = combined.get(key)
            if style is None:  # Content.render: the base, then each span in order (Style.combine); then to_strip's
                style = base
                for span in key:
                    style = style + spans[span]
                style = combined[key] = base + style
            segments.append(Segment(plain[x:offset], _at(style, x, y)))
            x = offset
        if entering:
            over.add(index)
        else:
            over.discard(index)
    return Strip(segments, cells)


@lru_cache(maxsize=512)
def _textual(style: RichStyle, ansi_theme: object) -> Style:
    """A span's style as Content holds it (Textual makes it anew each time: the same few styles, every key)."""
    return Style.from_rich_style(style, ansi_theme)  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def _at(style: Style, x: int, y: int) -> RichStyle:
    """``style.rich_style_with_offset(x, y)``, made once: a line of keys drawn again has most runs where they were."""
    return style.rich_style_with_offset(x, y)
