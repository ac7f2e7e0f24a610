"""The [invite] config section: our names, the add-in's names, types, overrides, errors."""

from __future__ import annotations

import tomllib

import pytest

from tui.invite import InviteConfigError, InviteRequest, render, settings_from_document
from tui.invite.meeting_types import BUILTIN_TYPES

from .conftest import RANDOM

OURS = """
[invite]
base_url = "meet.example.org/acme"
language = "sv"
type = "team"
location = { default = "Video meeting", sv = "Videomöte" }
config = { startWithAudioMuted = true }
use_divider = true
divider_color = "#0d85c7"

[[invite.links]]
text = { default = "Screen sharing only", sv = "Endast skärmdelning" }
config = { startSilent = true, disableInitialGUM = true }
font_size = "12px"

[[invite.texts]]
font_size = "12px"
items = [
  { text = "User guide", url = "https://example.org/guide" },
  { text = { default = "Privacy", sv = "Personuppgifter" }, new_line = false },
]

[invite.types.team]
prefix = "team_"
suffix = "_t"
header = { default = "Team meeting", sv = "Teammöte" }
config = { "config.startWithVideoMuted" = true }
location = "Team room"

[invite.types.muted]
prefix = "m_"
"""

# Forsakringskassan/jitsi-outlook README "Example of advanced configuration", as TOML.
ADDIN = """
[invite]
baseUrl = "https://meet.jit.si"
locationString = { default = "Jitsi videomöte" }
fontFamily = "Segoe UI"
fontSize = "20px"
useDiv = true
divColor = "#0d85c7"

[[invite.globalAdditionalLinks]]
fontSize = "12px"
fontFamily = "Segoe UI"
fontColor = "#0d85c7"
text = { default = "Endast skärmdelning" }
[invite.globalAdditionalLinks.config]
startWithAudioMuted = true
startWithVideoMuted = true
disableInitialGUM = true
notifications = "[]"
startSilent = true

[[invite.globalAdditionalTexts]]
fontSize = "12px"

[[invite.globalAdditionalTexts.texts]]
addNewLine = true
text = { default = "Användarhandledning" }
url = { default = "https://google.com" }

[[invite.meetings]]
type = "StandardMeeting"
meetingPrefix = "comp_"
additionalConfig = { startWithAudioMuted = true, startWithVideoMuted = true }
meetingHeader = { default = "Jitsi videomöte" }
"""


def _settings(source: str):
    settings, warnings = settings_from_document(tomllib.loads(source))
    return settings, warnings


def test_no_invite_section_gives_the_addin_defaults() -> None:
    settings, warnings = settings_from_document({"server": {}})
    assert warnings == []
    assert settings.base_url == "https://meet.jit.si/"
    assert settings.font_family == "Arial"
    assert set(settings.types) == set(BUILTIN_TYPES)


def test_our_names_define_types_links_texts_and_defaults() -> None:
    settings, warnings = _settings(OURS)
    assert warnings == []
    assert settings.base_url == "https://meet.example.org/acme/"
    assert settings.language == "sv"
    assert settings.default_type == "team"
    team = settings.types["team"]
    assert (team.prefix, team.suffix) == ("team_", "_t")
    # an override of a built-in type keeps what it does not mention
    assert settings.types["muted"].prefix == "m_"
    assert settings.types["muted"].config == BUILTIN_TYPES["muted"].config


def test_type_and_settings_shape_the_rendered_invitation() -> None:
    settings, _ = _settings(OURS)
    invitation = render(InviteRequest(subject="Q3", settings=settings, random_part=RANDOM))
    room = f"team_Q3_{RANDOM}_t"
    assert invitation.room == room
    assert invitation.url == (
        f"https://meet.example.org/acme/{room}"
        "#config.startWithAudioMuted=true&config.startWithVideoMuted=true"
    )
    assert invitation.location == "Team room"
    assert "Teammöte" in invitation.html
    assert "Endast skärmdelning" in invitation.html
    assert f"{room}#config.startSilent=true&amp;config.disableInitialGUM=true" in invitation.html
    assert "Personuppgifter" in invitation.text
    assert "User guide: https://example.org/guide" in invitation.text
    assert '<hr style="color: #0d85c7; border-color: #0d85c7">' in invitation.html


