"""The item panels: the four quadrants, the interrupt queue and the inbox.

A row is the item's title (user data: never markup, control characters made
visible) with what the chief needs at a glance: due in words, who has it,
the category, and marks for snoozed, waiting and follow-up items.
"""

from __future__ import annotations

import datetime

from operator import is_

from rich.cells import cell_len
from rich.style import Style

from chief.store import Board
from chief.store import wallclock
from chief.store import Item
from chief.store import due_short, language, marks, step_info, zh_span
from chief.store import moment as stored_moment
from chief.store import N_, _
from chief.tui.text import cell_width_of, clip, fit, printable
from chief.tui.widgets.row_list import RowLine, RowList

MASK = N_("▒▒▒▒▒▒ confidential")  # in English; shown through mask()


def mask() -> str:
    """What a masked title shows, in the user's language."""
    return _(MASK)


SHOWN_MAX = 500  # no screen shows more of a title; a huge one is cut before anything else


def shown_title(item: Item, privacy: bool, board: Board) -> str:
    """The title as it may be shown: masked in privacy mode when its category is private (the config says which)."""
    if privacy and board.settings.is_private(item.category):
        return mask()
    return printable(item.title[:SHOWN_MAX])


def _short_span(seconds: float) -> str:
    """A waiting time or an age in one short word: now, 12m, 3h, 2d.

    Under a minute it is "now", not seconds: the board's clock moves a minute at a time, so a
    count of seconds would stand still (an interrupt that came in would say 0s for a minute).
    """
    seconds = max(0, int(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return _("now")


_ZH_UNITS = (("天", 86400), ("小时", 3600), ("分", 60))


def age_cell(board: Board, stamp: str) -> str:
    """The age column of the interrupt and inbox panels: 12m (4 cells), or in Chinese 12分 / 3小时 (6 cells)."""
    if language() != "zh":
        return f"{since(board, stamp):>4} "
    moment = stored_moment(stamp)
    if moment is None:
        return "     ? "
    seconds = max(0, int((board.now - moment).total_seconds()))
    word = next((f"{seconds // size}{unit}" for unit, size in _ZH_UNITS if seconds >= size), _("now"))
    return " " * max(0, 6 - cell_len(word)) + word + " "


def since(board: Board, stamp: str, *, room: bool = False) -> str:
    """How long ago ``stamp`` was: one short word for a panel's column (12m); with ``room``, in the user's words (12分钟)."""
    moment = stored_moment(stamp)
    if moment is None:
        return "?"
    seconds = (board.now - moment).total_seconds()
    if room and language() == "zh":
        return zh_span(datetime.timedelta(seconds=max(0, seconds)))
    return _short_span(seconds)


# What a narrow row gives up, in turn, so that the title keeps room to be read:
# (show the category, show who has it or raised it, marks in full, show the marks).
LAYOUTS = ((True, True, True, True), (False, True, True, True), (False, True, False, True),
           (False, False, False, True), (False, False, False, False))
TITLE_SHARE = 0.45  # of the row, kept for the title when it is that long
ALIGNED_FROM = 56  # from this width a row has columns that line up down the panel (and the category)
_DUE_WORDS: list = [None, "", {}]  # the moment and language the words below are for, and due -> its words


def due_words(due, now: datetime.datetime) -> str:
    """``due_short``, worked out once per due for a board's moment: the panels' column widths read the different
    dues of the first 200 rows of each list (282 at 5,000 items), and the rows shown ask again."""
    said = _DUE_WORDS
    if said[0] is not now or said[1] != language():
        said[:] = [now, language(), {}]
    words = said[2].get(due)
    if words is None:
        words = said[2][due] = due_short(due, now)
    return words
WHO_SHARE, CATEGORY_SHARE = 6, 4  # a name may take a sixth of a wide row, a category a quarter (never less than 8, 10 cells)


class ItemList(RowList[Item]):
    """One panel of items; ``kind`` says which columns it shows."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "item-list--overdue",
        "item-list--meta",
        "item-list--mark",
        "item-list--waiting",
        "item-list--marked",
    }
    MARKED, UNMARKED = "✓ ", "  "  # the mark column, shown while any row of the panel is marked

    def __init__(self, kind: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.kind = kind  # "quadrant", "interrupts", "inbox" or "plate" (one member's items: no "@who")
        self.board: Board | None = None
        self._shown: list[Item] = []  # the items the rows were made from
        self.privacy = False
        self._columns = (0, 0, 0)  # the cells of the due, @who and #category columns
        self.marked: frozenset[str] = frozenset()  # item ids marked for one decision on all (v)
        self.marking = False  # some row of this panel is marked: the mark column shows
        self.empty_text = {"interrupts": N_("no interrupts waiting"), "inbox": N_("inbox zero")}.get(kind, N_("nothing here"))

    def show(self, board: Board, items: list[Item], privacy: bool, total: int | None = None) -> None:
        """Show these items (the first of ``total``, if given); a panel whose rows would look the same is not repainted."""
        unchanged = self._looks_the_same(board, items, privacy) and (total or len(items)) == self._total
        if not self._draws_the_same(board, privacy):
            self.forget_lines()
        self.board = board
        self.privacy = privacy
        if not unchanged:
            columns = self._column_widths(board, items)
            if columns != self._columns:  # the rows line their columns up anew: no kept line holds
                self._columns = columns
                if self._shown and items:
                    self.forget_lines()  # rows that stay on screen are drawn again: every line
                else:
                    self._lines.clear()  # no row stays: the lines set_rows repaints are all that change
            self._shown = items
            self.set_rows([(item.id, item) for item in items], total)
            self._check_marking()

    def show_marks(self, marked: frozenset[str]) -> None:
        """The marked items (of every panel): the rows that change are drawn again."""
        if marked == self.marked:
            return
        before = {key for key in self.marked if key in self._index}
        self.marked = marked
        if before != {key for key in marked if key in self._index}:
            self.forget_lines()
            self._check_marking()
            self.refresh()

    def _check_marking(self) -> None:
        marking = any(key in self._index for key in self.marked)
        if marking != self.marking:
            self.marking = marking
            self.forget_lines()

    def _column_widths(self, board: Board, items: list[Item]) -> tuple[int, int, int]:
        """The widest due, @who and #category among the panel's first rows (``Board.column_values``): the columns
        line up down the panel."""
        dues, assignees, categories = board.column_values(items)
        now = board.now
        return (max((cell_width_of(due_words(due, now), 24) for due in dues), default=0),
                max((1 + cell_width_of(printable(board.member_name(who) or ""), 40) for who in assignees), default=0),
                max((1 + cell_width_of(printable(category), 40) for category in categories), default=0))

    def _looks_the_same(self, board: Board, items: list[Item], privacy: bool) -> bool:
        """The same item objects (records never change in place), drawn the same way."""
        return (
            self._draws_the_same(board, privacy)
            and (items is self._shown  # the very list: a board after a key shares the lists it did not change
                 or len(items) == len(self._shown) and all(map(is_, items, self._shown)))  # identity, at C speed
        )

    def _draws_the_same(self, board: Board, privacy: bool) -> bool:
        """Whether an unchanged item's row looks as it did: the same minute, privacy and team."""
        shown = self.board
        return (
            shown is not None
            and privacy == self.privacy
            and wallclock.seconds(board.now) // 60 == wallclock.seconds(shown.now) // 60
            and board.team == shown.team
        )

    @property
    def selected_item(self) -> Item | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor][1]
        return None

    def format_row(self, item: Item, width: int) -> RowLine:
        board = self.board
        assert board is not None
        meta = self.part("item-list--meta")
        line = RowLine()
        marked = item.id in self.marked
        if self.marking:
            line.append(self.MARKED if marked else self.UNMARKED, self.part("item-list--marked"))
        if self.kind in ("interrupts", "inbox"):
            line.append(age_cell(board, item.created), meta)
        title_style = ""
        placement = board.placement(item)
        if placement.overdue:
            title_style = self.part("item-list--overdue")
        if item.emergency and item.is_open:  # first in Do now, and marked so: its clock runs in the header
            line.append("!! ", self.part("item-list--overdue"))
        if marked:
            title_style = self.part("item-list--marked") + title_style if title_style else self.part("item-list--marked")
        title = shown_title(item, self.privacy, board)
        wanted = min(cell_width_of(title, int(width * TITLE_SHARE) + 1), max(8, int(width * TITLE_SHARE)))
        steps_full, steps_short, due, who_cell, category_cell = self._right_pieces(board, item, width)
        marks_said: dict[bool, str] = {}  # short or not -> the marks after the title (worked out when a layout needs them)
        start = line.cell_len
        for category, who, full_marks, show_marks in LAYOUTS:  # one pass: each piece was worked out once, above
            right = [piece for piece in ((steps_full if category else steps_short) if show_marks else None, due,
                                         who_cell if who else None, category_cell if category else None) if piece]
            tail = ""
            if show_marks:
                tail = marks_said.get(full_marks)
                if tail is None:
                    tail = marks_said[full_marks] = " · ".join(self.row_marks(board, item, short=not full_marks))
            right_cells = sum(cells for _text, _style, cells in right)
            used = start + right_cells + (cell_len(tail) + 1 if tail else 0)
            if width - used - 1 >= wanted:
                break
        room = max(4, width - used - 1)
        line.append(clip(title, room), title_style)
        if tail:
            line.append(" ")
            line.append(tail, self.part("item-list--mark"))
        gap = width - line.cell_len - right_cells
        if gap > 0:
            line.append(" " * gap)
        for text, style, _cells in right:
            line.append(text, style)
        return line

    def row_marks(self, board: Board, item: Item, *, short: bool) -> list[str]:
        """The marks after the title (a plate says more about put-away items)."""
        return marks(board, item, short=short)

    def _right_pieces(self, board: Board, item: Item, width: int) -> tuple[Piece | None, ...]:
        """The cells right of the title, each as (text, style, cells) or None: the steps as a row shows them with
        its category and without, the due, @who (or an interrupt's source) and #category. A narrow row leaves
        some out (LAYOUTS)."""
        meta = self.part("item-list--meta")
        steps_full, steps_short = self._step_pieces(board, item)
        if self.kind == "interrupts":
            source = None
            if item.source and width >= 30:
                source = _piece(" " + clip(printable(item.source), 12), meta)
            return steps_full, steps_short, None, source, None
        if self.kind == "inbox":
            return steps_full, steps_short, None, None, None
        due = board.due(item)
        due_cells, who_cells, category_cells = self._columns
        if width < ALIGNED_FROM:  # a narrow row: due and who close up on the right, the title keeps the rest
            due_cells = 0
            who_cells = min(who_cells, 9)
        due_piece = who_piece = category_piece = None
        if due is not None:
            style = self.part("item-list--overdue") if board.placement(item).overdue else meta
            said = due_words(due, board.now)
            due_piece = _piece(" " + " " * max(0, due_cells - cell_width_of(said, 24)) + said, style)
        elif due_cells:
            due_piece = (" " * (due_cells + 1), "", due_cells + 1)
        if who_cells and width >= 34 and self.kind != "plate" and (item.assignee or width >= ALIGNED_FROM):  # a plate is one member's
            room = min(who_cells, max(8, width // WHO_SHARE))
            name = "@" + printable(board.member_name(item.assignee) or "") if item.assignee else ""
            who_piece = _piece(" " + (fit(name, room) if width >= ALIGNED_FROM else clip(name, room)), meta)
        if category_cells and width >= ALIGNED_FROM:
            room = min(category_cells, max(10, width // CATEGORY_SHARE))
            category_piece = _piece(" " + fit("#" + printable(item.category) if item.category else "", room), meta)
        return steps_full, steps_short, due_piece, who_piece, category_piece

    def _step_pieces(self, board: Board, item: Item) -> tuple[Piece | None, Piece | None]:
        """Steps done of steps (2/5), with a flag and the step's due when one is overdue or due before the item:
        in full (a row with its category) and short (2/5⚑)."""
        info = step_info(board, item)
        if info is None:
            return None, None
        if not (info.overdue or info.early) or info.first_due is None:
            plain = _piece(" " + info.progress, self.part("item-list--meta"))
            return plain, plain
        style = self.part("item-list--overdue" if info.overdue else "item-list--mark")
        # held with the progress in brackets: "0/6 ⚑today  tomorrow 9:00" read as two days of one item
        flag = _("{progress} (⚑{when})").format(progress=info.progress, when=due_short(info.first_due, board.now))
        return _piece(" " + flag, style), _piece(" " + info.progress + "⚑", style)


Piece = tuple  # (text, style, cells): one cell of a row's right side, with its width


def _piece(text: str, style: Style | str) -> Piece:
    return text, style, cell_len(text)

