"""JSON's ``loads`` and ``dumps`` on the C module ``_json``, without the ``json`` package.

Importing ``json`` compiles its regular expressions (and so imports ``re``, and ``re``
``enum``): with them, some 5 ms of a ``chief add`` of 40 to 80 ms, for a few calls that
are the C module's work anyway (issue 17). These are the same calls, made as ``json``
makes them, for the options Chief uses; ``tests/unit/test_json_text.py`` holds them to
``json`` on random values and texts, valid and not. What ``json`` does beyond that
(``indent``, hooks, bytes) is asked of ``json`` itself, where it is used.

An error is ``json``'s own, ``json.JSONDecodeError`` (a ``ValueError``), and so is
one :func:`loads` finds in Python (no value, extra data, a byte order mark). On
Python 3.11 the C scanner makes that error only if ``json.decoder`` is imported
already, and otherwise fails with ``SystemError``: then ``json.decoder`` is
imported and the text scanned again, to raise the error ``json`` raises.
"""

from __future__ import annotations

import _json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

_WHITESPACE = " \t\n\r"  # json.decoder's WHITESPACE: [ \t\n\r]*, and nothing else


class _Decoder:
    """What ``_json.make_scanner`` reads from a ``json.JSONDecoder`` made with no options."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__


_scan = _json.make_scanner(_Decoder())


def _with_decoder() -> None:
    """Python 3.11's C module builds its error from ``json.decoder`` only if that is imported already:
    otherwise it returns NULL with no exception set, and a SystemError is raised instead."""
    import json.decoder  # noqa: F401


def scanstring(text: str, end: int, strict: bool = True) -> tuple[str, int]:
    """json.decoder.scanstring: (text, end of the string, index after it)."""
    try:
        return _json.scanstring(text, end, strict)
    except SystemError:
        _with_decoder()
        return _json.scanstring(text, end, strict)


def _error(message: str, text: str, at: int) -> ValueError:
    from json import JSONDecodeError  # loaded only for a text that is not JSON

    return JSONDecodeError(message, text, at)


def loads(text: str) -> Any:
    """``json.loads(text)``: the value, or ``json.JSONDecodeError`` where json raises it (UTF-8 bytes too)."""
    if type(text) is bytes and b"\x00" not in text and not text.startswith(b"\xef\xbb\xbf"):
        text = text.decode("utf-8", "surrogatepass")  # what json reads such bytes as (json.detect_encoding)
    elif not isinstance(text, str) or text.startswith("\ufeff"):  # other bytes, or json's own refusal of a BOM
        import json

        return json.loads(text)
    start = len(text) - len(text.lstrip(_WHITESPACE))
    try:
        try:
            value, end = _scan(text, start)
        except SystemError:
            _with_decoder()
            value, end = _scan(text, start)
    except StopIteration as err:
        raise _error("Expecting value", text, err.value) from None
    if end != len(text):
        rest = text[end:]
        left = rest.lstrip(_WHITESPACE)
        if left:
            raise _error("Extra data", text, end + len(rest) - len(left))
    return value


def _not_serializable(value: Any) -> Any:
    """``json.JSONEncoder.default``: refuse what JSON has no form for."""
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def encoder(*, ensure_ascii: bool = True, sort_keys: bool = False, separators: tuple[str, str] | None = None,
            default: Callable[[Any], Any] | None = None) -> Callable[[Any], str]:
    """``json.JSONEncoder(...).encode`` for these options (no ``indent``): made once, used for many values."""
    string = _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring
    item_separator, key_separator = separators if separators is not None else (", ", ": ")
    default = default if default is not None else _not_serializable
    make = _json.make_encoder

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return string(value)
        # A new encoder for each value, as json makes one: its record of the containers being written
        # (to refuse a cycle) must start empty, even after a value that failed.
        return "".join(make({}, default, string, None, key_separator, item_separator, sort_keys, False, True)(value, 0))

    return encode


def dumps(value: Any, *, ensure_ascii: bool = True, sort_keys: bool = False, separators: tuple[str, str] | None = None,
          default: Callable[[Any], Any] | None = None) -> str:
    """``json.dumps(value, ...)`` for these options (no ``indent``)."""
    return encoder(ensure_ascii=ensure_ascii, sort_keys=sort_keys, separators=separators, default=default)(value)
