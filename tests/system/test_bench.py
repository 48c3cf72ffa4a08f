"""The benchmark keeps working (CI runs it at a small size); no time is asserted here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
@pytest.mark.external
@pytest.mark.skipif(not shutil.which("tmux"), reason="the benchmark drives a real terminal: tmux is needed")
def test_the_benchmark_runs_and_prints_every_figure(tmp_path):
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "TMUX_TMPDIR": str(tmp_path)}
    for key in [k for k in env if k.startswith("CHIEF_")]:
        del env[key]
    done = subprocess.run([sys.executable, "-m", "bench", "--sizes", "200", "--runs", "1"], env=env,
                          capture_output=True, text=True, timeout=300, cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr
    print(done.stdout)
    rows = {line.split("|")[1].strip(): line.split("|")[2] for line in done.stdout.splitlines()
            if line.startswith("| ") and "figure" not in line and "floors" not in line}
    figures = ["launch to first items painted", "key to screen (1 on an inbox item)", "`chief add`",
               "`chief add` with `^fri 15:00`", "peak memory of the dashboard",
               "one durable save of one change, vs the disk's durable write of the same file",
               "merge of two replicas, 500 edits each"]
    floors = ["bare Textual app, four panels: first paint", "bare Textual app: one bound key", "`python -c pass`",
              "the disk: a durable write of the data file's bytes"]
    assert set(figures + floors) <= set(rows), done.stdout
    assert all(any(ch.isdigit() for ch in rows[name]) for name in figures + floors), done.stdout
    # each timed figure of the dashboard is given as a ratio to its floor, with its budget
    assert "x (<= 1.4x)" in rows["launch to first items painted"], done.stdout
    # the cold launch (nothing kept: a file synced in) is shown beside it, a ratio without a budget
    cold = rows["*cold launch: nothing kept (a file synced in)*"]
    assert "x" in cold and "<=" not in cold, done.stdout
    assert "x (<= 2x)" in rows["key to screen (1 on an inbox item)"], done.stdout
    # the save, bound by the disk, as a ratio to a durable write of the same bytes taken between the saves
    assert "x the disk" in rows["one durable save of one change, vs the disk's durable write of the same file"], done.stdout
