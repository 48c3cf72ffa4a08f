"""The item panels: the four quadrants, the interrupt queue and the inbox.

A row is the item's title (user data: never markup, control characters made
visible) with what the chief needs at a glance: due in words, who has it,
the category, and marks for snoozed, waiting and follow-up items.
"""

from __future__ import annotations

import datetime

from operator import is_

import pendulum
from rich.cells import cell_len
from rich.text import Text

from chief.store import Board
from chief.store import Item
from chief.store import due_short, language, marks, step_info, zh_span
from chief.store import N_, _
from chief.tui.text import cell_width_of, clip, fit, printable
from chief.tui.widgets.row_list import RowList, styled

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
    """A waiting time or an age in one short word: 45s, 12m, 3h, 2d."""
    seconds = max(0, int(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


_ZH_UNITS = (("天", 86400), ("小时", 3600), ("分", 60))


def age_cell(board: Board, stamp: str) -> str:
    """The age column of the interrupt and inbox panels: 12m (4 cells), or in Chinese 12分 / 3小时 (6 cells)."""
    if language() != "zh":
        return f"{since(board, stamp):>4} "
    try:
        seconds = max(0, int((board.now - pendulum.parse(stamp)).total_seconds()))
    except (ValueError, TypeError):
        return "     ? "
    word = next((f"{seconds // size}{unit}" for unit, size in _ZH_UNITS if seconds >= size), f"{seconds}秒")
    return " " * max(0, 6 - cell_len(word)) + word + " "


def since(board: Board, stamp: str, *, room: bool = False) -> str:
    """How long ago ``stamp`` was: one short word for a panel's column (12m); with ``room``, in the user's words (12分钟)."""
    try:
        moment = pendulum.parse(stamp)
    except (ValueError, TypeError):
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
COLUMNS_FROM = 200  # rows whose due, name and category set the columns' widths (a long panel costs no more)
_DUE_WORDS: list = [None, "", {}]  # the moment and language the words below are for, and due -> its words


def due_words(due, now: pendulum.DateTime) -> str:
    """``due_short``, worked out once per due for a board's moment: the panels' column widths read the first
    200 rows of each list (1,070 dues at 5,000 items, 282 of them different), and the rows shown ask again."""
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
            self._shown = items
            self._columns = self._column_widths(board, items)
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
        """The widest due, @who and #category among the panel's first rows: the columns line up down the panel."""
        due = who = category = 0
        for item in items[:COLUMNS_FROM]:
            found = board.due(item)
            if found is not None:
                due = max(due, cell_width_of(due_words(found, board.now), 24))
            if item.assignee:
                who = max(who, 1 + cell_width_of(printable(board.member_name(item.assignee) or ""), 40))
            if item.category:
                category = max(category, 1 + cell_width_of(printable(item.category), 40))
        return due, who, category

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
            and board.now.int_timestamp // 60 == shown.now.int_timestamp // 60
            and board.team == shown.team
        )

    @property
    def selected_item(self) -> Item | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor][1]
        return None

    def format_row(self, item: Item, width: int) -> Text:
        board = self.board
        assert board is not None
        meta = self.part("item-list--meta")
        line = Text(no_wrap=True, end="")
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
        for category, who, full_marks, show_marks in LAYOUTS:
            right = self._right_cells(board, item, width, category=category, who=who, steps=show_marks)
            found = self.row_marks(board, item, short=not full_marks) if show_marks else []
            tail = Text(" · ".join(found), self.part("item-list--mark")) if found else None
            used = line.cell_len + right.cell_len + (tail.cell_len + 1 if tail else 0)
            if width - used - 1 >= wanted:
                break
        room = max(4, width - used - 1)
        line.append(styled(clip(title, room), title_style))
        if tail:
            line.append(" ")
            line.append(tail)
        gap = width - line.cell_len - right.cell_len
        if gap > 0:
            line.append(" " * gap)
        line.append(right)
        return line

    def row_marks(self, board: Board, item: Item, *, short: bool) -> list[str]:
        """The marks after the title (a plate says more about put-away items)."""
        return marks(board, item, short=short)

    def _right_cells(self, board: Board, item: Item, width: int, *, category: bool = True, who: bool = True,
                     steps: bool = True) -> Text:
        meta = self.part("item-list--meta")
        cells = Text(no_wrap=True, end="")
        if steps:  # gives way with the marks, so that the title keeps its share
            self._step_cell(cells, board, item, full=category)
        if self.kind == "interrupts":
            if item.source and width >= 30 and who:
                cells.append(" " + clip(printable(item.source), 12), meta)
            return cells
        if self.kind == "inbox":
            return cells
        due = board.due(item)
        placement = board.placement(item)
        due_cells, who_cells, category_cells = self._columns
        if width < ALIGNED_FROM:  # a narrow row: due and who close up on the right, the title keeps the rest
            due_cells = 0
            who_cells = min(who_cells, 9)
        if due is not None:
            style = self.part("item-list--overdue") if placement.overdue else meta
            said = due_words(due, board.now)
            cells.append(" " + " " * max(0, due_cells - cell_width_of(said, 24)) + said, style)
        elif due_cells:
            cells.append(" " * (due_cells + 1))
        if who and who_cells and width >= 34 and self.kind != "plate" and (item.assignee or width >= ALIGNED_FROM):  # a plate is one member's
            room = min(who_cells, max(8, width // WHO_SHARE))
            name = "@" + printable(board.member_name(item.assignee) or "") if item.assignee else ""
            cells.append(" " + (fit(name, room) if width >= ALIGNED_FROM else clip(name, room)), meta)
        if category and category_cells and width >= ALIGNED_FROM:
            room = min(category_cells, max(10, width // CATEGORY_SHARE))
            cells.append(" " + fit("#" + printable(item.category) if item.category else "", room), meta)
        return cells

    def _step_cell(self, cells: Text, board: Board, item: Item, *, full: bool) -> None:
        """Steps done of steps (2/5); a flag with the step's due when one is overdue or due before the item."""
        info = step_info(board, item)
        if info is None:
            return
        if not (info.overdue or info.early) or info.first_due is None:
            cells.append(" " + info.progress, self.part("item-list--meta"))
            return
        style = self.part("item-list--overdue" if info.overdue else "item-list--mark")
        # held with the progress in brackets: "0/6 ⚑today  tomorrow 9:00" read as two days of one item
        flag = _("{progress} (⚑{when})").format(progress=info.progress, when=due_short(info.first_due, board.now))
        cells.append(" " + (flag if full else info.progress + "⚑"), style)

