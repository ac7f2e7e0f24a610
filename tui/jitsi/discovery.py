"""Meeting URL → deployment settings, read from the deployment's own ``config.js``.

Provides :func:`parse_meeting_url` (``https://host[/tenant]/Room``, ``host/Room``), the room name
the backend uses (:func:`backend_safe_room_name`), :func:`parse_config_js` (reads the JavaScript
without running it), the frozen :class:`Deployment` with its :meth:`Deployment.join_url`, and
:func:`discover`, which fetches ``config.js`` with aiohttp and merges the user's overrides.

``config.js`` comes in two styles, both handled (PROTOCOL.md §1.1)::

    var config = { hosts: { domain: 'meet.example.org',          // Debian, jitsi-meet
                            muc: 'conference.' + subdomain + 'meet.example.org' },
                   bosh: 'https://meet.example.org/' + subdir + 'http-bind' };

    config.hosts.domain = 'meet.jitsi';                         // docker-jitsi-meet
    config.hosts.muc = 'muc.' + subdomain + 'meet.jitsi';
    config.websocket = 'wss://meet.example.org/' + subdir + 'xmpp-websocket';

Endpoints read from ``config.js`` must be on the meeting's own host or one the user allowed
(:mod:`tui.jitsi.endpoints`): the login, JWT included, goes to them.

``subdir``/``subdomain`` are nginx SSI echoes (``<!--# echo var="subdomain" default="" -->``)
that nginx replaces with ``""`` or ``"tenant/"``/``"tenant."``; an unresolved echo counts as
``""``, as the file's own guard code does.
"""

from __future__ import annotations

import contextlib
import logging
import re
import ssl
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import aiohttp

from tui.config.secret import Secret
from tui.jitsi.config_js import ConfigJsError, parse_config_js
from tui.jitsi.endpoints import BOSH_SCHEMES, WEBSOCKET_SCHEMES, EndpointError, check_endpoint
from tui.jitsi.websocket import build_url

log = logging.getLogger(__name__)

MAX_CONFIG_BYTES = 4 * 1024 * 1024
"""A real config.js is ~100 KB; refuse to buffer anything absurd."""


class DiscoveryError(Exception):
    """The meeting URL or the deployment cannot be used; the message is one sentence."""


# --- the meeting URL -----------------------------------------------------------------------------

_PORTABLE_ROOM = re.compile(r"[a-z0-9._-]+")
_BACKEND_ROOM = re.compile(r"[a-z0-9._%-]+")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def backend_safe_room_name(room: str) -> str:
    """The room name as jitsi-meet sends it to the backend (``getBackendSafeRoomName``).

    URL-decode, NFKC-normalise, lower-case, ``encodeURIComponent``, lower-case again
    (PROTOCOL.md §1.3). This is both the MUC JID node and the ``?room=`` value.
    """
    if not _BAD_PERCENT.search(room):
        # decodeURIComponent throws on bad UTF-8 and jitsi-meet then keeps the raw name.
        with contextlib.suppress(UnicodeDecodeError):
            room = unquote(room, errors="strict")
    room = unicodedata.normalize("NFKC", room).lower()
    # encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) unescaped.
    return quote(room, safe="!~*'()").lower()


def check_room_name(backend_room: str) -> None:
    """Refuse backend room names that the console could not join reliably.

    Percent-encoded names (``café`` → ``caf%c3%a9``) are what every jitsi-meet client uses, so
    they are accepted. The five characters ``! ~ * ' ( )`` pass ``encodeURIComponent`` unescaped
    but Prosody re-encodes the ``room`` parameter before looking the room up, so the breakout,
    AV-moderation and end-conference components would search a different room; ``'`` is not even
    allowed in a JID. Rejecting them with a clear message beats a console that silently cannot
    act on the room.

    Raises:
        DiscoveryError: the name is empty or holds one of those characters.
    """
    if not backend_room:
        raise DiscoveryError("the meeting URL names no room; expected https://host/RoomName")
    if not _BACKEND_ROOM.fullmatch(backend_room):
        bad = "".join(sorted({c for c in backend_room if not _BACKEND_ROOM.fullmatch(c)}))
        raise DiscoveryError(
            f"room name {backend_room!r} contains {bad!r}, which Jitsi encodes inconsistently; "
            "use letters, digits, '.', '_' and '-'"
        )


