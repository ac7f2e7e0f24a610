"""The Jitsi-shaped Prosody configuration of the test stack, rendered from :class:`StackSettings`.

Pure: no I/O. :func:`render_config` returns the text of a ``prosody.cfg.lua`` that listens on
loopback only, keeps every file in one temporary directory and lays out the hosts as a Jitsi
deployment does::

    <domain>               participants (anonymous, internal_hashed for "secure domain", or
                           our JWT stand-in lua/mod_auth_jitsi_token.lua for "token")
    auth.<domain>          the focus account (an admin, so it may create rooms)
    conference.<domain>    MUC: main rooms
    breakout.<domain>      MUC: breakout rooms (+ our breakout-rooms component stand-in)
    <external components>  e.g. focus.<domain>, served by Python stand-ins over component_ports

The participants' VirtualHost also serves ``<directory>/web`` at ``/`` with mod_http_files: the
stack writes a Jitsi ``config.js`` there (:func:`render_config_js`), so a meeting URL
``http://127.0.0.1:<http_port>/<room>`` works with the console's discovery. ``/xmpp-websocket``
and ``/http-bind`` still win: Prosody's HTTP router prefers an exact path over the ``/*``
wildcard of the file server (net/http/server.lua sorts handlers by depth, then exactness).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Authentication = Literal["anonymous", "internal_hashed", "token"]
LogLevel = Literal["debug", "info"]
"""``token`` is Jitsi's name; the stack renders it as our provider ``jitsi_token``."""


@dataclass(frozen=True, slots=True)
class Ports:
    """The loopback TCP ports one stack listens on."""

    c2s: int
    http: int
    component: int


@dataclass(frozen=True, slots=True)
class StackSettings:
    """Everything that varies between two test stacks."""

    directory: Path
    """Temporary directory holding the config, pidfile, data and log."""
    ports: Ports
    domain: str = "meet.jitsi"
    authentication: Authentication = "anonymous"
    """How participants on ``<domain>`` log in."""
    external_components: Sequence[str] = ()
    """Component hosts served over ``component_ports`` (full host names)."""
    component_secret: str = "stack-component-secret"
    plugin_paths: Sequence[Path] = ()
    """Directories with the project's own Prosody modules."""
    extra_modules: Sequence[str] = ()
    """Modules of ours (from ``plugin_paths``) loaded globally."""
    log_level: LogLevel = "debug"
    extra_vhost_lines: Sequence[str] = field(default=())
    """Raw Lua lines appended to the participants' VirtualHost (e.g. token options later)."""
    breakout_component: bool = False
    """Serve breakout rooms with our mod_jitsi_breakout_rooms (needs ``plugin_paths``)."""
    app_id: str = "jitsi-tui-stack"
    """``token`` authentication: the accepted issuer and audience (Jitsi's ``app_id``)."""
    app_secret: str = "stack-app-secret-for-loopback-tests-only-long-enough-for-hs256-384-512"
    """``token`` authentication: the HS256 key (Jitsi's ``app_secret``)."""
    serve_web: bool = True
    """Serve ``web_dir`` (the stack's ``config.js``) at ``/`` over HTTP."""
    moderation_components: bool = False
    """Serve the lobby (``lobby.<domain>``), AV moderation (``avmoderation.<domain>``) and end
    conference (``endconference.<domain>``) with our stand-ins, advertised on the domain."""

    @property
    def web_dir(self) -> Path:
        """The directory served at ``http://127.0.0.1:<http_port>/``."""
        return self.directory / "web"

    @property
    def hidden_domain(self) -> str:
        """Jitsi's hidden domain (jibri, transcribers): ``hidden.<domain>``."""
        return f"hidden.{self.domain}"

    @property
    def focus_domain(self) -> str:
        """The host of the focus (jicofo) account: ``auth.<domain>``."""
        return f"auth.{self.domain}"

    @property
    def muc(self) -> str:
        """The main-room MUC: ``conference.<domain>``."""
        return f"conference.{self.domain}"

    @property
    def breakout_muc(self) -> str:
        """The breakout-room MUC: ``breakout.<domain>``."""
        return f"breakout.{self.domain}"

    @property
    def lobby_muc(self) -> str:
        """The lobby-room MUC: ``lobby.<domain>``."""
        return f"lobby.{self.domain}"

    @property
    def av_moderation(self) -> str:
        """The AV-moderation component: ``avmoderation.<domain>``."""
        return f"avmoderation.{self.domain}"

    @property
    def end_conference(self) -> str:
        """The end-conference component: ``endconference.<domain>``."""
        return f"endconference.{self.domain}"

    @property
    def focus_jid(self) -> str:
        """The bare JID of the focus account, the one server admin."""
        return f"focus@{self.focus_domain}"

    @property
    def config_path(self) -> Path:
        """Where the rendered config is written."""
        return self.directory / "prosody.cfg.lua"

    @property
    def log_path(self) -> Path:
        """Prosody's log file."""
        return self.directory / "prosody.log"


