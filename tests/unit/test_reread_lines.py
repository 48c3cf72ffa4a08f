"""A changed file read again by its changed lines gives exactly what the full reading gives (issue 17: peak memory).

``chief.store.datafile.reread.read_changed`` compares the new bytes with the
bytes last read or written and parses only the lines that differ; the records
of the other lines are the very objects held before. Every test here holds it
to the full reading (``storage.parse_bytes``) of the same bytes: the same
tables, or None (the caller then reads the whole file, with the full
reading's checks and messages), never anything else.
"""

from __future__ import annotations

import copy
import json
import os

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from test_splice_bytes import _RECORDS, _TEXT, changed, databases, encoded

from chief.store.datafile import reread
from chief.store.datafile.reread import Earlier, layout_exact, read_changed
from chief.store.datafile.storage import DataFileError, parse_bytes, read_file, serialize, serialize_bytes
from chief.store.desk import Desk
from chief.store.domain.config import Settings


def full(raw: bytes):
    """The full reading of ``raw``, or the one-line error it gives."""
    try:
        return parse_bytes(raw, "chief.json")
    except DataFileError as err:
        return str(err)


def by_lines(old: dict, new_raw: bytes):
    earlier = Earlier(encoded(old), old)
    found = read_changed(earlier, new_raw)
    assert earlier.raw is None  # the old bytes are let go once compared
    return found, earlier.exact


def holds(new_raw: bytes, old: dict) -> None:
    """The reading by lines of ``new_raw`` against ``old`` is the full reading, or it declines."""
    found, exact = by_lines(old, new_raw)
    if found is None:
        return
    assert found == full(new_raw)
    assert list(found) == sorted(found)  # the tables in the file's order, as the full reading has them
    if exact:
        assert new_raw == serialize_bytes(found)


def lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


# what another machine or a hand may do to the bytes, line by line
_EDITS = st.sampled_from(["drop", "copy", "swap", "reformat", "garble", "not utf-8", "split", "join", "comma",
                          "no comma", "new table", "duplicate", "blank", "crlf", "surrogate", "deep", "value"])


@st.composite
def edited(draw, raw: bytes) -> bytes:
    """``raw`` with a few lines changed the way Chief never writes them (nor always a valid file)."""
    found = lines(raw)
    for _ in range(draw(st.integers(1, 3))):
        if len(found) < 3:
            break
        at = draw(st.integers(1, len(found) - 2))
        line = found[at]
        what = draw(_EDITS)
        if what == "drop":
            del found[at]
        elif what == "copy":
            found.insert(at, line)
        elif what == "swap" and at + 1 < len(found) - 1:
            found[at], found[at + 1] = found[at + 1], line
        elif what == "reformat" and b": " in line:
            key, _, rest = line.partition(b": ")
            comma = rest.endswith(b",")
            try:
                value = json.loads(rest[:-1] if comma else rest)
            except (ValueError, RecursionError):  # not JSON, or a "deep" edit's line, too deep for json to read back
                continue
            found[at] = key + b":" + json.dumps(value, ensure_ascii=True, indent=None, separators=(",", ":")).encode() + (b"," if comma else b"")
        elif what == "garble":
            found[at] = line[: draw(st.integers(0, len(line)))]
        elif what == "not utf-8":
            found[at] = line[:1] + b"\xff\xfe" + line[1:]
        elif what == "split" and b", " in line:
            found[at : at + 1] = line.split(b", ", 1)
        elif what == "join" and at + 1 < len(found) - 1:
            found[at : at + 2] = [line + b" " + found[at + 1]]
        elif what == "comma":
            found[at] = line + b","
        elif what == "no comma":
            found[at] = line.rstrip(b",")
        elif what == "new table":
            found[at:at] = [b'"zz": {', b"},"]
        elif what == "duplicate" and line.startswith(b'"') and b'": ' in line:
            key = line.partition(b": ")[0]
            value = json.dumps(draw(_RECORDS), ensure_ascii=False).encode()
            found.insert(at, key + b": " + value + b",")
        elif what == "blank":
            found.insert(at, b"")
        elif what == "crlf":
            found[at] = line + b"\r"
        elif what == "surrogate":
            found[at] = line.replace(b"}", b'"\xed\xa0\x80"}', 1)
        elif what == "deep" and line.startswith(b'"') and b'": ' in line:
            key = line.partition(b": ")[0]
            found[at] = key + b": " + b"[" * 2000 + b"]" * 2000 + (b"," if line.endswith(b",") else b"")
        elif what == "value" and line.startswith(b'"') and b'": ' in line:
            key = line.partition(b": ")[0]
            value = json.dumps(draw(_RECORDS), ensure_ascii=draw(st.booleans())).encode()
            found[at] = key + b": " + value + (b"," if line.endswith(b",") else b"")
    return b"\n".join(found)


