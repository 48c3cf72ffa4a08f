"""What a real ``chief add`` process loads: only what a capture needs.

``chief add`` runs from scripts and other shells all day and its time is mostly
imports (issue 17). A capture into a file this machine wrote must not load the
parser (argparse), dataclasses (and the inspect and ast it loads), typing, TinyDB, the full store (the desk, the replica), recurrence
(unless the text has 'every:') or pendulum (not even for a date), nor the stdlib it does without: re, enum,
json, pathlib, glob, contextlib (STDLIB below; a Chinese text's catalog and grammar do use re). Each test runs the console script's own path (``main()`` reading
``sys.argv``, ending without the interpreter's teardown) in a fresh interpreter
and looks at ``sys.modules`` just before the process ends; each has a control
that the same modules do load when the text or the command line needs them, so
the check cannot pass by looking at the wrong thing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import chief.store

# Never on a plain capture's path (the module, or a package's first part).
HEAVY = ("argparse", "dataclasses", "inspect", "typing", "threading", "signal", "ctypes", "chief.store.domain.pinyin", "tinydb", "chief.tui.cli.parser", "chief.store.desk", "chief.store.sync.replica",
         "chief.store.domain.recur", "chief.store.reports.stats", "textual", "rich")
# The stdlib a capture does without (issue 17): re and enum (4 ms), json (its package compiles patterns at import),
# pathlib and what it pulls (fnmatch, urllib.parse), glob, contextlib. _json, the C module, is fine.
STDLIB = ("re", "enum", "json", "pathlib", "glob", "fnmatch", "urllib", "contextlib")
# A Chinese date: the Chinese WHEN grammar uses re (and so enum).
STDLIB_IN_CHINESE = tuple(m for m in STDLIB if m not in ("re", "enum"))

# The child runs without the site module (-S): an editable install's finder, which site runs, imports pathlib
# and re itself before any of Chief's code. Chief's packages are found where this process found them, and the
# installed packages (TinyDB, pendulum, for the controls) where they are installed.
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(chief.store.__file__)))  # the folder holding store/ and tui/
_SITE = [p for p in sys.path if os.path.basename(p) in ("site-packages", "dist-packages")]
_PRELUDE = (
    "import sys\n"
    f"sys.path.extend({_SITE!r})\n"
    "chief = type(sys)('chief')\n"
    f"chief.__path__ = [{_ROOT!r}]\n"
    "sys.modules['chief'] = chief\n"
)


def _loaded_by_capture(env: dict[str, str], *argv: str, script: str | None = None) -> tuple[str, list[str]]:
    """What ``chief ARGV`` printed, and the modules its process had loaded when it ended.

    ``script``: run through that file's own text (the installed ``chief``) instead of calling ``main()``.
    """
    run = f"exec(compile(open({script!r}).read(), {script!r}, 'exec'), {{'__name__': '__main__'}})\n" if script else (
        "sys.exit(run.main())\n")
    code = (
        _PRELUDE
        + f"sys.argv = ['chief', *{list(argv)!r}]\n"
        "import chief.tui.cli.run as run\n"
        "def _end(code):\n"
        "    loaded = sorted(sys.modules)  # before the json that says them\n"
        "    import json\n"
        "    print(json.dumps(loaded))\n"
        "    sys.stdout.flush()\n"
        "    run.os._exit(code)\n"
        "run._exit_now = _end  # where the real process ends: the modules it loaded, then the same exit\n"
        + run
    )
    result = subprocess.run([sys.executable, "-S", "-c", code], env=env, text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    *said, modules = result.stdout.strip().splitlines()
    return "\n".join(said), json.loads(modules)


def _heavy(modules: list[str], heavy: tuple[str, ...] = HEAVY + STDLIB) -> list[str]:
    return sorted(m for m in modules if m in heavy or m.split(".")[0] in heavy)


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
    chinese = "年" in echo
    said, modules = _loaded_by_capture(zh_env if chinese else env, "add", text)
    assert echo in said
    assert "chief.store.datafile.capture" in modules and "chief.store.domain.when" in modules  # the control: a date was read
    assert "pendulum" not in modules and _heavy(modules, HEAVY + (STDLIB_IN_CHINESE if chinese else STDLIB)) == []


@pytest.mark.parametrize("argv", [["add", "回电话给办公厅"], ["interrupt", "来电", "from:主任"],
                                  ["add", "＊！起草通知", "@wang", "~30m"]], ids=lambda a: " ".join(a))
def test_a_plain_capture_in_chinese_loads_nothing_heavy_either(zh_env, known_file, argv):
    """Chinese words come from the compiled catalogs read message by message (store/i18n/mo_file.py): no gettext,
    and so no re or enum, for a capture without a date."""
    said, modules = _loaded_by_capture(zh_env, *argv)
    assert any(word in said for word in ("待分拣", "突发事项", "立即办")), said  # said in Chinese: the catalogs were read
    assert "chief.store.datafile.capture" in modules and "chief.store.i18n.mo_file" in modules  # the controls
    assert _heavy(modules, HEAVY + STDLIB + ("gettext",)) == []


def test_what_a_capture_does_not_load_still_loads_when_needed(env, known_file):
    """The controls: 'every:' loads recurrence, an option after the command the parser, a file from elsewhere the store."""
    said, modules = _loaded_by_capture(env, "add", "weekly report every:mon 9:00")
    assert "chief.store.domain.recur" in modules and "argparse" not in modules, said
    said, modules = _loaded_by_capture(env, "add", "--config", env["CHIEF_CONFIG"], "an option after the command")
    assert "Inbox: an option after the command" in said
    assert "argparse" in modules and "chief.tui.cli.parser" in modules
    said, modules = _loaded_by_capture(env, "add", "-", "a dash")  # not a plain capture: the parser reads it as text
    assert "Inbox: - a dash" in said and "argparse" in modules


def test_the_controls_of_the_stdlib_left_out(env, known_file):
    """What a capture does without still loads where it is needed: re for a pattern, json for TinyDB (the full store)."""
    said, modules = _loaded_by_capture(env, "add", "call the printer people")
    assert "_json" in modules and "json" not in modules and "re" not in modules  # the C module does the capture's JSON
    said, modules = _loaded_by_capture(env, "add", "every word\u200dcounts")  # a joiner to show: a pattern escapes it
    assert "re" in modules and "enum" in modules and "Inbox: every word\\u200dcounts" in said


def _installed_chief() -> str:
    """The ``chief`` command of the environment these tests run in (its bin folder, beside its python)."""
    found = shutil.which("chief", path=os.path.dirname(sys.executable))
    assert found, "no chief command beside " + sys.executable
    return found


def test_the_installed_chief_script_imports_no_re_and_runs(env, known_file):
    """pip's script for an entry point imports re before Chief runs; the installed one is Chief's own (bin/chief)."""
    script = _installed_chief()
    with open(script, encoding="utf-8") as handle:
        text = handle.read()
    assert text.startswith("#!") and "from chief.tui.cli import main" in text and "sys.exit(main())" in text
    imports = [line.split() for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert all(words[1] != "re" for words in imports), imports
    version = subprocess.run([script, "--version"], env=env, text=True, capture_output=True, timeout=60)
    assert version.returncode == 0 and version.stdout.strip() == f"chief {chief.store.__version__}", version
    said, modules = _loaded_by_capture(env, "add", "through the script", script=script)  # the script's own text, run
    assert "Inbox: through the script" in said
    assert "chief.store.datafile.capture" in modules and _heavy(modules) == []


def test_a_file_from_elsewhere_takes_the_full_store(env, known_file, data_file):
    data_file.write_text(data_file.read_text(encoding="utf-8").replace("make it known", "made known"), encoding="utf-8")
    said, modules = _loaded_by_capture(env, "add", "after a hand edit")
    assert "Inbox: after a hand edit" in said
    assert "chief.store.desk" in modules and "tinydb" in modules  # the full read-merge-write, as before
    assert "pendulum" in modules  # the control for a dated capture: the desk's path does load it
    assert "json" in modules and "pathlib" in modules  # and for the stdlib a capture does without (TinyDB's, the desk's)
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
