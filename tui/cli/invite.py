r"""``jitsi-tui invite``: an Outlook-ready, localized invitation from the command line.

Example::

    jitsi-tui invite https://meet.example.org/ --subject "Möte: Q3" --lang sv --format ics \
        --start 2026-12-03T14:00 --duration 45m --out invite.ics

The first argument is a base URL (``https://host/`` or ``https://host/tenant/``, a trailing
``/`` marks it) for a new room made from the subject, or a meeting URL (``https://host/Room``)
to invite to that room. Dial-in numbers and the PIN are fetched when the deployment's
``config.js`` (or ``[server]`` in the config file, or the flags) names the dial-in services; a
failure leaves them out with a warning. ``[invite]`` in the config file sets meeting types,
texts, links and defaults (see :mod:`tui.invite.settings`).

``--start`` without a UTC offset is local time of ``--tz``, else ``[invite] time_zone``, else
the system's zone; the .ics names that zone (``DTSTART;TZID=...`` with its VTIMEZONE). The end is
``--end`` (a time, or ``HH:MM`` on the same day), ``--duration``, or ``[invite] duration`` (1 h).
An end that is not after the start is an error. A new room is printed on stderr (``room: ...``)
so ``--room`` can make another invitation to it; a named room follows the one room-name rule of
:mod:`tui.invite.slug` (what Jitsi Meet itself joins), and a change to it is said.

The invitation goes to stdout, to ``--out FILE``, or with ``--copy`` to the clipboard: on a
local desktop the HTML format as ``text/html`` (wl-copy or xclip, so Outlook pastes it
formatted) and the others through pyperclip; otherwise (over SSH) as text in an OSC 52 sequence
to the terminal (inside tmux: ``set -s set-clipboard on``). Which way it went is said on stderr.

Exit codes: 0 done (warnings possible), 1 the output could not be written or copied, 2 usage or
configuration error.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from tui.argparsing import SecretSafeParser
from tui.clipboard import copy_to_clipboard, pyperclip_copy
from tui.invite import (
    InviteConfigError,
    InviteFormat,
    InviteRequest,
    InviteSettings,
    render,
    room_for,
    settings_from_document,
)
from tui.invite.links import HashValue, LinkError, normalize_base_url, room_path, split_meeting_url
from tui.invite.slug import ROOM_RULE, jitsi_room
from tui.invite.strings import LANGUAGES
from tui.invite.times import MeetingTimes, TimeError, meeting_times, system_zone, zone_named
from tui.model.gateway import DialInSources

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
PROG = "jitsi-tui invite"


class UsageError(Exception):
    """A flag or a config value is unusable; the message is one line for the user."""


def build_parser() -> argparse.ArgumentParser:
    """The ``jitsi-tui invite`` argument parser."""
    parser = SecretSafeParser(
        prog=PROG,
        description="Write an invitation to a Jitsi meeting (Outlook HTML, text or .ics).",
        epilog="A trailing '/' marks a base URL (new room from the subject); "
        "https://host/Room invites to that room.",
    )
    parser.add_argument("target", metavar="URL-or-base", help="meeting URL or deployment base URL")
    parser.add_argument("-s", "--subject", default="", help="meeting subject (names the room)")
    parser.add_argument("--type", dest="meeting_type", metavar="T", help="meeting type")
    parser.add_argument("--lang", choices=LANGUAGES, help="language (default: config, else en)")
    parser.add_argument(
        "--format",
        dest="fmt",
        choices=[f.value for f in InviteFormat],
        help="output format (default: from --out's ending, .ics or .html; else text)",
    )
    parser.add_argument("--room", metavar="NAME", help="use this room name instead of a new one")
    parser.add_argument("--tenant", metavar="T", help="tenant path under the base URL")
    parser.add_argument(
        "--start", metavar="ISO", help="start, local time: 2026-12-03T14:00 (or with +01:00)"
    )
    parser.add_argument("--end", metavar="ISO", help="end: 2026-12-03T15:00, or 15:00")
    parser.add_argument("--duration", metavar="D", help="instead of --end: 45m, 1h30m")
    parser.add_argument("--tz", metavar="ZONE", help="zone of the times (default: the system's)")
    parser.add_argument(
        "--muted", action="store_true", help="participants join with microphone and camera off"
    )
    parser.add_argument(
        "--hash",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra #config setting of the link, e.g. disableInitialGUM=true (repeatable)",
    )
    output = parser.add_argument_group("output")
    output.add_argument("--out", metavar="FILE", type=Path, help="write to FILE, not stdout")
    output.add_argument("--copy", action="store_true", help="put it on the clipboard")
    dial = parser.add_argument_group("dial-in (normally read from the deployment's config.js)")
    dial.add_argument("--no-dial-in", action="store_true", help="do not fetch dial-in numbers")
    dial.add_argument("--dial-in-numbers-url", metavar="URL", help="config.dialInNumbersUrl")
    dial.add_argument("--dial-in-conf-code-url", metavar="URL", help="config.dialInConfCodeUrl")
    dial.add_argument("--muc-domain", metavar="DOMAIN", help="config.hosts.muc")
    dial.add_argument(
        "--timeout", type=float, default=5.0, metavar="SECONDS", help="network timeout (5)"
    )
    dial.add_argument("--insecure", action="store_true", help="skip TLS checks (test servers)")
    parser.add_argument("--config", metavar="FILE", type=Path, help="config file")
    return parser


# --- inputs --------------------------------------------------------------------------------------


def _times(
    args: argparse.Namespace, settings: InviteSettings, env: Mapping[str, str]
) -> MeetingTimes | None:
    try:
        if args.tz:
            zone = zone_named(args.tz)
        elif settings.time_zone:
            zone = zone_named(settings.time_zone)
        else:
            zone = system_zone(env)
        return meeting_times(
            args.start, args.end, args.duration, zone=zone, default_duration=settings.duration
        )
    except TimeError as exc:
        raise UsageError(str(exc)) from None


def _parse_hash(items: Sequence[str], muted: bool) -> dict[str, HashValue]:
    settings: dict[str, HashValue] = {}
    if muted:
        settings.update(startWithAudioMuted=True, startWithVideoMuted=True)
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--hash {item!r} is not KEY=VALUE")
        value: HashValue = raw
        if raw in {"true", "false"}:
            value = raw == "true"
        else:
            try:
                value = int(raw)
            except ValueError:
                value = raw
        settings[key.strip()] = value
    return settings


def read_config_document(path: Path | None, env: Mapping[str, str]) -> dict[str, Any]:
    """The parsed config file (``--config``, else the default one; missing default → ``{}``).

    Raises:
        UsageError: ``--config`` names a missing file, or the file is not valid TOML.
    """
    from tui.config.load import default_config_path, read_toml
    from tui.config.values import ConfigError

    file = path if path is not None else default_config_path(env)
    if path is not None and not path.exists():
        raise UsageError(f"config file {path} does not exist")
    try:
        return read_toml(file)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


@dataclass(frozen=True, slots=True)
class _DialInSources:
    numbers_url: str | None
    conference_code_url: str | None
    muc_domain: str | None

    @property
    def complete(self) -> bool:
        return self.found(verify_tls=True) is not None

    def found(self, *, verify_tls: bool) -> DialInSources | None:
        """All three sources, or ``None`` when one is still missing."""
        if self.numbers_url and self.conference_code_url and self.muc_domain:
            return DialInSources(
                self.numbers_url, self.conference_code_url, self.muc_domain, verify_tls
            )
        return None


def _server_section(document: Mapping[str, Any]) -> _DialInSources:
    server = document.get("server", {})
    server = server if isinstance(server, Mapping) else {}

    def text(key: str) -> str | None:
        value = server.get(key)
        return value if isinstance(value, str) and value else None

    return _DialInSources(
        text("dial_in_numbers_url"), text("dial_in_conf_code_url"), text("muc_domain")
    )


async def _dial_in_sources(
    args: argparse.Namespace, document: Mapping[str, Any], base_url: str, room: str
) -> tuple[_DialInSources, list[str]]:
    """Flags, then ``[server]``, then the deployment's ``config.js`` for what is still missing."""
    configured = _server_section(document)
    sources = _DialInSources(
        args.dial_in_numbers_url or configured.numbers_url,
        args.dial_in_conf_code_url or configured.conference_code_url,
        args.muc_domain or configured.muc_domain,
    )
    if sources.complete:
        return sources, []
    from tui.jitsi.discovery import DiscoveryError, discover, parse_meeting_url

    try:
        meeting = parse_meeting_url(base_url + room_path(room))
        # An invitation joins nothing and sends no secret, so the endpoint trust rule that
        # guards the login does not apply to reading dial-in facts.
        deployment = await discover(
            meeting, {}, timeout=args.timeout, insecure=args.insecure, for_join=False
        )
    except (DiscoveryError, LinkError) as exc:
        return sources, [f"could not read the deployment's config.js, so no dial-in: {exc}"]
    return (
        _DialInSources(
            sources.numbers_url or deployment.dial_in_numbers_url,
            sources.conference_code_url or deployment.dial_in_conf_code_url,
            sources.muc_domain or deployment.muc_domain,
        ),
        [],
    )


