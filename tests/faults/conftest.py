"""Fixtures for the fault-injection suite (tests/conftest.py's fixtures apply too)."""

from __future__ import annotations

import pytest

from faults.faultkit import Procs


@pytest.fixture
def procs():
    """Start subprocesses with ``procs.start(...)``; every one still running is killed at teardown."""
    tracker = Procs()
    try:
        yield tracker
    finally:
        tracker.kill_all()


@pytest.fixture
def local_state(tmp_path, monkeypatch):
    """In-process tests keep Chief's state dir (device id, absorbed copies) in tmp_path."""
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


@pytest.fixture
def report(capsys):
    """``report(name, trials=..., lost=...)``: print the figures past pytest's capture, return the line."""
    from faults.faultkit import figures

    def say(name: str, **values) -> str:
        line = figures(name, **values)
        with capsys.disabled():
            print("\n" + line, flush=True)
        return line

    return say