@dataclass(frozen=True, slots=True)
class MeetingUrl:
    """A parsed meeting address."""

    scheme: str
    """``https`` (or ``http`` for a local test deployment)."""
    host: str
    """Host name, with ``:port`` when one was given."""
    tenant: str | None
    room: str
    """The room name as written in the URL, decoded (for display)."""
    backend_room: str
    """The room name the backend uses (:func:`backend_safe_room_name`)."""
    token: Secret | None = None
    """A ``?jwt=`` token carried by the link."""

    @property
    def base_url(self) -> str:
        """``https://host[/tenant]``: where ``config.js`` and the tenant's endpoints live."""
        tenant = f"/{quote(self.tenant, safe='')}" if self.tenant else ""
        return f"{self.scheme}://{self.host}{tenant}"

    @property
    def config_js_url(self) -> str:
        """The deployment's ``config.js`` for this tenant."""
        return f"{self.base_url}/config.js"

    @property
    def portable(self) -> bool:
        """True if the room name is the same in every encoding (``[a-z0-9._-]``)."""
        return bool(_PORTABLE_ROOM.fullmatch(self.backend_room))

    def __str__(self) -> str:
        return f"{self.base_url}/{self.backend_room}"


def _shown(text: str) -> str:
    """The URL as error messages may quote it: no query or fragment (``?jwt=`` is a secret)."""
    return text.strip().split("?", 1)[0].split("#", 1)[0]


def parse_meeting_url(text: str) -> MeetingUrl:
    """Parse ``https://host[/tenant]/Room[?jwt=...][#config...]`` or ``host/Room``.

    The ``#config.x=...`` fragment is for the browser and is dropped; a ``?jwt=`` token is kept
    in :attr:`MeetingUrl.token`; other query parameters are ignored.

    Raises:
        DiscoveryError: not a meeting URL (no host, no room, too many path parts, bad room).
    """
    raw = text.strip()
    if not raw:
        raise DiscoveryError("give a meeting URL such as https://meet.example.org/RoomName")
    if "://" not in raw:
        raw = "https://" + raw.removeprefix("//")
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in {"https", "http"}:
        raise DiscoveryError(f"meeting URLs start with https://, not {parts.scheme}://")
    if not parts.hostname:
        raise DiscoveryError(f"no host name in {_shown(text)!r}")
    try:
        port = parts.port
    except ValueError:
        raise DiscoveryError(f"bad port in {_shown(text)!r}") from None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    if port is not None:
        host = f"{host}:{port}"
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        raise DiscoveryError(f"{_shown(text)!r} names no room; expected https://{host}/RoomName")
    if len(segments) > 2:
        raise DiscoveryError(
            f"{_shown(text)!r} has too many path parts; expected https://host[/tenant]/RoomName"
        )
    tenant = unquote(segments[0]) if len(segments) == 2 else None
    backend_room = backend_safe_room_name(segments[-1])
    check_room_name(backend_room)
    token_values = parse_qs(parts.query).get("jwt")
    token = Secret(token_values[0]) if token_values and token_values[0] else None
    return MeetingUrl(
        scheme=scheme,
        host=host,
        tenant=tenant,
        room=unquote(segments[-1]),
        backend_room=backend_room,
        token=token,
    )


# --- the deployment ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deployment:
    """Where and under which XMPP names a Jitsi deployment runs."""

    xmpp_domain: str
    """The main VirtualHost (``meet.jitsi`` on docker), not necessarily the host name."""
    muc_domain: str
    websocket_url: str
    """``wss://host[/tenant]/xmpp-websocket`` without a query."""
    bosh_url: str | None = None
    focus_domain: str = ""
    """``focus.<domain>`` unless config.js says otherwise."""
    hidden_domain: str | None = None
    anonymous_domain: str | None = None
    """Guest domain of a secure-domain deployment (``guest.meet.jitsi``)."""
    auth_domain: str = ""
    """Domain of password logins; ``config.hosts.authdomain``, else the XMPP domain."""
    dial_in_numbers_url: str | None = None
    dial_in_conf_code_url: str | None = None
    tenant: str | None = None
    base_url: str = ""
    """``https://host[/tenant]``."""
    breakout_domain: str | None = None
    """``None``: discover it through disco#info after login (PROTOCOL.md §1.9)."""
    lobby_domain: str | None = None
    """``None``: discover it through disco#info after login."""

    def __post_init__(self) -> None:
        # Defaults that depend on other fields, so an override of the domain carries them along.
        if not self.focus_domain:
            object.__setattr__(self, "focus_domain", f"focus.{self.xmpp_domain}")
        if not self.auth_domain:
            object.__setattr__(self, "auth_domain", self.xmpp_domain)

    def join_url(
        self, room: str, token: Secret | str | None = None, previd: str | None = None
    ) -> str:
        """The WebSocket URL that opens a session for ``room`` (PROTOCOL.md §1.3).

        ``room`` must already be backend-safe (:func:`backend_safe_room_name`); it is appended as
        jitsi-meet appends it, without a second round of encoding, because Prosody decodes the
        parameter and re-encodes it to find the room. ``token`` (the JWT) and ``previd`` (the
        XEP-0198 id of the session to resume) are URL-encoded. The result holds the token: log it
        only through :class:`tui.redact.RedactingFilter`.

        Raises:
            DiscoveryError: ``room`` is not a backend-safe room name.
        """
        check_room_name(room)
        value = token.reveal() if isinstance(token, Secret) else token
        return build_url(self.websocket_url, room=room, token=value, previd=previd or None)


