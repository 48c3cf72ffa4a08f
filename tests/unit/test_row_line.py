"""A panel's row drawn straight to segments is cut exactly as Rich cuts the same row as a Text.

``RowLine.segments`` (tui/widgets/row_list.py) replaces Rich's truncate and render for the
dashboard's item rows. The snapshots would show a difference in colour or in where a run
of cells is cut; here random rows (Chinese and wide text, empty and unstyled pieces, styles alike side by side, text
Rich strips, rows narrower and wider than the panel) are compared segment for segment.
"""

from __future__ import annotations

import random

from rich.console import Console
from rich.segment import Segment
from rich.style import Style

from chief.tui.widgets.row_list import RowLine

BASE = Style(color="white", bgcolor="black")
STYLES = ["", Style(), Style(bold=True), Style(color="red"), Style(color="red"), Style(italic=True, bgcolor="blue")]
TEXTS = ["", " ", "  ", "abc", "整理会议纪要", "@张伟", "#文稿", "2/5⚑", " · ", "today 15:00", "é", "\x07bell", "tab\there"]


def _rich(line: RowLine, width: int, base: Style) -> list[Segment]:
    """What render_line drew before: the row as a Text, truncated, rendered, each segment on the base."""
    text = line.text()
    text.truncate(width, overflow="ellipsis", pad=True)
    return [Segment(s.text, base + s.style if s.style else base) for s in text.render(Console(width=200))]


def _random_line(rng: random.Random) -> RowLine:
    line = RowLine()
    for _ in range(rng.randint(0, 8)):
        text, style = rng.choice(TEXTS), rng.choice(STYLES)
        line.append(text, style)
    return line


def test_segments_are_richs_for_random_rows():
    rng = random.Random(17)
    drawn = 0
    for _ in range(5000):
        line = _random_line(rng)
        width = max(0, line.cell_len + rng.randint(-3, 6))
        ours = line.segments(width, BASE)
        if ours is None:  # drawn the Rich way: only a row too wide, or holding what Rich strips
            assert line.cell_len > width or any(c in line.plain for c in "\x07")
            continue
        drawn += 1
        assert ours == _rich(line, width, BASE), (line._pieces, width)
    assert drawn > 2500  # most rows: the others are the Rich way's


def test_a_rows_segments_are_exactly_its_width_as_render_line_takes_them():
    """render_line makes a RowLine's strip with the panel's width as its length, without cropping it to the width:
    the segments must be that many cells, as the crop would leave them."""
    from textual.strip import Strip

    rng = random.Random(29)
    for _ in range(3000):
        line = _random_line(rng)
        width = max(0, line.cell_len + rng.randint(0, 6))
        ours = line.segments(width, BASE)
        if ours is None:
            continue
        cropped = Strip(ours).crop_extend(0, width, BASE)
        assert Strip(ours).cell_length == width == cropped.cell_length
        assert list(Strip(ours, width)) == list(cropped), (line._pieces, width)


def test_a_row_of_nothing_is_one_empty_segment_as_rich_gives():
    assert RowLine().segments(0, BASE) == _rich(RowLine(), 0, BASE) == [Segment("", BASE)]


def test_the_plain_text_and_the_text_say_the_same():
    line = RowLine()
    line.append("!! ", Style(color="red"))
    line.append("[b]x[/b]", Style(bold=True))
    assert line.plain == line.text().plain == "!! [b]x[/b]"
    assert line.cell_len == 11
