"""The Prosody test stack itself: its config, fail-fast start-up, secure domain, and by-hand use."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.stack.config import Ports, StackSettings, render_config
from tests.stack.server import ProsodyStack, StackError
from tui.jitsi.xmpp import SessionStartError, WebSocketXMPP

ROOT = Path(__file__).parents[2]


def _settings(**kwargs: object) -> StackSettings:
    return StackSettings(
        directory=Path("/tmp/stack-x"),
        ports=Ports(c2s=10001, http=10002, component=10003),
        **kwargs,  # type: ignore[arg-type]
    )


def _accepts(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_config_listens_on_loopback_only_without_s2s() -> None:
    text = render_config(_settings())
    assert 'interfaces = { "127.0.0.1" }' in text
    assert "s2s_ports = { }" in text
    assert 'modules_disabled = { "s2s"; "offline" }' in text
    assert "c2s_ports = { 10001 }" in text
    assert "http_ports = { 10002 }" in text
    assert "https_ports = { }" in text
    assert 'pidfile = "/tmp/stack-x/prosody.pid"' in text


def test_config_has_the_jitsi_layout_and_muc_options() -> None:
    text = render_config(_settings(external_components=("focus.meet.jitsi",)))
    assert 'VirtualHost "meet.jitsi"\n    authentication = "anonymous"' in text
    assert 'VirtualHost "auth.meet.jitsi"\n    authentication = "internal_hashed"' in text
    assert 'admins = { "focus@auth.meet.jitsi" }' in text
    for muc in ("conference.meet.jitsi", "breakout.meet.jitsi"):
        section = text.split(f'Component "{muc}" "muc"\n', 1)[1].split("\n\n", 1)[0]
        for option in (
            "muc_room_default_public_jids = true",
            "muc_room_locking = false",
            "restrict_room_creation = true",
            "muc_tombstones = false",
        ):
            assert option in section, f"{option} missing on {muc}"
    assert 'Component "focus.meet.jitsi"\n    component_secret = ' in text


def test_config_loads_the_breakout_component_on_its_muc_and_advertises_it() -> None:
    text = render_config(_settings(breakout_component=True))
    vhost = text.split('VirtualHost "meet.jitsi"\n', 1)[1].split("\n\n", 1)[0]
    assert 'modules_enabled = { "jitsi_component_identity"; "http_files" }' in vhost
    assert 'jitsi_components = { breakout_rooms = "breakout.meet.jitsi" }' in vhost
    breakout = text.split('Component "breakout.meet.jitsi" "muc"\n', 1)[1].split("\n\n", 1)[0]
    assert 'modules_enabled = { "jitsi_breakout_rooms" }' in breakout
    assert 'breakout_rooms_main_muc = "conference.meet.jitsi"' in breakout
    main = text.split('Component "conference.meet.jitsi" "muc"\n', 1)[1].split("\n\n", 1)[0]
    assert "modules_enabled" not in main
    assert "jitsi_breakout_rooms" not in render_config(_settings())


def test_config_switches_the_participants_to_passwords() -> None:
    text = render_config(_settings(authentication="internal_hashed", domain="secure.test"))
    assert 'VirtualHost "secure.test"\n    authentication = "internal_hashed"' in text


@pytest.mark.stack
def test_a_module_that_fails_to_load_stops_the_start_with_the_log() -> None:
    stack = ProsodyStack(extra_modules=("no_such_module",))
    with pytest.raises(StackError) as caught:
        stack.start()
    message = str(caught.value)
    assert "Unable to load module 'no_such_module'" in message
    assert "--- prosody.log" in message, "the log tail helps whoever reads the failure"
    assert not stack.running
    assert not stack.settings.directory.exists()


@pytest.mark.stack
async def test_secure_domain_stack_logs_in_a_registered_user() -> None:
    with ProsodyStack(domain="secure.test", authentication="internal_hashed") as stack:
        user = stack.register_user("alice", password="wonderland")
        assert user.jid == "alice@secure.test"
        client = WebSocketXMPP(user.jid, user.password, endpoint=stack.ws_url, room="standup")
        await client.start_session(timeout=10)
        try:
            assert client.boundjid.bare == "alice@secure.test"
        finally:
            client.disconnect()
            await client.disconnected

        wrong = WebSocketXMPP(user.jid, "not-it", endpoint=stack.ws_url, room="standup")
        with pytest.raises(SessionStartError) as caught:
            await wrong.start_session(timeout=10)
        # Prosody's own words (SCRAM): "The response provided by the client doesn't match …"
        assert str(caught.value).startswith("the server refused the login: The response")
        assert not wrong.is_connected()


@pytest.mark.stack
def test_run_by_hand_prints_urls_and_stops_on_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.stack"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Ctrl-C"):
                break
        text = "".join(lines)
        ws = next(line for line in lines if "WebSocket" in line).split()[-1]
        assert ws.startswith("ws://127.0.0.1:") and ws.endswith("/xmpp-websocket?room=<room>")
        port = int(ws.split(":")[2].split("/")[0])
        assert _accepts(port), text
        meeting = next(line for line in lines if "meeting URL" in line).split()[-1]
        assert meeting == f"http://127.0.0.1:{port}/standup"
        assert f"jitsi-tui {meeting}" in text, "how to point the console at it"
        assert "jicofo stand-in focus.meet.jitsi (running" in text, "the focus runs too"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert not _accepts(port), "Ctrl-C must stop Prosody too"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_config_serves_and_advertises_the_moderation_components() -> None:
    text = render_config(_settings(breakout_component=True, moderation_components=True))
    vhost = text.split('VirtualHost "meet.jitsi"\n', 1)[1].split("\n\n", 1)[0]
    for kind, host in (
        ("breakout_rooms", "breakout.meet.jitsi"),
        ("lobbyrooms", "lobby.meet.jitsi"),
        ("av_moderation", "avmoderation.meet.jitsi"),
        ("end_conference", "endconference.meet.jitsi"),
    ):
        assert f'{kind} = "{host}"' in vhost
    main = text.split('Component "conference.meet.jitsi" "muc"\n', 1)[1].split("\n\n", 1)[0]
    assert '"jitsi_lobby_rooms"' in main and 'lobby_muc = "lobby.meet.jitsi"' in main
    assert 'Component "lobby.meet.jitsi" "muc"' in text
    for host, module in (
        ("avmoderation.meet.jitsi", "jitsi_av_moderation"),
        ("endconference.meet.jitsi", "jitsi_end_conference"),
    ):
        section = text.split(f'Component "{host}" "{module}"\n', 1)[1].split("\n\n", 1)[0]
        assert 'muc_component = "conference.meet.jitsi"' in section
