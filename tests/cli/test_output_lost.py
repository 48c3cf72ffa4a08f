"""A command whose output cannot be written (`chief add X >/dev/full`) says so in one line, exit 3.

The command itself was carried out: a capture's item is saved, a done item is done. Before, the
error was said like a refused command's ("the disk is full", exit 2: "nothing was changed"), so
a script retrying the capture added it twice; and with buffered output the interpreter's own
flush at its end printed a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")


def _into_full_disk(env: dict[str, str], *args: str, buffered: bool = True) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in env.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        environ["PYTHONUNBUFFERED"] = "1"
    with open("/dev/full", "w") as full:
        return subprocess.run([sys.executable, "-m", "chief.tui", *args], env=environ, stdout=full,
                              stderr=subprocess.PIPE, text=True, encoding="utf-8", timeout=60)


def _titles(run_chief) -> dict[str, str]:
    listed = json.loads(run_chief("list", "--all", "--json", check=True).stdout)
    return {item["title"]: item["status"] for item in listed}


@pytest.mark.parametrize("buffered", [True, False])
def test_a_capture_into_a_full_disk_is_saved_and_says_its_line_was_lost(env, run_chief, buffered):
    run_chief("add", "the first item", check=True)
    done = _into_full_disk(env, "add", "起草通知", buffered=buffered)
    assert done.returncode == 3
    assert done.stderr == ("chief: the command was carried out, but its output could not be written: "
                           "the disk is full\n")
    assert _titles(run_chief)["起草通知"] == "inbox"  # saved once: a script that believed exit 2 would add it again


@pytest.mark.parametrize("buffered", [True, False])
def test_a_change_and_a_listing_into_a_full_disk_say_one_line(env, run_chief, buffered):
    run_chief("add", "复核材料", check=True)
    done = _into_full_disk(env, "done", "复核材料", buffered=buffered)
    assert done.returncode == 3 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert _titles(run_chief)["复核材料"] == "done"
    listed = _into_full_disk(env, "list", buffered=buffered)
    assert listed.returncode == 3 and listed.stderr.count("\n") == 1 and "Traceback" not in listed.stderr


def test_a_refused_capture_into_a_full_disk_is_still_refused(env, run_chief):
    run_chief("add", "the first item", check=True)
    done = _into_full_disk(env, "add", "回电话 @nobody")
    assert done.returncode == 2 and "unknown member" in done.stderr


def test_in_chinese(env, run_chief):
    run_chief("add", "the first item", check=True)
    done = _into_full_disk({**env, "CHIEF_LANG": "zh"}, "add", "登记来文")
    assert done.returncode == 3 and done.stderr == "chief: 命令已执行，但其输出无法写出：磁盘已满\n"
