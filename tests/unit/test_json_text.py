"""store/json_text.py answers as the ``json`` module does: the same values, texts and errors.

A capture reads and writes JSON without importing ``json`` (tests/system/test_capture_imports.py);
here its ``loads``, ``dumps`` and ``encoder`` are held to ``json`` on random values and texts,
valid and not.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chief.store import json_text

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
                      max_leaves=30)
_OPTIONS = [{}, {"ensure_ascii": False}, {"sort_keys": True}, {"ensure_ascii": False, "sort_keys": True},
            {"separators": (",", ":")}, {"sort_keys": True, "ensure_ascii": False, "default": str},
            {"ensure_ascii": True, "sort_keys": True, "separators": (",", ":")}]


def _same(a, b) -> bool:
    """Equal as JSON values, NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _outcome(call, *args, **kwargs):
    """A call's value, or its exception's type and words (and a decode error's position)."""
    try:
        return "value", call(*args, **kwargs)
    except Exception as err:  # noqa: BLE001  (the point is to compare whatever is raised)
        where = (err.msg, err.pos, err.lineno, err.colno) if isinstance(err, json.JSONDecodeError) else ()
        return "error", type(err), str(err), where


@settings(max_examples=400)
@given(values, st.sampled_from(_OPTIONS))
def test_dumps_writes_what_json_writes(value, options):
    assert _outcome(json_text.dumps, value, **options) == _outcome(json.dumps, value, **options)
    assert _outcome(json_text.encoder(**options), value) == _outcome(json.JSONEncoder(**options).encode, value)


@settings(max_examples=400)
@given(values, st.sampled_from(_OPTIONS), st.sampled_from(["", " ", "\n", " \t\r\n ", "\x0c", "\xa0", "\u3000"]),
       st.sampled_from(["", " ", "\n\n", "\r\t", "\x0b", "x", " 1", "}", "\ufeff"]))
def test_loads_reads_what_json_reads(value, options, before, after):
    text = before + json.dumps(value, **options) + after
    ours, theirs = _outcome(json_text.loads, text), _outcome(json.loads, text)
    assert ours[0] == theirs[0] and (_same(ours[1], theirs[1]) if ours[0] == "value" else ours == theirs), text


_JSON_CHARACTERS = st.sampled_from(list('{}[]",:0123456789.-+eE \t\n\rtruefalsn\\u/abN IinfyX\x00\x1f\ufeff\ud800张'))


@settings(max_examples=1500)
@given(st.text(_JSON_CHARACTERS, max_size=30))
@example("")
@example(" ")
@example("\ufeff[]")
@example("[1] [2]")
@example('{"a": 1,}')
@example('"\\ud800"')
@example("NaN")
@example("-Infinity")
@example("[1e400, -0.0, 1E-5]")
@example('"\x00"')
@example("\x0c1")
def test_any_text_gets_json_s_answer(text):
    ours, theirs = _outcome(json_text.loads, text), _outcome(json.loads, text)
    assert ours[0] == theirs[0], (text, ours, theirs)
    assert _same(ours[1], theirs[1]) if ours[0] == "value" else ours == theirs


@settings(max_examples=800)
@given(st.binary(max_size=12) | st.text(_JSON_CHARACTERS, max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass")))
@example(b'{"do": 1}')
@example(b"\xef\xbb\xbf[]")
@example(b"\x00[\x00]")
@example(b'"\xed\xa0\x80"')
def test_bytes_get_json_s_answer(raw):
    ours, theirs = _outcome(json_text.loads, raw), _outcome(json.loads, raw)
    assert ours[0] == theirs[0], (raw, ours, theirs)
    assert _same(ours[1], theirs[1]) if ours[0] == "value" else ours == theirs


def test_errors_are_json_s_and_values_errors():
    for text in ("", "  ", "[1] x", '{"a":}', "[1,]", "\ufeff1"):
        with pytest.raises(json.JSONDecodeError):
            json_text.loads(text)
    with pytest.raises(ValueError, match="Circular"):
        cycle: list = []
        cycle.append(cycle)
        json_text.dumps(cycle)
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_text.dumps({"a": object()})
    assert json_text.dumps({"a": object()}, default=lambda _: "x") == '{"a": "x"}'
    assert json_text.loads(b'{"a": [1]}') == {"a": [1]}  # bytes: json's own reading
    for line in ('"a\\u5f20b" rest', '"plain": 1', '"\\"q\\"": {'):
        assert json_text.scanstring(line, 1) == json.decoder.scanstring(line, 1)


def test_a_failed_value_leaves_the_encoder_as_new():
    encode = json_text.encoder(sort_keys=True)
    shared: list = []
    with pytest.raises(TypeError):
        encode([shared, object()])
    assert encode([shared, shared]) == "[[], []]"  # no stale record of the containers being written


@pytest.mark.parametrize("text", ['{"a": "\\x"}', '"\\ud800\\', '{"a": [1, "\\u12"]}', '{"a": "\x01"}'])
def test_an_error_in_a_fresh_process_is_json_s_not_a_system_error(text):
    """On Python 3.11 the C scanner builds its error from ``json.decoder`` only if something imported it already
    (``chief add`` never imports ``json``): the error must still be ``json``'s, never a ``SystemError``."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from chief.store import json_text\n"
        "assert 'json.decoder' not in sys.modules\n"
        "for call in (lambda: json_text.loads(sys.argv[1]), lambda: json_text.scanstring(sys.argv[1], 1)):\n"
        "    try:\n"
        "        call()\n"
        "    except ValueError as err:\n"
        "        print(type(err).__name__)\n"
    )
    found = subprocess.run([sys.executable, "-c", probe, text], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split()[0] == "JSONDecodeError", found.stdout
