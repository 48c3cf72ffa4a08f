"""The command palette in the user's language, found by its English names too.

Textual's palette says "Search for commands…" and "No matches found" in
English whatever the app speaks; Chief's palette says them through the
catalogs. A command shows its name in the user's language, and typing its
English name finds it as well, so a Chinese user need not switch input method
to reach "Done" as 办结 or as "done".
"""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, Hit, Hits
from textual.content import Content
from textual.system_commands import SystemCommandsProvider
from textual.widgets.option_list import Option

from chief.store import _


class ChiefPalette(CommandPalette):
    """Textual's command palette with its own words in the user's language."""

    def __init__(self, *args: Any, placeholder: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, placeholder=placeholder or _("Search for commands…"), **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's countdown to "No matches found", the words said in the user's language."""
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(_("No matches found"), style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)


class BilingualCommands(SystemCommandsProvider):
    """The app's commands, matched by the name shown and by its English name (the better match counts)."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        english_of = getattr(self.app, "command_english", {})
        for name, help_text, callback, *_rest in self.app.get_system_commands(self.screen):
            english = english_of.get(name, name)
            shown = matcher.match(name)
            other = matcher.match(english) if english != name else 0
            if shown > 0 and shown >= other:
                yield Hit(shown, matcher.highlight(name), callback, help=help_text)
            elif other > 0:  # found by its English name: say it beside the shown one, so the hit makes sense
                display = Content.assemble(name, "  ", matcher.highlight(english))
                yield Hit(other, display, callback, help=help_text)
