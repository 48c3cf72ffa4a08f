"""The file watcher: looks at the data file in its own thread, never in a keystroke.

Other processes (``chief add``, a sync tool) change the file, and a sync tool
may drop a conflict copy beside it. Looking costs a stat and a folder listing,
and reading a conflict copy costs a parse: none of it belongs on the UI loop.
The thread only asks and tells; the app, on its own thread, reads the file
again (modelled on toolong's watcher: a thread that posts messages).
"""

from __future__ import annotations

from threading import Event, Thread
from typing import Callable

POLL_S = 0.5


class FileWatcher(Thread):
    """Every ``interval`` seconds, ``changed()``; when it says yes, ``tell()``."""

    def __init__(self, changed: Callable[[], bool], tell: Callable[[], object], interval: float = POLL_S) -> None:
        super().__init__(name="chief-file-watcher", daemon=True)
        self._changed = changed
        self._tell = tell
        self._interval = interval
        self._closing = Event()

    def close(self) -> None:
        """Stop now, not at the end of the current wait."""
        self._closing.set()

    def run(self) -> None:
        while not self._closing.wait(self._interval):
            try:
                changed = self._changed()
            except Exception:  # noqa: BLE001  the app asks again on its own thread, and meets the error there
                changed = True
            if changed and not self._closing.is_set():
                self._tell()
