"""The footer: the screen's keys, drawn as one line by one widget.

Textual's footer makes a widget of each key (some 12 million instructions apiece: the
dashboard's footer cost a quarter of a bare Textual app's launch) and composes them only
after the first paint. This one draws the same row itself, from the same bindings, in the
same order and the same colours (Textual's footer variables, ``$footer-*``), so the keys
are in the very first paint and a change of keys costs a line of text.

The keys are declared in order of need: the dashboard's footer (``FittingFooter``) shows
only the keys that fit whole, in order, and the command palette's key always, at the right;
a dialog's footer (``SaidFooter``) is cut at the palette's key, as Textual's was.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from chief.store import _, language
from chief.tui.widgets.kept_styles import KeptComponentStyles
from chief.tui.widgets.one_line import one_line_strip


class FooterKey(NamedTuple):
    """One key as the footer shows it (a click on it presses ``key``)."""

    key: str
    display: str
    description: str  # in the user's language; "" for a key of a group (its words are the group's)
    disabled: bool
    tooltip: str


class Piece(NamedTuple):
    """One thing on the row: a key, a group's keys, or a group's words; ``gap`` cells follow it."""

    keys: tuple[FooterKey, ...]  # () for a group's words
    words: str
    gap: int
    lead: int = 0  # cells before the keys
    side_by_side: bool = True  # a group's keys with no cell between them


def _said(text: str, english: bool) -> str:
    return text if english or not text else _(text)


REMEMBERED = 16  # rows and lines remembered: a screen's keys come and go between a few sets (an item selected or not)


def _remember(cache: dict, key: object, value: object) -> None:
    """Keep ``value`` under ``key``, forgetting the oldest beyond :data:`REMEMBERED` (a dict keeps insertion order)."""
    if len(cache) >= REMEMBERED:
        del cache[next(iter(cache))]
    cache[key] = value


class SaidFooter(KeptComponentStyles, Widget, can_focus=False):
    """The screen's keys, in the user's language, as one line (every screen's footer is one)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer-key--label",
        "footer-key--palette",
    }
    DEFAULT_CSS = """
    SaidFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer-key--label {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--palette {
            color: $foreground 20%;
        }
    }
    """

    compact = reactive(False, toggle_class="-compact")
    """Textual's compact footer: "k Words" and a cell between keys, against " k Words " side by side."""
    show_command_palette = reactive(True)
    """The command palette's key, at the right."""

    fitting = False  # only the keys that fit whole (else the row is cut at the palette's key)

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None,
                 show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(SaidFooter.show_command_palette, show_command_palette)
        self.set_reactive(SaidFooter.compact, compact)
        self.set_class(compact, "-compact", update=False)
        self._keys: tuple | None = None  # what the row was built from (None: not yet)
        self._row: tuple[tuple[Piece, ...], FooterKey | None] = ((), None)
        self._stale = True
        self._hits: list[tuple[int, int, FooterKey]] = []  # the keys' cells as last drawn: start, end, key
        self._hover: FooterKey | None = None
        # A key that moves an item often switches the footer between the same few rows of keys: each is
        # built, drawn and made a line of cells once (some 1.7 ms a key at 120 columns), then looked up.
        self._rows: dict[tuple, tuple[tuple[Piece, ...], FooterKey | None]] = {}  # bindings -> row
        self._lines: dict[tuple, tuple[Text, list, Strip | None]] = {}  # what it is drawn from -> row, cells, line

    # the keys -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        """The bindings may have changed: looked at when the footer is next drawn, redrawn only if its keys did."""
        if screen.app.app_focus and self.is_attached and screen is self.screen and not self._stale:
            self._stale = True
            self.refresh()

    def _keys_wanted(self, bindings) -> tuple:
        """Everything the row is made of in the bindings: the same answer draws the same row."""
        shown = tuple((b.key, b.action, b.description, b.group, b.tooltip, enabled, tooltip)
                      for _node, b, enabled, tooltip in bindings.values() if b.show)
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            _node, b, enabled, tooltip = palette
            palette = (b.key, b.action, b.description, b.tooltip, enabled)
        return shown, palette, self.show_command_palette, self.compact, language()

    def _update_keys(self) -> None:
        """The row's pieces from the bindings, if they changed (as Textual's footer composes its keys)."""
        self._stale = False
        active = self.screen.active_bindings
        wanted = self._keys_wanted(active)
        if wanted == self._keys:
            return
        self._keys = wanted
        known = self._rows.get(wanted)
        if known is not None:
            self._row = known
            return
        english = language() == "en"
        app = self.app
        compact = self.compact
        by_action: defaultdict[str, list] = defaultdict(list)
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        pieces: list[Piece] = []
        for group, same_group in groupby(by_action.values(), lambda multi: multi[0][0].group):
            same_group = list(same_group)
            if group is not None and len(same_group) > 1:
                keys = tuple(FooterKey(binding.key, app.get_key_display(binding), "", not enabled,
                                       _said(tooltip or binding.description, english))
                             for binding, enabled, tooltip in (multi[0] for multi in same_group))
                # Textual's KeyGroup: a compact group's keys side by side (a cell before them in a
                # roomy footer), else each with a cell either side; a cell after the group and its words
                lead = 0 if compact or not group.compact else 1
                pieces.append(Piece(keys, "", 1, lead, group.compact))
                pieces.append(Piece((), _said(group.description, english), 1))
            else:
                for multi in same_group:
                    binding, enabled, tooltip = multi[0]
                    key = FooterKey(binding.key, app.get_key_display(binding), _said(binding.description, english),
                                    not enabled, _said(tooltip, english))
                    pieces.append(Piece((key,), "", 1 if compact else 0))
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = FooterKey(binding.key, app.get_key_display(binding), _said(binding.description, english),
                                    not enabled, _said(binding.tooltip or binding.description, english))
        self._row = (tuple(pieces), palette)
        _remember(self._rows, wanted, self._row)

    # drawing --------------------------------------------------------------------

    def _styles(self) -> tuple[Style, Style, Style, Style, Style]:
        """The row's styles (base, key, words, group's words, palette's border), from the footer's CSS."""
        component = self.get_component_rich_style
        return (self.rich_style, component("footer-key--key"), component("footer-key--description"),
                component("footer-key--label"), component("footer-key--palette"))

    def _key_text(self, key: FooterKey, compact: bool, styles: tuple) -> Text:
        """A key as Textual's FooterKey draws it: the key, then its words (each with its padding)."""
        base, key_style, words_style = styles[:3]
        if key is self._hover:
            base = self.get_component_rich_style("footer-key--hover")
            key_style += Style(bgcolor=base.bgcolor)
            words_style += Style(bgcolor=base.bgcolor)
        if key.description:
            if compact:
                text = Text.assemble((key.display, key_style), (" " + key.description, words_style))
            else:
                text = Text.assemble((f" {key.display} ", key_style), (key.description + " ", words_style))
        else:
            text = Text.assemble((key.display, key_style))
        text.stylize_before(base + Style(dim=True) if key.disabled else base)
        return text

    def _look(self) -> tuple:
        """What the row's look depends on (the same answer draws the same line), and that row as last drawn."""
        if self._stale:
            self._update_keys()
        styles = self._styles()
        drawn = (self._row, self.size.width, self._hover, styles)
        known = self._lines.get(drawn)
        if known is None:
            row, hits = self._draw(styles)
            known = (row, hits, None)
            _remember(self._lines, drawn, known)
        self._hits = known[1]
        return drawn, known

    def render(self) -> Text:
        return self._look()[1][0]

    def render_line(self, y: int) -> Strip:
        """The row's cells, made as Textual makes a widget's lines, once per look (Textual makes them after every refresh)."""
        if y:
            return Strip.blank(self.size.width, self.visual_style.rich_style)
        drawn, (row, hits, line) = self._look()
        if line is None:
            line = one_line_strip(self, row, self.size.width) or Visual.to_strips(
                self, visualize(self, row, markup=False), self.size.width, 1, self.visual_style)[0]
            self._lines[drawn] = (row, hits, line)
        return line

    def _draw(self, styles: tuple) -> tuple[Text, list[tuple[int, int, FooterKey]]]:
        """The row at the footer's width, and where each key is on it."""
        pieces, palette = self._row
        base, _key_style, _words_style, label_style, border_style = styles
        compact = self.compact
        width = self.size.width
        row = Text(no_wrap=True, overflow="crop", end="")
        hits: list[tuple[int, int, FooterKey]] = []
        tail = None
        room = width
        if palette is not None:  # docked right, after a border, with a cell of padding (Chief's CSS did it so)
            tail = Text.assemble(("▏", border_style), self._key_text(palette, True, styles), (" ", base))
            room = max(0, width - tail.cell_len)
        x = 0
        for piece in pieces:
            if piece.keys:
                if len(piece.keys) > 1 and piece.side_by_side and len({key.disabled for key in piece.keys}) == 1:
                    # one run of text, as Textual's keys of a group paint
                    text = self._key_text(piece.keys[0]._replace(display="".join(key.display for key in piece.keys)),
                                          compact, styles)
                    cells = [cell_len(key.display) for key in piece.keys]
                    texts = [text]
                else:
                    texts = [self._key_text(key, compact, styles) for key in piece.keys]
                    if not piece.side_by_side:
                        texts = [Text.assemble(" ", text) for text in texts]
                    cells = [text.cell_len for text in texts]
                piece_width = piece.lead + sum(cells)
            else:
                texts = [Text(piece.words, label_style)]
                piece_width = texts[0].cell_len
            if self.fitting and x + piece_width + piece.gap > room:
                break
            row.append(" " * piece.lead)
            x += piece.lead
            for key, cell in zip(piece.keys, cells if piece.keys else ()):
                hits.append((x, x + cell, key))
                x += cell
            if not piece.keys:
                x += piece_width
            for text in texts:
                row.append_text(text)
            row.append(" " * piece.gap)
            x += piece.gap
            if x >= room:
                break
        if x > room:  # (a footer that is cut, not fitted)
            row.truncate(room)
            hits = [(start, min(end, room), key) for start, end, key in hits if start < room]
            x = room
        if tail is not None:
            row.append(" " * (room - x))
            hits.append((room + 1, width, palette))
            row.append_text(tail)
        return row, hits

    # the mouse ------------------------------------------------------------------

    def _key_at(self, x: int) -> FooterKey | None:
        for start, end, key in self._hits:
            if start <= x < end:
                return key
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(key.key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_on(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_on(None)

    def _hover_on(self, key: FooterKey | None) -> None:
        if key is not self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()


class FittingFooter(SaidFooter):
    """The footer that shows only the keys that fit whole, in order, the palette's key always."""

    fitting = True
