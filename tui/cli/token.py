r"""``jitsi-tui token``: mint a Jitsi JWT for someone else, or a ready meeting link with ``?jwt=``.

Example::

    jitsi-tui token --app-id myapp --app-secret-file secret.txt --room standup --name Anna \
        --moderator --token-lifetime 2h --url https://meet.example.org/standup

The app secret comes only from a file, ``JITSI_TUI_APP_SECRET`` or a prompt, never from argv
(every local user can read a command line in ``ps``). Defaults for the app id, secret file,
algorithm and audience come from the ``[auth]`` section of the config file. Exit codes: 0 done,
1 failure (unreadable file, signing error), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from urllib.parse import quote, urlsplit, urlunsplit

from tui.argparsing import hide_values
from tui.config.load import load_settings
from tui.config.secret import Secret
from tui.config.values import ConfigError, parse_duration
from tui.jitsi.auth import AuthError, TokenRequest, load_signing_key, mint_token
from tui.jitsi.discovery import DiscoveryError, backend_safe_room_name, parse_meeting_url

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
PROG = "jitsi-tui token"


class _UsageError(Exception):
    """A mistake in the command line (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so :func:`main` owns the exit codes."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(hide_values(message))


def build_parser() -> argparse.ArgumentParser:
    """The ``jitsi-tui token`` parser."""
    # allow_abbrev=False: otherwise "--app-secret VALUE" would silently mean --app-secret-file.
    parser = _Parser(
        prog=PROG,
        allow_abbrev=False,
        description="Mint a Jitsi JWT (HS256 by default) and print it, or print a meeting link.",
        epilog="The app secret is read from --app-secret-file, $JITSI_TUI_APP_SECRET or a prompt.",
    )
    parser.add_argument("--app-id", metavar="ID", help="the deployment's app id (iss, aud)")
    parser.add_argument("--app-secret-file", metavar="FILE", help="file holding the app secret")
    parser.add_argument("--room", metavar="ROOM", help="room the token is for; '*' for any room")
    parser.add_argument("--url", metavar="URL", help="meeting URL: print the link with ?jwt=")
    parser.add_argument("--name", metavar="NAME", help="display name (context.user.name)")
    parser.add_argument("--email", metavar="EMAIL", help="context.user.email")
    parser.add_argument("--avatar", metavar="URL", help="context.user.avatar")
    parser.add_argument("--user-id", metavar="ID", help="context.user.id")
    parser.add_argument(
        "--moderator",
        action="store_true",
        help='add context.user.moderator="true" and affiliation="owner"',
    )
    parser.add_argument(
        "--token-lifetime", metavar="DURATION", help="how long the token is valid (default 2h)"
    )
    parser.add_argument("--sub", metavar="SUB", help="sub claim: XMPP domain or tenant (default *)")
    parser.add_argument("--audience", metavar="AUD", help="aud claim (default: the app id)")
    parser.add_argument("--algorithm", metavar="ALG", help="HS256 (default), HS384, HS512, RS*")
    parser.add_argument("--key-file", metavar="FILE", help="PEM private key for RS256/384/512")
    parser.add_argument("--key-id", metavar="KID", help="kid header (required for RS*)")
    parser.add_argument("--config", metavar="FILE", help="config file to read [auth] from")
    return parser


def _reject_secret_flags(argv: Sequence[str]) -> None:
    for arg in argv:
        flag = arg.split("=", 1)[0]
        if flag.startswith("--app-secret") and flag != "--app-secret-file":
            raise _UsageError(
                "there is no --app-secret flag: a secret on the command line is visible to "
                "every user in 'ps'; use --app-secret-file or JITSI_TUI_APP_SECRET"
            )


def _prompt_secret() -> Secret:
    if not sys.stdin.isatty():
        raise _UsageError("no app secret: use --app-secret-file or set JITSI_TUI_APP_SECRET")
    value = getpass.getpass("App secret: ")
    if not value:
        raise _UsageError("no app secret given")
    return Secret(value)


def _link(url: str, token: str) -> str:
    """``url`` with ``jwt=<token>`` in the query, keeping its path and ``#config`` fragment."""
    parts = urlsplit(url if "://" in url else "https://" + url)
    query = "&".join(q for q in parts.query.split("&") if q and not q.startswith("jwt="))
    query = (query + "&" if query else "") + "jwt=" + quote(token, safe="")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def run(argv: Sequence[str]) -> str:
    """Mint per ``argv`` and return what to print.

    Raises:
        _UsageError: a usage mistake.
        ConfigError, AuthError: the secret or key cannot be read or used.
    """
    _reject_secret_flags(argv)
    args = build_parser().parse_args(list(argv))
    flags = {
        "config": args.config,
        "app_id": args.app_id,
        "app_secret_file": args.app_secret_file,
        "algorithm": args.algorithm,
        "audience": args.audience,
        "key_file": args.key_file,
        "key_id": args.key_id,
    }
    auth = load_settings(flags)[0].auth
    if not auth.app_id:
        raise _UsageError("give --app-id (or set [auth] app_id in the config file)")
    meeting = None
    if args.url:
        try:
            meeting = parse_meeting_url(args.url)
        except DiscoveryError as exc:
            raise _UsageError(str(exc)) from None
    if args.room:
        room = "*" if args.room == "*" else backend_safe_room_name(args.room)
        if meeting and room not in {"*", meeting.backend_room}:
            raise _UsageError(
                f"--room {args.room!r} is not the room of --url ({meeting.backend_room!r})"
            )
    elif meeting:
        room = meeting.backend_room
    else:
        raise _UsageError("give --room (or --room '*' for any room) or --url")
    try:
        lifetime = (
            parse_duration(args.token_lifetime) if args.token_lifetime else auth.token_lifetime
        )
    except ConfigError as exc:
        raise _UsageError(f"--token-lifetime: {exc}") from None
    if auth.algorithm.startswith("HS") and not auth.app_secret:
        key = _prompt_secret()
    else:
        key = load_signing_key(auth)
    request = TokenRequest(
        app_id=auth.app_id,
        room=room,
        sub=args.sub or "*",
        audience=auth.audience,
        lifetime=lifetime,
        name=args.name,
        user_id=args.user_id,
        email=args.email,
        avatar=args.avatar,
        moderator=args.moderator,
    )
    token = mint_token(request, key, algorithm=auth.algorithm, key_id=auth.key_id)
    return _link(args.url, token) if args.url else token


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``jitsi-tui token``; returns the exit code."""
    args = list(sys.argv[2:] if argv is None else argv)
    try:
        output = run(args)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except _UsageError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ConfigError, AuthError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    print(output)
    return EXIT_OK
