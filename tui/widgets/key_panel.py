"""Textual's keys panel (the palette's Keys) in the user's language.

Textual lists the focused widget's bindings with their descriptions as
declared, in English. The descriptions are the catalogs' source strings, so
the panel says them through ``_`` like the footer does (widgets/fitting_footer.py).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from operator import itemgetter

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import HelpPanel, KeyPanel, Markdown
from textual.widgets._key_panel import BindingsTable

from chief.store import N_, _

# Textual's own bindings that the panel shows beside Chief's (Chief's are in the catalogs already)
TEXTUAL_KEY_WORDS = (
    N_("Scroll Left"), N_("Scroll Right"), N_("Page Left"), N_("Page Right"), N_("Focus Next"), N_("Focus Previous"),
    N_("Copy selected text"), N_("Quit the app and return to the command prompt."), N_("Scroll Up"), N_("Scroll Down"),
    N_("Scroll Home"), N_("Scroll End"), N_("Page Up"), N_("Page Down"),
)


class SaidBindingsTable(BindingsTable):
    """Textual's table of bindings (textual/widgets/_key_panel.py), each description through ``_``."""

    def render_bindings_table(self) -> Table:
        bindings = self.screen.active_bindings.values()
        key_style = self.get_component_rich_style("bindings-table--key")
        description_style = self.get_component_rich_style("bindings-table--description")
        header_style = self.get_component_rich_style("bindings-table--header")
        divider_transparent = self.get_component_styles("bindings-table--divider").color.a == 0
        table = Table(padding=(0, 0), show_header=False, box=box.SIMPLE if divider_transparent else box.HORIZONTALS,
                      border_style=self.get_component_rich_style("bindings-table--divider"))
        table.add_column("", justify="right")
        get_key_display = self.app.get_key_display

        def said(binding: Binding) -> Text:
            text = Text(_(binding.description) if binding.description else "", end="", style=description_style)
            if binding.tooltip:
                text.append((" " if binding.description else "") + _(binding.tooltip), "dim")
            return text

        previous_namespace: object = None
        for namespace, grouped in groupby(bindings, key=itemgetter(0)):
            rows = list(grouped)
            if not rows:
                continue
            if namespace.BINDING_GROUP_TITLE:
                table.add_row("", Text(_(namespace.BINDING_GROUP_TITLE), end="", style=header_style))
            by_action: defaultdict[str, list[Binding]] = defaultdict(list)
            for row in rows:
                if not row[1].system:
                    by_action[row[1].action].append(row[1])
            for same in by_action.values():
                keys = " ".join(dict.fromkeys(get_key_display(binding) for binding in same))
                table.add_row(Text(keys, style=key_style), said(same[0]))
            if namespace != previous_namespace:
                table.add_section()
            previous_namespace = namespace
        return table


class SaidKeyPanel(KeyPanel):
    """Textual's keys panel, its table in the user's language."""

    def compose(self) -> ComposeResult:
        yield SaidBindingsTable(shrink=True, expand=False)


class SaidHelpPanel(HelpPanel):
    """Textual's help panel (the palette's Keys), its keys in the user's language."""

    def compose(self) -> ComposeResult:
        yield Markdown(id="widget-help")
        yield SaidKeyPanel(id="keys-help")