async def build_request(
    args: argparse.Namespace,
    settings: InviteSettings,
    document: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
) -> InviteRequest:
    """The request for ``args``, with dial-in fetched unless ``--no-dial-in``.

    Raises:
        UsageError: bad URL, type, time or hash setting.
    """
    try:
        base, room_in_url = split_meeting_url(args.target)
        base = normalize_base_url(base, args.tenant)
    except LinkError as exc:
        raise UsageError(str(exc)) from None
    times = _times(args, settings, os.environ if env is None else env)
    request = InviteRequest(
        subject=args.subject,
        base_url=base,
        room=args.room or room_in_url,
        meeting_type=args.meeting_type,
        language=args.lang,
        start=times.start if times else None,
        end=times.end if times else None,
        config=_parse_hash(args.hash, args.muted),
        settings=settings,
    )
    try:
        room = room_for(request)
        room_path(room)
    except (KeyError, LinkError) as exc:
        raise UsageError(str(exc.args[0] if exc.args else exc)) from None
    request = replace(request, room=room)
    if args.no_dial_in:
        return request
    sources, warnings = await _dial_in_sources(args, document, base, room)
    found = sources.found(verify_tls=not args.insecure)
    if found is None:
        return replace(request, warnings=tuple(warnings))
    from tui.jitsi.dialin import fetch_room_dial_in

    result = await fetch_room_dial_in(found, room=room, base_url=base, timeout=args.timeout)
    return replace(request, dial_in=result.dial_in, warnings=(*warnings, *result.warnings))


