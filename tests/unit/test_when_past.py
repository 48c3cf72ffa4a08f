"""A due day already gone: "yesterday"/"昨天" is refused as past; a month-day past this year is read as next year's, and said."""

from __future__ import annotations

import pendulum
import pytest

from chief.store import i18n
from chief.store.domain.quickadd import QuickAddError, parse_capture
from chief.store.domain.when import Due, WhenError, parse_when
from chief.store.reports.in_words import next_year_day

ZONE = pendulum.timezone("Asia/Shanghai")
DEC_2 = pendulum.datetime(2026, 12, 2, 10, 0, tz=ZONE)  # a Wednesday


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("text", "named"), [
    ("yesterday", "yesterday"), ("Yesterday 9am", "Yesterday"), ("last fri", "last fri"), ("last week", "last week"),
    ("昨天", "昨天"), ("前天", "前天"), ("大前天", "大前天"), ("上周五", "上周五"), ("上个星期一", "上个星期一"),
    ("上礼拜天", "上礼拜天"), ("昨晚8点", "昨晚"), ("前天下午3点", "前天"), ("3天前", "3天前"), ("两周以前", "两周以前"),
])
def test_a_day_gone_is_said_to_be_past(text, named):
    with pytest.raises(WhenError) as err:
        parse_when(text, DEC_2)
    assert str(err.value) == f"'{named}' is in the past: only today or a later day will do"


def test_the_past_is_said_in_chinese():
    i18n.set_language("zh")
    with pytest.raises(WhenError, match="^'昨天' 已经过去：只能写今天或以后的日期$"):
        parse_when("昨天", DEC_2)


@pytest.mark.parametrize("line", ["打电话 ^昨天", "^yesterday call Li", "^上周五 报销", "call due:yesterday"])
def test_quick_add_refuses_a_past_day_in_one_line(line):
    with pytest.raises(QuickAddError, match="is in the past: only today or a later day will do") as err:
        parse_capture(line, DEC_2)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text", ["上午10点", "下午3点", "下周一", "后天", "下班前", "12月5日"])
def test_days_to_come_are_not_past(text):
    assert parse_when(text, DEC_2).deadline(ZONE) >= DEC_2


@pytest.mark.parametrize(("text", "rolled"), [
    ("11月27日", pendulum.Date(2027, 11, 27)),
    ("11-27", pendulum.Date(2027, 11, 27)),
    ("11月27日下午3点", pendulum.Date(2027, 11, 27)),
    ("11-27 15:00", pendulum.Date(2027, 11, 27)),
    ("6-1", pendulum.Date(2027, 6, 1)),
    ("12-25", None),  # still to come this year
    ("1月1日", None),  # next January, as anyone typing it in December means
    ("fri", None),
    ("2026-12-31", None),
])
def test_a_month_day_past_this_year_is_next_years(text, rolled):
    assert next_year_day(parse_when(text, DEC_2), DEC_2) == rolled


def test_the_rolled_day_is_said_in_the_preview(desk):
    board = desk.board()  # frozen on Wed 25 Nov 2026
    ok, words = desk.preview("盘点 ^11月20日", "task", board)
    assert ok and "Sat 20 Nov 2027" in words and words.endswith("next year: 20 Nov is past this year")
    i18n.set_language("zh")
    ok, words = desk.preview("盘点 ^11-20", "task", board)
    assert ok and words.endswith("明年：今年的11月20日已过")
    ok, words = desk.preview("盘点 ^12月20日", "task", board)
    assert ok and "明年" not in words


def test_the_preview_is_punctuated_as_its_language_writes(desk):
    """A Chinese preview is one Chinese sentence: full-width colon and commas, not "暂缓: 起草通知, 时限：…"."""
    board = desk.board()
    ok, words = desk.preview("起草通知 ^fri", "task", board)
    assert ok and words.startswith("Later: 起草通知, due ")
    i18n.set_language("zh")
    ok, words = desk.preview("起草通知 ^fri", "task", board)
    assert ok and words.startswith("暂缓：起草通知，时限：") and ", " not in words and ": " not in words, words
