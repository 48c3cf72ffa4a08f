"""Two lines above the footer about the item under the cursor, in full.

Panels cut titles to fit; this strip shows the whole title, why the item sits
where it sits, and its details, so nothing needs opening just to be read.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from chief.store import Board
from chief.store import marks, understood
from chief.store import Item
from chief.store import _
from chief.tui.text import printable
from chief.tui.widgets.item_list import mask, shown_title


class ItemDetail(Static):
    COMPONENT_CLASSES = {"item-detail--title", "item-detail--meta"}

    def show(self, board: Board, item: Item | None, privacy: bool) -> None:
        if item is None:
            self.update(Text(_("nothing selected"), style="italic"), layout=False)  # a fixed height: no layout pass
            return
        title_style = self.get_component_rich_style("item-detail--title", partial=True)
        meta = self.get_component_rich_style("item-detail--meta", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(shown_title(item, privacy, board), title_style)
        found = marks(board, item)
        if found:
            line.append("  " + " · ".join(found), meta)
        masked = privacy and board.settings.is_private(item.category)
        details = [board.placement(item).reason_said, *understood(board, item)]
        if item.status == "waiting" and item.waiting_on:
            details.append(_("waiting for {who}").format(who=item.waiting_on))
        if item.notes:
            details.append(_("notes: {notes}").format(notes=mask() if masked else item.notes.splitlines()[0][:200]))
        second = Text(printable(" · ".join(details)), meta, no_wrap=True, overflow="ellipsis", end="")
        self.update(Text("\n", end="").join([line, second]), layout=False)