# Chief's own writes: always read by lines, unchanged records kept as the very objects ------------


@pytest.mark.slow
@hsettings(max_examples=400)
@given(st.data())
def test_a_file_chief_wrote_is_read_by_its_changed_lines(data):
    old = data.draw(databases())
    new = data.draw(changed(old))
    found, exact = by_lines(old, encoded(new))
    assert found is not None and exact
    assert found == new == full(encoded(new))
    for table, records in found.items():
        for key, record in records.items():
            if key in old[table] and old[table][key] is new[table][key]:  # a record no save changed: the very object
                assert record is old[table][key]


@pytest.mark.slow
@hsettings(max_examples=150)
@given(st.data())
def test_reading_by_lines_again_and_again_stays_the_full_reading(data):
    current = data.draw(databases())
    raw = encoded(current)
    for _ in range(4):
        new = data.draw(changed(current))
        earlier = Earlier(raw, current)
        found = read_changed(earlier, encoded(new))
        assert found == new and earlier.exact
        current, raw = found, encoded(new)


# another machine, a hand: the full reading, or a refusal that sends the caller to it -------------


@pytest.mark.slow
@hsettings(max_examples=600)
@given(st.data())
def test_lines_edited_by_hand_or_another_machine_read_as_the_full_reading(data):
    old = data.draw(databases())
    holds(data.draw(edited(encoded(old))), old)


@pytest.mark.slow
@hsettings(max_examples=300)
@given(st.data())
def test_edits_after_a_save_read_as_the_full_reading(data):
    old = data.draw(databases())
    holds(data.draw(edited(encoded(data.draw(changed(old))))), old)


OLD = {"items": {"A": {"t": 1}, "B": {"t": "二"}, "C": {"t": 3}}, "meta": {"chief": {"c": 1}}, "team": {"M": {"n": "李"}}}


def test_a_line_another_machine_changed_is_the_only_one_parsed(monkeypatch):
    parsed = []
    real = reread._record
    monkeypatch.setattr(reread, "_record", lambda line: parsed.append(line) or real(line))
    new = copy.deepcopy(OLD)
    new["items"]["B"] = {"t": "变了", "_stamps": {"*": "x"}}
    raw = encoded(new).replace("变了".encode(), b"\\u53d8\\u4e86")  # ensure_ascii, as another tool may write it
    found, exact = by_lines(OLD, raw)
    assert found == full(raw) == new
    assert not exact  # not as Chief writes it: the next save writes the whole file
    assert parsed == [raw.split(b"\n")[3].rstrip(b",")]
    assert found["items"]["A"] is OLD["items"]["A"] and found["team"]["M"] is OLD["team"]["M"]


def test_a_record_removed_or_added():
    removed = encoded(OLD).replace(b'"B": {"t": "\xe4\xba\x8c"},\n', b"")
    assert by_lines(OLD, removed)[0] == full(removed) == {**OLD, "items": {"A": {"t": 1}, "C": {"t": 3}}}
    added = encoded(OLD).replace(b'"C": {"t": 3}', b'"C": {"t": 3},\n"D": {"t": 4}')
    assert by_lines(OLD, added) == (full(added), True)


