"""The WHEN grammar in Chinese, with the clock frozen by passing an explicit ``now``.

The same strictness as the English words: every phrase below is either read
exactly or refused with an error that names the Chinese text at fault.
"""

from __future__ import annotations

import datetime

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chief.store.domain.quickadd import QuickAddError, parse_capture
from chief.store.domain import wallclock
from chief.store.domain.when import Due, WhenError, parse_when, parse_when_prefix
from chief.store.i18n import set_language

SH = "Asia/Shanghai"
WED = pendulum.datetime(2026, 11, 25, 10, 0, tz=SH)  # a Wednesday morning
SAT = pendulum.datetime(2026, 11, 28, 11, 0, tz=SH)  # a Saturday
SUN = pendulum.datetime(2026, 11, 29, 20, 0, tz=SH)  # a Sunday evening
EVENING = pendulum.datetime(2026, 11, 25, 19, 0, tz=SH)  # after work on Wednesday
YEAR_END = pendulum.datetime(2026, 12, 31, 16, 0, tz=SH)  # a Thursday, month and year end


def day(year: int, month: int, dom: int) -> Due:
    return Due(pendulum.Date(year, month, dom))


def at(year: int, month: int, dom: int, hour: int, minute: int = 0) -> Due:
    return Due(pendulum.datetime(year, month, dom, hour, minute, tz=SH))


