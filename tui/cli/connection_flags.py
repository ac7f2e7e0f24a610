"""The connection flags every command that connects shares (``jitsi-tui URL``).

Each one overrides the config file and the environment; which setting a flag's ``dest`` sets
is :data:`tui.config.load.FLAG_KEYS`. No flag takes a secret's value: other users can read
argv in ``ps``, so secrets come from files (``--password-file`` ...) or the environment.
"""

from __future__ import annotations

import argparse

from tui.config.settings import SERVER_NAMES, AuthMode


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the connection flags (each one overrides the file and the environment)."""
    group = parser.add_argument_group("connection (overrides config file and environment)")
    group.add_argument("--config", metavar="FILE", help="config file (default: XDG config dir)")
    group.add_argument(
        "--auth", choices=[m.value for m in AuthMode], help="login mode (default: guess)"
    )
    group.add_argument("--username", metavar="USER", help="login name (password mode)")
    group.add_argument("--password-file", metavar="FILE", help="file holding the password")
    group.add_argument("--jwt-file", metavar="FILE", help="file holding a ready JWT")
    group.add_argument("--app-id", metavar="ID", help="JWT app id, to mint a token")
    group.add_argument("--app-secret-file", metavar="FILE", help="file holding the app secret")
    group.add_argument(
        "--room-password-file", metavar="FILE", help="file holding a locked meeting's password"
    )
    group.add_argument("--algorithm", metavar="ALG", help="JWT algorithm (default HS256)")
    group.add_argument("--audience", metavar="AUD", help="JWT aud (default: the app id)")
    group.add_argument("--key-file", metavar="FILE", help="private key for RS256/384/512")
    group.add_argument("--key-id", metavar="KID", help="JWT kid for RS256/384/512")
    group.add_argument("--token-lifetime", metavar="DURATION", help="minted token life, e.g. 2h")
    group.add_argument("--name", metavar="NAME", help="display name in the meeting")
    server = parser.add_argument_group("deployment overrides (normally read from config.js)")
    for dest in SERVER_NAMES:
        server.add_argument("--" + dest.replace("_", "-"), dest=dest, metavar="VALUE")
    server.add_argument(
        "--allow-host",
        dest="allow_hosts",
        action="append",
        metavar="HOST[:PORT]",
        help="a host config.js may send the login to besides the meeting's own (repeatable)",
    )
    server.add_argument(
        "--insecure",
        action="store_true",
        default=None,
        help="skip TLS certificate checks (self-signed test servers only)",
    )
    server.add_argument("--timeout", metavar="SECONDS", help="network timeout (default 10)")
