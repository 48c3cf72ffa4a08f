"""Shared fixtures for Chief's tests.

Time is frozen everywhere: ``FROZEN_NOW`` in ``FROZEN_TZ`` (a Wednesday), through
the ``CHIEF_NOW`` / ``CHIEF_TZ`` environment variables that ``chief.store.domain.wallclock``
reads. In-process tests get them by ``monkeypatch.setenv`` (the ``desk`` fixture
does it); subprocesses get them from the ``env`` fixture.

Fixtures:

- ``data_file``: a path for the data file in ``tmp_path``, not yet existing.
- ``env``: the environment for a ``chief`` subprocess, pointing at ``data_file``
  with a private state dir and config path and the frozen clock.
- ``run_chief``: ``run_chief(*args, env=None, check=False, input=None)`` runs
  ``python -m chief.tui ARGS`` with that environment and returns the CompletedProcess.
  A real process costs ~0.3 s: keep it for what only a process shows (its exit
  path, its imports, signals).
- ``run_main``: the same call and result, through ``chief.tui.cli.main(argv)`` in
  this process (the ``env`` fixture's CHIEF_* variables set for the call, output
  through capsys); what most CLI tests use.
- ``frozen_time``: sets CHIEF_NOW / CHIEF_TZ in this process (for in-process tests
  that do not use ``desk``).
- ``desk``: a ``chief.store.desk.Desk`` on ``data_file`` with the frozen clock.
- ``zh_env``: ``env`` in Chinese (CHIEF_LANG=zh, 100 columns); ``english_after``: English
  again after a test that ran in Chinese (``pytestmark = pytest.mark.usefixtures("english_after")``).

Constants (``from conftest import FROZEN_NOW, FROZEN_TZ, FROZEN_STAMP``) give the
frozen clock to tests that need its exact value.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, settings

# CI runs on 2 cores, often busy: property tests must not fail for being slow,
# only for finding a counterexample.
settings.register_profile("chief", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("chief")

FROZEN_NOW = "2026-11-25T10:00:00"  # a Wednesday
FROZEN_TZ = "Asia/Shanghai"  # UTC+8, no daylight saving time
FROZEN_STAMP = "2026-11-25T02:00:00Z"  # FROZEN_NOW as stored in the file (UTC)

# Variables that would make the subprocess's Python behave unlike a plain run.
_DROPPED_PYTHON_VARS = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONSAFEPATH",
                        "PYTHONNOUSERSITE", "PYTHONUSERBASE", "PYTHONWARNINGS", "PYTHONDEVMODE",
                        "PYTHONPROFILEIMPORTTIME", "PYTHONEXECUTABLE", "PYTHONBREAKPOINT", "PYTHONASYNCIODEBUG")


@pytest.fixture(autouse=True)
def _private_state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests keep the device id and notes in their own state dir, never the user's."""
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))  # where `chief demo` keeps its file


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """Where the data file goes; the file itself does not exist yet."""
    return tmp_path / "data" / "chief.json"