PHRASES = [
    # days
    ("今天", WED, day(2026, 11, 25)),
    ("今日", WED, day(2026, 11, 25)),
    ("明天", WED, day(2026, 11, 26)),
    ("明日", WED, day(2026, 11, 26)),
    ("明天", YEAR_END, day(2027, 1, 1)),
    ("后天", WED, day(2026, 11, 27)),
    ("大后天", WED, day(2026, 11, 28)),
    # weekdays: a bare one is the next, today's weekday a week on (as "fri" and "wed")
    ("周一", WED, day(2026, 11, 30)),
    ("周三", WED, day(2026, 12, 2)),
    ("周五", WED, day(2026, 11, 27)),
    ("周日", WED, day(2026, 11, 29)),
    ("周天", WED, day(2026, 11, 29)),
    ("星期一", WED, day(2026, 11, 30)),
    ("星期四", WED, day(2026, 11, 26)),
    ("星期天", WED, day(2026, 11, 29)),
    ("星期日", SUN, day(2026, 12, 6)),
    ("礼拜五", WED, day(2026, 11, 27)),
    ("礼拜天", WED, day(2026, 11, 29)),
    ("周五", SAT, day(2026, 12, 4)),
    # this week, next week, the week after (Monday-based, as "next mon")
    ("本周五", WED, day(2026, 11, 27)),
    ("这周五", WED, day(2026, 11, 27)),
    ("本周三", WED, day(2026, 11, 25)),  # today is not past
    ("这个星期六", WED, day(2026, 11, 28)),
    ("本周日", SUN, day(2026, 11, 29)),
    ("下周一", WED, day(2026, 11, 30)),
    ("下周三", WED, day(2026, 12, 2)),
    ("下个星期五", WED, day(2026, 12, 4)),
    ("下礼拜一", SUN, day(2026, 11, 30)),
    ("下下周一", WED, day(2026, 12, 7)),
    ("下下周五", WED, day(2026, 12, 11)),
    ("下周", WED, day(2026, 11, 30)),
    ("下下周", WED, day(2026, 12, 7)),
    # days counted on: whole days, as "in 3d"
    ("3天后", WED, day(2026, 11, 28)),
    ("三天后", WED, day(2026, 11, 28)),
    ("两天以后", WED, day(2026, 11, 27)),
    ("10天之后", WED, day(2026, 12, 5)),
    ("一周后", WED, day(2026, 12, 2)),
    ("两个星期后", WED, day(2026, 12, 9)),
    ("１天后", YEAR_END, day(2027, 1, 1)),
    # dates
    ("12月5日", WED, day(2026, 12, 5)),
    ("12月5号", WED, day(2026, 12, 5)),
    ("十二月五号", WED, day(2026, 12, 5)),
    ("11月25日", WED, day(2026, 11, 25)),  # today is not past
    ("11月24日", WED, day(2027, 11, 24)),  # yesterday means next year
    ("1月1日", YEAR_END, day(2027, 1, 1)),
    ("2026年12月5日", WED, day(2026, 12, 5)),
    ("2027年2月28号", WED, day(2027, 2, 28)),
    ("5号", WED, day(2026, 12, 5)),
    ("25号", WED, day(2026, 11, 25)),
    ("24号", WED, day(2026, 12, 24)),
    ("31号", WED, day(2026, 12, 31)),  # November has no 31st
    ("三十号", WED, day(2026, 11, 30)),
    ("1日", WED, day(2026, 12, 1)),
    # the weekend: due by its end, Sunday
    ("周末", WED, day(2026, 11, 29)),
    ("本周末", SAT, day(2026, 11, 29)),
    ("周末", SUN, day(2026, 11, 29)),
    ("下周末", WED, day(2026, 12, 6)),
    # ends of the working day, week and month: at the end of the working day, as eod, eow, eom
    ("下班前", WED, at(2026, 11, 25, 18)),
    ("下班之前", EVENING, at(2026, 11, 25, 18)),  # already past: still today's, overdue
    ("明天下班前", WED, at(2026, 11, 26, 18)),
    ("周五下班前", WED, at(2026, 11, 27, 18)),
    ("本周内", WED, at(2026, 11, 27, 18)),
    ("这周内", WED, at(2026, 11, 27, 18)),
    ("本周内", SUN, at(2026, 12, 4, 18)),  # at the weekend, the coming Friday (as eow)
    ("下周内", WED, at(2026, 12, 4, 18)),
    ("月底", WED, at(2026, 11, 30, 18)),
    ("本月底", YEAR_END, at(2026, 12, 31, 18)),
    ("下个月底", WED, at(2026, 12, 31, 18)),
    # times counted on from now
    ("两小时后", WED, at(2026, 11, 25, 12)),
    ("2小时后", WED, at(2026, 11, 25, 12)),
    ("三个小时以后", WED, at(2026, 11, 25, 13)),
    ("半小时后", WED, at(2026, 11, 25, 10, 30)),
    ("半个小时后", WED, at(2026, 11, 25, 10, 30)),
    ("一个半小时后", WED, at(2026, 11, 25, 11, 30)),
    ("30分钟后", WED, at(2026, 11, 25, 10, 30)),
    ("十五分钟后", WED, at(2026, 11, 25, 10, 15)),
    ("3小时后", YEAR_END, at(2026, 12, 31, 19)),
    # parts of the day with an hour: the next time the clock shows it
    ("下午3点", WED, at(2026, 11, 25, 15)),
    ("下午三点", WED, at(2026, 11, 25, 15)),
    ("下午15点", WED, at(2026, 11, 25, 15)),
    ("上午9点", WED, at(2026, 11, 26, 9)),  # passed today: tomorrow
    ("上午十一点", WED, at(2026, 11, 25, 11)),
    ("早上8点", WED, at(2026, 11, 26, 8)),
    ("晚上8点", WED, at(2026, 11, 25, 20)),
    ("晚上十一点", WED, at(2026, 11, 25, 23)),
    ("傍晚6点", WED, at(2026, 11, 25, 18)),
    ("凌晨2点", WED, at(2026, 11, 26, 2)),
    ("中午", WED, at(2026, 11, 25, 12)),
    ("中午12点", WED, at(2026, 11, 25, 12)),
    ("中午1点", WED, at(2026, 11, 25, 13)),
    ("下午3点半", WED, at(2026, 11, 25, 15, 30)),
    ("下午3点一刻", WED, at(2026, 11, 25, 15, 15)),
    ("下午3点三刻", WED, at(2026, 11, 25, 15, 45)),
    ("下午3点45", WED, at(2026, 11, 25, 15, 45)),
    ("下午3点45分", WED, at(2026, 11, 25, 15, 45)),
    ("下午3点05", WED, at(2026, 11, 25, 15, 5)),
    ("下午3点5分", WED, at(2026, 11, 25, 15, 5)),
    ("下午三点零五", WED, at(2026, 11, 25, 15, 5)),
    ("下午三点十五分", WED, at(2026, 11, 25, 15, 15)),
    ("下午3点整", WED, at(2026, 11, 25, 15)),
    ("下午3点钟", WED, at(2026, 11, 25, 15)),
    ("下午3:30", WED, at(2026, 11, 25, 15, 30)),
    ("下午３：３０", WED, at(2026, 11, 25, 15, 30)),
    # an hour alone: the one reading inside the working day (09:00-18:00)
    ("三点", WED, at(2026, 11, 25, 15)),
    ("3点", WED, at(2026, 11, 25, 15)),
    ("两点", WED, at(2026, 11, 25, 14)),
    ("十点半", WED, at(2026, 11, 25, 10, 30)),
    ("十一点", WED, at(2026, 11, 25, 11)),
    ("十二点", WED, at(2026, 11, 25, 12)),
    ("9点", WED, at(2026, 11, 26, 9)),
    ("6点", WED, at(2026, 11, 25, 18)),
    ("20点", WED, at(2026, 11, 25, 20)),  # a 24-hour hour is never ambiguous
    ("0点", WED, at(2026, 11, 26, 0)),
    ("15时30分", WED, at(2026, 11, 25, 15, 30)),  # as official documents write it
    # clock faces and full-width input
    ("15:00", WED, at(2026, 11, 25, 15)),
    ("１５：００", WED, at(2026, 11, 25, 15)),
    ("３点", WED, at(2026, 11, 25, 15)),
    # a day and a time, with or without a space between
    ("明天下午3点", WED, at(2026, 11, 26, 15)),
    ("明天 下午3点", WED, at(2026, 11, 26, 15)),
    ("明天 下午 3点", WED, at(2026, 11, 26, 15)),
    ("今天下午3点", WED, at(2026, 11, 25, 15)),
    ("今天上午9点", WED, at(2026, 11, 25, 9)),  # an explicit day is never moved
    ("明天3点", WED, at(2026, 11, 26, 15)),
    ("明天15:00", WED, at(2026, 11, 26, 15)),
    ("明天 １５：００", WED, at(2026, 11, 26, 15)),
    ("周五下午3点", WED, at(2026, 11, 27, 15)),
    ("周五 下午3点", WED, at(2026, 11, 27, 15)),
    ("下周一上午10点", WED, at(2026, 11, 30, 10)),
    ("本周五下午两点半", WED, at(2026, 11, 27, 14, 30)),
    ("后天中午", WED, at(2026, 11, 27, 12)),
    ("今晚8点", WED, at(2026, 11, 25, 20)),
    ("明早8点半", WED, at(2026, 11, 26, 8, 30)),
    ("明晚七点", WED, at(2026, 11, 26, 19)),
    ("3天后上午10点", WED, at(2026, 11, 28, 10)),
    ("12月5日下午3点", WED, at(2026, 12, 5, 15)),
    ("5号上午10点", WED, at(2026, 12, 5, 10)),
    ("星期天晚上8点", WED, at(2026, 11, 29, 20)),
]


