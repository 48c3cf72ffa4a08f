"""The command line in Chinese: every command's output, help and errors say no English word.

A checker reads what a command printed and finds the runs of three or more
ASCII letters left once ids, option names, metavariables, environment
variables, paths and quick-add syntax are taken out; each must be in the
allow-list of key names, format names, command names and the user's own data.
The same commands in English print what they always printed (the rest of
tests/cli holds them to it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("english_after")


# What may stay Latin in Chinese output: command and key names, format and
# program names, the product's name, the WHEN words the help shows as examples
# (yesterday, last week: what --date reads), zone names.
ALLOWED = frozenset("""
    taskwarrior
    chief Chief add interrupt list waiting archive done drop resume snooze wait dashboard demo doctor merge
    git setup driver forget device stats brief review export import team undo redo completion man
    bash zsh fish shell roff SHELL zshrc compinit fpath local share man1
    json csv ics JSON CSV Markdown iCalendar TOML UTF Taskwarrior task gitattributes init
    language yesterday today tomorrow last week Asia Shanghai chmod title
    calendar holidays workdays
    steps step search edit emergency undone move remove proc report back
    inbox open doing dropped weekday mon thu
    away show assign
    serve web docs
""".split())

ID = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{6,26}\b")
TAKEN_OUT = [
    re.compile(r"\bchinese-calendar\b"),  # the holiday data's package, named so it can be updated
    ID,
    re.compile(r"\b(?=[a-z]*\d)[0-9a-z]{8,}\b"),  # device ids
    re.compile(r"(?<=设备 )[0-9a-z]{8,}\b"),       # a device id drawn with no digit in it (about 1 run in 42)
    re.compile(r"--?[a-z][\w-]*"),                # options
    re.compile(r"\b[a-z]+(?:_[a-z]+)+\b"),          # config keys: archive_after_days
    re.compile(r"\$?\b[A-Z][A-Z0-9_]+\b"),         # metavariables, environment variables
    re.compile(r"(?:/[\w.@+~-]+)+/?"),             # paths
    re.compile(r"\b[a-z]+:[\w,.:-]*"),             # quick-add syntax: every:weekday, due:WHEN, from:WHO
    re.compile(r"\b\w+\.(?:json|toml|md|csv|ics|py)\b"),  # file names
]
WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str, user_words: frozenset[str] = frozenset()) -> list[str]:
    """The English words in ``text`` that are not ids, keys, formats or the user's data."""
    for pattern in TAKEN_OUT:
        text = pattern.sub(" ", text)
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED and w not in user_words})


def test_the_checker_finds_english_and_lets_keys_and_ids_through():
    assert english_words("已办结：起草通知") == []
    assert english_words("01KQ8ZV3W5  计划办：Draft the notice  （时限：周五）") == ["Draft", "notice", "the"]
    assert english_words("用法：chief add [-h] [--file PATH] TEXT [TEXT ...]") == []
    assert english_words("snoozed until 周五") == ["snoozed", "until"]
    assert english_words("来源：Director", frozenset({"Director"})) == []


@pytest.fixture
def filled(run_main, zh_env, tmp_path):
    """A data file with one of everything a command can say: ids kept by name."""
    ids = {}

    def add(name, *words, command="add"):
        result = run_main(command, *words, env=zh_env, check=True)
        ids[name] = result.stdout.split()[0]
        return result

    ids["zhang"] = run_main("team", "add", "张伟", "--capacity", "30", env=zh_env, check=True).stdout.split()[0]
    add("urgent", "*", "!", "起草年度总结", "^fri", "15:00", "@张伟", "~2h")
    add("later", "整理档案", "^2026-12-20")
    add("inbox", "核对通讯录")
    add("daily", "报送值班表", "every:weekday", "9:00")
    add("late", "!", "回复主任", "^2026-11-23")
    add("call", "主任来电", "from:办公厅", command="interrupt")
    add("waits", "*", "会议纪要")
    add("snoozed", "*", "年终考核材料")
    add("gone", "清理旧文件")
    run_main("wait", ids["waits"], "王主任", env=zh_env, check=True)
    run_main("snooze", ids["snoozed"], "tomorrow", env=zh_env, check=True)
    run_main("done", ids["daily"], env=zh_env, check=True)
    run_main("drop", ids["gone"], env=zh_env, check=True)
    ids["csv"] = str(tmp_path / "items.csv")
    run_main("export", "--all", "--output", ids["csv"], env=zh_env, check=True)
    return ids


