"""Every screen's and widget's binding ids can be remapped, found without a hand-kept list of modules."""

from __future__ import annotations

import pytest

from chief.store import ConfigError
from chief.tui.keymap import check_keymap


@pytest.mark.parametrize("binding_id", ["item-view-reopen", "item-view-close", "stats-toggle", "waiting-resume", "import-cancel"])
def test_the_keys_of_every_screen_are_remappable(binding_id):
    assert check_keymap({binding_id: "f9"}) == {binding_id: "f9"}


def test_an_unknown_id_is_still_one_clear_line():
    with pytest.raises(ConfigError, match="has no binding 'no-such-key'"):
        check_keymap({"no-such-key": "f9"})


@pytest.mark.usefixtures("english_after")
@pytest.mark.parametrize(("keymap", "chinese"), [
    ({"quit": "notakey!!"}, "配置文件：[keymap] quit = 'notakey!!'：'notakey!!' 不是按键（例如 \"d\"、\"ctrl+x\"、\"f5\"、\"space\"）"),
    ({"quit": "d"}, "配置文件：[keymap] quit = 'd'：'d' 已是 'done' 的按键"),
])
def test_a_bad_keymap_is_said_in_chinese(keymap, chinese):
    from chief.store import set_language

    set_language("zh")
    with pytest.raises(ConfigError) as caught:
        check_keymap(keymap)
    assert str(caught.value) == chinese


@pytest.mark.usefixtures("english_after")
def test_an_unknown_binding_and_theme_are_said_in_chinese():
    from chief.store import set_language
    from chief.themes import check_theme

    set_language("zh")
    with pytest.raises(ConfigError) as caught:
        check_keymap({"no-such-key": "f9"})
    assert str(caught.value).startswith("配置文件：[keymap] 中没有名为 'no-such-key' 的按键绑定（可用：assign, ")
    with pytest.raises(ConfigError) as caught:
        check_theme("nope", ["chief-dark", "chief-light", "textual-dark"])
    assert str(caught.value) == "配置文件：'theme' 应为 chief-dark, chief-light 之一（或 Textual 主题），收到的是 'nope'"
