"""The offline bundle: built from this clone, carried as an archive, installed with the network cut.

Building needs a package index (PyPI or a mirror): ``external``. The install
runs in a network namespace of its own where ``unshare -n`` works (as root on
Linux), so no connection can be made at all; everywhere, pip is also pointed
at an index and a proxy that do not answer and told to ignore the machine's
pip settings, so that a wheel not in the bundle fails the install instead of
being fetched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.external, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing answers


def _network_cut() -> list[str]:
    """``unshare -n`` where it works here; else nothing (the environment below still breaks every route)."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    print("offline bundle test: no network namespace here (unshare -n); the network is cut by the environment only")
    return []


def test_the_bundle_installs_chief_with_no_network(tmp_path):
    built = subprocess.run([sys.executable, str(ROOT / "scripts" / "offline-bundle.py"), "--out", str(tmp_path / "dist")],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    [archive] = (tmp_path / "dist").glob("chief-offline-*.tar.gz")

    carried = tmp_path / "intranet"  # the archive, unpacked on the other machine
    with tarfile.open(archive) as tar:
        tar.extractall(carried, filter="data")
    [bundle] = carried.iterdir()
    for line in (bundle / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest, name
    wheels = {p.name.split("-")[0].lower() for p in (bundle / "wheels").iterdir()}
    assert {"chief_triage", "textual", "pendulum", "tinydb", "pypinyin", "chinese_calendar", "textual_serve", "aiohttp", "pip"} <= wheels

    offline = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "CHIEF_", "UV_")) and "proxy" not in k.lower()}
    offline.update(HOME=str(tmp_path / "home"), CHIEF_BIN_DIR=str(tmp_path / "bin"), PIP_INDEX_URL=NOWHERE + "/simple",
                   http_proxy=NOWHERE, https_proxy=NOWHERE, HTTP_PROXY=NOWHERE, HTTPS_PROXY=NOWHERE,
                   PYTHON=sys.executable, PYTHONDONTWRITEBYTECODE="1")
    target = tmp_path / "chief-env"
    installed = subprocess.run([*_network_cut(), "sh", str(bundle / "install.sh"), str(target)], env=offline,
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "installed in" in installed.stdout

    chief = tmp_path / "bin" / "chief"
    user = dict(offline, CHIEF_FILE=str(tmp_path / "data" / "chief.json"), CHIEF_STATE_DIR=str(tmp_path / "state"))
    assert subprocess.run([chief, "add", "起草年度工作总结 ^明天"], env=user, capture_output=True, text=True).returncode == 0
    listed = subprocess.run([chief, "list"], env=user, capture_output=True, text=True)
    assert "起草年度工作总结" in listed.stdout, listed.stderr
    python = target / "bin" / "python"
    assert subprocess.run([python, "-c", "import textual_serve, chief.tui.browser"], capture_output=True).returncode == 0
    # compiled at install time, so that chief starts fast where PYTHONDONTWRITEBYTECODE is set
    assert list((target / "lib").glob("python3.*/site-packages/chief/store/__pycache__/desk.*.pyc"))


def test_a_bundle_for_another_python_says_so_in_one_line(tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "wheels").mkdir(parents=True)
    script = (ROOT / "scripts" / "offline-bundle.py").read_text(encoding="utf-8")
    template = script.split('INSTALL_SH = r"""', 1)[1].split('"""', 1)[0]
    (bundle / "install.sh").write_text(template.replace("@PYTHON@", "3.99").replace("@REQUIREMENT@", "chief-triage"))
    ran = subprocess.run(["sh", str(bundle / "install.sh"), str(tmp_path / "env")], capture_output=True, text=True,
                         env=dict(os.environ, PYTHON=sys.executable, HOME=str(tmp_path)))
    assert ran.returncode == 2
    assert "this bundle is for Python 3.99" in ran.stderr and ran.stderr.count("\n") == 1
    assert not (tmp_path / "env").exists()
