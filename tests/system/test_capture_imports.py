"""What a real ``chief add`` process loads: only what a capture needs.

``chief add`` runs from scripts and other shells all day and its time is mostly
imports (issue 17). A capture into a file this machine wrote must not load the
parser (argparse), dataclasses (and the inspect and ast it loads), typing, TinyDB, the full store (the desk, the replica), recurrence
(unless the text has 'every:') or pendulum (not even for a date). Each test runs the console script's own path (``main()`` reading
``sys.argv``, ending without the interpreter's teardown) in a fresh interpreter
and looks at ``sys.modules`` just before the process ends; each has a control
that the same modules do load when the text or the command line needs them, so
the check cannot pass by looking at the wrong thing.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Never on a plain capture's path (the module, or a package's first part).
HEAVY = ("argparse", "dataclasses", "inspect", "typing", "threading", "signal", "ctypes", "chief.store.domain.pinyin", "tinydb", "chief.tui.cli.parser", "chief.store.desk", "chief.store.sync.replica",
         "chief.store.domain.recur", "chief.store.reports.stats", "textual", "rich")


def _loaded_by_capture(env: dict[str, str], *argv: str) -> tuple[str, list[str]]:
    """What ``chief ARGV`` printed, and the modules its process had loaded when it ended."""
    script = (
        "import json, sys\n"
        f"sys.argv = ['chief', *{list(argv)!r}]\n"
        "import chief.tui.cli.run as run\n"
        "def _end(code):\n"
        "    print(json.dumps(sorted(sys.modules)))\n"
        "    sys.stdout.flush()\n"
        "    run.os._exit(code)\n"
        "run._exit_now = _end  # where the real process ends: the modules it loaded, then the same exit\n"
        "sys.exit(run.main())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    *said, modules = result.stdout.strip().splitlines()
    return "\n".join(said), json.loads(modules)


def _heavy(modules: list[str]) -> list[str]:
    return sorted(m for m in modules if m in HEAVY or m.split(".")[0] in HEAVY)


@pytest.fixture
def known_file(run_main) -> None:
    """A data file this machine wrote (so the next capture splices it) with a member to assign."""
    run_main("team", "add", "Wang Li", check=True)
    run_main("add", "make it known", check=True)


@pytest.mark.parametrize("argv", [["add", "call the printer people"], ["interrupt", "phone", "from:boss"],
                                  ["add", "* ! report", "@wang", "~30m"]], ids=lambda a: " ".join(a))
def test_a_plain_capture_loads_nothing_heavy(env, known_file, argv):
    said, modules = _loaded_by_capture(env, *argv)
    assert "Inbox:" in said or "Interrupt" in said or "Do now:" in said, said
    assert "chief.store.datafile.capture" in modules  # the control: the capture path itself was taken
    assert _heavy(modules) == []
    assert "pendulum" not in modules  # no date typed


@pytest.mark.parametrize(("text", "echo"), [
    ("call back ^fri 15:00", "(due Fri 27 Nov 2026 15:00 (in 2d)"),
    ("^tmr 3pm call back", "(due Thu 26 Nov 2026 15:00"),
    ("call back ^in 3d", "(due Sat 28 Nov 2026, all day (in 3d)"),
    ("call back ^eow", "(due Fri 27 Nov 2026 18:00"),
    ("call back ^2026-12-01", "(due Tue 1 Dec 2026, all day"),
    ("call back ^12-01 9am", "(due Tue 1 Dec 2026 09:00"),
    ("call back ^next mon", "(due Mon 30 Nov 2026, all day"),
    ("回电话 ^明天下午3点", "2026年11月26日 周四 15:00"),
    ("回电话 ^下周一", "2026年11月30日 周一 全天"),
], ids=lambda v: v if v.count(" ") < 3 else v.split("(")[0])
def test_a_dated_capture_loads_no_pendulum_and_nothing_heavy(env, zh_env, known_file, text, echo):
    """The WHEN grammar, the due's placement and its echo are the stdlib's: a date costs no pendulum."""
    said, modules = _loaded_by_capture(zh_env if "年" in echo else env, "add", text)
    assert echo in said
    assert "chief.store.datafile.capture" in modules and "chief.store.domain.when" in modules  # the control: a date was read
    assert "pendulum" not in modules and _heavy(modules) == []


def test_what_a_capture_does_not_load_still_loads_when_needed(env, known_file):
    """The controls: 'every:' loads recurrence, an option after the command the parser, a file from elsewhere the store."""
    said, modules = _loaded_by_capture(env, "add", "weekly report every:mon 9:00")
    assert "chief.store.domain.recur" in modules and "argparse" not in modules, said
    said, modules = _loaded_by_capture(env, "add", "--config", env["CHIEF_CONFIG"], "an option after the command")
    assert "Inbox: an option after the command" in said
    assert "argparse" in modules and "chief.tui.cli.parser" in modules
    said, modules = _loaded_by_capture(env, "add", "-", "a dash")  # not a plain capture: the parser reads it as text
    assert "Inbox: - a dash" in said and "argparse" in modules


def test_a_file_from_elsewhere_takes_the_full_store(env, known_file, data_file):
    data_file.write_text(data_file.read_text(encoding="utf-8").replace("make it known", "made known"), encoding="utf-8")
    said, modules = _loaded_by_capture(env, "add", "after a hand edit")
    assert "Inbox: after a hand edit" in said
    assert "chief.store.desk" in modules and "tinydb" in modules  # the full read-merge-write, as before
    assert "pendulum" in modules  # the control for a dated capture: the desk's path does load it
    assert "argparse" not in modules


def test_a_capture_in_chinese_reads_no_dashboard_catalog(zh_env, run_main):
    """The dashboard's catalog is read on the first message the command line's do not know; a capture knows all its own."""
    run_main("add", "make it known", env=zh_env, check=True)
    code = (
        "import sys, chief.tui.cli\n"
        "assert chief.tui.cli.main(['add', '起草通知 ^周五']) == 0\n"
        "from chief.store import i18n\n"
        "lazy = i18n._catalog\n"
        "while not hasattr(lazy, 'mo'):\n"
        "    lazy = lazy._fallback\n"
        "print(lazy.mo.rsplit('/', 1)[-1], lazy.catalog is None)\n"
        "print(i18n._(' (the next one is made when this one is done)'), lazy.catalog is None)\n"  # a dashboard word
    )
    result = subprocess.run([sys.executable, "-c", code], env=zh_env, text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    *said, read, control = result.stdout.strip().splitlines()
    assert "待分拣" in "".join(said) or "时限" in "".join(said), said
    assert read == "ui.mo True"
    assert control == "（本次办结后生成下一次） False"


def _patterns_compiled_by_capture(env: dict[str, str], *argv: str, probe: str = "") -> list[str]:
    """The lazily compiled patterns (store/lazy_pattern.py) of Chief's modules that ``chief ARGV`` compiled
    (``probe``: a line run after the command, before the patterns are looked at)."""
    script = (
        "import json, sys\n"
        f"sys.argv = ['chief', *{list(argv)!r}]\n"
        "import chief.tui.cli.run as run\n"
        "def _end(code):\n"
        "    from chief.store.lazy_pattern import LazyPattern\n"
        f"    {probe or 'pass'}\n"
        "    print(json.dumps(sorted(f'{name}.{key}' for name, module in list(sys.modules.items()) if name.startswith('chief.')\n"
        "                            for key, value in vars(module).items() if isinstance(value, LazyPattern) and 'compiled' in vars(value))))\n"
        "    sys.stdout.flush()\n"
        "    run.os._exit(code)\n"
        "run._exit_now = _end\n"
        "sys.exit(run.main())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_plain_capture_compiles_no_pattern_it_does_not_need(env, known_file):
    """Compiling a pattern costs 0.1-0.9 ms of a 45 ms capture: the capture path's are compiled at first use, and
    printable text (Chinese too) needs none of them. The control: a pattern used after the capture is seen compiled."""
    # the new item's stamps, its effort and its due are read by hand (store/domain/forms.py): no pattern at all
    assert _patterns_compiled_by_capture(env, "add", "起草年度工作总结 call the printer people", "@wang") == []
    assert _patterns_compiled_by_capture(env, "add", "call the printer people", "~30m", "^fri 15:00") == []
    probe = "import chief.store.datafile.storage as s; s.escape_unsafe('odd \\x85 text')"
    assert "chief.store.datafile.storage._RAW_UNSAFE" in _patterns_compiled_by_capture(env, "add", "x", probe=probe)
