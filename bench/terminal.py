"""A program in a real terminal (tmux): start it, send keys, read the screen, its memory."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path


# A tmux server of the bench's own (its own socket): another bench, a test or the user's tmux on this
# machine can neither see its sessions nor end them (a `tmux kill-server` elsewhere once ended a run).
TMUX = ["tmux", "-L", f"chief-bench-{os.getpid()}"]


def user_environ() -> dict[str, str]:
    """This environment as a user's shell has it: Python writes and reuses its bytecode.

    PYTHONDONTWRITEBYTECODE (set in some CI and sandbox images) would make
    every run compile the modules again, which no installed copy does.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


class Terminal:
    """A program in a tmux session of a fixed size."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], size=(120, 40)) -> None:
        self.name = name
        envs = [f"{k}={v}" for k, v in env.items()]
        command = [*TMUX, "new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]),
                   "env", "-u", "PYTHONDONTWRITEBYTECODE", *envs, *command]
        for attempt in range(3):
            self.started = time.perf_counter()
            started = subprocess.run(command, capture_output=True, text=True)
            if started.returncode == 0:
                return
            # "server exited unexpectedly": the last session just closed, so the bench's tmux server was on its
            # way out as this one asked it for a session (a run died of it at 5,000 items); a new server answers
            time.sleep(0.2)
        raise subprocess.CalledProcessError(started.returncode, command, started.stdout, started.stderr)

    def screen(self) -> str:
        return subprocess.run([*TMUX, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def wait(self, test, timeout: float = 30.0, what: str = "") -> float:
        """The moment ``test(screen)`` first holds; polls as fast as tmux answers."""
        return self._seen(test, timeout, what)[0]

    def wait_screen(self, test, timeout: float = 30.0) -> str:
        """The first screen for which ``test`` holds."""
        return self._seen(test, timeout)[1]

    def _seen(self, test, timeout: float, what: str = "") -> tuple[float, str]:
        """The moment ``test(screen)`` first holds, and that screen."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            screen = self.screen()
            if test(screen):
                return time.perf_counter(), screen
            time.sleep(0.002)
        raise TimeoutError(f"{what or 'the awaited state'} not seen on screen within {timeout} s:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> float:
        sent = time.perf_counter()
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True)
        return sent

    def pid(self) -> int:
        out = subprocess.run([*TMUX, "list-panes", "-t", self.name, "-F", "#{pane_pid}"], capture_output=True, text=True).stdout
        return int(out.split()[0])

    def peak_mb(self) -> float:
        """The highest resident memory of the process tree in the pane (the env wrapper execs Python)."""
        pid = self.pid()
        best = 0.0
        for candidate in [pid, *_children(pid)]:
            try:
                for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        best = max(best, int(line.split()[1]) / 1024)
            except OSError:
                pass
        return best

    def wait_closed(self, timeout: float = 30.0) -> None:
        """Until the program has ended (its tmux session ends with it)."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if subprocess.run([*TMUX, "has-session", "-t", self.name], capture_output=True).returncode:
                return
            time.sleep(0.02)
        raise TimeoutError(f"{self.name} still running after {timeout} s:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True)


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
