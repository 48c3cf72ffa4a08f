"""Chief's themes, kept as data (the table below) and turned into Textual ``Theme`` objects.

Each theme gives Textual's base colours plus Chief's own variables, so TCSS
never hard-codes a colour. The quadrant colours follow the Okabe-Ito palette,
which stays distinguishable with the common kinds of colour blindness; every
quadrant also has its own title, so colour is never the only cue.
"""

from __future__ import annotations

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


# Textual's base colours, then Chief's own variables. A table here rather than TOML files: reading
# TOML means importing tomllib, which compiles its regular expressions at every start (a tenth of
# the bare Textual app's start-up, for three small tables).
THEMES = (
    {
        "name": "chief-contrast",
        "dark": True,
        "primary": "#FFFFFF",
        "secondary": "#FFD700",
        "accent": "#FFD700",
        "warning": "#FFD700",
        "error": "#FF5F5F",
        "success": "#5FFF87",
        "foreground": "#FFFFFF",
        "background": "#000000",
        "surface": "#000000",
        "panel": "#1A1A1A",
        "variables": {
            "quadrant-do": "#FF5F5F",
            "quadrant-schedule": "#5FD7FF",
            "quadrant-delegate": "#FFD700",
            "quadrant-later": "#FFFFFF",
            "interrupt": "#FF5F5F",
            "inbox": "#FF87FF",
            "team": "#5FFF87",
            "load-ok": "#5FFF87",
            "load-high": "#FFD700",
            "footer-key-foreground": "#FFD700",
        },
    },
    {
        "name": "chief-dark",
        "dark": True,
        "primary": "#56B4E9",
        "secondary": "#CC79A7",
        "accent": "#E69F00",
        "warning": "#F0E442",
        "error": "#FF6E4A",
        "success": "#009E73",
        "foreground": "#E4E6EB",
        "background": "#15171C",
        "surface": "#1D2027",
        "panel": "#262A33",
        "variables": {
            "quadrant-do": "#FF7F50",  # vermillion, lightened for a dark ground
            "quadrant-schedule": "#56B4E9",  # sky blue
            "quadrant-delegate": "#E69F00",  # orange
            "quadrant-later": "#9AA4B2",  # grey
            "interrupt": "#FF6E4A",
            "inbox": "#CC79A7",  # reddish purple
            "team": "#009E73",  # bluish green
            "load-ok": "#009E73",
            "load-high": "#F0E442",
            "footer-key-foreground": "#56B4E9",
        },
    },
    {
        "name": "chief-light",
        "dark": False,
        "primary": "#0072B2",
        "secondary": "#A3457F",
        "accent": "#B36B00",
        "warning": "#8A5A00",
        "error": "#B8360A",
        "success": "#00734F",
        "foreground": "#1B1D22",
        "background": "#F7F7F4",
        "surface": "#FFFFFF",
        "panel": "#E6E7E3",
        "variables": {
            "quadrant-do": "#B8360A",  # dark vermillion
            "quadrant-schedule": "#0072B2",  # blue
            "quadrant-delegate": "#A35F00",  # dark orange
            "quadrant-later": "#5E6673",  # slate
            "interrupt": "#B8360A",
            "inbox": "#A3457F",
            "team": "#00734F",
            "load-ok": "#00734F",
            "load-high": "#8A5A00",
            "footer-key-foreground": "#0072B2",
        },
    },
)


def _theme(data: dict) -> Theme:
    base = {k: data[k] for k in BASE_KEYS if k in data}
    return Theme(name=data["name"], dark=data.get("dark", True), variables=dict(data.get("variables", {})), **base)


def load_themes() -> list[Theme]:
    """Every theme shipped with Chief, in name order."""
    return [_theme(data) for data in sorted(THEMES, key=lambda data: data["name"])]


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
