"""Meeting URL → deployment: URL parsing, room names, config.js reading, fetching over loopback."""

from __future__ import annotations

import asyncio
import re
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.local_http import serving
from tui.config.secret import Secret
from tui.jitsi.config_js import parse_config_js
from tui.jitsi.discovery import (
    Deployment,
    DiscoveryError,
    MeetingUrl,
    backend_safe_room_name,
    deployment_from_config,
    discover,
    parse_meeting_url,
    with_overrides,
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# --- served config.js files, as nginx hands them out ---------------------------------------------

# docker-jitsi-meet: system-config.js + settings-config.js rendered, SSI resolved for a tenant.
DOCKER_TENANT = """// Jitsi Meet configuration.
var config = {};

if (!config.hasOwnProperty('hosts')) config.hosts = {};

config.hosts.domain = 'meet.jitsi';
config.focusUserJid = 'focus@auth.meet.jitsi';

var subdir = 'acme/';
var subdomain = "acme.";
if (subdir.startsWith('<!--')) {
    subdir = '';
}
if (subdomain) {
    subdomain = subdomain.substr(0,subdomain.length-1).split('.').join('_').toLowerCase() + '.';
}
config.hosts.muc = 'muc.' + subdomain + 'meet.jitsi';
config.hosts.anonymousdomain = 'guest.meet.jitsi';
config.hosts.authdomain = 'meet.jitsi';
config.bosh = '/' + subdir + 'http-bind';
config.websocket = 'wss://meet.example.org/' + subdir + 'xmpp-websocket';

// Video configuration.
if (!config.hasOwnProperty('constraints')) config.constraints = {};
if (!config.constraints.hasOwnProperty('video')) config.constraints.video = {};
config.resolution = 720;
config.constraints.video.height = { ideal: 720, max: 720, min: 180 };
config.hiddenDomain = 'recorder.meet.jitsi';
config.liveStreaming.validatorRegExpString= '^(?:[a-zA-Z0-9]{4}(?:-(?!$)|$)){4}';
config.dialInConfCodeUrl = 'https://conference-mapper.jitsi.net/v1/access';
config.dialInNumbersUrl = 'https://conference-mapper.jitsi.net/v1/access/dids';
config.transcription = { enabled: false };
config.transcription.translationLanguages = [];
"""

# docker without a tenant: the SSI echo was not processed (served as a static file).
DOCKER_NO_SSI = """var config = {};
config.hosts = {};
config.hosts.domain = 'meet.jitsi';
var subdir = '<!--# echo var="subdir" default="" -->';
var subdomain = "<!--# echo var="subdomain" default="" -->";
if (subdir.startsWith('<!--')) { subdir = ''; }
config.hosts.muc = 'muc.' + subdomain + 'meet.jitsi';
config.bosh = '/' + subdir + 'http-bind';
config.websocket = 'wss://localhost:8443/' + subdir + 'xmpp-websocket';
"""

# Debian jitsi-meet: one object literal, comments everywhere, websocket commented out.
DEBIAN = """/* eslint-disable no-var */

/*
 * A packaged install: nginx fills the two SSI echoes below for tenant paths.
 */

var subdir = '<!--# echo var="subdir" default="" -->';
var subdomain = '<!--# echo var="subdomain" default="" -->';

if (subdomain) {
    subdomain = subdomain.substr(0, subdomain.length - 1).split('.')
        .join('_')
        .toLowerCase() + '.';
}

// without SSI both stay as the raw echo text: blank them
if (subdir.startsWith('<!--')) {
    subdir = '';
}
if (subdomain.startsWith('<!--')) {
    subdomain = '';
}

var enableJaaS = false;

var config = {
    hosts: {
        // the XMPP virtual host
        domain: 'meet.example.org',

        // guests (only with a secure domain)
        // anonymousdomain: 'guest.example.com',

        // focus: 'focus.other.example.com',

        muc: 'conference.' + subdomain + 'meet.example.org',
    },

    bosh: 'https://meet.example.org/' + subdir + 'http-bind',

    // websocket: 'wss://commented.example.com/' + subdir + 'xmpp-websocket',

    testing: {
        // someFlag: false,
    },
    flags: { sourceNameSignaling: true, },
    constraints: { video: { height: { ideal: 720, max: 720, min: 240 } } },
    getroomnode: function (path) { return 'x' + path; },
    disableRtx: !enableJaaS,
    channelLastN: -1,
    toolbarButtons: [ 'camera', "chat", `desktop` ],
    enableNoisyMicDetection: true,
};

/* eslint-enable no-var */
"""

# An older, hand-written config: protocol-relative URLs, double quotes, explicit focus.
LEGACY = """var config = {
    hosts: {
        domain: "jitsi.example.com",
        muc: "conference.jitsi.example.com", // FIXME: use XEP-0030
        focus: "focus2.jitsi.example.com"
    },
    useNicks: false,
    bosh: '//jitsi.example.com/http-bind', // FIXME: use xep-0156 for that
    websocket: "//jitsi.example.com/xmpp-websocket",
    hiddenDomain: "recorder.jitsi.example.com",
}
"""

HTML_PAGE = """<!DOCTYPE html><html><head><title>Welcome</title>
<script>var x = {domain: 1};</script></head><body>It works!</body></html>"""

GARBAGE = "\x00\x01 ]]]} {{{ ' unterminated \" /* never closed"


# --- the meeting URL -----------------------------------------------------------------------------


def test_plain_meeting_url() -> None:
    meeting = parse_meeting_url("https://Meet.Example.org/StandUp")
    assert (meeting.scheme, meeting.host, meeting.tenant) == ("https", "meet.example.org", None)
    assert (meeting.room, meeting.backend_room) == ("StandUp", "standup")
    assert meeting.base_url == "https://meet.example.org"
    assert meeting.config_js_url == "https://meet.example.org/config.js"
    assert meeting.token is None


def test_tenant_port_and_missing_scheme() -> None:
    meeting = parse_meeting_url("meet.example.org:8443/acme/Daily/")
    assert meeting.host == "meet.example.org:8443"
    assert meeting.tenant == "acme"
    assert meeting.backend_room == "daily"
    assert meeting.config_js_url == "https://meet.example.org:8443/acme/config.js"


def test_jwt_query_is_kept_as_a_secret_and_hash_config_dropped() -> None:
    meeting = parse_meeting_url(
        "https://meet.example.org/standup?jwt=eyJabc.def.ghi&lang=de#config.startWithAudioMuted=true"
    )
    assert meeting.backend_room == "standup"
    assert meeting.token == Secret("eyJabc.def.ghi")
    assert "eyJabc" not in repr(meeting)
    assert "config" not in str(meeting)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "give a meeting URL"),
        ("https://meet.example.org/", "names no room"),
        ("https://meet.example.org/a/b/c", "too many path parts"),
        ("ftp://meet.example.org/room", "https://"),
        ("https:///room", "no host name"),
        ("https://meet.example.org/it's", "encodes inconsistently"),
    ],
)
def test_bad_meeting_urls(url: str, message: str) -> None:
    with pytest.raises(DiscoveryError, match=message) as info:
        parse_meeting_url(url)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "backend"),
    [
        ("StandUp", "standup"),
        ("Café", "caf%c3%a9"),
        ("caf%C3%A9", "caf%c3%a9"),  # already encoded in the URL: decoded first, same result
        ("ﬁnance", "finance"),  # NFKC folds the ligature
        ("Team Sync", "team%20sync"),
        ("a.b_c-d", "a.b_c-d"),
        ("100%", "100%25"),  # not a valid escape: kept raw, then encoded
    ],
)
def test_backend_safe_room_name_matches_jitsi_meet(name: str, backend: str) -> None:
    assert backend_safe_room_name(name) == backend


