"""What a regular install (not the editable one the tests run from) carries: every package and data file.

setuptools' package-dir mapping needs the packages listed by hand; a folder
missing from the list installs nothing, and only a regular install notices
(``chief`` then dies with ModuleNotFoundError). This checks the list against
the tree, and that the catalogs and stylesheets are package data (the themes are a table in themes/__init__.py).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = {"chief.store": "store", "chief.tui": "tui", "chief.themes": "themes"}


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_folder_is_listed():
    listed = set(_config()["packages"])
    on_disk = set()
    for name, folder in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            on_disk.add(".".join([name, *relative.parts]))
    assert listed == on_disk


def test_data_files_are_package_data():
    data = _config()["package-data"]
    patterns = {(package, pattern) for package, globs in data.items() for pattern in globs}
    needed = {
        "chief.tui": ["*.tcss"],
        "chief.store.i18n": ["locale/*/LC_MESSAGES/*.mo"],
    }
    for package, globs in needed.items():
        for pattern in globs:
            assert (package, pattern) in patterns, (package, pattern)
            folder = ROOT / FOLDERS[".".join(package.split(".")[:2])] / Path(*package.split(".")[2:])
            assert list(folder.glob(pattern)), f"{package}: nothing matches {pattern}"
