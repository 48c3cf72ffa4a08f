"""A ``chief add`` process answers once its item is durable in the journal, and a child writes the file.

The whole-file rewrite was what grew with the file (issue 17: 6 MB written and
flushed at 10,000 items). So a real capture process appends the item's record
to this machine's journal (flushed), hands the data file's lock to a forked
child and answers; the child writes the file as the capture always did and
takes the journal's line back. These tests run the console script's own path
(``main()`` reading ``sys.argv``) in a fresh interpreter, with a hook on the
child's write: delayed (to look at the moment between the answer and the
write), or the child killed before it writes. In every case the item is in
what any Chief command reads, and in the data file once the lock is free.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chief.store.datafile import journal, paths
from chief.store.datafile.storage import lock_path

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the answer comes first only where a process can fork")

# The console script's path, with the child's write held up (a number of seconds), the child killed ("kill") or the
# file replaced by a copy of itself first ("sync"); with HOOK_REPORT, the child writes there what it holds.
HOOK = """
import os, sys, time
from chief.store.datafile import capture
parent, real = os.getpid(), capture._Splice.write
def write(self):
    if os.getpid() != parent:
        if os.environ.get("HOOK_REPORT"):  # what the child holds: its session, its descriptors
            fds = sorted(int(fd) for fd in os.listdir("/proc/self/fd"))
            with open(os.environ["HOOK_REPORT"], "w") as report:
                report.write(repr({"pid": os.getpid(), "sid": os.getsid(0), "fds": fds}))
        if os.environ["HOOK"] == "kill":
            os._exit(9)
        if os.environ["HOOK"] == "sync":  # a sync tool puts its copy of the file in place (same bytes, new file)
            with open(self.path, "rb") as old, open(self.path + ".synced", "wb") as new:
                new.write(old.read())
            os.replace(self.path + ".synced", self.path)
            return real(self)
        time.sleep(float(os.environ["HOOK"]))
    return real(self)
capture._Splice.write = write
if os.environ.get("HOOK_DETACH_DELAY"):  # the child slow to leave the caller's process group
    real_detach = capture._detach
    def detach(keep):
        time.sleep(float(os.environ["HOOK_DETACH_DELAY"]))
        return real_detach(keep)
    capture._detach = detach
sys.argv = ["chief", *sys.argv[1:]]
from chief.tui.cli.run import main
sys.exit(main())
"""


def _capture(env: dict[str, str], text: str, hook: str = "0") -> subprocess.CompletedProcess:
    """``chief add TEXT`` as its own process, the child's write held up by ``hook``."""
    return subprocess.run([sys.executable, "-c", HOOK, "add", text], env={**env, "HOOK": hook},
                          text=True, encoding="utf-8", capture_output=True, timeout=60, check=True)


def _titles_in_file(path: Path) -> set[str]:
    """The items' titles in the data file's bytes, as they are (no journal merged, no lock taken)."""
    return {record["title"] for record in json.loads(path.read_text(encoding="utf-8"))["items"].values()}


def _titles_in_journal(path: Path) -> set[str]:
    entries, _present = journal.read(paths.real(path))
    return {record["title"] for _db, records in entries for record in records.get("items", {}).values()}


def _wait_for_the_lock(path: Path) -> None:
    """Block until no process holds the data file's lock (the child, if it still writes)."""
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    finally:
        os.close(fd)


def _as_it_comes(env: dict[str, str]) -> dict[str, str]:
    """The tests' environment without its CHIEF_CAPTURE_WAIT=0 (tests/conftest.py): the capture decides itself."""
    return {name: value for name, value in env.items() if name != "CHIEF_CAPTURE_WAIT"}


@pytest.fixture
def seeded(run_chief, env, data_file) -> Path:
    run_chief("add", "the first item", check=True)  # no file yet: the full path makes it
    run_chief("team", "add", "王芳", check=True)
    _wait_for_the_lock(data_file)
    assert not journal.waiting(paths.real(data_file))
    return data_file


def test_the_answer_comes_before_the_write_and_the_pipes_do_not_wait(seeded, env):
    # the child sleeps 2 s before it writes: had it kept the caller's stdout, run() would return after it
    done = _capture(env, "电话通知各处室 @王芳 ^fri 15:00", hook="2")
    assert "电话通知各处室" in done.stdout and done.stderr == ""
    assert "电话通知各处室" not in _titles_in_file(seeded)  # not yet: the child is asleep
    assert _titles_in_journal(seeded) == {"电话通知各处室"}  # but durable, and merged by any reader
    _wait_for_the_lock(seeded)
    assert "电话通知各处室" in _titles_in_file(seeded)
    assert not journal.waiting(paths.real(seeded))  # the line taken back once the file held it