def test_non_portable_room_names_are_flagged_but_allowed() -> None:
    assert parse_meeting_url("https://m.example/standup").portable
    meeting = parse_meeting_url("https://m.example/Café")
    assert not meeting.portable
    assert meeting.backend_room == "caf%c3%a9"


# --- reading config.js ---------------------------------------------------------------------------


def test_docker_style_assignments_with_a_resolved_tenant() -> None:
    config = parse_config_js(DOCKER_TENANT)
    assert config["hosts"] == {
        "domain": "meet.jitsi",
        "muc": "muc.acme.meet.jitsi",
        "anonymousdomain": "guest.meet.jitsi",
        "authdomain": "meet.jitsi",
    }
    assert config["websocket"] == "wss://meet.example.org/acme/xmpp-websocket"
    assert config["bosh"] == "/acme/http-bind"
    assert config["constraints"] == {"video": {"height": {"ideal": 720, "max": 720, "min": 180}}}
    assert config["transcription"] == {"enabled": False, "translationLanguages": []}


def test_unresolved_ssi_counts_as_no_tenant() -> None:
    config = parse_config_js(DOCKER_NO_SSI)
    assert config["hosts"]["muc"] == "muc.meet.jitsi"
    assert config["websocket"] == "wss://localhost:8443/xmpp-websocket"


