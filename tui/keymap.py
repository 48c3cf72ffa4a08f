"""The user's keymap from the config file, checked before the dashboard opens.

A mistake must be one clear line naming the binding, never a key that
silently does nothing or quietly takes another binding's key.
"""

from __future__ import annotations

from typing import Mapping

from textual.keys import Keys, key_to_character

from chief.store import ConfigError, _
from chief.tui.bindings import APP_BINDINGS

MODIFIERS = ("ctrl+", "shift+", "alt+", "meta+", "super+", "hyper+")
NAMED = {k.value for k in Keys} | {"space", "tab", "enter", "escape", "backspace", "delete", "insert"}


def valid_key(key: str) -> bool:
    base = key.strip()
    while base.lower().startswith(MODIFIERS):
        base = base.split("+", 1)[1]
    if len(base) == 1 and base.isprintable():
        return True
    if base in NAMED or (base.startswith("f") and base[1:].isdigit()):
        return True
    character = key_to_character(base)  # "question_mark" -> "?" (but "banana" is a character too: not on a keyboard)
    return character is not None and character.isascii()


def _all_binding_ids() -> set[str]:
    """The ids of every binding on every screen and widget (dashboard-wide keys are APP_BINDINGS).

    Every module of chief.tui.screens and chief.tui.widgets is looked at, so a new screen's
    keys are remappable without a list to keep; a class counts only in the module that defines it.
    """
    import importlib
    import pkgutil

    from textual.binding import Binding

    from chief.tui import screens, widgets

    ids: set[str] = set()
    for package in (screens, widgets):
        for found in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(found.name)
            for value in vars(module).values():
                if not isinstance(value, type) or value.__module__ != module.__name__:
                    continue
                for binding in value.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding) and binding.id:
                        ids.add(binding.id)
    return ids


def check_keymap(keymap: Mapping[str, str], source: str | None = None) -> dict[str, str]:
    """The keymap if every id and key is good and no dashboard key is taken twice; else ConfigError."""
    source = source or _("config")
    known = {b.id: b for b in APP_BINDINGS if b.id}
    every_id: set[str] | None = None  # every screen's ids: looked up only for an id the dashboard has not
    owners: dict[str, list[str]] = {}
    for binding_id, binding in known.items():
        for key in keymap.get(binding_id, binding.key).split(","):
            if key.strip():
                owners.setdefault(key.strip(), []).append(binding_id)
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            every_id = every_id or set(known) | _all_binding_ids()
            if binding_id not in every_id:
                raise ConfigError(_("{source}: [keymap] has no binding '{binding}' (known: {known})").format(
                    source=source, binding=binding_id, known=", ".join(sorted(every_id))))
        for key in keys.split(","):
            key = key.strip()
            if not key or not valid_key(key):
                raise ConfigError(_("{source}: [keymap] {binding} = '{keys}': '{key}' is not a key (e.g. \"d\", \"ctrl+x\", \"f5\", \"space\")")
                                  .format(source=source, binding=binding_id, keys=keys, key=key))
            others = [owner for owner in owners.get(key, []) if owner != binding_id]
            if others:
                raise ConfigError(_("{source}: [keymap] {binding} = '{keys}': '{key}' is already the key of '{other}'")
                                  .format(source=source, binding=binding_id, keys=keys, key=key, other=others[0]))
    return dict(keymap)
