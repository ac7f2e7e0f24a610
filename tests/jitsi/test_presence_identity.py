"""E-mail and user id from presence: what a breakout plan matches people by (PROTOCOL.md §2.5)."""

from __future__ import annotations

from xml.etree.ElementTree import fromstring

from tui.jitsi.presence import MAX_EMAIL, MAX_USER_ID, PresenceContext, parse_presence
from tui.model.conference import Participant
from tui.model.events import ParticipantPresent

ROOMJ = "standup@conference.meet.jitsi"


def person(body: str) -> Participant:
    xml = (
        f'<presence xmlns="jabber:client" from="{ROOMJ}/a1b2c3d4">'
        '<x xmlns="http://jabber.org/protocol/muc#user">'
        '<item jid="5d0e@meet.jitsi/Qp7L" role="participant" affiliation="none"/></x>'
        f'<nick xmlns="http://jabber.org/protocol/nick">Anna</nick>{body}</presence>'
    )
    event = parse_presence(fromstring(xml), PresenceContext())
    assert isinstance(event, ParticipantPresent)
    return event.participant


def test_email_and_token_user_id_are_read() -> None:
    anna = person(
        "<email>anna@example.se</email>"
        "<identity><user><id>u-42</id><name>Anna L</name><avatar>x</avatar></user>"
        "<group>teachers</group></identity>"
    )
    assert (anna.email, anna.user_id) == ("anna@example.se", "u-42")


def test_without_them_both_are_empty() -> None:
    anna = person("")
    assert (anna.email, anna.user_id) == ("", "")


def test_identity_without_a_user_or_an_id_gives_no_user_id() -> None:
    assert person("<identity><group>g</group></identity>").user_id == ""
    assert person("<identity><user><name>Anna</name></user></identity>").user_id == ""


def test_format_characters_are_dropped_and_spaces_trimmed() -> None:
    # XML cannot carry C0 controls but tab and newline; bidi overrides and zero-width
    # characters it can, and they would make a look-alike address match nothing visible.
    anna = person(
        "<email>  anna\u200b@exa\u202emple.se\n</email>"
        "<identity><user><id>\tu\u2066-4\t2 </id></user></identity>"
    )
    assert anna.email == "anna@example.se"
    assert anna.user_id == "u-42"


def test_huge_values_are_capped() -> None:
    anna = person(
        f"<email>{'a' * 100_000}@x.se</email>"
        f"<identity><user><id>{'9' * 100_000}</id></user></identity>"
    )
    assert len(anna.email) == MAX_EMAIL
    assert len(anna.user_id) == MAX_USER_ID
