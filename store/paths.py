"""Where Chief keeps things: the data file, the config, the local state.

The data file may live in a synced folder; the config and the state dir are
per machine (the state dir will hold the device id, which must never sync).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "chief"


def data_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--file`` wins, then ``CHIEF_FILE``, then the platform's user data dir."""
    chosen = explicit or os.environ.get("CHIEF_FILE")
    if chosen:
        return Path(chosen).expanduser().absolute()
    return Path(platformdirs.user_data_dir(APP)) / "chief.json"


def config_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    chosen = explicit or os.environ.get("CHIEF_CONFIG")
    if chosen:
        return Path(chosen).expanduser().absolute()
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def state_dir() -> Path:
    chosen = os.environ.get("CHIEF_STATE_DIR")
    return Path(chosen) if chosen else Path(platformdirs.user_state_dir(APP))
