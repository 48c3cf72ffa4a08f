"""Pinyin for titles from pypinyin's character table alone (issue 17: the filter's memory).

A title is matched by every reading of each of its characters; those come from
pypinyin's character table, read from its data file, so that filtering by
pinyin never imports pypinyin (its phrase dictionary and segmenter: 56 MB).
These tests hold the table's readings to pypinyin's own, and the matches of
titles to what the in-context reading plus the table gave before.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from chief.store.domain import pinyin

pypinyin = pytest.importorskip("pypinyin")


def _pypinyin_readings(ch: str) -> frozenset[str]:
    found = pypinyin.pinyin(ch, style=pypinyin.Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(reading.lower() for group in found for reading in group if reading.isalpha())


def _in_context_spelling(text: str) -> tuple[frozenset[str], ...]:
    """What ``syllables(text, every=True)`` was before: the reading in context joined to every reading."""
    chars = [ch for ch in text if not ch.isspace()]
    context = pypinyin.lazy_pinyin("".join(chars), style=pypinyin.Style.NORMAL, errors=lambda run: list(run))
    if len(context) != len(chars):
        context = [""] * len(chars)
    return tuple(frozenset(({said.lower()} if said.isalpha() else set()) | _pypinyin_readings(ch)) if pinyin.has_han(ch)
                 else frozenset({ch.casefold()}) for ch, said in zip(chars, context))


def test_the_table_is_read_without_importing_pypinyin():
    code = ("import sys; from chief.store.domain import pinyin; "
            "assert pinyin.pinyin_find('hy', '开会议事') == (1, 3); assert pinyin.pinyin_starts('zw', '张伟'); "
            "assert pinyin.pinyin_find('lv', '绿色通道') == (0, 1); "
            "print('pypinyin.core' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_every_character_reads_as_pypinyin_reads_it():
    from pypinyin.pinyin_dict import pinyin_dict

    han = [chr(point) for point in pinyin_dict if pinyin.has_han(chr(point))]  # the only characters spelled by pinyin
    assert len(han) > 20_000
    different = [ch for ch in han if pinyin._readings_of(ch) != _pypinyin_readings(ch)]
    assert different == []
    assert pinyin._readings_of("绿") == {"lv", "lu"} and pinyin._readings_of("欸") >= {"ê", "ei"}


TITLES = ["关于年度预算的请示 第12号", "起草会议纪要", "接待来访代表团", "审核保密文件", "安排车辆与会场", "回复办公厅来函",
          "会计室：报销单据 (急)", "重庆出差行程", "银行对账", "长江流域调研", "给张伟回电话", "朝阳区会议 2026年",
          "还款计划", "曾主任的讲话稿", "音乐会的票", "单于 传", "绿色通道", "着手准备材料"]


@pytest.mark.parametrize("title", TITLES)
def test_a_title_is_spelled_as_before(title):
    assert pinyin.syllables(title) == _in_context_spelling(title)


@pytest.mark.parametrize("query, title", [("hy", "起草会议纪要"), ("kj", "会计室：报销单据 (急)"), ("cq", "重庆出差行程"),
                                          ("zq", "重庆出差行程"), ("yh", "银行对账"), ("cy", "朝阳区会议 2026年"),
                                          ("zy", "朝阳区会议 2026年"), ("hk", "还款计划"), ("yl", "音乐会的票"),
                                          ("yy", "音乐会的票"), ("chanyu", "单于 传"), ("lv", "绿色通道")])
def test_a_title_is_found_as_before(query, title):
    before = _in_context_spelling(title)
    positions = [index for index, ch in enumerate(title) if not ch.isspace()]
    expected = next(((positions[start], positions[max(ends) - 1] + 1) for start in range(len(before))
                     if (ends := pinyin._ends(query, before, start))), None)
    assert expected is not None
    assert pinyin.pinyin_find(query, title) == expected


def test_a_name_in_context_still_uses_pypinyin():
    assert pinyin.pinyin_whole("kj", "会计", every=False) and not pinyin.pinyin_whole("hj", "会计", every=False)
    assert pinyin.pinyin_whole("hj", "会计", every=True)


@pytest.mark.parametrize("reading, said", [("zhōng", "zhong"), ("lǜ", "lv"), ("nǚ", "nv"), ("ê̄", "ê"), ("ǹg", "ng"), ("ḿ", "m")])
def test_toneless(reading, said):
    assert pinyin.toneless(reading) == said


def test_the_table_stays_small_in_memory():
    """Issue 17's memory: the table is a list by code point with each distinct string of readings once (1.0 MB
    at pypinyin's current table; keyed by code point in a dict it took 2.6 MB)."""
    code = ("import tracemalloc; tracemalloc.start(); from chief.store.domain import pinyin; "
            "before = tracemalloc.get_traced_memory()[0]; table = pinyin._character_table(); "
            "print(tracemalloc.get_traced_memory()[0] - before)")
    grown = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert grown < 1.5 * 2**20