def test_request_overrides_type_language_and_location_falls_back() -> None:
    settings, _ = _settings(OURS)
    invitation = render(
        InviteRequest(
            subject="Q3",
            settings=settings,
            meeting_type="standard",
            language="en",
            random_part=RANDOM,
        )
    )
    assert invitation.room == f"Q3_{RANDOM}"
    assert invitation.location == "Video meeting"
    assert "Screen sharing only" in invitation.text


def test_the_outlook_addins_own_config_works_unchanged() -> None:
    settings, warnings = _settings(ADDIN)
    assert warnings == []
    invitation = render(
        InviteRequest(
            meeting_type="StandardMeeting", settings=settings, random_part="v9nkew5kn6wek8xn"
        )
    )
    assert invitation.url == (
        "https://meet.jit.si/comp_v9nkew5kn6wek8xn"
        "#config.startWithAudioMuted=true&config.startWithVideoMuted=true"
    )
    assert invitation.location == "Jitsi videomöte"
    assert "font-family: 'Segoe UI'" in invitation.html
    assert "Jitsi videomöte</div>" in invitation.html
    assert 'href="https://google.com"' in invitation.html
    assert "color: #0d85c7" in invitation.html


def test_unknown_keys_are_warnings_not_errors() -> None:
    _, warnings = settings_from_document({"invite": {"colour": "red", "types": {"x": {"pre": 1}}}})
    assert any("'colour'" in w for w in warnings)
    assert any("'pre'" in w and "invite.types.x" in w for w in warnings)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"base_url": 3}, "base_url must be a string"),
        ({"base_url": "ftp://x/"}, "base_url"),
        ({"language": "fr"}, "language 'fr'"),
        ({"language": "fr_FR"}, "language 'fr_FR'"),
        ({"use_divider": "yes"}, "use_divider must be true or false"),
        ({"location": ["a"]}, "location must be a string or a table"),
        ({"links": {"text": "x"}}, "links must be a list"),
        ({"links": [{"config": {}}]}, "needs a text"),
        ({"config": {"x": None}}, "config.x"),
        ({"type": "nope"}, "type 'nope' is not a defined type"),
        ({"types": {"t": {"prefix": 1}}}, "prefix must be a string"),
    ],
)
def test_values_of_the_wrong_kind_are_errors_naming_the_key(
    section: dict[str, object], message: str
) -> None:
    with pytest.raises(InviteConfigError, match=message.replace("[", r"\[")):
        settings_from_document({"invite": section})


def test_locale_style_language_tags_are_accepted() -> None:
    settings, _ = settings_from_document({"invite": {"language": "sv_SE"}})
    assert settings.language == "sv"


def test_default_duration_and_time_zone_are_settings() -> None:
    from datetime import timedelta

    from tui.invite import parse_invite_table

    settings, warnings = parse_invite_table({"duration": "1h30m", "time_zone": "Europe/Oslo"})
    assert (settings.duration, settings.time_zone) == (timedelta(minutes=90), "Europe/Oslo")
    assert warnings == []
    assert parse_invite_table({"duration": 45})[0].duration == timedelta(minutes=45)
    assert parse_invite_table({})[0].duration == timedelta(hours=1)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"duration": "soon"}, r"\[invite\] duration: 'soon' is not a duration"),
        ({"duration": 0}, r"\[invite\] duration: the duration '0' is not longer than zero"),
        ({"time_zone": "Mars/Base"}, r"\[invite\] time_zone: 'Mars/Base' is not a time zone"),
    ],
)
def test_bad_duration_or_zone_is_one_clear_error(table: dict[str, object], message: str) -> None:
    from tui.invite import InviteConfigError, parse_invite_table

    with pytest.raises(InviteConfigError, match=message):
        parse_invite_table(table)