@pytest.mark.parametrize(("text", "now", "expected"), PHRASES)
def test_chinese_phrases(text, now, expected):
    due = parse_when(text, now)
    assert due == expected
    assert due.all_day == expected.all_day
    assert due.all_day or wallclock.zone_name(due.at) == SH


def test_the_table_is_large():
    assert len(PHRASES) + len(ERRORS) >= 80


ERRORS = [
    ("下午25点", "'下午25点'", "no such time of day"),
    ("25点", "'25点'", "no such time of day"),
    ("下午3点60分", "'下午3点60分'", "no such time of day"),
    ("上午13点", "'上午13点'", "there is no 13点 in the 上午"),
    ("明天上午13点", "'上午13点'", "there is no 13点 in the 上午"),
    ("晚上2点", "'晚上2点'", "there is no 2点 in the 晚上"),
    ("晚上12点", "'晚上12点'", "there is no 12点 in the 晚上"),
    ("下午12点", "'下午12点'", "there is no 12点 in the 下午"),
    ("下午0点", "'下午0点'", "there is no 0点 in the 下午"),
    ("上午15:00", "'上午15:00'", "there is no 15:00 in the 上午"),
    ("明天后天", "'明天后天'", "two days in one time"),
    ("今天周五", "'今天周五'", "two days in one time"),
    ("上午下午3点", "'上午下午'", "two parts of the day in one time"),
    ("今晚下午3点", "'今晚下午'", "two parts of the day in one time"),
    ("8点", "'8点'", "morning or evening?"),
    ("7点半", "'7点半'", "morning or evening?"),
    ("明天上午", "'明天上午'", "say the hour, as in 上午10点"),
    ("下午", "'下午'", "say the hour, as in 下午3点"),
    ("今晚", "'今晚'", "say the hour, as in 晚上8点"),
    ("3点5", "'3点5'", "write the minutes with two digits or with 分"),
    ("本周一", "'本周一'", "that day of this week is already past"),
    ("周", "'周'", "which day?"),
    ("本周", "'本周'", "which day?"),
    ("周内", "'周内'", None),
    ("周五下午3点起草通知", "'周五下午3点起草通知'", "'起草通知' is not part of the time"),
    ("明天开会", "'明天开会'", "'开会' is not part of the time"),
    ("明天3pm", "'明天3pm'", "'3pm' is not part of the time"),
    ("明后天", "'明后天'", None),
    ("下午三点五", "'下午三点五'", "write the minutes with two digits or with 分"),
    ("13月5日", "'13月5日'", "no such date"),
    ("2月30日", "'2月30日'", "no such date"),
    ("2026年2月29日", "'2026年2月29日'", "no such date"),
    ("32号", "'32号'", "no such date"),
    ("0号", "'0号'", "no such date"),
    ("半天后", "'半天后'", None),
    ("半分钟后", "'半分钟后'", None),
    ("3天", "'3天'", None),
    ("99999999天后", "'99999999天后'", "too far away"),
    ("十十点", "'十十点'", None),
]


