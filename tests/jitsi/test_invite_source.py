"""What the live gateway tells the invite pane: the meeting URL, dial-in once known, the config.

The pane used to read these off the gateway's internals; now the gateway answers
:meth:`~tui.jitsi.gateway.LiveGateway.invite_source`, typed, like the simulator does.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tui.config.settings import Settings
from tui.jitsi.discovery import Deployment, parse_meeting_url
from tui.jitsi.gateway import LiveGateway
from tui.model.gateway import DialInSources, InviteSource
from tui.sim.gateway import SimulatedConference
from tui.ui.invite_target import DEMO_BASE_URL, target_for


def _deployment(**dial_in: str) -> Deployment:
    return Deployment(
        base_url="https://meet.example.org/",
        xmpp_domain="meet.example.org",
        muc_domain="conference.meet.example.org",
        websocket_url="wss://meet.example.org/xmpp-websocket",
        **dial_in,  # type: ignore[arg-type]
    )


def _gateway(**settings: object) -> LiveGateway:
    meeting = parse_meeting_url(
        "https://meet.example.org/acme/Weekly%20Sync?jwt=Qz9Xv-not-a-real-token"
    )
    return LiveGateway(meeting, replace(Settings(), **settings))  # type: ignore[arg-type]


def test_before_discovery_the_live_gateway_gives_its_url_and_no_dial_in() -> None:
    source = _gateway(config_path=Path("/etc/jt.toml")).invite_source()
    # the link the console joined (its title, with the backend room name)
    assert source == InviteSource(
        "https://meet.example.org/acme/weekly%20sync", None, Path("/etc/jt.toml")
    )
    assert "Qz9Xv" not in source.meeting_url


def test_after_discovery_it_gives_the_deployments_dial_in_services() -> None:
    gateway = _gateway()
    gateway.deployment = _deployment(
        dial_in_numbers_url="https://x.example/numbers",
        dial_in_conf_code_url="https://x.example/code",
    )
    assert gateway.invite_source().dial_in == DialInSources(
        "https://x.example/numbers", "https://x.example/code", "conference.meet.example.org"
    )
    target = target_for(gateway, gateway.initial())
    assert (target.base_url, target.room, target.demo) == (
        "https://meet.example.org/acme/",
        "weekly sync",
        False,
    )
    assert target.dial_in == gateway.invite_source().dial_in


def test_insecure_turns_tls_checks_off_for_dial_in_too() -> None:
    gateway = _gateway()
    gateway.settings = replace(
        gateway.settings, server=replace(gateway.settings.server, insecure=True)
    )
    gateway.deployment = _deployment(
        dial_in_numbers_url="https://x.example/n", dial_in_conf_code_url="https://x.example/c"
    )
    dial_in = gateway.invite_source().dial_in
    assert dial_in is not None and not dial_in.verify_tls


def test_a_deployment_without_dial_in_gives_none() -> None:
    gateway = _gateway()
    gateway.deployment = _deployment(dial_in_numbers_url="https://x.example/numbers")
    assert gateway.invite_source().dial_in is None


def test_the_simulator_has_no_link_and_the_pane_makes_up_a_demo_one() -> None:
    sim = SimulatedConference(3, seed=1, activity=False)
    assert sim.invite_source() == InviteSource()
    target = target_for(sim, sim.initial())
    assert target.demo and target.base_url == DEMO_BASE_URL and target.room == "demo"