# Every subcommand, as a user runs it on the filled file; {name} is an id of `filled`.
RUNS = [
    ["list"], ["list", "--all"], ["list", "--archived"], ["waiting"], ["archive"],
    ["done", "{urgent}"], ["drop", "{later}"], ["resume", "{snoozed}"], ["resume", "{waits}"],
    ["snooze", "{inbox}", "mon", "9:00"], ["wait", "{inbox}", "办公厅", "--follow-up", "fri"],
    ["wait", "{late}", "王主任", "--no-follow-up"],
    ["team", "list"], ["team", "add", "李娜", "--role", "秘书"],
    ["stats"], ["stats", "--week"], ["review"], ["brief"], ["brief", "--date", "yesterday"],
    ["export", "--format", "md"], ["export", "--format", "md", "--all"], ["import", "{csv}"],
    ["doctor"], ["forget-device", "nosuchdevice"], ["git-setup"],
    ["add", "*", "拟稿", "^tomorrow", "10:00"], ["interrupt", "紧急来文"],
    ["steps", "{urgent}"], ["step", "{urgent}", "add", "核对数据", "@张伟", "^thu"], ["step", "{urgent}", "proc", "文稿"],
    ["step", "{waits}", "report-back"], ["search", "年度"], ["search", "档案"],
    ["edit", "{later}", "--notes", "三楼档案室", "--important"], ["emergency", "{call}"], ["undo"], ["redo"],
    ["team", "show", "张伟"], ["team", "away", "张伟", "--until", "下周一", "--reason", "请假"],
    ["team", "away", "张伟", "--until", "下周一", "--hand-to", "我"], ["team", "edit", "张伟", "--capacity", "20"],
    ["team", "report"], ["list", "@张伟"], ["list", "--assignee", "我"], ["team", "remove", "张伟", "--to", "待分拣"],
    ["assign", "{inbox}", "{later}", "--to", "张伟"], ["assign", "{inbox}", "--to", "我"],
]
HELPS = [[], ["add"], ["interrupt"], ["list"], ["waiting"], ["archive"], ["done"], ["drop"], ["resume"],
         ["snooze"], ["wait"], ["dashboard"], ["demo"], ["doctor"], ["merge"], ["git-setup"], ["merge-driver"],
         ["forget-device"], ["stats"], ["brief"], ["review"], ["export"], ["import"], ["team"], ["team", "add"],
         ["team", "list"], ["steps"], ["step"], ["step", "X", "add"], ["step", "X", "done"], ["step", "X", "edit"],
         ["step", "X", "move"], ["step", "X", "proc"], ["search"], ["edit"], ["emergency"], ["undo"], ["redo"],
         ["completion"], ["man"], ["team", "edit"], ["team", "remove"], ["team", "away"], ["team", "back"],
         ["team", "show"], ["team", "report"], ["assign"], ["serve"]]
ERRORS = [
    ["bogus"], ["add"], ["list", "--bad"], ["done", "ZZZZ"], ["done"], ["snooze", "{inbox}", "someday"],
    ["snooze", "{inbox}", "2020-01-01"], ["add", "起草", "@nobody"], ["add", "起草", "^"], ["add", "!"],
    ["add", "起草", "~lots"], ["add", "起草", "every:sometimes"], ["done", "{daily}"], ["resume", "{inbox}"],
    ["wait", "{inbox}", " "], ["team", "add", "张伟"], ["team", "add", "赵六", "--capacity", "500"],
    ["export", "--format", "xml"], ["import", "nosuchfile.csv"], ["brief", "--date", "someday"],
    ["merge", "nosuchfile.json"], ["team"], ["stats", "--date"],
    ["step", "{daily}", "done", "9"], ["step", "{daily}", "add", "* 急"], ["step", "{daily}", "proc", "bogus"],
    ["steps", "ZZZZ"], ["search", " "], ["edit", "{daily}"], ["edit", "{daily}", "--due", "someday"],
    ["emergency", "{daily}"],
    ["team", "remove", "张伟"], ["team", "edit", "张伟"], ["team", "back", "张伟"], ["team", "away", "张伟", "--until", "昨天"],
    ["list", "zz"], ["team", "report", "--weeks", "0"], ["team", "edit", "张伟", "--name", " "], ["assign", "{inbox}", "--to", "nobody"],
    ["serve", "--host", "0.0.0.0"], ["serve", "--port", "0"],
]