def _lua_string(value: str | Path) -> str:
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lua_list(values: Sequence[str | Path]) -> str:
    return "{ " + "; ".join(_lua_string(v) for v in values) + " }"


C2S_LIMIT = "10kb/s"
"""Prosody's c2s read limit in both shipped Jitsi configurations (10,000 bytes a second)."""

# The MUC options Jitsi relies on (the layout is in this module's docstring).
_MUC_OPTIONS = """\
    muc_room_default_public_jids = true
    muc_room_locking = false
    restrict_room_creation = true
    muc_tombstones = false
    muc_room_cache_size = 1000
"""


def render_config(settings: StackSettings) -> str:
    """Return the ``prosody.cfg.lua`` text for ``settings``."""
    d = settings.directory
    ports = settings.ports
    global_modules = [
        "saslauth",
        "disco",
        "ping",
        "time",
        "version",
        "smacks",
        "websocket",
        "bosh",
        "posix",
        "limits",
        *settings.extra_modules,
    ]
    lines = [
        "-- Written by tests/stack for one test session; do not edit.",
        "run_as_root = true",
        f"pidfile = {_lua_string(d / 'prosody.pid')}",
        f"data_path = {_lua_string(d / 'data')}",
        f"certificates = {_lua_string(d / 'certs')}",
        f"log = {{ {settings.log_level} = {_lua_string(settings.log_path)} }}",
        f"admins = {_lua_list([settings.focus_jid])}",
        f"modules_enabled = {_lua_list(global_modules)}",
        'modules_disabled = { "s2s"; "offline" }',
        'interfaces = { "127.0.0.1" }',
        'local_interfaces = { "127.0.0.1" }',
        'c2s_interfaces = { "127.0.0.1" }',
        'http_interfaces = { "127.0.0.1" }',
        'component_interface = "127.0.0.1"',
        'component_interfaces = { "127.0.0.1" }',
        f"c2s_ports = {{ {ports.c2s} }}",
        "c2s_direct_tls_ports = { }",
        "legacy_ssl_ports = { }",
        "s2s_ports = { }",
        "s2s_direct_tls_ports = { }",
        f"http_ports = {{ {ports.http} }}",
        "https_ports = { }",
        f"component_ports = {{ {ports.component} }}",
        f"http_default_host = {_lua_string(settings.domain)}",
        "c2s_require_encryption = false",
        "s2s_require_encryption = false",
        "allow_unencrypted_plain_auth = true",
        "consider_websocket_secure = true",
        "consider_bosh_secure = true",
        "cross_domain_websocket = true",
        "cross_domain_bosh = true",
        'default_storage = "memory"',
        # Accounts live in files so that prosodyctl (another process) can create them.
        'storage = { accounts = "internal" }',
        "smacks_hibernation_time = 60",
        "smacks_max_unacked_stanzas = 5",
        # A real deployment's client limit (docker-jitsi-meet's PROSODY_C2S_LIMIT default and
        # Debian's stock prosody.cfg.lua; tui/jitsi/pacing.md): a console that sends faster is
        # read slower, as in production. Only the focus is exempt, like jicofo there.
        'network_backend = "epoll"',
        f'limits = {{ c2s = {{ rate = "{C2S_LIMIT}" }} }}',
        f"unlimited_jids = {_lua_list([settings.focus_jid])}",
    ]
    if settings.plugin_paths:
        lines.append(f"plugin_paths = {_lua_list(list(settings.plugin_paths))}")
    vhost_modules: list[str] = []
    vhost_options: list[str] = []
    muc_modules: list[str] = []
    muc_breakout: list[str] = []
    identities: dict[str, str] = {}
    if settings.breakout_component:
        identities["breakout_rooms"] = settings.breakout_muc
    if settings.moderation_components:
        identities["lobbyrooms"] = settings.lobby_muc
        identities["av_moderation"] = settings.av_moderation
        identities["end_conference"] = settings.end_conference
        muc_modules.append("jitsi_lobby_rooms")
    if identities:
        # The identity must come from a module loaded on the VirtualHost itself: mod_disco
        # lists only the items of that host's modules.
        vhost_modules.append("jitsi_component_identity")
        listed = "; ".join(f"{kind} = {_lua_string(host)}" for kind, host in identities.items())
        vhost_options.append(f"    jitsi_components = {{ {listed} }}")
    if settings.breakout_component:
        muc_breakout = [
            '    modules_enabled = { "jitsi_breakout_rooms" }',
            f"    breakout_rooms_main_muc = {_lua_string(settings.muc)}",
        ]
    if settings.serve_web:
        vhost_modules.append("http_files")
        vhost_options += [
            f"    http_files_dir = {_lua_string(settings.web_dir)}",
            '    http_paths = { files = "/" }',
        ]
    authentication: str = settings.authentication
    if authentication == "token":
        authentication = "jitsi_token"
        vhost_options += [
            f"    app_id = {_lua_string(settings.app_id)}",
            f"    app_secret = {_lua_string(settings.app_secret)}",
            f"    asap_accepted_issuers = {_lua_list([settings.app_id])}",
            f"    asap_accepted_audiences = {_lua_list([settings.app_id])}",
        ]
        # Jitsi checks the token's room claim on MUC join (mod_token_verification).
        muc_modules.append("jitsi_token_room")
    lines += [
        "",
        f"VirtualHost {_lua_string(settings.domain)}",
        f"    authentication = {_lua_string(authentication)}",
        *([f"    modules_enabled = {_lua_list(vhost_modules)}"] if vhost_modules else []),
        *vhost_options,
        *(f"    {line}" for line in settings.extra_vhost_lines),
        "",
        f"VirtualHost {_lua_string(settings.focus_domain)}",
        '    authentication = "internal_hashed"',
        "",
        f'Component {_lua_string(settings.muc)} "muc"',
        *([f"    modules_enabled = {_lua_list(muc_modules)}"] if muc_modules else []),
        *([f"    token_host = {_lua_string(settings.domain)}"] if muc_modules else []),
        *(
            [f"    lobby_muc = {_lua_string(settings.lobby_muc)}"]
            if settings.moderation_components
            else []
        ),
        _MUC_OPTIONS,
        f'Component {_lua_string(settings.breakout_muc)} "muc"',
        *muc_breakout,
        _MUC_OPTIONS,
    ]
    if settings.moderation_components:
        lines += [
            f'Component {_lua_string(settings.lobby_muc)} "muc"',
            _MUC_OPTIONS,
        ]
        for host, module in (
            (settings.av_moderation, "jitsi_av_moderation"),
            (settings.end_conference, "jitsi_end_conference"),
        ):
            lines += [
                f"Component {_lua_string(host)} {_lua_string(module)}",
                f"    muc_component = {_lua_string(settings.muc)}",
                "",
            ]
    for host in settings.external_components:
        lines += [
            f"Component {_lua_string(host)}",
            f"    component_secret = {_lua_string(settings.component_secret)}",
            "",
        ]
    return "\n".join(lines) + "\n"


