"""The places of store/datafile/paths.py as text are the same places pathlib gave (the capture uses the text)."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chief.store.datafile import paths


@given(st.lists(st.sampled_from(["/", ".", "..", "a", "b", " ", "~", "张"]), max_size=12).map("".join))
@example("")
@example("//a//b/")
@example("///a")
@example("./")
def test_path_text_is_str_of_a_path(text):
    assert paths.path_text(text) == str(PurePosixPath(text)) == str(Path(text))


@pytest.mark.parametrize("given_path", ["x.json", "./a//b/./x.json", "~/x.json", "~", "~//d/x", "/abs//x.json", "rel/../x",
                                        f"~{os.environ.get('USER', 'root')}/x", "~root"])
@pytest.mark.parametrize("home", ["/home/u", "/home/u/", "", None])
def test_each_place_is_pathlib_s(given_path, home, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    for variable in ("CHIEF_FILE", "CHIEF_CONFIG", "CHIEF_STATE_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(variable, raising=False)
    expanded = Path(given_path).expanduser().absolute()
    assert paths.config_file_text(given_path) == str(expanded)
    assert paths.data_file_text(given_path) == str(Path(os.path.realpath(expanded)))
    assert paths.data_file(given_path) == Path(os.path.realpath(expanded))
    assert paths.xdg_base_text("data") == str(Path.home() / ".local/share")
    assert paths.state_dir_text() == str(paths.state_dir())
    monkeypatch.setenv("CHIEF_STATE_DIR", given_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/x//y/")
    assert paths.state_dir_text() == str(Path(given_path))
    assert paths.config_file_text() == str(Path("/x/y/chief/config.toml"))


def test_an_unknown_user_is_refused_as_pathlib_refuses_it():
    with pytest.raises(RuntimeError):
        Path("~no-such-user-here/x").expanduser()
    with pytest.raises(RuntimeError):
        paths.data_file_text("~no-such-user-here/x")


@given(st.lists(st.sampled_from(["/", ".", "a", "b", " ", ".json", "张", "x.y"]), max_size=8).map("".join))
@example("/d/chief.json")
@example("/d/.json")
@example("/d/chief.")
@example("/d/a.b.c")
def test_name_parts_are_pathlib_s(text):
    path = Path(text)
    folder, stem, suffix = paths.name_parts(str(path))
    assert (Path(folder), stem, suffix) == (path.parent, path.stem, path.suffix)
