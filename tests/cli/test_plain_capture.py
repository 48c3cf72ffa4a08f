"""``chief add TEXT`` read without argparse gives the parser's very arguments, and leaves it everything unusual."""

from __future__ import annotations

import json

import pytest

from chief.tui.cli.parser import build_parser
from chief.tui.cli.words import plain_capture, plain_dashboard

PLAIN = [
    ["add", "call Li"],
    ["add", "call", "Li", "^tomorrow", "9:30"],
    ["interrupt", "phone from:boss"],
    ["--file", "x.json", "add", "a b"],
    ["--file=x.json", "--config", "c.toml", "add", "* ! report"],
    ["--config=c.toml", "--file", "y.json", "--file", "z.json", "interrupt", "起草通知 ^周五"],
    ["add", "add"],
    ["add", "x-y", "~30m"],
]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_a_plain_capture_reads_as_the_parser_reads_it(argv):
    command = next(w for w in argv if w in ("add", "interrupt"))
    by_hand = plain_capture(argv)
    assert by_hand is not None
    assert vars(by_hand) == vars(build_parser(only=command).parse_args(argv))


@pytest.mark.parametrize("argv", [
    [], ["add"], ["--file", "x.json", "add"], ["add", "--help"], ["add", "-h"], ["add", "x", "--file", "y.json"],
    ["add", "--", "-x"], ["add", "-x"], ["add", "-"], ["--file"], ["--file", "--config", "add", "x"], ["--file=", "add", "x"],
    ["--fi", "x.json", "add", "x"], ["-h", "add", "x"], ["--version"], ["list"], ["done", "abc"], ["addx", "y"],
    ["--file", "x.json"],
], ids=lambda a: " ".join(a) or "(nothing)")
def test_anything_unusual_is_left_to_the_parser(argv):
    assert plain_capture(argv) is None


def test_the_parser_still_answers_what_it_is_left(run_main, data_file):
    """No text, help, an option after the command, a bare dash: the parser's answers, as before."""
    result = run_main("add")
    assert result.returncode == 2
    assert result.stderr == "chief: the following arguments are required: TEXT (see 'chief add --help')\n"
    result = run_main("add", "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: chief add [-h] [--file PATH] [--config PATH] [--wait] TEXT")
    other = data_file.with_name("other.json")
    run_main("add", "into the other file", "--file", str(other), check=True)
    run_main("add", "-", "a dash", check=True)
    titles = lambda path: sorted(r["title"] for r in json.loads(path.read_text(encoding="utf-8"))["items"].values())  # noqa: E731
    assert titles(other) == ["into the other file"]
    assert titles(data_file) == ["- a dash"]


def test_bytes_that_are_not_utf8_are_refused_on_the_plain_path(run_main, data_file):
    result = run_main("add", "caf\udce9")
    assert result.returncode == 2 and "TEXT 'caf" in result.stderr and "is not valid UTF-8 text" in result.stderr
    assert not data_file.exists()


@pytest.mark.parametrize("argv", [[], ["--file", "x.json"], ["--file=x.json", "--config", "c.toml"],
                                  ["--config=c.toml", "--file", "数据.json"]], ids=lambda a: " ".join(a) or "(nothing)")
def test_the_dashboard_s_line_reads_as_the_parser_reads_it(argv):
    """``chief [--file P] [--config P]`` opens the dashboard with the parser's very arguments, without a parser."""
    by_hand = plain_dashboard(argv)
    assert by_hand is not None
    assert vars(by_hand) == vars(build_parser(only="dashboard").parse_args(argv))


@pytest.mark.parametrize("argv", [["--file"], ["--file="], ["--file", "--config"], ["--version"], ["-h"], ["--fi", "x"],
                                  ["dashboard"], ["demo"], ["--file", "x.json", "list"], ["add", "x"]], ids=" ".join)
def test_any_other_line_is_left_to_the_parser(argv):
    assert plain_dashboard(argv) is None
