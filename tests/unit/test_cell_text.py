"""The cell widths and clipping of tui/text.py against the plain reading of unicodedata they replaced.

``cell_width`` and ``clip`` measure every row a panel shows; they look each character up once and then
count at C speed. These tests hold them to the character-by-character reading, on any text.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st

from chief.tui import text as cells
from chief.tui.text import cell_width, cell_width_of, clip, fit


def _reference_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _reference_clip(text: str, width: int) -> str:
    used = 0
    for index, char in enumerate(text):
        used += _reference_width(char)
        if used > width:
            kept, room = [], width - 1
            for c in text[:index]:
                room -= _reference_width(c)
                if room < 0:
                    break
                kept.append(c)
            return "".join(kept) + "…"
    return text


# Titles as they come: Chinese, full-width marks, combining accents, emoji, control characters, surrogates
# (a damaged file's), plain ASCII, and anything else in Unicode.
TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from("起草年度工作总结报告＊！＠＃～ab c\u0301\u0300\u20dd\x01\x7f\t😀\ud800·—")),
    st.text(alphabet=st.characters(codec="ascii")),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF)),
)


@settings(max_examples=3000)
@given(TEXTS)
def test_cell_width_is_the_reading_of_each_character(text):
    assert cell_width(text) == _reference_width(text)


@settings(max_examples=3000)
@given(TEXTS, st.integers(min_value=-3, max_value=60))
def test_clip_cuts_where_the_reading_of_each_character_cuts(text, width):
    assert clip(text, width) == _reference_clip(text, width)
    assert cell_width_of(text, max(width, 0)) == min(_reference_width(text[:max(width, 0)]), max(width, 0))


@settings(max_examples=500)
@given(TEXTS, st.integers(min_value=1, max_value=40))
def test_fit_fills_exactly_the_width(text, width):
    shown = fit(text, width)
    assert _reference_width(shown) == width
    assert shown.startswith(_reference_clip(text, width))


def test_the_kept_widths_stay_bounded(monkeypatch):
    """A file with thousands of distinct characters does not grow the kept widths for ever."""
    monkeypatch.setattr(cells, "CELLS_KEPT", 100)
    monkeypatch.setattr(cells, "_CELLS", cells._Cells())
    text = "".join(chr(0x4E00 + i) for i in range(1000))
    assert cell_width(text) == 2000
    assert len(cells._CELLS) <= 100
    assert cell_width(text) == 2000  # and reads the same after a clear


def test_wrap_breaks_chinese_by_cells_and_keeps_closing_marks_with_what_they_follow():
    from chief.tui.text import cell_width, wrap

    text = "等该事项写入数据文件后才返回（默认在事项已安全记入本机的暂存记录时即返回，几毫秒后写入数据文件）"
    lines = wrap(text, 30)
    assert "".join(lines) == text  # nothing lost, nothing added between wide characters
    assert all(cell_width(line) <= 30 + 2 for line in lines)  # a closing mark may hang past the width
    assert all(cell_width(line) <= 30 for line in lines if not line.endswith(("，", "）")))
    assert not any(line.startswith(("，", "）")) for line in lines)


def test_wrap_keeps_words_whole_and_breaks_at_spaces():
    from chief.tui.text import wrap

    # a word wider than the line stays whole; Chinese breaks between any two characters
    assert wrap("every:weekday 9:00 起草 通知 from:主任", 12) == ["every:weekday", "9:00 起草 通", "知 from:主任"]
    assert wrap("", 10) == [] and wrap("   ", 10) == []
