"""Where Chief keeps things: the data file, the config, the local state.

The data file may live in a synced folder; the config and the state dir are
per machine (the state dir will hold the device id, which must never sync).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "chief"
_XDG = {"data": ("XDG_DATA_HOME", ".local/share"), "config": ("XDG_CONFIG_HOME", ".config"), "state": ("XDG_STATE_HOME", ".local/state")}


def _user_dir(kind: str) -> Path:
    """The user's folder of this kind for Chief, where the platform keeps such things.

    On Linux that is the XDG base directory rule, written out here because
    importing platformdirs costs ``chief add`` 6 ms; elsewhere platformdirs
    knows the rules (a test checks both agree on Linux).
    """
    if sys.platform.startswith("linux"):
        return xdg_base(kind) / APP
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP))


def xdg_base(kind: str) -> Path:
    """The XDG base folder of this kind ("data", "config", "state"): $XDG_DATA_HOME, else ~/.local/share, ...

    Where other programs look for what Chief gives them (shell completions, the
    manual page) as much as where Chief keeps its own on Linux.
    """
    variable, default = _XDG[kind]
    return Path(os.environ.get(variable, "").strip() or Path.home() / default)


def data_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--file`` wins, then ``CHIEF_FILE``, then the platform's user data dir."""
    chosen = explicit or os.environ.get("CHIEF_FILE")
    return real(Path(chosen).expanduser().absolute() if chosen else _user_dir("data") / "chief.json")


def demo_file() -> Path:
    """The demo's data file: in a folder of its own beside where the user's data file goes by
    default, so that its briefs, exports and screenshots are written beside it like any file's."""
    return _user_dir("data") / "demo" / "chief.json"


def real(path: str | os.PathLike[str]) -> Path:
    """The data file the path leads to, every symbolic link (file or folder) resolved.

    A chief may keep the file in Dropbox and point ``CHIEF_FILE`` or the default
    path at it by a link. Resolved once per command, so that saves, the lock,
    temp files, backups, archives and conflict copies all live beside the
    target (a rename over the link itself would cut it off from the synced copy).
    """
    return Path(os.path.realpath(path))


def config_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    chosen = explicit or os.environ.get("CHIEF_CONFIG")
    if chosen:
        return Path(chosen).expanduser().absolute()
    return _user_dir("config") / "config.toml"


def state_dir() -> Path:
    chosen = os.environ.get("CHIEF_STATE_DIR")
    return Path(chosen) if chosen else _user_dir("state")