def _absolute_url(url: str, meeting: MeetingUrl, *, websocket: bool) -> str:
    """Resolve ``//host/x`` and ``/x`` against the page, and map the scheme for WebSocket."""
    if url.startswith("//"):
        url = f"{meeting.scheme}:{url}"
    elif url.startswith("/"):
        url = f"{meeting.scheme}://{meeting.host}{url}"
    elif "://" not in url:
        url = f"{meeting.scheme}://{url}"
    if websocket:
        scheme, rest = url.split("://", 1)
        url = WEBSOCKET_SCHEMES.get(scheme.lower(), scheme.lower()) + "://" + rest
    return url


def _text(config: Mapping[str, Any], *path: str) -> str | None:
    value: Any = config
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def deployment_from_config(
    config: Mapping[str, Any],
    meeting: MeetingUrl,
    overrides: Mapping[str, str | None] | None = None,
    *,
    allowed_hosts: Collection[str] = (),
    for_join: bool = True,
) -> Deployment:
    """Build the :class:`Deployment` from a parsed ``config.js`` and the user's overrides.

    Overrides (field name → value, ``None`` ignored) win over ``config.js``. Without a
    ``websocket`` entry the URL is ``<base>/xmpp-websocket``, the path nginx serves on both
    Debian and docker installs even when config.js only names BOSH. The WebSocket and BOSH
    endpoints that come from ``config.js`` (not from the user) must pass
    :func:`tui.jitsi.endpoints.check_endpoint` with ``allowed_hosts``: a WebSocket endpoint
    that does not is refused, a BOSH one (never used) is dropped. ``for_join=False`` (callers
    that only read facts such as dial-in URLs and never connect) skips the check.

    Raises:
        DiscoveryError: no XMPP domain (``config.js`` is not Jitsi's and no override given), or
            an endpoint from ``config.js`` is on a host the user did not name or allow.
    """
    found: dict[str, str | None] = {
        "xmpp_domain": _text(config, "hosts", "domain"),
        "muc_domain": _text(config, "hosts", "muc"),
        "websocket_url": _text(config, "websocket"),
        "bosh_url": _text(config, "bosh"),
        "focus_domain": _text(config, "hosts", "focus"),
        "hidden_domain": _text(config, "hiddenDomain"),
        "anonymous_domain": _text(config, "hosts", "anonymousdomain"),
        "auth_domain": _text(config, "hosts", "authdomain"),
        "dial_in_numbers_url": _text(config, "dialInNumbersUrl"),
        "dial_in_conf_code_url": _text(config, "dialInConfCodeUrl"),
    }
    valid = {f.name for f in fields(Deployment)}
    mine = {k for k, v in (overrides or {}).items() if v is not None and k in valid}
    for key in mine:
        found[key] = (overrides or {})[key]
    domain = found["xmpp_domain"]
    if not domain:
        raise DiscoveryError(
            f"{meeting.config_js_url} is not a Jitsi deployment's config (no hosts.domain found)"
        )
    muc = found["muc_domain"]
    if not muc:
        # lib-jitsi-meet cannot work without hosts.muc either; Debian's default is conference.*.
        muc = f"conference.{domain}"
        log.warning("config.js names no hosts.muc; assuming %s", muc)
    websocket = found["websocket_url"] or f"{meeting.base_url}/xmpp-websocket"
    if not found["websocket_url"]:
        log.info("config.js names no websocket URL; using %s", websocket)
    bosh = found["bosh_url"]
    values: dict[str, Any] = dict(found)
    values.update(
        xmpp_domain=domain,
        muc_domain=muc,
        websocket_url=_absolute_url(websocket, meeting, websocket=True),
        bosh_url=_absolute_url(bosh, meeting, websocket=False) if bosh else None,
        focus_domain=found["focus_domain"] or "",
        auth_domain=found["auth_domain"] or "",
        tenant=meeting.tenant,
        base_url=meeting.base_url,
    )
    for key in ("breakout_domain", "lobby_domain"):
        values[key] = (overrides or {}).get(key)
    for key, schemes in (("websocket_url", WEBSOCKET_SCHEMES), ("bosh_url", BOSH_SCHEMES)):
        if for_join and values[key] and key not in mine:
            try:
                check_endpoint(
                    values[key], meeting.base_url, schemes=schemes, allowed=allowed_hosts
                )
            except EndpointError as exc:
                if key == "websocket_url":
                    raise DiscoveryError(str(exc)) from None
                # The console never speaks BOSH: an entry it would not trust is forgotten, so
                # it can neither carry a secret nor block the WebSocket join.
                log.warning("ignoring config.js's BOSH entry: %s", exc)
                values[key] = None
    return Deployment(**values)


