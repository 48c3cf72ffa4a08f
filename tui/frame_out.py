"""Each frame on the terminal before the work that follows it.

Textual hands a frame to its writer thread, which needs the interpreter's lock (the GIL) to
write it. What Chief does right after a paint holds that lock for milliseconds, much of it in
C code where Python never switches threads: the data file's save after a key, reading the
whole file after the kept first screen. The frame waited behind that work: 0.5-5 ms after a
key, 6-13 ms for the first screen at 5,000 items (issue 17). So after each frame it paints,
the dashboard waits until the writer has flushed it: a fraction of a millisecond when the
terminal reads, and never more than ``OUT_WAIT_S`` when it does not (output paused, a slow
remote link). After a wait that ran out, frames go on without waiting until the writer has
caught up, as Textual's own writer thread means them to.

Only the POSIX terminal driver is changed; a browser tab (``chief serve``), Windows and the
tests' headless driver paint as Textual does.
"""

from __future__ import annotations

import threading
from typing import IO, Any

from textual.drivers.linux_driver import LinuxDriver

OUT_WAIT_S = 0.05  # the longest a frame holds up what follows it, once, when the terminal does not read


class FlushedStream:
    """The terminal's stream, as Textual's writer thread uses it, counting the texts it has flushed."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._written = 0  # writer thread only
        self.flushed = 0  # every text up to this count is out (read under ``condition``)
        self.condition = threading.Condition()

    def write(self, text: str) -> int:
        done = self._stream.write(text)
        self._written += 1
        return done

    def flush(self) -> None:
        self._stream.flush()
        with self.condition:
            self.flushed = self._written
            self.condition.notify_all()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class FrameDriver(LinuxDriver):
    """Textual's POSIX driver, which can wait until what it was given to write is on the terminal."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stream = FlushedStream(self._file)
        self._file = self.stream  # the writer thread is made at start (and again after a suspend) with this
        self.queued = 0  # the texts handed to the writer thread (the app's thread only)
        self._behind = 0  # a wait ran out: no more waiting until the writer has flushed this many

    def write(self, data: str) -> None:
        self.queued += 1
        super().write(data)

    def wait_out(self, timeout: float = OUT_WAIT_S) -> bool:
        """Wait until every text handed over so far is flushed; False when that took longer than ``timeout``."""
        writer = self._writer_thread
        if writer is None or not writer.is_alive():
            return True
        target, stream = self.queued, self.stream
        with stream.condition:
            if self._behind:
                if stream.flushed < self._behind:
                    return False
                self._behind = 0
            if stream.condition.wait_for(lambda: stream.flushed >= target, timeout):
                return True
            self._behind = target
            return False
