"""Two machines sharing the data file through two real Syncthing instances.

Each "machine" is a Syncthing home, a synced data folder and a Chief state dir
(so its own device id); Chief runs as subprocesses with that machine's
CHIEF_FILE and CHIEF_STATE_DIR. Syncthing listens on 127.0.0.1 only, with
discovery, relays, NAT traversal, usage and crash reporting and upgrades off,
each node knowing the other at a static loopback address, and runs with a
clean environment (no proxy variables): nothing leaves the machine.

The scenario: A captures items and B receives them; B goes offline (its
Syncthing is stopped, which takes a machine away faster than pausing); both
sides capture, edit different fields of one item, edit the same field of
another (B later), finish or delete one; A writes last, so Syncthing keeps A's
file and turns B's into a conflict copy: only Chief's merge can keep B's
edits. B comes back; Chief runs on both sides (absorbing the conflict copy)
until both folders hold the same file and no conflict copy is left. Every
wait is bounded and every Syncthing process is stopped in teardown.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.external, pytest.mark.slow]

SYNCTHING = shutil.which("syncthing")
FOLDER = "chief"
STIGNORE = "(?d).~*\n"  # the README's line: Chief's temp and lock files stay local
SCENARIO_BUDGET_S = 60  # from B's return to convergence
CONFLICT_MARK = ".sync-conflict-"

# Never through a proxy: every request goes straight to 127.0.0.1.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _poll(condition: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return True
        except (OSError, urllib.error.URLError, ValueError):
            pass  # a node restarting, a file being replaced: ask again
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def _alive(pid: int) -> bool:
    """Whether ``pid`` is still a running (not zombie) syncthing process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z" and b"syncthing" in cmdline


