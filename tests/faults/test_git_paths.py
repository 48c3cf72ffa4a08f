"""git as the synchroniser, with hostile file names and a hostile repository.

- ``chief git-setup`` for data files whose paths hold spaces, brackets, glob
  characters, backslashes, quotes, tabs, newlines, a leading ``!`` or ``#``,
  Chinese, or no extension at all, writes .gitattributes lines that git reads
  as naming exactly those files: one real ``git merge`` of two branches that
  both changed every file ends with exit 0 and both sides' items in each.
- The merge driver runs nothing from the repository being merged: a committed
  ``chief.tui.py``, ``chief.store.py``, ``json.py``, ``textual.py``, ``tinydb.py`` and
  ``pendulum.py`` that would each leave a marker file are not imported, and the
  merge succeeds. As a control, the driver line an older git-setup wrote
  (``python -m chief.tui``) does run them, so the bait works.
- A repository set up by an older Chief: ``chief doctor`` names the unsafe
  driver (exit 1) and the next ``chief git-setup`` replaces it.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chief.store.desk import Desk
from chief.store.datafile.storage import read_file
from system.test_git_sync import MARKERS, Repo
from chief.tui.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HOSTILE = [
    "my data/chief.json",
    "[work] chief.json",
    "star*.json",
    "what?.json",
    "back\\slash.json",
    "#hash/chief.json",
    "!bang.json",
    "!#both",
    "trailing space .json ",
    'quote".json',
    "tab\there.json",
    "new\nline.json",
    "中文 数据.json",
    "it's $HOME.json",
    "[!x]*?{a,b}.json",
    "no extension",
    "chief.v2.json",
]
BAIT = ("tui", "store", "json", "textual", "tinydb", "pendulum")


def _titles(path: Path) -> set[str]:
    data, _ = read_file(path)
    return {r["title"] for r in data["items"].values() if isinstance(r, dict) and "title" in r}


def _setup(path: Path) -> None:
    assert main(["--file", str(path), "git-setup"]) == 0


@pytest.fixture
def repo(tmp_path: Path, env: dict[str, str], frozen_time) -> Repo:
    made = Repo(tmp_path / "repo", "chief.json", env, tmp_path)
    made.init()
    return made


def test_hostile_names_get_attributes_git_reads_and_merge(repo: Repo, report):
    files = [repo.root / name for name in HOSTILE]
    for number, path in enumerate(files):
        path.parent.mkdir(parents=True, exist_ok=True)
        Desk(path).capture(f"base {number}")
        _setup(path)
    base = repo.commit("base")
    for number, path in enumerate(files):  # git itself says which driver each file has
        relative = path.relative_to(repo.root).as_posix()
        said = subprocess.run(["git", "check-attr", "-z", "--stdin", "merge"], cwd=repo.root, env=repo.git_env,
                              input=relative.encode() + b"\0", capture_output=True, check=True, timeout=60).stdout
        assert said.split(b"\0")[2] == b"chief", f"{relative!r}: {said!r}"

    repo.git("checkout", "-q", "-b", "side", base)
    for number, path in enumerate(files):
        Desk(path).capture(f"side {number}")
    repo.commit("side")
    repo.git("checkout", "-q", "main")
    for number, path in enumerate(files):
        Desk(path).capture(f"main {number}")
    repo.commit("main")

    merged = repo.git("merge", "--no-edit", "side", check=False)
    assert merged.returncode == 0, f"git merge failed: {merged.stdout}{merged.stderr}"
    assert "CONFLICT" not in merged.stdout
    for number, path in enumerate(files):
        assert not any(m in path.read_text(encoding="utf-8") for m in MARKERS), repr(path.name)
        assert _titles(path) == {f"base {number}", f"side {number}", f"main {number}"}, repr(path.name)
    report("git-setup and git merge, hostile file names", trials=len(files), lost=0)


def _plant_bait(repo: Repo, marks: Path) -> None:
    """Modules in the repository's top folder that each leave a marker when imported."""
    for name in BAIT:
        (repo.root / f"{name}.py").write_text(
            f"open({str(marks / name)!r}, 'w').close()\nraise SystemExit(0)\n", encoding="utf-8")


def _diverge(repo: Repo) -> None:
    """Two branches that both changed the data file, main checked out."""
    base = repo.git("rev-parse", "HEAD").stdout.strip()
    repo.git("checkout", "-q", "-b", "side", base)
    Desk(repo.file).capture("from the side branch")
    repo.commit("side")
    repo.git("checkout", "-q", "main")
    Desk(repo.file).capture("from main")
    repo.commit("main")


def test_the_driver_runs_nothing_from_the_repository(repo: Repo, tmp_path: Path, report):
    marks = tmp_path / "marks"
    marks.mkdir()
    Desk(repo.file).capture("before")
    repo.chief("office", "git-setup")  # the real console path, as a user runs it
    _plant_bait(repo, marks)
    repo.commit("base with bait")
    _diverge(repo)

    merged = repo.git("merge", "--no-edit", "side", check=False)
    assert merged.returncode == 0, f"git merge failed: {merged.stdout}{merged.stderr}"
    assert sorted(p.name for p in marks.iterdir()) == []
    assert _titles(repo.file) == {"before", "from the side branch", "from main"}

    # control: the driver line of an older git-setup does import the bait
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.git("config", "merge.chief.driver", f"{shlex.quote(sys.executable)} -m tui merge-driver %O %A %B")
    repo.git("merge", "--no-edit", "side", check=False)
    assert (marks / "tui").exists(), "the bait was not taken by the old driver: this test would prove nothing"
    report("git merge driver in a repository with bait modules", trials=len(BAIT), lost=0)


def test_doctor_names_an_old_driver_and_git_setup_replaces_it(repo: Repo):
    Desk(repo.file).capture("before")
    repo.chief("office", "git-setup")
    old = f"{shlex.quote(sys.executable)} -m tui merge-driver %O %A %B"
    repo.git("config", "merge.chief.driver", old)
    before = repo.file.read_bytes()

    doctor = repo.chief("office", "doctor", check=False)
    assert doctor.returncode == 1
    assert "can run code from the repository" in doctor.stdout and "chief git-setup" in doctor.stdout
    assert "\n  OK" not in doctor.stdout
    assert repo.file.read_bytes() == before

    said = repo.chief("office", "git-setup").stdout
    assert "replaces the driver set before" in said
    driver = repo.git("config", "--local", "merge.chief.driver").stdout.strip()
    assert " -I -c " in driver and " -m " not in driver
    again = repo.chief("office", "doctor", check=False)
    assert again.returncode == 0 and "git:" not in again.stdout


def test_doctor_names_an_attributes_line_that_misses(repo: Repo):
    Desk(repo.file).capture("before")
    repo.chief("office", "git-setup")
    (repo.root / ".gitattributes").write_text("/chief.json merge=chief\n/chief.json -merge\n", encoding="utf-8")
    doctor = repo.chief("office", "doctor", check=False)
    assert doctor.returncode == 1 and ".gitattributes does not give chief.json the merge driver" in doctor.stdout
    refused = repo.chief("office", "git-setup", check=False)  # appending cannot beat a later line: say so
    assert refused.returncode == 2 and "overrides" in refused.stderr and "Traceback" not in refused.stderr