def test_debian_object_literal_with_comments() -> None:
    config = parse_config_js(DEBIAN)
    assert config["hosts"] == {"domain": "meet.example.org", "muc": "conference.meet.example.org"}
    assert config["bosh"] == "https://meet.example.org/http-bind"
    assert "websocket" not in config  # only in a comment
    assert config["toolbarButtons"] == ["camera", "chat", "desktop"]
    assert config["channelLastN"] == -1
    assert config["enableNoisyMicDetection"] is True
    assert "getroomnode" not in config and "disableRtx" not in config  # not evaluated


def test_string_escapes_and_tricky_comments() -> None:
    source = r"""
    var config = {
        hosts: { domain: 'it\'s.example', muc: "m\x75c.example" /* domain: 'evil' */ },
        // hosts: { domain: 'evil' },
        bosh: 'https://a.example/http-bind', // "quoted" ' in a comment
        pattern: /https?:\/\/[a-z]+/g,
        websocket: `wss://${subdir}a.example/xmpp-websocket`,
    };
    config.hosts.focus = 'focus.' + 'it\'s.example';
    config.x = 10 / 2 / 5;
    """
    config = parse_config_js(source)
    assert config["hosts"] == {
        "domain": "it's.example",
        "muc": "muc.example",
        "focus": ("focus.it's.example"),
    }
    assert config["websocket"] == "wss://a.example/xmpp-websocket"
    assert config["bosh"] == "https://a.example/http-bind"
    assert "x" not in config and "pattern" not in config


@pytest.mark.parametrize("source", [GARBAGE, HTML_PAGE, "", "var config = ", "config.hosts ="])
def test_garbage_gives_an_empty_config(source: str) -> None:
    assert parse_config_js(source).get("hosts", {}).get("domain") is None


# --- the deployment ------------------------------------------------------------------------------


def test_deployment_defaults_from_a_minimal_config() -> None:
    meeting = parse_meeting_url("https://meet.example.org/standup")
    deployment = deployment_from_config(parse_config_js(DEBIAN), meeting)
    assert deployment.xmpp_domain == "meet.example.org"
    assert deployment.muc_domain == "conference.meet.example.org"
    assert deployment.focus_domain == "focus.meet.example.org"
    assert deployment.auth_domain == "meet.example.org"
    # No websocket in config.js: nginx's standard path next to the page.
    assert deployment.websocket_url == "wss://meet.example.org/xmpp-websocket"
    assert deployment.bosh_url == "https://meet.example.org/http-bind"
    assert deployment.tenant is None
    assert deployment.base_url == "https://meet.example.org"


def test_protocol_relative_urls_follow_the_page_scheme() -> None:
    config = parse_config_js(LEGACY)
    https = deployment_from_config(config, parse_meeting_url("https://jitsi.example.com/r"))
    assert https.websocket_url == "wss://jitsi.example.com/xmpp-websocket"
    assert https.bosh_url == "https://jitsi.example.com/http-bind"
    assert https.focus_domain == "focus2.jitsi.example.com"
    assert https.hidden_domain == "recorder.jitsi.example.com"
    plain = deployment_from_config(config, parse_meeting_url("http://jitsi.example.com/r"))
    assert plain.websocket_url == "ws://jitsi.example.com/xmpp-websocket"


