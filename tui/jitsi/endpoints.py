"""Where the console may log in: the meeting's own host, or a host the user allowed.

``config.js`` comes from the network and names the XMPP WebSocket (and BOSH) endpoint; the
login goes there, the JWT in the query (``?token=``, PROTOCOL.md §1.3). A hostile or tampered
``config.js`` must not send it elsewhere, so an endpoint read from ``config.js`` is used only
when all of these hold:

* it is a plain ``ws(s)://host[:port]/path`` (``http(s)://`` for BOSH): no user info
  (``wss://meet.example.org@evil.example/`` is a login *at evil.example*), no backslash, space,
  control character or percent escape in the authority;
* an ``https://`` meeting never goes down to ``ws://`` (browsers block that as mixed content);
  an ``http://`` meeting may go up to ``wss://``;
* the host is the meeting's host and the port its port (a scheme's default port counts as no
  port, so ``http://host/room`` may use ``wss://host/``), or the host is one the user allowed
  with ``--allow-host HOST[:PORT]`` / ``[server] allow_hosts`` (``HOST`` alone: any port).

Hosts are compared the way aiohttp will connect: parsed by yarl (aiohttp's URL type), which
lower-cases, maps full-width letters and encodes IDNA (``bücher.example`` is
``xn--bcher-kva.example``); a trailing dot is dropped. Two spellings that differ after that are
different hosts, which only ever errs towards refusing (``0x7f.1`` is not ``127.0.0.1`` here).
Endpoints the user gave (``--websocket-url``, ``[server] websocket_url``) are not checked:
the user named them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from yarl import URL

from tui.model.text import safe_text

WEBSOCKET_SCHEMES = {"http": "ws", "https": "wss"}
"""Meeting scheme → the WebSocket scheme of the same security."""
BOSH_SCHEMES = {"http": "http", "https": "https"}
_DEFAULT_PORTS = {"ws": 80, "http": 80, "wss": 443, "https": 443}
_AUTHORITY = re.compile(
    r"(?:[^\s\x00-\x1f\x7f-\x9f\\/@%?#\[\]:]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
)
"""``host[:port]`` or ``[v6]:port``; IDN letters allowed, nothing that could hide a second host."""
_SPLIT = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)")


class EndpointError(ValueError):
    """An endpoint or an allowed host is not usable; ``str()`` is one line for the user."""


@dataclass(frozen=True, slots=True)
class Origin:
    """A host as aiohttp will connect to it, and the port if it is not the scheme's default."""

    host: str
    port: int | None

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else safe_text(self.host, 100)
        return host if self.port is None else f"{host}:{self.port}"


def _shown(text: str) -> str:
    """``text`` fit for a one-line message: inert, short, without a query (it may hold secrets)."""
    return safe_text(text.split("?", 1)[0].split("#", 1)[0], 120)


def origin_of(url: str) -> tuple[str, Origin]:
    """The scheme and :class:`Origin` of an absolute ``url``.

    Raises:
        EndpointError: not ``scheme://host[:port]...``, or its authority could hide another host.
    """
    match = _SPLIT.match(url)
    if match is None:
        raise EndpointError(f"{_shown(url)!r} is not an absolute URL")
    authority = match.group("authority")
    if "@" in authority:
        raise EndpointError(f"{_shown(url)!r} carries a user name before its host")
    if not _AUTHORITY.fullmatch(authority):
        raise EndpointError(f"{_shown(url)!r} has no plain host[:port]")
    try:
        parsed = URL(url)
        port = parsed.port
    except ValueError:
        raise EndpointError(f"{_shown(url)!r} is not a valid URL") from None
    host = (parsed.raw_host or "").lower().rstrip(".")
    if not host:
        raise EndpointError(f"{_shown(url)!r} names no host")
    scheme = match.group("scheme").lower()
    return scheme, Origin(host, None if port == _DEFAULT_PORTS.get(scheme) else port)


def parse_allowed_host(text: str) -> tuple[str, int | None]:
    """``HOST`` or ``HOST:PORT`` (``[v6]:PORT``) → (host as compared, port or ``None`` for any).

    Raises:
        EndpointError: not a bare host name with an optional port (a URL, a path, user info).
    """
    raw = text.strip()
    if not raw or "://" in raw or not _AUTHORITY.fullmatch(raw):
        raise EndpointError(
            f"allowed host {_shown(text)!r} must be a host name such as xmpp.example.org "
            "(optionally :PORT), not a URL"
        )
    _, origin = origin_of(f"wss://{raw}/")
    explicit = raw.rsplit("]", 1)[-1]
    return origin.host, (origin.port or 443) if ":" in explicit else None


def check_endpoint(
    url: str,
    meeting_base: str,
    *,
    schemes: dict[str, str],
    allowed: Collection[str] = (),
) -> None:
    """Refuse ``url`` (read from ``config.js``) unless the rules of this module allow it.

    Args:
        url: The absolute endpoint, already resolved against the meeting page.
        meeting_base: ``https://host[:port][/tenant]``, the meeting the user named.
        schemes: Meeting scheme → the endpoint scheme of the same security
            (:data:`WEBSOCKET_SCHEMES` or :data:`BOSH_SCHEMES`).
        allowed: Hosts the user allowed, as ``HOST`` or ``HOST:PORT``.

    Raises:
        EndpointError: One line naming both hosts and how to allow the endpoint's host.
    """
    page_scheme, page = origin_of(meeting_base)
    scheme, there = origin_of(url)
    secure, plain = schemes["https"], schemes["http"]
    shown = _shown(url)
    if scheme not in (secure, plain):
        raise EndpointError(
            f"config.js names {shown!r} as the server, which is not {secure}:// or {plain}://"
        )
    if page_scheme == "https" and scheme != secure:
        raise EndpointError(
            f"config.js of the https meeting on {page} names {shown}: the login would go "
            f"unencrypted; the console only uses {secure}:// here (give --websocket-url yourself "
            "to override)"
        )
    if there == page:
        return
    for entry in allowed:
        host, port = parse_allowed_host(entry)
        actual = there.port or _DEFAULT_PORTS[scheme]
        if host == there.host and port in (None, actual):
            return
    raise EndpointError(
        f"config.js of the meeting on {page} sends the login to another host, {there} "
        f"({scheme}://{there}/…); if you trust it, allow it with --allow-host {there} "
        f'or [server] allow_hosts = ["{there}"] in config.toml'
    )
