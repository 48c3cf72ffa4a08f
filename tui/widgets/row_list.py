"""A scrolling list of one-line rows drawn with the Line API.

Only the visible lines are ever rendered, so a panel with thousands of items
costs no more to paint than one with ten (a ListView with thousands of
children takes seconds). Rows are identified by key, and the cursor stays on
the same key when the rows are replaced by a refresh.
"""

from __future__ import annotations

from typing import Any, Generic, Sequence, TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from chief.store import N_, _
from chief.tui.widgets.kept_styles import KeptComponentStyles

P = TypeVar("P")
LINES_KEPT = 1024  # drawn lines remembered per list: several screens of rows


class RowList(KeptComponentStyles, ScrollView, Generic[P], can_focus=True):
    """Rows of ``(key, payload)``; subclasses say how a payload looks in a line."""

    COMPONENT_CLASSES = {"row-list--cursor", "row-list--empty"}
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor-up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor-down"),
        Binding("g,home", "first", "First", show=False, id="cursor-first"),
        Binding("G,end", "last", "Last", show=False, id="cursor-last"),
        Binding("pageup", "page_up_rows", "Page up", show=False, id="cursor-page-up"),
        Binding("pagedown", "page_down_rows", "Page down", show=False, id="cursor-page-down"),
    ]
    DEFAULT_CSS = """
    RowList { height: 1fr; overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)  # watch_cursor repaints what changed
    empty_text = N_("nothing here")  # in English; said in the user's language when shown

    class CursorMoved(Message):
        """The highlighted row changed (the footer and the preview follow it)."""

        def __init__(self, row_list: "RowList") -> None:
            super().__init__()
            self.row_list = row_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[tuple[str, P]] = []
        self._total = 0  # the rows the list holds: len(rows), unless only its first rows are given
        self._index: dict[str, int] = {}
        # Drawn lines by (key, width, under the cursor), with the payload they were drawn from: a row
        # that only moved up or down (one item left the panel) is not formatted again.
        self._lines: dict[tuple[str, int, bool], tuple[P, Strip]] = {}
        self._base: tuple[int, Style, int] | None = None  # the width, style and first row of the lines render_lines draws
        self._drawing = False  # render_lines is under way: its first line drawn keeps ``_base`` for the others
        self._never_shown = True  # the first set_rows repaints every line: nothing is on screen to keep
        self._border_line: Region | None = None  # while a border's text is set: the one line its repaint is

    def forget_lines(self) -> None:
        """Draw every row afresh: something besides the payloads changed (the clock, a mask, a name).

        Every line of the panel is repainted: ``set_rows`` repaints only the lines whose row changed.
        """
        self._lines.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.forget_lines()  # a new theme: new colours in every line

    # data -------------------------------------------------------------------

    @property
    def total_rows(self) -> int:
        """The rows the list holds (more than ``rows`` while only its first rows are given)."""
        return self._total

    @property
    def selected_key(self) -> str | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor][0]
        return None

    def set_rows(self, rows: Sequence[tuple[str, P]], total: int | None = None) -> None:
        """Replace the rows, keeping the cursor on the same key when it is still there.

        ``total``: how many rows the list holds when ``rows`` are only its first ones (the
        first screen's board, tui/app.py): the scrollbar and "+N more" say the whole list.
        """
        kept = self.selected_key
        before, top, size = self._on_screen(), self.scroll_offset.y, self.virtual_size
        self.rows = list(rows)
        self._total = len(self.rows) if total is None else max(total, len(self.rows))
        self._index = {key: i for i, (key, _row) in enumerate(self.rows)}
        self._resize_virtual(Size(self.size.width, self._total))
        if kept is not None and kept in self._index:
            self.set_reactive(RowList.cursor, self._index[kept])
        else:
            self.set_reactive(RowList.cursor, max(0, min(self.cursor, len(self.rows) - 1)))
        self._scroll_cursor_into_view()
        self._say_hidden()
        if self._never_shown or self.scroll_offset.y != top or self.virtual_size.width != size.width:
            self._never_shown = False
            self.refresh()
        else:  # only the lines that show something else: one item moving in or out is a few lines, not the panel
            width = self.scrollable_content_region.width
            changed = [Region(0, y, width, 1) for y, (old, new) in enumerate(zip(before, self._on_screen())) if old != new]
            if changed:  # (no region at all would repaint the whole panel)
                self.refresh(*changed)

    def _on_screen(self) -> list[tuple[Any, ...]]:
        """What each line in view is drawn from: a row (its key, payload and cursor), the empty text, or nothing.

        Payloads compare by identity, as the kept lines do (``render_line``): a row whose payload is a new
        object is drawn again.
        """
        window = self.scrollable_content_region.height
        if not self.rows:
            return [("empty",), *[()] * (window - 1)] if window else []
        top = int(self.scroll_offset.y)
        shown = []
        for index in range(top, top + window):
            if index < len(self.rows):
                key, payload = self.rows[index]
                shown.append((key, id(payload), index == self.cursor))
            else:
                shown.append(())
        return shown

    def show_title(self, title: str) -> None:
        """Set the border's title, repainting only the top border line (Textual repaints the whole panel)."""
        if self.border_title != title:
            self._set_border_text("border_title", title, 0)

    def _set_border_text(self, name: str, text: str, line: int) -> None:
        """Set ``border_title`` or ``border_subtitle``: its repaint is the border line ``line`` of the panel."""
        outer = self.outer_size
        if not (self.is_mounted and outer and self.styles.border_top[0] and self.styles.border_bottom[0]):
            setattr(self, name, text)  # no border lines laid out yet: Textual's whole repaint
            return
        left, top = self.content_offset
        self._border_line = Region(-left, line - top, outer.width, 1)  # in content coordinates, as refresh takes them
        try:
            setattr(self, name, text)
        finally:
            self._border_line = None

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Any:
        if self._border_line is not None and not regions and repaint and not layout and not recompose:
            regions = (self._border_line,)  # the border text's setter asks for the whole panel: one line is enough
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _say_hidden(self, window: int | None = None) -> None:
        """"+N more" on the bottom border while the panel holds more rows than it shows (``window``: the rows it
        will show, before the layout has given it a size)."""
        if window is None:
            window = self.scrollable_content_region.height
        hidden = self._total - window if window else 0
        said = _("+{count} more").format(count=hidden) if hidden > 0 else ""
        if self.border_subtitle != said:
            self._set_border_text("border_subtitle", said, self.outer_size.height - 1)

    def expect_height(self, height: int) -> None:
        """The panel will be ``height`` rows tall, borders included, at the first layout: "+N more" is on its
        border in the first frame, not one frame later (tui/layout.py shares the rows out before that layout)."""
        if not self.size.height:
            self._say_hidden(max(0, height - self.styles.gutter.height))

    def _resize_virtual(self, size: Size) -> None:
        """Set the scrollable size, without a layout pass when the scrollbar stays as it is.

        A layout pass repaints the whole screen (30 ms at 120x40); one item moving
        from the inbox to Do now changes two panels' lengths and nothing else.
        """
        old = self.virtual_size
        if size == old:
            return
        window = self.scrollable_content_region.height
        overflows = (old.height > window + 1, size.height > window + 1)
        fits = (old.height < window - 1, size.height < window - 1)
        if size.width != old.width or not (all(overflows) or all(fits)):
            self.virtual_size = size  # the scrollbar comes or goes: the layout must know
            return
        self.set_reactive(RowList.virtual_size, size)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = size.height
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def select_key(self, key: str) -> bool:
        index = self._index.get(key)
        if index is None:
            return False
        self.cursor = index
        return True

    # cursor -----------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self._scroll_cursor_into_view()
        if self.scroll_offset.y == top:  # the rows stay put: only the two lines the cursor leaves and lands on change
            width = self.scrollable_content_region.width
            self.refresh(Region(0, old - top, width, 1), Region(0, new - top, width, 1))
        else:
            self.refresh()
        self.post_message(self.CursorMoved(self))

    def _scroll_cursor_into_view(self) -> None:
        if self.rows:
            top, window = self.scroll_offset.y, self.scrollable_content_region.height
            if window and top <= self.cursor < top + window:
                return  # in view already: asking Textual to scroll repaints the scrollbar for nothing
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_page_up_rows(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_page_down_rows(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def on_click(self, event: Any) -> None:
        row = event.y + int(self.scroll_offset.y) if hasattr(event, "y") else None
        if row is not None and 0 <= row < len(self.rows):
            self.cursor = row

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self._total)  # the whole list's, as set_rows says it (not the rows given)
        self._say_hidden()

    # drawing ----------------------------------------------------------------

    def part(self, component: str) -> Style:
        """A component's own style (colour, bold...), without a background, for spans in a row."""
        return self.get_component_rich_style(component, partial=True)

    def format_row(self, payload: P, width: int) -> Text:
        """The line for one row; subclasses override."""
        return Text(str(payload))

    def render_lines(self, crop: Region) -> list[Strip]:
        # One width and base style for every line of this pass: ``rich_style`` walks every ancestor for its
        # background. Worked out by the first line drawn: a pass whose lines are all kept (a panel a key
        # did not change, painted because it lies in the region being updated) works out neither.
        self._drawing = True
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = False
            self._base = None

    def render_line(self, y: int) -> Strip:
        if self._base is not None:
            width, base, top = self._base
        else:
            width, base, top = self.scrollable_content_region.width, self.rich_style, int(self.scroll_offset.y)
            if self._drawing:
                self._base = (width, base, top)
        index = y + top
        if not self.rows:
            if y == 0:
                empty = self.get_component_rich_style("row-list--empty")
                return Strip([Segment(" " + _(self.empty_text), base + empty)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        key, payload = self.rows[index]
        wanted = (key, width, index == self.cursor)
        found = self._lines.get(wanted)
        if found is not None and found[0] is payload:
            return found[1]
        text = self.format_row(payload, width)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("row-list--cursor")
        segments = text.segments(width, style) if isinstance(text, RowLine) else None
        if segments is not None:
            strip = Strip(segments, width)  # exactly the width: RowLine.segments pads to it
        else:
            text = text.text() if isinstance(text, RowLine) else text
            text.truncate(width, overflow="ellipsis", pad=True)
            segments = [Segment(s.text, style + s.style if s.style else style) for s in text.render(self.app.console)]
            strip = Strip(segments).crop_extend(0, width, style)
        if len(self._lines) >= LINES_KEPT:
            self._lines.clear()
        self._lines[wanted] = (payload, strip)
        return strip


_CONTROL = frozenset("\x07\x08\x0b\x0c\x0d")  # what Rich's Text strips from what is appended


class RowLine:
    """One row's pieces of user text, each with its style, drawn straight to segments.

    The panels' rows were Rich Texts, truncated and rendered through Rich's general span
    algorithm: a third of a panel's first paint. A row is pieces side by side, so its
    segments are simply these: each styled piece its own, the unstyled pieces between them
    run together, padded with spaces to the width, exactly as Rich would cut them (the
    screen is the same, segment for segment; tests/unit/test_row_line.py holds it to Rich's).
    A row wider than the panel, or holding what Rich would strip, goes the Rich way.
    """

    __slots__ = ("_pieces", "cell_len")

    def __init__(self) -> None:
        self._pieces: list[tuple[str, Style | str]] = []
        self.cell_len = 0

    def append(self, text: str, style: Style | str = "") -> None:
        """As ``Text.append(text, style)``: user text, never markup; an empty text adds nothing."""
        if text:
            self._pieces.append((text, style))
            self.cell_len += cell_len(text)

    @property
    def plain(self) -> str:
        return "".join(text for text, _style in self._pieces)

    def text(self) -> Text:
        """The same row as a Rich Text."""
        line = Text(no_wrap=True, end="")
        for text, style in self._pieces:
            line.append(text, style)
        return line

    def segments(self, width: int, base: Style) -> list[Segment] | None:
        """The row's segments on ``base``, cut as Rich cuts its Text; None when the row is not one this draws."""
        if self.cell_len > width:
            return None
        segments: list[Segment] = []
        run = ""  # unstyled text since the last styled piece
        for text, style in self._pieces:
            if not _CONTROL.isdisjoint(text) or isinstance(style, str) and style:
                return None
            if not style:
                run += text
                continue
            if run:
                segments.append(Segment(run, base))
                run = ""
            segments.append(Segment(text, base + style))
        run += " " * (width - self.cell_len)
        if run or not segments:  # Rich gives a Text without spans as one segment, if empty
            segments.append(Segment(run, base))
        return segments


def styled(text: str, style: Style | str = "") -> Text:
    """User text as a Text, never parsed as markup."""
    return Text(text, style=style, no_wrap=True, end="")