def test_overrides_win_over_config_js() -> None:
    meeting = parse_meeting_url("https://meet.example.org/acme/standup")
    overrides = {
        "muc_domain": "muc.override",
        "breakout_domain": "breakout.x",
        "focus_domain": None,
    }
    deployment = deployment_from_config(parse_config_js(DOCKER_TENANT), meeting, overrides)
    assert deployment.muc_domain == "muc.override"
    assert deployment.breakout_domain == "breakout.x"
    assert deployment.focus_domain == "focus.meet.jitsi"
    assert deployment.tenant == "acme"
    assert deployment.dial_in_numbers_url == "https://conference-mapper.jitsi.net/v1/access/dids"
    later = with_overrides(deployment, {"websocket_url": "wss://other/xmpp-websocket"})
    assert later.websocket_url == "wss://other/xmpp-websocket"
    assert later.muc_domain == "muc.override"


def test_no_domain_means_not_jitsi() -> None:
    meeting = parse_meeting_url("https://www.example.org/room")
    with pytest.raises(DiscoveryError, match="not a Jitsi deployment"):
        deployment_from_config(parse_config_js(HTML_PAGE), meeting)


def test_join_url_carries_room_and_encoded_token() -> None:
    deployment = Deployment("meet.jitsi", "muc.meet.jitsi", "wss://m.example/xmpp-websocket")
    assert deployment.join_url("standup") == "wss://m.example/xmpp-websocket?room=standup"
    url = deployment.join_url("caf%c3%a9", Secret("a+b/c=.d"))
    # The backend-safe room goes in as jitsi-meet sends it; the token is URL-encoded.
    assert url == "wss://m.example/xmpp-websocket?room=caf%c3%a9&token=a%2Bb%2Fc%3D.d"
    resumed = deployment.join_url("standup", previd="sm/1+2")
    assert resumed == "wss://m.example/xmpp-websocket?room=standup&previd=sm%2F1%2B2"
    with pytest.raises(DiscoveryError):
        deployment.join_url("bad'room")


# --- fetching over loopback ----------------------------------------------------------------------


@pytest.fixture
async def server() -> AsyncIterator[str]:
    release = asyncio.Event()

    def serve(body: str, content_type: str = "application/javascript") -> Handler:
        async def handler(request: web.Request) -> web.Response:
            return web.Response(text=body, content_type=content_type)

        return handler

    async def slow(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response(text=DEBIAN)

    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500, text="nope")

    app = web.Application()
    app.router.add_get("/config.js", serve(DOCKER_NO_SSI))
    app.router.add_get("/acme/config.js", serve(DOCKER_TENANT))
    app.router.add_get("/debian/config.js", serve(DEBIAN))
    app.router.add_get("/garbage/config.js", serve(GARBAGE))
    app.router.add_get("/html/config.js", serve(HTML_PAGE, "text/html"))
    app.router.add_get("/slow/config.js", slow)
    app.router.add_get("/broken/config.js", broken)
    async with serving(app) as address:
        try:
            yield f"http://{address}"
        finally:
            release.set()  # a request still waiting on /slow ends before the server does


async def test_discover_docker_root(server: str) -> None:
    # This config.js names the host docker serves on (localhost:8443), not the test server's:
    # the user has to allow it (tests/jitsi/test_endpoint_trust.py).
    meeting = parse_meeting_url(f"{server}/standup")
    with pytest.raises(DiscoveryError, match="--allow-host localhost:8443"):
        await discover(meeting, timeout=5)
    deployment = await discover(meeting, timeout=5, allowed_hosts=["localhost:8443"])
    assert deployment.xmpp_domain == "meet.jitsi"
    assert deployment.muc_domain == "muc.meet.jitsi"
    assert deployment.websocket_url == "wss://localhost:8443/xmpp-websocket"
    assert deployment.bosh_url == f"{server}/http-bind"


