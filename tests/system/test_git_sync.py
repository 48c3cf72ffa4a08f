"""Git as the synchroniser: ``chief git-setup`` and ``git merge`` of two branches.

Two "machines" (two Chief state dirs, so two device ids) work on two branches
of one repository that holds the data file. After ``chief git-setup`` a merge
of branches that both changed the file ends with exit 0, no conflict markers,
and both sides' edits (of two edits to one field, the later wins). Without the
driver (a clone where git-setup was not run) the same merge conflicts, which
shows the driver did the work. A side that is not a Chief file is refused:
the merge stops and the file is not replaced by it.

Git runs with the user's global and system config shut out, and user.name and
user.email set in each repository's own config.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.external, pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]

# Chief has no edit or delete command: these run the Desk API as that machine (its env).
EDIT = """import json, sys
from chief.store.datafile import paths
from chief.store.desk import Desk
Desk(paths.data_file()).edit(sys.argv[1], json.loads(sys.argv[2]))
"""
DELETE = """import sys
from chief.store.datafile import paths
from chief.store.desk import Desk
Desk(paths.data_file()).replica.apply(lambda tx: tx.remove("items", sys.argv[1]))
"""
MARKERS = ("<<<<<<<", "=======", ">>>>>>>")


class Repo:
    """A git repository holding the data file, and Chief run on it as one machine or another."""

    def __init__(self, root: Path, relative: str, base_env: dict[str, str], tmp: Path) -> None:
        self.root = root
        self.relative = relative
        self.file = root / relative
        hermetic = {k: v for k, v in base_env.items() if not k.startswith("GIT_")}
        hermetic.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0",
                        GIT_MERGE_AUTOEDIT="no")
        self.git_env = hermetic
        self.machines = {
            name: {**hermetic, "CHIEF_FILE": str(self.file), "CHIEF_STATE_DIR": str(tmp / f"state-{name}")}
            for name in ("office", "laptop")
        }

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(["git", *args], cwd=self.root, env=self.git_env, capture_output=True, text=True,
                              timeout=60, check=False)
        if check:
            assert done.returncode == 0, f"git {' '.join(args)} exited {done.returncode}: {done.stdout}{done.stderr}"
        return done

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q")
        self.git("symbolic-ref", "HEAD", "refs/heads/main")
        for key, value in (("user.name", "Chief Test"), ("user.email", "chief@example.invalid"),
                           ("commit.gpgsign", "false"), ("core.autocrlf", "false")):
            self.git("config", key, value)

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").stdout.strip()

    def chief(self, machine: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "chief.tui", *args], env=self.machines[machine], capture_output=True,
                              text=True, encoding="utf-8", timeout=60, check=False)
        if check:
            assert done.returncode == 0, f"chief {' '.join(args)} exited {done.returncode}: {done.stderr}"
        return done

    def python(self, machine: str, code: str, *args: str) -> None:
        done = subprocess.run([sys.executable, "-c", code, *args], env=self.machines[machine], capture_output=True,
                              text=True, encoding="utf-8", timeout=60, check=False)
        assert done.returncode == 0, f"python snippet failed: {done.stderr}"

    def add(self, machine: str, text: str) -> str:
        return self.chief(machine, "add", text).stdout.split()[0]

    def edit(self, machine: str, item_id: str, **fields: Any) -> None:
        self.python(machine, EDIT, item_id, json.dumps(fields))

    def items(self, machine: str = "office") -> dict[str, dict[str, Any]]:
        return {i["id"]: i for i in json.loads(self.chief(machine, "list", "--all", "--json").stdout)}


@pytest.fixture(params=["chief.json", "office/chief.json"], ids=["at-the-top", "in-a-folder"])
def repo(request, tmp_path: Path, env: dict[str, str]) -> Repo:
    made = Repo(tmp_path / "repo", request.param, env, tmp_path)
    made.init()
    return made


def _base(repo: Repo) -> dict[str, str]:
    """Four items on main, the driver registered, all committed; their ids by name."""
    ids = {
        "budget": repo.add("office", "* budget review"),
        "call": repo.add("office", "call Li"),
        "room": repo.add("office", "book the meeting room"),
        "reports": repo.add("office", "print the monthly reports"),
    }
    said = repo.chief("office", "git-setup").stdout
    assert "merge driver 'chief'" in said
    repo.commit("base")
    return ids


def test_git_setup_registers_the_driver_and_keeps_local_files_out(repo: Repo):
    _base(repo)
    line = f"/{repo.relative} merge=chief"
    assert line in (repo.root / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert repo.git("check-attr", "merge", "--", repo.relative).stdout.strip() == f"{repo.relative}: merge: chief"
    driver = repo.git("config", "--local", "merge.chief.driver").stdout.strip()
    assert driver.endswith(" merge-driver %O %A %B") and " -I -c " in driver  # isolated: nothing from the repository

    backups = repo.file.parent / f".~{repo.file.name}.backups"
    assert backups.is_dir() and any(backups.iterdir()), "the test expects Chief to have made a backup by now"
    committed = set(repo.git("ls-files").stdout.split())
    assert committed == {".gitattributes", ".gitignore", repo.relative}
    ignored = repo.git("status", "--porcelain", "--ignored").stdout
    assert f"{backups.relative_to(repo.root).as_posix()}/" in ignored
    assert repo.git("check-ignore", "-q", str(repo.file.with_name(".~lock." + repo.file.name)), check=False).returncode == 0

    # running it again changes nothing
    again = repo.chief("office", "git-setup").stdout
    assert "already has" in again
    assert repo.git("status", "--porcelain").stdout == ""


def test_git_merge_of_two_branches_keeps_both_sides(repo: Repo, tmp_path: Path):
    ids = _base(repo)
    base = repo.git("rev-parse", "HEAD").stdout.strip()

    # the office works on main
    repo.add("office", "office: new item")
    repo.edit("office", ids["budget"], notes="ask Finance")  # a field the laptop does not touch
    repo.edit("office", ids["call"], title="call Li at 3")  # the same field as the laptop, earlier
    repo.chief("office", "done", ids["room"])
    repo.commit("office")

    # the laptop works on a branch from the same base, later
    repo.git("checkout", "-q", "-b", "laptop", base)
    repo.add("laptop", "laptop: new item")
    repo.edit("laptop", ids["budget"], effort=45)  # a field the office does not touch
    repo.python("laptop", DELETE, ids["reports"])
    repo.edit("laptop", ids["call"], title="call Li at 4")  # the same field, later: this one wins
    repo.commit("laptop")
    repo.git("checkout", "-q", "main")

    # control: in a clone where git-setup was not run, git's own text merge conflicts
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], env=repo.git_env, check=True, timeout=60)
    plain = Repo(clone, repo.relative, repo.git_env, tmp_path)
    for key, value in (("user.name", "Chief Test"), ("user.email", "chief@example.invalid"), ("commit.gpgsign", "false")):
        plain.git("config", key, value)
    unmerged = plain.git("merge", "--no-edit", "origin/laptop", check=False)
    assert unmerged.returncode != 0 and "CONFLICT" in unmerged.stdout
    assert any(m in plain.file.read_text(encoding="utf-8") for m in MARKERS)

    # with the driver: exit 0, no markers, one merge commit with both parents
    merged = repo.git("merge", "--no-edit", "laptop", check=False)
    assert merged.returncode == 0, f"git merge failed: {merged.stdout}{merged.stderr}"
    assert "CONFLICT" not in merged.stdout
    text = repo.file.read_text(encoding="utf-8")
    assert not any(m in text for m in MARKERS)
    json.loads(text)
    assert repo.git("status", "--porcelain").stdout == ""
    assert len(repo.git("log", "-1", "--format=%P").stdout.split()) == 2

    # both sides' edits, read by both machines
    items = repo.items("office")
    assert repo.items("laptop") == items
    assert {i["title"] for i in items.values()} == {
        "budget review", "call Li at 4", "book the meeting room", "office: new item", "laptop: new item",
    }
    budget = items[ids["budget"]]
    assert (budget["notes"], budget["effort"], budget["important"]) == ("ask Finance", 45, True)
    assert items[ids["call"]]["title"] == "call Li at 4"
    assert items[ids["room"]]["status"] == "done"
    assert ids["reports"] not in items
    # reading the merged file changes nothing: the driver wrote what Chief would
    assert repo.git("status", "--porcelain").stdout == ""

    print(f"\ngit ({repo.relative}): merge exit 0, {len(items)} items with both sides' edits; "
          f"without the driver: exit {unmerged.returncode} with conflict markers")


def test_the_driver_refuses_a_side_that_is_not_a_chief_file(repo: Repo):
    ids = _base(repo)
    base = repo.git("rev-parse", "HEAD").stdout.strip()
    repo.edit("office", ids["budget"], notes="ask Finance")
    repo.commit("office")
    ours = repo.file.read_bytes()

    repo.git("checkout", "-q", "-b", "broken", base)
    repo.file.write_text("this is not a chief file {\n", encoding="utf-8")
    repo.commit("broken")
    repo.git("checkout", "-q", "main")

    refused = repo.git("merge", "--no-edit", "broken", check=False)
    assert refused.returncode != 0, f"git merge accepted garbage: {refused.stdout}"
    assert "not valid JSON" in refused.stdout + refused.stderr  # Chief's one line, passed on by git
    assert repo.file.read_bytes() == ours  # not replaced by the garbage, not half-merged
    assert repo.items("office")[ids["budget"]]["notes"] == "ask Finance"
    repo.git("merge", "--abort")
    assert repo.file.read_bytes() == ours
    assert repo.git("status", "--porcelain").stdout == ""
