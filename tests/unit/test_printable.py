"""printable's shortcut: text Python calls printable is left as it is, so the tables need not be built.

The shortcut is only right if every character the tables change is one that
``str.isprintable`` refuses; this holds it to that, for all of them, and checks
that both paths still agree on texts with and without such characters.
"""

from __future__ import annotations

from chief.store.reports import printable as module
from chief.store.reports.printable import printable, printable_lines


def test_every_character_the_tables_change_is_unprintable_to_python():
    changed = {*module._one_line(), *module._lines(), 0x200C, 0x200D}  # and the joiners _joiners looks at
    assert len(changed) > 2100
    assert [hex(c) for c in changed if chr(c).isprintable()] == []


def test_the_shortcut_and_the_tables_agree():
    for text in ("plain", "起草通知 ^周五", "👩‍💻 ok", "tab\there", "esc\x1b[31m", "rtl\u202eevil", "zw\u200bsp", "a\u2028b"):
        assert printable(text) == module._joiners(text.translate(module._one_line()))
        assert printable_lines(text) == module._joiners(text.translate(module._lines()))
    assert printable("esc\x1b[31m") == "esc\\x1b[31m" and printable("tab\there") == "tab here"
