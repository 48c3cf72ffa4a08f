"""``chief completion bash|zsh|fish`` and ``chief man``: made from the parser, valid for their shell and for roff.

Every subcommand the parser knows is in every script and in the manual page,
including one a later change adds (the test below adds one the way a group
module does): nothing is listed by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import types

import pytest

from chief.tui.cli import parser as cli_parser
from chief.tui.cli.shell import SHELLS, _parsers, _subcommands

CHECKS = {  # how each shell reads a script without running it
    "bash": ["bash", "-n"],
    "zsh": ["zsh", "-n"],
    "fish": ["fish", "--no-execute"],
}


def has_option(script: str, shell: str, option: str) -> bool:
    """Whether the script completes ``--option`` (fish spells it ``-l option``)."""
    return f"-l {option}" in script if shell == "fish" else f"--{option}" in script


def every_command() -> list[str]:
    """Every subcommand, nested ones too ("team add"), from the parser itself."""
    found = []

    def walk(parser, prefix):
        for name, sub in _subcommands(parser):
            found.append(f"{prefix}{name}")
            walk(sub, f"{prefix}{name} ")

    walk(cli_parser.build_parser(), "")
    return found


def test_the_parser_knows_the_commands_of_every_group():
    names = every_command()
    assert set(cli_parser.GROUPS) <= set(names)
    assert {"undo", "redo", "completion", "man", "team add", "team list"} <= set(names)


@pytest.mark.parametrize("shell", SHELLS)
def test_each_script_is_valid_for_its_shell_and_names_every_command(run_main, tmp_path, shell):
    script = run_main("completion", shell, check=True).stdout
    for name in every_command():
        assert name.split()[-1] in script, (shell, name)
    assert all(has_option(script, shell, o) for o in ("follow-up", "no-follow-up", "capacity", "install"))
    if shutil.which(CHECKS[shell][0]) is None:
        pytest.skip(f"{shell} is not installed: the script's syntax is not checked here")
    path = tmp_path / f"chief.{shell}"
    path.write_text(script, encoding="utf-8")
    checked = subprocess.run([*CHECKS[shell], str(path)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_their_arguments_and_options(run_main, tmp_path):
    script = tmp_path / "chief.bash"
    script.write_text(run_main("completion", "bash", check=True).stdout, encoding="utf-8")

    def complete(*words: str) -> set[str]:
        line = " ".join(words)
        code = (f'source {script}; COMP_WORDS=({" ".join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}; '
                f'COMP_LINE={line!r}; COMP_POINT={len(line)}; _shtab_chief; printf "%s\\n" "${{COMPREPLY[@]}}"')
        result = subprocess.run(["bash", "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
        return set(result.stdout.split())

    assert complete("chief", "un") == {"undo"}
    assert complete("chief", "team", "") == {"add", "edit", "remove", "away", "back", "show", "list", "report"}
    assert complete("chief", "completion", "") == {"bash", "zsh", "fish"}
    assert {"--follow-up", "--no-follow-up"} <= complete("chief", "wait", "--")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_command_added_later_is_completed_and_documented(run_main, env, monkeypatch, lang):
    """A group module that declares one more command: the scripts and the page have it, with no list to edit."""
    module = types.ModuleType("chief.tui.cli.later_group")

    def add_parsers(command, shared):
        extra = command("frobnicate", "a command from a later change")
        extra.add_argument("--zorch", action="store_true", help="an option of it")

    module.add_parsers = add_parsers
    module.HANDLERS = {"frobnicate": lambda args: 0}
    monkeypatch.setitem(sys.modules, "chief.tui.cli.later_group", module)
    monkeypatch.setitem(cli_parser.GROUPS, "frobnicate", "later_group")
    environ = {**env, "CHIEF_LANG": lang}
    for shell in SHELLS:
        script = run_main("completion", shell, env=environ, check=True).stdout
        assert "frobnicate" in script and has_option(script, shell, "zorch"), shell
    page = run_main("man", env=environ, check=True).stdout
    assert ".SS chief frobnicate" in page and "\\-\\-zorch" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_manual_page_is_clean_roff_with_every_command(run_main, env, tmp_path, lang):
    page = run_main("man", env={**env, "CHIEF_LANG": lang}, check=True).stdout
    assert page.startswith(".TH CHIEF 1 ")
    for name in every_command():
        assert f".SS chief {name}\n" in page.replace("\\-", "-"), name
    assert all(not line.startswith(("'", ".SS .", ". ")) for line in page.splitlines())
    for variable in ("CHIEF_FILE", "CHIEF_CONFIG", "CHIEF_STATE_DIR", "CHIEF_LANG"):
        assert f"\\fB{variable}\\fR" in page
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed: the page's roff is not checked here")
    result = subprocess.run(["groff", "-k", "-man", "-Tutf8", "-ww", "-z"], input=page, capture_output=True,
                            text=True, timeout=60)
    warnings = [line for line in result.stderr.splitlines() if "adjust line" not in line and "break line" not in line]
    assert result.returncode == 0 and warnings == []
    shown = subprocess.run(["groff", "-k", "-man", "-Tutf8"], input=page, capture_output=True, text=True, timeout=60).stdout
    assert "chief undo" in shown or "chief undo" in shown.replace("\u2010", "-")
    if lang == "zh":
        assert "名称" in shown and "本机命令行" in shown


def test_install_writes_where_each_shell_looks_and_says_where(run_main, env, tmp_path):
    home = {**env, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    targets = {
        "bash": tmp_path / "data" / "bash-completion" / "completions" / "chief",
        "fish": tmp_path / "config" / "fish" / "completions" / "chief.fish",
        "zsh": tmp_path / "data" / "zsh" / "site-functions" / "_chief",
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", home["XDG_DATA_HOME"])
        patch.setenv("XDG_CONFIG_HOME", home["XDG_CONFIG_HOME"])
        for shell, target in targets.items():
            result = run_main("completion", shell, "--install", check=True)
            assert result.stdout.startswith(f"wrote the {shell} completion to {target}; it works in a new shell\n")
            assert target.read_text(encoding="utf-8") == run_main("completion", shell, check=True).stdout
        assert "fpath=(" in run_main("completion", "zsh", "--install", check=True).stdout
        page = tmp_path / "data" / "man" / "man1" / "chief.1"
        assert run_main("man", "--install", check=True).stdout == f"wrote the manual page to {page}: man chief\n"
        assert page.read_text(encoding="utf-8").startswith(".TH CHIEF 1")
        patch.setenv("SHELL", "/usr/bin/fish")
        assert run_main("completion", check=True).stdout == run_main("completion", "fish", check=True).stdout
        patch.setenv("SHELL", "/bin/tcsh")
        result = run_main("completion")
        assert (result.returncode, result.stderr) == (2, "chief: say which shell: chief completion bash, zsh or fish\n")
        result = run_main("completion", "powershell")
        assert result.returncode == 2 and "invalid choice: 'powershell'" in result.stderr


def test_every_parser_is_reached(run_main):
    """The walk the scripts and the page are made from reaches the nested parsers (team add, team list)."""
    progs = [p.prog for p in _parsers(cli_parser.build_parser())]
    assert "chief team add" in progs and "chief team list" in progs and "chief completion" in progs
