"""How the dashboard's panels share the rows of the terminal.

A panel asks for as many rows as it holds; what matters gets a floor it never
goes below (interrupts and the inbox never vanish), and when the screen is too
short the panels asking most are capped first, evenly, so a big team cannot push
the interrupt queue off the screen. Spare rows go to the panels that may grow
(the queues, the quadrants), never to the team, which shows what it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from textual.containers import Horizontal, Vertical
from textual.widget import Widget

from chief.tui.widgets.row_list import RowList


@dataclass(frozen=True)
class Ask:
    """One panel's claim on the rows: what it holds, its floor, whether spare rows may go to it."""

    need: int  # rows to show everything it holds (borders included)
    floor: int  # rows it keeps however short the screen is (borders included)
    grows: bool = True  # takes a share of spare rows when everything fits


def share(total: int, asks: Sequence[Ask]) -> list[int]:
    """Heights for the panels, summing to ``total`` when it can (each panel gets at least its floor)."""
    floors = [a.floor for a in asks]
    needs = [max(a.need, a.floor) for a in asks]
    if sum(floors) >= total:
        return floors
    if sum(needs) > total:
        # Too short: every panel gets what it needs up to a common cap, the cap as high as the rows allow.
        return _level(total, floors, needs, range(len(asks)))
    growers = [i for i, a in enumerate(asks) if a.grows] or list(range(len(asks)))
    heights = list(needs)
    spare = total - sum(needs)
    # Everything fits: the growing panels are levelled up, the shortest first, so they look even.
    levelled = _level(total - sum(needs[i] for i in range(len(asks)) if i not in growers),
                      [needs[i] for i in growers], [needs[i] + spare for i in growers], range(len(growers)), from_below=True)
    for index, height in zip(growers, levelled):
        heights[index] = height
    return heights


def _level(total: int, low: list[int], high: list[int], order: range, *, from_below: bool = False) -> list[int]:
    """``low[i] <= h[i] <= high[i]`` with ``h[i] = clamp(level)``, the level as high as ``total`` allows; leftovers first come first."""
    def at(level: int) -> list[int]:
        return [max(lo, min(hi, level)) for lo, hi in zip(low, high)]

    level = 0
    while sum(at(level + 1)) <= total and level < max(high, default=0):
        level += 1
    heights = at(level)
    left = total - sum(heights)
    for i in order:
        if left <= 0:
            break
        if heights[i] < high[i] and (heights[i] == level or not from_below):
            heights[i] += 1
            left -= 1
    return heights


# The dashboard's panels --------------------------------------------------------------------

QUEUE_FLOOR = 5  # the interrupt queue and the inbox keep three rows (and their borders) on any screen
TEAM_FLOOR = 4  # the team keeps two
QUADRANT_FLOOR = 5
BORDERS = 2  # a panel's rows besides its items: its border (chief.tcss gives the panels no padding)


def quadrant_rows(total: int, needs: Sequence[int]) -> list[int]:
    """The heights of the quadrants' two rows, from each quadrant's need (1 to 4): a row is as tall as its taller one."""
    top, bottom = max(needs[0], needs[1]), max(needs[2], needs[3])
    return share(total, [Ask(top, min(top, QUADRANT_FLOOR)), Ask(bottom, min(bottom, QUADRANT_FLOOR))])


def side_rows(total: int, needs: Sequence[int]) -> list[int]:
    """The heights of the interrupt queue, the inbox and the team (which shows what it has, never more)."""
    return share(total, [Ask(needs[0], min(needs[0], QUEUE_FLOOR)), Ask(needs[1], min(needs[1], QUEUE_FLOOR)),
                         Ask(needs[2], min(needs[2], TEAM_FLOOR), grows=False)])