def test_a_command_run_meanwhile_finds_the_item(seeded, env, run_chief):
    _capture(env, "起草会议纪要", hook="2")
    # `list` waits half a second for the lock the child holds, then reads without it: the file and the journal
    listed = run_chief("list", "--json", check=True)
    assert "起草会议纪要" in {item["title"] for item in json.loads(listed.stdout)}
    _wait_for_the_lock(seeded)
    assert "起草会议纪要" in _titles_in_file(seeded) and not journal.waiting(paths.real(seeded))


def test_a_child_killed_before_it_writes_leaves_the_item_in_the_journal(seeded, env, run_chief):
    done = _capture(env, "接待来访群众", hook="kill")
    assert "接待来访群众" in done.stdout  # answered: the record was durable before the answer
    _wait_for_the_lock(seeded)
    assert "接待来访群众" not in _titles_in_file(seeded)
    assert _titles_in_journal(seeded) == {"接待来访群众"}
    listed = run_chief("list", "--json", check=True)  # any command merges the journal, saves, empties it
    assert "接待来访群众" in {item["title"] for item in json.loads(listed.stdout)}
    assert "接待来访群众" in _titles_in_file(seeded) and not journal.waiting(paths.real(seeded))


def test_a_file_replaced_before_the_child_writes_is_merged_the_full_way(seeded, env):
    _capture(env, "核对来文", hook="sync")  # the splice refuses another file: the child reads and merges it
    _wait_for_the_lock(seeded)  # held by the child all along: never free between the two ways
    assert {"the first item", "核对来文"} <= _titles_in_file(seeded)
    assert not journal.waiting(paths.real(seeded))


def test_a_capture_finding_a_line_left_merges_it_too(seeded, env):
    _capture(env, "left by a killed child", hook="kill")
    _wait_for_the_lock(seeded)
    _capture(env, "the next capture")  # the journal is not empty: the full path, which merges it
    _wait_for_the_lock(seeded)
    assert {"left by a killed child", "the next capture"} <= _titles_in_file(seeded)
    assert not journal.waiting(paths.real(seeded))


def test_captures_in_a_row_all_land_once(seeded, env):
    titles = [f"第{n}项" for n in range(8)]
    for title in titles:
        _capture(env, title)
    _wait_for_the_lock(seeded)
    data = json.loads(seeded.read_text(encoding="utf-8"))
    found = [record["title"] for record in data["items"].values()]
    assert sorted(t for t in found if t in titles) == sorted(titles)  # each once, none lost
    assert not journal.waiting(paths.real(seeded))


def test_the_capture_and_the_desk_name_the_same_journal(tmp_path, monkeypatch):
    real = tmp_path / "Dropbox" / "chief.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    (tmp_path / "link").symlink_to(real.parent)
    for given in (tmp_path / "link" / "chief.json", tmp_path / "link" / "." / "chief.json", real):
        text = paths.data_file_text(str(given))
        assert journal.journal_path_text(text) == str(journal.journal_path(paths.real(given)))


def test_bytes_changed_in_place_behind_an_unchanged_status_are_still_caught(seeded, env):
    """A capture trusts the file by its note's inode, time and size, without reading it; the child's copy
    checks the checksum as it goes, so bytes changed in place with the time put back are merged the full way."""
    raw = seeded.read_bytes()
    before = os.stat(seeded)
    changed = raw.replace(b"the first item", b"the first itex")
    assert len(changed) == len(raw) and changed != raw
    with open(seeded, "r+b") as handle:  # the same inode, the same size ...
        handle.write(changed)
    os.utime(seeded, ns=(before.st_atime_ns, before.st_mtime_ns))  # ... and the time put back
    _capture(env, "拟写请示")
    _wait_for_the_lock(seeded)
    titles = _titles_in_file(seeded)
    assert {"the first itex", "拟写请示"} <= titles and "the first item" not in titles
    assert not journal.waiting(paths.real(seeded))


def _lock_is_held(path: Path) -> bool:
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _close_standard_streams() -> None:
    for fd in (0, 1, 2):
        os.close(fd)


def test_started_with_its_standard_streams_closed_the_child_keeps_the_lock(seeded, env):
    """`chief add X <&- >&- 2>&-`: the lock file must not take descriptor 0-2, which the child points at /dev/null."""
    done = subprocess.run([sys.executable, "-c", HOOK, "add", "夜间值班交接"], env={**env, "HOOK": "1"},
                          preexec_fn=_close_standard_streams, timeout=60)
    assert done.returncode == 0  # no traceback for a stdout that is not there
    assert _lock_is_held(seeded)  # the child sleeps a second before it writes, holding the lock all along
    assert "夜间值班交接" not in _titles_in_file(seeded)
    _wait_for_the_lock(seeded)
    assert "夜间值班交接" in _titles_in_file(seeded) and not journal.waiting(paths.real(seeded))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads the child's descriptors in /proc")