class Node:
    """One Syncthing instance: its home, its ports, its processes (monitor and child)."""

    def __init__(self, name: str, home: Path, folder: Path, gui_port: int, listen_port: int) -> None:
        self.name = name
        self.home = home
        self.folder = folder
        self.gui_port = gui_port
        self.listen_port = listen_port
        self.log = home / "syncthing.log"
        self.proc: subprocess.Popen | None = None
        self.child: int | None = None
        self.started: list[int] = []  # every syncthing pid this node ever ran, for the teardown check
        self.apikey = ""
        self.device_id = ""
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
                    "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"}

    # setup ---------------------------------------------------------------------

    def generate(self) -> None:
        done = subprocess.run(
            [SYNCTHING, "generate", f"--home={self.home}", "--no-default-folder", "--skip-port-probing"],
            env=self.env, capture_output=True, text=True, timeout=60, check=False,
        )
        assert done.returncode == 0, f"syncthing generate failed: {done.stdout}{done.stderr}"
        root = ET.parse(self.home / "config.xml").getroot()
        self.device_id = root.find("device").get("id")  # the only device: this one
        self.apikey = root.find("gui/apikey").text

    def configure(self, peer: Node) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        root.find("device").set("name", self.name)
        gui = root.find("gui")
        gui.set("tls", "false")
        gui.find("address").text = f"127.0.0.1:{self.gui_port}"
        options = root.find("options")
        for key, value in {
            "listenAddress": f"tcp://127.0.0.1:{self.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "crashReportingEnabled": "false",
            "urAccepted": "-1",
            "autoUpgradeIntervalH": "0",
            "startBrowser": "false",
            "restartOnWakeup": "false",
            "setLowPriority": "false",
            "announceLANAddresses": "false",
            "reconnectionIntervalS": "5",
            "minHomeDiskFree": "0",
        }.items():
            element = options.find(key)
            if element is None:
                element = ET.SubElement(options, key)
            element.text = value
        device = ET.SubElement(root, "device", id=peer.device_id, name=peer.name, compression="metadata",
                               introducer="false", skipIntroductionRemovals="false", introducedBy="")
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{peer.listen_port}"
        ET.SubElement(device, "paused").text = "false"
        ET.SubElement(device, "autoAcceptFolders").text = "false"
        # the folder starts as a copy of the generated defaults, so every setting left out
        # keeps Syncthing's default (a missing maxConflicts would read as 0: no conflict copies)
        folder = copy.deepcopy(root.find("defaults/folder"))
        for element in folder.findall("device"):
            folder.remove(element)
        for member in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", id=member, introducedBy="")
        folder.attrib.update(id=FOLDER, label=FOLDER, path=str(self.folder), type="sendreceive",
                             rescanIntervalS="5", fsWatcherEnabled="true", fsWatcherDelayS="1")
        folder.find("minDiskFree").text = "0"
        root.append(folder)
        tree.write(path, encoding="unicode")
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".stfolder").mkdir(exist_ok=True)
        (self.folder / ".stignore").write_text(STIGNORE, encoding="utf-8")

    # running -------------------------------------------------------------------

    def start(self) -> None:
        assert self.proc is None, f"{self.name} is already running"
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [SYNCTHING, "serve", f"--home={self.home}", "--no-browser", "--no-restart", "--no-upgrade"],
                env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if not _poll(lambda: self.rest("GET", "/rest/system/ping")["ping"] == "pong", 30):
            raise AssertionError(f"syncthing {self.name} did not answer on 127.0.0.1:{self.gui_port}\n{self.log_tail()}")
        # the monitor starts the real syncthing as its child, in a process group of its own
        _poll(lambda: self._find_child() is not None, 10)
        self.child = self._find_child()
        self.started += [p for p in (self.proc.pid, self.child) if p]

    def _find_child(self) -> int | None:
        assert self.proc is not None
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            if children:
                return int(children[0])
        return None

    def stop(self) -> None:
        """Shut down monitor and child (politely, then by signal); always leaves none running."""
        if self.proc is None:
            return
        pids = [p for p in (self.child, self.proc.pid) if p]
        try:
            self.rest("POST", "/rest/system/shutdown", timeout=5)
        except (OSError, urllib.error.URLError, ValueError):
            pass
        for sig in (None, signal.SIGTERM, signal.SIGKILL):
            if sig is not None:
                for pid in pids:
                    if _alive(pid):
                        try:
                            os.kill(pid, sig)
                        except ProcessLookupError:
                            pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                continue
            if _poll(lambda: not any(_alive(p) for p in pids), 10):
                break
        self.proc = None
        self.child = None

    def rest(self, method: str, path: str, timeout: float = 10) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=b"" if method == "POST" else None,
            method=method,
            headers={"X-API-Key": self.apikey},
        )
        with _opener.open(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body.strip() else None

    def scan(self) -> None:
        """Rescan the folder now (the call returns when the scan is done)."""
        try:
            self.rest("POST", f"/rest/db/scan?folder={FOLDER}", timeout=30)
        except (OSError, urllib.error.URLError):
            pass  # a scan already under way; the watcher and the rescan interval catch up

    def connected_to(self, peer: Node) -> bool:
        connections = self.rest("GET", "/rest/system/connections")["connections"]
        return bool(connections.get(peer.device_id, {}).get("connected"))

    def idle(self, peer: Node) -> bool:
        status = self.rest("GET", f"/rest/db/status?folder={FOLDER}")
        completion = self.rest("GET", f"/rest/db/completion?folder={FOLDER}&device={peer.device_id}")
        return status["state"] == "idle" and status["needTotalItems"] == 0 and completion["completion"] == 100

    def status(self) -> str:
        try:
            s = self.rest("GET", f"/rest/db/status?folder={FOLDER}", timeout=3)
            return f"state={s['state']} need={s['needTotalItems']} pullErrors={s.get('pullErrors')}"
        except (OSError, urllib.error.URLError, ValueError) as err:
            return f"not answering ({err})"

    def log_tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class Machine:
    """A Syncthing node, its data folder, and Chief run there with its own state dir."""

    def __init__(self, name: str, root: Path, base_env: dict[str, str], gui_port: int, listen_port: int) -> None:
        self.name = name
        self.folder = root / name / "sync"
        self.state = root / name / "state"
        self.file = self.folder / "chief.json"
        self.node = Node(name, root / name / "syncthing", self.folder, gui_port, listen_port)
        self.env = {**base_env, "CHIEF_FILE": str(self.file), "CHIEF_STATE_DIR": str(self.state)}

    def chief(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "chief.tui", *args], env=self.env, capture_output=True,
                              text=True, encoding="utf-8", timeout=60, check=False)
        assert done.returncode == 0, f"{self.name}: chief {' '.join(args)} exited {done.returncode}: {done.stderr}"
        return done.stdout

    def python(self, code: str, *args: str) -> None:
        done = subprocess.run([sys.executable, "-c", code, *args], env=self.env, capture_output=True,
                              text=True, encoding="utf-8", timeout=60, check=False)
        assert done.returncode == 0, f"{self.name}: python snippet failed: {done.stderr}"

    def add(self, text: str) -> str:
        return self.chief("add", text).split()[0]

    def edit(self, item_id: str, **fields: Any) -> None:
        self.python(EDIT, item_id, json.dumps(fields))

    def delete(self, item_id: str) -> None:
        self.python(DELETE, item_id)

    def items(self) -> list[dict[str, Any]]:
        return json.loads(self.chief("list", "--all", "--json"))

    def data(self) -> bytes:
        return self.file.read_bytes()

    def copies(self) -> list[str]:
        return sorted(p.name for p in self.folder.iterdir() if CONFLICT_MARK in p.name)

    def visible(self) -> dict[str, bytes]:
        """The synced top-level files (the data file and any conflict copy), by name."""
        return {p.name: p.read_bytes() for p in self.folder.iterdir() if p.is_file() and not p.name.startswith(".")}

    def absorbed(self) -> list[Path]:
        folder = self.state / "absorbed"
        return sorted(folder.iterdir()) if folder.is_dir() else []


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


