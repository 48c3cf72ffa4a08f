"""store/i18n/reasons.py: json's, csv's, tomllib's and the OS's reasons in the user's language.

Each library is made to fail in every way the tables know; in Chinese no English
word of the library is left, in English the library's own words come back
unchanged (Chief's messages in English say what they always said).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import tomllib

import pytest

from chief.store import i18n
from chief.store.i18n.reasons import _JSON, _OS, _TOML, csv_reason, json_reason, os_reason, toml_reason

ENGLISH = re.compile(r"[A-Za-z]{3,}")
KEPT = {"UTF", "BOM", "NUL", "Unicode"}  # names, not words


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


def _english_words(text: str) -> set[str]:
    return set(ENGLISH.findall(text)) - KEPT


BAD_JSON = ['{"a"', '[1 2]', '{a}', '"abc', '"a\x01"', '"\\q"', '"\\u12"', '1 2', '\ufeff1', '[1,]', '']


def _json_error(text: str) -> json.JSONDecodeError:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    return caught.value


def test_every_json_reason_is_said_in_chinese():
    errors = [_json_error(t) for t in BAD_JSON]
    assert {e.msg for e in errors} >= {m for m in _JSON if "trailing comma" not in m}  # every reason 3.11 gives
    i18n.set_language("zh")
    for err in errors:
        said = json_reason(err)
        assert said != err.msg and not _english_words(said), (err.msg, said)


def test_json_reasons_stay_jsons_own_words_in_english():
    for text in BAD_JSON:
        err = _json_error(text)
        assert json_reason(err) == err.msg


def test_the_pure_python_scanner_s_reasons_are_known_too():
    """json.decoder's Python scanner adds the bad character: 'Invalid control character '\\x01' at'."""
    i18n.set_language("zh")
    for msg in ("Invalid control character '\\x01' at", "Invalid \\escape: 'q'"):
        said = json_reason(json.JSONDecodeError(msg, "x", 0))
        assert not _english_words(said), said


def test_an_unknown_reason_is_shown_as_it_came():
    i18n.set_language("zh")
    assert json_reason(json.JSONDecodeError("Something new", "x", 0)) == "Something new"
    assert csv_reason(csv.Error("something new")) == "something new"
    assert toml_reason(tomllib.TOMLDecodeError("Something new")) == "Something new"


BAD_TOML = ["a =", "a = 1\na = 2", "[a", "[[a", "a 1", "= 1", "a = [1", "a = {b = 1", 'a = "x', 'a = "\\q"',
            'a = "\\uD800"', "a = 2026-13-45", "a = {b = 1, b = 2}", "[a]\n[a]", "a = 1\na.b = 2", 'a = "\x01"',
            "a = { b = 1 }\na.c = 2", "a = 1 2", "a = tru", "a = 'x\\'\nb = '"]


def test_every_toml_reason_is_said_in_chinese_with_its_place():
    seen = set()
    for text in BAD_TOML:
        with pytest.raises(tomllib.TOMLDecodeError) as caught:
            tomllib.loads(text)
        english = str(caught.value)
        i18n.set_language("en")
        assert toml_reason(caught.value) == english
        i18n.set_language("zh")
        said = toml_reason(caught.value)
        assert not _english_words(said), (english, said)
        assert said.startswith("文件末尾：") == english.endswith("(at end of document)"), said
        seen.add(english.rsplit(" (at ", 1)[0])
    assert len(seen) >= 12  # most of tomllib's reasons were met


@pytest.mark.parametrize("text", ['a\n"b', '"a"b\n'])
def test_csv_reasons_are_said_in_chinese(text):
    with pytest.raises(csv.Error) as caught:
        list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert csv_reason(caught.value) == str(caught.value)
    i18n.set_language("zh")
    said = csv_reason(caught.value)
    assert not _english_words(said), (str(caught.value), said)


def test_the_os_reasons_are_said_in_chinese_and_stay_strerror_in_english():
    for code in _OS:
        err = OSError(code, os.strerror(code))
        i18n.set_language("en")
        english = os_reason(err)
        if code not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):  # said plainly: "the disk is full"
            assert english == os.strerror(code)
        i18n.set_language("zh")
        said = os_reason(err)
        assert not _english_words(said), (english, said)


def test_chiefs_own_words_for_an_os_error_are_kept():
    """platform_io.FileBusy carries a sentence of its own, already translated: not 'permission denied'."""
    from chief.store.datafile.platform_io import FileBusy

    i18n.set_language("zh")
    busy = FileBusy(errno.EACCES, i18n._("another program keeps it open (an editor, a virus scanner or a sync tool?)"))
    assert os_reason(busy) == "另一个程序正占用该文件（编辑器、杀毒软件或同步工具？）"
    assert os_reason(OSError(errno.EACCES, os.strerror(errno.EACCES))) == "权限不足"
    assert os_reason(OSError("no errno at all")) == "no errno at all"


def test_each_table_s_messages_are_distinct_library_words():
    assert len(set(_JSON)) == len(_JSON) and len(set(_TOML)) == len(_TOML)


@pytest.mark.parametrize(("record", "english", "chinese"), [
    ({"title": 3}, "title has the wrong type (int)", "title 的类型不对（整数）"),
    ({"title": "起草", "effort": True}, "effort has the wrong type (bool)", "effort 的类型不对（真假值）"),
    ([1], "item 01X is a list, not a record", "事项 01X 是列表，不是记录"),
])
def test_what_a_value_is_is_said_in_the_users_language(record, english, chinese):
    from chief.store.domain.model import InvalidRecord, Item

    for language, said in (("en", english), ("zh", chinese)):
        i18n.set_language(language)
        with pytest.raises(InvalidRecord) as caught:
            Item.from_record("01X", record)
        assert str(caught.value) == said
