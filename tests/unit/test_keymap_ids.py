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
