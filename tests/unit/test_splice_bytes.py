"""A save of a few records splices bytes: always exactly the bytes a full encode gives.

``chief.store.datafile.splice.splice_bytes`` edits the file's bytes in place of ``serialize``;
every test here holds it to byte-identity with ``serialize(new).encode()``, or
to None (the caller then encodes the whole file). The Replica tests check when
it is used: on bytes this machine wrote, never on bytes it cannot vouch for.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from chief.store.datafile import fingerprints
from chief.store.desk import Desk
from chief.store.datafile.splice import splice, splice_bytes
from chief.store.datafile.storage import read_file, serialize

# text that tests every escape: Chinese, quotes and backslashes, C0 controls
# (JSON escapes), DEL, C1 and U+2028/2029 (storage escapes), braces and commas
# that look like layout; no surrogates, which no UTF-8 file can hold
_NASTY = st.sampled_from(['"', "\\", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "\x85", "\x9f", "\u2028", "\u2029",
                          "}", "{", ",", ":", " ", "/", "中", "文", "审", "😀", "\ufeff", "é"])
_TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), _NASTY), max_size=6)
_ULID = st.text("0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=1, max_size=4)
_KEYS = st.one_of(_ULID, _ULID, _TEXT)  # mostly ids, sometimes keys that need escaping
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False), _TEXT)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(_TEXT, inner, max_size=3)), max_leaves=6)
_RECORDS = st.one_of(st.dictionaries(st.sampled_from(["title", "notes", "status", "n", "_stamps"]), _VALUES, max_size=4),
                     _VALUES)  # a hand-made file may hold any JSON as a record
_TABLE_NAMES = st.sets(st.one_of(st.sampled_from(["items", "team", "archive", "a", "zz"]), _TEXT), max_size=3)


@st.composite
def databases(draw) -> dict:
    names = {"items", "meta"} | draw(_TABLE_NAMES)
    data = {name: draw(st.dictionaries(_KEYS, _RECORDS, max_size=8)) for name in names}
    data["meta"] = {"chief": {"schema": 2, "clock": draw(_TEXT)}}
    return data


@st.composite
def changed(draw, old: dict) -> dict:
    """``old`` after a save's worth of changes, sharing every unchanged record as a save does."""
    new = {table: dict(records) for table, records in old.items()}
    for table, records in new.items():
        ordered = sorted(records)
        for _ in range(draw(st.integers(0, 4))):
            what = draw(st.sampled_from(["first", "last", "any", "start", "end", "new", "replace", "copy", "same"]))
            if what in ("first", "last", "any") and ordered:
                key = {"first": ordered[0], "last": ordered[-1]}.get(what) or draw(st.sampled_from(ordered))
                records.pop(key, None)  # removal (of the only record, when there is one)
            elif what == "start":
                records[(ordered[0][:-1] if ordered and ordered[0] else "") or ""] = draw(_RECORDS)  # before every key
            elif what == "end":
                records[(ordered[-1] if ordered else "") + draw(_TEXT) + "~"] = draw(_RECORDS)  # after every key
            elif what == "new":
                records[draw(_KEYS)] = draw(_RECORDS)  # anywhere, or over an existing key
            elif what == "replace" and records:
                records[draw(st.sampled_from(sorted(records)))] = draw(_RECORDS)
            elif what == "copy" and records:
                key = draw(st.sampled_from(sorted(records)))
                records[key] = copy.deepcopy(records[key])  # another object, equal: the same line
            elif what == "same" and records:
                records.clear()
                records.update(copy.deepcopy(old[table]))
    new["meta"]["chief"] = {**old["meta"]["chief"], "clock": draw(_TEXT) + "!"}  # every save marks the clock
    return new


def encoded(data: dict) -> bytes:
    return serialize(data).encode("utf-8")


@pytest.mark.slow
@hsettings(max_examples=600)
@given(st.data())
def test_a_splice_gives_exactly_the_bytes_of_a_full_encode(data):
    old = data.draw(databases())
    new = data.draw(changed(old))
    assert splice_bytes(encoded(old), old, new) == encoded(new)


