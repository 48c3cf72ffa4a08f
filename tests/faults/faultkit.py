"""Helpers shared by the fault-injection tests: subprocesses that are always
reaped, line readers with deadlines, the control-character scan, Pilot waits."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from chief.store.datafile import afterwards
from chief.store.datafile.storage import TEMP_PREFIX

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "dashdriver.py"  # the real dashboard under Pilot, in a process of its own

# C0 controls, DEL and the C1 controls: none of them may reach a terminal from user data.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def controls(text: str, allow: str = "") -> list[str]:
    """The distinct control characters in ``text`` (except those in ``allow``), as escapes."""
    return sorted({f"\\x{ord(c):02x}" for c in CONTROL.findall(text) if c not in allow})


def segment_texts(app: Any) -> list[str]:
    """The text of every segment the screens on the stack would write to the terminal."""
    texts: list[str] = []
    screens = list(dict.fromkeys([*app.screen_stack, app.screen]))
    for screen in screens:
        for strip in screen._compositor.render_strips():
            texts.extend(segment.text for segment in strip)
    return texts


def screen_controls(app: Any) -> list[str]:
    """Control characters anywhere in the rendered strips (the strong check: none may be there)."""
    return controls("".join(segment_texts(app)))


def notes_of(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


def temp_files(directory: Path) -> list[str]:
    afterwards.settle()  # the dashboard removes the file a save swapped out in a thread
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(TEMP_PREFIX))


async def until(pilot: Any, condition: Callable[[], bool], timeout: float = 5.0, step: float = 0.05) -> bool:
    """Let the app run (its 0.5 s poll included) until ``condition`` holds; False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await pilot.pause(step)
    return condition()


class Lines:
    """The stdout of a subprocess as lines, read by a thread, so waits have deadlines."""

    def __init__(self, stream) -> None:
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self.thread.start()

    def _pump(self, stream) -> None:
        try:
            for line in stream:
                self.queue.put(line)
        except (ValueError, OSError):
            pass
        finally:
            self.queue.put(None)

    def get(self, timeout: float) -> str | None:
        """The next complete line, or None at end of stream; raises TimeoutError."""
        try:
            line = self.queue.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no line within {timeout} s (so far: {self.seen[-5:]})") from None
        if line is not None:
            self.seen.append(line)
        return line

    def expect(self, prefix: str, timeout: float) -> str:
        """Skip to the next line starting with ``prefix`` and return it."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.get(max(0.01, deadline - time.monotonic()))
            if line is None:
                raise EOFError(f"stream ended waiting for {prefix!r} (last lines: {self.seen[-5:]})")
            if line.startswith(prefix):
                return line

    def drain(self, timeout: float = 5.0) -> list[str]:
        """Every remaining complete line until the stream ends (the process is dead)."""
        rest = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.get(max(0.01, deadline - time.monotonic()))
            except TimeoutError:
                break
            if line is None:
                break
            rest.append(line)
        return [line for line in rest if line.endswith("\n")]  # a line cut by the kill was never acknowledged


class Procs:
    """Every subprocess a test starts, killed and reaped at teardown whatever happened."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []

    def start(self, args: list[str], *, env: dict[str, str], stdin: Any = subprocess.DEVNULL,
              preexec_fn: Callable[[], None] | None = None) -> subprocess.Popen:
        proc = subprocess.Popen(args, env=env, text=True, encoding="utf-8", stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, preexec_fn=preexec_fn)
        self.started.append(proc)
        return proc

    def python(self, code_or_script: str | Path, *args: str, **kwargs: Any) -> subprocess.Popen:
        head = [str(code_or_script)] if isinstance(code_or_script, Path) else ["-c", code_or_script]
        return self.start([sys.executable, *head, *map(str, args)], **kwargs)

    def dashboard(self, mode: str, *args: Any, **kwargs: Any) -> subprocess.Popen:
        return self.python(DRIVER, mode, *map(str, args), **kwargs)

    @staticmethod
    def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
            pass

    def kill_all(self) -> None:
        for proc in self.started:
            self.stop(proc)
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass


def stderr_of(proc: subprocess.Popen, limit: int = 2000) -> str:
    """What a process said on stderr (for assertion messages); one still running is killed first."""
    if proc.poll() is None:
        Procs.stop(proc)
    try:
        return (proc.stderr.read() or "")[-limit:] if proc.stderr else ""
    except (ValueError, OSError):
        return ""


def send(proc: subprocess.Popen, line: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


def state_line(lines: Lines, timeout: float = 20.0) -> dict[str, Any]:
    """The next ``state {json}`` line of a scripted dashboard."""
    return json.loads(lines.expect("state ", timeout)[len("state "):])


def item_titles(data: dict | None) -> list[str]:
    return [r.get("title") for r in (data or {}).get("items", {}).values() if isinstance(r, dict)]


def no_dupes(values: Iterable[Any]) -> list[Any]:
    seen, dupes = set(), []
    for value in values:
        if value in seen:
            dupes.append(value)
        seen.add(value)
    return dupes


_PR_CAPBSET_DROP = 24
_DAC_CAPS = (1, 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


def without_dac_override() -> None:
    """A ``preexec_fn``: root keeps every capability but the two that ignore mode bits.

    Dropped from the bounding set before exec, they are not in the new
    program's permitted set: as root without them, chmod 000 and a read-only
    folder mean what they say, as for any other user. A no-op for other users.
    """
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _DAC_CAPS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def mode_bits_bind(folder: Path) -> bool:
    """Whether a process started with ``without_dac_override`` is refused a write in a 0500 folder."""
    folder.mkdir(mode=0o500)
    try:
        probe = subprocess.run([sys.executable, "-c", "import sys, pathlib; pathlib.Path(sys.argv[1], 'p').touch()",
                                str(folder)], preexec_fn=without_dac_override, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        os.chmod(folder, 0o700)
    return probe.returncode != 0


def figures(name: str, **values: Any) -> str:
    """One line for the README's Reliability table: ``name: trials=... lost=...``."""
    return f"{name}: " + " ".join(f"{k}={v}" for k, v in values.items())
