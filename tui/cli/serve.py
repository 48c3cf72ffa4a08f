"""``chief serve``: the dashboard in a browser tab (tui/browser.py; the ``[web]`` extra)."""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys

from chief.store import paths
from chief.store import CommandError
from chief.store import _, os_reason
from chief.tui.cli.parser import Command, Parser, UsageError
from chief.tui.text import printable

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_parsers(command: Command, shared: Parser) -> None:
    """This group's subcommands, declared beside their handlers."""
    serve = command("serve", _("show the dashboard in a browser tab, on this machine only unless told (needs the web extra)"))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=_("the port to listen on (default: {port})").format(port=DEFAULT_PORT))
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=_("the address to listen on (default: {host}, this machine only); any other needs --allow-remote").format(host=DEFAULT_HOST))
    serve.add_argument("--allow-remote", action="store_true",
                       help=_("let --host be an address other machines reach: the view has no login of its own"))
    serve.add_argument("--public-url", metavar="URL",
                       help=_("the address the browser uses, when a reverse proxy or a tunnel stands in front (e.g. https://chief.example/)"))


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only: a loopback address, or a name that resolves to nothing else."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(ipaddress.ip_address(address.split("%")[0]).is_loopback for address in found)


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(_("--port must be between 1 and 65535, not {port}").format(port=args.port))
    if not is_loopback(args.host):
        if not args.allow_remote:
            raise UsageError(_("--host {host} lets other machines open the dashboard, which has no login of its own; "
                               "add --allow-remote to mean it (see docs/browser.md)").format(host=printable(args.host)))
        print("chief: " + _("warning: listening on {host}: anyone who reaches this address and port sees and changes your "
                            "board; there is no login (put it behind an SSH tunnel or a reverse proxy with a password)")
              .format(host=printable(args.host)), file=sys.stderr)
    try:
        import textual_serve  # noqa: F401 - only to say clearly that the extra is missing
    except ImportError:
        raise CommandError(_("chief serve needs textual-serve: pip install 'chief-triage[web]' "
                             "(or uv tool install 'chief-triage[web]')")) from None
    from chief.store import Desk, load_settings

    path = paths.data_file(args.file)
    Desk(path, load_settings(paths.config_file(args.config))).board()  # a bad file or config: one line here, not in each tab
    from chief.tui.browser import dashboard_argv, make_server

    server = make_server(dashboard_argv(path, args.config), host=args.host, port=args.port, public_url=args.public_url)
    try:
        server.serve()
    except OSError as err:  # the port is taken, the address is not this machine's
        raise CommandError(_("cannot listen on {host} port {port}: {reason}").format(
            host=printable(args.host), port=args.port, reason=os_reason(err))) from None
    return 0


HANDLERS = {"serve": cmd_serve}