# --- main ----------------------------------------------------------------------------------------


def _say_room(args: argparse.Namespace, room: str, say: Callable[[str], None]) -> None:
    """Name the room: a new one so ``--room`` can reuse it, a named one if the rule changed it."""
    _, in_url = split_meeting_url(args.target)
    named = args.room or in_url
    if not named:
        say(f"room: {room} (another invitation to it: --room {room})")
    elif jitsi_room(named) != named.strip():
        say(f"warning: room {named!r} is {room!r}: {ROOM_RULE}")


def _write_file(path: Path, text: str) -> None:
    # newline="" keeps the .ics CRLF line ends exactly as RFC 5545 wants them.
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


_ENDINGS = {".ics": InviteFormat.ICS, ".html": InviteFormat.HTML, ".htm": InviteFormat.HTML}
"""File endings that say the format: ``--out sprint.ics`` meant a calendar file."""


def _format_of(out: Path | None) -> str:
    if out is None:
        return InviteFormat.TEXT.value
    return _ENDINGS.get(out.suffix.lower(), InviteFormat.TEXT).value


def main(
    argv: Sequence[str],
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    env: Mapping[str, str] | None = None,
    desktop_copy: Callable[[str], None] = pyperclip_copy,
) -> int:
    """Run ``jitsi-tui invite``; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    environment = os.environ if env is None else env
    args = build_parser().parse_args(list(argv))
    if args.fmt is None:
        args.fmt = _format_of(args.out)

    def say(message: str) -> None:
        print(f"{PROG}: {message}", file=err)

    try:
        document = read_config_document(args.config, environment)
        settings, config_warnings = settings_from_document(document)
        request = asyncio.run(build_request(args, settings, document, environment))
    except (UsageError, InviteConfigError) as exc:
        say(f"error: {exc}")
        return EXIT_USAGE
    invitation = render(request)
    for warning in (*config_warnings, *invitation.warnings_for(args.fmt)):
        say(f"warning: {warning}")
    _say_room(args, invitation.room, say)
    text = invitation.as_format(args.fmt)
    code = EXIT_OK
    if args.out is not None:
        try:
            _write_file(args.out, text)
        except OSError as exc:
            say(f"error: cannot write {args.out}: {exc.strerror or exc}")
            return EXIT_ERROR
        say(f"wrote {args.fmt} invitation to {args.out}")
    shown = args.out is not None
    if args.copy:
        outcome = copy_to_clipboard(
            text,
            env=environment,
            terminals=(out, err),
            desktop_copy=desktop_copy,
            html=args.fmt == InviteFormat.HTML.value,
        )
        say(outcome.how)
        shown = shown or outcome.copied
        if not outcome.copied:
            code = EXIT_ERROR
    if not shown:
        out.write(text)
        out.flush()
    return code
