"""Chief's themes, kept as data (TOML) and turned into Textual ``Theme`` objects.

Each theme gives Textual's base colours plus Chief's own variables, so TCSS
never hard-codes a colour. The quadrant colours follow the Okabe-Ito palette,
which stays distinguishable with the common kinds of colour blindness; every
quadrant also has its own title, so colour is never the only cue.
"""

from __future__ import annotations

import tomllib
from importlib import resources

from textual.theme import Theme

# Chief's own variables: each theme must define them (checked by a test).
CHIEF_VARIABLES = (
    "quadrant-do",
    "quadrant-schedule",
    "quadrant-delegate",
    "quadrant-later",
    "interrupt",
    "inbox",
    "team",
    "load-ok",
    "load-high",
)
BASE_KEYS = ("primary", "secondary", "warning", "error", "success", "accent", "foreground", "background", "surface", "panel", "boost")


def _theme(data: dict) -> Theme:
    base = {k: data[k] for k in BASE_KEYS if k in data}
    return Theme(name=data["name"], dark=data.get("dark", True), variables=dict(data.get("variables", {})), **base)


def load_themes() -> list[Theme]:
    """Every theme shipped in this package, in name order."""
    themes = []
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            themes.append(_theme(tomllib.loads(entry.read_text(encoding="utf-8"))))
    return themes


DEFAULT_THEME = "chief-dark"

# Chief's variables for a theme that does not define them (Textual's own themes).
CHIEF_DEFAULTS = {
    "quadrant-do": "#D55E00",
    "quadrant-schedule": "#0072B2",
    "quadrant-delegate": "#E69F00",
    "quadrant-later": "#888888",
    "interrupt": "#D55E00",
    "inbox": "#CC79A7",
    "team": "#009E73",
    "load-ok": "#009E73",
    "load-high": "#E69F00",
}


def check_theme(name: str, available) -> None:
    """A theme named in the config must exist: one line naming the key otherwise."""
    from chief.store.domain.config import ConfigError
    from chief.store.i18n import _

    if name not in available:
        chief = sorted(t for t in available if t.startswith("chief-"))
        raise ConfigError(_("{source}: 'theme' must be one of {known} (or a Textual theme), got '{name}'").format(
            source=_("config"), known=", ".join(chief), name=name))
