"""Lockdown presets: parsed from the config tables, planned as ordered, reported steps."""

from __future__ import annotations

import pytest

from tui.model.conference import Feature, Media
from tui.model.intents import MuteEveryone, SetAvModeration, SetLobby, SetPassword
from tui.model.lockdown import (
    NEEDS_METADATA,
    NOT_AVAILABLE,
    lockdown_steps,
    open_up_steps,
    parse_presets,
)

ALL = frozenset({Feature.LOBBY, Feature.AV_MODERATION})


def test_without_presets_the_default_is_lobby_and_av_moderation_for_audio_and_video() -> None:
    (preset,) = parse_presets({}).values()
    steps = lockdown_steps(preset, ALL)
    assert [s.intent for s in steps] == [
        SetLobby(True),
        SetAvModeration(Media.AUDIO, True),
        SetAvModeration(Media.VIDEO, True),
    ]


def test_a_full_preset_runs_lobby_password_moderation_mute_in_order() -> None:
    presets = parse_presets(
        {
            "big": {
                "lobby": True,
                "password_file": "pw",
                "av_moderation": ["audio", "video", "desktop"],
                "mute_everyone": True,
            }
        }
    )
    steps = lockdown_steps(presets["big"], ALL, password="s3cret")
    assert [s.label for s in steps] == [
        "lobby on",
        "password",
        "audio moderation on",
        "video moderation on",
        "desktop moderation on",
        "mute everyone",
    ]
    assert steps[1].intent == SetPassword("s3cret")
    assert steps[-1].intent == MuteEveryone(Media.AUDIO)
    assert "s3cret" not in repr(steps)


def test_open_up_switches_off_what_the_preset_switched_on_lobby_last() -> None:
    table = {"lobby": True, "password_file": "pw", "av_moderation": ["audio"]}
    preset = parse_presets({"p": table})
    steps = open_up_steps(preset["p"], ALL)
    assert [s.intent for s in steps] == [
        SetAvModeration(Media.AUDIO, False),
        SetPassword(""),
        SetLobby(False),
    ]


def test_steps_the_deployment_lacks_are_reported_not_skipped() -> None:
    (preset,) = parse_presets({}).values()
    steps = lockdown_steps(preset, frozenset())
    assert [(s.label, s.intent, s.unavailable) for s in steps] == [
        ("lobby on", None, NOT_AVAILABLE),
        ("audio moderation on", None, NOT_AVAILABLE),
        ("video moderation on", None, NOT_AVAILABLE),
    ]


def test_metadata_steps_are_named_as_not_yet_supported() -> None:
    preset = parse_presets({"p": {"chat_restricted": True, "start_muted": True}})["p"]
    steps = lockdown_steps(preset, ALL)
    assert [(s.label, s.unavailable) for s in steps] == [
        ("chat restricted", NEEDS_METADATA),
        ("start muted", NEEDS_METADATA),
    ]


def test_a_password_step_without_a_password_is_reported() -> None:
    preset = parse_presets({"p": {"password_file": "pw"}})["p"]
    (step,) = lockdown_steps(preset, ALL, password=None)
    assert step.intent is None and "password_file" in step.unavailable


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"p": {"lobby": "yes"}}, "lobby must be true or false"),
        ({"p": {"av_moderation": ["sound"]}}, "audio, video or desktop"),
        ({"p": {"av_moderation": "audio"}}, "must be a list"),
        ({"p": {"lobbby": True}}, "unknown setting 'lobbby'"),
        ({"p": {"password_file": ""}}, "password_file must be a file name"),
        ({"p": 3}, "[lockdown.p] must be a table"),
    ],
)
def test_malformed_presets_say_which_setting(table: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=None) as raised:
        parse_presets(table)
    assert message in str(raised.value)
