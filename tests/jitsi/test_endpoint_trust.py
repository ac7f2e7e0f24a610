"""config.js cannot steer the login (and its JWT) to a host the user never named (issue 11.1).

The console puts the JWT in the WebSocket URL's query, so the endpoint config.js names is where
the token goes. Endpoints from config.js must be on the meeting's own host (or one the user
allowed), and an https meeting never goes down to ws://.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
from aiohttp import web

from tests.local_http import serving
from tui.config.load import load_settings
from tui.config.values import ConfigError
from tui.jitsi.config_js import parse_config_js
from tui.jitsi.discovery import (
    Deployment,
    DiscoveryError,
    deployment_from_config,
    discover,
    parse_meeting_url,
)

MEETING = "https://meet.example.org/standup"


def deploy(
    websocket: str | None = None,
    meeting: str = MEETING,
    *,
    bosh: str | None = None,
    allowed: Sequence[str] = (),
    overrides: dict[str, str | None] | None = None,
) -> Deployment:
    source = "config.hosts.domain = 'meet.jitsi';\n"
    if websocket is not None:
        source += f"config.websocket = {websocket!r};\n"
    if bosh is not None:
        source += f"config.bosh = {bosh!r};\n"
    return deployment_from_config(
        parse_config_js(source), parse_meeting_url(meeting), overrides, allowed_hosts=allowed
    )


def refused(*args: object, **kwargs: object) -> str:
    with pytest.raises(DiscoveryError) as info:
        deploy(*args, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    return message


def test_the_reported_case_is_refused_naming_both_hosts_and_the_way_out() -> None:
    message = refused("ws://other-host/xmpp-websocket", "http://meet.example.org/standup")
    assert "meet.example.org" in message and "other-host" in message
    assert "--allow-host other-host" in message and "allow_hosts" in message


@pytest.mark.parametrize(
    "websocket",
    [
        "wss://other.example/xmpp-websocket",
        "//other.example/xmpp-websocket",  # protocol-relative: the page's scheme, another host
        "other.example/xmpp-websocket",  # no scheme at all
        "wss://meet.example.org@evil.example/xmpp-websocket",  # user info: the host is evil
        "wss://evil.example#@meet.example.org/xmpp-websocket",
        "wss://evil.example?@meet.example.org/",
        "wss://meet.example.org.evil.example/xmpp-websocket",
        "wss://meet.example.org:8443/xmpp-websocket",  # another port is another server
        "wss://meet.example.org\\@evil.example/xmpp-websocket",
        "wss://meet.example.org%2e.evil.example/xmpp-websocket",
        "wss://meet.example.org\t.evil.example/xmpp-websocket",
        "wss://evil\x1b]52;c;eA==\x07.example/xmpp-websocket",
        "wss:meet.example.org/xmpp-websocket",
        "ftp://meet.example.org/xmpp-websocket",
        "wss://[::1]/xmpp-websocket",
        "wss://0x7f.1/xmpp-websocket",
    ],
)
def test_other_hosts_and_tricks_are_refused(websocket: str) -> None:
    message = refused(websocket)
    assert "\x1b" not in message and "\t" not in message


def test_an_https_meeting_never_goes_down_to_ws() -> None:
    message = refused("ws://meet.example.org/xmpp-websocket")
    assert "unencrypted" in message and "wss://" in message


@pytest.mark.parametrize(
    "bosh", ["https://other.example/http-bind", "http://meet.example.org/http-bind"]
)
def test_an_untrusted_bosh_entry_is_dropped_and_never_blocks_the_join(bosh: str) -> None:
    # The console never uses BOSH, so a foreign or downgraded entry (docker's default config.js
    # names //jitsi.example.com/http-bind) must not stop a WebSocket join on the meeting's host.
    deployment = deploy("wss://meet.example.org/xmpp-websocket", bosh=bosh)
    assert deployment.bosh_url is None
    assert deployment.websocket_url == "wss://meet.example.org/xmpp-websocket"


@pytest.mark.parametrize(
    "websocket",
    [
        None,  # no entry: <base>/xmpp-websocket
        "/xmpp-websocket",
        "//meet.example.org/xmpp-websocket",
        "wss://meet.example.org/xmpp-websocket",
        "wss://MEET.Example.ORG./xmpp-websocket",  # case and the root dot
        "wss://meet.example.org:443/xmpp-websocket",  # the default port spelled out
        "https://meet.example.org/xmpp-websocket",  # mapped to wss://
        "ｍｅｅｔ.example.org/xmpp-websocket",  # full-width letters fold to the same host
    ],
)
def test_the_meetings_own_host_is_used(websocket: str | None) -> None:
    deployment = deploy(websocket, bosh="/http-bind")
    assert deployment.websocket_url.startswith("wss://")
    assert deployment.join_url("standup", "tok").split("?")[0].endswith("/xmpp-websocket")


def test_idn_hosts_match_in_either_spelling() -> None:
    for websocket in ("wss://xn--bcher-kva.example/x", "wss://BÜCHER.example/x"):
        deploy(websocket, "https://bücher.example/standup")
    refused("wss://bucher.example/x", "https://bücher.example/standup")


def test_an_http_meeting_may_go_up_to_wss_on_its_host() -> None:
    assert deploy("wss://meet.example.org/x", "http://meet.example.org/r").websocket_url
    assert deploy("ws://127.0.0.1:8000/x", "http://127.0.0.1:8000/r").websocket_url
    refused("ws://127.0.0.1:9000/x", "http://127.0.0.1:8000/r")


def test_allowed_hosts_let_config_js_point_elsewhere() -> None:
    assert deploy("wss://xmpp.example.org/x", allowed=["xmpp.example.org"]).websocket_url
    assert deploy("wss://XMPP.example.org:5281/x", allowed=["xmpp.example.org"]).websocket_url
    assert deploy("wss://xmpp.example.org:5281/x", allowed=["xmpp.example.org:5281"])
    assert deploy("wss://xmpp.example.org/x", allowed=["xmpp.example.org:443"])
    refused("wss://xmpp.example.org:5282/x", allowed=["xmpp.example.org:5281"])
    refused("wss://evil.example/x", allowed=["xmpp.example.org"])
    # Allowing a host never allows going down to ws:// from an https meeting.
    refused("ws://xmpp.example.org/x", allowed=["xmpp.example.org"])


def test_what_the_user_gave_is_trusted() -> None:
    mine: dict[str, str | None] = {"websocket_url": "ws://127.0.0.1:5280/xmpp-websocket"}
    deployment = deploy("wss://evil.example/x", overrides=mine)
    assert deployment.websocket_url == "ws://127.0.0.1:5280/xmpp-websocket"


# -- through the settings and over loopback --------------------------------------------------


def test_allow_hosts_come_from_file_environment_and_repeatable_flag(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[server]\nallow_hosts = ["xmpp.example.org", "b.example:5281"]\n')
    settings, _ = load_settings({}, env={}, config_path=config)
    assert settings.server.allow_hosts == ("xmpp.example.org", "b.example:5281")
    env = {"JITSI_TUI_SERVER_ALLOW_HOSTS": "e.example, f.example"}
    settings, _ = load_settings({}, env=env, config_path=config)
    assert settings.server.allow_hosts == ("e.example", "f.example")
    settings, _ = load_settings({"allow_hosts": ["x.example", "y.example"]}, env={})
    assert settings.server.allow_hosts == ("x.example", "y.example")


@pytest.mark.parametrize(
    "value", ['"wss://x.example/"', '["a b"]', '["x.example/path"]', '["u@x.example"]', "[1]"]
)
def test_bad_allowed_hosts_are_one_line_errors(tmp_path: Path, value: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[server]\nallow_hosts = {value}\n")
    with pytest.raises(ConfigError) as info:
        load_settings({}, env={}, config_path=config)
    assert "allow_hosts" in str(info.value) and "\n" not in str(info.value)


class SiteConfig:
    """What the hostile site's config.js says (tests change it)."""

    websocket = "ws://other-host/xmpp-websocket"


