"""Meeting links: base URL normalisation, tenants, the #config hash (both add-in styles)."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from tui.invite.links import (
    HashValue,
    LinkError,
    hash_fragment,
    meeting_url,
    merge_hash,
    normalize_base_url,
    room_path,
    split_meeting_url,
)


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://meet.example.org", "https://meet.example.org/"),
        ("https://meet.example.org/", "https://meet.example.org/"),
        ("https://meet.example.org//", "https://meet.example.org/"),
        ("meet.example.org", "https://meet.example.org/"),
        ("HTTPS://meet.example.org:8443/tenant", "https://meet.example.org:8443/tenant/"),
        ("https://meet.example.org/tenant/?x=1#y", "https://meet.example.org/tenant/"),
    ],
)
def test_base_url_gets_exactly_one_trailing_slash(base: str, expected: str) -> None:
    assert normalize_base_url(base) == expected


def test_tenant_is_appended_as_a_path() -> None:
    assert (
        normalize_base_url("https://meet.example.org", "acme") == "https://meet.example.org/acme/"
    )
    assert normalize_base_url("https://meet.example.org/", "/acme/") == (
        "https://meet.example.org/acme/"
    )


@pytest.mark.parametrize("bad", ["", "ftp://meet.example.org/", "https:///nohost"])
def test_unusable_base_urls_are_refused(bad: str) -> None:
    with pytest.raises(LinkError):
        normalize_base_url(bad)


@pytest.mark.parametrize(
    ("url", "base", "room"),
    [
        ("https://meet.example.org/", "https://meet.example.org/", None),
        ("https://meet.example.org", "https://meet.example.org/", None),
        ("https://meet.example.org/acme/", "https://meet.example.org/acme/", None),
        ("https://meet.example.org/Standup", "https://meet.example.org/", "Standup"),
        (
            "https://meet.example.org/acme/M%C3%B6te#config.x=1",
            "https://meet.example.org/acme/",
            "Möte",
        ),
    ],
)
def test_split_meeting_url(url: str, base: str, room: str | None) -> None:
    assert split_meeting_url(url) == (base, room)


def test_diggsweden_style_keys_get_the_config_prefix() -> None:
    # jitsi-outlook __tests__/URLHelper.test.ts expects these pairs (there with a trailing "&").
    fragment = hash_fragment({"startWithAudioMuted": True, "startWithVideoMuted": True})
    assert fragment == "#config.startWithAudioMuted=true&config.startWithVideoMuted=true"


def test_forsakringskassan_style_keys_are_kept_verbatim() -> None:
    fragment = hash_fragment({"config.startSilent": True, "interfaceConfig.X": 1})
    assert fragment == "#config.startSilent=true&interfaceConfig.X=1"


def test_no_settings_no_hash() -> None:
    assert hash_fragment({}) == ""
    assert meeting_url("https://meet.example.org", "room") == "https://meet.example.org/room"


def test_strings_are_written_as_given_and_lists_as_json() -> None:
    settings: dict[str, HashValue] = {
        "toolbarButtons": "[%22desktop%22,%22hangup%22]",
        "buttons": ["desktop", "hangup"],
    }
    fragment = hash_fragment(settings)
    first, second = fragment[1:].split("&")
    assert first == "config.toolbarButtons=[%22desktop%22,%22hangup%22]"
    key, value = second.split("=")
    assert key == "config.buttons"
    # Jitsi Meet reads the value as JSON after URL-decoding it.
    assert json.loads(unquote(value)) == ["desktop", "hangup"]
    assert '"' not in value


def test_forsakringskassan_readme_screen_share_link_is_reproduced() -> None:
    # The rendered example in Forsakringskassan/jitsi-outlook README.md, "&amp;" unescaped.
    expected = (
        "https://meet.jit.si/comp_v9nkew5kn6wek8xn#config.startWithAudioMuted=true"
        "&config.startWithVideoMuted=true&config.disableInitialGUM=true"
        "&config.faceLandmarks.enableFaceCentering=false&config.disableTileEnlargement=true"
        "&config.notifications=[]"
        "&config.toolbarButtons=[%22desktop%22,%22sharedvideo%22,%22shareaudio%22,%22hangup%22]"
        "&config.startSilent=true"
    )
    config: dict[str, HashValue] = {
        "startWithAudioMuted": True,
        "startWithVideoMuted": True,
        "disableInitialGUM": True,
        "faceLandmarks.enableFaceCentering": False,
        "disableTileEnlargement": True,
        "notifications": "[]",
        "toolbarButtons": "[%22desktop%22,%22sharedvideo%22,%22shareaudio%22,%22hangup%22]",
        "startSilent": True,
    }
    assert meeting_url("https://meet.jit.si", "comp_v9nkew5kn6wek8xn", config) == expected


def test_later_layers_win_whatever_the_key_spelling() -> None:
    merged = merge_hash({"startWithAudioMuted": True}, {"config.startWithAudioMuted": False})
    assert merged == {"config.startWithAudioMuted": False}


def test_room_names_are_percent_encoded_in_the_path() -> None:
    assert room_path("Möte Q3") == "M%C3%B6te%20Q3"
    with pytest.raises(LinkError):
        room_path("a/b")
    with pytest.raises(LinkError):
        room_path("  ")