def first_rows(lines: int) -> Callable[[Mapping[Any, tuple[int, int]]], dict[Any, int]]:
    """For the kept first screen (Desk.first_board): the most rows each list's panel can show on ``lines`` lines.

    It gets each list's fewest and most items (its count at paint lies between). A panel's height grows with
    its own need, with its row's other quadrant's and with the rows there are, and never with the other
    panels' needs: so each is worked out with the most items its own share can see, the fewest for the rest
    (the team as it is), and the whole terminal for the board. Only those rows of each list are read;
    ChiefApp.first_board_fits holds the panels as laid out to them, and reads the file if one is taller.
    """
    def rows_for(counts: Mapping[Any, tuple[int, int]]) -> dict[Any, int]:
        fewest = {slot: max(1, low) + BORDERS for slot, (low, _high) in counts.items()}  # "team": its members
        largest = {slot: max(1, high) + BORDERS for slot, (_low, high) in counts.items()}
        rows: dict[Any, int] = {}
        for pair, other in (((1, 2), (3, 4)), ((3, 4), (1, 2))):
            needs = {**{n: largest[n] for n in pair}, **{n: fewest[n] for n in other}}
            top, bottom = quadrant_rows(lines, [needs[n] for n in (1, 2, 3, 4)])
            for n in pair:
                rows[n] = (top if pair == (1, 2) else bottom) - BORDERS
        for index, name in enumerate(("interrupts", "inbox")):
            needs = [fewest["interrupts"], fewest["inbox"], fewest.get("team", 1 + BORDERS)]
            needs[index] = largest[name]
            rows[name] = side_rows(lines, needs)[index] - BORDERS
        return rows

    return rows_for


class PanelColumn(Vertical):
    """A column of panels (the quadrants' grid, the side's queues and team), covered by its panels: see BoardArea."""

    BLANK = True


def _need(panel: Widget) -> int:
    """Rows to show every row of a panel: one per row (one for its "nothing here" line) and its borders."""
    held = getattr(panel, "total_rows", None)
    return max(1, held if held is not None else len(getattr(panel, "rows", ()))) + panel.styles.gutter.height


class BoardArea(Horizontal):
    """The quadrants beside the queues and the team, sharing their rows by what each holds.

    Its two columns cover it whole, and their panels cover them (the shares sum to the rows; the
    quadrants are a 2x2 grid): none of the three is ever seen. Textual draws every widget on the
    screen, covered or not, each line through its styles (``BLANK`` is Textual's way to say a
    widget has no border and no content: its lines are blank, made at once). Drawn in full, the
    three were some 23 million instructions of the first paint at 120x40 (1.8% of it), all of it hidden.
    """

    BLANK = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._heights: tuple[object, ...] | None = None

    def on_resize(self) -> None:
        self.share_rows()

    def _height_before_layout(self) -> int:
        """The rows the board will have at the first layout: the screen's, less what its other shown parts take.

        The first board is shared out before the first layout (the board has no size yet): with the screen's
        rows it is right in the first frame, where the CSS's shares were painted, then moved a row or two by
        the next frame's layout pass (some 30 ms later). 0 when a part's height is not a number of cells: the
        layout decides then, as before.
        """
        screen = self.screen
        rows = screen.size.height or self.app.size.height
        for part in screen.children:
            if part is self or not part.display:
                continue
            height = part.styles.height
            if height is None or not height.is_cells:
                return 0
            rows -= int(height.value) + part.styles.gutter.height + part.styles.margin.height
        return max(0, rows)

    def share_rows(self) -> None:
        """Give each panel its rows; nothing moves when the shares are what they were (a layout pass costs 30 ms)."""
        total = self.size.height or self._height_before_layout()
        zoomed = self.screen.maximized
        if zoomed is not None:  # one panel on the whole screen (z): it takes the CSS's height, not a share
            zoomed.styles.height = None
            self._heights = None
            return
        if not total or not self.is_mounted:
            return
        quadrants = self.query_one("#quadrants")
        q = [self.query_one(f"#q{n}", RowList) for n in (1, 2, 3, 4)]
        side = [self.query_one(f"#{name}", RowList) for name in ("interrupts", "inbox", "team")]
        rows = quadrant_rows(total, [_need(panel) for panel in q])
        heights = side_rows(total, [_need(panel) for panel in side])
        shares = (total, *rows, *heights)
        if shares == self._heights:
            return
        self._heights = shares
        quadrants.styles.grid_rows = f"{rows[0]} {rows[1]}"
        for panel, height in zip(side, heights):
            panel.styles.height = height
        for panel, height in [*zip(q, (rows[0], rows[0], rows[1], rows[1])), *zip(side, heights)]:
            panel.expect_height(height)  # before the first layout: "+N more" in the first frame

    def rows_shown(self) -> dict[Any, int] | None:
        """The rows each list's panel shows as last shared out (1-4, "interrupts", "inbox"); None if not shared."""
        if self._heights is None:
            return None
        _total, top, bottom, interrupts, inbox, _team = self._heights
        heights = {1: top, 2: top, 3: bottom, 4: bottom, "interrupts": interrupts, "inbox": inbox}
        return {slot: height - self.query_one(f"#q{slot}" if isinstance(slot, int) else f"#{slot}").styles.gutter.height
                for slot, height in heights.items()}
