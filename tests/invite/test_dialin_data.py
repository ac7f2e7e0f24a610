"""Dial-in data: both JSON shapes Jitsi Meet accepts, the PIN answer, URLs and formatting."""

from __future__ import annotations

import pytest

from tui.invite.dialin import (
    DialIn,
    DialInDataError,
    DialInNumber,
    conference_code_request_url,
    format_pin,
    info_page_url,
    numbers_request_url,
    parse_conference_code,
    parse_numbers,
)


def test_current_shape_keeps_every_field() -> None:
    numbers = parse_numbers(
        [
            {"countryCode": "SE", "tollFree": False, "formattedNumber": "+46 8 505 201 00"},
            {
                "countryCode": "US",
                "tollFree": True,
                "formattedNumber": "+1 800 555 0100",
                "default": True,
            },
        ]
    )
    assert numbers == (
        DialInNumber("+46 8 505 201 00", "SE", toll_free=False, default=False),
        DialInNumber("+1 800 555 0100", "US", toll_free=True, default=True),
    )
    assert DialIn(numbers, "1").default_number.number == "+1 800 555 0100"


def test_without_a_default_the_first_number_is_the_default() -> None:
    numbers = parse_numbers([{"formattedNumber": "+46 8 1"}, {"formattedNumber": "+1 2"}])
    assert DialIn(numbers, "1").default_number.number == "+46 8 1"


def test_deprecated_shape_first_number_of_first_country() -> None:
    numbers = parse_numbers(
        {"numbersEnabled": True, "numbers": {"US": ["+1.512.647.1431", "+1.2"], "SE": ["+46.8"]}}
    )
    assert [n.number for n in numbers] == ["+1.512.647.1431", "+1.2", "+46.8"]
    assert numbers[0].country == "US"
    assert DialIn(numbers, "1").default_number.number == "+1.512.647.1431"


def test_deprecated_shape_switched_off() -> None:
    with pytest.raises(DialInDataError, match="switched off"):
        parse_numbers({"numbersEnabled": False, "numbers": {"US": ["+1"]}})


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        "text",
        42,
        {},
        [],
        [{"countryCode": "SE"}],
        [1, "x", None],
        {"numbers": "x"},
        {"numbers": {"US": "+1"}},
        {"numbers": {}},
    ],
)
def test_garbage_numbers_are_an_error_not_a_crash(garbage: object) -> None:
    with pytest.raises(DialInDataError):
        parse_numbers(garbage)


def test_bad_entries_are_skipped_when_good_ones_remain() -> None:
    numbers = parse_numbers([{"formattedNumber": ""}, "x", {"formattedNumber": "+46 8 1"}])
    assert [n.number for n in numbers] == ["+46 8 1"]


@pytest.mark.parametrize("pin", [1518845548, "1518845548"])
def test_conference_code_number_or_string(pin: object) -> None:
    answer = {"conference": "room@conference.meet.example.org", "id": pin, "message": "ok"}
    assert parse_conference_code(answer) == "1518845548"


@pytest.mark.parametrize(
    "answer",
    [
        {"id": 1},
        {"conference": "r@m"},
        {"conference": "r@m", "id": None},
        [],
        "x",
        {"conference": "r@m", "id": True},
    ],
)
def test_conference_code_without_conference_or_id_is_an_error(answer: object) -> None:
    with pytest.raises(DialInDataError):
        parse_conference_code(answer)


def test_conference_code_error_quotes_the_service_message() -> None:
    with pytest.raises(DialInDataError, match="No conference mapping"):
        parse_conference_code({"message": "No conference mapping was found"})


def test_pin_is_shown_in_three_groups_like_jitsi() -> None:
    assert format_pin("1518845548") == "1518 8455 48"
    assert format_pin("123456789") == "123 456 789"
    assert format_pin("12") == "1 2"


def test_request_urls_carry_room_at_muc() -> None:
    assert numbers_request_url("https://api.example.org/numbers", "Q3_abc", "conference.x") == (
        "https://api.example.org/numbers?conference=q3_abc@conference.x"
    )
    assert (
        numbers_request_url("https://a/n?tenant=t", "r", "m")
        == "https://a/n?tenant=t&conference=r@m"
    )
    url = conference_code_request_url(
        "https://a/code", "caf%c3%a9", "m", "https://meet.example.org/café#config.x=1"
    )
    assert url == "https://a/code?conference=caf%c3%a9@m&url=https://meet.example.org/caf%C3%A9"


def test_info_page_lives_under_the_tenant() -> None:
    assert info_page_url("https://meet.example.org/acme/", "Q3 plan") == (
        "https://meet.example.org/acme/static/dialInInfo.html?room=Q3+plan"
    )


def test_tap_to_join_and_tel_link() -> None:
    dial_in = DialIn((DialInNumber("+1 (512) 647-1431"),), "1518845548")
    assert dial_in.tap_to_join == "+1 (512) 647-1431,,1518845548#"
    assert dial_in.tel_uri == "tel:+15126471431,,1518845548%23"
