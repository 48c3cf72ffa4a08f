#!/usr/bin/env python3
"""Build an offline bundle of Chief: its wheel and every dependency's, for one platform and Python.

For offices on an intranet with no way to the internet. Run from a clone, on
any machine that reaches a package index (PyPI or the office's mirror); Chief
need not be installed:

    python3 scripts/offline-bundle.py                      # for this machine
    python3 scripts/offline-bundle.py --platform linux-x86_64 --python 3.11
    python3 scripts/offline-bundle.py --platform macos-arm64 --python 3.12 --no-web

It writes dist/chief-offline-VERSION-PLATFORM-pyX.Y/ and the same as a .tar.gz:
wheels/ (Chief, its dependencies, and pip itself), install.sh, README.txt and
SHA256SUMS. On the offline machine, unpack it and run ``sh install.sh``: it
installs with ``pip install --no-index --find-links wheels`` and never opens
a connection (see docs/install.md).

Only Python's standard library is used here; pip does the work.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "chief-triage"
# Friendly names for the platforms Chief runs on, and the wheel tags pip should accept for each.
# pip widens a manylinux tag to the older glibc versions by itself.
PLATFORMS = {
    "linux-x86_64": ["manylinux_2_28_x86_64", "manylinux2014_x86_64", "linux_x86_64"],
    "linux-aarch64": ["manylinux_2_28_aarch64", "manylinux2014_aarch64", "linux_aarch64"],
    "macos-arm64": ["macosx_14_0_arm64", "macosx_11_0_arm64"],
    "macos-x86_64": ["macosx_13_0_x86_64", "macosx_10_12_x86_64", "macosx_10_9_x86_64"],
    "windows-amd64": ["win_amd64"],
}

INSTALL_SH = r"""#!/bin/sh
# Install Chief from this folder with no network: sh install.sh [FOLDER]
#   FOLDER  where Chief's own Python environment goes (default: ~/.local/share/chief-triage)
#   PYTHON=python3.11 sh install.sh   to name the Python (this bundle is for Python @PYTHON@)
# The command `chief` is linked into ~/.local/bin (or $CHIEF_BIN_DIR).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=${1:-${CHIEF_HOME:-$HOME/.local/share/chief-triage}}
bin_dir=${CHIEF_BIN_DIR:-$HOME/.local/bin}
python=${PYTHON:-python3}
want="@PYTHON@"
have=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || {
  echo "install.sh: no $python here; name one with PYTHON=python$want sh install.sh" >&2; exit 2; }
if [ "$have" != "$want" ]; then
  echo "install.sh: this bundle is for Python $want, and $python is $have (PYTHON=python$want sh install.sh, or build a bundle for $have)" >&2
  exit 2
fi
# The machine's pip settings (an index, a proxy, constraints) play no part: everything is in wheels/.
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
if "$python" -m venv "$target" 2>/dev/null; then
  :
else  # Debian without python3-venv: a venv without pip, then pip from this bundle
  "$python" -m venv --without-pip "$target"
  "$target/bin/python" "$(ls "$here"/wheels/pip-*.whl | head -n 1)/pip" install --quiet --no-index --find-links "$here/wheels" pip
fi
# --compile: the .pyc files are written now, so that chief starts fast even where PYTHONDONTWRITEBYTECODE is set
"$target/bin/python" -m pip install --quiet --no-index --find-links "$here/wheels" --compile "@REQUIREMENT@"
mkdir -p "$bin_dir"
ln -sf "$target/bin/chief" "$bin_dir/chief"
echo "Chief $("$target/bin/chief" --version | cut -d' ' -f2) installed in $target; the command: $bin_dir/chief"
case ":$PATH:" in *":$bin_dir:"*) ;; *) echo "(add $bin_dir to PATH to type just: chief)";; esac
"""

README = """Chief @VERSION@, offline bundle for @PLATFORM@ and Python @PYTHON@
==========================================================================

Install (no network needed):      sh install.sh
Into another folder:              sh install.sh /opt/chief
With another Python:              PYTHON=python@PYTHON@ sh install.sh
By hand, into any environment:    python -m pip install --no-index --find-links wheels "@REQUIREMENT@"

Check the copy first (optional):  sha256sum -c SHA256SUMS
Then:                             chief demo        (a demo board)
                                  chief serve       (the board in a browser tab, this machine only)@WEB_NOTE@