@pytest.fixture
def env(tmp_path: Path, data_file: Path) -> dict[str, str]:
    """Environment for a ``chief`` subprocess: temp data file, state dir, config, frozen time."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CHIEF_") and k not in _DROPPED_PYTHON_VARS}
    environ.update(
        CHIEF_FILE=str(data_file),
        CHIEF_STATE_DIR=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),  # where `chief demo` keeps its file
        CHIEF_CONFIG=str(tmp_path / "config.toml"),  # absent: the defaults
        CHIEF_NOW=FROZEN_NOW,
        CHIEF_TZ=FROZEN_TZ,
        # a capture answers first whatever runs the tests (a container whose first process is a shell, a
        # systemd unit); tests/system/test_capture_answers_first.py takes it out to test where it would not
        CHIEF_CAPTURE_WAIT="0",
        PYTHONIOENCODING="utf-8",
    )
    environ.pop("INVOCATION_ID", None)
    return environ


@pytest.fixture
def run_chief(env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess]:
    """``run_chief(*args, env=None, check=False, input=None)``: run ``python -m chief.tui ARGS``.

    ``env`` defaults to the ``env`` fixture; ``check=True`` asserts exit status 0
    (showing stderr when it is not).
    """

    def run(*args: str, env: dict[str, str] | None = None, check: bool = False,
            input: str | None = None) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "chief.tui", *args],
            env=env if env is not None else default_env,
            text=True,
            encoding="utf-8",
            capture_output=True,
            timeout=60,
            input=input,
        )
        if check:
            assert result.returncode == 0, f"chief {' '.join(args)} exited {result.returncode}: {result.stderr}"
        if CAPTURES & set(args):
            written((env if env is not None else default_env), args)
        return result

    default_env = env
    return run


CAPTURES = {"add", "interrupt"}


def written(environ: dict[str, str], args: tuple[str, ...] | list[str] = ()) -> None:
    """Wait until a capture's data file is written: its child holds the lock until then.

    A ``chief add`` process answers once its item is durable in the journal, and a child
    it forks writes the file (store/datafile/capture.py). A test that looks at the file's
    bytes or its folder right after the answer waits for that, as a script would.
    """
    if not hasattr(os, "fork"):
        return  # no child: the capture wrote the file itself
    import fcntl

    from chief.store.datafile import paths
    from chief.store.datafile.storage import lock_path_text

    args = list(args)
    chosen = args[args.index("--file") + 1] if "--file" in args[:-1] else environ.get("CHIEF_FILE")
    if not chosen:
        return
    lock = lock_path_text(paths.real_text(chosen))
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return  # no lock file: nothing was written under it
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
    finally:
        os.close(fd)


@pytest.fixture
def run_main(env: dict[str, str], monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> Callable[..., subprocess.CompletedProcess]:
    """``run_main(*args, env=None, check=False, input=None)``: ``chief ARGS`` in this process.

    Same call and result as ``run_chief``: the environment's CHIEF_* variables
    (and COLUMNS) are set for the call alone, stdout and stderr are what it printed,
    and argparse's exits (--help, --version) are return codes.
    """
    from chief.tui.cli import main

    def run(*args: str, env: dict[str, str] | None = None, check: bool = False,
            input: str | None = None) -> subprocess.CompletedProcess:
        environ = env if env is not None else default_env
        capsys.readouterr()  # what the test printed before is not the command's
        xfsz = signal.getsignal(signal.SIGXFSZ) if hasattr(signal, "SIGXFSZ") else None
        with monkeypatch.context() as patch:
            for key in [k for k in os.environ if k.startswith("CHIEF_")]:
                patch.delenv(key)
            for key, value in environ.items():
                if key.startswith("CHIEF_") or key == "COLUMNS":
                    patch.setenv(key, value)
            patch.setattr(sys, "stdin", io.StringIO(input or ""))
            try:
                code = main(list(args))
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
            finally:
                if xfsz is not None:
                    signal.signal(signal.SIGXFSZ, xfsz)
            out, err = capsys.readouterr()
        result = subprocess.CompletedProcess(["chief", *args], code, out, err)
        if check:
            assert result.returncode == 0, f"chief {' '.join(args)} exited {result.returncode}: {result.stderr}"
        return result

    default_env = env
    return run


@pytest.fixture
def frozen_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze ``chief.store.domain.wallclock.now()`` in this process at FROZEN_NOW in FROZEN_TZ."""
    monkeypatch.setenv("CHIEF_NOW", FROZEN_NOW)
    monkeypatch.setenv("CHIEF_TZ", FROZEN_TZ)


@pytest.fixture(autouse=True)
def _textual_parses_its_own_stylesheets_after_every_test():
    """``chief`` run in this process turns the kept stylesheets on for the process (tui/css_cache.py): after the
    test, Textual parses its own again, so no later test reads rules some earlier test's apps kept."""
    yield
    css_cache = sys.modules.get("chief.tui.css_cache")
    if css_cache is not None:
        css_cache.stop_keeping_rules()


@pytest.fixture(autouse=True)
def _language_back_after_every_test():
    """A command run in Chinese in this process sets its language: the next test starts as it would alone."""
    from chief.store import i18n

    before = i18n.language()
    yield
    if i18n.language() != before:
        i18n.set_language(before)


@pytest.fixture
def english_after():
    """A run in Chinese sets the process's language: English again after the test (``usefixtures``)."""
    yield
    from chief.store import i18n

    i18n.set_language("en")


@pytest.fixture
def zh_env(env: dict[str, str]) -> dict[str, str]:
    """The ``env`` fixture in Chinese, 100 columns wide."""
    return {**env, "CHIEF_LANG": "zh", "COLUMNS": "100"}


@pytest.fixture
def desk(data_file: Path, frozen_time: None):
    """A Desk on ``data_file`` (default settings) with the frozen clock."""
    from chief.store.desk import Desk

    return Desk(data_file)


UI_TESTS = Path(__file__).parent / "ui"
UI_SNAPSHOT_MODULES = {"test_snapshots.py", "test_report_screens.py"}


def pytest_collection_modifyitems(config, items):
    """The dashboard's Pilot scenarios are ``slow``; its snapshots stay in the fast set.

    A Pilot test drives the real app key by key and waits for it to settle: about
    a second each, two and a half minutes for tests/ui. The fast set keeps how
    every screen looks (the snapshot tests, in both languages) and leaves the
    driven behaviour to ``pytest tests/ui`` and to CI.
    """
    for item in items:
        if UI_TESTS not in item.path.parents:
            continue
        if item.path.name not in UI_SNAPSHOT_MODULES and "snap_compare" not in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
