"""A frame handed to the terminal goes out before the work that follows it (tui/frame_out.py).

The driver is Textual's POSIX driver; here its writer thread writes to a stream of the
test's own, which can be slow or stuck, and no terminal is needed.
"""

from __future__ import annotations

import threading
import time

from textual.app import App
from textual.drivers._writer_thread import WriterThread

from chief.tui.frame_out import FlushedStream, FrameDriver


class Terminal:
    """A stream that takes ``delay`` seconds to write, or waits for ``go`` when it is held."""

    def __init__(self, delay: float = 0.0, held: bool = False) -> None:
        self.delay = delay
        self.go = threading.Event()
        if not held:
            self.go.set()
        self.received: list[str] = []
        self.flushes = 0

    def write(self, text: str) -> int:
        self.go.wait()
        time.sleep(self.delay)
        self.received.append(text)
        return len(text)

    def flush(self) -> None:
        self.flushes += 1

    def fileno(self) -> int:
        return 2


def driver_on(terminal: Terminal) -> FrameDriver:
    driver = FrameDriver(App())
    driver.stream._stream = terminal  # what start_application_mode's writer thread would write to: here the test's
    driver._writer_thread = WriterThread(driver._file)
    driver._writer_thread.start()
    return driver


def stop(driver: FrameDriver) -> None:
    driver._writer_thread.stop()


async def test_the_driver_hands_its_writer_thread_the_counting_stream():
    driver = FrameDriver(App())
    assert isinstance(driver._file, FlushedStream)
    assert driver._file is driver.stream


async def test_waiting_returns_once_the_frame_is_written_and_flushed():
    terminal = Terminal(delay=0.03)
    driver = driver_on(terminal)
    try:
        driver.write("\x1b[?2026h")
        driver.write("the frame")
        driver.write("\x1b[?2026l")
        start = time.perf_counter()
        assert driver.wait_out(timeout=5) is True
        assert time.perf_counter() - start >= 0.09  # it did wait for the slow stream, all three writes
        assert terminal.received == ["\x1b[?2026h", "the frame", "\x1b[?2026l"]
        assert terminal.flushes >= 1
    finally:
        stop(driver)


async def test_nothing_handed_over_means_no_wait():
    driver = driver_on(Terminal())
    try:
        driver.write("a frame")
        assert driver.wait_out() is True
        start = time.perf_counter()
        assert driver.wait_out(timeout=5) is True
        assert time.perf_counter() - start < 1
    finally:
        stop(driver)


async def test_a_terminal_that_does_not_read_holds_up_one_frame_then_none_until_it_catches_up():
    terminal = Terminal(held=True)
    driver = driver_on(terminal)
    try:
        driver.write("first")
        start = time.perf_counter()
        assert driver.wait_out(timeout=0.05) is False
        assert 0.04 <= time.perf_counter() - start < 1
        driver.write("second")
        start = time.perf_counter()
        assert driver.wait_out(timeout=5) is False  # behind: no waiting at all
        assert time.perf_counter() - start < 0.5
        terminal.go.set()
        deadline = time.monotonic() + 5
        while driver.stream.flushed < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert terminal.received == ["first", "second"]
        terminal.delay = 0.03
        driver.write("third")
        start = time.perf_counter()
        assert driver.wait_out(timeout=5) is True  # caught up: frames wait for the terminal again
        assert time.perf_counter() - start >= 0.03
        assert terminal.received[-1] == "third"
    finally:
        terminal.go.set()
        stop(driver)


async def test_no_writer_thread_no_wait():
    driver = FrameDriver(App())
    assert driver.wait_out(timeout=5) is True  # before start (or after the application mode ended)