@pytest.mark.parametrize("raw, why", [
    (encoded(OLD).replace(b'"meta": {', b'"log": {\n},\n"meta": {'), "a table added"),
    (encoded(OLD).replace(b'\n},\n"team": {\n"M": {"n": "\xe6\x9d\x8e"}\n}', b"\n}"), "a table removed"),
    (encoded(OLD).replace(b'"C": {"t": 3}', b'"C": {"t": 3},\n"A": {"u": 2}'), "a key given twice"),
    (encoded(OLD).replace(b'"B": {"t": "\xe4\xba\x8c"},', b'"B": {"t": "\xe4\xba\x8c"},\n"B": {"t": "\xe4\xba\x8c"},'), "a line given twice"),
    (encoded(OLD).replace(b'"C": {"t": 3}', b'"C": {\n"t": 3\n}'), "a record over lines"),
    (encoded(OLD).replace(b'"C": {"t": 3}', b'"C": {"t": 3},'), "a comma too many"),
    (encoded(OLD).replace(b'"A": {"t": 1},', b'"A": {"t": 1}'), "a comma missing"),
    (encoded(OLD).replace(b'"A": {"t": 1},', b'"A": {"t": 1}, "Z": {},'), "two records on a line"),
    (encoded(OLD).replace(b'"t": 3', b'"t": "\xff"'), "bytes not UTF-8"),
    (encoded(OLD).replace(b'"t": 3', b'"t": "\xed\xa0\x80"'), "a surrogate encoded"),
    (encoded(OLD).replace(b'"t": 3', b'"t": ' + b"[" * 5000 + b"]" * 5000), "nested too deep to read"),
    (b"\xef\xbb\xbf" + encoded(OLD), "a byte-order mark"),
    (encoded(OLD).replace(b"\n", b"\r\n"), "Windows line ends"),
    (json.dumps(OLD, indent=1).encode(), "pretty-printed"),
    (b"", "empty"),
])
def test_what_is_not_one_whole_record_a_line_goes_the_full_way(raw, why):
    found, _exact = by_lines(OLD, raw)
    assert found is None, why


# the Replica: what it reads by lines, and what it lets go --------------------------------------


def test_a_capture_from_another_process_is_read_by_its_lines(desk, data_file, monkeypatch):
    for n in range(5):
        desk.capture(f"item {n}")
    before = desk.board()
    records = dict(desk.replica.known["items"])
    parsed = []
    real = reread._record
    monkeypatch.setattr(reread, "_record", lambda line: parsed.append(line) or real(line))
    other, _ = Desk(data_file, Settings()).capture("from the shell")  # another process writes the file
    board = desk.board()
    assert len(parsed) == 2  # the new item's line and the meta line with its clock mark
    assert other.id in board.items
    assert all(desk.replica.known["items"][key] is record for key, record in records.items())
    assert all(board.items[key] is item for key, item in before.items.items())  # parsed items kept, not made again
    assert desk.replica.known == read_file(data_file)[0]
    desk.capture("then mine")  # spliced into the bytes read by lines
    assert data_file.read_bytes() == serialize(read_file(data_file)[0]).encode("utf-8")


def test_a_file_another_machine_wrote_in_chiefs_layout_is_checked_once_then_read_by_lines(desk, data_file, monkeypatch):
    item, _ = desk.capture("mine")
    data = read_file(data_file)[0]
    data["items"][item.id]["notes"] = "written elsewhere"
    data_file.write_bytes(serialize(data).encode("utf-8"))  # Chief's layout, bytes this machine never wrote
    os.chmod(data_file, 0o600)
    fresh = Desk(data_file, Settings())
    fresh.board()
    checked = []
    real = reread.layout_exact
    monkeypatch.setattr("chief.store.sync.replica.layout_exact",
                        lambda raw, data: checked.append(data is fresh.replica._raw_data) or real(raw, data))
    Desk(data_file, Settings()).capture("one")
    fresh.board()
    Desk(data_file, Settings()).capture("two")
    board = fresh.board()
    assert checked.count(True) == 1  # once: after that, the bytes read by lines are known to be exact
    assert sorted(i.title for i in board.items.values()) == ["mine", "one", "two"]