async def test_discover_tenant_reads_the_tenant_config(server: str) -> None:
    deployment = await discover(
        parse_meeting_url(f"{server}/acme/standup"), timeout=5, allowed_hosts=["meet.example.org"]
    )
    assert deployment.muc_domain == "muc.acme.meet.jitsi"
    assert deployment.bosh_url == f"{server}/acme/http-bind"
    assert deployment.anonymous_domain == "guest.meet.jitsi"
    assert deployment.tenant == "acme"


async def test_discover_debian_falls_back_to_the_standard_websocket(server: str) -> None:
    # Its BOSH entry names meet.example.org, not the test server.
    deployment = await discover(
        parse_meeting_url(f"{server}/debian/standup"), timeout=5, allowed_hosts=["meet.example.org"]
    )
    assert deployment.xmpp_domain == "meet.example.org"
    assert deployment.websocket_url == server.replace("http://", "ws://") + "/debian/xmpp-websocket"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("garbage", "not a Jitsi deployment"),
        ("html", "not a Jitsi deployment"),
        ("missing", r"was not found \(404\)"),
        ("broken", "answered 500"),
    ],
)
async def test_discover_failures_are_one_sentence(server: str, path: str, message: str) -> None:
    with pytest.raises(DiscoveryError, match=message) as info:
        await discover(parse_meeting_url(f"{server}/{path}/standup"), timeout=5)
    assert "\n" not in str(info.value)


async def test_discover_times_out(server: str) -> None:
    with pytest.raises(DiscoveryError, match=r"did not answer within 0.2 s"):
        await discover(parse_meeting_url(f"{server}/slow/standup"), timeout=0.2)


async def test_discover_unreachable() -> None:
    # Bind a port and close it again: nothing listens there now.
    probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = probe.sockets[0].getsockname()[1]
    probe.close()
    await probe.wait_closed()
    with pytest.raises(DiscoveryError, match=re.escape(f"cannot reach 127.0.0.1:{port}")):
        await discover(parse_meeting_url(f"http://127.0.0.1:{port}/standup"), timeout=5)


async def test_complete_overrides_skip_the_fetch() -> None:
    overrides = {
        "xmpp_domain": "meet.jitsi",
        "muc_domain": "muc.meet.jitsi",
        "websocket_url": "wss://127.0.0.1:1/xmpp-websocket",
    }
    # Port 1 on loopback is closed: a fetch would fail, so success proves there was none.
    deployment = await discover(parse_meeting_url("https://127.0.0.1:1/standup"), overrides)
    assert deployment.muc_domain == "muc.meet.jitsi"


@pytest.fixture
async def tls_server(tmp_path: Path) -> AsyncIterator[str]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=DOCKER_NO_SSI, content_type="application/javascript")

    app = web.Application()
    app.router.add_get("/config.js", handler)
    async with serving(app, ssl_context=context) as address:
        yield f"https://{address}"


async def test_self_signed_certificate_is_a_tls_failure(tls_server: str) -> None:
    meeting = parse_meeting_url(f"{tls_server}/standup")
    with pytest.raises(DiscoveryError, match=r"TLS failure talking to 127\.0\.0\.1") as info:
        await discover(meeting, timeout=5)
    assert "--insecure" in str(info.value)
    deployment = await discover(meeting, timeout=5, insecure=True, allowed_hosts=["localhost"])
    assert deployment.xmpp_domain == "meet.jitsi"


def test_meeting_url_is_frozen() -> None:
    meeting = parse_meeting_url("https://m.example/standup")
    with pytest.raises(AttributeError):
        meeting.room = "other"  # type: ignore[misc]
    assert isinstance(meeting, MeetingUrl)


@pytest.mark.parametrize("source", [DEBIAN, DOCKER_TENANT, LEGACY])
def test_every_truncation_terminates(source: str) -> None:
    # A cut-off download must never hang or crash the reader.
    for end in range(0, len(source), 3):
        parse_config_js(source[:end])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}[]();,:=+.'\"`/*\\<!-#$ \nabcconfighostsdomain0123", max_size=200))
def test_arbitrary_text_terminates(source: str) -> None:
    assert isinstance(parse_config_js(source), dict)
