"""Every key of the dashboard, in one place, each with an id for the keymap.

Users remap keys in the config file by these ids (``[keymap] done = "d,space"``);
help and the command palette are generated from this list, so they never go
stale.
"""

from __future__ import annotations

from textual.binding import Binding

# (id, keys, action, description, shown in the footer)
_APP = [
    ("quick-add", "n", "quick_add('task')", "New item", True),
    ("capture-interrupt", "exclamation_mark", "quick_add('interrupt')", "Interrupt", True),
    ("quadrant-1", "1", "move(1)", "Do now", True),
    ("quadrant-2", "2", "move(2)", "Schedule", True),
    ("quadrant-3", "3", "move(3)", "Delegate", True),
    ("quadrant-4", "4", "move(4)", "Later", True),
    ("done", "d,space", "done", "Done", True),
    ("drop", "x", "drop", "Drop", False),
    ("edit", "e,enter", "edit", "Edit", True),
    ("assign", "a", "assign", "Assign", True),
    ("snooze", "s", "snooze", "Snooze", True),
    ("wait", "w", "wait", "Waiting for", False),
    ("take", "T", "take", "Take it now", False),
    ("triage", "t", "triage", "Triage", True),
    ("filter", "slash", "filter", "Filter", True),
    ("undo", "u", "undo", "Undo", True),
    ("redo", "ctrl+r", "redo", "Redo", False),
    ("privacy", "p", "privacy", "Privacy", False),
    ("focus-left", "h,left", "focus_side('left')", "Panel left", False),
    ("focus-right", "l,right", "focus_side('right')", "Panel right", False),
    ("help", "question_mark,f1", "help", "Help", True),
    ("quit", "q", "quit", "Quit", True),
]

APP_BINDINGS = [
    Binding(keys, action, description, show=show, id=binding_id) for binding_id, keys, action, description, show in _APP
]

# Actions that need a selected item; greyed out in the footer when there is none.
ITEM_ACTIONS = frozenset({"move", "done", "drop", "edit", "assign", "snooze", "wait", "take"})
