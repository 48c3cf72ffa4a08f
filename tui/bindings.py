"""Every key of the dashboard, in one place, each with an id for the keymap.

Users remap keys in the config file by these ids (``[keymap] done = "d,space"``);
help and the command palette are generated from this list, so they never go
stale.
"""

from __future__ import annotations

from textual.binding import Binding

# (id, keys, action, description, shown in the footer)
_APP = [  # in the order the footer shows them: it cuts from the right on a narrow screen
    ("help", "question_mark,f1", "help", "Help", True),
    ("quick-add", "n", "quick_add('task')", "New", True),
    ("capture-interrupt", "exclamation_mark", "quick_add('interrupt')", "Interrupt", True),
    ("quadrant-1", "1", "move(1)", "Do now", True),
    ("quadrant-2", "2", "move(2)", "Schedule", True),
    ("quadrant-3", "3", "move(3)", "Delegate", True),
    ("quadrant-4", "4", "move(4)", "Later", True),
    ("done", "d,space", "done", "Done", True),
    ("assign", "a", "assign", "Assign", True),
    ("snooze", "s", "snooze", "Snooze", True),
    ("wait", "w", "wait", "Waiting for", True),
    ("undo", "u", "undo", "Undo", True),
    ("triage", "t", "triage", "Triage", True),
    ("drop", "x", "drop", "Drop", True),
    ("filter", "slash", "filter", "Filter", True),
    ("edit", "e,enter", "edit", "Edit", True),
    ("mark", "v", "toggle_mark", "Mark", True),
    ("take", "T", "take", "Take it now", False),
    ("important", "i", "toggle_important", "Important on/off", False),
    ("resume", "r", "resume", "Back on the board now", False),
    ("redo", "ctrl+r", "redo", "Redo", False),
    ("privacy", "p", "privacy", "Privacy", False),
    ("waiting-list", "W", "waiting_list", "Waiting list", False),
    ("stats", "S", "stats", "Interrupt stats", False),
    ("review", "R", "review", "Weekly review", False),
    ("brief", "B", "brief", "Write today's brief", False),
    ("fairness", "F", "fairness", "Team fairness", False),
    ("focus-left", "h,left", "focus_side('left')", "Panel left", False),
    ("focus-right", "l,right", "focus_side('right')", "Panel right", False),
    ("zoom", "z", "zoom", "Zoom panel", False),
    ("quit", "q", "quit", "Quit", False),
    ("steps", "c", "steps", "Steps", False),
    ("emergency", "E", "emergency", "Make it an emergency", False),
]

# The four quadrant keys share one footer entry ("1234 Quadrant"), so the footer keeps room for more.
QUADRANT_KEYS = Binding.Group("Quadrant", compact=True)

APP_BINDINGS = [
    Binding(keys, action, description, show=show, id=binding_id,
            group=QUADRANT_KEYS if binding_id.startswith("quadrant-") else None)
    for binding_id, keys, action, description, show in _APP
]

# Actions that need a selected item; greyed out in the footer when there is none.
ITEM_ACTIONS = frozenset({"move", "done", "drop", "edit", "assign", "snooze", "wait", "take", "resume", "steps", "emergency", "toggle_mark",
                          "toggle_important"})

# The keys of a team member, on the Team panel (the dashboard's item keys do not apply there).
# (id, keys, action, description, shown in the footer); the palette offers each of them too.
_TEAM = [
    ("member-open", "enter", "member_plate", "Open member", True),
    ("member-edit", "e", "member_edit", "Edit member", True),
    ("member-add", "N", "member_add", "Add member", True),
    ("member-away", "A", "member_away", "Away", True),
    ("member-back", "b", "member_back", "Back at work", True),
    ("member-remove", "D,delete", "member_remove", "Remove member", True),
]
TEAM_BINDINGS = [Binding(keys, f"app.{action}", description, show=show, id=binding_id)
                 for binding_id, keys, action, description, show in _TEAM]
# Actions about the member under the Team panel's cursor (or the plate's member); adding needs nobody.
MEMBER_ACTIONS = frozenset(action for _id, _keys, action, _words, _show in _TEAM) - {"member_add"}
