"""One matcher for "every word in the title, notes or steps, as typed or by pinyin" (store ``Query``).

The dashboard's ``/`` filter, the command palette, ``chief search`` and ``chief done
WORDS`` (titles only) all find with it, so they agree: full-width text is found the
same everywhere, pinyin is tried for pinyin-shaped words only, in the title and in the
first ``PINYIN_REACH`` characters of the notes and of the steps. On titles it keeps the
rules the filter and ``chief search`` had (a property test holds it to both).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from textual.fuzzy import Matcher

from chief.store import Board, Query, Settings, keep_said, search
from chief.store.domain import wallclock
from chief.store.domain.board import AmbiguousTitle, NotFound, by_title
from chief.store.domain.model import Item, Step
from chief.store.domain.pinyin import has_han, is_pinyin_query, pinyin_find
from chief.store.domain.quickadd import fold
from chief.store.reports import search as search_module
from chief.store.reports.search import PINYIN_REACH, title_may_spell
from chief.tui import commands
from chief.tui.filtering import ItemFilter

pytestmark = pytest.mark.usefixtures("frozen_time")


def _record(title: str, **fields) -> dict:
    return {"title": title, "kind": "task", "status": "open", "created": "2026-11-20T09:00:00Z",
            "updated": "2026-11-20T09:00:00Z", **fields}


def _board(items: dict[str, dict]) -> Board:
    return Board.from_data({"items": items}, Settings(), wallclock.now())


def _palette_finds(board: Board, typed: str) -> set[str]:
    matcher = Matcher(typed)
    return {hit.item.id for hit in commands.scored([(i, None) for i in board.items.values()], matcher, board, False)}


# the old rules, as the filter and chief search had them on a title ---------------------------------


def _old_filter_title(words: list[str], title: str) -> bool:
    """tui/filtering.py before: casefold, and pinyin_find (which itself wants Latin letters and Han)."""
    folded = title.casefold()
    return all(w in folded or pinyin_find(w, folded) is not None for w in (w.casefold() for w in words))


def _old_search_title(words: list[str], title: str) -> bool:
    """store/reports/search.py before: fold, pinyin only for a pinyin-shaped word and a text with Han."""
    folded = fold(title)
    wanted = [fold(w) for w in words if w.strip()]
    return bool(wanted) and all(
        w in folded or (is_pinyin_query(w) and has_han(folded) and pinyin_find(w, folded) is not None) for w in wanted)


HAN = "会议纪要张伟曾长行重审核文件起草回复来函"  # polyphonic ones too: 曾 长 行 重
TITLE_TEXT = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCHWZ0123456789 -" + HAN), min_size=1, max_size=14)
PINYINISH = st.text(alphabet=st.sampled_from("aceghijnostuvwyz"), min_size=1, max_size=6)


@hsettings(max_examples=300, deadline=None)
@given(title=TITLE_TEXT, words=st.lists(st.one_of(PINYINISH, TITLE_TEXT.map(lambda t: "".join(t.split()) or "x")),
                                        min_size=1, max_size=3), pick=st.data())
def test_on_titles_the_matcher_keeps_the_filters_and_searchs_rules(title, words, pick):
    if pick.draw(st.booleans()) and title.strip():  # often a word that is really in the title
        start = pick.draw(st.integers(0, len(title) - 1))
        words = [*words[:-1], "".join(title[start:start + 3].split()) or "x"]
    item = Item(id="X", title=title)
    found = Query(words).matches(item) is not None
    assert found == _old_search_title(words, title)
    assert found == _old_filter_title(words, title)  # the alphabet has no full-width forms: casefold == fold here
    assert Query(words).in_title(item) == found


# full-width text, found the same everywhere ----------------------------------------------------------


def test_full_width_text_in_a_note_is_found_by_the_filter_the_palette_and_chief_search():
    board = _board({"A": _record("quarterly figures", notes="see ＡＢＣ report"), "B": _record("other")})
    item = board.items["A"]
    for typed in ("abc", "ABC", "ａｂｃ"):
        assert ItemFilter(typed).matches(board, item)  # before: casefold only, so "abc" missed ＡＢＣ
        assert [f.item.id for f in search(board, [typed])] == ["A"]
        assert _palette_finds(board, typed) == {"A"}
        assert not ItemFilter(typed).matches(board, board.items["B"])


def test_chief_done_words_finds_a_full_width_title_and_needs_every_word():
    items = [Item(id="A", title="审核ＡＢＣ公司 report", status="open"), Item(id="B", title="report on budget", status="open")]
    assert [i.id for i in by_title(items, "abc")] == ["A"]
    assert [i.id for i in by_title(items, "report budget")] == ["B"]  # every word, in any order
    assert [i.id for i in by_title(items, "budget report")] == ["B"]
    assert by_title(items, "report zzz") == []


def test_chief_done_words_tries_pinyin_only_when_no_title_has_the_words_as_typed():
    items = [Item(id="A", title="起草会议纪要", status="open"), Item(id="B", title="why not", status="open")]
    assert [i.id for i in by_title(items, "hy")] == ["B"]  # "why" has it as typed: 会议 is not a second guess
    assert [i.id for i in by_title(items, "hyjy")] == ["A"]  # nothing has it as typed: by pinyin
    assert [i.id for i in by_title(items, "hy jy")] == ["A"]  # no title has both as typed: by pinyin
    assert [i.id for i in by_title(items, "hy NOT")] == ["B"]


def test_find_item_by_words_in_a_title_says_when_several_hold_them(tmp_path: Path):
    board = _board({"01A": _record("Draft the speech"), "01B": _record("draft THE budget"), "01C": _record("起草会议纪要")})
    assert board.find_item("budget draft").id == "01B"
    with pytest.raises(AmbiguousTitle):
        board.find_item("draft the")
    assert board.find_item("qchy").id == "01C"
    with pytest.raises(NotFound):
        board.find_item("nothing like it")


# pinyin: where it reaches, and only for pinyin-shaped words --------------------------------------------


def test_pinyin_reaches_the_first_PINYIN_REACH_characters_of_the_notes_and_of_the_steps():
    near = "x" * (PINYIN_REACH - 10) + "会议"
    far = "x" * PINYIN_REACH + "会议"
    item = Item(id="A", title="plain", notes=near, steps=(Step(id="s", text=far),))
    assert Query(["hy"]).matches(item) == ("notes",)  # in the notes, within reach; the step's is beyond it
    far_only = Item(id="B", title="plain", notes=far, steps=(Step(id="s", text=far),))
    assert Query(["hy"]).matches(far_only) is None
    assert Query(["会议"]).matches(far_only) == ("notes", "steps")  # as typed: anywhere


def test_a_word_that_is_not_pinyin_shaped_is_never_looked_for_as_pinyin(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(search_module, "syllables", lambda text: calls.append(text) or ())
    item = Item(id="A", title="会议纪要", notes="起草文件")
    assert Query(["h1"]).matches(item) is None and Query(["x-y"]).matches(item) is None
    assert calls == []


def test_the_first_letters_of_a_titles_spellings_say_exactly_whether_one_letter_matches():
    item = Item(id="A", title="会议纪要")
    for letter in "abcdefghijklmnopqrstuvwxyz":
        assert title_may_spell(item, letter) == (pinyin_find(letter, "会议纪要") is not None), letter
        assert (Query([letter]).matches(item) is not None) == (pinyin_find(letter, "会议纪要") is not None), letter
    assert not title_may_spell(item, "会") and not title_may_spell(Item(id="B", title="plain"), "p")


# the folded texts are kept per item, and let go ---------------------------------------------------------


def test_an_items_texts_are_folded_once_and_those_of_items_gone_by_are_let_go(monkeypatch):
    folds: list[str] = []
    real = search_module.fold
    monkeypatch.setattr(search_module, "_SAID", {})
    monkeypatch.setattr(search_module, "fold", lambda text: folds.append(text) or real(text))
    items = [Item(id=str(n), title=f"title {n}", notes="a note") for n in range(50)]
    query = Query(["note"])
    assert all(query.matches(item) == ("notes",) for item in items)
    first = len(folds)
    again = Query(["title"])
    assert all(again.matches(item) == ("title",) for item in items)
    assert len(folds) - first == 1  # the word only: the items' texts were kept
    kept = items
    for _change in range(2):  # each change (a sync, a re-read) makes new items
        newer = [Item(id=str(n), title=f"title {n}", notes="a note") for n in range(50)]
        for item in newer:
            query.matches(item)
        keep_said(newer, room=0)
        kept += newer
    assert len(search_module._SAID) == 50  # over twice the board's: only the board's own stay
    assert all(said.item in newer for said in search_module._SAID.values())


# the filter narrows from its last answers ----------------------------------------------------------------


def _office() -> Board:
    titles = ["Reply to Finance", "report for the office", "repo cleanup", "起草会议纪要", "Prepare notes", "rest"]
    items = {f"0{n}": _record(title, notes="repo" if n == 5 else "") for n, title in enumerate(titles)}
    return _board(items)


def test_a_filter_typed_after_another_matches_only_the_last_ones_matches_and_shows_the_same(monkeypatch):
    board = _office()
    items = list(board.items.values())
    last = ItemFilter("re")
    before = last.shown(board, items)
    matched: list[str] = []
    real = ItemFilter.matches
    monkeypatch.setattr(ItemFilter, "matches", lambda self, b, item: matched.append(item.id) or real(self, b, item))
    typed = last.typed("repo")
    shown = typed.shown(board, items)
    assert sorted(matched) == sorted(i.id for i in before) != sorted(board.items)  # only what "re" showed
    assert shown == ItemFilter("repo").shown(board, items)
    assert [i.title for i in shown] == ["report for the office", "repo cleanup", "rest"]  # "rest" by its note


def test_a_filter_that_does_not_extend_the_last_one_starts_afresh(monkeypatch):
    board = _office()
    items = list(board.items.values())
    for old, new in (("repo", "re"), ("re", "pre"), ("@", "@z"), ("re", "re #x")):
        last = ItemFilter(old)
        last.shown(board, items)
        typed = last.typed(new)
        assert typed.shown(board, items) == ItemFilter(new).shown(board, items), (old, new)
    assert not ItemFilter("@z").narrows(ItemFilter("@"))  # "@" alone is a word, "@z" a member
    assert ItemFilter("re @zh #w").narrows(ItemFilter("r @z"))
    last = ItemFilter("re")
    assert last.typed(" re ") is last


# the palette ---------------------------------------------------------------------------------------------


def test_a_palette_search_replaced_by_a_newer_one_stops():
    board = _office()
    asked = iter([True, False])
    assert commands.scored([(i, None) for i in board.items.values()] * 300, Matcher("re"), board, False,
                           lambda: next(asked, False)) is None