@pytest.fixture
def machines(tmp_path: Path, env: dict[str, str]):
    if SYNCTHING is None:
        pytest.skip("syncthing is not installed: apt-get install syncthing")
    gui_a, listen_a, gui_b, listen_b = _free_ports(4)
    a = Machine("A", tmp_path, env, gui_a, listen_a)
    b = Machine("B", tmp_path, env, gui_b, listen_b)
    try:
        for m in (a, b):
            m.node.home.mkdir(parents=True)
            m.node.generate()
        a.node.configure(b.node)
        b.node.configure(a.node)
        a.node.start()
        b.node.start()
        yield a, b
    finally:
        for m in (a, b):
            m.node.stop()
        left = [pid for m in (a, b) for pid in m.node.started if _alive(pid)]
        assert not left, f"syncthing processes outlived the test: {left}"


def _diagnose(a: Machine, b: Machine, what: str) -> str:
    lines = [f"timed out waiting for {what}"]
    for m in (a, b):
        listing = sorted(p.name for p in m.folder.iterdir()) if m.folder.is_dir() else []
        lines += [f"--- {m.name}: {m.node.status()}; folder: {listing}; absorbed: {[p.name for p in m.absorbed()]}",
                  m.node.log_tail()]
    return "\n".join(lines)


def _wait(a: Machine, b: Machine, condition: Callable[[], bool], what: str, deadline: float) -> None:
    if not _poll(condition, max(1.0, deadline - time.monotonic())):
        raise AssertionError(_diagnose(a, b, what))


def _assert_loopback_only(*machines: Machine) -> None:
    """The configuration took: no discovery, relay or NAT traversal was ever started."""
    for m in machines:
        log = m.node.log.read_text(errors="replace")
        for sign in ("discovery mechanism", "Relay listener", "UPnP", "NAT-PMP"):
            assert sign not in log, f"syncthing {m.name} started something beyond 127.0.0.1: {sign}"


def _quiet(a: Machine, b: Machine) -> bool:
    """Both folders hold the same files and neither Syncthing has anything left to do."""
    return a.visible() == b.visible() and a.node.idle(b.node) and b.node.idle(a.node)