def _words(argv, ids):
    return [word.format(**ids) for word in argv]


def _said(result) -> str:
    return result.stdout + result.stderr


@pytest.mark.parametrize("argv", RUNS, ids=lambda a: " ".join(a))
def test_every_command_speaks_chinese(run_main, zh_env, filled, argv):
    result = run_main(*_words(argv, filled), env=zh_env)
    assert result.returncode in (0, 1, 2), result
    said = _said(result)
    assert said.strip(), argv
    assert english_words(said, frozenset({"nosuchdevice"})) == [], said


@pytest.mark.parametrize("argv", HELPS, ids=lambda a: " ".join(a) or "chief")
def test_every_help_speaks_chinese(run_main, zh_env, argv):
    result = run_main(*argv, "--help", env=zh_env, check=True)
    assert result.stdout.startswith("用法：chief")
    assert english_words(result.stdout) == [], result.stdout


@pytest.mark.parametrize("argv", ERRORS, ids=lambda a: " ".join(a))
def test_every_error_speaks_chinese(run_main, zh_env, filled, argv):
    result = run_main(*_words(argv, filled), env=zh_env)
    assert result.returncode == 2
    assert result.stderr.startswith("chief: ") and result.stderr.count("\n") == 1, result.stderr
    allowed = frozenset({"nobody", "sometimes", "lots", "someday", "nosuchfile", "xml", "bogus", "bad"})
    assert english_words(result.stderr, allowed) == [], result.stderr


@pytest.mark.parametrize("where", ["{state}/brief.md", "{data}/chief.json", "{data}/.~chief.json.lock", "{config}"])
def test_a_refused_output_says_why_in_chinese(run_main, zh_env, filled, where):
    """Which of Chief's own files or folders an output would have touched, in the user's language."""
    state, data = zh_env["CHIEF_STATE_DIR"], str(Path(zh_env["CHIEF_FILE"]).parent)
    target = where.format(state=state, data=data, config=zh_env["CHIEF_CONFIG"])
    Path(zh_env["CHIEF_CONFIG"]).write_text("", encoding="utf-8")
    result = run_main("brief", "--output", target, env=zh_env)
    assert result.returncode == 2 and "Chief 不往那里写输出" in result.stderr, result.stderr
    assert english_words(result.stderr) == [], result.stderr


def test_help_says_how_to_switch_language(run_main, env, zh_env):
    english = run_main("--help", env=env, check=True).stdout
    assert 'language = "zh"' in english and "CHIEF_LANG=zh" in english and "LANG=zh_CN.UTF-8" in english
    assert not re.search(r"[\u4e00-\u9fff]", english)  # English help is English
    chinese = run_main("--help", env=zh_env, check=True).stdout
    assert 'language = "zh"' in chinese and "CHIEF_LANG=zh" in chinese and "界面语言" in chinese


def test_the_language_comes_from_the_config_file(run_main, env, tmp_path):
    (tmp_path / "config.toml").write_text('language = "zh"\n', encoding="utf-8")
    assert run_main("list", env=env, check=True).stdout.startswith("还没有事项")
    (tmp_path / "config.toml").write_text('language = "en"\n', encoding="utf-8")
    assert run_main("list", env={**env, "CHIEF_LANG": "zh"}, check=True).stdout.startswith("No items yet")


def test_english_is_unchanged_after_a_chinese_run(run_main, env, zh_env):
    """The language is chosen per run: argparse's words and Chief's come back to English."""
    run_main("bogus", env=zh_env)
    result = run_main("bogus", env=env)
    assert result.stderr.startswith("chief: argument COMMAND: invalid choice: 'bogus'")
    assert run_main("add", "--help", env=env, check=True).stdout.startswith("usage: chief add")


def test_the_brief_is_written_as_a_chinese_office_writes_one(run_main, zh_env, filled):
    brief = run_main("brief", env=zh_env, check=True).stdout
    assert brief.startswith("# 每日工作简报\n\n**2026年11月25日 星期三**\n")
    headings = [line for line in brief.splitlines() if line.startswith("## ")]
    assert [h.split("（")[0] for h in headings] == [
        "## 一、今日工作", "## 二、今日已办结", "## 三、正在办理", "## 四、逾期事项", "## 五、待领导批示及等待答复",
        "## 六、突发事项", "## 七、人员负荷", "## 八、明日计划",
    ]
    assert "- 回复主任（时限：11月23日 周一（逾期2天））" in brief
    assert "| 张伟 |" in brief
