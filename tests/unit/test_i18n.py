"""The translation layer (store/i18n): which language a run speaks, and catalogs that match their sources."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

from chief.store import i18n

LOCALE = Path(i18n.__file__).parent / "locale"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]|%[sd]")


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("configured", "environ", "expected"), [
    (None, {}, "en"),
    (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LANG": "C.UTF-8"}, "en"),
    (None, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL first, as POSIX has it
    (None, {"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    (None, {"CHIEF_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),  # Chief's own variable over the locale
    (None, {"CHIEF_LANG": "zh"}, "zh"),
    ("en", {"CHIEF_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "en"),  # the config over everything
    ("zh", {"LANG": "en_US.UTF-8"}, "zh"),
])
def test_the_language_comes_from_the_config_then_chief_lang_then_the_locale(configured, environ, expected):
    assert i18n.choose(configured, environ) == expected
    assert i18n.language() == expected


def test_english_loads_no_catalog_and_returns_the_source():
    i18n.set_language("en")
    assert i18n._("Do now") == "Do now"
    assert i18n.ngettext("1 item", "{n} items", 2) == "{n} items"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def _po_files() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_every_catalog_is_complete_and_compiled_from_its_source():
    """Each .po has a .mo beside it that says the same, every entry is translated, placeholders are kept."""
    from babel.messages.pofile import read_po

    problems = []
    for po in _po_files():
        with po.open("rb") as handle:
            catalog = read_po(handle)
        mo = po.with_suffix(".mo")
        if not mo.exists():
            problems.append(f"{po.name}: no compiled {mo.name} (pybabel compile)")
            continue
        with mo.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strs = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strs):
                problems.append(f"{po.name}: untranslated or fuzzy: {ids[0]!r}")
                continue
            if {*PLACEHOLDER.findall(ids[-1])} != {*PLACEHOLDER.findall(strs[-1])}:
                problems.append(f"{po.name}: placeholders differ: {ids[0]!r} -> {strs[-1]!r}")
            said = compiled.pgettext(message.context, ids[0]) if message.context else compiled.gettext(ids[0])
            if len(ids) == 1 and said != strs[0]:
                problems.append(f"{po.name}: {mo.name} is older than its source: {ids[0]!r}")
    assert problems == []


def test_a_message_in_two_catalogs_says_the_same_in_both():
    """One word per idea: the catalogs are chained, so two translations of one message would be a hidden choice."""
    from babel.messages.pofile import read_po

    seen: dict[tuple[str | None, str], tuple[str, str]] = {}
    clashes = []
    for po in _po_files():
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id and isinstance(message.id, str):
                    earlier = seen.setdefault((message.context, message.id), (po.name, message.string))
                    if earlier[1] != message.string:
                        clashes.append(f"{message.id!r}: {earlier[0]} {earlier[1]!r}, {po.name} {message.string!r}")
    assert clashes == []


def test_no_function_rebinds_the_translation_function():
    """``mine, _ = read_file(...)`` in a module that translates with ``_`` turned an error into a TypeError.

    In every module that imports ``_``, no function may bind the name ``_`` (a
    throwaway gets a name of its own), so every ``_("...")`` reaches the catalogs.
    """
    import ast

    root = Path(i18n.__file__).resolve().parent.parent.parent
    found = []
    for path in sorted([*(root / "store").rglob("*.py"), *(root / "tui").rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_it = any(isinstance(node, ast.ImportFrom) and any(a.name == "_" and a.asname is None for a in node.names)
                         for node in ast.walk(tree))
        if not imports_it:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
            elif isinstance(node, ast.arg) and node.arg == "_":
                found.append(f"{path.relative_to(root)}:{node.lineno} (an argument)")
    assert found == []


def test_every_message_the_code_says_has_a_chinese_translation():
    """Each literal given to ``_``, ``ngettext``, ``pgettext`` or ``N_`` in store/, tui/ and themes/ is in a catalog.

    A message missing from the catalogs is said in English in the middle of Chinese
    (the config's 'calendar' choices were). ``N_`` marks a message that another
    call translates, in whatever context: any entry with its msgid will do.
    """
    import ast

    from babel.messages.pofile import read_po

    entries: set[tuple[str | None, str]] = set()
    for po in _po_files():
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    entries.add((message.context, message.id if isinstance(message.id, str) else message.id[0]))
    any_context = {msgid for _context, msgid in entries}
    root = Path(i18n.__file__).resolve().parent.parent.parent
    missing = []
    for path in sorted([*(root / "store").rglob("*.py"), *(root / "tui").rglob("*.py"), *(root / "themes").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_", "ngettext", "pgettext")):
                continue
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
            context = None
            if node.func.id == "pgettext":
                context, args = args[0], args[1:]
            if not args or args[0] is None:
                continue  # a message from a variable: its literal is marked where it is defined
            known = args[0] in any_context if node.func.id == "N_" else (context, args[0]) in entries
            if not known:
                missing.append(f"{path.relative_to(root)}:{node.lineno}: {args[0]!r}")
    assert missing == []