def test_two_machines_converge_through_real_syncthing(machines):
    a, b = machines
    started = time.monotonic()
    _wait(a, b, lambda: a.node.connected_to(b.node) and b.node.connected_to(a.node), "the nodes to connect",
          started + 30)
    _assert_loopback_only(a, b)

    # online: A captures, B receives
    budget = a.add("* budget review")
    call = a.add("call Li")
    room = a.add("book the meeting room")
    reports = a.add("print the monthly reports")
    a.node.scan()
    _wait(a, b, lambda: b.file.exists() and b.data() == a.data(), "B to receive A's items", time.monotonic() + 30)
    assert {i["title"] for i in b.items()} == {"budget review", "call Li", "book the meeting room",
                                               "print the monthly reports"}

    # B goes offline; both sides work apart
    b.node.stop()
    a.add("A: offline capture")
    a.edit(budget, notes="ask Finance")  # a field B does not touch
    a.edit(call, title="call Li at 3")  # the same field as B, earlier
    a.chief("done", room)
    b.add("B: offline capture")
    b.edit(budget, effort=45)  # a field A does not touch
    b.delete(reports)
    b.edit(call, title="call Li at 4")  # the same field as A, later: this one wins
    a.add("A: last word")  # A's file is the newest: Syncthing keeps it and makes B's a conflict copy
    a.node.scan()

    # B comes back; Chief on both sides absorbs what Syncthing set aside
    back = time.monotonic()
    deadline = back + SCENARIO_BUDGET_S
    b.node.start()
    _wait(a, b, lambda: a.node.connected_to(b.node) and b.node.connected_to(a.node), "B to reconnect", deadline)
    seen: dict[str, set[str]] = {"A": set(), "B": set()}
    rounds = 0
    while True:
        a.node.scan()
        b.node.scan()
        _wait(a, b, lambda: _quiet(a, b), "both folders to settle", deadline)
        for m in (a, b):
            seen[m.name].update(m.copies())
        if rounds and not a.copies() and not b.copies():
            break
        assert time.monotonic() < deadline, _diagnose(a, b, "the conflict copies to be absorbed")
        rounds += 1
        for m in (a, b):  # one side at a time, each merge travelling before the next
            seen[m.name].update(m.copies())
            m.chief("list", "--json")  # reads: merges the file and absorbs any conflict copy
            m.node.scan()
            _wait(a, b, lambda: _quiet(a, b), f"{m.name}'s merge to reach the other side", deadline)
    converged = time.monotonic() - back

    # the same file on both sides, and reading it again changes nothing
    final = a.data()
    assert b.data() == final
    listed_a, listed_b = a.items(), b.items()
    assert listed_a == listed_b
    assert a.data() == final and b.data() == final
    assert not a.copies() and not b.copies()

    # every edit is there; of the two title edits the later (B's) wins
    by_id = {i["id"]: i for i in listed_a}
    assert {i["title"] for i in listed_a} == {
        "budget review", "call Li at 4", "book the meeting room",
        "A: offline capture", "B: offline capture", "A: last word",
    }
    assert (by_id[budget]["notes"], by_id[budget]["effort"], by_id[budget]["important"]) == ("ask Finance", 45, True)
    assert by_id[call]["title"] == "call Li at 4"
    assert by_id[room]["status"] == "done"
    assert reports not in by_id
    assert {i["title"] for i in json.loads(a.chief("list", "--json"))} == {
        "budget review", "call Li at 4", "A: offline capture", "B: offline capture", "A: last word",
    }

    # every conflict copy Syncthing made was absorbed into a local, unsynced folder, intact
    made = seen["A"] | seen["B"]
    assert made, "Syncthing made no conflict copy: the scenario did not exercise Chief's merge"
    absorbed = {m.name: m.absorbed() for m in (a, b)}
    holders = {name: [who for who, files in absorbed.items() if any(p.name.endswith("." + name) for p in files)]
               for name in sorted(made)}
    for name, who in holders.items():
        assert who, f"conflict copy {name} vanished without being absorbed"
    for files in absorbed.values():
        for p in files:
            assert json.loads(p.read_text(encoding="utf-8"))["items"], f"{p} is not an intact copy"
            assert a.folder not in p.parents and b.folder not in p.parents

    _assert_loopback_only(a, b)

    def whose(name: str) -> str:  # which side's offline work the copy held (Syncthing keeps the newer file)
        for files in absorbed.values():
            for p in files:
                if p.name.endswith("." + name):
                    text = p.read_text(encoding="utf-8")
                    return "B's version" if "B: offline capture" in text else "A's version" if "A: last word" in text else "?"
        return "?"

    copies = [f"{name} ({whose(name)}, absorbed on {' and '.join(who)})" for name, who in holders.items()]
    print(f"\nsyncthing: {len(listed_a)} items identical on A and B {converged:.1f} s after B came back "
          f"({rounds} chief round{'s' if rounds != 1 else ''}, {time.monotonic() - started:.1f} s in all); "
          f"conflict copies: {', '.join(copies)}")
