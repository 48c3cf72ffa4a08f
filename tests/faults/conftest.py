"""Fixtures for the fault-injection suite (tests/conftest.py's fixtures apply too)."""

from __future__ import annotations

from pathlib import Path

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


@pytest.fixture(autouse=True)
def quick_pilot(monkeypatch):
    """Pilot waits for an idle app in 20 ms sleeps per key; 2 ms ones make typing ten times faster.

    Only the harness's patience changes: the tests wait for what they check
    (``until``) rather than for a fixed time.
    """
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.002)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 0.0005)


def pytest_collection_modifyitems(config, items):
    """Every fault-injection test is ``slow``: real processes, kills and races; the fast set leaves them to CI."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.slow)
