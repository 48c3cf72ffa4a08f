"""Where Chief keeps things: the data file, the config, the local state.

The data file may live in a synced folder; the config and the state dir are
per machine (the state dir will hold the device id, which must never sync).

Each place has one home here, as text (``*_text``: what ``chief add`` uses,
without importing ``pathlib``, which with the ``re``, ``fnmatch`` and
``urllib.parse`` it loads was some 4 ms of a capture, issue 17); the function
of the plain name gives the same place as a ``Path``, for the rest of Chief.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

APP = "chief"
_XDG = {"data": ("XDG_DATA_HOME", ".local/share"), "config": ("XDG_CONFIG_HOME", ".config"), "state": ("XDG_STATE_HOME", ".local/state")}


def as_path(text: str) -> Path:
    """``Path(text)``, pathlib imported only when a Path is asked for (a capture asks for the *_text forms)."""
    from pathlib import Path

    return Path(text)


def path_text(text: str | os.PathLike[str]) -> str:
    """``str(Path(text))`` without pathlib: on POSIX the same text (slashes doubled or ending, "." parts, dropped).

    Elsewhere pathlib itself answers (Windows' rules are its to know). A test holds the two equal.
    """
    text = os.fspath(text)
    if os.name != "posix":
        return str(as_path(text))
    if text.startswith("/"):
        root = "//" if text.startswith("//") and not text.startswith("///") else "/"  # POSIX keeps a leading "//"
    else:
        root = ""
    body = "/".join(part for part in text.split("/") if part and part != ".")
    return root + body if root or body else "."


def name_parts(path: str | os.PathLike[str]) -> tuple[str, str, str]:
    """``path``'s folder, stem and suffix as text, as pathlib gives them (``.parent``, ``.stem``, ``.suffix``)."""
    text = path_text(path)
    name = os.path.basename(text) if text != "." else ""  # pathlib's "." has no name
    dot = name.rfind(".")
    stem, suffix = (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")
    return os.path.dirname(text) or ".", stem, suffix


def _expanded(text: str) -> str:
    """``Path(text).expanduser()`` as text (pathlib expands the first part with ``os.path.expanduser``).

    A "~user" nobody is, or a home that cannot be found, pathlib refuses: asked of it, it is refused as before.
    """
    if not text.startswith("~"):
        return text
    first, _, rest = text.partition("/")
    home = os.path.expanduser(first)
    if home.startswith("~") or os.name != "posix":
        return str(as_path(text).expanduser())
    rest = rest.lstrip("/")
    return os.path.join(home, rest) if rest else home


def _absolute(text: str) -> str:
    """``Path(text).absolute()`` as text: the current folder before a relative path, nothing resolved."""
    text = path_text(text)
    return text if os.path.isabs(text) else path_text(os.path.join(os.getcwd(), text))


def _user_dir_text(kind: str) -> str:
    """The user's folder of this kind for Chief, where the platform keeps such things.

    On Linux that is the XDG base directory rule, written out here because
    importing platformdirs costs ``chief add`` 6 ms; elsewhere platformdirs
    knows the rules (a test checks both agree on Linux).
    """
    if sys.platform.startswith("linux"):
        return path_text(os.path.join(xdg_base_text(kind), APP))
    import platformdirs

    return path_text(getattr(platformdirs, f"user_{kind}_dir")(APP))


def _user_dir(kind: str) -> Path:
    return as_path(_user_dir_text(kind))


def xdg_base_text(kind: str) -> str:
    """The XDG base folder of this kind ("data", "config", "state"): $XDG_DATA_HOME, else ~/.local/share, ...

    Where other programs look for what Chief gives them (shell completions, the
    manual page) as much as where Chief keeps its own on Linux.
    """
    variable, default = _XDG[kind]
    chosen = os.environ.get(variable, "").strip()
    if chosen:
        return path_text(chosen)
    return path_text(os.path.join(_expanded("~"), default))


def xdg_base(kind: str) -> Path:
    """:func:`xdg_base_text` as a ``Path``."""
    return as_path(xdg_base_text(kind))


def data_file_text(explicit: str | os.PathLike[str] | None = None) -> str:
    """``--file`` wins, then ``CHIEF_FILE``, then the platform's user data dir."""
    chosen = explicit or os.environ.get("CHIEF_FILE")
    return real_text(_absolute(_expanded(os.fspath(chosen))) if chosen else path_text(os.path.join(_user_dir_text("data"), "chief.json")))


def data_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    """:func:`data_file_text` as a ``Path``."""
    return as_path(data_file_text(explicit))


def demo_file() -> Path:
    """The demo's data file: in a folder of its own beside where the user's data file goes by
    default, so that its briefs, exports and screenshots are written beside it like any file's."""
    return _user_dir("data") / "demo" / "chief.json"


def real_text(path: str | os.PathLike[str]) -> str:
    """The data file the path leads to, every symbolic link (file or folder) resolved.

    A chief may keep the file in Dropbox and point ``CHIEF_FILE`` or the default
    path at it by a link. Resolved once per command, so that saves, the lock,
    temp files, backups, archives and conflict copies all live beside the
    target (a rename over the link itself would cut it off from the synced copy).
    """
    return path_text(os.path.realpath(path))


def real(path: str | os.PathLike[str]) -> Path:
    """:func:`real_text` as a ``Path``."""
    return as_path(real_text(path))


def config_file_text(explicit: str | os.PathLike[str] | None = None) -> str:
    chosen = explicit or os.environ.get("CHIEF_CONFIG")
    if chosen:
        return _absolute(_expanded(os.fspath(chosen)))
    return path_text(os.path.join(_user_dir_text("config"), "config.toml"))


def config_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    """:func:`config_file_text` as a ``Path``."""
    return as_path(config_file_text(explicit))


def state_dir_text() -> str:
    chosen = os.environ.get("CHIEF_STATE_DIR")
    return path_text(chosen) if chosen else _user_dir_text("state")


def state_dir() -> Path:
    """:func:`state_dir_text` as a ``Path``."""
    return as_path(state_dir_text())