@pytest.fixture
async def hostile_site() -> AsyncIterator[str]:
    async def config_js(request: web.Request) -> web.Response:
        body = "config.hosts = {domain: 'meet.jitsi'};\n"
        body += f"config.websocket = '{SiteConfig.websocket}';\n"
        return web.Response(text=body, content_type="application/javascript")

    app = web.Application()
    app.router.add_get("/config.js", config_js)
    async with serving(app) as address:
        yield f"http://{address}"


async def test_discovery_refuses_before_any_url_with_the_token_exists(hostile_site: str) -> None:
    meeting = parse_meeting_url(f"{hostile_site}/room?jwt=eyJhbGciOiJIUzI1NiJ9.e30.sig")
    with pytest.raises(DiscoveryError, match="another host, other-host") as info:
        await discover(meeting, timeout=5)
    assert "eyJ" not in str(info.value)
    allowed = await discover(meeting, timeout=5, allowed_hosts=["other-host"])
    assert allowed.websocket_url == "ws://other-host/xmpp-websocket"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_console_refuses_to_join_unless_the_host_is_allowed(
    hostile_site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.config.settings import ServerSettings, Settings
    from tui.jitsi.gateway import LiveGateway
    from tui.model.gateway import ConnectError

    # config.js names localhost on a closed port: loopback, but not the host the user typed.
    monkeypatch.setattr(SiteConfig, "websocket", f"ws://localhost:{_closed_port()}/x")
    meeting = parse_meeting_url(f"{hostile_site}/room?jwt=eyJhbGciOiJIUzI1NiJ9.e30.sig")
    events: list[object] = []
    refused_gateway = LiveGateway(meeting, Settings(server=ServerSettings(timeout=5)))
    with pytest.raises(ConnectError, match="--allow-host localhost:") as info:
        await refused_gateway.connect(events.append)
    assert "\n" not in str(info.value) and "eyJ" not in str(info.value)
    # Allowed by the setting, the console goes on to connect there (and finds nobody).
    allowed = Settings(server=ServerSettings(timeout=5, allow_hosts=("localhost",)))
    with pytest.raises(ConnectError) as info:
        await LiveGateway(meeting, allowed).connect(events.append)
    assert "could not open the WebSocket ws://localhost:" in str(info.value)
