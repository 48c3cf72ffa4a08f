"""The catalog reader (store/i18n/mo_file.py) answers every message as the standard library's gettext does.

It finds one message by bisection in a compiled catalog's sorted table instead of decoding
every message: each test compares it with ``gettext.GNUTranslations`` on the same bytes.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from hypothesis import given, settings, strategies as st

from chief.store import i18n
from chief.store.i18n.mo_file import MoCatalog, NotPlain, open_catalog

LOCALE = Path(i18n.LOCALE_DIR)
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/*.mo"))


def _questions(reference: gettext.GNUTranslations):
    """Every question a catalog can be asked about its own messages: plain, plural (several n) and in context."""
    for key in reference._catalog:
        if isinstance(key, tuple):
            singular, _form = key
            context, _sep, message = singular.rpartition("\x04")
            for n in (0, 1, 2, 5):
                yield "ngettext", (singular, singular + " (plural)", n)
            yield "gettext", (singular,)
        else:
            context, sep, message = key.rpartition("\x04")
            if sep:
                yield "pgettext", (context, message)
            yield "gettext", (key,)


def test_chiefs_catalogs_are_read_here_not_handed_to_gettext():
    assert CATALOGS
    for path in CATALOGS:
        assert isinstance(open_catalog(str(path)), MoCatalog), path


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_message_of_every_catalog_reads_as_gettext_reads_it(path):
    data = path.read_bytes()
    ours, reference = MoCatalog(data), gettext.GNUTranslations(io.BytesIO(data))
    asked = 0
    for method, args in _questions(reference):
        assert getattr(ours, method)(*args) == getattr(reference, method)(*args), (method, args)
        asked += 1
    assert asked >= len(reference._catalog)


@settings(max_examples=400)
@given(st.text(), st.text(), st.integers(min_value=0, max_value=3))
def test_messages_a_catalog_does_not_hold_read_as_gettext_reads_them(message, context, n):
    for path in CATALOGS:
        data = path.read_bytes()
        ours, reference = MoCatalog(data), gettext.GNUTranslations(io.BytesIO(data))
        assert ours.gettext(message) == reference.gettext(message)
        assert ours.pgettext(context, message) == reference.pgettext(context, message)
        assert ours.ngettext(message, message + "s", n) == reference.ngettext(message, message + "s", n)


def test_the_chain_answers_as_a_chain_of_gettext_catalogs(monkeypatch):
    """Chief chains its catalogs (the dashboard's last, read on its first miss): the same answers either way."""
    ours = i18n._load("zh")
    folder = LOCALE / "zh" / "LC_MESSAGES"
    chain = None
    for path in sorted(folder.glob("*.mo"), key=lambda p: (p.name in i18n.ON_FIRST_MISS, p.name)):
        catalog = gettext.GNUTranslations(io.BytesIO(path.read_bytes()))
        if chain is None:
            chain = catalog
        else:
            chain.add_fallback(catalog)
    for path in folder.glob("*.mo"):
        for method, args in _questions(gettext.GNUTranslations(io.BytesIO(path.read_bytes()))):
            assert getattr(ours, method)(*args) == getattr(chain, method)(*args), (path.name, method, args)
    assert ours.gettext("not a message of Chief's") == "not a message of Chief's"


def _compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def test_catalogs_this_reader_does_not_know_go_to_gettext(tmp_path):
    """Two plural forms, another charset, or a damaged file: gettext reads them, by its own rules."""
    russian = Catalog(locale="ru")  # three plural forms
    russian.add(("file", "files"), ("файл", "файла", "файлов"))
    latin = Catalog(locale="de", charset="iso-8859-1")
    latin.add("Straße", "Straße")
    for catalog in (russian, latin):
        path = tmp_path / f"{catalog.locale}.mo"
        path.write_bytes(_compiled(catalog))
        with pytest.raises(NotPlain):
            MoCatalog(path.read_bytes())
        assert isinstance(open_catalog(str(path)), gettext.GNUTranslations)
    assert open_catalog(str(tmp_path / "ru.mo")).ngettext("file", "files", 5) == "файлов"
    no_rule = io.BytesIO()  # no Plural-Forms line: gettext reads two forms, as English has
    out = Catalog(locale="zh_Hans_CN")
    out.add(("{count} item", "{count} items"), ("{count} 项", "{count} 项们"))
    write_mo(no_rule, out)
    line = b"Plural-Forms: nplurals=1; plural=0;"
    bare = no_rule.getvalue().replace(line, b"X-Comment: ".ljust(len(line), b"x"))  # the same length: offsets hold
    assert b"Plural-Forms" not in bare
    with pytest.raises(NotPlain):
        MoCatalog(bare)
    assert gettext.GNUTranslations(io.BytesIO(bare)).ngettext("{count} item", "{count} items", 2) == "{count} 项们"
    damaged = tmp_path / "damaged.mo"
    damaged.write_bytes(b"not a catalog at all, and long enough")
    with pytest.raises(OSError):  # what gettext says of it
        open_catalog(str(damaged))


def test_a_one_form_catalog_with_plurals_and_contexts_reads_as_gettext(tmp_path):
    catalog = Catalog(locale="zh_Hans_CN")
    catalog.add("done", "已办结", context="state")
    catalog.add("done", "办结", context="action")
    catalog.add("done", "完成")
    catalog.add(("{count} item", "{count} items"), ("{count} 项",))
    catalog.add("{count} item", "一项")  # a plain message that is also a plural's singular
    catalog.add("", "")
    data = _compiled(catalog)
    ours, reference = MoCatalog(data), gettext.GNUTranslations(io.BytesIO(data))
    for method, args in (("pgettext", ("state", "done")), ("pgettext", ("action", "done")), ("gettext", ("done",)),
                         ("ngettext", ("{count} item", "{count} items", 1)), ("ngettext", ("{count} item", "{count} items", 7)),
                         ("gettext", ("{count} item",)), ("gettext", ("",)), ("pgettext", ("other", "done"))):
        assert getattr(ours, method)(*args) == getattr(reference, method)(*args), (method, args)