def render_config_js(settings: StackSettings) -> str:
    """A Jitsi ``config.js`` for the stack, in the object-literal style of Debian's jitsi-meet.

    It names what a real deployment's file names (PROTOCOL.md §1.1): the XMPP domain, the MUC,
    the WebSocket and BOSH endpoints on the stack's HTTP port, and the hidden domain. Comments and
    unrelated keys are there on purpose: the console must read the file, not run it.
    """
    base = f"127.0.0.1:{settings.ports.http}"
    return f"""\
/* eslint-disable comma-dangle, no-unused-vars, no-var, prefer-template, vars-on-top */
// Written by tests/stack (jitsi-tui) for one test session.
var subdir = '<!--# echo var="subdir" default="" -->';
if (subdir.startsWith('<!--')) {{
    subdir = '';
}}

var config = {{
    // Connection
    hosts: {{
        // XMPP domain.
        domain: '{settings.domain}',

        // When using authentication, domain for guest users.
        // anonymousdomain: 'guest.example.com',

        // MUC component used for the main rooms.
        muc: '{settings.muc}'
    }},

    // BOSH URL. FIXME: use XEP-0156 to discover it.
    bosh: 'http://{base}/' + subdir + 'http-bind',

    // Websocket URL (XMPP)
    websocket: 'ws://{base}/' + subdir + 'xmpp-websocket',

    // Occupants on this domain are jibri and transcribers, not people.
    hiddenDomain: '{settings.hidden_domain}',

    p2p: {{
        enabled: true,
        stunServers: [ {{ urls: 'stun:meet-jit-si-turnrelay.jitsi.net:443' }} ]
    }},

    breakoutRooms: {{ hideAddRoomButton: false, hideAutoAssignButton: false }},

    analytics: {{}},
    enableWelcomePage: true,
    prejoinConfig: {{ enabled: true }}
}};

/* eslint-enable comma-dangle, no-unused-vars, no-var, prefer-template, vars-on-top */
"""
