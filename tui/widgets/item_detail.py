"""Two lines above the footer about the item under the cursor, in full.

Panels cut titles to fit; this strip shows the whole title, why the item sits
where it sits, and its details, so nothing needs opening just to be read.
Each line is cut to the strip's width on its own (``fit``, cell-width aware),
so a long title never pushes the second line (quadrant, due, who) away.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from chief.store import Board
from chief.store import capacity_words, due_short, load_percent, load_words, marks, step_due, step_info, understood
from chief.store import away_words
from chief.store import Item, Member
from chief.store import StepInfo
from chief.store import _
from chief.tui.text import cell_width, clip, fit, printable
from chief.tui.widgets.fixed_lines import FixedLines
from chief.tui.widgets.item_list import mask, shown_title

ITALIC = Style(italic=True)  # "nothing selected" (a Style, not its name: the line is drawn straight, tui/widgets/one_line.py)
MARKS_SHARE = 3  # the marks after a title keep at most a third of the line; the title keeps the rest


def next_step_words(board: Board, info: "StepInfo", masked: str | None = None) -> str:
    """The next open step in words: "next step (2/5 done): Book the hall @Li Na thu 10:00" (masked with the item)."""
    step = info.next
    assert step is not None
    words = [masked or step.text]
    who = board.member_name(step.who) if step.who else None
    if who:
        words.append("@" + who)
    due = step_due(step)
    if due is not None:
        words.append(due_short(due, board.now))
    return _("next step ({progress} done): {step}").format(progress=info.progress, step=" ".join(words))


class ItemDetail(FixedLines):
    COMPONENT_CLASSES = {"item-detail--title", "item-detail--meta"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Board, Item | None, bool] | None = None
        self._member: tuple[Board, Member] | None = None  # a team member shown instead (the Team panel's cursor)

    def show(self, board: Board, item: Item | None, privacy: bool) -> None:
        self._shown, self._member = (board, item, privacy), None
        width = self.content_region.width or max(1, self.app.size.width - 2)
        if item is None:
            self.say(Text(fit(_("nothing selected"), width), style=ITALIC, end=""))
            return
        title_style = self.get_component_rich_style("item-detail--title", partial=True)
        meta = self.get_component_rich_style("item-detail--meta", partial=True)
        first = self._first_line(shown_title(item, privacy, board), marks(board, item), width, title_style, meta)
        masked = privacy and board.settings.is_private(item.category)
        details = [board.placement(item).reason_said, *understood(board, item)]
        if item.status == "waiting" and item.waiting_on:
            details.append(_("waiting for {who}").format(who=item.waiting_on))
        info = step_info(board, item)
        if info is not None and info.next is not None:
            details.append(next_step_words(board, info, mask() if masked else None))
        if item.notes:
            details.append(_("notes: {notes}").format(notes=mask() if masked else item.notes.splitlines()[0][:200]))
        second = Text(fit(printable(" · ".join(details)), width), meta, no_wrap=True, end="")
        self.say(Text("\n", end="").join([first, second]))

    @staticmethod
    def _first_line(title: str, found: list[str], width: int, title_style: Style, meta: Style) -> Text:
        """The title and its marks on one line of exactly ``width`` cells; the title is cut first, the marks keep a third."""
        tail = "  " + " · ".join(found) if found else ""
        if cell_width(tail) > width // MARKS_SHARE:
            tail = clip(tail, width // MARKS_SHARE)
        shown = clip(title, width - cell_width(tail))
        line = Text(no_wrap=True, end="")
        line.append(shown, title_style)
        line.append(fit(tail, width - cell_width(shown)), meta)
        return line

    def show_again(self) -> None:
        """What was last shown, fitted and coloured afresh."""
        if self._shown is not None:
            self.show(*self._shown)
        elif self._member is not None:
            self.show_member(*self._member)
        else:
            super().show_again()

    def show_member(self, board: Board, member: Member) -> None:
        """A team member under the cursor: who they are, and what their load counts (put-away work too)."""
        self._shown, self._member = None, (board, member)
        width = self.content_region.width or max(1, self.app.size.width - 2)
        title_style = self.get_component_rich_style("item-detail--title", partial=True)
        meta = self.get_component_rich_style("item-detail--meta", partial=True)
        load = board.load(member.id)
        details = [printable(member.role)] if member.role else []
        details.append(capacity_words(member.capacity))
        if member.categories:
            details.append(_("usually: {categories}").format(categories=_(", ").join(printable(c) for c in member.categories)))
        away = away_words(board, member)
        if away:
            details.append(away)
        first = self._first_line(printable(member.name), details, width, title_style, meta)
        counted = _("load {load}: {counted}; Enter shows their plate").format(load=load_percent(load), counted=load_words(load))
        second = Text(fit(counted, width), meta, no_wrap=True, end="")
        self.say(Text("\n", end="").join([first, second]))
