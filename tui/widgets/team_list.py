"""The team load panel: each member's open work against their capacity.

The bar makes overload visible at a glance (warning colour past 100%), and
away members are dimmed so nobody delegates to an empty desk.
"""

from __future__ import annotations

from rich.text import Text

from chief.store import Board, Load
from chief.store import Member
from chief.store import N_, _
from chief.tui.text import cell_width, clip, printable
from chief.tui.widgets.row_list import RowList, styled

BAR_FULL, BAR_EMPTY = "█", "░"


def load_bar(load: Load, width: int) -> str:
    filled = min(width, round(min(load.ratio, 1.0) * width))
    return BAR_FULL * filled + BAR_EMPTY * (width - filled)


class TeamList(RowList[tuple[Member, Load]]):
    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "team-list--ok",
        "team-list--high",
        "team-list--away",
        "team-list--meta",
        "team-list--overdue",
    }
    empty_text = N_("no team yet: chief team add NAME")

    def show(self, board: Board) -> None:
        rows = [(m.id, (m, board.load(m.id))) for m in board.members_by_load()]
        if rows != self.rows:  # the same members and loads look the same: no repaint
            self.set_rows(rows)

    def format_row(self, payload: tuple[Member, Load], width: int) -> Text:
        member, load = payload
        meta = self.part("team-list--meta")
        away = self.part("team-list--away")
        bar_style = self.part("team-list--high" if load.overloaded else "team-list--ok")
        name_width = 10 if width >= 36 else 8
        counts = " " + _("{count:>2} open").format(count=load.open)
        room_for_late = width >= 36  # narrow: the late count only when there is one
        counts_overdue = " " + _("{count:>2} late").format(count=load.overdue) if load.overdue else (" " * 8 if room_for_late else "")
        fixed = name_width + 1 + 5 + cell_width(counts) + cell_width(counts_overdue)
        bar_width = max(3, width - fixed - 1)
        line = Text(no_wrap=True, end="")
        name = clip(printable(member.name), name_width)
        line.append(styled(name, away if member.away else ""))
        line.append(" " * (name_width - cell_width(name) + 1))
        line.append(load_bar(load, bar_width), away if member.away else bar_style)
        line.append(f" {load.percent:>3}%", away if member.away else bar_style)
        line.append(counts, meta)
        if counts_overdue:
            line.append(counts_overdue, self.part("team-list--overdue"))
        if member.away:
            line.append(" " + _("away"), away)
        return line