def test_bytes_not_in_the_layout_are_let_go_before_the_whole_file_is_parsed(desk, data_file, monkeypatch):
    desk.capture("first")
    desk.board()
    data = read_file(data_file)[0]
    data_file.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")  # a hand's layout
    os.chmod(data_file, 0o600)
    seen: list[Earlier] = []
    real_changed = reread.read_changed
    monkeypatch.setattr(reread, "read_changed", lambda earlier, raw: seen.append(earlier) or real_changed(earlier, raw))
    import chief.store.datafile.storage as storage

    held = []
    real_parse = storage.parse_bytes
    monkeypatch.setattr(storage, "parse_bytes", lambda raw, path: held.extend(e.raw for e in seen) or real_parse(raw, path))
    board = desk.board()
    assert len(seen) == 1 and held == [None]  # compared, found wanting, and let go before the full parse
    assert [i.title for i in board.items.values()] == ["first"]


def test_a_line_that_is_not_utf8_gives_the_full_readings_message(desk, data_file):
    desk.capture("first")
    desk.board()
    raw = data_file.read_bytes()
    data_file.write_bytes(raw.replace(b'"first"', b'"fi\xffrst"'))
    os.chmod(data_file, 0o600)
    desk.board()
    assert "is not UTF-8 text (byte" in desk.replica.damaged


def test_a_key_given_twice_by_hand_is_merged_as_the_full_reading_merges_it(desk, data_file):
    item, _ = desk.capture("first")
    desk.board()
    raw = data_file.read_bytes()
    start = raw.index(f'"{item.id}": '.encode())
    line = raw[start : raw.index(b"\n", start)].rstrip(b",")
    copy_line = line.replace(b'"notes": ""', b'"notes": "by hand"')
    data_file.write_bytes(raw[:start] + copy_line + b",\n" + raw[start:])
    os.chmod(data_file, 0o600)
    board = desk.board()
    assert board.items[item.id].title == "first"
    assert desk.replica.known == Desk(data_file, Settings()).replica.read()


# the pieces the reading by lines stands on ----------------------------------------------------


@pytest.mark.slow
@hsettings(max_examples=300)
@given(st.data())
def test_the_layout_is_exact_only_for_the_bytes_serialize_gives(data):
    old = data.draw(databases())
    assert layout_exact(encoded(old), old)
    other = data.draw(edited(encoded(old)))
    assert layout_exact(other, old) == (other == encoded(old))


@pytest.mark.slow
@hsettings(max_examples=300)
@given(databases(), st.integers(1, 40))
def test_the_bytes_are_the_text_encoded_whatever_the_pieces(data, piece):
    import chief.store.datafile.storage as storage

    kept = storage._PIECE_LINES
    storage._PIECE_LINES = piece
    try:
        assert serialize_bytes(data) == serialize(data).encode("utf-8")
    finally:
        storage._PIECE_LINES = kept


def test_serialize_is_the_layout_it_always_was():
    data = {"items": {"b": {"t": "\u2028\x85\x7f"}, "a": {"x": [1, {"y": None}]}}, "meta": {}, "team": {"中": "\ud800"}}
    assert serialize(data) == (
        '{\n"items": {\n"a": {"x": [1, {"y": null}]},\n"b": {"t": "\\u2028\\u0085\\u007f"}\n},\n'
        '"meta": {\n},\n"team": {\n"中": "\\ud800"\n}\n}\n'
    )
    assert serialize({}) == "{\n}\n"


def test_a_changed_record_keeps_its_place_among_the_others():
    """The boards derived after a command keep the order of the data's records: a changed record stays where it was."""
    raw = encoded(OLD).replace(b'"B": {"t": "\xe4\xba\x8c"}', b'"B": {"t": "changed"}')
    found, _exact = by_lines(OLD, raw)
    assert list(found["items"]) == ["A", "B", "C"] and found["items"]["B"] == {"t": "changed"}