def with_overrides(deployment: Deployment, overrides: Mapping[str, str | None]) -> Deployment:
    """A copy of ``deployment`` with the given fields replaced (``None`` values ignored)."""
    valid = {f.name for f in fields(Deployment)}
    changes = {k: v for k, v in overrides.items() if v is not None and k in valid}
    return replace(deployment, **changes)


# --- fetching ------------------------------------------------------------------------------------


async def fetch_config_js(
    meeting: MeetingUrl,
    *,
    timeout: float = 10.0,
    insecure: bool = False,
    session: aiohttp.ClientSession | None = None,
) -> str:
    """GET ``config.js`` for ``meeting``; every failure becomes a one-sentence DiscoveryError."""
    url = meeting.config_js_url
    own = session is None
    client = session or aiohttp.ClientSession()
    try:
        async with client.get(
            url,
            timeout=aiohttp.ClientTimeout(total=timeout),
            ssl=not insecure,
            headers={"Accept": "application/javascript, text/javascript, */*"},
        ) as response:
            if response.status == 404:
                raise DiscoveryError(
                    f"{url} was not found (404); is {meeting.base_url} a Jitsi Meet address?"
                )
            if response.status >= 400:
                raise DiscoveryError(f"{url} answered {response.status} {response.reason}")
            body = await response.content.read(MAX_CONFIG_BYTES + 1)
            if len(body) > MAX_CONFIG_BYTES:
                raise DiscoveryError(f"{url} is too large to be a Jitsi config.js")
            try:
                return body.decode(response.charset or "utf-8", "replace")
            except LookupError:  # a charset Python does not know
                return body.decode("utf-8", "replace")
    except DiscoveryError:
        raise
    except (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError, ssl.SSLError) as exc:
        raise DiscoveryError(
            f"TLS failure talking to {meeting.host}: {_reason(exc)} "
            "(use --insecure only for a test server)"
        ) from None
    except TimeoutError:
        raise DiscoveryError(f"{meeting.host} did not answer within {timeout:g} s") from None
    except aiohttp.ClientConnectorError as exc:
        raise DiscoveryError(f"cannot reach {meeting.host}: {_reason(exc)}") from None
    except aiohttp.ClientError as exc:
        raise DiscoveryError(f"fetching {url} failed: {_reason(exc)}") from None
    finally:
        if own:
            await client.close()


def _reason(exc: BaseException) -> str:
    inner = getattr(exc, "os_error", None) or getattr(exc, "certificate_error", None)
    text = str(inner or exc).strip() or type(exc).__name__
    return text.splitlines()[0]


_REQUIRED_OVERRIDES = ("xmpp_domain", "muc_domain", "websocket_url")


async def discover(
    meeting: MeetingUrl,
    overrides: Mapping[str, str | None] | None = None,
    *,
    timeout: float = 10.0,
    insecure: bool = False,
    session: aiohttp.ClientSession | None = None,
    allowed_hosts: Collection[str] = (),
    for_join: bool = True,
) -> Deployment:
    """The deployment behind ``meeting``: ``config.js`` merged with ``overrides``.

    When the overrides already give the XMPP domain, the MUC domain and the WebSocket URL,
    ``config.js`` is not fetched (deployments that hide it, or firewalls that block it).
    ``allowed_hosts`` (``HOST`` or ``HOST:PORT``) may serve endpoints ``config.js`` names;
    ``for_join`` as in :func:`deployment_from_config`.

    Raises:
        DiscoveryError: unreachable, TLS failure, HTTP error, timeout, not Jitsi, a config.js
            beyond the reader's budgets, or an endpoint on a host nobody allowed.
    """
    overrides = dict(overrides or {})
    if all(overrides.get(key) for key in _REQUIRED_OVERRIDES):
        log.info("deployment fully configured; not fetching %s", meeting.config_js_url)
        return deployment_from_config({}, meeting, overrides)
    source = await fetch_config_js(meeting, timeout=timeout, insecure=insecure, session=session)
    try:
        config = parse_config_js(source)
    except ConfigJsError as exc:
        raise DiscoveryError(f"{meeting.config_js_url}: {exc}") from None
    return deployment_from_config(
        config, meeting, overrides, allowed_hosts=allowed_hosts, for_join=for_join
    )
