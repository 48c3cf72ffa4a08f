"""Why Python's libraries refused something (json, csv, tomllib, the OS), in the user's language.

The json and csv modules, tomllib and the operating system explain a failure in
English ("Expecting value", "unexpected end of data", "Invalid value (at line
3, column 5)", "Permission denied"). Their reasons are small fixed sets, so
each is said here in Chief's words, through the catalogs: the one home for
such a reason, used by every message that shows one. A reason not in the
tables (a newer Python's) is shown as the library gave it.

Each function takes the exception, not its text: callers never pick the
English apart themselves.
"""

from __future__ import annotations

import errno
import os
import re

from chief.store.i18n import N_, _

# json.decoder (the C scanner and the Python one, which adds the bad character)
_JSON = (
    ("Expecting value", N_("a value is missing")),
    ("Expecting ',' delimiter", N_("a comma is missing")),
    ("Expecting ':' delimiter", N_("a colon is missing")),
    ("Expecting property name enclosed in double quotes", N_("expected a name in double quotes")),
    ("Unterminated string starting at", N_("a string is not closed")),
    ("Invalid control character", N_("a control character inside a string")),
    ("Invalid \\escape", N_("an invalid \\ escape")),
    ("Invalid \\uXXXX escape", N_("an invalid \\u escape")),
    ("Extra data", N_("more data after the end")),
    ("Unexpected UTF-8 BOM", N_("a byte order mark at the start")),
    ("Illegal trailing comma before end of object", N_("a comma before the closing brace")),
    ("Illegal trailing comma before end of array", N_("a comma before the closing bracket")),
)


def json_reason(err: ValueError) -> str:
    """A ``json.JSONDecodeError``'s reason (its ``msg``, without the position) in the user's language."""
    said = getattr(err, "msg", str(err))
    for start, words in _JSON:
        if said.startswith(start):
            return _(words)
    return said


# the csv module (_csv.c)
_CSV_EXPECTED = re.compile(r"'(.)' expected after '(.)'")
_CSV_LIMIT = re.compile(r"field larger than field limit \((\d+)\)")
_CSV = (
    ("unexpected end of data", N_("the file ends inside quotes")),
    ("new-line character seen in unquoted field", N_("a line break inside a cell without quotes")),
    ("line contains NUL", N_("a NUL byte in the line")),
)


def csv_reason(err: Exception) -> str:
    """A ``csv.Error``'s reason in the user's language."""
    said = str(err)
    if found := _CSV_EXPECTED.fullmatch(said):
        return _("{expected} expected after {after}").format(expected=repr(found[1]), after=repr(found[2]))
    if found := _CSV_LIMIT.fullmatch(said):
        return _("a cell longer than {limit} characters").format(limit=found[1])
    for start, words in _CSV:
        if said.startswith(start):
            return _(words)
    return said


# tomllib: "<what> (at line 3, column 5)" or "<what> (at end of document)"
_TOML_WHERE = re.compile(r"(?s)(.*) \(at (?:line (\d+), column (\d+)|(end of document))\)")
_TOML = {
    "Invalid statement": N_("an invalid statement"),
    "Cannot overwrite a value": N_("a value given twice"),
    "Expected ']' at the end of a table declaration": N_("']' missing at the end of a table's name"),
    "Expected ']]' at the end of an array declaration": N_("']]' missing at the end of an array's name"),
    "Expected '=' after a key in a key/value pair": N_("'=' missing after a key"),
    "Invalid initial character for a key part": N_("a key cannot start with this character"),
    "Unclosed array": N_("a list is not closed"),
    "Unclosed inline table": N_("an inline table is not closed"),
    "Unescaped '\\' in a string": N_("a '\\' in a string is not escaped"),
    "Invalid hex value": N_("an invalid hexadecimal value"),
    "Escaped character is not a Unicode scalar value": N_("an escape that is not a Unicode character"),
    "Unterminated string": N_("a string is not closed"),
    "Invalid date or datetime": N_("an invalid date or time"),
    "Invalid value": N_("an invalid value"),
}
_TOML_NAMED = (
    (re.compile(r"(?s)Cannot declare (.*) twice"), N_("{name} is declared twice")),
    (re.compile(r"(?s)Cannot mutate immutable namespace (.*)"), N_("{name} cannot be changed here")),
    (re.compile(r"(?s)Cannot redefine namespace (.*)"), N_("{name} is defined again")),
    (re.compile(r"(?s)Duplicate inline table key (.*)"), N_("the key {name} is given twice")),
    (re.compile(r"(?s)Found invalid character (.*)"), N_("an invalid character {name}")),
    (re.compile(r"(?s)Illegal character (.*)"), N_("an invalid character {name}")),
    (re.compile(r"(?s)Expected (.*)"), N_("{name} is missing")),
)


def toml_reason(err: ValueError) -> str:
    """A ``tomllib.TOMLDecodeError``'s reason, with its line and column, in the user's language."""
    said = str(err)
    found = _TOML_WHERE.fullmatch(said)
    if found is None:
        return said
    what, line, column, end = found.groups()
    words = _(_TOML[what]) if what in _TOML else None
    for pattern, named in _TOML_NAMED:
        if words is None and (match := pattern.fullmatch(what)):
            words = _(named).format(name=match[1])
    if words is None:
        words = what
    if end:
        return _("{reason}, at the end of the file").format(reason=words)
    return _("{reason}, at line {line}, column {column}").format(reason=words, line=line, column=column)


# the operating system: strerror is the C library's English
_OS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EISDIR: N_("Is a directory"),
    errno.EEXIST: N_("File exists"),
    errno.ENOTEMPTY: N_("Directory not empty"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EFBIG: N_("the file size limit was reached"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.EBUSY: N_("Device or resource busy"),
    errno.ETXTBSY: N_("Text file busy"),
    errno.EIO: N_("Input/output error"),
    errno.EMFILE: N_("Too many open files"),
    errno.ENFILE: N_("Too many open files in system"),
    errno.EXDEV: N_("Invalid cross-device link"),
    errno.EINVAL: N_("Invalid argument"),
    errno.EAGAIN: N_("Resource temporarily unavailable"),
    errno.ENXIO: N_("No such device or address"),
    errno.ENODEV: N_("No such device"),
    errno.ETIMEDOUT: N_("Connection timed out"),
}


def os_reason(err: OSError) -> str:
    """An ``OSError``'s reason (what ``strerror`` says) in the user's language."""
    if err.errno is None:
        return err.strerror or str(err)
    if err.strerror and err.strerror != os.strerror(err.errno):
        return err.strerror  # Chief's own words for it (platform_io.FileBusy), already in the user's language
    words = _OS.get(err.errno)
    return _(words) if words is not None else err.strerror or str(err)