@pytest.mark.slow
@hsettings(max_examples=150)
@given(st.data())
def test_saves_splice_on_what_the_last_splice_gave(data):
    current = data.draw(databases())
    raw = encoded(current)
    for _ in range(4):
        new = data.draw(changed(current))
        raw = splice_bytes(raw, current, new)
        assert raw == encoded(new)
        current = new


@pytest.mark.slow
@hsettings(max_examples=100)
@given(st.data())
def test_the_text_splice_is_the_byte_splice(data):
    old = data.draw(databases())
    new = data.draw(changed(old))
    assert splice(serialize(old), old, new) == serialize(new)


def test_each_edge_of_a_table():
    old = {"items": {"B": {"t": 1}, "D": {"t": 2}, "F": {"t": 3}}, "meta": {"chief": {"c": 1}}, "team": {}}
    cases = [
        {"A": {"t": 0}},  # insert at the start
        {"C": {"t": 0}},  # in the middle
        {"G": {"t": 0}},  # at the end
        {"B": None},  # remove the first
        {"F": None},  # the last
        {"F": None, "G": {"t": 0}},  # the last goes, a new last comes
        {"D": None, "F": None},  # the last two
        {"B": None, "D": None, "F": None},  # all
        {"B": None, "D": None, "F": None, "E": {"t": 5}},  # all, and one new
        {"A": {}, "C": {}, "E": {}, "G": {}, "B": None, "D": {"t": "变"}, "F": None},  # everything at once
    ]
    for case in cases:
        new = {"items": dict(old["items"]), "meta": {"chief": {"c": 2}}, "team": {"M": {"name": "李"}}}
        for key, record in case.items():
            if record is None:
                del new["items"][key]
            else:
                new["items"][key] = record
        assert splice_bytes(encoded(old), old, new) == encoded(new), case
        back = splice_bytes(encoded(new), new, old)  # and the other way round: into and out of empty tables
        assert back == encoded(old), case


def test_nothing_changed_gives_the_same_bytes():
    old = {"items": {"A": {"t": 1}}, "meta": {"chief": {}}}
    raw = encoded(old)
    assert splice_bytes(raw, old, copy.deepcopy(old)) is raw


def test_a_key_that_is_no_record_is_inserted_even_when_its_record_is_null():
    old = {"items": {"A": 1}, "meta": {"chief": {}}}
    new = {"items": {"A": 1, "B": None}, "meta": {"chief": {}}}
    assert splice_bytes(encoded(old), old, new) == encoded(new)


# refusals: whatever is not as expected gives None, never wrong bytes ---------------------


OLD = {"items": {"A": {"t": 1}, "B": {"t": 2}, "C": {"t": 3}}, "meta": {"chief": {"c": 1}}}
NEW = {"items": {"A": {"t": 1}, "B": {"t": 9}, "C": {"t": 3}}, "meta": {"chief": {"c": 2}}}


@pytest.mark.parametrize("raw", [
    b'{"items": {"A": {"t": 1},\n "B": {"t": 2}, "C": {"t": 3}}, "meta": {"chief": {"c": 1}}}\n',  # another layout
    json.dumps(OLD, indent=2).encode(),  # pretty-printed
    encoded(OLD)[:-1],  # truncated
    encoded(OLD).replace(b'"B": {"t": 2}', b'"B": {"t":2}'),  # the changed line is not its old record
    encoded(OLD).replace(b'"B": {"t": 2}', b'"B": {"t": 7}'),  # nor is this
    encoded(OLD).replace(b'"B": {"t": 2},\n', b""),  # the changed line is missing
    encoded(OLD).replace(b'"chief"', b'"other"'),  # the meta record is another
    encoded(OLD).replace(b'"meta": {', b'"mota": {'),  # a table is missing
    b"",
])
def test_bytes_not_of_the_old_data_are_refused(raw):
    assert splice_bytes(raw, OLD, NEW) is None