@pytest.mark.parametrize(("text", "named", "reason"), ERRORS)
def test_chinese_errors_name_the_text(text, named, reason):
    with pytest.raises(WhenError) as caught:
        parse_when(text, WED)
    message = str(caught.value)
    assert f"cannot understand the time {named}" in message
    assert "\n" not in message
    if reason:
        assert f"{named}: {reason}" in message


def test_a_bare_hour_follows_the_working_day():
    """Which of 08:00 and 20:00 "8点" is depends on the working day: one inside it, or an error."""
    assert parse_when("8点", WED, day_start=datetime.time(8, 0)) == at(2026, 11, 26, 8)
    assert parse_when("7点", WED, day_end=datetime.time(19, 30)) == at(2026, 11, 25, 19)
    with pytest.raises(WhenError, match="morning or evening"):
        parse_when("10点", WED, day_start=datetime.time(0, 0), day_end=datetime.time(23, 0))


def test_the_end_of_the_working_day_is_configurable():
    end = datetime.time(17, 30)
    assert parse_when("下班前", WED, day_end=end) == at(2026, 11, 25, 17, 30)
    assert parse_when("本周内", WED, day_end=end) == at(2026, 11, 27, 17, 30)
    assert parse_when("月底", WED, day_end=end) == at(2026, 11, 30, 17, 30)


PREFIXES = [
    (["明天", "下午3点", "起草通知"], at(2026, 11, 26, 15), 2),
    (["明天下午3点", "起草通知"], at(2026, 11, 26, 15), 1),
    (["周五下午3点", "起草通知"], at(2026, 11, 27, 15), 1),
    (["明天", "下午", "3点", "开会"], at(2026, 11, 26, 15), 3),
    (["明天", "起草通知"], day(2026, 11, 26), 1),
    (["明天", "后天", "开会"], day(2026, 11, 26), 1),  # greedy: the longest run that works
    (["fri", "起草通知"], day(2026, 11, 27), 1),
    (["两小时后", "回电话"], at(2026, 11, 25, 12), 1),
]


@pytest.mark.parametrize(("words", "expected", "used"), PREFIXES)
def test_prefix_takes_chinese_words_with_or_without_spaces(words, expected, used):
    assert parse_when_prefix(words, WED) == (expected, used)