"""


def _version() -> str:
    text = (ROOT / "store" / "version.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def _this_platform() -> str:
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64" if sys.platform.startswith("linux") else "arm64"}.get(machine, machine)
    if sys.platform.startswith("linux"):
        return f"linux-{machine}"
    if sys.platform == "darwin":
        return f"macos-{'arm64' if machine in ('arm64', 'aarch64') else 'x86_64'}"
    if sys.platform == "win32":
        return "windows-amd64"
    return sysconfig.get_platform().replace("-", "_")


def _run(command: list[str]) -> None:
    print("+ " + " ".join(command), flush=True)
    subprocess.run(command, check=True)


def _folder(out: Path, platform_name: str, python: str) -> Path:
    """Where the bundle for a platform and Python is built (and what a failed build leaves to remove)."""
    return out / f"chief-offline-{_version()}-{platform_name}-py{python}"


def build(platform_name: str, python: str, out: Path, *, web: bool, archive: bool) -> Path:
    tags = PLATFORMS.get(platform_name, [platform_name])  # a pip platform tag is taken as it is
    version = _version()
    folder = _folder(out, platform_name, python)
    if folder.exists():
        shutil.rmtree(folder)
    wheels = folder / "wheels"
    wheels.mkdir(parents=True)
    pip = [sys.executable, "-m", "pip"]
    with tempfile.TemporaryDirectory() as scratch:
        _run([*pip, "wheel", "--quiet", "--no-deps", "--wheel-dir", scratch, str(ROOT)])
        chief_wheel = next(Path(scratch).glob("chief_triage-*.whl"))
        shutil.copy2(chief_wheel, wheels)
    requirement = f"{DISTRIBUTION}[web]" if web else DISTRIBUTION
    local = str(wheels / chief_wheel.name) + ("[web]" if web else "")
    platform_options = [option for tag in tags for option in ("--platform", tag)]
    _run([*pip, "download", "--quiet", "--only-binary=:all:", *platform_options, "--python-version", python,
          "--implementation", "cp", "--dest", str(wheels), local, "pip"])
    (folder / "install.sh").write_text(
        INSTALL_SH.replace("@PYTHON@", python).replace("@REQUIREMENT@", requirement), encoding="utf-8")
    (folder / "install.sh").chmod(0o755)
    web_note = "" if web else "\n(built without the web extra: no chief serve)"
    (folder / "README.txt").write_text(
        README.replace("@VERSION@", version).replace("@PLATFORM@", platform_name).replace("@PYTHON@", python)
        .replace("@REQUIREMENT@", requirement).replace("@WEB_NOTE@", web_note), encoding="utf-8")
    (folder / "bundle.json").write_text(json.dumps(
        {"chief": version, "platform": platform_name, "platform_tags": tags, "python": python, "web": web,
         "wheels": sorted(p.name for p in wheels.iterdir())}, indent=2) + "\n", encoding="utf-8")
    sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}"
            for p in sorted(folder.rglob("*")) if p.is_file()]
    (folder / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
    count = len(list(wheels.iterdir()))
    size = sum(p.stat().st_size for p in wheels.iterdir())
    print(f"{folder}: {count} wheels, {size / 1e6:.1f} MB")
    if archive:
        packed = folder.with_name(folder.name + ".tar.gz")
        with tarfile.open(packed, "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
        print(f"{packed}: {packed.stat().st_size / 1e6:.1f} MB")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", default=_this_platform(),
                        help=f"one of {', '.join(PLATFORMS)}, or a pip platform tag (default: this machine, {_this_platform()})")
    parser.add_argument("--python", default="%d.%d" % sys.version_info[:2],
                        help="the Python version of the offline machine, e.g. 3.11 (default: this one's)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the bundle goes (default: dist/ in the clone)")
    parser.add_argument("--no-web", dest="web", action="store_false", help="leave out chief serve's textual-serve and aiohttp")
    parser.add_argument("--no-archive", dest="archive", action="store_false", help="the folder only, no .tar.gz")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"3\.\d{1,2}", args.python):
        parser.error(f"--python wants a version like 3.11, not {args.python!r}")
    out = args.out.absolute()
    try:
        build(args.platform, args.python, out, web=args.web, archive=args.archive)
    except subprocess.CalledProcessError as err:
        shutil.rmtree(_folder(out, args.platform, args.python), ignore_errors=True)  # a bundle missing wheels must not look like one
        print(f"offline-bundle: pip failed ({err.returncode}); nothing usable was left out there: see pip's message above",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
