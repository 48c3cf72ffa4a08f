"""store/domain/forms.py answers as the regular expressions it stands for, on thousands of random texts."""

from __future__ import annotations

import random
import re

import pytest

from chief.store.domain import forms

# What matters to these forms: ASCII and other decimal digits (Arabic-Indic, full-width), digits that are not
# decimal (superscript two), the marks and letters of the forms, a line feed, and a few others.
ALPHABET = ["0", "1", "2", "5", "9", "\u0663", "\uff11", "\u00b2", "-", ":", "T", "t", "Z", "z", "a", "m", "p",
            "w", "d", "h", "\n", " ", "x", "张", ".", "+"]
# Shapes close to the forms, so that most texts are near misses rather than noise.
SEEDS = ["2026-12-01", "2026-12-01T09:30:00Z", "2026-12-01t15:00", "12-01", "1w2d3h4m", "3pm", "15:00", "3:30pm", "9am"]


def _texts(count: int = 6000, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    texts = ["", *SEEDS]
    for _ in range(count):
        if rng.random() < 0.5:
            text = list(rng.choice(SEEDS))
            for _ in range(rng.randint(1, 3)):  # a seed, changed in one to three places
                where = rng.randrange(len(text) + 1)
                what = rng.random()
                if what < 0.4 and text:
                    text[min(where, len(text) - 1)] = rng.choice(ALPHABET)
                elif what < 0.7:
                    text.insert(where, rng.choice(ALPHABET))
                elif text:
                    del text[min(where, len(text) - 1)]
            texts.append("".join(text))
        else:
            texts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 22))))
    return texts


TEXTS = _texts()


@pytest.mark.parametrize(("check", "pattern"), [
    (forms.is_date_text, r"\d{4}-\d{2}-\d{2}"),
    (forms.is_utc_time_text, r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"),
    (forms.is_iso_moment_text, r"\d{4}-\d{2}-\d{2}t.+"),
], ids=lambda v: getattr(v, "__name__", ""))
def test_each_yes_or_no_is_the_pattern_s(check, pattern):
    compiled = re.compile(pattern)
    matched = 0
    for text in TEXTS:
        expected = compiled.fullmatch(text) is not None
        assert check(text) is expected, repr(text)
        matched += expected
    assert matched >= 10  # the texts reach the form, not only its misses


@pytest.mark.parametrize(("read", "pattern"), [
    (forms.month_day, r"(\d{1,2})-(\d{1,2})"),
    (forms.duration_groups, r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?"),
    (forms.clock_groups, r"(\d{1,2})(?::(\d{2}))?(am|pm)?"),
], ids=lambda v: getattr(v, "__name__", ""))
def test_each_reading_has_the_pattern_s_groups(read, pattern):
    compiled = re.compile(pattern)
    matched = 0
    for text in TEXTS:
        found = compiled.fullmatch(text)
        assert read(text) == (found.groups() if found else None), repr(text)
        matched += found is not None
    assert matched >= 10


def test_the_compiled_stored_forms_answer_as_the_hand_checks():
    """A whole file's records are checked by the compiled patterns (reading_many): the same answers."""
    stored_time, stored_date = forms.compiled_stored_forms()
    for text in _texts():
        assert bool(stored_time(text)) is forms.is_utc_time_text(text), text
        assert bool(stored_date(text)) is forms.is_date_text(text), text


def test_a_whole_file_is_checked_by_compiled_patterns_and_one_record_by_hand(monkeypatch):
    from chief.store.domain import board, model
    from chief.store.domain.config import Settings

    monkeypatch.setattr(model, "_stored_time", forms.is_utc_time_text)
    monkeypatch.setattr(model, "_stored_date", forms.is_date_text)
    record = {"title": "x", "status": "open", "created": "2026-12-01T09:30:00Z", "due": "2026-12-04", "kind": "task"}
    import pendulum

    settings, now = Settings(), pendulum.datetime(2026, 12, 2, 9, tz="UTC")
    board.Board({"items": {"01A": record}}, settings, now).items
    assert model._stored_time is forms.is_utc_time_text  # one record (a capture's): no pattern compiled
    many = {f"01A{n:04d}": dict(record) for n in range(board.MANY_RECORDS + 1)}
    many["01BAD"] = {**record, "due": "2026-12-04T9:00"}  # a damaged stamp is still refused
    read = board.Board({"items": many}, settings, now)
    assert len(read.items) == board.MANY_RECORDS + 1  # (its records are read when first asked for)
    assert model._stored_time is not forms.is_utc_time_text
    assert any(p.id == "01BAD" for p in read.problems)
