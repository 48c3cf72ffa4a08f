"""Chinese dates and durations (store/reports/in_words.py, chart.py): table-driven, frozen time.

The clock stands at Wednesday 2 December 2026, 10:00 in Shanghai. Each row is
a due time and the words a Chinese office reads for it; the same rows in English
are the words Chief always said.
"""

from __future__ import annotations

import datetime

import pendulum
import pytest

from chief.store import i18n
from chief.store.domain.model import Item
from chief.store.domain.when import Due
from chief.store.reports.chart import duration_words
from chief.store.reports.in_words import repeat_words, day_words, due_date, due_echo, due_short, snoozed_words, time_words, zh_full_date

ZONE = "Asia/Shanghai"
NOW = pendulum.datetime(2026, 12, 2, 10, 0, tz=ZONE)  # a Wednesday


@pytest.fixture
def zh():
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def at(day: int, hour: int | None = None, minute: int = 0, month: int = 12) -> Due:
    """A due time in December 2026: a whole day, or a moment in Shanghai."""
    if hour is None:
        return Due(datetime.date(2026, month, day))
    return Due(pendulum.datetime(2026, month, day, hour, minute, tz=ZONE))


SHORT = [  # (due, Chinese, English)
    (at(2, 15), "今天 15:00", "today 15:00"),
    (at(2), "今天", "today"),
    (at(3, 9), "明天 9:00", "tomorrow 9:00"),
    (at(3), "明天", "tomorrow"),
    (at(4, 15, 30), "周五 15:30", "fri 15:30"),  # past tomorrow the weekday, as in English
    (at(5), "周六", "sat"),
    (at(7, 9), "周一 9:00", "mon 9:00"),
    (at(8), "周二", "tue"),
    (at(15), "12月15日", "in 13d"),
    (Due(pendulum.datetime(2027, 1, 5, 14, 0, tz=ZONE)), "1月5日 14:00", "in 34d"),
    (at(30, month=11), "逾期2天", "2d overdue"),
    (at(2, 7), "逾期3小时", "3h overdue"),
    (at(2, 9, 35), "逾期25分钟", "25m overdue"),
    (at(29, 10, month=11), "逾期3天", "3d overdue"),
]


@pytest.mark.parametrize(("due", "chinese", "english"), SHORT, ids=[row[2] for row in SHORT])
def test_a_due_time_in_a_few_words(zh, due, chinese, english):
    assert due_short(due, NOW) == chinese
    i18n.set_language("en")
    assert due_short(due, NOW) == english == due.describe(NOW)


ECHO = [
    (at(4, 15), "2026年12月4日 周五 15:00（2天后）"),
    (at(2, 15), "2026年12月2日 周三 15:00（5小时后）"),
    (at(2, 10, 20), "2026年12月2日 周三 10:20（20分钟后）"),
    (at(5), "2026年12月5日 周六 全天（3天后）"),
    (at(2), "2026年12月2日 周三 全天（今天）"),
    (at(3), "2026年12月3日 周四 全天（明天）"),
    (at(30, month=11), "2026年11月30日 周一 全天（逾期2天）"),
]


@pytest.mark.parametrize(("due", "chinese"), ECHO, ids=[row[1] for row in ECHO])
def test_the_understood_time_is_echoed_in_full(zh, due, chinese):
    assert due_echo(due, NOW) == chinese
    i18n.set_language("en")
    assert due_echo(due, NOW) == due.echo(NOW)


@pytest.mark.parametrize(("seconds", "chinese", "english"), [
    (None, "-", "-"), (40, "40秒", "40s"), (12 * 60, "12分钟", "12m"), (3600, "1小时", "1h"),
    (3900, "1小时05分", "1h 05m"), (2 * 86400 + 3 * 3600, "2天3小时", "2d 3h"), (3 * 86400, "3天", "3d"),
])
def test_a_length_of_time(zh, seconds, chinese, english):
    assert duration_words(seconds) == chinese
    i18n.set_language("en")
    assert duration_words(seconds) == english


@pytest.mark.parametrize(("day", "chinese", "english"), [
    (datetime.date(2026, 12, 2), "2026年12月2日 星期三", "Wed 2 Dec 2026"),
    (datetime.date(2026, 12, 6), "2026年12月6日 星期日", "Sun 6 Dec 2026"),
    (datetime.date(2027, 1, 1), "2027年1月1日 星期五", "Fri 1 Jan 2027"),
])
def test_a_day_as_a_report_names_it(zh, day, chinese, english):
    assert day_words(day) == chinese == zh_full_date(day)
    i18n.set_language("en")
    assert day_words(day) == english


def test_times_and_dates_in_lists_and_reports(zh):
    assert time_words(NOW) == "12月2日 周三 10:00"
    assert time_words(NOW, year=True) == "2026年12月2日 周三 10:00"
    assert time_words(NOW, day=NOW.date()) == "10:00"
    assert due_date(at(4), ZONE) == "12月4日 周五"
    assert due_date(at(4, 15), ZONE) == "12月4日 周五 15:00"
    i18n.set_language("en")
    assert time_words(NOW) == "Wed 2 Dec 10:00"
    assert due_date(at(4, 15), ZONE) == "Fri 4 Dec 15:00"


@pytest.mark.parametrize(("deferrals", "short", "chinese", "english"), [
    (0, False, "", ""), (3, False, "稍后提醒3次", "snoozed 3x"), (4, True, "4次", "4x"),
])
def test_how_often_an_item_was_snoozed(zh, deferrals, short, chinese, english):
    item = Item(id="01KQ8ZV3W5XXXXXXXXXXXXXXXX", title="起草通知", deferrals=deferrals)
    assert snoozed_words(item, short=short) == chinese
    i18n.set_language("en")
    assert snoozed_words(item, short=short) == english


@pytest.mark.parametrize(("stored", "chinese"), [
    ("weekday 09:00", "每个工作日 9:00"), ("day", "每天"), ("mon,thu", "每周一、周四"),
    ("15th 10:30", "每月15日 10:30"), ("3d-after", "上次办结后3天"), ("14d-after", "上次办结后2周"),
])
def test_a_recurring_duty_in_words(zh, stored, chinese):
    from chief.store.domain.recur import Rule

    rule = Rule.parse(stored)
    assert repeat_words(rule.stored()) == chinese
    i18n.set_language("en")
    assert repeat_words(rule.stored()) == rule.describe()


@pytest.mark.parametrize(("words", "back"), [("昨天", 1), ("昨日", 1), ("前天", 2), ("上周", 7), ("上星期", 7),
                                             ("yesterday", 1), ("last week", 7)])
def test_reports_look_back_in_either_language(words, back):
    """`chief brief --date 昨天` and `chief review --date 上周`: the days the forward-only WHEN grammar cannot say."""
    from chief.store.reports.brief import parse_day

    now = pendulum.datetime(2026, 12, 2, 10, 0, tz="Asia/Shanghai")
    assert parse_day(words, now) == now.date().subtract(days=back)
