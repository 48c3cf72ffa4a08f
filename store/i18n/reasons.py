"""Why Python's libraries refused something (json, csv, tomllib, the OS), in the user's language.

The json and csv modules, tomllib and the operating system explain a failure in
English ("Expecting value", "unexpected end of data", "Invalid value (at line
3, column 5)", "Permission denied"). Their reasons are small fixed sets, so
each is looked up here in the catalogs, its msgid the library's own words (an
English run says what it always said): the one home for such a reason, used by
every message that shows one. A reason not in the tables (a newer Python's) is
shown as the library gave it.

Each function takes the exception, not its text: callers never pick the
English apart themselves.
"""

from __future__ import annotations

import errno
import os

from chief.store.i18n import N_, _, pgettext

# json.decoder, the C scanner's words (the Python one adds the bad character to two of them);
# the msgids are the library's own, so English says what it always said
_JSON = (
    N_("Expecting value"),
    N_("Expecting ',' delimiter"),
    N_("Expecting ':' delimiter"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Unterminated string starting at"),
    N_("Invalid control character at"),
    N_("Invalid \\escape"),
    N_("Invalid \\uXXXX escape"),
    N_("Extra data"),
    N_("Unexpected UTF-8 BOM (decode using utf-8-sig)"),
    N_("Illegal trailing comma before end of object"),  # Python 3.13
    N_("Illegal trailing comma before end of array"),
)
# the patterns here are text, compiled (and cached) by re when a refusal first needs one: most commands meet none,
# and re itself is imported then (with the enum it loads, some 4 ms of a capture's start)
_JSON_PYTHON = r"(?s)(Invalid control character) .* at|(Invalid \\escape): .*"


def json_reason(err: ValueError) -> str:
    """A ``json.JSONDecodeError``'s reason (its ``msg``, without the position) in the user's language."""
    import re

    said = getattr(err, "msg", str(err))
    found = re.fullmatch(_JSON_PYTHON, said)
    if found:
        said = f"{found[1]} at" if found[1] else found[2]
    return _(said) if said in _JSON else said


# the csv module (_csv.c)
_CSV_EXPECTED = r"(?s)'(.)' expected after '(.)'"
_CSV_LIMIT = r"field larger than field limit \((\d+)\)"
_CSV = (
    N_("unexpected end of data"),
    N_("new-line character seen in unquoted field - do you need to open the file with newline=''?"),
    N_("line contains NUL"),
)


def csv_reason(err: Exception) -> str:
    """A ``csv.Error``'s reason in the user's language."""
    import re

    said = str(err)
    if found := re.fullmatch(_CSV_EXPECTED, said):
        return _("'{expected}' expected after '{after}'").format(expected=found[1], after=found[2])
    if found := re.fullmatch(_CSV_LIMIT, said):
        return _("field larger than field limit ({limit})").format(limit=found[1])
    return _(said) if said in _CSV else said


# tomllib: "<what> (at line 3, column 5)" or "<what> (at end of document)"
_TOML_WHERE = r"(?s)(.*) \(at (?:line (\d+), column (\d+)|(end of document))\)"
_TOML = (
    N_("Invalid statement"),
    N_("Expected newline or end of document after a statement"),
    N_("Cannot overwrite a value"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Expected ']]' at the end of an array declaration"),
    N_("Expected '=' after a key in a key/value pair"),
    N_("Invalid initial character for a key part"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Unescaped '\\' in a string"),
    N_("Invalid hex value"),
    N_("Escaped character is not a Unicode scalar value"),
    N_("Unterminated string"),
    N_("Invalid date or datetime"),
    N_("Invalid value"),
)
_TOML_NAMED = (
    (r"(?s)Cannot declare (.*) twice", N_("Cannot declare {name} twice")),
    (r"(?s)Cannot mutate immutable namespace (.*)", N_("Cannot mutate immutable namespace {name}")),
    (r"(?s)Cannot redefine namespace (.*)", N_("Cannot redefine namespace {name}")),
    (r"(?s)Duplicate inline table key (.*)", N_("Duplicate inline table key {name}")),
    (r"(?s)Found invalid character (.*)", N_("Found invalid character {name}")),
    (r"(?s)Illegal character (.*)", N_("Illegal character {name}")),
    (r"(?s)Expected (.*)", N_("Expected {name}")),
)


def toml_reason(err: ValueError) -> str:
    """A ``tomllib.TOMLDecodeError``'s reason, with its line and column, in the user's language."""
    import re

    said = str(err)
    found = re.fullmatch(_TOML_WHERE, said)
    if found is None:
        return said
    what, line, column, end = found.groups()
    words = _(what) if what in _TOML else None
    if words is None:
        for pattern, named in _TOML_NAMED:
            if match := re.fullmatch(pattern, what):
                words = _(named).format(name=match[1])
                break
        else:
            words = what
    if end:
        return _("{reason} (at end of document)").format(reason=words)
    return _("{reason} (at line {line}, column {column})").format(reason=words, line=line, column=column)


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



# what a value read from JSON is, for "has the wrong type (list)": Python's name in English
_TYPES = {
    "str": N_("str"), "int": N_("int"), "float": N_("float"), "bool": N_("bool"),
    "list": N_("list"), "dict": N_("dict"), "NoneType": N_("NoneType"),
}


def type_words(value: object) -> str:
    """The kind of a value from a file (text, a number, a list...) in the user's language."""
    name = type(value).__name__
    return pgettext("type", _TYPES[name]) if name in _TYPES else name
