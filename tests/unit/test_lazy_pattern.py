"""Patterns compiled at first use, and the checks that need no pattern at all, answer as the patterns did.

A capture compiles none of them (tests/system/test_capture_imports.py); here each is held, on
random text rich in the characters that matter, to the regular expression it stands for.
"""

from __future__ import annotations

import random
import re

import pytest

from chief.store.datafile import storage
from chief.store.lazy_pattern import LazyPattern, lazy_compile
from chief.store.sync.poison import has_surrogate, is_stamp_text

# Characters that matter here: ASCII, C0 and C1 controls, DEL, line and paragraph separators, surrogates,
# joiners, Chinese, full-width forms, an emoji, a non-BMP letter.
ALPHABET = ["a", "Z", "0", "_", ".", "-", " ", "\t", "\n", "\x00", "\x1b", "\x7f", "\x85", "\x9f", "\xa0",
            "\u2028", "\u2029", "\ud800", "\udbff", "\udc00", "\udfff", "\u200c", "\u200d", "张", "伟", "＃",
            "😀", "\U00010400", "é"]


def _texts(count: int = 3000, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    return ["", *("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 8))) for _ in range(count))]


def test_a_lazy_pattern_compiles_at_first_use_and_answers_as_the_compiled_one():
    lazy = lazy_compile(r"(\d+)-(\w+)", re.ASCII)
    assert "compiled" not in vars(lazy)  # declared: nothing compiled yet
    compiled = re.compile(r"(\d+)-(\w+)", re.ASCII)
    for text in ("12-ab", "x 3-y 44-zz", "", "张-3", "1-张"):
        for method in ("search", "match", "fullmatch"):
            found, expected = getattr(lazy, method)(text), getattr(compiled, method)(text)
            assert (found and found.groups()) == (expected and expected.groups())
        assert [m.groups() for m in lazy.finditer(text)] == [m.groups() for m in compiled.finditer(text)]
        assert lazy.sub(r"\2", text) == compiled.sub(r"\2", text)
        assert lazy.findall(text) == compiled.findall(text) and lazy.split(text) == compiled.split(text)
    assert lazy.pattern == compiled.pattern and lazy.flags == compiled.flags and lazy.groups == 2
    assert vars(lazy)["compiled"].pattern == compiled.pattern
    assert "LazyPattern" in repr(LazyPattern("x"))
    with pytest.raises(AttributeError):
        lazy.no_such_method  # noqa: B018


def test_has_surrogate_is_the_surrogate_pattern():
    pattern = re.compile("[\ud800-\udfff]")
    for text in _texts():
        assert has_surrogate(text) is (pattern.search(text) is not None), repr(text)


def test_escape_unsafe_escapes_what_the_pattern_escaped():
    pattern = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
    for text in _texts():
        assert storage.escape_unsafe(text) == pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text), repr(text)


def test_a_key_is_plain_as_the_pattern_said():
    pattern = re.compile(r"[0-9A-Za-z_.-]+")
    for text in [*_texts(), "items", "01M8X5XW1SJWXB4RD45XQ5BXFN", "a.b-c_d", "a b", "-", "é", "１"]:
        expected = f'"{text}"' if pattern.fullmatch(text) else storage._encode(text)
        assert storage._key(text) == expected, repr(text)


def test_stale_temp_files_are_removed_and_nothing_else(tmp_path):
    path = tmp_path / "chief.json"
    path.write_text("{}")
    prefix = f"{storage.TEMP_PREFIX}{path.name}"
    stale = [f"{prefix}.123.456789", f"{prefix}.1.2"]
    kept = [f"{prefix}.123", f"{prefix}.1.2.3", f"{prefix}.a.2", f"{prefix}.١.٢", f"{prefix}..2", f"{prefix}.1.",
            f"{storage.TEMP_PREFIX}chief.json.bak.1.2"]
    for name in stale + kept:
        (tmp_path / name).write_text("x")
    storage.remove_stale_temp_files(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["chief.json", *kept])


def test_a_stamp_text_is_what_the_stamp_pattern_said():
    pattern = re.compile(r"\d{15}-\d{6}-.+", re.ASCII | re.DOTALL)
    rng = random.Random(5)
    good = "202612030517000-000001-dev"
    texts = [good, good[:23], good[:24], good.replace("-", "_", 1), "２" + good[1:], "٣" + good[1:], good + "\n",
             good[:23] + "\n", "x" + good[1:], *_texts()]
    for _ in range(3000):  # the stamp with one or two characters changed
        chars = list(good[: rng.randint(20, 27)])
        for _ in range(rng.randint(1, 2)):
            if chars:
                chars[rng.randrange(len(chars))] = rng.choice([*ALPHABET, "5", "-", "٣"])
        texts.append("".join(chars))
    for text in texts:
        assert is_stamp_text(text) is (pattern.fullmatch(text) is not None), repr(text)


@pytest.mark.parametrize("stem, suffix", [("chief", ".json"), ("my.data", ".json"), ("notes", ""), ("a-b", ".JSON")])
def test_a_backup_is_named_as_the_backup_pattern_said(stem, suffix):
    pattern = re.compile(rf"{re.escape(stem)}\.(\d{{8}}T\d{{6}})\.(\d{{9}})Z(\.[A-Za-z]+)?{re.escape(suffix)}")
    rng = random.Random(11)
    good = f"{stem}.20261203T051700.123456789Z{suffix}"
    names = [good, f"{stem}.20261203T051700.123456789Z.replaced{suffix}", f"{stem}.20261203T051700.123456789Z.x1{suffix}",
             f"{stem}.20261203T051700.123456789Z.{suffix}", f"{stem}.20261203T051700.12345678Z{suffix}",
             f"{stem}.20261203T051700.123456789Z.json.json", f"{stem}x.20261203T051700.123456789Z{suffix}"]
    pieces = [*"0123456789.TZxJ-", "json", ".json", "٣"]
    for _ in range(3000):  # the good name with a piece changed, added or taken out
        chars = list(good)
        at = rng.randrange(len(chars))
        kind = rng.random()
        if kind < 0.4:
            chars[at] = rng.choice(pieces)
        elif kind < 0.7:
            chars.insert(at, rng.choice(pieces))
        else:
            del chars[at]
        names.append("".join(chars))
    for name in names:
        expected = pattern.fullmatch(name)
        try:
            found = storage._backup_moment(name, stem, suffix)
        except ValueError:  # the form, with no such date
            found = "bad date"
        assert (found is not None) is (expected is not None and (expected.group(1) + expected.group(2)).isascii()), name
        if expected is not None and found not in (None, "bad date"):
            import datetime

            when = datetime.datetime.strptime(expected.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=datetime.timezone.utc)
            assert found == when.timestamp() + int(expected.group(2)) / 10**9


@pytest.mark.parametrize("mine, other", [("a?.json", "ab.json"), ("x[yz].json", "xy.json"), ("*.json", "chief.json")])
def test_a_name_with_pattern_characters_removes_only_its_own_temp_files(tmp_path, mine, other):
    path = tmp_path / mine
    path.write_text("{}")
    theirs = tmp_path / f"{storage.TEMP_PREFIX}{other}.4242.77"  # another data file's save, under way
    ours = tmp_path / f"{storage.TEMP_PREFIX}{mine}.4242.77"
    theirs.write_text("x")
    ours.write_text("x")
    storage.remove_stale_temp_files(path)
    assert theirs.exists() and not ours.exists()


def test_the_ignorecase_flag_without_re_is_re_s():
    from chief.store import lazy_pattern

    assert lazy_pattern.IGNORECASE == re.IGNORECASE
    assert lazy_compile("ÄB", lazy_pattern.IGNORECASE).fullmatch("äb")
