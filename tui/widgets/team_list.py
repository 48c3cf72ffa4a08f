"""The team load panel: each member's open work against their capacity, most loaded first.

The chief looks here for who is overloaded, so the busiest are on top (ties
by name, so the order holds still across refreshes); the bar makes overload
visible at a glance (warning colour past 100%), and away members are dimmed
with when they are back ("away until Fri"), so nobody delegates to an empty
desk. The panel's keys act on the member under the cursor (``TEAM_BINDINGS``).
"""

from __future__ import annotations


from chief.store import Board, Load
from chief.store import Member
from chief.store import away_words, load_percent
from chief.store import N_, _
from chief.tui.bindings import TEAM_BINDINGS
from chief.tui.text import cell_width, clip, printable
from chief.tui.widgets.row_list import RowLine, RowList

BAR_FULL, BAR_EMPTY = "█", "░"
MIN_BAR = 3  # cells: a bar narrower than this says nothing


def load_bar(load: Load, width: int) -> str:
    filled = min(width, round(min(load.ratio, 1.0) * width))
    return BAR_FULL * filled + BAR_EMPTY * (width - filled)


class TeamList(RowList[tuple[Member, Load, str]]):
    """One row per member: name, load bar (or when an away member is back), percent, counts."""

    BINDINGS = TEAM_BINDINGS
    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "team-list--ok",
        "team-list--high",
        "team-list--away",
        "team-list--meta",
        "team-list--overdue",
    }
    empty_text = N_("no team yet: N adds a member")

    name_width = 10  # the longest name's cells (at most 10): short Chinese names leave room for the bar
    counts_width = 0  # the widest open count's cells, and the widest late count's (0: nobody late):
    late_width = 0  # every row keeps the same room for them, so every bar is as wide as the others
    percent_width = 4  # "100%"; wider only for someone far over

    def show(self, board: Board) -> None:
        rows = [(m.id, (m, board.load(m.id), away_words(board, m))) for m in board.members_by_busiest()]
        if rows != self.rows:  # the same members and loads look the same: no repaint
            members = [payload for _key, payload in rows]
            self.name_width = max([4, *(cell_width(printable(m.name)) for m, _load, _away in members)])
            self.counts_width = max([0, *(cell_width(_counts(load)) for _m, load, _away in members)])
            self.late_width = max([0, *(cell_width(_late(load)) for _m, load, _away in members)])
            self.percent_width = max([4, *(len(load_percent(load)) for _m, load, _away in members)])
            self.forget_lines()
            self.set_rows(rows)

    @property
    def selected_member(self) -> Member | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor][1][0]
        return None

    def format_row(self, payload: tuple[Member, Load, str], width: int) -> RowLine:
        member, load, away_note = payload
        meta = self.part("team-list--meta")
        away = self.part("team-list--away")
        bar_style = away if away_note else self.part("team-list--high" if load.overloaded else "team-list--ok")
        name_width = min(self.name_width, 10 if width >= 36 else 8)
        late = _late(load)
        late = late + " " * (self.late_width - cell_width(late))  # the same room on every row: one bar width for all
        fixed = name_width + 1 + 1 + self.percent_width + self.late_width
        counts = ""
        if width - fixed - self.counts_width - 1 >= MIN_BAR:  # narrow: the open count gives way (the detail strip has it)
            counts = _counts(load)
            counts = " " * (self.counts_width - cell_width(counts)) + counts
        bar_width = max(MIN_BAR, width - fixed - cell_width(counts) - 1)
        line = RowLine()
        name = clip(printable(member.name), name_width)
        line.append(name, away if away_note else "")
        line.append(" " * (name_width - cell_width(name) + 1))
        if away_note:  # bar, percent and open count give way to when they are back (the detail strip has the figures)
            late = late.rstrip() if not load.overdue else late  # nothing late: the note may run on into that room
            room = max(3, width - name_width - 1 - cell_width(late) - 1)
            note = clip(away_note, room)
            line.append(note + " " * (room - cell_width(note)), away)
        else:
            line.append(load_bar(load, bar_width), bar_style)
            line.append(" " + load_percent(load).rjust(self.percent_width), bar_style)
            line.append(counts, meta)
        if late:
            line.append(late, self.part("team-list--overdue"))
        return line


def _counts(load: Load) -> str:
    return " " + _("{count:>2} open").format(count=load.open)


def _late(load: Load) -> str:
    return " " + _("{count:>2} late").format(count=load.overdue) if load.overdue else ""
