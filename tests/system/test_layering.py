"""The store is a plain library and the quick CLI commands never load textual.

``chief add`` runs from other shells all day: loading textual would make it slow,
and the store must stay usable without any user interface at all.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # tests/system/ -> the repository
STORE = ROOT / "store"


def _loaded_after(code: str, env: dict[str, str]) -> list[str]:
    """Run ``code`` in a fresh interpreter; the top-level packages it left in sys.modules.

    As a control, the script then imports textual itself and checks that the
    detection sees it, so a test cannot pass because textual is not installed.
    """
    script = (
        "import json, sys\n"
        + code
        + "\nseen = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('chief.tui'))\n"
        "import textual\n"
        "assert 'textual' in sys.modules\n"
        "print(json.dumps(seen))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_store_modules_load_no_ui(env):
    loaded = _loaded_after("import chief.store, chief.store.desk, chief.store.domain.board, chief.store.exchange.doctor, chief.store.exchange.demo", env)
    assert loaded == []


def test_cli_module_loads_no_textual(env):
    loaded = _loaded_after("import chief.tui.cli", env)
    assert [m for m in loaded if m.split(".")[0] in ("textual", "rich")] == []
    assert "chief.tui.cli" in loaded  # the control: tui modules are seen


@pytest.mark.parametrize(
    "argv",
    [
        ["add", "call Li ^tomorrow 9:30"],
        ["interrupt", "phone from:boss"],
        ["list"],
        ["list", "--json", "--all"],
        ["team", "add", "张伟", "--capacity", "30"],
        ["team", "list", "--json"],
        ["doctor"],
    ],
    ids=lambda a: " ".join(a),
)
def test_quick_commands_never_import_textual(env, argv):
    """main() runs the command to the end, then sys.modules is inspected."""
    code = (
        "from chief.tui.cli import main\n"
        "main(['add', 'first item'])\n"
        f"rc = main({argv!r})\n"
        "assert rc == 0, rc\n"
    )
    loaded = _loaded_after(code, env)
    assert [m for m in loaded if m.split(".")[0] in ("textual", "rich")] == []


def _imported_by(argv: list[str], env: dict[str, str]) -> list[str]:
    """The modules ``python -X importtime -m chief.tui ARGV`` imported (from its import log)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "chief.tui", *argv],
        env=env, text=True, capture_output=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    modules = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.append(line.rsplit("|", 1)[1].strip())
    return modules


@pytest.mark.parametrize("argv", [["add", "* report ^fri"], ["list"]], ids=lambda a: a[0])
def test_real_cli_run_never_imports_textual(env, argv):
    modules = _imported_by(argv, env)
    assert "chief.tui.cli" in modules and "tinydb" in modules  # the log is real: the full store came (the file read through TinyDB)
    assert [m for m in modules if m.split(".")[0] == "textual"] == []


def _imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call):
            # importlib.import_module("textual...") or __import__("chief.tui...")
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
                found.append((node.lineno, str(node.args[0].value)))
    return found


def test_store_sources_import_neither_textual_nor_tui():
    sources = sorted(STORE.rglob("*.py"))
    assert len(sources) >= 30  # the whole package and its layers, not an empty glob
    offending = [
        f"{path.relative_to(STORE)}:{line}: {module}"
        for path in sources
        for line, module in _imports_of(path)
        if module.split(".")[0] in ("textual", "tui", "rich") or module.startswith("chief.tui")
    ]
    assert offending == []


# what a real process of each command loads -------------------------------------------------


