"""``chief add`` and ``chief interrupt`` say what a user must not miss: a past due, an important interrupt, a wrong time."""

from __future__ import annotations

import pytest

from chief.store import i18n
from chief.store.datafile.storage import read_file


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


def _items(path) -> dict:
    return read_file(path)[0]["items"] if path.exists() else {}


def test_a_past_due_is_kept_and_said(run_main, data_file):
    result = run_main("add", "call back ^today 9", check=True)
    assert result.stdout.endswith("Delegate: call back  (due Wed 25 Nov 2026 09:00 (1h overdue))  [already overdue]\n")
    assert [item["due"] for item in _items(data_file).values()] == ["2026-11-25T01:00:00Z"]


def test_a_past_due_is_said_in_chinese(run_main, env, data_file):
    result = run_main("add", "回电话 ^今天9点", env={**env, "CHIEF_LANG": "zh"}, check=True)
    assert result.stdout.endswith("  【已逾期】\n")


def test_an_important_interrupt_says_so(run_main, data_file):
    result = run_main("interrupt", "* 机要室：密电需立即签收", check=True)
    assert result.stdout.endswith("Interrupts: 机要室：密电需立即签收  [important]\n")
    (item,) = _items(data_file).values()
    assert item["important"] is True and item["kind"] == "interrupt"


@pytest.mark.parametrize(
    ("text", "due", "title"),
    [
        ("draft ^tomorrow 9", "2026-11-26T01:00:00Z", "draft"),
        ("draft ^9am tomorrow", "2026-11-26T01:00:00Z", "draft"),
        ("起草 ^明天 9", "2026-11-26T01:00:00Z", "起草"),
        ("起草 ^9点 明天", "2026-11-26T01:00:00Z", "起草"),
    ],
)
def test_a_day_and_its_hour_in_either_order(run_main, data_file, text, due, title):
    run_main("add", text, check=True)
    (item,) = _items(data_file).values()
    assert (item["due"], item["title"]) == (due, title)


@pytest.mark.parametrize(
    ("text", "named"),
    [("report ^fri 25:00", "'25:00'"), ("report ^tomorrow 24:61", "'24:61'"), ("report ^fri 13pm", "'13pm'"),
     ("起草 ^明天25点", "'25点'")],
)
def test_a_wrong_time_is_an_error_and_nothing_is_saved(run_main, data_file, text, named):
    result = run_main("add", text)
    assert result.returncode != 0 and f"cannot understand the time {named}" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert _items(data_file) == {}


def test_in_2h_is_echoed_as_in_2h(run_main):
    assert "(in 2h)" in run_main("add", "call ^in 2h", check=True).stdout


def test_a_chinese_repeat_rule_is_stored_as_the_english_one(run_main, env, data_file):
    result = run_main("add", "周例会 every：每周一 9:00", env={**env, "CHIEF_LANG": "zh"}, check=True)
    assert "每周一 9:00" in result.stdout
    (item,) = _items(data_file).values()
    assert item["repeat"] == "mon 9:00"
    refused = run_main("add", "汇报 every:每季度", env={**env, "CHIEF_LANG": "zh"})
    assert refused.returncode != 0 and refused.stderr.count("\n") == 1 and "every:每季度" in refused.stderr
    assert len(_items(data_file)) == 1


def test_a_date_past_this_year_is_said_to_be_next_years(run_main, env, data_file):
    result = run_main("add", "盘点 ^11月20日", env={**env, "CHIEF_LANG": "zh"}, check=True)
    assert "2027年11月20日" in result.stdout and result.stdout.endswith("【明年：今年的11月20日已过】\n")
    english = run_main("add", "count ^11-20", check=True)
    assert english.stdout.endswith("(due Sat 20 Nov 2027, all day (in 360d))  [next year: 20 Nov is past this year]\n")


@pytest.mark.parametrize(("text", "said"), [
    ("打电话 ^昨天", "'昨天' 已经过去：只能写今天或以后的日期\n"),
    ("报销 ^上周五", "'上周五' 已经过去：只能写今天或以后的日期\n"),
])
def test_a_past_day_is_refused_as_past(run_main, env, data_file, text, said):
    result = run_main("add", text, env={**env, "CHIEF_LANG": "zh"})
    assert result.returncode != 0 and result.stderr.endswith(said) and result.stderr.count("\n") == 1
    english = run_main("add", "call ^yesterday")
    assert english.returncode != 0 and "'yesterday' is in the past: only today or a later day will do" in english.stderr
    assert _items(data_file) == {}
