"""The dashboard's first paint loads only what it shows; the rest loads when a key first needs it.

A child process runs ``chief`` (the real entry point and start path) with
Textual's driver headless, notes ``sys.modules`` once the first board is
painted, then presses the keys that need what was left out and checks each
one works.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from apptools import seed

# Loaded by nothing the first paint needs (with no config file): each comes with the key that needs it.
NOT_AT_START = (
    "chief.tui.commands",  # the palette's item search
    "chief.tui.palette",  # the palette itself
    "textual.system_commands",
    "tomllib",  # the themes are a table; the config is read with it only when there is one
    "_hashlib",  # OpenSSL's libcrypto, for the journal's name (the interpreter's own SHA-256 does it)
    "dateutil.parser._parser",  # pendulum's fallback parser for odd date texts
    "importlib.resources._common",  # pendulum's way to find a locale: English is loaded directly
    "pypinyin",
    "textual.widgets._text_area",
    "argparse",  # `chief [--file P]` is read without a parser (tui/cli/words.py); --help still builds one
    "chief.tui.cli.parser",
)
SHOWN_AT_START = ("chief.tui.screens.dashboard", "chief.tui.screens.board_view")

CHILD = r"""
import json, sys
import textual.app

run = textual.app.App.run
report = {}

def headless(self, *args, **kwargs):
    async def pilot(pilot):
        await pilot.pause()
        report["at_first_paint"] = sorted(sys.modules)
        await pilot.press("ctrl+p")
        await pilot.pause()
        report["palette"] = type(pilot.app.screen).__name__
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        report["help"] = type(pilot.app.screen).__name__
        pilot.app.exit()
    return run(self, headless=True, size=(120, 40), auto_pilot=pilot)

textual.app.App.run = headless
from chief.tui.cli import main
code = main(sys.argv[1:])
print(json.dumps({**report, "code": code}))
"""


@pytest.fixture
def started(env, data_file) -> dict:
    seed(data_file)
    result = subprocess.run([sys.executable, "-c", CHILD, "--file", str(data_file)], env=env, text=True,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_first_paint_loads_none_of_what_only_a_key_needs(started):
    loaded = set(started["at_first_paint"])
    assert loaded.issuperset(SHOWN_AT_START)  # the control: the dashboard itself is there
    assert not loaded & set(NOT_AT_START), sorted(loaded & set(NOT_AT_START))
    screens = {name for name in loaded if name.startswith("chief.tui.screens.")}
    assert screens == set(SHOWN_AT_START)  # every dialog and screen loads when its key is pressed


def test_what_was_left_out_works_at_its_first_key(started):
    assert started["code"] == 0
    assert started["palette"] == "ChiefPalette"
    assert started["help"] == "HelpScreen"


# The first frame of a launch that paints the kept first screen: sys.modules then, and whether the board was
# the kept one (a cold launch reads the whole file and its dates first, pendulum and all).
FIRST_FRAME = r"""
import json, os, sys
import textual.app
from textual.screen import Screen

run, refresh = textual.app.App.run, Screen._compositor_refresh
seen = {}

def first_frame(self):
    refresh(self)
    if not seen:
        seen.update(partial=self.app.board.partial, loaded=sorted(sys.modules))

def headless(self, *args, **kwargs):
    async def pilot(pilot):
        kept = os.path.join(os.environ["CHIEF_STATE_DIR"], "first-screen")
        for _ in range(300):  # the full board read, the first screen kept for the next launch (a loaded machine: seconds)
            await pilot.pause(0.1)
            if os.path.isdir(kept) and os.listdir(kept):
                break
        pilot.app.exit()
    return run(self, headless=True, size=(120, 40), auto_pilot=pilot)

Screen._compositor_refresh = first_frame
textual.app.App.run = headless
from chief.tui.cli import main
code = main(sys.argv[1:])
print(json.dumps({**seen, "code": code}))
"""


# What only the commands and the full board need (some 22 M instructions of a 1,270 M launch, TinyDB the most):
# store/lazy_module.py. The team's rules may load for a member away (the team panel says why).
COMMANDS_ONLY = ("tinydb", "chief.store.sync.replica", "chief.store.sync.undo", "chief.store.datafile.capture",
                 "chief.store.domain.recur", "chief.store.domain.board_update", "statistics")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_kept_first_screen_is_painted_without_pendulum_or_the_commands(env, data_file, language):
    """pendulum (some 38 M instructions of a 1,330 M launch) loads after the first paint, with the full board;
    so do the replica, TinyDB and the modules of the commands."""
    seed(data_file)
    # only what a user's shell would have: another test's leftovers in this worker's environment stay out
    env = {key: value for key, value in env.items() if key.startswith("CHIEF_") or key in ("PATH", "HOME", "TMPDIR")}
    env.update(CHIEF_LANG=language, PYTHONIOENCODING="utf-8", TERM="xterm-256color")
    frames = []
    for _launch in range(2):  # the first keeps the first screen, the second paints it
        result = subprocess.run([sys.executable, "-c", FIRST_FRAME, "--file", str(data_file)], env=env, text=True,
                                capture_output=True, timeout=120)
        assert result.returncode == 0, result.stderr
        frames.append(json.loads(result.stdout.strip().splitlines()[-1]))
    cold, kept = frames
    assert not cold["partial"] and "pendulum" in cold["loaded"]  # the control: a cold launch reads its dates first
    assert {"tinydb", "chief.store.sync.replica"} <= set(cold["loaded"])  # ... and the file, through the replica
    assert kept["partial"], "the second launch painted the kept first screen"
    assert not [name for name in kept["loaded"] if name.split(".")[0] in ("pendulum", "dateutil")]
    assert not set(COMMANDS_ONLY) & set(kept["loaded"]), sorted(set(COMMANDS_ONLY) & set(kept["loaded"]))
    assert kept["code"] == 0
