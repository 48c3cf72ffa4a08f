"""Chinese repeat rules (every:每天, every:工作日, every:周一, every:每月1日): the same rule as the English words."""

from __future__ import annotations

import pytest

from chief.store import i18n
from chief.store.domain import wallclock
from chief.store.domain.quickadd import QuickAddError, parse_capture
from chief.store.domain.recur import Rule, RuleError, read_repeat
from chief.store.reports.in_words import repeat_words


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("chinese", "english"), [
    ("每天", "day"),
    ("每日", "day"),
    ("工作日", "weekday"),
    ("每个工作日 9:00", "weekday 9:00"),
    ("周一", "mon"),
    ("每周一", "mon"),
    ("星期一", "mon"),
    ("礼拜一", "mon"),
    ("每星期五 15:30", "fri 15:30"),
    ("周日", "sun"),
    ("礼拜天", "sun"),
    ("每周一、周四", "mon,thu"),
    ("周四,周一", "mon,thu"),
    ("每月1日", "1st"),
    ("每月1号", "1st"),
    ("每月十五号", "15th"),
    ("每个月22日", "22nd"),
    ("每月最后一天", "31st"),  # every:31st falls on a short month's last day
])
def test_a_chinese_rule_is_the_english_rule(chinese, english):
    assert Rule.parse(chinese) == Rule.parse(english)
    assert read_repeat("every:" + chinese) == Rule.parse(english).stored()


@pytest.mark.parametrize("typed", ["每月", "每周八", "周一下午", "每月32日", "每年", "周一，，周四"])
def test_an_unknown_chinese_rule_is_one_line_naming_it(typed):
    with pytest.raises(RuleError) as err:
        Rule.parse(typed)
    assert "\n" not in str(err.value)
    assert typed in str(err.value) or "32" in str(err.value)


def test_the_error_is_in_chinese_with_chinese_examples():
    i18n.set_language("zh")
    with pytest.raises(RuleError, match="看不懂重复规则 'every:每周八'.*every:周一"):
        Rule.parse("每周八")


@pytest.mark.parametrize("typed", ["every:周一", "every：周一", "ｅｖｅｒｙ：周一"])
def test_quick_add_reads_a_chinese_rule_with_either_colon(frozen_time, typed):
    capture = parse_capture(f"周例会 {typed} 9:30 @王", wallclock.now())
    assert capture.repeat == "mon 9:30" and capture.title == "周例会"


def test_quick_add_refuses_an_unknown_chinese_rule(frozen_time):
    with pytest.raises(QuickAddError, match="every:每季度"):
        parse_capture("汇报 every:每季度", wallclock.now())


def test_the_rule_is_said_in_the_users_language():
    stored = read_repeat("every:每周一 9:00")
    assert repeat_words(stored) == "every Mon at 9:00"
    i18n.set_language("zh")
    assert repeat_words(stored) == "每周一 9:00"