CAPTURES = [
    ("^周五下午3点 起草通知", at(2026, 11, 27, 15), "起草通知"),
    ("^明天 下午3点 起草通知", at(2026, 11, 26, 15), "起草通知"),
    ("^明天下午3点 起草通知", at(2026, 11, 26, 15), "起草通知"),
    ("起草通知 ^明天下午3点", at(2026, 11, 26, 15), "起草通知"),
    ("* 起草年度总结 ^周五下午3点 @zw", at(2026, 11, 27, 15), "起草年度总结"),
    ("起草通知 due:明天 下午3点", at(2026, 11, 26, 15), "起草通知"),
    ("^１５：００ 开会", at(2026, 11, 25, 15), "开会"),
    ("^下班前 报送材料", at(2026, 11, 25, 18), "报送材料"),
    ('^"明天 下午3点" 开会', at(2026, 11, 26, 15), "开会"),
]


@pytest.mark.parametrize(("line", "due", "title"), CAPTURES)
def test_quick_add_takes_a_chinese_when(line, due, title):
    capture = parse_capture(line, WED)
    assert (capture.due, capture.title) == (due, title)


def test_quick_add_refuses_a_title_glued_to_the_time():
    """"^周五下午3点起草通知" could be read many ways ("3点起" ...): a space decides, not a guess."""
    with pytest.raises(QuickAddError, match="'起草通知' is not part of the time"):
        parse_capture("^周五下午3点起草通知", WED)


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def test_errors_are_in_chinese_in_chinese_mode(chinese):
    with pytest.raises(WhenError) as caught:
        parse_when("上午13点", WED)
    assert str(caught.value) == (
        "无法识别时间“上午13点”：上午没有13点"
        "（可以这样写：今天、明天、周五、下周一、3天后、下班前、本周内、15:00、下午3点、12月5日、2026-12-01）"
    )


def test_english_errors_are_unchanged_in_english_mode():
    with pytest.raises(WhenError) as caught:
        parse_when("frday", WED)
    assert str(caught.value) == (
        "cannot understand the time 'frday' "
        "(try: today, tomorrow, fri, next mon, in 3d, eod, eow, 15:00, 3pm, 2026-12-01)"
    )


WORDS = (
    "今天 明天 后天 大后天 周五 本周 下周 下下周 星期 礼拜 五 日 天 末 内 上午 下午 中午 晚上 今晚 "
    "点 半 一刻 三刻 分 时 3 十 两 二十五 13 : ： 月 号 年 后 小时 分钟 个 下班前 月底 周末 ３"
).split()


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map("".join))
@settings(max_examples=400)
def test_any_chinese_text_gives_a_due_or_a_when_error(text):
    try:
        due = parse_when(text, WED)
    except WhenError as err:
        assert "\n" not in str(err)
        return
    assert due.all_day or wallclock.zone_name(due.at) == SH


@pytest.mark.parametrize(
    ("words", "expected", "used"),
    [
        (["明天", "9", "起草"], at(2026, 11, 26, 9), 2),  # a bare hour after a day, as "tomorrow 9"
        (["明天9", "起草"], at(2026, 11, 26, 9), 1),
        (["9点明天", "起草"], at(2026, 11, 26, 9), 1),  # the day after its time, as "9am tomorrow"
        (["9点", "明天", "起草"], at(2026, 11, 26, 9), 2),
        (["下午3点半", "起草"], at(2026, 11, 25, 15, 30), 1),
    ],
)
def test_a_day_and_its_hour_in_either_order(words, expected, used):
    assert parse_when_prefix(words, WED) == (expected, used)


@pytest.mark.parametrize(
    ("words", "named"),
    [
        (["明天25点", "起草"], "'25点': no such time of day"),
        (["明天", "25点", "起草"], "'25点': no such time of day"),
        (["周五", "25:00", "起草"], "'25:00': no such time of day"),
        (["明天", "8", "起草"], "'8': morning or evening"),
    ],
)
def test_a_wrong_time_after_a_day_is_an_error_not_a_title(words, named):
    with pytest.raises(WhenError, match=f"^cannot understand the time {named}"):
        parse_when_prefix(words, WED)