def test_a_line_that_should_not_be_there_is_refused():
    raw = encoded(OLD).replace(b'"C": {"t": 3}', b'"BB": {"t": 0},\n"C": {"t": 3}')
    assert splice_bytes(raw, OLD, {**NEW, "items": {**NEW["items"], "BB": {"t": 1}}}) is None  # "BB" is not new


def test_a_table_added_or_removed_is_left_to_the_full_encode():
    assert splice_bytes(encoded(OLD), OLD, {**NEW, "team": {}}) is None
    assert splice_bytes(encoded(OLD), OLD, {"meta": NEW["meta"]}) is None


# the Replica: which bytes it splices ----------------------------------------------------


def _count_full_encodes(monkeypatch) -> list[int]:
    import chief.store.sync.replica

    calls: list[int] = []
    real = chief.store.sync.replica.serialize_bytes

    def counting(data):
        calls.append(1)
        return real(data)

    monkeypatch.setattr(chief.store.sync.replica, "serialize_bytes", counting)
    return calls


def _matches_a_full_encode(path: Path) -> bool:
    data, _ = read_file(path)
    return path.read_bytes() == encoded(data)


def test_saves_after_the_first_splice_and_match_a_full_encode(desk, data_file, monkeypatch):
    first, _ = desk.capture("第一件事")
    calls = _count_full_encodes(monkeypatch)
    second, _ = desk.capture("second thing")
    desk.move(first.id, 1)
    desk.done(second.id)
    assert calls == []
    assert _matches_a_full_encode(data_file)
    assert fingerprints.is_known(data_file, data_file.read_bytes())


def test_a_file_this_machine_wrote_is_spliced_by_another_process(desk, data_file, monkeypatch):
    item, _ = desk.capture("mine")
    calls = _count_full_encodes(monkeypatch)
    Desk(data_file).move(item.id, 2)  # a fresh process: it reads the file, trusted by its note
    assert calls == []
    assert _matches_a_full_encode(data_file)


def test_a_file_in_chiefs_layout_but_not_its_bytes_is_encoded_whole(desk, data_file, monkeypatch):
    """The layout is Chief's, one record per line in order, but a line is not what Chief writes."""
    first, _ = desk.capture("one")
    desk.capture("two")
    raw = data_file.read_bytes()
    line_start = raw.index(f'\n"{first.id}": '.encode()) + 1
    line_end = raw.index(b"\n", line_start)
    line = raw[line_start:line_end]
    record = json.loads(b"{" + line.rstrip(b",") + b"}")[first.id]
    unsorted = json.dumps(dict(reversed(list(record.items()))), ensure_ascii=True, separators=(",", ":"))
    hand = raw[:line_start] + f'"{first.id}": {unsorted},'.encode() + raw[line_end:]
    data_file.write_bytes(hand)
    os.chmod(data_file, 0o600)
    calls = _count_full_encodes(monkeypatch)
    Desk(data_file).move(first.id, 3)
    assert calls == [1]  # not spliced: the note does not know these bytes
    assert _matches_a_full_encode(data_file)
    calls.clear()
    Desk(data_file).move(first.id, 4)  # and now it does
    assert calls == []
    assert _matches_a_full_encode(data_file)


_MISSING = object()


@given(st.data())
@hsettings(max_examples=150, deadline=None)
def test_the_changed_keys_given_make_the_same_bytes_as_the_scan(data):
    """A save told which records its commands touched looks only at those: the same bytes as scanning every record."""
    old = data.draw(databases())
    new = data.draw(changed(old))
    raw = encoded(old)
    hint = {}
    for table in data.draw(st.sets(st.sampled_from(sorted(new)))):
        differs = {k for k in old[table].keys() | new[table].keys() if old[table].get(k, _MISSING) is not new[table].get(k, _MISSING)}
        extra = data.draw(st.sets(st.sampled_from(sorted(old[table] | {"never": 1}))))  # a command may touch a record and leave it as it was
        hint[table] = differs | extra
    assert splice_bytes(raw, old, new, hint) == splice_bytes(raw, old, new)
    if splice_bytes(raw, old, new) is not None:
        assert splice_bytes(raw, old, new, hint) == encoded(new)