def test_the_child_leaves_the_callers_session_and_descriptors(seeded, env, tmp_path):
    """A pipe the caller waits on (an extra descriptor, as `3>` passes one) closes with the capture, not its child."""
    report = tmp_path / "child.txt"
    read_end, write_end = os.pipe()
    try:
        done = subprocess.run([sys.executable, "-c", HOOK, "add", "整理文件"], pass_fds=(write_end,), capture_output=True,
                              env={**env, "HOOK": "1", "HOOK_REPORT": str(report)}, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == 0
    os.set_blocking(read_end, False)
    try:
        assert os.read(read_end, 1) == b""  # every writer gone: the child let it go before sleeping
    finally:
        os.close(read_end)
    _wait_for_the_lock(seeded)
    child = eval(report.read_text())  # noqa: S307  (written by the hook above)
    assert child["sid"] == child["pid"] != os.getsid(0)  # a session of its own: a Ctrl-C in the shell does not reach it
    assert write_end not in child["fds"] and len(child["fds"]) <= 6  # 0-2, the lock, the old file, the listing itself


def test_a_same_sized_file_put_in_place_is_read_the_full_way_before_the_answer(seeded, env):
    """The note names the inode: another file of the very same size is not trusted, so the parent merges it itself."""
    raw = seeded.read_bytes()
    other = raw.replace(b"the first item", b"the first itex")
    assert len(other) == len(raw)
    seeded.with_name("synced.tmp").write_bytes(other)
    os.replace(seeded.with_name("synced.tmp"), seeded)
    _capture(env, "核对印章", hook="1")  # had it answered first, the child would still be asleep
    assert {"the first itex", "核对印章"} <= _titles_in_file(seeded)
    assert not journal.waiting(paths.real(seeded))


def test_bytes_changed_in_place_are_rewritten_the_full_way_not_spliced(seeded, env):
    """Bytes changed in place behind an unchanged status: the child's copy checks their checksum and gives them
    to the full path, which writes the file in Chief's own layout (a splice would have kept them as they were)."""
    raw = seeded.read_bytes()
    before = os.stat(seeded)
    changed = raw.replace(b'"title": "the first item"', b'"title":  "the first ite"')
    assert len(changed) == len(raw) and changed != raw
    with open(seeded, "r+b") as handle:
        handle.write(changed)
    os.utime(seeded, ns=(before.st_atime_ns, before.st_mtime_ns))
    _capture(env, "登记来文")
    _wait_for_the_lock(seeded)
    written = seeded.read_bytes()
    assert b'"title": "the first ite"' in written and b'"title":  ' not in written
    assert "登记来文" in _titles_in_file(seeded)


@pytest.mark.parametrize("how", ["--wait", "CHIEF_CAPTURE_WAIT", "INVOCATION_ID"])
def test_asked_to_wait_the_file_holds_the_item_when_the_capture_answers(seeded, env, how):
    """`chief add --wait`, CHIEF_CAPTURE_WAIT=1, a systemd unit: no child is left (its sleep would show)."""
    words = ["add", "--wait", "审核简报"] if how == "--wait" else ["add", "审核简报"]
    extra = {} if how == "--wait" else {how: "1"}
    done = subprocess.run([sys.executable, "-c", HOOK, *words], env={**_as_it_comes(env), **extra, "HOOK": "1"},
                          text=True, encoding="utf-8", capture_output=True, timeout=60, check=True)
    assert "审核简报" in done.stdout
    assert not _lock_is_held(seeded)
    assert "审核简报" in _titles_in_file(seeded) and not journal.waiting(paths.real(seeded))


def _pid_namespace() -> list[str]:
    """The command that runs a program as the first process of a new PID namespace with its own /proc
    (as a container does), as root or through a user namespace; skips the test where neither can."""
    for command in (["unshare", "--pid", "--fork", "--mount-proc"],
                    ["unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc"]):
        try:
            if subprocess.run([*command, "true"], capture_output=True, timeout=30).returncode == 0:
                return command
        except (OSError, subprocess.SubprocessError):
            break
    pytest.skip("no PID namespace can be made here (unshare needs root or user namespaces)")


@pytest.mark.slow
def test_in_a_container_whose_shell_is_the_first_process_nothing_is_left_behind(seeded, env):
    """`docker run --rm IMAGE sh -c 'chief add A; chief add B'`: the shell is PID 1, and its end kills every
    process left in the namespace. The captures write the file themselves, so none is lost with the container."""
    script = 'for t in 甲 乙 丙; do "$PY" -c "$CODE" add "集装箱$t" || exit 1; done'
    subprocess.run([*_pid_namespace(), "sh", "-c", script], check=True, timeout=120, capture_output=True,
                   env={**_as_it_comes(env), "PY": sys.executable, "CODE": HOOK, "HOOK": "2"})
    assert {"集装箱甲", "集装箱乙", "集装箱丙"} <= _titles_in_file(seeded)
    assert not journal.waiting(paths.real(seeded))


@pytest.mark.slow
def test_run_as_a_containers_own_command_it_writes_the_file_itself(seeded, env):
    """`docker run --rm IMAGE chief add X`: the capture is PID 1, and its end ends the container."""
    subprocess.run([*_pid_namespace(), sys.executable, "-c", HOOK, "add", "集装箱丁"], check=True,
                   timeout=60, capture_output=True, env={**_as_it_comes(env), "HOOK": "2"})
    assert "集装箱丁" in _titles_in_file(seeded) and not journal.waiting(paths.real(seeded))


@pytest.mark.slow
def test_deeper_in_a_container_that_ends_with_its_shell_nothing_is_left_behind(seeded, env):
    """`docker run --rm IMAGE sh -c 'make capture'`: the capture is the shell's grandchild; the first process
    is a shell all the same, and the container ends with it."""
    inner = '"$PY" -c "$CODE" add "$TITLE"'
    subprocess.run([*_pid_namespace(), "sh", "-c", f"sh -c '{inner}'; true"], check=True, timeout=60,
                   capture_output=True, env={**_as_it_comes(env), "PY": sys.executable, "CODE": HOOK, "HOOK": "2",
                                             "TITLE": "集装箱戊"})
    assert "集装箱戊" in _titles_in_file(seeded) and not journal.waiting(paths.real(seeded))


@pytest.mark.slow
def test_told_to_answer_first_a_container_capture_leaves_its_item_in_the_journal(seeded, env):
    """CHIEF_CAPTURE_WAIT=0 (a long-lived container whose first process is a shell): the capture answers
    first there too; the container's end kills the child, and the item waits in the journal (the control)."""
    subprocess.run([*_pid_namespace(), "sh", "-c", '"$PY" -c "$CODE" add 集装箱己; true'], check=True, timeout=60,
                   capture_output=True, env={**env, "PY": sys.executable, "CODE": HOOK, "HOOK": "2",
                                             "CHIEF_CAPTURE_WAIT": "0"})
    assert "集装箱己" not in _titles_in_file(seeded) and _titles_in_journal(seeded) == {"集装箱己"}


def test_the_doctor_waits_for_the_childs_write_and_tells_of_a_journal_left(seeded, env, run_chief):
    _capture(env, "核稿", hook="0.5")  # doctor reads the file: it waits for the child's write first
    report = run_chief("doctor", check=True).stdout
    assert "items: 2 inbox" in report and "journal" not in report
    _capture(env, "校对", hook="kill")  # the child never writes: the item waits in the journal
    report = run_chief("doctor", check=True).stdout
    assert "items: 2 inbox" in report
    assert "changes waiting in this machine's journal, which the file may not have yet (any Chief command merges them): 1" in report


def test_the_doctor_tells_of_the_journal_when_the_file_is_damaged_and_of_journals_set_aside(seeded, env, run_chief):
    _capture(env, "审批表", hook="kill")
    _wait_for_the_lock(seeded)
    aside = journal.journal_path(paths.real(seeded)).with_name(journal.journal_path(paths.real(seeded)).stem
                                                               + ".unmerged-20261204T101500.jsonl")
    aside.write_text("{}\n", encoding="utf-8")
    seeded.write_bytes(seeded.read_bytes()[:-40])  # damaged
    report = run_chief("doctor").stdout
    assert "PROBLEM" in report
    assert "which the file may not have yet (any Chief command merges them): 1" in report
    assert f"a journal of another database that was at this path, kept and not merged: {aside}" in report


def test_a_kill_of_the_callers_process_group_as_the_capture_returns_does_not_reach_the_child(seeded, env):
    """`chief add X` and then the whole process group killed (a Ctrl-C, a job's end): the capture answers only
    once its child has left the group, however slow the child is to do so (here half a second)."""
    script = '"$PY" -c "$CODE" add 组内终止; kill -KILL 0'
    subprocess.run(["sh", "-c", script], start_new_session=True, timeout=60, capture_output=True,
                   env={**env, "PY": sys.executable, "CODE": HOOK, "HOOK": "0", "HOOK_DETACH_DELAY": "0.5"})
    _wait_for_the_lock(seeded)
    assert "组内终止" in _titles_in_file(seeded) and not journal.waiting(paths.real(seeded))