def test_a_capture_loads_no_pendulum_with_a_date_or_without(env, run_main, data_file):
    """The capture path reads, places and says a due time with the stdlib."""
    run_main("add", "make it known", check=True)
    code = ("import sys, chief.tui.cli; chief.tui.cli.main(['add', 'no date here']); "
            "print('pendulum' in sys.modules, 'chief.store.desk' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], env=env, text=True, capture_output=True, check=True)
    assert result.stdout.split()[-2:] == ["False", "False"]
    code = code.replace("no date here", "with a date ^fri")
    result = subprocess.run([sys.executable, "-c", code], env=env, text=True, capture_output=True, check=True)
    assert "due Fri 27 Nov 2026" in result.stdout and result.stdout.split()[-2:] == ["False", "False"]


def test_pendulum_loads_without_what_it_imports_for_other_uses(env, run_main):
    """pendulum imports dateutil's parser (a fallback) and importlib.resources (to find a locale): loaded the
    dashboard's way (``import_pendulum``), after a dated capture, it loads neither.

    The control: both still load and work when pendulum does need them.
    """
    run_main("add", "make it known", check=True)
    heavy = ("pendulum", "dateutil.tz", "dateutil.relativedelta", "tempfile", "zipfile", "lzma")
    code = ("import sys, chief.tui.cli; assert chief.tui.cli.main(['add', 'call back ^fri 15:00']) == 0; "
            "from chief.store import import_pendulum; import_pendulum(); "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules)); "
            "import pendulum; print(pendulum.parse('Dec 3 2026', strict=False).day, 'dateutil.tz' in sys.modules); "
            "print(pendulum.datetime(2026, 12, 4).format('dddd', locale='fr'), 'tempfile' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], env=env, text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "(due Fri 27 Nov 2026 15:00" in result.stdout
    assert result.stdout.splitlines()[-3:] == ["['pendulum']", "3 True", "vendredi True"]


@pytest.mark.parametrize(
    ("text", "loaded"),
    [
        ("plain", False),
        ("＊！ 起草通知 ～2h", False),  # full-width marks need no pinyin
        ("审阅 @张伟", False),  # a name typed as it is found without pinyin
        ("审阅 @zw", True),  # the control: pinyin is what finds 张伟 here
    ],
)
def test_only_a_name_found_by_pinyin_loads_pypinyin(env, run_main, text, loaded):
    """pypinyin takes about 0.2 s to load: the capture path pays it only when a name needs it."""
    run_main("team", "add", "张伟", check=True)
    run_main("add", "make it known", check=True)
    code = (f"import sys, chief.tui.cli; assert chief.tui.cli.main(['add', {text!r}]) == 0; "
            "print('pypinyin' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], env=env, text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(loaded)


def test_export_and_import_load_no_ui(env, tmp_path):
    out = tmp_path / "x.csv"
    code = (
        "from chief.tui.cli import main\n"
        "assert main(['add', '* first ^fri']) == 0\n"
        f"assert main(['export', '--format', 'ics', '--output', {str(tmp_path / 'x.ics')!r}]) == 0\n"
        f"assert main(['export', '--output', {str(out)!r}]) == 0\n"
        f"assert main(['import', {str(out)!r}]) == 0\n"
    )
    assert [m for m in _loaded_after(code, env) if m.split(".")[0] in ("textual", "rich")] == []


def test_report_commands_load_no_textual(env):
    """The reports are plain library code: the commands stay as light as `chief list`."""
    code = (
        "import sys\n"
        "from chief.tui.cli import main\n"
        "for argv in (['add', 'x'], ['stats'], ['stats', '--week', '--json'], ['brief'], ['review', '--json']):\n"
        "    assert main(argv) == 0, argv\n"
        "import chief.store.reports.brief, chief.store.reports.chart, chief.store.reports.review, chief.store.reports.stats\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, text=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


FACES = ROOT / "tui"


def test_faces_use_only_the_public_api():
    """The dashboard and the CLI import the store only through ``chief.store``'s exported names.

    A face that reached into ``chief.store.sync.replica`` (or any module below the
    package) would tie itself to the store's insides; everything it needs is in
    ``store/__init__.py``'s export table instead.
    """
    import chief.store

    sources = sorted(FACES.rglob("*.py"))
    assert len(sources) >= 30  # every face module, not an empty glob
    below = []
    unknown = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chief.store"):
                if node.module != "chief.store":
                    below.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.module}")
                unknown += [f"{path.relative_to(ROOT)}:{node.lineno}: {a.name}" for a in node.names
                            if a.name not in chief.store.__all__]
            elif isinstance(node, ast.Import):
                below += [f"{path.relative_to(ROOT)}:{node.lineno}: {a.name}" for a in node.names
                          if a.name.startswith("chief.store.")]
    assert below == []
    assert unknown == []


def test_every_public_name_loads():
    """Each name in the export table is where the table says (a renamed function fails here, not in a face)."""
    import chief.store

    missing = [name for name in chief.store.__all__ if getattr(chief.store, name, None) is None]
    assert missing == []
